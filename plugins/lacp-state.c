/* The LACP logic of lacplib.so: see lacp-state.h. */
#include <config.h>
#include "lacp-state.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where the slow protocols (LACP, marker) are sent (802.3 Annex 43B). */
static const uint8_t slow_protocols_mac[6] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x02 };

/* The LACPDU's TLV headers: offset from the subtype byte, type, length. */
static const struct {
    uint8_t offset, type, length;
    const char *name;
} lacpdu_tlvs[] = {
    { 2, 1, 20, "actor information" },
    { 22, 2, 20, "partner information" },
    { 42, 3, 16, "collector information" },
    { 58, 0, 0, "terminator" },
};

/* The state bits the partner must know about before we stop sending
 * (802.1AX: a change in any of them means "need to transmit"). */
#define NTT_STATE_BITS (OFM_LACP_STATE_ACTIVITY | OFM_LACP_STATE_TIMEOUT \
                        | OFM_LACP_STATE_AGGREGATION | OFM_LACP_STATE_SYNCHRONIZATION)

/* Small enough not to mind; keeps a 1 s periodic timer from slipping a
 * whole tick when the loop wakes a hair early. */
#define TX_SLACK 0.1

void
lacp_table_init(struct lacp_table *t)
{
    t->bonds = NULL;
    t->n_bonds = 0;
}

void
lacp_table_destroy(struct lacp_table *t)
{
    if (!t) {
        return;
    }
    for (size_t i = 0; i < t->n_bonds; i++) {
        free(t->bonds[i].members);
    }
    free(t->bonds);
    t->bonds = NULL;
    t->n_bonds = 0;
}

struct lacp_member *
lacp_table_find(const struct lacp_table *t, uint64_t dpid, uint32_t port,
                struct lacp_bond **bondp)
{
    for (size_t i = 0; i < t->n_bonds; i++) {
        struct lacp_bond *b = &t->bonds[i];
        if (b->dpid != dpid) {
            continue;
        }
        for (size_t j = 0; j < b->n_members; j++) {
            if (b->members[j].port == port) {
                if (bondp) {
                    *bondp = b;
                }
                return &b->members[j];
            }
        }
    }
    return NULL;
}

int
lacp_table_add(struct lacp_table *t, const struct ofm_lacp_bond *bond,
               char *err, size_t err_size)
{
    if (bond->n_ports < 2) {
        snprintf(err, err_size, "a bond needs at least 2 ports, datapath %016"
                 PRIx64 " has %zu", bond->dpid, bond->n_ports);
        return EINVAL;
    }
    if (bond->mode != OFM_LACP_PASSIVE && bond->mode != OFM_LACP_ACTIVE) {
        snprintf(err, err_size, "bad LACP mode %d", (int) bond->mode);
        return EINVAL;
    }
    if (bond->rate != OFM_LACP_FAST && bond->rate != OFM_LACP_SLOW) {
        snprintf(err, err_size, "bad LACP rate %d", (int) bond->rate);
        return EINVAL;
    }
    for (size_t i = 0; i < bond->n_ports; i++) {
        uint32_t port = bond->ports[i];
        if (port == 0 || port > UINT16_MAX) {
            snprintf(err, err_size, "port %" PRIu32 " of datapath %016" PRIx64
                     " cannot be a bond member (1 to 65535)", port, bond->dpid);
            return EINVAL;
        }
        for (size_t j = 0; j < i; j++) {
            if (bond->ports[j] == port) {
                snprintf(err, err_size, "port %" PRIu32 " of datapath %016" PRIx64
                         " is listed twice", port, bond->dpid);
                return EINVAL;
            }
        }
        struct lacp_bond *other;
        if (lacp_table_find(t, bond->dpid, port, &other)) {
            snprintf(err, err_size, "port %" PRIu32 " of datapath %016" PRIx64
                     " is already in bond %u", port, bond->dpid, other->key);
            return EINVAL;
        }
    }
    if (t->n_bonds >= UINT16_MAX) {
        snprintf(err, err_size, "too many bonds");
        return EINVAL;
    }

    struct lacp_member *members = calloc(bond->n_ports, sizeof *members);
    struct lacp_bond *bonds = members ? realloc(t->bonds, (t->n_bonds + 1) * sizeof *bonds)
                                      : NULL;
    if (!bonds) {
        abort();
    }
    for (size_t i = 0; i < bond->n_ports; i++) {
        members[i].port = bond->ports[i];
    }
    t->bonds = bonds;
    t->bonds[t->n_bonds] = (struct lacp_bond) {
        .dpid = bond->dpid,
        .mode = bond->mode,
        .rate = bond->rate,
        .key = (uint16_t) (t->n_bonds + 1),
        .members = members,
        .n_members = bond->n_ports,
    };
    t->n_bonds++;
    return 0;
}

static void
member_reset(struct lacp_member *m)
{
    m->enabled = false;
    m->timeout = 0;
    memset(m->flow_src, 0, sizeof m->flow_src);
    m->have_partner = false;
    memset(&m->partner, 0, sizeof m->partner);
}

void
lacp_table_reset_dp(struct lacp_table *t, uint64_t dpid)
{
    for (size_t i = 0; i < t->n_bonds; i++) {
        struct lacp_bond *b = &t->bonds[i];
        for (size_t j = 0; b->dpid == dpid && j < b->n_members; j++) {
            member_reset(&b->members[j]);
            b->members[j].next_tx = 0;
        }
    }
}

enum lacp_frame_kind
lacp_frame_classify(const uint8_t *frame, size_t size, struct ofm_lacp *pdu,
                    uint8_t src[6], char *why, size_t why_size)
{
    struct ofm_eth eth;
    if (ofm_eth_parse(frame, size, &eth) || eth.ethertype != OFM_ETH_TYPE_SLOW) {
        return LACP_FRAME_OTHER;
    }
    if (eth.l3_offset >= size) {
        snprintf(why, why_size, "slow protocol frame of %zu bytes without a subtype",
                 size);
        return LACP_FRAME_MALFORMED;
    }
    const uint8_t *p = frame + eth.l3_offset;
    size_t n = size - eth.l3_offset;
    if (p[0] != 1) {
        return LACP_FRAME_SLOW_OTHER;
    }
    if (eth.n_vlans) {
        snprintf(why, why_size, "VLAN-tagged LACPDU (LACPDUs are untagged)");
        return LACP_FRAME_MALFORMED;
    }
    if (n != OFM_LACP_SIZE) {
        snprintf(why, why_size, "LACPDU of %zu bytes, not %d", n, OFM_LACP_SIZE);
        return LACP_FRAME_MALFORMED;
    }
    if (p[1] == 0) {
        snprintf(why, why_size, "LACPDU version 0");
        return LACP_FRAME_MALFORMED;
    }
    for (size_t i = 0; i < sizeof lacpdu_tlvs / sizeof *lacpdu_tlvs; i++) {
        const uint8_t *tlv = p + lacpdu_tlvs[i].offset;
        if (tlv[0] != lacpdu_tlvs[i].type || tlv[1] != lacpdu_tlvs[i].length) {
            snprintf(why, why_size, "%s TLV at byte %u is type %u length %u, "
                     "not type %u length %u", lacpdu_tlvs[i].name,
                     lacpdu_tlvs[i].offset, tlv[0], tlv[1], lacpdu_tlvs[i].type,
                     lacpdu_tlvs[i].length);
            return LACP_FRAME_MALFORMED;
        }
    }

    /* The packet library does the decoding; the checks above only name
     * what is wrong more precisely than it can. */
    struct ofm_packet pkt;
    ofm_packet_parse(&pkt, frame, size);
    const struct ofm_lacp *l = ofm_packet_find(&pkt, OFM_PROTO_LACP);
    if (!l) {
        snprintf(why, why_size, "undecodable LACPDU");
        return LACP_FRAME_MALFORMED;
    }
    *pdu = *l;
    memcpy(src, eth.src, 6);
    return LACP_FRAME_LACPDU;
}

static bool
mac_is_zero(const uint8_t *mac)
{
    return !(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]);
}

void
lacp_system_id(const uint8_t *local, uint64_t dpid, const uint8_t *port, uint8_t sys[6])
{
    if (local && !mac_is_zero(local)) {
        memcpy(sys, local, 6);
        return;
    }
    for (int i = 0; i < 6; i++) {
        sys[i] = (uint8_t) (dpid >> (40 - 8 * i));
    }
    sys[0] &= ~1;               /* Not a group address. */
    if (!mac_is_zero(sys)) {
        return;
    }
    if (port && !mac_is_zero(port)) {
        memcpy(sys, port, 6);
        return;
    }
    sys[0] = 0x02;              /* Locally administered. */
}

bool
lacp_actor_short_timeout(const struct lacp_bond *b, const struct lacp_member *m)
{
    if (b->mode == OFM_LACP_ACTIVE) {
        return b->rate == OFM_LACP_FAST;
    }
    return m->have_partner && (m->partner.state & OFM_LACP_STATE_TIMEOUT);
}

uint16_t
lacp_flow_timeout(const struct lacp_bond *b, const struct lacp_member *m)
{
    return lacp_actor_short_timeout(b, m) ? OFM_LACP_SHORT_TIMEOUT : OFM_LACP_LONG_TIMEOUT;
}

void
lacp_build_pdu(const struct lacp_bond *b, const struct lacp_member *m,
               const uint8_t system[6], struct ofm_lacp *pdu)
{
    memset(pdu, 0, sizeof *pdu);
    pdu->version = 1;

    struct ofm_lacp_info *a = &pdu->actor;
    a->system_priority = LACP_SYSTEM_PRIORITY;
    memcpy(a->system, system, 6);
    a->key = b->key;
    a->port_priority = LACP_PORT_PRIORITY;
    a->port = (uint16_t) m->port;
    a->state = OFM_LACP_STATE_AGGREGATION;
    if (b->mode == OFM_LACP_ACTIVE) {
        a->state |= OFM_LACP_STATE_ACTIVITY;
    }
    if (lacp_actor_short_timeout(b, m)) {
        a->state |= OFM_LACP_STATE_TIMEOUT;
    }
    if (m->enabled) {
        a->state |= OFM_LACP_STATE_SYNCHRONIZATION;
        if (m->have_partner && (m->partner.state & OFM_LACP_STATE_SYNCHRONIZATION)) {
            a->state |= OFM_LACP_STATE_COLLECTING | OFM_LACP_STATE_DISTRIBUTING;
        }
    }
    if (!m->have_partner) {
        a->state |= OFM_LACP_STATE_DEFAULTED;
    } else {
        pdu->partner = m->partner;
    }
    pdu->collector_max_delay = 0;
}

/* True if 'seen' (what the partner says about us) differs from 'actor'
 * in what 802.1AX requires the partner to know. */
static bool
partner_view_stale(const struct ofm_lacp_info *seen, const struct ofm_lacp_info *actor)
{
    return ((seen->state ^ actor->state) & NTT_STATE_BITS)
        || seen->system_priority != actor->system_priority
        || memcmp(seen->system, actor->system, 6)
        || seen->key != actor->key
        || seen->port_priority != actor->port_priority
        || seen->port != actor->port;
}

void
lacp_member_rx(const struct lacp_bond *b, struct lacp_member *m,
               const struct ofm_lacp *pdu, const uint8_t src[6],
               const uint8_t system[6], double now, struct lacp_rx *rx)
{
    memset(rx, 0, sizeof *rx);
    m->last_rx = now;
    m->partner = pdu->actor;
    m->have_partner = true;
    if (!m->enabled) {
        m->enabled = true;
        rx->enabled = true;
    }

    uint16_t timeout = lacp_flow_timeout(b, m);
    if (timeout != m->timeout) {
        m->timeout = timeout;
        rx->timeout_changed = true;
        rx->install_flow = true;
    }
    /* Another device on the member's wire: watch its LACPDUs instead. */
    if (memcmp(m->flow_src, src, 6)) {
        memcpy(m->flow_src, src, 6);
        rx->install_flow = true;
    }

    if (b->mode == OFM_LACP_PASSIVE) {
        rx->reply = true;
    } else {
        struct ofm_lacp ours;
        lacp_build_pdu(b, m, system, &ours);
        rx->reply = partner_view_stale(&pdu->partner, &ours.actor);
    }
}

bool
lacp_member_rx_expired(const struct lacp_member *m, double now)
{
    return m->enabled && m->timeout && now >= m->last_rx + m->timeout;
}

bool
lacp_member_expire(struct lacp_member *m)
{
    bool was_enabled = m->enabled;
    member_reset(m);
    return was_enabled;
}

bool
lacp_member_tx_due(const struct lacp_bond *b, struct lacp_member *m, double now)
{
    if (b->mode != OFM_LACP_ACTIVE || now + TX_SLACK < m->next_tx) {
        return false;
    }
    bool fast = (m->have_partner
                 ? (m->partner.state & OFM_LACP_STATE_TIMEOUT) != 0
                 : b->rate == OFM_LACP_FAST);
    m->next_tx = now + (fast ? LACP_FAST_INTERVAL : LACP_SLOW_INTERVAL);
    return true;
}

int
lacp_frame_build(const struct ofm_lacp *pdu, const uint8_t src[6], struct ofm_buf *out)
{
    struct ofm_packet pkt;
    ofm_packet_init(&pkt);
    struct ofm_ethernet *eth = ofm_packet_push_ethernet(&pkt);
    struct ofm_lacp *lacp = eth ? ofm_packet_push_lacp(&pkt) : NULL;
    if (!lacp) {
        ofm_packet_uninit(&pkt);
        return EINVAL;
    }
    memcpy(eth->dst, slow_protocols_mac, 6);
    memcpy(eth->src, src, 6);
    eth->ethertype = OFM_ETH_TYPE_SLOW;
    *lacp = *pdu;
    int error = ofm_packet_serialize(&pkt, out);
    ofm_packet_uninit(&pkt);
    return error;
}

void
lacp_flow_build(struct ofm_flow_mod *fm, struct ofm_match *match,
                struct ofm_insts *insts, uint32_t port, const uint8_t src[6],
                uint16_t timeout)
{
    ofm_match_init(match);
    ofm_match_set_in_port(match, port);
    ofm_match_set_eth_src(match, src);
    ofm_match_set_eth_type(match, OFM_ETH_TYPE_SLOW);

    /* The whole LACPDU, unbuffered, as Ryu asks (OFPCML_MAX). */
    struct ofm_actions acts;
    ofm_actions_init(&acts);
    ofm_act_output(&acts, OFPP_CONTROLLER, OFP13_CML_MAX);
    ofm_insts_init(insts);
    ofm_inst_apply_actions(insts, &acts);
    ofm_actions_uninit(&acts);

    ofm_flow_mod_init(fm, OFPFC_ADD);
    fm->priority = OFM_LACP_FLOW_PRIORITY;
    fm->idle_timeout = timeout;
    fm->flags = OFPFF_SEND_FLOW_REM;
    fm->match = match;
    ofm_flow_mod_set_insts(fm, insts);
}

enum lacp_removed
lacp_flow_removed(const struct lacp_table *t, uint64_t dpid,
                  const struct ofm_flow_removed *fr,
                  struct lacp_member **mp, struct lacp_bond **bp)
{
    uint16_t eth_type;
    uint32_t port;
    uint8_t src[6];
    if (fr->priority != OFM_LACP_FLOW_PRIORITY
        || !ofm_match_get_u16(&fr->match, OFPXMT_ETH_TYPE, &eth_type)
        || eth_type != OFM_ETH_TYPE_SLOW
        || !ofm_match_get_u32(&fr->match, OFPXMT_IN_PORT, &port)
        || !ofm_match_get(&fr->match, OFPXMT_ETH_SRC, src, NULL)) {
        return LACP_REMOVED_OTHER;
    }
    struct lacp_bond *b;
    struct lacp_member *m = lacp_table_find(t, dpid, port, &b);
    if (!m) {
        return LACP_REMOVED_OTHER;
    }
    *mp = m;
    if (bp) {
        *bp = b;
    }
    /* A flow replaced by a newer one (another source address, another
     * timeout) or one of a member already disabled says nothing new. */
    if (!m->enabled || fr->idle_timeout != m->timeout || memcmp(src, m->flow_src, 6)) {
        return LACP_REMOVED_STALE;
    }
    return LACP_REMOVED_CURRENT;
}
