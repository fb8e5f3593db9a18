# The byte stream layer (stream.h): framing, the send queue, backpressure,
# and the TCP kind with its listeners.  A small internal library of its own
# so that the manager, ofbench's fake switches and the canned responder
# move their bytes with the same code; it needs only libofm and libev (the
# manager adds its TLS kind and active connections on top, in manager/).
noinst_LTLIBRARIES += stream/libstream.la
stream_libstream_la_SOURCES = \
	stream/stream.c \
	stream/stream.h \
	stream/stream-tcp.c
stream_libstream_la_LIBADD = sdk/libofm.la $(EV_LIBS)
AM_CPPFLAGS += -I$(top_srcdir)/stream
