# sdk/packet.mk: owned by the packet part; adds to sdk_libofm_la_SOURCES, ofminclude_HEADERS, check_PROGRAMS, TESTS.
