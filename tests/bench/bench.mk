# tests/bench/bench.mk: "make bench" and "make bench-profile" (not part of
# "make check"; tests/ofbench.sh is the quick check of the same runs), and
# the unit test of the connection I/O the benchmark relies on.  Included from
# plugins/cbench.mk.

# make bench: ofmanager (cbench.so, switch.so), os-ken, ovs-testcontroller
# and the canned responder side by side; writes tests/bench/RESULTS.md.
# BENCH_* variables tune it (see tests/bench/bench.sh).
bench: all
	BENCH_BUILDDIR='$(abs_top_builddir)' BENCH_SRCDIR='$(abs_top_srcdir)' \
	    bash '$(abs_top_srcdir)/tests/bench/bench.sh'
	$(MAKE) $(AM_MAKEFLAGS) bench-tls

# make bench-tls: TLS handshakes per second, and BENCH_TLS_N (1000) TLS
# switches at once (memory per switch); also run by "make bench".
bench-tls: all
	BENCH_BUILDDIR='$(abs_top_builddir)' BENCH_SRCDIR='$(abs_top_srcdir)' \
	    bash '$(abs_top_srcdir)/tests/bench/tls-bench.sh'

# make bench-profile: instructions and heap allocations per PACKET_IN in
# ofmanager's steady state, under callgrind.
bench-profile: all
	BENCH_BUILDDIR='$(abs_top_builddir)' BENCH_SRCDIR='$(abs_top_srcdir)' \
	    bash '$(abs_top_srcdir)/tests/bench/profile.sh'

.PHONY: bench bench-profile bench-tls

EXTRA_DIST += \
	tests/bench/bench.sh \
	tests/bench/tls-bench.sh \
	tests/bench/tls_switches.py \
	tests/bench/profile.sh \
	tests/bench/osken_cbench.py \
	tests/bench/osken_switch.py \
	tests/bench/RESULTS.md \
	tests/bench/RESULTS-tls.md \
	tests/bench/RESULTS-rest.md

# One send per read, split reads, backpressure.
if HAVE_CUNIT
check_PROGRAMS += tests/unit/test-ofconn-io
TESTS += tests/unit/test-ofconn-io
tests_unit_test_ofconn_io_SOURCES = tests/unit/test-ofconn-io.c
tests_unit_test_ofconn_io_CFLAGS = $(MANAGER_TEST_CFLAGS)
tests_unit_test_ofconn_io_LDADD = $(MANAGER_TEST_LDADD)
endif

# The byte stream layer alone: framing, the queue bound, backpressure.
if HAVE_CUNIT
check_PROGRAMS += tests/unit/test-stream
TESTS += tests/unit/test-stream
tests_unit_test_stream_SOURCES = tests/unit/test-stream.c
tests_unit_test_stream_CFLAGS = $(MANAGER_TEST_CFLAGS)
tests_unit_test_stream_LDADD = $(MANAGER_TEST_LDADD)
endif
