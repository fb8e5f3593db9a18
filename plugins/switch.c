/* switch.so: the switching hub (Ryu's simple_switch_13, for OpenFlow 1.3
 * and 1.0).
 *
 * On connect it installs a table-miss entry (priority 0, everything to the
 * controller, unbuffered).  Each packet-in teaches it the source MAC's
 * port; a known destination gets a priority-1 flow (in_port + eth_dst ->
 * port) and the packet is sent on; an unknown one is flooded. */
#include "hub.h"

#include <stdio.h>
#include <stdlib.h>

static int
hub_init(struct ofm_plugin *p, char *err, size_t err_size)
{
    struct hub *hub = calloc(1, sizeof *hub);
    if (!hub) {
        snprintf(err, err_size, "out of memory");
        return -1;
    }
    hub->plugin = p;
    ofm_mactable_init(&hub->macs);
    ofm_plugin_set_data(p, hub);

    hub_register(hub);
    return 0;
}

static void
hub_fini(struct ofm_plugin *p)
{
    struct hub *hub = ofm_plugin_data(p);
    ofm_mactable_free(&hub->macs);
    free(hub);
}

OFM_PLUGIN(.name = "switch",
           .ofp_versions = OFM_VERSIONS_ALL,
           .init = hub_init,
           .fini = hub_fini);
