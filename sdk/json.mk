# sdk/json.mk: the OpenFlow 1.0/1.2-1.5 <-> JSON codec of libofm (ofm/json.h),
# Ryu's to_jsondict() form, and its tests.
sdk_libofm_la_SOURCES += \
	sdk/lib/json/ofp-json-private.h \
	sdk/lib/json/ofp-json-util.c \
	sdk/lib/json/ofp-json-core.c \
	sdk/lib/json/ofp-json-oxm.c \
	sdk/lib/json/ofp-json-action.c \
	sdk/lib/json/ofp-json-nx.c \
	sdk/lib/json/ofp-json-msg.c \
	sdk/lib/json/ofp-json-msg14.c \
	sdk/lib/json/ofp-json-text.c
ofminclude_HEADERS += sdk/include/ofm/json.h

# Reads the corpus ($OFM_CORPUS_DIR, set in tests/automake.mk): every
# message both ways, every truncation, malformed and unknown elements.
if HAVE_CUNIT
check_PROGRAMS += tests/unit/test-ofp-json
TESTS += tests/unit/test-ofp-json
tests_unit_test_ofp_json_SOURCES = tests/unit/test-ofp-json.c
tests_unit_test_ofp_json_CFLAGS = \
	$(AM_CFLAGS) $(CUNIT_CFLAGS) $(JANSSON_CFLAGS)
tests_unit_test_ofp_json_LDADD = $(TEST_UTIL) sdk/libofm.la $(CUNIT_LIBS) $(JANSSON_LIBS)

# 1.4/1.5 asynchronous message decoders, names per version, unknown
# properties, the stat trigger (wire codec and JSON).
check_PROGRAMS += tests/unit/test-async
TESTS += tests/unit/test-async
tests_unit_test_async_SOURCES = tests/unit/test-async.c
tests_unit_test_async_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS) $(JANSSON_CFLAGS)
tests_unit_test_async_LDADD = $(TEST_UTIL) sdk/libofm.la $(CUNIT_LIBS) $(JANSSON_LIBS)
endif

# libFuzzer targets for the decoder and the encoder, built and run by
# tests/fuzz/run-fuzz.sh TARGET SECONDS (needs clang; not part of make
# check).
EXTRA_DIST += \
	tests/fuzz/fuzz-ofp.c \
	tests/fuzz/fuzz-ofp-json.c \
	tests/fuzz/run-fuzz.sh
