/* eth.c: link-layer protocols: Ethernet, 802.1Q/802.1ad tags, PBB I-TAG,
 * MPLS, LLC, spanning tree BPDUs, slow protocols (LACP, marker), LLDP, and
 * ARP. */
#include <config.h>

#include "packet-private.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "ofm/err.h"

#define BAD OFM_ERR_BAD_PACKET

/* ---- Ethernet. ---- */

static int
eth_parse(struct ofm_hdr *h, const uint8_t *p, size_t n, const struct ofm_hdr *prev,
          struct pkt_parse *r)
{
    struct ofm_ethernet *e = &h->u.ethernet;
    if (n < 14) {
        return BAD;
    }
    memcpy(e->dst, p, 6);
    memcpy(e->src, p + 6, 6);
    e->ethertype = ofm_get16(p + 12);
    r->hdr_size = 14;
    r->next = ofmpkt_next_for_ethertype(e->ethertype, p + 14, n - 14);
    return 0;
}

static void
eth_defaults(struct ofm_hdr *h)
{
    memset(h->u.ethernet.dst, 0xff, 6);
}

/* The ethertype to write: the field, or when it is 0 and may be filled,
 * the one that announces the next header. */
static uint16_t
auto_ethertype(const struct ofm_hdr *h, uint16_t type, const struct ofm_hdr *next)
{
    if (!type && !(h->flags & OFM_HDR_VERBATIM)) {
        type = ofmpkt_ethertype_of(next);
    }
    return type;
}

static int
eth_write(const struct ofm_hdr *h, const struct ofm_hdr *next, struct ofm_buf *out)
{
    const struct ofm_ethernet *e = &h->u.ethernet;
    ofm_buf_put(out, e->dst, 6);
    ofm_buf_put(out, e->src, 6);
    ofm_buf_put_be16(out, auto_ethertype(h, e->ethertype, next));
    return 0;
}

/* An 802.3 frame (LLC next) with length 0 gets the length of what
 * follows the header. */
static int
eth_fix(const struct ofm_hdr *h, struct pkt_fix *fix)
{
    const struct ofm_hdr *next = fix->index + 1 < fix->pkt->n_hdrs ? h + 1 : NULL;
    if (!h->u.ethernet.ethertype && !(h->flags & OFM_HDR_VERBATIM)
        && next && next->proto == OFM_PROTO_LLC) {
        size_t len = fix->end - fix->off - 14;
        if (len > OFM_ETH_TYPE_IEEE802_3) {
            return EINVAL;
        }
        ofm_put16(fix->out->data + fix->off + 12, (uint16_t) len);
    }
    return 0;
}

static struct pv *
eth_describe(const struct ofm_hdr *h, struct pv_ctx *c)
{
    const struct ofm_ethernet *e = &h->u.ethernet;
    struct pv *o = ofmpkt_pv_obj(c, "ethernet");
    PV_SET_MAC(c, o, "dst", e->dst);
    PV_SET_INT(c, o, "ethertype", e->ethertype);
    PV_SET_MAC(c, o, "src", e->src);
    return o;
}

static int
eth_from_json(struct ofm_hdr *h, const char *cls, const json_t *f, struct jctx *j)
{
    struct ofm_ethernet *e = &h->u.ethernet;
    e->ethertype = OFM_ETH_TYPE_IP;
    ofmpkt_j_mac(j, f, "dst", e->dst);
    ofmpkt_j_mac(j, f, "src", e->src);
    return ofmpkt_j_u16(j, f, "ethertype", 0xffff, &e->ethertype);
}

const struct pkt_ops ofmpkt_ops_ethernet = {
    "ethernet", eth_parse, eth_defaults, eth_write, eth_fix, eth_describe, eth_from_json,
};

/* ---- 802.1Q and 802.1ad tags. ---- */

static int
vlan_parse(struct ofm_hdr *h, const uint8_t *p, size_t n, const struct ofm_hdr *prev,
           struct pkt_parse *r)
{
    struct ofm_vlan *v = &h->u.vlan;
    if (n < 4) {
        return BAD;
    }
    uint16_t tci = ofm_get16(p);
    v->pcp = tci >> 13;
    v->cfi = (tci >> 12) & 1;
    v->vid = tci & 0xfff;
    v->ethertype = ofm_get16(p + 2);
    r->hdr_size = 4;
    r->next = ofmpkt_next_for_ethertype(v->ethertype, p + 4, n - 4);
    return 0;
}

static int
vlan_write(const struct ofm_hdr *h, const struct ofm_hdr *next, struct ofm_buf *out)
{
    const struct ofm_vlan *v = &h->u.vlan;
    ofm_buf_put_be16(out, (uint16_t) ((v->pcp & 7) << 13 | (v->cfi & 1) << 12
                                      | (v->vid & 0xfff)));
    ofm_buf_put_be16(out, auto_ethertype(h, v->ethertype, next));
    return 0;
}

static struct pv *
vlan_describe(const struct ofm_hdr *h, struct pv_ctx *c)
{
    const struct ofm_vlan *v = &h->u.vlan;
    struct pv *o = ofmpkt_pv_obj(c, h->proto == OFM_PROTO_SVLAN ? "svlan" : "vlan");
    PV_SET_INT(c, o, "cfi", v->cfi);
    PV_SET_INT(c, o, "ethertype", v->ethertype);
    PV_SET_INT(c, o, "pcp", v->pcp);
    PV_SET_INT(c, o, "vid", v->vid);
    return o;
}

static int
vlan_from_json(struct ofm_hdr *h, const char *cls, const json_t *f, struct jctx *j)
{
    struct ofm_vlan *v = &h->u.vlan;
    v->ethertype = h->proto == OFM_PROTO_SVLAN ? OFM_ETH_TYPE_8021Q : OFM_ETH_TYPE_IP;
    ofmpkt_j_u8(j, f, "pcp", 7, &v->pcp);
    ofmpkt_j_u8(j, f, "cfi", 1, &v->cfi);
    ofmpkt_j_u16(j, f, "vid", 0xfff, &v->vid);
    return ofmpkt_j_u16(j, f, "ethertype", 0xffff, &v->ethertype);
}

const struct pkt_ops ofmpkt_ops_vlan = {
    "vlan", vlan_parse, NULL, vlan_write, NULL, vlan_describe, vlan_from_json,
};
const struct pkt_ops ofmpkt_ops_svlan = {
    "svlan", vlan_parse, NULL, vlan_write, NULL, vlan_describe, vlan_from_json,
};

/* ---- PBB I-TAG. ---- */

static int
itag_parse(struct ofm_hdr *h, const uint8_t *p, size_t n, const struct ofm_hdr *prev,
           struct pkt_parse *r)
{
    struct ofm_itag *t = &h->u.itag;
    if (n < 4) {
        return BAD;
    }
    uint32_t v = ofm_get32(p);
    t->pcp = v >> 29;
    t->dei = (v >> 28) & 1;
    t->uca = (v >> 27) & 1;
    t->sid = v & 0xffffff;
    r->hdr_size = 4;
    r->next = OFM_PROTO_ETHERNET;
    return 0;
}

static int
itag_write(const struct ofm_hdr *h, const struct ofm_hdr *next, struct ofm_buf *out)
{
    const struct ofm_itag *t = &h->u.itag;
    ofm_buf_put_be32(out, (uint32_t) (t->pcp & 7) << 29 | (uint32_t) (t->dei & 1) << 28
                     | (uint32_t) (t->uca & 1) << 27 | (t->sid & 0xffffff));
    return 0;
}

static struct pv *
itag_describe(const struct ofm_hdr *h, struct pv_ctx *c)
{
    const struct ofm_itag *t = &h->u.itag;
    struct pv *o = ofmpkt_pv_obj(c, "itag");
    PV_SET_INT(c, o, "dei", t->dei);
    PV_SET_INT(c, o, "pcp", t->pcp);
    PV_SET_INT(c, o, "sid", t->sid);
    PV_SET_INT(c, o, "uca", t->uca);
    return o;
}

static int
itag_from_json(struct ofm_hdr *h, const char *cls, const json_t *f, struct jctx *j)
{
    struct ofm_itag *t = &h->u.itag;
    ofmpkt_j_u8(j, f, "pcp", 7, &t->pcp);
    ofmpkt_j_u8(j, f, "dei", 1, &t->dei);
    ofmpkt_j_u8(j, f, "uca", 1, &t->uca);
    return ofmpkt_j_u32(j, f, "sid", 0xffffff, &t->sid);
}

const struct pkt_ops ofmpkt_ops_itag = {
    "itag", itag_parse, NULL, itag_write, NULL, itag_describe, itag_from_json,
};

/* ---- MPLS. ---- */

static int
mpls_parse(struct ofm_hdr *h, const uint8_t *p, size_t n, const struct ofm_hdr *prev,
           struct pkt_parse *r)
{
    struct ofm_mpls *m = &h->u.mpls;
    if (n < 4) {
        return BAD;
    }
    uint32_t v = ofm_get32(p);
    m->label = v >> 12;
    m->exp = (v >> 9) & 7;
    m->bsb = (v >> 8) & 1;
    m->ttl = v & 0xff;
    r->hdr_size = 4;
    /* Like Ryu, assume IPv4 under the bottom of the stack. */
    r->next = m->bsb ? OFM_PROTO_IPV4 : OFM_PROTO_MPLS;
    return 0;
}

static void
mpls_defaults(struct ofm_hdr *h)
{
    h->u.mpls.bsb = 1;
    h->u.mpls.ttl = 255;
}

static int
mpls_write(const struct ofm_hdr *h, const struct ofm_hdr *next, struct ofm_buf *out)
{
    const struct ofm_mpls *m = &h->u.mpls;
    ofm_buf_put_be32(out, (m->label & 0xfffff) << 12 | (uint32_t) (m->exp & 7) << 9
                     | (uint32_t) (m->bsb & 1) << 8 | m->ttl);
    return 0;
}

static struct pv *
mpls_describe(const struct ofm_hdr *h, struct pv_ctx *c)
{
    const struct ofm_mpls *m = &h->u.mpls;
    struct pv *o = ofmpkt_pv_obj(c, "mpls");
    PV_SET_INT(c, o, "bsb", m->bsb);
    PV_SET_INT(c, o, "exp", m->exp);
    PV_SET_INT(c, o, "label", m->label);
    PV_SET_INT(c, o, "ttl", m->ttl);
    return o;
}

static int
mpls_from_json(struct ofm_hdr *h, const char *cls, const json_t *f, struct jctx *j)
{
    struct ofm_mpls *m = &h->u.mpls;
    ofmpkt_j_u32(j, f, "label", 0xfffff, &m->label);
    ofmpkt_j_u8(j, f, "exp", 7, &m->exp);
    ofmpkt_j_u8(j, f, "bsb", 1, &m->bsb);
    return ofmpkt_j_u8(j, f, "ttl", 255, &m->ttl);
}

const struct pkt_ops ofmpkt_ops_mpls = {
    "mpls", mpls_parse, mpls_defaults, mpls_write, NULL, mpls_describe, mpls_from_json,
};

/* ---- LLC. ---- */

#define LLC_SAP_BPDU 0x42

static size_t
llc_control_size(uint8_t c0)
{
    return (c0 & 3) == 3 ? 1 : 2;
}

static int
llc_parse(struct ofm_hdr *h, const uint8_t *p, size_t n, const struct ofm_hdr *prev,
          struct pkt_parse *r)
{
    struct ofm_llc *l = &h->u.llc;
    if (n < 3) {
        return BAD;
    }
    size_t size = 2 + llc_control_size(p[2]);
    if (n < size) {
        return BAD;
    }
    l->dsap_addr = p[0];
    l->ssap_addr = p[1];
    l->control[0] = p[2];
    l->control[1] = size == 4 ? p[3] : 0;
    r->hdr_size = size;
    r->next = l->dsap_addr == LLC_SAP_BPDU ? OFM_PROTO_BPDU : OFM_PROTO_NONE;
    return 0;
}

static void
llc_defaults(struct ofm_hdr *h)
{
    h->u.llc.dsap_addr = LLC_SAP_BPDU;
    h->u.llc.ssap_addr = LLC_SAP_BPDU;
    h->u.llc.control[0] = 0x03;     /* UI. */
}

static int
llc_write(const struct ofm_hdr *h, const struct ofm_hdr *next, struct ofm_buf *out)
{
    const struct ofm_llc *l = &h->u.llc;
    ofm_buf_put_u8(out, l->dsap_addr);
    ofm_buf_put_u8(out, l->ssap_addr);
    ofm_buf_put(out, l->control, llc_control_size(l->control[0]));
    return 0;
}

static struct pv *
llc_describe(const struct ofm_hdr *h, struct pv_ctx *c)
{
    const struct ofm_llc *l = &h->u.llc;
    uint8_t c0 = l->control[0], c1 = l->control[1];
    struct pv *o = ofmpkt_pv_obj(c, "llc");
    struct pv *ctl;
    if (!(c0 & 1)) {
        ctl = ofmpkt_pv_obj(c, "ControlFormatI");
        PV_SET_INT(c, ctl, "pf_bit", c1 & 1);
        PV_SET_INT(c, ctl, "receive_sequence_number", c1 >> 1);
        PV_SET_INT(c, ctl, "send_sequence_number", c0 >> 1);
    } else if ((c0 & 3) == 1) {
        ctl = ofmpkt_pv_obj(c, "ControlFormatS");
        PV_SET_INT(c, ctl, "pf_bit", c1 & 1);
        PV_SET_INT(c, ctl, "receive_sequence_number", c1 >> 1);
        PV_SET_INT(c, ctl, "supervisory_function", (c0 >> 2) & 3);
    } else {
        ctl = ofmpkt_pv_obj(c, "ControlFormatU");
        PV_SET_INT(c, ctl, "modifier_function1", (c0 >> 2) & 3);
        PV_SET_INT(c, ctl, "modifier_function2", c0 >> 5);
        PV_SET_INT(c, ctl, "pf_bit", (c0 >> 4) & 1);
    }
    ofmpkt_pv_add(o, "control", ctl);
    PV_SET_INT(c, o, "dsap_addr", l->dsap_addr);
    PV_SET_INT(c, o, "ssap_addr", l->ssap_addr);
    return o;
}

static int
llc_from_json(struct ofm_hdr *h, const char *cls, const json_t *f, struct jctx *j)
{
    struct ofm_llc *l = &h->u.llc;
    ofmpkt_j_u8(j, f, "dsap_addr", 255, &l->dsap_addr);
    ofmpkt_j_u8(j, f, "ssap_addr", 255, &l->ssap_addr);

    const json_t *cf = json_object_get(f, "control");
    if (!cf) {
        return j->error;
    }
    const json_t *fields;
    const char *name = ofmpkt_j_class(cf, &fields);
    uint8_t pf = 0, a = 0, b = 0;
    if (!name) {
        return ofmpkt_jerr(j, "'control' must be {\"ControlFormatX\": {...}}");
    }
    ofmpkt_j_u8(j, fields, "pf_bit", 1, &pf);
    if (!strcmp(name, "ControlFormatI")) {
        ofmpkt_j_u8(j, fields, "send_sequence_number", 127, &a);
        ofmpkt_j_u8(j, fields, "receive_sequence_number", 127, &b);
        l->control[0] = (uint8_t) (a << 1);
        l->control[1] = (uint8_t) (b << 1 | pf);
    } else if (!strcmp(name, "ControlFormatS")) {
        ofmpkt_j_u8(j, fields, "supervisory_function", 3, &a);
        ofmpkt_j_u8(j, fields, "receive_sequence_number", 127, &b);
        l->control[0] = (uint8_t) (a << 2 | 1);
        l->control[1] = (uint8_t) (b << 1 | pf);
    } else if (!strcmp(name, "ControlFormatU")) {
        ofmpkt_j_u8(j, fields, "modifier_function1", 3, &a);
        ofmpkt_j_u8(j, fields, "modifier_function2", 7, &b);
        l->control[0] = (uint8_t) (b << 5 | pf << 4 | a << 2 | 3);
        l->control[1] = 0;
    } else {
        return ofmpkt_jerr(j, "unknown control format %s", name);
    }
    return j->error;
}

const struct pkt_ops ofmpkt_ops_llc = {
    "llc", llc_parse, llc_defaults, llc_write, NULL, llc_describe, llc_from_json,
};

/* ---- Spanning tree BPDUs. ---- */

#define BPDU_CONFIG_SIZE 35     /* Header (4) and configuration (31). */

static int
bpdu_parse(struct ofm_hdr *h, const uint8_t *p, size_t n, const struct ofm_hdr *prev,
           struct pkt_parse *r)
{
    struct ofm_bpdu *b = &h->u.bpdu;
    if (n < 4 || ofm_get16(p) != 0) {
        return BAD;
    }
    uint8_t version = p[2], type = p[3];
    if (version == 0 && type == 0x80) {
        b->kind = OFM_BPDU_TCN;
        r->hdr_size = 4;
        return 0;
    } else if (version == 0 && type == 0) {
        b->kind = OFM_BPDU_CONFIG;
        r->hdr_size = BPDU_CONFIG_SIZE;
    } else if (version == 2 && type == 2) {
        b->kind = OFM_BPDU_RST;
        r->hdr_size = BPDU_CONFIG_SIZE + 1;
    } else {
        return PKT_STOP;        /* MSTP and others: left as payload. */
    }
    if (n < r->hdr_size) {
        return BAD;
    }
    b->flags = p[4];
    uint16_t root = ofm_get16(p + 5);
    b->root_priority = root & 0xf000;
    b->root_system_id_extension = root & 0xfff;
    memcpy(b->root_mac_address, p + 7, 6);
    b->root_path_cost = ofm_get32(p + 13);
    uint16_t bridge = ofm_get16(p + 17);
    b->bridge_priority = bridge & 0xf000;
    b->bridge_system_id_extension = bridge & 0xfff;
    memcpy(b->bridge_mac_address, p + 19, 6);
    uint16_t port = ofm_get16(p + 25);
    b->port_priority = (port >> 8) & 0xf0;
    b->port_number = port & 0xfff;
    b->message_age = ofm_get16(p + 27);
    b->max_age = ofm_get16(p + 29);
    b->hello_time = ofm_get16(p + 31);
    b->forward_delay = ofm_get16(p + 33);
    if (b->kind == OFM_BPDU_RST) {
        b->version_1_length = p[35];
    }
    return 0;
}

static void
bpdu_defaults(struct ofm_hdr *h)
{
    struct ofm_bpdu *b = &h->u.bpdu;
    b->root_priority = 32768;
    b->bridge_priority = 32768;
    b->port_priority = 128;
    b->max_age = 20 * 256;
    b->hello_time = 2 * 256;
    b->forward_delay = 15 * 256;
}

static int
bpdu_write(const struct ofm_hdr *h, const struct ofm_hdr *next, struct ofm_buf *out)
{
    const struct ofm_bpdu *b = &h->u.bpdu;
    ofm_buf_put_be16(out, 0);
    switch (b->kind) {
    case OFM_BPDU_TCN:
        ofm_buf_put_u8(out, 0);
        ofm_buf_put_u8(out, 0x80);
        return 0;
    case OFM_BPDU_CONFIG:
        ofm_buf_put_u8(out, 0);
        ofm_buf_put_u8(out, 0);
        break;
    case OFM_BPDU_RST:
        ofm_buf_put_u8(out, 2);
        ofm_buf_put_u8(out, 2);
        break;
    default:
        return EINVAL;
    }
    ofm_buf_put_u8(out, b->flags);
    ofm_buf_put_be16(out, (uint16_t) ((b->root_priority & 0xf000)
                                      | (b->root_system_id_extension & 0xfff)));
    ofm_buf_put(out, b->root_mac_address, 6);
    ofm_buf_put_be32(out, b->root_path_cost);
    ofm_buf_put_be16(out, (uint16_t) ((b->bridge_priority & 0xf000)
                                      | (b->bridge_system_id_extension & 0xfff)));
    ofm_buf_put(out, b->bridge_mac_address, 6);
    ofm_buf_put_be16(out, (uint16_t) ((b->port_priority & 0xf0) << 8 | (b->port_number & 0xfff)));
    ofm_buf_put_be16(out, b->message_age);
    ofm_buf_put_be16(out, b->max_age);
    ofm_buf_put_be16(out, b->hello_time);
    ofm_buf_put_be16(out, b->forward_delay);
    if (b->kind == OFM_BPDU_RST) {
        ofm_buf_put_u8(out, b->version_1_length);
    }
    return 0;
}

static struct pv *
bpdu_describe(const struct ofm_hdr *h, struct pv_ctx *c)
{
    const struct ofm_bpdu *b = &h->u.bpdu;
    if (b->kind == OFM_BPDU_TCN) {
        return ofmpkt_pv_obj(c, "TopologyChangeNotificationBPDUs");
    }
    struct pv *o = ofmpkt_pv_obj(c, b->kind == OFM_BPDU_RST ? "RstBPDUs" : "ConfigurationBPDUs");
    PV_SET_MAC(c, o, "bridge_mac_address", b->bridge_mac_address);
    PV_SET_INT(c, o, "bridge_priority", b->bridge_priority);
    PV_SET_INT(c, o, "bridge_system_id_extension", b->bridge_system_id_extension);
    PV_SET_INT(c, o, "flags", b->flags);
    ofmpkt_pv_add(o, "forward_delay", ofmpkt_pv_float(c, b->forward_delay / 256.0));
    ofmpkt_pv_add(o, "hello_time", ofmpkt_pv_float(c, b->hello_time / 256.0));
    ofmpkt_pv_add(o, "max_age", ofmpkt_pv_float(c, b->max_age / 256.0));
    ofmpkt_pv_add(o, "message_age", ofmpkt_pv_float(c, b->message_age / 256.0));
    PV_SET_INT(c, o, "port_number", b->port_number);
    PV_SET_INT(c, o, "port_priority", b->port_priority);
    PV_SET_MAC(c, o, "root_mac_address", b->root_mac_address);
    PV_SET_INT(c, o, "root_path_cost", b->root_path_cost);
    PV_SET_INT(c, o, "root_priority", b->root_priority);
    PV_SET_INT(c, o, "root_system_id_extension", b->root_system_id_extension);
    return o;
}

static int
bpdu_timer(struct jctx *j, const json_t *f, const char *key, uint16_t *out)
{
    double d = *out / 256.0;
    int error = ofmpkt_j_float(j, f, key, &d);
    if (error) {
        return error;
    }
    d = round(d * 256);
    if (!(d >= 0 && d <= 65535)) {
        return ofmpkt_jerr(j, "'%s' out of range", key);
    }
    *out = (uint16_t) d;
    return 0;
}

static int
bpdu_from_json(struct ofm_hdr *h, const char *cls, const json_t *f, struct jctx *j)
{
    struct ofm_bpdu *b = &h->u.bpdu;
    b->kind = (!strcmp(cls, "RstBPDUs") ? OFM_BPDU_RST
               : !strcmp(cls, "ConfigurationBPDUs") ? OFM_BPDU_CONFIG
               : OFM_BPDU_TCN);
    ofmpkt_j_u8(j, f, "flags", 255, &b->flags);
    ofmpkt_j_u16(j, f, "root_priority", 0xf000, &b->root_priority);
    ofmpkt_j_u16(j, f, "root_system_id_extension", 0xfff, &b->root_system_id_extension);
    ofmpkt_j_mac(j, f, "root_mac_address", b->root_mac_address);
    ofmpkt_j_u32(j, f, "root_path_cost", UINT32_MAX, &b->root_path_cost);
    ofmpkt_j_u16(j, f, "bridge_priority", 0xf000, &b->bridge_priority);
    ofmpkt_j_u16(j, f, "bridge_system_id_extension", 0xfff, &b->bridge_system_id_extension);
    ofmpkt_j_mac(j, f, "bridge_mac_address", b->bridge_mac_address);
    ofmpkt_j_u8(j, f, "port_priority", 0xf0, &b->port_priority);
    ofmpkt_j_u16(j, f, "port_number", 0xfff, &b->port_number);
    bpdu_timer(j, f, "message_age", &b->message_age);
    bpdu_timer(j, f, "max_age", &b->max_age);
    bpdu_timer(j, f, "hello_time", &b->hello_time);
    bpdu_timer(j, f, "forward_delay", &b->forward_delay);
    if (!j->error && (b->root_priority % 4096 || b->bridge_priority % 4096)) {
        return ofmpkt_jerr(j, "bridge priorities must be multiples of 4096");
    }
    if (!j->error && b->port_priority % 16) {
        return ofmpkt_jerr(j, "port_priority must be a multiple of 16");
    }
    return j->error;
}

const struct pkt_ops ofmpkt_ops_bpdu = {
    "bpdu", bpdu_parse, bpdu_defaults, bpdu_write, NULL, bpdu_describe, bpdu_from_json,
};

/* ---- Slow protocols: LACP and marker. ---- */

static bool
tlv_is(const uint8_t *p, uint8_t type, uint8_t len)
{
    return p[0] == type && p[1] == len;
}

static void
lacp_info_parse(const uint8_t *p, struct ofm_lacp_info *i)
{
    i->system_priority = ofm_get16(p + 2);
    memcpy(i->system, p + 4, 6);
    i->key = ofm_get16(p + 10);
    i->port_priority = ofm_get16(p + 12);
    i->port = ofm_get16(p + 14);
    i->state = p[16];
}

static int
lacp_parse(struct ofm_hdr *h, const uint8_t *p, size_t n, const struct ofm_hdr *prev,
           struct pkt_parse *r)
{
    struct ofm_lacp *l = &h->u.lacp;
    /* Subtype, version, actor (20), partner (20), collector (16),
     * terminator (2) and 50 reserved bytes. */
    if (n < OFM_LACP_SIZE || p[0] != 1
        || !tlv_is(p + 2, 1, 20) || !tlv_is(p + 22, 2, 20)
        || !tlv_is(p + 42, 3, 16) || !tlv_is(p + 58, 0, 0)) {
        return BAD;
    }
    l->version = p[1];
    lacp_info_parse(p + 2, &l->actor);
    lacp_info_parse(p + 22, &l->partner);
    l->collector_max_delay = ofm_get16(p + 44);
    r->hdr_size = OFM_LACP_SIZE;
    return 0;
}

static void
lacp_defaults(struct ofm_hdr *h)
{
    h->u.lacp.version = 1;
}

static void
lacp_info_write(struct ofm_buf *out, uint8_t type, const struct ofm_lacp_info *i)
{
    ofm_buf_put_u8(out, type);
    ofm_buf_put_u8(out, 20);
    ofm_buf_put_be16(out, i->system_priority);
    ofm_buf_put(out, i->system, 6);
    ofm_buf_put_be16(out, i->key);
    ofm_buf_put_be16(out, i->port_priority);
    ofm_buf_put_be16(out, i->port);
    ofm_buf_put_u8(out, i->state);
    ofm_buf_put_zeros(out, 3);
}

static int
lacp_write(const struct ofm_hdr *h, const struct ofm_hdr *next, struct ofm_buf *out)
{
    const struct ofm_lacp *l = &h->u.lacp;
    ofm_buf_put_u8(out, 1);
    ofm_buf_put_u8(out, l->version);
    lacp_info_write(out, 1, &l->actor);
    lacp_info_write(out, 2, &l->partner);
    ofm_buf_put_u8(out, 3);
    ofm_buf_put_u8(out, 16);
    ofm_buf_put_be16(out, l->collector_max_delay);
    ofm_buf_put_zeros(out, 12 + 2 + 50);
    return 0;
}

static const char *const lacp_state_names[8] = {
    "activity", "timeout", "aggregation", "synchronization",
    "collecting", "distributing", "defaulted", "expired",
};

/* An attribute name "<who>_<what>" kept in 'c'. */
static const char *
lacp_key(struct pv_ctx *c, const char *who, const char *what)
{
    size_t n1 = strlen(who), n2 = strlen(what);
    char *key = ofmpkt_pv_alloc(c, n1 + n2 + 2);
    memcpy(key, who, n1);
    key[n1] = '_';
    memcpy(key + n1 + 1, what, n2 + 1);
    return key;
}

static void
lacp_info_describe(struct pv_ctx *c, struct pv *o, const char *who,
                   const struct ofm_lacp_info *i)
{
    char what[32];
    PV_SET_INT(c, o, lacp_key(c, who, "key"), i->key);
    PV_SET_INT(c, o, lacp_key(c, who, "port"), i->port);
    PV_SET_INT(c, o, lacp_key(c, who, "port_priority"), i->port_priority);
    PV_SET_MAC(c, o, lacp_key(c, who, "system"), i->system);
    PV_SET_INT(c, o, lacp_key(c, who, "system_priority"), i->system_priority);
    for (int bit = 0; bit < 8; bit++) {
        snprintf(what, sizeof what, "state_%s", lacp_state_names[bit]);
        PV_SET_INT(c, o, lacp_key(c, who, what), (i->state >> bit) & 1);
    }
}

static struct pv *
lacp_describe(const struct ofm_hdr *h, struct pv_ctx *c)
{
    const struct ofm_lacp *l = &h->u.lacp;
    struct pv *o = ofmpkt_pv_obj(c, "lacp");
    lacp_info_describe(c, o, "actor", &l->actor);
    lacp_info_describe(c, o, "partner", &l->partner);
    PV_SET_INT(c, o, "collector_max_delay", l->collector_max_delay);
    PV_SET_INT(c, o, "version", l->version);
    return o;
}

static void
lacp_info_from_json(struct jctx *j, const json_t *f, const char *who,
                    struct ofm_lacp_info *i)
{
    char name[64];
    snprintf(name, sizeof name, "%s_system_priority", who);
    ofmpkt_j_u16(j, f, name, 0xffff, &i->system_priority);
    snprintf(name, sizeof name, "%s_system", who);
    ofmpkt_j_mac(j, f, name, i->system);
    snprintf(name, sizeof name, "%s_key", who);
    ofmpkt_j_u16(j, f, name, 0xffff, &i->key);
    snprintf(name, sizeof name, "%s_port_priority", who);
    ofmpkt_j_u16(j, f, name, 0xffff, &i->port_priority);
    snprintf(name, sizeof name, "%s_port", who);
    ofmpkt_j_u16(j, f, name, 0xffff, &i->port);
    for (int bit = 0; bit < 8; bit++) {
        uint8_t v = (i->state >> bit) & 1;
        snprintf(name, sizeof name, "%s_state_%s", who, lacp_state_names[bit]);
        ofmpkt_j_u8(j, f, name, 1, &v);
        i->state = (uint8_t) ((i->state & ~(1u << bit)) | (unsigned) v << bit);
    }
}

static int
lacp_from_json(struct ofm_hdr *h, const char *cls, const json_t *f, struct jctx *j)
{
    struct ofm_lacp *l = &h->u.lacp;
    ofmpkt_j_u8(j, f, "version", 255, &l->version);
    lacp_info_from_json(j, f, "actor", &l->actor);
    lacp_info_from_json(j, f, "partner", &l->partner);
    ofmpkt_j_u16(j, f, "collector_max_delay", 0xffff, &l->collector_max_delay);
    return j->error;
}

const struct pkt_ops ofmpkt_ops_lacp = {
    "lacp", lacp_parse, lacp_defaults, lacp_write, NULL, lacp_describe, lacp_from_json,
};

static int
marker_parse(struct ofm_hdr *h, const uint8_t *p, size_t n, const struct ofm_hdr *prev,
             struct pkt_parse *r)
{
    struct ofm_marker *m = &h->u.marker;
    /* Subtype, version, information/response TLV (16), terminator (2),
     * 90 reserved bytes. */
    if (n < 110 || p[0] != 2 || (p[2] != 1 && p[2] != 2) || p[3] != 16
        || !tlv_is(p + 18, 0, 0)) {
        return BAD;
    }
    m->version = p[1];
    m->tlv_type = p[2];
    m->requester_port = ofm_get16(p + 4);
    memcpy(m->requester_system, p + 6, 6);
    m->requester_transaction_id = ofm_get32(p + 12);
    r->hdr_size = 110;
    return 0;
}

static void
marker_defaults(struct ofm_hdr *h)
{
    h->u.marker.version = 1;
    h->u.marker.tlv_type = 1;
}

static int
marker_write(const struct ofm_hdr *h, const struct ofm_hdr *next, struct ofm_buf *out)
{
    const struct ofm_marker *m = &h->u.marker;
    ofm_buf_put_u8(out, 2);
    ofm_buf_put_u8(out, m->version);
    ofm_buf_put_u8(out, m->tlv_type);
    ofm_buf_put_u8(out, 16);
    ofm_buf_put_be16(out, m->requester_port);
    ofm_buf_put(out, m->requester_system, 6);
    ofm_buf_put_be32(out, m->requester_transaction_id);
    ofm_buf_put_zeros(out, 2 + 2 + 90);
    return 0;
}

static struct pv *
marker_describe(const struct ofm_hdr *h, struct pv_ctx *c)
{
    const struct ofm_marker *m = &h->u.marker;
    struct pv *o = ofmpkt_pv_obj(c, "marker");
    PV_SET_INT(c, o, "requester_port", m->requester_port);
    PV_SET_MAC(c, o, "requester_system", m->requester_system);
    PV_SET_INT(c, o, "requester_transaction_id", m->requester_transaction_id);
    PV_SET_INT(c, o, "tlv_type", m->tlv_type);
    PV_SET_INT(c, o, "version", m->version);
    return o;
}

static int
marker_from_json(struct ofm_hdr *h, const char *cls, const json_t *f, struct jctx *j)
{
    struct ofm_marker *m = &h->u.marker;
    ofmpkt_j_u8(j, f, "version", 255, &m->version);
    ofmpkt_j_u8(j, f, "tlv_type", 255, &m->tlv_type);
    ofmpkt_j_u16(j, f, "requester_port", 0xffff, &m->requester_port);
    ofmpkt_j_mac(j, f, "requester_system", m->requester_system);
    return ofmpkt_j_u32(j, f, "requester_transaction_id", UINT32_MAX,
                        &m->requester_transaction_id);
}

const struct pkt_ops ofmpkt_ops_marker = {
    "marker", marker_parse, marker_defaults, marker_write, NULL, marker_describe,
    marker_from_json,
};

/* ---- LLDP. ---- */

bool
ofm_lldp_next(struct ofm_rd *rd, uint8_t *type, struct ofm_bytes *value)
{
    if (rd->error || !rd->left) {
        return false;
    }
    uint16_t typelen = ofm_rd_be16(rd);
    size_t len = typelen & 0x1ff;
    const uint8_t *v = ofm_rd_pull(rd, len);
    if (rd->error) {
        return false;
    }
    *type = (uint8_t) (typelen >> 9);
    value->data = v;
    value->size = len;
    return true;
}

bool
ofm_lldp_find(const struct ofm_lldp *lldp, uint8_t type, struct ofm_bytes *value)
{
    struct ofm_rd rd = ofm_rd_init(lldp->tlvs.data, lldp->tlvs.size);
    uint8_t t;
    struct ofm_bytes v;
    while (ofm_lldp_next(&rd, &t, &v)) {
        if (t == type) {
            *value = v;
            return true;
        }
        if (t == OFM_LLDP_TLV_END) {
            break;
        }
    }
    return false;
}

void
ofm_lldp_put_tlv(struct ofm_buf *b, uint8_t type, const void *value, size_t size)
{
    ofm_buf_put_be16(b, (uint16_t) ((type & 0x7f) << 9 | (size & 0x1ff)));
    if (size) {
        ofm_buf_put(b, value, size);
    }
}

void
ofm_lldp_put_tlv_sub(struct ofm_buf *b, uint8_t type, uint8_t subtype,
                     const void *value, size_t size)
{
    ofm_buf_put_be16(b, (uint16_t) ((type & 0x7f) << 9 | ((size + 1) & 0x1ff)));
    ofm_buf_put_u8(b, subtype);
    if (size) {
        ofm_buf_put(b, value, size);
    }
}

/* Management address TLV layout checks: address string length (which
 * counts the subtype byte), subtype, address, interface numbering subtype
 * and number, OID length, OID. */
static bool
lldp_mgmt_ok(const struct ofm_bytes *v)
{
    if (v->size < 1) {
        return false;
    }
    size_t addr_len = v->data[0];
    return addr_len >= 1 && 1 + addr_len + 6 <= v->size
           && v->data[1 + addr_len + 5] <= 128;
}

/* Minimum value size for each known TLV type, or -1 if unknown. */
static int
lldp_min_size(uint8_t type)
{
    switch (type) {
    case OFM_LLDP_TLV_END: return 0;
    case OFM_LLDP_TLV_CHASSIS_ID: return 1;
    case OFM_LLDP_TLV_PORT_ID: return 1;
    case OFM_LLDP_TLV_TTL: return 2;
    case OFM_LLDP_TLV_PORT_DESCRIPTION:
    case OFM_LLDP_TLV_SYSTEM_NAME:
    case OFM_LLDP_TLV_SYSTEM_DESCRIPTION: return 0;
    case OFM_LLDP_TLV_SYSTEM_CAPABILITIES: return 4;
    case OFM_LLDP_TLV_MANAGEMENT_ADDRESS: return 1;
    case OFM_LLDP_TLV_ORG_SPECIFIC: return 4;
    default: return -1;
    }
}

static bool
lldp_tlv_ok(uint8_t type, const struct ofm_bytes *v)
{
    int min = lldp_min_size(type);
    if (min < 0) {
        return true;            /* Kept as a basic TLV. */
    }
    if (v->size < (size_t) min) {
        return false;
    }
    return type != OFM_LLDP_TLV_MANAGEMENT_ADDRESS || lldp_mgmt_ok(v);
}

static int
lldp_parse(struct ofm_hdr *h, const uint8_t *p, size_t n, const struct ofm_hdr *prev,
           struct pkt_parse *r)
{
    static const uint8_t first[3] = {
        OFM_LLDP_TLV_CHASSIS_ID, OFM_LLDP_TLV_PORT_ID, OFM_LLDP_TLV_TTL,
    };
    struct ofm_rd rd = ofm_rd_init(p, n);
    size_t count = 0;
    uint8_t type = 0xff;
    struct ofm_bytes v;

    while (ofm_lldp_next(&rd, &type, &v)) {
        if ((count < 3 && type != first[count]) || !lldp_tlv_ok(type, &v)) {
            return BAD;
        }
        count++;
        if (type == OFM_LLDP_TLV_END) {
            break;
        }
    }
    if (type != OFM_LLDP_TLV_END || count < 4) {
        return BAD;
    }
    h->u.lldp.tlvs.data = p;
    h->u.lldp.tlvs.size = n - rd.left;
    r->hdr_size = n - rd.left;
    return 0;
}

static int
lldp_write(const struct ofm_hdr *h, const struct ofm_hdr *next, struct ofm_buf *out)
{
    const struct ofm_lldp *l = &h->u.lldp;
    if (l->tlvs.size) {
        ofm_buf_put(out, l->tlvs.data, l->tlvs.size);
    }
    return 0;
}

static const char *const lldp_class_names[9] = {
    "End", "ChassisID", "PortID", "TTL", "PortDescription", "SystemName",
    "SystemDescription", "SystemCapabilities", "ManagementAddress",
};

static struct pv *
lldp_tlv_describe(struct pv_ctx *c, uint8_t type, const struct ofm_bytes *v)
{
    const uint8_t *d = v->data;
    const char *cls = (type < PKT_ARRAY_SIZE(lldp_class_names) ? lldp_class_names[type]
                       : type == OFM_LLDP_TLV_ORG_SPECIFIC ? "OrganizationallySpecific"
                       : "LLDPBasicTLV");
    if (!lldp_tlv_ok(type, v) || lldp_min_size(type) < 0) {
        cls = "LLDPBasicTLV";
    }
    struct pv *o = ofmpkt_pv_obj(c, cls);
    PV_SET_INT(c, o, "len", (int64_t) v->size);
    PV_SET_BYTES(c, o, "tlv_info", d, v->size);
    PV_SET_INT(c, o, "typelen", (int64_t) ((unsigned) type << 9 | v->size));
    if (!strcmp(cls, "LLDPBasicTLV")) {
        return o;
    }
    switch (type) {
    case OFM_LLDP_TLV_CHASSIS_ID:
        PV_SET_BYTES(c, o, "chassis_id", d + 1, v->size - 1);
        PV_SET_INT(c, o, "subtype", d[0]);
        break;
    case OFM_LLDP_TLV_PORT_ID:
        PV_SET_BYTES(c, o, "port_id", d + 1, v->size - 1);
        PV_SET_INT(c, o, "subtype", d[0]);
        break;
    case OFM_LLDP_TLV_TTL:
        PV_SET_INT(c, o, "ttl", ofm_get16(d));
        break;
    case OFM_LLDP_TLV_SYSTEM_CAPABILITIES:
        PV_SET_INT(c, o, "system_cap", ofm_get16(d));
        PV_SET_INT(c, o, "enabled_cap", ofm_get16(d + 2));
        break;
    case OFM_LLDP_TLV_MANAGEMENT_ADDRESS: {
        size_t alen = d[0];
        size_t off = 1 + alen;
        PV_SET_INT(c, o, "addr_len", (int64_t) alen);
        PV_SET_INT(c, o, "addr_subtype", d[1]);
        PV_SET_BYTES(c, o, "addr", d + 2, alen - 1);
        PV_SET_INT(c, o, "intf_subtype", d[off]);
        PV_SET_INT(c, o, "intf_num", ofm_get32(d + off + 1));
        PV_SET_INT(c, o, "oid_len", d[off + 5]);
        PV_SET_BYTES(c, o, "oid", d + off + 6, v->size - off - 6);
        break;
    }
    case OFM_LLDP_TLV_ORG_SPECIFIC:
        PV_SET_BYTES(c, o, "oui", d, 3);
        PV_SET_INT(c, o, "subtype", d[3]);
        PV_SET_BYTES(c, o, "info", d + 4, v->size - 4);
        break;
    default:
        break;
    }
    return o;
}

static struct pv *
lldp_describe(const struct ofm_hdr *h, struct pv_ctx *c)
{
    const struct ofm_lldp *l = &h->u.lldp;
    struct pv *o = ofmpkt_pv_obj(c, "lldp");
    struct pv *list = ofmpkt_pv_add(o, "tlvs", ofmpkt_pv_list(c));
    struct ofm_rd rd = ofm_rd_init(l->tlvs.data, l->tlvs.size);
    uint8_t type;
    struct ofm_bytes v;
    while (ofm_lldp_next(&rd, &type, &v)) {
        ofmpkt_pv_add(list, NULL, lldp_tlv_describe(c, type, &v));
    }
    return o;
}

/* Reads bytes field 'key' (base64) into 'b'; returns true if present. */
static bool
j_bytes_into(struct jctx *j, const json_t *f, const char *key, struct ofm_buf *b)
{
    const json_t *v = json_object_get(f, key);
    if (!v) {
        return false;
    }
    ofmpkt_jv_bytes_put(j, v, key, b);
    return true;
}

static int
lldp_tlv_from_json(struct jctx *j, const json_t *item, struct ofm_buf *out)
{
    const json_t *f;
    const char *cls = ofmpkt_j_class(item, &f);
    struct ofm_buf v;
    uint8_t type = 0xff;
    uint8_t sub = 0;
    uint16_t u16a = 0, u16b = 0;

    if (!cls) {
        return ofmpkt_jerr(j, "each TLV must be {\"Class\": {...}}");
    }
    for (size_t t = 0; t < PKT_ARRAY_SIZE(lldp_class_names); t++) {
        if (!strcmp(cls, lldp_class_names[t])) {
            type = (uint8_t) t;
        }
    }
    if (!strcmp(cls, "OrganizationallySpecific")) {
        type = OFM_LLDP_TLV_ORG_SPECIFIC;
    } else if (!strcmp(cls, "LLDPBasicTLV")) {
        ofmpkt_j_u16(j, f, "typelen", 0xffff, &u16a);
        type = (uint8_t) (u16a >> 9);
    } else if (type == 0xff) {
        return ofmpkt_jerr(j, "unknown LLDP TLV class %s", cls);
    }

    ofm_buf_init(&v);
    switch (strcmp(cls, "LLDPBasicTLV") ? type : 0xff) {
    case OFM_LLDP_TLV_END:
        break;
    case OFM_LLDP_TLV_CHASSIS_ID:
    case OFM_LLDP_TLV_PORT_ID:
        ofmpkt_j_u8(j, f, "subtype", 255, &sub);
        ofm_buf_put_u8(&v, sub);
        if (!j_bytes_into(j, f, type == OFM_LLDP_TLV_CHASSIS_ID ? "chassis_id" : "port_id", &v)) {
            ofm_buf_clear(&v);
            j_bytes_into(j, f, "tlv_info", &v);
        }
        break;
    case OFM_LLDP_TLV_TTL:
        ofmpkt_j_u16(j, f, "ttl", 0xffff, &u16a);
        ofm_buf_put_be16(&v, u16a);
        break;
    case OFM_LLDP_TLV_PORT_DESCRIPTION:
    case OFM_LLDP_TLV_SYSTEM_NAME:
    case OFM_LLDP_TLV_SYSTEM_DESCRIPTION: {
        const char *key = (type == OFM_LLDP_TLV_PORT_DESCRIPTION ? "port_description"
                           : type == OFM_LLDP_TLV_SYSTEM_NAME ? "system_name"
                           : "system_description");
        if (!j_bytes_into(j, f, key, &v)) {
            j_bytes_into(j, f, "tlv_info", &v);
        }
        break;
    }
    case OFM_LLDP_TLV_SYSTEM_CAPABILITIES:
        ofmpkt_j_u16(j, f, "system_cap", 0xffff, &u16a);
        ofmpkt_j_u16(j, f, "enabled_cap", 0xffff, &u16b);
        ofm_buf_put_be16(&v, u16a);
        ofm_buf_put_be16(&v, u16b);
        break;
    case OFM_LLDP_TLV_MANAGEMENT_ADDRESS: {
        struct ofm_buf addr, oid;
        uint8_t addr_subtype = 0, intf_subtype = 0;
        uint32_t intf_num = 0;
        ofm_buf_init(&addr);
        ofm_buf_init(&oid);
        ofmpkt_j_u8(j, f, "addr_subtype", 255, &addr_subtype);
        ofmpkt_j_u8(j, f, "intf_subtype", 255, &intf_subtype);
        ofmpkt_j_u32(j, f, "intf_num", UINT32_MAX, &intf_num);
        j_bytes_into(j, f, "addr", &addr);
        j_bytes_into(j, f, "oid", &oid);
        if (addr.size > 254 || oid.size > 255) {
            ofmpkt_jerr(j, "management address or OID too long");
        }
        ofm_buf_put_u8(&v, (uint8_t) (addr.size + 1));
        ofm_buf_put_u8(&v, addr_subtype);
        if (addr.size) {
            ofm_buf_put(&v, addr.data, addr.size);
        }
        ofm_buf_put_u8(&v, intf_subtype);
        ofm_buf_put_be32(&v, intf_num);
        ofm_buf_put_u8(&v, (uint8_t) oid.size);
        if (oid.size) {
            ofm_buf_put(&v, oid.data, oid.size);
        }
        ofm_buf_uninit(&addr);
        ofm_buf_uninit(&oid);
        break;
    }
    case OFM_LLDP_TLV_ORG_SPECIFIC: {
        struct ofm_buf oui;
        ofm_buf_init(&oui);
        j_bytes_into(j, f, "oui", &oui);
        if (oui.size != 3) {
            ofmpkt_jerr(j, "'oui' must be 3 bytes");
        } else {
            ofm_buf_put(&v, oui.data, 3);
        }
        ofm_buf_uninit(&oui);
        ofmpkt_j_u8(j, f, "subtype", 255, &sub);
        ofm_buf_put_u8(&v, sub);
        j_bytes_into(j, f, "info", &v);
        break;
    }
    default:
        j_bytes_into(j, f, "tlv_info", &v);
        break;
    }
    if (v.size > 511) {
        ofmpkt_jerr(j, "TLV %s longer than 511 bytes", cls);
    }
    if (!j->error) {
        ofm_lldp_put_tlv(out, type, v.data, v.size);
    }
    ofm_buf_uninit(&v);
    return j->error;
}

static int
lldp_from_json(struct ofm_hdr *h, const char *cls, const json_t *f, struct jctx *j)
{
    const json_t *tlvs = json_object_get(f, "tlvs");
    struct ofm_buf b;
    size_t i;
    const json_t *item;

    if (!json_is_array(tlvs)) {
        return ofmpkt_jerr(j, "'tlvs' must be a list");
    }
    ofm_buf_init(&b);
    json_array_foreach(tlvs, i, item) {
        if (lldp_tlv_from_json(j, item, &b)) {
            break;
        }
    }
    if (!j->error) {
        h->u.lldp.tlvs = ofmpkt_j_keep(j, &b);
    }
    ofm_buf_uninit(&b);
    return j->error;
}

const struct pkt_ops ofmpkt_ops_lldp = {
    "lldp", lldp_parse, NULL, lldp_write, NULL, lldp_describe, lldp_from_json,
};

/* ---- ARP. ---- */

static int
arp_parse(struct ofm_hdr *h, const uint8_t *p, size_t n, const struct ofm_hdr *prev,
          struct pkt_parse *r)
{
    struct ofm_arp *a = &h->u.arp;
    if (n < 28) {
        return BAD;
    }
    a->hwtype = ofm_get16(p);
    a->proto = ofm_get16(p + 2);
    a->hlen = p[4];
    a->plen = p[5];
    a->opcode = ofm_get16(p + 6);
    memcpy(a->sha, p + 8, 6);
    a->spa = ofm_get32(p + 14);
    memcpy(a->tha, p + 18, 6);
    a->tpa = ofm_get32(p + 24);
    r->hdr_size = 28;
    return 0;
}

static void
arp_defaults(struct ofm_hdr *h)
{
    struct ofm_arp *a = &h->u.arp;
    a->hwtype = 1;
    a->proto = OFM_ETH_TYPE_IP;
    a->hlen = 6;
    a->plen = 4;
    a->opcode = OFM_ARP_REQUEST;
    memset(a->sha, 0xff, 6);
    memset(a->tha, 0xff, 6);
}

static int
arp_write(const struct ofm_hdr *h, const struct ofm_hdr *next, struct ofm_buf *out)
{
    const struct ofm_arp *a = &h->u.arp;
    ofm_buf_put_be16(out, a->hwtype);
    ofm_buf_put_be16(out, a->proto);
    ofm_buf_put_u8(out, a->hlen);
    ofm_buf_put_u8(out, a->plen);
    ofm_buf_put_be16(out, a->opcode);
    ofm_buf_put(out, a->sha, 6);
    ofm_buf_put_be32(out, a->spa);
    ofm_buf_put(out, a->tha, 6);
    ofm_buf_put_be32(out, a->tpa);
    return 0;
}

static struct pv *
arp_describe(const struct ofm_hdr *h, struct pv_ctx *c)
{
    const struct ofm_arp *a = &h->u.arp;
    struct pv *o = ofmpkt_pv_obj(c, "arp");
    PV_SET_IP4(c, o, "dst_ip", a->tpa);
    PV_SET_MAC(c, o, "dst_mac", a->tha);
    PV_SET_INT(c, o, "hlen", a->hlen);
    PV_SET_INT(c, o, "hwtype", a->hwtype);
    PV_SET_INT(c, o, "opcode", a->opcode);
    PV_SET_INT(c, o, "plen", a->plen);
    PV_SET_INT(c, o, "proto", a->proto);
    PV_SET_IP4(c, o, "src_ip", a->spa);
    PV_SET_MAC(c, o, "src_mac", a->sha);
    return o;
}

static int
arp_from_json(struct ofm_hdr *h, const char *cls, const json_t *f, struct jctx *j)
{
    struct ofm_arp *a = &h->u.arp;
    ofmpkt_j_u16(j, f, "hwtype", 0xffff, &a->hwtype);
    ofmpkt_j_u16(j, f, "proto", 0xffff, &a->proto);
    ofmpkt_j_u8(j, f, "hlen", 255, &a->hlen);
    ofmpkt_j_u8(j, f, "plen", 255, &a->plen);
    ofmpkt_j_u16(j, f, "opcode", 0xffff, &a->opcode);
    ofmpkt_j_mac(j, f, "src_mac", a->sha);
    ofmpkt_j_ip4(j, f, "src_ip", &a->spa);
    ofmpkt_j_mac(j, f, "dst_mac", a->tha);
    return ofmpkt_j_ip4(j, f, "dst_ip", &a->tpa);
}

const struct pkt_ops ofmpkt_ops_arp = {
    "arp", arp_parse, arp_defaults, arp_write, NULL, arp_describe, arp_from_json,
};
