/* plugins/lacp-state.h: the LACP logic of lacplib.so, apart from the
 * manager: bonds and their members, telling LACPDUs from other frames,
 * what a received LACPDU, a removed monitoring flow or a link going down
 * changes, the LACPDUs we send, and the monitoring flow.
 *
 * Nothing here does I/O or reads a clock (times are passed in), so the
 * unit test drives it with crafted frames.  lacplib.c turns the outcomes
 * into log lines, flow mods, packet-outs and events.
 *
 * Our actor information in every LACPDU we send: system priority 65535,
 * system id the datapath's LOCAL port MAC, key the bond's number (1 for
 * the first bond added, 2 for the next...), port priority 255, port the
 * OpenFlow port number, and the state bits
 *   Activity       active mode
 *   Timeout        active mode: the bond's rate is fast; passive mode: the
 *                  partner's own Timeout bit (Ryu's mirror)
 *   Aggregation    always
 *   Synchronization  the member is enabled (it has a current partner)
 *   Collecting, Distributing  enabled and the partner is synchronized
 *   Defaulted      no partner information
 * and as partner, what the partner last said about itself (zeros before).
 *
 * The idle timeout of a member's monitoring flow is three times the
 * interval at which the partner sends, which the partner takes from our
 * Timeout bit: 3 s when it is set, 90 s otherwise.  In passive mode our
 * bit is the partner's, so this is Ryu's rule. */
#ifndef LACP_STATE_H
#define LACP_STATE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ofm/action.h"
#include "ofm/buf.h"
#include "ofm/lacp.h"
#include "ofm/match.h"
#include "ofm/msg.h"
#include "ofm/packet.h"

/* Our fixed actor fields (as Ryu sends them). */
#define LACP_SYSTEM_PRIORITY 65535
#define LACP_PORT_PRIORITY 255
/* Seconds between periodic LACPDUs (active mode). */
#define LACP_FAST_INTERVAL 1.0
#define LACP_SLOW_INTERVAL 30.0

struct lacp_member {
    uint32_t port;
    bool enabled;               /* LACPDUs arrive: traffic may use it. */
    uint16_t timeout;           /* Idle timeout of its flow; 0: none. */
    uint8_t flow_src[6];        /* eth_src its flow matches. */
    bool have_partner;          /* 'partner' is current. */
    struct ofm_lacp_info partner;   /* The partner's actor information. */
    double last_rx;             /* When its last LACPDU came. */
    double next_tx;             /* Active mode: next periodic LACPDU. */
};

struct lacp_bond {
    uint64_t dpid;
    enum ofm_lacp_mode mode;
    enum ofm_lacp_rate rate;
    uint16_t key;               /* Our aggregation key. */
    struct lacp_member *members;
    size_t n_members;
};

struct lacp_table {
    struct lacp_bond *bonds;
    size_t n_bonds;
};

void lacp_table_init(struct lacp_table *);
/* Frees every bond.  Accepts NULL. */
void lacp_table_destroy(struct lacp_table *);
/* Adds a copy of 'bond' with every member disabled.  Returns 0, or EINVAL
 * after writing why into 'err': fewer than 2 ports, a port listed twice,
 * a port already in a bond of that datapath, port 0, or a port above 65535
 * (the LACP port field has 16 bits; this also refuses reserved ports). */
int lacp_table_add(struct lacp_table *, const struct ofm_lacp_bond *bond,
                   char *err, size_t err_size);
/* The member for 'port' of datapath 'dpid' (and its bond in '*bondp' if
 * nonnull), or NULL if that port is in no bond. */
struct lacp_member *lacp_table_find(const struct lacp_table *, uint64_t dpid,
                                    uint32_t port, struct lacp_bond **bondp);
/* Forgets what was learned on datapath 'dpid' (it disconnected): every
 * member back to disabled, no flow, no partner, a periodic LACPDU due at
 * once. */
void lacp_table_reset_dp(struct lacp_table *, uint64_t dpid);

/* What a frame received in a packet-in is. */
enum lacp_frame_kind {
    LACP_FRAME_OTHER,           /* Not a slow protocol: EventPacketIn. */
    LACP_FRAME_LACPDU,          /* A valid LACPDU. */
    LACP_FRAME_MALFORMED,       /* Slow protocol LACP subtype, invalid. */
    LACP_FRAME_SLOW_OTHER,      /* Marker or another slow protocol. */
};
/* Looks at the Ethernet frame 'frame' of 'size' bytes.  For an LACPDU,
 * fills 'pdu' and the frame's source address 'src'.  A frame with
 * ethertype 0x8809 and subtype 1 is an LACPDU only if it is untagged, its
 * LACPDU is exactly 110 bytes (the frame 124), the version is not 0 and
 * the TLVs (actor, partner, collector, terminator) have their types and
 * lengths; otherwise it is MALFORMED with the reason in 'why'. */
enum lacp_frame_kind lacp_frame_classify(const uint8_t *frame, size_t size,
                                         struct ofm_lacp *pdu, uint8_t src[6],
                                         char *why, size_t why_size);

/* What an LACPDU received on a member asks the caller to do, in this
 * order: log "LACP received."; if 'enabled', log "the slave i/f has just
 * been up."; if 'timeout_changed', log "the timeout time has changed.";
 * if 'install_flow', install the monitoring flow (the member's 'timeout'
 * and 'flow_src'); if 'reply', send our LACPDU out of the member and log
 * "LACP sent."; last, if 'enabled', emit EventSlaveStateChanged. */
struct lacp_rx {
    bool enabled;
    bool timeout_changed;
    bool install_flow;
    bool reply;
};
/* Applies LACPDU 'pdu', from source address 'src', received at 'now', to
 * member 'm' of 'bond', on a datapath whose LACP system id is 'system'.
 * Passive bonds
 * always reply (as Ryu); active ones only when the partner's view of us is
 * out of date (802.1AX's need-to-transmit), since they send periodically
 * anyway. */
void lacp_member_rx(const struct lacp_bond *bond, struct lacp_member *m,
                    const struct ofm_lacp *pdu, const uint8_t src[6],
                    const uint8_t system[6], double now, struct lacp_rx *rx);

/* True if enabled member 'm' has had no LACPDU for its whole timeout at
 * 'now'.  The switch's FLOW_REMOVED says the same, but only when it gets
 * round to expiring the flow (Open vSwitch looks once a second); this
 * bounds the failover time by the timeout whatever the switch does. */
bool lacp_member_rx_expired(const struct lacp_member *m, double now);

/* Disables 'm' (its LACPDUs stopped or its link went down): no flow, no
 * partner.  Returns true if it was enabled (then emit the event). */
bool lacp_member_expire(struct lacp_member *m);

/* The LACP system id of a switch: 'local', the MAC address of its LOCAL
 * port (as Ryu), if there is one and it is not all zeros; else the low 48
 * bits of datapath id 'dpid' (where switches put their MAC address by
 * convention), made an individual address; else 'port', the address of
 * one of its ports, if not NULL or zeros; else 02:00:00:00:00:00.  The
 * same for every member of a bond, so that it stays one aggregate. */
void lacp_system_id(const uint8_t *local, uint64_t dpid, const uint8_t *port,
                    uint8_t sys[6]);

/* Our Timeout bit for 'm' (true: short timeout, partner sends every 1 s). */
bool lacp_actor_short_timeout(const struct lacp_bond *, const struct lacp_member *);
/* The idle timeout for m's monitoring flow: 3 or 90 seconds. */
uint16_t lacp_flow_timeout(const struct lacp_bond *, const struct lacp_member *);
/* Our LACPDU for 'm', with LACP system id 'system'. */
void lacp_build_pdu(const struct lacp_bond *, const struct lacp_member *,
                    const uint8_t system[6], struct ofm_lacp *pdu);
/* Appends the Ethernet frame carrying 'pdu' (to the slow protocols
 * multicast address 01:80:c2:00:00:02, from 'src', 124 bytes) to 'out'.
 * Returns 0 or an error of ofm_packet_serialize(). */
int lacp_frame_build(const struct ofm_lacp *pdu, const uint8_t src[6], struct ofm_buf *out);

/* Active mode: if 'm' must send its periodic LACPDU at 'now' (in seconds),
 * schedules the next one and returns true.  The interval follows the
 * partner's Timeout bit once there is a partner (1 s or 30 s), and the
 * bond's rate before.  Always false for passive bonds. */
bool lacp_member_tx_due(const struct lacp_bond *, struct lacp_member *, double now);

/* The monitoring flow of member port 'port' for partner address 'src':
 * fills 'match' and 'insts' (initialized here; the caller uninitializes
 * 'insts') and points 'fm' at them. */
void lacp_flow_build(struct ofm_flow_mod *fm, struct ofm_match *match,
                     struct ofm_insts *insts, uint32_t port, const uint8_t src[6],
                     uint16_t timeout);

/* What a FLOW_REMOVED means for the bonds. */
enum lacp_removed {
    LACP_REMOVED_OTHER,         /* Not a monitoring flow of a member. */
    LACP_REMOVED_STALE,         /* A member's, but not its current flow. */
    LACP_REMOVED_CURRENT,       /* The member's flow: its LACPDUs stopped. */
};
/* Classifies 'fr' from datapath 'dpid': a monitoring flow matches in_port
 * (a member), eth_type 0x8809 and eth_src with priority
 * OFM_LACP_FLOW_PRIORITY; it is the member's current one if the member is
 * enabled and the source address and idle timeout are those of its last
 * installed flow.  Sets '*mp' (and '*bp') to the member unless OTHER. */
enum lacp_removed lacp_flow_removed(const struct lacp_table *, uint64_t dpid,
                                    const struct ofm_flow_removed *fr,
                                    struct lacp_member **mp, struct lacp_bond **bp);

#endif /* plugins/lacp-state.h */
