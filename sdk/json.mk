# sdk/json.mk: owned by the json part; adds to sdk_libofm_la_SOURCES, ofminclude_HEADERS, check_PROGRAMS, TESTS.
