# plugins/wsgi.mk: the wsgi context (wsgi.so), one HTTP server for every
# plugin, on libmicrohttpd and jansson.
ofminclude_HEADERS += sdk/include/ofm/wsgi.h

pkglib_LTLIBRARIES += plugins/wsgi.la
plugins_wsgi_la_SOURCES = \
	plugins/wsgi/wsgi.c \
	plugins/wsgi/route.c \
	plugins/wsgi/route.h
plugins_wsgi_la_CFLAGS = $(AM_CFLAGS) $(MHD_CFLAGS) $(JANSSON_CFLAGS)
plugins_wsgi_la_LDFLAGS = $(AM_LDFLAGS) $(PLUGIN_LDFLAGS)
plugins_wsgi_la_LIBADD = sdk/libofm.la $(MHD_LIBS) $(JANSSON_LIBS)
