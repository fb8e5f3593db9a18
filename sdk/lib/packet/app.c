/* app.c: protocols above UDP and IP that Ryu decodes: DHCP, VRRP v2/v3,
 * and the VXLAN tunnel header. */
#include <config.h>

#include "packet-private.h"

#include <errno.h>
#include <string.h>
#include "ofm/addr.h"
#include "ofm/err.h"

#define BAD OFM_ERR_BAD_PACKET

/* ---- DHCP. ---- */

bool
ofm_dhcp_next_option(struct ofm_rd *rd, uint8_t *tag, struct ofm_bytes *value)
{
    while (!rd->error && rd->left) {
        uint8_t t = ofm_rd_u8(rd);
        if (t == 0) {
            continue;
        } else if (t == 255) {
            return false;
        }
        uint8_t len = ofm_rd_u8(rd);
        const uint8_t *v = ofm_rd_pull(rd, len);
        if (rd->error) {
            return false;
        }
        *tag = t;
        value->data = v;
        value->size = len;
        return true;
    }
    return false;
}

bool
ofm_dhcp_find_option(const struct ofm_dhcp *dhcp, uint8_t tag, struct ofm_bytes *value)
{
    if (dhcp->options.size < 4) {
        return false;
    }
    struct ofm_rd rd = ofm_rd_init(dhcp->options.data + 4, dhcp->options.size - 4);
    uint8_t t;
    struct ofm_bytes v;
    while (ofm_dhcp_next_option(&rd, &t, &v)) {
        if (t == tag) {
            *value = v;
            return true;
        }
    }
    return false;
}

static int
dhcp_parse(struct ofm_hdr *h, const uint8_t *p, size_t n, const struct ofm_hdr *prev,
           struct pkt_parse *r)
{
    struct ofm_dhcp *d = &h->u.dhcp;
    if (n < OFM_DHCP_FIXED_SIZE || (n > OFM_DHCP_FIXED_SIZE && n < OFM_DHCP_FIXED_SIZE + 4)) {
        return BAD;
    }
    d->op = p[0];
    d->htype = p[1];
    d->hlen = p[2];
    d->hops = p[3];
    d->xid = ofm_get32(p + 4);
    d->secs = ofm_get16(p + 8);
    d->flags = ofm_get16(p + 10);
    d->ciaddr = ofm_get32(p + 12);
    d->yiaddr = ofm_get32(p + 16);
    d->siaddr = ofm_get32(p + 20);
    d->giaddr = ofm_get32(p + 24);
    memcpy(d->chaddr, p + 28, 16);
    d->sname.data = p + 44;
    d->sname.size = 64;
    d->boot_file.data = p + 108;
    d->boot_file.size = 128;
    d->options.data = n > OFM_DHCP_FIXED_SIZE ? p + OFM_DHCP_FIXED_SIZE : NULL;
    d->options.size = n - OFM_DHCP_FIXED_SIZE;
    r->hdr_size = n;
    return 0;
}

static void
dhcp_defaults(struct ofm_hdr *h)
{
    h->u.dhcp.op = 1;
    h->u.dhcp.htype = 1;
    h->u.dhcp.hlen = 6;
}

static void
put_padded(struct ofm_buf *out, const struct ofm_bytes *b, size_t size)
{
    size_t n = b->size < size ? b->size : size;
    if (n) {
        ofm_buf_put(out, b->data, n);
    }
    ofm_buf_put_zeros(out, size - n);
}

static int
dhcp_write(const struct ofm_hdr *h, const struct ofm_hdr *next, struct ofm_buf *out)
{
    const struct ofm_dhcp *d = &h->u.dhcp;
    ofm_buf_put_u8(out, d->op);
    ofm_buf_put_u8(out, d->htype);
    ofm_buf_put_u8(out, d->hlen);
    ofm_buf_put_u8(out, d->hops);
    ofm_buf_put_be32(out, d->xid);
    ofm_buf_put_be16(out, d->secs);
    ofm_buf_put_be16(out, d->flags);
    ofm_buf_put_be32(out, d->ciaddr);
    ofm_buf_put_be32(out, d->yiaddr);
    ofm_buf_put_be32(out, d->siaddr);
    ofm_buf_put_be32(out, d->giaddr);
    ofm_buf_put(out, d->chaddr, 16);
    put_padded(out, &d->sname, 64);
    put_padded(out, &d->boot_file, 128);
    if (d->options.size) {
        ofm_buf_put(out, d->options.data, d->options.size);
    }
    return 0;
}

static struct pv *
dhcp_options_describe(struct pv_ctx *c, const struct ofm_bytes *opts)
{
    struct pv *o = ofmpkt_pv_obj(c, "options");
    struct pv *list = ofmpkt_pv_list(c);
    const uint8_t *p = opts->data;
    size_t n = opts->size, off = 4;

    /* Like Ryu, stop at the first Pad or End; a truncated option goes into
     * the list as raw bytes. */
    while (off < n) {
        uint8_t tag = p[off];
        if (tag == 0 || tag == 255) {
            break;
        }
        if (n - off < 2 || p[off + 1] > n - off - 2) {
            ofmpkt_pv_add(list, NULL, ofmpkt_pv_bytes(c, p + off, n - off));
            break;
        }
        uint8_t len = p[off + 1];
        struct pv *opt = ofmpkt_pv_obj(c, "option");
        PV_SET_INT(c, opt, "length", len);
        PV_SET_INT(c, opt, "tag", tag);
        PV_SET_BYTES(c, opt, "value", p + off + 2, len);
        ofmpkt_pv_add(list, NULL, opt);
        off += 2u + len;
    }
    PV_SET_IP4(c, o, "magic_cookie", ofm_get32(p));
    ofmpkt_pv_add(o, "option_list", list);
    PV_SET_INT(c, o, "options_len", (int64_t) n);
    return o;
}

static struct pv *
dhcp_describe(const struct ofm_hdr *h, struct pv_ctx *c)
{
    const struct ofm_dhcp *d = &h->u.dhcp;
    struct pv *o = ofmpkt_pv_obj(c, "dhcp");
    ofmpkt_pv_add(o, "boot_file", ofmpkt_pv_strn(c, d->boot_file.data, d->boot_file.size));
    ofmpkt_pv_add(o, "chaddr", d->hlen == 6 ? ofmpkt_pv_mac(c, d->chaddr)
                  : ofmpkt_pv_strn(c, d->chaddr, 16));
    PV_SET_IP4(c, o, "ciaddr", d->ciaddr);
    PV_SET_INT(c, o, "flags", d->flags);
    PV_SET_IP4(c, o, "giaddr", d->giaddr);
    PV_SET_INT(c, o, "hlen", d->hlen);
    PV_SET_INT(c, o, "hops", d->hops);
    PV_SET_INT(c, o, "htype", d->htype);
    PV_SET_INT(c, o, "op", d->op);
    ofmpkt_pv_add(o, "options", d->options.size >= 4 ? dhcp_options_describe(c, &d->options)
                  : ofmpkt_pv_null(c));
    PV_SET_INT(c, o, "secs", d->secs);
    PV_SET_IP4(c, o, "siaddr", d->siaddr);
    ofmpkt_pv_add(o, "sname", ofmpkt_pv_strn(c, d->sname.data, d->sname.size));
    PV_SET_INT(c, o, "xid", d->xid);
    PV_SET_IP4(c, o, "yiaddr", d->yiaddr);
    return o;
}

/* A JSON string as latin-1 bytes (code points above 255 rejected),
 * at most 'max' of them, kept in the packet. */
static int
j_latin1(struct jctx *j, const json_t *f, const char *key, size_t max, struct ofm_bytes *out)
{
    const json_t *v = json_object_get(f, key);
    if (!v) {
        return 0;
    }
    if (!json_is_string(v)) {
        return ofmpkt_jerr(j, "'%s' must be a string", key);
    }
    const uint8_t *s = (const uint8_t *) json_string_value(v);
    size_t len = json_string_length(v);
    struct ofm_buf b;
    ofm_buf_init(&b);
    for (size_t i = 0; i < len; i++) {
        if (s[i] < 0x80) {
            ofm_buf_put_u8(&b, s[i]);
        } else if ((s[i] == 0xc2 || s[i] == 0xc3) && i + 1 < len) {
            ofm_buf_put_u8(&b, (uint8_t) ((s[i] & 3) << 6 | (s[i + 1] & 0x3f)));
            i++;
        } else {
            ofm_buf_uninit(&b);
            return ofmpkt_jerr(j, "'%s' has characters beyond latin-1", key);
        }
    }
    /* Trailing NULs are padding. */
    while (b.size && !b.data[b.size - 1]) {
        b.size--;
    }
    if (b.size > max) {
        ofm_buf_uninit(&b);
        return ofmpkt_jerr(j, "'%s' longer than %zu bytes", key, max);
    }
    *out = ofmpkt_j_keep(j, &b);
    ofm_buf_uninit(&b);
    return 0;
}

static void
dhcp_options_from_json(struct jctx *j, const json_t *v, struct ofm_buf *out)
{
    const json_t *f;
    const char *cls = ofmpkt_j_class(v, &f);
    uint32_t cookie = OFM_DHCP_MAGIC;
    uint64_t options_len = 0;
    const json_t *list = cls ? json_object_get(f, "option_list") : NULL;
    bool end = false;

    if (!cls || strcmp(cls, "options")) {
        ofmpkt_jerr(j, "'options' must be {\"options\": {...}} or null");
        return;
    }
    ofmpkt_j_ip4(j, f, "magic_cookie", &cookie);
    ofmpkt_j_uint(j, f, "options_len", 0xffff, &options_len);
    ofm_buf_put_be32(out, cookie);
    if (list && !json_is_null(list)) {
        size_t i;
        const json_t *item;
        if (!json_is_array(list)) {
            ofmpkt_jerr(j, "'option_list' must be a list");
            return;
        }
        json_array_foreach(list, i, item) {
            const json_t *of;
            const char *ocls = ofmpkt_j_class(item, &of);
            if (json_is_string(item)) {
                ofmpkt_jv_bytes_put(j, item, "option_list", out);
                end = false;
                continue;
            } else if (!ocls || strcmp(ocls, "option")) {
                ofmpkt_jerr(j, "'option_list' items must be {\"option\": {...}}");
                return;
            }
            uint8_t tag = 0;
            struct ofm_buf val;
            ofmpkt_j_u8(j, of, "tag", 255, &tag);
            ofm_buf_init(&val);
            const json_t *vv = json_object_get(of, "value");
            if (vv) {
                ofmpkt_jv_bytes_put(j, vv, "value", &val);
            }
            if (val.size > 255) {
                ofmpkt_jerr(j, "option %u longer than 255 bytes", tag);
            } else {
                ofm_buf_put_u8(out, tag);
                ofm_buf_put_u8(out, (uint8_t) val.size);
                if (val.size) {
                    ofm_buf_put(out, val.data, val.size);
                }
            }
            ofm_buf_uninit(&val);
            end = true;
        }
    }
    if (end) {
        ofm_buf_put_u8(out, 255);
    }
    /* The options_len Ryu reports counts the padding after End too. */
    if (options_len > out->size) {
        ofm_buf_put_zeros(out, options_len - out->size);
    }
}

static int
dhcp_from_json(struct ofm_hdr *h, const char *cls, const json_t *f, struct jctx *j)
{
    struct ofm_dhcp *d = &h->u.dhcp;
    ofmpkt_j_u8(j, f, "op", 255, &d->op);
    ofmpkt_j_u8(j, f, "htype", 255, &d->htype);
    ofmpkt_j_u8(j, f, "hlen", 255, &d->hlen);
    ofmpkt_j_u8(j, f, "hops", 255, &d->hops);
    ofmpkt_j_u32(j, f, "xid", UINT32_MAX, &d->xid);
    ofmpkt_j_u16(j, f, "secs", 0xffff, &d->secs);
    ofmpkt_j_u16(j, f, "flags", 0xffff, &d->flags);
    ofmpkt_j_ip4(j, f, "ciaddr", &d->ciaddr);
    ofmpkt_j_ip4(j, f, "yiaddr", &d->yiaddr);
    ofmpkt_j_ip4(j, f, "siaddr", &d->siaddr);
    ofmpkt_j_ip4(j, f, "giaddr", &d->giaddr);
    const json_t *ch = json_object_get(f, "chaddr");
    if (ch) {
        uint8_t mac[6];
        if (json_is_string(ch) && !ofm_mac_parse(json_string_value(ch), mac)) {
            memcpy(d->chaddr, mac, 6);
        } else {
            struct ofm_bytes b = { NULL, 0 };
            if (!j_latin1(j, f, "chaddr", 16, &b) && b.size) {
                memcpy(d->chaddr, b.data, b.size);
            }
        }
    }
    j_latin1(j, f, "sname", 64, &d->sname);
    j_latin1(j, f, "boot_file", 128, &d->boot_file);

    const json_t *opts = json_object_get(f, "options");
    if (opts && !json_is_null(opts)) {
        struct ofm_buf b;
        ofm_buf_init(&b);
        dhcp_options_from_json(j, opts, &b);
        if (!j->error) {
            d->options = ofmpkt_j_keep(j, &b);
        }
        ofm_buf_uninit(&b);
    }
    return j->error;
}

const struct pkt_ops ofmpkt_ops_dhcp = {
    "dhcp", dhcp_parse, dhcp_defaults, dhcp_write, NULL, dhcp_describe, dhcp_from_json,
};

/* ---- VRRP. ---- */

static int
vrrp_parse(struct ofm_hdr *h, const uint8_t *p, size_t n, const struct ofm_hdr *prev,
           struct pkt_parse *r)
{
    struct ofm_vrrp *v = &h->u.vrrp;
    if (n < 8) {
        return BAD;
    }
    v->version = p[0] >> 4;
    v->type = p[0] & 15;
    v->vrid = p[1];
    v->priority = p[2];
    v->count_ip = p[3];
    v->checksum = ofm_get16(p + 6);
    size_t asize, size;
    if (v->version == 2) {
        v->auth_type = p[4];
        v->max_adver_int = p[5];
        v->ipv6 = false;
        asize = 4;
        size = 8 + asize * v->count_ip + 8;
    } else if (v->version == 3) {
        v->max_adver_int = ofm_get16(p + 4) & 0xfff;
        v->ipv6 = prev && prev->proto == OFM_PROTO_IPV6;
        asize = v->ipv6 ? 16 : 4;
        size = 8 + asize * v->count_ip;
    } else {
        return BAD;
    }
    if (size > n) {
        return BAD;
    }
    v->ip_addresses.data = v->count_ip ? p + 8 : NULL;
    v->ip_addresses.size = asize * v->count_ip;
    if (v->version == 2) {
        v->auth_data[0] = ofm_get32(p + size - 8);
        v->auth_data[1] = ofm_get32(p + size - 4);
    }
    r->hdr_size = size;
    return 0;
}

static void
vrrp_defaults(struct ofm_hdr *h)
{
    struct ofm_vrrp *v = &h->u.vrrp;
    v->version = 3;
    v->type = 1;
    v->priority = 100;
    v->max_adver_int = 100;
}

static int
vrrp_write(const struct ofm_hdr *h, const struct ofm_hdr *next, struct ofm_buf *out)
{
    const struct ofm_vrrp *v = &h->u.vrrp;
    size_t asize = v->ipv6 ? 16 : 4;
    size_t count = v->count_ip;
    if (!count && !(h->flags & OFM_HDR_VERBATIM)) {
        count = v->ip_addresses.size / asize;
    }
    if (count > 255 || (v->version == 2 && v->ipv6)) {
        return EINVAL;
    }
    ofm_buf_put_u8(out, (uint8_t) ((v->version & 15) << 4 | (v->type & 15)));
    ofm_buf_put_u8(out, v->vrid);
    ofm_buf_put_u8(out, v->priority);
    ofm_buf_put_u8(out, (uint8_t) count);
    if (v->version == 2) {
        ofm_buf_put_u8(out, v->auth_type);
        ofm_buf_put_u8(out, (uint8_t) v->max_adver_int);
    } else {
        ofm_buf_put_be16(out, v->max_adver_int & 0xfff);
    }
    ofm_buf_put_be16(out, v->checksum);
    if (v->ip_addresses.size) {
        ofm_buf_put(out, v->ip_addresses.data, v->ip_addresses.size);
    }
    if (v->version == 2) {
        ofm_buf_put_be32(out, v->auth_data[0]);
        ofm_buf_put_be32(out, v->auth_data[1]);
    }
    return 0;
}

static int
vrrp_fix(const struct ofm_hdr *h, struct pkt_fix *fix)
{
    const struct ofm_vrrp *v = &h->u.vrrp;
    if (!v->checksum && !(h->flags & OFM_HDR_VERBATIM)) {
        uint32_t sum = 0;
        if (v->version == 3) {
            ofmpkt_pseudo_sum(fix, OFM_IPPROTO_VRRP, (uint32_t) fix->size, &sum);
        }
        ofmpkt_csum_store(fix->out, fix->off, fix->size, sum, fix->off + 6);
    }
    return 0;
}

static struct pv *
vrrp_describe(const struct ofm_hdr *h, struct pv_ctx *c)
{
    const struct ofm_vrrp *v = &h->u.vrrp;
    struct pv *o = ofmpkt_pv_obj(c, v->version == 2 ? "vrrpv2" : "vrrpv3");
    size_t asize = v->ipv6 ? 16 : 4;

    if (v->version == 2) {
        struct pv *t = ofmpkt_pv_add(o, "auth_data", ofmpkt_pv_tuple(c));
        ofmpkt_pv_add(t, NULL, ofmpkt_pv_int(c, v->auth_data[0]));
        ofmpkt_pv_add(t, NULL, ofmpkt_pv_int(c, v->auth_data[1]));
        PV_SET_INT(c, o, "auth_type", v->auth_type);
    } else {
        PV_SET_NULL(c, o, "auth_data");
        PV_SET_NULL(c, o, "auth_type");
    }
    PV_SET_INT(c, o, "checksum", v->checksum);
    PV_SET_INT(c, o, "count_ip", v->count_ip);
    PV_SET_INT(c, o, "identification", 0);
    /* Ryu keeps the addresses as untyped text, which its JSON encoder
     * writes in base64. */
    struct pv *list = ofmpkt_pv_add(o, "ip_addresses", ofmpkt_pv_list(c));
    for (size_t off = 0; off + asize <= v->ip_addresses.size; off += asize) {
        char s[OFM_IPV6_STRLEN];
        if (asize == 4) {
            ofm_ipv4_format(ofm_get32(v->ip_addresses.data + off), s);
        } else {
            ofm_ipv6_format(v->ip_addresses.data + off, s);
        }
        ofmpkt_pv_add(list, NULL, ofmpkt_pv_str64(c, s));
    }
    PV_SET_INT(c, o, "max_adver_int", v->max_adver_int);
    PV_SET_INT(c, o, "priority", v->priority);
    PV_SET_INT(c, o, "type", v->type);
    PV_SET_INT(c, o, "version", v->version);
    PV_SET_INT(c, o, "vrid", v->vrid);
    return o;
}

/* An address given as text, or as base64 of its text (Ryu's JSON). */
static int
vrrp_addr_from_json(struct jctx *j, const json_t *v, struct ofm_buf *out, bool *ipv6)
{
    char text[OFM_IPV6_STRLEN + 1];
    uint32_t a4;
    uint8_t a6[16];

    if (!json_is_string(v)) {
        return ofmpkt_jerr(j, "'ip_addresses' must be a list of addresses");
    }
    const char *s = json_string_value(v);
    if (ofm_ipv4_parse(s, &a4) && ofm_ipv6_parse(s, a6)) {
        struct ofm_buf b;
        ofm_buf_init(&b);
        if (ofmpkt_b64_decode(s, json_string_length(v), &b) || b.size >= sizeof text) {
            ofm_buf_uninit(&b);
            return ofmpkt_jerr(j, "bad address in 'ip_addresses'");
        }
        memcpy(text, b.data, b.size);
        text[b.size] = '\0';
        ofm_buf_uninit(&b);
        s = text;
    }
    if (!ofm_ipv4_parse(s, &a4)) {
        ofm_buf_put_be32(out, a4);
        return 0;
    } else if (!ofm_ipv6_parse(s, a6)) {
        ofm_buf_put(out, a6, 16);
        *ipv6 = true;
        return 0;
    }
    return ofmpkt_jerr(j, "bad address in 'ip_addresses'");
}

static int
vrrp_from_json(struct ofm_hdr *h, const char *cls, const json_t *f, struct jctx *j)
{
    struct ofm_vrrp *v = &h->u.vrrp;
    v->version = !strcmp(cls, "vrrpv2") ? 2 : 3;
    if (v->version == 2) {
        v->max_adver_int = 1;
    }
    ofmpkt_j_u8(j, f, "version", 15, &v->version);
    ofmpkt_j_u8(j, f, "type", 15, &v->type);
    ofmpkt_j_u8(j, f, "vrid", 255, &v->vrid);
    ofmpkt_j_u8(j, f, "priority", 255, &v->priority);
    ofmpkt_j_u8(j, f, "count_ip", 255, &v->count_ip);
    ofmpkt_j_u16(j, f, "max_adver_int", v->version == 2 ? 0xff : 0xfff, &v->max_adver_int);
    const json_t *cs = json_object_get(f, "checksum");
    if (cs && !json_is_null(cs)) {
        ofmpkt_j_u16(j, f, "checksum", 0xffff, &v->checksum);
    }
    const json_t *at = json_object_get(f, "auth_type");
    if (at && !json_is_null(at)) {
        ofmpkt_j_u8(j, f, "auth_type", 255, &v->auth_type);
    }
    const json_t *ad = json_object_get(f, "auth_data");
    if (ad && !json_is_null(ad)) {
        uint64_t a = 0, b = 0;
        if (!json_is_array(ad) || json_array_size(ad) != 2) {
            return ofmpkt_jerr(j, "'auth_data' must be a pair of integers");
        }
        ofmpkt_jv_uint(j, json_array_get(ad, 0), "auth_data", UINT32_MAX, &a);
        ofmpkt_jv_uint(j, json_array_get(ad, 1), "auth_data", UINT32_MAX, &b);
        v->auth_data[0] = (uint32_t) a;
        v->auth_data[1] = (uint32_t) b;
    }
    const json_t *addrs = json_object_get(f, "ip_addresses");
    if (addrs && !json_is_null(addrs)) {
        struct ofm_buf b;
        size_t i;
        const json_t *item;
        if (!json_is_array(addrs)) {
            return ofmpkt_jerr(j, "'ip_addresses' must be a list");
        }
        ofm_buf_init(&b);
        v->ipv6 = false;
        json_array_foreach(addrs, i, item) {
            if (vrrp_addr_from_json(j, item, &b, &v->ipv6)) {
                break;
            }
        }
        if (!j->error && v->ipv6 && b.size != 16 * json_array_size(addrs)) {
            ofmpkt_jerr(j, "IPv4 and IPv6 addresses mixed");
        }
        if (!j->error) {
            v->ip_addresses = ofmpkt_j_keep(j, &b);
        }
        ofm_buf_uninit(&b);
    }
    return j->error;
}

const struct pkt_ops ofmpkt_ops_vrrp = {
    "vrrp", vrrp_parse, vrrp_defaults, vrrp_write, vrrp_fix, vrrp_describe, vrrp_from_json,
};

/* ---- VXLAN. ---- */

static int
vxlan_parse(struct ofm_hdr *h, const uint8_t *p, size_t n, const struct ofm_hdr *prev,
            struct pkt_parse *r)
{
    if (n < 8 || !(p[0] & 0x08)) {
        return BAD;
    }
    h->u.vxlan.vni = ofm_get32(p + 4) >> 8;
    r->hdr_size = 8;
    r->next = OFM_PROTO_ETHERNET;
    return 0;
}

static int
vxlan_write(const struct ofm_hdr *h, const struct ofm_hdr *next, struct ofm_buf *out)
{
    ofm_buf_put_be32(out, 0x08000000);
    ofm_buf_put_be32(out, (h->u.vxlan.vni & 0xffffff) << 8);
    return 0;
}

static struct pv *
vxlan_describe(const struct ofm_hdr *h, struct pv_ctx *c)
{
    struct pv *o = ofmpkt_pv_obj(c, "vxlan");
    PV_SET_INT(c, o, "vni", h->u.vxlan.vni);
    return o;
}

static int
vxlan_from_json(struct ofm_hdr *h, const char *cls, const json_t *f, struct jctx *j)
{
    return ofmpkt_j_u32(j, f, "vni", 0xffffff, &h->u.vxlan.vni);
}

const struct pkt_ops ofmpkt_ops_vxlan = {
    "vxlan", vxlan_parse, NULL, vxlan_write, NULL, vxlan_describe, vxlan_from_json,
};
