# plugins/ofctl_rest/ofctl_rest.mk: Ryu's ofctl_rest.  So far the REST <->
# Ryu-JSON conversion and its unit test; the plugin itself (on the wsgi
# context) is not built yet.
check_PROGRAMS += tests/unit/test-ofctl-conv
TESTS += tests/unit/test-ofctl-conv
tests_unit_test_ofctl_conv_SOURCES = \
	tests/unit/test-ofctl-conv.c \
	plugins/ofctl_rest/ofctl-conv.c \
	plugins/ofctl_rest/ofctl-conv.h
tests_unit_test_ofctl_conv_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS) $(JANSSON_CFLAGS)
tests_unit_test_ofctl_conv_LDADD = $(TEST_UTIL) sdk/libofm.la $(CUNIT_LIBS) $(JANSSON_LIBS)
