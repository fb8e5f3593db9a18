# plugins/lacp.mk: link aggregation: the lacplib context (lacplib.so), the
# switching hub that uses it (switch_lacp.so), the SDK header, their unit
# test and the integration test against Open vSwitch.
ofminclude_HEADERS += sdk/include/ofm/lacp.h

# The provider: its file name is the context's name, as the loader finds
# contexts by name.
pkglib_LTLIBRARIES += plugins/lacplib.la
plugins_lacplib_la_SOURCES = \
	plugins/lacplib.c \
	plugins/lacp-state.c \
	plugins/lacp-state.h
plugins_lacplib_la_LDFLAGS = $(AM_LDFLAGS) $(PLUGIN_LDFLAGS)
plugins_lacplib_la_LIBADD = sdk/libofm.la

pkglib_LTLIBRARIES += plugins/switch_lacp.la
plugins_switch_lacp_la_SOURCES = plugins/switch_lacp.c plugins/hub.c plugins/hub.h
plugins_switch_lacp_la_LDFLAGS = $(AM_LDFLAGS) $(PLUGIN_LDFLAGS)
plugins_switch_lacp_la_LIBADD = sdk/libofm.la

# The LACP state handling with crafted LACPDUs, without a switch.
if HAVE_CUNIT
check_PROGRAMS += tests/unit/test-lacp
TESTS += tests/unit/test-lacp
tests_unit_test_lacp_SOURCES = \
	tests/unit/test-lacp.c \
	plugins/lacp-state.c \
	plugins/lacp-state.h
tests_unit_test_lacp_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_lacp_LDADD = $(TEST_UTIL) sdk/libofm.la $(CUNIT_LIBS)
endif

# The seed's run against a real Open vSwitch (root only; 77 otherwise).
TESTS += tests/ovs/lacp.sh
EXTRA_DIST += tests/ovs/lacp.sh

dist_ofmconf_DATA += conf/lacp.yaml
dist_man_MANS += man/ofm-lacp.8
