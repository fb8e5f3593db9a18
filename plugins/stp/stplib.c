/* stplib.so: the "stplib" context, 802.1D spanning tree (Ryu's
 * ryu.lib.stplib), for OpenFlow 1.0 and 1.2 to 1.5.
 *
 * One bridge per datapath once it reaches MAIN: a top-priority flow sends
 * BPDUs (dst 01:80:c2:00:00:00) to the controller, BPDUs go out as
 * packet-outs, and each port's state is applied with PORT_MOD config bits
 * (OpenFlow 1.0: NO_RECV, NO_RECV_STP, NO_FLOOD, NO_FWD; 1.3: NO_RECV,
 * NO_FWD, NO_PACKET_IN plus a drop flow for in_port while the port does not
 * forward).  The protocol is in stp-state.c; this file is the glue: YAML,
 * log lines as Ryu prints them, events, and the packet-in filter (no BPDU
 * and no frame from a port that is not FORWARD reaches a plugin).
 *
 * Beyond Ryu: port priority and path cost take effect; the root and
 * designated election, message age and topology change follow 802.1D;
 * a bad BPDU is logged with dpid and port and ignored; the admin state of
 * a port (PORT_DOWN) is never touched. */
#include <ofm/ofm.h>
#include <ofm/stp.h>
#include "stp-state.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TICK 0.1

static const uint8_t bpdu_mac[6] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x00 };

/* Configuration of one port (YAML). */
struct port_conf {
    uint32_t port;
    int priority;               /* -1: default. */
    long long path_cost;        /* 0: from the speed. */
    bool enable;
};

struct bridge_conf {
    uint64_t dpid;
    struct stp_bridge_config c;
    struct port_conf *ports;
    size_t n_ports;
};

/* A datapath's bridge. */
struct dp_bridge {
    struct stp_bridge br;
    uint64_t dpid;
    bool active;                /* The datapath is connected. */
};

struct stplib {
    struct ofm_plugin *plugin;
    int ev_packet_in, ev_topology_change, ev_port_state_change;
    struct bridge_conf *confs;
    size_t n_confs;
    struct dp_bridge **bridges;
    size_t n_bridges;
    struct ofm_timer *timer;
};

static struct stplib *lib;

static void __attribute__((format(printf, 4, 5)))
stp_log(enum ofm_log_level level, const char *level_name, uint64_t dpid,
        const char *fmt, ...)
{
    if (!ofm_log_enabled(level)) {
        return;
    }
    char msg[512];
    va_list args;
    va_start(args, fmt);
    vsnprintf(msg, sizeof msg, fmt, args);
    va_end(args);
    ofm_plog(lib->plugin, level, "[STP][%s] dpid=%016" PRIx64 ": %s", level_name, dpid, msg);
}
#define STP_INFO(DPID, ...) stp_log(OFM_LOG_INFO, "INFO", DPID, __VA_ARGS__)
#define STP_DEBUG(DPID, ...) stp_log(OFM_LOG_DEBUG, "DEBUG", DPID, __VA_ARGS__)
#define STP_WARN(DPID, ...) stp_log(OFM_LOG_WARNING, "WARNING", DPID, __VA_ARGS__)

static const struct bridge_conf *
conf_find(uint64_t dpid)
{
    for (size_t i = 0; i < lib->n_confs; i++) {
        if (lib->confs[i].dpid == dpid) {
            return &lib->confs[i];
        }
    }
    return NULL;
}

static struct dp_bridge *
bridge_find(uint64_t dpid)
{
    for (size_t i = 0; i < lib->n_bridges; i++) {
        if (lib->bridges[i]->dpid == dpid) {
            return lib->bridges[i];
        }
    }
    return NULL;
}

/* ---- Applying the outcomes on the switch. ---- */

static void
send_bpdu(struct stp_bridge *br, const struct stp_port *p, const struct ofm_bpdu *bpdu)
{
    struct ofm_dp *dp = ofm_dp_find(br->dpid);
    const struct ofm_port *port = dp ? ofm_dp_port(dp, p->port_no) : NULL;
    if (!port) {
        return;
    }
    struct ofm_packet pkt;
    ofm_packet_init(&pkt);
    struct ofm_ethernet *eth = ofm_packet_push_ethernet(&pkt);
    struct ofm_llc *llc = eth ? ofm_packet_push_llc(&pkt) : NULL;
    struct ofm_bpdu *b = llc ? ofm_packet_push_bpdu(&pkt) : NULL;
    uint64_t stub[16];
    struct ofm_buf frame;
    ofm_buf_use_stub(&frame, stub, sizeof stub);
    int error = EINVAL;
    if (b) {
        memcpy(eth->dst, bpdu_mac, 6);
        memcpy(eth->src, port->hw_addr, 6);
        llc->dsap_addr = 0x42;
        llc->ssap_addr = 0x42;
        llc->control[0] = 0x03;
        *b = *bpdu;
        error = ofm_packet_serialize(&pkt, &frame);
    }
    struct ofm_actions acts;
    ofm_actions_init(&acts);
    ofm_act_output(&acts, p->port_no, 0);
    if (!error) {
        struct ofm_packet_out po = {
            .buffer_id = OFP_NO_BUFFER,
            .in_port = OFPP_CONTROLLER,
            .actions = ofm_actions_data(&acts),
            .actions_size = ofm_actions_size(&acts),
            .data = frame.data,
            .data_size = frame.size,
        };
        error = ofm_dp_send_packet_out(dp, &po, NULL);
    }
    if (error) {
        STP_WARN(br->dpid, "[port=%" PRIu32 "] cannot send BPDU: %s", p->port_no,
                 ofm_err_str(error));
    } else {
        STP_DEBUG(br->dpid, "[port=%" PRIu32 "] Send %s BPDU.", p->port_no,
                  bpdu->kind == OFM_BPDU_TCN ? "TopologyChange" : "Config");
    }
    ofm_actions_uninit(&acts);
    ofm_buf_uninit(&frame);
    ofm_packet_uninit(&pkt);
}

/* The port config bits of 'state'. */
static uint32_t
config_bits(uint8_t version, enum ofm_stp_state state, uint32_t *mask)
{
    if (version == OFP10_VERSION) {
        *mask = OFPPC_NO_RECV | OFPPC10_NO_RECV_STP | OFPPC10_NO_FLOOD | OFPPC_NO_FWD;
        switch (state) {
        case OFM_STP_DISABLE:
            return *mask;
        case OFM_STP_BLOCK:
            return OFPPC_NO_RECV | OFPPC10_NO_FLOOD | OFPPC_NO_FWD;
        case OFM_STP_LISTEN:
        case OFM_STP_LEARN:
            /* Unlike Ryu, no frame is flooded out or taken in before
             * FORWARD (802.1D); but no NO_FWD, which would drop the
             * BPDUs a designated port must send from LISTEN on. */
            return OFPPC_NO_RECV | OFPPC10_NO_FLOOD;
        case OFM_STP_FORWARD:
            return 0;
        }
    }
    *mask = OFPPC_NO_RECV | OFPPC_NO_FWD | OFPPC_NO_PACKET_IN;
    switch (state) {
    case OFM_STP_DISABLE:
        return *mask;
    case OFM_STP_BLOCK:
        return OFPPC_NO_FWD | OFPPC_NO_PACKET_IN;
    case OFM_STP_LISTEN:
    case OFM_STP_LEARN:
        /* As above; 1.3 has no NO_FLOOD: the apps flood with
         * flood_actions(), which leaves these ports out. */
        return OFPPC_NO_PACKET_IN;
    case OFM_STP_FORWARD:
        return 0;
    }
    return 0;
}

static void
drop_flow(struct ofm_dp *dp, uint32_t port, bool add)
{
    struct ofm_match match;
    struct ofm_insts insts;
    struct ofm_flow_mod fm;
    ofm_match_init(&match);
    ofm_match_set_in_port(&match, port);
    ofm_insts_init(&insts);
    ofm_flow_mod_init(&fm, add ? OFPFC_ADD : OFPFC_DELETE_STRICT);
    fm.priority = OFM_STP_DROP_FLOW_PRIORITY;
    fm.match = &match;
    ofm_flow_mod_set_insts(&fm, &insts);
    int error = ofm_dp_send_flow_mod(dp, &fm, NULL);
    if (error) {
        STP_WARN(ofm_dp_id(dp), "[port=%" PRIu32 "] cannot send the drop flow: %s",
                 port, ofm_err_str(error));
    }
    ofm_insts_uninit(&insts);
}

static void
apply_state(struct ofm_dp *dp, const struct stp_port *p)
{
    const struct ofm_port *port = ofm_dp_port(dp, p->port_no);
    if (!port) {
        return;
    }
    struct ofm_port_mod pm = { .port_no = p->port_no };
    memcpy(pm.hw_addr, port->hw_addr, 6);
    pm.config = config_bits(ofm_dp_version(dp), p->state, &pm.mask);
    int error = ofm_dp_send_port_mod(dp, &pm, NULL);
    if (error) {
        STP_WARN(ofm_dp_id(dp), "[port=%" PRIu32 "] cannot set the port state: %s",
                 p->port_no, ofm_err_str(error));
    }
    if (ofm_dp_version(dp) != OFP10_VERSION) {
        drop_flow(dp, p->port_no, p->state != OFM_STP_FORWARD);
    }
}

static void
port_changed(struct stp_bridge *br, const struct stp_port *p)
{
    struct dp_bridge *b = br->aux;
    STP_INFO(br->dpid, "[port=%" PRIu32 "] %-19s / %s", p->port_no,
             ofm_stp_role_name(p->role), ofm_stp_state_name(p->state));
    struct ofm_dp *dp = b->active ? ofm_dp_find(br->dpid) : NULL;
    if (!dp) {
        return;
    }
    apply_state(dp, p);
    struct ofm_stp_port_state st = { br->dpid, p->port_no, p->state, p->role };
    struct ofm_event ev = {
        .type = lib->ev_port_state_change, .dp = dp, .port_no = p->port_no, .data = &st,
    };
    ofm_event_emit(lib->plugin, &ev);
}

static void
root_changed(struct stp_bridge *br, bool root)
{
    STP_INFO(br->dpid, "%s", root ? "Root bridge." : "Non root bridge.");
}

static void
topology_change(struct stp_bridge *br)
{
    struct ofm_dp *dp = ofm_dp_find(br->dpid);
    if (!dp) {
        return;
    }
    struct ofm_stp_topology_change tc = { br->dpid };
    struct ofm_event ev = { .type = lib->ev_topology_change, .dp = dp, .data = &tc };
    ofm_event_emit(lib->plugin, &ev);
}

static void
log_line(struct stp_bridge *br, const struct stp_port *p, bool debug, const char *msg)
{
    if (p) {
        stp_log(debug ? OFM_LOG_DEBUG : OFM_LOG_INFO, debug ? "DEBUG" : "INFO", br->dpid,
                "[port=%" PRIu32 "] %s", p->port_no, msg);
    } else {
        stp_log(debug ? OFM_LOG_DEBUG : OFM_LOG_INFO, debug ? "DEBUG" : "INFO", br->dpid,
                "%s", msg);
    }
}

static const struct stp_ops ops = {
    .send = send_bpdu,
    .port_changed = port_changed,
    .root_changed = root_changed,
    .topology_change = topology_change,
    .log = log_line,
};

/* ---- Datapaths. ---- */

static bool
port_link_up(const struct ofm_port *port)
{
    return !(port->state & OFPPS_LINK_DOWN) && !(port->config & OFPPC_PORT_DOWN);
}

static bool
stp_port_number(uint32_t port_no)
{
    return port_no >= 1 && port_no <= 0xfff;    /* 12 bits in a port id. */
}

static void
add_port(struct dp_bridge *b, const struct ofm_port *port)
{
    const struct bridge_conf *bc = conf_find(b->dpid);
    int priority = 128;
    uint32_t cost = stp_default_path_cost(port->curr_speed);
    bool enable = true;
    for (size_t i = 0; bc && i < bc->n_ports; i++) {
        if (bc->ports[i].port == port->port_no) {
            if (bc->ports[i].priority >= 0) {
                priority = bc->ports[i].priority;
            }
            if (bc->ports[i].path_cost) {
                cost = (uint32_t) bc->ports[i].path_cost;
            }
            enable = bc->ports[i].enable;
        }
    }
    stp_bridge_add_port(&b->br, port->port_no, (uint8_t) priority, cost, enable,
                        port_link_up(port), ofm_now());
}

static void
install_bpdu_flow(struct ofm_dp *dp)
{
    struct ofm_match match;
    struct ofm_actions acts;
    struct ofm_insts insts;
    struct ofm_flow_mod fm;
    ofm_match_init(&match);
    ofm_match_set_eth_dst(&match, bpdu_mac);
    ofm_actions_init(&acts);
    ofm_act_output(&acts, OFPP_CONTROLLER, OFP13_CML_NO_BUFFER);
    ofm_insts_init(&insts);
    ofm_inst_apply_actions(&insts, &acts);
    ofm_flow_mod_init(&fm, OFPFC_ADD);
    fm.priority = OFM_STP_BPDU_FLOW_PRIORITY;
    fm.match = &match;
    ofm_flow_mod_set_insts(&fm, &insts);
    int error = ofm_dp_send_flow_mod(dp, &fm, NULL);
    if (error) {
        STP_WARN(ofm_dp_id(dp), "cannot install the BPDU flow: %s", ofm_err_str(error));
    }
    ofm_insts_uninit(&insts);
    ofm_actions_uninit(&acts);
}

static void on_tick(struct ofm_timer *, void *aux);

static void
bridge_join(struct ofm_dp *dp)
{
    uint64_t dpid = ofm_dp_id(dp);
    struct dp_bridge *b = bridge_find(dpid);
    if (b) {
        stp_bridge_destroy(&b->br);
    } else {
        b = calloc(1, sizeof *b);
        struct dp_bridge **v = realloc(lib->bridges, (lib->n_bridges + 1) * sizeof *v);
        if (!b || !v) {
            abort();
        }
        lib->bridges = v;
        lib->bridges[lib->n_bridges++] = b;
    }
    const struct bridge_conf *bc = conf_find(dpid);
    struct stp_bridge_config c = { 32768, 2, 20, 15 };
    if (bc) {
        c = bc->c;
    }
    b->dpid = dpid;
    stp_bridge_init(&b->br, dpid, &c, &ops, b);
    b->active = true;
    STP_INFO(dpid, "Join as stp bridge.");
    install_bpdu_flow(dp);
    for (const struct ofm_port *port = ofm_dp_port_next(dp, NULL); port;
         port = ofm_dp_port_next(dp, port)) {
        if (stp_port_number(port->port_no)) {
            add_port(b, port);
        }
    }
    stp_bridge_start(&b->br, ofm_now());
    STP_INFO(dpid, "Root bridge.");
    if (!lib->timer) {
        lib->timer = ofm_timer_add(lib->plugin, TICK, TICK, on_tick, NULL);
    }
}

static void
on_tick(struct ofm_timer *timer, void *aux)
{
    double now = ofm_now();
    for (size_t i = 0; i < lib->n_bridges; i++) {
        if (lib->bridges[i]->active) {
            stp_bridge_tick(&lib->bridges[i]->br, now);
        }
    }
}

static void
on_state_change(const struct ofm_event *ev, void *aux)
{
    uint64_t dpid = ofm_dp_id(ev->dp);
    if (!dpid) {
        return;
    }
    if (ev->state == OFM_STATE_MAIN) {
        bridge_join(ev->dp);
    } else if (ev->state == OFM_STATE_DEAD) {
        struct dp_bridge *b = bridge_find(dpid);
        if (b && b->active) {
            b->active = false;
            STP_INFO(dpid, "Leave stp bridge.");
        }
    }
}

static void
on_port_status(const struct ofm_event *ev, void *aux)
{
    struct ofm_port_status ps;
    if (ofm_decode_port_status(ev->msg, &ps)) {
        return;
    }
    uint64_t dpid = ofm_dp_id(ev->dp);
    struct dp_bridge *b = bridge_find(dpid);
    if (!b || !b->active || !stp_port_number(ps.desc.port_no)) {
        return;
    }
    struct stp_port *p = stp_bridge_find_port(&b->br, ps.desc.port_no);
    double now = ofm_now();
    if (ps.reason == OFPPR_DELETE) {
        if (p) {
            STP_INFO(dpid, "[port=%" PRIu32 "] Port delete.", ps.desc.port_no);
            stp_bridge_delete_port(&b->br, ps.desc.port_no, now);
        }
    } else if (!p) {
        STP_INFO(dpid, "[port=%" PRIu32 "] Port add.", ps.desc.port_no);
        add_port(b, &ps.desc);
    } else {
        bool up = port_link_up(&ps.desc);
        if (up != p->link_up && up) {
            STP_INFO(dpid, "[port=%" PRIu32 "] Link up.", p->port_no);
        }
        stp_port_link(&b->br, p, up, now);
    }
}

/* Handles a frame to 01:80:c2:00:00:00 received on 'in_port'. */
static void
handle_bpdu(struct dp_bridge *b, uint32_t in_port, const uint8_t *data, size_t size)
{
    static struct ofm_ratelimit rl = OFM_RATELIMIT_INIT(60, 20);
    struct ofm_packet pkt;
    ofm_packet_parse(&pkt, data, size);
    const struct ofm_bpdu *bpdu = ofm_packet_find(&pkt, OFM_PROTO_BPDU);
    struct ofm_bpdu copy;
    const char *why;
    if (!bpdu) {
        why = (pkt.error && (pkt.error_proto == OFM_PROTO_BPDU || pkt.error_proto == OFM_PROTO_LLC))
              ? "truncated or malformed BPDU" : "not a BPDU of a known version";
    } else {
        why = stp_bpdu_accept(bpdu, &copy);
    }
    struct stp_port *p = stp_bridge_find_port(&b->br, in_port);
    if (why || !p) {
        if (ofm_ratelimit_allow(&rl)) {
            STP_WARN(b->dpid, "[port=%" PRIu32 "] BPDU dropped: %s", in_port,
                     why ? why : "port not in the tree");
        }
        ofm_packet_uninit(&pkt);
        return;
    }
    stp_port_rx(&b->br, p, &copy, ofm_now());
    ofm_packet_uninit(&pkt);
}

static void
on_packet_in(const struct ofm_event *ev, void *aux)
{
    static struct ofm_ratelimit bad_rl = OFM_RATELIMIT_INIT(60, 20);
    struct ofm_packet_in pin;
    int error = ofm_decode_packet_in(ev->msg, &pin);
    uint64_t dpid = ofm_dp_id(ev->dp);
    if (error) {
        if (ofm_ratelimit_allow(&bad_rl)) {
            STP_WARN(dpid, "malformed packet-in: %s", ofm_err_str(error));
        }
        return;
    }
    struct dp_bridge *b = bridge_find(dpid);
    if (!b || !b->active) {
        return;
    }
    if (pin.data_size >= 6 && !memcmp(pin.data, bpdu_mac, 6)) {
        handle_bpdu(b, pin.in_port, pin.data, pin.data_size);
        return;
    }
    struct stp_port *p = stp_bridge_find_port(&b->br, pin.in_port);
    if (p && p->state != OFM_STP_FORWARD) {
        return;                 /* A blocked port's frames go nowhere. */
    }
    struct ofm_stp_packet_in spi = { &pin };
    struct ofm_event out = {
        .type = lib->ev_packet_in, .dp = ev->dp, .msg = ev->msg, .data = &spi,
    };
    ofm_event_emit(lib->plugin, &out);
}

/* ---- The API. ---- */

static int
api_port_state(uint64_t dpid, uint32_t port, enum ofm_stp_state *state,
               enum ofm_stp_role *role)
{
    struct dp_bridge *b = bridge_find(dpid);
    struct stp_port *p = b ? stp_bridge_find_port(&b->br, port) : NULL;
    if (!p) {
        return ENOENT;
    }
    *state = p->state;
    *role = p->role;
    return 0;
}

static int
api_is_root(uint64_t dpid, bool *root)
{
    struct dp_bridge *b = bridge_find(dpid);
    if (!b) {
        return ENOENT;
    }
    *root = stp_bridge_is_root(&b->br);
    return 0;
}

/* A flood's outputs: every port but 'in_port' that is FORWARD, or that
 * the spanning tree does not run on (LOCAL, numbers beyond 12 bits). */
static void
api_flood_actions(struct ofm_dp *dp, uint32_t in_port, struct ofm_actions *acts)
{
    struct dp_bridge *b = bridge_find(ofm_dp_id(dp));
    for (const struct ofm_port *port = ofm_dp_port_next(dp, NULL); port;
         port = ofm_dp_port_next(dp, port)) {
        if (port->port_no == in_port) {
            continue;
        }
        const struct stp_port *p = (b && stp_port_number(port->port_no)
                                    ? stp_bridge_find_port(&b->br, port->port_no) : NULL);
        if (p ? p->state == OFM_STP_FORWARD : !stp_port_number(port->port_no)) {
            ofm_act_output(acts, port->port_no, 0);
        }
    }
}

static struct ofm_stp_api api;

/* ---- Configuration. ---- */

static int
parse_port(const struct ofm_conf *node, struct port_conf *pc, char *err, size_t err_size)
{
    static const char *const keys[] = { "port", "priority", "path_cost", "enable", NULL };
    if (ofm_conf_kind(node) != OFM_CONF_MAP) {
        snprintf(err, err_size, "%s: stp: bridges: ports: each port is a map (port, "
                 "priority, path_cost, enable)", ofm_conf_where(node));
        return EINVAL;
    }
    if (ofm_conf_check_keys(node, keys, err, err_size)) {
        return EINVAL;
    }
    long long port = 0, priority = -1, cost = 0;
    pc->enable = true;
    if (!ofm_conf_get(node, "port")) {
        snprintf(err, err_size, "%s: stp: bridges: ports: a port needs 'port'",
                 ofm_conf_where(node));
        return EINVAL;
    }
    if (ofm_conf_get_int(node, "port", 1, 0xfff, &port, err, err_size)
        || ofm_conf_get_int(node, "priority", 0, 240, &priority, err, err_size)
        || ofm_conf_get_int(node, "path_cost", 1, 200000000, &cost, err, err_size)
        || ofm_conf_get_bool(node, "enable", &pc->enable, err, err_size)) {
        return EINVAL;
    }
    if (priority >= 0 && priority % 16) {
        snprintf(err, err_size, "%s: stp: bridges: ports: priority must be a multiple "
                 "of 16 from 0 to 240", ofm_conf_where(ofm_conf_get(node, "priority")));
        return EINVAL;
    }
    pc->port = (uint32_t) port;
    pc->priority = (int) priority;
    pc->path_cost = cost;
    return 0;
}

static int
parse_bridge(const struct ofm_conf *node, struct bridge_conf *bc, char *err, size_t err_size)
{
    static const char *const keys[] = {
        "dpid", "priority", "hello_time", "max_age", "fwd_delay", "ports", NULL,
    };
    if (ofm_conf_kind(node) != OFM_CONF_MAP) {
        snprintf(err, err_size, "%s: stp: bridges: each bridge is a map (dpid, priority, "
                 "hello_time, max_age, fwd_delay, ports)", ofm_conf_where(node));
        return EINVAL;
    }
    if (ofm_conf_check_keys(node, keys, err, err_size)) {
        return EINVAL;
    }
    const struct ofm_conf *dpid = ofm_conf_get(node, "dpid");
    if (!dpid) {
        snprintf(err, err_size, "%s: stp: bridges: a bridge needs a 'dpid'",
                 ofm_conf_where(node));
        return EINVAL;
    }
    long long prio = 32768, hello = 2, max_age = 20, fwd = 15;
    if (ofm_conf_to_dpid(dpid, &bc->dpid, err, err_size)
        || ofm_conf_get_int(node, "priority", 0, 61440, &prio, err, err_size)
        || ofm_conf_get_int(node, "hello_time", 1, 10, &hello, err, err_size)
        || ofm_conf_get_int(node, "max_age", 6, 40, &max_age, err, err_size)
        || ofm_conf_get_int(node, "fwd_delay", 4, 30, &fwd, err, err_size)) {
        return EINVAL;
    }
    if (conf_find(bc->dpid)) {
        snprintf(err, err_size, "%s: stp: bridges: datapath %016" PRIx64 " is listed twice",
                 ofm_conf_where(dpid), bc->dpid);
        return EINVAL;
    }
    bc->c = (struct stp_bridge_config) { (uint16_t) prio, (uint16_t) hello,
                                         (uint16_t) max_age, (uint16_t) fwd };
    const char *key;
    const char *why = stp_config_check(&bc->c, &key);
    if (why) {
        const struct ofm_conf *at = ofm_conf_get(node, key);
        snprintf(err, err_size, "%s: stp: bridges: %s %s", ofm_conf_where(at ? at : node),
                 key, why);
        return EINVAL;
    }
    const struct ofm_conf *ports = ofm_conf_get(node, "ports");
    if (!ports) {
        return 0;
    }
    if (ofm_conf_kind(ports) != OFM_CONF_SEQ) {
        snprintf(err, err_size, "%s: stp: bridges: ports: expected a list of ports",
                 ofm_conf_where(ports));
        return EINVAL;
    }
    bc->n_ports = ofm_conf_count(ports);
    bc->ports = calloc(bc->n_ports ? bc->n_ports : 1, sizeof *bc->ports);
    if (!bc->ports) {
        abort();
    }
    for (size_t i = 0; i < bc->n_ports; i++) {
        if (parse_port(ofm_conf_at(ports, i, NULL), &bc->ports[i], err, err_size)) {
            return EINVAL;
        }
    }
    return 0;
}

static int
read_config(char *err, size_t err_size)
{
    const struct ofm_conf *bridges;
    if (ofm_conf_section_list(ofm_plugin_config(lib->plugin), "stp", "bridges", &bridges,
                              err, err_size)) {
        return EINVAL;
    }
    size_t n = bridges ? ofm_conf_count(bridges) : 0;
    lib->confs = calloc(n ? n : 1, sizeof *lib->confs);
    if (!lib->confs) {
        abort();
    }
    for (size_t i = 0; i < n; i++) {
        struct bridge_conf bc = { 0 };
        int error = parse_bridge(ofm_conf_at(bridges, i, NULL), &bc, err, err_size);
        lib->confs[lib->n_confs++] = bc;
        if (error) {
            return EINVAL;
        }
    }
    return 0;
}

/* ---- The plugin. ---- */

static void
stplib_fini(struct ofm_plugin *p)
{
    struct stplib *l = ofm_plugin_data(p);
    if (!l) {
        return;
    }
    ofm_timer_cancel(l->timer);
    for (size_t i = 0; i < l->n_bridges; i++) {
        stp_bridge_destroy(&l->bridges[i]->br);
        free(l->bridges[i]);
    }
    free(l->bridges);
    for (size_t i = 0; i < l->n_confs; i++) {
        free(l->confs[i].ports);
    }
    free(l->confs);
    free(l);
    ofm_plugin_set_data(p, NULL);
    lib = NULL;
}

static int
stplib_init(struct ofm_plugin *p, char *err, size_t err_size)
{
    struct stplib *l = calloc(1, sizeof *l);
    if (!l) {
        snprintf(err, err_size, "out of memory");
        return ENOMEM;
    }
    l->plugin = p;
    ofm_plugin_set_data(p, l);
    lib = l;

    l->ev_packet_in = ofm_event_declare(p, OFM_STP_EV_PACKET_IN);
    l->ev_topology_change = ofm_event_declare(p, OFM_STP_EV_TOPOLOGY_CHANGE);
    l->ev_port_state_change = ofm_event_declare(p, OFM_STP_EV_PORT_STATE_CHANGE);
    if (l->ev_packet_in < 0 || l->ev_topology_change < 0 || l->ev_port_state_change < 0) {
        snprintf(err, err_size, "cannot declare %s, %s and %s: another plugin declared "
                 "one of them", OFM_STP_EV_PACKET_IN, OFM_STP_EV_TOPOLOGY_CHANGE,
                 OFM_STP_EV_PORT_STATE_CHANGE);
        stplib_fini(p);
        return EEXIST;
    }
    int error = read_config(err, err_size);
    if (error) {
        stplib_fini(p);
        return error;
    }
    ofm_handler_register(p, OFM_EV_PACKET_IN, OFM_STATE_MAIN, on_packet_in, NULL);
    ofm_handler_register(p, OFM_EV_PORT_STATUS, OFM_STATE_MAIN, on_port_status, NULL);
    ofm_handler_register(p, OFM_EV_STATE_CHANGE, 0, on_state_change, NULL);

    api = (struct ofm_stp_api) {
        .size = sizeof(struct ofm_stp_api),
        .ev_packet_in = l->ev_packet_in,
        .ev_topology_change = l->ev_topology_change,
        .ev_port_state_change = l->ev_port_state_change,
        .port_state = api_port_state,
        .is_root = api_is_root,
        .flood_actions = api_flood_actions,
    };
    ofm_context_provide(p, &api);
    return 0;
}

OFM_PLUGIN(.name = "stplib",
           .ofp_versions = OFM_VERSIONS_ALL,
           .provides = OFM_STP_CONTEXT,
           .config_section = "stp",
           .init = stplib_init,
           .fini = stplib_fini);
