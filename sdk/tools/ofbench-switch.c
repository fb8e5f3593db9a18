/* ofbench-switch.c: the fake switches of ofbench and the workers that run
 * them.
 *
 * A worker owns one libev loop and a slice of the switches.  Each switch is
 * one non-blocking TCP connection to the controller, moved by the same
 * stream layer as the manager's (stream/stream.h): it reads as much as the
 * socket has into the loop's shared read buffer, hands every complete
 * message to handle_msg(), and the replies and new PACKET_INs built meanwhile
 * (into the loop's shared output buffer) leave with one send().  Only what
 * the socket refuses, and a trailing partial message, are copied into
 * per-switch heap buffers; an idle switch holds no buffers at all.  Unlike
 * the manager, a fake switch keeps reading while its output is backed up
 * (stream_keep_reading()): the controller pauses its reading in that case,
 * and if both did, neither would drain.
 *
 * Nothing here allocates per message, and nothing blocks. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "ofbench.h"

#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "ofm/buf.h"
#include "ofm/ofp.h"
#include "stream.h"

/* Bound on a fake switch's queued output: far above what any mode queues
 * (fill mode queues at most one chunk past what the socket took). */
#define TX_LIMIT   (64 * 1024 * 1024)

/* Throughput mode without a window: PACKET_INs are written in chunks of
 * about this many bytes, a few chunks per writable event at most (the
 * stream layer's writable() bursts), so that one switch cannot monopolize
 * the worker.  Chunks of 64 kB let the
 * kernel build full-size loopback segments: with 16 kB ones, ofbench spent
 * nearly twice the CPU per response and was the bottleneck. */
#define TP_CHUNK   (64 * 1024)

/* Buffer ids cycle below the n_buffers the FEATURES_REPLY announces. */
#define N_BUFFERS  256

enum sw_state {
    SW_IDLE,            /* Not connected yet. */
    SW_CONNECTING,      /* connect() in progress. */
    SW_OPEN,            /* Connected. */
    SW_LOST,            /* Failed or closed; never reused. */
};

enum sw_flags {
    F_HELLO    = 1 << 0,        /* Controller's HELLO accepted. */
    F_FEATURES = 1 << 1,        /* FEATURES_REPLY sent. */
    F_PORTDESC = 1 << 2,        /* PORT_DESC reply sent. */
    F_ECHO     = 1 << 3,        /* Our ECHO_REQUEST awaits its reply. */
};

/* Message kinds, version independent. */
enum kind {
    K_HELLO, K_ERROR, K_ECHO_REQUEST, K_ECHO_REPLY, K_VENDOR,
    K_FEATURES_REQUEST, K_GET_CONFIG_REQUEST, K_SET_CONFIG, K_PACKET_OUT,
    K_FLOW_MOD, K_PORT_MOD, K_STATS_REQUEST, K_BARRIER_REQUEST,
    K_QUEUE_GET_CONFIG_REQUEST, K_GROUP_MOD, K_TABLE_MOD, K_ROLE_REQUEST,
    K_GET_ASYNC_REQUEST, K_SET_ASYNC, K_METER_MOD,
    K_TO_CONTROLLER,    /* A type only a switch sends. */
    K_UNKNOWN,
};

/* What each message type is and how long it must be: at least 'min'
 * bytes, exactly 'min' if 'exact'. */
struct msg_rule {
    uint8_t kind;
    bool exact;
    uint16_t min;
};

static const struct msg_rule rules10[] = {
    [OFPT10_HELLO] = { K_HELLO, false, 8 },
    [OFPT10_ERROR] = { K_ERROR, false, 12 },
    [OFPT10_ECHO_REQUEST] = { K_ECHO_REQUEST, false, 8 },
    [OFPT10_ECHO_REPLY] = { K_ECHO_REPLY, false, 8 },
    [OFPT10_VENDOR] = { K_VENDOR, false, 12 },
    [OFPT10_FEATURES_REQUEST] = { K_FEATURES_REQUEST, true, 8 },
    [OFPT10_FEATURES_REPLY] = { K_TO_CONTROLLER, false, 8 },
    [OFPT10_GET_CONFIG_REQUEST] = { K_GET_CONFIG_REQUEST, true, 8 },
    [OFPT10_GET_CONFIG_REPLY] = { K_TO_CONTROLLER, false, 8 },
    [OFPT10_SET_CONFIG] = { K_SET_CONFIG, true, 12 },
    [OFPT10_PACKET_IN] = { K_TO_CONTROLLER, false, 8 },
    [OFPT10_FLOW_REMOVED] = { K_TO_CONTROLLER, false, 8 },
    [OFPT10_PORT_STATUS] = { K_TO_CONTROLLER, false, 8 },
    [OFPT10_PACKET_OUT] = { K_PACKET_OUT, false, OFP10_PACKET_OUT_SIZE },
    [OFPT10_FLOW_MOD] = { K_FLOW_MOD, false, OFP10_FLOW_MOD_SIZE },
    [OFPT10_PORT_MOD] = { K_PORT_MOD, true, OFP10_PORT_MOD_SIZE },
    [OFPT10_STATS_REQUEST] = { K_STATS_REQUEST, false, OFP10_STATS_MSG_SIZE },
    [OFPT10_STATS_REPLY] = { K_TO_CONTROLLER, false, 8 },
    [OFPT10_BARRIER_REQUEST] = { K_BARRIER_REQUEST, true, 8 },
    [OFPT10_BARRIER_REPLY] = { K_TO_CONTROLLER, false, 8 },
    [OFPT10_QUEUE_GET_CONFIG_REQUEST] = { K_QUEUE_GET_CONFIG_REQUEST, true,
                                          12 },
    [OFPT10_QUEUE_GET_CONFIG_REPLY] = { K_TO_CONTROLLER, false, 8 },
};

static const struct msg_rule rules13[] = {
    [OFPT13_HELLO] = { K_HELLO, false, 8 },
    [OFPT13_ERROR] = { K_ERROR, false, 12 },
    [OFPT13_ECHO_REQUEST] = { K_ECHO_REQUEST, false, 8 },
    [OFPT13_ECHO_REPLY] = { K_ECHO_REPLY, false, 8 },
    [OFPT13_EXPERIMENTER] = { K_VENDOR, false, 16 },
    [OFPT13_FEATURES_REQUEST] = { K_FEATURES_REQUEST, true, 8 },
    [OFPT13_FEATURES_REPLY] = { K_TO_CONTROLLER, false, 8 },
    [OFPT13_GET_CONFIG_REQUEST] = { K_GET_CONFIG_REQUEST, true, 8 },
    [OFPT13_GET_CONFIG_REPLY] = { K_TO_CONTROLLER, false, 8 },
    [OFPT13_SET_CONFIG] = { K_SET_CONFIG, true, 12 },
    [OFPT13_PACKET_IN] = { K_TO_CONTROLLER, false, 8 },
    [OFPT13_FLOW_REMOVED] = { K_TO_CONTROLLER, false, 8 },
    [OFPT13_PORT_STATUS] = { K_TO_CONTROLLER, false, 8 },
    [OFPT13_PACKET_OUT] = { K_PACKET_OUT, false, OFP13_PACKET_OUT_SIZE },
    [OFPT13_FLOW_MOD] = { K_FLOW_MOD, false, OFP13_FLOW_MOD_SIZE },
    [OFPT13_GROUP_MOD] = { K_GROUP_MOD, false, 16 },
    [OFPT13_PORT_MOD] = { K_PORT_MOD, true, OFP13_PORT_MOD_SIZE },
    [OFPT13_TABLE_MOD] = { K_TABLE_MOD, true, 16 },
    [OFPT13_MULTIPART_REQUEST] = { K_STATS_REQUEST, false,
                                   OFP13_MULTIPART_MSG_SIZE },
    [OFPT13_MULTIPART_REPLY] = { K_TO_CONTROLLER, false, 8 },
    [OFPT13_BARRIER_REQUEST] = { K_BARRIER_REQUEST, true, 8 },
    [OFPT13_BARRIER_REPLY] = { K_TO_CONTROLLER, false, 8 },
    [OFPT13_QUEUE_GET_CONFIG_REQUEST] = { K_QUEUE_GET_CONFIG_REQUEST, true,
                                          16 },
    [OFPT13_QUEUE_GET_CONFIG_REPLY] = { K_TO_CONTROLLER, false, 8 },
    [OFPT13_ROLE_REQUEST] = { K_ROLE_REQUEST, true, 24 },
    [OFPT13_ROLE_REPLY] = { K_TO_CONTROLLER, false, 8 },
    [OFPT13_GET_ASYNC_REQUEST] = { K_GET_ASYNC_REQUEST, true, 8 },
    [OFPT13_GET_ASYNC_REPLY] = { K_TO_CONTROLLER, false, 8 },
    [OFPT13_SET_ASYNC] = { K_SET_ASYNC, true, 32 },
    [OFPT13_METER_MOD] = { K_METER_MOD, false, 16 },
};

static const char *const kind_names[] = {
    [K_HELLO] = "HELLO", [K_ERROR] = "ERROR",
    [K_ECHO_REQUEST] = "ECHO_REQUEST", [K_ECHO_REPLY] = "ECHO_REPLY",
    [K_VENDOR] = "VENDOR/EXPERIMENTER",
    [K_FEATURES_REQUEST] = "FEATURES_REQUEST",
    [K_GET_CONFIG_REQUEST] = "GET_CONFIG_REQUEST",
    [K_SET_CONFIG] = "SET_CONFIG", [K_PACKET_OUT] = "PACKET_OUT",
    [K_FLOW_MOD] = "FLOW_MOD", [K_PORT_MOD] = "PORT_MOD",
    [K_STATS_REQUEST] = "STATS/MULTIPART_REQUEST",
    [K_BARRIER_REQUEST] = "BARRIER_REQUEST",
    [K_QUEUE_GET_CONFIG_REQUEST] = "QUEUE_GET_CONFIG_REQUEST",
    [K_GROUP_MOD] = "GROUP_MOD", [K_TABLE_MOD] = "TABLE_MOD",
    [K_ROLE_REQUEST] = "ROLE_REQUEST",
    [K_GET_ASYNC_REQUEST] = "GET_ASYNC_REQUEST", [K_SET_ASYNC] = "SET_ASYNC",
    [K_METER_MOD] = "METER_MOD", [K_TO_CONTROLLER] = "switch-to-controller",
    [K_UNKNOWN] = "unknown",
};

/* The PACKET_IN every switch sends, with per-packet fields patched in. */
static uint8_t pin_tmpl[128];
static size_t pin_len;          /* Bytes of PACKET_IN. */
static size_t pin_frame;        /* Offset of the Ethernet frame in it. */

static atomic_uint reports[OFB_REP_N];

int64_t
ofb_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void
ofb_report(enum ofb_report_kind kind, uint64_t dpid, const char *fmt, ...)
{
    static const char *const names[OFB_REP_N] = {
        "malformed", "unexpected", "lost",
    };
    unsigned n = atomic_fetch_add_explicit(&reports[kind], 1,
                                           memory_order_relaxed);
    if (n >= OFB_MAX_REPORTS) {
        return;
    }

    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "ofbench: switch %" PRIu64 ": %s: %s%s\n", dpid,
            names[kind], msg,
            n + 1 == OFB_MAX_REPORTS ? " (further ones not shown)" : "");
}

/* Counters have a single writer, so a relaxed load and store is enough and
 * compiles to a plain add. */
static inline void
add64(atomic_uint_fast64_t *c, uint64_t n)
{
    atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + n,
                          memory_order_relaxed);
}

static inline void
inc32(atomic_uint *c)
{
    atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + 1,
                          memory_order_relaxed);
}

static inline void
set_time(atomic_int_fast64_t *t, int64_t v)
{
    atomic_store_explicit(t, v, memory_order_relaxed);
}

static inline uint64_t
dpid_of(const struct ofb_switch *s)
{
    return (uint64_t) s->id + 1;
}

/* Builds the PACKET_IN template: a 64-byte IPv4 frame shaped like cbench's
 * (destination 00:00:00:00:00:<dpid>, source 00:<MAC index, 4 bytes
 * little-endian>:<dpid>, IPv4 protocol 255 from 192.168.0.40 to
 * 192.168.1.40), received on port 1, buffered. */
static void
build_packet_in_template(uint8_t version)
{
    uint8_t *p = pin_tmpl;
    memset(pin_tmpl, 0, sizeof pin_tmpl);

    p[0] = version;
    p[1] = OFPT10_PACKET_IN;    /* Same number in 1.3. */
    if (version == OFP10_VERSION) {
        pin_frame = OFP10_PACKET_IN_SIZE;
        ofm_put16(p + 12, 64);          /* total_len */
        ofm_put16(p + 14, 1);           /* in_port */
        p[16] = OFPR_NO_MATCH;
    } else {
        pin_frame = 42;
        ofm_put16(p + 12, 64);          /* total_len */
        p[14] = OFPR_NO_MATCH;
        p[15] = 0;                      /* table_id */
        ofm_put16(p + 24, OFPMT_OXM);   /* match: in_port = 1 */
        ofm_put16(p + 26, 12);
        ofm_put32(p + 28, OFM_OXM_HEADER(OFPXMC_OPENFLOW_BASIC,
                                         OFPXMT_IN_PORT, 0, 4));
        ofm_put32(p + 32, 1);
    }
    pin_len = pin_frame + 64;
    ofm_put16(p + 2, (uint16_t) pin_len);

    uint8_t *f = p + pin_frame;
    f[5] = 1;                           /* dst 00:00:00:00:00:01 */
    f[11] = 2;                          /* src 00:00:00:00:00:02 */
    ofm_put16(f + 12, 0x0800);
    uint8_t *ip = f + 14;
    ip[0] = 0x45;
    ofm_put16(ip + 2, 50);              /* 20 header + 30 payload */
    ip[8] = 64;                         /* TTL */
    ip[9] = 0xff;                       /* Protocol: reserved. */
    static const uint8_t src[4] = { 192, 168, 0, 40 };
    static const uint8_t dst[4] = { 192, 168, 1, 40 };
    memcpy(ip + 12, src, 4);
    memcpy(ip + 16, dst, 4);
    uint32_t sum = 0;
    for (int i = 0; i < 20; i += 2) {
        sum += ofm_get16(ip + i);
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    ofm_put16(ip + 10, (uint16_t) ~sum);
    for (int i = 0; i < 30; i++) {
        ip[20 + i] = (uint8_t) (0x30 + i);      /* Arbitrary payload. */
    }
}

/* ---- Output. ---- */

static inline bool
fill_mode(const struct ofb_worker *w)
{
    return w->running && ofb_cfg.mode == OFB_THROUGHPUT && !ofb_cfg.window;
}

/* Output goes into the switch's stream queue: inside a read (or a
 * writable burst) that is the loop's shared output buffer, written once
 * the read is handled; otherwise the switch's own queue, written before
 * the loop waits again. */
static inline uint8_t *
out_room(struct ofb_worker *w, struct ofb_switch *s, size_t n)
{
    return ofm_buf_put_uninit(stream_txbuf(&s->st), n);
}

/* Done queuing: a failure (the queue bound) comes back through
 * sw_failed() from the loop. */
static inline void
flush(struct ofb_worker *w, struct ofb_switch *s)
{
    (void) stream_sent(&s->st);
}

/* Starts a message of 'len' bytes (zeroed) with the switch's version. */
static uint8_t *
out_msg(struct ofb_worker *w, struct ofb_switch *s, uint8_t type, size_t len,
        uint32_t xid)
{
    uint8_t *p = out_room(w, s, len);
    memset(p, 0, len);
    p[0] = ofb_cfg.version;
    p[1] = type;
    ofm_put16(p + 2, (uint16_t) len);
    ofm_put32(p + 4, xid);
    return p;
}

static void
put_packet_in(struct ofb_worker *w, struct ofb_switch *s)
{
    uint8_t *p = out_room(w, s, pin_len);
    /* Constant sizes let the compiler inline the copy. */
    if (pin_len == OFP10_PACKET_IN_SIZE + 64) {
        memcpy(p, pin_tmpl, OFP10_PACKET_IN_SIZE + 64);
    } else {
        memcpy(p, pin_tmpl, 42 + 64);
    }
    ofm_put32(p + 4, s->xid++);
    ofm_put32(p + 8, s->buffer_id);
    s->buffer_id = (s->buffer_id + 1) % N_BUFFERS;

    uint8_t *f = p + pin_frame;
    uint8_t id = (uint8_t) dpid_of(s);
    uint32_t mac = s->mac;
    f[5] = id;
    f[7] = (uint8_t) mac;
    f[8] = (uint8_t) (mac >> 8);
    f[9] = (uint8_t) (mac >> 16);
    f[10] = (uint8_t) (mac >> 24);
    f[11] = id;
    if (++s->mac >= ofb_cfg.n_macs) {
        s->mac = 0;
    }
    s->outstanding++;
}

/* Latency and windowed throughput: sends PACKET_INs until the window is
 * full again. */
static void
top_up(struct ofb_worker *w, struct ofb_switch *s)
{
    uint32_t window = ofb_cfg.mode == OFB_LATENCY ? 1 : ofb_cfg.window;
    if (!window || s->outstanding >= window) {
        return;
    }
    uint32_t n = window - s->outstanding;
    for (uint32_t i = 0; i < n; i++) {
        put_packet_in(w, s);
    }
    add64(&w->st.packet_ins, n);
}

/* Throughput without a window: the socket takes more, so queue one chunk
 * of PACKET_INs (the stream's writable() callback). */
static void
sw_writable(struct stream *st)
{
    struct ofb_switch *s = (struct ofb_switch *) st;
    struct ofb_worker *w = s->w;
    size_t per_chunk = TP_CHUNK / pin_len;

    for (size_t i = 0; i < per_chunk; i++) {
        put_packet_in(w, s);
    }
    add64(&w->st.packet_ins, per_chunk);
    flush(w, s);
}

/* ---- Connections. ---- */

static void start_connects(struct ofb_worker *);
static void connect_cb(struct ev_loop *, ev_io *, int);

static void
sw_lost(struct ofb_worker *w, struct ofb_switch *s, const char *why)
{
    if (s->state == SW_LOST) {
        return;
    }
    ofb_report(OFB_REP_LOST, dpid_of(s), "%s", why);
    if (s->state == SW_CONNECTING) {
        ev_io_stop(w->loop, &s->cio);
        close(s->cio.fd);
    } else if (s->state == SW_OPEN) {
        stream_close(&s->st);
    }
    if (!(s->flags & F_HELLO)) {
        w->connecting--;
    }
    if (!(s->flags & F_FEATURES)) {
        inc32(&w->st.n_lost_handshake);
    }
    if (!(s->flags & F_PORTDESC)) {
        inc32(&w->st.n_lost_no_portdesc);
    }
    inc32(&w->st.n_lost);
    s->state = SW_LOST;
    start_connects(w);
}

static void
sw_lost_errno(struct ofb_worker *w, struct ofb_switch *s, const char *what,
              int err)
{
    char why[128];
    snprintf(why, sizeof why, "%s: %s", what, strerror(err));
    sw_lost(w, s, why);
}

/* Queues our HELLO, the first thing a switch says once connected. */
static void
queue_hello(struct ofb_switch *s)
{
    uint8_t hello[16] = { ofb_cfg.version, OFPT10_HELLO };

    if (ofb_cfg.version == OFP10_VERSION) {
        ofm_put16(hello + 2, 8);
        (void) stream_send(&s->st, hello, 8);
    } else {
        /* Header plus a version bitmap element naming only 1.3. */
        ofm_put16(hello + 2, 16);
        ofm_put16(hello + 8, OFPHET_VERSIONBITMAP);
        ofm_put16(hello + 10, 8);
        ofm_put32(hello + 12, 1u << OFP13_VERSION);
        (void) stream_send(&s->st, hello, 16);
    }
}

static void
sw_connect(struct ofb_worker *w, struct ofb_switch *s)
{
    int fd = socket(ofb_cfg.addr.ss_family,
                    SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    s->state = SW_CONNECTING;
    w->connecting++;
    if (fd < 0) {
        s->state = SW_IDLE;
        sw_lost_errno(w, s, "socket", errno);
        return;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

    if (!atomic_load_explicit(&w->st.t_first_connect, memory_order_relaxed)) {
        set_time(&w->st.t_first_connect, ofb_now_ns());
    }
    if (connect(fd, (const struct sockaddr *) &ofb_cfg.addr,
                ofb_cfg.addrlen) < 0 && errno != EINPROGRESS) {
        int err = errno;
        close(fd);
        s->state = SW_IDLE;
        sw_lost_errno(w, s, "connect", err);
        return;
    }
    ev_io_init(&s->cio, connect_cb, fd, EV_WRITE);
    s->cio.data = s;
    ev_io_start(w->loop, &s->cio);
}

static void
start_connects(struct ofb_worker *w)
{
    static _Thread_local bool busy;
    if (busy) {
        return;         /* A failing connect called us back: the loop below
                         * carries on. */
    }
    busy = true;
    while (w->next_connect < w->n_sw
           && (!w->connect_window || w->connecting < w->connect_window)) {
        sw_connect(w, &w->sw[w->next_connect++]);
    }
    busy = false;
}

/* ---- Messages from the controller. ---- */

static void
malformed(struct ofb_worker *w, struct ofb_switch *s, enum kind k,
          const char *why)
{
    add64(&w->st.malformed, 1);
    if (k == K_FLOW_MOD) {
        add64(&w->st.malformed_fm, 1);
    } else if (k == K_PACKET_OUT) {
        add64(&w->st.malformed_po, 1);
    }
    ofb_report(OFB_REP_MALFORMED, dpid_of(s), "%s: %s", kind_names[k], why);
}

static void
unexpected(struct ofb_worker *w, struct ofb_switch *s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
unexpected(struct ofb_worker *w, struct ofb_switch *s, const char *fmt, ...)
{
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    add64(&w->st.unexpected, 1);
    ofb_report(OFB_REP_UNEXPECTED, dpid_of(s), "%s", msg);
}

/* Sends an ERROR of 'type'/'code' quoting up to 64 bytes of 'req'. */
static void
put_error(struct ofb_worker *w, struct ofb_switch *s, uint16_t type,
          uint16_t code, const uint8_t *req, size_t req_len)
{
    size_t data = req_len < 64 ? req_len : 64;
    uint8_t *p = out_msg(w, s, OFPT10_ERROR, OFP_ERROR_MSG_SIZE + data,
                         ofm_get32(req + 4));
    ofm_put16(p + 8, type);
    ofm_put16(p + 10, code);
    memcpy(p + 12, req, data);
}

/* The controller's HELLO: agree on our version or give up. */
static void
handle_hello(struct ofb_worker *w, struct ofb_switch *s, const uint8_t *m,
             size_t len)
{
    uint8_t want = ofb_cfg.version;
    uint8_t theirs = m[0];
    bool has_bitmap = false, ok;
    uint32_t bitmap_word = 0;

    if (s->flags & F_HELLO) {
        unexpected(w, s, "second HELLO");
        return;
    }
    /* Elements (1.3 and later): type, length without padding, padded to
     * 8 bytes. */
    if (theirs >= OFP13_VERSION) {
        size_t off = 8;
        while (len - off >= 4) {
            uint16_t et = ofm_get16(m + off);
            uint16_t el = ofm_get16(m + off + 2);
            if (el < 4 || el > len - off) {
                malformed(w, s, K_HELLO, "element length out of range");
                break;
            }
            if (et == OFPHET_VERSIONBITMAP) {
                has_bitmap = true;
                size_t word = want / 32;
                if (4 + 4 * word + 4 <= el) {
                    bitmap_word = ofm_get32(m + off + 4 + 4 * word);
                }
            }
            size_t padded = ((size_t) el + 7) / 8 * 8;
            if (padded >= len - off) {
                break;
            }
            off += padded;
        }
    }
    ok = has_bitmap ? (bitmap_word >> (want % 32)) & 1 : theirs >= want;
    if (!ok) {
        static const char text[] = "ofbench: no common OpenFlow version";
        uint8_t *p = out_msg(w, s, OFPT10_ERROR,
                             OFP_ERROR_MSG_SIZE + sizeof text - 1,
                             ofm_get32(m + 4));
        ofm_put16(p + 8, OFPET_HELLO_FAILED);
        ofm_put16(p + 10, OFPHFC_INCOMPATIBLE);
        memcpy(p + 12, text, sizeof text - 1);
        flush(w, s);
        char why[96];
        snprintf(why, sizeof why, "version negotiation failed: controller "
                 "offers 0x%02x%s, ofbench speaks 0x%02x", theirs,
                 has_bitmap ? " (bitmap)" : "", want);
        sw_lost(w, s, why);
        return;
    }
    /* The controller has accepted this connection: it no longer takes a
     * place in its listen backlog, so the next switch may connect. */
    s->flags |= F_HELLO;
    w->connecting--;
    start_connects(w);
}

/* Writes a port name, truncated to fit its 16-byte NUL-terminated field. */
static void
put_port_name(uint8_t *p, uint64_t dpid, uint32_t port)
{
    char name[64];
    int n = snprintf(name, sizeof name, "s%" PRIu64 "-eth%" PRIu32, dpid,
                     port);
    size_t len = n < 0 ? 0 : (size_t) n;
    memcpy(p, name, len < OFP_MAX_PORT_NAME_LEN - 1
                    ? len : OFP_MAX_PORT_NAME_LEN - 1);
}

static void
put_port10(uint8_t *p, const struct ofb_switch *s, uint16_t port)
{
    uint64_t dpid = dpid_of(s);
    ofm_put16(p, port);
    p[2] = 0x02;                        /* Locally administered MAC. */
    ofm_put32(p + 3, (uint32_t) dpid);
    p[7] = (uint8_t) port;
    put_port_name(p + 8, dpid, port);
    /* config 0, state 0 (link up). */
    ofm_put32(p + 32, (1u << 6) | (1u << 7));   /* curr: 10GB_FD, COPPER */
    ofm_put32(p + 40, (1u << 6) | (1u << 7));   /* supported */
}

static void
put_port13(uint8_t *p, const struct ofb_switch *s, uint32_t port)
{
    uint64_t dpid = dpid_of(s);
    ofm_put32(p, port);
    p[8] = 0x02;
    ofm_put32(p + 9, (uint32_t) dpid);
    p[13] = (uint8_t) port;
    put_port_name(p + 16, dpid, port);
    ofm_put32(p + 36, OFPPS_LIVE);                  /* state */
    ofm_put32(p + 40, (1u << 6) | (1u << 11));      /* curr: 10GB_FD, COPPER */
    ofm_put32(p + 48, (1u << 6) | (1u << 11));      /* supported */
    ofm_put32(p + 56, 10000000);                    /* curr_speed, kb/s */
    ofm_put32(p + 60, 10000000);                    /* max_speed */
}

static void
features_done(struct ofb_worker *w, struct ofb_switch *s)
{
    if (s->flags & F_FEATURES) {
        return;
    }
    s->flags |= F_FEATURES;
    inc32(&w->st.n_features);
    set_time(&w->st.t_last_features, ofb_now_ns());
    if (fill_mode(w)) {
        stream_want_writable(&s->st, true);     /* Late to the tests. */
    }
}

static void
handle_features_request(struct ofb_worker *w, struct ofb_switch *s,
                        const uint8_t *m)
{
    uint32_t xid = ofm_get32(m + 4);
    uint32_t np = ofb_cfg.n_ports;

    if (ofb_cfg.version == OFP10_VERSION) {
        uint8_t *p = out_msg(w, s, OFPT10_FEATURES_REPLY,
                             OFP10_SWITCH_FEATURES_SIZE
                             + np * OFP10_PHY_PORT_SIZE, xid);
        ofm_put64(p + 8, dpid_of(s));
        ofm_put32(p + 16, N_BUFFERS);
        p[20] = 1;                                      /* n_tables */
        ofm_put32(p + 24, OFPC_FLOW_STATS | OFPC_TABLE_STATS
                  | OFPC_PORT_STATS | OFPC10_ARP_MATCH_IP);
        ofm_put32(p + 28, 0xfff);       /* Actions OUTPUT..ENQUEUE. */
        for (uint32_t i = 0; i < np; i++) {
            put_port10(p + OFP10_SWITCH_FEATURES_SIZE
                       + i * OFP10_PHY_PORT_SIZE, s, (uint16_t) (i + 1));
        }
    } else {
        uint8_t *p = out_msg(w, s, OFPT13_FEATURES_REPLY,
                             OFP13_SWITCH_FEATURES_SIZE, xid);
        ofm_put64(p + 8, dpid_of(s));
        ofm_put32(p + 16, N_BUFFERS);
        p[20] = 1;                                      /* n_tables */
        ofm_put32(p + 24, OFPC_FLOW_STATS | OFPC_TABLE_STATS
                  | OFPC_PORT_STATS);
    }
    features_done(w, s);
}

/* Fills an OFPMP_DESC / OFPST_DESC body. */
static void
put_desc(uint8_t *p, const struct ofb_switch *s)
{
    snprintf((char *) p, OFP_DESC_STR_LEN, "ofmanager");
    snprintf((char *) p + OFP_DESC_STR_LEN, OFP_DESC_STR_LEN,
             "ofbench fake switch");
    snprintf((char *) p + 2 * OFP_DESC_STR_LEN, OFP_DESC_STR_LEN, "ofbench");
    snprintf((char *) p + 3 * OFP_DESC_STR_LEN, OFP_SERIAL_NUM_LEN, "%" PRIu64,
             dpid_of(s));
    snprintf((char *) p + 3 * OFP_DESC_STR_LEN + OFP_SERIAL_NUM_LEN,
             OFP_DESC_STR_LEN, "ofbench switch %" PRIu64, dpid_of(s));
}

#define DESC_BODY_SIZE (4 * OFP_DESC_STR_LEN + OFP_SERIAL_NUM_LEN)

static void
handle_stats_request(struct ofb_worker *w, struct ofb_switch *s,
                     const uint8_t *m, size_t len)
{
    bool v10 = ofb_cfg.version == OFP10_VERSION;
    uint8_t reply_type = v10 ? OFPT10_STATS_REPLY : OFPT13_MULTIPART_REPLY;
    size_t hdr = v10 ? OFP10_STATS_MSG_SIZE : OFP13_MULTIPART_MSG_SIZE;
    uint16_t type = ofm_get16(m + 8);
    uint32_t xid = ofm_get32(m + 4);
    size_t body;

    switch (type) {
    case OFPMP_DESC:
        body = DESC_BODY_SIZE;
        break;
    case OFPMP_AGGREGATE:
        body = 24;
        break;
    case OFPMP_FLOW:
    case OFPMP_TABLE:
    case OFPMP_PORT_STATS:
    case OFPMP_QUEUE:
        body = 0;
        break;
    case OFPMP_GROUP:
    case OFPMP_GROUP_DESC:
    case OFPMP_METER:
    case OFPMP_METER_CONFIG:
    case OFPMP_TABLE_FEATURES:
        if (v10) {
            goto bad_stat;
        }
        body = 0;
        break;
    case OFPMP_GROUP_FEATURES:
        if (v10) {
            goto bad_stat;
        }
        body = 40;
        break;
    case OFPMP_METER_FEATURES:
        if (v10) {
            goto bad_stat;
        }
        body = 16;
        break;
    case OFPMP_PORT_DESC:
        if (v10) {
            goto bad_stat;
        }
        body = (size_t) ofb_cfg.n_ports * OFP13_PORT_SIZE;
        inc32(&w->st.n_portdesc_req);
        break;
    case OFPMP_EXPERIMENTER:
        put_error(w, s, OFPET_BAD_REQUEST, OFPBRC_BAD_EXPERIMENTER, m, len);
        return;
    default:
        goto bad_stat;
    }

    uint8_t *p = out_msg(w, s, reply_type, hdr + body, xid);
    ofm_put16(p + 8, type);
    uint8_t *b = p + hdr;
    if (type == OFPMP_DESC) {
        put_desc(b, s);
    } else if (type == OFPMP_PORT_DESC) {
        for (uint32_t i = 0; i < ofb_cfg.n_ports; i++) {
            put_port13(b + i * OFP13_PORT_SIZE, s, i + 1);
        }
        if (!(s->flags & F_PORTDESC)) {
            s->flags |= F_PORTDESC;
            inc32(&w->st.n_portdesc);
            set_time(&w->st.t_last_portdesc, ofb_now_ns());
        }
    }
    return;

bad_stat:
    put_error(w, s, OFPET_BAD_REQUEST, OFPBRC_BAD_STAT, m, len);
}

/* A response (counted or malformed) frees one slot of the window. */
static inline void
release(struct ofb_worker *w, struct ofb_switch *s)
{
    if (w->running) {
        s->answers++;
        if (s->outstanding) {
            s->outstanding--;
        }
    }
}

static void
handle_flow_mod(struct ofb_worker *w, struct ofb_switch *s, const uint8_t *m,
                size_t len)
{
    uint16_t cmd = 0;
    const char *err = ofb_check_flow_mod(m, len, ofb_cfg.version, &cmd);

    if (err) {
        release(w, s);
        malformed(w, s, K_FLOW_MOD, err);
    } else if (w->running && (cmd == OFPFC_ADD || cmd == OFPFC_MODIFY
                              || cmd == OFPFC_MODIFY_STRICT)) {
        release(w, s);
        add64(&s->responses, 1);
        add64(&w->st.responses, 1);
    } else {
        add64(&w->st.uncounted, 1);
    }
}

static void
handle_packet_out(struct ofb_worker *w, struct ofb_switch *s,
                  const uint8_t *m, size_t len)
{
    bool lldp = false;
    const char *err = ofb_check_packet_out(m, len, ofb_cfg.version, &lldp);

    if (err) {
        release(w, s);
        malformed(w, s, K_PACKET_OUT, err);
    } else if (w->running && !lldp) {
        release(w, s);
        add64(&s->responses, 1);
        add64(&w->st.responses, 1);
    } else {
        add64(&w->st.uncounted, 1);
    }
}

static void
handle_msg(struct ofb_worker *w, struct ofb_switch *s, const uint8_t *m,
           size_t len)
{
    uint8_t version = ofb_cfg.version;
    bool v10 = version == OFP10_VERSION;
    const struct msg_rule *rules = v10 ? rules10 : rules13;
    size_t n_rules = v10 ? sizeof rules10 / sizeof *rules10
                         : sizeof rules13 / sizeof *rules13;
    uint8_t type = m[1];
    uint32_t xid = ofm_get32(m + 4);
    enum kind k = type < n_rules && rules[type].min ? rules[type].kind
                                                    : K_UNKNOWN;

    if (k == K_HELLO) {
        handle_hello(w, s, m, len);
        return;
    }
    if (m[0] != version) {
        char why[64];
        snprintf(why, sizeof why, "version 0x%02x instead of 0x%02x (type %u)",
                 m[0], version, type);
        malformed(w, s, k, why);
        return;
    }
    if (!(s->flags & F_HELLO)) {
        unexpected(w, s, "%s before HELLO", kind_names[k]);
    }
    if (k != K_UNKNOWN && (rules[type].exact ? len != rules[type].min
                                             : len < rules[type].min)) {
        char why[64];
        snprintf(why, sizeof why, "length %zu, expected %s%u", len,
                 rules[type].exact ? "" : "at least ", rules[type].min);
        if (k == K_FLOW_MOD || k == K_PACKET_OUT) {
            release(w, s);
        }
        malformed(w, s, k, why);
        return;
    }

    switch (k) {
    case K_PACKET_OUT:
        handle_packet_out(w, s, m, len);
        break;
    case K_FLOW_MOD:
        handle_flow_mod(w, s, m, len);
        break;
    case K_ECHO_REQUEST: {
        uint8_t *p = out_room(w, s, len);
        memcpy(p, m, len);
        p[1] = OFPT10_ECHO_REPLY;       /* Same number in 1.3. */
        add64(&w->st.echo_answered, 1);
        break;
    }
    case K_FEATURES_REQUEST:
        handle_features_request(w, s, m);
        break;
    case K_GET_CONFIG_REQUEST: {
        uint8_t *p = out_msg(w, s, OFPT10_GET_CONFIG_REPLY,
                             OFP_SWITCH_CONFIG_SIZE, xid);
        ofm_put16(p + 8, s->cfg_flags);
        ofm_put16(p + 10, s->miss_send_len);
        break;
    }
    case K_SET_CONFIG:
        s->cfg_flags = ofm_get16(m + 8);
        s->miss_send_len = ofm_get16(m + 10);
        break;
    case K_BARRIER_REQUEST:
        out_msg(w, s, v10 ? OFPT10_BARRIER_REPLY : OFPT13_BARRIER_REPLY, 8,
                xid);
        break;
    case K_STATS_REQUEST:
        handle_stats_request(w, s, m, len);
        break;
    case K_QUEUE_GET_CONFIG_REQUEST: {
        /* The port has no queues. */
        uint8_t *p = out_msg(w, s, v10 ? OFPT10_QUEUE_GET_CONFIG_REPLY
                                       : OFPT13_QUEUE_GET_CONFIG_REPLY,
                             16, xid);
        memcpy(p + 8, m + 8, v10 ? 2 : 4);
        break;
    }
    case K_ROLE_REQUEST: {
        uint8_t *p = out_msg(w, s, OFPT13_ROLE_REPLY, 24, xid);
        uint32_t role = ofm_get32(m + 8);
        ofm_put32(p + 8, role == OFPCR_ROLE_NOCHANGE ? OFPCR_ROLE_EQUAL
                                                     : role);
        memcpy(p + 16, m + 16, 8);      /* generation_id */
        break;
    }
    case K_GET_ASYNC_REQUEST: {
        uint8_t *p = out_msg(w, s, OFPT13_GET_ASYNC_REPLY, 32, xid);
        ofm_put32(p + 8, 1u << OFPR_NO_MATCH | 1u << OFPR_ACTION);
        ofm_put32(p + 16, 7);           /* Port status, master and slave. */
        ofm_put32(p + 20, 7);
        ofm_put32(p + 24, 0xf);         /* Flow removed, master. */
        break;
    }
    case K_VENDOR:
        put_error(w, s, OFPET_BAD_REQUEST, OFPBRC_BAD_EXPERIMENTER, m, len);
        break;
    case K_PORT_MOD:
    case K_GROUP_MOD:
    case K_TABLE_MOD:
    case K_SET_ASYNC:
    case K_METER_MOD:
        /* Accepted: success has no reply. */
        break;
    case K_ERROR:
        add64(&w->st.errors, 1);
        unexpected(w, s, "ERROR type %u code %u from the controller",
                   ofm_get16(m + 8), ofm_get16(m + 10));
        break;
    case K_ECHO_REPLY:
        if (s->flags & F_ECHO) {
            s->flags &= ~F_ECHO;
            add64(&w->st.echo_replies, 1);
        } else {
            unexpected(w, s, "ECHO_REPLY to no ECHO_REQUEST");
        }
        break;
    case K_TO_CONTROLLER:
        unexpected(w, s, "message type %u is sent by switches, not "
                   "controllers", type);
        break;
    case K_UNKNOWN:
        unexpected(w, s, "unknown message type %u", type);
        put_error(w, s, OFPET_BAD_REQUEST, OFPBRC_BAD_TYPE, m, len);
        break;
    case K_HELLO:
        break;
    }
}

/* The stream layer's callbacks. */

static void
sw_connected(struct stream *st)
{
}

static void
sw_recv(struct stream *st, const uint8_t *m, size_t len)
{
    struct ofb_switch *s = (struct ofb_switch *) st;
    struct ofb_worker *w = s->w;
    add64(&w->st.messages, 1);
    handle_msg(w, s, m, len);
}

/* Every message of a read handled: top the window up once (a learning
 * switch's FLOW_MOD and PACKET_OUT answer one PACKET_IN together). */
static void
sw_read_done(struct stream *st)
{
    struct ofb_switch *s = (struct ofb_switch *) st;
    struct ofb_worker *w = s->w;
    if (w->running && (s->flags & F_FEATURES) && s->state == SW_OPEN) {
        top_up(w, s);
        flush(w, s);
    }
}

static void
sw_failed(struct stream *st, enum ofm_disconnect_reason reason, const char *why)
{
    struct ofb_switch *s = (struct ofb_switch *) st;
    if (reason == OFM_DISC_MALFORMED) {
        add64(&s->w->st.malformed, 1);
    }
    sw_lost(s->w, s, reason == OFM_DISC_EOF ? "connection closed by the controller"
            : why);
}

static const struct stream_owner sw_owner = {
    .connected = sw_connected,
    .recv = sw_recv,
    .failed = sw_failed,
    .read_done = sw_read_done,
    .writable = sw_writable,
};

/* The connect() finished: the stream takes the socket over. */
static void
connect_cb(struct ev_loop *loop, ev_io *io, int revents)
{
    struct ofb_switch *s = io->data;
    struct ofb_worker *w = s->w;
    int err = 0;
    socklen_t elen = sizeof err;
    if (getsockopt(io->fd, SOL_SOCKET, SO_ERROR, &err, &elen) < 0) {
        err = errno;
    }
    if (err) {
        sw_lost_errno(w, s, "connect", err);
        return;
    }
    ev_io_stop(loop, io);
    s->state = SW_OPEN;
    inc32(&w->st.n_connected);
    stream_init(&s->st, io->fd, &stream_tcp_class, NULL, &sw_owner, ofb_cfg.host,
                atoi(ofb_cfg.port), TX_LIMIT);
    stream_keep_reading(&s->st);
    stream_start(&s->st);
    queue_hello(s);
}

/* ---- Phases. ---- */

/* The tests start: every switch through the handshake starts sending. */
static void
kick_all(struct ofb_worker *w)
{
    for (uint32_t i = 0; i < w->n_sw; i++) {
        struct ofb_switch *s = &w->sw[i];
        if (s->state != SW_OPEN || !(s->flags & F_FEATURES)) {
            continue;
        }
        s->answers_at_tick = s->answers;
        if (fill_mode(w)) {
            stream_want_writable(&s->st, true);
        } else {
            top_up(w, s);
            flush(w, s);
        }
    }
}

/* A period ended: a switch that waited all of it for an answer has lost
 * its requests (the controller dropped them); start it again, as cbench
 * does at every period. */
static void
unstall_all(struct ofb_worker *w)
{
    if (fill_mode(w)) {
        return;
    }
    for (uint32_t i = 0; i < w->n_sw; i++) {
        struct ofb_switch *s = &w->sw[i];
        if (s->state != SW_OPEN || !(s->flags & F_FEATURES)) {
            continue;
        }
        if (s->answers == s->answers_at_tick && s->outstanding) {
            add64(&w->st.lost, s->outstanding);
            s->outstanding = 0;
            top_up(w, s);
            flush(w, s);
        }
        s->answers_at_tick = s->answers;
    }
}

static void
wake_cb(struct ev_loop *loop, ev_async *a, int revents)
{
    struct ofb_worker *w = a->data;
    int phase = atomic_load_explicit(&ofb_phase, memory_order_acquire);

    if (phase == OFB_PH_STOP) {
        if (w->own_thread) {
            ev_break(loop, EVBREAK_ALL);
        }
        return;
    }
    if (phase == OFB_PH_RUN && !w->running) {
        w->running = true;
        kick_all(w);
    }
    unsigned tick = atomic_load_explicit(&ofb_tick, memory_order_acquire);
    if (tick != w->tick) {
        w->tick = tick;
        if (w->running) {
            unstall_all(w);
        }
    }
}

/* --echo: every switch through its HELLO sends an ECHO_REQUEST, as a real
 * switch probes an idle connection. */
static void
echo_cb(struct ev_loop *loop, ev_timer *t, int revents)
{
    struct ofb_worker *w = t->data;
    uint64_t sent = 0, missed = 0;

    for (uint32_t i = 0; i < w->n_sw; i++) {
        struct ofb_switch *s = &w->sw[i];
        if (s->state != SW_OPEN || !(s->flags & F_HELLO)) {
            continue;
        }
        if (s->flags & F_ECHO) {
            missed++;
        }
        out_msg(w, s, OFPT10_ECHO_REQUEST, 8, s->xid++);
        flush(w, s);
        s->flags |= F_ECHO;
        sent++;
    }
    add64(&w->st.echo_sent, sent);
    add64(&w->st.echo_missed, missed);
}

int
ofb_worker_init(struct ofb_worker *w, struct ofb_switch *all, uint32_t first,
                uint32_t n, bool own_thread, struct ev_loop *loop)
{
    static bool built;
    if (!built) {
        build_packet_in_template(ofb_cfg.version);
        built = true;
    }

    memset(w, 0, sizeof *w);
    w->sw = all + first;
    w->n_sw = n;
    w->own_thread = own_thread;
    w->loop = own_thread ? ev_loop_new(EVFLAG_AUTO | EVFLAG_NOSIGMASK) : loop;
    if (!w->loop) {
        return ENOMEM;
    }
    for (uint32_t i = 0; i < n; i++) {
        struct ofb_switch *s = &w->sw[i];
        s->w = w;
        s->id = first + i;
        s->xid = 1;
        s->miss_send_len = OFP_DEFAULT_MISS_SEND_LEN;
        s->state = SW_IDLE;
        s->cio.fd = -1;
    }
    ev_async_init(&w->wake, wake_cb);
    w->wake.data = w;
    ev_async_start(w->loop, &w->wake);
    if (ofb_cfg.echo_s) {
        ev_timer_init(&w->echo, echo_cb, ofb_cfg.echo_s, ofb_cfg.echo_s);
        w->echo.data = w;
        ev_timer_start(w->loop, &w->echo);
    }
    return 0;
}

static void *
worker_main(void *w_)
{
    struct ofb_worker *w = w_;
    stream_loop_start(w->loop);         /* This thread's streams. */
    start_connects(w);
    ev_run(w->loop, 0);
    /* The streams are closed by ofb_worker_destroy(), from the main
     * thread; the last one frees this loop's stream context. */
    stream_loop_stop(w->loop);
    return NULL;
}

int
ofb_worker_start(struct ofb_worker *w)
{
    if (!w->own_thread) {
        stream_loop_start(w->loop);
        start_connects(w);
        return 0;
    }
    return pthread_create(&w->thread, NULL, worker_main, w);
}

void
ofb_worker_notify(struct ofb_worker *w)
{
    ev_async_send(w->loop, &w->wake);
}

void
ofb_worker_destroy(struct ofb_worker *w)
{
    if (w->own_thread && w->thread) {
        pthread_join(w->thread, NULL);
    }
    for (uint32_t i = 0; i < w->n_sw; i++) {
        struct ofb_switch *s = &w->sw[i];
        /* Reset rather than close: a closed connection would wait in
         * TIME_WAIT for a minute, and 10,000 of those make the next run's
         * connect() calls search long for a free port. */
        struct linger abort_close = { .l_onoff = 1, .l_linger = 0 };
        if (s->state == SW_CONNECTING) {
            setsockopt(s->cio.fd, SOL_SOCKET, SO_LINGER, &abort_close,
                       sizeof abort_close);
            ev_io_stop(w->loop, &s->cio);
            close(s->cio.fd);
        } else if (s->state == SW_OPEN) {
            setsockopt(s->st.fd, SOL_SOCKET, SO_LINGER, &abort_close,
                       sizeof abort_close);
            stream_close(&s->st);
        }
        s->state = SW_LOST;
    }
    if (!w->own_thread && w->loop) {
        stream_run_failures();
        stream_loop_stop(w->loop);
    }
    if (w->loop) {
        ev_async_stop(w->loop, &w->wake);
        ev_timer_stop(w->loop, &w->echo);
        if (w->own_thread) {
            ev_loop_destroy(w->loop);
        }
    }
}
