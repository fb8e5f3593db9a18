/* icmp.c: ICMP, ICMPv6 (echo, neighbour discovery, MLD) and IGMP v1-v3. */
#include <config.h>

#include "packet-private.h"

#include <errno.h>
#include <string.h>
#include "ofm/err.h"

#define BAD OFM_ERR_BAD_PACKET

/* ---- Shared pieces. ---- */

/* The checksum covers the whole message; ICMP and ICMPv6 take everything
 * to the end of the IP payload. */
static int
icmp_common_parse(struct ofm_hdr *h, const uint8_t *p, size_t n, struct pkt_parse *r)
{
    if (n < 4) {
        return BAD;
    }
    /* struct ofm_icmp and struct ofm_icmpv6 have the same layout. */
    struct ofm_icmp *m = &h->u.icmp;
    m->type = p[0];
    m->code = p[1];
    m->csum = ofm_get16(p + 2);
    m->data.data = n > 4 ? p + 4 : NULL;
    m->data.size = n - 4;
    r->hdr_size = n;
    return 0;
}

static int
icmp_common_write(const struct ofm_hdr *h, const struct ofm_hdr *next, struct ofm_buf *out)
{
    const struct ofm_icmp *m = &h->u.icmp;
    ofm_buf_put_u8(out, m->type);
    ofm_buf_put_u8(out, m->code);
    ofm_buf_put_be16(out, m->csum);
    if (m->data.size) {
        ofm_buf_put(out, m->data.data, m->data.size);
    }
    return 0;
}

/* Reads JSON field 'a' or, if absent, 'b'. */
static const json_t *
jget2(const json_t *f, const char *a, const char *b)
{
    const json_t *v = json_object_get(f, a);
    return v ? v : json_object_get(f, b);
}

static void
j_put_u16(struct jctx *j, const json_t *f, const char *a, const char *b, struct ofm_buf *out)
{
    const json_t *v = jget2(f, a, b);
    uint64_t x = 0;
    if (v) {
        ofmpkt_jv_uint(j, v, a, 0xffff, &x);
    }
    ofm_buf_put_be16(out, (uint16_t) x);
}

/* Echo body (ICMP and ICMPv6): identifier, sequence number, data. */
static struct pv *
echo_describe(struct pv_ctx *c, const struct ofm_bytes *d)
{
    struct pv *o = ofmpkt_pv_obj(c, "echo");
    ofmpkt_pv_add(o, "data", ofmpkt_pv_bytes_or_null(c, d->data + 4, d->size - 4));
    PV_SET_INT(c, o, "id", ofm_get16(d->data));
    PV_SET_INT(c, o, "seq", ofm_get16(d->data + 2));
    return o;
}

static void
echo_from_json(struct jctx *j, const json_t *f, struct ofm_buf *out)
{
    j_put_u16(j, f, "id", "id_", out);
    j_put_u16(j, f, "seq", "seq", out);
    const json_t *d = json_object_get(f, "data");
    if (d) {
        ofmpkt_jv_bytes_put(j, d, "data", out);
    }
}

/* 'data' of an ICMP or ICMPv6 message given as JSON: a base64 string, or
 * an object that 'obj_fn' encodes. */
static int
body_from_json(struct jctx *j, const json_t *f, uint8_t type,
               void (*obj_fn)(struct jctx *, uint8_t type, const char *cls,
                              const json_t *fields, struct ofm_buf *),
               struct ofm_bytes *out)
{
    const json_t *d = json_object_get(f, "data");
    struct ofm_buf b;
    const json_t *fields;
    const char *cls;

    if (!d || json_is_null(d)) {
        return 0;
    }
    ofm_buf_init(&b);
    if (json_is_string(d)) {
        ofmpkt_jv_bytes_put(j, d, "data", &b);
    } else if ((cls = ofmpkt_j_class(d, &fields)) != NULL) {
        obj_fn(j, type, cls, fields, &b);
    } else {
        ofmpkt_jerr(j, "'data' must be base64 bytes or {\"Class\": {...}}");
    }
    if (!j->error) {
        *out = ofmpkt_j_keep(j, &b);
    }
    ofm_buf_uninit(&b);
    return j->error;
}

/* ---- ICMP. ---- */

static int
icmp_parse(struct ofm_hdr *h, const uint8_t *p, size_t n, const struct ofm_hdr *prev,
           struct pkt_parse *r)
{
    return icmp_common_parse(h, p, n, r);
}

static void
icmp_defaults(struct ofm_hdr *h)
{
    h->u.icmp.type = OFM_ICMP_ECHO_REQUEST;
}

static int
icmp_fix(const struct ofm_hdr *h, struct pkt_fix *fix)
{
    if (!h->u.icmp.csum && !(h->flags & OFM_HDR_VERBATIM)) {
        ofmpkt_csum_store(fix->out, fix->off, fix->end - fix->off, 0, fix->off + 2);
    }
    return 0;
}

static struct pv *
icmp_describe(const struct ofm_hdr *h, struct pv_ctx *c)
{
    const struct ofm_icmp *m = &h->u.icmp;
    const struct ofm_bytes *d = &m->data;
    struct pv *o = ofmpkt_pv_obj(c, "icmp");
    struct pv *data;

    PV_SET_INT(c, o, "code", m->code);
    PV_SET_INT(c, o, "csum", m->csum);
    if (d->size >= 4 && (m->type == OFM_ICMP_ECHO_REQUEST || m->type == OFM_ICMP_ECHO_REPLY)) {
        data = echo_describe(c, d);
    } else if (d->size >= 4 && m->type == OFM_ICMP_DEST_UNREACH) {
        data = ofmpkt_pv_obj(c, "dest_unreach");
        ofmpkt_pv_add(data, "data", ofmpkt_pv_bytes_or_null(c, d->data + 4, d->size - 4));
        PV_SET_INT(c, data, "data_len", d->data[1]);
        PV_SET_INT(c, data, "mtu", ofm_get16(d->data + 2));
    } else if (d->size >= 4 && m->type == OFM_ICMP_TIME_EXCEEDED) {
        data = ofmpkt_pv_obj(c, "TimeExceeded");
        ofmpkt_pv_add(data, "data", ofmpkt_pv_bytes_or_null(c, d->data + 4, d->size - 4));
        PV_SET_INT(c, data, "data_len", d->data[1]);
    } else {
        data = ofmpkt_pv_bytes(c, d->data, d->size);
    }
    ofmpkt_pv_add(o, "data", data);
    PV_SET_INT(c, o, "type", m->type);
    return o;
}

static void
icmp_body_from_json(struct jctx *j, uint8_t type, const char *cls, const json_t *f,
                    struct ofm_buf *out)
{
    uint8_t data_len = 0;
    if (!strcmp(cls, "echo")) {
        echo_from_json(j, f, out);
        return;
    }
    ofmpkt_j_u8(j, f, "data_len", 255, &data_len);
    if (!strcmp(cls, "dest_unreach")) {
        ofm_buf_put_u8(out, 0);
        ofm_buf_put_u8(out, data_len);
        j_put_u16(j, f, "mtu", "mtu", out);
    } else if (!strcmp(cls, "TimeExceeded")) {
        ofm_buf_put_u8(out, 0);
        ofm_buf_put_u8(out, data_len);
        ofm_buf_put_be16(out, 0);
    } else {
        ofmpkt_jerr(j, "unknown ICMP body %s", cls);
        return;
    }
    const json_t *d = json_object_get(f, "data");
    if (d) {
        ofmpkt_jv_bytes_put(j, d, "data", out);
    }
}

static int
icmp_from_json(struct ofm_hdr *h, const char *cls, const json_t *f, struct jctx *j)
{
    struct ofm_icmp *m = &h->u.icmp;
    const json_t *t = jget2(f, "type", "type_");
    if (t) {
        uint64_t v = 0;
        ofmpkt_jv_uint(j, t, "type", 255, &v);
        m->type = (uint8_t) v;
    }
    ofmpkt_j_u8(j, f, "code", 255, &m->code);
    ofmpkt_j_u16(j, f, "csum", 0xffff, &m->csum);
    return body_from_json(j, f, m->type, icmp_body_from_json, &m->data);
}

const struct pkt_ops ofmpkt_ops_icmp = {
    "icmp", icmp_parse, icmp_defaults, icmp_common_write, icmp_fix, icmp_describe,
    icmp_from_json,
};

/* ---- Group records (IGMPv3 and MLDv2 reports). ---- */

/* Size of the group record at 'p' ('n' bytes left) with addresses of
 * 'asize' bytes, or 0 if it does not fit. */
static size_t
group_record_size(const uint8_t *p, size_t n, size_t asize)
{
    if (n < 4 + asize) {
        return 0;
    }
    size_t size = 4 + asize + (size_t) ofm_get16(p + 2) * asize + (size_t) p[1] * 4;
    return size <= n ? size : 0;
}

/* Counts the records in 'recs'; false if they do not exactly fill it. */
static bool
group_records_count(const struct ofm_bytes *recs, size_t asize, size_t *count)
{
    size_t off = 0;
    *count = 0;
    while (off < recs->size) {
        size_t size = group_record_size(recs->data + off, recs->size - off, asize);
        if (!size) {
            return false;
        }
        off += size;
        ++*count;
    }
    return true;
}

static struct pv *
addr_list(struct pv_ctx *c, const uint8_t *p, size_t count, size_t asize)
{
    struct pv *list = ofmpkt_pv_list(c);
    for (size_t i = 0; i < count; i++) {
        ofmpkt_pv_add(list, NULL, asize == 4 ? ofmpkt_pv_ip4(c, ofm_get32(p + i * 4))
                      : ofmpkt_pv_ip6(c, p + i * 16));
    }
    return list;
}

static struct pv *
group_records_describe(struct pv_ctx *c, const struct ofm_bytes *recs, size_t limit,
                       size_t asize)
{
    const char *cls = asize == 4 ? "igmpv3_report_group" : "mldv2_report_group";
    struct pv *list = ofmpkt_pv_list(c);
    size_t off = 0;
    for (size_t i = 0; i < limit && off < recs->size; i++) {
        const uint8_t *p = recs->data + off;
        size_t size = group_record_size(p, recs->size - off, asize);
        if (!size) {
            break;
        }
        size_t num = ofm_get16(p + 2);
        struct pv *o = ofmpkt_pv_obj(c, cls);
        ofmpkt_pv_add(o, "address", asize == 4 ? ofmpkt_pv_ip4(c, ofm_get32(p + 4))
                      : ofmpkt_pv_ip6(c, p + 4));
        ofmpkt_pv_add(o, "aux", ofmpkt_pv_bytes_or_null(c, p + 4 + asize + num * asize,
                                                       (size_t) p[1] * 4));
        PV_SET_INT(c, o, "aux_len", p[1]);
        PV_SET_INT(c, o, "num", (int64_t) num);
        ofmpkt_pv_add(o, "srcs", addr_list(c, p + 4 + asize, num, asize));
        PV_SET_INT(c, o, "type_", p[0]);
        ofmpkt_pv_add(list, NULL, o);
        off += size;
    }
    return list;
}

/* Encodes the address list 'srcs' (JSON list of text addresses). */
static size_t
addrs_from_json(struct jctx *j, const json_t *srcs, size_t asize, struct ofm_buf *out)
{
    size_t i;
    const json_t *v;
    if (!srcs || json_is_null(srcs)) {
        return 0;
    }
    if (!json_is_array(srcs)) {
        ofmpkt_jerr(j, "'srcs' must be a list of addresses");
        return 0;
    }
    json_array_foreach(srcs, i, v) {
        if (asize == 4) {
            uint32_t a;
            if (ofmpkt_jv_ip4(j, v, "srcs", &a)) {
                return 0;
            }
            ofm_buf_put_be32(out, a);
        } else {
            uint8_t a[16];
            if (ofmpkt_jv_ip6(j, v, "srcs", a)) {
                return 0;
            }
            ofm_buf_put(out, a, 16);
        }
    }
    return json_array_size(srcs);
}

/* Encodes a list of group records; returns their number. */
static size_t
group_records_from_json(struct jctx *j, const json_t *records, size_t asize,
                        struct ofm_buf *out)
{
    const char *want = asize == 4 ? "igmpv3_report_group" : "mldv2_report_group";
    size_t i;
    const json_t *item;
    if (!records || json_is_null(records)) {
        return 0;
    }
    if (!json_is_array(records)) {
        ofmpkt_jerr(j, "'records' must be a list");
        return 0;
    }
    json_array_foreach(records, i, item) {
        const json_t *f;
        const char *cls = ofmpkt_j_class(item, &f);
        uint8_t type = 0, aux_len = 0;
        uint16_t num = 0;
        if (!cls || strcmp(cls, want)) {
            ofmpkt_jerr(j, "'records' items must be {\"%s\": {...}}", want);
            return 0;
        }
        const json_t *tv = jget2(f, "type", "type_");
        if (tv) {
            uint64_t t = 0;
            ofmpkt_jv_uint(j, tv, "type", 255, &t);
            type = (uint8_t) t;
        }
        ofmpkt_j_u8(j, f, "aux_len", 255, &aux_len);
        ofmpkt_j_u16(j, f, "num", 0xffff, &num);
        size_t start = out->size;
        ofm_buf_put_u8(out, type);
        ofm_buf_put_u8(out, aux_len);
        ofm_buf_put_be16(out, num);
        if (asize == 4) {
            uint32_t a = 0;
            ofmpkt_j_ip4(j, f, "address", &a);
            ofm_buf_put_be32(out, a);
        } else {
            uint8_t a[16] = { 0 };
            ofmpkt_j_ip6(j, f, "address", a);
            ofm_buf_put(out, a, 16);
        }
        size_t n = addrs_from_json(j, json_object_get(f, "srcs"), asize, out);
        if (!num) {
            ofm_put16(out->data + start + 2, (uint16_t) n);
        }
        const json_t *aux = json_object_get(f, "aux");
        if (aux && !json_is_null(aux)) {
            size_t aux_start = out->size;
            ofmpkt_jv_bytes_put(j, aux, "aux", out);
            ofm_buf_pad(out, aux_start, 4);
            if (!aux_len) {
                size_t words = (out->size - aux_start) / 4;
                if (words > 255) {
                    ofmpkt_jerr(j, "'aux' too long");
                    return 0;
                }
                out->data[start + 1] = (uint8_t) words;
            }
        }
        if (j->error) {
            return 0;
        }
    }
    return json_array_size(records);
}

/* ---- ICMPv6. ---- */

static int
icmpv6_parse(struct ofm_hdr *h, const uint8_t *p, size_t n, const struct ofm_hdr *prev,
             struct pkt_parse *r)
{
    return icmp_common_parse(h, p, n, r);
}

static int
icmpv6_fix(const struct ofm_hdr *h, struct pkt_fix *fix)
{
    if (!h->u.icmpv6.csum && !(h->flags & OFM_HDR_VERBATIM)) {
        uint32_t sum = 0;
        size_t len = fix->end - fix->off;
        ofmpkt_pseudo_sum(fix, OFM_IPPROTO_ICMPV6, (uint32_t) len, &sum);
        ofmpkt_csum_store(fix->out, fix->off, len, sum, fix->off + 2);
    }
    return 0;
}

/* One ND option at 'p' ('n' bytes to the end of the message) for the
 * message types whose parser knows 'types' (bit per option type).  Like
 * Ryu, a link-layer address option takes everything after its first 8
 * bytes as its data.  Sets '*size' to the bytes used. */
static struct pv *
nd_option_describe(struct pv_ctx *c, const uint8_t *p, size_t n, unsigned types,
                   size_t *size)
{
    uint8_t type = p[0], len = p[1];
    struct pv *o;

    *size = n;
    if ((type == 1 || type == 2) && (types & (1u << type)) && n >= 8) {
        o = ofmpkt_pv_obj(c, type == 1 ? "nd_option_sla" : "nd_option_tla");
        ofmpkt_pv_add(o, "data", ofmpkt_pv_bytes_or_null(c, p + 8, n - 8));
        PV_SET_MAC(c, o, "hw_src", p + 2);
        PV_SET_INT(c, o, "length", len);
        return o;
    } else if (type == 3 && (types & (1u << 3)) && n >= 32) {
        o = ofmpkt_pv_obj(c, "nd_option_pi");
        PV_SET_INT(c, o, "length", len);
        PV_SET_INT(c, o, "pl", p[2]);
        PV_SET_INT(c, o, "pre_l", ofm_get32(p + 8));
        PV_SET_IP6(c, o, "prefix", p + 16);
        PV_SET_INT(c, o, "res1", p[3] >> 5);
        PV_SET_INT(c, o, "res2", ofm_get32(p + 12));
        PV_SET_INT(c, o, "val_l", ofm_get32(p + 4));
        *size = 32;
        return o;
    } else if (type == 5 && (types & (1u << 5)) && n >= 8) {
        o = ofmpkt_pv_obj(c, "nd_option_mtu");
        PV_SET_INT(c, o, "length", len);
        PV_SET_INT(c, o, "mtu", ofm_get32(p + 4));
        *size = 8;
        return o;
    }
    /* Unknown: raw bytes (of its own length in a list of options). */
    if (types & (1u << 31) && len && (size_t) len * 8 <= n) {
        *size = (size_t) len * 8;
    }
    return ofmpkt_pv_bytes(c, p, *size);
}

#define ND_LIST (1u << 31)      /* In a list: unknown options keep their size. */

static struct pv *
icmpv6_body_describe(struct pv_ctx *c, uint8_t type, const struct ofm_bytes *d)
{
    const uint8_t *p = d->data;
    size_t n = d->size;
    struct pv *o;
    size_t used;

    switch (type) {
    case OFM_ND_NEIGHBOR_SOLICIT:
    case OFM_ND_NEIGHBOR_ADVERT:
        if (n < 20 || (n > 20 && (n < 22 || !p[21]))) {
            break;
        }
        o = ofmpkt_pv_obj(c, "nd_neighbor");
        PV_SET_IP6(c, o, "dst", p + 4);
        ofmpkt_pv_add(o, "option", n > 20 ? nd_option_describe(c, p + 20, n - 20, 0x6, &used)
                      : ofmpkt_pv_null(c));
        PV_SET_INT(c, o, "res", p[0] >> 5);
        return o;
    case OFM_ND_ROUTER_SOLICIT:
        if (n < 4 || (n > 4 && (n < 6 || !p[5]))) {
            break;
        }
        o = ofmpkt_pv_obj(c, "nd_router_solicit");
        ofmpkt_pv_add(o, "option", n > 4 ? nd_option_describe(c, p + 4, n - 4, 0x2, &used)
                      : ofmpkt_pv_null(c));
        PV_SET_INT(c, o, "res", ofm_get32(p));
        return o;
    case OFM_ND_ROUTER_ADVERT: {
        if (n < 12) {
            break;
        }
        struct pv *opts = ofmpkt_pv_list(c);
        size_t off = 12;
        while (off < n) {
            if (n - off < 2 || !p[off + 1]) {
                return ofmpkt_pv_bytes(c, p, n);    /* As Ryu: not decoded. */
            }
            ofmpkt_pv_add(opts, NULL, nd_option_describe(c, p + off, n - off,
                                                         0x2a | ND_LIST, &used));
            off += used;
        }
        o = ofmpkt_pv_obj(c, "nd_router_advert");
        PV_SET_INT(c, o, "ch_l", p[0]);
        ofmpkt_pv_add(o, "options", opts);
        PV_SET_INT(c, o, "rea_t", ofm_get32(p + 4));
        PV_SET_INT(c, o, "res", p[1] >> 6);
        PV_SET_INT(c, o, "ret_t", ofm_get32(p + 8));
        PV_SET_INT(c, o, "rou_l", ofm_get16(p + 2));
        return o;
    }
    case OFM_ICMPV6_ECHO_REQUEST:
    case OFM_ICMPV6_ECHO_REPLY:
        if (n < 4) {
            break;
        }
        return echo_describe(c, d);
    case 130: case 131: case 132:
        if (n > 20) {
            if (n < 24) {
                break;
            }
            size_t num = ofm_get16(p + 22);
            size_t avail = (n - 24) / 16;
            o = ofmpkt_pv_obj(c, "mldv2_query");
            PV_SET_IP6(c, o, "address", p + 4);
            PV_SET_INT(c, o, "maxresp", ofm_get16(p));
            PV_SET_INT(c, o, "num", (int64_t) num);
            PV_SET_INT(c, o, "qqic", p[21]);
            PV_SET_INT(c, o, "qrv", p[20] & 7);
            PV_SET_INT(c, o, "s_flg", (p[20] >> 3) & 1);
            ofmpkt_pv_add(o, "srcs", addr_list(c, p + 24, num < avail ? num : avail, 16));
            return o;
        } else if (n == 20) {
            o = ofmpkt_pv_obj(c, "mld");
            PV_SET_IP6(c, o, "address", p + 4);
            PV_SET_INT(c, o, "maxresp", ofm_get16(p));
            return o;
        }
        break;
    case 143: {
        if (n < 4) {
            break;
        }
        struct ofm_bytes recs = { p + 4, n - 4 };
        o = ofmpkt_pv_obj(c, "mldv2_report");
        PV_SET_INT(c, o, "record_num", ofm_get16(p + 2));
        ofmpkt_pv_add(o, "records", group_records_describe(c, &recs, ofm_get16(p + 2), 16));
        return o;
    }
    default:
        break;
    }
    return ofmpkt_pv_bytes(c, p, n);
}

static struct pv *
icmpv6_describe(const struct ofm_hdr *h, struct pv_ctx *c)
{
    const struct ofm_icmpv6 *m = &h->u.icmpv6;
    struct pv *o = ofmpkt_pv_obj(c, "icmpv6");
    PV_SET_INT(c, o, "code", m->code);
    PV_SET_INT(c, o, "csum", m->csum);
    ofmpkt_pv_add(o, "data", icmpv6_body_describe(c, m->type, &m->data));
    PV_SET_INT(c, o, "type_", m->type);
    return o;
}

/* Encodes one ND option given as JSON (object or base64 bytes). */
static void
nd_option_from_json(struct jctx *j, const json_t *v, struct ofm_buf *out)
{
    const json_t *f;
    const char *cls = ofmpkt_j_class(v, &f);
    size_t start = out->size;
    uint8_t length = 0;

    if (json_is_string(v)) {
        ofmpkt_jv_bytes_put(j, v, "option", out);
        return;
    } else if (!cls) {
        ofmpkt_jerr(j, "an ND option must be base64 bytes or {\"Class\": {...}}");
        return;
    }
    ofmpkt_j_u8(j, f, "length", 255, &length);
    if (!strcmp(cls, "nd_option_sla") || !strcmp(cls, "nd_option_tla")) {
        uint8_t mac[6] = { 0 };
        ofmpkt_j_mac(j, f, "hw_src", mac);
        ofm_buf_put_u8(out, cls[10] == 's' ? 1 : 2);
        ofm_buf_put_u8(out, length);
        ofm_buf_put(out, mac, 6);
        const json_t *d = json_object_get(f, "data");
        if (d) {
            ofmpkt_jv_bytes_put(j, d, "data", out);
        }
        ofm_buf_pad(out, start, 8);
    } else if (!strcmp(cls, "nd_option_pi")) {
        uint8_t pl = 0, res1 = 0, prefix[16] = { 0 };
        uint32_t val_l = 0, pre_l = 0, res2 = 0;
        ofmpkt_j_u8(j, f, "pl", 255, &pl);
        ofmpkt_j_u8(j, f, "res1", 7, &res1);
        ofmpkt_j_u32(j, f, "val_l", UINT32_MAX, &val_l);
        ofmpkt_j_u32(j, f, "pre_l", UINT32_MAX, &pre_l);
        ofmpkt_j_u32(j, f, "res2", UINT32_MAX, &res2);
        ofmpkt_j_ip6(j, f, "prefix", prefix);
        ofm_buf_put_u8(out, 3);
        ofm_buf_put_u8(out, length);
        ofm_buf_put_u8(out, pl);
        ofm_buf_put_u8(out, (uint8_t) (res1 << 5));
        ofm_buf_put_be32(out, val_l);
        ofm_buf_put_be32(out, pre_l);
        ofm_buf_put_be32(out, res2);
        ofm_buf_put(out, prefix, 16);
    } else if (!strcmp(cls, "nd_option_mtu")) {
        uint32_t mtu = 1500;
        ofmpkt_j_u32(j, f, "mtu", UINT32_MAX, &mtu);
        ofm_buf_put_u8(out, 5);
        ofm_buf_put_u8(out, 1);
        ofm_buf_put_be16(out, 0);
        ofm_buf_put_be32(out, mtu);
        return;
    } else {
        ofmpkt_jerr(j, "unknown ND option %s", cls);
        return;
    }
    if (!length && !j->error) {
        size_t units = (out->size - start) / 8;
        if (units > 255) {
            ofmpkt_jerr(j, "ND option too long");
            return;
        }
        out->data[start + 1] = (uint8_t) units;
    }
}

static void
icmpv6_body_from_json(struct jctx *j, uint8_t type, const char *cls, const json_t *f,
                      struct ofm_buf *out)
{
    if (!strcmp(cls, "echo")) {
        echo_from_json(j, f, out);
    } else if (!strcmp(cls, "nd_neighbor")) {
        uint32_t res = 0;
        uint8_t dst[16] = { 0 };
        ofmpkt_j_u32(j, f, "res", 7, &res);
        ofmpkt_j_ip6(j, f, "dst", dst);
        ofm_buf_put_be32(out, res << 29);
        ofm_buf_put(out, dst, 16);
        const json_t *opt = json_object_get(f, "option");
        if (opt && !json_is_null(opt)) {
            nd_option_from_json(j, opt, out);
        }
    } else if (!strcmp(cls, "nd_router_solicit")) {
        uint32_t res = 0;
        ofmpkt_j_u32(j, f, "res", UINT32_MAX, &res);
        ofm_buf_put_be32(out, res);
        const json_t *opt = json_object_get(f, "option");
        if (opt && !json_is_null(opt)) {
            nd_option_from_json(j, opt, out);
        }
    } else if (!strcmp(cls, "nd_router_advert")) {
        uint8_t ch_l = 0, res = 0;
        uint16_t rou_l = 0;
        uint32_t rea_t = 0, ret_t = 0;
        ofmpkt_j_u8(j, f, "ch_l", 255, &ch_l);
        ofmpkt_j_u8(j, f, "res", 3, &res);
        ofmpkt_j_u16(j, f, "rou_l", 0xffff, &rou_l);
        ofmpkt_j_u32(j, f, "rea_t", UINT32_MAX, &rea_t);
        ofmpkt_j_u32(j, f, "ret_t", UINT32_MAX, &ret_t);
        ofm_buf_put_u8(out, ch_l);
        ofm_buf_put_u8(out, (uint8_t) (res << 6));
        ofm_buf_put_be16(out, rou_l);
        ofm_buf_put_be32(out, rea_t);
        ofm_buf_put_be32(out, ret_t);
        const json_t *opts = json_object_get(f, "options");
        if (opts && !json_is_null(opts)) {
            size_t i;
            const json_t *v;
            if (!json_is_array(opts)) {
                ofmpkt_jerr(j, "'options' must be a list");
                return;
            }
            json_array_foreach(opts, i, v) {
                nd_option_from_json(j, v, out);
            }
        }
    } else if (!strcmp(cls, "mld") || !strcmp(cls, "mldv2_query")) {
        uint8_t addr[16] = { 0 };
        j_put_u16(j, f, "maxresp", "maxresp", out);
        ofm_buf_put_be16(out, 0);
        ofmpkt_j_ip6(j, f, "address", addr);
        ofm_buf_put(out, addr, 16);
        if (cls[3] == 'v') {
            uint8_t s_flg = 0, qrv = 2, qqic = 0;
            uint16_t num = 0;
            ofmpkt_j_u8(j, f, "s_flg", 1, &s_flg);
            ofmpkt_j_u8(j, f, "qrv", 7, &qrv);
            ofmpkt_j_u8(j, f, "qqic", 255, &qqic);
            ofmpkt_j_u16(j, f, "num", 0xffff, &num);
            ofm_buf_put_u8(out, (uint8_t) (s_flg << 3 | qrv));
            ofm_buf_put_u8(out, qqic);
            size_t at = out->size;
            ofm_buf_put_be16(out, num);
            size_t n = addrs_from_json(j, json_object_get(f, "srcs"), 16, out);
            if (!num) {
                ofm_put16(out->data + at, (uint16_t) n);
            }
        }
    } else if (!strcmp(cls, "mldv2_report")) {
        uint16_t record_num = 0;
        ofmpkt_j_u16(j, f, "record_num", 0xffff, &record_num);
        ofm_buf_put_be16(out, 0);
        size_t at = out->size;
        ofm_buf_put_be16(out, record_num);
        size_t n = group_records_from_json(j, json_object_get(f, "records"), 16, out);
        if (!record_num) {
            ofm_put16(out->data + at, (uint16_t) n);
        }
    } else {
        ofmpkt_jerr(j, "unknown ICMPv6 body %s", cls);
    }
}

static int
icmpv6_from_json(struct ofm_hdr *h, const char *cls, const json_t *f, struct jctx *j)
{
    struct ofm_icmpv6 *m = &h->u.icmpv6;
    const json_t *t = jget2(f, "type", "type_");
    if (t) {
        uint64_t v = 0;
        ofmpkt_jv_uint(j, t, "type", 255, &v);
        m->type = (uint8_t) v;
    }
    ofmpkt_j_u8(j, f, "code", 255, &m->code);
    ofmpkt_j_u16(j, f, "csum", 0xffff, &m->csum);
    return body_from_json(j, f, m->type, icmpv6_body_from_json, &m->data);
}

const struct pkt_ops ofmpkt_ops_icmpv6 = {
    "icmpv6", icmpv6_parse, NULL, icmp_common_write, icmpv6_fix, icmpv6_describe,
    icmpv6_from_json,
};

/* ---- IGMP. ---- */

#define IGMP_QUERY 0x11
#define IGMP_REPORT_V3 0x22

static int
igmp_parse(struct ofm_hdr *h, const uint8_t *p, size_t n, const struct ofm_hdr *prev,
           struct pkt_parse *r)
{
    struct ofm_igmp *g = &h->u.igmp;
    if (n < 8) {
        return BAD;
    }
    g->msgtype = p[0];
    g->csum = ofm_get16(p + 2);
    if (g->msgtype == IGMP_QUERY && n >= 12) {
        g->kind = OFM_IGMP_V3_QUERY;
        g->maxresp = p[1];
        g->address = ofm_get32(p + 4);
        g->s_flg = (p[8] >> 3) & 1;
        g->qrv = p[8] & 7;
        g->qqic = p[9];
        g->num = ofm_get16(p + 10);
        size_t size = 12 + (size_t) g->num * 4;
        if (size > n) {
            return BAD;
        }
        g->srcs.data = p + 12;
        g->srcs.size = size - 12;
        r->hdr_size = size;
    } else if (g->msgtype == IGMP_REPORT_V3) {
        g->kind = OFM_IGMP_V3_REPORT;
        g->record_num = ofm_get16(p + 6);
        size_t off = 8;
        for (size_t i = 0; i < g->record_num; i++) {
            size_t size = group_record_size(p + off, n - off, 4);
            if (!size) {
                return BAD;
            }
            off += size;
        }
        g->srcs.data = p + 8;
        g->srcs.size = off - 8;
        r->hdr_size = off;
    } else {
        g->kind = OFM_IGMP_V1V2;
        g->maxresp = p[1];
        g->address = ofm_get32(p + 4);
        r->hdr_size = 8;
    }
    return 0;
}

static void
igmp_defaults(struct ofm_hdr *h)
{
    h->u.igmp.msgtype = IGMP_QUERY;
}

static int
igmp_write(const struct ofm_hdr *h, const struct ofm_hdr *next, struct ofm_buf *out)
{
    const struct ofm_igmp *g = &h->u.igmp;
    bool fill = !(h->flags & OFM_HDR_VERBATIM);
    ofm_buf_put_u8(out, g->msgtype);
    switch (g->kind) {
    case OFM_IGMP_V1V2:
        ofm_buf_put_u8(out, g->maxresp);
        ofm_buf_put_be16(out, g->csum);
        ofm_buf_put_be32(out, g->address);
        break;
    case OFM_IGMP_V3_QUERY:
        ofm_buf_put_u8(out, g->maxresp);
        ofm_buf_put_be16(out, g->csum);
        ofm_buf_put_be32(out, g->address);
        ofm_buf_put_u8(out, (uint8_t) ((g->s_flg & 1) << 3 | (g->qrv & 7)));
        ofm_buf_put_u8(out, g->qqic);
        if (!g->num && fill && g->srcs.size / 4 > 0xffff) {
            return EINVAL;
        }
        ofm_buf_put_be16(out, (uint16_t) (!g->num && fill ? g->srcs.size / 4 : g->num));
        if (g->srcs.size) {
            ofm_buf_put(out, g->srcs.data, g->srcs.size);
        }
        break;
    case OFM_IGMP_V3_REPORT: {
        size_t count = g->record_num;
        if (!count && fill && !group_records_count(&g->srcs, 4, &count)) {
            return EINVAL;
        }
        if (count > 0xffff) {
            return EINVAL;
        }
        ofm_buf_put_u8(out, 0);
        ofm_buf_put_be16(out, g->csum);
        ofm_buf_put_be16(out, 0);
        ofm_buf_put_be16(out, (uint16_t) count);
        if (g->srcs.size) {
            ofm_buf_put(out, g->srcs.data, g->srcs.size);
        }
        break;
    }
    default:
        return EINVAL;
    }
    return 0;
}

static int
igmp_fix(const struct ofm_hdr *h, struct pkt_fix *fix)
{
    if (!h->u.igmp.csum && !(h->flags & OFM_HDR_VERBATIM)) {
        ofmpkt_csum_store(fix->out, fix->off, fix->size, 0, fix->off + 2);
    }
    return 0;
}

static struct pv *
igmp_describe(const struct ofm_hdr *h, struct pv_ctx *c)
{
    const struct ofm_igmp *g = &h->u.igmp;
    struct pv *o;
    switch (g->kind) {
    case OFM_IGMP_V3_QUERY:
        o = ofmpkt_pv_obj(c, "igmpv3_query");
        PV_SET_IP4(c, o, "address", g->address);
        PV_SET_INT(c, o, "csum", g->csum);
        PV_SET_INT(c, o, "maxresp", g->maxresp);
        PV_SET_INT(c, o, "msgtype", g->msgtype);
        PV_SET_INT(c, o, "num", g->num);
        PV_SET_INT(c, o, "qqic", g->qqic);
        PV_SET_INT(c, o, "qrv", g->qrv);
        PV_SET_INT(c, o, "s_flg", g->s_flg);
        ofmpkt_pv_add(o, "srcs", addr_list(c, g->srcs.data, g->srcs.size / 4, 4));
        return o;
    case OFM_IGMP_V3_REPORT:
        o = ofmpkt_pv_obj(c, "igmpv3_report");
        PV_SET_INT(c, o, "csum", g->csum);
        PV_SET_INT(c, o, "msgtype", g->msgtype);
        PV_SET_INT(c, o, "record_num", g->record_num);
        ofmpkt_pv_add(o, "records", group_records_describe(c, &g->srcs, SIZE_MAX, 4));
        return o;
    default:
        o = ofmpkt_pv_obj(c, "igmp");
        PV_SET_IP4(c, o, "address", g->address);
        PV_SET_INT(c, o, "csum", g->csum);
        PV_SET_INT(c, o, "maxresp", g->maxresp);
        PV_SET_INT(c, o, "msgtype", g->msgtype);
        return o;
    }
}

static int
igmp_from_json(struct ofm_hdr *h, const char *cls, const json_t *f, struct jctx *j)
{
    struct ofm_igmp *g = &h->u.igmp;
    struct ofm_buf b;

    ofm_buf_init(&b);
    if (!strcmp(cls, "igmpv3_query")) {
        g->kind = OFM_IGMP_V3_QUERY;
        g->maxresp = 100;
        g->qrv = 2;
        ofmpkt_j_u8(j, f, "s_flg", 1, &g->s_flg);
        ofmpkt_j_u8(j, f, "qrv", 7, &g->qrv);
        ofmpkt_j_u8(j, f, "qqic", 255, &g->qqic);
        ofmpkt_j_u16(j, f, "num", 0xffff, &g->num);
        addrs_from_json(j, json_object_get(f, "srcs"), 4, &b);
    } else if (!strcmp(cls, "igmpv3_report")) {
        g->kind = OFM_IGMP_V3_REPORT;
        g->msgtype = IGMP_REPORT_V3;
        ofmpkt_j_u16(j, f, "record_num", 0xffff, &g->record_num);
        group_records_from_json(j, json_object_get(f, "records"), 4, &b);
    } else {
        g->kind = OFM_IGMP_V1V2;
    }
    ofmpkt_j_u8(j, f, "msgtype", 255, &g->msgtype);
    ofmpkt_j_u8(j, f, "maxresp", 255, &g->maxresp);
    ofmpkt_j_u16(j, f, "csum", 0xffff, &g->csum);
    ofmpkt_j_ip4(j, f, "address", &g->address);
    if (!j->error) {
        g->srcs = ofmpkt_j_keep(j, &b);
    }
    ofm_buf_uninit(&b);
    return j->error;
}

const struct pkt_ops ofmpkt_ops_igmp = {
    "igmp", igmp_parse, igmp_defaults, igmp_write, igmp_fix, igmp_describe, igmp_from_json,
};
