/* ofm/lacp.h: the "lacplib" context, link aggregation with LACP (what
 * Ryu's ryu.lib.lacplib is), provided by lacplib.so.
 *
 * A plugin that lists OFM_LACP_CONTEXT in its descriptor's 'contexts' gets
 * lacplib.so loaded and initialized before itself, and its API table with
 * ofm_lacp_get().  lacplib handles every packet-in: LACPDUs from the
 * members of a bond are answered, and the member is enabled; every other
 * packet-in is re-delivered as the user event EventPacketIn, which a
 * switching app consumes instead of EventOFPPacketIn.  When a member's
 * LACPDUs stop (its monitoring flow idles out), its link goes down, or
 * its LACPDUs start again, lacplib emits EventSlaveStateChanged.
 *
 *     static const char *const contexts[] = { OFM_LACP_CONTEXT, NULL };
 *     ...
 *     const struct ofm_lacp_api *lacp = ofm_lacp_get(plugin);
 *     ofm_handler_register(plugin, lacp->ev_packet_in, 0, on_packet, aux);
 *     ofm_handler_register(plugin, lacp->ev_slave_state_changed, 0, on_slave, aux);
 *
 * Bonds come from the YAML section "lacp:" (see ofm-lacp(8)) and from
 * add_bond().  Everything here runs on the manager's thread, like every
 * handler. */
#ifndef OFM_LACP_H
#define OFM_LACP_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ofm/msg.h"
#include "ofm/plugin.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The context's name, for 'contexts' and ofm_context_get(). */
#define OFM_LACP_CONTEXT "lacplib"

/* The names of the events lacplib declares (Ryu's class names). */
#define OFM_LACP_EV_PACKET_IN "EventPacketIn"
#define OFM_LACP_EV_SLAVE_STATE_CHANGED "EventSlaveStateChanged"

/* The monitoring flow lacplib installs for each member that receives
 * LACPDUs: in_port + eth_src + eth_type 0x8809 -> CONTROLLER, this
 * priority, SEND_FLOW_REM, and an idle timeout of three LACPDU intervals. */
#define OFM_LACP_FLOW_PRIORITY 65535
#define OFM_LACP_SHORT_TIMEOUT 3        /* Seconds; partner sends every 1 s. */
#define OFM_LACP_LONG_TIMEOUT 90        /* Seconds; partner sends every 30 s. */

/* How a bond takes part in LACP. */
enum ofm_lacp_mode {
    OFM_LACP_PASSIVE,           /* Answer the partner's LACPDUs (Ryu). */
    OFM_LACP_ACTIVE,            /* Also send LACPDUs periodically. */
};

/* The LACPDU rate an active bond asks its partner for (the Timeout bit of
 * our actor state) and uses until it hears from the partner. */
enum ofm_lacp_rate {
    OFM_LACP_FAST,              /* Every second; short timeout (3 s). */
    OFM_LACP_SLOW,              /* Every 30 seconds; long timeout (90 s). */
};

/* A bond: two or more ports of one datapath aggregated towards one
 * partner.  The bond's MAC address (the LACP system id) is the datapath's
 * LOCAL port address. */
struct ofm_lacp_bond {
    uint64_t dpid;
    const uint32_t *ports;      /* Borrowed; copied by add_bond(). */
    size_t n_ports;             /* At least 2. */
    enum ofm_lacp_mode mode;
    enum ofm_lacp_rate rate;    /* Active mode only. */
};

/* EventPacketIn: a packet-in that is not an LACPDU.  The event's 'dp' and
 * 'msg' are the datapath and the PACKET_IN message, and 'data' points to
 * this, with the message already decoded (pointing into 'msg').  Borrowed
 * for the handler's duration, as every event. */
struct ofm_lacp_packet_in {
    const struct ofm_packet_in *pin;
};

/* EventSlaveStateChanged: a member was enabled or disabled.  The event's
 * 'dp' is the datapath, 'port_no' the port, and 'data' points to this. */
struct ofm_lacp_slave_state {
    uint64_t dpid;
    uint32_t port;
    bool enabled;
};

/* The API table lacplib provides.  Members may be added at the end in
 * later versions: check 'size' before using one newer than your SDK. */
struct ofm_lacp_api {
    uint32_t size;                  /* sizeof(struct ofm_lacp_api) of lacplib. */
    int ev_packet_in;               /* Id of EventPacketIn. */
    int ev_slave_state_changed;     /* Id of EventSlaveStateChanged. */

    /* Adds a bond (Ryu's LacpLib.add()).  Allowed at any time; a bond of a
     * datapath already connected takes effect with its next LACPDU (active
     * bonds start sending within a second).  Returns 0, or EINVAL after
     * writing why into 'err' (fewer than 2 ports, a port twice, a port
     * already in a bond, a reserved port number). */
    int (*add_bond)(const struct ofm_lacp_bond *bond, char *err, size_t err_size);
    /* The number of bonds configured (YAML and add_bond()). */
    size_t (*n_bonds)(void);
    /* Whether member 'port' of datapath 'dpid' is enabled: returns 0 and
     * sets '*enabled', or ENOENT if the port is in no bond. */
    int (*slave_enabled)(uint64_t dpid, uint32_t port, bool *enabled);
};

/* The lacplib API for 'plugin', which must have OFM_LACP_CONTEXT in its
 * 'contexts' (then it is never NULL). */
static inline const struct ofm_lacp_api *
ofm_lacp_get(struct ofm_plugin *plugin)
{
    return (const struct ofm_lacp_api *) ofm_context_get(plugin, OFM_LACP_CONTEXT);
}

#ifdef __cplusplus
}
#endif

#endif /* ofm/lacp.h */
