/* The switching hub's logic, shared by the switching apps: see hub.h. */
#include "hub.h"
#include <ofm/addr.h>
#include <ofm/packet.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ETH_TYPE_LLDP 0x88cc

void
hub_add_flow(struct hub *hub, struct ofm_dp *dp, uint16_t priority,
             const struct ofm_match *match, const struct ofm_actions *acts)
{
    struct ofm_insts insts;
    struct ofm_flow_mod fm;

    ofm_insts_init(&insts);
    ofm_inst_apply_actions(&insts, acts);
    ofm_flow_mod_init(&fm, OFPFC_ADD);
    fm.priority = priority;
    fm.match = match;
    ofm_flow_mod_set_insts(&fm, &insts);
    int error = ofm_dp_send_flow_mod(dp, &fm, NULL);
    if (error) {
        ofm_plog(hub->plugin, OFM_LOG_ERROR, "datapath %016" PRIx64 ": cannot "
                 "send flow mod: %s", ofm_dp_id(dp), ofm_err_str(error));
    }
    ofm_insts_uninit(&insts);
}

void
hub_add_table_miss(struct hub *hub, struct ofm_dp *dp)
{
    struct ofm_match match;
    struct ofm_actions acts;

    /* Unbuffered: some switches send a bad buffer id with a short max_len
     * (and lacplib must see whole LACPDUs before their own flows exist). */
    ofm_match_init(&match);
    ofm_actions_init(&acts);
    ofm_act_output(&acts, OFPP_CONTROLLER, OFP13_CML_NO_BUFFER);
    hub_add_flow(hub, dp, 0, &match, &acts);
    ofm_actions_uninit(&acts);
}

static void
switch_features(const struct ofm_event *ev, void *aux)
{
    hub_add_table_miss(aux, ev->dp);
}

static void
packet_in(const struct ofm_event *ev, void *aux)
{
    struct hub *hub = aux;
    struct ofm_dp *dp = ev->dp;
    struct ofm_packet_in pin;

    int error = ofm_decode_packet_in(ev->msg, &pin);
    if (error) {
        static struct ofm_ratelimit rl = OFM_RATELIMIT_INIT(30, 30);
        if (ofm_ratelimit_allow(&rl)) {
            ofm_plog(hub->plugin, OFM_LOG_WARNING, "datapath %016" PRIx64
                     ": malformed packet-in: %s", ofm_dp_id(dp), ofm_err_str(error));
        }
        return;
    }

    hub_forward(hub, dp, &pin);
}

void
hub_forward(struct hub *hub, struct ofm_dp *dp, const struct ofm_packet_in *pin)
{
    struct ofm_eth eth;
    if (ofm_eth_parse(pin->data, pin->data_size, &eth)) {
        return;                 /* Not even an Ethernet header. */
    }
    if (eth.ethertype == ETH_TYPE_LLDP) {
        return;                 /* Topology discovery is not ours to switch. */
    }

    uint64_t dpid = ofm_dp_id(dp);
    if (ofm_log_enabled(OFM_LOG_INFO)) {
        char src[OFM_MAC_STRLEN], dst[OFM_MAC_STRLEN];
        ofm_mac_format(eth.src, src);
        ofm_mac_format(eth.dst, dst);
        ofm_plog(hub->plugin, OFM_LOG_INFO, "packet in %" PRIu64 " %s %s %" PRIu32,
                 dpid, src, dst, pin->in_port);
    }

    uint32_t out_port;
    bool known = hub->on_learn && ofm_mactable_lookup(&hub->macs, dpid, eth.src,
                                                       &out_port);
    if (ofm_mactable_learn(&hub->macs, dpid, eth.src, pin->in_port) && hub->on_learn) {
        hub->on_learn(dpid, eth.src, pin->in_port, !known, hub->learn_aux);
    }
    if (!ofm_mactable_lookup(&hub->macs, dpid, eth.dst, &out_port)) {
        out_port = OFPP_FLOOD;
    }

    struct ofm_actions acts;
    ofm_actions_init(&acts);
    if (out_port == OFPP_FLOOD && hub->flood) {
        hub->flood(dp, pin->in_port, &acts);
    } else {
        ofm_act_output(&acts, out_port, 0);
    }

    if (out_port != OFPP_FLOOD) {
        struct ofm_match match;
        ofm_match_init(&match);
        ofm_match_set_in_port(&match, pin->in_port);
        ofm_match_set_eth_dst(&match, eth.dst);
        hub_add_flow(hub, dp, 1, &match, &acts);
    }

    struct ofm_packet_out po = {
        .buffer_id = pin->buffer_id,
        .in_port = pin->in_port,
        .actions = ofm_actions_data(&acts),
        .actions_size = ofm_actions_size(&acts),
    };
    if (pin->buffer_id == OFP_NO_BUFFER) {
        po.data = pin->data;
        po.data_size = pin->data_size;
    }
    ofm_dp_send_packet_out(dp, &po, NULL);
    ofm_actions_uninit(&acts);
}

static void
state_change(const struct ofm_event *ev, void *aux)
{
    struct hub *hub = aux;
    if (ev->state == OFM_STATE_DEAD && ofm_dp_id(ev->dp)) {
        ofm_mactable_flush_dp(&hub->macs, ofm_dp_id(ev->dp));
    }
}

void
hub_register(struct hub *hub)
{
    struct ofm_plugin *p = hub->plugin;
    ofm_handler_register(p, OFM_EV_SWITCH_FEATURES, OFM_STATE_CONFIG, switch_features, hub);
    ofm_handler_register(p, OFM_EV_PACKET_IN, OFM_STATE_MAIN, packet_in, hub);
    ofm_handler_register(p, OFM_EV_STATE_CHANGE, OFM_STATE_DEAD, state_change, hub);
}

static struct hub_learned_dp *
learned_dp(struct hub_learned *l, uint64_t dpid, bool create)
{
    for (size_t i = 0; i < l->n_dps; i++) {
        if (l->dps[i].dpid == dpid) {
            return &l->dps[i];
        }
    }
    if (!create) {
        return NULL;
    }
    struct hub_learned_dp *dps = realloc(l->dps, (l->n_dps + 1) * sizeof *dps);
    if (!dps) {
        abort();
    }
    l->dps = dps;
    l->dps[l->n_dps] = (struct hub_learned_dp) { .dpid = dpid };
    return &l->dps[l->n_dps++];
}

void
hub_learned_add(struct hub_learned *l, uint64_t dpid, const uint8_t mac[6])
{
    struct hub_learned_dp *d = learned_dp(l, dpid, true);
    if (d->n == d->allocated) {
        size_t n = d->allocated ? 2 * d->allocated : 16;
        uint8_t (*macs)[6] = realloc(d->macs, n * sizeof *macs);
        if (!macs) {
            abort();
        }
        d->macs = macs;
        d->allocated = n;
    }
    memcpy(d->macs[d->n++], mac, 6);
}

void
hub_learned_forget(struct hub *hub, struct hub_learned *l, uint64_t dpid)
{
    struct hub_learned_dp *d = learned_dp(l, dpid, false);
    if (d) {
        free(d->macs);
        *d = l->dps[--l->n_dps];
    }
    ofm_mactable_flush_dp(&hub->macs, dpid);
}

void
hub_learned_flush(struct hub *hub, struct hub_learned *l, struct ofm_dp *dp)
{
    struct hub_learned_dp *d = learned_dp(l, ofm_dp_id(dp), false);
    for (size_t i = 0; d && i < d->n; i++) {
        struct ofm_match match;
        struct ofm_flow_mod fm;
        ofm_match_init(&match);
        ofm_match_set_eth_dst(&match, d->macs[i]);
        ofm_flow_mod_init(&fm, OFPFC_DELETE);
        fm.match = &match;
        int error = ofm_dp_send_flow_mod(dp, &fm, NULL);
        if (error) {
            ofm_plog(hub->plugin, OFM_LOG_ERROR, "datapath %016" PRIx64 ": cannot "
                     "send flow mod: %s", ofm_dp_id(dp), ofm_err_str(error));
        }
    }
    hub_learned_forget(hub, l, ofm_dp_id(dp));
}

void
hub_learned_free(struct hub_learned *l)
{
    for (size_t i = 0; i < l->n_dps; i++) {
        free(l->dps[i].macs);
    }
    free(l->dps);
    l->dps = NULL;
    l->n_dps = 0;
}
