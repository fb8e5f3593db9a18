/* Byte streams: the layer under the OpenFlow session (ofconn.c).
 *
 * A stream moves bytes over one socket and frames them into OpenFlow
 * messages: it reads, cuts complete messages out of what it read, hands
 * each to its owner, and writes what the owner queues, with a bound on the
 * queue and backpressure (reading pauses while the queue waits for the
 * socket).  How bytes cross the socket is its kind (struct stream_class):
 * plain TCP (stream-tcp.c) or TLS (stream-tls.c); connections the manager
 * opens itself are streams of either kind once connected (stream-active.c).
 * This library (stream/) holds the layer and the TCP kind; the manager adds
 * TLS and active connections (manager/stream-tls.c, stream-active.c);
 * ofbench's fake switches and the canned responder use it as it is.
 *
 * A stream reports upward only through its owner's callbacks, always from
 * the event loop: never from inside stream_sent() or stream_send().  A
 * failure found inside a send (the queue bound) makes further sends fail
 * at once, and is reported from the loop's next check step. */
#ifndef STREAM_H
#define STREAM_H 1

#include <ev.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "ofm/ofm.h"

struct stream;

/* What a stream reports to whoever owns it. */
struct stream_owner {
    /* Ready for messages: from stream_start() for TCP, after the TLS
     * handshake for TLS. */
    void (*connected)(struct stream *);
    /* One complete message, valid during the call.  The owner may close
     * the stream from here (stream_close()); the rest of the read is then
     * dropped. */
    void (*recv)(struct stream *, const uint8_t *data, size_t size);
    /* The stream ended: the peer closed it, I/O failed, the framing is
     * broken, its queue went over the bound, or the TLS handshake failed.
     * The owner calls stream_close() (it may do so from here). */
    void (*failed)(struct stream *, enum ofm_disconnect_reason, const char *why);
    /* Optional.  Every complete message of one read was handed to recv():
     * what the owner queues here still leaves in the read's one write. */
    void (*read_done)(struct stream *);
    /* Optional.  The socket takes more and the queue is empty, while the
     * owner asked for it (stream_want_writable()): queue the next piece.
     * Called a few times per writable event at most. */
    void (*writable)(struct stream *);
};

/* A kind of stream. */
struct stream_class {
    const char *name;           /* "tcp", "ssl". */
    /* Moves the connection setup on (the TLS handshake): returns 0 once
     * done, EAGAIN with '*events' the EV_READ/EV_WRITE to wait for, or
     * another error after writing why into 'why'.  NULL: nothing to set
     * up. */
    int (*handshake)(struct stream *, int *events, char *why, size_t why_size);
    /* As recv(2) and send(2): bytes moved, 0 at EOF (recv only), or -1
     * with errno (EAGAIN: would block). */
    ssize_t (*recv)(struct stream *, void *, size_t);
    ssize_t (*send)(struct stream *, const void *, size_t);
    /* True if the kind holds input it already took from the socket (a TLS
     * record), which no readable event will announce.  NULL: never. */
    bool (*pending)(const struct stream *);
    /* Frees the kind's state (not the fd).  NULL: nothing to free. */
    void (*close)(struct stream *);
};

extern const struct stream_class stream_tcp_class;

struct stream_ctx;

struct stream {
    struct stream_ctx *ctx;     /* Of the loop (thread) that made it. */
    const struct stream_class *class;
    const struct stream_owner *owner;
    void *kind_data;            /* The kind's own (TLS: the SSL object). */
    ev_io rio;                  /* Readable. */
    ev_io wio;                  /* Writable: while backed up or handshaking. */
    int fd;
    bool connected;             /* Set up (handshake done). */
    bool closed;                /* No more input or output. */
    bool down;                  /* stream_close() done. */
    bool dirty;                 /* On the flush list. */
    bool blocked;               /* Reading paused until 'tx' drains. */
    bool failing;               /* A failure waits for the loop. */
    bool want_writable;         /* Owner's writable() on writable events. */
    bool keep_reading;          /* Read on while the queue is backed up. */
    enum ofm_disconnect_reason fail_reason;
    char *fail_why;
    uint8_t *partial;           /* Incomplete message carried over, */
    uint32_t partial_size;      /* its size */
    uint32_t partial_alloc;     /* and the allocation's. */
    struct ofm_buf tx;          /* Queued output. */
    size_t tx_limit;            /* Bound on 'tx' (bytes). */
    uint64_t bytes_in, bytes_out;
    struct stream *next_dirty, *prev_dirty;
    struct stream *next_failing;
    char peer[64];              /* "127.0.0.1:53937" for log lines. */
};

/* Sets up 's' over the connected socket 'fd' (made non-blocking) to the
 * peer 'host':'port', of kind 'class' with its state 'kind_data'; nothing
 * happens until stream_start(). */
void stream_init(struct stream *s, int fd, const struct stream_class *class,
                 void *kind_data, const struct stream_owner *owner,
                 const char *host, int port, size_t tx_limit);
/* Starts reading (and the handshake, for kinds that have one). */
void stream_start(struct stream *s);
/* The send queue, to encode into; then stream_sent() with what was added.
 * Returns 0, ENOTCONN if the stream is closed, or ENOBUFS when the queue
 * went over its bound (the failure is then reported from the loop). */
struct ofm_buf *stream_txbuf(struct stream *s);
int stream_sent(struct stream *s);
int stream_send(struct stream *s, const void *data, size_t size);
/* Closes 's': pushes out what is queued if the socket takes it, closes the
 * socket, frees the buffers.  The owner frees 's' itself, once nothing on
 * the stack uses it any more. */
void stream_close(struct stream *s);
bool stream_is_closed(const struct stream *s);
/* Calls the owner's writable() whenever the socket takes more (on), or
 * stops (off). */
void stream_want_writable(struct stream *s, bool on);
/* Reading goes on while the queue is backed up.  For a peer of a stream
 * that does pause (the manager): if both ends stopped reading once both
 * queues backed up, neither queue would drain.  The owner then bounds its
 * own output (the queue bound still holds). */
void stream_keep_reading(struct stream *s);
size_t stream_tx_queued(const struct stream *s);

/* The loop's watchers of every stream (the flush of dirty queues, the
 * report of deferred failures) and the buffers the streams of one loop
 * share.  Per thread: a stream belongs to the loop that the thread which
 * calls stream_init() started last; each thread that runs streams on a
 * loop of its own calls stream_loop_start() for it first. */
void stream_loop_start(struct ev_loop *);
void stream_loop_stop(struct ev_loop *);
/* Reports the deferred failures of this thread's loop now (at shutdown). */
void stream_run_failures(void);

/* TCP sockets (stream-tcp.c). */
struct stream_listener;
typedef void stream_accept_fn(int fd, const char *host, int port, void *aux);
/* Listens on 'host':'port' and calls 'fn' for each connection accepted.
 * Returns NULL after writing why into 'err'. */
struct stream_listener *stream_listen(struct ev_loop *, const char *host, int port,
                                      stream_accept_fn *fn, void *aux,
                                      char *err, size_t err_size);
void stream_listener_close(struct ev_loop *, struct stream_listener *);
/* The port it listens on (port 0 to stream_listen() picks one). */
int stream_listener_port(const struct stream_listener *);
void stream_set_nonblocking(int fd);

#endif /* stream.h */
