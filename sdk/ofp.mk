# sdk/ofp.mk: the version-independent OpenFlow 1.0/1.3 layer of libofm:
# buffers, error codes, matches, actions and instructions, messages.
sdk_libofm_la_SOURCES += \
	sdk/lib/util/buf.c \
	sdk/lib/ofp/err.c \
	sdk/lib/ofp/match.c \
	sdk/lib/ofp/action.c \
	sdk/lib/ofp/msg.c sdk/lib/ofp/hotpath.h \
	sdk/lib/ofp/async.c \
	sdk/lib/ofp/stats.c
ofminclude_HEADERS += \
	sdk/include/ofm/match.h \
	sdk/include/ofm/action.h \
	sdk/include/ofm/msg.h

if HAVE_CUNIT
check_PROGRAMS += \
	tests/unit/test-buf \
	tests/unit/test-match \
	tests/unit/test-action \
	tests/unit/test-msg
TESTS += \
	tests/unit/test-buf \
	tests/unit/test-match \
	tests/unit/test-action \
	tests/unit/test-msg

tests_unit_test_buf_SOURCES = tests/unit/test-buf.c
tests_unit_test_buf_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_buf_LDADD = $(TEST_UTIL) sdk/libofm.la $(CUNIT_LIBS)

tests_unit_test_match_SOURCES = tests/unit/test-match.c
tests_unit_test_match_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_match_LDADD = $(TEST_UTIL) sdk/libofm.la $(CUNIT_LIBS)

tests_unit_test_action_SOURCES = tests/unit/test-action.c
tests_unit_test_action_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_action_LDADD = $(TEST_UTIL) sdk/libofm.la $(CUNIT_LIBS)

# test-msg reads the corpus ($OFM_CORPUS_DIR, set in tests/automake.mk)
# and Ryu's JSON beside each message.
tests_unit_test_msg_SOURCES = tests/unit/test-msg.c
tests_unit_test_msg_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS) $(JANSSON_CFLAGS)
tests_unit_test_msg_LDADD = $(TEST_UTIL) sdk/libofm.la $(CUNIT_LIBS) $(JANSSON_LIBS)
endif
