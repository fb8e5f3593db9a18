# Plugins: one shared object each, exporting only ofm_plugin_desc.
pkglib_LTLIBRARIES += plugins/switch.la
plugins_switch_la_SOURCES = plugins/switch.c plugins/hub.c plugins/hub.h
plugins_switch_la_LDFLAGS = $(AM_LDFLAGS) $(PLUGIN_LDFLAGS)
plugins_switch_la_LIBADD = sdk/libofm.la

include plugins/monitor.mk
include plugins/icmp_responder.mk
include plugins/lacp.mk
include plugins/cbench.mk
include plugins/wsgi.mk
include plugins/ofctl_rest/ofctl_rest.mk
include plugins/stp/stp.mk
