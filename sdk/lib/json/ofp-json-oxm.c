/* ofp-json-oxm.c: OXM fields, OpenFlow 1.3 matches, OpenFlow 1.0 matches,
 * and the OXM ids of table features, in Ryu's JSON form.
 *
 * An OXM TLV is {"OXMTlv": {"field": NAME, "value": V, "mask": M or null}}
 * with V and M typed by the field: integers, "aa:bb:..." MAC addresses,
 * IPv4 or IPv6 text.  Fields Ryu knows by name are the OpenFlow basic ones
 * (ofm/ofp.h's OFM_OXM_FIELDS), the Nicira NXM ones and a few ONF and
 * Nicira experimenter ones; any other field is "field_N" (N = class << 7 |
 * field, as Ryu names them) with base64 value and mask, the experimenter
 * id (class 0xffff) being the first four bytes of the value. */
#include "ofp-json-private.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum vtype { VT_INT, VT_MAC, VT_IPV4, VT_IPV6 };

struct oxm_field {
    const char *name;
    uint16_t oxm_class;
    uint8_t field;
    uint8_t size;               /* Value bytes. */
    uint8_t vtype;              /* enum vtype. */
    uint32_t exp;               /* Experimenter id (class 0xffff). */
    uint16_t exp_type;          /* Old-style ONF exp_type (pbb_uca). */
    uint8_t versions;           /* OJ_V() bits; 0: every version. */
};

/* OpenFlow basic fields, from ofm/ofp.h. */
static const struct oxm_field basic_fields[] = {
#define OJ_OXM_BASIC(ENUM, ID, NAME, LEN, MASKABLE) \
    { NAME, OFPXMC_OPENFLOW_BASIC, ID, LEN, VT_INT, 0, 0, 0 },
    OFM_OXM_FIELDS(OJ_OXM_BASIC)
#undef OJ_OXM_BASIC
};

/* The value type of basic field 'id': addresses are text in Ryu's JSON. */
static enum vtype
basic_vtype(unsigned int id)
{
    switch (id) {
    case OFPXMT_ETH_DST: case OFPXMT_ETH_SRC: case OFPXMT_ARP_SHA:
    case OFPXMT_ARP_THA: case OFPXMT_IPV6_ND_SLL: case OFPXMT_IPV6_ND_TLL:
        return VT_MAC;
    case OFPXMT_IPV4_SRC: case OFPXMT_IPV4_DST: case OFPXMT_ARP_SPA:
    case OFPXMT_ARP_TPA:
        return VT_IPV4;
    case OFPXMT_IPV6_SRC: case OFPXMT_IPV6_DST: case OFPXMT_IPV6_ND_TARGET:
        return VT_IPV6;
    default:
        return VT_INT;
    }
}

#define NXM0(NAME, F, SIZE, VT) { NAME, OFPXMC_NXM_0, F, SIZE, VT, 0, 0, 0 }
#define NXM1(NAME, F, SIZE, VT) { NAME, OFPXMC_NXM_1, F, SIZE, VT, 0, 0, 0 }
#define EXP(NAME, F, SIZE, VT, ID, ET, V) \
    { NAME, OFPXMC_EXPERIMENTER, F, SIZE, VT, ID, ET, V }
#define BASIC(NAME, F, SIZE, V) \
    { NAME, OFPXMC_OPENFLOW_BASIC, F, SIZE, VT_INT, 0, 0, V }
#define UPTO13 (OJ_V10 | OJ_V12 | OJ_V13)

/* Nicira (NXM) and experimenter fields Ryu names in OpenFlow 1.3.  Ryu's
 * 128-bit fields (ct_label, xxreg0..3) are left out: JSON integers here
 * stop at 64 bits, so they go through as "field_N". */
static const struct oxm_field ext_fields[] = {
    NXM0("in_port_nxm", 0, 2, VT_INT),
    NXM0("eth_dst_nxm", 1, 6, VT_MAC),
    NXM0("eth_src_nxm", 2, 6, VT_MAC),
    NXM0("eth_type_nxm", 3, 2, VT_INT),
    NXM0("vlan_tci", 4, 2, VT_INT),
    NXM0("nw_tos", 5, 1, VT_INT),
    NXM0("ip_proto_nxm", 6, 1, VT_INT),
    NXM0("ipv4_src_nxm", 7, 4, VT_IPV4),
    NXM0("ipv4_dst_nxm", 8, 4, VT_IPV4),
    NXM0("tcp_src_nxm", 9, 2, VT_INT),
    NXM0("tcp_dst_nxm", 10, 2, VT_INT),
    NXM0("udp_src_nxm", 11, 2, VT_INT),
    NXM0("udp_dst_nxm", 12, 2, VT_INT),
    NXM0("icmpv4_type_nxm", 13, 1, VT_INT),
    NXM0("icmpv4_code_nxm", 14, 1, VT_INT),
    NXM0("arp_op_nxm", 15, 2, VT_INT),
    NXM0("arp_spa_nxm", 16, 4, VT_IPV4),
    NXM0("arp_tpa_nxm", 17, 4, VT_IPV4),
    NXM1("reg0", 0, 4, VT_INT), NXM1("reg1", 1, 4, VT_INT),
    NXM1("reg2", 2, 4, VT_INT), NXM1("reg3", 3, 4, VT_INT),
    NXM1("reg4", 4, 4, VT_INT), NXM1("reg5", 5, 4, VT_INT),
    NXM1("reg6", 6, 4, VT_INT), NXM1("reg7", 7, 4, VT_INT),
    NXM1("reg8", 8, 4, VT_INT), NXM1("reg9", 9, 4, VT_INT),
    NXM1("reg10", 10, 4, VT_INT), NXM1("reg11", 11, 4, VT_INT),
    NXM1("reg12", 12, 4, VT_INT), NXM1("reg13", 13, 4, VT_INT),
    NXM1("reg14", 14, 4, VT_INT), NXM1("reg15", 15, 4, VT_INT),
    NXM1("tunnel_id_nxm", 16, 8, VT_INT),
    NXM1("arp_sha_nxm", 17, 6, VT_MAC),
    NXM1("arp_tha_nxm", 18, 6, VT_MAC),
    NXM1("ipv6_src_nxm", 19, 16, VT_IPV6),
    NXM1("ipv6_dst_nxm", 20, 16, VT_IPV6),
    NXM1("icmpv6_type_nxm", 21, 1, VT_INT),
    NXM1("icmpv6_code_nxm", 22, 1, VT_INT),
    NXM1("nd_target", 23, 16, VT_IPV6),
    NXM1("nd_sll", 24, 6, VT_MAC),
    NXM1("nd_tll", 25, 6, VT_MAC),
    NXM1("ip_frag", 26, 1, VT_INT),
    NXM1("ipv6_label", 27, 4, VT_INT),
    NXM1("ip_ecn_nxm", 28, 1, VT_INT),
    NXM1("nw_ttl", 29, 1, VT_INT),
    NXM1("mpls_ttl", 30, 1, VT_INT),
    NXM1("tun_ipv4_src", 31, 4, VT_IPV4),
    NXM1("tun_ipv4_dst", 32, 4, VT_IPV4),
    NXM1("pkt_mark", 33, 4, VT_INT),
    NXM1("tcp_flags_nxm", 34, 2, VT_INT),
    NXM1("_recirc_id", 36, 4, VT_INT),
    NXM1("conj_id", 37, 4, VT_INT),
    NXM1("tun_gbp_id", 38, 2, VT_INT),
    NXM1("tun_gbp_flags", 39, 1, VT_INT),
    NXM1("tun_flags", 104, 2, VT_INT),
    NXM1("ct_state", 105, 4, VT_INT),
    NXM1("ct_zone", 106, 2, VT_INT),
    NXM1("ct_mark", 107, 4, VT_INT),
    NXM1("tun_ipv6_src", 109, 16, VT_IPV6),
    NXM1("tun_ipv6_dst", 110, 16, VT_IPV6),
    /* Fields that became basic ones: experimenter ones before. */
    EXP("pbb_uca", 0, 1, VT_INT, OJ_ONF_VENDOR_ID, OJ_ONF_PBB_UCA_EXP_TYPE,
        UPTO13),
    BASIC("pbb_uca", 41, 1, OJ_V14 | OJ_V15),
    EXP("tcp_flags", 42, 2, VT_INT, OJ_ONF_VENDOR_ID, 0, UPTO13 | OJ_V14),
    EXP("actset_output", 43, 4, VT_INT, OJ_ONF_VENDOR_ID, 0,
        UPTO13 | OJ_V14),
    BASIC("tcp_flags", 42, 2, OJ_V15),
    BASIC("actset_output", 43, 4, OJ_V15),
    BASIC("packet_type", 44, 4, OJ_V15),
    EXP("_dp_hash", 0, 4, VT_INT, OJ_NX_VENDOR_ID, 0, 0),
};

#define N_BASIC (sizeof basic_fields / sizeof *basic_fields)
#define N_EXT (sizeof ext_fields / sizeof *ext_fields)

static const struct oxm_field *
field_at(size_t i)
{
    return i < N_BASIC ? &basic_fields[i] : &ext_fields[i - N_BASIC];
}

static enum vtype
vtype_of(const struct oxm_field *f)
{
    return (f->oxm_class == OFPXMC_OPENFLOW_BASIC ? basic_vtype(f->field)
            : (enum vtype) f->vtype);
}

/* Finds the field of class 'cls' and number 'field' (for class 0xffff, of
 * experimenter 'exp' and old-style ONF 'exp_type'). */
static bool
in_version(const struct oxm_field *f, uint8_t version)
{
    return !f->versions || !version || (f->versions & OJ_V(version));
}

static const struct oxm_field *
lookup_num(uint8_t version, uint16_t cls, uint8_t field, uint32_t exp,
           uint16_t exp_type)
{
    for (size_t i = 0; i < N_BASIC + N_EXT; i++) {
        const struct oxm_field *f = field_at(i);
        if (f->oxm_class == cls && f->field == field && in_version(f, version)
            && (cls != OFPXMC_EXPERIMENTER
                || (f->exp == exp && f->exp_type == exp_type))) {
            return f;
        }
    }
    return NULL;
}

static const struct oxm_field *
lookup_name(uint8_t version, const char *name)
{
    for (size_t i = 0; i < N_BASIC + N_EXT; i++) {
        const struct oxm_field *f = field_at(i);
        if (!strcmp(f->name, name) && in_version(f, version)) {
            return f;
        }
    }
    return NULL;
}

/* Parses "field_N" into 'n' (N < 2^23, the 16-bit class and 7-bit
 * field). */
static bool
parse_field_n(const char *name, uint32_t *n)
{
    if (strncmp(name, "field_", 6) || !name[6]) {
        return false;
    }
    uint32_t v = 0;
    for (const char *p = name + 6; *p; p++) {
        if (*p < '0' || *p > '9' || v >= 1u << 23) {
            return false;
        }
        v = v * 10 + (uint32_t) (*p - '0');
    }
    if (v >= 1u << 23 || (name[6] == '0' && name[7])) {
        return false;
    }
    *n = v;
    return true;
}

static json_t *
typed_value(const struct oxm_field *f, const uint8_t *p)
{
    char buf[INET6_ADDRSTRLEN];
    switch (vtype_of(f)) {
    case VT_MAC:
        ofm_oj_fmt_mac(buf, p);
        return json_string(buf);
    case VT_IPV4:
        inet_ntop(AF_INET, p, buf, sizeof buf);
        return json_string(buf);
    case VT_IPV6:
        inet_ntop(AF_INET6, p, buf, sizeof buf);
        return json_string(buf);
    default: {
        uint64_t v = 0;
        for (size_t i = 0; i < f->size; i++) {
            v = v << 8 | p[i];
        }
        return ofm_oj_uint(v);
    }
    }
}

/* Decodes one OXM TLV from 'rd' into {"OXMTlv": {...}}. */
json_t *
ofm_oj_decode_oxm(struct oj_dec *d, struct ofm_rd *rd)
{
    const uint8_t *p = rd->p;
    if (rd->left < 4) {
        ofm_oj_fail(d, p, OFM_ERR_BAD_MATCH_LEN, "OXM field truncated: %zu "
                    "bytes left, its header needs 4", rd->left);
        return NULL;
    }
    uint32_t h = ofm_get32(p);
    uint16_t cls = OFM_OXM_CLASS(h);
    uint8_t field = OFM_OXM_FIELD(h);
    bool hasmask = OFM_OXM_HASMASK(h);
    size_t len = OFM_OXM_LENGTH(h);
    if (!len) {
        ofm_oj_fail(d, p, OFM_ERR_BAD_MATCH_LEN, "zero-length OXM field "
                    "(class 0x%04x, field %u)", cls, field);
        return NULL;
    }
    if (len > rd->left - 4) {
        ofm_oj_fail(d, p, OFM_ERR_BAD_MATCH_LEN, "OXM field length %zu "
                    "exceeds the %zu bytes left", len, rd->left - 4);
        return NULL;
    }
    const uint8_t *payload = p + 4;

    const struct oxm_field *f;
    size_t hdr = 0;
    if (cls == OFPXMC_EXPERIMENTER) {
        if (len <= 4) {
            ofm_oj_fail(d, p, OFM_ERR_BAD_MATCH_LEN, "experimenter OXM field "
                        "length %zu leaves no room for a value", len);
            return NULL;
        }
        uint32_t exp = ofm_get32(payload);
        hdr = 4;
        f = NULL;
        if (exp == OJ_ONF_VENDOR_ID && field == 0 && len > 6) {
            f = lookup_num(d->version, cls, field, exp,
                           ofm_get16(payload + 4));
            hdr = f ? 6 : 4;
        } else {
            f = lookup_num(d->version, cls, field, exp, 0);
        }
    } else {
        f = lookup_num(d->version, cls, field, 0, 0);
    }

    size_t vlen = len - hdr;
    json_t *value, *mask;
    char name[32];
    if (f) {
        if (vlen != (size_t) f->size * (hasmask ? 2 : 1)) {
            ofm_oj_fail(d, p, OFM_ERR_BAD_MATCH_LEN, "OXM field %s%s has "
                        "length %zu, not %zu", f->name,
                        hasmask ? " (masked)" : "", len,
                        hdr + f->size * (hasmask ? 2 : 1));
            return NULL;
        }
        value = typed_value(f, payload + hdr);
        mask = hasmask ? typed_value(f, payload + hdr + f->size) : json_null();
        snprintf(name, sizeof name, "%s", f->name);
    } else {
        if (hasmask && vlen % 2) {
            ofm_oj_fail(d, p, OFM_ERR_BAD_MATCH_LEN, "masked OXM field "
                        "(class 0x%04x, field %u) has an odd value and mask "
                        "length %zu", cls, field, vlen);
            return NULL;
        }
        size_t vsize = hasmask ? vlen / 2 : vlen;
        value = ofm_oj_base64(payload, hdr + vsize);
        mask = (hasmask ? ofm_oj_base64(payload + hdr + vsize, vsize)
                : json_null());
        snprintf(name, sizeof name, "field_%"PRIu32,
                 (uint32_t) cls << 7 | field);
    }
    ofm_rd_skip(rd, 4 + len);

    json_t *obj = json_object();
    json_object_set_new(obj, "field", json_string(name));
    json_object_set_new(obj, "mask", mask);
    json_object_set_new(obj, "value", value);
    return ofm_oj_wrap("OXMTlv", obj);
}

/* Appends the wire form of the typed JSON 'j' (a value or mask of field
 * 'f') to e->out. */
static bool
put_typed(struct oj_enc *e, const struct oxm_field *f, const json_t *j,
          const char *key)
{
    uint8_t buf[16];
    enum vtype vt = vtype_of(f);
    if (vt == VT_INT) {
        if (!json_is_integer(j)) {
            return ofm_oj_efail(e, "'%s' of %s must be an integer", key,
                                f->name);
        }
        uint64_t v = (uint64_t) json_integer_value(j);
        if (f->size < 8 && v >> (8 * f->size)) {
            return ofm_oj_efail(e, "'%s' of %s does not fit in %u bytes",
                                key, f->name, f->size);
        }
        for (size_t i = f->size; i-- > 0; v >>= 8) {
            buf[i] = (uint8_t) v;
        }
    } else {
        const char *s = json_is_string(j) ? json_string_value(j) : NULL;
        bool ok = (s && strlen(s) == json_string_length(j)
                   && (vt == VT_MAC ? ofm_oj_parse_mac(s, buf)
                       : inet_pton(vt == VT_IPV4 ? AF_INET : AF_INET6,
                                   s, buf) == 1));
        if (!ok) {
            return ofm_oj_efail(e, "'%s' of %s is not %s", key, f->name,
                                vt == VT_MAC ? "a MAC address"
                                : vt == VT_IPV4 ? "an IPv4 address"
                                : "an IPv6 address");
        }
    }
    ofm_buf_put(e->out, buf, f->size);
    return true;
}

static bool
bytes_of(struct oj_enc *e, const json_t *j, const char *key,
         struct ofm_buf *b)
{
    if (!json_is_string(j)
        || !ofm_oj_unbase64(json_string_value(j), json_string_length(j), b)) {
        return ofm_oj_efail(e, "'%s' of an unknown field must be base64",
                            key);
    }
    return true;
}

/* Encodes an unknown field "field_N" from base64 value and mask. */
static bool
encode_unknown_oxm(struct oj_enc *e, uint32_t n, const char *name,
                   const json_t *value, const json_t *mask)
{
    uint16_t cls = (uint16_t) (n >> 7);
    uint8_t field = n & 0x7f;
    size_t hdr = cls == OFPXMC_EXPERIMENTER ? 4 : 0;
    struct ofm_buf v, m;
    ofm_buf_init(&v);
    ofm_buf_init(&m);
    bool ok = bytes_of(e, value, "value", &v)
              && (!mask || bytes_of(e, mask, "mask", &m));
    if (ok && v.size <= hdr) {
        ok = ofm_oj_efail(e, "'value' of %s must have more than %zu bytes",
                          name, hdr);
    }
    if (ok && mask && m.size != v.size - hdr) {
        ok = ofm_oj_efail(e, "'mask' of %s must have %zu bytes", name,
                          v.size - hdr);
    }
    if (ok && v.size + m.size > 255) {
        ok = ofm_oj_efail(e, "%s is longer than 255 bytes", name);
    }
    if (ok) {
        size_t start = e->out->size;
        ofm_buf_put_be32(e->out, OFM_OXM_HEADER(cls, field, mask != NULL,
                                                v.size + m.size));
        ofm_buf_put(e->out, v.data, v.size);
        if (m.size) {
            ofm_buf_put(e->out, m.data, m.size);
        }

        /* Bytes that would decode as a named field, or not at all, would
         * not come back as "field_N": refuse them here. */
        struct oj_dec d = { .base = e->out->data + start,
                            .size = e->out->size - start,
                            .version = e->version };
        struct ofm_rd rd = ofm_rd_init(d.base, d.size);
        json_t *j = ofm_oj_decode_oxm(&d, &rd);
        const json_t *inner = j ? json_object_get(j, "OXMTlv") : NULL;
        const char *got = (inner ? json_string_value(json_object_get(inner,
                                                                     "field"))
                           : NULL);
        if (!got) {
            ok = ofm_oj_efail(e, "%s: %s", name, d.msg);
        } else if (strcmp(got, name)) {
            ok = ofm_oj_efail(e, "%s is field %s: use its name", name, got);
        }
        json_decref(j);
    }
    ofm_buf_uninit(&v);
    ofm_buf_uninit(&m);
    return ok;
}

/* Appends the OXM TLV described by {"OXMTlv": {...}} 'tlv' to e->out. */
bool
ofm_oj_encode_oxm(struct oj_enc *e, const json_t *tlv)
{
    static const char *const keys[] = { "field", "value", "mask" };
    const char *cls_name;
    const json_t *obj = ofm_oj_unwrap(e, tlv, &cls_name);
    if (!obj) {
        return false;
    }
    if (strcmp(cls_name, "OXMTlv")) {
        return ofm_oj_efail(e, "expected OXMTlv, not %s", cls_name);
    }
    size_t old = ofm_oj_path_push(e, ".OXMTlv");
    bool ok = ofm_oj_check_keys(e, obj, keys, 3);
    const json_t *jfield = json_object_get(obj, "field");
    const json_t *value = json_object_get(obj, "value");
    const json_t *mask = json_object_get(obj, "mask");
    const char *name = json_string_value(jfield);
    if (mask && json_is_null(mask)) {
        mask = NULL;
    }
    if (ok && !name) {
        ok = ofm_oj_efail(e, "'field' must be a field name");
    }
    if (ok && !value) {
        ok = ofm_oj_efail(e, "missing 'value'");
    }
    if (ok) {
        const struct oxm_field *f = lookup_name(e->version, name);
        uint32_t n;
        if (f) {
            size_t hdr = f->exp ? (f->exp_type ? 6 : 4) : 0;
            size_t len = hdr + f->size * (mask ? 2 : 1);
            ofm_buf_put_be32(e->out, OFM_OXM_HEADER(f->oxm_class, f->field,
                                                    mask != NULL, len));
            if (f->exp) {
                ofm_buf_put_be32(e->out, f->exp);
            }
            if (f->exp_type) {
                ofm_buf_put_be16(e->out, f->exp_type);
            }
            ok = (put_typed(e, f, value, "value")
                  && (!mask || put_typed(e, f, mask, "mask")));
        } else if (parse_field_n(name, &n)) {
            ok = encode_unknown_oxm(e, n, name, value, mask);
        } else {
            ok = ofm_oj_efail(e, "unknown OXM field '%s'", name);
        }
    }
    ofm_oj_path_pop(e, old);
    return ok;
}

/* Decodes the OXM TLVs in 'rd' (all of it) into a JSON array. */
static json_t *
decode_oxm_list(struct oj_dec *d, struct ofm_rd *rd)
{
    json_t *a = json_array();
    while (rd->left) {
        json_t *j = ofm_oj_decode_oxm(d, rd);
        if (!j) {
            json_decref(a);
            return NULL;
        }
        json_array_append_new(a, j);
    }
    return a;
}

static json_t *
match_json(json_t *fields, size_t length)
{
    json_t *obj = json_object();
    json_object_set_new(obj, "type", ofm_oj_uint(OFPMT_OXM));
    json_object_set_new(obj, "length", ofm_oj_uint(length));
    json_object_set_new(obj, "oxm_fields", fields);
    return ofm_oj_wrap("OFPMatch", obj);
}

/* Decodes an OpenFlow 1.3 struct ofp_match and its padding from 'rd'. */
json_t *
ofm_oj_decode_match13(struct oj_dec *d, struct ofm_rd *rd)
{
    const uint8_t *p = rd->p;
    if (rd->left < 4) {
        ofm_oj_fail(d, p, OFM_ERR_BAD_MATCH_LEN, "match truncated: %zu "
                    "bytes left, its header needs 4", rd->left);
        return NULL;
    }
    uint16_t type = ofm_get16(p);
    size_t length = ofm_get16(p + 2);
    if (type != OFPMT_OXM) {
        ofm_oj_fail(d, p, OFM_ERR_BAD_MATCH_TYPE, "match type %u is not "
                    "OFPMT_OXM (1)", type);
        return NULL;
    }
    if (length < 4) {
        ofm_oj_fail(d, p, OFM_ERR_BAD_MATCH_LEN, "match length %zu is "
                    "shorter than its 4-byte header", length);
        return NULL;
    }
    size_t padded = OJ_ROUND_UP(length, 8);
    if (padded > rd->left) {
        ofm_oj_fail(d, p, OFM_ERR_BAD_MATCH_LEN, "match length %zu (%zu "
                    "padded) exceeds the %zu bytes left", length, padded,
                    rd->left);
        return NULL;
    }
    struct ofm_rd sub = ofm_rd_init(p + 4, length - 4);
    ofm_rd_skip(rd, padded);
    json_t *fields = decode_oxm_list(d, &sub);
    return fields ? match_json(fields, length) : NULL;
}

/* Appends the OXM TLVs of 'obj' (the inner object of an OFPMatch). */
static bool
encode_oxm_list(struct oj_enc *e, const json_t *obj)
{
    const json_t *a = json_object_get(obj, "oxm_fields");
    if (a && !json_is_null(a) && !json_is_array(a)) {
        return ofm_oj_efail(e, "'oxm_fields' must be an array");
    }
    for (size_t i = 0; i < json_array_size(a); i++) {
        size_t old = ofm_oj_path_push(e, ".oxm_fields[%zu]", i);
        bool ok = ofm_oj_encode_oxm(e, json_array_get(a, i));
        ofm_oj_path_pop(e, old);
        if (!ok) {
            return false;
        }
    }
    return true;
}

/* Checks that 'match' is {"OFPMatch": {...}} (NULL: an empty match) and
 * returns the inner object. */
static const json_t *
match_obj(struct oj_enc *e, const json_t *match, bool *ok)
{
    static const char *const keys[] = { "type", "length", "oxm_fields" };
    const char *name;
    *ok = true;
    if (!match || json_is_null(match)) {
        return NULL;
    }
    const json_t *obj = ofm_oj_unwrap(e, match, &name);
    if (!obj) {
        *ok = false;
    } else if (strcmp(name, "OFPMatch")) {
        *ok = ofm_oj_efail(e, "expected OFPMatch, not %s", name);
    } else {
        ofm_oj_path_push(e, ".OFPMatch");
        *ok = ofm_oj_check_keys(e, obj, keys, 3);
    }
    return obj;
}

bool
ofm_oj_encode_match13(struct oj_enc *e, const json_t *match)
{
    size_t old = e->path_len;
    bool ok;
    const json_t *obj = match_obj(e, match, &ok);
    size_t start = e->out->size;
    ofm_buf_put_be16(e->out, OFPMT_OXM);
    ofm_buf_put_be16(e->out, 0);
    ok = ok && encode_oxm_list(e, obj);
    if (ok) {
        size_t length = e->out->size - start;
        ofm_oj_patch16(e, start + 2, length, "match");
        ofm_buf_put_zeros(e->out, OJ_ROUND_UP(length, 8) - length);
    }
    ofm_oj_path_pop(e, old);
    return ok && !e->error;
}

/* ONF flow monitor requests carry bare OXM TLVs of "match_len" bytes
 * (an OJ_CURLEN field) padded to 8; Ryu shows them as an OFPMatch whose
 * length counts a 4-byte header that is not on the wire. */
static bool
onf_match_decode(struct oj_dec *d, struct ofm_rd *rd, json_t *obj, int err)
{
    size_t len = d->cur_len;
    size_t padded = OJ_ROUND_UP(len, 8);
    if (padded > rd->left) {
        return ofm_oj_fail(d, rd->p, OFM_ERR_BAD_MATCH_LEN, "match_len %zu "
                           "(%zu padded) exceeds the %zu bytes left", len,
                           padded, rd->left);
    }
    struct ofm_rd sub = ofm_rd_init(rd->p, len);
    ofm_rd_skip(rd, padded);
    json_t *fields = decode_oxm_list(d, &sub);
    if (!fields) {
        return false;
    }
    json_object_set_new(obj, "match", match_json(fields, len + 4));
    return true;
}

static bool
onf_match_encode(struct oj_enc *e, const json_t *obj, size_t start)
{
    size_t old = ofm_oj_path_push(e, ".match");
    bool ok;
    const json_t *m = match_obj(e, json_object_get(obj, "match"), &ok);
    size_t fields_start = e->out->size;
    ok = ok && encode_oxm_list(e, m);
    if (ok) {
        size_t len = e->out->size - fields_start;
        if (e->has_cur_len) {
            ofm_oj_patch16(e, e->cur_len_pos, len, "match");
        }
        ofm_buf_put_zeros(e->out, OJ_ROUND_UP(len, 8) - len);
    }
    ofm_oj_path_pop(e, old);
    return ok && !e->error;
}

const struct oj_hook ofm_oj_onf_match_hook = {
    onf_match_decode, onf_match_encode, { "match" },
};

/* OpenFlow 1.0 struct ofp_match: a fixed structure. */
static const struct oj_field match10_fields[] = {
    { "wildcards", OJ_U32, 0, NULL },
    { "in_port", OJ_U16, 0, NULL },
    { "dl_src", OJ_MAC, 0, NULL },
    { "dl_dst", OJ_MAC, 0, NULL },
    { "dl_vlan", OJ_U16, 0, NULL },
    { "dl_vlan_pcp", OJ_U8, 0, NULL },
    { NULL, OJ_PAD, 1, NULL },
    { "dl_type", OJ_U16, 0, NULL },
    { "nw_tos", OJ_U8, 0, NULL },
    { "nw_proto", OJ_U8, 0, NULL },
    { NULL, OJ_PAD, 2, NULL },
    { "nw_src", OJ_IPV4, 0, NULL },
    { "nw_dst", OJ_IPV4, 0, NULL },
    { "tp_src", OJ_U16, 0, NULL },
    { "tp_dst", OJ_U16, 0, NULL },
    { NULL, OJ_END, 0, NULL },
};
const struct oj_struct ofm_oj_match10 = { "OFPMatch", match10_fields };

/* Table features OXM ids: 32-bit OXM headers, followed by a 32-bit
 * experimenter id for class 0xffff.  Ryu names them by class and field
 * only (so experimenter ones are always "field_N"). */
static void
oxm_id_name(uint8_t version, char name[32], uint16_t cls, uint8_t field)
{
    const struct oxm_field *f = (cls == OFPXMC_EXPERIMENTER ? NULL
                                 : lookup_num(version, cls, field, 0, 0));
    if (f) {
        snprintf(name, 32, "%s", f->name);
    } else {
        snprintf(name, 32, "field_%"PRIu32, (uint32_t) cls << 7 | field);
    }
}

static bool
oxm_ids_decode(struct oj_dec *d, struct ofm_rd *rd, json_t *obj, int err)
{
    json_t *a = json_array();
    while (rd->left) {
        const uint8_t *p = rd->p;
        if (rd->left < 4) {
            json_decref(a);
            return ofm_oj_fail(d, p, err, "OXM id truncated: %zu bytes "
                               "left, 4 needed", rd->left);
        }
        uint32_t h = ofm_get32(p);
        uint16_t cls = OFM_OXM_CLASS(h);
        bool exp = cls == OFPXMC_EXPERIMENTER;
        if (exp && rd->left < 8) {
            json_decref(a);
            return ofm_oj_fail(d, p, err, "experimenter OXM id truncated: "
                               "%zu bytes left, 8 needed", rd->left);
        }
        char name[32];
        oxm_id_name(d->version, name, cls, OFM_OXM_FIELD(h));
        json_t *id = json_object();
        json_object_set_new(id, "type", json_string(name));
        json_object_set_new(id, "hasmask", ofm_oj_uint(OFM_OXM_HASMASK(h)));
        json_object_set_new(id, "length", ofm_oj_uint(OFM_OXM_LENGTH(h)));
        if (exp) {
            json_object_set_new(id, "exp_id", ofm_oj_uint(ofm_get32(p + 4)));
        }
        json_array_append_new(a, ofm_oj_wrap(exp ? "OFPExperimenterOxmId"
                                             : "OFPOxmId", id));
        ofm_rd_skip(rd, exp ? 8 : 4);
    }
    json_object_set_new(obj, "oxm_ids", a);
    return true;
}

static bool
encode_oxm_id(struct oj_enc *e, const json_t *item)
{
    static const char *const keys[] = { "type", "hasmask", "length",
                                        "exp_id" };
    const char *cls_name;
    const json_t *obj = ofm_oj_unwrap(e, item, &cls_name);
    if (!obj) {
        return false;
    }
    bool exp = !strcmp(cls_name, "OFPExperimenterOxmId");
    if (!exp && strcmp(cls_name, "OFPOxmId")) {
        return ofm_oj_efail(e, "expected OFPOxmId or OFPExperimenterOxmId, "
                            "not %s", cls_name);
    }
    ofm_oj_path_push(e, ".%s", cls_name);
    if (!ofm_oj_check_keys(e, obj, keys, exp ? 4 : 3)) {
        return false;
    }
    const char *name = json_string_value(json_object_get(obj, "type"));
    const struct oxm_field *f = name ? lookup_name(e->version, name) : NULL;
    uint32_t n;
    if (f && f->oxm_class != OFPXMC_EXPERIMENTER) {
        n = (uint32_t) f->oxm_class << 7 | f->field;
    } else if (!name || !parse_field_n(name, &n)) {
        return ofm_oj_efail(e, "'type' must name a non-experimenter OXM "
                            "field or be \"field_N\"");
    }
    if (exp != (n >> 7 == OFPXMC_EXPERIMENTER)) {
        return ofm_oj_efail(e, "%s is %san experimenter OXM field", name,
                            exp ? "not " : "");
    }
    uint64_t hasmask, length, exp_id;
    if (!ofm_oj_get_uint(e, obj, "hasmask", 1, &hasmask)
        || !ofm_oj_get_uint(e, obj, "length", 8, &length)
        || !ofm_oj_get_uint(e, obj, "exp_id", 32, &exp_id)) {
        return false;
    }
    ofm_buf_put_be32(e->out, OFM_OXM_HEADER(n >> 7, n & 0x7f, hasmask,
                                            length));
    if (exp) {
        ofm_buf_put_be32(e->out, (uint32_t) exp_id);
    }
    return true;
}

static bool
oxm_ids_encode(struct oj_enc *e, const json_t *obj, size_t start)
{
    const json_t *a = json_object_get(obj, "oxm_ids");
    if (a && !json_is_null(a) && !json_is_array(a)) {
        return ofm_oj_efail(e, "'oxm_ids' must be an array");
    }
    for (size_t i = 0; i < json_array_size(a); i++) {
        size_t old = ofm_oj_path_push(e, ".oxm_ids[%zu]", i);
        bool ok = encode_oxm_id(e, json_array_get(a, i));
        ofm_oj_path_pop(e, old);
        if (!ok) {
            return false;
        }
    }
    return true;
}

const struct oj_hook ofm_oj_oxm_ids_hook = {
    oxm_ids_decode, oxm_ids_encode, { "oxm_ids" },
};

/* OpenFlow 1.5 table feature property OXM values: OXM TLVs to the end. */
static bool
oxm_values_decode(struct oj_dec *d, struct ofm_rd *rd, json_t *obj, int err)
{
    json_t *a = decode_oxm_list(d, rd);
    if (!a) {
        return false;
    }
    json_object_set_new(obj, "oxm_values", a);
    return true;
}

static bool
oxm_values_encode(struct oj_enc *e, const json_t *obj, size_t start)
{
    const json_t *a = json_object_get(obj, "oxm_values");
    if (a && !json_is_null(a) && !json_is_array(a)) {
        return ofm_oj_efail(e, "'oxm_values' must be an array");
    }
    for (size_t i = 0; i < json_array_size(a); i++) {
        size_t old = ofm_oj_path_push(e, ".oxm_values[%zu]", i);
        bool ok = ofm_oj_encode_oxm(e, json_array_get(a, i));
        ofm_oj_path_pop(e, old);
        if (!ok) {
            return false;
        }
    }
    return true;
}

const struct oj_hook ofm_oj_oxm_values_hook = {
    oxm_values_decode, oxm_values_encode, { "oxm_values" },
};

/* OpenFlow 1.5 OXS statistics (struct ofp_stats): a reserved 16-bit word,
 * a length, OXS TLVs, padding to 8 bytes.  Ryu shows it as "stats":
 * {"OFPStats": {"length": L, "oxs_fields": [{"OXSTlv": {"field": NAME,
 * "value": V}}]}}, durations being [seconds, nanoseconds]. */
#define OXSC_OPENFLOW_BASIC 0x8002

struct oxs_field {
    const char *name;
    uint8_t field;
    uint8_t size;
    bool pair;                  /* Two 32-bit words. */
};

static const struct oxs_field oxs_fields[] = {
    { "duration", 0, 8, true },
    { "idle_time", 1, 8, true },
    { "flow_count", 3, 4, false },
    { "packet_count", 4, 8, false },
    { "byte_count", 5, 8, false },
};
#define N_OXS (sizeof oxs_fields / sizeof *oxs_fields)

/* Reads an ofp_stats into 'obj' under 'key' ("stats"; a stat trigger's
 * "thresholds"). */
static bool
oxs_decode_as(struct oj_dec *d, struct ofm_rd *rd, json_t *obj, int err,
              const char *key)
{
    const uint8_t *p = rd->p;
    if (rd->left < 4) {
        return ofm_oj_fail(d, p, err, "stats truncated: %zu bytes left, "
                           "its header needs 4", rd->left);
    }
    size_t length = ofm_get16(p + 2);
    size_t padded = OJ_ROUND_UP(length, 8);
    if (length < 4 || padded > rd->left) {
        return ofm_oj_fail(d, p + 2, err, "stats length %zu is shorter than "
                           "4 or exceeds the %zu bytes left", length,
                           rd->left);
    }
    struct ofm_rd sub = ofm_rd_init(p + 4, length - 4);
    ofm_rd_skip(rd, padded);
    json_t *a = json_array();
    while (sub.left) {
        const uint8_t *q = sub.p;
        if (sub.left < 4) {
            json_decref(a);
            return ofm_oj_fail(d, q, err, "OXS field truncated: %zu bytes "
                               "left, its header needs 4", sub.left);
        }
        uint32_t h = ofm_get32(q);
        uint16_t cls = h >> 16;
        uint8_t field = (h >> 9) & 0x7f;
        size_t len = h & 0xff;
        const struct oxs_field *f = NULL;
        for (size_t i = 0; i < N_OXS && cls == OXSC_OPENFLOW_BASIC; i++) {
            if (oxs_fields[i].field == field) {
                f = &oxs_fields[i];
            }
        }
        if (!f) {
            json_decref(a);
            return ofm_oj_fail(d, q, err, "unknown OXS field (class 0x%04x, "
                               "field %u)", cls, field);
        }
        if (len != f->size || sub.left - 4 < len) {
            json_decref(a);
            return ofm_oj_fail(d, q, err, "OXS field %s has length %zu, not "
                               "%u, or exceeds the %zu bytes left", f->name,
                               len, f->size, sub.left - 4);
        }
        json_t *value;
        if (f->pair) {
            value = json_array();
            json_array_append_new(value, ofm_oj_uint(ofm_get32(q + 4)));
            json_array_append_new(value, ofm_oj_uint(ofm_get32(q + 8)));
        } else {
            value = ofm_oj_uint(f->size == 4 ? ofm_get32(q + 4)
                                : ofm_get64(q + 4));
        }
        json_t *tlv = json_object();
        json_object_set_new(tlv, "field", json_string(f->name));
        json_object_set_new(tlv, "value", value);
        json_array_append_new(a, ofm_oj_wrap("OXSTlv", tlv));
        ofm_rd_skip(&sub, 4 + len);
    }
    json_t *stats = json_object();
    json_object_set_new(stats, "length", ofm_oj_uint(length));
    json_object_set_new(stats, "oxs_fields", a);
    json_object_set_new(obj, key, ofm_oj_wrap("OFPStats", stats));
    return true;
}

static bool
oxs_decode(struct oj_dec *d, struct ofm_rd *rd, json_t *obj, int err)
{
    return oxs_decode_as(d, rd, obj, err, "stats");
}

static bool
oxs_thresholds_decode(struct oj_dec *d, struct ofm_rd *rd, json_t *obj, int err)
{
    return oxs_decode_as(d, rd, obj, err, "thresholds");
}

static bool
encode_oxs(struct oj_enc *e, const json_t *item)
{
    static const char *const keys[] = { "field", "value" };
    const char *cls_name;
    const json_t *obj = ofm_oj_unwrap(e, item, &cls_name);
    if (!obj) {
        return false;
    }
    if (strcmp(cls_name, "OXSTlv")) {
        return ofm_oj_efail(e, "expected OXSTlv, not %s", cls_name);
    }
    if (!ofm_oj_check_keys(e, obj, keys, 2)) {
        return false;
    }
    const char *name = json_string_value(json_object_get(obj, "field"));
    const struct oxs_field *f = NULL;
    for (size_t i = 0; name && i < N_OXS; i++) {
        if (!strcmp(oxs_fields[i].name, name)) {
            f = &oxs_fields[i];
        }
    }
    if (!f) {
        return ofm_oj_efail(e, "'field' must name an OXS field");
    }
    const json_t *v = json_object_get(obj, "value");
    ofm_buf_put_be32(e->out, (uint32_t) OXSC_OPENFLOW_BASIC << 16
                     | (uint32_t) f->field << 9 | f->size);
    if (f->pair) {
        const json_t *sec = json_array_get(v, 0);
        const json_t *nsec = json_array_get(v, 1);
        if (json_array_size(v) != 2 || !json_is_integer(sec)
            || !json_is_integer(nsec)
            || (uint64_t) json_integer_value(sec) >> 32
            || (uint64_t) json_integer_value(nsec) >> 32) {
            return ofm_oj_efail(e, "'value' of %s must be [seconds, "
                                "nanoseconds]", name);
        }
        ofm_buf_put_be32(e->out, (uint32_t) json_integer_value(sec));
        ofm_buf_put_be32(e->out, (uint32_t) json_integer_value(nsec));
    } else {
        uint64_t x;
        if (!ofm_oj_get_uint(e, obj, "value", 8 * f->size, &x)) {
            return false;
        }
        if (f->size == 4) {
            ofm_buf_put_be32(e->out, (uint32_t) x);
        } else {
            ofm_buf_put_be64(e->out, x);
        }
    }
    return true;
}

/* Writes the ofp_stats of 'obj''s 'key', padded to 8 bytes. */
static bool
oxs_encode_as(struct oj_enc *e, const json_t *obj, const char *key)
{
    static const char *const keys[] = { "length", "oxs_fields" };
    const json_t *j = json_object_get(obj, key);
    const json_t *stats = NULL;
    size_t old = ofm_oj_path_push(e, ".%s", key);
    if (j && !json_is_null(j)) {
        const char *name;
        stats = ofm_oj_unwrap(e, j, &name);
        if (!stats) {
            return false;
        }
        if (strcmp(name, "OFPStats")) {
            return ofm_oj_efail(e, "expected OFPStats, not %s", name);
        }
        ofm_oj_path_push(e, ".OFPStats");
        if (!ofm_oj_check_keys(e, stats, keys, 2)) {
            return false;
        }
    }
    const json_t *a = json_object_get(stats, "oxs_fields");
    if (a && !json_is_null(a) && !json_is_array(a)) {
        return ofm_oj_efail(e, "'oxs_fields' must be an array");
    }
    size_t begin = e->out->size;
    ofm_buf_put_be16(e->out, 0);
    ofm_buf_put_be16(e->out, 0);
    for (size_t i = 0; i < json_array_size(a); i++) {
        size_t old_i = ofm_oj_path_push(e, ".oxs_fields[%zu]", i);
        bool ok = encode_oxs(e, json_array_get(a, i));
        ofm_oj_path_pop(e, old_i);
        if (!ok) {
            return false;
        }
    }
    size_t length = e->out->size - begin;
    ofm_oj_patch16(e, begin + 2, length, key);
    ofm_buf_put_zeros(e->out, OJ_ROUND_UP(length, 8) - length);
    ofm_oj_path_pop(e, old);
    return !e->error;
}

static bool
oxs_encode(struct oj_enc *e, const json_t *obj, size_t start)
{
    return oxs_encode_as(e, obj, "stats");
}

static bool
oxs_thresholds_encode(struct oj_enc *e, const json_t *obj, size_t start)
{
    return oxs_encode_as(e, obj, "thresholds");
}

const struct oj_hook ofm_oj_oxs_hook = {
    oxs_decode, oxs_encode, { "stats" },
};
const struct oj_hook ofm_oj_oxs_thresholds_hook = {
    oxs_thresholds_decode, oxs_thresholds_encode, { "thresholds" },
};

/* OpenFlow 1.5 copy-field: two OXM ids (source, destination), then zeros
 * up to 8 bytes. */
static bool
copy_field_ids_decode(struct oj_dec *d, struct ofm_rd *rd, json_t *obj,
                      int err)
{
    size_t n = 0;
    for (int i = 0; i < 2; i++) {
        if (rd->left < n + 4) {
            return ofm_oj_fail(d, rd->p + n, err, "copy-field OXM id "
                               "truncated");
        }
        n += OFM_OXM_CLASS(ofm_get32(rd->p + n)) == OFPXMC_EXPERIMENTER
             ? 8 : 4;
    }
    if (rd->left < n) {
        return ofm_oj_fail(d, rd->p, err, "copy-field OXM id truncated");
    }
    struct ofm_rd ids = ofm_rd_init(rd->p, n);
    ofm_rd_skip(rd, n);
    if (!oxm_ids_decode(d, &ids, obj, err)) {
        return false;
    }
    while (rd->left) {
        if (*rd->p) {
            return ofm_oj_fail(d, rd->p, err, "copy-field padding is not "
                               "zero");
        }
        ofm_rd_skip(rd, 1);
    }
    return true;
}

static bool
copy_field_ids_encode(struct oj_enc *e, const json_t *obj, size_t start)
{
    if (json_array_size(json_object_get(obj, "oxm_ids")) != 2) {
        return ofm_oj_efail(e, "'oxm_ids' must hold the source and the "
                            "destination");
    }
    if (!oxm_ids_encode(e, obj, start)) {
        return false;
    }
    size_t len = e->out->size - start;
    ofm_buf_put_zeros(e->out, OJ_ROUND_UP(len, 8) - len);
    return true;
}

const struct oj_hook ofm_oj_copy_field_hook = {
    copy_field_ids_decode, copy_field_ids_encode, { "oxm_ids" },
};

/* A bare 32-bit OXM/NXM header naming a field (Nicira reg_load, reg_move,
 * output_reg): Ryu shows the field's name, from its class and field only,
 * and writes it back unmasked with the field's length. */
json_t *
ofm_oj_decode_oxm_header(struct oj_dec *d, const uint8_t *p, int err)
{
    uint32_t h = ofm_get32(p);
    uint16_t cls = OFM_OXM_CLASS(h);
    if (cls == OFPXMC_EXPERIMENTER) {
        ofm_oj_fail(d, p, err, "experimenter OXM header where a field is "
                    "named");
        return NULL;
    }
    char name[32];
    oxm_id_name(d->version, name, cls, OFM_OXM_FIELD(h));
    return json_string(name);
}

bool
ofm_oj_encode_oxm_header(struct oj_enc *e, const json_t *j, const char *key)
{
    const char *name = json_string_value(j);
    const struct oxm_field *f = name ? lookup_name(e->version, name) : NULL;
    uint32_t n;
    if (f && f->oxm_class != OFPXMC_EXPERIMENTER) {
        ofm_buf_put_be32(e->out, OFM_OXM_HEADER(f->oxm_class, f->field, 0,
                                                f->size));
        return true;
    }
    /* A field this codec does not know: its length is unknown too. */
    if (!f && name && parse_field_n(name, &n)
        && n >> 7 != OFPXMC_EXPERIMENTER) {
        ofm_buf_put_be32(e->out, OFM_OXM_HEADER(n >> 7, n & 0x7f, 0, 0));
        return true;
    }
    return ofm_oj_efail(e, "'%s' must name a non-experimenter OXM or NXM "
                        "field", key);
}
