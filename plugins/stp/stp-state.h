/* plugins/stp/stp-state.h: the 802.1D spanning tree of one bridge (clause
 * 8 of 802.1D-1998, the STP of 802.1D-2004), apart from the manager.
 *
 * The procedures are the standard's: supersedes_port_info, root_selection,
 * designated_port_selection, port_state_selection, topology change
 * detection and acknowledgement, and the hello, message age, forward
 * delay, topology change notification, topology change and hold timers.
 * Nothing here does I/O or reads a clock: times are passed in (seconds),
 * and what must go out (BPDUs, port states, topology change events, log
 * lines) is handed to the caller's callbacks, so the unit test drives a
 * bridge with crafted BPDUs.  stplib.c turns the callbacks into
 * packet-outs, port mods, flows, log lines and events. */
#ifndef STP_STATE_H
#define STP_STATE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ofm/packet.h"
#include "ofm/stp.h"

/* 802.1D's hold time: at most one configuration BPDU a second per port. */
#define STP_HOLD_TIME 1.0
/* What a bridge adds to the message age it relays (802.1D's overestimate). */
#define STP_MESSAGE_AGE_INCREMENT 1

struct stp_port {
    uint32_t port_no;               /* OpenFlow port number. */
    uint16_t port_id;               /* Priority (high 4 bits) and number. */
    uint8_t priority;               /* Multiple of 16. */
    uint32_t path_cost;
    bool enable;                    /* Configured to take part. */
    bool link_up;
    enum ofm_stp_state state;
    enum ofm_stp_role role;

    /* The designated information for the port's LAN (8.5.5). */
    uint64_t designated_root;
    uint32_t designated_cost;
    uint64_t designated_bridge;
    uint16_t designated_port;

    bool tc_ack;
    bool config_pending;
    bool change_detection;

    /* Timers: 0 when stopped, else the time they expire. */
    double message_age_expiry;
    double forward_delay_expiry;
    double hold_expiry;
    double message_age_at_rx;       /* Message age the port's info came with. */
    double rx_time;                 /* When that info came. */
};

struct stp_bridge;

/* What the state machine asks its user to do. */
struct stp_ops {
    /* Send 'bpdu' (CONFIG or TCN) out of 'port'. */
    void (*send)(struct stp_bridge *, const struct stp_port *, const struct ofm_bpdu *);
    /* 'port' changed role or state (already updated). */
    void (*port_changed)(struct stp_bridge *, const struct stp_port *);
    /* The bridge became root ('root' true) or stopped being root. */
    void (*root_changed)(struct stp_bridge *, bool root);
    /* A topology change was detected or reported (flush addresses). */
    void (*topology_change)(struct stp_bridge *);
    /* Log 'msg' about 'port' (NULL: about the bridge), INFO or DEBUG. */
    void (*log)(struct stp_bridge *, const struct stp_port *, bool debug, const char *msg);
};

struct stp_bridge {
    uint64_t dpid;
    uint64_t bridge_id;             /* Priority << 48 | low 48 bits of dpid. */
    uint16_t bridge_max_age, bridge_hello_time, bridge_fwd_delay;   /* s */

    uint64_t designated_root;
    uint32_t root_path_cost;
    struct stp_port *root_port;     /* NULL when root. */
    double max_age, hello_time, forward_delay;  /* In use (the root's). */
    bool topology_change_detected;
    bool topology_change;

    double hello_expiry;            /* 0: stopped. */
    double tcn_expiry;
    double tc_expiry;
    double tc_flush_after;          /* No topology change event before. */

    struct stp_port *ports;
    size_t n_ports, allocated;

    const struct stp_ops *ops;
    void *aux;
    double now;                     /* Of the current call. */
};

/* A bridge's configuration (validated by stp_config_check()). */
struct stp_bridge_config {
    uint16_t priority;
    uint16_t hello_time, max_age, fwd_delay;
};

/* Returns NULL if 'c' is valid, else what is wrong (a static string naming
 * the key): ranges of 802.1D-2004 table 17-1 (hello 1..10, max_age 6..40,
 * fwd_delay 4..30, priority a multiple of 4096 up to 61440) and the
 * relation 2 * (fwd_delay - 1) >= max_age >= 2 * (hello_time + 1). */
const char *stp_config_check(const struct stp_bridge_config *c, const char **key);

/* The default path cost of a port of 'kbps' (802.1D-2004 table 17-3);
 * 'kbps' 0 (unknown) gives 1 Gb/s's. */
uint32_t stp_default_path_cost(uint32_t kbps);

void stp_bridge_init(struct stp_bridge *, uint64_t dpid, const struct stp_bridge_config *,
                     const struct stp_ops *, void *aux);
void stp_bridge_destroy(struct stp_bridge *);
/* Adds a port (BLOCK if 'enable' and 'link_up', else DISABLE), or updates
 * an existing one's link.  Call stp_bridge_start() once the first ports
 * are there; later additions take part at once. */
struct stp_port *stp_bridge_add_port(struct stp_bridge *, uint32_t port_no, uint8_t priority,
                                     uint32_t path_cost, bool enable, bool link_up,
                                     double now);
struct stp_port *stp_bridge_find_port(struct stp_bridge *, uint32_t port_no);
void stp_bridge_delete_port(struct stp_bridge *, uint32_t port_no, double now);
/* Starts the protocol: we are root, every port designated. */
void stp_bridge_start(struct stp_bridge *, double now);
/* The link of 'port' went up or down. */
void stp_port_link(struct stp_bridge *, struct stp_port *, bool up, double now);
/* A BPDU received on 'port'. */
void stp_port_rx(struct stp_bridge *, struct stp_port *, const struct ofm_bpdu *, double now);
/* Runs the timers due by 'now'. */
void stp_bridge_tick(struct stp_bridge *, double now);
bool stp_bridge_is_root(const struct stp_bridge *);

/* Bridge identifiers to and from a BPDU's split fields. */
uint64_t stp_bpdu_root_id(const struct ofm_bpdu *);
uint64_t stp_bpdu_bridge_id(const struct ofm_bpdu *);
/* "8000:000000000001"-like text of bridge id 'id' into 'buf' (>= 20). */
const char *stp_id_format(uint64_t id, char *buf, size_t size);

/* Makes of the received BPDU 'in' the one the state machine takes, in
 * '*out' (an RST BPDU is read as a configuration BPDU, 802.1D-2004 9.3.4),
 * and returns NULL, or why it must be dropped: a message age not below
 * max age, a timer out of 802.1D's range. */
const char *stp_bpdu_accept(const struct ofm_bpdu *in, struct ofm_bpdu *out);

#endif /* plugins/stp/stp-state.h */
