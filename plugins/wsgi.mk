# plugins/wsgi.mk: the wsgi context (wsgi.so), one HTTP server for every
# plugin, on libmicrohttpd and jansson.
ofminclude_HEADERS += sdk/include/ofm/wsgi.h

pkglib_LTLIBRARIES += plugins/wsgi.la
plugins_wsgi_la_SOURCES = \
	plugins/wsgi/wsgi.c \
	plugins/wsgi/metrics.c \
	plugins/wsgi/metrics.h \
	plugins/wsgi/route.c \
	plugins/wsgi/route.h
plugins_wsgi_la_CFLAGS = $(AM_CFLAGS) $(MHD_CFLAGS) $(JANSSON_CFLAGS)
plugins_wsgi_la_LDFLAGS = $(AM_LDFLAGS) $(PLUGIN_LDFLAGS)
plugins_wsgi_la_LIBADD = sdk/libofm.la $(MHD_LIBS) $(JANSSON_LIBS)

# The switching hub with its MAC table over REST (the book's chapter 4).
pkglib_LTLIBRARIES += plugins/switch_rest.la
plugins_switch_rest_la_SOURCES = plugins/switch_rest.c plugins/hub.c plugins/hub.h
plugins_switch_rest_la_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
plugins_switch_rest_la_LDFLAGS = $(AM_LDFLAGS) $(PLUGIN_LDFLAGS)
plugins_switch_rest_la_LIBADD = sdk/libofm.la $(JANSSON_LIBS)

TESTS += tests/ovs/rest.sh tests/ovs/metrics.sh tests/ovs/wsgi-limits.sh
EXTRA_DIST += tests/ovs/rest.sh tests/ovs/metrics.sh tests/ovs/metrics-scrape.py \
	tests/ovs/wsgi-limits.sh
dist_man_MANS += man/ofm-wsgi.8 man/ofm-switch-rest.8

# Route templates and matching, without HTTP.
if HAVE_CUNIT
check_PROGRAMS += tests/unit/test-wsgi-route
TESTS += tests/unit/test-wsgi-route
tests_unit_test_wsgi_route_SOURCES = \
	tests/unit/test-wsgi-route.c \
	plugins/wsgi/route.c \
	plugins/wsgi/route.h
tests_unit_test_wsgi_route_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_unit_test_wsgi_route_LDADD = $(TEST_UTIL) sdk/libofm.la $(CUNIT_LIBS)
endif

# The route matcher's fuzzer, run by tests/check.sh.
EXTRA_DIST += tests/fuzz/fuzz-wsgi-route.c
