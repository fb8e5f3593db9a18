# sdk/tools/tools.mk: command-line tools (ofdump, ofbench).

# ofdump
# ofdump: OpenFlow messages (streams or pcap captures) to JSON or text, and
# JSON back to messages; Ethernet frames to Ryu's packet JSON or text
# (--frame) and back (--build), which tests/packet/*.sh check against
# os-ken and tshark.
bin_PROGRAMS += sdk/tools/ofdump
sdk_tools_ofdump_SOURCES = sdk/tools/ofdump.c
sdk_tools_ofdump_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
sdk_tools_ofdump_CFLAGS += $(PCAP_CFLAGS)
sdk_tools_ofdump_LDADD = sdk/libofm.la $(JANSSON_LIBS) $(PCAP_LIBS)
# Its test writes pcap captures with a small helper.
check_PROGRAMS += tests/ofdump-pcap
tests_ofdump_pcap_SOURCES = tests/ofdump-pcap.c
TESTS += tests/ofdump.sh
EXTRA_DIST += tests/ofdump.sh tests/ofctl-capture.py
# end ofdump

# ofbench
# ofbench: the OpenFlow controller benchmark (man/ofbench.1), and canned,
# the minimal canned-reply responder it is measured against.
bin_PROGRAMS += sdk/tools/ofbench
sdk_tools_ofbench_SOURCES = sdk/tools/ofbench.c sdk/tools/ofbench-switch.c \
	sdk/tools/ofbench-check.c sdk/tools/ofbench.h
sdk_tools_ofbench_LDADD = manager/stream/libstream.la sdk/libofm.la $(EV_LIBS) -lpthread -lm
noinst_PROGRAMS += tests/bench/canned
tests_bench_canned_SOURCES = tests/bench/canned.c
tests_bench_canned_LDADD = manager/stream/libstream.la sdk/libofm.la $(EV_LIBS)
TESTS += tests/ofbench.sh
EXTRA_DIST += tests/ofbench.sh
# The checks of controller messages, against the corpus and hand-made cases.
if HAVE_CUNIT
check_PROGRAMS += tests/unit/test-ofbench-check
TESTS += tests/unit/test-ofbench-check
tests_unit_test_ofbench_check_SOURCES = tests/unit/test-ofbench-check.c \
	sdk/tools/ofbench-check.c
tests_unit_test_ofbench_check_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/sdk/tools
tests_unit_test_ofbench_check_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_ofbench_check_LDADD = $(CUNIT_LIBS)
endif
# end ofbench
