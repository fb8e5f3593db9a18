/* Datapaths: the registry by datapath id, the port table, multipart
 * reassembly, and the typed senders plugins call. */
#include <config.h>
#include "manager.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Connected datapaths with a known id, in a chained hash by id. */
static size_t n_buckets, n_dps;
static struct ofm_dp *dp_list;  /* The same, in a list for walking. */

/* Bounds on multipart reassembly: what a switch can make us hold. */
#define MAX_PARTIALS 16

/* 'n' is a power of 2. */
static size_t
hash_id(uint64_t id, size_t n)
{
    id ^= id >> 33;
    id *= 0xff51afd7ed558ccdULL;
    id ^= id >> 33;
    return id & (n - 1);
}

static size_t
bucket_of(uint64_t id)
{
    return hash_id(id, n_buckets);
}

/* Chain links live apart from struct ofm_dp, whose 'next'/'prev' are the
 * walk list. */
struct chain {
    struct ofm_dp *dp;
    struct chain *next;
};
static struct chain **chains;

static void
rehash(size_t n)
{
    struct chain **nc = calloc(n, sizeof *nc);
    if (!nc) {
        abort();
    }
    for (size_t i = 0; i < n_buckets; i++) {
        struct chain *c = chains[i];
        while (c) {
            struct chain *next = c->next;
            size_t b = hash_id(c->dp->id, n);
            c->next = nc[b];
            nc[b] = c;
            c = next;
        }
    }
    free(chains);
    chains = nc;
    n_buckets = n;
}

void
dp_register(struct ofm_dp *dp)
{
    if (!n_buckets) {
        rehash(64);
    } else if (n_dps >= n_buckets) {
        rehash(n_buckets * 2);
    }
    struct chain *c = malloc(sizeof *c);
    if (!c) {
        abort();
    }
    size_t b = bucket_of(dp->id);
    c->dp = dp;
    c->next = chains[b];
    chains[b] = c;
    n_dps++;

    dp->prev = NULL;
    dp->next = dp_list;
    if (dp_list) {
        dp_list->prev = dp;
    }
    dp_list = dp;
}

void
dp_unregister(struct ofm_dp *dp)
{
    if (!n_buckets) {
        return;
    }
    struct chain **pc = &chains[bucket_of(dp->id)];
    for (; *pc; pc = &(*pc)->next) {
        if ((*pc)->dp == dp) {
            struct chain *c = *pc;
            *pc = c->next;
            free(c);
            n_dps--;
            if (dp->prev) {
                dp->prev->next = dp->next;
            } else {
                dp_list = dp->next;
            }
            if (dp->next) {
                dp->next->prev = dp->prev;
            }
            dp->next = dp->prev = NULL;
            break;
        }
    }
    if (!n_dps) {
        free(chains);
        chains = NULL;
        n_buckets = 0;
    }
}

struct ofm_dp *
ofm_dp_find(uint64_t dpid)
{
    if (!n_buckets) {
        return NULL;
    }
    for (struct chain *c = chains[bucket_of(dpid)]; c; c = c->next) {
        if (c->dp->id == dpid && !ofconn_is_closed(c->dp->conn)) {
            return c->dp;
        }
    }
    return NULL;
}

struct ofm_dp *
ofm_dp_next(struct ofm_dp *prev)
{
    return prev ? prev->next : dp_list;
}

/* ---- Counters. ---- */

void
ofm_dp_counters(const struct ofm_dp *dp, struct ofm_dp_counters *c, size_t size)
{
    struct ofm_dp_counters all = dp->counters;
    if (dp->conn) {
        ofconn_stream_counters(dp->conn, &all);
    }
    memcpy(c, &all, size < sizeof all ? size : sizeof all);
}

static const char *const disc_names[OFM_DISC_N_REASONS] = {
    [OFM_DISC_EOF] = "eof",
    [OFM_DISC_ERROR] = "error",
    [OFM_DISC_ECHO_TIMEOUT] = "echo_timeout",
    [OFM_DISC_HANDSHAKE_TIMEOUT] = "handshake_timeout",
    [OFM_DISC_MALFORMED] = "malformed",
    [OFM_DISC_VERSION] = "version_mismatch",
    [OFM_DISC_SEND_QUEUE_FULL] = "send_queue_full",
    [OFM_DISC_REPLACED] = "replaced",
    [OFM_DISC_SHUTDOWN] = "shutdown",
    [OFM_DISC_TLS] = "tls",
};

const char *
ofm_disconnect_reason_name(enum ofm_disconnect_reason r)
{
    return (unsigned int) r < OFM_DISC_N_REASONS ? disc_names[r] : NULL;
}

/* Disconnects by reason, over all connections and per datapath id.  The
 * per-id table outlives the datapaths (that is its point), so it is
 * bounded: a switch population that churns through more ids than this is
 * still counted in the process-wide figures. */
#define MAX_DISC_DPIDS 4096
struct disc_dpid {
    uint64_t dpid;
    uint64_t n[OFM_DISC_N_REASONS];
};
static uint64_t disc_total[OFM_DISC_N_REASONS];
static struct disc_dpid *disc_dpids;
static size_t n_disc_dpids, alloc_disc_dpids;

static struct disc_dpid *
disc_find(uint64_t dpid)
{
    for (size_t i = 0; i < n_disc_dpids; i++) {
        if (disc_dpids[i].dpid == dpid) {
            return &disc_dpids[i];
        }
    }
    return NULL;
}

void
dp_count_disconnect(const struct ofm_dp *dp, enum ofm_disconnect_reason r)
{
    if ((unsigned int) r >= OFM_DISC_N_REASONS) {
        return;
    }
    disc_total[r]++;
    if (!dp->have_features) {
        return;                 /* No id yet. */
    }
    struct disc_dpid *d = disc_find(dp->id);
    if (!d && n_disc_dpids < MAX_DISC_DPIDS) {
        if (n_disc_dpids == alloc_disc_dpids) {
            alloc_disc_dpids = alloc_disc_dpids ? 2 * alloc_disc_dpids : 16;
            disc_dpids = realloc(disc_dpids, alloc_disc_dpids * sizeof *disc_dpids);
            if (!disc_dpids) {
                abort();
            }
        }
        d = &disc_dpids[n_disc_dpids++];
        memset(d, 0, sizeof *d);
        d->dpid = dp->id;
    }
    if (d) {
        d->n[r]++;
    }
}

uint64_t
ofm_disconnects(enum ofm_disconnect_reason r)
{
    return (unsigned int) r < OFM_DISC_N_REASONS ? disc_total[r] : 0;
}

uint64_t
ofm_dp_disconnects(uint64_t dpid, enum ofm_disconnect_reason r)
{
    const struct disc_dpid *d = disc_find(dpid);
    return d && (unsigned int) r < OFM_DISC_N_REASONS ? d->n[r] : 0;
}

bool
ofm_disconnect_dpid_next(size_t *pos, uint64_t *dpid, uint64_t *counts, size_t n_counts)
{
    if (*pos >= n_disc_dpids) {
        return false;
    }
    const struct disc_dpid *d = &disc_dpids[(*pos)++];
    *dpid = d->dpid;
    for (size_t i = 0; i < n_counts; i++) {
        counts[i] = i < OFM_DISC_N_REASONS ? d->n[i] : 0;
    }
    return true;
}

void
dp_counters_uninit(void)
{
    free(disc_dpids);
    disc_dpids = NULL;
    n_disc_dpids = alloc_disc_dpids = 0;
    memset(disc_total, 0, sizeof disc_total);
}

uint64_t
ofm_dp_id(const struct ofm_dp *dp)
{
    return dp->id;
}

uint8_t
ofm_dp_version(const struct ofm_dp *dp)
{
    return dp->version;
}

enum ofm_state
ofm_dp_state(const struct ofm_dp *dp)
{
    return dp->state;
}

const struct ofm_switch_features *
ofm_dp_features(const struct ofm_dp *dp)
{
    return dp->have_features ? &dp->features : NULL;
}

uint32_t
ofm_dp_xid(struct ofm_dp *dp)
{
    uint32_t xid = dp->next_xid++;
    if (!dp->next_xid) {
        dp->next_xid = 1;
    }
    return xid;
}

/* ---- Ports. ---- */

/* Index of the first port with number >= port_no. */
static size_t
port_search(const struct ofm_dp *dp, uint32_t port_no)
{
    size_t lo = 0, hi = dp->n_ports;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (dp->ports[mid].port_no < port_no) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

const struct ofm_port *
ofm_dp_port(const struct ofm_dp *dp, uint32_t port_no)
{
    size_t i = port_search(dp, port_no);
    return i < dp->n_ports && dp->ports[i].port_no == port_no ? &dp->ports[i] : NULL;
}

const struct ofm_port *
ofm_dp_port_next(const struct ofm_dp *dp, const struct ofm_port *prev)
{
    size_t i = prev ? (size_t) (prev - dp->ports) + 1 : 0;
    return i < dp->n_ports ? &dp->ports[i] : NULL;
}

static int
port_cmp(const void *a_, const void *b_)
{
    const struct ofm_port *a = a_, *b = b_;
    return a->port_no < b->port_no ? -1 : a->port_no > b->port_no;
}

void
dp_set_ports(struct ofm_dp *dp, const struct ofm_port *ports, size_t n)
{
    free(dp->ports);
    dp->ports = NULL;
    dp->n_ports = dp->allocated_ports = 0;
    if (!n) {
        return;
    }
    dp->ports = malloc(n * sizeof *dp->ports);
    if (!dp->ports) {
        abort();
    }
    memcpy(dp->ports, ports, n * sizeof *ports);
    qsort(dp->ports, n, sizeof *dp->ports, port_cmp);
    /* A switch listing a port twice: keep the last description. */
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (k && dp->ports[k - 1].port_no == dp->ports[i].port_no) {
            dp->ports[k - 1] = dp->ports[i];
        } else {
            dp->ports[k++] = dp->ports[i];
        }
    }
    dp->n_ports = k;
    dp->allocated_ports = n;
}

void
dp_port_update(struct ofm_dp *dp, const struct ofm_port *port, uint8_t reason)
{
    size_t i = port_search(dp, port->port_no);
    bool found = i < dp->n_ports && dp->ports[i].port_no == port->port_no;

    if (reason == OFPPR_DELETE) {
        if (found) {
            memmove(&dp->ports[i], &dp->ports[i + 1],
                    (dp->n_ports - i - 1) * sizeof *dp->ports);
            dp->n_ports--;
        }
        return;
    }
    if (found) {
        dp->ports[i] = *port;
        return;
    }
    if (dp->n_ports == dp->allocated_ports) {
        size_t n = dp->allocated_ports ? 2 * dp->allocated_ports : 8;
        struct ofm_port *p = realloc(dp->ports, n * sizeof *p);
        if (!p) {
            abort();
        }
        dp->ports = p;
        dp->allocated_ports = n;
    }
    memmove(&dp->ports[i + 1], &dp->ports[i], (dp->n_ports - i) * sizeof *dp->ports);
    dp->ports[i] = *port;
    dp->n_ports++;
}

/* ---- Multipart reassembly. ---- */

static struct mp_partial *
partial_find(struct ofm_dp *dp, uint32_t xid)
{
    for (size_t i = 0; i < dp->n_partials; i++) {
        if (dp->partials[i].xid == xid) {
            return &dp->partials[i];
        }
    }
    return NULL;
}

/* Bytes held in partial replies over all switches. */
static size_t mp_total_bytes;

static void
partial_drop(struct ofm_dp *dp, struct mp_partial *p)
{
    dp->partial_bytes -= p->body.size;
    mp_total_bytes -= p->body.size;
    ofm_buf_uninit(&p->body);
    *p = dp->partials[--dp->n_partials];
    if (!dp->n_partials) {
        free(dp->partials);
        dp->partials = NULL;
    }
}

/* One line per dropped partial reply, in a fixed form the tests match:
 * "datapath DPID: partial multipart reply xid 0xXID type N dropped: WHY". */
static void
partial_drop_log(struct ofm_dp *dp, uint32_t xid, uint16_t type, const char *why)
{
    /* Every drop up to a burst, then rate limited: a hostile switch must
     * not be able to fill the log either. */
    static struct ofm_ratelimit rl = OFM_RATELIMIT_INIT(60, 60);
    if (!ofm_ratelimit_allow(&rl)) {
        return;
    }
    ofm_log(MGR_NAME, OFM_LOG_WARNING, "datapath %016llx: partial multipart reply "
            "xid 0x%x type %u dropped: %s", (unsigned long long) dp->id, xid,
            type, why);
}

bool
dp_multipart_add(struct ofm_dp *dp, const struct ofm_msg *msg, struct ofm_multipart *mp)
{
    struct ofm_multipart part;
    if (ofm_decode_multipart(msg, &part)) {
        return false;
    }

    struct mp_partial *p = partial_find(dp, msg->xid);
    bool more = part.flags & OFPSF_REPLY_MORE;
    if (!p && !more) {
        *mp = part;             /* The common case: one part, no copy. */
        return true;
    }

    if (p && p->type != part.type) {
        partial_drop_log(dp, msg->xid, p->type, "type changes midway");
        partial_drop(dp, p);
        return false;
    }
    char why[128];
    if (dp->partial_bytes + part.body_size > mgr_settings.mp_max_bytes) {
        snprintf(why, sizeof why, "over multipart-max-bytes (%zu bytes per switch)",
                 mgr_settings.mp_max_bytes);
    } else if (mp_total_bytes + part.body_size > mgr_settings.mp_total_max_bytes) {
        snprintf(why, sizeof why, "over multipart-total-max-bytes (%zu bytes over "
                 "all switches)", mgr_settings.mp_total_max_bytes);
    } else {
        why[0] = '\0';
    }
    if (why[0]) {
        partial_drop_log(dp, msg->xid, part.type, why);
        if (p) {
            partial_drop(dp, p);
        }
        return false;
    }

    if (!p) {
        if (dp->n_partials >= MAX_PARTIALS) {
            partial_drop_log(dp, dp->partials[0].xid, dp->partials[0].type,
                             "too many multipart replies in progress");
            partial_drop(dp, &dp->partials[0]);
        }
        struct mp_partial *v = realloc(dp->partials, (dp->n_partials + 1) * sizeof *v);
        if (!v) {
            abort();
        }
        dp->partials = v;
        p = &dp->partials[dp->n_partials++];
        p->xid = msg->xid;
        p->type = part.type;
        p->started = mgr_loop ? ev_now(mgr_loop) : 0;
        ofm_buf_init(&p->body);
    }
    ofm_buf_put(&p->body, part.body, part.body_size);
    dp->partial_bytes += part.body_size;
    mp_total_bytes += part.body_size;
    if (more) {
        return false;
    }
    *mp = part;
    mp->flags = 0;
    mp->body = p->body.data;
    mp->body_size = p->body.size;
    return true;
}

size_t
dp_multipart_expire(struct ofm_dp *dp, double now)
{
    for (size_t i = 0; i < dp->n_partials; ) {
        struct mp_partial *p = &dp->partials[i];
        if (mgr_settings.mp_timeout > 0 && now - p->started >= mgr_settings.mp_timeout) {
            char why[96];
            snprintf(why, sizeof why, "not finished within multipart-timeout (%g s)",
                     mgr_settings.mp_timeout);
            partial_drop_log(dp, p->xid, p->type, why);
            partial_drop(dp, p);    /* Moves the last one to 'i'. */
        } else {
            i++;
        }
    }
    return dp->n_partials;
}

size_t
dp_multipart_total_bytes(void)
{
    return mp_total_bytes;
}

void
dp_multipart_done(struct ofm_dp *dp, uint32_t xid)
{
    struct mp_partial *p = partial_find(dp, xid);
    if (p) {
        partial_drop(dp, p);
    }
}

void
dp_free_partials(struct ofm_dp *dp)
{
    while (dp->n_partials) {
        partial_drop(dp, &dp->partials[0]);
    }
}

/* ---- Sending. ---- */

static bool
dp_alive(const struct ofm_dp *dp)
{
    return dp->conn && !ofconn_is_closed(dp->conn) && dp->version;
}

int
ofm_dp_send_raw(struct ofm_dp *dp, const void *msg, size_t size)
{
    return dp_alive(dp) ? ofconn_send(dp->conn, msg, size) : ENOTCONN;
}

/* Encoders append straight into the connection's queue: no copy.  Each
 * sender takes a fresh xid and reports it through 'XIDP' (may be NULL), so
 * a caller can match the reply. */
#define DP_SEND(DP, XIDP, ENCODE_CALL)                            \
    do {                                                          \
        if (!dp_alive(DP)) {                                      \
            return ENOTCONN;                                      \
        }                                                         \
        uint32_t xid = ofm_dp_xid(DP);                            \
        if (XIDP) {                                               \
            *(XIDP) = xid;                                        \
        }                                                         \
        struct ofm_buf *out = ofconn_txbuf((DP)->conn);           \
        int error_ = (ENCODE_CALL);                               \
        return error_ ? error_ : ofconn_sent((DP)->conn);         \
    } while (0)

static int
send_flow_mod(struct ofm_dp *dp, const struct ofm_flow_mod *fm, uint32_t *xidp)
{
    DP_SEND(dp, xidp, ofm_encode_flow_mod(out, dp->version, xid, fm));
}

int
ofm_dp_send_flow_mod(struct ofm_dp *dp, const struct ofm_flow_mod *fm, uint32_t *xidp)
{
    int error = send_flow_mod(dp, fm, xidp);
    /* ENOBUFS: queued, and the connection then closed. */
    dp->counters.flow_mods += !error || error == ENOBUFS;
    return error;
}

int
ofm_dp_send_packet_out(struct ofm_dp *dp, const struct ofm_packet_out *po, uint32_t *xidp)
{
    DP_SEND(dp, xidp, ofm_encode_packet_out(out, dp->version, xid, po));
}

int
ofm_dp_send_port_mod(struct ofm_dp *dp, const struct ofm_port_mod *pm, uint32_t *xidp)
{
    DP_SEND(dp, xidp, ofm_encode_port_mod(out, dp->version, xid, pm));
}

int
ofm_dp_send_stats_request(struct ofm_dp *dp, const struct ofm_stats_request *req, uint32_t *xidp)
{
    DP_SEND(dp, xidp, ofm_encode_stats_request(out, dp->version, xid, req));
}

int
ofm_dp_send_barrier(struct ofm_dp *dp, uint32_t *xidp)
{
    uint8_t type = dp->version == OFP10_VERSION ? OFPT10_BARRIER_REQUEST
                                                : OFPT13_BARRIER_REQUEST;
    DP_SEND(dp, xidp, (ofm_encode_simple(out, dp->version, type, xid), 0));
}

int
ofm_dp_send_set_config(struct ofm_dp *dp, uint16_t flags, uint16_t miss_send_len,
                       uint32_t *xidp)
{
    DP_SEND(dp, xidp, (ofm_encode_set_config(out, dp->version, xid, flags,
                                             miss_send_len), 0));
}

struct ofm_buf *
ofm_dp_send_begin(struct ofm_dp *dp, uint8_t type, uint32_t xid, size_t *start)
{
    if (!dp_alive(dp)) {
        return NULL;
    }
    struct ofm_buf *out = ofconn_txbuf(dp->conn);
    *start = ofm_msg_start(out, dp->version, type, xid);
    return out;
}

int
ofm_dp_send_commit(struct ofm_dp *dp, size_t start)
{
    if (!dp_alive(dp)) {
        return ENOTCONN;
    }
    struct ofm_buf *out = ofconn_txbuf(dp->conn);
    int error = ofm_msg_finish(out, start);
    if (error) {
        out->size = start;      /* Drop the oversized message. */
        return error;
    }
    return ofconn_sent(dp->conn);
}
