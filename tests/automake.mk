# Tests: CUnit programs (tests/unit), test plugins loaded by the real
# loader (tests/plugins), and integration tests against a real Open vSwitch
# (tests/ovs).
OFM_CORPUS_DIR = $(abs_top_srcdir)/tests/corpus/openflow
AM_TESTS_ENVIRONMENT = \
	OFM_CORPUS_DIR='$(OFM_CORPUS_DIR)'; export OFM_CORPUS_DIR; \
	abs_top_builddir='$(abs_top_builddir)'; export abs_top_builddir; \
	abs_top_srcdir='$(abs_top_srcdir)'; export abs_top_srcdir; \
	OFM_TEST_PLUGINDIR='$(abs_top_builddir)/tests/plugins/.libs'; export OFM_TEST_PLUGINDIR; \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0; export ASAN_OPTIONS; \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1; export UBSAN_OPTIONS;

if HAVE_CUNIT
check_LTLIBRARIES += tests/unit/libtestutil.la
tests_unit_libtestutil_la_SOURCES = tests/unit/test-util.c tests/unit/test-util.h
tests_unit_libtestutil_la_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
endif

# Test plugins: one source, built into several descriptors.  A provider's
# file is named after its context, as the loader looks contexts up by name.
TEST_PLUGIN_LDFLAGS = -module -avoid-version -shared -rpath $(abs_builddir)/tests/plugins
check_LTLIBRARIES += \
	tests/plugins/good.la \
	tests/plugins/ctx_a.la \
	tests/plugins/user_a.la \
	tests/plugins/c1.la \
	tests/plugins/c2.la \
	tests/plugins/needs_missing.la \
	tests/plugins/fail_init.la \
	tests/plugins/abi_major.la \
	tests/plugins/abi_minor.la \
	tests/plugins/nosym.la \
	tests/plugins/dup_name.la \
	tests/plugins/user_of_failing.la \
	tests/plugins/failing_ctx.la \
	tests/plugins/only13.la \
	tests/plugins/asyncev.la
tests_plugins_asyncev_la_SOURCES = tests/plugins/asyncev.c
tests_plugins_asyncev_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_only13_la_SOURCES = tests/plugins/testplug.c
tests_plugins_only13_la_CPPFLAGS = $(AM_CPPFLAGS) -DTP_ONLY13
tests_plugins_only13_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_good_la_SOURCES = tests/plugins/testplug.c
tests_plugins_good_la_CPPFLAGS = $(AM_CPPFLAGS) -DTP_GOOD
tests_plugins_good_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_ctx_a_la_SOURCES = tests/plugins/testplug.c
tests_plugins_ctx_a_la_CPPFLAGS = $(AM_CPPFLAGS) -DTP_PROVIDER_A
tests_plugins_ctx_a_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_user_a_la_SOURCES = tests/plugins/testplug.c
tests_plugins_user_a_la_CPPFLAGS = $(AM_CPPFLAGS) -DTP_USER_A
tests_plugins_user_a_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_c1_la_SOURCES = tests/plugins/testplug.c
tests_plugins_c1_la_CPPFLAGS = $(AM_CPPFLAGS) -DTP_CYC1
tests_plugins_c1_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_c2_la_SOURCES = tests/plugins/testplug.c
tests_plugins_c2_la_CPPFLAGS = $(AM_CPPFLAGS) -DTP_CYC2
tests_plugins_c2_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_needs_missing_la_SOURCES = tests/plugins/testplug.c
tests_plugins_needs_missing_la_CPPFLAGS = $(AM_CPPFLAGS) -DTP_NEEDS_MISSING
tests_plugins_needs_missing_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_fail_init_la_SOURCES = tests/plugins/testplug.c
tests_plugins_fail_init_la_CPPFLAGS = $(AM_CPPFLAGS) -DTP_FAIL_INIT
tests_plugins_fail_init_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_abi_major_la_SOURCES = tests/plugins/testplug.c
tests_plugins_abi_major_la_CPPFLAGS = $(AM_CPPFLAGS) -DTP_ABI_MAJOR
tests_plugins_abi_major_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_abi_minor_la_SOURCES = tests/plugins/testplug.c
tests_plugins_abi_minor_la_CPPFLAGS = $(AM_CPPFLAGS) -DTP_ABI_MINOR
tests_plugins_abi_minor_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_nosym_la_SOURCES = tests/plugins/testplug.c
tests_plugins_nosym_la_CPPFLAGS = $(AM_CPPFLAGS) -DTP_NOSYM
tests_plugins_nosym_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_dup_name_la_SOURCES = tests/plugins/testplug.c
tests_plugins_dup_name_la_CPPFLAGS = $(AM_CPPFLAGS) -DTP_DUP_NAME
tests_plugins_dup_name_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_user_of_failing_la_SOURCES = tests/plugins/testplug.c
tests_plugins_user_of_failing_la_CPPFLAGS = $(AM_CPPFLAGS) -DTP_USER_OF_FAILING
tests_plugins_user_of_failing_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)
tests_plugins_failing_ctx_la_SOURCES = tests/plugins/testplug.c
tests_plugins_failing_ctx_la_CPPFLAGS = $(AM_CPPFLAGS) -DTP_FAILING_PROVIDER
tests_plugins_failing_ctx_la_LDFLAGS = $(TEST_PLUGIN_LDFLAGS)

# Manager unit tests link the manager's modules and export them to the
# test plugins, as the daemon does.
MANAGER_TEST_LDADD = $(TEST_UTIL) manager/libmanager.la sdk/libofm.la $(EV_LIBS) $(SSL_LIBS) \
	$(CUNIT_LIBS)
MANAGER_TEST_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)

if HAVE_CUNIT
check_PROGRAMS += tests/unit/test-loader tests/unit/test-dispatch \
	tests/unit/test-ofconn tests/unit/test-mactable tests/unit/test-senders
TESTS += tests/unit/test-loader tests/unit/test-dispatch \
	tests/unit/test-ofconn tests/unit/test-mactable tests/unit/test-senders
tests_unit_test_loader_SOURCES = tests/unit/test-loader.c
tests_unit_test_loader_CFLAGS = $(MANAGER_TEST_CFLAGS)
tests_unit_test_loader_LDADD = $(MANAGER_TEST_LDADD)
tests_unit_test_loader_LDFLAGS = $(AM_LDFLAGS) -export-dynamic
tests_unit_test_dispatch_SOURCES = tests/unit/test-dispatch.c
tests_unit_test_dispatch_CFLAGS = $(MANAGER_TEST_CFLAGS)
tests_unit_test_dispatch_LDADD = $(MANAGER_TEST_LDADD)
tests_unit_test_ofconn_SOURCES = tests/unit/test-ofconn.c \
	tests/unit/test-sw.c tests/unit/test-sw.h
tests_unit_test_ofconn_CFLAGS = $(MANAGER_TEST_CFLAGS)
tests_unit_test_ofconn_LDADD = $(MANAGER_TEST_LDADD)
tests_unit_test_senders_SOURCES = tests/unit/test-senders.c \
	tests/unit/test-sw.c tests/unit/test-sw.h
tests_unit_test_senders_CFLAGS = $(MANAGER_TEST_CFLAGS)
tests_unit_test_senders_LDADD = $(MANAGER_TEST_LDADD)
tests_unit_test_mactable_SOURCES = tests/unit/test-mactable.c
tests_unit_test_mactable_CFLAGS = $(MANAGER_TEST_CFLAGS)
tests_unit_test_mactable_LDADD = $(TEST_UTIL) sdk/libofm.la $(CUNIT_LIBS)
endif

# The command line and the YAML file, through the real binary.
TESTS += tests/cli.sh
EXTRA_DIST += tests/cli.sh

# Fake OpenFlow switches (Python standard library) against the real
# daemon: malformed input, keepalive, handshake deadline, resource bounds.
TESTS += tests/fakeswitch.py
EXTRA_DIST += tests/fakeswitch.py

# Against a real Open vSwitch (needs root; skipped with 77 elsewhere, never
# in CI).
TESTS += tests/ovs/selftest.sh tests/ovs/switch.sh
EXTRA_DIST += tests/ovs/ovs-lib.sh tests/ovs/ofm-test.sh tests/ovs/switch.sh \
	tests/ovs/selftest.sh
EXTRA_DIST += tests/sdk/oot.sh tests/sdk/hello-run.sh tests/sdk/hello.c
# The Debian packaging and its test (run by tests/check.sh).
EXTRA_DIST += tests/deb.sh debian
EXTRA_DIST += tests/corpus

# TLS (mutual authentication, refusals) and active connections against
# Open vSwitch.
TESTS += tests/ovs/tls.sh tests/ovs/active.sh
# Negotiation of every version and the apps on OpenFlow 1.2, 1.4 and 1.5.
TESTS += tests/ovs/ofversions.sh
EXTRA_DIST += tests/ovs/ofversions.sh
# The asynchronous messages of 1.4 and 1.5 (role status, table status,
# request forward) from Open vSwitch as events (tests/plugins/asyncev.so).
TESTS += tests/ovs/async.sh
EXTRA_DIST += tests/ovs/async.sh
EXTRA_DIST += tests/ovs/tls.sh tests/ovs/active.sh tests/ovs/tls-certs.sh
