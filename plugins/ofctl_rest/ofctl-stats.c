/* ofctl-stats.c: decoded stats replies (the SDK's Ryu-JSON form) in the
 * shapes Ryu's ofctl_v1_0 / ofctl_v1_3 get_*() functions return (see
 * ofctl-conv.h).  Each function's comment names the Ryu function whose
 * output it reproduces. */
#include <config.h>
#include "ofctl-conv.h"

#include <string.h>

#define OFP10 0x01
#define OFP12 0x03
#define OFP14 0x05
#define OFP15 0x06

/* Copies the members 'keys' of 'src' into a new object as integers. */
static json_t *
pick(const json_t *src, const char *const keys[])
{
    json_t *o = json_object();
    for (size_t i = 0; keys[i]; i++) {
        const json_t *v = json_object_get(src, keys[i]);
        json_object_set_new(o, keys[i], v ? json_incref((json_t *) v)
                                          : json_integer(0));
    }
    return o;
}

/* Calls 'fn' on the unwrapped value of each element of 'reply'.body and
 * gathers the results. */
static json_t *
map_body(const json_t *reply, uint8_t version,
         json_t *(*fn)(const json_t *, uint8_t))
{
    json_t *out = json_array();
    size_t i;
    const json_t *w;
    json_array_foreach(json_object_get(reply, "body"), i, w) {
        const json_t *x = ofctl_unwrap(w, NULL);
        if (x) {
            json_array_append_new(out, fn(x, version));
        }
    }
    return out;
}

/* get_desc_stats(): the OFPDescStats fields. */
json_t *
ofctl_desc_to_rest(const json_t *reply, uint8_t version)
{
    (void) version;
    const json_t *d = ofctl_unwrap(json_object_get(reply, "body"), NULL);
    return d ? json_deep_copy(d) : json_object();
}

/* 1.0 get_table_stats() lists wildcard names by testing (1 << v) for
 * each OFPFW_* value v of a dict keyed by value: only these survive the
 * dict's collapsed keys, in this order (Ryu's quirk, kept). */
static json_t *
wildcards10(uint64_t w)
{
    static const struct { unsigned int bit; const char *name; } quirk[] = {
        { 1, "IN_PORT" }, { 2, "DL_VLAN" }, { 4, "DL_SRC" },
        { 8, "NW_SRC_SHIFT" }, { 16, "DL_TYPE" }, { 6, "NW_DST_BITS" },
        { 14, "NW_DST_SHIFT" },
    };
    json_t *out = json_array();
    for (size_t i = 0; i < sizeof quirk / sizeof quirk[0]; i++) {
        if (w & (1ull << quirk[i].bit)) {
            json_array_append_new(out, json_string(quirk[i].name));
        }
    }
    return out;
}

static json_t *
table_stat(const json_t *t, uint8_t version)
{
    static const char *const keys[] = {
        "active_count", "lookup_count", "matched_count", NULL,
    };
    json_t *o = pick(t, keys);
    json_object_set_new(o, "table_id",
                        ofctl_table_to_user(ofctl_uget(t, "table_id"), version));
    if (version == OFP10) {
        const json_t *name = json_object_get(t, "name");
        json_object_set_new(o, "name", name ? json_incref((json_t *) name)
                                            : json_string(""));
        json_object_set_new(o, "wildcards",
                            wildcards10(ofctl_uget(t, "wildcards")));
        json_object_set_new(o, "max_entries",
                            json_integer((json_int_t) ofctl_uget(t, "max_entries")));
    }
    return o;
}

/* The names of the bits of 'bits' in the order of 'names' (Ryu's
 * "for k, v in convert.items(): if (1 << k) & bits"); 'bit' of each. */
struct bit_name {
    unsigned int bit;
    const char *name;
};

static json_t *
bit_names(uint64_t bits, const struct bit_name *names, size_t n)
{
    json_t *out = json_array();
    for (size_t i = 0; i < n; i++) {
        if (bits & (1ull << names[i].bit)) {
            json_array_append_new(out, json_string(names[i].name));
        }
    }
    return out;
}

/* 1.2's get_table_stats(): the table's bitmaps as lists of names. */
static json_t *
table_stat12(const json_t *t, uint8_t version)
{
    /* OFPXMT_OFB_IN_PORT (0) to OFPXMT_OFB_MPLS_TC (35). */
    static const char *const oxms[] = {
        "IN_PORT", "IN_PHY_PORT", "METADATA", "ETH_DST", "ETH_SRC",
        "ETH_TYPE", "VLAN_VID", "VLAN_PCP", "IP_DSCP", "IP_ECN", "IP_PROTO",
        "IPV4_SRC", "IPV4_DST", "TCP_SRC", "TCP_DST", "UDP_SRC", "UDP_DST",
        "SCTP_SRC", "SCTP_DST", "ICMPV4_TYPE", "ICMPV4_CODE", "ARP_OP",
        "ARP_SPA", "ARP_TPA", "ARP_SHA", "ARP_THA", "IPV6_SRC", "IPV6_DST",
        "IPV6_FLABEL", "ICMPV6_TYPE", "ICMPV6_CODE", "IPV6_ND_TARGET",
        "IPV6_ND_SLL", "IPV6_ND_TLL", "MPLS_LABEL", "MPLS_TC",
    };
    static const struct bit_name acts[] = {
        { 0, "OUTPUT" }, { 11, "COPY_TTL_OUT" }, { 12, "COPY_TTL_IN" },
        { 15, "SET_MPLS_TTL" }, { 16, "DEC_MPLS_TTL" }, { 17, "PUSH_VLAN" },
        { 18, "POP_VLAN" }, { 19, "PUSH_MPLS" }, { 20, "POP_MPLS" },
        { 21, "SET_QUEUE" }, { 22, "GROUP" }, { 23, "SET_NW_TTL" },
        { 24, "DEC_NW_TTL" }, { 25, "SET_FIELD" },
    };
    static const struct bit_name insts[] = {
        { 1, "GOTO_TABLE" }, { 2, "WRITE_METADATA" }, { 3, "WRITE_ACTIONS" },
        { 4, "APPLY_ACTIONS" }, { 5, "CLEAR_ACTIONS" },
    };
    static const struct bit_name confs[] = {
        { 0, "TABLE_MISS_CONTROLLER" }, { 1, "TABLE_MISS_CONTINUE" },
        { 2, "TABLE_MISS_DROP" }, { 3, "TABLE_MISS_MASK" },
    };
    static const char *const oxm_keys[] = {
        "match", "wildcards", "write_setfields", "apply_setfields",
    };
    static const char *const counts[] = {
        "metadata_match", "metadata_write", "max_entries", "active_count",
        "lookup_count", "matched_count", NULL,
    };
    struct bit_name oxm_names[sizeof oxms / sizeof oxms[0]];
    for (size_t i = 0; i < sizeof oxms / sizeof oxms[0]; i++) {
        oxm_names[i] = (struct bit_name) { (unsigned int) i, oxms[i] };
    }
    json_t *o = pick(t, counts);
    for (size_t i = 0; i < sizeof oxm_keys / sizeof oxm_keys[0]; i++) {
        json_object_set_new(o, oxm_keys[i],
                            bit_names(ofctl_uget(t, oxm_keys[i]), oxm_names,
                                      sizeof oxm_names / sizeof oxm_names[0]));
    }
    json_object_set_new(o, "write_actions",
                        bit_names(ofctl_uget(t, "write_actions"), acts,
                                  sizeof acts / sizeof acts[0]));
    json_object_set_new(o, "apply_actions",
                        bit_names(ofctl_uget(t, "apply_actions"), acts,
                                  sizeof acts / sizeof acts[0]));
    json_object_set_new(o, "instructions",
                        bit_names(ofctl_uget(t, "instructions"), insts,
                                  sizeof insts / sizeof insts[0]));
    json_object_set_new(o, "config",
                        bit_names(ofctl_uget(t, "config"), confs,
                                  sizeof confs / sizeof confs[0]));
    const json_t *name = json_object_get(t, "name");
    json_object_set_new(o, "name", json_is_string(name)
                                   ? json_incref((json_t *) name)
                                   : json_string(""));
    json_object_set_new(o, "table_id",
                        ofctl_table_to_user(ofctl_uget(t, "table_id"), version));
    return o;
}

/* get_table_stats(). */
json_t *
ofctl_table_stats_to_rest(const json_t *reply, uint8_t version)
{
    if (version >= OFP14) {
        return ofctl14_table_stats_to_rest(reply, version);
    }
    return map_body(reply, version, version == OFP12 ? table_stat12 : table_stat);
}

static json_t *
port_stat(const json_t *p, uint8_t version)
{
    static const char *const keys[] = {
        "rx_packets", "tx_packets", "rx_bytes", "tx_bytes", "rx_dropped",
        "tx_dropped", "rx_errors", "tx_errors", "rx_frame_err",
        "rx_over_err", "rx_crc_err", "collisions", NULL,
    };
    json_t *o = pick(p, keys);
    if (version != OFP10 && version != OFP12) {
        json_object_set_new(o, "duration_sec",
                            json_integer((json_int_t) ofctl_uget(p, "duration_sec")));
        json_object_set_new(o, "duration_nsec",
                            json_integer((json_int_t) ofctl_uget(p, "duration_nsec")));
    }
    json_object_set_new(o, "port_no",
                        ofctl_port_to_user(ofctl_uget(p, "port_no"), version));
    return o;
}

/* get_port_stats(). */
json_t *
ofctl_port_stats_to_rest(const json_t *reply, uint8_t version)
{
    if (version >= OFP14) {
        return ofctl14_port_stats_to_rest(reply, version);
    }
    return map_body(reply, version, port_stat);
}

static json_t *
port_desc(const json_t *p, uint8_t version)
{
    static const char *const keys[] = {
        "config", "state", "curr", "advertised", "supported", "peer", NULL,
    };
    json_t *o = pick(p, keys);
    static const char *const strs[] = { "hw_addr", "name", NULL };
    for (size_t i = 0; strs[i]; i++) {
        const json_t *v = json_object_get(p, strs[i]);
        json_object_set_new(o, strs[i], v ? json_incref((json_t *) v)
                                          : json_string(""));
    }
    if (version != OFP10) {
        json_object_set_new(o, "curr_speed",
                            json_integer((json_int_t) ofctl_uget(p, "curr_speed")));
        json_object_set_new(o, "max_speed",
                            json_integer((json_int_t) ofctl_uget(p, "max_speed")));
    }
    json_object_set_new(o, "port_no",
                        ofctl_port_to_user(ofctl_uget(p, "port_no"), version));
    return o;
}

/* get_port_desc(): 1.3 from OFPPortDescStatsReply's body; 1.0 from the
 * "ports" object of an OFPSwitchFeatures (Ryu asks 1.0 switches for
 * their features), in the order the switch sent them. */
json_t *
ofctl_port_desc_to_rest(const json_t *reply, uint8_t version)
{
    if (version >= OFP14) {
        return ofctl14_port_desc_to_rest(reply, version);
    }
    if (version != OFP10 && version != OFP12) {
        return map_body(reply, version, port_desc);
    }
    json_t *out = json_array();
    const char *key;
    json_t *w;
    json_object_foreach((json_t *) json_object_get(reply, "ports"), key, w) {
        const json_t *x = ofctl_unwrap(w, NULL);
        if (x) {
            json_array_append_new(out, port_desc(x, version));
        }
    }
    return out;
}

static json_t *
group_desc(const json_t *g, uint8_t version)
{
    static const char *const types[] = { "ALL", "SELECT", "INDIRECT", "FF" };
    json_t *buckets = json_array();
    size_t i;
    const json_t *bw;
    json_array_foreach(json_object_get(g, "buckets"), i, bw) {
        const json_t *b = ofctl_unwrap(bw, NULL);
        if (!b) {
            continue;
        }
        static const char *const keys[] = {
            "weight", "watch_port", "watch_group", NULL,
        };
        json_t *o = pick(b, keys);
        json_t *acts = json_array();
        size_t k;
        const json_t *a;
        json_array_foreach(json_object_get(b, "actions"), k, a) {
            json_array_append_new(acts, ofctl_action_to_rest(a, version));
        }
        json_object_set_new(o, "actions", acts);
        json_array_append_new(buckets, o);
    }
    uint64_t type = ofctl_uget(g, "type");
    return json_pack("{s:o,s:o,s:o}", "buckets", buckets,
                     "group_id", ofctl_group_to_user(ofctl_uget(g, "group_id")),
                     "type", type < 4 ? json_string(types[type]) : json_null());
}

/* get_group_desc(). */
json_t *
ofctl_group_desc_to_rest(const json_t *reply, uint8_t version)
{
    if (version >= OFP14) {
        return ofctl14_group_desc_to_rest(reply, version);
    }
    return map_body(reply, version, group_desc);
}

static json_t *
counters(const json_t *list, const char *const keys[])
{
    json_t *out = json_array();
    size_t i;
    const json_t *w;
    json_array_foreach(list, i, w) {
        const json_t *x = ofctl_unwrap(w, NULL);
        if (x) {
            json_array_append_new(out, pick(x, keys));
        }
    }
    return out;
}

static json_t *
group_stat(const json_t *g, uint8_t version)
{
    static const char *const keys[] = {
        "length", "ref_count", "packet_count", "byte_count", "duration_sec",
        "duration_nsec", NULL,
    };
    static const char *const bkeys[] = { "packet_count", "byte_count", NULL };
    json_t *o = pick(g, keys);
    if (version == OFP12) {
        json_object_del(o, "duration_sec");
        json_object_del(o, "duration_nsec");
    }
    json_object_set_new(o, "bucket_stats",
                        counters(json_object_get(g, "bucket_stats"), bkeys));
    json_object_set_new(o, "group_id",
                        ofctl_group_to_user(ofctl_uget(g, "group_id")));
    return o;
}

/* get_group_stats(). */
json_t *
ofctl_group_stats_to_rest(const json_t *reply, uint8_t version)
{
    if (version >= OFP14) {
        return ofctl14_group_stats_to_rest(reply, version);
    }
    return map_body(reply, version, group_stat);
}

/* OFPM_* as Ryu's ofp_meter_to_user() names them. */
json_t *
ofctl_meter_to_user(uint64_t id)
{
    switch (id) {
    case 0xffff0000: return json_string("MAX");
    case 0xfffffffd: return json_string("SLOWPATH");
    case 0xfffffffe: return json_string("CONTROLLER");
    case 0xffffffff: return json_string("ALL");
    default: return json_integer((json_int_t) id);
    }
}

json_t *
ofctl_meter_flags_to_rest(uint64_t flags)
{
    static const char *const names[] = { "KBPS", "PKTPS", "BURST", "STATS" };
    json_t *out = json_array();
    for (int i = 0; i < 4; i++) {
        if (flags & (1u << i)) {
            json_array_append_new(out, json_string(names[i]));
        }
    }
    return out;
}

static json_t *
meter_config(const json_t *m, uint8_t version)
{
    (void) version;
    json_t *bands = json_array();
    size_t i;
    const json_t *bw;
    json_array_foreach(json_object_get(m, "bands"), i, bw) {
        const char *cls = "";
        const json_t *b = ofctl_unwrap(bw, &cls);
        if (!b) {
            continue;
        }
        static const char *const keys[] = { "rate", "burst_size", NULL };
        json_t *o = pick(b, keys);
        uint64_t type = ofctl_uget(b, "type");
        json_object_set_new(o, "type", json_string(type == 1 ? "DROP"
                                                   : type == 2 ? "DSCP_REMARK"
                                                   : type == 0xffff ? "EXPERIMENTER"
                                                   : ""));
        if (type == 2) {
            json_object_set_new(o, "prec_level",
                                json_integer((json_int_t) ofctl_uget(b, "prec_level")));
        } else if (type == 0xffff) {
            json_object_set_new(o, "experimenter",
                                json_integer((json_int_t) ofctl_uget(b, "experimenter")));
        }
        json_array_append_new(bands, o);
    }
    return json_pack("{s:o,s:o,s:o}",
                     "flags", ofctl_meter_flags_to_rest(ofctl_uget(m, "flags")),
                     "bands", bands,
                     "meter_id", ofctl_meter_to_user(ofctl_uget(m, "meter_id")));
}

/* get_meter_config(). */
json_t *
ofctl_meter_config_to_rest(const json_t *reply, uint8_t version)
{
    if (version >= OFP14) {
        return ofctl14_meter_config_to_rest(reply, version);
    }
    return map_body(reply, version, meter_config);
}

static json_t *
meter_stat(const json_t *m, uint8_t version)
{
    (void) version;
    static const char *const keys[] = {
        "len", "flow_count", "packet_in_count", "byte_in_count",
        "duration_sec", "duration_nsec", NULL,
    };
    static const char *const bkeys[] = {
        "packet_band_count", "byte_band_count", NULL,
    };
    json_t *o = pick(m, keys);
    json_object_set_new(o, "band_stats",
                        counters(json_object_get(m, "band_stats"), bkeys));
    json_object_set_new(o, "meter_id", ofctl_meter_to_user(ofctl_uget(m, "meter_id")));
    return o;
}

/* get_meter_stats(). */
json_t *
ofctl_meter_stats_to_rest(const json_t *reply, uint8_t version)
{
    if (version >= OFP14) {
        return ofctl14_meter_stats_to_rest(reply, version);
    }
    return map_body(reply, version, meter_stat);
}

/* ofctl_utils.get_role(): the reply's fields, the role by name. */
json_t *
ofctl_role_to_rest(const json_t *reply, uint8_t version)
{
    if (version >= OFP14) {
        return ofctl14_role_to_rest(reply, version);
    }
    (void) version;
    static const char *const roles[] = { "NOCHANGE", "EQUAL", "MASTER", "SLAVE" };
    uint64_t role = ofctl_uget(reply, "role");
    json_t *o = json_object();
    json_object_set_new(o, "generation_id",
                        json_integer((json_int_t) ofctl_uget(reply, "generation_id")));
    json_object_set_new(o, "role", role < 4 ? json_string(roles[role])
                                            : json_integer((json_int_t) role));
    return json_pack("[o]", o);
}

/* get_aggregate_flow_stats(): 1.3 has one OFPAggregateStats, 1.0 a list. */
json_t *
ofctl_aggregate_to_rest(const json_t *reply, uint8_t version)
{
    if (version >= OFP14) {
        return ofctl14_aggregate_to_rest(reply, version);
    }
    (void) version;
    static const char *const keys[] = {
        "packet_count", "byte_count", "flow_count", NULL,
    };
    const json_t *body = json_object_get(reply, "body");
    if (json_is_array(body)) {
        return counters(body, keys);
    }
    const json_t *a = ofctl_unwrap(body, NULL);
    return a ? json_pack("[o]", pick(a, keys)) : json_array();
}

static json_t *
queue_stat(const json_t *q, uint8_t version)
{
    static const char *const keys[] = {
        "port_no", "queue_id", "tx_bytes", "tx_errors", "tx_packets", NULL,
    };
    json_t *o = pick(q, keys);
    if (version != OFP10 && version != OFP12) {
        json_object_set_new(o, "duration_sec",
                            json_integer((json_int_t) ofctl_uget(q, "duration_sec")));
        json_object_set_new(o, "duration_nsec",
                            json_integer((json_int_t) ofctl_uget(q, "duration_nsec")));
    }
    return o;
}

/* get_queue_stats(): port and queue numbers as they are. */
json_t *
ofctl_queue_stats_to_rest(const json_t *reply, uint8_t version)
{
    if (version >= OFP14) {
        return ofctl14_queue_stats_to_rest(reply, version);
    }
    return map_body(reply, version, queue_stat);
}

static json_t *
queue_to_user(uint64_t q)
{
    return q == 0xffffffff ? json_string("ALL") : json_integer((json_int_t) q);
}

/* 1.3 get_queue_config(): [{"port", "queues": [{"port", "queue_id",
 * "properties": [{"property": "MIN_RATE", "rate": N}]}]}]. */
json_t *
ofctl_queue_config_to_rest(const json_t *reply, uint8_t version)
{
    json_t *queues = json_array();
    size_t i;
    const json_t *qw;
    json_array_foreach(json_object_get(reply, "queues"), i, qw) {
        const json_t *q = ofctl_unwrap(qw, NULL);
        if (!q) {
            continue;
        }
        json_t *props = json_array();
        size_t k;
        const json_t *pw;
        json_array_foreach(json_object_get(q, "properties"), k, pw) {
            const json_t *p = ofctl_unwrap(pw, NULL);
            uint64_t type = ofctl_uget(p, "property");
            json_t *o = json_object();
            json_object_set_new(o, "property", json_string(
                type == 1 ? "MIN_RATE" : type == 2 ? "MAX_RATE"
                : type == 0xffff ? "EXPERIMENTER" : "UNKNOWN"));
            if (type == 1 || type == 2) {
                json_object_set_new(o, "rate",
                                    json_integer((json_int_t) ofctl_uget(p, "rate")));
            } else if (type == 0xffff) {
                json_object_set_new(o, "experimenter",
                                    json_integer((json_int_t) ofctl_uget(p, "experimenter")));
                const json_t *d = json_object_get(p, "data");
                json_object_set_new(o, "data", d ? json_incref((json_t *) d)
                                                 : json_array());
            }
            json_array_append_new(props, o);
        }
        json_array_append_new(queues, json_pack(
            "{s:o,s:o,s:o}", "properties", props,
            "port", ofctl_port_to_user(ofctl_uget(q, "port"), version),
            "queue_id", queue_to_user(ofctl_uget(q, "queue_id"))));
    }
    return json_pack("[{s:o,s:o}]", "queues", queues, "port",
                     ofctl_port_to_user(ofctl_uget(reply, "port"), version));
}

static uint64_t
nth(const json_t *obj, const char *key, size_t i)
{
    json_t *v = json_array_get(json_object_get(obj, key), i);
    uint64_t x = 0;
    return v && !ofctl_get_uint(v, &x) ? x : 0;
}

/* 1.3 get_group_features(). */
json_t *
ofctl_group_features_to_rest(const json_t *reply, uint8_t version)
{
    static const char *const types[] = { "ALL", "SELECT", "INDIRECT", "FF" };
    static const char *const caps[] = {
        "SELECT_WEIGHT", "SELECT_LIVENESS", "CHAINING", "CHAINING_CHECKS",
    };
    /* Ryu's act_convert order. */
    static const struct { int bit; const char *name; } acts[] = {
        { 0, "OUTPUT" }, { 11, "COPY_TTL_OUT" }, { 12, "COPY_TTL_IN" },
        { 15, "SET_MPLS_TTL" }, { 16, "DEC_MPLS_TTL" }, { 17, "PUSH_VLAN" },
        { 18, "POP_VLAN" }, { 19, "PUSH_MPLS" }, { 20, "POP_MPLS" },
        { 21, "SET_QUEUE" }, { 22, "GROUP" }, { 23, "SET_NW_TTL" },
        { 24, "DEC_NW_TTL" }, { 25, "SET_FIELD" }, { 26, "PUSH_PBB" },
        { 27, "POP_PBB" }, { 28, "COPY_FIELD" }, { 29, "METER" },
    };
    const json_t *f = ofctl_unwrap(json_object_get(reply, "body"), NULL);
    if (!f) {
        return json_array();
    }
    uint64_t t = ofctl_uget(f, "types"), c = ofctl_uget(f, "capabilities");
    json_t *jt = json_array(), *jc = json_array();
    json_t *max = json_array(), *ja = json_array();
    for (int i = 0; i < 4; i++) {
        if (t & (1u << i)) {
            json_array_append_new(jt, json_string(types[i]));
        }
        if (c & (1u << i)) {
            json_array_append_new(jc, json_string(caps[i]));
        }
        json_array_append_new(max, json_pack("{s:I}", types[i],
                                             (json_int_t) nth(f, "max_groups", i)));
        json_t *list = json_array();
        uint64_t bits = nth(f, "actions", i);
        for (size_t k = 0; k < sizeof acts / sizeof acts[0]; k++) {
            /* 1.2 has no PBB actions, 1.5 adds copy-field and meter. */
            int last = version == OFP12 ? 25 : version >= OFP15 ? 29 : 27;
            if (acts[k].bit <= last && bits & (1u << acts[k].bit)) {
                json_array_append_new(list, json_string(acts[k].name));
            }
        }
        json_array_append_new(ja, json_pack("{s:o}", types[i], list));
    }
    return json_pack("[{s:o,s:o,s:o,s:o}]", "types", jt, "capabilities", jc,
                     "max_groups", max, "actions", ja);
}

static json_t *
meter_features(const json_t *m, uint8_t version)
{
    (void) version;
    uint64_t bt = ofctl_uget(m, "band_types");
    json_t *types = json_array();
    if (bt & (1u << 1)) {
        json_array_append_new(types, json_string("DROP"));
    }
    if (bt & (1u << 2)) {
        json_array_append_new(types, json_string("DSCP_REMARK"));
    }
    return json_pack("{s:I,s:o,s:o,s:I,s:I}",
                     "max_meter", (json_int_t) ofctl_uget(m, "max_meter"),
                     "band_types", types,
                     "capabilities", ofctl_meter_flags_to_rest(ofctl_uget(m, "capabilities")),
                     "max_bands", (json_int_t) ofctl_uget(m, "max_bands"),
                     "max_color", (json_int_t) ofctl_uget(m, "max_color"));
}

/* get_meter_features(): the same reply from 1.3 to 1.5. */
json_t *
ofctl_meter_features_to_rest(const json_t *reply, uint8_t version)
{
    return map_body(reply, version, meter_features);
}

/* The ids of a table feature property: 'keys' of each unwrapped id. */
static json_t *
ids(const json_t *list, const char *const keys[])
{
    json_t *out = json_array();
    size_t i;
    const json_t *w;
    json_array_foreach(list, i, w) {
        const json_t *x = ofctl_unwrap(w, NULL);
        if (!x) {
            continue;
        }
        json_t *o = json_object();
        for (size_t k = 0; keys[k]; k++) {
            const json_t *v = json_object_get(x, keys[k]);
            json_object_set_new(o, keys[k], v ? json_incref((json_t *) v)
                                              : json_integer(0));
        }
        json_array_append_new(out, o);
    }
    return out;
}

static json_t *
table_features(const json_t *t, uint8_t version)
{
    static const char *const names[] = {
        "INSTRUCTIONS", "INSTRUCTIONS_MISS", "NEXT_TABLES", "NEXT_TABLES_MISS",
        "WRITE_ACTIONS", "WRITE_ACTIONS_MISS", "APPLY_ACTIONS",
        "APPLY_ACTIONS_MISS", "MATCH", NULL, "WILDCARDS", NULL,
        "WRITE_SETFIELD", "WRITE_SETFIELD_MISS", "APPLY_SETFIELD",
        "APPLY_SETFIELD_MISS",
    };
    static const char *const id_keys[] = { "len", "type", NULL };
    static const char *const oxm_keys[] = { "hasmask", "length", "type", NULL };
    json_t *props = json_array();
    size_t i;
    const json_t *pw;
    json_array_foreach(json_object_get(t, "properties"), i, pw) {
        const json_t *p = ofctl_unwrap(pw, NULL);
        uint64_t type = ofctl_uget(p, "type");
        const char *name = type < 16 ? names[type]
                           : type == 0xfffe ? "EXPERIMENTER"
                           : type == 0xffff ? "EXPERIMENTER_MISS" : NULL;
        json_t *o = json_pack("{s:s}", "type", name ? name : "UNKNOWN");
        if (type <= 1) {
            json_object_set_new(o, "instruction_ids",
                                ids(json_object_get(p, "instruction_ids"), id_keys));
        } else if (type <= 3) {
            const json_t *tids = json_object_get(p, "table_ids");
            json_object_set_new(o, "table_ids", tids ? json_incref((json_t *) tids)
                                                     : json_array());
        } else if (type <= 7) {
            json_object_set_new(o, "action_ids",
                                ids(json_object_get(p, "action_ids"), id_keys));
        } else if (name && type < 16) {
            json_object_set_new(o, "oxm_ids",
                                ids(json_object_get(p, "oxm_ids"), oxm_keys));
        }
        json_array_append_new(props, o);
    }
    const json_t *name = json_object_get(t, "name");
    return json_pack("{s:o,s:I,s:I,s:I,s:I,s:o,s:o}",
                     "name", name ? json_incref((json_t *) name)
                                  : json_string(""),
                     "metadata_match", (json_int_t) ofctl_uget(t, "metadata_match"),
                     "metadata_write", (json_int_t) ofctl_uget(t, "metadata_write"),
                     "config", (json_int_t) ofctl_uget(t, "config"),
                     "max_entries", (json_int_t) ofctl_uget(t, "max_entries"),
                     "properties", props,
                     "table_id", ofctl_table_to_user(ofctl_uget(t, "table_id"),
                                                     version));
}

/* 1.3 get_table_features(). */
json_t *
ofctl_table_features_to_rest(const json_t *reply, uint8_t version)
{
    if (version >= OFP14) {
        return ofctl14_table_features_to_rest(reply, version);
    }
    return map_body(reply, version, table_features);
}
