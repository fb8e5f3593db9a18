/* ofp-json-msg.c: every OpenFlow 1.0, 1.2 and 1.3 message in Ryu's JSON
 * form (with the 1.4 and 1.5 ones whose layout is 1.3's: each entry names
 * the versions it is valid in), described as tables for the generic
 * walkers of ofp-json-core.c, and the public entry points of ofm/json.h.
 * ofp-json-msg14.c holds what 1.4 and 1.5 change or add.
 *
 * Ryu-isms kept on purpose, so that the JSON equals Ryu's:
 *   - 1.0 stats replies of type AGGREGATE carry a list body, 1.3 ones a
 *     single OFPAggregateStats.
 *   - Packet-in data is cut to total_len.
 *   - 1.0 OFPSwitchFeatures "ports" is an object keyed by port number.
 *     JSON objects carry no order, so the encoder writes ports by
 *     decreasing port number (the order of the corpus capture).
 *   - OFPErrorMsg of type OFPET_EXPERIMENTER has "code": null and the
 *     experimenter's "exp_type" and "experimenter".
 *   - 1.2 stats replies are all "OFPStatsReply" (told apart by "type"),
 *     its aggregate body an OFPAggregateStatsReply, its group features a
 *     constant "length"; 1.2 stats requests do not show their type; 1.2
 *     port mods show the MAC address with dashes. */
#include "ofp-json-private.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ofm/json.h"

#define F(NAME, KIND) { NAME, KIND, 0, NULL }
#define PAD(N) { NULL, OJ_PAD, N, NULL }
#define STR(NAME, N) { NAME, OJ_STR, N, NULL }
#define U32S(NAME, N) { NAME, OJ_U32S, N, NULL }
#define NESTED(NAME, S) { NAME, OJ_NESTED, 0, S }
#define LIST(NAME, L) { NAME, OJ_LIST, 0, L }
#define HOOK(H) { NULL, OJ_HOOK, 0, H }
#define DATA(NAME) { NAME, OJ_DATA, 0, NULL }
#define FRAME(NAME) { NAME, OJ_FRAME, 0, NULL }
#define END { NULL, OJ_END, 0, NULL }
#define S(VAR, NAME, FIELDS) \
    static const struct oj_struct VAR = { NAME, FIELDS }

/* Common bodies. */
static const struct oj_field f_empty[] = { END };
static const struct oj_field f_data[] = { DATA("data"), END };
static const struct oj_field f_switch_config[] = {
    F("flags", OJ_U16), F("miss_send_len", OJ_U16), END,
};

/*
 * OpenFlow 1.3.
 */

/* Hello elements. */
static bool
bitmap_decode(struct oj_dec *d, struct ofm_rd *rd, json_t *obj, int err)
{
    if (rd->left % 4) {
        return ofm_oj_fail(d, rd->p, err, "version bitmap of %zu bytes is "
                           "not a whole number of 32-bit words", rd->left);
    }
    json_t *a = json_array();
    for (unsigned int word = 0; rd->left; word++) {
        uint32_t bits = ofm_rd_be32(rd);
        for (unsigned int i = 0; i < 32; i++) {
            if (bits & (1u << i)) {
                json_array_append_new(a, ofm_oj_uint(word * 32 + i));
            }
        }
    }
    json_object_set_new(obj, "versions", a);
    return true;
}

static bool
bitmap_encode(struct oj_enc *e, const json_t *obj, size_t start)
{
    const json_t *a = json_object_get(obj, "versions");
    if (a && !json_is_null(a) && !json_is_array(a)) {
        return ofm_oj_efail(e, "'versions' must be an array");
    }
    uint64_t max = 0;
    for (size_t i = 0; i < json_array_size(a); i++) {
        const json_t *v = json_array_get(a, i);
        uint64_t x = (uint64_t) json_integer_value(v);
        if (!json_is_integer(v) || x >= 32 * 16000) {
            return ofm_oj_efail(e, "versions[%zu] must be an integer below "
                                "512000", i);
        }
        max = x > max ? x : max;
    }
    size_t n_words = json_array_size(a) ? max / 32 + 1 : 0;
    size_t pos = e->out->size;
    ofm_buf_put_zeros(e->out, 4 * n_words);
    for (size_t i = 0; i < json_array_size(a); i++) {
        uint64_t x = (uint64_t) json_integer_value(json_array_get(a, i));
        uint8_t *w = e->out->data + pos + 4 * (x / 32);
        ofm_put32(w, ofm_get32(w) | 1u << (x % 32));
    }
    return true;
}

static const struct oj_hook bitmap_hook = {
    bitmap_decode, bitmap_encode, { "versions" },
};
static const struct oj_field f_hello_bitmap[] = {
    F("type", OJ_TYPE), F("length", OJ_LEN), HOOK(&bitmap_hook), END,
};
static const struct oj_field f_tlv_unknown[] = {
    F("type", OJ_TYPE), F("length", OJ_LEN), DATA("data"), END,
};
S(s_hello_bitmap, "OFPHelloElemVersionBitmap", f_hello_bitmap);
S(s_hello_unknown, "OFPHelloElemUnknown", f_tlv_unknown);
static const struct oj_member hello_elems[] = {
    { OFPHET_VERSIONBITMAP, &s_hello_bitmap }, { 0, NULL },
};
static const struct oj_list l_hello_elems = {
    .what = "hello element", .members = hello_elems,
    .unknown = &s_hello_unknown, .hdr_len = 4, .align = 8, .padded = true,
    .err = OFM_ERR_BAD_LEN, .err_type = OFM_ERR_BAD_LEN,
};
static const struct oj_field f13_hello[] = {
    LIST("elements", &l_hello_elems), END,
};

/* Error: experimenter errors have another layout. */
static bool
error_decode(struct oj_dec *d, struct ofm_rd *rd, json_t *obj, int err)
{
    if (rd->left < 4) {
        return ofm_oj_fail(d, rd->p, err, "OFPErrorMsg truncated: %zu bytes "
                           "left, 4 needed", rd->left);
    }
    uint16_t type = ofm_rd_be16(rd);
    json_object_set_new(obj, "type", ofm_oj_uint(type));
    if (type == OJ_OFPET_EXPERIMENTER) {
        if (rd->left < 6) {
            return ofm_oj_fail(d, rd->p, err, "experimenter OFPErrorMsg "
                               "truncated: %zu bytes left, 6 needed",
                               rd->left);
        }
        json_object_set_new(obj, "code", json_null());
        json_object_set_new(obj, "exp_type", ofm_oj_uint(ofm_rd_be16(rd)));
        json_object_set_new(obj, "experimenter",
                            ofm_oj_uint(ofm_rd_be32(rd)));
    } else {
        json_object_set_new(obj, "code", ofm_oj_uint(ofm_rd_be16(rd)));
    }
    return true;
}

static bool
error_encode(struct oj_enc *e, const json_t *obj, size_t start)
{
    uint64_t type, code, exp_type, experimenter;
    if (!ofm_oj_get_uint(e, obj, "type", 16, &type)
        || !ofm_oj_get_uint(e, obj, "code", 16, &code)
        || !ofm_oj_get_uint(e, obj, "exp_type", 16, &exp_type)
        || !ofm_oj_get_uint(e, obj, "experimenter", 32, &experimenter)) {
        return false;
    }
    ofm_buf_put_be16(e->out, (uint16_t) type);
    if (type == OJ_OFPET_EXPERIMENTER) {
        ofm_buf_put_be16(e->out, (uint16_t) exp_type);
        ofm_buf_put_be32(e->out, (uint32_t) experimenter);
    } else {
        ofm_buf_put_be16(e->out, (uint16_t) code);
    }
    return true;
}

static const struct oj_hook error_hook = {
    error_decode, error_encode, { "type", "code", "exp_type", "experimenter" },
};
static const struct oj_field f13_error[] = {
    HOOK(&error_hook), DATA("data"), END,
};

static const struct oj_field f13_experimenter[] = {
    F("experimenter", OJ_U32), F("exp_type", OJ_U32), DATA("data"), END,
};

static const struct oj_field f13_features[] = {
    F("datapath_id", OJ_U64), F("n_buffers", OJ_U32), F("n_tables", OJ_U8),
    F("auxiliary_id", OJ_U8), PAD(2), F("capabilities", OJ_U32), PAD(4),
    END,
};

static const struct oj_field f13_port[] = {
    F("port_no", OJ_U32), PAD(4), F("hw_addr", OJ_MAC), PAD(2),
    STR("name", OFP_MAX_PORT_NAME_LEN), F("config", OJ_U32),
    F("state", OJ_U32), F("curr", OJ_U32), F("advertised", OJ_U32),
    F("supported", OJ_U32), F("peer", OJ_U32), F("curr_speed", OJ_U32),
    F("max_speed", OJ_U32), END,
};
S(s13_port, "OFPPort", f13_port);

static const struct oj_field f13_packet_in[] = {
    F("buffer_id", OJ_U32), F("total_len", OJ_U16), F("reason", OJ_U8),
    F("table_id", OJ_U8), F("cookie", OJ_U64), F("match", OJ_MATCH), PAD(2),
    F("data", OJ_PKTIN_DATA), END,
};
static const struct oj_field f13_flow_removed[] = {
    F("cookie", OJ_U64), F("priority", OJ_U16), F("reason", OJ_U8),
    F("table_id", OJ_U8), F("duration_sec", OJ_U32),
    F("duration_nsec", OJ_U32), F("idle_timeout", OJ_U16),
    F("hard_timeout", OJ_U16), F("packet_count", OJ_U64),
    F("byte_count", OJ_U64), F("match", OJ_MATCH), END,
};
static const struct oj_field f13_port_status[] = {
    F("reason", OJ_U8), PAD(7), NESTED("desc", &s13_port), END,
};
static const struct oj_field f13_packet_out[] = {
    F("buffer_id", OJ_U32), F("in_port", OJ_U32), F("actions_len", OJ_CURLEN),
    PAD(6), { "actions", OJ_LIST_N, 0, &ofm_oj_actions13 }, FRAME("data"),
    END,
};
static const struct oj_field f13_flow_mod[] = {
    F("cookie", OJ_U64), F("cookie_mask", OJ_U64), F("table_id", OJ_U8),
    F("command", OJ_U8), F("idle_timeout", OJ_U16),
    F("hard_timeout", OJ_U16), F("priority", OJ_U16),
    F("buffer_id", OJ_U32), F("out_port", OJ_U32), F("out_group", OJ_U32),
    F("flags", OJ_U16), PAD(2), F("match", OJ_MATCH),
    LIST("instructions", &ofm_oj_instructions13), END,
};

/* Groups. */
static const struct oj_field f_bucket[] = {
    F("len", OJ_LEN), F("weight", OJ_U16), F("watch_port", OJ_U32),
    F("watch_group", OJ_U32), PAD(4), LIST("actions", &ofm_oj_actions13),
    END,
};
S(s_bucket, "OFPBucket", f_bucket);
static const struct oj_list l_buckets = {
    .what = "bucket", .elem = &s_bucket, .hdr_len = 16, .align = 8,
    .err = OFM_ERR_BAD_LEN,
};
static const struct oj_field f13_group_mod[] = {
    F("command", OJ_U16), F("type", OJ_U8), PAD(1), F("group_id", OJ_U32),
    LIST("buckets", &l_buckets), END,
};

static const struct oj_field f13_port_mod[] = {
    F("port_no", OJ_U32), PAD(4), F("hw_addr", OJ_MAC), PAD(2),
    F("config", OJ_U32), F("mask", OJ_U32), F("advertise", OJ_U32), PAD(4),
    END,
};
static const struct oj_field f13_table_mod[] = {
    F("table_id", OJ_U8), PAD(3), F("config", OJ_U32), END,
};

/* Meter bands. */
#define BAND_HDR F("type", OJ_TYPE), F("len", OJ_LEN), F("rate", OJ_U32), \
                 F("burst_size", OJ_U32)
static const struct oj_field f_band_drop[] = { BAND_HDR, PAD(4), END };
static const struct oj_field f_band_dscp[] = {
    BAND_HDR, F("prec_level", OJ_U8), PAD(3), END,
};
static const struct oj_field f_band_experimenter[] = {
    BAND_HDR, F("experimenter", OJ_U32), { "data", OJ_DATA_OPT, 0, NULL },
    END,
};
static const struct oj_field f_band_unknown[] = {
    BAND_HDR, DATA("data"), END,
};
S(s_band_drop, "OFPMeterBandDrop", f_band_drop);
S(s_band_dscp, "OFPMeterBandDscpRemark", f_band_dscp);
S(s_band_experimenter, "OFPMeterBandExperimenter", f_band_experimenter);
S(s_band_unknown, "OFPMeterBandUnknown", f_band_unknown);
static const struct oj_member bands[] = {
    { OFPMBT_DROP, &s_band_drop },
    { OFPMBT_DSCP_REMARK, &s_band_dscp },
    { OJ_OFPMBT_EXPERIMENTER, &s_band_experimenter },
    { 0, NULL },
};
const struct oj_list ofm_oj_l_bands = {
    .what = "meter band", .members = bands, .unknown = &s_band_unknown,
    .hdr_len = 16, .align = 8, .err = OFM_ERR_BAD_LEN,
    .err_type = OFM_ERR_BAD_LEN,
};
static const struct oj_field f13_meter_mod[] = {
    F("command", OJ_U16), F("flags", OJ_U16), F("meter_id", OJ_U32),
    LIST("bands", &ofm_oj_l_bands), END,
};

/* Queues. */
#define QPROP_HDR F("property", OJ_TYPE), F("len", OJ_LEN), PAD(4)
static const struct oj_field f_qprop_rate[] = {
    QPROP_HDR, F("rate", OJ_U16), PAD(6), END,
};
static const struct oj_field f_qprop_experimenter[] = {
    QPROP_HDR, F("experimenter", OJ_U32), PAD(4),
    { "data", OJ_U8_LIST, 0, NULL }, END,
};
static const struct oj_field f_qprop_none[] = { QPROP_HDR, END };
static const struct oj_field f_qprop_unknown[] = {
    F("property", OJ_TYPE), F("len", OJ_LEN), DATA("data"), END,
};
S(s_qprop_min, "OFPQueuePropMinRate", f_qprop_rate);
S(s_qprop_max, "OFPQueuePropMaxRate", f_qprop_rate);
S(s_qprop_experimenter, "OFPQueuePropExperimenter", f_qprop_experimenter);
S(s_qprop_none, "OFPQueuePropNone", f_qprop_none);
S(s_qprop_unknown, "OFPQueuePropUnknown", f_qprop_unknown);
static const struct oj_member qprops13[] = {
    { 1, &s_qprop_min }, { 2, &s_qprop_max },
    { 0xffff, &s_qprop_experimenter }, { 0, NULL },
};
static const struct oj_list l_qprops13 = {
    .what = "queue property", .members = qprops13,
    .unknown = &s_qprop_unknown, .hdr_len = 8, .align = 1,
    .err = OFM_ERR_BAD_LEN, .err_type = OFM_ERR_BAD_LEN,
};
static const struct oj_field f13_queue[] = {
    F("queue_id", OJ_U32), F("port", OJ_U32), F("len", OJ_LEN), PAD(6),
    LIST("properties", &l_qprops13), END,
};
S(s13_queue, "OFPPacketQueue", f13_queue);
static const struct oj_list l_queues13 = {
    .what = "queue", .elem = &s13_queue, .hdr_len = 16, .align = 1,
    .err = OFM_ERR_BAD_LEN,
};
static const struct oj_field f13_queue_get_config_request[] = {
    F("port", OJ_U32), PAD(4), END,
};
static const struct oj_field f13_queue_get_config_reply[] = {
    F("port", OJ_U32), PAD(4), LIST("queues", &l_queues13), END,
};

static const struct oj_field f13_role[] = {
    F("role", OJ_U32), PAD(4), F("generation_id", OJ_U64), END,
};
static const struct oj_field f13_async[] = {
    U32S("packet_in_mask", 2), U32S("port_status_mask", 2),
    U32S("flow_removed_mask", 2), END,
};

/* Multipart requests: type, flags, pad, then the body's fields. */
#define MP_HDR F("type", OJ_TYPE), F("flags", OJ_U16), PAD(4)
static const struct oj_field f13_mp_empty[] = { MP_HDR, END };
static const struct oj_field f13_mp_flow[] = {
    MP_HDR, F("table_id", OJ_U8), PAD(3), F("out_port", OJ_U32),
    F("out_group", OJ_U32), PAD(4), F("cookie", OJ_U64),
    F("cookie_mask", OJ_U64), F("match", OJ_MATCH), END,
};
static const struct oj_field f13_mp_port[] = {
    MP_HDR, F("port_no", OJ_U32), PAD(4), END,
};
static const struct oj_field f13_mp_queue[] = {
    MP_HDR, F("port_no", OJ_U32), F("queue_id", OJ_U32), END,
};
static const struct oj_field f13_mp_group[] = {
    MP_HDR, F("group_id", OJ_U32), PAD(4), END,
};
static const struct oj_field f13_mp_meter[] = {
    MP_HDR, F("meter_id", OJ_U32), PAD(4), END,
};
static const struct oj_field f13_mp_experimenter[] = {
    MP_HDR, F("experimenter", OJ_U32), F("exp_type", OJ_U32), DATA("data"),
    END,
};

/* ONF flow monitor requests (EXT-187). */
static const struct oj_field f_onf_monitor[] = {
    F("id", OJ_U32), F("flags", OJ_U16), F("match_len", OJ_CURLEN),
    F("out_port", OJ_U32), F("table_id", OJ_U8), PAD(3),
    HOOK(&ofm_oj_onf_match_hook), END,
};
S(s_onf_monitor, "ONFFlowMonitorRequest", f_onf_monitor);
static const struct oj_list l_onf_monitors = {
    .what = "flow monitor request", .elem = &s_onf_monitor,
    .err = OFM_ERR_BAD_LEN,
};
static const struct oj_field f13_mp_onf_monitor[] = {
    MP_HDR, F("experimenter", OJ_U32), F("exp_type", OJ_U32),
    LIST("body", &l_onf_monitors), END,
};

/* Table features. */
#define TFP_HDR F("type", OJ_TYPE), F("length", OJ_LEN)
static const struct oj_field f_tfp_instructions[] = {
    TFP_HDR, LIST("instruction_ids", &ofm_oj_instruction_ids), END,
};
static const struct oj_field f_tfp_next_tables[] = {
    TFP_HDR, { "table_ids", OJ_U8_LIST, 0, NULL }, END,
};
static const struct oj_field f_tfp_actions[] = {
    TFP_HDR, LIST("action_ids", &ofm_oj_action_ids), END,
};
static const struct oj_field f_tfp_oxm[] = {
    TFP_HDR, HOOK(&ofm_oj_oxm_ids_hook), END,
};
static const struct oj_field f_tfp_experimenter[] = {
    TFP_HDR, F("experimenter", OJ_U32), F("exp_type", OJ_U32),
    { "data", OJ_U32_LIST, 0, NULL }, END,
};
S(s_tfp_instructions, "OFPTableFeaturePropInstructions", f_tfp_instructions);
S(s_tfp_next_tables, "OFPTableFeaturePropNextTables", f_tfp_next_tables);
S(s_tfp_actions, "OFPTableFeaturePropActions", f_tfp_actions);
S(s_tfp_oxm, "OFPTableFeaturePropOxm", f_tfp_oxm);
S(s_tfp_experimenter, "OFPTableFeaturePropExperimenter", f_tfp_experimenter);
S(s_tfp_unknown, "OFPTableFeaturePropUnknown", f_tlv_unknown);
/* The property types of 1.3 and 1.4, which 1.5 keeps. */
#define TF_PROPS13 \
    { 0, &s_tfp_instructions }, { 1, &s_tfp_instructions }, \
    { 2, &s_tfp_next_tables }, { 3, &s_tfp_next_tables }, \
    { 4, &s_tfp_actions }, { 5, &s_tfp_actions }, \
    { 6, &s_tfp_actions }, { 7, &s_tfp_actions }, \
    { 8, &s_tfp_oxm }, { 10, &s_tfp_oxm }, { 12, &s_tfp_oxm }, \
    { 13, &s_tfp_oxm }, { 14, &s_tfp_oxm }, { 15, &s_tfp_oxm }
static const struct oj_member tf_props[] = {
    TF_PROPS13,
    { 0xfffe, &s_tfp_experimenter }, { 0xffff, &s_tfp_experimenter },
    { 0, NULL },
};
static const struct oj_list ofm_oj_l_tf_props = {
    .what = "table feature property", .members = tf_props,
    .unknown = &s_tfp_unknown, .hdr_len = 4, .align = 8, .padded = true,
    .err = OFM_ERR_BAD_LEN, .err_type = OFM_ERR_BAD_LEN,
};
/* 1.5 adds table sync (next tables), copy-field (OXM ids) and packet types
 * (OXM values) properties. */
static const struct oj_field f_tfp_oxm_values[] = {
    TFP_HDR, HOOK(&ofm_oj_oxm_values_hook), END,
};
S(s_tfp_oxm_values, "OFPTableFeaturePropOxmValues", f_tfp_oxm_values);
static const struct oj_member tf_props15[] = {
    TF_PROPS13,
    { 16, &s_tfp_next_tables }, { 18, &s_tfp_oxm }, { 19, &s_tfp_oxm },
    { 20, &s_tfp_oxm }, { 21, &s_tfp_oxm }, { 22, &s_tfp_oxm_values },
    { 0xfffe, &s_tfp_experimenter }, { 0xffff, &s_tfp_experimenter },
    { 0, NULL },
};
static const struct oj_list l_tf_props15 = {
    .what = "table feature property", .members = tf_props15,
    .unknown = &s_tfp_unknown, .hdr_len = 4, .align = 8, .padded = true,
    .err = OFM_ERR_BAD_LEN, .err_type = OFM_ERR_BAD_LEN,
};
static const struct oj_field f15_table_features[] = {
    F("length", OJ_LEN), F("table_id", OJ_U8), F("command", OJ_U8),
    F("features", OJ_U32), STR("name", OFP_MAX_TABLE_NAME_LEN),
    F("metadata_match", OJ_U64), F("metadata_write", OJ_U64),
    F("capabilities", OJ_U32), F("max_entries", OJ_U32),
    LIST("properties", &l_tf_props15), END,
};
S(s15_table_features, "OFPTableFeaturesStats", f15_table_features);
static const struct oj_list l15_table_features = {
    .what = "table features", .elem = &s15_table_features, .hdr_len = 64,
    .align = 8, .err = OFM_ERR_BAD_LEN,
};
static const struct oj_field f15_mp_table_features[] = {
    MP_HDR, LIST("body", &l15_table_features), END,
};

static const struct oj_field f_table_features[] = {
    F("length", OJ_LEN), F("table_id", OJ_U8), PAD(5),
    STR("name", OFP_MAX_TABLE_NAME_LEN), F("metadata_match", OJ_U64),
    F("metadata_write", OJ_U64), F("config", OJ_U32),
    F("max_entries", OJ_U32), LIST("properties", &ofm_oj_l_tf_props), END,
};
S(s_table_features, "OFPTableFeaturesStats", f_table_features);
static const struct oj_list l_table_features = {
    .what = "table features", .elem = &s_table_features, .hdr_len = 64,
    .align = 8, .err = OFM_ERR_BAD_LEN,
};
static const struct oj_field f13_mp_table_features[] = {
    MP_HDR, LIST("body", &l_table_features), END,
};

/* Multipart reply bodies. */
static const struct oj_field f_desc[] = {
    STR("mfr_desc", OFP_DESC_STR_LEN), STR("hw_desc", OFP_DESC_STR_LEN),
    STR("sw_desc", OFP_DESC_STR_LEN), STR("serial_num", OFP_SERIAL_NUM_LEN),
    STR("dp_desc", OFP_DESC_STR_LEN), END,
};
static const struct oj_struct ofm_oj_s_desc = { "OFPDescStats", f_desc };

static const struct oj_field f13_flow_stats[] = {
    F("length", OJ_LEN), F("table_id", OJ_U8), PAD(1),
    F("duration_sec", OJ_U32), F("duration_nsec", OJ_U32),
    F("priority", OJ_U16), F("idle_timeout", OJ_U16),
    F("hard_timeout", OJ_U16), F("flags", OJ_U16), PAD(4),
    F("cookie", OJ_U64), F("packet_count", OJ_U64), F("byte_count", OJ_U64),
    F("match", OJ_MATCH), LIST("instructions", &ofm_oj_instructions13), END,
};
S(s13_flow_stats, "OFPFlowStats", f13_flow_stats);
static const struct oj_list l13_flow_stats = {
    .what = "flow stats", .elem = &s13_flow_stats, .hdr_len = 56,
    .align = 8, .err = OFM_ERR_BAD_LEN,
};

static const struct oj_field f13_aggregate[] = {
    F("packet_count", OJ_U64), F("byte_count", OJ_U64),
    F("flow_count", OJ_U32), PAD(4), END,
};
S(s13_aggregate, "OFPAggregateStats", f13_aggregate);

static const struct oj_field f13_table_stats[] = {
    F("table_id", OJ_U8), PAD(3), F("active_count", OJ_U32),
    F("lookup_count", OJ_U64), F("matched_count", OJ_U64), END,
};
S(s13_table_stats, "OFPTableStats", f13_table_stats);
static const struct oj_list l13_table_stats = {
    .what = "table stats", .elem = &s13_table_stats, .err = OFM_ERR_BAD_LEN,
};

#define PORT_COUNTERS F("rx_packets", OJ_U64), F("tx_packets", OJ_U64), \
    F("rx_bytes", OJ_U64), F("tx_bytes", OJ_U64), F("rx_dropped", OJ_U64), \
    F("tx_dropped", OJ_U64), F("rx_errors", OJ_U64), \
    F("tx_errors", OJ_U64), F("rx_frame_err", OJ_U64), \
    F("rx_over_err", OJ_U64), F("rx_crc_err", OJ_U64), \
    F("collisions", OJ_U64)
static const struct oj_field f13_port_stats[] = {
    F("port_no", OJ_U32), PAD(4), PORT_COUNTERS, F("duration_sec", OJ_U32),
    F("duration_nsec", OJ_U32), END,
};
S(s13_port_stats, "OFPPortStats", f13_port_stats);
static const struct oj_list l13_port_stats = {
    .what = "port stats", .elem = &s13_port_stats, .err = OFM_ERR_BAD_LEN,
};

static const struct oj_field f13_queue_stats[] = {
    F("port_no", OJ_U32), F("queue_id", OJ_U32), F("tx_bytes", OJ_U64),
    F("tx_packets", OJ_U64), F("tx_errors", OJ_U64),
    F("duration_sec", OJ_U32), F("duration_nsec", OJ_U32), END,
};
S(s13_queue_stats, "OFPQueueStats", f13_queue_stats);
static const struct oj_list l13_queue_stats = {
    .what = "queue stats", .elem = &s13_queue_stats, .err = OFM_ERR_BAD_LEN,
};

static const struct oj_field f_bucket_counter[] = {
    F("packet_count", OJ_U64), F("byte_count", OJ_U64), END,
};
S(s_bucket_counter, "OFPBucketCounter", f_bucket_counter);
static const struct oj_list ofm_oj_l_bucket_counters = {
    .what = "bucket counter", .elem = &s_bucket_counter,
    .err = OFM_ERR_BAD_LEN,
};
static const struct oj_field f_group_stats[] = {
    F("length", OJ_LEN), PAD(2), F("group_id", OJ_U32),
    F("ref_count", OJ_U32), PAD(4), F("packet_count", OJ_U64),
    F("byte_count", OJ_U64), F("duration_sec", OJ_U32),
    F("duration_nsec", OJ_U32), LIST("bucket_stats", &ofm_oj_l_bucket_counters),
    END,
};
S(s_group_stats, "OFPGroupStats", f_group_stats);
static const struct oj_list l_group_stats = {
    .what = "group stats", .elem = &s_group_stats, .hdr_len = 40,
    .align = 8, .err = OFM_ERR_BAD_LEN,
};

static const struct oj_field f_group_desc[] = {
    F("length", OJ_LEN), F("type", OJ_U8), PAD(1), F("group_id", OJ_U32),
    LIST("buckets", &l_buckets), END,
};
S(s_group_desc, "OFPGroupDescStats", f_group_desc);
static const struct oj_list l_group_desc = {
    .what = "group desc", .elem = &s_group_desc, .hdr_len = 8, .align = 8,
    .err = OFM_ERR_BAD_LEN,
};

static const struct oj_field f_group_features[] = {
    F("types", OJ_U32), F("capabilities", OJ_U32), U32S("max_groups", 4),
    U32S("actions", 4), END,
};
S(s_group_features, "OFPGroupFeaturesStats", f_group_features);

static const struct oj_field f_band_stats[] = {
    F("packet_band_count", OJ_U64), F("byte_band_count", OJ_U64), END,
};
S(s_band_stats, "OFPMeterBandStats", f_band_stats);
const struct oj_list ofm_oj_l_band_stats = {
    .what = "meter band stats", .elem = &s_band_stats,
    .err = OFM_ERR_BAD_LEN,
};
static const struct oj_field f_meter_stats[] = {
    F("meter_id", OJ_U32), F("len", OJ_LEN), PAD(6), F("flow_count", OJ_U32),
    F("packet_in_count", OJ_U64), F("byte_in_count", OJ_U64),
    F("duration_sec", OJ_U32), F("duration_nsec", OJ_U32),
    LIST("band_stats", &ofm_oj_l_band_stats), END,
};
S(s_meter_stats, "OFPMeterStats", f_meter_stats);
static const struct oj_list l_meter_stats = {
    .what = "meter stats", .elem = &s_meter_stats, .hdr_len = 40,
    .align = 8, .err = OFM_ERR_BAD_LEN,
};

static const struct oj_field f_meter_config[] = {
    F("length", OJ_LEN), F("flags", OJ_U16), F("meter_id", OJ_U32),
    LIST("bands", &ofm_oj_l_bands), END,
};
S(s_meter_config, "OFPMeterConfigStats", f_meter_config);
static const struct oj_list l_meter_config = {
    .what = "meter config", .elem = &s_meter_config, .hdr_len = 8,
    .align = 8, .err = OFM_ERR_BAD_LEN,
};

static const struct oj_field f_meter_features[] = {
    F("max_meter", OJ_U32), F("band_types", OJ_U32),
    F("capabilities", OJ_U32), F("max_bands", OJ_U8), F("max_color", OJ_U8),
    PAD(2), END,
};
S(s_meter_features, "OFPMeterFeaturesStats", f_meter_features);
static const struct oj_list ofm_oj_l_meter_features = {
    .what = "meter features", .elem = &s_meter_features,
    .err = OFM_ERR_BAD_LEN,
};

static const struct oj_list l13_ports = {
    .what = "port", .elem = &s13_port, .err = OFM_ERR_BAD_LEN,
};

static const struct oj_field f_experimenter_mp[] = {
    F("experimenter", OJ_U32), F("exp_type", OJ_U32), DATA("data"), END,
};
S(s_experimenter_mp, "OFPExperimenterMultipart", f_experimenter_mp);

/* Multipart replies: type, flags, pad, then "body". */
#define MP_REPLY_LIST(VAR, L) \
    static const struct oj_field VAR[] = { MP_HDR, LIST("body", L), END }
#define MP_REPLY_ONE(VAR, S) \
    static const struct oj_field VAR[] = { MP_HDR, NESTED("body", S), END }
MP_REPLY_ONE(f13_mpr_desc, &ofm_oj_s_desc);
MP_REPLY_LIST(f13_mpr_flow, &l13_flow_stats);
MP_REPLY_ONE(f13_mpr_aggregate, &s13_aggregate);
MP_REPLY_LIST(f13_mpr_table, &l13_table_stats);
MP_REPLY_LIST(f13_mpr_port, &l13_port_stats);
MP_REPLY_LIST(f13_mpr_queue, &l13_queue_stats);
MP_REPLY_LIST(f13_mpr_group, &l_group_stats);
MP_REPLY_LIST(f13_mpr_group_desc, &l_group_desc);
MP_REPLY_ONE(f13_mpr_group_features, &s_group_features);
MP_REPLY_LIST(f13_mpr_meter, &l_meter_stats);
MP_REPLY_LIST(f13_mpr_meter_config, &l_meter_config);
MP_REPLY_LIST(f13_mpr_meter_features, &ofm_oj_l_meter_features);
MP_REPLY_LIST(f13_mpr_table_features, &l_table_features);
MP_REPLY_LIST(f15_mpr_table_features, &l15_table_features);
MP_REPLY_LIST(f13_mpr_port_desc, &l13_ports);
MP_REPLY_ONE(f13_mpr_experimenter, &s_experimenter_mp);

/* Switch features, and 1.0's, list their ports; Ryu shows them as an
 * object keyed by port number.  JSON objects carry no order: the encoder
 * writes ports by decreasing port number (the order of the corpus
 * captures). */
struct ports_desc {
    const struct oj_struct *port;
    size_t size;                /* Bytes per port. */
    unsigned int no_bits;       /* Bits of port_no (at offset 0). */
};

static bool
ports_decode(struct oj_dec *d, struct ofm_rd *rd, json_t *obj, int err,
             const struct ports_desc *pd)
{
    if (rd->left % pd->size) {
        return ofm_oj_fail(d, rd->p, OFM_ERR_BAD_LEN, "%zu bytes of ports "
                           "are not a whole number of %zu-byte ports",
                           rd->left, pd->size);
    }
    json_t *ports = json_object();
    json_object_set_new(obj, "ports", ports);
    while (rd->left) {
        const uint8_t *p = rd->p;
        char key[16];
        snprintf(key, sizeof key, "%u", pd->no_bits == 16 ? ofm_get16(p)
                 : ofm_get32(p));
        if (json_object_get(ports, key)) {
            return ofm_oj_fail(d, p, OFM_ERR_BAD_PORT, "port %s appears "
                               "twice", key);
        }
        json_t *j = ofm_oj_decode_struct(d, rd, pd->port, false, err);
        if (!j) {
            return false;
        }
        json_object_set_new(ports, key, j);
    }
    return true;
}

struct port_ref {
    uint64_t port_no;
    const json_t *port;
    const char *key;
};

static int
port_ref_cmp(const void *a_, const void *b_)
{
    const struct port_ref *a = a_, *b = b_;
    return a->port_no < b->port_no ? 1 : a->port_no > b->port_no ? -1 : 0;
}

static bool
ports_encode(struct oj_enc *e, const json_t *obj, const struct ports_desc *pd)
{
    const json_t *ports = json_object_get(obj, "ports");
    if (!ports || json_is_null(ports)) {
        return true;
    }
    if (!json_is_object(ports)) {
        return ofm_oj_efail(e, "'ports' must be an object");
    }
    size_t n = json_object_size(ports);
    struct port_ref *refs = calloc(n ? n : 1, sizeof *refs);
    if (!refs) {
        return ofm_oj_efail(e, "out of memory");
    }
    size_t i = 0;
    bool ok = true;
    const char *key;
    const json_t *value;
    json_object_foreach ((json_t *) ports, key, value) {
        const char *name;
        size_t old = ofm_oj_path_push(e, ".ports.%s", key);
        const json_t *inner = ofm_oj_unwrap(e, value, &name);
        ok = inner && ofm_oj_get_uint(e, inner, "port_no", pd->no_bits,
                                      &refs[i].port_no);
        ofm_oj_path_pop(e, old);
        if (!ok) {
            break;
        }
        refs[i].port = value;
        refs[i].key = key;
        i++;
    }
    if (ok) {
        qsort(refs, n, sizeof *refs, port_ref_cmp);
    }
    for (i = 0; ok && i < n; i++) {
        const char *name;
        size_t old = ofm_oj_path_push(e, ".ports.%s", refs[i].key);
        const json_t *inner = ofm_oj_unwrap(e, refs[i].port, &name);
        if (i && refs[i].port_no == refs[i - 1].port_no) {
            ok = ofm_oj_efail(e, "port %u appears twice",
                              (unsigned int) refs[i].port_no);
        } else if (strcmp(name, pd->port->name)) {
            ok = ofm_oj_efail(e, "expected %s, not %s", pd->port->name,
                              name);
        } else {
            ofm_oj_path_push(e, ".%s", name);
            ok = ofm_oj_encode_struct(e, inner, pd->port, -1);
        }
        ofm_oj_path_pop(e, old);
    }
    free(refs);
    return ok;
}

/*
 * OpenFlow 1.0.
 */

static const struct oj_field f10_hello[] = {
    { "data", OJ_DATA_OPT, 0, NULL }, END,
};
static const struct oj_field f10_error[] = {
    F("type", OJ_U16), F("code", OJ_U16), DATA("data"), END,
};
static const struct oj_field f10_vendor[] = {
    F("vendor", OJ_U32), DATA("data"), END,
};

static const struct oj_field f10_phy_port[] = {
    F("port_no", OJ_U16), F("hw_addr", OJ_MAC),
    STR("name", OFP_MAX_PORT_NAME_LEN), F("config", OJ_U32),
    F("state", OJ_U32), F("curr", OJ_U32), F("advertised", OJ_U32),
    F("supported", OJ_U32), F("peer", OJ_U32), END,
};
S(s10_phy_port, "OFPPhyPort", f10_phy_port);

static const struct ports_desc ports10 = {
    &s10_phy_port, OFP10_PHY_PORT_SIZE, 16,
};

static bool
ports10_decode(struct oj_dec *d, struct ofm_rd *rd, json_t *obj, int err)
{
    return ports_decode(d, rd, obj, err, &ports10);
}

static bool
ports10_encode(struct oj_enc *e, const json_t *obj, size_t start)
{
    return ports_encode(e, obj, &ports10);
}

static const struct oj_hook ports10_hook = {
    ports10_decode, ports10_encode, { "ports" },
};
static const struct oj_field f10_features[] = {
    F("datapath_id", OJ_U64), F("n_buffers", OJ_U32), F("n_tables", OJ_U8),
    PAD(3), F("capabilities", OJ_U32), F("actions", OJ_U32),
    HOOK(&ports10_hook), END,
};

static const struct oj_field f10_packet_in[] = {
    F("buffer_id", OJ_U32), F("total_len", OJ_U16), F("in_port", OJ_U16),
    F("reason", OJ_U8), PAD(1), F("data", OJ_PKTIN_DATA), END,
};
static const struct oj_field f10_flow_removed[] = {
    NESTED("match", &ofm_oj_match10), F("cookie", OJ_U64),
    F("priority", OJ_U16), F("reason", OJ_U8), PAD(1),
    F("duration_sec", OJ_U32), F("duration_nsec", OJ_U32),
    F("idle_timeout", OJ_U16), PAD(2), F("packet_count", OJ_U64),
    F("byte_count", OJ_U64), END,
};
static const struct oj_field f10_port_status[] = {
    F("reason", OJ_U8), PAD(7), NESTED("desc", &s10_phy_port), END,
};
static const struct oj_field f10_packet_out[] = {
    F("buffer_id", OJ_U32), F("in_port", OJ_U16), F(NULL, OJ_CURLEN),
    { "actions", OJ_LIST_N, 0, &ofm_oj_actions10 }, FRAME("data"), END,
};
static const struct oj_field f10_flow_mod[] = {
    NESTED("match", &ofm_oj_match10), F("cookie", OJ_U64),
    F("command", OJ_U16), F("idle_timeout", OJ_U16),
    F("hard_timeout", OJ_U16), F("priority", OJ_U16),
    F("buffer_id", OJ_U32), F("out_port", OJ_U16), F("flags", OJ_U16),
    LIST("actions", &ofm_oj_actions10), END,
};
static const struct oj_field f10_port_mod[] = {
    F("port_no", OJ_U16), F("hw_addr", OJ_MAC), F("config", OJ_U32),
    F("mask", OJ_U32), F("advertise", OJ_U32), PAD(4), END,
};

/* 1.0 queues. */
static const struct oj_member qprops10[] = {
    { 0, &s_qprop_none }, { 1, &s_qprop_min }, { 0, NULL },
};
static const struct oj_list l_qprops10 = {
    .what = "queue property", .members = qprops10,
    .unknown = &s_qprop_unknown, .hdr_len = 8, .align = 1,
    .err = OFM_ERR_BAD_LEN, .err_type = OFM_ERR_BAD_LEN,
};
static const struct oj_field f10_queue[] = {
    F("queue_id", OJ_U32), F("len", OJ_LEN), PAD(2),
    LIST("properties", &l_qprops10), END,
};
S(s10_queue, "OFPPacketQueue", f10_queue);
static const struct oj_list l_queues10 = {
    .what = "queue", .elem = &s10_queue, .hdr_len = 8, .align = 1,
    .err = OFM_ERR_BAD_LEN,
};
static const struct oj_field f10_queue_get_config_request[] = {
    F("port", OJ_U16), PAD(2), END,
};
static const struct oj_field f10_queue_get_config_reply[] = {
    F("port", OJ_U16), PAD(6), LIST("queues", &l_queues10), END,
};

/* 1.0 stats: type, flags, then the body. */
#define ST_HDR F("type", OJ_TYPE), F("flags", OJ_U16)
static const struct oj_field f10_st_empty[] = { ST_HDR, END };
static const struct oj_field f10_st_flow[] = {
    ST_HDR, NESTED("match", &ofm_oj_match10), F("table_id", OJ_U8), PAD(1),
    F("out_port", OJ_U16), END,
};
static const struct oj_field f10_st_port[] = {
    ST_HDR, F("port_no", OJ_U16), PAD(6), END,
};
static const struct oj_field f10_st_queue[] = {
    ST_HDR, F("port_no", OJ_U16), PAD(2), F("queue_id", OJ_U32), END,
};
static const struct oj_field f10_st_vendor[] = {
    ST_HDR, F("vendor", OJ_U32), DATA("specific_data"), END,
};

static const struct oj_field f10_flow_stats[] = {
    F("length", OJ_LEN), F("table_id", OJ_U8), PAD(1),
    NESTED("match", &ofm_oj_match10), F("duration_sec", OJ_U32),
    F("duration_nsec", OJ_U32), F("priority", OJ_U16),
    F("idle_timeout", OJ_U16), F("hard_timeout", OJ_U16), PAD(6),
    F("cookie", OJ_U64), F("packet_count", OJ_U64), F("byte_count", OJ_U64),
    LIST("actions", &ofm_oj_actions10), END,
};
S(s10_flow_stats, "OFPFlowStats", f10_flow_stats);
static const struct oj_list l10_flow_stats = {
    .what = "flow stats", .elem = &s10_flow_stats, .hdr_len = 88,
    .align = 8, .err = OFM_ERR_BAD_LEN,
};
static const struct oj_list l10_aggregate = {
    .what = "aggregate stats", .elem = &s13_aggregate,
    .err = OFM_ERR_BAD_LEN,
};
static const struct oj_field f10_table_stats[] = {
    F("table_id", OJ_U8), PAD(3), STR("name", OFP_MAX_TABLE_NAME_LEN),
    F("wildcards", OJ_U32), F("max_entries", OJ_U32),
    F("active_count", OJ_U32), F("lookup_count", OJ_U64),
    F("matched_count", OJ_U64), END,
};
S(s10_table_stats, "OFPTableStats", f10_table_stats);
static const struct oj_list l10_table_stats = {
    .what = "table stats", .elem = &s10_table_stats, .err = OFM_ERR_BAD_LEN,
};
static const struct oj_field f10_port_stats[] = {
    F("port_no", OJ_U16), PAD(6), PORT_COUNTERS, END,
};
S(s10_port_stats, "OFPPortStats", f10_port_stats);
static const struct oj_list l10_port_stats = {
    .what = "port stats", .elem = &s10_port_stats, .err = OFM_ERR_BAD_LEN,
};
static const struct oj_field f10_queue_stats[] = {
    F("port_no", OJ_U16), PAD(2), F("queue_id", OJ_U32),
    F("tx_bytes", OJ_U64), F("tx_packets", OJ_U64), F("tx_errors", OJ_U64),
    END,
};
S(s10_queue_stats, "OFPQueueStats", f10_queue_stats);
static const struct oj_list l10_queue_stats = {
    .what = "queue stats", .elem = &s10_queue_stats, .err = OFM_ERR_BAD_LEN,
};
static const struct oj_field f10_vendor_stats[] = {
    DATA("specific_data"), END,
};
S(s10_vendor_stats, "OFPVendorStats", f10_vendor_stats);

#define ST_REPLY_LIST(VAR, L) \
    static const struct oj_field VAR[] = { ST_HDR, LIST("body", L), END }
#define ST_REPLY_ONE(VAR, S) \
    static const struct oj_field VAR[] = { ST_HDR, NESTED("body", S), END }
ST_REPLY_ONE(f10_str_desc, &ofm_oj_s_desc);
ST_REPLY_LIST(f10_str_flow, &l10_flow_stats);
ST_REPLY_LIST(f10_str_aggregate, &l10_aggregate);
ST_REPLY_LIST(f10_str_table, &l10_table_stats);
ST_REPLY_LIST(f10_str_port, &l10_port_stats);
ST_REPLY_LIST(f10_str_queue, &l10_queue_stats);
ST_REPLY_ONE(f10_str_vendor, &s10_vendor_stats);

/*
 * OpenFlow 1.2: 1.3's match, actions and instructions; older stats bodies.
 */

static const struct ports_desc ports12 = { &s13_port, 64, 32 };

static bool
ports12_decode(struct oj_dec *d, struct ofm_rd *rd, json_t *obj, int err)
{
    return ports_decode(d, rd, obj, err, &ports12);
}

static bool
ports12_encode(struct oj_enc *e, const json_t *obj, size_t start)
{
    return ports_encode(e, obj, &ports12);
}

static const struct oj_hook ports12_hook = {
    ports12_decode, ports12_encode, { "ports" },
};
static const struct oj_field f12_features[] = {
    F("datapath_id", OJ_U64), F("n_buffers", OJ_U32), F("n_tables", OJ_U8),
    PAD(3), F("capabilities", OJ_U32), PAD(4), HOOK(&ports12_hook), END,
};
static const struct oj_field f12_packet_in[] = {
    F("buffer_id", OJ_U32), F("total_len", OJ_U16), F("reason", OJ_U8),
    F("table_id", OJ_U8), F("match", OJ_MATCH), PAD(2),
    F("data", OJ_PKTIN_DATA), END,
};
static const struct oj_field f12_port_mod[] = {
    F("port_no", OJ_U32), PAD(4), { "hw_addr", OJ_MAC, 1, NULL }, PAD(2),
    F("config", OJ_U32), F("mask", OJ_U32), F("advertise", OJ_U32), PAD(4),
    END,
};

/* 1.2 stats requests do not show their type: the class names it. */
#define ST12_HDR F(NULL, OJ_TYPE), F("flags", OJ_U16), PAD(4)
static const struct oj_field f12_st_empty[] = { ST12_HDR, END };
static const struct oj_field f12_st_flow[] = {
    ST12_HDR, F("table_id", OJ_U8), PAD(3), F("out_port", OJ_U32),
    F("out_group", OJ_U32), PAD(4), F("cookie", OJ_U64),
    F("cookie_mask", OJ_U64), F("match", OJ_MATCH), END,
};
static const struct oj_field f12_st_port[] = {
    ST12_HDR, F("port_no", OJ_U32), PAD(4), END,
};
static const struct oj_field f12_st_queue[] = {
    ST12_HDR, F("port_no", OJ_U32), F("queue_id", OJ_U32), END,
};
static const struct oj_field f12_st_group[] = {
    ST12_HDR, F("group_id", OJ_U32), PAD(4), END,
};
static const struct oj_field f12_st_experimenter[] = {
    ST12_HDR, F("experimenter", OJ_U32), PAD(4), DATA("data"), END,
};

static const struct oj_field f12_flow_stats[] = {
    F("length", OJ_LEN), F("table_id", OJ_U8), PAD(1),
    F("duration_sec", OJ_U32), F("duration_nsec", OJ_U32),
    F("priority", OJ_U16), F("idle_timeout", OJ_U16),
    F("hard_timeout", OJ_U16), PAD(6), F("cookie", OJ_U64),
    F("packet_count", OJ_U64), F("byte_count", OJ_U64),
    F("match", OJ_MATCH), LIST("instructions", &ofm_oj_instructions13), END,
};
S(s12_flow_stats, "OFPFlowStats", f12_flow_stats);
static const struct oj_list l12_flow_stats = {
    .what = "flow stats", .elem = &s12_flow_stats, .hdr_len = 56,
    .align = 8, .err = OFM_ERR_BAD_LEN,
};
S(s12_aggregate, "OFPAggregateStatsReply", f13_aggregate);
static const struct oj_field f12_table_stats[] = {
    F("table_id", OJ_U8), PAD(7), STR("name", OFP_MAX_TABLE_NAME_LEN),
    F("match", OJ_U64), F("wildcards", OJ_U64),
    F("write_actions", OJ_U32), F("apply_actions", OJ_U32),
    F("write_setfields", OJ_U64), F("apply_setfields", OJ_U64),
    F("metadata_match", OJ_U64), F("metadata_write", OJ_U64),
    F("instructions", OJ_U32), F("config", OJ_U32),
    F("max_entries", OJ_U32), F("active_count", OJ_U32),
    F("lookup_count", OJ_U64), F("matched_count", OJ_U64), END,
};
S(s12_table_stats, "OFPTableStats", f12_table_stats);
static const struct oj_list l12_table_stats = {
    .what = "table stats", .elem = &s12_table_stats, .err = OFM_ERR_BAD_LEN,
};
static const struct oj_field f12_port_stats[] = {
    F("port_no", OJ_U32), PAD(4), PORT_COUNTERS, END,
};
S(s12_port_stats, "OFPPortStats", f12_port_stats);
static const struct oj_list l12_port_stats = {
    .what = "port stats", .elem = &s12_port_stats, .err = OFM_ERR_BAD_LEN,
};
static const struct oj_field f12_queue_stats[] = {
    F("port_no", OJ_U32), F("queue_id", OJ_U32), F("tx_bytes", OJ_U64),
    F("tx_packets", OJ_U64), F("tx_errors", OJ_U64), END,
};
S(s12_queue_stats, "OFPQueueStats", f12_queue_stats);
static const struct oj_list l12_queue_stats = {
    .what = "queue stats", .elem = &s12_queue_stats, .err = OFM_ERR_BAD_LEN,
};
static const struct oj_field f12_group_stats[] = {
    F("length", OJ_LEN), PAD(2), F("group_id", OJ_U32),
    F("ref_count", OJ_U32), PAD(4), F("packet_count", OJ_U64),
    F("byte_count", OJ_U64), LIST("bucket_counters", &ofm_oj_l_bucket_counters),
    END,
};
S(s12_group_stats, "OFPGroupStats", f12_group_stats);
static const struct oj_list l12_group_stats = {
    .what = "group stats", .elem = &s12_group_stats, .hdr_len = 32,
    .align = 8, .err = OFM_ERR_BAD_LEN,
};
static const struct oj_field f12_group_features[] = {
    F("types", OJ_U32), F("capabilities", OJ_U32), U32S("max_groups", 4),
    U32S("actions", 4), { "length", OJ_CONST, 40, NULL }, END,
};
S(s12_group_features, "OFPGroupFeaturesStats", f12_group_features);
static const struct oj_field f12_experimenter_stats[] = {
    F("experimenter", OJ_U32), PAD(4), DATA("data"), END,
};
S(s12_experimenter_stats, "OFPExperimenterStats", f12_experimenter_stats);

MP_REPLY_LIST(f12_str_flow, &l12_flow_stats);
MP_REPLY_ONE(f12_str_aggregate, &s12_aggregate);
MP_REPLY_LIST(f12_str_table, &l12_table_stats);
MP_REPLY_LIST(f12_str_port, &l12_port_stats);
MP_REPLY_LIST(f12_str_queue, &l12_queue_stats);
MP_REPLY_LIST(f12_str_group, &l12_group_stats);
MP_REPLY_ONE(f12_str_group_features, &s12_group_features);
MP_REPLY_ONE(f12_str_experimenter, &s12_experimenter_stats);

/*
 * The message table.
 */
#define M(VERSIONS, TYPE, MP, NAME, FIELDS) \
    { VERSIONS, TYPE, MP, &(const struct oj_struct) { NAME, FIELDS } }
#define V12_15 (OJ_V12 | OJ_V13 | OJ_V14 | OJ_V15)
#define V13_15 (OJ_V13 | OJ_V14 | OJ_V15)
#define V12_14 (OJ_V12 | OJ_V13 | OJ_V14)
#define V12_13 (OJ_V12 | OJ_V13)
#define V13_14 (OJ_V13 | OJ_V14)
/* 1.2 to 1.5 share 1.3's message type numbers. */
#define MV(V, TYPE, NAME, FIELDS) M(V, OFPT13_##TYPE, -1, NAME, FIELDS)
#define MQV(V, MP, NAME, FIELDS) \
    M(V, OFPT13_MULTIPART_REQUEST, MP, NAME, FIELDS)
#define MRV(V, MP, NAME, FIELDS) \
    M(V, OFPT13_MULTIPART_REPLY, MP, NAME, FIELDS)
#define M13(TYPE, NAME, FIELDS) MV(OJ_V13, TYPE, NAME, FIELDS)
#define MQ13(MP, NAME, FIELDS) MQV(OJ_V13, MP, NAME, FIELDS)
#define MR13(MP, NAME, FIELDS) MRV(OJ_V13, MP, NAME, FIELDS)
#define M12(TYPE, NAME, FIELDS) MV(OJ_V12, TYPE, NAME, FIELDS)
#define MQ12(MP, NAME, FIELDS) MQV(OJ_V12, MP, NAME, FIELDS)
#define MR12(MP, FIELDS) MRV(OJ_V12, MP, "OFPStatsReply", FIELDS)
#define M10(TYPE, NAME, FIELDS) \
    M(OJ_V10, OFPT10_##TYPE, -1, NAME, FIELDS)
#define MQ10(MP, NAME, FIELDS) \
    M(OJ_V10, OFPT10_STATS_REQUEST, MP, NAME, FIELDS)
#define MR10(MP, NAME, FIELDS) \
    M(OJ_V10, OFPT10_STATS_REPLY, MP, NAME, FIELDS)

const struct oj_msg ofm_oj_msgs[] = {
    MV(V13_15, HELLO, "OFPHello", f13_hello),
    M12(HELLO, "OFPHello", f_empty),
    MV(V12_15, ERROR, "OFPErrorMsg", f13_error),
    MV(V12_15, ECHO_REQUEST, "OFPEchoRequest", f_data),
    MV(V12_15, ECHO_REPLY, "OFPEchoReply", f_data),
    MV(V12_15, EXPERIMENTER, "OFPExperimenter", f13_experimenter),
    MV(V12_15, FEATURES_REQUEST, "OFPFeaturesRequest", f_empty),
    MV(V13_15, FEATURES_REPLY, "OFPSwitchFeatures", f13_features),
    M12(FEATURES_REPLY, "OFPSwitchFeatures", f12_features),
    MV(V12_15, GET_CONFIG_REQUEST, "OFPGetConfigRequest", f_empty),
    MV(V12_15, GET_CONFIG_REPLY, "OFPGetConfigReply", f_switch_config),
    MV(V12_15, SET_CONFIG, "OFPSetConfig", f_switch_config),
    MV(V13_15, PACKET_IN, "OFPPacketIn", f13_packet_in),
    M12(PACKET_IN, "OFPPacketIn", f12_packet_in),
    MV(V12_14, FLOW_REMOVED, "OFPFlowRemoved", f13_flow_removed),
    MV(V12_13, PORT_STATUS, "OFPPortStatus", f13_port_status),
    MV(V12_14, PACKET_OUT, "OFPPacketOut", f13_packet_out),
    MV(V12_13, FLOW_MOD, "OFPFlowMod", f13_flow_mod),
    MV(V12_14, GROUP_MOD, "OFPGroupMod", f13_group_mod),
    M13(PORT_MOD, "OFPPortMod", f13_port_mod),
    M12(PORT_MOD, "OFPPortMod", f12_port_mod),
    MV(V12_13, TABLE_MOD, "OFPTableMod", f13_table_mod),
    MV(V12_15, BARRIER_REQUEST, "OFPBarrierRequest", f_empty),
    MV(V12_15, BARRIER_REPLY, "OFPBarrierReply", f_empty),
    MV(V12_13, QUEUE_GET_CONFIG_REQUEST, "OFPQueueGetConfigRequest",
        f13_queue_get_config_request),
    MV(V12_13, QUEUE_GET_CONFIG_REPLY, "OFPQueueGetConfigReply",
        f13_queue_get_config_reply),
    MV(V12_14, ROLE_REQUEST, "OFPRoleRequest", f13_role),
    MV(V12_14, ROLE_REPLY, "OFPRoleReply", f13_role),
    MV(V13_15, GET_ASYNC_REQUEST, "OFPGetAsyncRequest", f_empty),
    M13(GET_ASYNC_REPLY, "OFPGetAsyncReply", f13_async),
    M13(SET_ASYNC, "OFPSetAsync", f13_async),
    MV(V13_15, METER_MOD, "OFPMeterMod", f13_meter_mod),

    MQV(V13_15, OFPMP_DESC, "OFPDescStatsRequest", f13_mp_empty),
    MQV(V13_14, OFPMP_FLOW, "OFPFlowStatsRequest", f13_mp_flow),
    MQV(OJ_V15, OFPMP_FLOW, "OFPFlowDescStatsRequest", f13_mp_flow),
    MQV(OJ_V15, OJ_OFPMP15_FLOW_STATS, "OFPFlowStatsRequest", f13_mp_flow),
    MQV(OJ_V15, OFPMP_METER_CONFIG, "OFPMeterDescStatsRequest",
        f13_mp_meter),
    MQV(OJ_V15, OFPMP_GROUP_DESC, "OFPGroupDescStatsRequest", f13_mp_group),
    MQV(OJ_V15, OFPMP_PORT_DESC, "OFPPortDescStatsRequest", f13_mp_port),
    MQV(OJ_V14 | OJ_V15, OJ_OFPMP14_TABLE_DESC, "OFPTableDescStatsRequest",
        f13_mp_empty),
    MQV(OJ_V14 | OJ_V15, OJ_OFPMP14_QUEUE_DESC, "OFPQueueDescStatsRequest",
        f13_mp_queue),
    MQV(OJ_V15, OJ_OFPMP15_CONTROLLER_STATUS,
        "OFPControllerStatusStatsRequest", f13_mp_empty),
    MQV(V13_15, OFPMP_AGGREGATE, "OFPAggregateStatsRequest", f13_mp_flow),
    MQV(V13_15, OFPMP_TABLE, "OFPTableStatsRequest", f13_mp_empty),
    MQV(V13_15, OFPMP_PORT_STATS, "OFPPortStatsRequest", f13_mp_port),
    MQV(V13_15, OFPMP_QUEUE, "OFPQueueStatsRequest", f13_mp_queue),
    MQV(V13_15, OFPMP_GROUP, "OFPGroupStatsRequest", f13_mp_group),
    MQV(V13_14, OFPMP_GROUP_DESC, "OFPGroupDescStatsRequest", f13_mp_empty),
    MQV(V13_15, OFPMP_GROUP_FEATURES, "OFPGroupFeaturesStatsRequest", f13_mp_empty),
    MQV(V13_15, OFPMP_METER, "OFPMeterStatsRequest", f13_mp_meter),
    MQV(V13_14, OFPMP_METER_CONFIG, "OFPMeterConfigStatsRequest", f13_mp_meter),
    MQV(V13_15, OFPMP_METER_FEATURES, "OFPMeterFeaturesStatsRequest", f13_mp_empty),
    MQV(V13_14, OFPMP_TABLE_FEATURES, "OFPTableFeaturesStatsRequest",
         f13_mp_table_features),
    MQV(OJ_V15, OFPMP_TABLE_FEATURES, "OFPTableFeaturesStatsRequest",
        f15_mp_table_features),
    MRV(OJ_V15, OFPMP_TABLE_FEATURES, "OFPTableFeaturesStatsReply",
        f15_mpr_table_features),
    MQV(V13_14, OFPMP_PORT_DESC, "OFPPortDescStatsRequest", f13_mp_empty),
    MQV(V13_15, OFPMP_EXPERIMENTER, "OFPExperimenterStatsRequest",
         f13_mp_experimenter),
    /* Must follow OFPExperimenterStatsRequest (see find_msg()). */
    MQ13(OFPMP_EXPERIMENTER, "ONFFlowMonitorStatsRequest",
         f13_mp_onf_monitor),

    MRV(V13_15, OFPMP_DESC, "OFPDescStatsReply", f13_mpr_desc),
    MR13(OFPMP_FLOW, "OFPFlowStatsReply", f13_mpr_flow),
    MRV(V13_14, OFPMP_AGGREGATE, "OFPAggregateStatsReply", f13_mpr_aggregate),
    MRV(V13_15, OFPMP_TABLE, "OFPTableStatsReply", f13_mpr_table),
    MR13(OFPMP_PORT_STATS, "OFPPortStatsReply", f13_mpr_port),
    MR13(OFPMP_QUEUE, "OFPQueueStatsReply", f13_mpr_queue),
    MRV(V13_15, OFPMP_GROUP, "OFPGroupStatsReply", f13_mpr_group),
    MRV(V13_14, OFPMP_GROUP_DESC, "OFPGroupDescStatsReply", f13_mpr_group_desc),
    MRV(V13_15, OFPMP_GROUP_FEATURES, "OFPGroupFeaturesStatsReply",
         f13_mpr_group_features),
    MRV(V13_14, OFPMP_METER, "OFPMeterStatsReply", f13_mpr_meter),
    MRV(V13_14, OFPMP_METER_CONFIG, "OFPMeterConfigStatsReply",
         f13_mpr_meter_config),
    MRV(V13_14, OFPMP_METER_FEATURES, "OFPMeterFeaturesStatsReply",
         f13_mpr_meter_features),
    MRV(V13_14, OFPMP_TABLE_FEATURES, "OFPTableFeaturesStatsReply",
         f13_mpr_table_features),
    MR13(OFPMP_PORT_DESC, "OFPPortDescStatsReply", f13_mpr_port_desc),
    MRV(V13_15, OFPMP_EXPERIMENTER, "OFPExperimenterStatsReply",
         f13_mpr_experimenter),

    MQ12(OFPMP_DESC, "OFPDescStatsRequest", f12_st_empty),
    MQ12(OFPMP_FLOW, "OFPFlowStatsRequest", f12_st_flow),
    MQ12(OFPMP_AGGREGATE, "OFPAggregateStatsRequest", f12_st_flow),
    MQ12(OFPMP_TABLE, "OFPTableStatsRequest", f12_st_empty),
    MQ12(OFPMP_PORT_STATS, "OFPPortStatsRequest", f12_st_port),
    MQ12(OFPMP_QUEUE, "OFPQueueStatsRequest", f12_st_queue),
    MQ12(OFPMP_GROUP, "OFPGroupStatsRequest", f12_st_group),
    MQ12(OFPMP_GROUP_DESC, "OFPGroupDescStatsRequest", f12_st_empty),
    MQ12(OFPMP_GROUP_FEATURES, "OFPGroupFeaturesStatsRequest",
         f12_st_empty),
    MQ12(OFPMP_EXPERIMENTER, "OFPExperimenterStatsRequest",
         f12_st_experimenter),
    /* Every 1.2 stats reply is an OFPStatsReply: "type" tells them apart
     * when encoding. */
    MR12(OFPMP_DESC, f13_mpr_desc),
    MR12(OFPMP_FLOW, f12_str_flow),
    MR12(OFPMP_AGGREGATE, f12_str_aggregate),
    MR12(OFPMP_TABLE, f12_str_table),
    MR12(OFPMP_PORT_STATS, f12_str_port),
    MR12(OFPMP_QUEUE, f12_str_queue),
    MR12(OFPMP_GROUP, f12_str_group),
    MR12(OFPMP_GROUP_DESC, f13_mpr_group_desc),
    MR12(OFPMP_GROUP_FEATURES, f12_str_group_features),
    MR12(OFPMP_EXPERIMENTER, f12_str_experimenter),

    M10(HELLO, "OFPHello", f10_hello),
    M10(ERROR, "OFPErrorMsg", f10_error),
    M10(ECHO_REQUEST, "OFPEchoRequest", f_data),
    M10(ECHO_REPLY, "OFPEchoReply", f_data),
    M10(VENDOR, "OFPVendor", f10_vendor),
    M10(FEATURES_REQUEST, "OFPFeaturesRequest", f_empty),
    M10(FEATURES_REPLY, "OFPSwitchFeatures", f10_features),
    M10(GET_CONFIG_REQUEST, "OFPGetConfigRequest", f_empty),
    M10(GET_CONFIG_REPLY, "OFPGetConfigReply", f_switch_config),
    M10(SET_CONFIG, "OFPSetConfig", f_switch_config),
    M10(PACKET_IN, "OFPPacketIn", f10_packet_in),
    M10(FLOW_REMOVED, "OFPFlowRemoved", f10_flow_removed),
    M10(PORT_STATUS, "OFPPortStatus", f10_port_status),
    M10(PACKET_OUT, "OFPPacketOut", f10_packet_out),
    M10(FLOW_MOD, "OFPFlowMod", f10_flow_mod),
    M10(PORT_MOD, "OFPPortMod", f10_port_mod),
    M10(BARRIER_REQUEST, "OFPBarrierRequest", f_empty),
    M10(BARRIER_REPLY, "OFPBarrierReply", f_empty),
    M10(QUEUE_GET_CONFIG_REQUEST, "OFPQueueGetConfigRequest",
        f10_queue_get_config_request),
    M10(QUEUE_GET_CONFIG_REPLY, "OFPQueueGetConfigReply",
        f10_queue_get_config_reply),

    MQ10(OFPMP_DESC, "OFPDescStatsRequest", f10_st_empty),
    MQ10(OFPMP_FLOW, "OFPFlowStatsRequest", f10_st_flow),
    MQ10(OFPMP_AGGREGATE, "OFPAggregateStatsRequest", f10_st_flow),
    MQ10(OFPMP_TABLE, "OFPTableStatsRequest", f10_st_empty),
    MQ10(OFPST10_PORT, "OFPPortStatsRequest", f10_st_port),
    MQ10(OFPST10_QUEUE, "OFPQueueStatsRequest", f10_st_queue),
    MQ10(OFPST10_VENDOR, "OFPVendorStatsRequest", f10_st_vendor),
    MR10(OFPMP_DESC, "OFPDescStatsReply", f10_str_desc),
    MR10(OFPMP_FLOW, "OFPFlowStatsReply", f10_str_flow),
    MR10(OFPMP_AGGREGATE, "OFPAggregateStatsReply", f10_str_aggregate),
    MR10(OFPMP_TABLE, "OFPTableStatsReply", f10_str_table),
    MR10(OFPST10_PORT, "OFPPortStatsReply", f10_str_port),
    MR10(OFPST10_QUEUE, "OFPQueueStatsReply", f10_str_queue),
    MR10(OFPST10_VENDOR, "OFPVendorStatsReply", f10_str_vendor),
};
const size_t ofm_oj_n_msgs = sizeof ofm_oj_msgs / sizeof *ofm_oj_msgs;

/* The message tables, searched in this order. */
static const struct {
    const struct oj_msg *msgs;
    const size_t *n;
} tables[] = {
    { ofm_oj_msgs, &ofm_oj_n_msgs },
    { ofm_oj_msgs14, &ofm_oj_n_msgs14 },
};
#define N_TABLES (sizeof tables / sizeof *tables)

static bool
version_known(uint8_t version)
{
    return (version == OFP10_VERSION || version == OFP12_VERSION
            || version == OFP13_VERSION || version == OFP14_VERSION
            || version == OFP15_VERSION);
}

static bool
is_multipart(uint8_t version, uint8_t type)
{
    if (version != OFP10_VERSION) {
        return (type == OFPT13_MULTIPART_REQUEST
                || type == OFPT13_MULTIPART_REPLY);
    }
    return type == OFPT10_STATS_REQUEST || type == OFPT10_STATS_REPLY;
}

/* Finds the message description for a received message. */
static const struct oj_msg *
find_msg(struct oj_dec *d, const uint8_t *msg, size_t size)
{
    uint8_t type = msg[1];
    int32_t mp = -1;
    if (is_multipart(d->version, type)) {
        if (size < OFP_HEADER_SIZE + 2) {
            ofm_oj_fail(d, msg + OFP_HEADER_SIZE, OFM_ERR_BAD_LEN,
                        "multipart message of %zu bytes has no type", size);
            return NULL;
        }
        mp = ofm_get16(msg + OFP_HEADER_SIZE);
    }
    const struct oj_msg *found = NULL;
    for (size_t t = 0; t < N_TABLES && !found; t++) {
        for (size_t i = 0; i < *tables[t].n; i++) {
            const struct oj_msg *m = &tables[t].msgs[i];
            if ((m->versions & OJ_V(d->version)) && m->type == type
                && m->mp == mp) {
                found = m;
                break;
            }
        }
    }
    if (!found) {
        if (mp >= 0) {
            ofm_oj_fail(d, msg + OFP_HEADER_SIZE, OFM_ERR_BAD_STAT,
                        "unknown %s type %d", d->version == OFP10_VERSION
                        ? "stats" : "multipart", mp);
        } else {
            ofm_oj_fail(d, msg + 1, OFM_ERR_BAD_TYPE,
                        "unknown message type %u", type);
        }
        return NULL;
    }

    /* ONF flow monitor requests are experimenter multipart requests; their
     * entry follows the generic one in ofm_oj_msgs[]. */
    if (d->version == OFP13_VERSION && type == OFPT13_MULTIPART_REQUEST
        && mp == OFPMP_EXPERIMENTER && size >= OFP_HEADER_SIZE + 16
        && ofm_get32(msg + 16) == OJ_ONF_VENDOR_ID
        && ofm_get32(msg + 20) == OJ_ONFMP_FLOW_MONITOR) {
        found++;
    }
    return found;
}

/* Decodes the message in 'rd' (all of it, its header's length checked),
 * for ofm_ofp_to_json() and for messages inside messages. */
static json_t *
decode_msg(struct oj_dec *d, const uint8_t *msg, size_t size)
{
    if (size < OFP_HEADER_SIZE) {
        ofm_oj_fail(d, msg, OFM_ERR_BAD_LEN, "message of %zu bytes is "
                    "shorter than the %d-byte OpenFlow header", size,
                    OFP_HEADER_SIZE);
    } else if (ofm_get16(msg + 2) != size) {
        ofm_oj_fail(d, msg + 2, OFM_ERR_BAD_LEN, "header length %u does "
                    "not match the %zu bytes of the message",
                    ofm_get16(msg + 2), size);
    } else if (!version_known(msg[0])) {
        ofm_oj_fail(d, msg, OFM_ERR_BAD_VERSION, "OpenFlow version 0x%02x "
                    "is not 1.0 (0x01), 1.2 (0x03), 1.3 (0x04), 1.4 (0x05) "
                    "or 1.5 (0x06)", msg[0]);
    } else {
        d->version = msg[0];
        const struct oj_msg *m = find_msg(d, msg, size);
        if (m) {
            struct ofm_rd rd = ofm_rd_init(msg + OFP_HEADER_SIZE,
                                           size - OFP_HEADER_SIZE);
            return ofm_oj_decode_struct(d, &rd, m->s, true, OFM_ERR_BAD_LEN);
        }
    }
    return NULL;
}

/* A message inside a 1.4 or 1.5 message (bundle add, request forward):
 * the rest of 'rd' up to its header's length, of the outer version.  Ryu
 * builds those inner messages without data, so an empty "data" shows as
 * null. */
json_t *
ofm_oj_decode_embedded(struct oj_dec *d, struct ofm_rd *rd, int err)
{
    const uint8_t *p = rd->p;
    if (rd->left < OFP_HEADER_SIZE) {
        ofm_oj_fail(d, p, err, "embedded message truncated: %zu bytes "
                    "left, its header needs %d", rd->left, OFP_HEADER_SIZE);
        return NULL;
    }
    size_t len = ofm_get16(p + 2);
    if (len > rd->left) {
        ofm_oj_fail(d, p + 2, err, "embedded message length %zu exceeds "
                    "the %zu bytes left", len, rd->left);
        return NULL;
    }
    if (p[0] != d->version) {
        ofm_oj_fail(d, p, OFM_ERR_BAD_VERSION, "embedded message has "
                    "version 0x%02x, not 0x%02x", p[0], d->version);
        return NULL;
    }
    if (d->depth >= OJ_MAX_EMBED_DEPTH) {
        ofm_oj_fail(d, p, err, "messages nested more than %d deep",
                    OJ_MAX_EMBED_DEPTH);
        return NULL;
    }
    uint8_t outer = d->version;
    unsigned int cur_len = d->cur_len;
    d->depth++;
    json_t *j = decode_msg(d, p, len);
    d->depth--;
    d->version = outer;
    d->cur_len = cur_len;
    if (!j) {
        return NULL;
    }
    ofm_rd_skip(rd, len);
    const char *name;
    json_t *inner;
    json_object_foreach (j, name, inner) {
        const json_t *data = json_object_get(inner, "data");
        if (json_is_string(data) && !json_string_length(data)) {
            json_object_set_new(inner, "data", json_null());
        }
    }
    return j;
}

int
ofm_ofp_to_json(const void *msg_, size_t size, json_t **jsonp,
                size_t *err_offset, char *err, size_t err_size)
{
    const uint8_t *msg = msg_;
    struct oj_dec d = { .base = msg, .size = size };
    json_t *j = decode_msg(&d, msg, size);

    if (!j && !d.error) {
        ofm_oj_fail(&d, msg, OFM_ERR_BAD_LEN, "internal error");
    }
    *jsonp = j;
    if (err_offset) {
        *err_offset = d.error ? d.err_offset : 0;
    }
    if (d.error) {
        ofm_err_printf(err, err_size, "offset %zu: %s", d.err_offset, d.msg);
    }
    return d.error;
}

/* Finds the description of class 'name' in 'version'.  Classes that stand
 * for several multipart types (1.2's OFPStatsReply) take it from "type". */
static const struct oj_msg *
find_class(uint8_t version, const char *name, const json_t *obj)
{
    const json_t *jt = json_object_get(obj, "type");
    const struct oj_msg *first = NULL;
    for (size_t t = 0; t < N_TABLES; t++) {
        for (size_t i = 0; i < *tables[t].n; i++) {
            const struct oj_msg *m = &tables[t].msgs[i];
            if (!(m->versions & OJ_V(version)) || strcmp(m->s->name, name)) {
                continue;
            }
            if (m->mp < 0 || !json_is_integer(jt)
                || json_integer_value(jt) == m->mp) {
                return m;
            }
            first = first ? first : m;
        }
    }
    return first;
}

/* Appends message 'json' of e->version with 'xid' to e->out. */
static bool
encode_msg(struct oj_enc *e, const json_t *json, uint32_t xid)
{
    struct ofm_buf *out = e->out;
    size_t start = out->size;
    const char *name;
    const json_t *obj = ofm_oj_unwrap(e, json, &name);
    if (!obj) {
        return false;
    }
    const struct oj_msg *m = find_class(e->version, name, obj);
    if (!m) {
        return ofm_oj_efail(e, "%s is not an OpenFlow %s message", name,
                            ofm_version_name(e->version));
    }
    size_t old = ofm_oj_path_push(e, "%s", name);
    bool has_cur_len = e->has_cur_len;
    size_t cur_len_pos = e->cur_len_pos;
    e->has_cur_len = false;
    ofm_buf_put_u8(out, e->version);
    ofm_buf_put_u8(out, m->type);
    ofm_buf_put_be16(out, 0);
    ofm_buf_put_be32(out, xid);
    if (ofm_oj_encode_struct(e, obj, m->s, m->mp)) {
        ofm_oj_patch16(e, start + 2, out->size - start, "message");
    }
    e->has_cur_len = has_cur_len;
    e->cur_len_pos = cur_len_pos;
    ofm_oj_path_pop(e, old);
    return !e->error;
}

bool
ofm_oj_encode_embedded(struct oj_enc *e, const json_t *msg)
{
    if (!msg) {
        return ofm_oj_efail(e, "missing the embedded message");
    }
    if (e->depth >= OJ_MAX_EMBED_DEPTH) {
        return ofm_oj_efail(e, "messages nested more than %d deep",
                            OJ_MAX_EMBED_DEPTH);
    }
    e->depth++;
    bool ok = encode_msg(e, msg, 0);
    e->depth--;
    return ok;
}

/* Encodes 'json' for one 'version'. */
static int
encode_version(const json_t *json, uint8_t version, uint32_t xid,
               struct ofm_buf *out, char *err, size_t err_size)
{
    struct oj_enc e = { .out = out, .version = version };
    size_t start = out->size;
    encode_msg(&e, json, xid);
    if (e.error) {
        out->size = start;
        ofm_err_printf(err, err_size, "%s", e.msg);
    }
    return e.error;
}

int
ofm_ofp_from_json(const json_t *json, uint8_t version, uint32_t xid,
                  struct ofm_buf *out, char *err, size_t err_size)
{
    if (version_known(version)) {
        return encode_version(json, version, xid, out, err, err_size);
    }
    if (version) {
        ofm_err_printf(err, err_size, "OpenFlow version 0x%02x is not 1.0 "
                       "(0x01), 1.2 (0x03), 1.3 (0x04), 1.4 (0x05) or 1.5 "
                       "(0x06)", version);
        return EINVAL;
    }
    int error = encode_version(json, OFP13_VERSION, xid, out, err, err_size);
    if (error) {
        char err10[256];
        if (!encode_version(json, OFP10_VERSION, xid, out, err10,
                            sizeof err10)) {
            return 0;
        }
    }
    return error;
}
