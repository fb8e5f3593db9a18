/* The OpenFlow session over a byte stream: HELLO and version negotiation,
 * echo keepalive, features, the port description, multipart reassembly
 * (through dp.c), and the datapath's state changes.
 *
 * Below it is the stream (stream.c: framing, send queue, backpressure, in
 * TCP or TLS), which reports up only through the callbacks of
 * 'session_owner': connected, a message, failed.  Above it are the
 * datapath (dp.c) and the dispatcher (dispatch.c).
 *
 * Closing is deferred: a closed connection stays allocated (with its
 * datapath) until the current loop iteration ends, so nothing above us on
 * the stack is left holding a freed pointer.  A failure found inside a
 * send (the queue bound) goes further: the send fails at once, but the
 * stream reports it from the loop's check step, so a plugin never receives
 * its own datapath's DEAD from inside ofm_dp_send_*(). */
#include <config.h>
#include "manager.h"
#include "stream.h"
#include "stream-tls.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ofconn {
    struct stream stream;       /* The bytes below us. */
    ev_timer echo;              /* Echo keepalive. */
    ev_timer handshake;         /* Deadline of the current handshake step. */
    ev_timer mp_timer;          /* Times out partial multipart replies. */
    const char *hs_step;        /* What the handshake waits for, or NULL. */
    char peer_repr[80];         /* "('127.0.0.1', 53937)", Ryu's form. */
    unsigned int unreplied_echos;
    bool started;               /* The stream came up: HELLO sent. */
    bool hello_done;
    bool down;                  /* Torn down: DEAD delivered, stream closed. */
    ofconn_gone_fn *gone;       /* Told when the connection goes, or NULL. */
    void *gone_aux;
    struct ofconn *next_dead;
    struct ofconn *next_all, *prev_all;
    struct ofm_dp dp;
};

uint32_t mgr_versions = MGR_OFP_VERSIONS;

static struct stream_listener *listeners[4];
static size_t n_listeners;
static struct ofconn *all_conns;
static struct ofconn *dead_conns;
static ev_check reap_watcher;
static bool watchers_started;

static struct ofm_ratelimit bad_msg_rl = OFM_RATELIMIT_INIT(30, 30);

static void echo_cb(struct ev_loop *, ev_timer *, int);
static void handshake_cb(struct ev_loop *, ev_timer *, int);
static void mp_timer_cb(struct ev_loop *, ev_timer *, int);
static void handle_msg(struct ofconn *, const uint8_t *data, size_t size);

static struct ofconn *
conn_of(struct stream *s)
{
    return (struct ofconn *) ((char *) s - offsetof(struct ofconn, stream));
}

static bool
conn_closed(const struct ofconn *c)
{
    return c->stream.closed;
}

static void
conn_free(struct ofconn *c)
{
    dp_free_partials(&c->dp);
    free(c->dp.ports);
    free(c);
}

/* Frees the connections closed during this loop iteration. */
static void
reap_cb(struct ev_loop *loop, ev_check *w, int revents)
{
    while (dead_conns) {
        struct ofconn *c = dead_conns;
        dead_conns = c->next_dead;
        conn_free(c);
    }
}

static void
start_loop_watchers(struct ev_loop *loop)
{
    stream_loop_start(loop);
    if (!watchers_started) {
        ev_check_init(&reap_watcher, reap_cb);
        ev_check_start(loop, &reap_watcher);
        ev_unref(loop);         /* Do not keep the loop alive by itself. */
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
    ofm_log(MGR_NAME, OFM_LOG_WARNING, "switch at %s: %s", c->stream.peer, why);
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

/* ---- What the stream reports. ---- */

/* The stream is up: we speak first, HELLO with every version we accept. */
static void
session_connected(struct stream *s)
{
    struct ofconn *c = conn_of(s);
    c->started = true;
    if (mgr_settings.echo_interval > 0) {
        ev_timer_set(&c->echo, mgr_settings.echo_interval, mgr_settings.echo_interval);
        ev_timer_start(mgr_loop, &c->echo);
    }
    handshake_step(c, "HELLO");
    ofm_encode_hello(&c->stream.tx, mgr_versions, c->dp.next_xid++);
    ofconn_sent(c);
}

static void
session_recv(struct stream *s, const uint8_t *data, size_t size)
{
    handle_msg(conn_of(s), data, size);
}

static void
session_failed(struct stream *s, enum ofm_disconnect_reason reason, const char *why)
{
    ofconn_close(conn_of(s), reason, why);
}

static const struct stream_owner session_owner = {
    .connected = session_connected,
    .recv = session_recv,
    .failed = session_failed,
};

void
ofconn_close(struct ofconn *c, enum ofm_disconnect_reason reason, const char *why)
{
    if (c->down) {
        return;
    }
    c->down = true;
    dp_count_disconnect(&c->dp, reason);
    ev_timer_stop(mgr_loop, &c->echo);
    ev_timer_stop(mgr_loop, &c->handshake);
    ev_timer_stop(mgr_loop, &c->mp_timer);

    if (c->dp.id || c->dp.have_features) {
        ofm_log(MGR_NAME, OFM_LOG_INFO, "datapath %016llx disconnected (%s): %s",
                (unsigned long long) c->dp.id, c->stream.peer, why);
    } else if (!c->started) {
        /* Refused before a byte of OpenFlow: one line, the peer and why. */
        ofm_log(MGR_NAME, OFM_LOG_WARNING, "%s connection from %s refused: %s",
                c->stream.class->name, c->stream.peer, why);
    } else {
        ofm_log(MGR_NAME, OFM_LOG_INFO, "switch at %s disconnected: %s",
                c->stream.peer, why);
    }
    stream_close(&c->stream);

    if (c->started) {
        set_state(c, OFM_STATE_DEAD);
    }
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
    if (c->gone) {
        c->gone(c->gone_aux);
    }
}

bool
ofconn_is_closed(const struct ofconn *c)
{
    return conn_closed(c);
}

void
ofconn_stream_counters(const struct ofconn *c, struct ofm_dp_counters *counters)
{
    counters->bytes_in = c->stream.bytes_in;
    counters->bytes_out = c->stream.bytes_out;
    counters->tx_queued = stream_tx_queued(&c->stream);
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
        ofm_encode_echo(&c->stream.tx, c->dp.version, OFPT13_ECHO_REQUEST,
                        c->dp.next_xid++, NULL, 0);
        c->unreplied_echos++;
        ofconn_sent(c);
    }
}

/* ---- Sending. ---- */

struct ofm_buf *
ofconn_txbuf(struct ofconn *c)
{
    return stream_txbuf(&c->stream);
}

int
ofconn_sent(struct ofconn *c)
{
    int error = stream_sent(&c->stream);
    c->dp.counters.msgs_out += error != ENOTCONN;
    return error;
}

int
ofconn_send(struct ofconn *c, const void *data, size_t size)
{
    if (conn_closed(c)) {
        return ENOTCONN;
    }
    ofm_buf_put(&c->stream.tx, data, size);
    return ofconn_sent(c);
}

static void
send_error(struct ofconn *c, uint8_t version, uint32_t xid, uint16_t type,
           uint16_t code, const void *data, size_t size)
{
    /* The spec asks for at least 64 bytes of the offending request. */
    ofm_encode_error(&c->stream.tx, version, xid, type, code, data, size > 64 ? 64 : size);
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

/* The version a switch that offers 'theirs' (header version 'hdr') settles
 * on from our HELLO: without our bitmap (one version offered) it takes the
 * highest it speaks up to our header's; with it, the common ones are none,
 * and the lower of the two header versions is the spec's answer. */
static uint8_t
error_version(uint32_t theirs, uint8_t hdr)
{
    uint8_t top = 31 - __builtin_clz(mgr_versions);
    bool bitmap_sent = (mgr_versions & (mgr_versions - 1)) != 0;
    uint32_t up_to_top = ((UINT32_C(1) << (top + 1)) - 1) & ~1u;
    uint32_t view = bitmap_sent ? 0 : theirs & up_to_top;
    if (view) {
        return 31 - __builtin_clz(view);
    }
    return hdr < top ? hdr : top;
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

    /* With a bitmap, the highest version both sides name.  Without one
     * (before 1.3, or a switch that sends none) ofm_decode_hello() gives
     * every version up to the switch's header version: the highest we
     * speak at or below it, as Ryu picks it (the spec's min(ours, theirs)
     * whenever we speak that one). */
    uint32_t common = theirs & mgr_versions;
    if (!common) {
        char ours[64], why[192];
        snprintf(why, sizeof why, "unsupported version 0x%x. If possible, set the "
                 "switch to use one of the versions %s", msg->version,
                 version_list(mgr_versions, ours, sizeof ours));
        /* Tell the switch why in the error's data, as the spec suggests,
         * in the version the switch believes negotiated, so that it reads
         * the error rather than rejecting its version. */
        uint8_t v = error_version(theirs, msg->version);
        /* The whole text, not the 64-byte cut of a request's copy: the
         * list of versions is what the switch's operator needs. */
        ofm_encode_error(&c->stream.tx, v, msg->xid, OFPET_HELLO_FAILED,
                         OFPHFC_INCOMPATIBLE, why, strlen(why));
        ofconn_sent(c);
        ofm_log(MGR_NAME, OFM_LOG_ERROR, "%s: HELLO_FAILED sent (OpenFlow "
                "%s error): %s", c->stream.peer, ofm_version_name(v), why);
        ofconn_close(c, OFM_DISC_VERSION, "no common OpenFlow version");
        return;
    }
    uint8_t version = 31 - __builtin_clz(common);
    c->dp.version = version;
    ofm_log(MGR_NAME, OFM_LOG_DEBUG, "%s: negotiated OpenFlow %s (switch offers "
            "0x%x, we 0x%x)", c->stream.peer, ofm_version_name(version), theirs,
            mgr_versions);
    c->hello_done = true;

    struct ofm_event ev = { .type = OFM_EV_HELLO, .dp = &c->dp, .msg = msg };
    dispatch_event("ofp_event", &ev);
    if (conn_closed(c)) {
        return;
    }

    ofm_encode_simple(&c->stream.tx, version, OFPT13_FEATURES_REQUEST, c->dp.next_xid++);
    ofconn_sent(c);
    if (c->gone) {
        /* A connection we opened reaches the switch's listener, and Open
         * vSwitch sends no packet-in to such a "service" connection until
         * it is given a miss_send_len: ask for what a switch gives the
         * controllers it connects to itself (128 bytes). */
        ofm_encode_set_config(&c->stream.tx, version, c->dp.next_xid++, 0, 128);
        ofconn_sent(c);
    }
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
                (unsigned long long) f.datapath_id, c->stream.peer,
                ofm_version_name(c->dp.version));
    }
    c->dp.features = f;
    c->dp.features.ports = NULL;
    c->dp.features.ports_size = 0;

    /* 1.0 and 1.2 list the ports in the features; 1.3 on ask for them. */
    bool ports_in_features = msg->version == OFP10_VERSION
                             || msg->version == OFP12_VERSION;
    if (ports_in_features) {
        struct ofm_rd rd = ofm_rd_init(f.ports, f.ports_size);
        size_t n = f.ports_size / (msg->version == OFP10_VERSION
                                   ? OFP10_PHY_PORT_SIZE : OFP13_PORT_SIZE);
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
    if (conn_closed(c) || !first || c->dp.state != OFM_STATE_CONFIG) {
        return;
    }

    if (ports_in_features) {
        enter_main(c);
    } else {
        struct ofm_stats_request req;
        ofm_stats_request_init(&req, OFPMP_PORT_DESC);
        ofm_encode_stats_request(&c->stream.tx, c->dp.version, c->dp.next_xid++, &req);
        ofconn_sent(c);
        handshake_step(c, "port description");
    }
}

static void
handle_port_desc(struct ofconn *c, const struct ofm_multipart *mp)
{
    struct ofm_rd rd = ofm_rd_init(mp->body, mp->body_size);
    /* At most this many: 1.4's ports are 40 bytes and up. */
    size_t n = mp->body_size / OFP14_PORT_SIZE;
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
    if (conn_closed(c)) {
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
    size_t min = (version == OFP10_VERSION ? 88
                  : version == OFP15_VERSION ? 40 : 56);
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
    if (!conn_closed(c) && whole.type == OFPMP_PORT_DESC && c->dp.state == OFM_STATE_CONFIG) {
        enter_main(c);
    }
}

/* A 1.4/1.5 asynchronous message (ROLE_STATUS, TABLE_STATUS,
 * REQUESTFORWARD, CONTROLLER_STATUS) that its decoder refuses is dropped:
 * logged with its cause and answered with the error the cause maps to
 * (BAD_LEN mostly), so that no handler sees it.  Returns true if 'msg'
 * was such a message. */
static bool
reject_malformed_async(struct ofconn *c, const struct ofm_msg *msg)
{
    int error = dispatch_check_async(msg);
    if (!error) {
        return false;
    }
    static const char *const names[] = {
        [OFPT14_ROLE_STATUS - OFPT14_ROLE_STATUS] = "ROLE_STATUS",
        [OFPT14_TABLE_STATUS - OFPT14_ROLE_STATUS] = "TABLE_STATUS",
        [OFPT14_REQUESTFORWARD - OFPT14_ROLE_STATUS] = "REQUESTFORWARD",
        [OFPT15_CONTROLLER_STATUS - OFPT14_ROLE_STATUS] = "CONTROLLER_STATUS",
    };
    size_t i = (size_t) msg->type - OFPT14_ROLE_STATUS;
    const char *name = i < sizeof names / sizeof *names && names[i] ? names[i] : "message";
    if (ofm_ratelimit_allow(&bad_msg_rl)) {
        ofm_log(MGR_NAME, OFM_LOG_WARNING, "datapath %016llx: malformed %s (%zu bytes) "
                "dropped: %s", (unsigned long long) c->dp.id, name, msg->size,
                ofm_err_str(error));
    }
    uint16_t type = OFPET_BAD_REQUEST, code = OFPBRC_BAD_LEN;
    ofm_err_to_ofp(error, &type, &code);
    send_error(c, msg->version, msg->xid, type, code, msg->data, msg->size);
    return true;
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
    /* The stream checked the length: fill the header in here rather
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
                    "on a version 0x%02x connection", c->stream.peer, msg.version,
                    c->dp.version);
        }
        send_error(c, c->dp.version, msg.xid, OFPET_BAD_REQUEST, OFPBRC_BAD_VERSION,
                   data, size);
        return;
    }

    c->dp.counters.packet_ins += msg.type == OFPT13_PACKET_IN;  /* Same in 1.0. */
    switch (msg.type) {
    case OFPT13_ECHO_REQUEST:
        ofm_encode_echo(&c->stream.tx, msg.version, OFPT13_ECHO_REPLY, msg.xid,
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

    if (reject_malformed_async(c, &msg)) {
        return;
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

/* ---- Connections. ---- */

struct ofconn *
ofconn_adopt_stream(struct ev_loop *loop, int fd, const char *host, int port,
                    const struct stream_class *class, void *kind_data,
                    ofconn_gone_fn *gone, void *gone_aux)
{
    start_loop_watchers(loop);
    struct ofconn *c = calloc(1, sizeof *c);
    if (!c) {
        abort();
    }
    stream_init(&c->stream, fd, class, kind_data, &session_owner, host, port,
                mgr_settings.tx_queue_limit);
    snprintf(c->peer_repr, sizeof c->peer_repr, "('%s', %d)", host, port);
    c->gone = gone;
    c->gone_aux = gone_aux;
    c->dp.conn = c;
    c->dp.state = OFM_STATE_HANDSHAKE;
    c->dp.next_xid = 1;
    ev_init(&c->echo, echo_cb);
    c->echo.data = c;
    ev_init(&c->handshake, handshake_cb);
    c->handshake.data = c;
    ev_init(&c->mp_timer, mp_timer_cb);
    c->mp_timer.data = c;

    c->next_all = all_conns;
    if (all_conns) {
        all_conns->prev_all = c;
    }
    all_conns = c;

    ofm_log(MGR_NAME, OFM_LOG_DEBUG, "connected socket:<fd %d> address:%s",
            fd, c->peer_repr);
    if (class->handshake) {
        handshake_step(c, "TLS handshake");
    }
    stream_start(&c->stream);
    return c;
}

struct ofconn *
ofconn_adopt(struct ev_loop *loop, int fd, const char *host, int port)
{
    return ofconn_adopt_stream(loop, fd, host, port, &stream_tcp_class, NULL, NULL, NULL);
}

static void
tcp_accepted(int fd, const char *host, int port, void *aux)
{
    ofconn_adopt(aux, fd, host, port);
}

static void
tls_accepted(int fd, const char *host, int port, void *aux)
{
    ofconn_adopt_stream(aux, fd, host, port, &stream_tls_class,
                        stream_tls_wrap(fd, true), NULL, NULL);
}

/* With a key and a certificate the manager serves TLS on the TLS port; the
 * TCP listener then runs only if its port was named (Ryu serves TLS
 * alone), so that the default 6653 of both does not clash. */
static int
setup_tls(const struct mgr_settings *s, char *err, size_t err_size)
{
    if (!s->ctl_privkey && !s->ctl_cert && !s->ca_certs) {
        return 0;
    }
    if (!s->ctl_privkey || !s->ctl_cert) {
        snprintf(err, err_size, "TLS needs both --ctl-privkey and --ctl-cert (%s "
                 "given alone)", s->ctl_privkey ? "--ctl-privkey"
                 : s->ctl_cert ? "--ctl-cert" : "--ca-certs");
        return EINVAL;
    }
    int error = stream_tls_init(s->ctl_privkey, s->ctl_cert, s->ca_certs, err, err_size);
    if (!error && !s->ca_certs) {
        ofm_log(MGR_NAME, OFM_LOG_WARNING, "TLS without --ca-certs: switches are "
                "not authenticated");
    }
    return error;
}

static int
add_listener(struct ev_loop *loop, const char *host, int port,
             stream_accept_fn *fn, char *err, size_t err_size)
{
    if (n_listeners >= sizeof listeners / sizeof *listeners) {
        snprintf(err, err_size, "too many listeners");
        return EINVAL;
    }
    struct stream_listener *l = stream_listen(loop, host, port, fn, loop, err, err_size);
    if (!l) {
        return EADDRNOTAVAIL;
    }
    listeners[n_listeners++] = l;
    return 0;
}

int
ofconn_listen(struct ev_loop *loop, const struct mgr_settings *s, char *err, size_t err_size)
{
    start_loop_watchers(loop);
    int error = setup_tls(s, err, err_size);
    if (error) {
        return error;
    }
    bool tls = stream_tls_enabled();
    for (size_t i = 0; i < 2 && tls; i++) {
        if (s->tcp_port_given && s->listen_ports[i] == s->ssl_listen_port) {
            snprintf(err, err_size, "--ofp-tcp-listen-port and --ofp-ssl-listen-port "
                     "are both %d", s->ssl_listen_port);
            return EINVAL;
        }
    }
    if (tls && (error = add_listener(loop, s->listen_host, s->ssl_listen_port,
                                     tls_accepted, err, err_size))) {
        return error;
    }
    for (size_t i = 0; i < 2 && (!tls || s->tcp_port_given); i++) {
        if (s->listen_ports[i]) {
            error = add_listener(loop, s->listen_host, s->listen_ports[i],
                                  tcp_accepted, err, err_size);
            if (error) {
                return error;
            }
        }
    }
    return stream_active_start(s, err, err_size);
}

void
ofconn_shutdown(struct ev_loop *loop)
{
    stream_active_stopping();
    while (all_conns) {
        ofconn_close(all_conns, OFM_DISC_SHUTDOWN, "controller shutting down");
    }
    stream_run_failures();
    reap_cb(loop, NULL, 0);
    for (size_t i = 0; i < n_listeners; i++) {
        stream_listener_close(loop, listeners[i]);
    }
    n_listeners = 0;
    stream_active_free();
    stream_tls_uninit();
    if (watchers_started) {
        ev_ref(loop);
        ev_check_stop(loop, &reap_watcher);
        watchers_started = false;
    }
    stream_loop_stop(loop);
}
