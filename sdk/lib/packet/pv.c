/* pv.c: value trees rendered as Python repr text and as Ryu's JSON, the
 * JSON readers used by the from_json functions, and base64. */
#include <config.h>

#include "packet-private.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ofm/addr.h"

/* ---- Allocation: values live in blocks freed together. ---- */

struct pv_block {
    struct pv_block *next;
    size_t used, size;
    max_align_t data[];
};

#define PV_BLOCK_SIZE 4096

void
ofmpkt_pv_init(struct pv_ctx *ctx)
{
    ctx->blocks = NULL;
}

void
ofmpkt_pv_free(struct pv_ctx *ctx)
{
    struct pv_block *b = ctx->blocks;
    while (b) {
        struct pv_block *next = b->next;
        free(b);
        b = next;
    }
    ctx->blocks = NULL;
}

void *
ofmpkt_pv_alloc(struct pv_ctx *ctx, size_t n)
{
    n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
    struct pv_block *b = ctx->blocks;
    if (!b || b->size - b->used < n) {
        size_t size = n > PV_BLOCK_SIZE ? n : PV_BLOCK_SIZE;
        b = malloc(sizeof *b + size);
        if (!b) {
            abort();
        }
        b->size = size;
        b->used = 0;
        b->next = ctx->blocks;
        ctx->blocks = b;
    }
    void *p = (char *) b->data + b->used;
    b->used += n;
    return p;
}

static struct pv *
pv_new(struct pv_ctx *ctx, enum pv_kind kind)
{
    struct pv *v = ofmpkt_pv_alloc(ctx, sizeof *v);
    memset(v, 0, sizeof *v);
    v->kind = kind;
    return v;
}

struct pv *
ofmpkt_pv_obj(struct pv_ctx *ctx, const char *cls)
{
    struct pv *v = pv_new(ctx, PV_OBJ);
    v->u.c.cls = cls;
    return v;
}

struct pv *
ofmpkt_pv_list(struct pv_ctx *ctx)
{
    return pv_new(ctx, PV_LIST);
}

struct pv *
ofmpkt_pv_tuple(struct pv_ctx *ctx)
{
    return pv_new(ctx, PV_TUPLE);
}

struct pv *
ofmpkt_pv_int(struct pv_ctx *ctx, int64_t i)
{
    struct pv *v = pv_new(ctx, PV_INT);
    v->u.i = i;
    return v;
}

struct pv *
ofmpkt_pv_float(struct pv_ctx *ctx, double f)
{
    struct pv *v = pv_new(ctx, PV_FLOAT);
    v->u.f = f;
    return v;
}

struct pv *
ofmpkt_pv_null(struct pv_ctx *ctx)
{
    return pv_new(ctx, PV_NULL);
}

static struct pv *
pv_data(struct pv_ctx *ctx, enum pv_kind kind, const void *p, size_t n)
{
    struct pv *v = pv_new(ctx, kind);
    uint8_t *copy = ofmpkt_pv_alloc(ctx, n + 1);
    if (n) {
        memcpy(copy, p, n);
    }
    copy[n] = 0;
    v->u.s.p = copy;
    v->u.s.n = n;
    return v;
}

struct pv *
ofmpkt_pv_str(struct pv_ctx *ctx, const char *s)
{
    return pv_data(ctx, PV_STR, s, strlen(s));
}

struct pv *
ofmpkt_pv_strn(struct pv_ctx *ctx, const void *p, size_t n)
{
    return pv_data(ctx, PV_STR, p, n);
}

struct pv *
ofmpkt_pv_bytes(struct pv_ctx *ctx, const void *p, size_t n)
{
    return pv_data(ctx, PV_BYTES, p, n);
}

struct pv *
ofmpkt_pv_str64(struct pv_ctx *ctx, const char *s)
{
    return pv_data(ctx, PV_STR64, s, strlen(s));
}

struct pv *
ofmpkt_pv_bytes_or_null(struct pv_ctx *ctx, const void *p, size_t n)
{
    return n ? ofmpkt_pv_bytes(ctx, p, n) : ofmpkt_pv_null(ctx);
}

struct pv *
ofmpkt_pv_mac(struct pv_ctx *ctx, const uint8_t mac[6])
{
    char s[OFM_MAC_STRLEN];
    ofm_mac_format(mac, s);
    return ofmpkt_pv_str(ctx, s);
}

struct pv *
ofmpkt_pv_ip4(struct pv_ctx *ctx, uint32_t ip)
{
    char s[OFM_IPV4_STRLEN];
    ofm_ipv4_format(ip, s);
    return ofmpkt_pv_str(ctx, s);
}

struct pv *
ofmpkt_pv_ip6(struct pv_ctx *ctx, const uint8_t ip[16])
{
    char s[OFM_IPV6_STRLEN];
    ofm_ipv6_format(ip, s);
    return ofmpkt_pv_str(ctx, s);
}

struct pv *
ofmpkt_pv_add(struct pv *c, const char *key, struct pv *v)
{
    v->key = key;
    v->next = NULL;
    if (c->u.c.last) {
        c->u.c.last->next = v;
    } else {
        c->u.c.first = v;
    }
    c->u.c.last = v;
    return v;
}

/* ---- Text. ---- */

void
ofmpkt_put_str(struct ofm_buf *b, const char *s)
{
    ofm_buf_put(b, s, strlen(s));
}

/* Python's repr() of a str (latin-1 code points) or bytes object. */
static void
put_py_quoted(struct ofm_buf *b, const uint8_t *p, size_t n, bool bytes)
{
    bool has_single = memchr(p, '\'', n) != NULL;
    bool has_double = memchr(p, '"', n) != NULL;
    char q = has_single && !has_double ? '"' : '\'';

    if (bytes) {
        ofm_buf_put_u8(b, 'b');
    }
    ofm_buf_put_u8(b, (uint8_t) q);
    for (size_t i = 0; i < n; i++) {
        uint8_t c = p[i];
        char esc[8];
        if (c == q || c == '\\') {
            ofm_buf_put_u8(b, '\\');
            ofm_buf_put_u8(b, c);
        } else if (c == '\t') {
            ofmpkt_put_str(b, "\\t");
        } else if (c == '\n') {
            ofmpkt_put_str(b, "\\n");
        } else if (c == '\r') {
            ofmpkt_put_str(b, "\\r");
        } else if (c >= 0x20 && c < 0x7f) {
            ofm_buf_put_u8(b, c);
        } else if (!bytes && c >= 0xa1 && c != 0xad) {
            /* A printable latin-1 character: Python shows it as is. */
            ofm_buf_put_u8(b, (uint8_t) (0xc0 | c >> 6));
            ofm_buf_put_u8(b, (uint8_t) (0x80 | (c & 0x3f)));
        } else {
            snprintf(esc, sizeof esc, "\\x%02x", c);
            ofmpkt_put_str(b, esc);
        }
    }
    ofm_buf_put_u8(b, (uint8_t) q);
}

/* Python's repr() of a float: the shortest digits that read back the
 * same, in fixed notation for exponents -4..15 and with ".0" on whole
 * numbers. */
static void
put_py_float(struct ofm_buf *b, double f)
{
    char buf[64];

    if (isnan(f)) {
        ofmpkt_put_str(b, "nan");
        return;
    } else if (isinf(f)) {
        ofmpkt_put_str(b, f < 0 ? "-inf" : "inf");
        return;
    }

    int prec;
    for (prec = 0; prec < 17; prec++) {
        snprintf(buf, sizeof buf, "%.*e", prec, f);
        if (strtod(buf, NULL) == f) {
            break;
        }
    }
    snprintf(buf, sizeof buf, "%.*e", prec, f);

    /* buf is [-]D[.DDD]e[+-]XX: collect the digits and the exponent. */
    char digits[32];
    size_t nd = 0;
    const char *s = buf;
    bool neg = *s == '-';
    if (neg) {
        s++;
    }
    for (; *s && *s != 'e'; s++) {
        if (*s != '.') {
            digits[nd++] = *s;
        }
    }
    int exp = atoi(s + 1);
    while (nd > 1 && digits[nd - 1] == '0') {
        nd--;
    }

    if (neg) {
        ofm_buf_put_u8(b, '-');
    }
    if (exp >= -4 && exp < 16) {
        if (exp < 0) {
            ofmpkt_put_str(b, "0.");
            for (int i = 0; i < -exp - 1; i++) {
                ofm_buf_put_u8(b, '0');
            }
            ofm_buf_put(b, digits, nd);
        } else {
            for (int i = 0; i <= exp; i++) {
                ofm_buf_put_u8(b, (uint8_t) ((size_t) i < nd ? digits[i] : '0'));
            }
            ofm_buf_put_u8(b, '.');
            if ((size_t) exp + 1 < nd) {
                ofm_buf_put(b, digits + exp + 1, nd - (size_t) exp - 1);
            } else {
                ofm_buf_put_u8(b, '0');
            }
        }
    } else {
        ofm_buf_put_u8(b, (uint8_t) digits[0]);
        if (nd > 1) {
            ofm_buf_put_u8(b, '.');
            ofm_buf_put(b, digits + 1, nd - 1);
        }
        snprintf(buf, sizeof buf, "e%c%02d", exp < 0 ? '-' : '+', abs(exp));
        ofmpkt_put_str(b, buf);
    }
}

static int
cmp_keys(const void *a_, const void *b_)
{
    const struct pv *const *a = a_;
    const struct pv *const *b = b_;
    return strcmp((*a)->key, (*b)->key);
}

/* Collects the members of object 'v' sorted by attribute name, as Python's
 * inspect.getmembers() does.  Returns their number; '*out' is malloc()ed. */
static size_t
sorted_members(const struct pv *v, const struct pv ***out)
{
    size_t n = 0;
    for (const struct pv *m = v->u.c.first; m; m = m->next) {
        n++;
    }
    const struct pv **arr = malloc((n ? n : 1) * sizeof *arr);
    if (!arr) {
        abort();
    }
    n = 0;
    for (const struct pv *m = v->u.c.first; m; m = m->next) {
        arr[n++] = m;
    }
    qsort(arr, n, sizeof *arr, cmp_keys);
    *out = arr;
    return n;
}

void
ofmpkt_pv_to_text(const struct pv *v, struct ofm_buf *out)
{
    char buf[32];

    switch (v->kind) {
    case PV_INT:
        snprintf(buf, sizeof buf, "%lld", (long long) v->u.i);
        ofmpkt_put_str(out, buf);
        break;
    case PV_FLOAT:
        put_py_float(out, v->u.f);
        break;
    case PV_STR:
    case PV_STR64:
        put_py_quoted(out, v->u.s.p, v->u.s.n, false);
        break;
    case PV_BYTES:
        put_py_quoted(out, v->u.s.p, v->u.s.n, true);
        break;
    case PV_NULL:
        ofmpkt_put_str(out, "None");
        break;
    case PV_LIST:
    case PV_TUPLE: {
        bool tuple = v->kind == PV_TUPLE;
        size_t n = 0;
        ofm_buf_put_u8(out, tuple ? '(' : '[');
        for (const struct pv *m = v->u.c.first; m; m = m->next) {
            if (n++) {
                ofmpkt_put_str(out, ", ");
            }
            ofmpkt_pv_to_text(m, out);
        }
        if (tuple && n == 1) {
            ofm_buf_put_u8(out, ',');
        }
        ofm_buf_put_u8(out, tuple ? ')' : ']');
        break;
    }
    case PV_OBJ: {
        const struct pv **arr;
        size_t n = sorted_members(v, &arr);
        ofmpkt_put_str(out, v->u.c.cls);
        ofm_buf_put_u8(out, '(');
        for (size_t i = 0; i < n; i++) {
            if (i) {
                ofm_buf_put_u8(out, ',');
            }
            ofmpkt_put_str(out, arr[i]->key);
            ofm_buf_put_u8(out, '=');
            ofmpkt_pv_to_text(arr[i], out);
        }
        ofm_buf_put_u8(out, ')');
        free(arr);
        break;
    }
    }
}

/* ---- JSON. ---- */

/* JSON names drop the '_' Ryu appends to attributes named like Python
 * builtins (type_, len_, id_). */
static json_t *
json_key_set(json_t *obj, const char *key, json_t *val)
{
    size_t len = strlen(key);
    if (len > 1 && key[len - 1] == '_') {
        char tmp[64];
        if (len - 1 < sizeof tmp) {
            memcpy(tmp, key, len - 1);
            tmp[len - 1] = '\0';
            json_object_set_new(obj, tmp, val);
            return obj;
        }
    }
    json_object_set_new(obj, key, val);
    return obj;
}

json_t *
ofmpkt_pv_to_json(const struct pv *v)
{
    switch (v->kind) {
    case PV_INT:
        return json_integer(v->u.i);
    case PV_FLOAT:
        return json_real(v->u.f);
    case PV_STR: {
        /* Latin-1 to UTF-8. */
        struct ofm_buf b;
        uint8_t stub[256];
        ofm_buf_use_stub(&b, stub, sizeof stub);
        for (size_t i = 0; i < v->u.s.n; i++) {
            uint8_t c = v->u.s.p[i];
            if (c < 0x80) {
                ofm_buf_put_u8(&b, c);
            } else {
                ofm_buf_put_u8(&b, (uint8_t) (0xc0 | c >> 6));
                ofm_buf_put_u8(&b, (uint8_t) (0x80 | (c & 0x3f)));
            }
        }
        json_t *j = json_stringn((const char *) b.data, b.size);
        ofm_buf_uninit(&b);
        return j;
    }
    case PV_STR64:
    case PV_BYTES: {
        struct ofm_buf b;
        uint8_t stub[256];
        ofm_buf_use_stub(&b, stub, sizeof stub);
        ofmpkt_b64_encode(v->u.s.p, v->u.s.n, &b);
        json_t *j = json_stringn((const char *) b.data, b.size);
        ofm_buf_uninit(&b);
        return j;
    }
    case PV_NULL:
        return json_null();
    case PV_LIST:
    case PV_TUPLE: {
        json_t *a = json_array();
        for (const struct pv *m = v->u.c.first; m; m = m->next) {
            json_array_append_new(a, ofmpkt_pv_to_json(m));
        }
        return a;
    }
    case PV_OBJ: {
        const struct pv **arr;
        size_t n = sorted_members(v, &arr);
        json_t *inner = json_object();
        for (size_t i = 0; i < n; i++) {
            json_key_set(inner, arr[i]->key, ofmpkt_pv_to_json(arr[i]));
        }
        free(arr);
        json_t *outer = json_object();
        json_object_set_new(outer, v->u.c.cls, inner);
        return outer;
    }
    }
    return json_null();
}

/* ---- Base64. ---- */

static const char b64chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void
ofmpkt_b64_encode(const uint8_t *p, size_t n, struct ofm_buf *out)
{
    size_t i;
    for (i = 0; i + 3 <= n; i += 3) {
        uint32_t v = (uint32_t) p[i] << 16 | (uint32_t) p[i + 1] << 8 | p[i + 2];
        char s[4] = { b64chars[v >> 18], b64chars[(v >> 12) & 63],
                      b64chars[(v >> 6) & 63], b64chars[v & 63] };
        ofm_buf_put(out, s, 4);
    }
    if (n - i == 1) {
        uint32_t v = (uint32_t) p[i] << 16;
        char s[4] = { b64chars[v >> 18], b64chars[(v >> 12) & 63], '=', '=' };
        ofm_buf_put(out, s, 4);
    } else if (n - i == 2) {
        uint32_t v = (uint32_t) p[i] << 16 | (uint32_t) p[i + 1] << 8;
        char s[4] = { b64chars[v >> 18], b64chars[(v >> 12) & 63],
                      b64chars[(v >> 6) & 63], '=' };
        ofm_buf_put(out, s, 4);
    }
}

static int
b64val(char c)
{
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    } else if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
    } else if (c >= '0' && c <= '9') {
        return c - '0' + 52;
    } else if (c == '+' || c == '-') {
        return 62;
    } else if (c == '/' || c == '_') {
        return 63;
    }
    return -1;
}

int
ofmpkt_b64_decode(const char *s, size_t len, struct ofm_buf *out)
{
    uint32_t acc = 0;
    int bits = 0;
    bool padding = false;

    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
            continue;
        } else if (c == '=') {
            padding = true;
            continue;
        }
        int v = b64val(c);
        if (v < 0 || padding) {
            return EINVAL;
        }
        acc = (acc << 6) | (uint32_t) v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            ofm_buf_put_u8(out, (uint8_t) (acc >> bits));
        }
        acc &= (1u << bits) - 1;
    }
    return bits >= 6 ? EINVAL : 0;
}

/* ---- Reading JSON. ---- */

int
ofmpkt_jerr(struct jctx *j, const char *fmt, ...)
{
    if (!j->error) {
        j->error = EINVAL;
        if (j->err && j->err_size) {
            va_list args;
            int n = snprintf(j->err, j->err_size, "%s: ", j->where ? j->where : "packet");
            if (n >= 0 && (size_t) n < j->err_size) {
                va_start(args, fmt);
                vsnprintf(j->err + n, j->err_size - (size_t) n, fmt, args);
                va_end(args);
            }
        }
    }
    return EINVAL;
}

int
ofmpkt_jv_uint(struct jctx *j, const json_t *v, const char *what, uint64_t max, uint64_t *out)
{
    if (json_is_integer(v)) {
        json_int_t i = json_integer_value(v);
        if (i >= 0 && (uint64_t) i <= max) {
            *out = (uint64_t) i;
            return 0;
        }
    } else if (json_is_real(v)) {
        double d = json_real_value(v);
        if (d >= 0 && d <= (double) max && d == floor(d)) {
            *out = (uint64_t) d;
            return 0;
        }
    } else if (json_is_boolean(v)) {
        *out = json_is_true(v);
        return 0;
    }
    return ofmpkt_jerr(j, "'%s' must be an integer in 0..%llu", what,
                       (unsigned long long) max);
}

int
ofmpkt_j_uint(struct jctx *j, const json_t *o, const char *key, uint64_t max, uint64_t *out)
{
    const json_t *v = json_object_get(o, key);
    if (!v) {
        return 0;
    }
    return ofmpkt_jv_uint(j, v, key, max, out);
}

int
ofmpkt_j_u8(struct jctx *j, const json_t *o, const char *key, uint8_t max, uint8_t *out)
{
    uint64_t v = *out;
    int error = ofmpkt_j_uint(j, o, key, max, &v);
    if (!error) {
        *out = (uint8_t) v;
    }
    return error;
}

int
ofmpkt_j_u16(struct jctx *j, const json_t *o, const char *key, uint16_t max, uint16_t *out)
{
    uint64_t v = *out;
    int error = ofmpkt_j_uint(j, o, key, max, &v);
    if (!error) {
        *out = (uint16_t) v;
    }
    return error;
}

int
ofmpkt_j_u32(struct jctx *j, const json_t *o, const char *key, uint32_t max, uint32_t *out)
{
    uint64_t v = *out;
    int error = ofmpkt_j_uint(j, o, key, max, &v);
    if (!error) {
        *out = (uint32_t) v;
    }
    return error;
}

int
ofmpkt_j_int(struct jctx *j, const json_t *o, const char *key, int64_t min, int64_t max,
             int64_t *out)
{
    const json_t *v = json_object_get(o, key);
    if (!v) {
        return 0;
    }
    if (json_is_integer(v)) {
        json_int_t i = json_integer_value(v);
        if (i >= min && i <= max) {
            *out = i;
            return 0;
        }
    }
    return ofmpkt_jerr(j, "'%s' must be an integer in %lld..%lld", key,
                       (long long) min, (long long) max);
}

int
ofmpkt_j_float(struct jctx *j, const json_t *o, const char *key, double *out)
{
    const json_t *v = json_object_get(o, key);
    if (!v) {
        return 0;
    }
    if (!json_is_number(v)) {
        return ofmpkt_jerr(j, "'%s' must be a number", key);
    }
    *out = json_number_value(v);
    return 0;
}

int
ofmpkt_j_mac(struct jctx *j, const json_t *o, const char *key, uint8_t out[6])
{
    const json_t *v = json_object_get(o, key);
    if (!v) {
        return 0;
    }
    if (!json_is_string(v) || ofm_mac_parse(json_string_value(v), out)) {
        return ofmpkt_jerr(j, "'%s' must be a MAC address", key);
    }
    return 0;
}

int
ofmpkt_jv_ip4(struct jctx *j, const json_t *v, const char *what, uint32_t *out)
{
    if (!json_is_string(v) || ofm_ipv4_parse(json_string_value(v), out)) {
        return ofmpkt_jerr(j, "'%s' must be an IPv4 address", what);
    }
    return 0;
}

int
ofmpkt_j_ip4(struct jctx *j, const json_t *o, const char *key, uint32_t *out)
{
    const json_t *v = json_object_get(o, key);
    return v ? ofmpkt_jv_ip4(j, v, key, out) : 0;
}

int
ofmpkt_jv_ip6(struct jctx *j, const json_t *v, const char *what, uint8_t out[16])
{
    if (!json_is_string(v) || ofm_ipv6_parse(json_string_value(v), out)) {
        return ofmpkt_jerr(j, "'%s' must be an IPv6 address", what);
    }
    return 0;
}

int
ofmpkt_j_ip6(struct jctx *j, const json_t *o, const char *key, uint8_t out[16])
{
    const json_t *v = json_object_get(o, key);
    return v ? ofmpkt_jv_ip6(j, v, key, out) : 0;
}

int
ofmpkt_jv_bytes_put(struct jctx *j, const json_t *v, const char *what, struct ofm_buf *b)
{
    if (json_is_null(v)) {
        return 0;
    }
    if (!json_is_string(v)
        || ofmpkt_b64_decode(json_string_value(v), json_string_length(v), b)) {
        return ofmpkt_jerr(j, "'%s' must be base64 bytes", what);
    }
    return 0;
}

struct ofm_bytes
ofmpkt_j_keep(struct jctx *j, const struct ofm_buf *b)
{
    return ofm_packet_copy(j->pkt, b->data, b->size);
}

int
ofmpkt_j_bytes(struct jctx *j, const json_t *o, const char *key, struct ofm_bytes *out)
{
    const json_t *v = json_object_get(o, key);
    if (!v) {
        return 0;
    }
    struct ofm_buf b;
    ofm_buf_init(&b);
    int error = ofmpkt_jv_bytes_put(j, v, key, &b);
    if (!error) {
        *out = ofmpkt_j_keep(j, &b);
    }
    ofm_buf_uninit(&b);
    return error;
}

const char *
ofmpkt_j_class(const json_t *v, const json_t **fields)
{
    if (!json_is_object(v) || json_object_size(v) != 1) {
        return NULL;
    }
    const char *key;
    json_t *val;
    json_object_foreach((json_t *) v, key, val) {
        if (!json_is_object(val)) {
            return NULL;
        }
        *fields = val;
        return key;
    }
    return NULL;
}

bool
ofmpkt_all_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i]) {
            return false;
        }
    }
    return true;
}
