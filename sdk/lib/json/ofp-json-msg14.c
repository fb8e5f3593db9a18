/* ofp-json-msg14.c: the OpenFlow 1.4 and 1.5 messages whose layout differs
 * from 1.3's, in Ryu's JSON form (the ones they share with 1.3 are in
 * ofp-json-msg.c's table, marked for the versions that use them).
 *
 * 1.4 adds property lists (ports, port and table mods, port and queue
 * stats, queue and table descriptions, async configuration, roles,
 * bundles), flow monitoring, role and table status, request forwarding
 * and bundles; 1.5 the OXS statistics of flow removed messages, bucket
 * properties in group mods, packet-out with a match, controller status,
 * bundle features and the short id of role requests.
 *
 * Every property is a type, a length and a body, padded to 8 bytes; the
 * experimenter ones of every family are the same structure under a
 * family's class name, their "data" an array of 32-bit words. */
#include "ofp-json-private.h"

#include <string.h>

#define F(NAME, KIND) { NAME, KIND, 0, NULL }
#define PAD(N) { NULL, OJ_PAD, N, NULL }
#define STR(NAME, N) { NAME, OJ_STR, N, NULL }
#define NESTED(NAME, S) { NAME, OJ_NESTED, 0, S }
#define LIST(NAME, L) { NAME, OJ_LIST, 0, L }
#define LIST_N(NAME, L) { NAME, OJ_LIST_N, 0, L }
#define HOOK(H) { NULL, OJ_HOOK, 0, H }
#define DATA(NAME) { NAME, OJ_DATA, 0, NULL }
#define FRAME(NAME) { NAME, OJ_FRAME, 0, NULL }
#define END { NULL, OJ_END, 0, NULL }
#define S(VAR, NAME, FIELDS) \
    static const struct oj_struct VAR = { NAME, FIELDS }

#define PROP_HDR F("type", OJ_TYPE), F("length", OJ_LEN)
static const struct oj_field f_prop_experimenter[] = {
    PROP_HDR, F("experimenter", OJ_U32), F("exp_type", OJ_U32),
    { "data", OJ_U32_LIST, 0, NULL }, END,
};

/* A property of a type its family does not define, or an experimenter
 * one whose data is not whole 32-bit words, is kept as Ryu's
 * OFPPropUnknown (one class for every family): "type", "length" and
 * "buf", the property's bytes from its header on.  Ryu's "buf" runs on to
 * the end of the list; here it stops at the property's length, and an
 * encoder reads it only up to the length its header gives, so that both
 * forms encode to the same bytes. */
static bool
prop_buf_decode(struct oj_dec *d, struct ofm_rd *rd, json_t *obj, int err)
{
    /* The list walker bounded 'rd' to the property, whose 4-byte header
     * the type and length fields have just read. */
    const uint8_t *p = rd->p - 4;
    size_t n = rd->left + 4;
    json_object_set_new(obj, "buf", ofm_oj_base64(p, n));
    ofm_rd_skip(rd, rd->left);
    return true;
}

static bool
prop_buf_encode(struct oj_enc *e, const json_t *obj, size_t start)
{
    const json_t *j = json_object_get(obj, "buf");
    if (!json_is_string(j)) {
        return ofm_oj_efail(e, "'buf' must be a base64 string of the property");
    }
    size_t pos = e->out->size;
    if (!ofm_oj_unbase64(json_string_value(j), json_string_length(j), e->out)) {
        return ofm_oj_efail(e, "'buf' is not valid base64");
    }
    const uint8_t *buf = e->out->data + pos;
    size_t n = e->out->size - pos;
    size_t len = n >= 4 ? ofm_get16(buf + 2) : 0;
    uint16_t type = ofm_get16(e->out->data + start);
    if (n < 4 || len < 4 || len > n) {
        e->out->size = pos;
        return ofm_oj_efail(e, "'buf' (%zu bytes) does not hold a whole "
                            "property: its header says length %zu", n, len);
    }
    if (ofm_get16(buf) != type) {
        e->out->size = pos;
        return ofm_oj_efail(e, "'buf' holds a property of type %u, 'type' "
                            "says %u", ofm_get16(buf), type);
    }
    /* The header is written already: keep the body up to the length. */
    memmove(e->out->data + pos, buf + 4, len - 4);
    e->out->size = pos + len - 4;
    return true;
}

static const struct oj_hook prop_buf_hook = {
    prop_buf_decode, prop_buf_encode, { "buf" },
};
static const struct oj_field f_prop_unknown[] = {
    PROP_HDR, HOOK(&prop_buf_hook), END,
};
static const struct oj_struct s_prop_unknown = { "OFPPropUnknown", f_prop_unknown };

/* An experimenter property (of type 0xffff, or 0xfffe where a family has
 * two) too short for its experimenter and type, or with data that is not
 * whole 32-bit words, is unknown rather than wrong. */
static const struct oj_struct *
prop_select(const struct oj_list *l, uint16_t type, const uint8_t *p, size_t len)
{
    if ((type == 0xffff || type == 0xfffe) && (len < 12 || (len - 12) % 4)) {
        for (const struct oj_member *m = l->members; m->s; m++) {
            if (m->type == type) {
                return &s_prop_unknown;
            }
        }
    }
    return NULL;
}

/* A property list 'VAR' of members 'MEMBERS'. */
#define PROPS(VAR, WHAT, MEMBERS)                                       \
    static const struct oj_list VAR = {                                 \
        .what = WHAT, .members = MEMBERS, .unknown = &s_prop_unknown,   \
        .unknown_any = true, .select = prop_select, .hdr_len = 4,       \
        .align = 8, .padded = true, .err = OFM_ERR_BAD_LEN,             \
        .err_type = OFM_ERR_BAD_LEN,                                    \
    }

/*
 * Ports.
 */
static const struct oj_field f_pdp_ethernet[] = {
    PROP_HDR, PAD(4), F("curr", OJ_U32), F("advertised", OJ_U32),
    F("supported", OJ_U32), F("peer", OJ_U32), F("curr_speed", OJ_U32),
    F("max_speed", OJ_U32), END,
};
static const struct oj_field f_pdp_optical[] = {
    PROP_HDR, PAD(4), F("supported", OJ_U32),
    F("tx_min_freq_lmda", OJ_U32), F("tx_max_freq_lmda", OJ_U32),
    F("tx_grid_freq_lmda", OJ_U32), F("rx_min_freq_lmda", OJ_U32),
    F("rx_max_freq_lmda", OJ_U32), F("rx_grid_freq_lmda", OJ_U32),
    F("tx_pwr_min", OJ_U16), F("tx_pwr_max", OJ_U16), END,
};
S(s_pdp_ethernet, "OFPPortDescPropEthernet", f_pdp_ethernet);
S(s_pdp_optical, "OFPPortDescPropOptical", f_pdp_optical);
S(s_pdp_experimenter, "OFPPortDescPropExperimenter", f_prop_experimenter);
static const struct oj_member port_desc_props[] = {
    { 0, &s_pdp_ethernet }, { 1, &s_pdp_optical },
    { 0xffff, &s_pdp_experimenter }, { 0, NULL },
};
PROPS(l_port_desc_props, "port description property", port_desc_props);

static const struct oj_field f14_port[] = {
    F("port_no", OJ_U32), F("length", OJ_LEN), PAD(2), F("hw_addr", OJ_MAC),
    PAD(2), STR("name", OFP_MAX_PORT_NAME_LEN), F("config", OJ_U32),
    F("state", OJ_U32), LIST("properties", &l_port_desc_props), END,
};
S(s14_port, "OFPPort", f14_port);
static const struct oj_list l14_ports = {
    .what = "port", .elem = &s14_port, .hdr_len = 40, .align = 8,
    .err = OFM_ERR_BAD_LEN,
};
static const struct oj_field f14_port_status[] = {
    F("reason", OJ_U8), PAD(7), NESTED("desc", &s14_port), END,
};

static const struct oj_field f_pmp_ethernet[] = {
    PROP_HDR, F("advertise", OJ_U32), END,
};
static const struct oj_field f_pmp_optical[] = {
    PROP_HDR, F("configure", OJ_U32), F("freq_lmda", OJ_U32),
    F("fl_offset", OJ_U32), F("grid_span", OJ_U32), F("tx_pwr", OJ_U32),
    END,
};
S(s_pmp_ethernet, "OFPPortModPropEthernet", f_pmp_ethernet);
S(s_pmp_optical, "OFPPortModPropOptical", f_pmp_optical);
S(s_pmp_experimenter, "OFPPortModPropExperimenter", f_prop_experimenter);
static const struct oj_member port_mod_props[] = {
    { 0, &s_pmp_ethernet }, { 1, &s_pmp_optical },
    { 0xffff, &s_pmp_experimenter }, { 0, NULL },
};
PROPS(l_port_mod_props, "port mod property", port_mod_props);
static const struct oj_field f14_port_mod[] = {
    F("port_no", OJ_U32), PAD(4), F("hw_addr", OJ_MAC), PAD(2),
    F("config", OJ_U32), F("mask", OJ_U32),
    LIST("properties", &l_port_mod_props), END,
};

/*
 * Tables.
 */
static const struct oj_field f_tmp_eviction[] = {
    PROP_HDR, F("flags", OJ_U32), END,
};
static const struct oj_field f_tmp_vacancy[] = {
    PROP_HDR, F("vacancy_down", OJ_U8), F("vacancy_up", OJ_U8),
    F("vacancy", OJ_U8), PAD(1), END,
};
S(s_tmp_eviction, "OFPTableModPropEviction", f_tmp_eviction);
S(s_tmp_vacancy, "OFPTableModPropVacancy", f_tmp_vacancy);
S(s_tmp_experimenter, "OFPTableModPropExperimenter", f_prop_experimenter);
static const struct oj_member table_mod_props[] = {
    { 2, &s_tmp_eviction }, { 3, &s_tmp_vacancy },
    { 0xfffe, &s_tmp_experimenter }, { 0xffff, &s_tmp_experimenter },
    { 0, NULL },
};
PROPS(l_table_mod_props, "table mod property", table_mod_props);
static const struct oj_field f14_table_mod[] = {
    F("table_id", OJ_U8), PAD(3), F("config", OJ_U32),
    LIST("properties", &l_table_mod_props), END,
};
static const struct oj_field f14_table_desc[] = {
    F("length", OJ_LEN), F("table_id", OJ_U8), PAD(1), F("config", OJ_U32),
    LIST("properties", &l_table_mod_props), END,
};
S(s14_table_desc, "OFPTableDesc", f14_table_desc);
static const struct oj_list l14_table_desc = {
    .what = "table description", .elem = &s14_table_desc, .hdr_len = 8,
    .align = 8, .err = OFM_ERR_BAD_LEN,
};
static const struct oj_field f14_table_status[] = {
    F("reason", OJ_U8), PAD(7), NESTED("table", &s14_table_desc), END,
};

/*
 * Flows.
 */
static const struct oj_field f14_flow_mod[] = {
    F("cookie", OJ_U64), F("cookie_mask", OJ_U64), F("table_id", OJ_U8),
    F("command", OJ_U8), F("idle_timeout", OJ_U16),
    F("hard_timeout", OJ_U16), F("priority", OJ_U16),
    F("buffer_id", OJ_U32), F("out_port", OJ_U32), F("out_group", OJ_U32),
    F("flags", OJ_U16), F("importance", OJ_U16), F("match", OJ_MATCH),
    LIST("instructions", &ofm_oj_instructions13), END,
};
static const struct oj_field f15_flow_mod[] = {
    F("cookie", OJ_U64), F("cookie_mask", OJ_U64), F("table_id", OJ_U8),
    F("command", OJ_U8), F("idle_timeout", OJ_U16),
    F("hard_timeout", OJ_U16), F("priority", OJ_U16),
    F("buffer_id", OJ_U32), F("out_port", OJ_U32), F("out_group", OJ_U32),
    F("flags", OJ_U16), F("importance", OJ_U16), F("match", OJ_MATCH),
    LIST("instructions", &ofm_oj_instructions15), END,
};
static const struct oj_field f14_flow_stats[] = {
    F("length", OJ_LEN), F("table_id", OJ_U8), PAD(1),
    F("duration_sec", OJ_U32), F("duration_nsec", OJ_U32),
    F("priority", OJ_U16), F("idle_timeout", OJ_U16),
    F("hard_timeout", OJ_U16), F("flags", OJ_U16), F("importance", OJ_U16),
    PAD(2), F("cookie", OJ_U64), F("packet_count", OJ_U64),
    F("byte_count", OJ_U64), F("match", OJ_MATCH),
    LIST("instructions", &ofm_oj_instructions13), END,
};
S(s14_flow_stats, "OFPFlowStats", f14_flow_stats);
static const struct oj_list l14_flow_stats = {
    .what = "flow stats", .elem = &s14_flow_stats, .hdr_len = 56,
    .align = 8, .err = OFM_ERR_BAD_LEN,
};

/* 1.5's stat trigger (OpenFlow 1.5.1 section 7.2.5): flags and the OXS
 * thresholds, an ofp_stats padded to 8 bytes; Ryu's
 * OFPInstructionStatTrigger. */
static const struct oj_field f15_inst_stat_trigger[] = {
    F("type", OJ_TYPE), F("len", OJ_LEN), F("flags", OJ_U32),
    HOOK(&ofm_oj_oxs_thresholds_hook), END,
};
const struct oj_struct ofm_oj_si_stat_trigger = {
    "OFPInstructionStatTrigger", f15_inst_stat_trigger,
};

/* 1.5 flow removed, flow descriptions and flow stats carry OXS stats. */
static const struct oj_field f15_flow_removed[] = {
    F("table_id", OJ_U8), F("reason", OJ_U8), F("priority", OJ_U16),
    F("idle_timeout", OJ_U16), F("hard_timeout", OJ_U16),
    F("cookie", OJ_U64), F("match", OJ_MATCH), HOOK(&ofm_oj_oxs_hook), END,
};
static const struct oj_field f15_flow_desc[] = {
    F("length", OJ_LEN), PAD(2), F("table_id", OJ_U8), PAD(1),
    F("priority", OJ_U16), F("idle_timeout", OJ_U16),
    F("hard_timeout", OJ_U16), F("flags", OJ_U16), F("importance", OJ_U16),
    F("cookie", OJ_U64), F("match", OJ_MATCH), HOOK(&ofm_oj_oxs_hook),
    LIST("instructions", &ofm_oj_instructions15), END,
};
S(s15_flow_desc, "OFPFlowDesc", f15_flow_desc);
static const struct oj_list l15_flow_desc = {
    .what = "flow description", .elem = &s15_flow_desc, .hdr_len = 32,
    .align = 8, .err = OFM_ERR_BAD_LEN,
};
static const struct oj_field f15_flow_stats[] = {
    F("length", OJ_LEN), PAD(2), F("table_id", OJ_U8), F("reason", OJ_U8),
    F("priority", OJ_U16), F("match", OJ_MATCH), HOOK(&ofm_oj_oxs_hook),
    END,
};
S(s15_flow_stats, "OFPFlowStats", f15_flow_stats);
static const struct oj_list l15_flow_stats = {
    .what = "flow stats", .elem = &s15_flow_stats, .hdr_len = 16,
    .align = 8, .err = OFM_ERR_BAD_LEN,
};
static const struct oj_field f15_aggregate[] = {
    HOOK(&ofm_oj_oxs_hook), END,
};
S(s15_aggregate, "OFPAggregateStats", f15_aggregate);

static const struct oj_field f15_packet_out[] = {
    F("buffer_id", OJ_U32), F("actions_len", OJ_CURLEN), PAD(2),
    F("match", OJ_MATCH), LIST_N("actions", &ofm_oj_actions15),
    FRAME("data"), END,
};

/* Flow monitoring.  Updates put their length first and their "event"
 * second, so they are told apart here rather than by the list walker. */
static const struct oj_field f14_mp_flow_monitor[] = {
    F("type", OJ_TYPE), F("flags", OJ_U16), PAD(4),
    F("monitor_id", OJ_U32), F("out_port", OJ_U32), F("out_group", OJ_U32),
    F("monitor_flags", OJ_U16), F("table_id", OJ_U8), F("command", OJ_U8),
    F("match", OJ_MATCH), END,
};
static const struct oj_field f_update_full[] = {
    F("length", OJ_LEN), F("event", OJ_U16), F("table_id", OJ_U8),
    F("reason", OJ_U8), F("idle_timeout", OJ_U16),
    F("hard_timeout", OJ_U16), F("priority", OJ_U16), PAD(4),
    F("cookie", OJ_U64), F("match", OJ_MATCH),
    LIST("instructions", &ofm_oj_instructions13), END,
};
static const struct oj_field f_update_abbrev[] = {
    F("length", OJ_LEN), F("event", OJ_U16), F("xid", OJ_U32), END,
};
static const struct oj_field f_update_paused[] = {
    F("length", OJ_LEN), F("event", OJ_U16), PAD(4), END,
};
S(s_update_full, "OFPFlowUpdateFull", f_update_full);
S(s_update_abbrev, "OFPFlowUpdateAbbrev", f_update_abbrev);
S(s_update_paused, "OFPFlowUpdatePaused", f_update_paused);

static const struct oj_struct *
update_struct(uint16_t event)
{
    return (event <= 3 ? &s_update_full : event == 4 ? &s_update_abbrev
            : event == 5 ? &s_update_paused : NULL);
}

static bool
updates_decode(struct oj_dec *d, struct ofm_rd *rd, json_t *obj, int err)
{
    json_t *a = json_array();
    json_object_set_new(obj, "body", a);
    while (rd->left) {
        const uint8_t *p = rd->p;
        if (rd->left < 8) {
            return ofm_oj_fail(d, p, err, "flow update truncated: %zu bytes "
                               "left, its header needs 8", rd->left);
        }
        size_t len = ofm_get16(p);
        uint16_t event = ofm_get16(p + 2);
        const struct oj_struct *s = update_struct(event);
        if (len < 8 || len % 8 || len > rd->left) {
            return ofm_oj_fail(d, p, err, "flow update length %zu is not a "
                               "multiple of 8 from 8 to the %zu bytes left",
                               len, rd->left);
        }
        if (!s) {
            return ofm_oj_fail(d, p + 2, err, "unknown flow update event %u",
                               event);
        }
        struct ofm_rd sub = ofm_rd_init(p, len);
        ofm_rd_skip(rd, len);
        json_t *j = ofm_oj_decode_struct(d, &sub, s, true, err);
        if (!j) {
            return false;
        }
        json_array_append_new(a, j);
    }
    return true;
}

static bool
updates_encode(struct oj_enc *e, const json_t *obj, size_t start)
{
    const json_t *a = json_object_get(obj, "body");
    if (a && !json_is_null(a) && !json_is_array(a)) {
        return ofm_oj_efail(e, "'body' must be an array");
    }
    for (size_t i = 0; i < json_array_size(a); i++) {
        size_t old = ofm_oj_path_push(e, ".body[%zu]", i);
        const char *name;
        const json_t *u = ofm_oj_unwrap(e, json_array_get(a, i), &name);
        uint64_t event;
        bool ok = u && ofm_oj_get_uint(e, u, "event", 16, &event);
        const struct oj_struct *s = ok ? update_struct(event) : NULL;
        if (ok && (!s || strcmp(s->name, name))) {
            ok = ofm_oj_efail(e, "%s cannot have event %u", name,
                              (unsigned int) event);
        }
        if (ok) {
            ofm_oj_path_push(e, ".%s", name);
            ok = ofm_oj_encode_struct(e, u, s, -1);
        }
        ofm_oj_path_pop(e, old);
        if (!ok) {
            return false;
        }
    }
    return true;
}

static const struct oj_hook updates_hook = {
    updates_decode, updates_encode, { "body" },
};
static const struct oj_field f14_mpr_flow_monitor[] = {
    F("type", OJ_TYPE), F("flags", OJ_U16), PAD(4), HOOK(&updates_hook), END,
};

/*
 * Port and queue statistics and descriptions.
 */
static const struct oj_field f_psp_ethernet[] = {
    PROP_HDR, PAD(4), F("rx_frame_err", OJ_U64), F("rx_over_err", OJ_U64),
    F("rx_crc_err", OJ_U64), F("collisions", OJ_U64), END,
};
static const struct oj_field f_psp_optical[] = {
    PROP_HDR, PAD(4), F("flags", OJ_U32), F("tx_freq_lmda", OJ_U32),
    F("tx_offset", OJ_U32), F("tx_grid_span", OJ_U32),
    F("rx_freq_lmda", OJ_U32), F("rx_offset", OJ_U32),
    F("rx_grid_span", OJ_U32), F("tx_pwr", OJ_U16), F("rx_pwr", OJ_U16),
    F("bias_current", OJ_U16), F("temperature", OJ_U16), END,
};
S(s_psp_ethernet, "OFPPortStatsPropEthernet", f_psp_ethernet);
S(s_psp_optical, "OFPPortStatsPropOptical", f_psp_optical);
S(s_psp_experimenter, "OFPPortStatsPropExperimenter", f_prop_experimenter);
static const struct oj_member port_stats_props[] = {
    { 0, &s_psp_ethernet }, { 1, &s_psp_optical },
    { 0xffff, &s_psp_experimenter }, { 0, NULL },
};
PROPS(l_port_stats_props, "port stats property", port_stats_props);
static const struct oj_field f14_port_stats[] = {
    F("length", OJ_LEN), PAD(2), F("port_no", OJ_U32),
    F("duration_sec", OJ_U32), F("duration_nsec", OJ_U32),
    F("rx_packets", OJ_U64), F("tx_packets", OJ_U64), F("rx_bytes", OJ_U64),
    F("tx_bytes", OJ_U64), F("rx_dropped", OJ_U64), F("tx_dropped", OJ_U64),
    F("rx_errors", OJ_U64), F("tx_errors", OJ_U64),
    LIST("properties", &l_port_stats_props), END,
};
S(s14_port_stats, "OFPPortStats", f14_port_stats);
static const struct oj_list l14_port_stats = {
    .what = "port stats", .elem = &s14_port_stats, .hdr_len = 80,
    .align = 8, .err = OFM_ERR_BAD_LEN,
};

S(s_qsp_experimenter, "OFPQueueStatsPropExperimenter", f_prop_experimenter);
static const struct oj_member queue_stats_props[] = {
    { 0xffff, &s_qsp_experimenter }, { 0, NULL },
};
PROPS(l_queue_stats_props, "queue stats property", queue_stats_props);
static const struct oj_field f14_queue_stats[] = {
    F("length", OJ_LEN), PAD(6), F("port_no", OJ_U32),
    F("queue_id", OJ_U32), F("tx_bytes", OJ_U64), F("tx_packets", OJ_U64),
    F("tx_errors", OJ_U64), F("duration_sec", OJ_U32),
    F("duration_nsec", OJ_U32), LIST("properties", &l_queue_stats_props),
    END,
};
S(s14_queue_stats, "OFPQueueStats", f14_queue_stats);
static const struct oj_list l14_queue_stats = {
    .what = "queue stats", .elem = &s14_queue_stats, .hdr_len = 48,
    .align = 8, .err = OFM_ERR_BAD_LEN,
};

static const struct oj_field f_qdp_rate[] = {
    PROP_HDR, F("rate", OJ_U16), PAD(2), END,
};
S(s_qdp_min, "OFPQueueDescPropMinRate", f_qdp_rate);
S(s_qdp_max, "OFPQueueDescPropMaxRate", f_qdp_rate);
S(s_qdp_experimenter, "OFPQueueDescPropExperimenter", f_prop_experimenter);
static const struct oj_member queue_desc_props[] = {
    { 1, &s_qdp_min }, { 2, &s_qdp_max }, { 0xffff, &s_qdp_experimenter },
    { 0, NULL },
};
PROPS(l_queue_desc_props, "queue description property", queue_desc_props);
static const struct oj_field f14_queue_desc[] = {
    F("port_no", OJ_U32), F("queue_id", OJ_U32), F("len", OJ_LEN), PAD(6),
    LIST("properties", &l_queue_desc_props), END,
};
S(s14_queue_desc, "OFPQueueDesc", f14_queue_desc);
static const struct oj_list l14_queue_desc = {
    .what = "queue description", .elem = &s14_queue_desc, .hdr_len = 16,
    .align = 8, .err = OFM_ERR_BAD_LEN,
};

/*
 * Roles, asynchronous configuration, bundles, request forwarding.
 */
S(s_rp_experimenter, "OFPRolePropExperimenter", f_prop_experimenter);
static const struct oj_member role_props[] = {
    { 0xffff, &s_rp_experimenter }, { 0, NULL },
};
PROPS(l_role_props, "role property", role_props);
static const struct oj_field f14_role_status[] = {
    F("role", OJ_U32), F("reason", OJ_U8), PAD(3),
    F("generation_id", OJ_U64), LIST("properties", &l_role_props), END,
};
static const struct oj_field f15_role[] = {
    F("role", OJ_U32), F("short_id", OJ_U16), PAD(2),
    F("generation_id", OJ_U64), END,
};

static const struct oj_field f_acp_reasons[] = {
    PROP_HDR, F("mask", OJ_U32), END,
};
S(s_acp_reasons, "OFPAsyncConfigPropReasons", f_acp_reasons);
S(s_acp_experimenter, "OFPAsyncConfigPropExperimenter",
  f_prop_experimenter);
static const struct oj_member async_props[] = {
    { 0, &s_acp_reasons }, { 1, &s_acp_reasons }, { 2, &s_acp_reasons },
    { 3, &s_acp_reasons }, { 4, &s_acp_reasons }, { 5, &s_acp_reasons },
    { 6, &s_acp_reasons }, { 7, &s_acp_reasons }, { 8, &s_acp_reasons },
    { 9, &s_acp_reasons }, { 10, &s_acp_reasons }, { 11, &s_acp_reasons },
    { 0xfffe, &s_acp_experimenter }, { 0xffff, &s_acp_experimenter },
    { 0, NULL },
};
PROPS(l_async_props, "async config property", async_props);
static const struct oj_field f14_async[] = {
    LIST("properties", &l_async_props), END,
};

S(s_bp_experimenter, "OFPBundlePropExperimenter", f_prop_experimenter);
static const struct oj_member bundle_props[] = {
    { 0xffff, &s_bp_experimenter }, { 0, NULL },
};
PROPS(l_bundle_props, "bundle property", bundle_props);
static const struct oj_field f14_bundle_ctrl[] = {
    F("bundle_id", OJ_U32), F("type", OJ_U16), F("flags", OJ_U16),
    LIST("properties", &l_bundle_props), END,
};

/* The message of a bundle add, padded to 8 bytes when properties follow
 * it. */
static bool
bundle_msg_decode(struct oj_dec *d, struct ofm_rd *rd, json_t *obj, int err)
{
    const uint8_t *start = rd->p;
    json_t *j = ofm_oj_decode_embedded(d, rd, err);
    if (!j) {
        return false;
    }
    json_object_set_new(obj, "message", j);
    size_t len = (size_t) (rd->p - start);
    size_t pad = OJ_ROUND_UP(len, 8) - len;
    if (rd->left) {
        if (rd->left < pad) {
            return ofm_oj_fail(d, rd->p, err, "bundle message padding "
                               "truncated: %zu bytes left, %zu needed",
                               rd->left, pad);
        }
        ofm_rd_skip(rd, pad);
    }
    return true;
}

static bool
bundle_msg_encode(struct oj_enc *e, const json_t *obj, size_t start)
{
    size_t old = ofm_oj_path_push(e, ".message.");
    size_t msg_start = e->out->size;
    bool ok = ofm_oj_encode_embedded(e, json_object_get(obj, "message"));
    ofm_oj_path_pop(e, old);
    const json_t *props = json_object_get(obj, "properties");
    if (ok && json_array_size(props)) {
        size_t len = e->out->size - msg_start;
        ofm_buf_put_zeros(e->out, OJ_ROUND_UP(len, 8) - len);
    }
    return ok;
}

static const struct oj_hook bundle_msg_hook = {
    bundle_msg_decode, bundle_msg_encode, { "message" },
};
static const struct oj_field f14_bundle_add[] = {
    F("bundle_id", OJ_U32), PAD(2), F("flags", OJ_U16),
    HOOK(&bundle_msg_hook), LIST("properties", &l_bundle_props), END,
};

static bool
request_decode(struct oj_dec *d, struct ofm_rd *rd, json_t *obj, int err)
{
    json_t *j = ofm_oj_decode_embedded(d, rd, err);
    if (!j) {
        return false;
    }
    json_object_set_new(obj, "request", j);
    return true;
}

static bool
request_encode(struct oj_enc *e, const json_t *obj, size_t start)
{
    size_t old = ofm_oj_path_push(e, ".request.");
    bool ok = ofm_oj_encode_embedded(e, json_object_get(obj, "request"));
    ofm_oj_path_pop(e, old);
    return ok;
}

static const struct oj_hook request_hook = {
    request_decode, request_encode, { "request" },
};
static const struct oj_field f14_requestforward[] = {
    HOOK(&request_hook), END,
};

/*
 * 1.5 groups: buckets with properties.
 */
static const struct oj_field f_gbp_weight[] = {
    PROP_HDR, F("weight", OJ_U16), PAD(2), END,
};
static const struct oj_field f_gbp_watch[] = {
    PROP_HDR, F("watch", OJ_U32), END,
};
S(s_gbp_weight, "OFPGroupBucketPropWeight", f_gbp_weight);
S(s_gbp_watch, "OFPGroupBucketPropWatch", f_gbp_watch);
S(s_gbp_experimenter, "OFPGroupBucketPropExperimenter",
  f_prop_experimenter);
static const struct oj_member bucket_props[] = {
    { 0, &s_gbp_weight }, { 1, &s_gbp_watch }, { 2, &s_gbp_watch },
    { 0xffff, &s_gbp_experimenter }, { 0, NULL },
};
PROPS(l_bucket_props, "bucket property", bucket_props);
static const struct oj_field f15_bucket[] = {
    F("len", OJ_LEN), F("action_array_len", OJ_CURLEN),
    F("bucket_id", OJ_U32), LIST_N("actions", &ofm_oj_actions15),
    LIST("properties", &l_bucket_props), END,
};
S(s15_bucket, "OFPBucket", f15_bucket);
static const struct oj_list l15_buckets = {
    .what = "bucket", .elem = &s15_bucket, .hdr_len = 8, .align = 8,
    .err = OFM_ERR_BAD_LEN,
};
S(s_gp_experimenter, "OFPGroupPropExperimenter", f_prop_experimenter);
static const struct oj_member group_props[] = {
    { 0xffff, &s_gp_experimenter }, { 0, NULL },
};
PROPS(l_group_props, "group property", group_props);
static const struct oj_field f15_group_mod[] = {
    F("command", OJ_U16), F("type", OJ_U8), PAD(1), F("group_id", OJ_U32),
    F("bucket_array_len", OJ_CURLEN), PAD(2),
    F("command_bucket_id", OJ_U32), LIST_N("buckets", &l15_buckets),
    LIST("properties", &l_group_props), END,
};
static const struct oj_field f15_group_desc[] = {
    F("length", OJ_LEN), F("type", OJ_U8), PAD(1), F("group_id", OJ_U32),
    F("bucket_array_len", OJ_CURLEN), PAD(6),
    LIST_N("buckets", &l15_buckets), LIST("properties", &l_group_props),
    END,
};
S(s15_group_desc, "OFPGroupDescStats", f15_group_desc);
static const struct oj_list l15_group_desc = {
    .what = "group desc", .elem = &s15_group_desc, .hdr_len = 16,
    .align = 8, .err = OFM_ERR_BAD_LEN,
};

/*
 * 1.5 meters.
 */
static const struct oj_field f15_meter_stats[] = {
    F("meter_id", OJ_U32), F("len", OJ_LEN), PAD(6), F("ref_count", OJ_U32),
    F("packet_in_count", OJ_U64), F("byte_in_count", OJ_U64),
    F("duration_sec", OJ_U32), F("duration_nsec", OJ_U32),
    LIST("band_stats", &ofm_oj_l_band_stats), END,
};
S(s15_meter_stats, "OFPMeterStats", f15_meter_stats);
static const struct oj_list l15_meter_stats = {
    .what = "meter stats", .elem = &s15_meter_stats, .hdr_len = 40,
    .align = 8, .err = OFM_ERR_BAD_LEN,
};
static const struct oj_field f15_meter_desc[] = {
    F("length", OJ_LEN), F("flags", OJ_U16), F("meter_id", OJ_U32),
    LIST("bands", &ofm_oj_l_bands), END,
};
S(s15_meter_desc, "OFPMeterDescStats", f15_meter_desc);
static const struct oj_list l15_meter_desc = {
    .what = "meter description", .elem = &s15_meter_desc, .hdr_len = 8,
    .align = 8, .err = OFM_ERR_BAD_LEN,
};
static const struct oj_field f15_meter_features[] = {
    F("max_meter", OJ_U32), F("band_types", OJ_U32),
    F("capabilities", OJ_U32), F("max_bands", OJ_U8), F("max_color", OJ_U8),
    PAD(2), F("features", OJ_U32), PAD(4), END,
};
S(s15_meter_features, "OFPMeterFeaturesStats", f15_meter_features);
static const struct oj_list l15_meter_features = {
    .what = "meter features", .elem = &s15_meter_features,
    .err = OFM_ERR_BAD_LEN,
};

/*
 * 1.5 controller status and bundle features.
 */

/* A property whose body is a string (the controller's URI). */
static bool
uri_decode(struct oj_dec *d, struct ofm_rd *rd, json_t *obj, int err)
{
    size_t n = rd->left;
    const uint8_t *p = ofm_rd_pull(rd, n);
    if (!ofm_oj_utf8_valid(p, n) || memchr(p, 0, n)) {
        return ofm_oj_fail(d, p, err, "uri is not a UTF-8 string");
    }
    json_object_set_new(obj, "uri", json_stringn((const char *) p, n));
    return true;
}

static bool
uri_encode(struct oj_enc *e, const json_t *obj, size_t start)
{
    const json_t *j = json_object_get(obj, "uri");
    if (j && !json_is_string(j)) {
        return ofm_oj_efail(e, "'uri' must be a string");
    }
    if (j) {
        ofm_buf_put(e->out, json_string_value(j), json_string_length(j));
    }
    return true;
}

static const struct oj_hook uri_hook = { uri_decode, uri_encode, { "uri" } };
static const struct oj_field f_csp_uri[] = { PROP_HDR, HOOK(&uri_hook), END };
S(s_csp_uri, "OFPControllerStatusPropUri", f_csp_uri);
S(s_csp_experimenter, "OFPControllerStatusPropExperimenter",
  f_prop_experimenter);
static const struct oj_member controller_status_props[] = {
    { 0, &s_csp_uri }, { 0xffff, &s_csp_experimenter }, { 0, NULL },
};
PROPS(l_controller_status_props, "controller status property",
      controller_status_props);
static const struct oj_field f15_controller_status_stats[] = {
    F("length", OJ_LEN), F("short_id", OJ_U16), F("role", OJ_U32),
    F("reason", OJ_U8), F("channel_status", OJ_U8), PAD(6),
    LIST("properties", &l_controller_status_props), END,
};
S(s15_controller_status_stats, "OFPControllerStatusStats",
  f15_controller_status_stats);
static const struct oj_list l15_controller_status = {
    .what = "controller status", .elem = &s15_controller_status_stats,
    .hdr_len = 16, .align = 8, .err = OFM_ERR_BAD_LEN,
};
static const struct oj_field f15_controller_status[] = {
    NESTED("status", &s15_controller_status_stats), END,
};

static const struct oj_field f_time[] = {
    F("seconds", OJ_U64), F("nanoseconds", OJ_U32), PAD(4), END,
};
S(s_time, "OFPTime", f_time);
static const struct oj_field f_bfp_time[] = {
    PROP_HDR, PAD(4), NESTED("sched_accuracy", &s_time),
    NESTED("sched_max_future", &s_time), NESTED("sched_max_past", &s_time),
    NESTED("timestamp", &s_time), END,
};
S(s_bfp_time, "OFPBundleFeaturesPropTime", f_bfp_time);
S(s_bfp_experimenter, "OFPBundleFeaturesPropExperimenter",
  f_prop_experimenter);
static const struct oj_member bundle_features_props[] = {
    { 1, &s_bfp_time }, { 0xffff, &s_bfp_experimenter }, { 0, NULL },
};
PROPS(l_bundle_features_props, "bundle features property",
      bundle_features_props);
static const struct oj_field f15_mp_bundle_features[] = {
    F("type", OJ_TYPE), F("flags", OJ_U16), PAD(4),
    F("feature_request_flags", OJ_U32), PAD(4),
    LIST("properties", &l_bundle_features_props), END,
};
static const struct oj_field f15_bundle_features[] = {
    F("capabilities", OJ_U16), PAD(6),
    LIST("properties", &l_bundle_features_props), END,
};
S(s15_bundle_features, "OFPBundleFeaturesStats", f15_bundle_features);

/*
 * Multipart replies.
 */
#define MP_HDR F("type", OJ_TYPE), F("flags", OJ_U16), PAD(4)
#define MP_REPLY_LIST(VAR, L) \
    static const struct oj_field VAR[] = { MP_HDR, LIST("body", L), END }
#define MP_REPLY_ONE(VAR, S) \
    static const struct oj_field VAR[] = { MP_HDR, NESTED("body", S), END }
MP_REPLY_LIST(f14_mpr_flow, &l14_flow_stats);
MP_REPLY_LIST(f14_mpr_port, &l14_port_stats);
MP_REPLY_LIST(f14_mpr_queue, &l14_queue_stats);
MP_REPLY_LIST(f14_mpr_port_desc, &l14_ports);
MP_REPLY_LIST(f14_mpr_table_desc, &l14_table_desc);
MP_REPLY_LIST(f14_mpr_queue_desc, &l14_queue_desc);
MP_REPLY_LIST(f15_mpr_flow_desc, &l15_flow_desc);
MP_REPLY_LIST(f15_mpr_flow_stats, &l15_flow_stats);
MP_REPLY_ONE(f15_mpr_aggregate, &s15_aggregate);
MP_REPLY_LIST(f15_mpr_group_desc, &l15_group_desc);
MP_REPLY_LIST(f15_mpr_meter, &l15_meter_stats);
MP_REPLY_LIST(f15_mpr_meter_desc, &l15_meter_desc);
MP_REPLY_LIST(f15_mpr_meter_features, &l15_meter_features);
MP_REPLY_LIST(f15_mpr_controller_status, &l15_controller_status);
MP_REPLY_ONE(f15_mpr_bundle_features, &s15_bundle_features);

/*
 * The table.
 */
#define M(VERSIONS, TYPE, MP, NAME, FIELDS) \
    { VERSIONS, TYPE, MP, &(const struct oj_struct) { NAME, FIELDS } }
#define V14_15 (OJ_V14 | OJ_V15)
#define MV(V, TYPE, NAME, FIELDS) M(V, TYPE, -1, NAME, FIELDS)
#define MQV(V, MP, NAME, FIELDS) \
    M(V, OFPT13_MULTIPART_REQUEST, MP, NAME, FIELDS)
#define MRV(V, MP, NAME, FIELDS) \
    M(V, OFPT13_MULTIPART_REPLY, MP, NAME, FIELDS)

const struct oj_msg ofm_oj_msgs14[] = {
    MV(V14_15, OFPT13_PORT_STATUS, "OFPPortStatus", f14_port_status),
    MV(V14_15, OFPT13_PORT_MOD, "OFPPortMod", f14_port_mod),
    MV(V14_15, OFPT13_TABLE_MOD, "OFPTableMod", f14_table_mod),
    MV(OJ_V14, OFPT13_FLOW_MOD, "OFPFlowMod", f14_flow_mod),
    MV(OJ_V15, OFPT13_FLOW_MOD, "OFPFlowMod", f15_flow_mod),
    MV(OJ_V15, OFPT13_FLOW_REMOVED, "OFPFlowRemoved", f15_flow_removed),
    MV(OJ_V15, OFPT13_PACKET_OUT, "OFPPacketOut", f15_packet_out),
    MV(OJ_V15, OFPT13_GROUP_MOD, "OFPGroupMod", f15_group_mod),
    MV(OJ_V15, OFPT13_ROLE_REQUEST, "OFPRoleRequest", f15_role),
    MV(OJ_V15, OFPT13_ROLE_REPLY, "OFPRoleReply", f15_role),
    MV(V14_15, OFPT13_GET_ASYNC_REPLY, "OFPGetAsyncReply", f14_async),
    MV(V14_15, OFPT13_SET_ASYNC, "OFPSetAsync", f14_async),
    MV(V14_15, OJ_OFPT14_ROLE_STATUS, "OFPRoleStatus", f14_role_status),
    MV(V14_15, OJ_OFPT14_TABLE_STATUS, "OFPTableStatus", f14_table_status),
    MV(V14_15, OJ_OFPT14_REQUESTFORWARD, "OFPRequestForward",
       f14_requestforward),
    MV(V14_15, OJ_OFPT14_BUNDLE_CONTROL, "OFPBundleCtrlMsg",
       f14_bundle_ctrl),
    MV(V14_15, OJ_OFPT14_BUNDLE_ADD_MESSAGE, "OFPBundleAddMsg",
       f14_bundle_add),
    MV(OJ_V15, OJ_OFPT15_CONTROLLER_STATUS, "OFPControllerStatus",
       f15_controller_status),

    MQV(V14_15, OJ_OFPMP14_FLOW_MONITOR, "OFPFlowMonitorRequest",
        f14_mp_flow_monitor),
    MQV(OJ_V15, OJ_OFPMP15_BUNDLE_FEATURES, "OFPBundleFeaturesStatsRequest",
        f15_mp_bundle_features),

    MRV(OJ_V14, OFPMP_FLOW, "OFPFlowStatsReply", f14_mpr_flow),
    MRV(OJ_V15, OFPMP_FLOW, "OFPFlowDescStatsReply", f15_mpr_flow_desc),
    MRV(OJ_V15, OJ_OFPMP15_FLOW_STATS, "OFPFlowStatsReply",
        f15_mpr_flow_stats),
    MRV(OJ_V15, OFPMP_AGGREGATE, "OFPAggregateStatsReply",
        f15_mpr_aggregate),
    MRV(V14_15, OFPMP_PORT_STATS, "OFPPortStatsReply", f14_mpr_port),
    MRV(V14_15, OFPMP_QUEUE, "OFPQueueStatsReply", f14_mpr_queue),
    MRV(OJ_V15, OFPMP_GROUP_DESC, "OFPGroupDescStatsReply",
        f15_mpr_group_desc),
    MRV(OJ_V15, OFPMP_METER, "OFPMeterStatsReply", f15_mpr_meter),
    MRV(OJ_V15, OFPMP_METER_CONFIG, "OFPMeterDescStatsReply",
        f15_mpr_meter_desc),
    MRV(OJ_V15, OFPMP_METER_FEATURES, "OFPMeterFeaturesStatsReply",
        f15_mpr_meter_features),
    MRV(V14_15, OFPMP_PORT_DESC, "OFPPortDescStatsReply", f14_mpr_port_desc),
    MRV(V14_15, OJ_OFPMP14_TABLE_DESC, "OFPTableDescStatsReply",
        f14_mpr_table_desc),
    MRV(V14_15, OJ_OFPMP14_QUEUE_DESC, "OFPQueueDescStatsReply",
        f14_mpr_queue_desc),
    MRV(V14_15, OJ_OFPMP14_FLOW_MONITOR, "OFPFlowMonitorReply",
        f14_mpr_flow_monitor),
    MRV(OJ_V15, OJ_OFPMP15_CONTROLLER_STATUS,
        "OFPControllerStatusStatsReply", f15_mpr_controller_status),
    MRV(OJ_V15, OJ_OFPMP15_BUNDLE_FEATURES, "OFPBundleFeaturesStatsReply",
        f15_mpr_bundle_features),
};
const size_t ofm_oj_n_msgs14 = sizeof ofm_oj_msgs14 / sizeof *ofm_oj_msgs14;
