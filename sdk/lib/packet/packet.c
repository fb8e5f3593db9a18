/* packet.c: the packet as a whole: parse loop and dispatch, building,
 * serialization, lookup, text and JSON forms, checksums. */
#include <config.h>

#include "packet-private.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "ofm/err.h"

/* ---- Protocol table. ---- */

static const struct pkt_ops *const all_ops[OFM_PROTO_N] = {
#define OPS_ENTRY(ENUM, MEMBER, NAME) [OFM_PROTO_##ENUM] = &ofmpkt_ops_##MEMBER,
    OFM_PROTOS(OPS_ENTRY)
#undef OPS_ENTRY
};

const struct pkt_ops *
ofmpkt_ops(enum ofm_proto proto)
{
    return proto > OFM_PROTO_NONE && proto < OFM_PROTO_N ? all_ops[proto] : NULL;
}

const char *
ofm_proto_name(enum ofm_proto proto)
{
    if (proto == OFM_PROTO_NONE) {
        return "none";
    }
    const struct pkt_ops *ops = ofmpkt_ops(proto);
    return ops ? ops->name : "unknown";
}

enum ofm_proto
ofmpkt_proto_for_ethertype(uint16_t type)
{
    if (type <= OFM_ETH_TYPE_IEEE802_3) {
        return OFM_PROTO_LLC;
    }
    switch (type) {
    case OFM_ETH_TYPE_IP: return OFM_PROTO_IPV4;
    case OFM_ETH_TYPE_ARP: return OFM_PROTO_ARP;
    case OFM_ETH_TYPE_IPV6: return OFM_PROTO_IPV6;
    case OFM_ETH_TYPE_8021Q: return OFM_PROTO_VLAN;
    case OFM_ETH_TYPE_8021AD: return OFM_PROTO_SVLAN;
    case OFM_ETH_TYPE_8021AH: return OFM_PROTO_ITAG;
    case OFM_ETH_TYPE_MPLS: return OFM_PROTO_MPLS;
    case OFM_ETH_TYPE_LLDP: return OFM_PROTO_LLDP;
    case OFM_ETH_TYPE_SLOW: return OFM_PROTO_LACP;  /* Subtype decides. */
    default: return OFM_PROTO_NONE;
    }
}

enum ofm_proto
ofmpkt_proto_for_ipproto(uint8_t proto, bool ipv6)
{
    switch (proto) {
    case OFM_IPPROTO_ICMP: return ipv6 ? OFM_PROTO_NONE : OFM_PROTO_ICMP;
    case OFM_IPPROTO_IGMP: return ipv6 ? OFM_PROTO_NONE : OFM_PROTO_IGMP;
    case OFM_IPPROTO_ICMPV6: return ipv6 ? OFM_PROTO_ICMPV6 : OFM_PROTO_NONE;
    case OFM_IPPROTO_TCP: return OFM_PROTO_TCP;
    case OFM_IPPROTO_UDP: return OFM_PROTO_UDP;
    case OFM_IPPROTO_SCTP: return OFM_PROTO_SCTP;
    case OFM_IPPROTO_GRE: return OFM_PROTO_GRE;
    case OFM_IPPROTO_VRRP: return OFM_PROTO_VRRP;
    default: return OFM_PROTO_NONE;
    }
}

enum ofm_proto
ofmpkt_next_for_ethertype(uint16_t type, const uint8_t *p, size_t n)
{
    enum ofm_proto proto = ofmpkt_proto_for_ethertype(type);
    if (proto == OFM_PROTO_LACP) {
        if (n < 1) {
            return OFM_PROTO_NONE;
        }
        return p[0] == 1 ? OFM_PROTO_LACP : p[0] == 2 ? OFM_PROTO_MARKER : OFM_PROTO_NONE;
    }
    return proto;
}

uint16_t
ofmpkt_ethertype_of(const struct ofm_hdr *next)
{
    if (!next) {
        return 0;
    }
    switch (next->proto) {
    case OFM_PROTO_IPV4: return OFM_ETH_TYPE_IP;
    case OFM_PROTO_ARP: return OFM_ETH_TYPE_ARP;
    case OFM_PROTO_IPV6: return OFM_ETH_TYPE_IPV6;
    case OFM_PROTO_VLAN: return OFM_ETH_TYPE_8021Q;
    case OFM_PROTO_SVLAN: return OFM_ETH_TYPE_8021AD;
    case OFM_PROTO_ITAG: return OFM_ETH_TYPE_8021AH;
    case OFM_PROTO_MPLS: return OFM_ETH_TYPE_MPLS;
    case OFM_PROTO_LLDP: return OFM_ETH_TYPE_LLDP;
    case OFM_PROTO_LACP:
    case OFM_PROTO_MARKER: return OFM_ETH_TYPE_SLOW;
    case OFM_PROTO_ETHERNET: return OFM_ETH_TYPE_TEB;
    default: return 0;
    }
}

uint8_t
ofmpkt_ipproto_of(const struct ofm_hdr *next)
{
    if (!next) {
        return 0;
    }
    switch (next->proto) {
    case OFM_PROTO_ICMP: return OFM_IPPROTO_ICMP;
    case OFM_PROTO_IGMP: return OFM_IPPROTO_IGMP;
    case OFM_PROTO_ICMPV6: return OFM_IPPROTO_ICMPV6;
    case OFM_PROTO_TCP: return OFM_IPPROTO_TCP;
    case OFM_PROTO_UDP: return OFM_IPPROTO_UDP;
    case OFM_PROTO_SCTP: return OFM_IPPROTO_SCTP;
    case OFM_PROTO_GRE: return OFM_IPPROTO_GRE;
    case OFM_PROTO_VRRP: return OFM_IPPROTO_VRRP;
    default: return 0;
    }
}

/* ---- Storage owned by a packet. ---- */

struct ofm_packet_chunk {
    struct ofm_packet_chunk *next;
    max_align_t data[];
};

void
ofm_packet_init(struct ofm_packet *pkt)
{
    pkt->n_hdrs = 0;
    pkt->payload.data = NULL;
    pkt->payload.size = 0;
    pkt->pad = true;
    pkt->error = 0;
    pkt->error_proto = OFM_PROTO_NONE;
    pkt->chunks = NULL;
    pkt->stub_used = 0;
}

void
ofm_packet_uninit(struct ofm_packet *pkt)
{
    if (!pkt) {
        return;
    }
    struct ofm_packet_chunk *c = pkt->chunks;
    while (c) {
        struct ofm_packet_chunk *next = c->next;
        free(c);
        c = next;
    }
    ofm_packet_init(pkt);
}

void *
ofm_packet_alloc(struct ofm_packet *pkt, size_t size)
{
    size_t rounded = (size + 7) & ~(size_t) 7;
    if (rounded >= size && rounded <= sizeof pkt->stub - pkt->stub_used) {
        void *p = (uint8_t *) pkt->stub + pkt->stub_used;
        pkt->stub_used += rounded;
        return p;
    }
    struct ofm_packet_chunk *c = malloc(sizeof *c + (size ? size : 1));
    if (!c) {
        abort();
    }
    c->next = pkt->chunks;
    pkt->chunks = c;
    return c->data;
}

struct ofm_bytes
ofm_packet_copy(struct ofm_packet *pkt, const void *data, size_t size)
{
    struct ofm_bytes b = { NULL, 0 };
    if (size) {
        uint8_t *p = ofm_packet_alloc(pkt, size);
        memcpy(p, data, size);
        b.data = p;
        b.size = size;
    }
    return b;
}

/* ---- Parsing. ---- */

/* 'base + off' without pointer arithmetic on NULL (an empty frame). */
static const uint8_t *
at(const uint8_t *base, size_t off)
{
    return base ? base + off : NULL;
}

int
ofm_packet_parse(struct ofm_packet *pkt, const void *frame, size_t size)
{
    const uint8_t *base = frame;
    size_t pos = 0;             /* Where the next header starts. */
    size_t end = size;          /* End of the current extent. */
    enum ofm_proto proto = OFM_PROTO_ETHERNET;

    ofm_packet_init(pkt);
    pkt->pad = false;

    while (proto != OFM_PROTO_NONE) {
        const struct pkt_ops *ops = ofmpkt_ops(proto);
        if (pkt->n_hdrs >= OFM_PACKET_MAX_HDRS) {
            pkt->error = ENOSPC;
            pkt->error_proto = proto;
            break;
        }
        struct ofm_hdr *h = &pkt->hdrs[pkt->n_hdrs];
        const struct ofm_hdr *prev = pkt->n_hdrs ? h - 1 : NULL;
        struct pkt_parse r = { 0, end - pos, OFM_PROTO_NONE };

        memset(h, 0, sizeof *h);
        h->proto = proto;
        h->flags = OFM_HDR_VERBATIM;
        h->offset = (uint32_t) pos;
        int error = ops->parse(h, at(base, pos), end - pos, prev, &r);
        if (error == PKT_STOP) {
            break;
        } else if (error) {
            pkt->error = error;
            pkt->error_proto = proto;
            break;
        }
        /* Parsers keep within what they were given; check anyway. */
        if (r.hdr_size > r.extent || r.extent > end - pos) {
            pkt->error = OFM_ERR_BAD_PACKET;
            pkt->error_proto = proto;
            break;
        }
        h->trailer.data = at(base, pos + r.extent);
        h->trailer.size = end - pos - r.extent;
        end = pos + r.extent;
        pos += r.hdr_size;
        pkt->n_hdrs++;
        proto = r.next;
    }
    pkt->payload.data = at(base, pos);
    pkt->payload.size = end - pos;
    return pkt->n_hdrs ? 0 : OFM_ERR_BAD_PACKET;
}

int
ofm_eth_parse(const void *frame, size_t size, struct ofm_eth *eth)
{
    const uint8_t *p = frame;
    if (size < 14) {
        return OFM_ERR_BAD_PACKET;
    }
    memcpy(eth->dst, p, 6);
    memcpy(eth->src, p + 6, 6);
    eth->vlan_tci = 0;
    eth->n_vlans = 0;
    size_t off = 12;
    uint16_t type = ofm_get16(p + off);
    while ((type == OFM_ETH_TYPE_8021Q || type == OFM_ETH_TYPE_8021AD
            || type == 0x9100) && eth->n_vlans < 4 && size - off >= 6) {
        if (!eth->n_vlans) {
            eth->vlan_tci = ofm_get16(p + off + 2);
        }
        eth->n_vlans++;
        off += 4;
        type = ofm_get16(p + off);
    }
    eth->ethertype = type;
    eth->l3_offset = (uint16_t) (off + 2);
    return 0;
}

/* ---- Lookup. ---- */

const struct ofm_hdr *
ofm_packet_find_next(const struct ofm_packet *pkt, const struct ofm_hdr *after,
                     enum ofm_proto proto)
{
    size_t i = after ? (size_t) (after - pkt->hdrs) + 1 : 0;
    for (; i < pkt->n_hdrs; i++) {
        if (pkt->hdrs[i].proto == proto) {
            return &pkt->hdrs[i];
        }
    }
    return NULL;
}

const struct ofm_hdr *
ofm_packet_find_hdr(const struct ofm_packet *pkt, enum ofm_proto proto)
{
    return ofm_packet_find_next(pkt, NULL, proto);
}

const void *
ofm_packet_find(const struct ofm_packet *pkt, enum ofm_proto proto)
{
    const struct ofm_hdr *h = ofm_packet_find_hdr(pkt, proto);
    return h ? &h->u : NULL;
}

/* ---- Building. ---- */

void *
ofm_packet_push(struct ofm_packet *pkt, enum ofm_proto proto)
{
    const struct pkt_ops *ops = ofmpkt_ops(proto);
    if (!ops || pkt->n_hdrs >= OFM_PACKET_MAX_HDRS) {
        return NULL;
    }
    struct ofm_hdr *h = &pkt->hdrs[pkt->n_hdrs++];
    memset(h, 0, sizeof *h);
    h->proto = proto;
    if (ops->defaults) {
        ops->defaults(h);
    }
    return &h->u;
}

void
ofm_packet_set_auto(struct ofm_packet *pkt)
{
    for (size_t i = 0; i < pkt->n_hdrs; i++) {
        pkt->hdrs[i].flags &= (uint16_t) ~OFM_HDR_VERBATIM;
    }
}

/* ---- Checksums. ---- */

uint32_t
ofm_csum_add(uint32_t partial, const void *data, size_t size)
{
    const uint8_t *p = data;
    uint64_t sum = partial;
    size_t i;
    for (i = 0; i + 1 < size; i += 2) {
        sum += (uint32_t) p[i] << 8 | p[i + 1];
    }
    if (i < size) {
        sum += (uint32_t) p[i] << 8;
    }
    while (sum >> 32) {
        sum = (sum & 0xffffffff) + (sum >> 32);
    }
    /* Keep headroom for further additions: fold to 17 bits. */
    while (sum >> 17) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return (uint32_t) sum;
}

uint16_t
ofm_csum_finish(uint32_t sum)
{
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return (uint16_t) ~sum;
}

/* Bit by bit (reflected polynomial 0x82f63b78): SCTP is not a hot path,
 * and there is no table to initialize or share between threads. */
uint32_t
ofm_crc32c(const void *data, size_t size)
{
    const uint8_t *p = data;
    uint32_t crc = 0xffffffff;
    for (size_t i = 0; i < size; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++) {
            crc = (crc >> 1) ^ (0x82f63b78 & (0u - (crc & 1)));
        }
    }
    return ~crc;
}

bool
ofmpkt_pseudo_sum(const struct pkt_fix *fix, uint8_t proto, uint32_t len, uint32_t *sum)
{
    if (!fix->index) {
        return false;
    }
    size_t i = fix->index - 1;
    const struct ofm_hdr *h = &fix->pkt->hdrs[i];
    const uint8_t *ip = fix->out->data + fix->offs[i];
    uint8_t tail[8] = { 0 };
    if (h->proto == OFM_PROTO_IPV4) {
        tail[1] = proto;
        ofm_put16(tail + 2, (uint16_t) len);
        *sum = ofm_csum_add(ofm_csum_add(0, ip + 12, 8), tail, 4);
        return true;
    } else if (h->proto == OFM_PROTO_IPV6) {
        ofm_put32(tail, len);
        tail[7] = proto;
        *sum = ofm_csum_add(ofm_csum_add(0, ip + 8, 32), tail, 8);
        return true;
    }
    return false;
}

void
ofmpkt_csum_store(struct ofm_buf *out, size_t off, size_t size, uint32_t partial, size_t at)
{
    out->data[at] = 0;
    out->data[at + 1] = 0;
    uint32_t sum = ofm_csum_add(partial, out->data + off, size);
    ofm_put16(out->data + at, ofm_csum_finish(sum));
}

/* ---- Serialization. ---- */

int
ofm_packet_serialize(const struct ofm_packet *pkt, struct ofm_buf *out)
{
    size_t start = out->size;
    size_t offs[OFM_PACKET_MAX_HDRS];
    size_t sizes[OFM_PACKET_MAX_HDRS];
    size_t n = pkt->n_hdrs <= OFM_PACKET_MAX_HDRS ? pkt->n_hdrs : OFM_PACKET_MAX_HDRS;
    int error = 0;

    for (size_t i = 0; i < n; i++) {
        const struct ofm_hdr *h = &pkt->hdrs[i];
        const struct pkt_ops *ops = ofmpkt_ops(h->proto);
        if (!ops) {
            error = EINVAL;
            goto fail;
        }
        offs[i] = out->size;
        error = ops->write(h, i + 1 < n ? h + 1 : NULL, out);
        if (error) {
            goto fail;
        }
        sizes[i] = out->size - offs[i];
    }
    if (pkt->payload.size) {
        ofm_buf_put(out, pkt->payload.data, pkt->payload.size);
    }
    for (size_t i = n; i-- > 0;) {
        const struct ofm_hdr *h = &pkt->hdrs[i];
        const struct pkt_ops *ops = ofmpkt_ops(h->proto);
        if (ops->fix) {
            struct pkt_fix fix = {
                .out = out, .pkt = pkt, .index = i, .offs = offs,
                .off = offs[i], .size = sizes[i], .end = out->size,
            };
            error = ops->fix(h, &fix);
            if (error) {
                goto fail;
            }
        }
        /* Ethernet padding: after the fix, so that an 802.3 length
         * leaves it out. */
        if (h->proto == OFM_PROTO_ETHERNET && pkt->pad) {
            size_t frame = out->size - offs[i] + h->trailer.size;
            if (frame < OFM_ETH_MIN_FRAME) {
                ofm_buf_put_zeros(out, OFM_ETH_MIN_FRAME - frame);
            }
        }
        if (h->trailer.size) {
            ofm_buf_put(out, h->trailer.data, h->trailer.size);
        }
    }
    if (out->size - start > 65535) {
        error = EINVAL;
        goto fail;
    }
    return 0;

fail:
    out->size = start;
    return error;
}

/* ---- Text and JSON. ---- */

static struct pv *
describe(const struct ofm_hdr *h, struct pv_ctx *ctx)
{
    const struct pkt_ops *ops = ofmpkt_ops(h->proto);
    return ops ? ops->describe(h, ctx) : ofmpkt_pv_obj(ctx, "unknown");
}

/* Ryu leaves out a payload that is empty or all zeros. */
static bool
payload_shown(const struct ofm_packet *pkt)
{
    return pkt->payload.size && !ofmpkt_all_zero(pkt->payload.data, pkt->payload.size);
}

static char *
buf_to_string(struct ofm_buf *b)
{
    ofm_buf_put_u8(b, 0);
    char *s = malloc(b->size);
    if (!s) {
        abort();
    }
    memcpy(s, b->data, b->size);
    ofm_buf_uninit(b);
    return s;
}

char *
ofm_hdr_to_text(const struct ofm_hdr *h)
{
    struct pv_ctx ctx;
    struct ofm_buf b;
    ofmpkt_pv_init(&ctx);
    ofm_buf_init(&b);
    ofmpkt_pv_to_text(describe(h, &ctx), &b);
    ofmpkt_pv_free(&ctx);
    return buf_to_string(&b);
}

char *
ofm_packet_to_text(const struct ofm_packet *pkt)
{
    struct pv_ctx ctx;
    struct ofm_buf b;
    ofmpkt_pv_init(&ctx);
    ofm_buf_init(&b);
    for (size_t i = 0; i < pkt->n_hdrs; i++) {
        if (i) {
            ofmpkt_put_str(&b, ", ");
        }
        ofmpkt_pv_to_text(describe(&pkt->hdrs[i], &ctx), &b);
    }
    if (payload_shown(pkt)) {
        if (pkt->n_hdrs) {
            ofmpkt_put_str(&b, ", ");
        }
        ofmpkt_pv_to_text(ofmpkt_pv_bytes(&ctx, pkt->payload.data, pkt->payload.size), &b);
    }
    ofmpkt_pv_free(&ctx);
    return buf_to_string(&b);
}

json_t *
ofm_hdr_to_json(const struct ofm_hdr *h)
{
    struct pv_ctx ctx;
    ofmpkt_pv_init(&ctx);
    json_t *j = ofmpkt_pv_to_json(describe(h, &ctx));
    ofmpkt_pv_free(&ctx);
    return j;
}

json_t *
ofm_packet_to_json(const struct ofm_packet *pkt)
{
    struct pv_ctx ctx;
    ofmpkt_pv_init(&ctx);
    json_t *protocols = json_array();
    for (size_t i = 0; i < pkt->n_hdrs; i++) {
        json_array_append_new(protocols, ofmpkt_pv_to_json(describe(&pkt->hdrs[i], &ctx)));
    }
    if (payload_shown(pkt)) {
        json_array_append_new(protocols, ofmpkt_pv_to_json(
                                  ofmpkt_pv_bytes(&ctx, pkt->payload.data,
                                                  pkt->payload.size)));
    }
    ofmpkt_pv_free(&ctx);
    return json_pack("{s:{s:o}}", "Packet", "protocols", protocols);
}

/* JSON class names and the protocols they build. */
static const struct {
    const char *cls;
    enum ofm_proto proto;
} json_classes[] = {
    { "ethernet", OFM_PROTO_ETHERNET },
    { "vlan", OFM_PROTO_VLAN },
    { "svlan", OFM_PROTO_SVLAN },
    { "itag", OFM_PROTO_ITAG },
    { "mpls", OFM_PROTO_MPLS },
    { "llc", OFM_PROTO_LLC },
    { "ConfigurationBPDUs", OFM_PROTO_BPDU },
    { "TopologyChangeNotificationBPDUs", OFM_PROTO_BPDU },
    { "RstBPDUs", OFM_PROTO_BPDU },
    { "lacp", OFM_PROTO_LACP },
    { "marker", OFM_PROTO_MARKER },
    { "lldp", OFM_PROTO_LLDP },
    { "arp", OFM_PROTO_ARP },
    { "ipv4", OFM_PROTO_IPV4 },
    { "ipv6", OFM_PROTO_IPV6 },
    { "icmp", OFM_PROTO_ICMP },
    { "icmpv6", OFM_PROTO_ICMPV6 },
    { "igmp", OFM_PROTO_IGMP },
    { "igmpv3_query", OFM_PROTO_IGMP },
    { "igmpv3_report", OFM_PROTO_IGMP },
    { "tcp", OFM_PROTO_TCP },
    { "udp", OFM_PROTO_UDP },
    { "sctp", OFM_PROTO_SCTP },
    { "gre", OFM_PROTO_GRE },
    { "vxlan", OFM_PROTO_VXLAN },
    { "dhcp", OFM_PROTO_DHCP },
    { "vrrpv2", OFM_PROTO_VRRP },
    { "vrrpv3", OFM_PROTO_VRRP },
};

int
ofm_packet_from_json(const json_t *json, struct ofm_packet *pkt, char *err, size_t err_size)
{
    /* Messages start with the JSON path of what is wrong, from the root of
     * the document as given: "$.Packet.protocols[1].ipv4: ...". */
    struct jctx j = { .pkt = pkt, .where = "$", .err = err, .err_size = err_size };
    const json_t *list = json;
    const char *list_path = "$";
    char where[96];

    ofm_packet_init(pkt);
    if (err && err_size) {
        err[0] = '\0';
    }
    if (json_is_object(json)) {
        const json_t *inner = json_object_get(json, "Packet");
        list_path = "$.protocols";
        if (json_is_object(inner)) {
            json = inner;
            list_path = "$.Packet.protocols";
        }
        list = json_object_get(json, "protocols");
    }
    if (!json_is_array(list)) {
        return ofmpkt_jerr(&j, "expected {\"Packet\": {\"protocols\": [...]}}");
    }

    size_t idx;
    const json_t *item;
    json_array_foreach(list, idx, item) {
        snprintf(where, sizeof where, "%s[%zu]", list_path, idx);
        j.where = where;
        if (pkt->payload.size || pkt->payload.data) {
            return ofmpkt_jerr(&j, "nothing may follow the payload");
        }
        if (json_is_string(item)) {
            struct ofm_buf b;
            ofm_buf_init(&b);
            int error = ofmpkt_jv_bytes_put(&j, item, "payload", &b);
            if (!error) {
                pkt->payload = ofmpkt_j_keep(&j, &b);
                if (!pkt->payload.data) {
                    /* Mark an empty payload as seen. */
                    pkt->payload.data = (const uint8_t *) "";
                }
            }
            ofm_buf_uninit(&b);
            if (error) {
                return error;
            }
            continue;
        }
        const json_t *fields;
        const char *cls = ofmpkt_j_class(item, &fields);
        if (!cls) {
            return ofmpkt_jerr(&j, "protocol %zu is not {\"class\": {...}} or a "
                               "base64 payload", idx);
        }
        enum ofm_proto proto = OFM_PROTO_NONE;
        for (size_t k = 0; k < PKT_ARRAY_SIZE(json_classes); k++) {
            if (!strcmp(json_classes[k].cls, cls)) {
                proto = json_classes[k].proto;
                break;
            }
        }
        snprintf(where, sizeof where, "%s[%zu].%.40s", list_path, idx, cls);
        if (proto == OFM_PROTO_NONE) {
            return ofmpkt_jerr(&j, "unknown protocol class");
        }
        if (pkt->n_hdrs >= OFM_PACKET_MAX_HDRS) {
            return ofmpkt_jerr(&j, "more than %d headers", OFM_PACKET_MAX_HDRS);
        }
        struct ofm_hdr *h = &pkt->hdrs[pkt->n_hdrs];
        const struct pkt_ops *ops = ofmpkt_ops(proto);
        ofm_packet_push(pkt, proto);
        int error = ops->from_json(h, cls, fields, &j);
        if (error || j.error) {
            return j.error ? j.error : error;
        }
    }
    if (pkt->payload.data && !pkt->payload.size) {
        pkt->payload.data = NULL;
    }
    return 0;
}
