/* Event types, handler registration and delivery.
 *
 * Each event type has a vector of handlers in registration order.  OpenFlow
 * events are filtered by the datapath's dispatcher state; user events go to
 * every handler.  Delivery is synchronous and depth-first (see
 * ofm/plugin.h for the rules plugins rely on). */
#include <config.h>
#include "manager.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct handler {
    struct ofm_plugin *plugin;
    unsigned int states;
    ofm_handler_fn *fn;
    void *aux;
};

struct event_type {
    char *name;
    struct ofm_plugin *owner;   /* NULL: the manager (ofp_event). */
    struct handler *handlers;
    size_t n, allocated;
};

static struct event_type *types;    /* Indexed by event id. */
static size_t n_types;
static int depth;

struct ofm_plugin *dispatch_current;
bool dispatch_in_init;

static const char *const builtin_names[] = {
#define OFM_EV_NAME(ENUM, NAME) NAME,
    OFM_OFP_EVENTS(OFM_EV_NAME)
#undef OFM_EV_NAME
};

static void
grow_types(size_t n)
{
    if (n <= n_types) {
        return;
    }
    struct event_type *t = realloc(types, n * sizeof *t);
    if (!t) {
        abort();
    }
    memset(t + n_types, 0, (n - n_types) * sizeof *t);
    types = t;
    n_types = n;
}

void
dispatch_init(void)
{
    grow_types(OFM_EV_USER_BASE);
    for (size_t i = 0; i < OFM_EV_N_BUILTIN; i++) {
        types[i].name = strdup(builtin_names[i]);
        if (!types[i].name) {
            abort();
        }
    }
}

void
dispatch_uninit(void)
{
    for (size_t i = 0; i < n_types; i++) {
        free(types[i].name);
        free(types[i].handlers);
    }
    free(types);
    types = NULL;
    n_types = 0;
}

static struct event_type *
type_get(int type)
{
    return type >= 0 && (size_t) type < n_types && types[type].name ? &types[type] : NULL;
}

int
ofm_event_find(const char *name)
{
    for (size_t i = 0; i < n_types; i++) {
        if (types[i].name && !strcmp(types[i].name, name)) {
            return (int) i;
        }
    }
    return -1;
}

const char *
ofm_event_name(int type)
{
    struct event_type *t = type_get(type);
    return t ? t->name : "EventUnknown";
}

int
ofm_event_declare(struct ofm_plugin *p, const char *name)
{
    /* Names are per emitter, as Ryu's event classes are per module: lacplib
     * and stplib each have their own EventPacketIn.  Declaring again from
     * the same plugin is harmless; a built-in name is not for plugins. */
    for (size_t i = 0; i < n_types; i++) {
        if (types[i].name && !strcmp(types[i].name, name)
            && (types[i].owner == p || i < OFM_EV_N_BUILTIN)) {
            return types[i].owner == p ? (int) i : -1;
        }
    }
    if (!dispatch_in_init || dispatch_current != p) {
        ofm_log(MGR_NAME, OFM_LOG_ERROR, "%s: events may be declared only in init()",
                ofm_plugin_name(p));
        return -1;
    }

    size_t id = n_types > OFM_EV_USER_BASE ? n_types : OFM_EV_USER_BASE;
    grow_types(id + 1);
    types[id].name = strdup(name);
    types[id].owner = p;
    if (!types[id].name) {
        abort();
    }
    return (int) id;
}

int
ofm_handler_register(struct ofm_plugin *p, int type, unsigned int states,
                     ofm_handler_fn *fn, void *aux)
{
    struct event_type *t = type_get(type);
    if (!t || !fn) {
        return EINVAL;
    }
    if (!dispatch_in_init || dispatch_current != p) {
        ofm_log(MGR_NAME, OFM_LOG_ERROR, "%s: handlers may be registered only in init()",
                ofm_plugin_name(p));
        return EPERM;
    }
    if (t->n == t->allocated) {
        size_t n = t->allocated ? 2 * t->allocated : 4;
        struct handler *h = realloc(t->handlers, n * sizeof *h);
        if (!h) {
            abort();
        }
        t->handlers = h;
        t->allocated = n;
    }
    t->handlers[t->n++] = (struct handler) { p, states, fn, aux };
    return 0;
}

bool
dispatch_has_handlers(int type)
{
    struct event_type *t = type_get(type);
    return t && t->n > 0;
}

void
dispatch_forget_plugin(struct ofm_plugin *p)
{
    for (size_t i = 0; i < n_types; i++) {
        struct event_type *t = &types[i];
        size_t k = 0;
        for (size_t j = 0; j < t->n; j++) {
            if (t->handlers[j].plugin != p) {
                t->handlers[k++] = t->handlers[j];
            }
        }
        t->n = k;
        if (t->owner == p) {
            /* The id stays reserved so stale ids never alias a new event. */
            t->owner = NULL;
        }
    }
}

void
dispatch_event(const char *src, const struct ofm_event *ev)
{
    struct event_type *t = type_get(ev->type);
    if (!t || !t->n) {
        return;
    }
    if (depth >= OFM_EVENT_MAX_DEPTH) {
        static struct ofm_ratelimit rl = OFM_RATELIMIT_INIT(10, 10);
        if (ofm_ratelimit_allow(&rl)) {
            ofm_log(MGR_NAME, OFM_LOG_ERROR, "dropping %s from %s: events nested "
                    "%d deep (do two plugins emit to each other?)", t->name, src,
                    depth);
        }
        return;
    }

    /* Which state filters the handlers: the new state for a state change,
     * otherwise the datapath's state; user events are not filtered. */
    unsigned int state = 0;
    if (ev->type == OFM_EV_STATE_CHANGE) {
        state = ev->state;
    } else if (ev->type < OFM_EV_N_BUILTIN && ev->dp) {
        state = ofm_dp_state(ev->dp);
    }

    bool verbose = ofm_log_enabled(OFM_LOG_DEBUG);
    struct ofm_plugin *saved = dispatch_current;
    depth++;
    /* Handlers cannot be added during delivery (only in init), so the
     * vector is stable; plugins are not unloaded while the loop runs. */
    for (size_t i = 0; i < t->n; i++) {
        const struct handler *h = &t->handlers[i];
        if (state && h->states && !(h->states & state)) {
            continue;
        }
        if (verbose) {
            ofm_log(MGR_NAME, OFM_LOG_DEBUG, "EVENT %s->%s %s", src,
                    ofm_plugin_name(h->plugin), t->name);
        }
        dispatch_current = h->plugin;
        h->fn(ev, h->aux);
    }
    depth--;
    dispatch_current = saved;
}

void
ofm_event_emit(struct ofm_plugin *p, const struct ofm_event *ev)
{
    struct event_type *t = type_get(ev->type);
    if (!t) {
        ofm_log(MGR_NAME, OFM_LOG_ERROR, "%s emitted unknown event type %d",
                ofm_plugin_name(p), ev->type);
        return;
    }
    dispatch_event(ofm_plugin_name(p), ev);
}

/* Ryu prints handler states as a Python set: set(['main', 'config']). */
static void
format_states(char *buf, size_t size, unsigned int states)
{
    static const enum ofm_state all[] = {
        OFM_STATE_HANDSHAKE, OFM_STATE_CONFIG, OFM_STATE_MAIN, OFM_STATE_DEAD,
    };
    int len = snprintf(buf, size, "set([");
    bool first = true;
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
        if ((!states || states & all[i]) && len >= 0 && (size_t) len < size) {
            len += snprintf(buf + len, size - len, "%s'%s'", first ? "" : ", ",
                            ofm_state_name(all[i]));
            first = false;
        }
    }
    if (len >= 0 && (size_t) len < size) {
        snprintf(buf + len, size - len, "])");
    }
}

/* Logs "PROVIDES EventX TO {'app': set([...]), ...}" for each event type
 * 'owner' emits that has consumers. */
static void
log_provides(const struct ofm_plugin *owner)
{
    for (size_t i = 0; i < n_types; i++) {
        struct event_type *t = &types[i];
        if (!t->name || t->owner != owner || !t->n) {
            continue;
        }

        char line[1024];
        int len = snprintf(line, sizeof line, "  PROVIDES %s TO {", t->name);
        for (size_t j = 0; j < t->n && len >= 0 && (size_t) len < sizeof line; j++) {
            /* One entry per plugin, with the union of its handlers' states. */
            bool seen = false;
            unsigned int states = 0;
            for (size_t k = 0; k < t->n; k++) {
                if (t->handlers[k].plugin == t->handlers[j].plugin) {
                    seen |= k < j;
                    states |= t->handlers[k].states;
                }
            }
            if (seen) {
                continue;
            }
            char set[128];
            format_states(set, sizeof set, states);
            len += snprintf(line + len, sizeof line - len, "%s'%s': %s",
                            j ? ", " : "", ofm_plugin_name(t->handlers[j].plugin), set);
        }
        if (len >= 0 && (size_t) len < sizeof line) {
            snprintf(line + len, sizeof line - len, "}");
        }
        ofm_log(MGR_NAME, OFM_LOG_DEBUG, "%s", line);
    }
}

static void
log_consumes(const struct ofm_plugin *p)
{
    for (size_t i = 0; i < n_types; i++) {
        struct event_type *t = &types[i];
        for (size_t j = 0; j < t->n; j++) {
            if (t->handlers[j].plugin == p) {
                ofm_log(MGR_NAME, OFM_LOG_DEBUG, "  CONSUMES %s", t->name);
                break;
            }
        }
    }
}

void
dispatch_log_bricks(const struct plugin_set *set)
{
    if (!ofm_log_enabled(OFM_LOG_DEBUG)) {
        return;
    }
    for (size_t i = 0; i < set->n; i++) {
        ofm_log(MGR_NAME, OFM_LOG_DEBUG, "BRICK %s", set->v[i]->desc->name);
        log_provides(set->v[i]);
        log_consumes(set->v[i]);
    }
    /* The manager's own brick, as Ryu's ofp_event. */
    ofm_log(MGR_NAME, OFM_LOG_DEBUG, "BRICK ofp_event");
    log_provides(NULL);
    static const char *const own[] = {
        "EventOFPHello", "EventOFPEchoRequest", "EventOFPEchoReply",
        "EventOFPErrorMsg", "EventOFPSwitchFeatures", "EventOFPPortDescStatsReply",
        "EventOFPPortStatus",
    };
    for (size_t i = 0; i < sizeof own / sizeof *own; i++) {
        ofm_log(MGR_NAME, OFM_LOG_DEBUG, "  CONSUMES %s", own[i]);
    }
}

uint32_t
dispatch_versions(const struct plugin_set *set)
{
    uint32_t versions = MGR_OFP_VERSIONS;
    for (size_t i = 0; i < set->n; i++) {
        if (set->v[i]->desc->ofp_versions) {
            versions &= set->v[i]->desc->ofp_versions;
        }
    }
    return versions;
}

static int
multipart_event(uint16_t type)
{
    switch (type) {
    case OFPMP_DESC: return OFM_EV_DESC_STATS_REPLY;
    case OFPMP_FLOW: return OFM_EV_FLOW_STATS_REPLY;
    case OFPMP_AGGREGATE: return OFM_EV_AGGREGATE_STATS_REPLY;
    case OFPMP_TABLE: return OFM_EV_TABLE_STATS_REPLY;
    case OFPMP_PORT_STATS: return OFM_EV_PORT_STATS_REPLY;
    case OFPMP_QUEUE: return OFM_EV_QUEUE_STATS_REPLY;
    case OFPMP_GROUP: return OFM_EV_GROUP_STATS_REPLY;
    case OFPMP_GROUP_DESC: return OFM_EV_GROUP_DESC_STATS_REPLY;
    case OFPMP_GROUP_FEATURES: return OFM_EV_GROUP_FEATURES_STATS_REPLY;
    case OFPMP_METER: return OFM_EV_METER_STATS_REPLY;
    case OFPMP_METER_CONFIG: return OFM_EV_METER_CONFIG_STATS_REPLY;
    case OFPMP_METER_FEATURES: return OFM_EV_METER_FEATURES_STATS_REPLY;
    case OFPMP_TABLE_FEATURES: return OFM_EV_TABLE_FEATURES_STATS_REPLY;
    case OFPMP_PORT_DESC: return OFM_EV_PORT_DESC_STATS_REPLY;
    case OFPMP_EXPERIMENTER: return OFM_EV_EXPERIMENTER_STATS_REPLY;
    /* Only 1.4 and 1.5 switches send these types. */
    case OFPMP14_TABLE_DESC: return OFM_EV_TABLE_DESC_STATS_REPLY;
    case OFPMP14_QUEUE_DESC: return OFM_EV_QUEUE_DESC_STATS_REPLY;
    case OFPMP14_FLOW_MONITOR: return OFM_EV_FLOW_MONITOR_REPLY;
    /* 1.5's flow statistics without instructions (OFPFlowStatsReply in
     * Ryu's 1.5 parser): the flow stats event, as type 1 is. */
    case OFPMP15_FLOW_STATS: return OFM_EV_FLOW_STATS_REPLY;
    case OFPMP15_CONTROLLER_STATUS: return OFM_EV_CONTROLLER_STATUS_STATS_REPLY;
    case OFPMP15_BUNDLE_FEATURES: return OFM_EV_BUNDLE_FEATURES_STATS_REPLY;
    default: return -1;
    }
}

int
dispatch_msg_event(const struct ofm_msg *msg, const struct ofm_multipart *mp)
{
    /* Types 0..14 mean the same in 1.0 and 1.3 except 4 (vendor and
     * experimenter alike) and the rest are version-specific. */
    switch (msg->type) {
    case OFPT13_HELLO: return OFM_EV_HELLO;
    case OFPT13_ERROR: return OFM_EV_ERROR;
    case OFPT13_ECHO_REQUEST: return OFM_EV_ECHO_REQUEST;
    case OFPT13_ECHO_REPLY: return OFM_EV_ECHO_REPLY;
    case OFPT13_EXPERIMENTER: return OFM_EV_EXPERIMENTER;
    case OFPT13_FEATURES_REPLY: return OFM_EV_SWITCH_FEATURES;
    case OFPT13_GET_CONFIG_REPLY: return OFM_EV_GET_CONFIG_REPLY;
    case OFPT13_PACKET_IN: return OFM_EV_PACKET_IN;
    case OFPT13_FLOW_REMOVED: return OFM_EV_FLOW_REMOVED;
    case OFPT13_PORT_STATUS: return OFM_EV_PORT_STATUS;
    default:
        break;
    }
    if (msg->version == OFP10_VERSION) {
        switch (msg->type) {
        case OFPT10_STATS_REPLY: return mp ? multipart_event(mp->type) : -1;
        case OFPT10_BARRIER_REPLY: return OFM_EV_BARRIER_REPLY;
        case OFPT10_QUEUE_GET_CONFIG_REPLY: return OFM_EV_QUEUE_GET_CONFIG_REPLY;
        default: return -1;
        }
    }
    switch (msg->type) {
    case OFPT13_MULTIPART_REPLY: return mp ? multipart_event(mp->type) : -1;
    case OFPT13_BARRIER_REPLY: return OFM_EV_BARRIER_REPLY;
    case OFPT13_QUEUE_GET_CONFIG_REPLY: return OFM_EV_QUEUE_GET_CONFIG_REPLY;
    case OFPT13_ROLE_REPLY: return OFM_EV_ROLE_REPLY;
    case OFPT13_GET_ASYNC_REPLY: return OFM_EV_GET_ASYNC_REPLY;
    default: break;
    }
    /* The asynchronous messages 1.4 adds, and 1.5's controller status. */
    if (msg->version >= OFP14_VERSION) {
        switch (msg->type) {
        case OFPT14_ROLE_STATUS: return OFM_EV_ROLE_STATUS;
        case OFPT14_TABLE_STATUS: return OFM_EV_TABLE_STATUS;
        case OFPT14_REQUESTFORWARD: return OFM_EV_REQUEST_FORWARD;
        case OFPT15_CONTROLLER_STATUS:
            return msg->version >= OFP15_VERSION ? OFM_EV_CONTROLLER_STATUS : -1;
        default: break;
        }
    }
    return -1;
}

int
dispatch_check_async(int event, const struct ofm_msg *msg)
{
    switch (event) {
    case OFM_EV_ROLE_STATUS: {
        struct ofm_role_status rs;
        return ofm_decode_role_status(msg, &rs);
    }
    case OFM_EV_TABLE_STATUS: {
        struct ofm_table_status ts;
        return ofm_decode_table_status(msg, &ts);
    }
    case OFM_EV_REQUEST_FORWARD: {
        struct ofm_requestforward rf;
        return ofm_decode_requestforward(msg, &rf);
    }
    case OFM_EV_CONTROLLER_STATUS: {
        struct ofm_controller_status cs;
        return ofm_decode_controller_status(msg, &cs);
    }
    default:
        return 0;
    }
}

const char *
ofm_state_name(enum ofm_state state)
{
    switch (state) {
    case OFM_STATE_HANDSHAKE: return "handshake";
    case OFM_STATE_CONFIG: return "config";
    case OFM_STATE_MAIN: return "main";
    case OFM_STATE_DEAD: return "dead";
    default: return "unknown";
    }
}
