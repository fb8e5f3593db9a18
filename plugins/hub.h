/* The switching hub's logic (simple_switch_13), shared by switch.so,
 * switch_rest.so, switch_lacp.so and switch_stp.so. */
#ifndef PLUGINS_HUB_H
#define PLUGINS_HUB_H 1

#include <ofm/ofm.h>
#include <ofm/mactable.h>

/* Called for each source address a packet-in teaches (a new address, or
 * one that moved to another port); 'is_new' is false when it moved. */
typedef void hub_learn_fn(uint64_t dpid, const uint8_t mac[6], uint32_t port,
                          bool is_new, void *aux);

/* Fills 'acts' with the outputs of a flood of a frame from 'in_port'. */
typedef void hub_flood_fn(struct ofm_dp *, uint32_t in_port, struct ofm_actions *acts);

struct hub {
    struct ofm_plugin *plugin;
    struct ofm_mactable macs;
    hub_learn_fn *on_learn;     /* May be NULL. */
    void *learn_aux;
    hub_flood_fn *flood;        /* NULL: OFPP_FLOOD. */
};

/* Sends an unbuffered OFPFC_ADD of 'priority' with apply-actions 'acts';
 * a failure is logged under the hub's plugin. */
void hub_add_flow(struct hub *, struct ofm_dp *, uint16_t priority,
                  const struct ofm_match *, const struct ofm_actions *);
/* Installs the table-miss flow: everything to the controller, unbuffered. */
void hub_add_table_miss(struct hub *, struct ofm_dp *);
/* Learns the source of the frame of the decoded packet-in 'pin' and
 * forwards it: a flow and a packet-out to the learned port, or a flood.
 * LLDP and frames shorter than an Ethernet header are left alone. */
void hub_forward(struct hub *, struct ofm_dp *, const struct ofm_packet_in *pin);
/* Registers the hub's handlers (table-miss at features, packet-in,
 * forgetting a switch that goes away) for 'hub'. */
void hub_register(struct hub *);

/* The destinations learned on each datapath, kept by the hubs that must
 * delete their flows when paths change (a bond member or a spanning tree
 * port changes state): the MAC table cannot be walked. */
struct hub_learned_dp {
    uint64_t dpid;
    uint8_t (*macs)[6];
    size_t n, allocated;
};
struct hub_learned {
    struct hub_learned_dp *dps;
    size_t n_dps;
};

void hub_learned_add(struct hub_learned *, uint64_t dpid, const uint8_t mac[6]);
/* Deletes on 'dp' the flows towards every destination learned there (one
 * delete per destination MAC, as Ryu does), then forgets them here and in
 * the hub's MAC table. */
void hub_learned_flush(struct hub *, struct hub_learned *, struct ofm_dp *dp);
/* Forgets what was learned on 'dpid' (the datapath went away). */
void hub_learned_forget(struct hub *, struct hub_learned *, uint64_t dpid);
void hub_learned_free(struct hub_learned *);

#endif
