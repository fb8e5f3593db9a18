/* monitor-format.c: the traffic monitor's parsing, tables and JSON. */
#include "monitor-format.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ofm/addr.h"

/* The same columns, headers and dash lines as Ryu's simple_monitor_13. */
const char mon_flow_header[] =
    "datapath         in-port  eth-dst           out-port packets  bytes";
const char mon_flow_rule[] =
    "---------------- -------- ----------------- -------- -------- --------";
const char mon_port_header[] =
    "datapath         port     rx-pkts  rx-bytes rx-error tx-pkts  tx-bytes tx-error";
const char mon_port_rule[] =
    "---------------- -------- -------- -------- -------- -------- -------- --------";

/* Finds the first output action in the 1.3-form action list [p, p + size). */
static bool
first_output(const uint8_t *p, size_t size, uint32_t *port)
{
    struct ofm_action_iter it = { p, size };
    const uint8_t *body;
    size_t len;
    int type;

    while ((type = ofm_action_next(&it, &body, &len)) >= 0) {
        if (type == OFPAT_OUTPUT && len >= 4) {
            *port = ofm_get32(body);
            return true;
        }
    }
    return false;
}

/* The output port of a flow: in 1.3 from its apply-actions instruction,
 * in 1.0 from its actions (decoded to the 1.3 form first). */
static bool
flow_out_port(const struct ofm_flow_stats *fs, uint8_t version, uint32_t *port)
{
    if (version == OFP10_VERSION) {
        uint8_t stub[256];
        struct ofm_buf acts;
        struct ofm_rd rd = ofm_rd_init(fs->actions, fs->actions_size);
        bool found = false;

        ofm_buf_use_stub(&acts, stub, sizeof stub);
        if (!ofm_actions_decode(&rd, fs->actions_size, version, &acts)) {
            found = first_output(acts.data, acts.size, port);
        }
        ofm_buf_uninit(&acts);
        return found;
    }

    /* Instructions: type(16) len(16), then for actions 4 bytes of pad. */
    struct ofm_rd rd = ofm_rd_init(fs->insts, fs->insts_size);
    while (rd.left >= 8) {
        const uint8_t *inst = rd.p;
        uint16_t type = ofm_get16(inst);
        uint16_t len = ofm_get16(inst + 2);
        if (len < 8 || !ofm_rd_skip(&rd, len)) {
            break;
        }
        if (type == OFPIT_APPLY_ACTIONS) {
            return first_output(inst + 8, len - 8, port);
        }
    }
    return false;
}

void
mon_flow_from_stats(const struct ofm_flow_stats *fs, uint8_t version, struct mon_flow *f)
{
    memset(f, 0, sizeof *f);
    f->table_id = fs->table_id;
    f->priority = fs->priority;
    f->idle_timeout = fs->idle_timeout;
    f->hard_timeout = fs->hard_timeout;
    f->flags = fs->flags;
    f->cookie = fs->cookie;
    f->packet_count = fs->packet_count;
    f->byte_count = fs->byte_count;
    f->duration_sec = fs->duration_sec;
    f->duration_nsec = fs->duration_nsec;
    f->match = fs->match;
    f->has_in_port = ofm_match_get_u32(&fs->match, OFPXMT_IN_PORT, &f->in_port);
    f->has_eth_dst = ofm_match_get(&fs->match, OFPXMT_ETH_DST, f->eth_dst, NULL);
    f->has_out_port = flow_out_port(fs, version, &f->out_port);
}

/* Makes room for one more element in '*array' of '*n' elements of 'size'
 * bytes, doubling '*allocated'.  Returns false if out of memory. */
static bool
grow(void **array, size_t n, size_t *allocated, size_t size)
{
    if (n < *allocated) {
        return true;
    }
    size_t want = *allocated ? *allocated * 2 : 16;
    void *p = realloc(*array, want * size);
    if (!p) {
        return false;
    }
    *array = p;
    *allocated = want;
    return true;
}

int
mon_flows_parse(const uint8_t *body, size_t size, uint8_t version,
                struct mon_flow **flows, size_t *n)
{
    struct ofm_rd rd = ofm_rd_init(body, size);
    struct mon_flow *v = NULL;
    size_t count = 0, allocated = 0;
    struct ofm_flow_stats fs;
    int error;

    while (!(error = ofm_flow_stats_next(&rd, version, &fs))) {
        if (!grow((void **) &v, count, &allocated, sizeof *v)) {
            error = ENOMEM;
            break;
        }
        mon_flow_from_stats(&fs, version, &v[count++]);
    }
    if (error != EOF) {
        free(v);
        *flows = NULL;
        *n = 0;
        return error;
    }
    *flows = v;
    *n = count;
    return 0;
}

int
mon_ports_parse(const uint8_t *body, size_t size, uint8_t version,
                struct ofm_port_stats **ports, size_t *n)
{
    struct ofm_rd rd = ofm_rd_init(body, size);
    struct ofm_port_stats *v = NULL, ps;
    size_t count = 0, allocated = 0;
    int error;

    while (!(error = ofm_port_stats_next(&rd, version, &ps))) {
        if (!grow((void **) &v, count, &allocated, sizeof *v)) {
            error = ENOMEM;
            break;
        }
        v[count++] = ps;
    }
    if (error != EOF) {
        free(v);
        *ports = NULL;
        *n = 0;
        return error;
    }
    *ports = v;
    *n = count;
    return 0;
}

static int
compare_flows(const void *a_, const void *b_)
{
    const struct mon_flow *a = *(const struct mon_flow *const *) a_;
    const struct mon_flow *b = *(const struct mon_flow *const *) b_;

    if (a->in_port != b->in_port) {
        return a->in_port < b->in_port ? -1 : 1;
    }
    /* Byte order is the order of the lower-case text Ryu sorts. */
    int c = memcmp(a->eth_dst, b->eth_dst, sizeof a->eth_dst);
    if (c) {
        return c;
    }
    return (a->table_id > b->table_id) - (a->table_id < b->table_id);
}

size_t
mon_flows_select(const struct mon_flow *flows, size_t n, const struct mon_flow **out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const struct mon_flow *f = &flows[i];
        if (f->priority == 1 && f->has_in_port && f->has_eth_dst) {
            out[k++] = f;
        }
    }
    if (k > 1) {
        qsort(out, k, sizeof *out, compare_flows);
    }
    return k;
}

static int
compare_ports(const void *a_, const void *b_)
{
    const struct ofm_port_stats *a = a_, *b = b_;
    return (a->port_no > b->port_no) - (a->port_no < b->port_no);
}

void
mon_ports_sort(struct ofm_port_stats *ports, size_t n)
{
    if (n > 1) {
        qsort(ports, n, sizeof *ports, compare_ports);
    }
}

void
mon_flow_format(char out[MON_LINE_SIZE], uint64_t dpid, const struct mon_flow *f)
{
    char mac[OFM_MAC_STRLEN];
    char port[16] = "-";

    ofm_mac_format(f->eth_dst, mac);
    if (f->has_out_port) {
        snprintf(port, sizeof port, "%" PRIx32, f->out_port);
    }
    snprintf(out, MON_LINE_SIZE, "%016" PRIx64 " %8" PRIx32 " %17s %8s %8" PRIu64
             " %8" PRIu64, dpid, f->in_port, mac, port, f->packet_count,
             f->byte_count);
}

void
mon_port_format(char out[MON_LINE_SIZE], uint64_t dpid, const struct ofm_port_stats *p)
{
    snprintf(out, MON_LINE_SIZE, "%016" PRIx64 " %8" PRIx32 " %8" PRIu64 " %8" PRIu64
             " %8" PRIu64 " %8" PRIu64 " %8" PRIu64 " %8" PRIu64, dpid, p->port_no,
             p->rx_packets, p->rx_bytes, p->rx_errors,
             p->tx_packets, p->tx_bytes, p->tx_errors);
}

/* The rate of one counter; false if it cannot be known. */
static bool
counter_rate(uint64_t prev, uint64_t cur, double seconds, double *rate)
{
    if (prev == UINT64_MAX || cur == UINT64_MAX || cur < prev) {
        return false;
    }
    *rate = (double) (cur - prev) / seconds;
    return true;
}

bool
mon_port_rate(const struct ofm_port_stats *prev, const struct ofm_port_stats *cur,
              double seconds, struct mon_rate *r)
{
    return seconds > 0
           && counter_rate(prev->rx_bytes, cur->rx_bytes, seconds, &r->rx_bytes)
           && counter_rate(prev->tx_bytes, cur->tx_bytes, seconds, &r->tx_bytes)
           && counter_rate(prev->rx_packets, cur->rx_packets, seconds, &r->rx_packets)
           && counter_rate(prev->tx_packets, cur->tx_packets, seconds, &r->tx_packets);
}

/* JSON values.  64-bit integers use the convention of ofm/json.h. */
static json_t *
json_u64(uint64_t v)
{
    return json_integer((json_int_t) v);
}

/* A counter: null when the switch does not support it (all ones). */
static json_t *
json_counter(uint64_t v)
{
    return v == UINT64_MAX ? json_null() : json_u64(v);
}

/* Seconds or a rate, to the millisecond (no float noise in the log). */
static json_t *
json_round(double v)
{
    return json_real(v >= 0 ? (double) (uint64_t) (v * 1000 + 0.5) / 1000 : v);
}

static void
set(json_t *obj, const char *key, json_t *value)
{
    json_object_set_new(obj, key, value);
}

/* Big-endian unsigned integer of 'len' <= 8 bytes. */
static uint64_t
get_uint(const uint8_t *p, size_t len)
{
    uint64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        v = v << 8 | p[i];
    }
    return v;
}

static bool
is_ipv4_field(unsigned int field)
{
    return field == OFPXMT_IPV4_SRC || field == OFPXMT_IPV4_DST
           || field == OFPXMT_ARP_SPA || field == OFPXMT_ARP_TPA;
}

/* Writes the 'len' bytes at 'p' of an OXM value as text into 'out': MAC and
 * IP addresses of basic fields in their usual forms, other values of up to
 * 8 bytes as a hex number, longer ones as hex bytes. */
static void
value_text(bool basic, unsigned int field, const uint8_t *p, size_t len,
           char *out, size_t size)
{
    if (basic && len == 6) {
        ofm_mac_format(p, out);
    } else if (basic && len == 4 && is_ipv4_field(field)) {
        ofm_ipv4_format(ofm_get32(p), out);
    } else if (basic && len == 16) {
        ofm_ipv6_format(p, out);
    } else if (len <= 8) {
        snprintf(out, size, "0x%" PRIx64, get_uint(p, len));
    } else {
        int k = snprintf(out, size, "0x");
        for (size_t i = 0; i < len && (size_t) k + 3 <= size; i++) {
            k += snprintf(out + k, size - k, "%02x", p[i]);
        }
    }
}

/* The match as {"in_port": 1, "eth_dst": "00:00:00:00:00:02", ...}: basic
 * fields under Ryu's names, others as "oxm_CLASS_FIELD".  Exact integers
 * are numbers; addresses, masked values ("VALUE/MASK") and fields longer
 * than 8 bytes are strings. */
static json_t *
match_json(const struct ofm_match *m)
{
    json_t *obj = json_object();
    struct ofm_rd rd = ofm_rd_init(m->oxm, m->len);

    while (rd.left >= 4) {
        uint32_t header = ofm_rd_be32(&rd);
        unsigned int class = OFM_OXM_CLASS(header);
        unsigned int field = OFM_OXM_FIELD(header);
        bool has_mask = OFM_OXM_HASMASK(header);
        size_t len = OFM_OXM_LENGTH(header);
        const uint8_t *p = ofm_rd_pull(&rd, len);
        if (!p) {
            break;
        }
        size_t vlen = has_mask ? len / 2 : len;
        bool basic = class == OFPXMC_OPENFLOW_BASIC;
        const struct ofm_oxm_info *info = basic ? ofm_oxm_info(field) : NULL;

        char name[32];
        if (info) {
            snprintf(name, sizeof name, "%s", info->name);
        } else {
            snprintf(name, sizeof name, "oxm_%04x_%u", class, field);
        }

        bool address = basic && (vlen == 6 || vlen == 16
                                 || (vlen == 4 && is_ipv4_field(field)));
        if (!has_mask && !address && vlen <= 8) {
            set(obj, name, json_u64(get_uint(p, vlen)));
            continue;
        }
        char value[2 * 255 + 3], mask[2 * 255 + 3], text[sizeof value + sizeof mask];
        value_text(basic, field, p, vlen, value, sizeof value);
        if (has_mask) {
            value_text(basic, field, p + vlen, vlen, mask, sizeof mask);
            snprintf(text, sizeof text, "%s/%s", value, mask);
        } else {
            snprintf(text, sizeof text, "%s", value);
        }
        set(obj, name, json_string(text));
    }
    return obj;
}

static json_t *
flow_json(const struct mon_flow *f)
{
    json_t *obj = json_object();
    set(obj, "table_id", json_integer(f->table_id));
    set(obj, "priority", json_integer(f->priority));
    set(obj, "cookie", json_u64(f->cookie));
    set(obj, "idle_timeout", json_integer(f->idle_timeout));
    set(obj, "hard_timeout", json_integer(f->hard_timeout));
    set(obj, "flags", json_integer(f->flags));
    set(obj, "duration_sec", json_integer(f->duration_sec));
    set(obj, "duration_nsec", json_integer(f->duration_nsec));
    set(obj, "packet_count", json_counter(f->packet_count));
    set(obj, "byte_count", json_counter(f->byte_count));
    set(obj, "match", match_json(&f->match));
    set(obj, "out_port", f->has_out_port ? json_integer(f->out_port) : json_null());
    return obj;
}

static json_t *
port_json(const struct ofm_port_stats *p, uint8_t version,
          const struct ofm_port_stats *prev, double elapsed)
{
    json_t *obj = json_object();
    set(obj, "port_no", json_integer(p->port_no));
    set(obj, "rx_packets", json_counter(p->rx_packets));
    set(obj, "tx_packets", json_counter(p->tx_packets));
    set(obj, "rx_bytes", json_counter(p->rx_bytes));
    set(obj, "tx_bytes", json_counter(p->tx_bytes));
    set(obj, "rx_dropped", json_counter(p->rx_dropped));
    set(obj, "tx_dropped", json_counter(p->tx_dropped));
    set(obj, "rx_errors", json_counter(p->rx_errors));
    set(obj, "tx_errors", json_counter(p->tx_errors));
    set(obj, "rx_frame_err", json_counter(p->rx_frame_err));
    set(obj, "rx_over_err", json_counter(p->rx_over_err));
    set(obj, "rx_crc_err", json_counter(p->rx_crc_err));
    set(obj, "collisions", json_counter(p->collisions));
    bool durations = version != OFP10_VERSION && version != OFP12_VERSION;
    set(obj, "duration_sec", durations ? json_integer(p->duration_sec) : json_null());
    set(obj, "duration_nsec", durations ? json_integer(p->duration_nsec) : json_null());

    struct mon_rate r;
    bool rates = prev && mon_port_rate(prev, p, elapsed, &r);
    set(obj, "rx_bytes_per_sec", rates ? json_round(r.rx_bytes) : json_null());
    set(obj, "tx_bytes_per_sec", rates ? json_round(r.tx_bytes) : json_null());
    set(obj, "rx_packets_per_sec", rates ? json_round(r.rx_packets) : json_null());
    set(obj, "tx_packets_per_sec", rates ? json_round(r.tx_packets) : json_null());
    return obj;
}

json_t *
mon_poll_json(const struct mon_poll *poll)
{
    char dpid[17];
    snprintf(dpid, sizeof dpid, "%016" PRIx64, poll->dpid);

    json_t *obj = json_object();
    set(obj, "time", json_round(poll->time));
    set(obj, "datapath", json_string(dpid));
    set(obj, "version", json_integer(poll->version));
    set(obj, "elapsed", poll->has_prev ? json_round(poll->elapsed) : json_null());

    json_t *flows = json_array();
    for (size_t i = 0; i < poll->n_flows; i++) {
        json_array_append_new(flows, flow_json(&poll->flows[i]));
    }
    set(obj, "flows", flows);

    json_t *ports = json_array();
    for (size_t i = 0; i < poll->n_ports; i++) {
        const struct ofm_port_stats *p = &poll->ports[i], *prev = NULL;
        if (poll->has_prev && poll->n_prev_ports) {
            prev = bsearch(p, poll->prev_ports, poll->n_prev_ports,
                           sizeof *p, compare_ports);
        }
        json_array_append_new(ports, port_json(p, poll->version, prev, poll->elapsed));
    }
    set(obj, "ports", ports);
    return obj;
}
