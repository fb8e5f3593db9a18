/* switch_lacp.so: the switching hub with link aggregation (Ryu's
 * simple_switch_lacp_13), for OpenFlow 1.0 and 1.2 to 1.5.
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
#include "hub.h"
#include <ofm/lacp.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The hub (hub.c) forwards; this adds the bonds and what was learned. */
struct lacp_hub {
    struct hub hub;
    const struct ofm_lacp_api *lacp;
    struct hub_learned learned;
};

/* Each new source address: its flows go when a bond member changes. */
static void
learned(uint64_t dpid, const uint8_t mac[6], uint32_t port, bool is_new, void *aux)
{
    struct lacp_hub *lh = aux;
    if (is_new) {
        hub_learned_add(&lh->learned, dpid, mac);
    }
}

static void
switch_features(const struct ofm_event *ev, void *aux)
{
    struct lacp_hub *lh = aux;
    hub_add_table_miss(&lh->hub, ev->dp);
}

/* lacplib's EventPacketIn: every packet-in but the LACPDUs. */
static void
packet_in(const struct ofm_event *ev, void *aux)
{
    struct lacp_hub *lh = aux;
    const struct ofm_lacp_packet_in *lpi = ev->data;
    hub_forward(&lh->hub, ev->dp, lpi->pin);
}

static void
slave_state_changed(const struct ofm_event *ev, void *aux)
{
    struct lacp_hub *lh = aux;
    const struct ofm_lacp_slave_state *st = ev->data;

    ofm_plog(lh->hub.plugin, OFM_LOG_INFO, "slave state changed port: %" PRIu32
             " enabled: %s", st->port, st->enabled ? "True" : "False");

    /* A member came or went: the partner may now send each destination
     * over another link, so relearn everything on this datapath. */
    hub_learned_flush(&lh->hub, &lh->learned, ev->dp);
}

static void
state_change(const struct ofm_event *ev, void *aux)
{
    struct lacp_hub *lh = aux;
    if (ev->state == OFM_STATE_DEAD && ofm_dp_id(ev->dp)) {
        hub_learned_forget(&lh->hub, &lh->learned, ofm_dp_id(ev->dp));
    }
}

/* The seed's bond, when nothing configures one. */
static int
add_default_bond(struct lacp_hub *lh, char *err, size_t err_size)
{
    static const uint32_t ports[] = { 1, 2 };
    struct ofm_lacp_bond bond = {
        .dpid = 1, .ports = ports, .n_ports = 2,
        .mode = OFM_LACP_PASSIVE, .rate = OFM_LACP_FAST,
    };
    ofm_plog(lh->hub.plugin, OFM_LOG_INFO, "no bond configured (lacp: bonds:): using "
             "datapath 0000000000000001 ports 1 and 2");
    return lh->lacp->add_bond(&bond, err, err_size);
}

static void
hub_fini(struct ofm_plugin *p)
{
    struct lacp_hub *lh = ofm_plugin_data(p);
    if (!lh) {
        return;
    }
    hub_learned_free(&lh->learned);
    ofm_mactable_free(&lh->hub.macs);
    free(lh);
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
    struct lacp_hub *lh = calloc(1, sizeof *lh);
    if (!lh) {
        snprintf(err, err_size, "out of memory");
        return ENOMEM;
    }
    lh->hub.plugin = p;
    lh->hub.on_learn = learned;
    lh->hub.learn_aux = lh;
    lh->lacp = lacp;
    ofm_mactable_init(&lh->hub.macs);
    ofm_plugin_set_data(p, lh);

    if (!lacp->n_bonds()) {
        int error = add_default_bond(lh, err, err_size);
        if (error) {
            hub_fini(p);
            return error;
        }
    }

    ofm_handler_register(p, OFM_EV_SWITCH_FEATURES, OFM_STATE_CONFIG, switch_features, lh);
    ofm_handler_register(p, lacp->ev_packet_in, OFM_STATE_MAIN, packet_in, lh);
    ofm_handler_register(p, lacp->ev_slave_state_changed, OFM_STATE_MAIN,
                         slave_state_changed, lh);
    ofm_handler_register(p, OFM_EV_STATE_CHANGE, OFM_STATE_DEAD, state_change, lh);
    return 0;
}

static const char *const contexts[] = { OFM_LACP_CONTEXT, NULL };

OFM_PLUGIN(.name = "switch_lacp",
           .ofp_versions = OFM_VERSIONS_ALL,
           .contexts = contexts,
           .init = hub_init,
           .fini = hub_fini);
