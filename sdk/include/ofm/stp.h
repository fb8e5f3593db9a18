/* ofm/stp.h: the "stplib" context, IEEE 802.1D spanning tree (what Ryu's
 * ryu.lib.stplib is), provided by stplib.so.
 *
 * A plugin that lists OFM_STP_CONTEXT in its descriptor's 'contexts' gets
 * stplib.so loaded and initialized before itself, and its API table with
 * ofm_stp_get().  stplib runs one bridge per datapath: it sends and
 * receives the BPDUs, sets each port's state on the switch, and handles
 * every packet-in.  BPDUs never reach a plugin, nor does a frame that came
 * in on a port that is not FORWARD; every other packet-in is re-delivered
 * as the user event EventPacketIn, which a switching app consumes instead
 * of EventOFPPacketIn.
 *
 *     static const char *const contexts[] = { OFM_STP_CONTEXT, NULL };
 *     ...
 *     const struct ofm_stp_api *stp = ofm_stp_get(plugin);
 *     ofm_handler_register(plugin, stp->ev_packet_in, 0, on_packet, aux);
 *     ofm_handler_register(plugin, stp->ev_topology_change, 0, on_tc, aux);
 *
 * Bridges are configured in the YAML section "stp:" (see ofm-stp(8)). */
#ifndef OFM_STP_H
#define OFM_STP_H 1

#include <stdbool.h>
#include <stdint.h>
#include "ofm/action.h"
#include "ofm/msg.h"
#include "ofm/plugin.h"

#ifdef __cplusplus
extern "C" {
#endif

#define OFM_STP_CONTEXT "stplib"

/* The names of the events stplib declares (Ryu's class names). */
#define OFM_STP_EV_PACKET_IN "EventPacketIn"
#define OFM_STP_EV_TOPOLOGY_CHANGE "EventTopologyChange"
#define OFM_STP_EV_PORT_STATE_CHANGE "EventPortStateChange"

/* The flow that sends BPDUs (dst 01:80:c2:00:00:00) to the controller. */
#define OFM_STP_BPDU_FLOW_PRIORITY 65535
/* The flow that drops what a port receives while it must not (OpenFlow 1.3:
 * states without packet-in). */
#define OFM_STP_DROP_FLOW_PRIORITY 65534

/* Port states (802.1D), in Ryu's order. */
enum ofm_stp_state {
    OFM_STP_DISABLE,
    OFM_STP_BLOCK,
    OFM_STP_LISTEN,
    OFM_STP_LEARN,
    OFM_STP_FORWARD,
};

/* Port roles. */
enum ofm_stp_role {
    OFM_STP_ROLE_DISABLED,
    OFM_STP_ROLE_ROOT,
    OFM_STP_ROLE_DESIGNATED,
    OFM_STP_ROLE_NON_DESIGNATED,
};

/* "DISABLE", "BLOCK", ..., and "ROOT_PORT", "DESIGNATED_PORT",
 * "NON_DESIGNATED_PORT", "DISABLED_PORT" as Ryu prints them. */
static inline const char *
ofm_stp_state_name(enum ofm_stp_state s)
{
    static const char *const names[] = { "DISABLE", "BLOCK", "LISTEN", "LEARN", "FORWARD" };
    return (unsigned) s < 5 ? names[s] : "?";
}
static inline const char *
ofm_stp_role_name(enum ofm_stp_role r)
{
    static const char *const names[] = {
        "DISABLED_PORT", "ROOT_PORT", "DESIGNATED_PORT", "NON_DESIGNATED_PORT",
    };
    return (unsigned) r < 4 ? names[r] : "?";
}

/* EventPacketIn: a packet-in that is no BPDU, received on a FORWARD port.
 * 'data' points to this; the message is decoded (pointing into 'msg'). */
struct ofm_stp_packet_in {
    const struct ofm_packet_in *pin;
};

/* EventTopologyChange: the bridge of 'dpid' learned of a topology change;
 * learned addresses must go (their ports may have changed). */
struct ofm_stp_topology_change {
    uint64_t dpid;
};

/* EventPortStateChange: the event's 'port_no' is the port. */
struct ofm_stp_port_state {
    uint64_t dpid;
    uint32_t port;
    enum ofm_stp_state state;
    enum ofm_stp_role role;
};

/* The API table stplib provides.  Members may be added at the end in later
 * versions: check 'size' before using one newer than your SDK. */
struct ofm_stp_api {
    uint32_t size;
    int ev_packet_in;
    int ev_topology_change;
    int ev_port_state_change;

    /* The state and role of 'port' on datapath 'dpid': 0, or ENOENT if
     * that datapath or port is not known. */
    int (*port_state)(uint64_t dpid, uint32_t port, enum ofm_stp_state *state,
                      enum ofm_stp_role *role);
    /* Whether the bridge of 'dpid' is the root: 0 or ENOENT. */
    int (*is_root)(uint64_t dpid, bool *root);
    /* Appends to 'acts' an output to each port a frame that arrived on
     * 'in_port' of 'dp' may be flooded to: the FORWARD ones and those the
     * tree does not run on.  Flood with this rather than OFPP_FLOOD:
     * OpenFlow 1.3 has no NO_FLOOD bit, so a LISTEN or LEARN port (which
     * must stay open for BPDUs) would carry a flood. */
    void (*flood_actions)(struct ofm_dp *dp, uint32_t in_port, struct ofm_actions *acts);
};

static inline const struct ofm_stp_api *
ofm_stp_get(struct ofm_plugin *plugin)
{
    return (const struct ofm_stp_api *) ofm_context_get(plugin, OFM_STP_CONTEXT);
}

#ifdef __cplusplus
}
#endif

#endif /* ofm/stp.h */
