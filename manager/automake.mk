# The daemon.  Everything but main.c also goes into a convenience library
# that the unit tests link against.
noinst_LTLIBRARIES += manager/libmanager.la
manager_libmanager_la_SOURCES = \
	manager/manager.h \
	manager/config.c \
	manager/deps.c \
	manager/dispatch.c \
	manager/dp.c \
	manager/ofconn.c \
	manager/stream-tls.c \
	manager/stream-tls.h \
	manager/stream-active.c \
	manager/io.c \
	manager/plugin.c \
	manager/timer.c
manager_libmanager_la_CPPFLAGS = $(AM_CPPFLAGS) -DOFM_BUILDDIR='"$(abs_top_builddir)"'
manager_libmanager_la_CFLAGS = $(AM_CFLAGS) $(SSL_CFLAGS)
manager_libmanager_la_LIBADD = manager/stream/libstream.la sdk/libofm.la $(EV_LIBS) $(SSL_LIBS)

sbin_PROGRAMS += manager/ofmanager
manager_ofmanager_SOURCES = manager/main.c
manager_ofmanager_CPPFLAGS = $(AM_CPPFLAGS) -DOFM_BUILDDIR='"$(abs_top_builddir)"'
manager_ofmanager_LDADD = manager/libmanager.la sdk/libofm.la $(EV_LIBS) $(SSL_LIBS)
# Plugins resolve the manager's API (ofm_handler_register, ...) from the
# executable itself.
manager_ofmanager_LDFLAGS = $(AM_LDFLAGS) -export-dynamic
