/* lacplib.so: the "lacplib" context, link aggregation with LACP (Ryu's
 * ryu.lib.lacplib), for OpenFlow 1.0 and 1.2 to 1.5.
 *
 * Every packet-in passes through here.  An LACPDU from a member of a bond
 * is answered out of the port it came in on, enables the member (event
 * EventSlaveStateChanged), and (re)installs the member's monitoring flow
 * (priority 65535, in_port + eth_src + eth_type 0x8809 -> CONTROLLER, an
 * idle timeout of three LACPDU intervals, SEND_FLOW_REM).  When that flow
 * idles out the switch says FLOW_REMOVED: the member is disabled and the
 * event says so.  Any other packet-in goes on as EventPacketIn.
 *
 * Beyond Ryu: bonds come from YAML; an active bond sends LACPDUs
 * periodically, so a passive partner aggregates too; malformed LACPDUs
 * and LACPDUs on ports of no bond are logged (rate-limited) and dropped;
 * a switch without a LOCAL port still gets a system id; a member whose
 * link goes down (PORT_STATUS) is disabled at once; lacplib also times
 * out a silent member itself, so the failover does not wait for the
 * switch to get round to expiring the flow; slow protocol frames are never
 * handed to the switching app (they must not be forwarded).  The protocol
 * logic is in lacp-state.c; this file is the glue.
 *
 * Configuration (YAML, see ofm-lacp(8)):
 *     lacp:
 *       bonds:
 *         - dpid: "0000000000000001"
 *           ports: [1, 2]
 *           mode: passive          # or active
 *           rate: fast             # or slow (active mode) */
#include <ofm/ofm.h>
#include <ofm/lacp.h>
#include "lacp-state.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How often members are checked for a periodic LACPDU to send (active
 * bonds) and for LACPDUs overdue (all bonds). */
#define TICK 0.25

struct lacplib {
    struct ofm_plugin *plugin;
    struct lacp_table table;
    int ev_packet_in;
    int ev_slave_state_changed;
    struct ofm_timer *timer;        /* Once there is a bond. */
};

/* The API functions reach the one instance through this. */
static struct lacplib *lib;

/* Log lines as Ryu's lacplib writes them: "[LACP][INFO] SW=... PORT=... ". */
static void __attribute__((format(printf, 5, 6)))
lacp_log(enum ofm_log_level level, const char *level_name, uint64_t dpid,
         uint32_t port, const char *fmt, ...)
{
    if (!ofm_log_enabled(level)) {
        return;
    }
    char msg[512];
    va_list args;
    va_start(args, fmt);
    vsnprintf(msg, sizeof msg, fmt, args);
    va_end(args);
    ofm_plog(lib->plugin, level, "[LACP][%s] SW=%016" PRIx64 " PORT=%" PRIu32 " %s",
             level_name, dpid, port, msg);
}
#define LACP_INFO(DPID, PORT, ...) lacp_log(OFM_LOG_INFO, "INFO", DPID, PORT, __VA_ARGS__)
#define LACP_DEBUG(DPID, PORT, ...) lacp_log(OFM_LOG_DEBUG, "DEBUG", DPID, PORT, __VA_ARGS__)
#define LACP_WARN(DPID, PORT, ...) lacp_log(OFM_LOG_WARNING, "WARNING", DPID, PORT, __VA_ARGS__)

static bool
mac_is_zero(const uint8_t mac[6])
{
    return !(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]);
}

/* The LACP system id of 'dp' (see lacp_system_id()): its LOCAL port's MAC,
 * or for a switch without one, its datapath id, or its lowest port's MAC. */
static void
system_id(const struct ofm_dp *dp, uint8_t sys[6])
{
    const struct ofm_port *local = ofm_dp_port(dp, OFPP_LOCAL);
    const struct ofm_port *first = ofm_dp_port_next(dp, NULL);
    lacp_system_id(local ? local->hw_addr : NULL, ofm_dp_id(dp),
                   first ? first->hw_addr : NULL, sys);
}

/* Sends our LACPDU for member 'm' of 'bond' out of its port. */
static void
send_lacpdu(struct ofm_dp *dp, const struct lacp_bond *bond, const struct lacp_member *m)
{
    uint8_t sys[6], src[6];
    system_id(dp, sys);
    const struct ofm_port *port = ofm_dp_port(dp, m->port);
    memcpy(src, port && !mac_is_zero(port->hw_addr) ? port->hw_addr : sys, 6);

    struct ofm_lacp pdu;
    lacp_build_pdu(bond, m, sys, &pdu);

    uint64_t stub[32];
    struct ofm_buf frame;
    ofm_buf_use_stub(&frame, stub, sizeof stub);
    struct ofm_actions acts;
    ofm_actions_init(&acts);
    ofm_act_output(&acts, m->port, 0);
    int error = lacp_frame_build(&pdu, src, &frame);
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
        LACP_WARN(ofm_dp_id(dp), m->port, "cannot send LACPDU: %s", ofm_err_str(error));
    } else {
        LACP_INFO(ofm_dp_id(dp), m->port, "LACP sent.");
    }
    ofm_actions_uninit(&acts);
    ofm_buf_uninit(&frame);
}

static void
install_flow(struct ofm_dp *dp, const struct lacp_member *m)
{
    struct ofm_flow_mod fm;
    struct ofm_match match;
    struct ofm_insts insts;
    lacp_flow_build(&fm, &match, &insts, m->port, m->flow_src, m->timeout);
    int error = ofm_dp_send_flow_mod(dp, &fm, NULL);
    if (error) {
        LACP_WARN(ofm_dp_id(dp), m->port, "cannot install the LACP flow: %s",
                  ofm_err_str(error));
    }
    ofm_insts_uninit(&insts);
}

static void
emit_slave_state(struct ofm_dp *dp, uint32_t port, bool enabled)
{
    struct ofm_lacp_slave_state st = { ofm_dp_id(dp), port, enabled };
    struct ofm_event ev = {
        .type = lib->ev_slave_state_changed,
        .dp = dp,
        .port_no = port,
        .data = &st,
    };
    ofm_event_emit(lib->plugin, &ev);
}

static void
handle_lacpdu(struct ofm_dp *dp, uint32_t in_port, const struct ofm_lacp *pdu,
              const uint8_t src[6])
{
    static struct ofm_ratelimit rl = OFM_RATELIMIT_INIT(6, 3);
    uint64_t dpid = ofm_dp_id(dp);
    struct lacp_bond *bond;
    struct lacp_member *m = lacp_table_find(&lib->table, dpid, in_port, &bond);
    if (!m) {
        /* Not ours to answer: the partner then sees an individual link,
         * which is the truth.  No flow either, so no churn. */
        if (ofm_ratelimit_allow(&rl)) {
            LACP_WARN(dpid, in_port, "LACP received on a port that is in no "
                      "bond: ignored.");
        }
        return;
    }

    uint8_t sys[6];
    system_id(dp, sys);
    struct lacp_rx rx;
    LACP_INFO(dpid, in_port, "LACP received.");
    lacp_member_rx(bond, m, pdu, src, sys, ofm_now(), &rx);
    if (rx.enabled) {
        LACP_INFO(dpid, in_port, "the slave i/f has just been up.");
    }
    if (rx.timeout_changed) {
        LACP_INFO(dpid, in_port, "the timeout time has changed.");
    }
    if (rx.install_flow) {
        install_flow(dp, m);
    }
    if (rx.reply) {
        send_lacpdu(dp, bond, m);
    }
    /* Last, so observers see the member's flow and reply already sent
     * (Ryu's observers also run after, from their event queue). */
    if (rx.enabled) {
        emit_slave_state(dp, in_port, true);
    }
}

static void
on_packet_in(const struct ofm_event *ev, void *aux)
{
    static struct ofm_ratelimit bad_rl = OFM_RATELIMIT_INIT(6, 3);
    struct ofm_packet_in pin;
    int error = ofm_decode_packet_in(ev->msg, &pin);
    if (error) {
        if (ofm_ratelimit_allow(&bad_rl)) {
            ofm_plog(lib->plugin, OFM_LOG_WARNING, "datapath %016" PRIx64
                     ": malformed packet-in: %s", ofm_dp_id(ev->dp), ofm_err_str(error));
        }
        return;
    }

    struct ofm_lacp pdu;
    uint8_t src[6];
    char why[128];
    switch (lacp_frame_classify(pin.data, pin.data_size, &pdu, src, why, sizeof why)) {
    case LACP_FRAME_OTHER: {
        struct ofm_lacp_packet_in lpi = { &pin };
        struct ofm_event out = {
            .type = lib->ev_packet_in,
            .dp = ev->dp,
            .msg = ev->msg,
            .data = &lpi,
        };
        ofm_event_emit(lib->plugin, &out);
        break;
    }
    case LACP_FRAME_LACPDU:
        handle_lacpdu(ev->dp, pin.in_port, &pdu, src);
        break;
    case LACP_FRAME_MALFORMED:
        if (ofm_ratelimit_allow(&bad_rl)) {
            LACP_WARN(ofm_dp_id(ev->dp), pin.in_port, "malformed LACPDU dropped: %s", why);
        }
        break;
    case LACP_FRAME_SLOW_OTHER:
        /* Marker and other slow protocols are link-local: never flooded. */
        LACP_DEBUG(ofm_dp_id(ev->dp), pin.in_port, "slow protocol frame (subtype %u) "
                   "dropped", pin.data_size > 14 ? pin.data[14] : 0);
        break;
    }
}

/* Disables member 'm' of 'dp' (if enabled), says why, and tells the
 * observers. */
static void
member_down(struct ofm_dp *dp, struct lacp_member *m, const char *why)
{
    uint32_t port = m->port;
    if (lacp_member_expire(m)) {
        LACP_INFO(ofm_dp_id(dp), port, "%s", why);
        emit_slave_state(dp, port, false);
    }
}

static void
on_flow_removed(const struct ofm_event *ev, void *aux)
{
    struct ofm_flow_removed fr;
    if (ofm_decode_flow_removed(ev->msg, &fr)) {
        return;                 /* Not ours to complain about. */
    }
    uint64_t dpid = ofm_dp_id(ev->dp);
    struct lacp_member *m;
    switch (lacp_flow_removed(&lib->table, dpid, &fr, &m, NULL)) {
    case LACP_REMOVED_OTHER:
        return;
    case LACP_REMOVED_STALE:
        LACP_DEBUG(dpid, m->port, "an old LACP flow was removed.");
        return;
    case LACP_REMOVED_CURRENT:
        break;
    }
    member_down(ev->dp, m, fr.reason == OFPRR_DELETE
                ? "the LACP flow has been deleted."
                : "LACP exchange timeout has occurred.");
}

static void
on_port_status(const struct ofm_event *ev, void *aux)
{
    struct ofm_port_status ps;
    if (ofm_decode_port_status(ev->msg, &ps)) {
        return;                 /* The manager logged it. */
    }
    uint64_t dpid = ofm_dp_id(ev->dp);
    struct lacp_bond *bond;
    struct lacp_member *m = lacp_table_find(&lib->table, dpid, ps.desc.port_no, &bond);
    if (!m) {
        return;
    }
    bool down = (ps.reason == OFPPR_DELETE || (ps.desc.state & OFPPS_LINK_DOWN)
                 || (ps.desc.config & OFPPC_PORT_DOWN));
    if (!down) {
        m->next_tx = 0;         /* Active bonds speak up at once. */
        return;
    }
    /* No need to wait for the LACP timeout: nothing crosses a dead link.
     * The flow left behind idles out as a stale one. */
    member_down(ev->dp, m, "the slave i/f has just been down (link down).");
}

static void
on_state_change(const struct ofm_event *ev, void *aux)
{
    uint64_t dpid = ofm_dp_id(ev->dp);
    if (ev->state == OFM_STATE_DEAD && dpid) {
        /* The switch may come back with other flows: start afresh. */
        lacp_table_reset_dp(&lib->table, dpid);
    }
}

/* Every member of a connected datapath: disabled when its LACPDUs are
 * overdue (the switch's FLOW_REMOVED says the same, usually a little
 * later), and for active bonds, the periodic LACPDU if its link is up. */
static void
on_tick(struct ofm_timer *timer, void *aux)
{
    double now = ofm_now();
    /* By index: an observer of the events emitted here may add a bond,
     * which moves the bonds (their members stay put). */
    for (size_t i = 0; i < lib->table.n_bonds; i++) {
        struct ofm_dp *dp = ofm_dp_find(lib->table.bonds[i].dpid);
        if (!dp || ofm_dp_state(dp) != OFM_STATE_MAIN) {
            continue;
        }
        for (size_t j = 0; j < lib->table.bonds[i].n_members; j++) {
            struct lacp_member *m = &lib->table.bonds[i].members[j];
            if (lacp_member_rx_expired(m, now)) {
                member_down(dp, m, "LACP exchange timeout has occurred.");
            }
            const struct lacp_bond *b = &lib->table.bonds[i];
            const struct ofm_port *port = ofm_dp_port(dp, m->port);
            if (b->mode != OFM_LACP_ACTIVE || !port || (port->state & OFPPS_LINK_DOWN)
                || (port->config & OFPPC_PORT_DOWN)) {
                continue;
            }
            if (lacp_member_tx_due(b, m, now)) {
                send_lacpdu(dp, b, m);
            }
        }
    }
}

static void
log_bond(const struct lacp_bond *b)
{
    char ports[256];
    int len = 0;
    for (size_t i = 0; i < b->n_members && len >= 0 && (size_t) len < sizeof ports; i++) {
        len += snprintf(ports + len, sizeof ports - len, "%s%" PRIu32, i ? ", " : "",
                        b->members[i].port);
    }
    ofm_plog(lib->plugin, OFM_LOG_INFO, "bond %u: datapath %016" PRIx64 " ports %s, %s%s",
             b->key, b->dpid, ports,
             b->mode == OFM_LACP_ACTIVE ? "active, rate " : "passive",
             b->mode == OFM_LACP_ACTIVE ? (b->rate == OFM_LACP_FAST ? "fast" : "slow") : "");
}

/* ---- The API. ---- */

static int
api_add_bond(const struct ofm_lacp_bond *bond, char *err, size_t err_size)
{
    int error = lacp_table_add(&lib->table, bond, err, err_size);
    if (error) {
        return error;
    }
    log_bond(&lib->table.bonds[lib->table.n_bonds - 1]);
    if (!lib->timer) {
        lib->timer = ofm_timer_add(lib->plugin, 0, TICK, on_tick, NULL);
    }
    return 0;
}

static size_t
api_n_bonds(void)
{
    return lib->table.n_bonds;
}

static int
api_slave_enabled(uint64_t dpid, uint32_t port, bool *enabled)
{
    struct lacp_member *m = lacp_table_find(&lib->table, dpid, port, NULL);
    if (!m) {
        return ENOENT;
    }
    *enabled = m->enabled;
    return 0;
}

static const struct ofm_lacp_api api_table = {
    .size = sizeof(struct ofm_lacp_api),
    .add_bond = api_add_bond,
    .n_bonds = api_n_bonds,
    .slave_enabled = api_slave_enabled,
};
/* api_table with the event ids filled in at init. */
static struct ofm_lacp_api api;

/* ---- Configuration. ---- */

static int
parse_ports(const struct ofm_conf *seq, uint32_t **ports, size_t *n,
            char *err, size_t err_size)
{
    if (ofm_conf_kind(seq) != OFM_CONF_SEQ) {
        snprintf(err, err_size, "%s: lacp: bonds: 'ports' must be a list of port "
                 "numbers, e.g. [1, 2]", ofm_conf_where(seq));
        return EINVAL;
    }
    *n = ofm_conf_count(seq);
    *ports = calloc(*n ? *n : 1, sizeof **ports);
    if (!*ports) {
        abort();
    }
    for (size_t i = 0; i < *n; i++) {
        long long v;
        if (ofm_conf_to_int(ofm_conf_at(seq, i, NULL), 1, UINT16_MAX, &v, err, err_size)) {
            return EINVAL;
        }
        (*ports)[i] = (uint32_t) v;
    }
    return 0;
}

static int
parse_choice(const struct ofm_conf *map, const char *key, const char *a,
             const char *b, int *out, char *err, size_t err_size)
{
    const char *s = NULL;
    if (ofm_conf_get_string(map, key, &s, err, err_size)) {
        return EINVAL;
    }
    if (!s) {
        return 0;
    }
    if (!strcmp(s, a)) {
        *out = 0;
    } else if (!strcmp(s, b)) {
        *out = 1;
    } else {
        snprintf(err, err_size, "%s: lacp: bonds: %s must be %s or %s, not '%s'",
                 ofm_conf_where(ofm_conf_get(map, key)), key, a, b, s);
        return EINVAL;
    }
    return 0;
}

static int
parse_bond(const struct ofm_conf *node, char *err, size_t err_size)
{
    static const char *const keys[] = { "dpid", "ports", "mode", "rate", NULL };
    if (ofm_conf_kind(node) != OFM_CONF_MAP) {
        snprintf(err, err_size, "%s: lacp: bonds: each bond is a map (dpid, ports, "
                 "mode, rate)", ofm_conf_where(node));
        return EINVAL;
    }
    if (ofm_conf_check_keys(node, keys, err, err_size)) {
        return EINVAL;
    }
    const struct ofm_conf *dpid_node = ofm_conf_get(node, "dpid");
    if (!dpid_node || !ofm_conf_get(node, "ports")) {
        snprintf(err, err_size, "%s: lacp: bonds: a bond needs a 'dpid' and 'ports'",
                 ofm_conf_where(node));
        return EINVAL;
    }
    struct ofm_lacp_bond bond = { .mode = OFM_LACP_PASSIVE, .rate = OFM_LACP_FAST };
    int mode = 0, rate = 0;
    uint32_t *ports = NULL;
    int error = ofm_conf_to_dpid(dpid_node, &bond.dpid, err, err_size);
    if (!error) {
        error = parse_ports(ofm_conf_get(node, "ports"), &ports, &bond.n_ports,
                            err, err_size);
    }
    if (!error) {
        error = (parse_choice(node, "mode", "passive", "active", &mode, err, err_size)
                 || parse_choice(node, "rate", "fast", "slow", &rate, err, err_size));
    }
    if (!error) {
        bond.ports = ports;
        bond.mode = mode ? OFM_LACP_ACTIVE : OFM_LACP_PASSIVE;
        bond.rate = rate ? OFM_LACP_SLOW : OFM_LACP_FAST;
        char why[256];
        error = api_add_bond(&bond, why, sizeof why);
        if (error) {
            snprintf(err, err_size, "%s: lacp: bonds: %s", ofm_conf_where(node), why);
        }
    }
    free(ports);
    return error ? EINVAL : 0;
}

static int
read_config(char *err, size_t err_size)
{
    const struct ofm_conf *bonds;
    if (ofm_conf_section_list(ofm_plugin_config(lib->plugin), "lacp", "bonds", &bonds,
                              err, err_size)) {
        return EINVAL;
    }
    for (size_t i = 0; bonds && i < ofm_conf_count(bonds); i++) {
        if (parse_bond(ofm_conf_at(bonds, i, NULL), err, err_size)) {
            return EINVAL;
        }
    }
    return 0;
}

/* ---- The plugin. ---- */

static void
lacplib_fini(struct ofm_plugin *p)
{
    struct lacplib *l = ofm_plugin_data(p);
    if (!l) {
        return;
    }
    ofm_timer_cancel(l->timer);
    lacp_table_destroy(&l->table);
    free(l);
    ofm_plugin_set_data(p, NULL);
    lib = NULL;
}

static int
lacplib_init(struct ofm_plugin *p, char *err, size_t err_size)
{
    struct lacplib *l = calloc(1, sizeof *l);
    if (!l) {
        snprintf(err, err_size, "out of memory");
        return ENOMEM;
    }
    l->plugin = p;
    lacp_table_init(&l->table);
    ofm_plugin_set_data(p, l);
    lib = l;

    l->ev_packet_in = ofm_event_declare(p, OFM_LACP_EV_PACKET_IN);
    l->ev_slave_state_changed = ofm_event_declare(p, OFM_LACP_EV_SLAVE_STATE_CHANGED);
    if (l->ev_packet_in < 0 || l->ev_slave_state_changed < 0) {
        snprintf(err, err_size, "cannot declare %s and %s: another plugin declared "
                 "one of them", OFM_LACP_EV_PACKET_IN, OFM_LACP_EV_SLAVE_STATE_CHANGED);
        lacplib_fini(p);
        return EEXIST;
    }
    int error = read_config(err, err_size);
    if (error) {
        lacplib_fini(p);
        return error;
    }

    ofm_handler_register(p, OFM_EV_PACKET_IN, OFM_STATE_MAIN, on_packet_in, NULL);
    ofm_handler_register(p, OFM_EV_FLOW_REMOVED, OFM_STATE_MAIN, on_flow_removed, NULL);
    ofm_handler_register(p, OFM_EV_PORT_STATUS, OFM_STATE_MAIN, on_port_status, NULL);
    ofm_handler_register(p, OFM_EV_STATE_CHANGE, OFM_STATE_DEAD, on_state_change, NULL);

    api = api_table;
    api.ev_packet_in = l->ev_packet_in;
    api.ev_slave_state_changed = l->ev_slave_state_changed;
    ofm_context_provide(p, &api);
    return 0;
}

OFM_PLUGIN(.name = "lacplib",
           .ofp_versions = OFM_VERSIONS_ALL,
           .provides = OFM_LACP_CONTEXT,
           .config_section = "lacp",
           .init = lacplib_init,
           .fini = lacplib_fini);
