/* action.c: action and instruction lists (kept in OpenFlow 1.3 wire form)
 * and their OpenFlow 1.0 translation. */
#include "ofm/action.h"

#include <errno.h>
#include <string.h>

#include "ofm/err.h"
#include "ofm/msg.h"
#include "hotpath.h"

#define ALIGN8(N) (((N) + 7) & ~(size_t) 7)

/* Sizes of the fixed 1.3 actions. */
#define ACT13_OUTPUT_SIZE 16
#define ACT_HEADER_SIZE 8
/* Sizes of the 1.0 actions. */
#define ACT10_SHORT_SIZE 8
#define ACT10_LONG_SIZE 16

/* Raw appenders on an ofm_buf, shared by the public builders and the 1.0
 * decoder. */

/* Appends an 8-byte action: type, len 8, then 'a' (u16) and 'b' (u16) or
 * zeros. */
static void
put_act8(struct ofm_buf *b, uint16_t type, uint16_t a, uint16_t c)
{
    uint8_t *p = hot_put_uninit(b, 8);
    ofm_put16(p, type);
    ofm_put16(p + 2, 8);
    ofm_put16(p + 4, a);
    ofm_put16(p + 6, c);
}

/* An 8-byte action whose body is one u32. */
static void
put_act8_u32(struct ofm_buf *b, uint16_t type, uint32_t v)
{
    uint8_t *p = hot_put_uninit(b, 8);
    ofm_put16(p, type);
    ofm_put16(p + 2, 8);
    ofm_put32(p + 4, v);
}

static void
put_output13(struct ofm_buf *b, uint32_t port, uint16_t max_len)
{
    uint8_t *p = hot_put_zeros(b, ACT13_OUTPUT_SIZE);
    ofm_put16(p, OFPAT_OUTPUT);
    ofm_put16(p + 2, ACT13_OUTPUT_SIZE);
    ofm_put32(p + 4, port);
    ofm_put16(p + 8, max_len);
}

/* A 1.3 set-field of basic 'field' with 'len' value bytes. */
static void
put_set_field13(struct ofm_buf *b, enum ofm_oxm_field field,
                const void *value, size_t len)
{
    size_t size = ALIGN8(8 + len);
    uint8_t *p = hot_put_zeros(b, size);
    ofm_put16(p, OFPAT_SET_FIELD);
    ofm_put16(p + 2, (uint16_t) size);
    ofm_put32(p + 4, OFM_OXM_HEADER(OFPXMC_OPENFLOW_BASIC, field, 0, len));
    memcpy(p + 8, value, len);
}

static void
put_set_field13_u8(struct ofm_buf *b, enum ofm_oxm_field field, uint8_t v)
{
    put_set_field13(b, field, &v, 1);
}

static void
put_set_field13_u16(struct ofm_buf *b, enum ofm_oxm_field field, uint16_t v)
{
    uint8_t x[2];
    ofm_put16(x, v);
    put_set_field13(b, field, x, 2);
}

/* An experimenter (1.3) or vendor (1.0) action: same layout. */
static void
put_experimenter(struct ofm_buf *b, uint32_t experimenter,
                 const void *data, size_t size)
{
    size_t len = ALIGN8(8 + size);
    uint8_t *p = hot_put_zeros(b, len);
    ofm_put16(p, OFPAT_EXPERIMENTER);
    ofm_put16(p + 2, (uint16_t) len);
    ofm_put32(p + 4, experimenter);
    if (size) {
        memcpy(p + 8, data, size);
    }
}

/* Action list builders. */

void
ofm_actions_init(struct ofm_actions *a)
{
    ofm_buf_use_stub(&a->buf, a->stub, sizeof a->stub);
}

void
ofm_actions_uninit(struct ofm_actions *a)
{
    if (a) {
        ofm_buf_uninit(&a->buf);
    }
}

void
ofm_act_output(struct ofm_actions *a, uint32_t port, uint16_t max_len)
{
    put_output13(&a->buf, port, max_len);
}

void
ofm_act_group(struct ofm_actions *a, uint32_t group_id)
{
    put_act8_u32(&a->buf, OFPAT_GROUP, group_id);
}

void
ofm_act_set_queue(struct ofm_actions *a, uint32_t queue_id)
{
    put_act8_u32(&a->buf, OFPAT_SET_QUEUE, queue_id);
}

void
ofm_act_set_mpls_ttl(struct ofm_actions *a, uint8_t ttl)
{
    put_act8(&a->buf, OFPAT_SET_MPLS_TTL, (uint16_t) (ttl << 8), 0);
}

void
ofm_act_dec_mpls_ttl(struct ofm_actions *a)
{
    put_act8(&a->buf, OFPAT_DEC_MPLS_TTL, 0, 0);
}

void
ofm_act_set_nw_ttl(struct ofm_actions *a, uint8_t ttl)
{
    put_act8(&a->buf, OFPAT_SET_NW_TTL, (uint16_t) (ttl << 8), 0);
}

void
ofm_act_dec_nw_ttl(struct ofm_actions *a)
{
    put_act8(&a->buf, OFPAT_DEC_NW_TTL, 0, 0);
}

void
ofm_act_copy_ttl_out(struct ofm_actions *a)
{
    put_act8(&a->buf, OFPAT_COPY_TTL_OUT, 0, 0);
}

void
ofm_act_copy_ttl_in(struct ofm_actions *a)
{
    put_act8(&a->buf, OFPAT_COPY_TTL_IN, 0, 0);
}

void
ofm_act_push_vlan(struct ofm_actions *a, uint16_t ethertype)
{
    put_act8(&a->buf, OFPAT_PUSH_VLAN, ethertype, 0);
}

void
ofm_act_pop_vlan(struct ofm_actions *a)
{
    put_act8(&a->buf, OFPAT_POP_VLAN, 0, 0);
}

void
ofm_act_push_mpls(struct ofm_actions *a, uint16_t ethertype)
{
    put_act8(&a->buf, OFPAT_PUSH_MPLS, ethertype, 0);
}

void
ofm_act_pop_mpls(struct ofm_actions *a, uint16_t ethertype)
{
    put_act8(&a->buf, OFPAT_POP_MPLS, ethertype, 0);
}

void
ofm_act_push_pbb(struct ofm_actions *a, uint16_t ethertype)
{
    put_act8(&a->buf, OFPAT_PUSH_PBB, ethertype, 0);
}

void
ofm_act_pop_pbb(struct ofm_actions *a)
{
    put_act8(&a->buf, OFPAT_POP_PBB, 0, 0);
}

int
ofm_act_set_field(struct ofm_actions *a, enum ofm_oxm_field field,
                  const void *value)
{
    const struct ofm_oxm_info *info = ofm_oxm_info(field);
    if (!info || !value) {
        return EINVAL;
    }
    put_set_field13(&a->buf, field, value, info->len);
    return 0;
}

int
ofm_act_set_field_oxm(struct ofm_actions *a, const void *oxm_, size_t size)
{
    const uint8_t *oxm = oxm_;
    if (!oxm || size < 5 || size != 4 + (size_t) oxm[3] || (oxm[2] & 1)) {
        return EINVAL;
    }
    size_t len = ALIGN8(4 + size);
    uint8_t *p = hot_put_zeros(&a->buf, len);
    ofm_put16(p, OFPAT_SET_FIELD);
    ofm_put16(p + 2, (uint16_t) len);
    memcpy(p + 4, oxm, size);
    return 0;
}

void
ofm_act_experimenter(struct ofm_actions *a, uint32_t experimenter,
                     const void *data, size_t size)
{
    put_experimenter(&a->buf, experimenter, data, size);
}

int
ofm_action_next(struct ofm_action_iter *it, const uint8_t **body,
                size_t *body_len)
{
    if (!it->p || it->left < 4) {
        return -1;
    }
    size_t len = ofm_get16(it->p + 2);
    if (len < 4 || len > it->left) {
        return -1;
    }
    int type = ofm_get16(it->p);
    *body = it->p + 4;
    *body_len = len - 4;
    it->p += len;
    it->left -= len;
    return type;
}

/* Checking. */

/* Checks the set-field action at 'p' of 'len' bytes (len >= 8). */
static int
check_set_field(const uint8_t *p, size_t len)
{
    const uint8_t *oxm = p + 4;
    size_t plen = oxm[3];
    if (plen == 0 || ALIGN8(8 + plen) != len) {
        return OFM_ERR_BAD_ACTION_LEN;
    }
    if (oxm[2] & 1) {
        return OFM_ERR_BAD_ARGUMENT;        /* Set-field takes no mask. */
    }
    uint16_t class = ofm_get16(oxm);
    if (class == OFPXMC_OPENFLOW_BASIC) {
        const struct ofm_oxm_info *info = ofm_oxm_info(oxm[2] >> 1);
        if (info && info->len != plen) {
            return OFM_ERR_BAD_ACTION_LEN;
        }
    } else if (class == OFPXMC_EXPERIMENTER && plen < 4) {
        return OFM_ERR_BAD_ACTION_LEN;
    }
    return 0;
}

static int
check_action13(const uint8_t *p, uint16_t type, size_t len)
{
    switch (type) {
    case OFPAT_OUTPUT:
        return len == ACT13_OUTPUT_SIZE ? 0 : OFM_ERR_BAD_ACTION_LEN;
    case OFPAT_COPY_TTL_OUT:
    case OFPAT_COPY_TTL_IN:
    case OFPAT_SET_MPLS_TTL:
    case OFPAT_DEC_MPLS_TTL:
    case OFPAT_PUSH_VLAN:
    case OFPAT_POP_VLAN:
    case OFPAT_PUSH_MPLS:
    case OFPAT_POP_MPLS:
    case OFPAT_SET_QUEUE:
    case OFPAT_GROUP:
    case OFPAT_SET_NW_TTL:
    case OFPAT_DEC_NW_TTL:
    case OFPAT_PUSH_PBB:
    case OFPAT_POP_PBB:
        return len == ACT_HEADER_SIZE ? 0 : OFM_ERR_BAD_ACTION_LEN;
    case OFPAT_SET_FIELD:
        return check_set_field(p, len);
    case OFPAT_EXPERIMENTER:
        return 0;
    default:
        return OFM_ERR_BAD_ACTION_TYPE;
    }
}

static int
check_action10(uint16_t type, size_t len)
{
    switch (type) {
    case OFPAT10_OUTPUT:
    case OFPAT10_SET_VLAN_VID:
    case OFPAT10_SET_VLAN_PCP:
    case OFPAT10_STRIP_VLAN:
    case OFPAT10_SET_NW_SRC:
    case OFPAT10_SET_NW_DST:
    case OFPAT10_SET_NW_TOS:
    case OFPAT10_SET_TP_SRC:
    case OFPAT10_SET_TP_DST:
        return len == ACT10_SHORT_SIZE ? 0 : OFM_ERR_BAD_ACTION_LEN;
    case OFPAT10_SET_DL_SRC:
    case OFPAT10_SET_DL_DST:
    case OFPAT10_ENQUEUE:
        return len == ACT10_LONG_SIZE ? 0 : OFM_ERR_BAD_ACTION_LEN;
    case OFPAT10_VENDOR:
        return 0;
    default:
        return OFM_ERR_BAD_ACTION_TYPE;
    }
}

/* Checks the length of the action at 'off' (< size) in [data, data + size)
 * and stores it in '*lenp'.  Returns 0 or OFM_ERR_BAD_ACTION_LEN. */
static inline int
check_len_at(const uint8_t *data, size_t size, size_t off, size_t *lenp)
{
    size_t left = size - off;
    if (left < ACT_HEADER_SIZE) {
        return OFM_ERR_BAD_ACTION_LEN;
    }
    size_t len = ofm_get16(data + off + 2);
    if (len < ACT_HEADER_SIZE || len % 8 || len > left) {
        return OFM_ERR_BAD_ACTION_LEN;
    }
    *lenp = len;
    return 0;
}

/* Checks the 1.3 action at 'off' (< size) in [data, data + size) and stores
 * its length in '*lenp'.  Returns 0 or an enum ofm_err. */
static inline int
check_at(const uint8_t *data, size_t size, size_t off, size_t *lenp)
{
    int error = check_len_at(data, size, off, lenp);
    return error ? error : check_action13(data + off, ofm_get16(data + off), *lenp);
}

/* ofm_actions_check(), for this file's callers without a PLT call. */
static int
actions_check(const uint8_t *data, size_t size, uint8_t version)
{
    if (version != OFP10_VERSION && !OFM_VERSION_IS_OXM(version)) {
        return OFM_ERR_BAD_VERSION;
    }
    size_t off = 0;
    while (off < size) {
        size_t len;
        int error = check_len_at(data, size, off, &len);
        if (!error) {
            const uint8_t *p = data + off;
            error = (version != OFP10_VERSION
                     ? check_action13(p, ofm_get16(p), len)
                     : check_action10(ofm_get16(p), len));
        }
        if (error) {
            return error;
        }
        off += len;
    }
    return 0;
}

int
ofm_actions_check(const uint8_t *data, size_t size, uint8_t version)
{
    return actions_check(data, size, version);
}

int
ofm_insts_check(const uint8_t *data, size_t size)
{
    size_t off = 0;
    while (off < size) {
        const uint8_t *p = data + off;
        size_t left = size - off;
        if (left < 8) {
            return OFM_ERR_BAD_INSTRUCTION_LEN;
        }
        uint16_t type = ofm_get16(p);
        size_t len = ofm_get16(p + 2);
        if (len < 8 || len % 8 || len > left) {
            return OFM_ERR_BAD_INSTRUCTION_LEN;
        }
        int error = 0;
        switch (type) {
        case OFPIT_GOTO_TABLE:
        case OFPIT_CLEAR_ACTIONS:
        case OFPIT_METER:
            error = len == 8 ? 0 : OFM_ERR_BAD_INSTRUCTION_LEN;
            break;
        case OFPIT_WRITE_METADATA:
            error = len == 24 ? 0 : OFM_ERR_BAD_INSTRUCTION_LEN;
            break;
        case OFPIT_WRITE_ACTIONS:
        case OFPIT_APPLY_ACTIONS:
            error = actions_check(p + 8, len - 8, OFP13_VERSION);
            break;
        case OFPIT15_STAT_TRIGGER: {
            struct ofm_stat_trigger st;
            error = ofm_stat_trigger_decode(p, len, &st);
            break;
        }
        case OFPIT_EXPERIMENTER:
            break;
        default:
            error = OFM_ERR_BAD_INSTRUCTION;
            break;
        }
        if (error) {
            return error;
        }
        off += len;
    }
    return 0;
}

/* 1.3 -> 1.0. */

/* True if 1.0 can name 32-bit 'port'. */
static bool
port_fits_of10(uint32_t port)
{
    return port < OFPP10_MAX || port >= OFPP_MAX;
}

/* Appends the 1.0 form of the set-field action whose OXM is at 'oxm'. */
static int
encode_set_field10(const uint8_t *oxm, struct ofm_buf *out)
{
    if (ofm_get16(oxm) != OFPXMC_OPENFLOW_BASIC) {
        return EOPNOTSUPP;
    }
    const uint8_t *v = oxm + 4;
    uint8_t *p;
    switch (oxm[2] >> 1) {
    case OFPXMT_ETH_SRC:
    case OFPXMT_ETH_DST:
        p = hot_put_zeros(out, ACT10_LONG_SIZE);
        ofm_put16(p, (oxm[2] >> 1) == OFPXMT_ETH_SRC
                  ? OFPAT10_SET_DL_SRC : OFPAT10_SET_DL_DST);
        ofm_put16(p + 2, ACT10_LONG_SIZE);
        memcpy(p + 4, v, 6);
        return 0;
    case OFPXMT_IPV4_SRC:
        put_act8_u32(out, OFPAT10_SET_NW_SRC, ofm_get32(v));
        return 0;
    case OFPXMT_IPV4_DST:
        put_act8_u32(out, OFPAT10_SET_NW_DST, ofm_get32(v));
        return 0;
    case OFPXMT_IP_DSCP:
        put_act8(out, OFPAT10_SET_NW_TOS,
                 (uint16_t) (((v[0] << 2) & 0xfc) << 8), 0);
        return 0;
    case OFPXMT_TCP_SRC:
    case OFPXMT_UDP_SRC:
        put_act8(out, OFPAT10_SET_TP_SRC, ofm_get16(v), 0);
        return 0;
    case OFPXMT_TCP_DST:
    case OFPXMT_UDP_DST:
        put_act8(out, OFPAT10_SET_TP_DST, ofm_get16(v), 0);
        return 0;
    case OFPXMT_VLAN_VID:
        put_act8(out, OFPAT10_SET_VLAN_VID, ofm_get16(v) & 0xfff, 0);
        return 0;
    case OFPXMT_VLAN_PCP:
        put_act8(out, OFPAT10_SET_VLAN_PCP, (uint16_t) ((v[0] & 7) << 8), 0);
        return 0;
    default:
        return EOPNOTSUPP;
    }
}

/* Appends the 1.0 form of the 1.3 list [data, data + size), checking each
 * action as it goes (one pass, not a check and then an encode).  Returns 0,
 * an enum ofm_err for a malformed action, or EOPNOTSUPP for an action 1.0
 * cannot express; on failure part of the list may have been appended. */
static int
encode_actions10(const uint8_t *data, size_t size, struct ofm_buf *out)
{
    size_t off = 0;
    while (off < size) {
        const uint8_t *p = data + off;
        size_t len;
        int error = check_at(data, size, off, &len);
        if (error) {
            return error;
        }
        uint16_t type = ofm_get16(p);
        off += len;

        switch (type) {
        case OFPAT_OUTPUT: {
            uint32_t port = ofm_get32(p + 4);
            if (!port_fits_of10(port)) {
                return EOPNOTSUPP;
            }
            put_act8(out, OFPAT10_OUTPUT, hot_port_to_of10(port),
                     ofm_get16(p + 8));
            break;
        }
        case OFPAT_SET_FIELD:
            error = encode_set_field10(p + 4, out);
            break;
        case OFPAT_POP_VLAN:
            put_act8(out, OFPAT10_STRIP_VLAN, 0, 0);
            break;
        case OFPAT_SET_QUEUE: {
            /* 1.0 has no queue action without a port: pair with the next
             * output, which must go to a port a queue can belong to. */
            const uint8_t *next = data + off;
            size_t next_len;
            if (off >= size) {
                return EOPNOTSUPP;
            }
            error = check_at(data, size, off, &next_len);
            if (error) {
                return error;
            }
            if (ofm_get16(next) != OFPAT_OUTPUT) {
                return EOPNOTSUPP;
            }
            uint32_t port = ofm_get32(next + 4);
            if (port >= OFPP10_MAX && port != OFPP_IN_PORT) {
                return EOPNOTSUPP;
            }
            uint8_t *q = hot_put_zeros(out, ACT10_LONG_SIZE);
            ofm_put16(q, OFPAT10_ENQUEUE);
            ofm_put16(q + 2, ACT10_LONG_SIZE);
            ofm_put16(q + 4, ofm_port_to_of10(port));
            ofm_put32(q + 12, ofm_get32(p + 4));
            off += ACT13_OUTPUT_SIZE;
            break;
        }
        case OFPAT_EXPERIMENTER:
            hot_put(out, p, len);
            break;
        default:
            return EOPNOTSUPP;
        }
        if (error) {
            return error;
        }
    }
    return 0;
}

int
ofm_actions_encode(const uint8_t *data, size_t size, uint8_t version,
                   struct ofm_buf *out)
{
    if (OFM_VERSION_IS_OXM(version)) {
        int error = actions_check(data, size, OFP13_VERSION);
        if (!error) {
            hot_put(out, data, size);
        }
        return error;
    }
    if (version != OFP10_VERSION) {
        return EPROTONOSUPPORT;
    }
    size_t start = out->size;
    int error = encode_actions10(data, size, out);
    if (error) {
        out->size = start;
        if (error == EOPNOTSUPP) {
            /* A malformed action later in the list is the error to give. */
            int check = actions_check(data, size, OFP13_VERSION);
            error = check ? check : error;
        }
    }
    return error;
}

/* 1.0 -> 1.3. */

/* Appends the 1.3 form of the checked 1.0 action at 'p'. */
static void
decode_action10(const uint8_t *p, size_t len, struct ofm_buf *out)
{
    switch (ofm_get16(p)) {
    case OFPAT10_OUTPUT:
        put_output13(out, hot_port_from_of10(ofm_get16(p + 4)),
                     ofm_get16(p + 6));
        break;
    case OFPAT10_SET_VLAN_VID:
        put_set_field13_u16(out, OFPXMT_VLAN_VID,
                            OFPVID_PRESENT | (ofm_get16(p + 4) & 0xfff));
        break;
    case OFPAT10_SET_VLAN_PCP:
        put_set_field13_u8(out, OFPXMT_VLAN_PCP, p[4] & 7);
        break;
    case OFPAT10_STRIP_VLAN:
        put_act8(out, OFPAT_POP_VLAN, 0, 0);
        break;
    case OFPAT10_SET_DL_SRC:
        put_set_field13(out, OFPXMT_ETH_SRC, p + 4, 6);
        break;
    case OFPAT10_SET_DL_DST:
        put_set_field13(out, OFPXMT_ETH_DST, p + 4, 6);
        break;
    case OFPAT10_SET_NW_SRC:
        put_set_field13(out, OFPXMT_IPV4_SRC, p + 4, 4);
        break;
    case OFPAT10_SET_NW_DST:
        put_set_field13(out, OFPXMT_IPV4_DST, p + 4, 4);
        break;
    case OFPAT10_SET_NW_TOS:
        put_set_field13_u8(out, OFPXMT_IP_DSCP, p[4] >> 2);
        break;
    case OFPAT10_SET_TP_SRC:
        put_set_field13(out, OFPXMT_TCP_SRC, p + 4, 2);
        break;
    case OFPAT10_SET_TP_DST:
        put_set_field13(out, OFPXMT_TCP_DST, p + 4, 2);
        break;
    case OFPAT10_ENQUEUE:
        put_act8_u32(out, OFPAT_SET_QUEUE, ofm_get32(p + 12));
        put_output13(out, hot_port_from_of10(ofm_get16(p + 4)), 0);
        break;
    case OFPAT10_VENDOR:
        hot_put(out, p, len);
        break;
    }
}

int
ofm_actions_decode(struct ofm_rd *rd, size_t size, uint8_t version,
                   struct ofm_buf *out)
{
    if (rd->error || size > rd->left) {
        return OFM_ERR_BAD_LEN;
    }
    const uint8_t *data = rd->p;
    int error = actions_check(data, size, version);
    if (error) {
        return error;
    }
    if (version != OFP10_VERSION) {
        hot_put(out, data, size);
    } else {
        size_t off = 0;
        while (off < size) {
            size_t len = ofm_get16(data + off + 2);
            decode_action10(data + off, len, out);
            off += len;
        }
    }
    ofm_rd_skip(rd, size);
    return 0;
}

/* Instructions. */

void
ofm_insts_init(struct ofm_insts *i)
{
    ofm_buf_use_stub(&i->buf, i->stub, sizeof i->stub);
}

void
ofm_insts_uninit(struct ofm_insts *i)
{
    if (i) {
        ofm_buf_uninit(&i->buf);
    }
}

void
ofm_inst_goto_table(struct ofm_insts *i, uint8_t table_id)
{
    uint8_t *p = hot_put_zeros(&i->buf, 8);
    ofm_put16(p, OFPIT_GOTO_TABLE);
    ofm_put16(p + 2, 8);
    p[4] = table_id;
}

void
ofm_inst_write_metadata(struct ofm_insts *i, uint64_t metadata, uint64_t mask)
{
    uint8_t *p = hot_put_zeros(&i->buf, 24);
    ofm_put16(p, OFPIT_WRITE_METADATA);
    ofm_put16(p + 2, 24);
    ofm_put64(p + 8, metadata);
    ofm_put64(p + 16, mask);
}

/* An instruction carrying the actions of 'a'. */
static void
put_inst_actions(struct ofm_insts *i, uint16_t type, const struct ofm_actions *a)
{
    size_t size = a ? a->buf.size : 0;
    uint8_t *p = hot_put_zeros(&i->buf, 8);
    ofm_put16(p, type);
    ofm_put16(p + 2, (uint16_t) (8 + size));
    if (size) {
        hot_put(&i->buf, a->buf.data, size);
    }
}

void
ofm_inst_write_actions(struct ofm_insts *i, const struct ofm_actions *a)
{
    put_inst_actions(i, OFPIT_WRITE_ACTIONS, a);
}

void
ofm_inst_apply_actions(struct ofm_insts *i, const struct ofm_actions *a)
{
    put_inst_actions(i, OFPIT_APPLY_ACTIONS, a);
}

void
ofm_inst_clear_actions(struct ofm_insts *i)
{
    uint8_t *p = hot_put_zeros(&i->buf, 8);
    ofm_put16(p, OFPIT_CLEAR_ACTIONS);
    ofm_put16(p + 2, 8);
}

void
ofm_inst_meter(struct ofm_insts *i, uint32_t meter_id)
{
    uint8_t *p = hot_put_uninit(&i->buf, 8);
    ofm_put16(p, OFPIT_METER);
    ofm_put16(p + 2, 8);
    ofm_put32(p + 4, meter_id);
}

void
ofm_inst_experimenter(struct ofm_insts *i, uint32_t experimenter,
                      const void *data, size_t size)
{
    size_t len = ALIGN8(8 + size);
    uint8_t *p = hot_put_zeros(&i->buf, len);
    ofm_put16(p, OFPIT_EXPERIMENTER);
    ofm_put16(p + 2, (uint16_t) len);
    ofm_put32(p + 4, experimenter);
    if (size) {
        memcpy(p + 8, data, size);
    }
}
