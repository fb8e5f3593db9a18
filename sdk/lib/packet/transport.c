/* transport.c: TCP (with options), UDP and SCTP (with chunks). */
#include <config.h>

#include "packet-private.h"

#include <errno.h>
#include <string.h>
#include "ofm/err.h"

#define BAD OFM_ERR_BAD_PACKET

/* ---- TCP. ---- */

static int
tcp_parse(struct ofm_hdr *h, const uint8_t *p, size_t n, const struct ofm_hdr *prev,
          struct pkt_parse *r)
{
    struct ofm_tcp *t = &h->u.tcp;
    if (n < 20) {
        return BAD;
    }
    t->src_port = ofm_get16(p);
    t->dst_port = ofm_get16(p + 2);
    t->seq = ofm_get32(p + 4);
    t->ack = ofm_get32(p + 8);
    t->offset = p[12] >> 4;
    t->bits = (uint16_t) ((p[12] & 1) << 8 | p[13]);
    t->window_size = ofm_get16(p + 14);
    t->csum = ofm_get16(p + 16);
    t->urgent = ofm_get16(p + 18);
    size_t hlen = t->offset * 4u;
    if (hlen < 20 || hlen > n) {
        return BAD;
    }
    t->option.data = hlen > 20 ? p + 20 : NULL;
    t->option.size = hlen - 20;
    r->hdr_size = hlen;
    return 0;
}

static void
tcp_defaults(struct ofm_hdr *h)
{
    h->u.tcp.src_port = 1;
    h->u.tcp.dst_port = 1;
}

static int
tcp_write(const struct ofm_hdr *h, const struct ofm_hdr *next, struct ofm_buf *out)
{
    const struct ofm_tcp *t = &h->u.tcp;
    size_t opt = (t->option.size + 3) & ~(size_t) 3;
    size_t hlen = 20 + opt;
    uint8_t offset = t->offset;

    if (offset || (h->flags & OFM_HDR_VERBATIM)) {
        if (offset * 4u > hlen) {
            hlen = offset * 4u;
        }
    } else {
        offset = (uint8_t) (hlen / 4);
    }
    if (hlen > 60) {
        return EINVAL;
    }
    ofm_buf_put_be16(out, t->src_port);
    ofm_buf_put_be16(out, t->dst_port);
    ofm_buf_put_be32(out, t->seq);
    ofm_buf_put_be32(out, t->ack);
    ofm_buf_put_u8(out, (uint8_t) ((offset & 15) << 4 | ((t->bits >> 8) & 1)));
    ofm_buf_put_u8(out, (uint8_t) t->bits);
    ofm_buf_put_be16(out, t->window_size);
    ofm_buf_put_be16(out, t->csum);
    ofm_buf_put_be16(out, t->urgent);
    if (t->option.size) {
        ofm_buf_put(out, t->option.data, t->option.size);
    }
    ofm_buf_put_zeros(out, hlen - 20 - t->option.size);
    return 0;
}

static int
tcp_fix(const struct ofm_hdr *h, struct pkt_fix *fix)
{
    if (!h->u.tcp.csum && !(h->flags & OFM_HDR_VERBATIM)) {
        uint32_t sum = 0;
        size_t len = fix->end - fix->off;
        ofmpkt_pseudo_sum(fix, OFM_IPPROTO_TCP, (uint32_t) len, &sum);
        ofmpkt_csum_store(fix->out, fix->off, len, sum, fix->off + 16);
    }
    return 0;
}

/* The TCP options as Ryu decodes them: a list of option objects, or the
 * raw bytes when one of them cannot be decoded. */
static struct pv *
tcp_options_describe(struct pv_ctx *c, const uint8_t *p, size_t n)
{
    struct pv *list = ofmpkt_pv_list(c);
    size_t off = 0;

    while (off < n) {
        const uint8_t *o = p + off;
        size_t left = n - off;
        uint8_t kind = o[0];
        uint8_t len = left >= 2 ? o[1] : 0;
        struct pv *v;
        size_t used;

        switch (kind) {
        case 0:
        case 1:
            v = ofmpkt_pv_obj(c, kind ? "TCPOptionNoOperation" : "TCPOptionEndOfOptionList");
            PV_SET_INT(c, v, "kind", kind);
            PV_SET_INT(c, v, "length", 1);
            used = 1;
            break;
        case 2:
            if (left < 4) {
                goto raw;
            }
            v = ofmpkt_pv_obj(c, "TCPOptionMaximumSegmentSize");
            PV_SET_INT(c, v, "kind", kind);
            PV_SET_INT(c, v, "length", 4);
            PV_SET_INT(c, v, "max_seg_size", ofm_get16(o + 2));
            used = 4;
            break;
        case 3:
            if (left < 3) {
                goto raw;
            }
            v = ofmpkt_pv_obj(c, "TCPOptionWindowScale");
            PV_SET_INT(c, v, "kind", kind);
            PV_SET_INT(c, v, "length", 3);
            PV_SET_INT(c, v, "shift_cnt", o[2]);
            used = 3;
            break;
        case 4:
            if (left < 2) {
                goto raw;
            }
            v = ofmpkt_pv_obj(c, "TCPOptionSACKPermitted");
            PV_SET_INT(c, v, "kind", kind);
            PV_SET_INT(c, v, "length", 2);
            used = 2;
            break;
        case 5: {
            if (left < 2 || len < 2 || len > left || (len - 2) % 8) {
                goto raw;
            }
            v = ofmpkt_pv_obj(c, "TCPOptionSACK");
            struct pv *blocks = ofmpkt_pv_add(v, "blocks", ofmpkt_pv_list(c));
            for (size_t i = 2; i + 8 <= len; i += 8) {
                struct pv *pair = ofmpkt_pv_add(blocks, NULL, ofmpkt_pv_tuple(c));
                ofmpkt_pv_add(pair, NULL, ofmpkt_pv_int(c, ofm_get32(o + i)));
                ofmpkt_pv_add(pair, NULL, ofmpkt_pv_int(c, ofm_get32(o + i + 4)));
            }
            PV_SET_INT(c, v, "kind", kind);
            PV_SET_INT(c, v, "length", len);
            used = len;
            break;
        }
        case 8:
            if (left < 10) {
                goto raw;
            }
            v = ofmpkt_pv_obj(c, "TCPOptionTimestamps");
            PV_SET_INT(c, v, "kind", kind);
            PV_SET_INT(c, v, "length", 10);
            PV_SET_INT(c, v, "ts_ecr", ofm_get32(o + 6));
            PV_SET_INT(c, v, "ts_val", ofm_get32(o + 2));
            used = 10;
            break;
        case 28:
            if (left < 4) {
                goto raw;
            }
            v = ofmpkt_pv_obj(c, "TCPOptionUserTimeout");
            PV_SET_INT(c, v, "granularity", o[2] >> 7);
            PV_SET_INT(c, v, "kind", kind);
            PV_SET_INT(c, v, "length", 4);
            PV_SET_INT(c, v, "user_timeout", ofm_get16(o + 2) & 0x7fff);
            used = 4;
            break;
        case 29:
            if (left < 4 || len < 4 || len > left) {
                goto raw;
            }
            v = ofmpkt_pv_obj(c, "TCPOptionAuthentication");
            PV_SET_INT(c, v, "key_id", o[2]);
            PV_SET_INT(c, v, "kind", kind);
            PV_SET_INT(c, v, "length", len);
            PV_SET_BYTES(c, v, "mac", o + 4, len - 4u);
            PV_SET_INT(c, v, "r_next_key_id", o[3]);
            used = len;
            break;
        default:
            if (left < 2 || len < 2 || len > left) {
                goto raw;
            }
            v = ofmpkt_pv_obj(c, "TCPOptionUnknown");
            PV_SET_INT(c, v, "kind", kind);
            PV_SET_INT(c, v, "length", len);
            PV_SET_BYTES(c, v, "value", o + 2, len - 2u);
            used = len;
            break;
        }
        ofmpkt_pv_add(list, NULL, v);
        off += used;
    }
    return list;

raw:
    return ofmpkt_pv_bytes(c, p, n);
}

static struct pv *
tcp_describe(const struct ofm_hdr *h, struct pv_ctx *c)
{
    const struct ofm_tcp *t = &h->u.tcp;
    struct pv *o = ofmpkt_pv_obj(c, "tcp");
    PV_SET_INT(c, o, "ack", t->ack);
    PV_SET_INT(c, o, "bits", t->bits);
    PV_SET_INT(c, o, "csum", t->csum);
    PV_SET_INT(c, o, "dst_port", t->dst_port);
    PV_SET_INT(c, o, "offset", t->offset);
    ofmpkt_pv_add(o, "option", t->option.size
                  ? tcp_options_describe(c, t->option.data, t->option.size)
                  : ofmpkt_pv_null(c));
    PV_SET_INT(c, o, "seq", t->seq);
    PV_SET_INT(c, o, "src_port", t->src_port);
    PV_SET_INT(c, o, "urgent", t->urgent);
    PV_SET_INT(c, o, "window_size", t->window_size);
    return o;
}

static void
tcp_option_from_json(struct jctx *j, const json_t *item, struct ofm_buf *out)
{
    const json_t *f;
    const char *cls = ofmpkt_j_class(item, &f);
    uint64_t x = 0, y = 0;

    if (!cls) {
        ofmpkt_jerr(j, "'option' items must be {\"TCPOptionX\": {...}}");
        return;
    }
    if (!strcmp(cls, "TCPOptionEndOfOptionList")) {
        ofm_buf_put_u8(out, 0);
    } else if (!strcmp(cls, "TCPOptionNoOperation")) {
        ofm_buf_put_u8(out, 1);
    } else if (!strcmp(cls, "TCPOptionMaximumSegmentSize")) {
        ofmpkt_j_uint(j, f, "max_seg_size", 0xffff, &x);
        ofm_buf_put_u8(out, 2);
        ofm_buf_put_u8(out, 4);
        ofm_buf_put_be16(out, (uint16_t) x);
    } else if (!strcmp(cls, "TCPOptionWindowScale")) {
        ofmpkt_j_uint(j, f, "shift_cnt", 255, &x);
        ofm_buf_put_u8(out, 3);
        ofm_buf_put_u8(out, 3);
        ofm_buf_put_u8(out, (uint8_t) x);
    } else if (!strcmp(cls, "TCPOptionSACKPermitted")) {
        ofm_buf_put_u8(out, 4);
        ofm_buf_put_u8(out, 2);
    } else if (!strcmp(cls, "TCPOptionSACK")) {
        const json_t *blocks = json_object_get(f, "blocks");
        size_t i;
        const json_t *b;
        if (!json_is_array(blocks) || json_array_size(blocks) > 4) {
            ofmpkt_jerr(j, "'blocks' must be a list of up to 4 [left, right] pairs");
            return;
        }
        ofm_buf_put_u8(out, 5);
        ofm_buf_put_u8(out, (uint8_t) (2 + 8 * json_array_size(blocks)));
        json_array_foreach(blocks, i, b) {
            if (!json_is_array(b) || json_array_size(b) != 2) {
                ofmpkt_jerr(j, "'blocks' must be a list of [left, right] pairs");
                return;
            }
            ofmpkt_jv_uint(j, json_array_get(b, 0), "blocks", UINT32_MAX, &x);
            ofmpkt_jv_uint(j, json_array_get(b, 1), "blocks", UINT32_MAX, &y);
            ofm_buf_put_be32(out, (uint32_t) x);
            ofm_buf_put_be32(out, (uint32_t) y);
        }
    } else if (!strcmp(cls, "TCPOptionTimestamps")) {
        ofmpkt_j_uint(j, f, "ts_val", UINT32_MAX, &x);
        ofmpkt_j_uint(j, f, "ts_ecr", UINT32_MAX, &y);
        ofm_buf_put_u8(out, 8);
        ofm_buf_put_u8(out, 10);
        ofm_buf_put_be32(out, (uint32_t) x);
        ofm_buf_put_be32(out, (uint32_t) y);
    } else if (!strcmp(cls, "TCPOptionUserTimeout")) {
        ofmpkt_j_uint(j, f, "granularity", 1, &x);
        ofmpkt_j_uint(j, f, "user_timeout", 0x7fff, &y);
        ofm_buf_put_u8(out, 28);
        ofm_buf_put_u8(out, 4);
        ofm_buf_put_be16(out, (uint16_t) (x << 15 | y));
    } else if (!strcmp(cls, "TCPOptionAuthentication") || !strcmp(cls, "TCPOptionUnknown")) {
        bool auth = cls[9] == 'A';
        struct ofm_buf v;
        uint64_t kind = auth ? 29 : 0;
        ofm_buf_init(&v);
        if (auth) {
            ofmpkt_j_uint(j, f, "key_id", 255, &x);
            ofmpkt_j_uint(j, f, "r_next_key_id", 255, &y);
            ofm_buf_put_u8(&v, (uint8_t) x);
            ofm_buf_put_u8(&v, (uint8_t) y);
        } else {
            ofmpkt_j_uint(j, f, "kind", 255, &kind);
        }
        const json_t *d = json_object_get(f, auth ? "mac" : "value");
        if (d) {
            ofmpkt_jv_bytes_put(j, d, auth ? "mac" : "value", &v);
        }
        if (v.size > 38) {
            ofmpkt_jerr(j, "TCP option too long");
        } else {
            ofm_buf_put_u8(out, (uint8_t) kind);
            ofm_buf_put_u8(out, (uint8_t) (2 + v.size));
            if (v.size) {
                ofm_buf_put(out, v.data, v.size);
            }
        }
        ofm_buf_uninit(&v);
    } else {
        ofmpkt_jerr(j, "unknown TCP option %s", cls);
    }
}

static int
tcp_from_json(struct ofm_hdr *h, const char *cls, const json_t *f, struct jctx *j)
{
    struct ofm_tcp *t = &h->u.tcp;
    ofmpkt_j_u16(j, f, "src_port", 0xffff, &t->src_port);
    ofmpkt_j_u16(j, f, "dst_port", 0xffff, &t->dst_port);
    ofmpkt_j_u32(j, f, "seq", UINT32_MAX, &t->seq);
    ofmpkt_j_u32(j, f, "ack", UINT32_MAX, &t->ack);
    ofmpkt_j_u8(j, f, "offset", 15, &t->offset);
    ofmpkt_j_u16(j, f, "bits", 0x1ff, &t->bits);
    ofmpkt_j_u16(j, f, "window_size", 0xffff, &t->window_size);
    ofmpkt_j_u16(j, f, "csum", 0xffff, &t->csum);
    ofmpkt_j_u16(j, f, "urgent", 0xffff, &t->urgent);

    const json_t *opt = json_object_get(f, "option");
    if (opt && !json_is_null(opt)) {
        struct ofm_buf b;
        ofm_buf_init(&b);
        if (json_is_string(opt)) {
            ofmpkt_jv_bytes_put(j, opt, "option", &b);
        } else if (json_is_array(opt)) {
            size_t i;
            const json_t *item;
            json_array_foreach(opt, i, item) {
                tcp_option_from_json(j, item, &b);
            }
        } else {
            ofmpkt_jerr(j, "'option' must be a list or base64 bytes");
        }
        if (!j->error && b.size > 40) {
            ofmpkt_jerr(j, "options longer than 40 bytes");
        }
        if (!j->error) {
            t->option = ofmpkt_j_keep(j, &b);
        }
        ofm_buf_uninit(&b);
    }
    return j->error;
}

const struct pkt_ops ofmpkt_ops_tcp = {
    "tcp", tcp_parse, tcp_defaults, tcp_write, tcp_fix, tcp_describe, tcp_from_json,
};

/* ---- UDP. ---- */

static int
udp_parse(struct ofm_hdr *h, const uint8_t *p, size_t n, const struct ofm_hdr *prev,
          struct pkt_parse *r)
{
    struct ofm_udp *u = &h->u.udp;
    if (n < 8) {
        return BAD;
    }
    u->src_port = ofm_get16(p);
    u->dst_port = ofm_get16(p + 2);
    u->total_length = ofm_get16(p + 4);
    u->csum = ofm_get16(p + 6);
    if (u->total_length < 8) {
        return BAD;
    }
    r->hdr_size = 8;
    r->extent = u->total_length < n ? u->total_length : n;
    uint16_t s = u->src_port, d = u->dst_port;
    if (((s == 67 || s == 68) && d == 67) || ((d == 67 || d == 68) && s == 67)) {
        r->next = OFM_PROTO_DHCP;
    } else if (d == 4789 || d == 8472) {
        r->next = OFM_PROTO_VXLAN;
    }
    return 0;
}

static void
udp_defaults(struct ofm_hdr *h)
{
    h->u.udp.src_port = 1;
    h->u.udp.dst_port = 1;
}

static int
udp_write(const struct ofm_hdr *h, const struct ofm_hdr *next, struct ofm_buf *out)
{
    const struct ofm_udp *u = &h->u.udp;
    ofm_buf_put_be16(out, u->src_port);
    ofm_buf_put_be16(out, u->dst_port);
    ofm_buf_put_be16(out, u->total_length);
    ofm_buf_put_be16(out, u->csum);
    return 0;
}

static int
udp_fix(const struct ofm_hdr *h, struct pkt_fix *fix)
{
    const struct ofm_udp *u = &h->u.udp;
    if (h->flags & OFM_HDR_VERBATIM) {
        return 0;
    }
    size_t len = u->total_length;
    if (!len) {
        len = fix->end - fix->off;
        if (len > 65535) {
            return EINVAL;
        }
        ofm_put16(fix->out->data + fix->off + 4, (uint16_t) len);
    }
    if (!u->csum) {
        uint32_t sum = 0;
        if (len > fix->end - fix->off) {
            len = fix->end - fix->off;
        }
        ofmpkt_pseudo_sum(fix, OFM_IPPROTO_UDP, ofm_get16(fix->out->data + fix->off + 4), &sum);
        ofmpkt_csum_store(fix->out, fix->off, len, sum, fix->off + 6);
        if (!ofm_get16(fix->out->data + fix->off + 6)) {
            ofm_put16(fix->out->data + fix->off + 6, 0xffff);
        }
    }
    return 0;
}

static struct pv *
udp_describe(const struct ofm_hdr *h, struct pv_ctx *c)
{
    const struct ofm_udp *u = &h->u.udp;
    struct pv *o = ofmpkt_pv_obj(c, "udp");
    PV_SET_INT(c, o, "csum", u->csum);
    PV_SET_INT(c, o, "dst_port", u->dst_port);
    PV_SET_INT(c, o, "src_port", u->src_port);
    PV_SET_INT(c, o, "total_length", u->total_length);
    return o;
}

static int
udp_from_json(struct ofm_hdr *h, const char *cls, const json_t *f, struct jctx *j)
{
    struct ofm_udp *u = &h->u.udp;
    ofmpkt_j_u16(j, f, "src_port", 0xffff, &u->src_port);
    ofmpkt_j_u16(j, f, "dst_port", 0xffff, &u->dst_port);
    ofmpkt_j_u16(j, f, "total_length", 0xffff, &u->total_length);
    return ofmpkt_j_u16(j, f, "csum", 0xffff, &u->csum);
}

const struct pkt_ops ofmpkt_ops_udp = {
    "udp", udp_parse, udp_defaults, udp_write, udp_fix, udp_describe, udp_from_json,
};

/* ---- SCTP. ---- */

/* Chunk types Ryu decodes (0..14); parsing stops at any other. */
#define SCTP_N_CHUNK_TYPES 15

static const char *const sctp_chunk_names[SCTP_N_CHUNK_TYPES] = {
    "chunk_data", "chunk_init", "chunk_init_ack", "chunk_sack", "chunk_heartbeat",
    "chunk_heartbeat_ack", "chunk_abort", "chunk_shutdown", "chunk_shutdown_ack",
    "chunk_error", "chunk_cookie_echo", "chunk_cookie_ack", "chunk_ecn_echo",
    "chunk_cwr", "chunk_shutdown_complete",
};

/* Smallest length of each chunk type. */
static const uint8_t sctp_chunk_min[SCTP_N_CHUNK_TYPES] = {
    16, 20, 20, 16, 4, 4, 4, 8, 4, 4, 4, 4, 8, 8, 4,
};

static size_t
pad4(size_t n)
{
    return (n + 3) & ~(size_t) 3;
}

/* Length of the chunk at 'p' with its padding (clipped to 'n'), or 0 if it
 * is not one we decode or does not fit. */
static size_t
sctp_chunk_size(const uint8_t *p, size_t n)
{
    if (n < 4 || p[0] >= SCTP_N_CHUNK_TYPES) {
        return 0;
    }
    size_t len = ofm_get16(p + 2);
    if (len < sctp_chunk_min[p[0]] || len > n) {
        return 0;
    }
    size_t padded = pad4(len);
    return padded < n ? padded : n;
}

static int
sctp_parse(struct ofm_hdr *h, const uint8_t *p, size_t n, const struct ofm_hdr *prev,
           struct pkt_parse *r)
{
    struct ofm_sctp *s = &h->u.sctp;
    if (n < 12) {
        return BAD;
    }
    s->src_port = ofm_get16(p);
    s->dst_port = ofm_get16(p + 2);
    s->vtag = ofm_get32(p + 4);
    s->csum = ofm_get32(p + 8);
    size_t off = 12;
    while (off < n) {
        size_t size = sctp_chunk_size(p + off, n - off);
        if (!size) {
            break;              /* Unknown or bad chunk: payload from here. */
        }
        off += size;
    }
    s->chunks.data = off > 12 ? p + 12 : NULL;
    s->chunks.size = off - 12;
    r->hdr_size = off;
    return 0;
}

static void
sctp_defaults(struct ofm_hdr *h)
{
    h->u.sctp.src_port = 1;
    h->u.sctp.dst_port = 1;
}

static int
sctp_write(const struct ofm_hdr *h, const struct ofm_hdr *next, struct ofm_buf *out)
{
    const struct ofm_sctp *s = &h->u.sctp;
    ofm_buf_put_be16(out, s->src_port);
    ofm_buf_put_be16(out, s->dst_port);
    ofm_buf_put_be32(out, s->vtag);
    ofm_buf_put_be32(out, s->csum);
    if (s->chunks.size) {
        ofm_buf_put(out, s->chunks.data, s->chunks.size);
    }
    return 0;
}

static int
sctp_fix(const struct ofm_hdr *h, struct pkt_fix *fix)
{
    if (!h->u.sctp.csum && !(h->flags & OFM_HDR_VERBATIM)) {
        uint8_t *p = fix->out->data + fix->off;
        memset(p + 8, 0, 4);
        uint32_t crc = ofm_crc32c(p, fix->end - fix->off);
        /* The CRC goes on the wire least significant byte first. */
        p[8] = (uint8_t) crc;
        p[9] = (uint8_t) (crc >> 8);
        p[10] = (uint8_t) (crc >> 16);
        p[11] = (uint8_t) (crc >> 24);
    }
    return 0;
}

/* Parameters (RFC 4960 3.2.1) by type, and which chunk or cause accepts
 * them. */
enum {
    IN_INIT = 1, IN_INIT_ACK = 2, IN_HEARTBEAT = 4, IN_ADDR_CAUSE = 8,
};

struct sctp_param_type {
    uint16_t type;
    const char *name;
    unsigned in;
};

static const struct sctp_param_type sctp_params[] = {
    { 1, "param_heartbeat", IN_HEARTBEAT },
    { 5, "param_ipv4", IN_INIT | IN_INIT_ACK | IN_ADDR_CAUSE },
    { 6, "param_ipv6", IN_INIT | IN_INIT_ACK | IN_ADDR_CAUSE },
    { 7, "param_state_cookie", IN_INIT_ACK },
    { 8, "param_unrecognized_param", IN_INIT_ACK },
    { 9, "param_cookie_preserve", IN_INIT },
    { 11, "param_host_addr", IN_INIT | IN_INIT_ACK | IN_ADDR_CAUSE },
    { 12, "param_supported_addr", IN_INIT },
    { 32768, "param_ecn", IN_INIT | IN_INIT_ACK },
};

static const struct sctp_param_type *
sctp_param_lookup(uint16_t type, unsigned in)
{
    for (size_t i = 0; i < PKT_ARRAY_SIZE(sctp_params); i++) {
        if (sctp_params[i].type == type && (sctp_params[i].in & in)) {
            return &sctp_params[i];
        }
    }
    return NULL;
}

/* Describes the parameter at 'p' ('n' bytes left) if 'in' accepts it;
 * stores its padded size in '*size'.  NULL if it cannot be decoded. */
static struct pv *
sctp_param_describe(struct pv_ctx *c, const uint8_t *p, size_t n, unsigned in, size_t *size)
{
    if (n < 4) {
        return NULL;
    }
    uint16_t type = ofm_get16(p);
    size_t len = ofm_get16(p + 2);
    const struct sctp_param_type *pt = sctp_param_lookup(type, in);
    if (!pt || len < 4 || len > n) {
        return NULL;
    }
    struct pv *o = ofmpkt_pv_obj(c, pt->name);
    const uint8_t *v = p + 4;
    size_t vlen = len - 4;
    PV_SET_INT(c, o, "length", (int64_t) len);
    switch (type) {
    case 5:
        if (vlen < 4) {
            return NULL;
        }
        PV_SET_IP4(c, o, "value", ofm_get32(v));
        break;
    case 6:
        if (vlen < 16) {
            return NULL;
        }
        PV_SET_IP6(c, o, "value", v);
        break;
    case 9:
        if (vlen < 4) {
            return NULL;
        }
        PV_SET_INT(c, o, "value", ofm_get32(v));
        break;
    case 12: {
        struct pv *list = ofmpkt_pv_add(o, "value", ofmpkt_pv_list(c));
        for (size_t i = 0; i + 2 <= vlen; i += 2) {
            ofmpkt_pv_add(list, NULL, ofmpkt_pv_int(c, ofm_get16(v + i)));
        }
        break;
    }
    case 32768:
        PV_SET_NULL(c, o, "value");
        break;
    default:
        ofmpkt_pv_add(o, "value", ofmpkt_pv_bytes_or_null(c, v, vlen));
        break;
    }
    size_t padded = pad4(len);
    *size = padded < n ? padded : n;
    return o;
}

/* A list of parameters from 'p' to 'p + n', stopping at one that 'in'
 * does not accept, as Ryu does. */
static struct pv *
sctp_params_describe(struct pv_ctx *c, const uint8_t *p, size_t n, unsigned in)
{
    struct pv *list = ofmpkt_pv_list(c);
    size_t off = 0, size;
    struct pv *v;
    while (off < n && (v = sctp_param_describe(c, p + off, n - off, in, &size)) != NULL) {
        ofmpkt_pv_add(list, NULL, v);
        off += size;
    }
    return list;
}

static const char *const sctp_cause_names[14] = {
    NULL, "cause_invalid_stream_id", "cause_missing_param", "cause_stale_cookie",
    "cause_out_of_resource", "cause_unresolvable_addr", "cause_unrecognized_chunk",
    "cause_invalid_param", "cause_unrecognized_param", "cause_no_userdata",
    "cause_cookie_while_shutdown", "cause_restart_with_new_addr",
    "cause_user_initiated_abort", "cause_protocol_violation",
};

static struct pv *
sctp_cause_describe(struct pv_ctx *c, const uint8_t *p, size_t n, size_t *size)
{
    if (n < 4) {
        return NULL;
    }
    uint16_t code = ofm_get16(p);
    size_t len = ofm_get16(p + 2);
    if (!code || code >= PKT_ARRAY_SIZE(sctp_cause_names) || len < 4 || len > n) {
        return NULL;
    }
    struct pv *o = ofmpkt_pv_obj(c, sctp_cause_names[code]);
    const uint8_t *v = p + 4;
    size_t vlen = len - 4;
    size_t psize;
    PV_SET_INT(c, o, "length", (int64_t) len);
    switch (code) {
    case 1:
        if (vlen < 4) {
            return NULL;
        }
        PV_SET_INT(c, o, "value", ofm_get16(v));
        break;
    case 2: {
        if (vlen < 4) {
            return NULL;
        }
        uint32_t num = ofm_get32(v);
        if (num > (vlen - 4) / 2) {
            return NULL;
        }
        PV_SET_INT(c, o, "num", num);
        struct pv *list = ofmpkt_pv_add(o, "types", ofmpkt_pv_list(c));
        for (uint32_t i = 0; i < num; i++) {
            ofmpkt_pv_add(list, NULL, ofmpkt_pv_int(c, ofm_get16(v + 4 + 2 * i)));
        }
        break;
    }
    case 4:
    case 7:
    case 10:
        break;
    case 5: {
        struct pv *param = sctp_param_describe(c, v, vlen, IN_ADDR_CAUSE, &psize);
        if (!param) {
            return NULL;
        }
        ofmpkt_pv_add(o, "value", param);
        break;
    }
    case 11:
        ofmpkt_pv_add(o, "value", sctp_params_describe(c, v, vlen, IN_ADDR_CAUSE));
        break;
    default:
        ofmpkt_pv_add(o, "value", ofmpkt_pv_bytes_or_null(c, v, vlen));
        break;
    }
    size_t padded = pad4(len);
    *size = padded < n ? padded : n;
    return o;
}

static struct pv *
sctp_chunk_describe(struct pv_ctx *c, const uint8_t *p, size_t n)
{
    uint8_t type = p[0], flags = p[1];
    size_t len = ofm_get16(p + 2);
    struct pv *o = ofmpkt_pv_obj(c, sctp_chunk_names[type]);
    size_t psize;

    PV_SET_INT(c, o, "length", (int64_t) len);
    switch (type) {
    case 0:
        PV_SET_INT(c, o, "begin", (flags >> 1) & 1);
        PV_SET_INT(c, o, "end", flags & 1);
        PV_SET_BYTES(c, o, "payload_data", p + 16, len - 16);
        PV_SET_INT(c, o, "payload_id", ofm_get32(p + 12));
        PV_SET_INT(c, o, "seq", ofm_get16(p + 10));
        PV_SET_INT(c, o, "sid", ofm_get16(p + 8));
        PV_SET_INT(c, o, "tsn", ofm_get32(p + 4));
        PV_SET_INT(c, o, "unordered", (flags >> 2) & 1);
        break;
    case 1:
    case 2:
        PV_SET_INT(c, o, "a_rwnd", ofm_get32(p + 8));
        PV_SET_INT(c, o, "flags", flags);
        PV_SET_INT(c, o, "i_tsn", ofm_get32(p + 16));
        PV_SET_INT(c, o, "init_tag", ofm_get32(p + 4));
        PV_SET_INT(c, o, "mis", ofm_get16(p + 14));
        PV_SET_INT(c, o, "os", ofm_get16(p + 12));
        ofmpkt_pv_add(o, "params", sctp_params_describe(c, p + 20, len - 20,
                                                        type == 1 ? IN_INIT : IN_INIT_ACK));
        break;
    case 3: {
        size_t ngap = ofm_get16(p + 12), ndup = ofm_get16(p + 14);
        size_t room = (len - 16) / 4;
        if (ngap > room) {
            ngap = room;
        }
        if (ndup > room - ngap) {
            ndup = room - ngap;
        }
        PV_SET_INT(c, o, "a_rwnd", ofm_get32(p + 8));
        PV_SET_INT(c, o, "duptsn_num", ofm_get16(p + 14));
        struct pv *dups = ofmpkt_pv_add(o, "duptsns", ofmpkt_pv_list(c));
        for (size_t i = 0; i < ndup; i++) {
            ofmpkt_pv_add(dups, NULL, ofmpkt_pv_int(c, ofm_get32(p + 16 + 4 * ngap + 4 * i)));
        }
        PV_SET_INT(c, o, "flags", flags);
        PV_SET_INT(c, o, "gapack_num", ofm_get16(p + 12));
        struct pv *gaps = ofmpkt_pv_add(o, "gapacks", ofmpkt_pv_list(c));
        for (size_t i = 0; i < ngap; i++) {
            struct pv *pair = ofmpkt_pv_add(gaps, NULL, ofmpkt_pv_list(c));
            ofmpkt_pv_add(pair, NULL, ofmpkt_pv_int(c, ofm_get16(p + 16 + 4 * i)));
            ofmpkt_pv_add(pair, NULL, ofmpkt_pv_int(c, ofm_get16(p + 18 + 4 * i)));
        }
        PV_SET_INT(c, o, "tsn_ack", ofm_get32(p + 4));
        break;
    }
    case 4:
    case 5: {
        PV_SET_INT(c, o, "flags", flags);
        struct pv *info = sctp_param_describe(c, p + 4, len - 4, IN_HEARTBEAT, &psize);
        ofmpkt_pv_add(o, "info", info ? info : ofmpkt_pv_null(c));
        break;
    }
    case 6:
    case 9: {
        struct pv *causes = ofmpkt_pv_add(o, "causes", ofmpkt_pv_list(c));
        size_t off = 4;
        struct pv *v;
        while (off < len && (v = sctp_cause_describe(c, p + off, len - off, &psize)) != NULL) {
            ofmpkt_pv_add(causes, NULL, v);
            off += psize;
        }
        if (type == 6) {
            PV_SET_INT(c, o, "tflag", flags & 1);
        } else {
            PV_SET_INT(c, o, "flags", flags);
        }
        break;
    }
    case 7:
        PV_SET_INT(c, o, "flags", flags);
        PV_SET_INT(c, o, "tsn_ack", ofm_get32(p + 4));
        break;
    case 10:
        ofmpkt_pv_add(o, "cookie", ofmpkt_pv_bytes_or_null(c, p + 4, len - 4));
        PV_SET_INT(c, o, "flags", flags);
        break;
    case 12:
    case 13:
        PV_SET_INT(c, o, "flags", flags);
        PV_SET_INT(c, o, "low_tsn", ofm_get32(p + 4));
        break;
    case 14:
        PV_SET_INT(c, o, "tflag", flags & 1);
        break;
    default:                    /* 8, 11. */
        PV_SET_INT(c, o, "flags", flags);
        break;
    }
    return o;
}

static struct pv *
sctp_describe(const struct ofm_hdr *h, struct pv_ctx *c)
{
    const struct ofm_sctp *s = &h->u.sctp;
    struct pv *o = ofmpkt_pv_obj(c, "sctp");
    struct pv *chunks = ofmpkt_pv_add(o, "chunks", ofmpkt_pv_list(c));
    size_t off = 0;
    while (off < s->chunks.size) {
        size_t size = sctp_chunk_size(s->chunks.data + off, s->chunks.size - off);
        if (!size) {
            break;
        }
        ofmpkt_pv_add(chunks, NULL, sctp_chunk_describe(c, s->chunks.data + off,
                                                        s->chunks.size - off));
        off += size;
    }
    PV_SET_INT(c, o, "csum", s->csum);
    PV_SET_INT(c, o, "dst_port", s->dst_port);
    PV_SET_INT(c, o, "src_port", s->src_port);
    PV_SET_INT(c, o, "vtag", s->vtag);
    return o;
}

/* Starts a TLV (chunk, parameter or cause) of 4-byte header with 'length'
 * from JSON; returns its offset for tlv_end(). */
static size_t
tlv_start(struct ofm_buf *out, uint16_t type_or_tf, bool chunk, uint8_t flags)
{
    size_t start = out->size;
    if (chunk) {
        ofm_buf_put_u8(out, (uint8_t) type_or_tf);
        ofm_buf_put_u8(out, flags);
    } else {
        ofm_buf_put_be16(out, type_or_tf);
    }
    ofm_buf_put_be16(out, 0);
    return start;
}

/* Sets the length of the TLV at 'start' ('given' if non-zero, else its
 * size) and pads it to 4 bytes. */
static void
tlv_end(struct jctx *j, struct ofm_buf *out, size_t start, uint64_t given)
{
    size_t len = given ? given : out->size - start;
    if (len > 0xffff) {
        ofmpkt_jerr(j, "chunk or parameter longer than 65535 bytes");
        return;
    }
    ofm_put16(out->data + start + 2, (uint16_t) len);
    ofm_buf_pad(out, start, 4);
}

static const struct sctp_param_type *
sctp_param_by_name(const char *name)
{
    for (size_t i = 0; i < PKT_ARRAY_SIZE(sctp_params); i++) {
        if (!strcmp(sctp_params[i].name, name)) {
            return &sctp_params[i];
        }
    }
    return NULL;
}

static void
sctp_param_from_json(struct jctx *j, const json_t *item, struct ofm_buf *out)
{
    const json_t *f;
    const char *cls = ofmpkt_j_class(item, &f);
    const struct sctp_param_type *pt = cls ? sctp_param_by_name(cls) : NULL;
    uint64_t length = 0;

    if (!pt) {
        ofmpkt_jerr(j, "unknown SCTP parameter %s", cls ? cls : "(not an object)");
        return;
    }
    ofmpkt_j_uint(j, f, "length", 0xffff, &length);
    size_t start = tlv_start(out, pt->type, false, 0);
    const json_t *v = json_object_get(f, "value");
    switch (pt->type) {
    case 5: {
        uint32_t a = 0x7f000001;
        if (v && !json_is_null(v)) {
            ofmpkt_jv_ip4(j, v, "value", &a);
        }
        ofm_buf_put_be32(out, a);
        break;
    }
    case 6: {
        uint8_t a[16] = { [15] = 1 };
        if (v && !json_is_null(v)) {
            ofmpkt_jv_ip6(j, v, "value", a);
        }
        ofm_buf_put(out, a, 16);
        break;
    }
    case 9: {
        uint64_t x = 0;
        if (v) {
            ofmpkt_jv_uint(j, v, "value", UINT32_MAX, &x);
        }
        ofm_buf_put_be32(out, (uint32_t) x);
        break;
    }
    case 12:
        if (v && json_is_array(v)) {
            size_t i;
            const json_t *x;
            json_array_foreach(v, i, x) {
                uint64_t t = 0;
                ofmpkt_jv_uint(j, x, "value", 0xffff, &t);
                ofm_buf_put_be16(out, (uint16_t) t);
            }
        } else if (v && !json_is_null(v)) {
            uint64_t t = 0;
            ofmpkt_jv_uint(j, v, "value", 0xffff, &t);
            ofm_buf_put_be16(out, (uint16_t) t);
        }
        break;
    case 32768:
        break;
    default:
        if (v) {
            ofmpkt_jv_bytes_put(j, v, "value", out);
        }
        break;
    }
    tlv_end(j, out, start, length);
}

static void
sctp_params_from_json(struct jctx *j, const json_t *list, struct ofm_buf *out)
{
    size_t i;
    const json_t *item;
    if (!list || json_is_null(list)) {
        return;
    }
    if (!json_is_array(list)) {
        ofmpkt_jerr(j, "parameters must be a list");
        return;
    }
    json_array_foreach(list, i, item) {
        sctp_param_from_json(j, item, out);
    }
}

static void
sctp_cause_from_json(struct jctx *j, const json_t *item, struct ofm_buf *out)
{
    const json_t *f;
    const char *cls = ofmpkt_j_class(item, &f);
    uint16_t code = 0;
    uint64_t length = 0;

    for (uint16_t i = 1; cls && i < PKT_ARRAY_SIZE(sctp_cause_names); i++) {
        if (!strcmp(cls, sctp_cause_names[i])) {
            code = i;
        }
    }
    if (!code) {
        ofmpkt_jerr(j, "unknown SCTP cause %s", cls ? cls : "(not an object)");
        return;
    }
    ofmpkt_j_uint(j, f, "length", 0xffff, &length);
    size_t start = tlv_start(out, code, false, 0);
    const json_t *v = json_object_get(f, "value");
    switch (code) {
    case 1: {
        uint64_t x = 0;
        if (v) {
            ofmpkt_jv_uint(j, v, "value", 0xffff, &x);
        }
        ofm_buf_put_be16(out, (uint16_t) x);
        ofm_buf_put_be16(out, 0);
        break;
    }
    case 2: {
        const json_t *types = json_object_get(f, "types");
        uint64_t num = 0;
        size_t at = out->size, i;
        const json_t *x;
        ofmpkt_j_uint(j, f, "num", UINT32_MAX, &num);
        ofm_buf_put_be32(out, (uint32_t) num);
        if (types && json_is_array(types)) {
            json_array_foreach(types, i, x) {
                uint64_t t = 0;
                ofmpkt_jv_uint(j, x, "types", 0xffff, &t);
                ofm_buf_put_be16(out, (uint16_t) t);
            }
            if (!num) {
                ofm_put32(out->data + at, (uint32_t) json_array_size(types));
            }
        }
        break;
    }
    case 4:
    case 7:
    case 10:
        break;
    case 5:
        if (v && !json_is_null(v)) {
            sctp_param_from_json(j, v, out);
        }
        break;
    case 11:
        if (v && json_is_array(v)) {
            sctp_params_from_json(j, v, out);
        } else if (v && !json_is_null(v)) {
            sctp_param_from_json(j, v, out);
        }
        break;
    default:
        if (v) {
            ofmpkt_jv_bytes_put(j, v, "value", out);
        }
        break;
    }
    tlv_end(j, out, start, length);
}

static void
sctp_chunk_from_json(struct jctx *j, const json_t *item, struct ofm_buf *out)
{
    const json_t *f;
    const char *cls = ofmpkt_j_class(item, &f);
    int type = -1;
    uint64_t length = 0, flags = 0, a = 0, b = 0, x = 0;

    for (int i = 0; cls && i < SCTP_N_CHUNK_TYPES; i++) {
        if (!strcmp(cls, sctp_chunk_names[i])) {
            type = i;
        }
    }
    if (type < 0) {
        ofmpkt_jerr(j, "unknown SCTP chunk %s", cls ? cls : "(not an object)");
        return;
    }
    ofmpkt_j_uint(j, f, "length", 0xffff, &length);
    ofmpkt_j_uint(j, f, "flags", 255, &flags);
    if (type == 0) {
        uint64_t u = 0, be = 0, e = 0;
        ofmpkt_j_uint(j, f, "unordered", 1, &u);
        ofmpkt_j_uint(j, f, "begin", 1, &be);
        ofmpkt_j_uint(j, f, "end", 1, &e);
        flags = u << 2 | be << 1 | e;
    } else if (type == 6 || type == 14) {
        ofmpkt_j_uint(j, f, "tflag", 1, &flags);
    }
    size_t start = tlv_start(out, (uint16_t) type, true, (uint8_t) flags);
    switch (type) {
    case 0:
        ofmpkt_j_uint(j, f, "tsn", UINT32_MAX, &x);
        ofm_buf_put_be32(out, (uint32_t) x);
        x = 0;
        ofmpkt_j_uint(j, f, "sid", 0xffff, &x);
        ofm_buf_put_be16(out, (uint16_t) x);
        x = 0;
        ofmpkt_j_uint(j, f, "seq", 0xffff, &x);
        ofm_buf_put_be16(out, (uint16_t) x);
        x = 0;
        ofmpkt_j_uint(j, f, "payload_id", UINT32_MAX, &x);
        ofm_buf_put_be32(out, (uint32_t) x);
        if (json_object_get(f, "payload_data")) {
            ofmpkt_jv_bytes_put(j, json_object_get(f, "payload_data"), "payload_data", out);
        }
        break;
    case 1:
    case 2:
        ofmpkt_j_uint(j, f, "init_tag", UINT32_MAX, &x);
        ofm_buf_put_be32(out, (uint32_t) x);
        x = 0;
        ofmpkt_j_uint(j, f, "a_rwnd", UINT32_MAX, &x);
        ofm_buf_put_be32(out, (uint32_t) x);
        x = 0;
        ofmpkt_j_uint(j, f, "os", 0xffff, &x);
        ofm_buf_put_be16(out, (uint16_t) x);
        x = 0;
        ofmpkt_j_uint(j, f, "mis", 0xffff, &x);
        ofm_buf_put_be16(out, (uint16_t) x);
        x = 0;
        ofmpkt_j_uint(j, f, "i_tsn", UINT32_MAX, &x);
        ofm_buf_put_be32(out, (uint32_t) x);
        sctp_params_from_json(j, json_object_get(f, "params"), out);
        break;
    case 3: {
        const json_t *gaps = json_object_get(f, "gapacks");
        const json_t *dups = json_object_get(f, "duptsns");
        size_t ngap = json_is_array(gaps) ? json_array_size(gaps) : 0;
        size_t ndup = json_is_array(dups) ? json_array_size(dups) : 0;
        size_t i;
        const json_t *v;
        ofmpkt_j_uint(j, f, "tsn_ack", UINT32_MAX, &x);
        ofm_buf_put_be32(out, (uint32_t) x);
        x = 0;
        ofmpkt_j_uint(j, f, "a_rwnd", UINT32_MAX, &x);
        ofm_buf_put_be32(out, (uint32_t) x);
        a = ngap;
        b = ndup;
        ofmpkt_j_uint(j, f, "gapack_num", 0xffff, &a);
        ofmpkt_j_uint(j, f, "duptsn_num", 0xffff, &b);
        ofm_buf_put_be16(out, (uint16_t) (a ? a : ngap));
        ofm_buf_put_be16(out, (uint16_t) (b ? b : ndup));
        for (i = 0; i < ngap; i++) {
            v = json_array_get(gaps, i);
            if (!json_is_array(v) || json_array_size(v) != 2) {
                ofmpkt_jerr(j, "'gapacks' must be [start, end] pairs");
                return;
            }
            uint64_t s = 0, e = 0;
            ofmpkt_jv_uint(j, json_array_get(v, 0), "gapacks", 0xffff, &s);
            ofmpkt_jv_uint(j, json_array_get(v, 1), "gapacks", 0xffff, &e);
            ofm_buf_put_be16(out, (uint16_t) s);
            ofm_buf_put_be16(out, (uint16_t) e);
        }
        for (i = 0; i < ndup; i++) {
            uint64_t d = 0;
            ofmpkt_jv_uint(j, json_array_get(dups, i), "duptsns", UINT32_MAX, &d);
            ofm_buf_put_be32(out, (uint32_t) d);
        }
        break;
    }
    case 4:
    case 5: {
        const json_t *info = json_object_get(f, "info");
        if (info && !json_is_null(info)) {
            sctp_param_from_json(j, info, out);
        }
        break;
    }
    case 6:
    case 9: {
        const json_t *causes = json_object_get(f, "causes");
        size_t i;
        const json_t *v;
        if (causes && json_is_array(causes)) {
            json_array_foreach(causes, i, v) {
                sctp_cause_from_json(j, v, out);
            }
        }
        break;
    }
    case 7:
        ofmpkt_j_uint(j, f, "tsn_ack", UINT32_MAX, &x);
        ofm_buf_put_be32(out, (uint32_t) x);
        break;
    case 10: {
        const json_t *cookie = json_object_get(f, "cookie");
        if (cookie) {
            ofmpkt_jv_bytes_put(j, cookie, "cookie", out);
        }
        break;
    }
    case 12:
    case 13:
        ofmpkt_j_uint(j, f, "low_tsn", UINT32_MAX, &x);
        ofm_buf_put_be32(out, (uint32_t) x);
        break;
    default:
        break;
    }
    tlv_end(j, out, start, length);
}

static int
sctp_from_json(struct ofm_hdr *h, const char *cls, const json_t *f, struct jctx *j)
{
    struct ofm_sctp *s = &h->u.sctp;
    ofmpkt_j_u16(j, f, "src_port", 0xffff, &s->src_port);
    ofmpkt_j_u16(j, f, "dst_port", 0xffff, &s->dst_port);
    ofmpkt_j_u32(j, f, "vtag", UINT32_MAX, &s->vtag);
    ofmpkt_j_u32(j, f, "csum", UINT32_MAX, &s->csum);

    const json_t *chunks = json_object_get(f, "chunks");
    if (chunks && !json_is_null(chunks)) {
        struct ofm_buf b;
        size_t i;
        const json_t *item;
        if (!json_is_array(chunks)) {
            return ofmpkt_jerr(j, "'chunks' must be a list");
        }
        ofm_buf_init(&b);
        json_array_foreach(chunks, i, item) {
            sctp_chunk_from_json(j, item, &b);
        }
        if (!j->error) {
            s->chunks = ofmpkt_j_keep(j, &b);
        }
        ofm_buf_uninit(&b);
    }
    return j->error;
}

const struct pkt_ops ofmpkt_ops_sctp = {
    "sctp", sctp_parse, sctp_defaults, sctp_write, sctp_fix, sctp_describe, sctp_from_json,
};
