# libofm: the SDK library linked by the manager, plugins and tools.
lib_LTLIBRARIES += sdk/libofm.la
sdk_libofm_la_SOURCES =
sdk_libofm_la_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS) $(YAML_CFLAGS)
sdk_libofm_la_LIBADD = $(JANSSON_LIBS) $(YAML_LIBS) -lm
sdk_libofm_la_LDFLAGS = $(AM_LDFLAGS) -version-info 0:0:0 -export-symbols-regex '^ofm_'

pkgconfigdir = $(libdir)/pkgconfig
pkgconfig_DATA = sdk/ofmanager.pc
EXTRA_DIST += sdk/ofmanager.pc.in

ofmincludedir = $(includedir)/ofm
ofminclude_HEADERS = \
	sdk/include/ofm/ofm.h \
	sdk/include/ofm/buf.h \
	sdk/include/ofm/conf.h \
	sdk/include/ofm/err.h \
	sdk/include/ofm/log.h \
	sdk/include/ofm/ofp.h \
	sdk/include/ofm/plugin.h

# Parts owned by separate fragments.
include sdk/ofp.mk
include sdk/core.mk
include sdk/packet.mk
include sdk/json.mk
include sdk/tools/tools.mk
