/* Byte streams: framing, the send queue and backpressure (see stream.h).
 *
 * Reading: every stream reads into one shared buffer; the complete
 * messages in it are handed to the owner in place (no copy, no
 * allocation) and only an incomplete tail is kept per stream.  An idle
 * stream therefore holds no receive buffer at all, which is what lets ten
 * thousand switches stay connected cheaply.
 *
 * Writing: while a stream's input is being handled, the owner's replies
 * are encoded into one shared output buffer (when nothing else is queued
 * for it) and written with one send once the read is handled: all replies
 * to one read leave in one write, with no allocation and no copy.  Only
 * what the socket does not take is copied to the stream's own queue; the
 * stream then stops reading until that queue is drained, so a peer that
 * sends faster than it reads is slowed down, not buffered for.  Messages
 * queued at other times (timers, replies to another switch's message) go
 * to the stream's queue, which is flushed once per loop iteration (an
 * ev_prepare watcher) and freed once drained.  A queue that grows past its
 * bound means the peer stopped reading: the stream fails rather than eat
 * the controller's memory, and says so from the loop (an ev_check
 * watcher), never from inside the send that found it. */
#include <config.h>
#include "stream.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Read in large chunks: one read can carry thousands of packet-ins.  The
 * buffer also holds the incomplete tail of the previous read (at most one
 * message) in front of the new bytes. */
#define READ_SIZE (256 * 1024)

/* The replies to one read: big enough for the replies to a whole read of
 * the smallest requests (an 8-byte ECHO_REQUEST answered by an 8-byte
 * ECHO_REPLY) and a few times what a read of packet-ins asks for; a stream
 * that needs more moves to its own heap queue on the way (ofm_buf grows
 * out of its stub), and nothing is lost. */
#define OUT_STUB_SIZE (1024 * 1024)

/* The writable callback runs at most this many times per writable event,
 * so that one stream with endless output does not starve the others. */
#define WRITABLE_BURSTS 4

/* What the streams of one loop share: the read buffer, the shared output
 * buffer, the flush and failure lists and their watchers.  One per thread
 * that runs a loop (ofbench runs a loop per worker thread); a stream
 * belongs to the context of the thread that made it. */
struct stream_ctx {
    struct ev_loop *loop;
    uint8_t *read_buf;                  /* READ_SIZE + OFP_MAX_MSG_SIZE. */
    uint8_t *out_stub;                  /* OUT_STUB_SIZE. */
    struct stream *out_stub_user;       /* Whose 'tx' is on it, or NULL. */
    struct stream *dirty_streams;       /* Queues to flush. */
    struct stream *failing_streams;     /* Failures to report. */
    ev_prepare flush_watcher;
    ev_check fail_watcher;
    size_t n_streams;                   /* Not closed yet. */
    bool stopped;                       /* Freed once n_streams is 0. */
};

static _Thread_local struct stream_ctx *cur_ctx;

static void stream_read_cb(struct ev_loop *, ev_io *, int);
static void stream_write_cb(struct ev_loop *, ev_io *, int);

void
stream_set_nonblocking(int fd)
{
    int flags = fcntl(fd, F_GETFL, 0);
    if (flags >= 0) {
        fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    }
}

static void
mark_dirty(struct stream *s)
{
    if (!s->dirty && !s->closed) {
        struct stream_ctx *ctx = s->ctx;
        s->dirty = true;
        s->prev_dirty = NULL;
        s->next_dirty = ctx->dirty_streams;
        if (ctx->dirty_streams) {
            ctx->dirty_streams->prev_dirty = s;
        }
        ctx->dirty_streams = s;
    }
}

static void
unmark_dirty(struct stream *s)
{
    if (s->dirty) {
        if (s->prev_dirty) {
            s->prev_dirty->next_dirty = s->next_dirty;
        } else {
            s->ctx->dirty_streams = s->next_dirty;
        }
        if (s->next_dirty) {
            s->next_dirty->prev_dirty = s->prev_dirty;
        }
        s->dirty = false;
    }
}

/* A failure found in the loop (a read or write callback): reported now. */
static void
fail_now(struct stream *s, enum ofm_disconnect_reason reason, const char *why)
{
    if (!s->closed) {
        s->closed = true;
        ev_io_stop(s->ctx->loop, &s->rio);
        ev_io_stop(s->ctx->loop, &s->wio);
        s->owner->failed(s, reason, why);
    }
}

/* A failure found inside a send: sends fail from now on, the owner hears
 * of it from the loop's next check. */
static void
fail_later(struct stream *s, enum ofm_disconnect_reason reason, const char *why)
{
    if (s->closed) {
        return;
    }
    s->closed = s->failing = true;
    s->fail_reason = reason;
    s->fail_why = strdup(why);
    if (!s->fail_why) {
        abort();
    }
    ev_io_stop(s->ctx->loop, &s->rio);
    ev_io_stop(s->ctx->loop, &s->wio);
    s->next_failing = s->ctx->failing_streams;
    s->ctx->failing_streams = s;
}

static void
run_failures(struct stream_ctx *ctx)
{
    while (ctx->failing_streams) {
        struct stream *s = ctx->failing_streams;
        ctx->failing_streams = s->next_failing;
        s->failing = false;
        char *why = s->fail_why;
        s->fail_why = NULL;
        if (!s->down) {
            s->owner->failed(s, s->fail_reason, why);
        }
        free(why);
    }
}

void
stream_run_failures(void)
{
    if (cur_ctx) {
        run_failures(cur_ctx);
    }
}

/* Watches the socket for what 's' needs: readable unless reading is
 * paused, writable while the queue waits for the socket or the owner
 * wants to write. */
static void
update_io(struct stream *s)
{
    if (s->closed) {
        return;
    }
    struct ev_loop *loop = s->ctx->loop;
    if (!s->blocked || s->keep_reading) {
        ev_io_start(loop, &s->rio);
    } else {
        ev_io_stop(loop, &s->rio);
    }
    if (s->blocked || s->want_writable) {
        ev_io_start(loop, &s->wio);
    } else {
        ev_io_stop(loop, &s->wio);
    }
}

/* Pauses reading from 's' while its queue waits for the socket ('on'), or
 * resumes it. */
static void
set_blocked(struct stream *s, bool on)
{
    if (on != s->blocked) {
        s->blocked = on;
        update_io(s);
    }
}

/* Writes as much of the queue as the socket takes.  A drained queue gives
 * its memory back (an idle switch holds no buffer); what the socket does
 * not take stays queued, on the heap (moved off the shared output buffer
 * if it was there), and reading pauses until it is written. */
static void
stream_flush(struct stream *s)
{
    size_t sent = 0;
    while (sent < s->tx.size) {
        ssize_t n = s->class->send(s, s->tx.data + sent, s->tx.size - sent);
        if (n > 0) {
            sent += (size_t) n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            break;
        } else {
            char why[160];
            snprintf(why, sizeof why, "write failed: %s", strerror(n < 0 ? errno : EPIPE));
            s->bytes_out += sent;
            fail_now(s, OFM_DISC_ERROR, why);
            return;
        }
    }
    s->bytes_out += sent;
    if (sent == s->tx.size) {
        ofm_buf_uninit(&s->tx);
        set_blocked(s, false);
        return;
    }
    if (!s->tx.heap) {
        /* On the shared output buffer: keep the rest in a queue of our own. */
        struct ofm_buf rest;
        ofm_buf_init(&rest);
        ofm_buf_put(&rest, s->tx.data + sent, s->tx.size - sent);
        s->tx = rest;
    } else if (sent) {
        ofm_buf_consume(&s->tx, sent);
    }
    set_blocked(s, true);
}

static void
flush_cb(struct ev_loop *loop, ev_prepare *w, int revents)
{
    struct stream_ctx *ctx = w->data;
    while (ctx->dirty_streams) {
        struct stream *s = ctx->dirty_streams;
        unmark_dirty(s);
        if (!s->closed) {
            stream_flush(s);
        }
    }
}

static void
fail_cb(struct ev_loop *loop, ev_check *w, int revents)
{
    run_failures(w->data);
}

static void *
xmalloc(size_t size)
{
    void *p = malloc(size);
    if (!p) {
        abort();
    }
    return p;
}

void
stream_loop_start(struct ev_loop *loop)
{
    if (cur_ctx) {
        return;
    }
    struct stream_ctx *ctx = xmalloc(sizeof *ctx);
    memset(ctx, 0, sizeof *ctx);
    ctx->loop = loop;
    ctx->read_buf = xmalloc(READ_SIZE + OFP_MAX_MSG_SIZE);
    ctx->out_stub = xmalloc(OUT_STUB_SIZE);
    ev_prepare_init(&ctx->flush_watcher, flush_cb);
    ctx->flush_watcher.data = ctx;
    ev_prepare_start(loop, &ctx->flush_watcher);
    ev_unref(loop);             /* Do not keep the loop alive by itself. */
    ev_check_init(&ctx->fail_watcher, fail_cb);
    ctx->fail_watcher.data = ctx;
    ev_check_start(loop, &ctx->fail_watcher);
    ev_unref(loop);
    cur_ctx = ctx;
}

static void
ctx_free(struct stream_ctx *ctx)
{
    free(ctx->read_buf);
    free(ctx->out_stub);
    free(ctx);
}

void
stream_loop_stop(struct ev_loop *loop)
{
    struct stream_ctx *ctx = cur_ctx;
    if (!ctx) {
        return;
    }
    ev_ref(loop);
    ev_prepare_stop(loop, &ctx->flush_watcher);
    ev_ref(loop);
    ev_check_stop(loop, &ctx->fail_watcher);
    cur_ctx = NULL;
    if (ctx->n_streams) {
        ctx->stopped = true;    /* The last stream_close() frees it. */
    } else {
        ctx_free(ctx);
    }
}

void
stream_init(struct stream *s, int fd, const struct stream_class *class,
            void *kind_data, const struct stream_owner *owner,
            const char *host, int port, size_t tx_limit)
{
    memset(s, 0, sizeof *s);
    if (!cur_ctx) {
        abort();                /* stream_loop_start() first. */
    }
    s->ctx = cur_ctx;
    s->ctx->n_streams++;
    s->class = class;
    s->kind_data = kind_data;
    s->owner = owner;
    s->fd = fd;
    s->tx_limit = tx_limit;
    ofm_buf_init(&s->tx);
    snprintf(s->peer, sizeof s->peer, "%s:%d", host, port);
    stream_set_nonblocking(fd);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ev_io_init(&s->rio, stream_read_cb, fd, EV_READ);
    ev_io_init(&s->wio, stream_write_cb, fd, EV_WRITE);
    s->rio.data = s->wio.data = s;
}

/* Moves the kind's handshake on; reports the stream connected when done. */
static void
stream_handshake(struct stream *s)
{
    char why[256] = "";
    int events = 0;
    int error = s->class->handshake(s, &events, why, sizeof why);
    struct ev_loop *loop = s->ctx->loop;
    if (error == EAGAIN) {
        ev_io_stop(loop, &s->rio);
        ev_io_stop(loop, &s->wio);
        if (events & EV_READ) {
            ev_io_start(loop, &s->rio);
        }
        if (events & EV_WRITE) {
            ev_io_start(loop, &s->wio);
        }
        return;
    }
    if (error) {
        fail_now(s, OFM_DISC_TLS, why);
        return;
    }
    s->connected = true;
    ev_io_stop(loop, &s->wio);
    update_io(s);
    s->owner->connected(s);
    if (!s->closed && s->tx.size) {
        mark_dirty(s);
    }
    if (!s->closed && s->class->pending && s->class->pending(s)) {
        ev_feed_event(loop, &s->rio, EV_READ);
    }
}

void
stream_start(struct stream *s)
{
    if (s->class->handshake) {
        stream_handshake(s);
    } else {
        s->connected = true;
        update_io(s);
        s->owner->connected(s);
    }
}

/* Hands the complete messages in [data, data + size) to the owner and
 * returns how many bytes were used; the rest is an incomplete message.
 * Returns SIZE_MAX if the stream was closed. */
static size_t
stream_process(struct stream *s, const uint8_t *data, size_t size)
{
    size_t ofs = 0;
    while (size - ofs >= OFP_HEADER_SIZE) {
        const uint8_t *p = data + ofs;
        uint16_t len = ofm_get16(p + 2);
        if (len < OFP_HEADER_SIZE) {
            char why[128];
            snprintf(why, sizeof why, "message with bad length %u (type %u, "
                     "version 0x%02x) at stream offset %zu", len, p[1], p[0], ofs);
            fail_now(s, OFM_DISC_MALFORMED, why);
            return SIZE_MAX;
        }
        if (size - ofs < len) {
            break;
        }
        s->owner->recv(s, p, len);
        if (s->closed) {
            return SIZE_MAX;
        }
        ofs += len;
    }
    return ofs;
}

/* Keeps the incomplete message at 'p' ('size' bytes, possibly none) for the
 * next read.  The allocation is kept while the stream is busy (a busy
 * stream seldom ends on a message boundary) and freed when a read ends on
 * one, so an idle switch holds nothing. */
static void
keep_tail(struct stream *s, const uint8_t *p, size_t size)
{
    if (!size) {
        free(s->partial);
        s->partial = NULL;
        s->partial_size = s->partial_alloc = 0;
        return;
    }
    if (size > s->partial_alloc) {
        size_t alloc = size < 256 ? 256 : size;
        free(s->partial);
        s->partial = malloc(alloc);
        if (!s->partial) {
            abort();
        }
        s->partial_alloc = (uint32_t) alloc;
    }
    memcpy(s->partial, p, size);
    s->partial_size = (uint32_t) size;
}

/* Puts the queue of 's' on the shared output buffer if it can (nothing
 * else queued for 's', no one else on it): what the owner queues from now
 * on leaves in one write at the end_stub().  Returns whether it did. */
static bool
begin_stub(struct stream *s)
{
    struct stream_ctx *ctx = s->ctx;
    bool on_stub = !s->tx.size && !ctx->out_stub_user;
    if (on_stub) {
        ofm_buf_uninit(&s->tx);
        ofm_buf_use_stub(&s->tx, ctx->out_stub, OUT_STUB_SIZE);
        ctx->out_stub_user = s;
    }
    return on_stub;
}

static void
end_stub(struct stream *s, bool on_stub)
{
    if (on_stub) {
        s->ctx->out_stub_user = NULL;
        if (s->down || (s->closed && !s->tx.heap)) {
            /* stream_close() sent what it could, or the queue is still on
             * the shared buffer, which the next read reuses. */
            ofm_buf_uninit(&s->tx);
        } else if (s->closed) {
            /* Failing: stream_close() sends what is queued. */
        } else {
            stream_flush(s);
        }
    }
}

static void
stream_read_cb(struct ev_loop *loop, ev_io *w, int revents)
{
    struct stream *s = w->data;
    if (!s->connected) {
        stream_handshake(s);
        return;
    }

    /* Put the carried-over tail first, then read after it. */
    uint8_t *read_buf = s->ctx->read_buf;
    size_t have = s->partial_size;
    if (have) {
        memcpy(read_buf, s->partial, have);
    }
    ssize_t n;
    do {
        n = s->class->recv(s, read_buf + have, READ_SIZE);
    } while (n < 0 && errno == EINTR);
    if (n == 0) {
        fail_now(s, OFM_DISC_EOF, "connection closed by peer");
        return;
    } else if (n < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            char why[160];
            snprintf(why, sizeof why, "read failed: %s", strerror(errno));
            fail_now(s, OFM_DISC_ERROR, why);
        }
        return;
    }
    have += (size_t) n;
    s->bytes_in += (size_t) n;

    /* Encode the replies into the shared output buffer, unless output
     * queued earlier must leave first. */
    bool on_stub = begin_stub(s);
    size_t used = stream_process(s, read_buf, have);
    if (used != SIZE_MAX) {
        keep_tail(s, read_buf + used, have - used);
        if (s->owner->read_done) {
            s->owner->read_done(s);
        }
    }
    end_stub(s, on_stub);
    if (!s->closed && s->class->pending && s->class->pending(s)) {
        ev_feed_event(loop, &s->rio, EV_READ);     /* TLS records held. */
    }
}

static void
stream_write_cb(struct ev_loop *loop, ev_io *w, int revents)
{
    struct stream *s = w->data;
    if (!s->connected) {
        stream_handshake(s);
        return;
    }
    if (s->tx.size) {
        stream_flush(s);
    }
    /* The owner has more to say whenever the socket takes it. */
    for (int i = 0; i < WRITABLE_BURSTS && s->want_writable && !s->closed
         && !s->tx.size; i++) {
        bool on_stub = begin_stub(s);
        s->owner->writable(s);
        end_stub(s, on_stub);
    }
}

void
stream_want_writable(struct stream *s, bool on)
{
    s->want_writable = on && s->owner->writable;
    if (s->connected && !s->closed) {
        update_io(s);
    }
}

void
stream_keep_reading(struct stream *s)
{
    s->keep_reading = true;
    if (s->connected && !s->closed) {
        update_io(s);
    }
}

struct ofm_buf *
stream_txbuf(struct stream *s)
{
    return &s->tx;
}

int
stream_sent(struct stream *s)
{
    if (s->closed) {
        return ENOTCONN;
    }
    /* Replies still on the shared output buffer are written before the
     * next read and held by no one: the bound is for what piles up in the
     * stream's own queue. */
    bool on_stub = s == s->ctx->out_stub_user && !s->tx.heap;
    if (!on_stub && s->tx.size > s->tx_limit) {
        char why[128];
        snprintf(why, sizeof why, "send queue over %zu bytes: the switch is not "
                 "reading", s->tx_limit);
        fail_later(s, OFM_DISC_SEND_QUEUE_FULL, why);
        return ENOBUFS;
    }
    if (s != s->ctx->out_stub_user && s->connected) {
        mark_dirty(s);          /* Otherwise written when the read is handled. */
    }
    return 0;
}

int
stream_send(struct stream *s, const void *data, size_t size)
{
    if (s->closed) {
        return ENOTCONN;
    }
    ofm_buf_put(&s->tx, data, size);
    return stream_sent(s);
}

void
stream_close(struct stream *s)
{
    if (s->down) {
        return;
    }
    s->down = s->closed = true;
    struct stream_ctx *ctx = s->ctx;
    ev_io_stop(ctx->loop, &s->rio);
    ev_io_stop(ctx->loop, &s->wio);
    unmark_dirty(s);

    /* Best effort: push out what is queued (an error message, say). */
    if (s->connected && s->tx.size) {
        ssize_t n = s->class->send(s, s->tx.data, s->tx.size);
        (void) n;
    }
    if (s->class->close) {
        s->class->close(s);
    }
    close(s->fd);
    s->fd = -1;
    if (s != ctx->out_stub_user) {
        ofm_buf_uninit(&s->tx);
    }
    free(s->partial);
    s->partial = NULL;
    s->partial_size = s->partial_alloc = 0;
    if (s->failing) {
        /* Closed before the loop reported it: the owner may free 's'. */
        for (struct stream **p = &ctx->failing_streams; *p; p = &(*p)->next_failing) {
            if (*p == s) {
                *p = s->next_failing;
                break;
            }
        }
        s->failing = false;
        free(s->fail_why);
        s->fail_why = NULL;
    }
    if (!--ctx->n_streams && ctx->stopped) {
        ctx_free(ctx);
    }
}

bool
stream_is_closed(const struct stream *s)
{
    return s->closed;
}

size_t
stream_tx_queued(const struct stream *s)
{
    return s->tx.size;
}
