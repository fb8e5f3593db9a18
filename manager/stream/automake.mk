# The byte stream layer (stream.h): framing, the send queue, backpressure,
# and the TCP kind with its listeners.  A small internal library of its own
# so that the manager, ofbench's fake switches and the canned responder
# move their bytes with the same code; it needs only libofm and libev (the
# manager adds its TLS kind and active connections on top, in manager/ beside this folder).
noinst_LTLIBRARIES += manager/stream/libstream.la
manager_stream_libstream_la_SOURCES = \
	manager/stream/stream.c \
	manager/stream/stream.h \
	manager/stream/stream-tcp.c
manager_stream_libstream_la_LIBADD = sdk/libofm.la $(EV_LIBS)
AM_CPPFLAGS += -I$(top_srcdir)/manager/stream
