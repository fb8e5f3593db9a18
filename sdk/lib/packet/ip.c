/* ip.c: IPv4, IPv6 with its extension headers, and GRE. */
#include <config.h>

#include "packet-private.h"

#include <errno.h>
#include <string.h>
#include "ofm/err.h"

#define BAD OFM_ERR_BAD_PACKET

/* ---- IPv4. ---- */

static int
ipv4_parse(struct ofm_hdr *h, const uint8_t *p, size_t n, const struct ofm_hdr *prev,
           struct pkt_parse *r)
{
    struct ofm_ipv4 *ip = &h->u.ipv4;
    if (n < 20) {
        return BAD;
    }
    ip->version = p[0] >> 4;
    ip->header_length = p[0] & 15;
    size_t hlen = ip->header_length * 4u;
    ip->tos = p[1];
    ip->total_length = ofm_get16(p + 2);
    ip->identification = ofm_get16(p + 4);
    uint16_t fo = ofm_get16(p + 6);
    ip->flags = fo >> 13;
    ip->offset = fo & 0x1fff;
    ip->ttl = p[8];
    ip->proto = p[9];
    ip->csum = ofm_get16(p + 10);
    ip->src = ofm_get32(p + 12);
    ip->dst = ofm_get32(p + 16);
    if (hlen < 20 || hlen > n || ip->total_length < hlen) {
        return BAD;
    }
    ip->option.data = hlen > 20 ? p + 20 : NULL;
    ip->option.size = hlen - 20;
    r->hdr_size = hlen;
    r->extent = ip->total_length < n ? ip->total_length : n;
    /* A fragment other than the first carries no upper-layer header. */
    r->next = ip->offset ? OFM_PROTO_NONE : ofmpkt_proto_for_ipproto(ip->proto, false);
    return 0;
}

static void
ipv4_defaults(struct ofm_hdr *h)
{
    struct ofm_ipv4 *ip = &h->u.ipv4;
    ip->version = 4;
    ip->ttl = 255;
    ip->src = 0x0a000001;       /* Ryu's 10.0.0.1 and 10.0.0.2. */
    ip->dst = 0x0a000002;
}

static size_t
ipv4_hlen(const struct ofm_hdr *h)
{
    const struct ofm_ipv4 *ip = &h->u.ipv4;
    size_t opt = (ip->option.size + 3) & ~(size_t) 3;
    if (!ip->header_length && !(h->flags & OFM_HDR_VERBATIM)) {
        return 20 + opt;
    }
    size_t hlen = ip->header_length * 4u;
    return hlen > 20 + opt ? hlen : 20 + opt;
}

static int
ipv4_write(const struct ofm_hdr *h, const struct ofm_hdr *next, struct ofm_buf *out)
{
    const struct ofm_ipv4 *ip = &h->u.ipv4;
    size_t hlen = ipv4_hlen(h);
    uint8_t ihl = ip->header_length;
    uint8_t proto = ip->proto;

    if (hlen > 60) {
        return EINVAL;
    }
    if (!(h->flags & OFM_HDR_VERBATIM)) {
        if (!ihl) {
            ihl = (uint8_t) (hlen / 4);
        }
        if (!proto) {
            proto = ofmpkt_ipproto_of(next);
        }
    }
    ofm_buf_put_u8(out, (uint8_t) ((ip->version & 15) << 4 | (ihl & 15)));
    ofm_buf_put_u8(out, ip->tos);
    ofm_buf_put_be16(out, ip->total_length);
    ofm_buf_put_be16(out, ip->identification);
    ofm_buf_put_be16(out, (uint16_t) ((ip->flags & 7) << 13 | (ip->offset & 0x1fff)));
    ofm_buf_put_u8(out, ip->ttl);
    ofm_buf_put_u8(out, proto);
    ofm_buf_put_be16(out, ip->csum);
    ofm_buf_put_be32(out, ip->src);
    ofm_buf_put_be32(out, ip->dst);
    if (ip->option.size) {
        ofm_buf_put(out, ip->option.data, ip->option.size);
    }
    ofm_buf_put_zeros(out, hlen - 20 - ip->option.size);
    return 0;
}

static int
ipv4_fix(const struct ofm_hdr *h, struct pkt_fix *fix)
{
    const struct ofm_ipv4 *ip = &h->u.ipv4;
    if (h->flags & OFM_HDR_VERBATIM) {
        return 0;
    }
    if (!ip->total_length) {
        if (fix->end - fix->off > 65535) {
            return EINVAL;
        }
        ofm_put16(fix->out->data + fix->off + 2, (uint16_t) (fix->end - fix->off));
    }
    if (!ip->csum) {
        ofmpkt_csum_store(fix->out, fix->off, fix->size, 0, fix->off + 10);
    }
    return 0;
}

static struct pv *
ipv4_describe(const struct ofm_hdr *h, struct pv_ctx *c)
{
    const struct ofm_ipv4 *ip = &h->u.ipv4;
    struct pv *o = ofmpkt_pv_obj(c, "ipv4");
    PV_SET_INT(c, o, "csum", ip->csum);
    PV_SET_IP4(c, o, "dst", ip->dst);
    PV_SET_INT(c, o, "flags", ip->flags);
    PV_SET_INT(c, o, "header_length", ip->header_length);
    PV_SET_INT(c, o, "identification", ip->identification);
    PV_SET_INT(c, o, "offset", ip->offset);
    ofmpkt_pv_add(o, "option", ofmpkt_pv_bytes_or_null(c, ip->option.data, ip->option.size));
    PV_SET_INT(c, o, "proto", ip->proto);
    PV_SET_IP4(c, o, "src", ip->src);
    PV_SET_INT(c, o, "tos", ip->tos);
    PV_SET_INT(c, o, "total_length", ip->total_length);
    PV_SET_INT(c, o, "ttl", ip->ttl);
    PV_SET_INT(c, o, "version", ip->version);
    return o;
}

static int
ipv4_from_json(struct ofm_hdr *h, const char *cls, const json_t *f, struct jctx *j)
{
    struct ofm_ipv4 *ip = &h->u.ipv4;
    ofmpkt_j_u8(j, f, "version", 15, &ip->version);
    ofmpkt_j_u8(j, f, "header_length", 15, &ip->header_length);
    ofmpkt_j_u8(j, f, "tos", 255, &ip->tos);
    ofmpkt_j_u16(j, f, "total_length", 0xffff, &ip->total_length);
    ofmpkt_j_u16(j, f, "identification", 0xffff, &ip->identification);
    ofmpkt_j_u8(j, f, "flags", 7, &ip->flags);
    ofmpkt_j_u16(j, f, "offset", 0x1fff, &ip->offset);
    ofmpkt_j_u8(j, f, "ttl", 255, &ip->ttl);
    ofmpkt_j_u8(j, f, "proto", 255, &ip->proto);
    ofmpkt_j_u16(j, f, "csum", 0xffff, &ip->csum);
    ofmpkt_j_ip4(j, f, "src", &ip->src);
    ofmpkt_j_ip4(j, f, "dst", &ip->dst);
    ofmpkt_j_bytes(j, f, "option", &ip->option);
    if (!j->error && ip->option.size > 40) {
        return ofmpkt_jerr(j, "options longer than 40 bytes");
    }
    return j->error;
}

const struct pkt_ops ofmpkt_ops_ipv4 = {
    "ipv4", ipv4_parse, ipv4_defaults, ipv4_write, ipv4_fix, ipv4_describe, ipv4_from_json,
};

/* ---- IPv6 extension headers. ---- */

static bool
is_ext(uint8_t nxt)
{
    return (nxt == OFM_IPPROTO_HOPOPTS || nxt == OFM_IPPROTO_ROUTING
            || nxt == OFM_IPPROTO_FRAGMENT || nxt == OFM_IPPROTO_DSTOPTS
            || nxt == OFM_IPPROTO_AH);
}

bool
ofm_ipv6_next_ext(struct ofm_rd *rd, uint8_t *nxt, struct ofm_bytes *hdr)
{
    if (!is_ext(*nxt) || rd->error) {
        return false;
    }
    if (rd->left < 2) {
        rd->error = true;
        return false;
    }
    size_t len = (*nxt == OFM_IPPROTO_FRAGMENT ? 8
                  : *nxt == OFM_IPPROTO_AH ? (rd->p[1] + 2u) * 4
                  : (rd->p[1] + 1u) * 8);
    const uint8_t *p = ofm_rd_pull(rd, len);
    if (!p) {
        return false;
    }
    hdr->data = p;
    hdr->size = len;
    *nxt = p[0];
    return true;
}

uint8_t
ofm_ipv6_upper_proto(const struct ofm_ipv6 *ip)
{
    struct ofm_rd rd = ofm_rd_init(ip->ext_hdrs.data, ip->ext_hdrs.size);
    uint8_t nxt = ip->nxt;
    struct ofm_bytes hdr;
    while (rd.left && ofm_ipv6_next_ext(&rd, &nxt, &hdr)) {
        continue;
    }
    return nxt;
}

/* Options of a hop-by-hop or destination options header body. */
static struct pv *
ipv6_options_describe(struct pv_ctx *c, const uint8_t *p, size_t n)
{
    struct pv *list = ofmpkt_pv_list(c);
    size_t i = 0;
    while (i < n) {
        struct pv *o = ofmpkt_pv_obj(c, "option");
        uint8_t type = p[i];
        if (!type) {
            PV_SET_NULL(c, o, "data");
            PV_SET_INT(c, o, "len_", -1);
            PV_SET_INT(c, o, "type_", 0);
            i++;
        } else {
            if (n - i < 2 || p[i + 1] > n - i - 2) {
                break;          /* Truncated: the rest is left out. */
            }
            uint8_t len = p[i + 1];
            ofmpkt_pv_add(o, "data", ofmpkt_pv_bytes_or_null(c, p + i + 2, len));
            PV_SET_INT(c, o, "len_", len);
            PV_SET_INT(c, o, "type_", type);
            i += 2u + len;
        }
        ofmpkt_pv_add(list, NULL, o);
    }
    return list;
}

static struct pv *
routing3_describe(struct pv_ctx *c, const uint8_t *p, size_t n)
{
    struct pv *o = ofmpkt_pv_obj(c, "routing_type3");
    uint8_t size = p[1];
    uint8_t cmpi = p[4] >> 4, cmpe = p[4] & 15, pad = p[5] >> 4;
    struct pv *adrs = ofmpkt_pv_list(c);

    if (size) {
        size_t ilen = 16u - cmpi, elen = 16u - cmpe;
        size_t off = 8;
        uint8_t a[16];
        while (off + elen + pad < n && off + ilen <= n) {
            memset(a, 0, 16);
            memcpy(a + cmpi, p + off, ilen);
            ofmpkt_pv_add(adrs, NULL, ofmpkt_pv_ip6(c, a));
            off += ilen;
        }
        if (off + elen <= n) {
            memset(a, 0, 16);
            memcpy(a + cmpe, p + off, elen);
            ofmpkt_pv_add(adrs, NULL, ofmpkt_pv_ip6(c, a));
        }
    }
    ofmpkt_pv_add(o, "adrs", adrs);
    PV_SET_INT(c, o, "cmpe", cmpe);
    PV_SET_INT(c, o, "cmpi", cmpi);
    PV_SET_INT(c, o, "nxt", p[0]);
    PV_SET_INT(c, o, "seg", p[3]);
    PV_SET_INT(c, o, "size", size);
    PV_SET_INT(c, o, "type_", p[2]);
    return o;
}

static struct pv *
ext_describe(struct pv_ctx *c, uint8_t type, const uint8_t *p, size_t n)
{
    struct pv *o;
    switch (type) {
    case OFM_IPPROTO_HOPOPTS:
    case OFM_IPPROTO_DSTOPTS:
        o = ofmpkt_pv_obj(c, type == OFM_IPPROTO_HOPOPTS ? "hop_opts" : "dst_opts");
        ofmpkt_pv_add(o, "data", ipv6_options_describe(c, p + 2, n - 2));
        PV_SET_INT(c, o, "nxt", p[0]);
        PV_SET_INT(c, o, "size", p[1]);
        return o;
    case OFM_IPPROTO_ROUTING:
        if (p[2] == 3) {
            return routing3_describe(c, p, n);
        }
        o = ofmpkt_pv_obj(c, "routing");
        PV_SET_BYTES(c, o, "data", p + 4, n - 4);
        PV_SET_INT(c, o, "nxt", p[0]);
        PV_SET_INT(c, o, "seg", p[3]);
        PV_SET_INT(c, o, "size", p[1]);
        PV_SET_INT(c, o, "type_", p[2]);
        return o;
    case OFM_IPPROTO_FRAGMENT:
        o = ofmpkt_pv_obj(c, "fragment");
        PV_SET_INT(c, o, "id_", ofm_get32(p + 4));
        PV_SET_INT(c, o, "more", p[3] & 1);
        PV_SET_INT(c, o, "nxt", p[0]);
        PV_SET_INT(c, o, "offset", ofm_get16(p + 2) >> 3);
        return o;
    default:
        o = ofmpkt_pv_obj(c, "auth");
        PV_SET_BYTES(c, o, "data", p + 12, n - 12);
        PV_SET_INT(c, o, "nxt", p[0]);
        PV_SET_INT(c, o, "seq", ofm_get32(p + 8));
        PV_SET_INT(c, o, "size", p[1]);
        PV_SET_INT(c, o, "spi", ofm_get32(p + 4));
        return o;
    }
}

/* ---- IPv6. ---- */

static int
ipv6_parse(struct ofm_hdr *h, const uint8_t *p, size_t n, const struct ofm_hdr *prev,
           struct pkt_parse *r)
{
    struct ofm_ipv6 *ip = &h->u.ipv6;
    if (n < 40) {
        return BAD;
    }
    uint32_t v = ofm_get32(p);
    ip->version = v >> 28;
    ip->traffic_class = (v >> 20) & 0xff;
    ip->flow_label = v & 0xfffff;
    ip->payload_length = ofm_get16(p + 4);
    ip->nxt = p[6];
    ip->hop_limit = p[7];
    memcpy(ip->src, p + 8, 16);
    memcpy(ip->dst, p + 24, 16);

    size_t extent = 40u + ip->payload_length;
    if (!ip->payload_length && ip->nxt != OFM_IPPROTO_NONE) {
        extent = n;             /* Jumbogram or unset: take what is there. */
    }
    r->extent = extent < n ? extent : n;

    /* Extension headers; a fragment at a non-zero offset ends the walk. */
    struct ofm_rd rd = ofm_rd_init(p + 40, r->extent - 40);
    uint8_t nxt = ip->nxt;
    bool later_fragment = false;
    struct ofm_bytes ext;
    while (is_ext(nxt)) {
        uint8_t type = nxt;
        if (!ofm_ipv6_next_ext(&rd, &nxt, &ext)) {
            return BAD;
        }
        if (type == OFM_IPPROTO_FRAGMENT && ofm_get16(ext.data + 2) >> 3) {
            later_fragment = true;
            break;              /* What follows is fragment data. */
        }
        if (type == OFM_IPPROTO_AH && ext.size < 12) {
            return BAD;
        }
        if (type == OFM_IPPROTO_ROUTING && ext.size < 8) {
            return BAD;
        }
    }
    ip->ext_hdrs.data = p + 40;
    ip->ext_hdrs.size = r->extent - 40 - rd.left;
    r->hdr_size = 40 + ip->ext_hdrs.size;
    r->next = later_fragment ? OFM_PROTO_NONE : ofmpkt_proto_for_ipproto(nxt, true);
    return 0;
}

static void
ipv6_defaults(struct ofm_hdr *h)
{
    struct ofm_ipv6 *ip = &h->u.ipv6;
    ip->version = 6;
    ip->nxt = OFM_IPPROTO_TCP;
    ip->hop_limit = 255;
    ip->src[0] = 0x00;          /* Ryu's 10::10 and 20::20. */
    ip->src[1] = 0x10;
    ip->src[15] = 0x10;
    ip->dst[1] = 0x20;
    ip->dst[15] = 0x20;
}

static int
ipv6_write(const struct ofm_hdr *h, const struct ofm_hdr *next, struct ofm_buf *out)
{
    const struct ofm_ipv6 *ip = &h->u.ipv6;
    ofm_buf_put_be32(out, (uint32_t) (ip->version & 15) << 28
                     | (uint32_t) ip->traffic_class << 20 | (ip->flow_label & 0xfffff));
    ofm_buf_put_be16(out, ip->payload_length);
    ofm_buf_put_u8(out, ip->nxt);
    ofm_buf_put_u8(out, ip->hop_limit);
    ofm_buf_put(out, ip->src, 16);
    ofm_buf_put(out, ip->dst, 16);
    if (ip->ext_hdrs.size) {
        ofm_buf_put(out, ip->ext_hdrs.data, ip->ext_hdrs.size);
    }
    return 0;
}

static int
ipv6_fix(const struct ofm_hdr *h, struct pkt_fix *fix)
{
    if (!(h->flags & OFM_HDR_VERBATIM) && !h->u.ipv6.payload_length) {
        size_t len = fix->end - fix->off - 40;
        if (len > 65535) {
            return EINVAL;
        }
        ofm_put16(fix->out->data + fix->off + 4, (uint16_t) len);
    }
    return 0;
}

static struct pv *
ipv6_describe(const struct ofm_hdr *h, struct pv_ctx *c)
{
    const struct ofm_ipv6 *ip = &h->u.ipv6;
    struct pv *o = ofmpkt_pv_obj(c, "ipv6");
    struct pv *exts = ofmpkt_pv_list(c);
    struct ofm_rd rd = ofm_rd_init(ip->ext_hdrs.data, ip->ext_hdrs.size);
    uint8_t nxt = ip->nxt;
    struct ofm_bytes ext;

    for (;;) {
        uint8_t type = nxt;
        if (!rd.left || !ofm_ipv6_next_ext(&rd, &nxt, &ext)) {
            break;
        }
        if ((type == OFM_IPPROTO_AH && ext.size < 12)
            || (type == OFM_IPPROTO_ROUTING && ext.size < 8)) {
            break;
        }
        ofmpkt_pv_add(exts, NULL, ext_describe(c, type, ext.data, ext.size));
    }
    PV_SET_IP6(c, o, "dst", ip->dst);
    ofmpkt_pv_add(o, "ext_hdrs", exts);
    PV_SET_INT(c, o, "flow_label", ip->flow_label);
    PV_SET_INT(c, o, "hop_limit", ip->hop_limit);
    PV_SET_INT(c, o, "nxt", ip->nxt);
    PV_SET_INT(c, o, "payload_length", ip->payload_length);
    PV_SET_IP6(c, o, "src", ip->src);
    PV_SET_INT(c, o, "traffic_class", ip->traffic_class);
    PV_SET_INT(c, o, "version", ip->version);
    return o;
}

/* Reads JSON field 'a' or, if absent, 'b'. */
static const json_t *
jget2(const json_t *f, const char *a, const char *b)
{
    const json_t *v = json_object_get(f, a);
    return v ? v : json_object_get(f, b);
}

static void
opt_header_from_json(struct jctx *j, const json_t *f, uint8_t nxt, struct ofm_buf *out)
{
    size_t start = out->size;
    uint8_t size = 0;
    const json_t *data = json_object_get(f, "data");

    ofmpkt_j_u8(j, f, "size", 255, &size);
    ofm_buf_put_u8(out, nxt);
    ofm_buf_put_u8(out, size);
    if (!data || json_is_null(data)) {
        /* Ryu's default: one PadN option of 4 bytes. */
        static const uint8_t padn[6] = { 1, 4, 0, 0, 0, 0 };
        ofm_buf_put(out, padn, sizeof padn);
    } else if (!json_is_array(data)) {
        ofmpkt_jerr(j, "'data' must be a list of options");
        return;
    } else {
        size_t i;
        const json_t *item;
        json_array_foreach(data, i, item) {
            const json_t *of;
            const char *cls = ofmpkt_j_class(item, &of);
            uint64_t type = 0, len = 0;
            struct ofm_buf val;
            if (!cls || strcmp(cls, "option")) {
                ofmpkt_jerr(j, "'data' items must be {\"option\": {...}}");
                return;
            }
            const json_t *tv = jget2(of, "type", "type_");
            if (tv) {
                ofmpkt_jv_uint(j, tv, "type", 255, &type);
            }
            if (!type) {
                ofm_buf_put_u8(out, 0);
                continue;
            }
            ofm_buf_init(&val);
            const json_t *dv = json_object_get(of, "data");
            if (dv) {
                ofmpkt_jv_bytes_put(j, dv, "data", &val);
            }
            len = val.size;
            const json_t *lv = jget2(of, "len", "len_");
            if (lv && json_is_integer(lv) && json_integer_value(lv) >= 0) {
                ofmpkt_jv_uint(j, lv, "len", 255, &len);
            }
            if (len > 255) {
                ofmpkt_jerr(j, "option data longer than 255 bytes");
                ofm_buf_uninit(&val);
                return;
            }
            ofm_buf_put_u8(out, (uint8_t) type);
            ofm_buf_put_u8(out, (uint8_t) len);
            size_t copy = val.size < len ? val.size : len;
            if (copy) {
                ofm_buf_put(out, val.data, copy);
            }
            ofm_buf_put_zeros(out, len - copy);
            ofm_buf_uninit(&val);
        }
    }
    /* The header is a multiple of 8 bytes: pad with Pad1/PadN. */
    size_t want = size ? (size + 1u) * 8 : ((out->size - start + 7) & ~(size_t) 7);
    size_t have = out->size - start;
    if (have > want) {
        ofmpkt_jerr(j, "options exceed the header size");
        return;
    }
    if (want - have == 1) {
        ofm_buf_put_u8(out, 0);
    } else if (want > have) {
        ofm_buf_put_u8(out, 1);
        ofm_buf_put_u8(out, (uint8_t) (want - have - 2));
        ofm_buf_put_zeros(out, want - have - 2);
    }
    if (want / 8 - 1 > 255) {
        ofmpkt_jerr(j, "extension header too long");
        return;
    }
    out->data[start + 1] = (uint8_t) (want / 8 - 1);
}

static void
routing3_from_json(struct jctx *j, const json_t *f, uint8_t nxt, struct ofm_buf *out)
{
    uint8_t size = 0, type = 3, seg = 0, cmpi = 0, cmpe = 0;
    const json_t *adrs = json_object_get(f, "adrs");
    size_t n = json_is_array(adrs) ? json_array_size(adrs) : 0;
    const json_t *tv = jget2(f, "type", "type_");

    ofmpkt_j_u8(j, f, "size", 255, &size);
    if (tv) {
        uint64_t t = 3;
        ofmpkt_jv_uint(j, tv, "type", 255, &t);
        type = (uint8_t) t;
    }
    ofmpkt_j_u8(j, f, "seg", 255, &seg);
    ofmpkt_j_u8(j, f, "cmpi", 15, &cmpi);
    ofmpkt_j_u8(j, f, "cmpe", 15, &cmpe);
    if (adrs && !json_is_array(adrs)) {
        ofmpkt_jerr(j, "'adrs' must be a list");
        return;
    }
    size_t body = n ? (n - 1) * (16u - cmpi) + (16u - cmpe) : 0;
    size_t pad = (8 - body % 8) % 8;
    if (!size) {
        size = (uint8_t) ((body + pad) / 8);
    }
    size_t start = out->size;
    ofm_buf_put_u8(out, nxt);
    ofm_buf_put_u8(out, size);
    ofm_buf_put_u8(out, type);
    ofm_buf_put_u8(out, seg);
    ofm_buf_put_u8(out, (uint8_t) (cmpi << 4 | cmpe));
    ofm_buf_put_u8(out, (uint8_t) (pad << 4));
    ofm_buf_put_zeros(out, 2);
    for (size_t i = 0; i < n; i++) {
        uint8_t a[16];
        if (ofmpkt_jv_ip6(j, json_array_get(adrs, i), "adrs", a)) {
            return;
        }
        size_t skip = i + 1 < n ? cmpi : cmpe;
        ofm_buf_put(out, a + skip, 16 - skip);
    }
    size_t want = (size + 1u) * 8;
    if (out->size - start > want) {
        ofmpkt_jerr(j, "addresses exceed the header size");
        return;
    }
    ofm_buf_put_zeros(out, want - (out->size - start));
}

static void
ext_from_json(struct jctx *j, const char *cls, const json_t *f, struct ofm_buf *out,
              uint8_t *type)
{
    uint8_t nxt = OFM_IPPROTO_TCP;
    ofmpkt_j_u8(j, f, "nxt", 255, &nxt);

    if (!strcmp(cls, "hop_opts") || !strcmp(cls, "dst_opts")) {
        *type = cls[0] == 'h' ? OFM_IPPROTO_HOPOPTS : OFM_IPPROTO_DSTOPTS;
        opt_header_from_json(j, f, nxt, out);
    } else if (!strcmp(cls, "routing_type3")) {
        *type = OFM_IPPROTO_ROUTING;
        routing3_from_json(j, f, nxt, out);
    } else if (!strcmp(cls, "routing")) {
        uint8_t size = 0, rtype = 0, seg = 0;
        struct ofm_buf data;
        const json_t *tv = jget2(f, "type", "type_");
        *type = OFM_IPPROTO_ROUTING;
        ofmpkt_j_u8(j, f, "size", 255, &size);
        ofmpkt_j_u8(j, f, "seg", 255, &seg);
        if (tv) {
            uint64_t t = 0;
            ofmpkt_jv_uint(j, tv, "type", 255, &t);
            rtype = (uint8_t) t;
        }
        ofm_buf_init(&data);
        const json_t *dv = json_object_get(f, "data");
        if (dv) {
            ofmpkt_jv_bytes_put(j, dv, "data", &data);
        }
        size_t body = (data.size + 4 + 7) & ~(size_t) 7;
        if (!size) {
            size = (uint8_t) (body / 8);
        }
        size_t want = (size + 1u) * 8;
        if (4 + data.size > want) {
            ofmpkt_jerr(j, "routing data exceeds the header size");
        } else {
            ofm_buf_put_u8(out, nxt);
            ofm_buf_put_u8(out, size);
            ofm_buf_put_u8(out, rtype);
            ofm_buf_put_u8(out, seg);
            if (data.size) {
                ofm_buf_put(out, data.data, data.size);
            }
            ofm_buf_put_zeros(out, want - 4 - data.size);
        }
        ofm_buf_uninit(&data);
    } else if (!strcmp(cls, "fragment")) {
        uint16_t offset = 0;
        uint8_t more = 0;
        uint32_t id = 0;
        *type = OFM_IPPROTO_FRAGMENT;
        ofmpkt_j_u16(j, f, "offset", 0x1fff, &offset);
        ofmpkt_j_u8(j, f, "more", 1, &more);
        const json_t *iv = jget2(f, "id", "id_");
        if (iv) {
            uint64_t v = 0;
            ofmpkt_jv_uint(j, iv, "id", UINT32_MAX, &v);
            id = (uint32_t) v;
        }
        ofm_buf_put_u8(out, nxt);
        ofm_buf_put_u8(out, 0);
        ofm_buf_put_be16(out, (uint16_t) (offset << 3 | more));
        ofm_buf_put_be32(out, id);
    } else if (!strcmp(cls, "auth")) {
        uint8_t size = 0;
        uint32_t spi = 0, seq = 0;
        struct ofm_buf data;
        *type = OFM_IPPROTO_AH;
        ofmpkt_j_u8(j, f, "size", 255, &size);
        ofmpkt_j_u32(j, f, "spi", UINT32_MAX, &spi);
        ofmpkt_j_u32(j, f, "seq", UINT32_MAX, &seq);
        ofm_buf_init(&data);
        const json_t *dv = json_object_get(f, "data");
        if (dv) {
            ofmpkt_jv_bytes_put(j, dv, "data", &data);
        } else {
            ofm_buf_put_zeros(&data, 4);
        }
        if (!size) {
            size = (uint8_t) ((12 + data.size + 3) / 4 - 2);
        }
        size_t want = (size + 2u) * 4;
        if (want < 12 || 12 + data.size > want) {
            ofmpkt_jerr(j, "authentication data does not fit 'size'");
        } else {
            ofm_buf_put_u8(out, nxt);
            ofm_buf_put_u8(out, size);
            ofm_buf_put_zeros(out, 2);
            ofm_buf_put_be32(out, spi);
            ofm_buf_put_be32(out, seq);
            if (data.size) {
                ofm_buf_put(out, data.data, data.size);
            }
            ofm_buf_put_zeros(out, want - 12 - data.size);
        }
        ofm_buf_uninit(&data);
    } else {
        ofmpkt_jerr(j, "unknown extension header %s", cls);
    }
}

static int
ipv6_from_json(struct ofm_hdr *h, const char *cls, const json_t *f, struct jctx *j)
{
    struct ofm_ipv6 *ip = &h->u.ipv6;
    ofmpkt_j_u8(j, f, "version", 15, &ip->version);
    ofmpkt_j_u8(j, f, "traffic_class", 255, &ip->traffic_class);
    ofmpkt_j_u32(j, f, "flow_label", 0xfffff, &ip->flow_label);
    ofmpkt_j_u16(j, f, "payload_length", 0xffff, &ip->payload_length);
    ofmpkt_j_u8(j, f, "nxt", 255, &ip->nxt);
    ofmpkt_j_u8(j, f, "hop_limit", 255, &ip->hop_limit);
    ofmpkt_j_ip6(j, f, "src", ip->src);
    ofmpkt_j_ip6(j, f, "dst", ip->dst);

    const json_t *exts = json_object_get(f, "ext_hdrs");
    if (exts && !json_is_null(exts)) {
        struct ofm_buf b;
        size_t i;
        const json_t *item;
        if (!json_is_array(exts)) {
            return ofmpkt_jerr(j, "'ext_hdrs' must be a list");
        }
        ofm_buf_init(&b);
        json_array_foreach(exts, i, item) {
            const json_t *ef;
            const char *ecls = ofmpkt_j_class(item, &ef);
            uint8_t type = 0;
            if (!ecls) {
                ofmpkt_jerr(j, "'ext_hdrs' items must be {\"Class\": {...}}");
                break;
            }
            ext_from_json(j, ecls, ef, &b, &type);
            if (j->error) {
                break;
            }
        }
        if (!j->error) {
            ip->ext_hdrs = ofmpkt_j_keep(j, &b);
        }
        ofm_buf_uninit(&b);
    }
    return j->error;
}

const struct pkt_ops ofmpkt_ops_ipv6 = {
    "ipv6", ipv6_parse, ipv6_defaults, ipv6_write, ipv6_fix, ipv6_describe, ipv6_from_json,
};

/* ---- GRE. ---- */

#define GRE_C 0x80
#define GRE_K 0x20
#define GRE_S 0x10

static int
gre_parse(struct ofm_hdr *h, const uint8_t *p, size_t n, const struct ofm_hdr *prev,
          struct pkt_parse *r)
{
    struct ofm_gre *g = &h->u.gre;
    if (n < 4) {
        return BAD;
    }
    g->has_checksum = p[0] & GRE_C;
    g->has_key = p[0] & GRE_K;
    g->has_seq = p[0] & GRE_S;
    g->version = p[1] & 7;
    g->protocol = ofm_get16(p + 2);
    size_t size = 4 + 4 * ((size_t) g->has_checksum + g->has_key + g->has_seq);
    if (n < size) {
        return BAD;
    }
    size_t off = 4;
    if (g->has_checksum) {
        g->checksum = ofm_get16(p + off);
        off += 4;
    }
    if (g->has_key) {
        g->key = ofm_get32(p + off);
        off += 4;
    }
    if (g->has_seq) {
        g->seq_number = ofm_get32(p + off);
    }
    r->hdr_size = size;
    r->next = (g->protocol == OFM_ETH_TYPE_TEB ? OFM_PROTO_ETHERNET
               : g->protocol > OFM_ETH_TYPE_IEEE802_3
               ? ofmpkt_next_for_ethertype(g->protocol, p + size, n - size)
               : OFM_PROTO_NONE);
    return 0;
}

static void
gre_defaults(struct ofm_hdr *h)
{
    h->u.gre.protocol = OFM_ETH_TYPE_IP;
}

static int
gre_write(const struct ofm_hdr *h, const struct ofm_hdr *next, struct ofm_buf *out)
{
    const struct ofm_gre *g = &h->u.gre;
    ofm_buf_put_u8(out, (uint8_t) ((g->has_checksum ? GRE_C : 0) | (g->has_key ? GRE_K : 0)
                                   | (g->has_seq ? GRE_S : 0)));
    ofm_buf_put_u8(out, g->version & 7);
    ofm_buf_put_be16(out, g->protocol);
    if (g->has_checksum) {
        ofm_buf_put_be16(out, g->checksum);
        ofm_buf_put_be16(out, 0);
    }
    if (g->has_key) {
        ofm_buf_put_be32(out, g->key);
    }
    if (g->has_seq) {
        ofm_buf_put_be32(out, g->seq_number);
    }
    return 0;
}

static int
gre_fix(const struct ofm_hdr *h, struct pkt_fix *fix)
{
    const struct ofm_gre *g = &h->u.gre;
    if (g->has_checksum && !g->checksum && !(h->flags & OFM_HDR_VERBATIM)) {
        ofmpkt_csum_store(fix->out, fix->off, fix->end - fix->off, 0, fix->off + 4);
    }
    return 0;
}

static struct pv *
gre_describe(const struct ofm_hdr *h, struct pv_ctx *c)
{
    const struct ofm_gre *g = &h->u.gre;
    struct pv *o = ofmpkt_pv_obj(c, "gre");
    ofmpkt_pv_add(o, "checksum", g->has_checksum ? ofmpkt_pv_int(c, g->checksum)
                  : ofmpkt_pv_null(c));
    ofmpkt_pv_add(o, "key", g->has_key ? ofmpkt_pv_int(c, g->key) : ofmpkt_pv_null(c));
    PV_SET_INT(c, o, "protocol", g->protocol);
    ofmpkt_pv_add(o, "seq_number", g->has_seq ? ofmpkt_pv_int(c, g->seq_number)
                  : ofmpkt_pv_null(c));
    PV_SET_INT(c, o, "version", g->version);
    return o;
}

/* Reads optional integer 'key': absent or null leaves '*present' false. */
static void
j_opt_u32(struct jctx *j, const json_t *f, const char *key, uint32_t max, bool *present,
          uint32_t *out)
{
    const json_t *v = json_object_get(f, key);
    if (v && !json_is_null(v)) {
        uint64_t x = 0;
        if (!ofmpkt_jv_uint(j, v, key, max, &x)) {
            *present = true;
            *out = (uint32_t) x;
        }
    }
}

static int
gre_from_json(struct ofm_hdr *h, const char *cls, const json_t *f, struct jctx *j)
{
    struct ofm_gre *g = &h->u.gre;
    uint32_t csum = 0, vsid = 0, flow = 0;
    bool has_vsid = false, has_flow = false;

    ofmpkt_j_u8(j, f, "version", 7, &g->version);
    ofmpkt_j_u16(j, f, "protocol", 0xffff, &g->protocol);
    j_opt_u32(j, f, "checksum", 0xffff, &g->has_checksum, &csum);
    g->checksum = (uint16_t) csum;
    j_opt_u32(j, f, "key", UINT32_MAX, &g->has_key, &g->key);
    j_opt_u32(j, f, "seq_number", UINT32_MAX, &g->has_seq, &g->seq_number);
    j_opt_u32(j, f, "vsid", 0xffffff, &has_vsid, &vsid);
    j_opt_u32(j, f, "flow_id", 0xff, &has_flow, &flow);
    if (!g->has_key && has_vsid && has_flow) {
        g->has_key = true;
        g->key = vsid << 8 | flow;
    }
    return j->error;
}

const struct pkt_ops ofmpkt_ops_gre = {
    "gre", gre_parse, gre_defaults, gre_write, gre_fix, gre_describe, gre_from_json,
};
