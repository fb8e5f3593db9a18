/* ofm/action.h: version-independent action lists and instructions.
 *
 * Action lists and instruction lists are kept in OpenFlow 1.3 wire form
 * (struct ofp_action_header / ofp_instruction TLVs, 8-byte aligned) in an
 * ofm_buf.  For 1.3 they are sent as they are; ofm_actions_encode() rewrites
 * them for 1.0 (16-bit ports, set-field as the matching OFPAT10_SET_*, VLAN
 * pop as STRIP_VLAN) and fails with EOPNOTSUPP on actions 1.0 lacks.
 *
 * Usage:
 *     struct ofm_actions acts;
 *     ofm_actions_init(&acts);
 *     ofm_act_output(&acts, 2, 0);
 *     ... ofm_flow_mod_apply(&fm, &acts) ...
 *     ofm_actions_uninit(&acts);
 *
 * A struct ofm_actions starts on an inline stub, so short lists cost no
 * allocation; do not copy the struct (the stub would be left behind). */
#ifndef OFM_ACTION_H
#define OFM_ACTION_H 1

#include <stddef.h>
#include <stdint.h>
#include "ofm/buf.h"
#include "ofm/match.h"

#ifdef __cplusplus
extern "C" {
#endif

struct ofm_actions {
    struct ofm_buf buf;         /* OpenFlow 1.3 action TLVs. */
    uint8_t stub[128];
};

void ofm_actions_init(struct ofm_actions *);
void ofm_actions_uninit(struct ofm_actions *);
static inline const uint8_t *ofm_actions_data(const struct ofm_actions *a) { return a->buf.data; }
static inline size_t ofm_actions_size(const struct ofm_actions *a) { return a->buf.size; }

/* Appenders.  Ports are 32-bit (OFPP_* values). 'max_len' is the bytes to
 * send to the controller when 'port' is OFPP_CONTROLLER (OFP13_CML_NO_BUFFER
 * for the whole packet). */
void ofm_act_output(struct ofm_actions *, uint32_t port, uint16_t max_len);
void ofm_act_group(struct ofm_actions *, uint32_t group_id);
void ofm_act_set_queue(struct ofm_actions *, uint32_t queue_id);
void ofm_act_set_mpls_ttl(struct ofm_actions *, uint8_t ttl);
void ofm_act_dec_mpls_ttl(struct ofm_actions *);
void ofm_act_set_nw_ttl(struct ofm_actions *, uint8_t ttl);
void ofm_act_dec_nw_ttl(struct ofm_actions *);
void ofm_act_copy_ttl_out(struct ofm_actions *);
void ofm_act_copy_ttl_in(struct ofm_actions *);
void ofm_act_push_vlan(struct ofm_actions *, uint16_t ethertype);
void ofm_act_pop_vlan(struct ofm_actions *);
void ofm_act_push_mpls(struct ofm_actions *, uint16_t ethertype);
void ofm_act_pop_mpls(struct ofm_actions *, uint16_t ethertype);
void ofm_act_push_pbb(struct ofm_actions *, uint16_t ethertype);
void ofm_act_pop_pbb(struct ofm_actions *);
/* Set-field with one OXM value of the field's length (network order).
 * Returns 0 or EINVAL for an unknown field. */
int ofm_act_set_field(struct ofm_actions *, enum ofm_oxm_field, const void *value);
/* Set-field with a complete OXM TLV of any class: 'oxm' holds 'size'
 * bytes, the 4-byte OXM header and the value (no mask).  For fields libofm
 * does not name (experimenter or NXM classes).  Returns 0, or EINVAL if the
 * header's length does not match 'size' or the TLV has a mask. */
int ofm_act_set_field_oxm(struct ofm_actions *, const void *oxm, size_t size);
/* An experimenter action: 'data' follows the experimenter id, padded. */
void ofm_act_experimenter(struct ofm_actions *, uint32_t experimenter,
                          const void *data, size_t size);

/* Appends the actions in [data, data + size) (1.3 form) encoded for
 * 'version' to 'out'.  Returns 0, EOPNOTSUPP if an action has no 1.0 form,
 * EPROTONOSUPPORT for another version, or an enum ofm_err for malformed
 * input; on failure nothing is appended.
 *
 * 1.0 mapping: output (16-bit port), set-field of eth_src/dst, ipv4_src/dst,
 * ip_dscp (as SET_NW_TOS dscp << 2), tcp/udp src/dst (SET_TP_SRC/DST),
 * vlan_vid (SET_VLAN_VID, the low 12 bits) and vlan_pcp, pop_vlan
 * (STRIP_VLAN), set_queue immediately followed by an output to a physical
 * port or OFPP_IN_PORT (one ENQUEUE), experimenter (VENDOR, same bytes).
 * Everything else, including a set_queue without that output, is
 * EOPNOTSUPP. */
int ofm_actions_encode(const uint8_t *data, size_t size, uint8_t version,
                       struct ofm_buf *out);
/* Reads 'size' bytes of actions of 'version' from 'rd' into 'out' in 1.3
 * form.  Returns 0 or an enum ofm_err (OFM_ERR_BAD_LEN if 'rd' holds fewer
 * than 'size' bytes, OFM_ERR_BAD_ACTION_LEN / _TYPE for a bad action); on
 * failure nothing is appended to 'out'.  1.0 actions map back as
 * ofm_actions_encode() maps them (SET_TP_* become tcp_src/tcp_dst, ENQUEUE
 * becomes set_queue + output, SET_VLAN_VID sets OFPVID_PRESENT). */
int ofm_actions_decode(struct ofm_rd *rd, size_t size, uint8_t version,
                       struct ofm_buf *out);
/* Checks that [data, data + size) is a well-formed action list of
 * 'version': every action at least 8 bytes, a multiple of 8, inside the
 * list, of a known type with the right length (experimenter actions are
 * opaque).  Returns 0 or an enum ofm_err. */
int ofm_actions_check(const uint8_t *data, size_t size, uint8_t version);

/* Walks a 1.3-form action list: returns the next action's type and sets
 * '*body' and '*body_len' to the bytes after its 4-byte header, or returns
 * -1 at the end (or at a malformed action: it never reads outside the
 * list).  Lists built or decoded by libofm are well formed.  Start with
 * { data, size }. */
struct ofm_action_iter { const uint8_t *p; size_t left; };
int ofm_action_next(struct ofm_action_iter *, const uint8_t **body, size_t *body_len);

/* Instruction lists (1.3 form). */
struct ofm_insts {
    struct ofm_buf buf;
    uint8_t stub[160];
};
void ofm_insts_init(struct ofm_insts *);
void ofm_insts_uninit(struct ofm_insts *);
void ofm_inst_goto_table(struct ofm_insts *, uint8_t table_id);
void ofm_inst_write_metadata(struct ofm_insts *, uint64_t metadata, uint64_t mask);
void ofm_inst_write_actions(struct ofm_insts *, const struct ofm_actions *);
void ofm_inst_apply_actions(struct ofm_insts *, const struct ofm_actions *);
void ofm_inst_clear_actions(struct ofm_insts *);
void ofm_inst_meter(struct ofm_insts *, uint32_t meter_id);
void ofm_inst_experimenter(struct ofm_insts *, uint32_t experimenter,
                           const void *data, size_t size);
/* Checks a 1.3 instruction list (and 1.5's stat trigger) as
 * ofm_actions_check() checks actions,
 * including the action lists inside it.  Returns 0 or an enum ofm_err
 * (OFM_ERR_BAD_INSTRUCTION_LEN, OFM_ERR_BAD_INSTRUCTION, or an action
 * error). */
int ofm_insts_check(const uint8_t *data, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* ofm/action.h */
