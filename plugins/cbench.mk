# plugins/cbench.mk: the cbench benchmark plugin (cbench.so, one FLOW_MOD
# per PACKET_IN, as Ryu's cbench application), its manual page, and
# "make bench" (tests/bench/bench.mk).
pkglib_LTLIBRARIES += plugins/cbench.la
plugins_cbench_la_SOURCES = plugins/cbench.c
plugins_cbench_la_LDFLAGS = $(AM_LDFLAGS) $(PLUGIN_LDFLAGS)
plugins_cbench_la_LIBADD = sdk/libofm.la
dist_man_MANS += man/ofm-cbench.8

include tests/bench/bench.mk
