/* switch_lacp.so: the switching hub with link aggregation (Ryu's
 * simple_switch_lacp_13), for OpenFlow 1.3 and 1.0.
 *
 * It requires the "lacplib" context (lacplib.so) and learns from
 * lacplib's EventPacketIn instead of the raw packet-in, so LACPDUs never
 * reach the hub.  When lacplib reports that a bond member was enabled or
 * disabled (EventSlaveStateChanged), the paths through the bond may
 * change, so it logs "slave state changed port: N enabled: True|False",
 * deletes the flows it installed on that datapath (one delete per learned
 * destination MAC, as Ryu) and forgets what it learned there.
 *
 * Without any bond configured (no "lacp: bonds:" in the YAML file), it
 * adds the seed's: datapath 0000000000000001, ports 1 and 2, passive. */
#include <ofm/ofm.h>
#include <ofm/lacp.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ETH_TYPE_LLDP 0x88cc

/* The destinations learned on one datapath, whose flows go when a member
 * changes state (the MAC table cannot be walked). */
struct learned {
    uint64_t dpid;
    uint8_t (*macs)[6];
    size_t n, allocated;
};

struct hub {
    struct ofm_plugin *plugin;
    const struct ofm_lacp_api *lacp;
    struct ofm_mactable macs;
    struct learned *dps;
    size_t n_dps;
};

static struct learned *
learned_get(struct hub *hub, uint64_t dpid, bool create)
{
    for (size_t i = 0; i < hub->n_dps; i++) {
        if (hub->dps[i].dpid == dpid) {
            return &hub->dps[i];
        }
    }
    if (!create) {
        return NULL;
    }
    struct learned *dps = realloc(hub->dps, (hub->n_dps + 1) * sizeof *dps);
    if (!dps) {
        abort();
    }
    hub->dps = dps;
    hub->dps[hub->n_dps] = (struct learned) { .dpid = dpid };
    return &hub->dps[hub->n_dps++];
}

static void
learned_add(struct learned *l, const uint8_t mac[6])
{
    if (l->n == l->allocated) {
        size_t n = l->allocated ? 2 * l->allocated : 16;
        uint8_t (*macs)[6] = realloc(l->macs, n * sizeof *macs);
        if (!macs) {
            abort();
        }
        l->macs = macs;
        l->allocated = n;
    }
    memcpy(l->macs[l->n++], mac, 6);
}

static void
learned_forget(struct hub *hub, uint64_t dpid)
{
    struct learned *l = learned_get(hub, dpid, false);
    if (l) {
        free(l->macs);
        *l = hub->dps[--hub->n_dps];
    }
    ofm_mactable_flush_dp(&hub->macs, dpid);
}

static void
send_flow_mod(struct hub *hub, struct ofm_dp *dp, const struct ofm_flow_mod *fm)
{
    int error = ofm_dp_send_flow_mod(dp, fm, NULL);
    if (error) {
        ofm_plog(hub->plugin, OFM_LOG_ERROR, "datapath %016" PRIx64 ": cannot send "
                 "flow mod: %s", ofm_dp_id(dp), ofm_err_str(error));
    }
}

static void
add_flow(struct hub *hub, struct ofm_dp *dp, uint16_t priority,
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
    send_flow_mod(hub, dp, &fm);
    ofm_insts_uninit(&insts);
}

static void
switch_features(const struct ofm_event *ev, void *aux)
{
    struct hub *hub = aux;
    struct ofm_match match;
    struct ofm_actions acts;

    /* Table-miss: everything to the controller, unbuffered (lacplib sees
     * the LACPDUs through it before their own flows exist). */
    ofm_match_init(&match);
    ofm_actions_init(&acts);
    ofm_act_output(&acts, OFPP_CONTROLLER, OFP13_CML_NO_BUFFER);
    add_flow(hub, ev->dp, 0, &match, &acts);
    ofm_actions_uninit(&acts);
}

static void
packet_in(const struct ofm_event *ev, void *aux)
{
    struct hub *hub = aux;
    const struct ofm_lacp_packet_in *lpi = ev->data;
    const struct ofm_packet_in *pin = lpi->pin;
    struct ofm_dp *dp = ev->dp;

    struct ofm_eth eth;
    if (ofm_eth_parse(pin->data, pin->data_size, &eth)
        || eth.ethertype == ETH_TYPE_LLDP) {
        return;
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
    bool known = ofm_mactable_lookup(&hub->macs, dpid, eth.src, &out_port);
    if (ofm_mactable_learn(&hub->macs, dpid, eth.src, pin->in_port) && !known) {
        learned_add(learned_get(hub, dpid, true), eth.src);
    }
    if (!ofm_mactable_lookup(&hub->macs, dpid, eth.dst, &out_port)) {
        out_port = OFPP_FLOOD;
    }

    struct ofm_actions acts;
    ofm_actions_init(&acts);
    ofm_act_output(&acts, out_port, 0);
    if (out_port != OFPP_FLOOD) {
        struct ofm_match match;
        ofm_match_init(&match);
        ofm_match_set_in_port(&match, pin->in_port);
        ofm_match_set_eth_dst(&match, eth.dst);
        add_flow(hub, dp, 1, &match, &acts);
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
slave_state_changed(const struct ofm_event *ev, void *aux)
{
    struct hub *hub = aux;
    const struct ofm_lacp_slave_state *st = ev->data;

    ofm_plog(hub->plugin, OFM_LOG_INFO, "slave state changed port: %" PRIu32
             " enabled: %s", st->port, st->enabled ? "True" : "False");

    /* A member came or went: the partner may now send each destination
     * over another link, so relearn everything on this datapath. */
    struct learned *l = learned_get(hub, st->dpid, false);
    for (size_t i = 0; l && i < l->n; i++) {
        struct ofm_match match;
        struct ofm_flow_mod fm;
        ofm_match_init(&match);
        ofm_match_set_eth_dst(&match, l->macs[i]);
        ofm_flow_mod_init(&fm, OFPFC_DELETE);
        fm.match = &match;
        send_flow_mod(hub, ev->dp, &fm);
    }
    learned_forget(hub, st->dpid);
}

static void
state_change(const struct ofm_event *ev, void *aux)
{
    struct hub *hub = aux;
    if (ev->state == OFM_STATE_DEAD && ofm_dp_id(ev->dp)) {
        learned_forget(hub, ofm_dp_id(ev->dp));
    }
}

/* The seed's bond, when nothing configures one. */
static int
add_default_bond(struct hub *hub, char *err, size_t err_size)
{
    static const uint32_t ports[] = { 1, 2 };
    struct ofm_lacp_bond bond = {
        .dpid = 1, .ports = ports, .n_ports = 2,
        .mode = OFM_LACP_PASSIVE, .rate = OFM_LACP_FAST,
    };
    ofm_plog(hub->plugin, OFM_LOG_INFO, "no bond configured (lacp: bonds:): using "
             "datapath 0000000000000001 ports 1 and 2");
    return hub->lacp->add_bond(&bond, err, err_size);
}

static void
hub_fini(struct ofm_plugin *p)
{
    struct hub *hub = ofm_plugin_data(p);
    if (!hub) {
        return;
    }
    for (size_t i = 0; i < hub->n_dps; i++) {
        free(hub->dps[i].macs);
    }
    free(hub->dps);
    ofm_mactable_free(&hub->macs);
    free(hub);
    ofm_plugin_set_data(p, NULL);
}

static int
hub_init(struct ofm_plugin *p, char *err, size_t err_size)
{
    const struct ofm_lacp_api *lacp = ofm_lacp_get(p);
    if (!lacp || lacp->size < sizeof *lacp) {
        snprintf(err, err_size, "the lacplib context is missing or too old");
        return EINVAL;
    }
    struct hub *hub = calloc(1, sizeof *hub);
    if (!hub) {
        snprintf(err, err_size, "out of memory");
        return ENOMEM;
    }
    hub->plugin = p;
    hub->lacp = lacp;
    ofm_mactable_init(&hub->macs);
    ofm_plugin_set_data(p, hub);

    if (!lacp->n_bonds()) {
        int error = add_default_bond(hub, err, err_size);
        if (error) {
            hub_fini(p);
            return error;
        }
    }

    ofm_handler_register(p, OFM_EV_SWITCH_FEATURES, OFM_STATE_CONFIG, switch_features, hub);
    ofm_handler_register(p, lacp->ev_packet_in, OFM_STATE_MAIN, packet_in, hub);
    ofm_handler_register(p, lacp->ev_slave_state_changed, OFM_STATE_MAIN,
                         slave_state_changed, hub);
    ofm_handler_register(p, OFM_EV_STATE_CHANGE, OFM_STATE_DEAD, state_change, hub);
    return 0;
}

static const char *const contexts[] = { OFM_LACP_CONTEXT, NULL };

OFM_PLUGIN(.name = "switch_lacp",
           .ofp_versions = OFM_VERSION_BIT(OFP10_VERSION) | OFM_VERSION_BIT(OFP13_VERSION),
           .contexts = contexts,
           .init = hub_init,
           .fini = hub_fini);
