/* ofm/plugin.h: what a plugin is, and what the manager offers it.
 *
 * A plugin is a shared object that exports one symbol, 'ofm_plugin_desc',
 * a struct ofm_plugin_desc (define it with OFM_PLUGIN()).  The manager
 * loads the plugins named on its command line, in --app-lists or in its
 * YAML file's apps:, loads the providers of the contexts they require,
 * calls every init() once in dependency order (providers first), and only
 * then listens for switches; it runs the event loop, and on exit calls
 * every fini() in the reverse order.
 *
 * All or nothing: if a plugin asked for cannot be loaded (not found, not a
 * plugin, an incompatible ABI), if a context it requires has no provider
 * or is part of a cycle, or if an init() fails, the manager logs one
 * message naming the plugin and the reason, calls fini() of the plugins
 * already initialized (in reverse order), and exits with status 1 without
 * listening.  It never runs without a plugin the operator asked for.
 *
 * Events.  Every OpenFlow message a switch sends becomes an event of the
 * type its message class names (OFM_EV_PACKET_IN is Ryu's
 * EventOFPPacketIn, ...); the manager adds OFM_EV_STATE_CHANGE
 * (EventOFPStateChange) and OFM_EV_PORT_STATE_CHANGE
 * (EventOFPPortStateChange); plugins declare their own events with
 * ofm_event_declare() and deliver them with ofm_event_emit().
 *
 * Delivery order and re-entrancy:
 *  - Handlers of one event type run in the order they were registered;
 *    plugins register in init(), and init() runs in dependency order, so a
 *    provider's handlers run before its users'.
 *  - An OpenFlow event reaches a handler only if the datapath is in one of
 *    the dispatcher states the handler named (all states when it named
 *    none).  User events reach every handler of their type.
 *  - Delivery is synchronous and depth-first: ofm_event_emit() returns after
 *    every handler has run.  A handler may emit events, send messages,
 *    add or cancel timers, and register nothing (registration is only
 *    allowed in init()).  Nesting deeper than OFM_EVENT_MAX_DEPTH is refused
 *    with an error log (an event loop between plugins).
 *  - Everything an event points to (message, datapath, port) is borrowed
 *    for the duration of the handler; copy what you keep.
 *  - Handlers run on the manager's single thread: no locking is needed and
 *    no handler may block.
 *
 * Datapaths.  A struct ofm_dp is a connected switch.  Its pointer stays
 * valid from the moment it is first seen in an event until the handlers of
 * its OFM_STATE_DEAD state change have returned; keep the datapath id
 * and use ofm_dp_find() to look it up later. */
#ifndef OFM_PLUGIN_H
#define OFM_PLUGIN_H 1

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ofm/buf.h"
#include "ofm/conf.h"
#include "ofm/log.h"
#include "ofm/msg.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ABI version: a plugin is refused when its major differs from the
 * manager's, or its minor is newer. Bump the minor for additions, the
 * major for anything else. */
#define OFM_ABI_MAJOR 1
#define OFM_ABI_MINOR 4

struct ofm_plugin;
struct ofm_dp;

/* What a plugin exports as 'ofm_plugin_desc'. */
struct ofm_plugin_desc {
    uint16_t abi_major;             /* OFM_ABI_MAJOR at build time. */
    uint16_t abi_minor;             /* OFM_ABI_MINOR at build time. */
    uint32_t size;                  /* sizeof(struct ofm_plugin_desc). */
    const char *name;               /* Unique, e.g. "simple_switch". */
    uint32_t ofp_versions;          /* OFM_VERSION_BIT()s spoken; 0: all. */
    const char *const *contexts;    /* Contexts it needs (Ryu's _CONTEXTS):
                                     * NULL-terminated names, or NULL. */
    const char *provides;           /* Context this plugin provides, or NULL. */
    const char *config_section;     /* Top-level YAML key it reads, or NULL. */
    /* Called once, providers first.  Registers handlers, declares events,
     * reads config, starts timers, and for a provider calls
     * ofm_context_provide().  Returns 0, or nonzero after writing the reason
     * into 'err' (of 'err_size' bytes): the manager then logs
     * "plugin NAME (FILE) failed to start: REASON", drops the handlers and
     * timers this plugin registered, does not call its fini() (so init()
     * frees what it allocated before failing), stops the plugins started
     * before it, and exits with status 1.  No plugin after it is
     * initialized. */
    int (*init)(struct ofm_plugin *, char *err, size_t err_size);
    /* Called once at exit, in reverse order; may be NULL. */
    void (*fini)(struct ofm_plugin *);
};

#define OFM_PLUGIN_SYMBOL "ofm_plugin_desc"
/* Defines the descriptor: OFM_PLUGIN(.name = "x", .init = x_init, ...). */
#define OFM_PLUGIN(...)                                                   \
    extern const struct ofm_plugin_desc ofm_plugin_desc;                  \
    const struct ofm_plugin_desc ofm_plugin_desc = {                      \
        .abi_major = OFM_ABI_MAJOR, .abi_minor = OFM_ABI_MINOR,           \
        .size = sizeof(struct ofm_plugin_desc), __VA_ARGS__ }

/* The plugin's name as its descriptor gives it. */
const char *ofm_plugin_name(const struct ofm_plugin *);
/* Private data for the plugin's own use. */
void ofm_plugin_set_data(struct ofm_plugin *, void *data);
void *ofm_plugin_data(const struct ofm_plugin *);
/* The plugin's section of the YAML configuration: the value of the
 * top-level key its descriptor names in 'config_section' (e.g. "lacp",
 * "monitor"), or NULL if the file has none. */
const struct ofm_conf *ofm_plugin_config(const struct ofm_plugin *);

/* Manager options that plugins read, by Ryu's option name ("wsapi-host",
 * "wsapi-port"): the value given on the command line ("--wsapi-port 8081")
 * or as a top-level key of the YAML file, the command line winning; NULL
 * when neither gives one (the plugin then applies its default) or for a
 * name the manager does not take.  The plugin validates the value.  The
 * string stays valid until the manager exits. */
const char *ofm_option(const char *name);

/* Contexts (Ryu's _CONTEXTS). A provider publishes its API table in init();
 * a plugin that listed the context in 'contexts' gets it with
 * ofm_context_get() (never NULL for a required context, since the manager
 * initializes providers first; NULL for a context the plugin did not list).
 *
 * Lifetime: the table is the provider's own (the manager keeps the pointer,
 * not a copy).  It stays valid from the user's init() until the user's
 * fini() has returned: fini() runs in reverse order, so a provider's runs
 * after all its users', and no plugin is unloaded before every fini() has
 * run.  The provider must keep the table (and what it points to) alive
 * until its own fini(). */
void ofm_context_provide(struct ofm_plugin *, const void *api);
const void *ofm_context_get(struct ofm_plugin *, const char *context);

/* Dispatcher states of a datapath. */
enum ofm_state {
    OFM_STATE_HANDSHAKE = 1 << 0,   /* Hello exchanged, features pending. */
    OFM_STATE_CONFIG = 1 << 1,      /* Features received. */
    OFM_STATE_MAIN = 1 << 2,        /* Ready (1.3: port description read). */
    OFM_STATE_DEAD = 1 << 3,        /* Disconnected. */
};
#define OFM_STATE_ANY 0
/* "handshake", "config", "main", "dead". */
const char *ofm_state_name(enum ofm_state);

/* Built-in event types: X(ENUM, Ryu's class name).  New ones go at the
 * end, so that the numbers plugins were built with keep their meaning.
 * The asynchronous messages of 1.4 and 1.5 (ROLE_STATUS, TABLE_STATUS,
 * REQUESTFORWARD, 1.5's CONTROLLER_STATUS) reach handlers only once the
 * manager has checked them with their decoder in ofm/msg.h
 * (ofm_decode_role_status(), ...), which the handler calls again for the
 * fields; a malformed one is logged and answered with an error instead.
 * Multipart replies: OFM_EV_FLOW_STATS_REPLY is type 1 in every version
 * (1.5's flow description) and 1.5's type 17 (flow statistics alone),
 * told apart by ev->multipart->type; OFM_EV_METER_CONFIG_STATS_REPLY is
 * type 10 (1.5's meter description); the 1.4/1.5 types 14 to 19 have
 * their own events (since ABI 1.4). */
#define OFM_OFP_EVENTS(X)                                   \
    X(HELLO, "EventOFPHello")                               \
    X(ERROR, "EventOFPErrorMsg")                            \
    X(ECHO_REQUEST, "EventOFPEchoRequest")                  \
    X(ECHO_REPLY, "EventOFPEchoReply")                      \
    X(EXPERIMENTER, "EventOFPExperimenter")                 \
    X(SWITCH_FEATURES, "EventOFPSwitchFeatures")            \
    X(GET_CONFIG_REPLY, "EventOFPGetConfigReply")           \
    X(PACKET_IN, "EventOFPPacketIn")                        \
    X(FLOW_REMOVED, "EventOFPFlowRemoved")                  \
    X(PORT_STATUS, "EventOFPPortStatus")                    \
    X(BARRIER_REPLY, "EventOFPBarrierReply")                \
    X(QUEUE_GET_CONFIG_REPLY, "EventOFPQueueGetConfigReply") \
    X(ROLE_REPLY, "EventOFPRoleReply")                      \
    X(GET_ASYNC_REPLY, "EventOFPGetAsyncReply")             \
    X(DESC_STATS_REPLY, "EventOFPDescStatsReply")           \
    X(FLOW_STATS_REPLY, "EventOFPFlowStatsReply")           \
    X(AGGREGATE_STATS_REPLY, "EventOFPAggregateStatsReply") \
    X(TABLE_STATS_REPLY, "EventOFPTableStatsReply")         \
    X(PORT_STATS_REPLY, "EventOFPPortStatsReply")           \
    X(QUEUE_STATS_REPLY, "EventOFPQueueStatsReply")         \
    X(GROUP_STATS_REPLY, "EventOFPGroupStatsReply")         \
    X(GROUP_DESC_STATS_REPLY, "EventOFPGroupDescStatsReply") \
    X(GROUP_FEATURES_STATS_REPLY, "EventOFPGroupFeaturesStatsReply") \
    X(METER_STATS_REPLY, "EventOFPMeterStatsReply")         \
    X(METER_CONFIG_STATS_REPLY, "EventOFPMeterConfigStatsReply") \
    X(METER_FEATURES_STATS_REPLY, "EventOFPMeterFeaturesStatsReply") \
    X(TABLE_FEATURES_STATS_REPLY, "EventOFPTableFeaturesStatsReply") \
    X(PORT_DESC_STATS_REPLY, "EventOFPPortDescStatsReply")  \
    X(EXPERIMENTER_STATS_REPLY, "EventOFPExperimenterStatsReply") \
    X(STATE_CHANGE, "EventOFPStateChange")                  \
    X(PORT_STATE_CHANGE, "EventOFPPortStateChange")         \
    X(ROLE_STATUS, "EventOFPRoleStatus")                    \
    X(TABLE_STATUS, "EventOFPTableStatus")                  \
    X(REQUEST_FORWARD, "EventOFPRequestForward")            \
    X(CONTROLLER_STATUS, "EventOFPControllerStatus")         \
    X(TABLE_DESC_STATS_REPLY, "EventOFPTableDescStatsReply") \
    X(QUEUE_DESC_STATS_REPLY, "EventOFPQueueDescStatsReply") \
    X(FLOW_MONITOR_REPLY, "EventOFPFlowMonitorReply")       \
    X(CONTROLLER_STATUS_STATS_REPLY, "EventOFPControllerStatusStatsReply") \
    X(BUNDLE_FEATURES_STATS_REPLY, "EventOFPBundleFeaturesStatsReply")

enum ofm_event_type {
#define OFM_EV_ENUM(ENUM, NAME) OFM_EV_##ENUM,
    OFM_OFP_EVENTS(OFM_EV_ENUM)
#undef OFM_EV_ENUM
    OFM_EV_N_BUILTIN,
    OFM_EV_USER_BASE = 64           /* ofm_event_declare() ids start here. */
};
#define OFM_EVENT_MAX_DEPTH 16

/* An event as a handler sees it. */
struct ofm_event {
    int type;                       /* enum ofm_event_type or a declared id. */
    struct ofm_dp *dp;              /* The datapath, or NULL. */
    const struct ofm_msg *msg;      /* OpenFlow events: the message. */
    /* OFM_EV_STATE_CHANGE: the new state (OFM_STATE_DEAD on disconnect).
     * OFM_EV_PORT_STATE_CHANGE: 'port_no' and 'reason' (OFPPR_*). */
    enum ofm_state state;
    uint32_t port_no;
    uint8_t reason;
    /* Stats/multipart replies: the whole reply, reassembled from every
     * REPLY_MORE part; 'msg' is then the last part. */
    const struct ofm_multipart *multipart;
    /* User events: whatever the emitter passes. */
    const void *data;
};

typedef void ofm_handler_fn(const struct ofm_event *, void *aux);

/* Registers 'fn' for events of 'type' in the OR of 'states' (OFM_STATE_*;
 * OFM_STATE_ANY for all).  Only from init().  Returns 0, or EINVAL for an
 * unknown type, or EPERM outside init(). */
int ofm_handler_register(struct ofm_plugin *, int type, unsigned int states,
                         ofm_handler_fn *fn, void *aux);

/* Declares a user event named 'name' (Ryu's class name, e.g.
 * "EventSlaveStateChanged") emitted by this plugin, and returns its id
 * (>= OFM_EV_USER_BASE), or -1 for a built-in event's name.  Names are per
 * plugin, like Ryu's event classes per module: two providers may each
 * declare an "EventPacketIn", and get different ids, which they hand to
 * their users through their context API.  Only from init(). */
int ofm_event_declare(struct ofm_plugin *, const char *name);
/* The id of an event type by name (built-in, or the first plugin to declare
 * it), or -1. */
int ofm_event_find(const char *name);
/* The name of an event type. */
const char *ofm_event_name(int type);
/* Delivers 'ev' (of a type this plugin declared) to its handlers, now. */
void ofm_event_emit(struct ofm_plugin *, const struct ofm_event *ev);

/* Datapaths. */
uint64_t ofm_dp_id(const struct ofm_dp *);
uint8_t ofm_dp_version(const struct ofm_dp *);
enum ofm_state ofm_dp_state(const struct ofm_dp *);
/* The features the switch reported. */
const struct ofm_switch_features *ofm_dp_features(const struct ofm_dp *);
/* The switch's ports, kept up to date from PORT_DESC / FEATURES_REPLY
 * and PORT_STATUS: look one up, or walk them in port number order
 * ('prev' NULL for the first; NULL after the last).
 *
 * Lifetime: the pointers point into the datapath's port array, which the
 * manager changes in place: a PORT_STATUS that adds or deletes a port
 * moves the others (and may reallocate the array), one that modifies a port
 * overwrites it, and a port description or features reply replaces the
 * whole array.  So a pointer is valid only until control returns to the
 * event loop, and across no event that carries a port change (handlers of
 * EventOFPPortStatus and EventOFPPortStateChange run after the update):
 * keep the port number and look it up again, or copy the struct. */
const struct ofm_port *ofm_dp_port(const struct ofm_dp *, uint32_t port_no);
const struct ofm_port *ofm_dp_port_next(const struct ofm_dp *, const struct ofm_port *prev);
/* The connected datapath with id 'dpid' in state MAIN or CONFIG, or NULL. */
struct ofm_dp *ofm_dp_find(uint64_t dpid);
/* Walks every connected datapath ('prev' NULL for the first). */
struct ofm_dp *ofm_dp_next(struct ofm_dp *prev);
/* A fresh transaction id. */
uint32_t ofm_dp_xid(struct ofm_dp *);

/* Counters of a datapath's connection, since it connected (for metrics;
 * since ABI 1.2).  ofm_dp_counters() fills the first 'size' bytes of '*c'
 * (pass sizeof *c: a plugin built against an older header gets the fields
 * it knows). */
struct ofm_dp_counters {
    uint64_t msgs_in;           /* OpenFlow messages received, */
    uint64_t msgs_out;          /* and queued for sending. */
    uint64_t bytes_in;          /* Bytes received, */
    uint64_t bytes_out;         /* and written to the socket. */
    uint64_t packet_ins;        /* PACKET_IN messages received. */
    uint64_t flow_mods;         /* FLOW_MODs sent (ofm_dp_send_flow_mod()). */
    uint64_t tx_queued;         /* Bytes waiting to be written, now. */
};
void ofm_dp_counters(const struct ofm_dp *, struct ofm_dp_counters *c, size_t size);

/* Why a switch's connection ended (since ABI 1.2). */
enum ofm_disconnect_reason {
    OFM_DISC_EOF,               /* The switch closed the connection. */
    OFM_DISC_ERROR,             /* A read or write failed (reset, ...). */
    OFM_DISC_ECHO_TIMEOUT,      /* Echo requests went unanswered. */
    OFM_DISC_HANDSHAKE_TIMEOUT, /* A handshake step took too long. */
    OFM_DISC_MALFORMED,         /* Bad framing, or a bad HELLO/FEATURES_REPLY. */
    OFM_DISC_VERSION,           /* No OpenFlow version in common. */
    OFM_DISC_SEND_QUEUE_FULL,   /* The switch stopped reading. */
    OFM_DISC_REPLACED,          /* The same datapath connected again. */
    OFM_DISC_SHUTDOWN,          /* The controller is stopping. */
    OFM_DISC_TLS,               /* The TLS handshake failed (refused). */
    OFM_DISC_N_REASONS
};
/* "eof", "error", "echo_timeout", "handshake_timeout", "malformed",
 * "version_mismatch", "send_queue_full", "replaced", "shutdown", "tls"; NULL for a
 * value out of range. */
const char *ofm_disconnect_reason_name(enum ofm_disconnect_reason);
/* Disconnects since the manager started, by reason: of every connection
 * (also those that never got through the handshake), or, with
 * ofm_dp_disconnects(), of the datapath 'dpid' (kept after it went away;
 * the manager remembers a bounded number of datapaths).
 * ofm_disconnect_dpid_next() walks the datapath ids that have disconnected
 * at least once ('*pos' 0 for the first; false after the last), giving each
 * one's counts by reason in 'counts[0..n_counts)' (0 past the reasons the
 * manager knows). */
uint64_t ofm_disconnects(enum ofm_disconnect_reason);
uint64_t ofm_dp_disconnects(uint64_t dpid, enum ofm_disconnect_reason);
bool ofm_disconnect_dpid_next(size_t *pos, uint64_t *dpid, uint64_t *counts,
                              size_t n_counts);

/* Sending.  Messages are queued on the connection and written when the
 * socket is writable; a send never blocks.  Each typed sender takes a
 * fresh transaction id and stores it in '*xid' unless 'xid' is NULL (to
 * match the reply, e.g. of a stats request or a barrier).  Each returns 0,
 * ENOTCONN if the datapath is gone, ENOBUFS if its queue is over its bound
 * (the connection is then closed), or the encoder's error. */
int ofm_dp_send_raw(struct ofm_dp *, const void *msg, size_t size);
int ofm_dp_send_flow_mod(struct ofm_dp *, const struct ofm_flow_mod *, uint32_t *xid);
int ofm_dp_send_packet_out(struct ofm_dp *, const struct ofm_packet_out *, uint32_t *xid);
int ofm_dp_send_port_mod(struct ofm_dp *, const struct ofm_port_mod *, uint32_t *xid);
int ofm_dp_send_stats_request(struct ofm_dp *, const struct ofm_stats_request *,
                              uint32_t *xid);
int ofm_dp_send_barrier(struct ofm_dp *, uint32_t *xid);
int ofm_dp_send_set_config(struct ofm_dp *, uint16_t flags, uint16_t miss_send_len,
                           uint32_t *xid);
/* Starts a message of 'type' for this datapath's version in its send queue
 * and returns the buffer to append the body to; ofm_dp_send_commit()
 * finishes it (sets the length, queues it).  For messages without a typed
 * sender.  Returns NULL (and leaves '*start' alone) if the datapath is gone.
 *
 * The buffer is the connection's own send queue, so between begin and
 * commit:
 *  - only append the body to the buffer; keep no pointer into it across an
 *    append (it may be reallocated; use offsets from '*start');
 *  - send nothing else to the same datapath (no typed sender, no
 *    ofm_dp_send_raw(), no second begin): it would land inside the
 *    unfinished message.  Sending to other datapaths is fine;
 *  - do not return to the event loop: commit in the same handler or
 *    callback, since the loop writes the queue out.
 * ofm_dp_send_commit() returns 0, ENOTCONN if the datapath went away, an
 * error if the message outgrew OpenFlow's 64 KiB length (the message is
 * then dropped from the queue, what was queued before stays), or ENOBUFS
 * as the typed senders do. */
struct ofm_buf *ofm_dp_send_begin(struct ofm_dp *, uint8_t type, uint32_t xid, size_t *start);
int ofm_dp_send_commit(struct ofm_dp *, size_t start);

/* Timers, owned by the manager and stopped when the plugin is unloaded.
 * 'after' and 'repeat' are in seconds; 'repeat' 0 fires once (the timer is
 * then freed after the callback returns).  ofm_timer_add() returns NULL
 * only for a bad call: a NULL 'fn', or a negative 'after' or 'repeat'
 * (running out of memory aborts, as everywhere in the manager).  The timer
 * pointer is valid until ofm_timer_cancel(), until a one-shot timer's
 * callback returns, or until the plugin is unloaded. */
struct ofm_timer;
typedef void ofm_timer_fn(struct ofm_timer *, void *aux);
struct ofm_timer *ofm_timer_add(struct ofm_plugin *, double after, double repeat,
                                ofm_timer_fn *, void *aux);
/* Stops and frees 'timer'.  Accepts NULL.  Allowed from its own callback. */
void ofm_timer_cancel(struct ofm_timer *timer);
/* Fd watchers, owned by the manager like timers and stopped when the
 * plugin is unloaded (the fd stays the plugin's to close).  'events' is
 * an OR of OFM_IO_READ and OFM_IO_WRITE (0: watch nothing for now); the
 * callback gets those that are ready.  Since ABI 1.1. */
#define OFM_IO_READ 1
#define OFM_IO_WRITE 2
struct ofm_io;
typedef void ofm_io_fn(struct ofm_io *, int events, void *aux);
struct ofm_io *ofm_io_add(struct ofm_plugin *, int fd, int events,
                          ofm_io_fn *, void *aux);
/* Changes what 'io' waits for. */
void ofm_io_set_events(struct ofm_io *, int events);
/* Stops and frees 'io'.  Accepts NULL.  Allowed from its own callback. */
void ofm_io_cancel(struct ofm_io *);

/* The loop's current time, in seconds. */
double ofm_now(void);

/* Loggers for plugins: lines carry the plugin's name in the log file and
 * in syslog (see <ofm/log.h>). */
void ofm_plog(const struct ofm_plugin *, enum ofm_log_level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#ifdef __cplusplus
}
#endif

#endif /* ofm/plugin.h */
