# sdk/packet.mk: the packet library (ofm/packet.h, ofm/addr.h): frames
# parsed into protocol headers and built back, text and JSON forms.
PACKET_LIB_SOURCES = \
	sdk/lib/packet/addr.c \
	sdk/lib/packet/app.c \
	sdk/lib/packet/eth.c \
	sdk/lib/packet/icmp.c \
	sdk/lib/packet/ip.c \
	sdk/lib/packet/packet.c \
	sdk/lib/packet/pv.c \
	sdk/lib/packet/transport.c
sdk_libofm_la_SOURCES += $(PACKET_LIB_SOURCES) sdk/lib/packet/packet-private.h
ofminclude_HEADERS += sdk/include/ofm/addr.h sdk/include/ofm/packet.h

# Unit tests (byte vectors, round trips, checksums, every truncation).
if HAVE_CUNIT
check_PROGRAMS += tests/unit/test-packet
TESTS += tests/unit/test-packet
tests_unit_test_packet_SOURCES = tests/unit/test-packet.c tests/unit/test-packet-vectors.h
tests_unit_test_packet_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS) $(JANSSON_CFLAGS)
tests_unit_test_packet_LDADD = sdk/libofm.la $(CUNIT_LIBS) $(JANSSON_LIBS)
endif

# Cross-checks against os-ken (python3-os-ken) and tshark (tshark,
# python3-scapy), run through ofdump --frame/--build (sdk/tools/tools.mk).
# They skip (exit 77) when those are not installed.
TESTS += tests/packet/crosscheck.sh tests/packet/tshark-check.sh
EXTRA_DIST += \
	tests/packet/crosscheck.sh \
	tests/packet/crosscheck.py \
	tests/packet/tshark-check.sh \
	tests/packet/tshark_check.py \
	tests/packet/ofdump_tool.py \
	tests/packet/gen_vectors.py \
	tests/fuzz/fuzz-packet.c \
	tests/fuzz/corpus-packet

# libFuzzer target, not built by default: 'make fuzz-packet' builds it with
# clang and runs it for FUZZ_SECONDS on a copy of the seed corpus.
FUZZ_CC = clang
FUZZ_SECONDS = 60
FUZZ_CFLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
tests/fuzz/fuzz-packet$(EXEEXT): $(srcdir)/tests/fuzz/fuzz-packet.c \
		$(PACKET_LIB_SOURCES:%=$(srcdir)/%) $(srcdir)/sdk/lib/util/buf.c
	@$(MKDIR_P) tests/fuzz
	$(FUZZ_CC) $(FUZZ_CFLAGS) -I$(top_builddir) -I$(srcdir)/sdk/include \
		-I$(srcdir)/sdk/lib/packet $(JANSSON_CFLAGS) -o $@ \
		$(srcdir)/tests/fuzz/fuzz-packet.c $(PACKET_LIB_SOURCES:%=$(srcdir)/%) \
		$(srcdir)/sdk/lib/util/buf.c $(JANSSON_LIBS) -lm
fuzz-packet: tests/fuzz/fuzz-packet$(EXEEXT)
	rm -rf tests/fuzz/corpus-packet.run
	$(MKDIR_P) tests/fuzz/corpus-packet.run
	cp $(srcdir)/tests/fuzz/corpus-packet/* tests/fuzz/corpus-packet.run/
	tests/fuzz/fuzz-packet$(EXEEXT) -max_total_time=$(FUZZ_SECONDS) \
		-print_final_stats=1 tests/fuzz/corpus-packet.run
.PHONY: fuzz-packet
CLEANFILES += tests/fuzz/fuzz-packet$(EXEEXT)
clean-local: clean-fuzz-packet
clean-fuzz-packet:
	rm -rf tests/fuzz/corpus-packet.run
.PHONY: clean-fuzz-packet
