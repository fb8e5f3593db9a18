/* Private interfaces between the manager's modules.
 *
 *   main.c      command line, startup and shutdown
 *   config.c    the manager's own YAML settings
 *   plugin.c    finding, loading and ABI-checking plugins (dlopen)
 *   deps.c      contexts: loading providers, ordering, cycles
 *   dispatch.c  event types, handler registration, delivery
 *   stream.c    byte streams: framing, send queue, backpressure (stream.h),
 *               of kinds TCP (stream-tcp.c, also listeners) and TLS
 *               (stream-tls.c); outgoing connections (stream-active.c)
 *   ofconn.c    the OpenFlow session: hello, echo, features, port
 *               description, multipart, state changes
 *   dp.c        the datapath API plugins call (ports, typed senders)
 *   timer.c     plugin timers
 *   io.c        plugin fd watchers
 */
#ifndef MANAGER_H
#define MANAGER_H 1

#include <ev.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ofm/ofm.h"

#define MGR_NAME "ofmanager"

/* The OpenFlow versions the manager speaks (OFM_VERSION_BIT()s): offered in
 * HELLO (narrowed to what the loaded plugins declare) and printed by
 * --version.  Add a version here when its codec and handshake arrive. */
#define MGR_OFP_VERSIONS OFM_VERSIONS_ALL

/* ---- Settings (main.c, config.c). ---- */
struct mgr_settings {
    bool verbose;
    bool use_stderr;            /* Log to stderr (Ryu's default: true). */
    bool use_syslog;
    int log_level;
    char *log_file;
    char *pid_file;
    char *listen_host;
    int listen_ports[2];        /* 0 = unused. */
    bool tcp_port_given;        /* --ofp-tcp-listen-port (or YAML) named. */
    char *ctl_privkey;          /* TLS: our key and certificate, */
    char *ctl_cert;
    char *ca_certs;             /* and the CA switches' must be signed by. */
    int ssl_listen_port;
    char **switch_addrs;        /* Switches to connect to ([tcp:|ssl:]HOST:PORT). */
    size_t n_switch_addrs;
    double connect_interval;    /* Seconds between tries (then backing off). */
    double echo_interval;       /* Seconds between echo requests. */
    int echo_max_unreplied;
    size_t tx_queue_limit;      /* Bytes queued to one switch before we drop it. */
    double handshake_timeout;   /* Seconds for each handshake step. */
    size_t mp_max_bytes;        /* Partial multipart bytes held per switch, */
    size_t mp_total_max_bytes;  /* and over all switches. */
    double mp_timeout;          /* Seconds a partial multipart reply may wait. */
    char **apps;                /* Plugin names or paths, in order. */
    size_t n_apps;
    char **plugin_path;         /* Directories to search, in order. */
    size_t n_plugin_path;
    struct ofm_conf *conf;      /* The YAML file, or NULL. */
    char *plugin_opts[4];       /* Values of config_plugin_opts[], or NULL. */
};
extern struct mgr_settings mgr_settings;

/* strdup() that aborts when memory runs out (config.c). */
char *mgr_xstrdup(const char *);
/* Appends a copy of 's' to the string vector '*v' of '*n' elements. */
void mgr_strv_push(char ***v, size_t *n, const char *s);

void settings_add_app(struct mgr_settings *, const char *app);
void settings_add_plugin_dir(struct mgr_settings *, const char *dir);
/* Adds the entries of a comma-separated --ofp-switch-address-list. */
void settings_add_switch_addrs(struct mgr_settings *, const char *list);
/* Applies the YAML file's manager keys to 's' for every setting the command
 * line did not set ('cmdline_set' names them). Returns 0 or EINVAL. */
int config_apply(struct mgr_settings *s, const struct ofm_conf *conf,
                 const char *const *cmdline_set, char *err, size_t err_size);
/* Checks that every top-level key is the manager's or a loaded plugin's. */
int config_check_sections(const struct ofm_conf *conf, char *err, size_t err_size);
extern const char *const config_manager_keys[];
/* Options the manager takes for plugins to read with ofm_option() (Ryu's
 * names: "wsapi-host", ...), NULL-terminated; at most 4. */
extern const char *const config_plugin_opts[];
/* Sets plugin option 'name' to 'value' (a copy); false if 'name' is not one. */
bool settings_set_plugin_opt(struct mgr_settings *, const char *name, const char *value);

/* ---- Plugins (plugin.c, deps.c). ---- */
struct ofm_plugin {
    const struct ofm_plugin_desc *desc;
    void *dl;                   /* dlopen() handle, NULL for built-ins. */
    char *path;                 /* As loaded. */
    char *realpath;             /* For duplicate detection. */
    bool as_context;            /* Loaded to provide a context. */
    bool refused;               /* Dropped by deps_resolve(). */
    bool initialized;
    const void *api;            /* What it provides (ofm_context_provide). */
    void *data;                 /* ofm_plugin_set_data(). */
    struct ofm_plugin **uses;   /* Providers it requires, resolved. */
    size_t n_uses;
    struct ofm_timer *timers;   /* Timers it owns (timer.c). */
    struct ofm_io *ios;         /* Fd watchers it owns (io.c). */
};

/* The loaded plugins, in initialization order once deps_resolve() ran. */
struct plugin_set {
    struct ofm_plugin **v;
    size_t n;
};
extern struct plugin_set mgr_plugins;

/* Finds 'app' (a path, or a name looked up with and without ".so" in the
 * plugin path) and loads it into 'set' unless it is there already. Returns
 * the plugin or NULL after writing why into 'err'. */
struct ofm_plugin *plugin_load(struct plugin_set *set, const char *app,
                               char *const *path, size_t n_path,
                               char *err, size_t err_size);
/* Loads a plugin from a file already found; used by plugin_load(). */
struct ofm_plugin *plugin_open(const char *file, char *err, size_t err_size);
void plugin_unload(struct ofm_plugin *);
struct ofm_plugin *plugin_find_by_name(const struct plugin_set *, const char *name);
void plugin_set_free(struct plugin_set *);

/* Loads the providers of every required context (from the plugin path),
 * resolves 'uses', and sorts 'set' so providers come first.  Plugins with a
 * missing provider, in a cycle, or needing a refused plugin are unloaded
 * and removed from 'set'; the first refusal is logged (a cycle's names
 * every plugin in it), all are joined into 'err'.  Returns how many were
 * refused. */
int deps_resolve(struct plugin_set *set, char *const *path, size_t n_path,
                 char *err, size_t err_size);

/* Calls every init() in order, stopping at the first that fails: that
 * plugin is logged (its name, file and reason, also in 'err') and, with
 * every plugin after it, unloaded and removed; those already initialized
 * stay, for plugins_fini().  Returns 0, or 1 after a failure. */
int plugins_init(struct plugin_set *set, char *err, size_t err_size);
/* Calls every fini() in reverse order and unloads everything. */
void plugins_fini(struct plugin_set *set);

/* ---- Dispatch (dispatch.c). ---- */
void dispatch_init(void);
void dispatch_uninit(void);
/* The plugin whose code is running (for logging and registration checks),
 * NULL when the manager's own. */
extern struct ofm_plugin *dispatch_current;
extern bool dispatch_in_init;
/* Delivers 'ev' from 'src' ("ofp_event" for OpenFlow events) to every
 * matching handler. */
void dispatch_event(const char *src, const struct ofm_event *ev);
/* Drops every handler and event a plugin registered (on unload). */
void dispatch_forget_plugin(struct ofm_plugin *);
/* Prints Ryu's "BRICK" listing at debug level. */
void dispatch_log_bricks(const struct plugin_set *set);
/* True if some handler wants events of 'type' (to skip work nobody needs). */
bool dispatch_has_handlers(int type);
/* The OpenFlow versions every loaded plugin speaks (intersection). */
uint32_t dispatch_versions(const struct plugin_set *set);
/* Event type of a received message (OFM_EV_*), or -1 if it raises none. */
int dispatch_msg_event(const struct ofm_msg *msg, const struct ofm_multipart *mp);
/* Checks a message whose event carries a decoded body the manager
 * guarantees (1.4/1.5 role status, table status, request forward,
 * controller status) with its decoder: 0 if it is well formed or of
 * another type, else the decoder's enum ofm_err. */
int dispatch_check_async(const struct ofm_msg *msg);

/* ---- Connections (ofconn.c) and datapaths (dp.c). ---- */
struct ofconn;

struct mp_partial {             /* A multipart reply being reassembled. */
    uint32_t xid;
    uint16_t type;
    double started;             /* ev_now() of its first part. */
    struct ofm_buf body;
};

struct ofm_dp {
    struct ofconn *conn;
    uint64_t id;
    uint8_t version;
    enum ofm_state state;
    bool have_features;
    struct ofm_switch_features features;    /* 'ports' not kept. */
    struct ofm_port *ports;     /* Sorted by port_no. */
    size_t n_ports, allocated_ports;
    uint32_t next_xid;
    struct mp_partial *partials;
    size_t n_partials;
    size_t partial_bytes;       /* Sum of the partials' body sizes. */
    struct ofm_dp_counters counters;    /* 'tx_queued' filled on demand. */
    struct ofm_dp *next, *prev; /* All datapaths (dp.c). */
};

extern uint32_t mgr_versions;   /* Bitmap offered in HELLO. */

/* Starts listening on every configured address and port. */
int ofconn_listen(struct ev_loop *, const struct mgr_settings *, char *err, size_t err_size);
/* Closes every connection (plugins see them go DEAD) and the listeners. */
void ofconn_shutdown(struct ev_loop *);
/* Queues raw bytes for 'dp'. */
int ofconn_send(struct ofconn *, const void *data, size_t size);
/* The connection's send buffer, to encode straight into; then call
 * ofconn_sent() with the result of the encoder. */
struct ofm_buf *ofconn_txbuf(struct ofconn *);
int ofconn_sent(struct ofconn *);
/* Takes over a connected socket from a switch at 'host':'port' (accepted
 * by the listener, or one end of a socketpair in tests) and says HELLO. */
struct ofconn *ofconn_adopt(struct ev_loop *, int fd, const char *host, int port);
/* The same over a stream of kind 'class' (stream.h) with its state
 * 'kind_data'; HELLO once the stream is up (after the TLS handshake).
 * 'gone', if not NULL, is called with 'gone_aux' when the connection
 * closes (from the loop). */
struct stream_class;
typedef void ofconn_gone_fn(void *aux);
struct ofconn *ofconn_adopt_stream(struct ev_loop *, int fd, const char *host, int port,
                                   const struct stream_class *, void *kind_data,
                                   ofconn_gone_fn *gone, void *gone_aux);
/* Closes 'c' now (DEAD is delivered from here: call it from the loop, never
 * from inside a plugin's send); 'reason' is counted, 'why' logged. */
void ofconn_close(struct ofconn *, enum ofm_disconnect_reason reason, const char *why);
/* Fills the counters the stream keeps (bytes in and out, queued). */
void ofconn_stream_counters(const struct ofconn *, struct ofm_dp_counters *);
bool ofconn_is_closed(const struct ofconn *);

/* dp.c */
void dp_register(struct ofm_dp *);
void dp_unregister(struct ofm_dp *);
/* Counts a disconnect of 'dp' (by its id when it has one). */
void dp_count_disconnect(const struct ofm_dp *, enum ofm_disconnect_reason);
void dp_counters_uninit(void);
void dp_set_ports(struct ofm_dp *, const struct ofm_port *, size_t n);
void dp_port_update(struct ofm_dp *, const struct ofm_port *, uint8_t reason);
void dp_free_partials(struct ofm_dp *);
/* Adds a multipart reply part; returns the complete body in 'mp' (which
 * may point into 'msg' or into a reassembly buffer valid until the next
 * call) and true when the reply is complete. */
bool dp_multipart_add(struct ofm_dp *, const struct ofm_msg *, struct ofm_multipart *mp);
void dp_multipart_done(struct ofm_dp *, uint32_t xid);
/* Drops the partial replies older than the multipart timeout; returns how
 * many are left. */
size_t dp_multipart_expire(struct ofm_dp *, double now);
/* Bytes held in partial multipart replies over all switches. */
size_t dp_multipart_total_bytes(void);

/* stream-active.c: connects to every --ofp-switch-address-list entry. */
int stream_active_start(const struct mgr_settings *, char *err, size_t err_size);
void stream_active_stopping(void);
void stream_active_free(void);

/* ---- Timers (timer.c). ---- */
void timer_init(struct ev_loop *);
void timer_cancel_all(struct ofm_plugin *);

/* ---- Fd watchers (io.c). ---- */
void io_cancel_all(struct ofm_plugin *);

extern struct ev_loop *mgr_loop;

#endif /* manager.h */
