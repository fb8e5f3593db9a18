# The SDK's runtime helpers: logging, configuration, the MAC learning table.
sdk_libofm_la_SOURCES += sdk/lib/util/log.c sdk/lib/util/conf.c sdk/lib/util/mactable.c
ofminclude_HEADERS += sdk/include/ofm/mactable.h

if HAVE_CUNIT
check_PROGRAMS += tests/unit/test-conf
TESTS += tests/unit/test-conf
tests_unit_test_conf_SOURCES = tests/unit/test-conf.c
tests_unit_test_conf_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_conf_LDADD = $(TEST_UTIL) sdk/libofm.la $(CUNIT_LIBS)
endif
