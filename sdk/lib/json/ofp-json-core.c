/* ofp-json-core.c: the generic walkers of the OpenFlow JSON codec.
 *
 * ofm_oj_decode_struct() and ofm_oj_encode_struct() interpret a struct
 * oj_struct field by field; ofm_oj_decode_list() and ofm_oj_encode_list()
 * walk lists of elements (see ofp-json-private.h for the model).  Every
 * read goes through a bounded struct ofm_rd and checks what is left first,
 * so no decoder reads outside the message; every failure names the offset
 * and what is wrong. */
#include "ofp-json-private.h"
#include "ofm/packet.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Returns the wire size of field 'f' if it is fixed, or 0 for variable
 * fields (lists, data, hooks, OXM matches). */
static size_t
field_size(const struct oj_field *f)
{
    switch (f->kind) {
    case OJ_U8:
        return 1;
    case OJ_U16:
    case OJ_U16_K:
    case OJ_TYPE:
    case OJ_LEN:
    case OJ_CURLEN:
        return 2;
    case OJ_U32:
    case OJ_U32_K:
    case OJ_IPV4:
    case OJ_OXM_HDR:
        return 4;
    case OJ_U64:
        return 8;
    case OJ_MAC:
        return 6;
    case OJ_PAD:
    case OJ_STR:
        return f->n;
    case OJ_U32S:
        return 4 * (size_t) f->n;
    case OJ_NESTED: {
        bool variable;
        size_t n = ofm_oj_fixed_size(f->sub, &variable);
        return variable ? 0 : n;
    }
    default:
        return 0;
    }
}

/* Returns the size of the fixed part of 's' (up to its first variable
 * field) and sets '*variable' if it has a variable part. */
size_t
ofm_oj_fixed_size(const struct oj_struct *s, bool *variable)
{
    size_t n = 0;
    *variable = false;
    for (const struct oj_field *f = s->fields; f->kind != OJ_END; f++) {
        size_t size = field_size(f);
        if (!size && f->kind != OJ_PAD && f->kind != OJ_STR
            && f->kind != OJ_CONST) {
            *variable = true;
            break;
        }
        n += size;
    }
    return n;
}

/* Returns the offset of the OJ_LEN field of 's', or -1 if it has none. */
static int
len_offset(const struct oj_struct *s)
{
    size_t off = 0;
    for (const struct oj_field *f = s->fields; f->kind != OJ_END; f++) {
        if (f->kind == OJ_LEN) {
            return (int) off;
        }
        size_t size = field_size(f);
        if (!size && f->kind != OJ_CONST) {
            return -1;
        }
        off += size;
    }
    return -1;
}

/* Returns the JSON key of the OJ_TYPE field of 's', or NULL. */
static const char *
type_key(const struct oj_struct *s)
{
    for (const struct oj_field *f = s->fields; f->kind != OJ_END; f++) {
        if (f->kind == OJ_TYPE) {
            return f->name;
        }
    }
    return NULL;
}

/* Checks that 'n' bytes are left in 'rd' for field 'f' of 's'. */
static bool
need(struct oj_dec *d, const struct ofm_rd *rd, size_t n,
     const struct oj_struct *s, const struct oj_field *f, int err)
{
    if (rd->left < n) {
        return ofm_oj_fail(d, rd->p, err,
                           "%s truncated: %zu bytes left, %zu needed for %s",
                           s->name, rd->left, n,
                           f->name ? f->name : "padding");
    }
    return true;
}

static void
set(json_t *obj, const char *name, json_t *value)
{
    if (name) {
        json_object_set_new(obj, name, value);
    } else {
        json_decref(value);
    }
}

/* Decodes the rest of 'rd' as an array of 'size'-byte big-endian
 * integers. */
static json_t *
decode_int_list(struct oj_dec *d, struct ofm_rd *rd, size_t size,
                const struct oj_struct *s, const struct oj_field *f, int err)
{
    if (rd->left % size) {
        ofm_oj_fail(d, rd->p, err, "%s: %s has %zu bytes, not a multiple "
                    "of %zu", s->name, f->name, rd->left, size);
        return NULL;
    }
    json_t *a = json_array();
    while (rd->left) {
        const uint8_t *p = ofm_rd_pull(rd, size);
        json_array_append_new(a, ofm_oj_uint(size == 1 ? p[0]
                                             : ofm_get32(p)));
    }
    return a;
}

static bool
decode_field(struct oj_dec *d, struct ofm_rd *rd, const struct oj_struct *s,
             const struct oj_field *f, json_t *obj, int err)
{
    size_t size = field_size(f);
    const uint8_t *p = rd->p;

    if (size && !need(d, rd, size, s, f, err)) {
        return false;
    }
    switch (f->kind) {
    case OJ_U8:
        set(obj, f->name, ofm_oj_uint(ofm_rd_u8(rd)));
        return true;
    case OJ_U16:
    case OJ_U16_K:
    case OJ_TYPE:
    case OJ_LEN:
        set(obj, f->name, ofm_oj_uint(ofm_rd_be16(rd)));
        return true;
    case OJ_U32_K:
        set(obj, f->name, ofm_oj_uint(ofm_rd_be32(rd)));
        return true;
    case OJ_OXM_HDR: {
        const uint8_t *q = ofm_rd_pull(rd, 4);
        if (f->n && !ofm_get32(q)) {
            set(obj, f->name, json_string(""));
            return true;
        }
        json_t *j = ofm_oj_decode_oxm_header(d, q, err);
        if (!j) {
            return false;
        }
        set(obj, f->name, j);
        return true;
    }
    case OJ_CURLEN:
        d->cur_len = ofm_rd_be16(rd);
        set(obj, f->name, ofm_oj_uint(d->cur_len));
        return true;
    case OJ_U32:
        set(obj, f->name, ofm_oj_uint(ofm_rd_be32(rd)));
        return true;
    case OJ_U64:
        set(obj, f->name, ofm_oj_uint(ofm_rd_be64(rd)));
        return true;
    case OJ_PAD:
        ofm_rd_skip(rd, f->n);
        return true;
    case OJ_MAC: {
        char buf[18];
        ofm_oj_fmt_mac(buf, ofm_rd_pull(rd, 6));
        for (char *c = buf; f->n && *c; c++) {
            *c = *c == ':' ? '-' : *c;
        }
        set(obj, f->name, json_string(buf));
        return true;
    }
    case OJ_CONST:
        set(obj, f->name, ofm_oj_uint(f->n));
        return true;
    case OJ_IPV4: {
        char buf[INET_ADDRSTRLEN];
        inet_ntop(AF_INET, ofm_rd_pull(rd, 4), buf, sizeof buf);
        set(obj, f->name, json_string(buf));
        return true;
    }
    case OJ_STR: {
        const uint8_t *str = ofm_rd_pull(rd, f->n);
        size_t n = f->n;
        while (n && !str[n - 1]) {
            n--;
        }
        if (!ofm_oj_utf8_valid(str, n)) {
            return ofm_oj_fail(d, str, OFM_ERR_BAD_PACKET,
                               "%s: %s is not valid UTF-8", s->name, f->name);
        }
        set(obj, f->name, json_stringn((const char *) str, n));
        return true;
    }
    case OJ_U32S: {
        json_t *a = json_array();
        for (unsigned int i = 0; i < f->n; i++) {
            json_array_append_new(a, ofm_oj_uint(ofm_rd_be32(rd)));
        }
        set(obj, f->name, a);
        return true;
    }
    case OJ_NESTED: {
        json_t *j = ofm_oj_decode_struct(d, rd, f->sub, false, err);
        if (!j) {
            return false;
        }
        set(obj, f->name, j);
        return true;
    }
    case OJ_MATCH: {
        json_t *j = ofm_oj_decode_match13(d, rd);
        if (!j) {
            return false;
        }
        set(obj, f->name, j);
        return true;
    }
    case OJ_LIST:
    case OJ_LIST_N: {
        size_t n = f->kind == OJ_LIST ? rd->left : d->cur_len;
        if (n > rd->left) {
            const struct oj_list *l = f->sub;
            return ofm_oj_fail(d, p, l->err, "%s: %s length %zu exceeds the "
                               "%zu bytes left", s->name, f->name, n,
                               rd->left);
        }
        struct ofm_rd sub = ofm_rd_init(p, n);
        ofm_rd_skip(rd, n);
        json_t *a = ofm_oj_decode_list(d, &sub, f->sub);
        if (!a) {
            return false;
        }
        set(obj, f->name, a);
        return true;
    }
    case OJ_DATA:
    case OJ_DATA_OPT:
    case OJ_FRAME:
    case OJ_PKTIN_DATA: {
        size_t n = rd->left;
        if (f->kind == OJ_PKTIN_DATA) {
            /* Ryu drops what follows the frame's total length. */
            const json_t *tl = json_object_get(obj, "total_len");
            size_t total_len = tl ? (size_t) json_integer_value(tl) : n;
            if (total_len < n) {
                n = total_len;
            }
        }
        if (f->kind != OJ_DATA_OPT || n) {
            set(obj, f->name, ofm_oj_base64(p, n));
        }
        ofm_rd_skip(rd, rd->left);
        return true;
    }
    case OJ_U8_LIST:
    case OJ_U32_LIST: {
        json_t *a = decode_int_list(d, rd, f->kind == OJ_U8_LIST ? 1 : 4,
                                    s, f, err);
        if (!a) {
            return false;
        }
        set(obj, f->name, a);
        return true;
    }
    case OJ_HOOK: {
        const struct oj_hook *h = f->sub;
        return h->decode(d, rd, obj, err);
    }
    default:
        return ofm_oj_fail(d, p, err, "internal error: bad field kind");
    }
}

/* Decodes one 's' from 'rd' and returns {"ClassName": {...}}.  With 'exact',
 * 'rd' must hold exactly the structure; otherwise the structure takes what
 * it needs (fixed fields, or all of 'rd' if it ends in a variable part).
 * 'err' (enum ofm_err) is reported for truncation and trailing bytes.
 * Returns NULL after recording an error in 'd'. */
json_t *
ofm_oj_decode_struct(struct oj_dec *d, struct ofm_rd *rd,
                     const struct oj_struct *s, bool exact, int err)
{
    json_t *obj = json_object();
    for (const struct oj_field *f = s->fields; f->kind != OJ_END; f++) {
        if (!decode_field(d, rd, s, f, obj, err)) {
            json_decref(obj);
            return NULL;
        }
    }
    if (exact && rd->left) {
        ofm_oj_fail(d, rd->p, err, "%zu unexpected bytes at the end of %s",
                    rd->left, s->name);
        json_decref(obj);
        return NULL;
    }
    return ofm_oj_wrap(s->name, obj);
}

/* The length granularity of list 'l' (unset means any). */
static unsigned int
list_align(const struct oj_list *l)
{
    return l->align ? l->align : 1;
}

/* Picks the structure of a polymorphic element of type 'type'. */
static const struct oj_struct *
find_member(const struct oj_list *l, uint16_t type, const uint8_t *p,
            size_t len)
{
    if (l->select) {
        const struct oj_struct *s = l->select(l, type, p, len);
        if (s) {
            return s;
        }
    }
    for (const struct oj_member *m = l->members; m->s; m++) {
        if (m->type == type) {
            return m->s;
        }
    }
    return l->unknown;
}

json_t *
ofm_oj_decode_list(struct oj_dec *d, struct ofm_rd *rd,
                   const struct oj_list *l)
{
    json_t *a = json_array();
    int off = l->elem ? len_offset(l->elem) : 2;

    while (rd->left) {
        const uint8_t *p = rd->p;
        json_t *j;

        if (off < 0) {
            /* Elements without a length field: fixed size, or as long as
             * their fields say. */
            j = ofm_oj_decode_struct(d, rd, l->elem, false, l->err);
            if (j && rd->p == p) {
                json_decref(j);
                ofm_oj_fail(d, p, l->err, "empty %s", l->what);
                goto error;
            }
        } else {
            if (rd->left < (size_t) off + 2 || rd->left < l->hdr_len) {
                ofm_oj_fail(d, p, l->err, "%s truncated: %zu bytes left, "
                            "its header needs %u", l->what, rd->left,
                            l->hdr_len > off + 2 ? l->hdr_len : off + 2);
                goto error;
            }
            size_t len = ofm_get16(p + off);
            if (len < l->hdr_len) {
                ofm_oj_fail(d, p, l->err, "%s length %zu is shorter than "
                            "its %u-byte header", l->what, len, l->hdr_len);
                goto error;
            }
            if (!l->padded && len % list_align(l)) {
                ofm_oj_fail(d, p, l->err, "%s length %zu is not a multiple "
                            "of %u", l->what, len, list_align(l));
                goto error;
            }
            if (len > rd->left) {
                ofm_oj_fail(d, p, l->err, "%s length %zu exceeds the %zu "
                            "bytes left", l->what, len, rd->left);
                goto error;
            }
            size_t step = l->padded ? OJ_ROUND_UP(len, list_align(l)) : len;
            if (step > rd->left) {
                step = rd->left;    /* Tolerate a last element unpadded. */
            }
            const struct oj_struct *s = l->elem;
            if (!s) {
                uint16_t type = ofm_get16(p);
                s = find_member(l, type, p, len);
                if (!s) {
                    ofm_oj_fail(d, p, l->err_type, "unknown %s type %u",
                                l->what, type);
                    goto error;
                }
            }
            struct ofm_rd sub = ofm_rd_init(p, len);
            ofm_rd_skip(rd, step);
            j = ofm_oj_decode_struct(d, &sub, s, true, l->err);
        }
        if (!j) {
            goto error;
        }
        json_array_append_new(a, j);
    }
    return a;

error:
    json_decref(a);
    return NULL;
}

/* Encoding. */

static bool
get_string(struct oj_enc *e, const json_t *obj, const char *key,
           const char **s, size_t *len)
{
    const json_t *j = json_object_get(obj, key);
    *s = "";
    *len = 0;
    if (!j || json_is_null(j)) {
        return true;
    }
    if (!json_is_string(j)) {
        return ofm_oj_efail(e, "'%s' must be a string", key);
    }
    *s = json_string_value(j);
    *len = json_string_length(j);
    return true;
}

/* Stores the array at 'key' in 'obj' in '*a', NULL if missing or null
 * (jansson treats NULL as an empty array). */
static bool
get_array(struct oj_enc *e, const json_t *obj, const char *key,
          const json_t **a)
{
    const json_t *j = json_object_get(obj, key);
    *a = NULL;
    if (!j || json_is_null(j)) {
        return true;
    }
    if (!json_is_array(j)) {
        return ofm_oj_efail(e, "'%s' must be an array", key);
    }
    *a = j;
    return true;
}

static bool
put_uint(struct oj_enc *e, const json_t *obj, const char *key,
         unsigned int bits)
{
    uint64_t v;
    if (!ofm_oj_get_uint(e, obj, key, bits, &v)) {
        return false;
    }
    switch (bits) {
    case 8:
        ofm_buf_put_u8(e->out, (uint8_t) v);
        break;
    case 16:
        ofm_buf_put_be16(e->out, (uint16_t) v);
        break;
    case 32:
        ofm_buf_put_be32(e->out, (uint32_t) v);
        break;
    default:
        ofm_buf_put_be64(e->out, v);
        break;
    }
    return true;
}

/* A packet-out's frame: Ryu's base64 string, or a packet described in the
 * packet library's JSON, which is serialized here (lengths and checksums
 * filled in), so a script can build the frame it sends without a packet
 * library of its own. */
static bool
encode_frame(struct oj_enc *e, const json_t *obj, const char *key,
             struct ofm_buf *out)
{
    const json_t *j = json_object_get(obj, key);
    if (!json_is_object(j) && !json_is_array(j)) {
        return ofm_oj_get_bytes(e, obj, key, out);
    }

    struct ofm_packet pkt;
    char err[160];
    bool ok;
    if (ofm_packet_from_json(j, &pkt, err, sizeof err)) {
        ok = ofm_oj_efail(e, "'%s' is not a packet: %s", key, err);
    } else if (ofm_packet_serialize(&pkt, out)) {
        ok = ofm_oj_efail(e, "'%s': the packet cannot be serialized", key);
    } else {
        ok = true;
    }
    ofm_packet_uninit(&pkt);
    return ok;
}

static bool
encode_int_list(struct oj_enc *e, const json_t *obj, const char *key,
                unsigned int bits)
{
    const json_t *a;
    if (!get_array(e, obj, key, &a)) {
        return false;
    }
    for (size_t i = 0; i < json_array_size(a); i++) {
        const json_t *v = json_array_get(a, i);
        if (!json_is_integer(v)) {
            return ofm_oj_efail(e, "%s[%zu] must be an integer", key, i);
        }
        uint64_t x = (uint64_t) json_integer_value(v);
        if (x >> bits) {
            return ofm_oj_efail(e, "%s[%zu] does not fit in %u bits",
                                key, i, bits);
        }
        if (bits == 8) {
            ofm_buf_put_u8(e->out, (uint8_t) x);
        } else {
            ofm_buf_put_be32(e->out, (uint32_t) x);
        }
    }
    return true;
}

static bool
encode_field(struct oj_enc *e, const json_t *obj, const struct oj_field *f,
             size_t start, int type, size_t *len_pos)
{
    struct ofm_buf *out = e->out;

    switch (f->kind) {
    case OJ_U8:
        return put_uint(e, obj, f->name, 8);
    case OJ_U16:
        return put_uint(e, obj, f->name, 16);
    case OJ_U32:
        return put_uint(e, obj, f->name, 32);
    case OJ_U64:
        return put_uint(e, obj, f->name, 64);
    case OJ_PAD:
        ofm_buf_put_zeros(out, f->n);
        return true;
    case OJ_CONST:
        return true;
    case OJ_U16_K:
        ofm_buf_put_be16(out, f->n);
        return true;
    case OJ_U32_K:
        ofm_buf_put_be32(out, f->n);
        return true;
    case OJ_OXM_HDR: {
        const json_t *j = json_object_get(obj, f->name);
        if (f->n && (!j || json_is_null(j)
                     || (json_is_string(j) && !json_string_length(j)))) {
            ofm_buf_put_be32(out, 0);
            return true;
        }
        return ofm_oj_encode_oxm_header(e, j, f->name);
    }
    case OJ_TYPE:
        if (type < 0) {
            return put_uint(e, obj, f->name, 16);
        }
        ofm_buf_put_be16(out, (uint16_t) type);
        return true;
    case OJ_LEN:
        *len_pos = out->size;
        ofm_buf_put_be16(out, 0);
        return true;
    case OJ_CURLEN:
        e->cur_len_pos = out->size;
        e->has_cur_len = true;
        ofm_buf_put_be16(out, 0);
        return true;
    case OJ_MAC: {
        const char *s;
        size_t len;
        uint8_t mac[6] = { 0 };
        char colons[18];
        if (!get_string(e, obj, f->name, &s, &len)) {
            return false;
        }
        if (f->n && len == 17) {
            for (size_t i = 0; i <= len; i++) {
                colons[i] = s[i] == '-' ? ':' : s[i];
            }
            s = colons;
        }
        if (len && (strlen(s) != len || !ofm_oj_parse_mac(s, mac))) {
            return ofm_oj_efail(e, "'%s' is not a MAC address", f->name);
        }
        ofm_buf_put(out, mac, 6);
        return true;
    }
    case OJ_IPV4: {
        const char *s;
        size_t len;
        uint8_t ip[4] = { 0 };
        if (!get_string(e, obj, f->name, &s, &len)) {
            return false;
        }
        if (len && (strlen(s) != len || inet_pton(AF_INET, s, ip) != 1)) {
            return ofm_oj_efail(e, "'%s' is not an IPv4 address", f->name);
        }
        ofm_buf_put(out, ip, 4);
        return true;
    }
    case OJ_STR: {
        const char *s;
        size_t len;
        if (!get_string(e, obj, f->name, &s, &len)) {
            return false;
        }
        if (len > f->n) {
            return ofm_oj_efail(e, "'%s' is %zu bytes long, more than %u",
                                f->name, len, f->n);
        }
        ofm_buf_put(out, s, len);
        ofm_buf_put_zeros(out, f->n - len);
        return true;
    }
    case OJ_U32S: {
        const json_t *a = json_object_get(obj, f->name);
        if (a && !json_is_null(a)
            && (!json_is_array(a) || json_array_size(a) != f->n)) {
            return ofm_oj_efail(e, "'%s' must be an array of %u integers",
                                f->name, f->n);
        }
        for (unsigned int i = 0; i < f->n; i++) {
            const json_t *v = a ? json_array_get(a, i) : NULL;
            if (v && !json_is_integer(v)) {
                return ofm_oj_efail(e, "%s[%u] must be an integer",
                                    f->name, i);
            }
            uint64_t x = v ? (uint64_t) json_integer_value(v) : 0;
            if (x >> 32) {
                return ofm_oj_efail(e, "%s[%u] does not fit in 32 bits",
                                    f->name, i);
            }
            ofm_buf_put_be32(out, (uint32_t) x);
        }
        return true;
    }
    case OJ_NESTED: {
        const struct oj_struct *sub = f->sub;
        const json_t *j = json_object_get(obj, f->name);
        const char *name;
        if (!j) {
            return ofm_oj_efail(e, "missing '%s'", f->name);
        }
        size_t old = ofm_oj_path_push(e, ".%s", f->name);
        const json_t *inner = ofm_oj_unwrap(e, j, &name);
        bool ok = inner != NULL;
        if (ok && strcmp(name, sub->name)) {
            ok = ofm_oj_efail(e, "expected %s, not %s", sub->name, name);
        }
        if (ok) {
            ofm_oj_path_push(e, ".%s", name);
            ok = ofm_oj_encode_struct(e, inner, sub, -1);
        }
        ofm_oj_path_pop(e, old);
        return ok;
    }
    case OJ_MATCH: {
        size_t old = ofm_oj_path_push(e, ".%s", f->name);
        bool ok = ofm_oj_encode_match13(e, json_object_get(obj, f->name));
        ofm_oj_path_pop(e, old);
        return ok;
    }
    case OJ_LIST:
    case OJ_LIST_N: {
        const json_t *a;
        if (!get_array(e, obj, f->name, &a)) {
            return false;
        }
        size_t cur_len_pos = e->cur_len_pos;
        bool has_cur_len = e->has_cur_len;
        size_t list_start = out->size;
        size_t old = ofm_oj_path_push(e, ".%s", f->name);
        bool ok = ofm_oj_encode_list(e, a, f->sub);
        ofm_oj_path_pop(e, old);
        if (ok && f->kind == OJ_LIST_N && has_cur_len) {
            ofm_oj_patch16(e, cur_len_pos, out->size - list_start, f->name);
        }
        return ok && !e->error;
    }
    case OJ_FRAME:
        return encode_frame(e, obj, f->name, out);
    case OJ_DATA:
    case OJ_DATA_OPT:
    case OJ_PKTIN_DATA: {
        size_t data_start = out->size;
        if (!ofm_oj_get_bytes(e, obj, f->name, out)) {
            return false;
        }
        if (f->kind == OJ_PKTIN_DATA) {
            uint64_t total_len;
            if (!ofm_oj_get_uint(e, obj, "total_len", 16, &total_len)) {
                return false;
            }
            if (out->size - data_start > total_len) {
                return ofm_oj_efail(e, "'data' (%zu bytes) is longer than "
                                    "total_len (%u)", out->size - data_start,
                                    (unsigned int) total_len);
            }
        }
        if (f->n) {
            ofm_buf_put_zeros(out, OJ_ROUND_UP(out->size - start, f->n)
                              - (out->size - start));
        }
        return true;
    }
    case OJ_U8_LIST:
        return encode_int_list(e, obj, f->name, 8);
    case OJ_U32_LIST:
        return encode_int_list(e, obj, f->name, 32);
    case OJ_HOOK: {
        const struct oj_hook *h = f->sub;
        return h->encode(e, obj, start);
    }
    default:
        return ofm_oj_efail(e, "internal error: bad field kind");
    }
}

/* Appends the wire form of 'obj' (the inner object of a {"ClassName":
 * {...}}) as structure 's' to e->out.  'type' is written to the OJ_TYPE
 * field.  Lengths (OJ_LEN) are computed.  Returns false after recording an
 * error in 'e'. */
bool
ofm_oj_encode_struct(struct oj_enc *e, const json_t *obj,
                     const struct oj_struct *s, int type)
{
    const char *keys[40];
    size_t n_keys = 0;
    for (const struct oj_field *f = s->fields;
         f->kind != OJ_END
         && n_keys + OJ_HOOK_KEYS <= sizeof keys / sizeof *keys;
         f++) {
        if (f->kind == OJ_HOOK) {
            const struct oj_hook *h = f->sub;
            for (size_t i = 0; i < OJ_HOOK_KEYS && h->keys[i]; i++) {
                keys[n_keys++] = h->keys[i];
            }
        } else if (f->name) {
            keys[n_keys++] = f->name;
        }
    }
    if (!ofm_oj_check_keys(e, obj, keys, n_keys)) {
        return false;
    }

    size_t start = e->out->size;
    size_t len_pos = SIZE_MAX;
    for (const struct oj_field *f = s->fields; f->kind != OJ_END; f++) {
        if (!encode_field(e, obj, f, start, type, &len_pos)) {
            return false;
        }
    }
    if (len_pos != SIZE_MAX) {
        ofm_oj_patch16(e, len_pos, e->out->size - start, s->name);
    }
    return !e->error;
}

/* Finds the structure and type for class 'name' in list 'l'.  A class that
 * stands for several types, or the list's class for unknown types, takes
 * its type from the JSON. */
static const struct oj_struct *
resolve_class(struct oj_enc *e, const struct oj_list *l, const char *name,
              const json_t *obj, int *type)
{
    if (l->elem) {
        if (strcmp(name, l->elem->name)) {
            ofm_oj_efail(e, "expected %s, not %s", l->elem->name, name);
            return NULL;
        }
        *type = -1;
        return l->elem;
    }

    const struct oj_struct *s = NULL;
    size_t n = 0;
    for (const struct oj_member *m = l->members; m->s; m++) {
        if (!strcmp(m->s->name, name)) {
            s = m->s;
            *type = m->type;
            n++;
        }
    }
    bool unknown = !s && l->unknown && !strcmp(name, l->unknown->name);
    if (unknown) {
        s = l->unknown;
    } else if (!s) {
        ofm_oj_efail(e, "unknown %s class %s", l->what, name);
        return NULL;
    }
    if (n == 1) {
        return s;
    }

    /* Several types, or any unknown type: read the type from the JSON. */
    const char *key = type_key(s);
    uint64_t t;
    if (!key || !json_object_get(obj, key)) {
        ofm_oj_efail(e, "%s needs '%s'", name, key ? key : "type");
        return NULL;
    }
    if (!ofm_oj_get_uint(e, obj, key, 16, &t)) {
        return NULL;
    }
    for (const struct oj_member *m = l->members; m->s; m++) {
        if (m->type == t && !(unknown && l->unknown_any)) {
            if (unknown || m->s != s) {
                ofm_oj_efail(e, "%s type %u is %s, not %s", l->what,
                             (unsigned int) t, m->s->name, name);
                return NULL;
            }
            *type = (int) t;
            return s;
        }
    }
    if (!unknown) {
        ofm_oj_efail(e, "%u is not a type of %s", (unsigned int) t, name);
        return NULL;
    }
    *type = (int) t;
    return s;
}

bool
ofm_oj_encode_list(struct oj_enc *e, const json_t *array,
                   const struct oj_list *l)
{
    for (size_t i = 0; i < json_array_size(array); i++) {
        size_t old = ofm_oj_path_push(e, "[%zu]", i);
        const char *name;
        const json_t *obj = ofm_oj_unwrap(e, json_array_get(array, i), &name);
        int type = -1;
        const struct oj_struct *s = obj ? resolve_class(e, l, name, obj,
                                                        &type) : NULL;
        bool ok = s != NULL;
        if (ok) {
            size_t start = e->out->size;
            ofm_oj_path_push(e, ".%s", name);
            ok = ofm_oj_encode_struct(e, obj, s, type);
            size_t len = e->out->size - start;
            if (ok && len < l->hdr_len) {
                ok = ofm_oj_efail(e, "%s would be %zu bytes, shorter than "
                                  "%u", l->what, len, l->hdr_len);
            }
            if (ok && l->padded) {
                ofm_buf_put_zeros(e->out,
                                  OJ_ROUND_UP(len, list_align(l)) - len);
            } else if (ok && len % list_align(l)) {
                ok = ofm_oj_efail(e, "%s would be %zu bytes, not a multiple "
                                  "of %u", l->what, len, list_align(l));
            }
        }
        ofm_oj_path_pop(e, old);
        if (!ok) {
            return false;
        }
    }
    return true;
}
