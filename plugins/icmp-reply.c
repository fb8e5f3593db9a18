/* The replies of icmp_responder.so: see icmp-reply.h.
 *
 * The checks follow what a host's stack does before it answers (and what
 * Ryu's icmp_responder leaves out): ARP only for Ethernet/IPv4 requests
 * that ask for our address, ICMP only for whole, unfragmented, correctly
 * checksummed echo requests sent to our MAC and IPv4 address from a
 * unicast source. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "icmp-reply.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "ofm/addr.h"

static const uint8_t default_mac[6] = { 0x0a, 0xe4, 0x1c, 0xd1, 0x3e, 0x44 };
#define DEFAULT_IP 0xc0000209   /* 192.0.2.9 */

void
icmp_reply_addr_default(struct icmp_reply_addr *addr)
{
    memcpy(addr->mac, default_mac, 6);
    addr->ip = DEFAULT_IP;
}

/* True for addresses a host may own and answer from: not 0.0.0.0/8,
 * loopback, multicast, or the limited broadcast (and nothing above). */
static bool
ipv4_is_unicast(uint32_t ip)
{
    uint8_t first = ip >> 24;
    return first != 0 && first != 127 && first < 224;
}

static bool
mac_is_zero(const uint8_t mac[6])
{
    return !(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]);
}

int
icmp_reply_config(const struct ofm_conf *conf, struct icmp_reply_addr *addr,
                  char *err, size_t err_size)
{
    static const char *const keys[] = { "ip", "mac", NULL };
    const char *ip = NULL, *mac = NULL;

    if (!conf) {
        return 0;
    }
    if (ofm_conf_kind(conf) != OFM_CONF_MAP) {
        snprintf(err, err_size, "%s: icmp_responder: expected a map (ip, mac)",
                 ofm_conf_where(conf));
        return EINVAL;
    }
    if (ofm_conf_check_keys(conf, keys, err, err_size)
        || ofm_conf_get_string(conf, "ip", &ip, err, err_size)
        || ofm_conf_get_string(conf, "mac", &mac, err, err_size)) {
        return EINVAL;
    }

    struct icmp_reply_addr new = *addr;
    if (ip && (ofm_ipv4_parse(ip, &new.ip) || !ipv4_is_unicast(new.ip))) {
        snprintf(err, err_size, "%s: icmp_responder: 'ip' must be a unicast "
                 "IPv4 address such as 192.0.2.9, not '%s'",
                 ofm_conf_where(ofm_conf_get(conf, "ip")), ip);
        return EINVAL;
    }
    if (mac && (ofm_mac_parse(mac, new.mac) || ofm_mac_is_multicast(new.mac)
                || mac_is_zero(new.mac))) {
        snprintf(err, err_size, "%s: icmp_responder: 'mac' must be a unicast "
                 "MAC address such as 0a:e4:1c:d1:3e:44, not '%s'",
                 ofm_conf_where(ofm_conf_get(conf, "mac")), mac);
        return EINVAL;
    }
    *addr = new;
    return 0;
}

/* True if the 'size' bytes at 'p' hold a correct Internet checksum. */
static bool
csum_ok(const uint8_t *p, size_t size)
{
    return ofm_csum_finish(ofm_csum_add(0, p, size)) == 0;
}

/* Starts 'reply' with Ethernet from us to 'eth->src' and copies the VLAN
 * tags between 'req->hdrs[0]' and 'req->hdrs[l3]'. */
static void
start_reply(const struct icmp_reply_addr *addr, const struct ofm_packet *req,
            size_t l3, struct ofm_packet *reply)
{
    const struct ofm_ethernet *eth = &req->hdrs[0].u.ethernet;
    struct ofm_ethernet *e = ofm_packet_push_ethernet(reply);
    memcpy(e->dst, eth->src, 6);
    memcpy(e->src, addr->mac, 6);
    for (size_t i = 1; i < l3; i++) {
        const struct ofm_hdr *tag = &req->hdrs[i];
        struct ofm_vlan *v = ofm_packet_push(reply, tag->proto);
        v->pcp = tag->u.vlan.pcp;
        v->cfi = tag->u.vlan.cfi;
        v->vid = tag->u.vlan.vid;
    }
}

static enum icmp_reply_kind
arp_reply(const struct icmp_reply_addr *addr, const struct ofm_packet *req,
          size_t l3, struct ofm_packet *reply, const char **why)
{
    const struct ofm_ethernet *eth = &req->hdrs[0].u.ethernet;
    const struct ofm_arp *a = &req->hdrs[l3].u.arp;

    if (a->hwtype != 1 || a->proto != OFM_ETH_TYPE_IP || a->hlen != 6
        || a->plen != 4) {
        *why = "ARP for other than Ethernet and IPv4";
        return ICMP_REPLY_NONE;
    }
    if (a->opcode != OFM_ARP_REQUEST) {
        *why = "ARP, not a request";
        return ICMP_REPLY_NONE;
    }
    if (a->tpa != addr->ip) {
        *why = "ARP request for another address";
        return ICMP_REPLY_NONE;
    }
    if (!ofm_mac_is_multicast(eth->dst) && memcmp(eth->dst, addr->mac, 6)) {
        *why = "ARP request sent to another MAC address";
        return ICMP_REPLY_NONE;
    }
    if (ofm_mac_is_multicast(a->sha) || mac_is_zero(a->sha)) {
        *why = "ARP request from a sender hardware address that is not unicast";
        return ICMP_REPLY_NONE;
    }

    start_reply(addr, req, l3, reply);
    struct ofm_arp *r = ofm_packet_push_arp(reply);
    r->opcode = OFM_ARP_REPLY;
    memcpy(r->sha, addr->mac, 6);
    r->spa = addr->ip;
    memcpy(r->tha, a->sha, 6);
    r->tpa = a->spa;
    return ICMP_REPLY_ARP;
}

static enum icmp_reply_kind
echo_reply(const struct icmp_reply_addr *addr, const uint8_t *frame, size_t size,
           const struct ofm_packet *req, size_t l3, struct ofm_packet *reply,
           const char **why)
{
    const struct ofm_ethernet *eth = &req->hdrs[0].u.ethernet;
    const struct ofm_hdr *iph = &req->hdrs[l3];
    const struct ofm_ipv4 *ip = &iph->u.ipv4;
    size_t hlen = ip->header_length * 4u;

    if (ip->version != 4 || hlen < 20 || iph->offset + hlen > size) {
        *why = "malformed IPv4 header";
        return ICMP_REPLY_NONE;
    }
    if (!csum_ok(frame + iph->offset, hlen)) {
        *why = "bad IPv4 header checksum";
        return ICMP_REPLY_NONE;
    }
    if (ip->dst != addr->ip) {
        *why = "IPv4 to another address";
        return ICMP_REPLY_NONE;
    }
    if (ip->proto != OFM_IPPROTO_ICMP) {
        *why = "IPv4, not ICMP";
        return ICMP_REPLY_NONE;
    }
    if ((ip->flags & 1) || ip->offset) {
        *why = "IPv4 fragment (not reassembled)";
        return ICMP_REPLY_NONE;
    }
    if (memcmp(eth->dst, addr->mac, 6)) {
        *why = "IPv4 sent to another MAC address";
        return ICMP_REPLY_NONE;
    }
    if (!ipv4_is_unicast(ip->src) || ofm_mac_is_multicast(eth->src)) {
        *why = "IPv4 from a source that is not unicast";
        return ICMP_REPLY_NONE;
    }

    const struct ofm_hdr *ich = l3 + 1 < req->n_hdrs ? &req->hdrs[l3 + 1] : NULL;
    if (!ich || ich->proto != OFM_PROTO_ICMP) {
        *why = "ICMP header truncated";
        return ICMP_REPLY_NONE;
    }
    const struct ofm_icmp *icmp = &ich->u.icmp;
    size_t icmp_size = 4 + icmp->data.size;
    if (hlen + icmp_size != ip->total_length) {
        *why = "IPv4 datagram truncated";
        return ICMP_REPLY_NONE;
    }
    if (icmp->type != OFM_ICMP_ECHO_REQUEST) {
        *why = "ICMP, not an echo request";
        return ICMP_REPLY_NONE;
    }
    if (icmp_size < 8) {
        *why = "ICMP echo request without identifier and sequence number";
        return ICMP_REPLY_NONE;
    }
    if (ich->offset + icmp_size > size || !csum_ok(frame + ich->offset, icmp_size)) {
        *why = "bad ICMP checksum";
        return ICMP_REPLY_NONE;
    }

    start_reply(addr, req, l3, reply);
    struct ofm_ipv4 *rip = ofm_packet_push_ipv4(reply);
    rip->src = addr->ip;
    rip->dst = ip->src;
    rip->proto = OFM_IPPROTO_ICMP;
    struct ofm_icmp *ricmp = ofm_packet_push_icmp(reply);
    ricmp->type = OFM_ICMP_ECHO_REPLY;
    ricmp->code = 0;
    ricmp->data = icmp->data;
    return ICMP_REPLY_ECHO;
}

enum icmp_reply_kind
icmp_reply_build(const struct icmp_reply_addr *addr, const void *frame_, size_t size,
                 const struct ofm_packet *req, struct ofm_packet *reply,
                 const char **why)
{
    const uint8_t *frame = frame_;
    const char *dummy;

    ofm_packet_init(reply);
    if (!why) {
        why = &dummy;
    }
    *why = "";
    if (!req->n_hdrs || req->hdrs[0].proto != OFM_PROTO_ETHERNET) {
        *why = "not an Ethernet frame";
        return ICMP_REPLY_NONE;
    }
    const struct ofm_ethernet *eth = &req->hdrs[0].u.ethernet;
    if (ofm_mac_is_multicast(eth->src) || mac_is_zero(eth->src)) {
        *why = "Ethernet source is not unicast";
        return ICMP_REPLY_NONE;
    }

    /* Skip VLAN tags: the reply carries the same ones (and so has no more
     * headers than the request). */
    size_t l3 = 1;
    while (l3 < req->n_hdrs && (req->hdrs[l3].proto == OFM_PROTO_VLAN
                                || req->hdrs[l3].proto == OFM_PROTO_SVLAN)) {
        l3++;
    }
    if (l3 + 2 > OFM_PACKET_MAX_HDRS) {
        *why = "too many VLAN tags";
        return ICMP_REPLY_NONE;
    }
    if (l3 >= req->n_hdrs) {
        *why = "neither ARP nor IPv4";
        return ICMP_REPLY_NONE;
    }
    if (req->hdrs[l3].proto == OFM_PROTO_ARP) {
        return arp_reply(addr, req, l3, reply, why);
    } else if (req->hdrs[l3].proto == OFM_PROTO_IPV4) {
        return echo_reply(addr, frame, size, req, l3, reply, why);
    }
    *why = "neither ARP nor IPv4";
    return ICMP_REPLY_NONE;
}

enum icmp_reply_kind
icmp_reply_frame(const struct icmp_reply_addr *addr, const void *frame, size_t size,
                 struct ofm_buf *out, const char **why)
{
    struct ofm_packet req, reply;

    ofm_packet_parse(&req, frame, size);
    enum icmp_reply_kind kind = icmp_reply_build(addr, frame, size, &req, &reply, why);
    if (kind != ICMP_REPLY_NONE && ofm_packet_serialize(&reply, out)) {
        if (why) {
            *why = "reply does not serialize";
        }
        kind = ICMP_REPLY_NONE;
    }
    ofm_packet_uninit(&reply);
    ofm_packet_uninit(&req);
    return kind;
}
