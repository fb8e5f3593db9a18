# plugins/monitor.mk: the traffic monitor plugin (monitor.so), its unit
# test and its integration test against Open vSwitch.
pkglib_LTLIBRARIES += plugins/monitor.la
plugins_monitor_la_SOURCES = \
	plugins/monitor.c \
	plugins/monitor-format.c \
	plugins/monitor-format.h
plugins_monitor_la_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
plugins_monitor_la_LDFLAGS = $(AM_LDFLAGS) $(PLUGIN_LDFLAGS)
plugins_monitor_la_LIBADD = sdk/libofm.la $(JANSSON_LIBS)

# The tables, parsing and JSON, without a switch.
if HAVE_CUNIT
check_PROGRAMS += tests/unit/test-monitor
TESTS += tests/unit/test-monitor
tests_unit_test_monitor_SOURCES = \
	tests/unit/test-monitor.c \
	plugins/monitor-format.c \
	plugins/monitor-format.h
tests_unit_test_monitor_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS) $(JANSSON_CFLAGS)
tests_unit_test_monitor_LDADD = $(TEST_UTIL) sdk/libofm.la $(CUNIT_LIBS) $(JANSSON_LIBS)
endif

# The seed's run against a real Open vSwitch (root only; 77 otherwise).
TESTS += tests/ovs/monitor.sh
EXTRA_DIST += tests/ovs/monitor.sh
