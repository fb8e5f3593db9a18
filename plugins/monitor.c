/* monitor.so: the traffic monitor (Ryu's simple_monitor_13, for OpenFlow
 * 1.3 and 1.0), run beside switch.so.
 *
 * Datapaths are registered when they reach MAIN and dropped when they die.
 * Every 'interval' seconds each one gets a flow stats request (all flows
 * of all tables) and a port stats request (all ports); the replies to
 * those requests (matched by xid, so other plugins' stats do not show up
 * here) are printed as Ryu's two tables.  With 'json: FILE' each poll of
 * a datapath is also appended to FILE as one JSON object per line, once
 * both of its replies are in, with the port rates since the previous poll.
 *
 * Configuration (YAML):
 *     monitor:
 *       interval: 10        # seconds between polls (fractions allowed)
 *       json: /var/log/ofmanager/monitor.json */
#include "ofm/ofm.h"
#include "ofm/json.h"
#include "monitor-format.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MON_DEFAULT_INTERVAL 10.0

/* A registered datapath and its poll in progress. */
struct mon_dp {
    struct mon_dp *next;
    uint64_t dpid;
    uint32_t flow_xid, port_xid;    /* Of the requests not answered yet. */
    bool flows_done, ports_done;    /* Replies of the current poll. */
    double poll_time;               /* Wall clock when it was sent. */
    struct mon_flow *flows;         /* The current poll's replies, */
    size_t n_flows;
    bool has_ports;                 /* The last port reply, */
    struct ofm_port_stats *ports;   /* sorted by port number, */
    size_t n_ports;
    double ports_time;              /* and ofm_now() when it came. */
    bool has_prev;                  /* The previous port reply, for rates. */
    struct ofm_port_stats *prev_ports;
    size_t n_prev_ports;
    double prev_time;
};

struct monitor {
    struct ofm_plugin *plugin;
    double interval;
    FILE *json;                     /* NULL unless 'json' is configured. */
    char *json_path;
    bool json_failed;               /* A write failed: logged once. */
    struct ofm_timer *timer;
    struct mon_dp *dps;
};

static struct mon_dp *
mon_dp_find(struct monitor *mon, uint64_t dpid)
{
    for (struct mon_dp *d = mon->dps; d; d = d->next) {
        if (d->dpid == dpid) {
            return d;
        }
    }
    return NULL;
}

static void
mon_dp_free(struct mon_dp *d)
{
    if (d) {
        free(d->flows);
        free(d->ports);
        free(d->prev_ports);
        free(d);
    }
}

static double
wall_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* EventOFPStateChange: register in MAIN, unregister when DEAD. */
static void
state_change(const struct ofm_event *ev, void *aux)
{
    struct monitor *mon = aux;
    uint64_t dpid = ofm_dp_id(ev->dp);

    if (ev->state == OFM_STATE_MAIN) {
        if (!mon_dp_find(mon, dpid)) {
            struct mon_dp *d = calloc(1, sizeof *d);
            if (!d) {
                ofm_plog(mon->plugin, OFM_LOG_ERROR, "out of memory");
                return;
            }
            ofm_plog(mon->plugin, OFM_LOG_DEBUG, "register datapath: %016" PRIx64, dpid);
            d->dpid = dpid;
            d->next = mon->dps;
            mon->dps = d;
        }
    } else if (ev->state == OFM_STATE_DEAD) {
        for (struct mon_dp **dp = &mon->dps; *dp; dp = &(*dp)->next) {
            if ((*dp)->dpid == dpid) {
                struct mon_dp *d = *dp;
                ofm_plog(mon->plugin, OFM_LOG_DEBUG, "unregister datapath: %016" PRIx64,
                         dpid);
                *dp = d->next;
                mon_dp_free(d);
                break;
            }
        }
    }
}

/* Sends a stats request of 'type' for everything, and returns its xid
 * (0 if it could not be sent). */
static uint32_t
send_request(struct monitor *mon, struct ofm_dp *dp, uint16_t type)
{
    struct ofm_stats_request req;
    uint32_t xid;

    ofm_stats_request_init(&req, type);
    int error = ofm_dp_send_stats_request(dp, &req, &xid);
    if (error) {
        ofm_plog(mon->plugin, OFM_LOG_ERROR, "datapath %016" PRIx64 ": cannot send "
                 "stats request: %s", ofm_dp_id(dp), ofm_err_str(error));
        return 0;
    }
    return xid;
}

/* The timer: polls every registered datapath. */
static void
poll_all(struct ofm_timer *timer, void *aux)
{
    struct monitor *mon = aux;

    for (struct mon_dp *d = mon->dps; d; d = d->next) {
        struct ofm_dp *dp = ofm_dp_find(d->dpid);
        if (!dp) {
            continue;
        }
        if (d->flow_xid || d->port_xid) {
            ofm_plog(mon->plugin, OFM_LOG_DEBUG, "datapath %016" PRIx64 ": previous "
                     "stats request not answered", d->dpid);
        }
        ofm_plog(mon->plugin, OFM_LOG_DEBUG, "send stats request: %016" PRIx64, d->dpid);
        d->flows_done = d->ports_done = false;
        d->poll_time = wall_clock();
        d->flow_xid = send_request(mon, dp, OFPMP_FLOW);
        d->port_xid = send_request(mon, dp, OFPMP_PORT_STATS);
    }
}

/* Appends the poll of 'd' to the JSON file, once both replies are in. */
static void
write_json(struct monitor *mon, struct mon_dp *d, uint8_t version)
{
    if (!mon->json || !d->flows_done || !d->ports_done) {
        return;
    }
    struct mon_poll poll = {
        .dpid = d->dpid,
        .version = version,
        .time = d->poll_time,
        .flows = d->flows,
        .n_flows = d->n_flows,
        .ports = d->ports,
        .n_ports = d->n_ports,
        .has_prev = d->has_prev,
        .prev_ports = d->prev_ports,
        .n_prev_ports = d->n_prev_ports,
        .elapsed = d->ports_time - d->prev_time,
    };
    json_t *obj = mon_poll_json(&poll);
    char *text = ofm_json_dumps(obj, JSON_COMPACT | JSON_REAL_PRECISION(15));
    json_decref(obj);

    bool ok = text && fputs(text, mon->json) >= 0 && putc('\n', mon->json) != EOF
              && fflush(mon->json) == 0;
    free(text);
    if (!ok && !mon->json_failed) {
        ofm_plog(mon->plugin, OFM_LOG_ERROR, "%s: write failed: %s", mon->json_path,
                 strerror(errno));
    }
    mon->json_failed = !ok;
}

/* The registered datapath whose pending flow request (port request, if
 * 'ports') 'ev' answers, after clearing that request's xid; NULL for any
 * other reply (another plugin's, or a late one). */
static struct mon_dp *
our_reply(struct monitor *mon, const struct ofm_event *ev, bool ports)
{
    struct mon_dp *d = mon_dp_find(mon, ofm_dp_id(ev->dp));
    if (!d || !ev->multipart) {
        return NULL;
    }
    uint32_t *xid = ports ? &d->port_xid : &d->flow_xid;
    if (!*xid || ev->msg->xid != *xid) {
        return NULL;
    }
    *xid = 0;
    return d;
}

/* EventOFPFlowStatsReply: the flow table. */
static void
flow_stats_reply(const struct ofm_event *ev, void *aux)
{
    struct monitor *mon = aux;
    struct mon_dp *d = our_reply(mon, ev, false);
    if (!d) {
        return;
    }

    uint8_t version = ofm_dp_version(ev->dp);
    struct mon_flow *flows;
    size_t n;
    int error = mon_flows_parse(ev->multipart->body, ev->multipart->body_size,
                                version, &flows, &n);
    if (error) {
        ofm_plog(mon->plugin, OFM_LOG_WARNING, "datapath %016" PRIx64 ": bad flow "
                 "stats reply: %s", d->dpid, ofm_err_str(error));
        return;
    }

    const struct mon_flow **rows = malloc((n ? n : 1) * sizeof *rows);
    if (!rows) {
        free(flows);
        return;
    }
    size_t n_rows = mon_flows_select(flows, n, rows);
    ofm_plog(mon->plugin, OFM_LOG_INFO, "%s", mon_flow_header);
    ofm_plog(mon->plugin, OFM_LOG_INFO, "%s", mon_flow_rule);
    for (size_t i = 0; i < n_rows; i++) {
        char line[MON_LINE_SIZE];
        mon_flow_format(line, d->dpid, rows[i]);
        ofm_plog(mon->plugin, OFM_LOG_INFO, "%s", line);
    }
    free(rows);

    free(d->flows);
    d->flows = flows;
    d->n_flows = n;
    d->flows_done = true;
    write_json(mon, d, version);
}

/* EventOFPPortStatsReply: the port table. */
static void
port_stats_reply(const struct ofm_event *ev, void *aux)
{
    struct monitor *mon = aux;
    struct mon_dp *d = our_reply(mon, ev, true);
    if (!d) {
        return;
    }

    uint8_t version = ofm_dp_version(ev->dp);
    struct ofm_port_stats *ports;
    size_t n;
    int error = mon_ports_parse(ev->multipart->body, ev->multipart->body_size,
                                version, &ports, &n);
    if (error) {
        ofm_plog(mon->plugin, OFM_LOG_WARNING, "datapath %016" PRIx64 ": bad port "
                 "stats reply: %s", d->dpid, ofm_err_str(error));
        return;
    }

    mon_ports_sort(ports, n);
    ofm_plog(mon->plugin, OFM_LOG_INFO, "%s", mon_port_header);
    ofm_plog(mon->plugin, OFM_LOG_INFO, "%s", mon_port_rule);
    for (size_t i = 0; i < n; i++) {
        char line[MON_LINE_SIZE];
        mon_port_format(line, d->dpid, &ports[i]);
        ofm_plog(mon->plugin, OFM_LOG_INFO, "%s", line);
    }

    /* The last reply becomes the base of the next poll's rates. */
    if (d->has_ports) {
        free(d->prev_ports);
        d->prev_ports = d->ports;
        d->n_prev_ports = d->n_ports;
        d->prev_time = d->ports_time;
        d->has_prev = true;
    }
    d->has_ports = true;
    d->ports = ports;
    d->n_ports = n;
    d->ports_time = ofm_now();
    d->ports_done = true;
    write_json(mon, d, version);
}

static void
monitor_free(struct monitor *mon)
{
    while (mon->dps) {
        struct mon_dp *d = mon->dps;
        mon->dps = d->next;
        mon_dp_free(d);
    }
    if (mon->json) {
        fclose(mon->json);
    }
    free(mon->json_path);
    free(mon);
}

/* Reads the 'monitor' section, if any. */
static int
read_config(struct monitor *mon, char *err, size_t err_size)
{
    static const char *const keys[] = { "interval", "json", NULL };
    const struct ofm_conf *conf = ofm_plugin_config(mon->plugin);
    const char *path = NULL;

    if (!conf) {
        return 0;
    }
    if (ofm_conf_kind(conf) != OFM_CONF_MAP) {
        snprintf(err, err_size, "%s: monitor: expected a map (interval, json)",
                 ofm_conf_where(conf));
        return EINVAL;
    }
    if (ofm_conf_check_keys(conf, keys, err, err_size)
        || ofm_conf_get_double(conf, "interval", 0.01, 86400.0, &mon->interval,
                               err, err_size)
        || ofm_conf_get_string(conf, "json", &path, err, err_size)) {
        return EINVAL;
    }
    if (path) {
        mon->json = fopen(path, "a");
        if (!mon->json) {
            snprintf(err, err_size, "%s: cannot open %s: %s",
                     ofm_conf_where(ofm_conf_get(conf, "json")), path, strerror(errno));
            return errno ? errno : EIO;
        }
        mon->json_path = strdup(path);
        if (!mon->json_path) {
            snprintf(err, err_size, "out of memory");
            return ENOMEM;
        }
    }
    return 0;
}

static int
monitor_init(struct ofm_plugin *p, char *err, size_t err_size)
{
    struct monitor *mon = calloc(1, sizeof *mon);
    if (!mon) {
        snprintf(err, err_size, "out of memory");
        return ENOMEM;
    }
    mon->plugin = p;
    mon->interval = MON_DEFAULT_INTERVAL;
    int error = read_config(mon, err, err_size);
    if (error) {
        monitor_free(mon);
        return error;
    }
    ofm_plugin_set_data(p, mon);

    ofm_handler_register(p, OFM_EV_STATE_CHANGE, OFM_STATE_MAIN | OFM_STATE_DEAD,
                         state_change, mon);
    ofm_handler_register(p, OFM_EV_FLOW_STATS_REPLY, OFM_STATE_MAIN,
                         flow_stats_reply, mon);
    ofm_handler_register(p, OFM_EV_PORT_STATS_REPLY, OFM_STATE_MAIN,
                         port_stats_reply, mon);
    mon->timer = ofm_timer_add(p, mon->interval, mon->interval, poll_all, mon);
    return 0;
}

static void
monitor_fini(struct ofm_plugin *p)
{
    struct monitor *mon = ofm_plugin_data(p);
    ofm_timer_cancel(mon->timer);
    monitor_free(mon);
}

OFM_PLUGIN(.name = "monitor",
           .ofp_versions = OFM_VERSIONS_ALL,
           .config_section = "monitor",
           .init = monitor_init,
           .fini = monitor_fini);
