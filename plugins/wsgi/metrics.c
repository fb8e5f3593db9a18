/* GET /metrics of wsgi.so: the Prometheus text exposition format 0.0.4.
 * What the manager exposes (connected switches, their ports, the message
 * and byte counters of each connection, disconnects by reason),
 * the port counters of the last PORT_STATS_REPLY of each switch (when
 * monitor.so or another plugin polls them), and wsgi's own requests. */
#include <config.h>
#include "metrics.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ofm/buf.h"
#include "ofm/msg.h"

struct dp_ports {
    uint64_t dpid;
    struct ofm_port_stats *ports;
    size_t n;
};

static struct dp_ports *stats;
static size_t n_stats;
static uint64_t http_by_class[6];   /* 1xx..5xx, by status / 100. */

void
metrics_count_reply(unsigned int status)
{
    if (status >= 100 && status < 600) {
        http_by_class[status / 100]++;
    }
}

static struct dp_ports *
find(uint64_t dpid, bool create)
{
    for (size_t i = 0; i < n_stats; i++) {
        if (stats[i].dpid == dpid) {
            return &stats[i];
        }
    }
    if (!create) {
        return NULL;
    }
    struct dp_ports *v = realloc(stats, (n_stats + 1) * sizeof *v);
    if (!v) {
        abort();
    }
    stats = v;
    memset(&v[n_stats], 0, sizeof v[n_stats]);
    v[n_stats].dpid = dpid;
    return &v[n_stats++];
}

static void
port_stats_reply(const struct ofm_event *ev, void *aux)
{
    if (!ev->multipart || (ev->multipart->flags & 1)) {
        return;
    }
    struct ofm_rd rd = ofm_rd_init(ev->multipart->body, ev->multipart->body_size);
    struct ofm_port_stats ps, *v = NULL;
    size_t n = 0;
    int error;
    while (!(error = ofm_port_stats_next(&rd, ofm_dp_version(ev->dp), &ps))) {
        struct ofm_port_stats *nv = realloc(v, (n + 1) * sizeof *nv);
        if (!nv) {
            abort();
        }
        v = nv;
        v[n++] = ps;
    }
    if (error != EOF) {
        free(v);
        return;
    }
    struct dp_ports *d = find(ofm_dp_id(ev->dp), true);
    free(d->ports);
    d->ports = v;
    d->n = n;
}

static void
state_change(const struct ofm_event *ev, void *aux)
{
    struct dp_ports *d = find(ofm_dp_id(ev->dp), false);
    if (d) {
        free(d->ports);
        *d = stats[--n_stats];
    }
}

/* The manager's counters of each connected switch, and the disconnects by
 * reason (process-wide, and per datapath id including those gone). */
static void
conn_counters(FILE *f)
{
    static const struct {
        const char *name, *type, *help;
        size_t off;
    } dpc[] = {
#define C(NAME, F, TYPE, H) { NAME, TYPE, H, offsetof(struct ofm_dp_counters, F) }
        C("ofm_switch_messages_in_total", msgs_in, "counter",
          "OpenFlow messages received from the switch."),
        C("ofm_switch_messages_out_total", msgs_out, "counter",
          "OpenFlow messages queued for the switch."),
        C("ofm_switch_bytes_in_total", bytes_in, "counter",
          "Bytes received from the switch."),
        C("ofm_switch_bytes_out_total", bytes_out, "counter",
          "Bytes written to the switch."),
        C("ofm_switch_packet_ins_total", packet_ins, "counter",
          "PACKET_IN messages received from the switch."),
        C("ofm_switch_flow_mods_total", flow_mods, "counter",
          "FLOW_MOD messages sent to the switch by plugins."),
        C("ofm_switch_tx_queued_bytes", tx_queued, "gauge",
          "Bytes waiting to be written to the switch."),
#undef C
    };
    for (size_t k = 0; k < sizeof dpc / sizeof dpc[0]; k++) {
        fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", dpc[k].name, dpc[k].help,
                dpc[k].name, dpc[k].type);
        for (struct ofm_dp *dp = ofm_dp_next(NULL); dp; dp = ofm_dp_next(dp)) {
            if (!(ofm_dp_state(dp) & (OFM_STATE_CONFIG | OFM_STATE_MAIN))) {
                continue;
            }
            struct ofm_dp_counters c;
            uint64_t v;
            ofm_dp_counters(dp, &c, sizeof c);
            memcpy(&v, (const char *) &c + dpc[k].off, sizeof v);
            fprintf(f, "%s{dpid=\"%016" PRIx64 "\"} %" PRIu64 "\n", dpc[k].name,
                    ofm_dp_id(dp), v);
        }
    }

    fprintf(f, "# HELP ofm_disconnects_total Switch connections closed, by reason "
            "(also those that never finished the handshake).\n"
            "# TYPE ofm_disconnects_total counter\n");
    for (int r = 0; r < OFM_DISC_N_REASONS; r++) {
        fprintf(f, "ofm_disconnects_total{reason=\"%s\"} %" PRIu64 "\n",
                ofm_disconnect_reason_name(r), ofm_disconnects(r));
    }
    fprintf(f, "# HELP ofm_switch_disconnects_total Disconnects of a datapath, "
            "by reason (kept after it went away).\n"
            "# TYPE ofm_switch_disconnects_total counter\n");
    size_t pos = 0;
    uint64_t dpid, n[OFM_DISC_N_REASONS];
    while (ofm_disconnect_dpid_next(&pos, &dpid, n, OFM_DISC_N_REASONS)) {
        for (int r = 0; r < OFM_DISC_N_REASONS; r++) {
            if (n[r]) {
                fprintf(f, "ofm_switch_disconnects_total{dpid=\"%016" PRIx64
                        "\",reason=\"%s\"} %" PRIu64 "\n", dpid,
                        ofm_disconnect_reason_name(r), n[r]);
            }
        }
    }
}

static void
serve(struct ofm_wsgi_request *req, void *aux)
{
    const struct ofm_wsgi_api *w = aux;
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    if (!f) {
        w->reply_error(req, 503, NULL, "out of memory");
        return;
    }
    size_t n_dp = 0;
    for (struct ofm_dp *dp = ofm_dp_next(NULL); dp; dp = ofm_dp_next(dp)) {
        n_dp += (ofm_dp_state(dp) & (OFM_STATE_CONFIG | OFM_STATE_MAIN)) != 0;
    }
    fprintf(f, "# HELP ofm_switches_connected Switches past the handshake.\n"
            "# TYPE ofm_switches_connected gauge\nofm_switches_connected %zu\n", n_dp);
    fprintf(f, "# HELP ofm_switch_ports Ports a switch reported.\n"
            "# TYPE ofm_switch_ports gauge\n");
    for (struct ofm_dp *dp = ofm_dp_next(NULL); dp; dp = ofm_dp_next(dp)) {
        if (!(ofm_dp_state(dp) & (OFM_STATE_CONFIG | OFM_STATE_MAIN))) {
            continue;
        }
        size_t n = 0;
        for (const struct ofm_port *p = ofm_dp_port_next(dp, NULL); p;
             p = ofm_dp_port_next(dp, p)) {
            n++;
        }
        fprintf(f, "ofm_switch_ports{dpid=\"%016" PRIx64 "\",version=\"0x%02x\"} %zu\n",
                ofm_dp_id(dp), ofm_dp_version(dp), n);
    }
    static const struct {
        const char *name, *help;
        size_t off;
    } counters[] = {
#define C(F, H) { "ofm_port_" #F "_total", H, offsetof(struct ofm_port_stats, F) }
        C(rx_packets, "Packets received (last port stats reply)."),
        C(tx_packets, "Packets sent (last port stats reply)."),
        C(rx_bytes, "Bytes received (last port stats reply)."),
        C(tx_bytes, "Bytes sent (last port stats reply)."),
        C(rx_dropped, "Received packets dropped (last port stats reply)."),
        C(tx_dropped, "Packets to send dropped (last port stats reply)."),
        C(rx_errors, "Receive errors (last port stats reply)."),
        C(tx_errors, "Send errors (last port stats reply)."),
#undef C
    };
    for (size_t c = 0; c < sizeof counters / sizeof counters[0]; c++) {
        fprintf(f, "# HELP %s %s\n# TYPE %s counter\n", counters[c].name,
                counters[c].help, counters[c].name);
        for (size_t i = 0; i < n_stats; i++) {
            for (size_t j = 0; j < stats[i].n; j++) {
                const struct ofm_port_stats *ps = &stats[i].ports[j];
                uint64_t v;
                memcpy(&v, (const char *) ps + counters[c].off, sizeof v);
                fprintf(f, "%s{dpid=\"%016" PRIx64 "\",port=\"%" PRIu32 "\"} %" PRIu64 "\n",
                        counters[c].name, stats[i].dpid, ps->port_no, v);
            }
        }
    }
    conn_counters(f);
    fprintf(f, "# HELP ofm_http_responses_total Responses of the REST server by "
            "status class.\n# TYPE ofm_http_responses_total counter\n");
    for (int k = 1; k < 6; k++) {
        fprintf(f, "ofm_http_responses_total{code=\"%dxx\"} %" PRIu64 "\n", k,
                http_by_class[k]);
    }
    fclose(f);
    w->reply_text(req, 200, "text/plain; version=0.0.4; charset=utf-8", text, size);
    free(text);
}

int
metrics_init(struct ofm_plugin *plugin, const struct ofm_wsgi_api *w,
             char *err, size_t err_size)
{
    const struct ofm_wsgi_route r = { .method = "GET", .path = "/metrics",
                                      .fn = serve, .aux = (void *) w };
    ofm_handler_register(plugin, OFM_EV_PORT_STATS_REPLY, OFM_STATE_MAIN,
                         port_stats_reply, NULL);
    ofm_handler_register(plugin, OFM_EV_STATE_CHANGE, OFM_STATE_DEAD, state_change, NULL);
    return w->add_route(plugin, &r, err, err_size);
}

void
metrics_fini(void)
{
    for (size_t i = 0; i < n_stats; i++) {
        free(stats[i].ports);
    }
    free(stats);
    stats = NULL;
    n_stats = 0;
}
