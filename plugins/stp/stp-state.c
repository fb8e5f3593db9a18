/* plugins/stp/stp-state.c: 802.1D spanning tree procedures (see
 * stp-state.h).  Names follow clause 8.6 of 802.1D-1998. */
#include "stp-state.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAC48 UINT64_C(0xffffffffffff)

const char *
stp_config_check(const struct stp_bridge_config *c, const char **key)
{
    if (c->priority % 4096) {
        *key = "priority";
        return "must be a multiple of 4096 from 0 to 61440";
    }
    if (c->hello_time < 1 || c->hello_time > 10) {
        *key = "hello_time";
        return "must be from 1 to 10 seconds";
    }
    if (c->max_age < 6 || c->max_age > 40) {
        *key = "max_age";
        return "must be from 6 to 40 seconds";
    }
    if (c->fwd_delay < 4 || c->fwd_delay > 30) {
        *key = "fwd_delay";
        return "must be from 4 to 30 seconds";
    }
    if (2 * (c->fwd_delay - 1) < c->max_age) {
        *key = "max_age";
        return "breaks 2 * (fwd_delay - 1) >= max_age (802.1D)";
    }
    if (c->max_age < 2 * (c->hello_time + 1)) {
        *key = "max_age";
        return "breaks max_age >= 2 * (hello_time + 1) (802.1D)";
    }
    return NULL;
}

uint32_t
stp_default_path_cost(uint32_t kbps)
{
    if (!kbps) {
        return 20000;
    }
    /* 20,000,000,000 / speed in kb/s, clamped to 1..200,000,000. */
    uint64_t cost = UINT64_C(20000000000) / kbps;
    return cost < 1 ? 1 : cost > 200000000 ? 200000000 : (uint32_t) cost;
}

uint64_t
stp_bpdu_root_id(const struct ofm_bpdu *b)
{
    uint64_t id = (uint64_t) (b->root_priority | b->root_system_id_extension) << 48;
    for (int i = 0; i < 6; i++) {
        id |= (uint64_t) b->root_mac_address[i] << (40 - 8 * i);
    }
    return id;
}

uint64_t
stp_bpdu_bridge_id(const struct ofm_bpdu *b)
{
    uint64_t id = (uint64_t) (b->bridge_priority | b->bridge_system_id_extension) << 48;
    for (int i = 0; i < 6; i++) {
        id |= (uint64_t) b->bridge_mac_address[i] << (40 - 8 * i);
    }
    return id;
}

const char *
stp_id_format(uint64_t id, char *buf, size_t size)
{
    snprintf(buf, size, "%04x:%012" PRIx64, (unsigned) (id >> 48), id & MAC48);
    return buf;
}

const char *
stp_bpdu_accept(const struct ofm_bpdu *in, struct ofm_bpdu *out)
{
    *out = *in;
    if (out->kind == OFM_BPDU_RST) {
        out->kind = OFM_BPDU_CONFIG;    /* 802.1D-2004 9.3.4. */
        out->flags &= 0x81;             /* Only TC and TCA mean anything. */
    }
    if (out->kind != OFM_BPDU_CONFIG) {
        return NULL;
    }
    if (out->message_age >= out->max_age) {
        return "message age is not below max age";
    }
    if (out->max_age < 6 * 256 || out->max_age > 40 * 256
        || out->hello_time < 256 || out->hello_time > 10 * 256
        || out->forward_delay < 4 * 256 || out->forward_delay > 30 * 256) {
        return "a timer is out of 802.1D's range";
    }
    return NULL;
}

/* ---- Helpers. ---- */

static void
say(struct stp_bridge *br, const struct stp_port *p, bool debug, const char *msg)
{
    if (br->ops->log) {
        br->ops->log(br, p, debug, msg);
    }
}

bool
stp_bridge_is_root(const struct stp_bridge *br)
{
    return br->designated_root == br->bridge_id;
}

static bool
port_usable(const struct stp_port *p)
{
    return p->enable && p->link_up;
}

static bool
is_designated_port(const struct stp_bridge *br, const struct stp_port *p)
{
    return p->designated_bridge == br->bridge_id && p->designated_port == p->port_id;
}

static void
set_state(struct stp_bridge *br, struct stp_port *p, enum ofm_stp_state state)
{
    if (p->state != state) {
        p->state = state;
        br->ops->port_changed(br, p);
    }
}

static void
update_roles(struct stp_bridge *br)
{
    for (size_t i = 0; i < br->n_ports; i++) {
        struct stp_port *p = &br->ports[i];
        enum ofm_stp_role role = (!port_usable(p) ? OFM_STP_ROLE_DISABLED
                                  : p == br->root_port ? OFM_STP_ROLE_ROOT
                                  : is_designated_port(br, p) ? OFM_STP_ROLE_DESIGNATED
                                  : OFM_STP_ROLE_NON_DESIGNATED);
        if (role != p->role) {
            p->role = role;
            br->ops->port_changed(br, p);
        }
    }
}

/* ---- Transmission (8.6.1, 8.6.6). ---- */

static void
transmit_config(struct stp_bridge *br, struct stp_port *p)
{
    if (p->hold_expiry) {
        p->config_pending = true;
        return;
    }
    struct ofm_bpdu b;
    memset(&b, 0, sizeof b);
    b.kind = OFM_BPDU_CONFIG;
    b.root_priority = (br->designated_root >> 48) & 0xf000;
    b.root_system_id_extension = (br->designated_root >> 48) & 0xfff;
    b.bridge_priority = (br->bridge_id >> 48) & 0xf000;
    b.bridge_system_id_extension = (br->bridge_id >> 48) & 0xfff;
    for (int i = 0; i < 6; i++) {
        b.root_mac_address[i] = br->designated_root >> (40 - 8 * i);
        b.bridge_mac_address[i] = br->bridge_id >> (40 - 8 * i);
    }
    b.root_path_cost = br->root_path_cost;
    b.port_priority = p->port_id >> 8 & 0xf0;
    b.port_number = p->port_id & 0xfff;
    double age = 0;
    if (!stp_bridge_is_root(br) && br->root_port) {
        const struct stp_port *rp = br->root_port;
        age = rp->message_age_at_rx + (br->now - rp->rx_time) + STP_MESSAGE_AGE_INCREMENT;
    }
    if (age >= br->max_age) {
        return;                 /* Stale information is not relayed. */
    }
    b.message_age = (uint16_t) (age * 256);
    b.max_age = (uint16_t) (br->max_age * 256);
    b.hello_time = (uint16_t) (br->hello_time * 256);
    b.forward_delay = (uint16_t) (br->forward_delay * 256);
    b.flags = (br->topology_change ? 0x01 : 0) | (p->tc_ack ? 0x80 : 0);
    p->tc_ack = false;
    p->config_pending = false;
    p->hold_expiry = br->now + STP_HOLD_TIME;
    br->ops->send(br, p, &b);
}

static void
transmit_tcn(struct stp_bridge *br)
{
    if (!br->root_port) {
        return;
    }
    struct ofm_bpdu b;
    memset(&b, 0, sizeof b);
    b.kind = OFM_BPDU_TCN;
    br->ops->send(br, br->root_port, &b);
}

static void
config_bpdu_generation(struct stp_bridge *br)
{
    for (size_t i = 0; i < br->n_ports; i++) {
        struct stp_port *p = &br->ports[i];
        if (port_usable(p) && is_designated_port(br, p)) {
            transmit_config(br, p);
        }
    }
}

/* ---- Topology change (8.6.14, 8.6.15). ---- */

/* Tells the user to forget learned addresses.  802.1D ages the filtering
 * database out after forward_delay while the topology change flag is set;
 * the switching apps have no aging, so instead the user is told at every
 * hello of the period (at most once per half hello time, whatever a TCN
 * flood does), and an address learned on a path that has just changed
 * lives at most one hello time. */
static void
topology_change_flush(struct stp_bridge *br)
{
    if (br->now < br->tc_flush_after) {
        return;
    }
    br->tc_flush_after = br->now + br->hello_time / 2;
    br->ops->topology_change(br);
}

static void
topology_change_detection(struct stp_bridge *br)
{
    if (stp_bridge_is_root(br)) {
        if (!br->topology_change) {
            say(br, NULL, false, "Topology change detected.");
        }
        br->topology_change = true;
        br->tc_expiry = br->now + br->max_age + br->forward_delay;
        topology_change_flush(br);
    } else if (!br->topology_change_detected) {
        transmit_tcn(br);
        br->tcn_expiry = br->now + br->hello_time;
    }
    br->topology_change_detected = true;
}

static void
topology_change_acknowledged(struct stp_bridge *br)
{
    br->topology_change_detected = false;
    br->tcn_expiry = 0;
}

/* ---- Election (8.6.8 - 8.6.11). ---- */

static void
become_designated_port(struct stp_bridge *br, struct stp_port *p)
{
    p->designated_root = br->designated_root;
    p->designated_cost = br->root_path_cost;
    p->designated_bridge = br->bridge_id;
    p->designated_port = p->port_id;
}

/* Whether 'a' (root, cost via it, designated bridge, port, our port id)
 * is better than 'b'. */
static bool
root_candidate_better(const struct stp_port *a, const struct stp_port *b)
{
    uint64_t ca = (uint64_t) a->designated_cost + a->path_cost;
    uint64_t cb = (uint64_t) b->designated_cost + b->path_cost;
    if (a->designated_root != b->designated_root) {
        return a->designated_root < b->designated_root;
    }
    if (ca != cb) {
        return ca < cb;
    }
    if (a->designated_bridge != b->designated_bridge) {
        return a->designated_bridge < b->designated_bridge;
    }
    if (a->designated_port != b->designated_port) {
        return a->designated_port < b->designated_port;
    }
    return a->port_id < b->port_id;
}

static void
root_selection(struct stp_bridge *br)
{
    struct stp_port *best = NULL;
    for (size_t i = 0; i < br->n_ports; i++) {
        struct stp_port *p = &br->ports[i];
        if (!port_usable(p) || is_designated_port(br, p)
            || p->designated_root >= br->bridge_id) {
            continue;
        }
        if (!best || root_candidate_better(p, best)) {
            best = p;
        }
    }
    br->root_port = best;
    if (!best) {
        br->designated_root = br->bridge_id;
        br->root_path_cost = 0;
    } else {
        br->designated_root = best->designated_root;
        uint64_t cost = (uint64_t) best->designated_cost + best->path_cost;
        br->root_path_cost = cost > UINT32_MAX ? UINT32_MAX : (uint32_t) cost;
    }
}

static bool
designated_for_lan(const struct stp_bridge *br, const struct stp_port *p)
{
    if (is_designated_port(br, p) || p->designated_root != br->designated_root) {
        return true;
    }
    if (br->root_path_cost != p->designated_cost) {
        return br->root_path_cost < p->designated_cost;
    }
    if (br->bridge_id != p->designated_bridge) {
        return br->bridge_id < p->designated_bridge;
    }
    return p->port_id <= p->designated_port;
}

static void
designated_port_selection(struct stp_bridge *br)
{
    for (size_t i = 0; i < br->n_ports; i++) {
        struct stp_port *p = &br->ports[i];
        if (port_usable(p) && p != br->root_port && designated_for_lan(br, p)) {
            become_designated_port(br, p);
        }
    }
}

static void
configuration_update(struct stp_bridge *br)
{
    bool was_root = stp_bridge_is_root(br);
    root_selection(br);
    designated_port_selection(br);
    bool root = stp_bridge_is_root(br);
    if (root != was_root && br->ops->root_changed) {
        br->ops->root_changed(br, root);
    }
}

/* ---- Port states (8.6.11 - 8.6.13). ---- */

static void
make_forwarding(struct stp_bridge *br, struct stp_port *p)
{
    if (p->state == OFM_STP_BLOCK) {
        set_state(br, p, OFM_STP_LISTEN);
        p->forward_delay_expiry = br->now + br->forward_delay;
    }
}

static void
make_blocking(struct stp_bridge *br, struct stp_port *p)
{
    if (p->state != OFM_STP_DISABLE && p->state != OFM_STP_BLOCK) {
        if ((p->state == OFM_STP_FORWARD || p->state == OFM_STP_LEARN)
            && p->change_detection) {
            topology_change_detection(br);
        }
        set_state(br, p, OFM_STP_BLOCK);
        p->forward_delay_expiry = 0;
    }
}

static void
port_state_selection(struct stp_bridge *br)
{
    update_roles(br);
    for (size_t i = 0; i < br->n_ports; i++) {
        struct stp_port *p = &br->ports[i];
        if (!port_usable(p)) {
            continue;
        }
        if (p == br->root_port) {
            p->config_pending = false;
            p->tc_ack = false;
            make_forwarding(br, p);
        } else if (is_designated_port(br, p)) {
            p->message_age_expiry = 0;
            make_forwarding(br, p);
        } else {
            p->config_pending = false;
            p->tc_ack = false;
            make_blocking(br, p);
        }
    }
}

/* ---- Ports. ---- */

static void
initialize_port(struct stp_bridge *br, struct stp_port *p)
{
    become_designated_port(br, p);
    p->tc_ack = false;
    p->config_pending = false;
    p->message_age_expiry = 0;
    p->forward_delay_expiry = 0;
    p->hold_expiry = 0;
}

struct stp_port *
stp_bridge_find_port(struct stp_bridge *br, uint32_t port_no)
{
    for (size_t i = 0; i < br->n_ports; i++) {
        if (br->ports[i].port_no == port_no) {
            return &br->ports[i];
        }
    }
    return NULL;
}

static bool
started(const struct stp_bridge *br)
{
    return br->hello_expiry || !stp_bridge_is_root(br);
}

/* After any change of the ports' usability: 8.8.1 and 8.8.2. */
static void
ports_changed(struct stp_bridge *br)
{
    bool was_root = stp_bridge_is_root(br);
    configuration_update(br);
    port_state_selection(br);
    if (stp_bridge_is_root(br) && !was_root) {
        br->max_age = br->bridge_max_age;
        br->hello_time = br->bridge_hello_time;
        br->forward_delay = br->bridge_fwd_delay;
        topology_change_detection(br);
        br->tcn_expiry = 0;
        config_bpdu_generation(br);
        br->hello_expiry = br->now + br->hello_time;
    }
}

struct stp_port *
stp_bridge_add_port(struct stp_bridge *br, uint32_t port_no, uint8_t priority,
                    uint32_t path_cost, bool enable, bool link_up, double now)
{
    br->now = now;
    struct stp_port *p = stp_bridge_find_port(br, port_no);
    if (p) {
        stp_port_link(br, p, link_up, now);
        return p;
    }
    if (br->n_ports == br->allocated) {
        /* The root port pointer must survive the move. */
        size_t root = br->root_port ? (size_t) (br->root_port - br->ports) : SIZE_MAX;
        br->allocated = br->allocated ? 2 * br->allocated : 8;
        br->ports = realloc(br->ports, br->allocated * sizeof *br->ports);
        if (!br->ports) {
            abort();
        }
        br->root_port = root == SIZE_MAX ? NULL : &br->ports[root];
    }
    p = &br->ports[br->n_ports++];
    memset(p, 0, sizeof *p);
    p->port_no = port_no;
    p->priority = priority & 0xf0;
    p->port_id = (uint16_t) (p->priority << 8 | (port_no & 0xfff));
    p->path_cost = path_cost ? path_cost : 1;
    p->enable = enable;
    p->link_up = link_up;
    p->change_detection = true;
    p->role = OFM_STP_ROLE_DISABLED;
    p->state = OFM_STP_DISABLE;
    initialize_port(br, p);
    if (port_usable(p)) {
        set_state(br, p, OFM_STP_BLOCK);
        if (started(br)) {
            ports_changed(br);
        }
    } else {
        br->ops->port_changed(br, p);
    }
    return p;
}

void
stp_bridge_delete_port(struct stp_bridge *br, uint32_t port_no, double now)
{
    struct stp_port *p = stp_bridge_find_port(br, port_no);
    if (!p) {
        return;
    }
    br->now = now;
    stp_port_link(br, p, false, now);
    size_t i = p - br->ports;
    size_t root = br->root_port ? (size_t) (br->root_port - br->ports) : SIZE_MAX;
    memmove(p, p + 1, (br->n_ports - i - 1) * sizeof *p);
    br->n_ports--;
    if (root != SIZE_MAX) {
        br->root_port = &br->ports[root > i ? root - 1 : root];
    }
}

void
stp_port_link(struct stp_bridge *br, struct stp_port *p, bool up, double now)
{
    br->now = now;
    if (p->link_up == up) {
        return;
    }
    p->link_up = up;
    if (!p->enable) {
        return;
    }
    initialize_port(br, p);
    if (up) {
        set_state(br, p, OFM_STP_BLOCK);
    } else {
        say(br, p, false, "Link down.");
        if (p->state == OFM_STP_FORWARD || p->state == OFM_STP_LEARN) {
            topology_change_detection(br);
        }
        set_state(br, p, OFM_STP_DISABLE);
    }
    ports_changed(br);
}

/* ---- The bridge. ---- */

void
stp_bridge_init(struct stp_bridge *br, uint64_t dpid, const struct stp_bridge_config *c,
                const struct stp_ops *ops, void *aux)
{
    memset(br, 0, sizeof *br);
    br->dpid = dpid;
    br->bridge_id = (uint64_t) c->priority << 48 | (dpid & MAC48);
    br->bridge_max_age = c->max_age;
    br->bridge_hello_time = c->hello_time;
    br->bridge_fwd_delay = c->fwd_delay;
    br->designated_root = br->bridge_id;
    br->max_age = c->max_age;
    br->hello_time = c->hello_time;
    br->forward_delay = c->fwd_delay;
    br->ops = ops;
    br->aux = aux;
}

void
stp_bridge_destroy(struct stp_bridge *br)
{
    if (br) {
        free(br->ports);
        br->ports = NULL;
        br->n_ports = br->allocated = 0;
        br->root_port = NULL;
    }
}

void
stp_bridge_start(struct stp_bridge *br, double now)
{
    br->now = now;
    br->designated_root = br->bridge_id;
    br->root_path_cost = 0;
    br->root_port = NULL;
    for (size_t i = 0; i < br->n_ports; i++) {
        initialize_port(br, &br->ports[i]);
    }
    port_state_selection(br);
    config_bpdu_generation(br);
    br->hello_expiry = now + br->hello_time;
}

/* 8.6.2.2: the BPDU's information is better than what the port has, or
 * it comes from the port's designated bridge and port (a refresh).
 *
 * As 802.1D-2004 does (17.21.8, SuperiorDesignatedInfo), worse information
 * from the port's own designated bridge and port supersedes too: that
 * bridge lost its path to the root, and waiting max age for its old word
 * to expire (802.1D-1998) only delays the new tree. */
static bool
supersedes_port_info(const struct stp_bridge *br, const struct stp_port *p,
                     uint64_t root, uint32_t cost, uint64_t bridge, uint16_t port)
{
    if (bridge == p->designated_bridge && bridge != br->bridge_id
        && (port & 0xfff) == (p->designated_port & 0xfff)) {
        return true;
    }
    if (root != p->designated_root) {
        return root < p->designated_root;
    }
    if (cost != p->designated_cost) {
        return cost < p->designated_cost;
    }
    if (bridge != p->designated_bridge) {
        return bridge < p->designated_bridge;
    }
    return bridge != br->bridge_id || port <= p->designated_port;
}

static void
received_config(struct stp_bridge *br, struct stp_port *p, const struct ofm_bpdu *b)
{
    uint64_t root = stp_bpdu_root_id(b);
    uint64_t bridge = stp_bpdu_bridge_id(b);
    uint16_t port = (uint16_t) (b->port_priority << 8 | (b->port_number & 0xfff));
    if (!supersedes_port_info(br, p, root, b->root_path_cost, bridge, port)) {
        if (is_designated_port(br, p)) {
            transmit_config(br, p);     /* Inferior info on our LAN: reply. */
        }
        return;
    }
    /* Superior, or a refresh from the designated bridge. */
    bool same_sender = bridge == p->designated_bridge && port == p->designated_port;
    bool refresh = same_sender && root == p->designated_root
                   && b->root_path_cost == p->designated_cost;
    if (!same_sender || root < p->designated_root
        || (root == p->designated_root && b->root_path_cost < p->designated_cost)) {
        say(br, p, false, "Receive superior BPDU.");
    } else if (!refresh) {
        say(br, p, false, "Receive inferior BPDU from the designated bridge.");
    }
    p->designated_root = root;
    p->designated_cost = b->root_path_cost;
    p->designated_bridge = bridge;
    p->designated_port = port;
    p->message_age_at_rx = b->message_age / 256.0;
    p->rx_time = br->now;
    p->message_age_expiry = br->now + (b->max_age - b->message_age) / 256.0;

    bool was_root = stp_bridge_is_root(br);
    configuration_update(br);
    port_state_selection(br);
    if (was_root && !stp_bridge_is_root(br)) {
        br->hello_expiry = 0;
        if (br->topology_change_detected) {
            br->tc_expiry = 0;
            transmit_tcn(br);
            br->tcn_expiry = br->now + br->hello_time;
        }
    }
    if (p == br->root_port) {
        /* record_config_timeout_values: the root's timers rule. */
        br->max_age = b->max_age / 256.0;
        br->hello_time = b->hello_time / 256.0;
        br->forward_delay = b->forward_delay / 256.0;
        br->topology_change = b->flags & 0x01;
        if (br->topology_change) {
            topology_change_flush(br);
        }
        config_bpdu_generation(br);
        if (b->flags & 0x80) {
            topology_change_acknowledged(br);
        }
    }
}

static void
received_tcn(struct stp_bridge *br, struct stp_port *p)
{
    if (!is_designated_port(br, p)) {
        return;                 /* Only the LAN's designated bridge relays. */
    }
    say(br, p, true, "Receive topology change notification BPDU.");
    topology_change_detection(br);
    p->tc_ack = true;
    transmit_config(br, p);
}

void
stp_port_rx(struct stp_bridge *br, struct stp_port *p, const struct ofm_bpdu *b, double now)
{
    br->now = now;
    if (!port_usable(p) || p->state == OFM_STP_DISABLE) {
        return;
    }
    if (b->kind == OFM_BPDU_CONFIG) {
        received_config(br, p, b);
    } else if (b->kind == OFM_BPDU_TCN) {
        received_tcn(br, p);
    }
}

static bool
due(double t, double now)
{
    return t && t <= now;
}

static bool
designated_for_some_port(const struct stp_bridge *br)
{
    for (size_t i = 0; i < br->n_ports; i++) {
        if (port_usable(&br->ports[i]) && br->ports[i].designated_bridge == br->bridge_id) {
            return true;
        }
    }
    return false;
}

void
stp_bridge_tick(struct stp_bridge *br, double now)
{
    br->now = now;
    if (due(br->hello_expiry, now)) {
        config_bpdu_generation(br);
        br->hello_expiry = now + br->hello_time;
        if (br->topology_change) {
            topology_change_flush(br);      /* The root's own hello. */
        }
    }
    if (due(br->tcn_expiry, now)) {
        transmit_tcn(br);
        br->tcn_expiry = now + br->hello_time;
    }
    if (due(br->tc_expiry, now)) {
        br->tc_expiry = 0;
        br->topology_change_detected = false;
        br->topology_change = false;
    }
    for (size_t i = 0; i < br->n_ports; i++) {
        struct stp_port *p = &br->ports[i];
        if (due(p->message_age_expiry, now)) {
            p->message_age_expiry = 0;
            say(br, p, false, "Wait BPDU timer is exceeded.");
            become_designated_port(br, p);
            ports_changed(br);      /* 8.7.5: the same as a port change. */
        }
        if (due(p->forward_delay_expiry, now)) {
            if (p->state == OFM_STP_LISTEN) {
                set_state(br, p, OFM_STP_LEARN);
                p->forward_delay_expiry = now + br->forward_delay;
            } else if (p->state == OFM_STP_LEARN) {
                p->forward_delay_expiry = 0;
                set_state(br, p, OFM_STP_FORWARD);
                if (designated_for_some_port(br)) {
                    topology_change_detection(br);
                }
            } else {
                p->forward_delay_expiry = 0;
            }
        }
        if (due(p->hold_expiry, now)) {
            p->hold_expiry = 0;
            if (p->config_pending) {
                transmit_config(br, p);
            }
        }
    }
}
