# plugins/stp/stp.mk: spanning tree: the stplib context (stplib.so), the
# switching hub on it (switch_stp.so), the SDK header, the unit test of the
# protocol and the integration test on a ring of Open vSwitch bridges.
ofminclude_HEADERS += sdk/include/ofm/stp.h

pkglib_LTLIBRARIES += plugins/stplib.la
plugins_stplib_la_SOURCES = \
	plugins/stp/stplib.c \
	plugins/stp/stp-state.c \
	plugins/stp/stp-state.h
plugins_stplib_la_LDFLAGS = $(AM_LDFLAGS) $(PLUGIN_LDFLAGS)
plugins_stplib_la_LIBADD = sdk/libofm.la

pkglib_LTLIBRARIES += plugins/switch_stp.la
plugins_switch_stp_la_SOURCES = plugins/stp/switch_stp.c plugins/hub.c plugins/hub.h
plugins_switch_stp_la_LDFLAGS = $(AM_LDFLAGS) $(PLUGIN_LDFLAGS)
plugins_switch_stp_la_LIBADD = sdk/libofm.la

# The 802.1D procedures with crafted BPDUs, without a switch.
if HAVE_CUNIT
check_PROGRAMS += tests/unit/test-stp
TESTS += tests/unit/test-stp
tests_unit_test_stp_SOURCES = \
	tests/unit/test-stp.c \
	plugins/stp/stp-state.c \
	plugins/stp/stp-state.h
tests_unit_test_stp_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS) -I$(srcdir)/plugins/stp
tests_unit_test_stp_LDADD = $(TEST_UTIL) sdk/libofm.la $(CUNIT_LIBS)
endif

# The seed's ring of three bridges against real Open vSwitch.
TESTS += tests/ovs/stp.sh
EXTRA_DIST += tests/ovs/stp.sh

dist_ofmconf_DATA += conf/stp.yaml
dist_man_MANS += man/ofm-stp.8
EXTRA_DIST += tests/fuzz/fuzz-stp.c
