# plugins/ofctl_rest/ofctl_rest.mk: Ryu's ofctl_rest: the REST <-> Ryu-JSON
# conversion with its unit test, and the plugin on the wsgi context.
# The REST <-> Ryu-JSON conversion, shared by the plugin and its tests.
OFCTL_CONV_SOURCES = \
	plugins/ofctl_rest/ofctl-conv.c \
	plugins/ofctl_rest/ofctl-mod.c \
	plugins/ofctl_rest/ofctl-stats.c \
	plugins/ofctl_rest/ofctl-conv14.c \
	plugins/ofctl_rest/ofctl-conv.h
if HAVE_CUNIT
check_PROGRAMS += tests/unit/test-ofctl-conv
TESTS += tests/unit/test-ofctl-conv
tests_unit_test_ofctl_conv_SOURCES = \
	tests/unit/test-ofctl-conv.c \
	$(OFCTL_CONV_SOURCES)
tests_unit_test_ofctl_conv_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS) $(JANSSON_CFLAGS)
tests_unit_test_ofctl_conv_LDADD = $(TEST_UTIL) sdk/libofm.la $(CUNIT_LIBS) $(JANSSON_LIBS)
# The 1.4/1.5 port mod and 1.5 group mod bodies (ofctl-mod.c), to bytes.
check_PROGRAMS += tests/unit/test-ofctl-mod14
TESTS += tests/unit/test-ofctl-mod14
tests_unit_test_ofctl_mod14_SOURCES = \
	tests/unit/test-ofctl-mod14.c \
	$(OFCTL_CONV_SOURCES)
tests_unit_test_ofctl_mod14_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS) $(JANSSON_CFLAGS)
tests_unit_test_ofctl_mod14_LDADD = $(TEST_UTIL) sdk/libofm.la $(CUNIT_LIBS) $(JANSSON_LIBS)
endif

# The plugin on the wsgi context (first part: switches, flow stats, flow
# entries).
pkglib_LTLIBRARIES += plugins/ofctl_rest.la
plugins_ofctl_rest_la_SOURCES = \
	plugins/ofctl_rest/ofctl_rest.c \
	$(OFCTL_CONV_SOURCES)
plugins_ofctl_rest_la_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
plugins_ofctl_rest_la_LDFLAGS = $(AM_LDFLAGS) $(PLUGIN_LDFLAGS)
plugins_ofctl_rest_la_LIBADD = sdk/libofm.la $(JANSSON_LIBS)

# Against a real Open vSwitch, OpenFlow 1.3 and 1.0 (root only; 77 otherwise).
TESTS += tests/ovs/ofctl_rest.sh
EXTRA_DIST += tests/ovs/ofctl_rest.sh
# The same on OpenFlow 1.2, 1.4 and 1.5 bridges.
TESTS += tests/ovs/ofctl_rest14.sh
EXTRA_DIST += tests/ovs/ofctl_rest14.sh

dist_man_MANS += man/ofm-ofctl-rest.8

# make bench-rest (also run by make bench): ofctl_rest.so under wrk, 64
# keep-alive connections, against a real Open vSwitch bridge.
bench-rest: all
	BENCH_BUILDDIR='$(abs_top_builddir)' BENCH_SRCDIR='$(abs_top_srcdir)' \
	    bash '$(abs_top_srcdir)/tests/bench/rest-bench.sh'
bench: bench-rest
# make bench-rest-profile: the cost per request of the same three calls
# (syscalls under strace, instructions and allocations under callgrind,
# perf samples); BENCH_PROFILE_MODES picks them (tests/bench/rest-profile.sh).
bench-rest-profile: all
	BENCH_BUILDDIR='$(abs_top_builddir)' BENCH_SRCDIR='$(abs_top_srcdir)' \
	    bash '$(abs_top_srcdir)/tests/bench/rest-profile.sh'
.PHONY: bench-rest bench-rest-profile
EXTRA_DIST += tests/bench/rest-bench.sh tests/bench/rest-post.lua \
	tests/bench/osken_ofctl_rest.py tests/bench/rest-profile.sh
EXTRA_DIST += tests/fuzz/fuzz-ofctl-rest.c
EXTRA_DIST += tests/unit/ofctl-expect.py
