/* ofp-json-action.c: OpenFlow 1.0 and 1.3 actions, 1.3 instructions, and
 * the action and instruction ids of table features, in Ryu's JSON form.
 *
 * OpenFlow 1.3 actions show their "type" and "len"; 1.0 ones do not (Ryu
 * hides them there).  Experimenter actions Ryu does not decode are
 * OFPActionExperimenterUnknown (1.3) or OFPActionVendorUnknown (1.0) with
 * their payload as base64 "data"; Nicira ones of a subtype this codec does
 * not know (or too short for theirs) NXActionUnknown with their "subtype".
 * The Nicira actions' variable parts (learn's specs, bundle's members,
 * controller2's properties...) are in ofp-json-nx.c.  Unknown experimenter
 * instructions are OFPInstructionExperimenterUnknown. */
#include "ofp-json-private.h"

#include <arpa/inet.h>
#include <string.h>

#define F(NAME, KIND) { NAME, KIND, 0, NULL }
#define PAD(N) { NULL, OJ_PAD, N, NULL }
#define END { NULL, OJ_END, 0, NULL }
#define HDR13 F("type", OJ_TYPE), F("len", OJ_LEN)
#define HDR10 F(NULL, OJ_TYPE), F(NULL, OJ_LEN)

/* OpenFlow 1.3 actions. */
static const struct oj_field a13_output[] = {
    HDR13, F("port", OJ_U32), F("max_len", OJ_U16), PAD(6), END,
};
static const struct oj_field a13_header[] = { HDR13, PAD(4), END };
static const struct oj_field a13_mpls_ttl[] = {
    HDR13, F("mpls_ttl", OJ_U8), PAD(3), END,
};
static const struct oj_field a13_nw_ttl[] = {
    HDR13, F("nw_ttl", OJ_U8), PAD(3), END,
};
static const struct oj_field a13_ethertype[] = {
    HDR13, F("ethertype", OJ_U16), PAD(2), END,
};
static const struct oj_field a13_queue[] = {
    HDR13, F("queue_id", OJ_U32), END,
};
static const struct oj_field a13_group[] = {
    HDR13, F("group_id", OJ_U32), END,
};

/* Set-field: one OXM TLV, padded to 8 bytes. */
static bool
set_field_decode(struct oj_dec *d, struct ofm_rd *rd, json_t *obj, int err)
{
    json_t *j = ofm_oj_decode_oxm(d, rd);
    if (!j) {
        return false;
    }
    json_object_set_new(obj, "field", j);
    ofm_rd_skip(rd, rd->left);
    return true;
}

static bool
set_field_encode(struct oj_enc *e, const json_t *obj, size_t start)
{
    const json_t *field = json_object_get(obj, "field");
    if (!field) {
        return ofm_oj_efail(e, "missing 'field'");
    }
    size_t old = ofm_oj_path_push(e, ".field");
    bool ok = ofm_oj_encode_oxm(e, field);
    ofm_oj_path_pop(e, old);
    if (ok) {
        size_t len = e->out->size - start;
        ofm_buf_put_zeros(e->out, OJ_ROUND_UP(len, 8) - len);
    }
    return ok;
}

static const struct oj_hook set_field_hook = {
    set_field_decode, set_field_encode, { "field" },
};
static const struct oj_field a13_set_field[] = {
    HDR13, { NULL, OJ_HOOK, 0, &set_field_hook }, END,
};
static const struct oj_field a13_experimenter[] = {
    HDR13, F("experimenter", OJ_U32), { "data", OJ_DATA, 8, NULL }, END,
};
static const struct oj_field a13_nx[] = {
    HDR13, F("experimenter", OJ_U32), F("subtype", OJ_U16),
    { "data", OJ_DATA, 8, NULL }, END,
};

/* Nicira actions Ryu decodes (nx_actions.py), by subtype.  As in Ryu, the
 * class decides the experimenter id and subtype written, whatever the
 * JSON's "experimenter" and "subtype" say. */
#define NX_HDR(SUBTYPE) HDR13, { "experimenter", OJ_U32_K, 0x2320, NULL }, \
    { "subtype", OJ_U16_K, SUBTYPE, NULL }
#define NXA(VAR, SUBTYPE, ...) \
    static const struct oj_field VAR[] = { NX_HDR(SUBTYPE), __VA_ARGS__, END }
NXA(nx_resubmit, 1, F("in_port", OJ_U16), PAD(4));
NXA(nx_set_tunnel, 2, PAD(2), F("tun_id", OJ_U32));
NXA(nx_set_queue, 4, PAD(2), F("queue_id", OJ_U32));
NXA(nx_pop_queue, 5, PAD(6));
NXA(nx_note, 8, { "note", OJ_U8_LIST, 0, NULL });
NXA(nx_set_tunnel64, 9, PAD(6), F("tun_id", OJ_U64));
NXA(nx_resubmit_table, 14, F("in_port", OJ_U16), F("table_id", OJ_U8),
    PAD(3));
NXA(nx_exit, 17, PAD(6));
NXA(nx_dec_ttl, 18, PAD(6));
NXA(nx_fin_timeout, 19, F("fin_idle_timeout", OJ_U16),
    F("fin_hard_timeout", OJ_U16), PAD(2));
NXA(nx_controller, 20, F("max_len", OJ_U16), F("controller_id", OJ_U16),
    F("reason", OJ_U8), PAD(1));
NXA(nx_push_mpls, 23, F("ethertype", OJ_U16), PAD(4));
NXA(nx_pop_mpls, 24, F("ethertype", OJ_U16), PAD(4));
NXA(nx_set_mpls_ttl, 25, F("ttl", OJ_U8), PAD(5));
NXA(nx_dec_mpls_ttl, 26, PAD(6));
NXA(nx_sample, 29, F("probability", OJ_U16), F("collector_set_id", OJ_U32),
    F("obs_domain_id", OJ_U32), F("obs_point_id", OJ_U32));
NXA(nx_set_mpls_label, 30, PAD(2), F("label", OJ_U32));
NXA(nx_set_mpls_tc, 31, F("tc", OJ_U8), PAD(5));
NXA(nx_conjunction, 34, F("clause", OJ_U8), F("n_clauses", OJ_U8),
    F("id", OJ_U32));
NXA(nx_sample2, 38, F("probability", OJ_U16), F("collector_set_id", OJ_U32),
    F("obs_domain_id", OJ_U32), F("obs_point_id", OJ_U32),
    F("sampling_port", OJ_U16), PAD(6));
NXA(nx_output_trunc, 39, F("port", OJ_U16), F("max_len", OJ_U32));
NXA(nx_ct_clear, 43, PAD(6));
NXA(nx_reg_move, 6, F("n_bits", OJ_U16), F("src_ofs", OJ_U16),
    F("dst_ofs", OJ_U16), F("src_field", OJ_OXM_HDR),
    F("dst_field", OJ_OXM_HDR));
NXA(nx_reg_load, 7, F("ofs_nbits", OJ_U16), F("dst", OJ_OXM_HDR),
    F("value", OJ_U64));
NXA(nx_output_reg, 15, F("ofs_nbits", OJ_U16), F("src", OJ_OXM_HDR),
    F("max_len", OJ_U16), PAD(6));
NXA(nx_output_reg2, 32, F("ofs_nbits", OJ_U16), F("max_len", OJ_U16),
    F("src", OJ_OXM_HDR), PAD(6));
NXA(nx_resubmit_table_ct, 44, F("in_port", OJ_U16), F("table_id", OJ_U8),
    PAD(3));
NXA(nx_multipath, 10, F("fields", OJ_U16), F("basis", OJ_U16), PAD(2),
    F("algorithm", OJ_U16), F("max_link", OJ_U16), F("arg", OJ_U32), PAD(2),
    F("ofs_nbits", OJ_U16), F("dst", OJ_OXM_HDR));
NXA(nx_stack_push, 27, F("start", OJ_U16), F("field", OJ_OXM_HDR),
    F("end", OJ_U16), PAD(6));
NXA(nx_stack_pop, 28, F("start", OJ_U16), F("field", OJ_OXM_HDR),
    F("end", OJ_U16), PAD(6));

/* The Nicira actions with a variable part (ofp-json-nx.c). */
NXA(nx_learn, 16, F("idle_timeout", OJ_U16), F("hard_timeout", OJ_U16),
    F("priority", OJ_U16), F("cookie", OJ_U64), F("flags", OJ_U16),
    F("table_id", OJ_U8), PAD(1), F("fin_idle_timeout", OJ_U16),
    F("fin_hard_timeout", OJ_U16),
    { NULL, OJ_HOOK, 0, &ofm_oj_nx_learn_hook });
NXA(nx_bundle, 12, F("algorithm", OJ_U16), F("fields", OJ_U16),
    F("basis", OJ_U16), F("slave_type", OJ_U32),
    { NULL, OJ_HOOK, 0, &ofm_oj_nx_bundle_hook });
NXA(nx_bundle_load, 13, F("algorithm", OJ_U16), F("fields", OJ_U16),
    F("basis", OJ_U16), F("slave_type", OJ_U32),
    { NULL, OJ_HOOK, 0, &ofm_oj_nx_bundle_hook });
NXA(nx_controller2, 37, PAD(6),
    { NULL, OJ_HOOK, 0, &ofm_oj_nx_controller2_hook });
NXA(nx_reg_load2, 33, { NULL, OJ_HOOK, 0, &ofm_oj_nx_reg_load2_hook });
NXA(nx_dec_ttl_cnt_ids, 21, { NULL, OJ_HOOK, 0, &ofm_oj_nx_cnt_ids_hook });

/* NX nat: flags, then the ranges "range_present" says are there, in a fixed
 * order; Ryu shows absent addresses as "" and absent ports as null. */
static const struct {
    const char *key;
    uint16_t bit;
    uint8_t size;               /* 4: IPv4, 16: IPv6, 2: port. */
} nat_ranges[] = {
    { "range_ipv4_min", 0x01, 4 }, { "range_ipv4_max", 0x02, 4 },
    { "range_ipv6_min", 0x04, 16 }, { "range_ipv6_max", 0x08, 16 },
    { "range_proto_min", 0x10, 2 }, { "range_proto_max", 0x20, 2 },
};
#define N_NAT_RANGES (sizeof nat_ranges / sizeof *nat_ranges)

static bool
nat_decode(struct oj_dec *d, struct ofm_rd *rd, json_t *obj, int err)
{
    if (rd->left < 2) {
        return ofm_oj_fail(d, rd->p, err, "NXActionNAT truncated: no "
                           "range_present");
    }
    uint16_t present = ofm_rd_be16(rd);
    if (present & ~0x3f) {
        return ofm_oj_fail(d, rd->p - 2, err, "NXActionNAT range_present "
                           "0x%x has unknown bits", present);
    }
    for (size_t i = 0; i < N_NAT_RANGES; i++) {
        size_t size = nat_ranges[i].size;
        json_t *v;
        if (!(present & nat_ranges[i].bit)) {
            v = size == 2 ? json_null() : json_string("");
        } else if (rd->left < size) {
            return ofm_oj_fail(d, rd->p, err, "NXActionNAT truncated: no "
                               "room for %s", nat_ranges[i].key);
        } else if (size == 2) {
            v = ofm_oj_uint(ofm_rd_be16(rd));
        } else {
            char buf[INET6_ADDRSTRLEN];
            inet_ntop(size == 4 ? AF_INET : AF_INET6, ofm_rd_pull(rd, size),
                      buf, sizeof buf);
            v = json_string(buf);
        }
        json_object_set_new(obj, nat_ranges[i].key, v);
    }
    if (rd->left >= 8) {
        return ofm_oj_fail(d, rd->p, err, "%zu unexpected bytes at the end "
                           "of NXActionNAT", rd->left);
    }
    ofm_rd_skip(rd, rd->left);
    return true;
}

static bool
nat_encode(struct oj_enc *e, const json_t *obj, size_t start)
{
    size_t pos = e->out->size;
    uint16_t present = 0;
    ofm_buf_put_be16(e->out, 0);
    for (size_t i = 0; i < N_NAT_RANGES; i++) {
        const char *key = nat_ranges[i].key;
        const json_t *v = json_object_get(obj, key);
        size_t size = nat_ranges[i].size;
        if (!v || json_is_null(v)
            || (json_is_string(v) && !json_string_length(v))) {
            continue;
        }
        present |= nat_ranges[i].bit;
        if (size == 2) {
            uint64_t port;
            if (!ofm_oj_get_uint(e, obj, key, 16, &port)) {
                return false;
            }
            ofm_buf_put_be16(e->out, (uint16_t) port);
        } else {
            uint8_t addr[16];
            const char *text = json_string_value(v);
            if (!text || inet_pton(size == 4 ? AF_INET : AF_INET6, text,
                                   addr) != 1) {
                return ofm_oj_efail(e, "'%s' is not an IPv%c address", key,
                                    size == 4 ? '4' : '6');
            }
            ofm_buf_put(e->out, addr, size);
        }
    }
    ofm_put16(e->out->data + pos, present);
    size_t len = e->out->size - start;
    ofm_buf_put_zeros(e->out, OJ_ROUND_UP(len, 8) - len);
    return true;
}

static const struct oj_hook nat_hook = {
    nat_decode, nat_encode,
    { "range_ipv4_min", "range_ipv4_max", "range_ipv6_min",
      "range_ipv6_max", "range_proto_min", "range_proto_max" },
};
NXA(nx_nat, 36, PAD(2), F("flags", OJ_U16), { NULL, OJ_HOOK, 0, &nat_hook });

/* NX ct: its "zone_src" is "" for an immediate zone; its actions are
 * actions again, but a ct inside a ct stays NXActionUnknown, which bounds
 * the nesting. */
NXA(nx_ct, 35, F("flags", OJ_U16), { "zone_src", OJ_OXM_HDR, 1, NULL },
    F("zone_ofs_nbits", OJ_U16), F("recirc_table", OJ_U8), PAD(3),
    F("alg", OJ_U16), { "actions", OJ_LIST, 0, &ofm_oj_ct_actions });

/* OpenFlow 1.5 actions. */
static const struct oj_field a15_meter[] = {
    HDR13, F("meter_id", OJ_U32), END,
};
static const struct oj_field a15_copy_field[] = {
    HDR13, F("n_bits", OJ_U16), F("src_offset", OJ_U16),
    F("dst_offset", OJ_U16), PAD(2),
    { NULL, OJ_HOOK, 0, &ofm_oj_copy_field_hook }, END,
};

#define S(VAR, NAME, FIELDS) \
    static const struct oj_struct VAR = { NAME, FIELDS }

S(s13_output, "OFPActionOutput", a13_output);
S(s13_copy_ttl_out, "OFPActionCopyTtlOut", a13_header);
S(s13_copy_ttl_in, "OFPActionCopyTtlIn", a13_header);
S(s13_set_mpls_ttl, "OFPActionSetMplsTtl", a13_mpls_ttl);
S(s13_dec_mpls_ttl, "OFPActionDecMplsTtl", a13_header);
S(s13_push_vlan, "OFPActionPushVlan", a13_ethertype);
S(s13_pop_vlan, "OFPActionPopVlan", a13_header);
S(s13_push_mpls, "OFPActionPushMpls", a13_ethertype);
S(s13_pop_mpls, "OFPActionPopMpls", a13_ethertype);
S(s13_set_queue, "OFPActionSetQueue", a13_queue);
S(s13_group, "OFPActionGroup", a13_group);
S(s13_set_nw_ttl, "OFPActionSetNwTtl", a13_nw_ttl);
S(s13_dec_nw_ttl, "OFPActionDecNwTtl", a13_header);
S(s13_set_field, "OFPActionSetField", a13_set_field);
S(s13_push_pbb, "OFPActionPushPbb", a13_ethertype);
S(s13_pop_pbb, "OFPActionPopPbb", a13_header);
S(s13_experimenter, "OFPActionExperimenterUnknown", a13_experimenter);
S(s13_nx, "NXActionUnknown", a13_nx);
S(s_nx_conjunction, "NXActionConjunction", nx_conjunction);
S(s_nx_resubmit, "NXActionResubmit", nx_resubmit);
S(s_nx_resubmit_table, "NXActionResubmitTable", nx_resubmit_table);
S(s_nx_set_tunnel, "NXActionSetTunnel", nx_set_tunnel);
S(s_nx_set_tunnel64, "NXActionSetTunnel64", nx_set_tunnel64);
S(s_nx_set_queue, "NXActionSetQueue", nx_set_queue);
S(s_nx_pop_queue, "NXActionPopQueue", nx_pop_queue);
S(s_nx_note, "NXActionNote", nx_note);
S(s_nx_exit, "NXActionExit", nx_exit);
S(s_nx_dec_ttl, "NXActionDecTtl", nx_dec_ttl);
S(s_nx_fin_timeout, "NXActionFinTimeout", nx_fin_timeout);
S(s_nx_controller, "NXActionController", nx_controller);
S(s_nx_push_mpls, "NXActionPushMpls", nx_push_mpls);
S(s_nx_pop_mpls, "NXActionPopMpls", nx_pop_mpls);
S(s_nx_set_mpls_ttl, "NXActionSetMplsTtl", nx_set_mpls_ttl);
S(s_nx_dec_mpls_ttl, "NXActionDecMplsTtl", nx_dec_mpls_ttl);
S(s_nx_set_mpls_label, "NXActionSetMplsLabel", nx_set_mpls_label);
S(s_nx_set_mpls_tc, "NXActionSetMplsTc", nx_set_mpls_tc);
S(s_nx_sample, "NXActionSample", nx_sample);
S(s_nx_sample2, "NXActionSample2", nx_sample2);
S(s_nx_output_trunc, "NXActionOutputTrunc", nx_output_trunc);
S(s_nx_ct_clear, "NXActionCTClear", nx_ct_clear);
S(s_nx_reg_move, "NXActionRegMove", nx_reg_move);
S(s_nx_nat, "NXActionNAT", nx_nat);
S(s_nx_ct, "NXActionCT", nx_ct);
S(s_nx_reg_load, "NXActionRegLoad", nx_reg_load);
S(s_nx_output_reg, "NXActionOutputReg", nx_output_reg);
S(s_nx_output_reg2, "NXActionOutputReg2", nx_output_reg2);
S(s_nx_resubmit_table_ct, "NXActionResubmitTableCT", nx_resubmit_table_ct);
S(s_nx_multipath, "NXActionMultipath", nx_multipath);
S(s_nx_stack_push, "NXActionStackPush", nx_stack_push);
S(s_nx_stack_pop, "NXActionStackPop", nx_stack_pop);
S(s_nx_learn, "NXActionLearn", nx_learn);
S(s_nx_bundle, "NXActionBundle", nx_bundle);
S(s_nx_bundle_load, "NXActionBundleLoad", nx_bundle_load);
S(s_nx_controller2, "NXActionController2", nx_controller2);
S(s_nx_reg_load2, "NXActionRegLoad2", nx_reg_load2);
S(s_nx_dec_ttl_cnt_ids, "NXActionDecTtlCntIds", nx_dec_ttl_cnt_ids);
S(s15_meter, "OFPActionMeter", a15_meter);
S(s15_copy_field, "OFPActionCopyField", a15_copy_field);

/* Nicira subtypes (nicira_ext.py's NXAST_*) and their structures, in one
 * list: select13() finds a decoded action's structure by its subtype, and
 * the action lists (NX_MEMBERS) name the same structures for encoding. */
#define NX_ACTIONS(X)                                                   \
    X(1, s_nx_resubmit) X(2, s_nx_set_tunnel) X(4, s_nx_set_queue)      \
    X(5, s_nx_pop_queue) X(6, s_nx_reg_move) X(7, s_nx_reg_load)        \
    X(8, s_nx_note) X(9, s_nx_set_tunnel64) X(10, s_nx_multipath)       \
    X(12, s_nx_bundle) X(13, s_nx_bundle_load)                          \
    X(14, s_nx_resubmit_table) X(15, s_nx_output_reg) X(16, s_nx_learn) \
    X(17, s_nx_exit) X(18, s_nx_dec_ttl) X(19, s_nx_fin_timeout)        \
    X(20, s_nx_controller) X(21, s_nx_dec_ttl_cnt_ids)                  \
    X(23, s_nx_push_mpls) X(24, s_nx_pop_mpls) X(25, s_nx_set_mpls_ttl) \
    X(26, s_nx_dec_mpls_ttl) X(27, s_nx_stack_push)                     \
    X(28, s_nx_stack_pop) X(29, s_nx_sample) X(30, s_nx_set_mpls_label) \
    X(31, s_nx_set_mpls_tc) X(32, s_nx_output_reg2)                     \
    X(33, s_nx_reg_load2) X(34, s_nx_conjunction) X(35, s_nx_ct)        \
    X(36, s_nx_nat) X(37, s_nx_controller2) X(38, s_nx_sample2)         \
    X(39, s_nx_output_trunc) X(43, s_nx_ct_clear)                       \
    X(44, s_nx_resubmit_table_ct)

#define NX_SUBTYPE(SUBTYPE, VAR) { SUBTYPE, &VAR },
static const struct {
    uint16_t subtype;
    const struct oj_struct *s;
} nx_actions[] = { NX_ACTIONS(NX_SUBTYPE) };
#define N_NX_ACTIONS (sizeof nx_actions / sizeof *nx_actions)

#define NX_MEMBER(SUBTYPE, VAR) { OFPAT_EXPERIMENTER, &VAR },
#define NX_MEMBERS NX_ACTIONS(NX_MEMBER)

static const struct oj_member actions13[] = {
    { OFPAT_OUTPUT, &s13_output },
    { OFPAT_COPY_TTL_OUT, &s13_copy_ttl_out },
    { OFPAT_COPY_TTL_IN, &s13_copy_ttl_in },
    { OFPAT_SET_MPLS_TTL, &s13_set_mpls_ttl },
    { OFPAT_DEC_MPLS_TTL, &s13_dec_mpls_ttl },
    { OFPAT_PUSH_VLAN, &s13_push_vlan },
    { OFPAT_POP_VLAN, &s13_pop_vlan },
    { OFPAT_PUSH_MPLS, &s13_push_mpls },
    { OFPAT_POP_MPLS, &s13_pop_mpls },
    { OFPAT_SET_QUEUE, &s13_set_queue },
    { OFPAT_GROUP, &s13_group },
    { OFPAT_SET_NW_TTL, &s13_set_nw_ttl },
    { OFPAT_DEC_NW_TTL, &s13_dec_nw_ttl },
    { OFPAT_SET_FIELD, &s13_set_field },
    { OFPAT_PUSH_PBB, &s13_push_pbb },
    { OFPAT_POP_PBB, &s13_pop_pbb },
    { OFPAT_EXPERIMENTER, &s13_experimenter },
    { OFPAT_EXPERIMENTER, &s13_nx },
    NX_MEMBERS
    { 0, NULL },
};

/* Experimenter actions: Nicira ones (at least the 10 bytes that reach the
 * subtype) are the NXAction* of their subtype, or NXActionUnknown; others
 * OFPActionExperimenterUnknown.  An NX action too short for its subtype's
 * structure stays NXActionUnknown. */
static const struct oj_struct *
select13(const struct oj_list *l, uint16_t type, const uint8_t *p,
         size_t len)
{
    if (type != OFPAT_EXPERIMENTER) {
        return NULL;
    }
    if (len < 10 || ofm_get32(p + 4) != OJ_NX_VENDOR_ID) {
        return &s13_experimenter;
    }
    uint16_t subtype = ofm_get16(p + 8);
    for (size_t i = 0; i < N_NX_ACTIONS; i++) {
        bool variable;
        size_t size = ofm_oj_fixed_size(nx_actions[i].s, &variable);
        if (nx_actions[i].subtype == subtype
            && (variable ? size <= len : size == len)) {
            return nx_actions[i].s;
        }
    }
    return &s13_nx;
}

const struct oj_list ofm_oj_actions13 = {
    .what = "action", .members = actions13, .select = select13,
    .hdr_len = 8, .align = 8, .err = OFM_ERR_BAD_ACTION_LEN,
    .err_type = OFM_ERR_BAD_ACTION_TYPE,
};

static const struct oj_struct *
select_ct_inner(const struct oj_list *l, uint16_t type, const uint8_t *p,
                size_t len)
{
    const struct oj_struct *s = select13(l, type, p, len);
    return s == &s_nx_ct ? &s13_nx : s;
}

const struct oj_list ofm_oj_ct_actions = {
    .what = "action", .members = actions13, .select = select_ct_inner,
    .hdr_len = 8, .align = 8, .err = OFM_ERR_BAD_ACTION_LEN,
    .err_type = OFM_ERR_BAD_ACTION_TYPE,
};

/* OpenFlow 1.5: 1.3's actions and meter. */
#define OFPAT15_COPY_FIELD 28
#define OFPAT15_METER 29
static const struct oj_member actions15[] = {
    { OFPAT_OUTPUT, &s13_output },
    { OFPAT_COPY_TTL_OUT, &s13_copy_ttl_out },
    { OFPAT_COPY_TTL_IN, &s13_copy_ttl_in },
    { OFPAT_SET_MPLS_TTL, &s13_set_mpls_ttl },
    { OFPAT_DEC_MPLS_TTL, &s13_dec_mpls_ttl },
    { OFPAT_PUSH_VLAN, &s13_push_vlan },
    { OFPAT_POP_VLAN, &s13_pop_vlan },
    { OFPAT_PUSH_MPLS, &s13_push_mpls },
    { OFPAT_POP_MPLS, &s13_pop_mpls },
    { OFPAT_SET_QUEUE, &s13_set_queue },
    { OFPAT_GROUP, &s13_group },
    { OFPAT_SET_NW_TTL, &s13_set_nw_ttl },
    { OFPAT_DEC_NW_TTL, &s13_dec_nw_ttl },
    { OFPAT_SET_FIELD, &s13_set_field },
    { OFPAT_PUSH_PBB, &s13_push_pbb },
    { OFPAT_POP_PBB, &s13_pop_pbb },
    { OFPAT15_COPY_FIELD, &s15_copy_field },
    { OFPAT15_METER, &s15_meter },
    { OFPAT_EXPERIMENTER, &s13_experimenter },
    { OFPAT_EXPERIMENTER, &s13_nx },
    NX_MEMBERS
    { 0, NULL },
};

const struct oj_list ofm_oj_actions15 = {
    .what = "action", .members = actions15, .select = select13,
    .hdr_len = 8, .align = 8, .err = OFM_ERR_BAD_ACTION_LEN,
    .err_type = OFM_ERR_BAD_ACTION_TYPE,
};

/* OpenFlow 1.0 actions. */
static const struct oj_field a10_output[] = {
    HDR10, F("port", OJ_U16), F("max_len", OJ_U16), END,
};
static const struct oj_field a10_vlan_vid[] = {
    HDR10, F("vlan_vid", OJ_U16), PAD(2), END,
};
static const struct oj_field a10_vlan_pcp[] = {
    HDR10, F("vlan_pcp", OJ_U8), PAD(3), END,
};
static const struct oj_field a10_strip_vlan[] = { HDR10, PAD(4), END };
static const struct oj_field a10_dl_addr[] = {
    HDR10, F("dl_addr", OJ_MAC), PAD(6), END,
};
static const struct oj_field a10_nw_addr[] = {
    HDR10, F("nw_addr", OJ_IPV4), END,
};
static const struct oj_field a10_nw_tos[] = {
    HDR10, F("tos", OJ_U8), PAD(3), END,
};
static const struct oj_field a10_tp[] = {
    HDR10, F("tp", OJ_U16), PAD(2), END,
};
static const struct oj_field a10_enqueue[] = {
    HDR10, F("port", OJ_U16), PAD(6), F("queue_id", OJ_U32), END,
};
static const struct oj_field a10_vendor[] = {
    HDR10, F("vendor", OJ_U32), { "data", OJ_DATA, 8, NULL }, END,
};
static const struct oj_field a10_nx[] = {
    HDR10, F("vendor", OJ_U32), F("subtype", OJ_U16),
    { "data", OJ_DATA, 8, NULL }, END,
};

S(s10_output, "OFPActionOutput", a10_output);
S(s10_vlan_vid, "OFPActionVlanVid", a10_vlan_vid);
S(s10_vlan_pcp, "OFPActionVlanPcp", a10_vlan_pcp);
S(s10_strip_vlan, "OFPActionStripVlan", a10_strip_vlan);
S(s10_dl_src, "OFPActionSetDlSrc", a10_dl_addr);
S(s10_dl_dst, "OFPActionSetDlDst", a10_dl_addr);
S(s10_nw_src, "OFPActionSetNwSrc", a10_nw_addr);
S(s10_nw_dst, "OFPActionSetNwDst", a10_nw_addr);
S(s10_nw_tos, "OFPActionSetNwTos", a10_nw_tos);
S(s10_tp_src, "OFPActionSetTpSrc", a10_tp);
S(s10_tp_dst, "OFPActionSetTpDst", a10_tp);
S(s10_enqueue, "OFPActionEnqueue", a10_enqueue);
S(s10_vendor, "OFPActionVendorUnknown", a10_vendor);
S(s10_nx, "NXActionUnknown", a10_nx);

static const struct oj_member actions10[] = {
    { OFPAT10_OUTPUT, &s10_output },
    { OFPAT10_SET_VLAN_VID, &s10_vlan_vid },
    { OFPAT10_SET_VLAN_PCP, &s10_vlan_pcp },
    { OFPAT10_STRIP_VLAN, &s10_strip_vlan },
    { OFPAT10_SET_DL_SRC, &s10_dl_src },
    { OFPAT10_SET_DL_DST, &s10_dl_dst },
    { OFPAT10_SET_NW_SRC, &s10_nw_src },
    { OFPAT10_SET_NW_DST, &s10_nw_dst },
    { OFPAT10_SET_NW_TOS, &s10_nw_tos },
    { OFPAT10_SET_TP_SRC, &s10_tp_src },
    { OFPAT10_SET_TP_DST, &s10_tp_dst },
    { OFPAT10_ENQUEUE, &s10_enqueue },
    { OFPAT10_VENDOR, &s10_vendor },
    { OFPAT10_VENDOR, &s10_nx },
    { 0, NULL },
};

static const struct oj_struct *
select10(const struct oj_list *l, uint16_t type, const uint8_t *p,
         size_t len)
{
    if (type != OFPAT10_VENDOR) {
        return NULL;
    }
    return (len >= 10 && ofm_get32(p + 4) == OJ_NX_VENDOR_ID
            ? &s10_nx : &s10_vendor);
}

const struct oj_list ofm_oj_actions10 = {
    .what = "action", .members = actions10, .select = select10,
    .hdr_len = 8, .align = 8, .err = OFM_ERR_BAD_ACTION_LEN,
    .err_type = OFM_ERR_BAD_ACTION_TYPE,
};

/* OpenFlow 1.3 instructions. */
static const struct oj_field i_goto[] = {
    HDR13, F("table_id", OJ_U8), PAD(3), END,
};
static const struct oj_field i_metadata[] = {
    HDR13, PAD(4), F("metadata", OJ_U64), F("metadata_mask", OJ_U64), END,
};
static const struct oj_field i_actions[] = {
    HDR13, PAD(4), { "actions", OJ_LIST, 0, &ofm_oj_actions13 }, END,
};
static const struct oj_field i_meter[] = {
    HDR13, F("meter_id", OJ_U32), END,
};
static const struct oj_field i_experimenter[] = {
    HDR13, F("experimenter", OJ_U32), { "data", OJ_DATA, 8, NULL }, END,
};

S(si_goto, "OFPInstructionGotoTable", i_goto);
S(si_metadata, "OFPInstructionWriteMetadata", i_metadata);
S(si_actions, "OFPInstructionActions", i_actions);
S(si_meter, "OFPInstructionMeter", i_meter);
S(si_experimenter, "OFPInstructionExperimenterUnknown", i_experimenter);

static const struct oj_member instructions13[] = {
    { OFPIT_GOTO_TABLE, &si_goto },
    { OFPIT_WRITE_METADATA, &si_metadata },
    { OFPIT_WRITE_ACTIONS, &si_actions },
    { OFPIT_APPLY_ACTIONS, &si_actions },
    { OFPIT_CLEAR_ACTIONS, &si_actions },
    { OFPIT_METER, &si_meter },
    { OFPIT_EXPERIMENTER, &si_experimenter },
    { 0, NULL },
};

/* OpenFlow 1.5 instructions: their actions are 1.5's. */
static const struct oj_field i15_actions[] = {
    HDR13, PAD(4), { "actions", OJ_LIST, 0, &ofm_oj_actions15 }, END,
};
S(si15_actions, "OFPInstructionActions", i15_actions);
static const struct oj_member instructions15[] = {
    { OFPIT_GOTO_TABLE, &si_goto },
    { OFPIT_WRITE_METADATA, &si_metadata },
    { OFPIT_WRITE_ACTIONS, &si15_actions },
    { OFPIT_APPLY_ACTIONS, &si15_actions },
    { OFPIT_CLEAR_ACTIONS, &si15_actions },
    { OFPIT_METER, &si_meter },
    { OFPIT15_STAT_TRIGGER, &ofm_oj_si_stat_trigger },
    { OFPIT_EXPERIMENTER, &si_experimenter },
    { 0, NULL },
};

const struct oj_list ofm_oj_instructions15 = {
    .what = "instruction", .members = instructions15,
    .hdr_len = 8, .align = 8, .err = OFM_ERR_BAD_INSTRUCTION_LEN,
    .err_type = OFM_ERR_BAD_INSTRUCTION,
};

const struct oj_list ofm_oj_instructions13 = {
    .what = "instruction", .members = instructions13,
    .hdr_len = 8, .align = 8, .err = OFM_ERR_BAD_INSTRUCTION_LEN,
    .err_type = OFM_ERR_BAD_INSTRUCTION,
};

/* Table features: action and instruction ids are a type and a length (4
 * bytes); experimenter ones carry more, kept as "data". */
static const struct oj_field id_fields[] = {
    F("type", OJ_U16), F("len", OJ_LEN), F("data", OJ_DATA_OPT), END,
};
S(s_action_id, "OFPActionId", id_fields);
S(s_instruction_id, "OFPInstructionId", id_fields);

const struct oj_list ofm_oj_action_ids = {
    .what = "action id", .elem = &s_action_id,
    .hdr_len = 4, .align = 1, .err = OFM_ERR_BAD_LEN,
};
const struct oj_list ofm_oj_instruction_ids = {
    .what = "instruction id", .elem = &s_instruction_id,
    .hdr_len = 4, .align = 1, .err = OFM_ERR_BAD_LEN,
};
