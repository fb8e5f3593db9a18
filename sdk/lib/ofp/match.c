/* match.c: version-independent flow matches (OXM TLVs), and their
 * OpenFlow 1.0 and 1.3 wire forms. */
#include "ofm/match.h"

#include <errno.h>
#include <string.h>

#include "ofm/err.h"
#include "hotpath.h"

/* OXM class of the OpenFlow basic fields, as its two wire bytes. */
#define BASIC_HI 0x80
#define BASIC_LO 0x00

/* Static facts about the basic fields, indexed by field id. */
static const struct ofm_oxm_info oxm_infos[OFM_OXM_N_FIELDS] = {
#define OXM_INFO_ROW(ENUM, ID, NAME, LEN, MASKABLE) \
    [ID] = { OFPXMT_##ENUM, NAME, LEN, MASKABLE },
    OFM_OXM_FIELDS(OXM_INFO_ROW)
#undef OXM_INFO_ROW
};

/* ofm_oxm_info(), inline for this file. */
static inline const struct ofm_oxm_info *
oxm_info(unsigned int field)
{
    return field < OFM_OXM_N_FIELDS ? &oxm_infos[field] : NULL;
}

const struct ofm_oxm_info *
ofm_oxm_info(unsigned int field)
{
    return oxm_info(field);
}


const struct ofm_oxm_info *
ofm_oxm_info_by_name(const char *name)
{
    if (!name) {
        return NULL;
    }
    for (size_t i = 0; i < OFM_OXM_N_FIELDS; i++) {
        if (!strcmp(oxm_infos[i].name, name)) {
            return &oxm_infos[i];
        }
    }
    return NULL;
}

/* TLV walking. */

/* Bytes of content in 'm', never more than the array holds (a caller may
 * have scribbled on 'len'). */
static size_t
match_len(const struct ofm_match *m)
{
    return m->len <= OFM_MATCH_MAX_LEN ? m->len : OFM_MATCH_MAX_LEN;
}

/* Size of the TLV at 'p' with 'left' bytes available, or 0 if it does not
 * fit. */
static size_t
tlv_size(const uint8_t *p, size_t left)
{
    if (left < 4) {
        return 0;
    }
    size_t n = 4 + (size_t) p[3];
    return n <= left ? n : 0;
}

static bool
tlv_is_basic(const uint8_t *p, unsigned int field)
{
    return p[0] == BASIC_HI && p[1] == BASIC_LO && (p[2] >> 1) == field;
}

/* Finds the TLV of basic 'field' in 'm': returns its offset and stores its
 * size in '*sizep', or returns -1. */
static int
match_find(const struct ofm_match *m, unsigned int field, size_t *sizep)
{
    size_t len = match_len(m);
    size_t off = 0;
    while (off < len) {
        size_t n = tlv_size(m->oxm + off, len - off);
        if (!n) {
            break;
        }
        if (tlv_is_basic(m->oxm + off, field)) {
            *sizep = n;
            return (int) off;
        }
        off += n;
    }
    return -1;
}

/* Finds the TLV with the same class and field as the header at 'tlv'. */
static int
match_find_same(const struct ofm_match *m, const uint8_t *tlv, size_t *sizep)
{
    size_t len = match_len(m);
    size_t off = 0;
    while (off < len) {
        const uint8_t *p = m->oxm + off;
        size_t n = tlv_size(p, len - off);
        if (!n) {
            break;
        }
        if (p[0] == tlv[0] && p[1] == tlv[1] && (p[2] >> 1) == (tlv[2] >> 1)) {
            *sizep = n;
            return (int) off;
        }
        off += n;
    }
    return -1;
}

/* Puts the 'n'-byte TLV at 'tlv' in place of the one at 'old' (of
 * 'old_size' bytes; old < 0 for none, then it is appended). */
static int
match_put(struct ofm_match *m, int old, size_t old_size,
          const uint8_t *tlv, size_t n)
{
    size_t len = match_len(m);
    if (old < 0) {
        if (n > OFM_MATCH_MAX_LEN - len) {
            return ENOSPC;
        }
        memcpy(m->oxm + len, tlv, n);
        m->len = (uint16_t) (len + n);
        return 0;
    }

    size_t off = (size_t) old;
    size_t new_len = len - old_size + n;
    if (new_len > OFM_MATCH_MAX_LEN) {
        return ENOSPC;
    }
    if (n != old_size) {
        memmove(m->oxm + off + n, m->oxm + off + old_size,
                len - off - old_size);
    }
    memcpy(m->oxm + off, tlv, n);
    m->len = (uint16_t) new_len;
    return 0;
}

/* Removes 'size' bytes at 'off'. */
static void
match_remove(struct ofm_match *m, size_t off, size_t size)
{
    size_t len = match_len(m);
    memmove(m->oxm + off, m->oxm + off + size, len - off - size);
    m->len = (uint16_t) (len - size);
}

/* Setting and getting. */

static bool
all_bytes(const uint8_t *p, size_t n, uint8_t v)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] != v) {
            return false;
        }
    }
    return true;
}

static void match_clear(struct ofm_match *, enum ofm_oxm_field);

/* ofm_match_set(), for this file's callers without a PLT call. */
static int
match_set(struct ofm_match *m, enum ofm_oxm_field field,
          const void *value, const void *mask)
{
    const struct ofm_oxm_info *info = oxm_info(field);
    if (!info || !value || (mask && !info->maskable)) {
        return EINVAL;
    }

    size_t len = info->len;
    const uint8_t *mk = mask;
    if (mk && all_bytes(mk, len, 0xff)) {
        mk = NULL;
    } else if (mk && all_bytes(mk, len, 0)) {
        match_clear(m, field);
        return 0;
    }

    size_t n = 4 + len * (mk ? 2 : 1);
    size_t old_size = 0;
    int old = match_find(m, field, &old_size);
    uint8_t tlv[4 + 2 * 16];
    uint8_t *p = tlv;
    if (old < 0) {
        /* The common case, a new field: write it in place. */
        size_t cur = match_len(m);
        if (n > OFM_MATCH_MAX_LEN - cur) {
            return ENOSPC;
        }
        p = m->oxm + cur;
    }
    ofm_put32(p, OFM_OXM_HEADER(OFPXMC_OPENFLOW_BASIC, field, mk != NULL,
                                n - 4));
    memcpy(p + 4, value, len);
    if (mk) {
        for (size_t i = 0; i < len; i++) {
            p[4 + i] &= mk[i];
        }
        memcpy(p + 4 + len, mk, len);
    }
    if (old < 0) {
        m->len = (uint16_t) (match_len(m) + n);
        return 0;
    }
    return match_put(m, old, old_size, tlv, n);
}

int
ofm_match_set(struct ofm_match *m, enum ofm_oxm_field field,
              const void *value, const void *mask)
{
    return match_set(m, field, value, mask);
}

int
ofm_match_set_oxm(struct ofm_match *m, const void *tlv_, size_t size)
{
    const uint8_t *tlv = tlv_;
    if (!tlv || size < 5 || size != 4 + (size_t) tlv[3]) {
        return EINVAL;
    }
    uint16_t class = ofm_get16(tlv);
    bool hasmask = tlv[2] & 1;
    size_t plen = tlv[3];

    if (class == OFPXMC_OPENFLOW_BASIC) {
        const struct ofm_oxm_info *info = oxm_info(tlv[2] >> 1);
        if (info && ((hasmask && !info->maskable)
                     || plen != (size_t) info->len * (hasmask ? 2 : 1))) {
            return EINVAL;
        }
    } else if (class == OFPXMC_EXPERIMENTER) {
        if (plen < 4) {
            return EINVAL;      /* No room for the experimenter id. */
        }
        return match_put(m, -1, 0, tlv, size);
    }

    size_t old_size = 0;
    int old = match_find_same(m, tlv, &old_size);
    return match_put(m, old, old_size, tlv, size);
}

bool
ofm_match_get(const struct ofm_match *m, enum ofm_oxm_field field,
              void *value, void *mask)
{
    const struct ofm_oxm_info *info = oxm_info(field);
    size_t size;
    int off = info ? match_find(m, field, &size) : -1;
    if (off < 0) {
        return false;
    }
    const uint8_t *p = m->oxm + off;
    bool hasmask = p[2] & 1;
    if (size != 4 + (size_t) info->len * (hasmask ? 2 : 1)) {
        return false;           /* Not a well-formed TLV of this field. */
    }
    if (value) {
        memcpy(value, p + 4, info->len);
    }
    if (mask) {
        if (hasmask) {
            memcpy(mask, p + 4 + info->len, info->len);
        } else {
            memset(mask, 0xff, info->len);
        }
    }
    return true;
}

bool
ofm_match_has(const struct ofm_match *m, enum ofm_oxm_field field)
{
    size_t size;
    return match_find(m, field, &size) >= 0;
}

static void
match_clear(struct ofm_match *m, enum ofm_oxm_field field)
{
    size_t size;
    int off = match_find(m, field, &size);
    if (off >= 0) {
        match_remove(m, (size_t) off, size);
    }
}

void
ofm_match_clear(struct ofm_match *m, enum ofm_oxm_field field)
{
    match_clear(m, field);
}

size_t
ofm_match_n_fields(const struct ofm_match *m)
{
    size_t len = match_len(m);
    size_t off = 0, count = 0;
    while (off < len) {
        size_t n = tlv_size(m->oxm + off, len - off);
        if (!n) {
            break;
        }
        count++;
        off += n;
    }
    return count;
}

/* Length of 'field' if it is 'bytes' long, or, for 'bytes' == 4, the
 * 3-byte pbb_isid; 0 otherwise. */
static size_t
typed_len(enum ofm_oxm_field field, size_t bytes)
{
    const struct ofm_oxm_info *info = oxm_info(field);
    if (!info) {
        return 0;
    }
    if (info->len == bytes || (bytes == 4 && info->len == 3)) {
        return info->len;
    }
    return 0;
}

/* Sets 'field' from the low bytes of 'value' (and 'mask', if 'masked'). */
static int
set_uint(struct ofm_match *m, enum ofm_oxm_field field, size_t bytes,
         uint64_t value, uint64_t mask, bool masked)
{
    size_t len = typed_len(field, bytes);
    if (!len) {
        return EINVAL;
    }
    uint8_t v[8], mk[8];
    for (size_t i = 0; i < len; i++) {
        v[i] = (uint8_t) (value >> (8 * (len - 1 - i)));
        mk[i] = (uint8_t) (mask >> (8 * (len - 1 - i)));
    }
    return match_set(m, field, v, masked ? mk : NULL);
}

/* Reads 'field' into '*value' as a host integer, if it is 'bytes' long. */
static bool
get_uint(const struct ofm_match *m, enum ofm_oxm_field field, size_t bytes,
         uint64_t *value)
{
    size_t len = typed_len(field, bytes);
    uint8_t v[8];
    if (!len || !ofm_match_get(m, field, v, NULL)) {
        return false;
    }
    uint64_t x = 0;
    for (size_t i = 0; i < len; i++) {
        x = x << 8 | v[i];
    }
    *value = x;
    return true;
}

int
ofm_match_set_u8(struct ofm_match *m, enum ofm_oxm_field field, uint8_t v)
{
    return set_uint(m, field, 1, v, 0, false);
}

int
ofm_match_set_u16(struct ofm_match *m, enum ofm_oxm_field field, uint16_t v)
{
    return set_uint(m, field, 2, v, 0, false);
}

int
ofm_match_set_u32(struct ofm_match *m, enum ofm_oxm_field field, uint32_t v)
{
    return set_uint(m, field, 4, v, 0, false);
}

int
ofm_match_set_u64(struct ofm_match *m, enum ofm_oxm_field field, uint64_t v)
{
    return set_uint(m, field, 8, v, 0, false);
}

int
ofm_match_set_u32_masked(struct ofm_match *m, enum ofm_oxm_field field,
                         uint32_t value, uint32_t mask)
{
    return set_uint(m, field, 4, value, mask, true);
}

bool
ofm_match_get_u8(const struct ofm_match *m, enum ofm_oxm_field field,
                 uint8_t *v)
{
    uint64_t x;
    if (!get_uint(m, field, 1, &x)) {
        return false;
    }
    *v = (uint8_t) x;
    return true;
}

bool
ofm_match_get_u16(const struct ofm_match *m, enum ofm_oxm_field field,
                  uint16_t *v)
{
    uint64_t x;
    if (!get_uint(m, field, 2, &x)) {
        return false;
    }
    *v = (uint16_t) x;
    return true;
}

bool
ofm_match_get_u32(const struct ofm_match *m, enum ofm_oxm_field field,
                  uint32_t *v)
{
    uint64_t x;
    if (!get_uint(m, field, 4, &x)) {
        return false;
    }
    *v = (uint32_t) x;
    return true;
}

bool
ofm_match_get_u64(const struct ofm_match *m, enum ofm_oxm_field field,
                  uint64_t *v)
{
    return get_uint(m, field, 8, v);
}

/* Ports. */

uint16_t
ofm_port_to_of10(uint32_t port)
{
    return hot_port_to_of10(port);
}

uint32_t
ofm_port_from_of10(uint16_t port)
{
    return hot_port_from_of10(port);
}

/* OpenFlow 1.3 wire form. */

static int
match_encode13(const struct ofm_match *m, struct ofm_buf *out)
{
    size_t len = match_len(m);
    size_t total = 4 + len;
    size_t padded = (total + 7) & ~(size_t) 7;
    uint8_t *p = hot_put_uninit(out, padded);
    ofm_put16(p, OFPMT_OXM);
    ofm_put16(p + 2, (uint16_t) total);
    if (len) {
        memcpy(p + 4, m->oxm, len);
    }
    memset(p + total, 0, padded - total);
    return 0;
}

/* Checks the OXM TLVs in [p, p + len) as a received match. */
static int
check_oxms(const uint8_t *p, size_t len)
{
    uint64_t seen[2] = { 0, 0 };    /* Basic field ids already present. */
    size_t off = 0;
    while (off < len) {
        const uint8_t *tlv = p + off;
        size_t left = len - off;
        if (left < 4) {
            return OFM_ERR_BAD_MATCH_LEN;
        }
        size_t plen = tlv[3];
        if (plen == 0 || plen > left - 4) {
            return OFM_ERR_BAD_MATCH_LEN;
        }
        uint16_t class = ofm_get16(tlv);
        if (class == OFPXMC_OPENFLOW_BASIC) {
            unsigned int field = tlv[2] >> 1;
            bool hasmask = tlv[2] & 1;
            const struct ofm_oxm_info *info = oxm_info(field);
            if (info) {
                if (hasmask && !info->maskable) {
                    return OFM_ERR_BAD_MASK;
                }
                if (plen != (size_t) info->len * (hasmask ? 2 : 1)) {
                    return OFM_ERR_BAD_MATCH_LEN;
                }
            }
            uint64_t bit = UINT64_C(1) << (field & 63);
            if (seen[field >> 6] & bit) {
                return OFM_ERR_DUP_FIELD;
            }
            seen[field >> 6] |= bit;
        } else if (class == OFPXMC_EXPERIMENTER && plen < 4) {
            return OFM_ERR_BAD_MATCH_LEN;
        }
        off += 4 + plen;
    }
    return 0;
}

static int
match_decode13(struct ofm_rd *rd, struct ofm_match *m)
{
    if (rd->error || rd->left < 4) {
        return OFM_ERR_BAD_LEN;
    }
    uint16_t type = ofm_get16(rd->p);
    size_t length = ofm_get16(rd->p + 2);
    if (type != OFPMT_OXM) {
        return OFM_ERR_BAD_MATCH_TYPE;
    }
    size_t padded = (length + 7) & ~(size_t) 7;
    if (length < 4 || padded > rd->left || length - 4 > OFM_MATCH_MAX_LEN) {
        return OFM_ERR_BAD_MATCH_LEN;
    }
    int error = check_oxms(rd->p + 4, length - 4);
    if (error) {
        return error;
    }
    m->len = (uint16_t) (length - 4);
    memcpy(m->oxm, rd->p + 4, length - 4);
    ofm_rd_skip(rd, padded);
    return 0;
}

/* OpenFlow 1.0 wire form. */

#define ETH_TYPE_IP 0x0800
#define ETH_TYPE_ARP 0x0806
#define IPPROTO_ICMP_ 1
#define IPPROTO_TCP_ 6
#define IPPROTO_UDP_ 17

/* The fields of a 1.0 struct ofp_match, in host order. */
struct match10 {
    uint32_t wildcards;
    uint16_t in_port;
    uint8_t dl_src[6], dl_dst[6];
    uint16_t dl_vlan;
    uint8_t dl_vlan_pcp;
    uint16_t dl_type;
    uint8_t nw_tos, nw_proto;
    uint32_t nw_src, nw_dst;
    uint16_t tp_src, tp_dst;
};

/* Appends a basic TLV to 'm', which has room (a 1.0 match yields at most
 * 12 fields, far below OFM_MATCH_MAX_LEN, and never a duplicate). */
static void
append_basic(struct ofm_match *m, enum ofm_oxm_field field,
             const void *value, const void *mask)
{
    size_t len = oxm_infos[field].len;
    uint8_t *p = m->oxm + m->len;
    ofm_put32(p, OFM_OXM_HEADER(OFPXMC_OPENFLOW_BASIC, field, mask != NULL,
                                len * (mask ? 2 : 1)));
    memcpy(p + 4, value, len);
    if (mask) {
        memcpy(p + 4 + len, mask, len);
    }
    m->len += (uint16_t) (4 + len * (mask ? 2 : 1));
}

static void
append_u8(struct ofm_match *m, enum ofm_oxm_field field, uint8_t v)
{
    append_basic(m, field, &v, NULL);
}

static void
append_u16(struct ofm_match *m, enum ofm_oxm_field field, uint16_t v)
{
    uint8_t b[2];
    ofm_put16(b, v);
    append_basic(m, field, b, NULL);
}

/* Appends an IPv4 field with the prefix given by the 1.0 wildcard bit
 * count 'bits' (0 exact, 32 or more: wildcarded, so nothing). */
static void
append_ip(struct ofm_match *m, enum ofm_oxm_field field, uint32_t addr,
          unsigned int bits)
{
    uint8_t v[4], mk[4];
    if (bits >= 32) {
        return;
    }
    uint32_t mask = UINT32_MAX << bits;
    ofm_put32(v, addr & mask);
    ofm_put32(mk, mask);
    append_basic(m, field, v, bits ? mk : NULL);
}

static int
match_decode10(struct ofm_rd *rd, struct ofm_match *m)
{
    const uint8_t *p = ofm_rd_pull(rd, OFP10_MATCH_SIZE);
    if (!p) {
        return OFM_ERR_BAD_LEN;
    }
    struct match10 w;
    w.wildcards = ofm_get32(p);
    w.in_port = ofm_get16(p + 4);
    memcpy(w.dl_src, p + 6, 6);
    memcpy(w.dl_dst, p + 12, 6);
    w.dl_vlan = ofm_get16(p + 18);
    w.dl_vlan_pcp = p[20];
    w.dl_type = ofm_get16(p + 22);
    w.nw_tos = p[24];
    w.nw_proto = p[25];
    w.nw_src = ofm_get32(p + 28);
    w.nw_dst = ofm_get32(p + 32);
    w.tp_src = ofm_get16(p + 36);
    w.tp_dst = ofm_get16(p + 38);

    uint32_t wc = w.wildcards;
    unsigned int src_bits = (wc & OFPFW10_NW_SRC_MASK) >> OFPFW10_NW_SRC_SHIFT;
    unsigned int dst_bits = (wc & OFPFW10_NW_DST_MASK) >> OFPFW10_NW_DST_SHIFT;

    m->len = 0;
    if (!(wc & OFPFW10_IN_PORT)) {
        uint8_t b[4];
        ofm_put32(b, hot_port_from_of10(w.in_port));
        append_basic(m, OFPXMT_IN_PORT, b, NULL);
    }
    if (!(wc & OFPFW10_DL_SRC)) {
        append_basic(m, OFPXMT_ETH_SRC, w.dl_src, NULL);
    }
    if (!(wc & OFPFW10_DL_DST)) {
        append_basic(m, OFPXMT_ETH_DST, w.dl_dst, NULL);
    }
    if (!(wc & OFPFW10_DL_VLAN)) {
        append_u16(m, OFPXMT_VLAN_VID,
                   w.dl_vlan == OFP10_VLAN_NONE
                   ? OFPVID_NONE : OFPVID_PRESENT | (w.dl_vlan & 0xfff));
    }
    if (!(wc & OFPFW10_DL_VLAN_PCP) && w.dl_vlan != OFP10_VLAN_NONE) {
        append_u8(m, OFPXMT_VLAN_PCP, w.dl_vlan_pcp & 7);
    }
    if (wc & OFPFW10_DL_TYPE) {
        return 0;
    }
    append_u16(m, OFPXMT_ETH_TYPE, w.dl_type);

    if (w.dl_type == ETH_TYPE_IP) {
        if (!(wc & OFPFW10_NW_TOS)) {
            append_u8(m, OFPXMT_IP_DSCP, w.nw_tos >> 2);
        }
        append_ip(m, OFPXMT_IPV4_SRC, w.nw_src, src_bits);
        append_ip(m, OFPXMT_IPV4_DST, w.nw_dst, dst_bits);
        if (wc & OFPFW10_NW_PROTO) {
            return 0;
        }
        append_u8(m, OFPXMT_IP_PROTO, w.nw_proto);

        enum ofm_oxm_field src, dst;
        if (w.nw_proto == IPPROTO_TCP_) {
            src = OFPXMT_TCP_SRC;
            dst = OFPXMT_TCP_DST;
        } else if (w.nw_proto == IPPROTO_UDP_) {
            src = OFPXMT_UDP_SRC;
            dst = OFPXMT_UDP_DST;
        } else if (w.nw_proto == IPPROTO_ICMP_) {
            if (!(wc & OFPFW10_TP_SRC)) {
                append_u8(m, OFPXMT_ICMPV4_TYPE, (uint8_t) w.tp_src);
            }
            if (!(wc & OFPFW10_TP_DST)) {
                append_u8(m, OFPXMT_ICMPV4_CODE, (uint8_t) w.tp_dst);
            }
            return 0;
        } else {
            return 0;
        }
        if (!(wc & OFPFW10_TP_SRC)) {
            append_u16(m, src, w.tp_src);
        }
        if (!(wc & OFPFW10_TP_DST)) {
            append_u16(m, dst, w.tp_dst);
        }
    } else if (w.dl_type == ETH_TYPE_ARP) {
        if (!(wc & OFPFW10_NW_PROTO)) {
            append_u16(m, OFPXMT_ARP_OP, w.nw_proto);
        }
        append_ip(m, OFPXMT_ARP_SPA, w.nw_src, src_bits);
        append_ip(m, OFPXMT_ARP_TPA, w.nw_dst, dst_bits);
    }
    return 0;
}

/* Returns the 1.0 wildcard bit count for an IPv4 'mask' (0 for exact), or
 * -1 if the mask is not a CIDR prefix. */
static int
cidr_bits(const uint8_t *tlv, bool hasmask)
{
    if (!hasmask) {
        return 0;
    }
    uint32_t mask = ofm_get32(tlv + 8);
    uint32_t host = ~mask;
    if (host & (host + 1)) {
        return -1;              /* Host part is not a run of low ones. */
    }
    int bits = 0;
    while (host) {
        bits++;
        host >>= 1;
    }
    return bits;
}

/* Takes a mask of all ones as exact: returns false if 'tlv' has any other
 * mask. */
static bool
exact_or_full_mask(const uint8_t *tlv, size_t len, bool hasmask)
{
    return !hasmask || all_bytes(tlv + 4 + len, len, 0xff);
}

static int
match_encode10(const struct ofm_match *m, struct ofm_buf *out)
{
    if (!m->len) {
        /* Everything wildcarded: the common case of catch-all flows. */
        uint8_t *p = hot_put_uninit(out, OFP10_MATCH_SIZE);
        memset(p, 0, OFP10_MATCH_SIZE);
        ofm_put32(p, OFPFW10_ALL);
        return 0;
    }

    struct match10 w;
    memset(&w, 0, sizeof w);
    w.wildcards = OFPFW10_ALL;

    size_t len = match_len(m);
    size_t off = 0;
    while (off < len) {
        const uint8_t *tlv = m->oxm + off;
        size_t n = tlv_size(tlv, len - off);
        if (!n || tlv[0] != BASIC_HI || tlv[1] != BASIC_LO) {
            return EOPNOTSUPP;
        }
        unsigned int field = tlv[2] >> 1;
        bool hasmask = tlv[2] & 1;
        const struct ofm_oxm_info *info = oxm_info(field);
        if (!info || n != 4 + (size_t) info->len * (hasmask ? 2 : 1)) {
            return EOPNOTSUPP;
        }
        const uint8_t *v = tlv + 4;
        off += n;

        int bits;
        switch (field) {
        case OFPXMT_IN_PORT: {
            uint32_t port = ofm_get32(v);
            if (port >= OFPP10_MAX && port < OFPP_MAX) {
                return EOPNOTSUPP;
            }
            w.in_port = hot_port_to_of10(port);
            w.wildcards &= ~OFPFW10_IN_PORT;
            break;
        }
        case OFPXMT_ETH_SRC:
        case OFPXMT_ETH_DST:
            if (!exact_or_full_mask(tlv, 6, hasmask)) {
                return EOPNOTSUPP;
            }
            if (field == OFPXMT_ETH_SRC) {
                memcpy(w.dl_src, v, 6);
                w.wildcards &= ~OFPFW10_DL_SRC;
            } else {
                memcpy(w.dl_dst, v, 6);
                w.wildcards &= ~OFPFW10_DL_DST;
            }
            break;
        case OFPXMT_VLAN_VID: {
            uint16_t vid = ofm_get16(v);
            if (hasmask && (ofm_get16(v + 2) & 0x1fff) != 0x1fff) {
                return EOPNOTSUPP;  /* E.g. "any VLAN": 0x1000/0x1000. */
            }
            w.dl_vlan = (vid & 0x1fff) == OFPVID_NONE
                        ? OFP10_VLAN_NONE : (vid & 0xfff);
            w.wildcards &= ~OFPFW10_DL_VLAN;
            break;
        }
        case OFPXMT_VLAN_PCP:
            w.dl_vlan_pcp = v[0];
            w.wildcards &= ~OFPFW10_DL_VLAN_PCP;
            break;
        case OFPXMT_ETH_TYPE:
            w.dl_type = ofm_get16(v);
            w.wildcards &= ~OFPFW10_DL_TYPE;
            break;
        case OFPXMT_IP_DSCP:
            w.nw_tos = (uint8_t) (v[0] << 2);
            w.wildcards &= ~OFPFW10_NW_TOS;
            break;
        case OFPXMT_IP_PROTO:
        case OFPXMT_ARP_OP: {
            uint16_t proto = field == OFPXMT_IP_PROTO ? v[0] : ofm_get16(v);
            if (proto > 0xff || !(w.wildcards & OFPFW10_NW_PROTO)) {
                return EOPNOTSUPP;
            }
            w.nw_proto = (uint8_t) proto;
            w.wildcards &= ~OFPFW10_NW_PROTO;
            break;
        }
        case OFPXMT_IPV4_SRC:
        case OFPXMT_ARP_SPA:
            bits = cidr_bits(tlv, hasmask);
            if (bits < 0 || (w.wildcards & OFPFW10_NW_SRC_MASK)
                            != OFPFW10_NW_SRC_MASK) {
                return EOPNOTSUPP;
            }
            w.nw_src = ofm_get32(v);
            w.wildcards = (w.wildcards & ~OFPFW10_NW_SRC_MASK)
                          | (uint32_t) bits << OFPFW10_NW_SRC_SHIFT;
            break;
        case OFPXMT_IPV4_DST:
        case OFPXMT_ARP_TPA:
            bits = cidr_bits(tlv, hasmask);
            if (bits < 0 || (w.wildcards & OFPFW10_NW_DST_MASK)
                            != OFPFW10_NW_DST_MASK) {
                return EOPNOTSUPP;
            }
            w.nw_dst = ofm_get32(v);
            w.wildcards = (w.wildcards & ~OFPFW10_NW_DST_MASK)
                          | (uint32_t) bits << OFPFW10_NW_DST_SHIFT;
            break;
        case OFPXMT_TCP_SRC:
        case OFPXMT_UDP_SRC:
        case OFPXMT_ICMPV4_TYPE:
            if (!(w.wildcards & OFPFW10_TP_SRC)) {
                return EOPNOTSUPP;
            }
            w.tp_src = field == OFPXMT_ICMPV4_TYPE ? v[0] : ofm_get16(v);
            w.wildcards &= ~OFPFW10_TP_SRC;
            break;
        case OFPXMT_TCP_DST:
        case OFPXMT_UDP_DST:
        case OFPXMT_ICMPV4_CODE:
            if (!(w.wildcards & OFPFW10_TP_DST)) {
                return EOPNOTSUPP;
            }
            w.tp_dst = field == OFPXMT_ICMPV4_CODE ? v[0] : ofm_get16(v);
            w.wildcards &= ~OFPFW10_TP_DST;
            break;
        default:
            return EOPNOTSUPP;
        }
    }

    /* A prefix of 32 or more wildcarded bits means "any address": send the
     * address as zero, as 1.0 switches report it. */
    if (((w.wildcards & OFPFW10_NW_SRC_MASK) >> OFPFW10_NW_SRC_SHIFT) >= 32) {
        w.nw_src = 0;
    }
    if (((w.wildcards & OFPFW10_NW_DST_MASK) >> OFPFW10_NW_DST_SHIFT) >= 32) {
        w.nw_dst = 0;
    }

    uint8_t *p = hot_put_zeros(out, OFP10_MATCH_SIZE);
    ofm_put32(p, w.wildcards);
    ofm_put16(p + 4, w.in_port);
    memcpy(p + 6, w.dl_src, 6);
    memcpy(p + 12, w.dl_dst, 6);
    ofm_put16(p + 18, w.dl_vlan);
    p[20] = w.dl_vlan_pcp;
    ofm_put16(p + 22, w.dl_type);
    p[24] = w.nw_tos;
    p[25] = w.nw_proto;
    ofm_put32(p + 28, w.nw_src);
    ofm_put32(p + 32, w.nw_dst);
    ofm_put16(p + 36, w.tp_src);
    ofm_put16(p + 38, w.tp_dst);
    return 0;
}

int
ofm_match_encode(const struct ofm_match *m, uint8_t version, struct ofm_buf *out)
{
    static const struct ofm_match empty = { .len = 0 };
    if (!m) {
        m = &empty;
    }
    switch (version) {
    case OFP12_VERSION:
    case OFP13_VERSION:
    case OFP14_VERSION:
    case OFP15_VERSION:
        return match_encode13(m, out);
    case OFP10_VERSION:
        return match_encode10(m, out);
    default:
        return EPROTONOSUPPORT;
    }
}

int
ofm_match_decode(struct ofm_rd *rd, uint8_t version, struct ofm_match *m)
{
    switch (version) {
    case OFP12_VERSION:
    case OFP13_VERSION:
    case OFP14_VERSION:
    case OFP15_VERSION:
        return match_decode13(rd, m);
    case OFP10_VERSION:
        return match_decode10(rd, m);
    default:
        return OFM_ERR_BAD_VERSION;
    }
}
