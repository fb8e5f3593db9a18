/* switch_stp.so: the switching hub on the spanning tree (Ryu's
 * simple_switch_stp_13, the seed's chapter 5), for OpenFlow 1.0 and 1.2 to 1.5.
 *
 * The learning switch of chapter 2 (plugins/hub.c), fed by stplib's
 * EventPacketIn instead of the raw packet-in, so it never sees a BPDU nor
 * a frame from a port that does not forward.  On EventTopologyChange it
 * deletes the flows it installed on that datapath and forgets what it
 * learned there ("Receive topology change event. Flush MAC table."),
 * since a destination may now be behind another port; port state changes
 * are logged as the seed shows them.  It floods through stplib's
 * flood_actions(), to the FORWARD ports only. */
#include "../hub.h"
#include <ofm/stp.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

struct stp_hub {
    struct hub hub;
    const struct ofm_stp_api *stp;
    struct hub_learned learned;
};

static void
learned(uint64_t dpid, const uint8_t mac[6], uint32_t port, bool is_new, void *aux)
{
    struct stp_hub *sh = aux;
    if (is_new) {
        hub_learned_add(&sh->learned, dpid, mac);
    }
}

static void
switch_features(const struct ofm_event *ev, void *aux)
{
    struct stp_hub *sh = aux;
    hub_add_table_miss(&sh->hub, ev->dp);     /* stplib's BPDU flow is above it. */
}

static void
packet_in(const struct ofm_event *ev, void *aux)
{
    struct stp_hub *sh = aux;
    const struct ofm_stp_packet_in *spi = ev->data;
    hub_forward(&sh->hub, ev->dp, spi->pin);
}

static void
topology_change(const struct ofm_event *ev, void *aux)
{
    struct stp_hub *sh = aux;
    const struct ofm_stp_topology_change *tc = ev->data;

    ofm_plog(sh->hub.plugin, OFM_LOG_INFO, "[dpid=%016" PRIx64 "] Receive topology "
             "change event. Flush MAC table.", tc->dpid);
    hub_learned_flush(&sh->hub, &sh->learned, ev->dp);
}

static void
port_state_change(const struct ofm_event *ev, void *aux)
{
    struct stp_hub *sh = aux;
    const struct ofm_stp_port_state *st = ev->data;
    ofm_plog(sh->hub.plugin, OFM_LOG_DEBUG, "[dpid=%016" PRIx64 "][port=%" PRIu32
             "] state=%s", st->dpid, st->port, ofm_stp_state_name(st->state));
}

static void
state_change(const struct ofm_event *ev, void *aux)
{
    struct stp_hub *sh = aux;
    if (ev->state == OFM_STATE_DEAD && ofm_dp_id(ev->dp)) {
        hub_learned_forget(&sh->hub, &sh->learned, ofm_dp_id(ev->dp));
    }
}

static void
hub_fini(struct ofm_plugin *p)
{
    struct stp_hub *sh = ofm_plugin_data(p);
    if (!sh) {
        return;
    }
    hub_learned_free(&sh->learned);
    ofm_mactable_free(&sh->hub.macs);
    free(sh);
    ofm_plugin_set_data(p, NULL);
}

static int
hub_init(struct ofm_plugin *p, char *err, size_t err_size)
{
    const struct ofm_stp_api *stp = ofm_stp_get(p);
    if (!stp || stp->size < sizeof *stp || !stp->flood_actions) {
        snprintf(err, err_size, "the stplib context is missing or too old");
        return EINVAL;
    }
    struct stp_hub *sh = calloc(1, sizeof *sh);
    if (!sh) {
        snprintf(err, err_size, "out of memory");
        return ENOMEM;
    }
    sh->hub.plugin = p;
    sh->hub.on_learn = learned;
    sh->hub.learn_aux = sh;
    sh->hub.flood = stp->flood_actions;
    sh->stp = stp;
    ofm_mactable_init(&sh->hub.macs);
    ofm_plugin_set_data(p, sh);

    ofm_handler_register(p, OFM_EV_SWITCH_FEATURES, OFM_STATE_CONFIG, switch_features, sh);
    ofm_handler_register(p, stp->ev_packet_in, 0, packet_in, sh);
    ofm_handler_register(p, stp->ev_topology_change, 0, topology_change, sh);
    ofm_handler_register(p, stp->ev_port_state_change, 0, port_state_change, sh);
    ofm_handler_register(p, OFM_EV_STATE_CHANGE, OFM_STATE_DEAD, state_change, sh);
    return 0;
}

static const char *const contexts[] = { OFM_STP_CONTEXT, NULL };

OFM_PLUGIN(.name = "switch_stp",
           .ofp_versions = OFM_VERSIONS_ALL,
           .contexts = contexts,
           .init = hub_init,
           .fini = hub_fini);
