/* switch_rest.so: the switching hub with a REST API for its MAC table
 * (Ryu's simple_switch_rest_13, the Ryu book's REST chapter).
 *
 *   GET /simpleswitch/mactable/{dpid}   the table of that switch, {"mac": port}
 *   PUT /simpleswitch/mactable/{dpid}   {"mac": "00:00:00:00:00:01", "port": 1}
 *       adds the entry and, for every entry already known, the two flows
 *       between it and the new one (priority 1), and answers the table.
 *
 * Unlike Ryu's, any dpid works (Ryu's int(dpid) breaks for 10 and up) and
 * the body is validated instead of evaluated. */
#include "hub.h"
#include <ofm/addr.h>
#include <ofm/wsgi.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const contexts[] = { OFM_WSGI_CONTEXT, NULL };

struct rest_hub {
    struct hub hub;
    const struct ofm_wsgi_api *wsgi;
    json_t *tables;             /* "%016x" dpid -> {"mac": port}. */
};

static json_t *
table_of(struct rest_hub *rh, uint64_t dpid, bool create)
{
    char key[17];
    snprintf(key, sizeof key, "%016" PRIx64, dpid);
    json_t *t = json_object_get(rh->tables, key);
    if (!t && create) {
        t = json_object();
        json_object_set_new(rh->tables, key, t);
    }
    return t;
}

static void
learned(uint64_t dpid, const uint8_t mac[6], uint32_t port, bool is_new, void *aux)
{
    struct rest_hub *rh = aux;
    char s[OFM_MAC_STRLEN];
    ofm_mac_format(mac, s);
    json_object_set_new(table_of(rh, dpid, true), s, json_integer(port));
}

static void
forget(const struct ofm_event *ev, void *aux)
{
    struct rest_hub *rh = aux;
    char key[17];
    if (ofm_dp_id(ev->dp)) {
        snprintf(key, sizeof key, "%016" PRIx64, ofm_dp_id(ev->dp));
        json_object_del(rh->tables, key);
    }
}

static void
remember(const struct ofm_event *ev, void *aux)
{
    table_of(aux, ofm_dp_id(ev->dp), true);
}

/* The table of the request's dpid, or NULL after answering 404. */
static json_t *
request_table(struct rest_hub *rh, struct ofm_wsgi_request *req)
{
    uint64_t dpid = 0;
    rh->wsgi->var_u64(req, "dpid", &dpid);
    json_t *t = table_of(rh, dpid, false);
    if (!t) {
        rh->wsgi->reply_error(req, 404, "dpid", "no such datapath %016" PRIx64, dpid);
    }
    return t;
}

static void
get_table(struct ofm_wsgi_request *req, void *aux)
{
    struct rest_hub *rh = aux;
    json_t *t = request_table(rh, req);
    if (t) {
        rh->wsgi->reply_json(req, 200, json_incref(t));
    }
}

static void
flow_to(struct hub *hub, struct ofm_dp *dp, uint32_t in_port, const uint8_t dst[6],
        uint32_t out_port)
{
    struct ofm_match match;
    struct ofm_actions acts;

    ofm_match_init(&match);
    ofm_match_set_in_port(&match, in_port);
    ofm_match_set_eth_dst(&match, dst);
    ofm_actions_init(&acts);
    ofm_act_output(&acts, out_port, 0);
    hub_add_flow(hub, dp, 1, &match, &acts);
    ofm_actions_uninit(&acts);
}

static void
put_entry(struct ofm_wsgi_request *req, void *aux)
{
    struct rest_hub *rh = aux;
    const struct ofm_wsgi_api *w = rh->wsgi;
    json_t *body = w->body_json(req);
    uint8_t mac[6];

    if (!json_is_object(body)) {
        w->reply_error(req, 400, "body", "expected an object {\"mac\": ..., \"port\": ...}");
        return;
    }
    json_t *jmac = json_object_get(body, "mac");
    json_t *jport = json_object_get(body, "port");
    if (!json_is_string(jmac) || ofm_mac_parse(json_string_value(jmac), mac)) {
        w->reply_error(req, 400, "mac", "mac: expected a MAC address \"xx:xx:xx:xx:xx:xx\"");
        return;
    }
    /* ofm_json_loads() keeps integers of 2^63 and up as negative values:
     * the range check rejects them too. */
    if (!json_is_integer(jport) || json_integer_value(jport) < 1
        || json_integer_value(jport) > OFPP_MAX) {
        w->reply_error(req, 400, "port", "port: expected an integer from 1 to %u",
                       (unsigned int) OFPP_MAX);
        return;
    }
    uint32_t port = (uint32_t) json_integer_value(jport);
    json_t *t = request_table(rh, req);
    if (!t) {
        return;
    }
    uint64_t dpid = 0;
    w->var_u64(req, "dpid", &dpid);
    struct ofm_dp *dp = ofm_dp_find(dpid);
    if (dp) {
        const char *key;
        json_t *v;
        json_object_foreach(t, key, v) {
            uint8_t known[6];
            if (ofm_mac_parse(key, known) || !memcmp(known, mac, 6)) {
                continue;
            }
            uint32_t known_port = (uint32_t) json_integer_value(v);
            flow_to(&rh->hub, dp, known_port, mac, port);   /* Known host to new one. */
            flow_to(&rh->hub, dp, port, known, known_port); /* New host to known one. */
        }
    }
    char s[OFM_MAC_STRLEN];
    ofm_mac_format(mac, s);
    json_object_set_new(t, s, json_integer(port));
    ofm_mactable_learn(&rh->hub.macs, dpid, mac, port);
    w->reply_json(req, 200, json_incref(t));
}

static int
rest_init(struct ofm_plugin *p, char *err, size_t err_size)
{
    struct rest_hub *rh = calloc(1, sizeof *rh);
    if (!rh) {
        snprintf(err, err_size, "out of memory");
        return -1;
    }
    rh->hub.plugin = p;
    ofm_mactable_init(&rh->hub.macs);
    rh->hub.on_learn = learned;
    rh->hub.learn_aux = rh;
    rh->tables = json_object();
    rh->wsgi = ofm_wsgi_get(p);
    ofm_plugin_set_data(p, rh);

    hub_register(&rh->hub);
    ofm_handler_register(p, OFM_EV_SWITCH_FEATURES, OFM_STATE_CONFIG, remember, rh);
    ofm_handler_register(p, OFM_EV_STATE_CHANGE, OFM_STATE_DEAD, forget, rh);

    static const char path[] = "/simpleswitch/mactable/{dpid}";
    const struct ofm_wsgi_route get = { .method = "GET", .path = path,
                                        .fn = get_table, .aux = rh };
    const struct ofm_wsgi_route put = { .method = "PUT", .path = path,
                                        .flags = OFM_WSGI_BODY_JSON | OFM_WSGI_BODY_REQUIRED,
                                        .fn = put_entry, .aux = rh };
    if (rh->wsgi->add_route(p, &get, err, err_size)
        || rh->wsgi->add_route(p, &put, err, err_size)) {
        return -1;
    }
    return 0;
}

static void
rest_fini(struct ofm_plugin *p)
{
    struct rest_hub *rh = ofm_plugin_data(p);
    ofm_mactable_free(&rh->hub.macs);
    json_decref(rh->tables);
    free(rh);
}

OFM_PLUGIN(.name = "simple_switch_rest",
           .ofp_versions = OFM_VERSIONS_ALL,
           .contexts = contexts,
           .init = rest_init,
           .fini = rest_fini);
