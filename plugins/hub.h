/* The switching hub's logic (simple_switch_13), shared by switch.so and
 * switch_rest.so. */
#ifndef PLUGINS_HUB_H
#define PLUGINS_HUB_H 1

#include <ofm/ofm.h>
#include <ofm/mactable.h>

/* Called for each source address a packet-in teaches. */
typedef void hub_learn_fn(uint64_t dpid, const uint8_t mac[6], uint32_t port, void *aux);

struct hub {
    struct ofm_plugin *plugin;
    struct ofm_mactable macs;
    hub_learn_fn *on_learn;     /* May be NULL. */
    void *learn_aux;
};

/* Sends an OFPFC_ADD of 'priority' with apply-actions 'acts'. */
void hub_add_flow(struct ofm_dp *, uint16_t priority, const struct ofm_match *,
                  const struct ofm_actions *, uint32_t buffer_id);
/* Registers the hub's handlers (table-miss at features, packet-in,
 * forgetting a switch that goes away) for 'hub'. */
void hub_register(struct hub *);

#endif
