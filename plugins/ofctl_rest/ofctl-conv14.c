/* ofctl-conv14.c: the replies of OpenFlow 1.4 and 1.5 switches in the
 * shapes of Ryu's ofctl_v1_4 / ofctl_v1_5 (see ofctl-conv.h).
 *
 * Unlike ofctl_v1_3, which builds each REST object field by field, these
 * two take the message's to_jsondict() and rewrite a few members: numbers
 * that have a name become the name ("type": "OUTPUT", "port_no":
 * "LOCAL"), a match becomes {"field": value}, and so on.  So do we, on the
 * SDK codec's to_jsondict() form.  Each function's comment names the Ryu
 * function whose output it reproduces. */
#include <config.h>
#include "ofctl-conv.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define OFP15 0x06
#define OFPVID_PRESENT 0x1000

/* A number and the name Ryu's OFCtlUtil gives it (the OFPxx_ constant's
 * name without its prefix). */
struct name {
    uint32_t v;
    const char *name;
};

#define END { 0, NULL }

static const struct name action_types[] = {
    { 0, "OUTPUT" }, { 11, "COPY_TTL_OUT" }, { 12, "COPY_TTL_IN" },
    { 15, "SET_MPLS_TTL" }, { 16, "DEC_MPLS_TTL" }, { 17, "PUSH_VLAN" },
    { 18, "POP_VLAN" }, { 19, "PUSH_MPLS" }, { 20, "POP_MPLS" },
    { 21, "SET_QUEUE" }, { 22, "GROUP" }, { 23, "SET_NW_TTL" },
    { 24, "DEC_NW_TTL" }, { 25, "SET_FIELD" }, { 26, "PUSH_PBB" },
    { 27, "POP_PBB" }, { 0xffff, "EXPERIMENTER" }, END,
};
static const struct name action_types15[] = {
    { 28, "COPY_FIELD" }, { 29, "METER" }, END,
};
static const struct name instruction_types[] = {
    { 1, "GOTO_TABLE" }, { 2, "WRITE_METADATA" }, { 3, "WRITE_ACTIONS" },
    { 4, "APPLY_ACTIONS" }, { 5, "CLEAR_ACTIONS" }, { 0xffff, "EXPERIMENTER" },
    END,
};
/* 1.4's OFPIT_METER; 1.5 has OFPIT_STAT_TRIGGER in its place's stead. */
static const struct name instruction_types14[] = { { 6, "METER" }, END };
static const struct name instruction_types15[] = {
    { 6, "DEPRECATED" }, { 7, "STAT_TRIGGER" }, END,
};
static const struct name port_desc_props[] = {
    { 0, "ETHERNET" }, { 1, "OPTICAL" }, { 0xffff, "EXPERIMENTER" }, END,
};
static const struct name queue_stats_props[] = {
    { 0xffff, "EXPERIMENTER" }, END,
};
static const struct name queue_desc_props[] = {
    { 1, "MIN_RATE" }, { 2, "MAX_RATE" }, { 0xffff, "EXPERIMENTER" }, END,
};
static const struct name meter_bands[] = {
    { 1, "DROP" }, { 2, "DSCP_REMARK" }, { 0xffff, "EXPERIMENTER" }, END,
};
static const struct name group_types[] = {
    { 0, "ALL" }, { 1, "SELECT" }, { 2, "INDIRECT" }, { 3, "FF" }, END,
};
static const struct name bucket_props[] = {
    { 0, "WEIGHT" }, { 1, "WATCH_PORT" }, { 2, "WATCH_GROUP" },
    { 0xffff, "EXPERIMENTER" }, END,
};
static const struct name table_feature_props[] = {
    { 0, "INSTRUCTIONS" }, { 1, "INSTRUCTIONS_MISS" }, { 2, "NEXT_TABLES" },
    { 3, "NEXT_TABLES_MISS" }, { 4, "WRITE_ACTIONS" },
    { 5, "WRITE_ACTIONS_MISS" }, { 6, "APPLY_ACTIONS" },
    { 7, "APPLY_ACTIONS_MISS" }, { 8, "MATCH" }, { 10, "WILDCARDS" },
    { 12, "WRITE_SETFIELD" }, { 13, "WRITE_SETFIELD_MISS" },
    { 14, "APPLY_SETFIELD" }, { 15, "APPLY_SETFIELD_MISS" },
    { 16, "TABLE_SYNC_FROM" }, { 0xfffe, "EXPERIMENTER" },
    { 0xffff, "EXPERIMENTER_MISS" }, END,
};
static const struct name table_feature_props15[] = {
    { 18, "WRITE_COPYFIELD" }, { 19, "WRITE_COPYFIELD_MISS" },
    { 20, "APPLY_COPYFIELD" }, { 21, "APPLY_COPYFIELD_MISS" },
    { 22, "PACKET_TYPES" }, END,
};
static const struct name roles[] = {
    { 0, "NOCHANGE" }, { 1, "EQUAL" }, { 2, "MASTER" }, { 3, "SLAVE" }, END,
};

static const char *
lookup(uint64_t v, const struct name *t)
{
    for (; t && t->name; t++) {
        if (t->v == v) {
            return t->name;
        }
    }
    return NULL;
}

/* Ryu's "t if t != p['type'] else 'UNKNOWN'" over one or two tables. */
static void
set_type_name(json_t *o, const char *key, const struct name *t,
              const struct name *more)
{
    uint64_t v = ofctl_uget(o, key);
    const char *name = lookup(v, more);
    if (!name) {
        name = lookup(v, t);
    }
    json_object_set_new(o, key, json_string(name ? name : "UNKNOWN"));
}

/* A copy of the inner object of {"Class": {...}}, or an empty object. */
static json_t *
inner_copy(const json_t *wrapped)
{
    const json_t *x = ofctl_unwrap(wrapped, NULL);
    return json_is_object(x) ? json_deep_copy(x) : json_object();
}

/* Ryu's _reserved_num_to_user() for the OFPP_/OFPG_/OFPTT_/OFPM_
 * constants: the first constant of the module with that value, which
 * makes 0xffffff00 "MAX" for ports and groups, and 0xfe "MAX" for tables. */
static json_t *
port_to_user(uint64_t v, uint8_t version)
{
    return v == 0xffffff00 ? json_string("MAX") : ofctl_port_to_user(v, version);
}

static json_t *
group_to_user(uint64_t v)
{
    return v == 0xffffff00 ? json_string("MAX") : ofctl_group_to_user(v);
}

static json_t *
table_to_user(uint64_t v)
{
    return (v == 0xfe ? json_string("MAX") : v == 0xff ? json_string("ALL")
            : json_integer((json_int_t) v));
}

static void
set_user(json_t *o, const char *key, json_t *v)
{
    json_object_set_new(o, key, v);
}

/* The list member 'key' of 'o' with each element replaced by fn(inner). */
static void
map_member(json_t *o, const char *key, uint8_t version,
           json_t *(*fn)(const json_t *, uint8_t))
{
    json_t *out = json_array();
    size_t i;
    const json_t *w;
    json_array_foreach(json_object_get(o, key), i, w) {
        json_array_append_new(out, fn(w, version));
    }
    json_object_set_new(o, key, out);
}

static json_t *
plain(const json_t *w, uint8_t version)
{
    (void) version;
    return inner_copy(w);
}

/* action_to_str(). */
json_t *
ofctl14_action_to_rest(const json_t *action, uint8_t version)
{
    json_t *s = inner_copy(action);
    set_type_name(s, "type", action_types,
                  version >= OFP15 ? action_types15 : NULL);
    const char *t = json_string_value(json_object_get(s, "type"));
    const json_t *field = json_object_get(s, "field");
    /* 1.4 flattens any "field" member, 1.5 only SET_FIELD's. */
    if (field && (version < OFP15 || !strcmp(t, "SET_FIELD"))) {
        json_t *tlv = inner_copy(field);
        json_object_set(s, "field", json_object_get(tlv, "field"));
        json_object_set(s, "mask", json_object_get(tlv, "mask"));
        json_object_set(s, "value", json_object_get(tlv, "value"));
        json_decref(tlv);
    } else if (version >= OFP15 && !strcmp(t, "COPY_FIELD")) {
        const json_t *ids = json_object_get(s, "oxm_ids");
        json_t *src = inner_copy(json_array_get(ids, 0));
        json_t *dst = inner_copy(json_array_get(ids, 1));
        json_object_set(s, "src_oxm_id", json_object_get(src, "type"));
        json_object_set(s, "dst_oxm_id", json_object_get(dst, "type"));
        json_object_del(s, "oxm_ids");
        json_decref(src);
        json_decref(dst);
    }
    return s;
}

static json_t *
action_entry(const json_t *w, uint8_t version)
{
    return ofctl14_action_to_rest(w, version);
}

/* instructions_to_str(). */
static json_t *
instruction_to_rest(const json_t *w, uint8_t version)
{
    const char *cls = "";
    ofctl_unwrap(w, &cls);
    json_t *v = inner_copy(w);
    set_type_name(v, "type", instruction_types,
                  version >= OFP15 ? instruction_types15 : instruction_types14);
    if (cls && !strcmp(cls, "OFPInstructionActions")) {
        map_member(v, "actions", version, action_entry);
    }
    return v;
}

/* match_to_str(): {"field": value} in the match's order, the first of a
 * repeated field kept. */
json_t *
ofctl14_match_to_rest(const json_t *match, uint8_t version)
{
    json_t *out = json_object();
    size_t i;
    const json_t *w;
    json_array_foreach(json_object_get(ofctl_unwrap(match, NULL), "oxm_fields"),
                       i, w) {
        const json_t *tlv = ofctl_unwrap(w, NULL);
        const char *key = json_string_value(json_object_get(tlv, "field"));
        const json_t *value = json_object_get(tlv, "value");
        const json_t *mask = json_object_get(tlv, "mask");
        bool masked = mask && !json_is_null(mask);
        if (!key || !value || json_object_get(out, key)) {
            continue;
        }
        uint64_t x = ofctl_uget(tlv, "value");
        char buf[256];
        json_t *v;
        if (!strcmp(key, "vlan_vid")) {
            if (masked) {
                snprintf(buf, sizeof buf, "0x%04"PRIx64"/0x%04"PRIx64, x,
                         ofctl_uget(tlv, "mask"));
            } else if (x & OFPVID_PRESENT) {
                snprintf(buf, sizeof buf, "%"PRIu64, x & ~(uint64_t) OFPVID_PRESENT);
            } else {
                snprintf(buf, sizeof buf, "0x%04"PRIx64, x);
            }
            v = json_string(buf);
        } else if (!strcmp(key, "in_port")) {
            v = port_to_user(x, version);
        } else if (version >= OFP15 && !strcmp(key, "packet_type")) {
            v = json_pack("[I,I]", (json_int_t) (x >> 16), (json_int_t) (x & 0xffff));
        } else if (masked) {
            char a[128], b[128];
            if (json_is_string(value)) {
                snprintf(a, sizeof a, "%s", json_string_value(value));
            } else {
                snprintf(a, sizeof a, "%"PRIu64, x);
            }
            if (json_is_string(mask)) {
                snprintf(b, sizeof b, "%s", json_string_value(mask));
            } else {
                snprintf(b, sizeof b, "%"PRIu64, ofctl_uget(tlv, "mask"));
            }
            snprintf(buf, sizeof buf, "%s/%s", a, b);
            v = json_string(buf);
        } else {
            v = json_incref((json_t *) value);
        }
        json_object_set_new(out, key, v);
    }
    return out;
}

/* stats_to_str() (1.5): the OXS fields by name, duration and idle_time as
 * {"duration_sec", "duration_nsec"} objects. */
static json_t *
oxs_to_rest(const json_t *stats)
{
    json_t *out = json_object();
    size_t i;
    const json_t *w;
    json_array_foreach(json_object_get(ofctl_unwrap(stats, NULL), "oxs_fields"),
                       i, w) {
        const json_t *tlv = ofctl_unwrap(w, NULL);
        const char *key = json_string_value(json_object_get(tlv, "field"));
        const json_t *value = json_object_get(tlv, "value");
        if (!key || !value || json_object_get(out, key)) {
            continue;
        }
        bool duration = !strcmp(key, "duration");
        if (duration || !strcmp(key, "idle_time")) {
            uint64_t sec = 0, nsec = 0;
            ofctl_get_uint(json_array_get(value, 0), &sec);
            ofctl_get_uint(json_array_get(value, 1), &nsec);
            json_object_set_new(out, key, json_pack(
                "{s:I,s:I}", duration ? "duration_sec" : "idle_time_sec",
                (json_int_t) sec, duration ? "duration_nsec" : "idle_time_nsec",
                (json_int_t) nsec));
        } else {
            json_object_set(out, key, (json_t *) value);
        }
    }
    return out;
}

/* get_flow_stats() (1.4: instructions and match; 1.5's OXS flow stats:
 * stats and match) and 1.5's get_flow_desc_stats() (all three). */
json_t *
ofctl14_flow_stats_to_rest(const json_t *body, uint8_t version, int priority)
{
    json_t *flows = json_array();
    size_t i;
    const json_t *w;
    json_array_foreach(body, i, w) {
        const char *cls = "";
        const json_t *fs = ofctl_unwrap(w, &cls);
        if (!json_is_object(fs)) {
            continue;
        }
        if (priority >= 0 && ofctl_uget(fs, "priority") != (uint64_t) priority) {
            continue;
        }
        json_t *s = json_deep_copy(fs);
        bool desc = !strcmp(cls, "OFPFlowDesc");
        if (version < OFP15 || desc) {
            map_member(s, "instructions", version, instruction_to_rest);
        }
        if (version >= OFP15) {
            json_object_set_new(s, "stats", oxs_to_rest(json_object_get(fs, "stats")));
        }
        json_object_set_new(s, "match",
                            ofctl14_match_to_rest(json_object_get(fs, "match"),
                                                  version));
        json_array_append_new(flows, s);
    }
    return flows;
}

/* get_aggregate_flow_stats(): the body's dict (1.5: its OXS stats by
 * name). */
json_t *
ofctl14_aggregate_to_rest(const json_t *reply, uint8_t version)
{
    json_t *s = inner_copy(json_object_get(reply, "body"));
    if (version >= OFP15) {
        json_object_set_new(s, "stats", oxs_to_rest(json_object_get(s, "stats")));
    }
    return json_pack("[o]", s);
}

/* Calls 'fn' on each element of the reply's "body" list. */
static json_t *
map_body(const json_t *reply, uint8_t version,
         json_t *(*fn)(const json_t *, uint8_t))
{
    json_t *out = json_array();
    size_t i;
    const json_t *w;
    json_array_foreach(json_object_get(reply, "body"), i, w) {
        if (json_is_object(ofctl_unwrap(w, NULL))) {
            json_array_append_new(out, fn(w, version));
        }
    }
    return out;
}

static json_t *
table_stat(const json_t *w, uint8_t version)
{
    (void) version;
    json_t *s = inner_copy(w);
    set_user(s, "table_id", table_to_user(ofctl_uget(s, "table_id")));
    return s;
}

/* get_table_stats(). */
json_t *
ofctl14_table_stats_to_rest(const json_t *reply, uint8_t version)
{
    return map_body(reply, version, table_stat);
}

/* The ids of a table feature property: 'key' of 'p', each element's inner
 * dict (as_pair: only its "len" and "type", as Ryu rebuilds instruction
 * ids). */
static json_t *
prop_ids(const json_t *p, const char *key, bool as_pair)
{
    json_t *out = json_array();
    size_t i;
    const json_t *w;
    json_array_foreach(json_object_get(p, key), i, w) {
        json_t *id = inner_copy(w);
        if (as_pair) {
            json_t *pair = json_pack("{s:O?,s:O?}", "len", json_object_get(id, "len"),
                                     "type", json_object_get(id, "type"));
            json_decref(id);
            id = pair;
        }
        json_array_append_new(out, id);
    }
    return out;
}

static json_t *
table_feature_prop(const json_t *w, uint8_t version)
{
    const json_t *p = ofctl_unwrap(w, NULL);
    uint64_t type = ofctl_uget(p, "type");
    const char *name = lookup(type, version >= OFP15 ? table_feature_props15 : NULL);
    if (!name) {
        name = lookup(type, table_feature_props);
    }
    json_t *o = json_pack("{s:s}", "type", name ? name : "UNKNOWN");
    switch (type) {
    case 0: case 1:
        json_object_set_new(o, "instruction_ids", prop_ids(p, "instruction_ids", true));
        break;
    case 2: case 3: case 16: {
        const json_t *ids = json_object_get(p, "table_ids");
        json_object_set_new(o, "table_ids", json_is_array(ids)
                                            ? json_deep_copy(ids) : json_array());
        break;
    }
    case 4: case 5: case 6: case 7:
        json_object_set_new(o, "action_ids", prop_ids(p, "action_ids", false));
        break;
    case 8: case 10: case 12: case 13: case 14: case 15:
        json_object_set_new(o, "oxm_ids", prop_ids(p, "oxm_ids", false));
        break;
    case 18: case 19: case 20: case 21:
        if (version >= OFP15) {
            json_object_set_new(o, "oxm_ids", prop_ids(p, "oxm_ids", false));
        }
        break;
    case 22:
        if (version >= OFP15) {
            /* Each (field, value) pair as {field: value}. */
            json_t *vals = json_array();
            size_t i;
            const json_t *pair;
            json_array_foreach(json_object_get(p, "oxm_values"), i, pair) {
                const char *f = json_string_value(json_array_get(pair, 0));
                const json_t *v = json_array_get(pair, 1);
                if (f && v) {
                    json_array_append_new(vals, json_pack("{s:O}", f, v));
                }
            }
            json_object_set_new(o, "oxm_values", vals);
        }
        break;
    default:
        break;
    }
    return o;
}

static json_t *
table_features(const json_t *w, uint8_t version)
{
    json_t *s = inner_copy(w);
    map_member(s, "properties", version, table_feature_prop);
    set_user(s, "table_id", table_to_user(ofctl_uget(s, "table_id")));
    return s;
}

/* get_table_features(). */
json_t *
ofctl14_table_features_to_rest(const json_t *reply, uint8_t version)
{
    return map_body(reply, version, table_features);
}

/* The "properties" of 'o', each its inner dict with the type named. */
static void
name_props(json_t *o, const char *key, const struct name *types)
{
    json_t *out = json_array();
    size_t i;
    const json_t *w;
    json_array_foreach(json_object_get(o, key), i, w) {
        json_t *p = inner_copy(w);
        set_type_name(p, "type", types, NULL);
        json_array_append_new(out, p);
    }
    json_object_set_new(o, key, out);
}

static json_t *
port_stat(const json_t *w, uint8_t version)
{
    json_t *s = inner_copy(w);
    name_props(s, "properties", port_desc_props);   /* OFPPSPT_ alike. */
    set_user(s, "port_no", port_to_user(ofctl_uget(s, "port_no"), version));
    return s;
}

/* get_port_stats(). */
json_t *
ofctl14_port_stats_to_rest(const json_t *reply, uint8_t version)
{
    return map_body(reply, version, port_stat);
}

static json_t *
port_desc(const json_t *w, uint8_t version)
{
    json_t *s = inner_copy(w);
    name_props(s, "properties", port_desc_props);
    set_user(s, "port_no", port_to_user(ofctl_uget(s, "port_no"), version));
    return s;
}

/* get_port_desc(). */
json_t *
ofctl14_port_desc_to_rest(const json_t *reply, uint8_t version)
{
    return map_body(reply, version, port_desc);
}

static json_t *
queue_stat(const json_t *w, uint8_t version)
{
    (void) version;
    json_t *s = inner_copy(w);
    name_props(s, "properties", queue_stats_props);
    return s;
}

/* get_queue_stats(). */
json_t *
ofctl14_queue_stats_to_rest(const json_t *reply, uint8_t version)
{
    return map_body(reply, version, queue_stat);
}

static json_t *
queue_desc(const json_t *w, uint8_t version)
{
    (void) version;
    json_t *s = inner_copy(w);
    name_props(s, "properties", queue_desc_props);
    return s;
}

/* get_queue_desc(). */
json_t *
ofctl_queue_desc_to_rest(const json_t *reply, uint8_t version)
{
    return map_body(reply, version, queue_desc);
}

static json_t *
meter_stat(const json_t *w, uint8_t version)
{
    json_t *s = inner_copy(w);
    map_member(s, "band_stats", version, plain);
    set_user(s, "meter_id", ofctl_meter_to_user(ofctl_uget(s, "meter_id")));
    return s;
}

/* get_meter_stats(). */
json_t *
ofctl14_meter_stats_to_rest(const json_t *reply, uint8_t version)
{
    return map_body(reply, version, meter_stat);
}

static json_t *
meter_config(const json_t *w, uint8_t version)
{
    (void) version;
    json_t *c = inner_copy(w);
    name_props(c, "bands", meter_bands);
    set_user(c, "flags", ofctl_meter_flags_to_rest(ofctl_uget(c, "flags")));
    set_user(c, "meter_id", ofctl_meter_to_user(ofctl_uget(c, "meter_id")));
    return c;
}

/* get_meter_config() (1.4) and get_meter_desc() (1.5). */
json_t *
ofctl14_meter_config_to_rest(const json_t *reply, uint8_t version)
{
    return map_body(reply, version, meter_config);
}

static json_t *
group_stat(const json_t *w, uint8_t version)
{
    json_t *g = inner_copy(w);
    map_member(g, "bucket_stats", version, plain);
    set_user(g, "group_id", group_to_user(ofctl_uget(g, "group_id")));
    return g;
}

/* get_group_stats(). */
json_t *
ofctl14_group_stats_to_rest(const json_t *reply, uint8_t version)
{
    return map_body(reply, version, group_stat);
}

static json_t *
bucket(const json_t *w, uint8_t version)
{
    json_t *b = inner_copy(w);
    map_member(b, "actions", version, action_entry);
    if (version >= OFP15) {
        name_props(b, "properties", bucket_props);
    }
    return b;
}

static json_t *
group_desc(const json_t *w, uint8_t version)
{
    json_t *d = inner_copy(w);
    map_member(d, "buckets", version, bucket);
    set_user(d, "group_id", group_to_user(ofctl_uget(d, "group_id")));
    set_type_name(d, "type", group_types, NULL);
    return d;
}

/* get_group_desc(). */
json_t *
ofctl14_group_desc_to_rest(const json_t *reply, uint8_t version)
{
    return map_body(reply, version, group_desc);
}

/* get_role() (ofctl_utils): the reply's dict, the role named. */
json_t *
ofctl14_role_to_rest(const json_t *reply, uint8_t version)
{
    (void) version;
    json_t *d = json_is_object(reply) ? json_deep_copy(reply) : json_object();
    const char *name = lookup(ofctl_uget(d, "role"), roles);
    if (name) {
        json_object_set_new(d, "role", json_string(name));
    }
    return json_pack("[o]", d);
}
