/* Switch connections: accepting, framing, the handshake, echo keepalive
 * and the send queue.
 *
 * Reading: every connection reads into one shared buffer; the complete
 * messages in it are handled in place (no copy, no allocation) and only an
 * incomplete tail is kept per connection.  An idle connection therefore
 * holds no receive buffer at all, which is what lets ten thousand switches
 * stay connected cheaply.
 *
 * Writing: while a connection's input is being handled, its replies are
 * encoded into one shared output buffer (when nothing else is queued for
 * it) and written with one send() once the read is handled: all replies to
 * one read leave in one write, with no allocation and no copy.  Only what
 * the socket does not take is copied to the connection's own queue; the
 * connection then stops reading until that queue is drained, so a switch
 * that sends faster than it reads is slowed down, not buffered for.
 * Messages sent at other times (timers, replies to another switch's
 * message) go to the connection's queue, which is flushed once per loop
 * iteration (an ev_prepare watcher) and freed once drained.  A queue that
 * grows past its bound means the switch stopped reading: it is
 * disconnected rather than allowed to eat the controller's memory.
 *
 * Closing is deferred: a closed connection stays allocated (with its
 * datapath) until the current loop iteration ends, so nothing above us on
 * the stack is left holding a freed pointer.  A close decided inside a send
 * (the queue bound) goes further: the send fails at once, but the teardown
 * and the DEAD event wait for the loop's check step, so a plugin never
 * receives its own datapath's DEAD from inside ofm_dp_send_*(). */
#include <config.h>
#include "manager.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct ofconn {
    ev_io rio;                  /* Readable. */
    ev_io wio;                  /* Writable, started only while backed up. */
    ev_timer echo;              /* Echo keepalive. */
    ev_timer handshake;         /* Deadline of the current handshake step. */
    ev_timer mp_timer;          /* Times out partial multipart replies. */
    const char *hs_step;        /* What the handshake waits for, or NULL. */
    int fd;
    char peer[64];              /* "127.0.0.1:53937" for log lines. */
    char peer_repr[80];         /* "('127.0.0.1', 53937)", Ryu's form. */
    uint8_t *partial;           /* Incomplete message carried over, */
    uint32_t partial_size;      /* its size */
    uint32_t partial_alloc;     /* and the allocation's. */
    struct ofm_buf tx;          /* Queued output. */
    unsigned int unreplied_echos;
    bool hello_done;
    bool closed;                /* No more input or output (maybe not down yet). */
    bool down;                  /* Torn down: DEAD delivered, socket closed. */
    char *close_why;            /* Why, while a close waits for the loop. */
    enum ofm_disconnect_reason close_reason;
    struct ofconn *next_closing;
    bool dirty;                 /* On the flush list. */
    bool blocked;               /* Reading paused until 'tx' drains. */
    struct ofconn *next_dirty;
    struct ofconn *next_dead;
    struct ofconn *next_all, *prev_all;
    struct ofm_dp dp;
};

struct listener {
    ev_io io;
    int fd;
};

uint32_t mgr_versions = OFM_VERSION_BIT(OFP10_VERSION) | OFM_VERSION_BIT(OFP13_VERSION);

static struct listener **listeners;
static size_t n_listeners;
static struct ofconn *all_conns;
static struct ofconn *dirty_conns;
static struct ofconn *dead_conns;
static struct ofconn *closing_conns;    /* Closes waiting for the loop. */
static ev_prepare flush_watcher;
static ev_check reap_watcher;
static bool watchers_started;

/* Read in large chunks: one read can carry thousands of packet-ins.  The
 * buffer also holds the incomplete tail of the previous read (at most one
 * message) in front of the new bytes. */
#define READ_SIZE (256 * 1024)
static uint8_t read_buf[READ_SIZE + OFP_MAX_MSG_SIZE];

/* The replies to one read: big enough for the replies to a whole read of
 * the smallest requests (an 8-byte ECHO_REQUEST answered by an 8-byte
 * ECHO_REPLY) and a few times what a read of packet-ins asks for; a
 * connection that needs more moves to its own heap queue on the way
 * (ofm_buf grows out of its stub), and nothing is lost. */
#define OUT_STUB_SIZE (1024 * 1024)
static uint8_t out_stub[OUT_STUB_SIZE];
static struct ofconn *out_stub_user;    /* Whose 'tx' is on it, or NULL. */

static struct ofm_ratelimit bad_msg_rl = OFM_RATELIMIT_INIT(30, 30);

static void conn_read_cb(struct ev_loop *, ev_io *, int);
static void conn_write_cb(struct ev_loop *, ev_io *, int);
static void echo_cb(struct ev_loop *, ev_timer *, int);
static void handshake_cb(struct ev_loop *, ev_timer *, int);
static void mp_timer_cb(struct ev_loop *, ev_timer *, int);
static void handle_msg(struct ofconn *, const uint8_t *data, size_t size);

static void
set_nonblocking(int fd)
{
    int flags = fcntl(fd, F_GETFL, 0);
    if (flags >= 0) {
        fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    }
}

static void
mark_dirty(struct ofconn *c)
{
    if (!c->dirty && !c->closed) {
        c->dirty = true;
        c->next_dirty = dirty_conns;
        dirty_conns = c;
    }
}

/* Pauses reading from 'c' while its queue waits for the socket ('on'), or
 * resumes it. */
static void
set_blocked(struct ofconn *c, bool on)
{
    if (on && !c->blocked) {
        ev_io_stop(mgr_loop, &c->rio);
        ev_io_start(mgr_loop, &c->wio);
    } else if (!on && c->blocked) {
        ev_io_stop(mgr_loop, &c->wio);
        ev_io_start(mgr_loop, &c->rio);
    }
    c->blocked = on;
}

/* Writes as much of the queue as the socket takes, in one send() unless
 * interrupted.  A drained queue gives its memory back (an idle switch holds
 * no buffer); what the socket does not take stays queued, on the heap
 * (moved off the shared output buffer if it was there), and reading pauses
 * until it is written. */
static void
conn_flush(struct ofconn *c)
{
    size_t sent = 0;
    while (sent < c->tx.size) {
        ssize_t n = send(c->fd, c->tx.data + sent, c->tx.size - sent, MSG_NOSIGNAL);
        if (n > 0) {
            sent += (size_t) n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            break;
        } else {
            char why[128];
            snprintf(why, sizeof why, "write failed: %s", strerror(n < 0 ? errno : EPIPE));
            ofconn_close(c, OFM_DISC_ERROR, why);
            return;
        }
    }
    c->dp.counters.bytes_out += sent;
    if (sent == c->tx.size) {
        ofm_buf_uninit(&c->tx);
        set_blocked(c, false);
        return;
    }
    if (!c->tx.heap) {
        /* On the shared output buffer: keep the rest in a queue of our own. */
        struct ofm_buf rest;
        ofm_buf_init(&rest);
        ofm_buf_put(&rest, c->tx.data + sent, c->tx.size - sent);
        c->tx = rest;
    } else if (sent) {
        ofm_buf_consume(&c->tx, sent);
    }
    set_blocked(c, true);
}

static void
flush_cb(struct ev_loop *loop, ev_prepare *w, int revents)
{
    while (dirty_conns) {
        struct ofconn *c = dirty_conns;
        dirty_conns = c->next_dirty;
        c->dirty = false;
        if (!c->closed) {
            conn_flush(c);
        }
    }
}

static void
conn_free(struct ofconn *c)
{
    dp_free_partials(&c->dp);
    free(c->dp.ports);
    free(c->partial);
    free(c->close_why);
    ofm_buf_uninit(&c->tx);
    free(c);
}

/* Frees the connections closed during this loop iteration. */
static void
reap_cb(struct ev_loop *loop, ev_check *w, int revents)
{
    /* Closes decided inside a send are carried out here, from the loop, so
     * that no plugin sees its datapath go DEAD inside its own send. */
    while (closing_conns) {
        struct ofconn *c = closing_conns;
        closing_conns = c->next_closing;
        ofconn_close(c, c->close_reason, c->close_why);
        free(c->close_why);
        c->close_why = NULL;
    }
    while (dead_conns) {
        struct ofconn *c = dead_conns;
        dead_conns = c->next_dead;
        conn_free(c);
    }
}

static void
start_loop_watchers(struct ev_loop *loop)
{
    if (!watchers_started) {
        ev_prepare_init(&flush_watcher, flush_cb);
        ev_prepare_start(loop, &flush_watcher);
        ev_unref(loop);         /* Do not keep the loop alive by itself. */
        ev_check_init(&reap_watcher, reap_cb);
        ev_check_start(loop, &reap_watcher);
        ev_unref(loop);
        watchers_started = true;
    }
}

static void
set_state(struct ofconn *c, enum ofm_state state)
{
    c->dp.state = state;
    struct ofm_event ev = {
        .type = OFM_EV_STATE_CHANGE,
        .dp = &c->dp,
        .state = state,
    };
    dispatch_event("ofp_event", &ev);
}

/* Starts the deadline for the next handshake step ('step' names what we
 * wait for), or stops it once the handshake is done ('step' NULL).  Each
 * step gets the whole timeout: a switch with many ports may need it for its
 * port description. */
static void
handshake_step(struct ofconn *c, const char *step)
{
    c->hs_step = step;
    ev_timer_stop(mgr_loop, &c->handshake);
    if (step && mgr_settings.handshake_timeout > 0) {
        ev_timer_set(&c->handshake, mgr_settings.handshake_timeout, 0);
        ev_timer_start(mgr_loop, &c->handshake);
    }
}

/* The log line (tests match it): "switch at PEER: handshake timeout: no
 * STEP within N s", then the usual disconnect line. */
static void
handshake_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
    struct ofconn *c = w->data;
    char why[128];
    snprintf(why, sizeof why, "handshake timeout: no %s within %g s", c->hs_step,
             mgr_settings.handshake_timeout);
    ofm_log(MGR_NAME, OFM_LOG_WARNING, "switch at %s: %s", c->peer, why);
    ofconn_close(c, OFM_DISC_HANDSHAKE_TIMEOUT, why);
}

static void
mp_timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
    struct ofconn *c = w->data;
    if (!dp_multipart_expire(&c->dp, ev_now(loop))) {
        ev_timer_stop(loop, w);
    }
}

/* Keeps a timer running while 'c' holds partial multipart replies. */
static void
mp_timer_update(struct ofconn *c)
{
    if (c->dp.n_partials && !ev_is_active(&c->mp_timer)
        && mgr_settings.mp_timeout > 0) {
        double tick = mgr_settings.mp_timeout / 4;
        ev_timer_set(&c->mp_timer, tick, tick);
        ev_timer_start(mgr_loop, &c->mp_timer);
    } else if (!c->dp.n_partials && ev_is_active(&c->mp_timer)) {
        ev_timer_stop(mgr_loop, &c->mp_timer);
    }
}

static struct ofconn *
conn_create(struct ev_loop *loop, int fd)
{
    struct ofconn *c = calloc(1, sizeof *c);
    if (!c) {
        abort();
    }
    c->fd = fd;
    ofm_buf_init(&c->tx);
    c->dp.conn = c;
    c->dp.state = OFM_STATE_HANDSHAKE;
    c->dp.next_xid = 1;
    ev_io_init(&c->rio, conn_read_cb, fd, EV_READ);
    ev_io_init(&c->wio, conn_write_cb, fd, EV_WRITE);
    c->rio.data = c->wio.data = c;
    ev_io_start(loop, &c->rio);
    if (mgr_settings.echo_interval > 0) {
        ev_timer_init(&c->echo, echo_cb, mgr_settings.echo_interval,
                      mgr_settings.echo_interval);
        c->echo.data = c;
        ev_timer_start(loop, &c->echo);
    }

    ev_init(&c->handshake, handshake_cb);
    c->handshake.data = c;
    ev_init(&c->mp_timer, mp_timer_cb);
    c->mp_timer.data = c;
    handshake_step(c, "HELLO");

    c->next_all = all_conns;
    if (all_conns) {
        all_conns->prev_all = c;
    }
    all_conns = c;

    /* We speak first: HELLO with every version we accept. */
    ofm_encode_hello(&c->tx, mgr_versions, c->dp.next_xid++);
    c->dp.counters.msgs_out++;
    mark_dirty(c);
    return c;
}


/* Marks 'c' closed at once (sends fail, input is ignored) and leaves the
 * teardown and the DEAD event to the loop's next check (reap_cb). */
static void
conn_close_later(struct ofconn *c, enum ofm_disconnect_reason reason, const char *why)
{
    if (c->closed) {
        return;
    }
    c->closed = true;
    c->close_reason = reason;
    c->close_why = mgr_xstrdup(why);
    ev_io_stop(mgr_loop, &c->rio);
    ev_io_stop(mgr_loop, &c->wio);
    c->next_closing = closing_conns;
    closing_conns = c;
}

void
ofconn_close(struct ofconn *c, enum ofm_disconnect_reason reason, const char *why)
{
    if (c->down) {
        return;
    }
    c->down = c->closed = true;
    dp_count_disconnect(&c->dp, reason);
    ev_io_stop(mgr_loop, &c->rio);
    ev_io_stop(mgr_loop, &c->wio);
    ev_timer_stop(mgr_loop, &c->echo);
    ev_timer_stop(mgr_loop, &c->handshake);
    ev_timer_stop(mgr_loop, &c->mp_timer);

    if (c->dp.id || c->dp.have_features) {
        ofm_log(MGR_NAME, OFM_LOG_INFO, "datapath %016llx disconnected (%s): %s",
                (unsigned long long) c->dp.id, c->peer, why);
    } else {
        ofm_log(MGR_NAME, OFM_LOG_INFO, "switch at %s disconnected: %s", c->peer, why);
    }

    /* Best effort: push out what is queued (an error message, say). */
    if (c->tx.size) {
        ssize_t n = send(c->fd, c->tx.data, c->tx.size, MSG_NOSIGNAL | MSG_DONTWAIT);
        (void) n;
    }
    close(c->fd);
    c->fd = -1;

    set_state(c, OFM_STATE_DEAD);
    dp_unregister(&c->dp);

    if (c->prev_all) {
        c->prev_all->next_all = c->next_all;
    } else {
        all_conns = c->next_all;
    }
    if (c->next_all) {
        c->next_all->prev_all = c->prev_all;
    }
    c->next_dead = dead_conns;
    dead_conns = c;
}

bool
ofconn_is_closed(const struct ofconn *c)
{
    return c->closed;
}

size_t
ofconn_tx_queued(const struct ofconn *c)
{
    return c->tx.size;
}

static void
conn_write_cb(struct ev_loop *loop, ev_io *w, int revents)
{
    conn_flush(w->data);
}

/* Handles the complete messages in [data, data + size) and returns how many
 * bytes were used; the rest is an incomplete message.  Returns SIZE_MAX if
 * the connection was closed. */
static size_t
conn_process(struct ofconn *c, const uint8_t *data, size_t size)
{
    size_t ofs = 0;
    while (size - ofs >= OFP_HEADER_SIZE) {
        const uint8_t *p = data + ofs;
        uint16_t len = ofm_get16(p + 2);
        if (len < OFP_HEADER_SIZE) {
            char why[128];
            snprintf(why, sizeof why, "message with bad length %u (type %u, "
                     "version 0x%02x) at stream offset %zu", len, p[1], p[0], ofs);
            ofconn_close(c, OFM_DISC_MALFORMED, why);
            return SIZE_MAX;
        }
        if (size - ofs < len) {
            break;
        }
        handle_msg(c, p, len);
        if (c->closed) {
            return SIZE_MAX;
        }
        ofs += len;
    }
    return ofs;
}

/* Keeps the incomplete message at 'p' ('size' bytes, possibly none) for the
 * next read.  The allocation is kept while the connection is busy (a busy
 * stream seldom ends on a message boundary) and freed when a read ends on
 * one, so an idle switch holds nothing. */
static void
keep_tail(struct ofconn *c, const uint8_t *p, size_t size)
{
    if (!size) {
        free(c->partial);
        c->partial = NULL;
        c->partial_size = c->partial_alloc = 0;
        return;
    }
    if (size > c->partial_alloc) {
        size_t alloc = size < 256 ? 256 : size;
        free(c->partial);
        c->partial = malloc(alloc);
        if (!c->partial) {
            abort();
        }
        c->partial_alloc = (uint32_t) alloc;
    }
    memcpy(c->partial, p, size);
    c->partial_size = (uint32_t) size;
}

static void
conn_read_cb(struct ev_loop *loop, ev_io *w, int revents)
{
    struct ofconn *c = w->data;

    /* Put the carried-over tail first, then read after it. */
    size_t have = c->partial_size;
    if (have) {
        memcpy(read_buf, c->partial, have);
    }
    ssize_t n;
    do {
        n = recv(c->fd, read_buf + have, READ_SIZE, 0);
    } while (n < 0 && errno == EINTR);
    if (n == 0) {
        ofconn_close(c, OFM_DISC_EOF, "connection closed by peer");
        return;
    } else if (n < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            char why[128];
            snprintf(why, sizeof why, "read failed: %s", strerror(errno));
            ofconn_close(c, OFM_DISC_ERROR, why);
        }
        return;
    }
    have += (size_t) n;
    c->dp.counters.bytes_in += (size_t) n;

    /* Encode the replies into the shared output buffer, unless output
     * queued earlier must leave first. */
    bool on_stub = !c->tx.size && !out_stub_user;
    if (on_stub) {
        ofm_buf_uninit(&c->tx);
        ofm_buf_use_stub(&c->tx, out_stub, sizeof out_stub);
        out_stub_user = c;
    }

    size_t used = conn_process(c, read_buf, have);
    if (used != SIZE_MAX) {
        keep_tail(c, read_buf + used, have - used);
    }

    if (on_stub) {
        out_stub_user = NULL;
        if (c->down || (c->closed && !c->tx.heap)) {
            /* ofconn_close() sent what it could, or the queue is still on
             * the shared buffer, which the next read reuses. */
            ofm_buf_uninit(&c->tx);
        } else if (c->closed) {
            /* Closing from the loop: ofconn_close() sends what is queued. */
        } else {
            conn_flush(c);
        }
    }
}

static void
echo_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
    struct ofconn *c = w->data;
    if ((int) c->unreplied_echos > mgr_settings.echo_max_unreplied) {
        char why[128];
        snprintf(why, sizeof why, "%u echo requests unreplied", c->unreplied_echos);
        ofconn_close(c, OFM_DISC_ECHO_TIMEOUT, why);
        return;
    }
    if (c->hello_done) {
        ofm_encode_echo(&c->tx, c->dp.version, OFPT13_ECHO_REQUEST,
                        c->dp.next_xid++, NULL, 0);
        c->dp.counters.msgs_out++;
        mark_dirty(c);
        c->unreplied_echos++;
    }
}

/* ---- Sending. ---- */

struct ofm_buf *
ofconn_txbuf(struct ofconn *c)
{
    return &c->tx;
}

int
ofconn_sent(struct ofconn *c)
{
    if (c->closed) {
        return ENOTCONN;
    }
    /* Replies still on the shared output buffer are written before the
     * next read and held by no one: the bound is for what piles up in the
     * connection's own queue. */
    bool on_stub = c == out_stub_user && !c->tx.heap;
    if (!on_stub && c->tx.size > mgr_settings.tx_queue_limit) {
        char why[128];
        snprintf(why, sizeof why, "send queue over %zu bytes: the switch is not "
                 "reading", mgr_settings.tx_queue_limit);
        conn_close_later(c, OFM_DISC_SEND_QUEUE_FULL, why);
        return ENOBUFS;
    }
    c->dp.counters.msgs_out++;
    if (c != out_stub_user) {
        mark_dirty(c);          /* Otherwise written when the read is handled. */
    }
    return 0;
}

int
ofconn_send(struct ofconn *c, const void *data, size_t size)
{
    if (c->closed) {
        return ENOTCONN;
    }
    ofm_buf_put(&c->tx, data, size);
    return ofconn_sent(c);
}

static void
send_error(struct ofconn *c, uint8_t version, uint32_t xid, uint16_t type,
           uint16_t code, const void *data, size_t size)
{
    /* The spec asks for at least 64 bytes of the offending request. */
    ofm_encode_error(&c->tx, version, xid, type, code, data, size > 64 ? 64 : size);
    ofconn_sent(c);
}

/* ---- The handshake and the built-in handlers. ---- */

static const char *
version_list(uint32_t bitmap, char *buf, size_t size)
{
    int len = snprintf(buf, size, "[");
    bool first = true;
    for (int v = 0; v < 32 && len >= 0 && (size_t) len < size; v++) {
        if (bitmap & (1u << v)) {
            len += snprintf(buf + len, size - len, "%s%d", first ? "" : ", ", v);
            first = false;
        }
    }
    if (len >= 0 && (size_t) len < size) {
        snprintf(buf + len, size - len, "]");
    }
    return buf;
}

static void
handle_hello(struct ofconn *c, const struct ofm_msg *msg)
{
    uint32_t theirs;
    int error = ofm_decode_hello(msg, &theirs);
    if (error) {
        char why[160];
        snprintf(why, sizeof why, "malformed HELLO: %s", ofm_err_str(error));
        send_error(c, msg->version, msg->xid, OFPET_HELLO_FAILED,
                   OFPHFC_INCOMPATIBLE, msg->data, msg->size);
        ofconn_close(c, OFM_DISC_MALFORMED, why);
        return;
    }
    ofm_log(MGR_NAME, OFM_LOG_DEBUG, "hello ev <EventOFPHello version=0x%x xid=0x%x>",
            msg->version, msg->xid);

    /* Before 1.3 there are no bitmaps: the spec settles on the lower of the
     * two header versions, which must then be one we speak. */
    uint32_t common = (msg->version < OFP13_VERSION
                       ? mgr_versions & OFM_VERSION_BIT(msg->version)
                       : theirs & mgr_versions);
    if (!common) {
        char ours[64], why[192];
        snprintf(why, sizeof why, "unsupported version 0x%x. If possible, set the "
                 "switch to use one of the versions %s", msg->version,
                 version_list(mgr_versions, ours, sizeof ours));
        /* Tell the switch why in the error's data, as the spec suggests. */
        uint8_t v = msg->version <= OFP13_VERSION ? msg->version : OFP13_VERSION;
        /* The whole text, not the 64-byte cut of a request's copy: the
         * list of versions is what the switch's operator needs. */
        ofm_encode_error(&c->tx, v, msg->xid, OFPET_HELLO_FAILED,
                         OFPHFC_INCOMPATIBLE, why, strlen(why));
        ofconn_sent(c);
        ofm_log(MGR_NAME, OFM_LOG_ERROR, "%s: %s", c->peer, why);
        ofconn_close(c, OFM_DISC_VERSION, "no common OpenFlow version");
        return;
    }
    uint8_t version = 31 - __builtin_clz(common);
    c->dp.version = version;
    c->hello_done = true;

    struct ofm_event ev = { .type = OFM_EV_HELLO, .dp = &c->dp, .msg = msg };
    dispatch_event("ofp_event", &ev);
    if (c->closed) {
        return;
    }

    ofm_encode_simple(&c->tx, version, OFPT13_FEATURES_REQUEST, c->dp.next_xid++);
    ofconn_sent(c);
    handshake_step(c, "FEATURES_REPLY");
    ofm_log(MGR_NAME, OFM_LOG_DEBUG, "move onto config mode");
    set_state(c, OFM_STATE_CONFIG);
}

static void
enter_main(struct ofconn *c)
{
    handshake_step(c, NULL);
    ofm_log(MGR_NAME, OFM_LOG_DEBUG, "move onto main mode");
    set_state(c, OFM_STATE_MAIN);
}

/* Ryu's format for the debug line, so logs read the same. */
static void
log_features(const struct ofm_msg *msg, const struct ofm_switch_features *f)
{
    if (!ofm_log_enabled(OFM_LOG_DEBUG)) {
        return;
    }
    if (msg->version == OFP10_VERSION) {
        ofm_log(MGR_NAME, OFM_LOG_DEBUG, "switch features ev version: 0x%x msg_type "
                "0x%x xid 0x%x OFPSwitchFeatures(actions=%u,capabilities=%u,"
                "datapath_id=%llu,n_buffers=%u,n_tables=%u,ports=%zu)",
                msg->version, msg->type, msg->xid, f->actions, f->capabilities,
                (unsigned long long) f->datapath_id, f->n_buffers, f->n_tables,
                f->ports_size / OFP10_PHY_PORT_SIZE);
    } else {
        ofm_log(MGR_NAME, OFM_LOG_DEBUG, "switch features ev version: 0x%x msg_type "
                "0x%x xid 0x%x OFPSwitchFeatures(auxiliary_id=%u,capabilities=%u,"
                "datapath_id=%llu,n_buffers=%u,n_tables=%u)", msg->version,
                msg->type, msg->xid, f->auxiliary_id, f->capabilities,
                (unsigned long long) f->datapath_id, f->n_buffers, f->n_tables);
    }
}

static void
handle_features(struct ofconn *c, const struct ofm_msg *msg)
{
    struct ofm_switch_features f;
    int error = ofm_decode_switch_features(msg, &f);
    if (error) {
        char why[160];
        snprintf(why, sizeof why, "malformed FEATURES_REPLY: %s", ofm_err_str(error));
        ofconn_close(c, OFM_DISC_MALFORMED, why);
        return;
    }
    log_features(msg, &f);

    bool first = !c->dp.have_features;
    if (first) {
        /* A switch that reconnects before we saw it go: the new connection
         * wins, as in Ryu. */
        struct ofm_dp *old = ofm_dp_find(f.datapath_id);
        if (old && old != &c->dp) {
            ofconn_close(old->conn, OFM_DISC_REPLACED,
                         "replaced by a new connection from the same datapath");
        }
        c->dp.id = f.datapath_id;
        c->dp.have_features = true;
        dp_register(&c->dp);
        ofm_log(MGR_NAME, OFM_LOG_INFO, "datapath %016llx connected from %s (OpenFlow %s)",
                (unsigned long long) f.datapath_id, c->peer,
                c->dp.version == OFP10_VERSION ? "1.0" : "1.3");
    }
    c->dp.features = f;
    c->dp.features.ports = NULL;
    c->dp.features.ports_size = 0;

    if (msg->version == OFP10_VERSION) {
        struct ofm_rd rd = ofm_rd_init(f.ports, f.ports_size);
        size_t n = f.ports_size / OFP10_PHY_PORT_SIZE;
        struct ofm_port *ports = calloc(n ? n : 1, sizeof *ports);
        if (!ports) {
            abort();
        }
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            if (!ofm_decode_port(&rd, msg->version, &ports[k])) {
                k++;
            }
        }
        dp_set_ports(&c->dp, ports, k);
        free(ports);
    }

    struct ofm_event ev = { .type = OFM_EV_SWITCH_FEATURES, .dp = &c->dp, .msg = msg };
    dispatch_event("ofp_event", &ev);
    if (c->closed || !first || c->dp.state != OFM_STATE_CONFIG) {
        return;
    }

    if (msg->version == OFP10_VERSION) {
        enter_main(c);
    } else {
        struct ofm_stats_request req;
        ofm_stats_request_init(&req, OFPMP_PORT_DESC);
        ofm_encode_stats_request(&c->tx, c->dp.version, c->dp.next_xid++, &req);
        ofconn_sent(c);
        handshake_step(c, "port description");
    }
}

static void
handle_port_desc(struct ofconn *c, const struct ofm_multipart *mp)
{
    struct ofm_rd rd = ofm_rd_init(mp->body, mp->body_size);
    size_t n = mp->body_size / OFP13_PORT_SIZE;
    struct ofm_port *ports = calloc(n ? n : 1, sizeof *ports);
    if (!ports) {
        abort();
    }
    size_t k = 0;
    while (rd.left && k < n) {
        if (ofm_decode_port(&rd, c->dp.version, &ports[k])) {
            break;
        }
        k++;
    }
    if (rd.left) {
        /* Keep the ports that decoded; the connection stays (as Ryu). */
        ofm_log(MGR_NAME, OFM_LOG_WARNING, "datapath %016llx: malformed multipart "
                "reply type %u dropped: %zu trailing bytes are not a whole port",
                (unsigned long long) c->dp.id, mp->type, (size_t) rd.left);
    }
    dp_set_ports(&c->dp, ports, k);
    free(ports);
}

static void
handle_port_status(struct ofconn *c, const struct ofm_msg *msg)
{
    struct ofm_port_status ps;
    int error = ofm_decode_port_status(msg, &ps);
    if (error) {
        if (ofm_ratelimit_allow(&bad_msg_rl)) {
            ofm_log(MGR_NAME, OFM_LOG_WARNING, "datapath %016llx: malformed "
                    "PORT_STATUS dropped: %s", (unsigned long long) c->dp.id,
                    ofm_err_str(error));
        }
        return;
    }
    dp_port_update(&c->dp, &ps.desc, ps.reason);

    struct ofm_event ev = { .type = OFM_EV_PORT_STATUS, .dp = &c->dp, .msg = msg };
    dispatch_event("ofp_event", &ev);
    if (c->closed) {
        return;
    }
    struct ofm_event psc = {
        .type = OFM_EV_PORT_STATE_CHANGE, .dp = &c->dp, .msg = msg,
        .port_no = ps.desc.port_no, .reason = ps.reason,
    };
    dispatch_event("ofp_event", &psc);
}

static void
log_switch_error(struct ofconn *c, const struct ofm_msg *msg)
{
    static struct ofm_ratelimit rl = OFM_RATELIMIT_INIT(60, 60);
    struct ofm_err_msg e;
    if (!ofm_ratelimit_allow(&rl)) {
        return;
    }
    if (ofm_decode_error(msg, &e)) {
        ofm_log(MGR_NAME, OFM_LOG_WARNING, "datapath %016llx: malformed ERROR message",
                (unsigned long long) c->dp.id);
        return;
    }
    const char *req = "?";
    if (e.data_size >= OFP_HEADER_SIZE) {
        struct ofm_msg failed;
        if (!ofm_msg_init(&failed, e.data, ofm_get16(e.data + 2) <= e.data_size
                          ? ofm_get16(e.data + 2) : OFP_HEADER_SIZE)) {
            req = ofm_msg_name(&failed);
        }
    }
    ofm_log(MGR_NAME, OFM_LOG_WARNING, "datapath %016llx: switch reports error "
            "type=%s code=%u for %s (xid 0x%x)", (unsigned long long) c->dp.id,
            ofm_err_type_name(msg->version, e.type), e.code, req, msg->xid);
}

/* Checks the framing of the variable-length elements of a flow-stats body,
 * so that no plugin is handed an element of length zero (which would loop)
 * or one that runs past the body.  Returns NULL or what is wrong. */
static const char *
check_flow_stats(const struct ofm_multipart *mp, uint8_t version, char *buf, size_t size)
{
    size_t min = version == OFP10_VERSION ? 88 : 56;
    size_t ofs = 0;
    while (ofs < mp->body_size) {
        if (mp->body_size - ofs < 2) {
            snprintf(buf, size, "truncated flow-stats entry at body offset %zu", ofs);
            return buf;
        }
        size_t len = ofm_get16(mp->body + ofs);
        if (len < min || len > mp->body_size - ofs) {
            snprintf(buf, size, "flow-stats entry of length %zu at body offset %zu "
                     "(%zu bytes left)", len, ofs, mp->body_size - ofs);
            return buf;
        }
        ofs += len;
    }
    return NULL;
}

static void
handle_multipart(struct ofconn *c, const struct ofm_msg *msg)
{
    struct ofm_multipart part, whole;
    int error = ofm_decode_multipart(msg, &part);
    if (error) {
        if (ofm_ratelimit_allow(&bad_msg_rl)) {
            ofm_log(MGR_NAME, OFM_LOG_WARNING, "datapath %016llx: malformed "
                    "multipart reply type %u dropped: %s", (unsigned long long) c->dp.id,
                    msg->size >= 10 ? ofm_get16(msg->data + 8) : 0,
                    ofm_err_str(error));
        }
        return;
    }
    bool complete = dp_multipart_add(&c->dp, msg, &whole);
    mp_timer_update(c);
    if (!complete) {
        return;                 /* More parts to come. */
    }

    char cause[128];
    const char *bad = (whole.type == OFPMP_FLOW
                       ? check_flow_stats(&whole, msg->version, cause, sizeof cause)
                       : NULL);
    if (bad) {
        /* Dropped, the connection kept (as Ryu): the rest of what the
         * switch says may well be fine. */
        if (ofm_ratelimit_allow(&bad_msg_rl)) {
            ofm_log(MGR_NAME, OFM_LOG_WARNING, "datapath %016llx: malformed multipart "
                    "reply type %u dropped: %s", (unsigned long long) c->dp.id,
                    whole.type, bad);
        }
        dp_multipart_done(&c->dp, msg->xid);
        mp_timer_update(c);
        return;
    }
    if (whole.type == OFPMP_PORT_DESC) {
        handle_port_desc(c, &whole);
    }
    int type = dispatch_msg_event(msg, &whole);
    if (type >= 0) {
        struct ofm_event ev = { .type = type, .dp = &c->dp, .msg = msg, .multipart = &whole };
        dispatch_event("ofp_event", &ev);
    }
    dp_multipart_done(&c->dp, msg->xid);
    mp_timer_update(c);
    if (!c->closed && whole.type == OFPMP_PORT_DESC && c->dp.state == OFM_STATE_CONFIG) {
        enter_main(c);
    }
}

static bool
is_multipart_reply(const struct ofm_msg *msg)
{
    return msg->type == (msg->version == OFP10_VERSION
                         ? OFPT10_STATS_REPLY : OFPT13_MULTIPART_REPLY);
}

static void
handle_msg(struct ofconn *c, const uint8_t *data, size_t size)
{
    /* conn_process() checked the length: fill the header in here rather
     * than through ofm_msg_init(), once per message. */
    struct ofm_msg msg = {
        .data = data,
        .size = size,
        .version = data[0],
        .type = data[1],
        .xid = ofm_get32(data + 4),
    };
    c->dp.counters.msgs_in++;

    if (!c->hello_done) {
        if (msg.type != OFPT13_HELLO) {
            char why[128];
            snprintf(why, sizeof why, "expected HELLO, received message type %u "
                     "(version 0x%02x)", msg.type, msg.version);
            ofconn_close(c, OFM_DISC_MALFORMED, why);
            return;
        }
        handle_hello(c, &msg);
        return;
    }
    if (msg.version != c->dp.version) {
        if (ofm_ratelimit_allow(&bad_msg_rl)) {
            ofm_log(MGR_NAME, OFM_LOG_WARNING, "%s: dropping message of version 0x%02x "
                    "on a version 0x%02x connection", c->peer, msg.version,
                    c->dp.version);
        }
        send_error(c, c->dp.version, msg.xid, OFPET_BAD_REQUEST, OFPBRC_BAD_VERSION,
                   data, size);
        return;
    }

    c->dp.counters.packet_ins += msg.type == OFPT13_PACKET_IN;  /* Same in 1.0. */
    switch (msg.type) {
    case OFPT13_ECHO_REQUEST:
        ofm_encode_echo(&c->tx, msg.version, OFPT13_ECHO_REPLY, msg.xid,
                        data + OFP_HEADER_SIZE, size - OFP_HEADER_SIZE);
        ofconn_sent(c);
        break;
    case OFPT13_ECHO_REPLY:
        c->unreplied_echos = 0;
        break;
    case OFPT13_FEATURES_REPLY:
        handle_features(c, &msg);
        return;
    case OFPT13_PORT_STATUS:
        handle_port_status(c, &msg);
        return;
    case OFPT13_ERROR:
        log_switch_error(c, &msg);
        break;
    case OFPT13_HELLO:
        return;                 /* A second HELLO means nothing. */
    default:
        if (is_multipart_reply(&msg)) {
            handle_multipart(c, &msg);
            return;
        }
        break;
    }

    int type = dispatch_msg_event(&msg, NULL);
    if (type < 0) {
        if (ofm_ratelimit_allow(&bad_msg_rl)) {
            ofm_log(MGR_NAME, OFM_LOG_WARNING, "datapath %016llx: unexpected message "
                    "type %u from switch", (unsigned long long) c->dp.id, msg.type);
        }
        send_error(c, msg.version, msg.xid, OFPET_BAD_REQUEST, OFPBRC_BAD_TYPE,
                   data, size);
        return;
    }
    struct ofm_event ev = { .type = type, .dp = &c->dp, .msg = &msg };
    dispatch_event("ofp_event", &ev);
}

/* ---- Listening. ---- */

struct ofconn *
ofconn_adopt(struct ev_loop *loop, int fd, const char *host, int port)
{
    start_loop_watchers(loop);
    set_nonblocking(fd);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

    struct ofconn *c = conn_create(loop, fd);
    snprintf(c->peer, sizeof c->peer, "%s:%d", host, port);
    snprintf(c->peer_repr, sizeof c->peer_repr, "('%s', %d)", host, port);
    ofm_log(MGR_NAME, OFM_LOG_DEBUG, "connected socket:<fd %d> address:%s",
            fd, c->peer_repr);
    return c;
}

static void
accept_cb(struct ev_loop *loop, ev_io *w, int revents)
{
    struct listener *l = w->data;

    /* Take what is waiting, but not forever: other watchers need turns. */
    for (int i = 0; i < 64; i++) {
        struct sockaddr_storage ss;
        socklen_t len = sizeof ss;
        int fd = accept(l->fd, (struct sockaddr *) &ss, &len);
        if (fd < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                static struct ofm_ratelimit rl = OFM_RATELIMIT_INIT(10, 10);
                if (ofm_ratelimit_allow(&rl)) {
                    ofm_log(MGR_NAME, OFM_LOG_ERROR, "accept failed: %s", strerror(errno));
                }
            }
            return;
        }
        char host[INET6_ADDRSTRLEN] = "?";
        int port = 0;
        if (ss.ss_family == AF_INET) {
            struct sockaddr_in *sin = (struct sockaddr_in *) &ss;
            inet_ntop(AF_INET, &sin->sin_addr, host, sizeof host);
            port = ntohs(sin->sin_port);
        } else if (ss.ss_family == AF_INET6) {
            struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) &ss;
            inet_ntop(AF_INET6, &sin6->sin6_addr, host, sizeof host);
            port = ntohs(sin6->sin6_port);
        }
        ofconn_adopt(loop, fd, host, port);
    }
}

int
ofconn_listen(struct ev_loop *loop, const struct mgr_settings *s, char *err, size_t err_size)
{
    start_loop_watchers(loop);
    for (size_t i = 0; i < 2; i++) {
        if (!s->listen_ports[i]) {
            continue;
        }
        char port[16];
        snprintf(port, sizeof port, "%d", s->listen_ports[i]);
        struct addrinfo hints = {
            .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
            .ai_flags = AI_PASSIVE | AI_NUMERICSERV,
        };
        struct addrinfo *ai;
        int gai = getaddrinfo(s->listen_host, port, &hints, &ai);
        if (gai) {
            snprintf(err, err_size, "cannot listen on %s:%s: %s", s->listen_host,
                     port, gai_strerror(gai));
            return EINVAL;
        }

        int fd = socket(ai->ai_family, SOCK_STREAM, 0);
        int one = 1;
        if (fd < 0
            || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one)
            || bind(fd, ai->ai_addr, ai->ai_addrlen)
            || listen(fd, 1024)) {
            snprintf(err, err_size, "cannot listen on %s:%s: %s", s->listen_host,
                     port, strerror(errno));
            if (fd >= 0) {
                close(fd);
            }
            freeaddrinfo(ai);
            return errno ? errno : EINVAL;
        }
        freeaddrinfo(ai);
        set_nonblocking(fd);

        /* A started watcher must not move: allocate each listener alone. */
        struct listener **v = realloc(listeners, (n_listeners + 1) * sizeof *v);
        struct listener *l = calloc(1, sizeof *l);
        if (!v || !l) {
            abort();
        }
        listeners = v;
        l->fd = fd;
        ev_io_init(&l->io, accept_cb, fd, EV_READ);
        l->io.data = l;
        ev_io_start(loop, &l->io);
        listeners[n_listeners++] = l;
        ofm_log(MGR_NAME, OFM_LOG_DEBUG, "listening on %s:%s", s->listen_host, port);
    }
    return 0;
}

void
ofconn_shutdown(struct ev_loop *loop)
{
    while (all_conns) {
        ofconn_close(all_conns, OFM_DISC_SHUTDOWN, "controller shutting down");
    }
    reap_cb(loop, NULL, 0);
    for (size_t i = 0; i < n_listeners; i++) {
        ev_io_stop(loop, &listeners[i]->io);
        close(listeners[i]->fd);
        free(listeners[i]);
    }
    free(listeners);
    listeners = NULL;
    n_listeners = 0;
    if (watchers_started) {
        ev_ref(loop);
        ev_prepare_stop(loop, &flush_watcher);
        ev_ref(loop);
        ev_check_stop(loop, &reap_watcher);
        watchers_started = false;
    }
}
