/* ofp-json-nx.c: the variable parts of the Nicira actions that are more
 * than a row of fixed fields, in Ryu's JSON form (nx_actions.py): learn's
 * flow specs, bundle's member list, controller2's properties, reg_load2's
 * OXM field and dec_ttl_cnt_ids' controller ids.
 *
 * Each hook decodes the bytes after the action's fixed fields and encodes
 * them back.  Decoding accepts only what encodes back to the same bytes
 * (zero padding, no more of it than the 8-byte alignment needs), so that a
 * decode/encode pass of what Open vSwitch writes is exact; controller2's
 * properties are the exception, see below. */
#include "ofp-json-private.h"

#include <string.h>

/* Checks that the rest of 'rd', the padding of an action of class 'what',
 * is zeros and shorter than 8 bytes, then skips it. */
static bool
decode_tail_pad(struct oj_dec *d, struct ofm_rd *rd, const char *what,
                int err)
{
    if (rd->left >= 8) {
        return ofm_oj_fail(d, rd->p, err, "%zu unexpected bytes at the end "
                           "of %s", rd->left, what);
    }
    for (size_t i = 0; i < rd->left; i++) {
        if (rd->p[i]) {
            return ofm_oj_fail(d, rd->p + i, err, "%s: nonzero padding",
                               what);
        }
    }
    ofm_rd_skip(rd, rd->left);
    return true;
}

/* Pads the action that starts at 'start' in e->out to 8 bytes. */
static void
put_tail_pad(struct oj_enc *e, size_t start)
{
    size_t len = e->out->size - start;
    ofm_buf_put_zeros(e->out, OJ_ROUND_UP(len, 8) - len);
}

/* Learn's flow specs (struct nx_flow_mod_spec): a 16-bit header (bit 13
 * the source kind, bits 11-12 the destination kind, the low 10 bits the
 * width, as Ryu reads it), the source (a field and offset, or an immediate
 * of the width rounded up to 16 bits), then the destination (a field and
 * offset; none for an output).  A zero header is padding. */
enum { SPEC_MATCH, SPEC_LOAD, SPEC_OUTPUT };
static const char *const spec_classes[] = {
    "NXFlowSpecMatch", "NXFlowSpecLoad", "NXFlowSpecOutput",
};
#define SPEC_SRC_IMM 0x2000
#define SPEC_N_BITS 0x3ff

/* Ryu shows a field and offset as ["reg1", 3]. */
static json_t *
decode_subfield(struct oj_dec *d, struct ofm_rd *rd, int err)
{
    if (rd->left < 6) {
        ofm_oj_fail(d, rd->p, err, "NXActionLearn spec truncated: %zu bytes "
                    "left, a field and offset need 6", rd->left);
        return NULL;
    }
    json_t *name = ofm_oj_decode_oxm_header(d, rd->p, err);
    if (!name) {
        return NULL;
    }
    ofm_rd_skip(rd, 4);
    json_t *a = json_array();
    json_array_append_new(a, name);
    json_array_append_new(a, ofm_oj_uint(ofm_rd_be16(rd)));
    return a;
}

static bool
encode_subfield(struct oj_enc *e, const json_t *j, const char *key)
{
    if (!json_is_array(j) || json_array_size(j) != 2
        || !json_is_string(json_array_get(j, 0))
        || !json_is_integer(json_array_get(j, 1))) {
        return ofm_oj_efail(e, "'%s' must be [field name, offset]", key);
    }
    json_int_t ofs = json_integer_value(json_array_get(j, 1));
    if (ofs < 0 || ofs > 0xffff) {
        return ofm_oj_efail(e, "'%s' offset %lld is not a 16-bit number",
                            key, (long long) ofs);
    }
    if (!ofm_oj_encode_oxm_header(e, json_array_get(j, 0), key)) {
        return false;
    }
    ofm_buf_put_be16(e->out, (uint16_t) ofs);
    return true;
}

/* Bytes of an immediate source 'n_bits' wide. */
static size_t
imm_size(unsigned int n_bits)
{
    return (n_bits + 15) / 16 * 2;
}

static json_t *
decode_imm(struct oj_dec *d, struct ofm_rd *rd, unsigned int n_bits, int err)
{
    size_t size = imm_size(n_bits);
    if (rd->left < size) {
        ofm_oj_fail(d, rd->p, err, "NXActionLearn spec truncated: %zu bytes "
                    "left, a %u-bit immediate needs %zu", rd->left, n_bits,
                    size);
        return NULL;
    }
    const uint8_t *p = ofm_rd_pull(rd, size);
    uint64_t v = 0;
    for (size_t i = 0; i < size; i++) {
        /* JSON integers stop at 64 bits: a wider immediate must have its
         * high bytes zero. */
        if (size - i > 8 && p[i]) {
            ofm_oj_fail(d, p + i, err, "NXActionLearn: %u-bit immediate "
                        "does not fit in 64 bits", n_bits);
            return NULL;
        }
        v = v << 8 | p[i];
    }
    if (v >> 63) {
        ofm_oj_fail(d, p, err, "NXActionLearn: immediate 0x%llx does not fit "
                    "in a JSON integer", (unsigned long long) v);
        return NULL;
    }
    return ofm_oj_uint(v);
}

static bool
encode_imm(struct oj_enc *e, const json_t *j, unsigned int n_bits)
{
    size_t size = imm_size(n_bits);
    json_int_t v = json_integer_value(j);
    if (v < 0 || (size < 8 && (uint64_t) v >> (8 * size))) {
        return ofm_oj_efail(e, "'src' %lld does not fit in %zu bytes "
                            "(n_bits %u)", (long long) v, size, n_bits);
    }
    for (size_t i = size; i-- > 0;) {
        ofm_buf_put_u8(e->out, i < 8 ? (uint8_t) ((uint64_t) v >> (8 * i))
                       : 0);
    }
    return true;
}

/* Decodes one spec whose header 'hdr' was just read. */
static json_t *
decode_spec(struct oj_dec *d, struct ofm_rd *rd, const uint8_t *p,
            uint16_t hdr, int err)
{
    unsigned int kind = (hdr >> 11) & 3;
    unsigned int n_bits = hdr & SPEC_N_BITS;
    if (hdr & 0xc400 || kind > SPEC_OUTPUT) {
        ofm_oj_fail(d, p, err, "NXActionLearn spec header 0x%04x has "
                    "reserved bits set", hdr);
        return NULL;
    }
    json_t *src = (hdr & SPEC_SRC_IMM ? decode_imm(d, rd, n_bits, err)
                   : decode_subfield(d, rd, err));
    if (!src) {
        return NULL;
    }
    json_t *dst = (kind == SPEC_OUTPUT ? json_string("")
                   : decode_subfield(d, rd, err));
    if (!dst) {
        json_decref(src);
        return NULL;
    }
    json_t *obj = json_object();
    json_object_set_new(obj, "src", src);
    json_object_set_new(obj, "dst", dst);
    json_object_set_new(obj, "n_bits", ofm_oj_uint(n_bits));
    return ofm_oj_wrap(spec_classes[kind], obj);
}

static bool
learn_specs_decode(struct oj_dec *d, struct ofm_rd *rd, json_t *obj, int err)
{
    json_t *specs = json_array();
    while (rd->left >= 2) {
        const uint8_t *p = rd->p;
        uint16_t hdr = ofm_get16(p);
        if (!hdr) {
            break;              /* The padding starts. */
        }
        ofm_rd_skip(rd, 2);
        json_t *spec = decode_spec(d, rd, p, hdr, err);
        if (!spec) {
            json_decref(specs);
            return false;
        }
        json_array_append_new(specs, spec);
    }
    json_object_set_new(obj, "specs", specs);
    return decode_tail_pad(d, rd, "NXActionLearn", err);
}

static bool
encode_spec(struct oj_enc *e, const json_t *spec)
{
    static const char *const keys[] = { "src", "dst", "n_bits" };
    const char *name;
    const json_t *obj = ofm_oj_unwrap(e, spec, &name);
    if (!obj) {
        return false;
    }
    unsigned int kind;
    for (kind = 0; kind <= SPEC_OUTPUT; kind++) {
        if (!strcmp(name, spec_classes[kind])) {
            break;
        }
    }
    if (kind > SPEC_OUTPUT) {
        return ofm_oj_efail(e, "unknown flow spec class %s (not "
                            "NXFlowSpecMatch, NXFlowSpecLoad or "
                            "NXFlowSpecOutput)", name);
    }
    size_t old = ofm_oj_path_push(e, ".%s", name);
    uint64_t n_bits;
    const json_t *src = json_object_get(obj, "src");
    const json_t *dst = json_object_get(obj, "dst");
    bool ok = (ofm_oj_check_keys(e, obj, keys, 3)
               && ofm_oj_get_uint(e, obj, "n_bits", 16, &n_bits));
    if (ok && n_bits > SPEC_N_BITS) {
        ok = ofm_oj_efail(e, "'n_bits' %u is more than %u",
                          (unsigned int) n_bits, SPEC_N_BITS);
    }
    if (ok && !json_is_integer(src) && !json_is_array(src)) {
        ok = ofm_oj_efail(e, "'src' must be an integer or [field name, "
                          "offset]");
    }
    if (ok && kind == SPEC_OUTPUT && dst
        && !(json_is_string(dst) && !json_string_length(dst))) {
        ok = ofm_oj_efail(e, "'dst' of NXFlowSpecOutput must be \"\"");
    }
    if (ok) {
        uint16_t hdr = (uint16_t) ((json_is_integer(src) ? SPEC_SRC_IMM : 0)
                                   | kind << 11 | n_bits);
        ofm_buf_put_be16(e->out, hdr);
        ok = (json_is_integer(src) ? encode_imm(e, src, (unsigned int) n_bits)
              : encode_subfield(e, src, "src"));
    }
    if (ok && kind != SPEC_OUTPUT) {
        ok = encode_subfield(e, dst, "dst");
    }
    ofm_oj_path_pop(e, old);
    return ok;
}

static bool
learn_specs_encode(struct oj_enc *e, const json_t *obj, size_t start)
{
    const json_t *specs = json_object_get(obj, "specs");
    if (specs && !json_is_array(specs) && !json_is_null(specs)) {
        return ofm_oj_efail(e, "'specs' must be an array");
    }
    for (size_t i = 0; i < json_array_size(specs); i++) {
        size_t old = ofm_oj_path_push(e, ".specs[%zu]", i);
        bool ok = encode_spec(e, json_array_get(specs, i));
        ofm_oj_path_pop(e, old);
        if (!ok) {
            return false;
        }
    }
    put_tail_pad(e, start);
    return true;
}

const struct oj_hook ofm_oj_nx_learn_hook = {
    learn_specs_decode, learn_specs_encode, { "specs" },
};

/* A list of 'count' 16-bit numbers (bundle's members, dec_ttl_cnt_ids'
 * controller ids) as a JSON array, then the action's padding. */
static bool
decode_u16s(struct oj_dec *d, struct ofm_rd *rd, size_t count,
            const char *what, const char *key, json_t *obj, int err)
{
    if (rd->left < 2 * count) {
        return ofm_oj_fail(d, rd->p, err, "%s truncated: %zu bytes left for "
                           "%zu %s", what, rd->left, count, key);
    }
    json_t *a = json_array();
    for (size_t i = 0; i < count; i++) {
        json_array_append_new(a, ofm_oj_uint(ofm_rd_be16(rd)));
    }
    json_object_set_new(obj, key, a);
    return decode_tail_pad(d, rd, what, err);
}

static bool
encode_u16s(struct oj_enc *e, const json_t *obj, const char *key,
            size_t *count)
{
    const json_t *a = json_object_get(obj, key);
    if (a && !json_is_array(a) && !json_is_null(a)) {
        return ofm_oj_efail(e, "'%s' must be an array", key);
    }
    *count = json_array_size(a);
    if (*count > 0xffff) {
        return ofm_oj_efail(e, "'%s' has more than 65535 entries", key);
    }
    for (size_t i = 0; i < *count; i++) {
        const json_t *v = json_array_get(a, i);
        if (!json_is_integer(v) || json_integer_value(v) < 0
            || json_integer_value(v) > 0xffff) {
            return ofm_oj_efail(e, "%s[%zu] must be a 16-bit number", key, i);
        }
        ofm_buf_put_be16(e->out, (uint16_t) json_integer_value(v));
    }
    return true;
}

/* Bundle and bundle_load, from their member count on: n_slaves, ofs_nbits,
 * dst (Ryu: 0 when no field is named, as for bundle), 4 bytes of padding,
 * the members.  The count is written from the list, as Ryu does. */
static bool
bundle_decode(struct oj_dec *d, struct ofm_rd *rd, json_t *obj, int err)
{
    if (rd->left < 12) {
        return ofm_oj_fail(d, rd->p, err, "NXActionBundle truncated: %zu "
                           "bytes left, 12 needed", rd->left);
    }
    uint16_t n = ofm_rd_be16(rd);
    json_object_set_new(obj, "n_slaves", ofm_oj_uint(n));
    json_object_set_new(obj, "ofs_nbits", ofm_oj_uint(ofm_rd_be16(rd)));
    json_t *dst = (ofm_get32(rd->p) ? ofm_oj_decode_oxm_header(d, rd->p, err)
                   : ofm_oj_uint(0));
    if (!dst) {
        return false;
    }
    json_object_set_new(obj, "dst", dst);
    ofm_rd_skip(rd, 8);
    return decode_u16s(d, rd, n, "NXActionBundle", "slaves", obj, err);
}

static bool
bundle_encode(struct oj_enc *e, const json_t *obj, size_t start)
{
    size_t n_pos = e->out->size;
    ofm_buf_put_be16(e->out, 0);
    uint64_t ofs_nbits;
    if (!ofm_oj_get_uint(e, obj, "ofs_nbits", 16, &ofs_nbits)) {
        return false;
    }
    ofm_buf_put_be16(e->out, (uint16_t) ofs_nbits);
    const json_t *dst = json_object_get(obj, "dst");
    if (!dst || json_is_null(dst) || (json_is_integer(dst)
                                      && !json_integer_value(dst))
        || (json_is_string(dst) && !json_string_length(dst))) {
        ofm_buf_put_be32(e->out, 0);
    } else if (!ofm_oj_encode_oxm_header(e, dst, "dst")) {
        return false;
    }
    ofm_buf_put_zeros(e->out, 4);
    size_t n;
    if (!encode_u16s(e, obj, "slaves", &n)) {
        return false;
    }
    ofm_put16(e->out->data + n_pos, (uint16_t) n);
    put_tail_pad(e, start);
    return true;
}

const struct oj_hook ofm_oj_nx_bundle_hook = {
    bundle_decode, bundle_encode, { "n_slaves", "ofs_nbits", "dst", "slaves" },
};

/* dec_ttl_cnt_ids: the id count, 4 bytes of padding, the ids. */
static bool
cnt_ids_decode(struct oj_dec *d, struct ofm_rd *rd, json_t *obj, int err)
{
    if (rd->left < 6) {
        return ofm_oj_fail(d, rd->p, err, "NXActionDecTtlCntIds truncated: "
                           "%zu bytes left, 6 needed", rd->left);
    }
    uint16_t n = ofm_rd_be16(rd);
    ofm_rd_skip(rd, 4);
    return decode_u16s(d, rd, n, "NXActionDecTtlCntIds", "cnt_ids", obj, err);
}

static bool
cnt_ids_encode(struct oj_enc *e, const json_t *obj, size_t start)
{
    size_t n_pos = e->out->size;
    size_t n;
    ofm_buf_put_zeros(e->out, 6);
    if (!encode_u16s(e, obj, "cnt_ids", &n)) {
        return false;
    }
    ofm_put16(e->out->data + n_pos, (uint16_t) n);
    put_tail_pad(e, start);
    return true;
}

const struct oj_hook ofm_oj_nx_cnt_ids_hook = {
    cnt_ids_decode, cnt_ids_encode, { "cnt_ids" },
};

/* reg_load2: one OXM TLV (value, and mask if it has one), padded to 8.
 * Ryu shows its field as "dst" and its value and mask as OXMTlv does. */
static bool
reg_load2_decode(struct oj_dec *d, struct ofm_rd *rd, json_t *obj, int err)
{
    json_t *tlv = ofm_oj_decode_oxm(d, rd);
    if (!tlv) {
        return false;
    }
    json_t *inner = json_object_get(tlv, "OXMTlv");
    json_object_set(obj, "dst", json_object_get(inner, "field"));
    json_object_set(obj, "value", json_object_get(inner, "value"));
    json_object_set(obj, "mask", json_object_get(inner, "mask"));
    json_decref(tlv);
    return decode_tail_pad(d, rd, "NXActionRegLoad2", err);
}

static bool
reg_load2_encode(struct oj_enc *e, const json_t *obj, size_t start)
{
    const json_t *dst = json_object_get(obj, "dst");
    const json_t *value = json_object_get(obj, "value");
    const json_t *mask = json_object_get(obj, "mask");
    if (!dst) {
        return ofm_oj_efail(e, "missing 'dst'");
    }
    if (!value) {
        return ofm_oj_efail(e, "missing 'value'");
    }
    json_t *inner = json_object();
    json_object_set(inner, "field", (json_t *) dst);
    json_object_set(inner, "value", (json_t *) value);
    json_object_set_new(inner, "mask", mask ? json_incref((json_t *) mask)
                        : json_null());
    json_t *tlv = ofm_oj_wrap("OXMTlv", inner);
    bool ok = ofm_oj_encode_oxm(e, tlv);
    json_decref(tlv);
    if (ok) {
        put_tail_pad(e, start);
    }
    return ok;
}

const struct oj_hook ofm_oj_nx_reg_load2_hook = {
    reg_load2_decode, reg_load2_encode, { "dst", "value", "mask" },
};

/* controller2's properties (NXAC2PT_*), each a type, a length and a value
 * padded to 8 bytes.  Ryu shows each present property as a key of the
 * action ("pause": true for the flag); properties are written in type
 * order with the lengths Open vSwitch and Ryu give them: 8 for the 16-bit
 * ones (their value and 2 bytes of padding), 5 for the reason.  A 16-bit
 * one of length 6 decodes too, and encodes back with 8. */
enum { C2_MAX_LEN, C2_CONTROLLER_ID, C2_REASON, C2_USERDATA, C2_PAUSE,
       N_C2 };
static const struct {
    const char *key;
    uint8_t size;               /* Value bytes; 0: userdata, any. */
} c2_props[N_C2] = {
    { "max_len", 2 }, { "controller_id", 2 }, { "reason", 1 },
    { "userdata", 0 }, { "pause", 0 },
};

static bool
decode_c2_prop(struct oj_dec *d, const uint8_t *p, uint16_t type,
               size_t len, json_t *obj, int err)
{
    const char *key = c2_props[type].key;
    const uint8_t *v = p + 4;
    size_t n = len - 4;
    if (json_object_get(obj, key)) {
        return ofm_oj_fail(d, p, err, "NXActionController2: duplicate %s "
                           "property", key);
    }
    if (type == C2_USERDATA) {
        json_t *a = json_array();
        for (size_t i = 0; i < n; i++) {
            json_array_append_new(a, ofm_oj_uint(v[i]));
        }
        json_object_set_new(obj, key, a);
    } else if (type == C2_PAUSE) {
        if (n) {
            return ofm_oj_fail(d, p, err, "NXActionController2: pause "
                               "property of length %zu, not 4", len);
        }
        json_object_set_new(obj, key, json_true());
    } else {
        size_t size = c2_props[type].size;
        if (n != size && !(size == 2 && n == 4)) {
            return ofm_oj_fail(d, p, err, "NXActionController2: %s property "
                               "of length %zu, not %d", key, len,
                               size == 2 ? 8 : 5);
        }
        json_object_set_new(obj, key, ofm_oj_uint(size == 1 ? v[0]
                                                  : ofm_get16(v)));
    }
    return true;
}

static bool
controller2_decode(struct oj_dec *d, struct ofm_rd *rd, json_t *obj, int err)
{
    while (rd->left) {
        const uint8_t *p = rd->p;
        if (rd->left < 4) {
            return ofm_oj_fail(d, p, err, "NXActionController2 property "
                               "truncated: %zu bytes left, its header needs "
                               "4", rd->left);
        }
        uint16_t type = ofm_get16(p);
        size_t len = ofm_get16(p + 2);
        if (len < 4 || len > rd->left) {
            return ofm_oj_fail(d, p, err, "NXActionController2 property "
                               "length %zu is not within 4 and the %zu bytes "
                               "left", len, rd->left);
        }
        if (type >= N_C2) {
            return ofm_oj_fail(d, p, err, "NXActionController2: unknown "
                               "property type %u", type);
        }
        if (!decode_c2_prop(d, p, type, len, obj, err)) {
            return false;
        }
        size_t step = OJ_ROUND_UP(len, 8);
        ofm_rd_skip(rd, step < rd->left ? step : rd->left);
    }
    return true;
}

static bool
controller2_encode(struct oj_enc *e, const json_t *obj, size_t start)
{
    for (unsigned int type = 0; type < N_C2; type++) {
        const char *key = c2_props[type].key;
        const json_t *j = json_object_get(obj, key);
        if (!j || json_is_null(j) || json_is_false(j)) {
            continue;
        }
        size_t pos = e->out->size;
        ofm_buf_put_be16(e->out, (uint16_t) type);
        ofm_buf_put_be16(e->out, 0);
        if (type == C2_USERDATA) {
            size_t n;
            if (!json_is_array(j)) {
                return ofm_oj_efail(e, "'userdata' must be an array of "
                                    "bytes");
            }
            for (n = 0; n < json_array_size(j); n++) {
                const json_t *b = json_array_get(j, n);
                if (!json_is_integer(b) || json_integer_value(b) < 0
                    || json_integer_value(b) > 0xff) {
                    return ofm_oj_efail(e, "userdata[%zu] must be a byte", n);
                }
                ofm_buf_put_u8(e->out, (uint8_t) json_integer_value(b));
            }
            if (n > 0xffff - 4) {
                return ofm_oj_efail(e, "'userdata' is too long");
            }
        } else if (type == C2_PAUSE) {
            if (!json_is_true(j)) {
                return ofm_oj_efail(e, "'pause' must be true or false");
            }
        } else {
            uint64_t v;
            unsigned int bits = 8 * c2_props[type].size;
            if (!ofm_oj_get_uint(e, obj, key, bits, &v)) {
                return false;
            }
            if (bits == 8) {
                ofm_buf_put_u8(e->out, (uint8_t) v);
            } else {
                ofm_buf_put_be16(e->out, (uint16_t) v);
                ofm_buf_put_zeros(e->out, 2);
            }
        }
        ofm_put16(e->out->data + pos + 2, (uint16_t) (e->out->size - pos));
        put_tail_pad(e, start);
    }
    return true;
}

const struct oj_hook ofm_oj_nx_controller2_hook = {
    controller2_decode, controller2_encode,
    { "max_len", "controller_id", "reason", "userdata", "pause" },
};
