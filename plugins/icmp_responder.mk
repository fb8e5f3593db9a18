# plugins/icmp_responder.mk: the ping responder of the Ryu book's packet
# library chapter (icmp_responder.so), its unit test, its integration test
# against Open vSwitch, its example configuration and its manual.
pkglib_LTLIBRARIES += plugins/icmp_responder.la
plugins_icmp_responder_la_SOURCES = \
	plugins/icmp_responder.c \
	plugins/icmp-reply.c \
	plugins/icmp-reply.h
plugins_icmp_responder_la_LDFLAGS = $(AM_LDFLAGS) $(PLUGIN_LDFLAGS)
plugins_icmp_responder_la_LIBADD = sdk/libofm.la

# The replies and the YAML section, without a switch: crafted requests to
# byte-exact replies, and everything that must get none.
if HAVE_CUNIT
check_PROGRAMS += tests/unit/test-icmp-responder
TESTS += tests/unit/test-icmp-responder
tests_unit_test_icmp_responder_SOURCES = \
	tests/unit/test-icmp-responder.c \
	plugins/icmp-reply.c \
	plugins/icmp-reply.h
tests_unit_test_icmp_responder_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_icmp_responder_LDADD = $(TEST_UTIL) sdk/libofm.la $(CUNIT_LIBS)
endif

# ping and arping through a real Open vSwitch (root only; 77 otherwise).
TESTS += tests/ovs/icmp.sh
EXTRA_DIST += tests/ovs/icmp.sh

dist_ofmconf_DATA += conf/icmp_responder.yaml
dist_man_MANS += man/ofm-icmp-responder.8
