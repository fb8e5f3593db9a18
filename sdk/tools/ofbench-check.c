/* ofbench-check.c: structural checks of the FLOW_MOD and PACKET_OUT
 * messages a controller sends, for OpenFlow 1.0 and 1.3.
 *
 * A benchmark that counted any message of the right type would reward a
 * controller for sending garbage fast, so every candidate response is
 * walked completely: the lengths must add up (match, instructions,
 * actions, padding), every TLV must fit, lengths must be multiples of 8
 * where the specification says so, fixed-size elements must have their
 * size, enumerations must hold defined values and port numbers must be
 * ones a switch could accept in that place.  Semantics a real switch
 * checks against its own state (does port 7 exist, is buffer 12 still
 * there, are match prerequisites met) are not checked.
 *
 * All reads go through ofm_get16/32 on bounds already checked, so nothing
 * here reads outside [msg, msg + len) or depends on alignment. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "ofbench.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ofm/buf.h"
#include "ofm/ofp.h"

/* Where a port number appears: decides which reserved ports are valid. */
enum port_use {
    PU_OUTPUT,          /* OUTPUT action of a FLOW_MOD. */
    PU_OUTPUT_PO,       /* OUTPUT action of a PACKET_OUT (TABLE allowed). */
    PU_ENQUEUE,         /* 1.0 ENQUEUE action. */
    PU_MATCH,           /* in_port in a match. */
    PU_PO_IN,           /* in_port of a PACKET_OUT. */
    PU_FILTER,          /* out_port of a FLOW_MOD (DELETE filter). */
};

static bool
port10_ok(uint16_t port, enum port_use use)
{
    if (port >= 1 && port <= OFPP10_MAX) {
        return true;
    }
    switch (port) {
    case OFPP10_IN_PORT:
        return use == PU_OUTPUT || use == PU_OUTPUT_PO || use == PU_ENQUEUE
               || use == PU_FILTER;
    case OFPP10_TABLE:
        return use == PU_OUTPUT_PO;
    case OFPP10_NORMAL:
    case OFPP10_FLOOD:
    case OFPP10_ALL:
        return use == PU_OUTPUT || use == PU_OUTPUT_PO || use == PU_FILTER;
    case OFPP10_CONTROLLER:
    case OFPP10_LOCAL:
        return use != PU_ENQUEUE || port == OFPP10_LOCAL;
    case OFPP10_NONE:
        return use == PU_PO_IN || use == PU_FILTER;
    default:
        return false;
    }
}

static bool
port13_ok(uint32_t port, enum port_use use)
{
    if (port >= 1 && port <= OFPP_MAX) {
        return true;
    }
    switch (port) {
    case OFPP_IN_PORT:
        return use == PU_OUTPUT || use == PU_OUTPUT_PO || use == PU_FILTER;
    case OFPP_TABLE:
        return use == PU_OUTPUT_PO;
    case OFPP_NORMAL:
    case OFPP_FLOOD:
    case OFPP_ALL:
        return use == PU_OUTPUT || use == PU_OUTPUT_PO || use == PU_FILTER;
    case OFPP_CONTROLLER:
    case OFPP_LOCAL:
        return true;
    case OFPP_ANY:
        return use == PU_PO_IN || use == PU_FILTER;
    default:
        return false;
    }
}

/* The header of the next action in a list of 'n' more bytes at 'p', the
 * same in every version: what is wrong with it, or NULL. */
static const char *
check_action_header(const uint8_t *p, size_t n)
{
    if (n < 8) {
        return "action list ends inside an action header";
    }
    uint16_t alen = ofm_get16(p + 2);
    if (alen < 8 || alen % 8) {
        return "action length not a positive multiple of 8";
    }
    if (alen > n) {
        return "action overruns the action list";
    }
    return NULL;
}

/* OpenFlow 1.0 actions: the list at 'p' of exactly 'n' bytes. */
static const char *
check_actions10(const uint8_t *p, size_t n, bool packet_out)
{
    enum port_use out_use = packet_out ? PU_OUTPUT_PO : PU_OUTPUT;

    while (n > 0) {
        const char *bad = check_action_header(p, n);
        if (bad) {
            return bad;
        }
        uint16_t type = ofm_get16(p);
        uint16_t alen = ofm_get16(p + 2);
        size_t want;
        switch (type) {
        case OFPAT10_OUTPUT:
            want = 8;
            if (alen == want && !port10_ok(ofm_get16(p + 4), out_use)) {
                return "OUTPUT action to an invalid port";
            }
            break;
        case OFPAT10_SET_VLAN_VID:
            want = 8;
            if (alen == want && ofm_get16(p + 4) > 0xfff) {
                return "SET_VLAN_VID beyond 4095";
            }
            break;
        case OFPAT10_SET_VLAN_PCP:
            want = 8;
            if (alen == want && p[4] > 7) {
                return "SET_VLAN_PCP beyond 7";
            }
            break;
        case OFPAT10_STRIP_VLAN:
        case OFPAT10_SET_NW_SRC:
        case OFPAT10_SET_NW_DST:
        case OFPAT10_SET_TP_SRC:
        case OFPAT10_SET_TP_DST:
            want = 8;
            break;
        case OFPAT10_SET_NW_TOS:
            want = 8;
            if (alen == want && (p[4] & 3)) {
                return "SET_NW_TOS with ECN bits set";
            }
            break;
        case OFPAT10_SET_DL_SRC:
        case OFPAT10_SET_DL_DST:
            want = 16;
            break;
        case OFPAT10_ENQUEUE:
            want = 16;
            if (alen == want && !port10_ok(ofm_get16(p + 4), PU_ENQUEUE)) {
                return "ENQUEUE action to an invalid port";
            }
            break;
        case OFPAT10_VENDOR:
            want = alen;        /* Any multiple of 8 of at least 8. */
            break;
        default:
            return "unknown OpenFlow 1.0 action type";
        }
        if (alen != want) {
            return "action length wrong for its type";
        }
        p += alen;
        n -= alen;
    }
    return NULL;
}

/* Value bytes of each basic OXM field and whether it may carry a mask. */
static const struct {
    uint8_t len;
    bool maskable;
} oxm_basic[] = {
#define OXM_ROW(ENUM, ID, NAME, LEN, MASKABLE) [ID] = { LEN, MASKABLE },
    OFM_OXM_FIELDS(OXM_ROW)
#undef OXM_ROW
};

/* Checks the value of a basic OXM field whose length is already right. */
static const char *
check_oxm_value(unsigned field, const uint8_t *v)
{
    switch (field) {
    case OFPXMT_IN_PORT:
    case OFPXMT_IN_PHY_PORT:
        return port13_ok(ofm_get32(v), PU_MATCH) ? NULL : "in_port invalid";
    case OFPXMT_VLAN_VID:
        return ofm_get16(v) <= 0x1fff ? NULL : "vlan_vid beyond 13 bits";
    case OFPXMT_VLAN_PCP:
    case OFPXMT_MPLS_TC:
        return v[0] <= 7 ? NULL : "3-bit field beyond 7";
    case OFPXMT_IP_DSCP:
        return v[0] <= 63 ? NULL : "ip_dscp beyond 63";
    case OFPXMT_IP_ECN:
        return v[0] <= 3 ? NULL : "ip_ecn beyond 3";
    case OFPXMT_MPLS_BOS:
        return v[0] <= 1 ? NULL : "mpls_bos beyond 1";
    case OFPXMT_IPV6_FLABEL:
    case OFPXMT_MPLS_LABEL:
        return ofm_get32(v) <= 0xfffff ? NULL : "20-bit field too large";
    default:
        return NULL;
    }
}

/* One OXM TLV at 'p' with 'n' bytes available.  Stores its total size in
 * '*size'.  'set_field' forbids masks; 'seen' (NULL for set-field) flags
 * basic fields already present in the match. */
static const char *
check_oxm(const uint8_t *p, size_t n, size_t *size, bool set_field,
          uint64_t *seen)
{
    if (n < 4) {
        return "OXM header truncated";
    }
    uint32_t h = ofm_get32(p);
    unsigned cls = OFM_OXM_CLASS(h);
    unsigned field = OFM_OXM_FIELD(h);
    unsigned hasmask = OFM_OXM_HASMASK(h);
    unsigned vlen = OFM_OXM_LENGTH(h);

    if (4 + (size_t) vlen > n) {
        return "OXM value overruns its match";
    }
    *size = 4 + vlen;
    if (cls == OFPXMC_OPENFLOW_BASIC) {
        if (field >= OFM_OXM_N_FIELDS) {
            return "unknown OXM basic field";
        }
        if (hasmask && (set_field || !oxm_basic[field].maskable)) {
            return "OXM mask on a field that takes none";
        }
        if (vlen != oxm_basic[field].len * (hasmask ? 2u : 1u)) {
            return "OXM length wrong for its field";
        }
        if (seen) {
            if (*seen & (UINT64_C(1) << field)) {
                return "OXM field repeated in a match";
            }
            *seen |= UINT64_C(1) << field;
        }
        return check_oxm_value(field, p + 4);
    }
    if (cls == OFPXMC_EXPERIMENTER && vlen < 4) {
        return "experimenter OXM without experimenter id";
    }
    if (hasmask && vlen % 2) {
        return "masked OXM of odd length";
    }
    return NULL;
}

/* OpenFlow 1.3 actions: the list at 'p' of exactly 'n' bytes. */
static const char *
check_actions13(const uint8_t *p, size_t n, bool packet_out)
{
    enum port_use out_use = packet_out ? PU_OUTPUT_PO : PU_OUTPUT;

    while (n > 0) {
        const char *bad = check_action_header(p, n);
        if (bad) {
            return bad;
        }
        uint16_t type = ofm_get16(p);
        uint16_t alen = ofm_get16(p + 2);
        size_t want = 8;
        switch (type) {
        case OFPAT_OUTPUT:
            want = 16;
            if (alen == want && !port13_ok(ofm_get32(p + 4), out_use)) {
                return "OUTPUT action to an invalid port";
            }
            break;
        case OFPAT_GROUP:
            if (alen == want && ofm_get32(p + 4) > OFPG_MAX) {
                return "GROUP action to a reserved group";
            }
            break;
        case OFPAT_PUSH_VLAN:   /* Ethertypes are not checked: Ryu's own */
        case OFPAT_PUSH_MPLS:   /* samples push PBB with 0x1234. */
        case OFPAT_PUSH_PBB:
        case OFPAT_COPY_TTL_OUT:
        case OFPAT_COPY_TTL_IN:
        case OFPAT_SET_MPLS_TTL:
        case OFPAT_DEC_MPLS_TTL:
        case OFPAT_POP_VLAN:
        case OFPAT_POP_MPLS:
        case OFPAT_SET_QUEUE:
        case OFPAT_SET_NW_TTL:
        case OFPAT_DEC_NW_TTL:
        case OFPAT_POP_PBB:
            break;
        case OFPAT_SET_FIELD: {
            size_t oxm_size;
            const char *err = check_oxm(p + 4, alen - 4, &oxm_size, true,
                                        NULL);
            if (err) {
                return err;
            }
            want = (4 + oxm_size + 7) / 8 * 8;
            break;
        }
        case OFPAT_EXPERIMENTER:
            want = alen;
            break;
        default:
            return "unknown OpenFlow 1.3 action type";
        }
        if (alen != want) {
            return "action length wrong for its type";
        }
        p += alen;
        n -= alen;
    }
    return NULL;
}

/* OpenFlow 1.3 instructions: the list at 'p' of exactly 'n' bytes, in a
 * FLOW_MOD for table 'table_id'. */
static const char *
check_instructions13(const uint8_t *p, size_t n, uint8_t table_id)
{
    unsigned seen = 0;

    while (n > 0) {
        if (n < 8) {
            return "instruction list ends inside an instruction";
        }
        uint16_t type = ofm_get16(p);
        uint16_t ilen = ofm_get16(p + 2);
        if (ilen < 8 || ilen % 8) {
            return "instruction length not a positive multiple of 8";
        }
        if (ilen > n) {
            return "instruction overruns the FLOW_MOD";
        }
        if (type >= OFPIT_GOTO_TABLE && type <= OFPIT_METER) {
            if (seen & (1u << type)) {
                return "instruction type repeated";
            }
            seen |= 1u << type;
        }
        size_t want;
        switch (type) {
        case OFPIT_GOTO_TABLE:
            want = 8;
            if (ilen == want && (p[4] <= table_id || p[4] > OFPTT_MAX)) {
                return "GOTO_TABLE not to a later table";
            }
            break;
        case OFPIT_WRITE_METADATA:
            want = 24;
            break;
        case OFPIT_WRITE_ACTIONS:
        case OFPIT_APPLY_ACTIONS: {
            const char *err = check_actions13(p + 8, ilen - 8, false);
            if (err) {
                return err;
            }
            want = ilen;
            break;
        }
        case OFPIT_CLEAR_ACTIONS:
        case OFPIT_METER:
            want = 8;
            break;
        case OFPIT_EXPERIMENTER:
            want = ilen;
            break;
        default:
            return "unknown instruction type";
        }
        if (ilen != want) {
            return "instruction length wrong for its type";
        }
        p += ilen;
        n -= ilen;
    }
    return NULL;
}

/* An OpenFlow 1.3 match at 'p' with 'n' bytes left in the message.  Stores
 * its size including padding in '*size'. */
static const char *
check_match13(const uint8_t *p, size_t n, size_t *size)
{
    if (n < 8) {
        return "match truncated";
    }
    if (ofm_get16(p) != OFPMT_OXM) {
        return "match type is not OXM";
    }
    size_t mlen = ofm_get16(p + 2);
    if (mlen < 4) {
        return "match length below 4";
    }
    size_t padded = (mlen + 7) / 8 * 8;
    if (padded > n) {
        return "match overruns the message";
    }
    uint64_t seen = 0;
    size_t off = 4;
    while (off < mlen) {
        size_t oxm_size;
        const char *err = check_oxm(p + off, mlen - off, &oxm_size, false,
                                    &seen);
        if (err) {
            return err;
        }
        off += oxm_size;
    }
    *size = padded;
    return NULL;
}

static bool
is_delete(unsigned command)
{
    return command == OFPFC_DELETE || command == OFPFC_DELETE_STRICT;
}

static const char *
check_flow_mod10(const uint8_t *m, size_t len, uint16_t *command)
{
    if (len < OFP10_FLOW_MOD_SIZE) {
        return "FLOW_MOD shorter than 72 bytes";
    }
    const uint8_t *match = m + 8;
    uint32_t wc = ofm_get32(match);
    if (!(wc & OFPFW10_IN_PORT)
        && !port10_ok(ofm_get16(match + 4), PU_MATCH)) {
        return "match in_port invalid";
    }
    if (!(wc & OFPFW10_DL_VLAN)) {
        uint16_t vid = ofm_get16(match + 18);
        if (vid > 0xfff && vid != OFP10_VLAN_NONE) {
            return "match dl_vlan beyond 4095";
        }
    }
    if (!(wc & OFPFW10_DL_VLAN_PCP) && match[20] > 7) {
        return "match dl_vlan_pcp beyond 7";
    }
    uint16_t cmd = ofm_get16(m + 56);
    if (cmd > OFPFC_DELETE_STRICT) {
        return "unknown FLOW_MOD command";
    }
    /* out_port only filters deletes; other commands ignore it, and
     * controllers leave it 0 there. */
    if (is_delete(cmd) && !port10_ok(ofm_get16(m + 68), PU_FILTER)) {
        return "FLOW_MOD delete out_port invalid";
    }
    if (ofm_get16(m + 70) & ~(OFPFF_SEND_FLOW_REM | OFPFF_CHECK_OVERLAP
                              | OFPFF10_EMERG)) {
        return "undefined FLOW_MOD flags";
    }
    *command = cmd;
    return check_actions10(m + OFP10_FLOW_MOD_SIZE,
                           len - OFP10_FLOW_MOD_SIZE, false);
}

static const char *
check_flow_mod13(const uint8_t *m, size_t len, uint16_t *command)
{
    if (len < OFP13_FLOW_MOD_SIZE) {
        return "FLOW_MOD shorter than 56 bytes";
    }
    uint8_t table_id = m[24];
    uint8_t cmd = m[25];
    if (cmd > OFPFC_DELETE_STRICT) {
        return "unknown FLOW_MOD command";
    }
    if (table_id > OFPTT_MAX && !is_delete(cmd)) {
        return "FLOW_MOD to table OFPTT_ALL that is not a delete";
    }
    /* out_port and out_group only filter deletes; other commands ignore
     * them, and Ryu and os-ken leave them 0 there. */
    if (is_delete(cmd)) {
        if (!port13_ok(ofm_get32(m + 36), PU_FILTER)) {
            return "FLOW_MOD delete out_port invalid";
        }
        uint32_t group = ofm_get32(m + 40);
        if (group > OFPG_MAX && group != OFPG_ALL && group != OFPG_ANY) {
            return "FLOW_MOD delete out_group invalid";
        }
    }
    if (ofm_get16(m + 44) & ~(OFPFF_SEND_FLOW_REM | OFPFF_CHECK_OVERLAP
                              | OFPFF_RESET_COUNTS | OFPFF_NO_PKT_COUNTS
                              | OFPFF_NO_BYT_COUNTS)) {
        return "undefined FLOW_MOD flags";
    }
    size_t msize;
    const char *err = check_match13(m + 48, len - 48, &msize);
    if (err) {
        return err;
    }
    *command = cmd;
    return check_instructions13(m + 48 + msize, len - 48 - msize, table_id);
}

const char *
ofb_check_flow_mod(const uint8_t *msg, size_t len, uint8_t version,
                   uint16_t *command)
{
    return (version == OFP10_VERSION
            ? check_flow_mod10(msg, len, command)
            : check_flow_mod13(msg, len, command));
}

/* Is the Ethernet frame at 'p' ('n' bytes) LLDP, possibly VLAN-tagged? */
static bool
frame_is_lldp(const uint8_t *p, size_t n)
{
    if (n < 14) {
        return false;
    }
    uint16_t type = ofm_get16(p + 12);
    if ((type == 0x8100 || type == 0x88a8) && n >= 18) {
        type = ofm_get16(p + 16);
    }
    return type == 0x88cc;
}

const char *
ofb_check_packet_out(const uint8_t *m, size_t len, uint8_t version,
                     bool *lldp)
{
    size_t fixed, alen;
    const char *err;

    if (version == OFP10_VERSION) {
        fixed = OFP10_PACKET_OUT_SIZE;
        if (len < fixed) {
            return "PACKET_OUT shorter than 16 bytes";
        }
        if (!port10_ok(ofm_get16(m + 12), PU_PO_IN)) {
            return "PACKET_OUT in_port invalid";
        }
        alen = ofm_get16(m + 14);
        if (alen % 8) {
            return "PACKET_OUT actions_len not a multiple of 8";
        }
        if (alen > len - fixed) {
            return "PACKET_OUT actions overrun the message";
        }
        err = check_actions10(m + fixed, alen, true);
    } else {
        fixed = OFP13_PACKET_OUT_SIZE;
        if (len < fixed) {
            return "PACKET_OUT shorter than 24 bytes";
        }
        if (!port13_ok(ofm_get32(m + 12), PU_PO_IN)) {
            return "PACKET_OUT in_port invalid";
        }
        alen = ofm_get16(m + 16);
        if (alen % 8) {
            return "PACKET_OUT actions_len not a multiple of 8";
        }
        if (alen > len - fixed) {
            return "PACKET_OUT actions overrun the message";
        }
        err = check_actions13(m + fixed, alen, true);
    }
    if (err) {
        return err;
    }
    *lldp = frame_is_lldp(m + fixed + alen, len - fixed - alen);
    return NULL;
}
