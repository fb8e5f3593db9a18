/* ofctl_rest.so: Ryu's ofctl_rest on the wsgi context.  This first part
 * serves GET /stats/switches, GET|POST /stats/flow/{dpid},
 * POST /stats/flowentry/{cmd} and DELETE /stats/flowentry/clear/{dpid}
 * for OpenFlow 1.0 and 1.3 switches.
 *
 * Stats replies are awaited without blocking: the request is suspended,
 * remembered by (dpid, xid), and answered from the FLOW_STATS_REPLY event
 * (the manager reassembles multipart replies), or with the empty list Ryu
 * gives when the switch does not answer within a second, or goes away. */
#include <config.h>
#include "ofctl-conv.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ofm/json.h"
#include "ofm/ofm.h"
#include "ofm/plugin.h"
#include "ofm/wsgi.h"

#define STATS_TIMEOUT 1.0       /* Ryu's DEFAULT_TIMEOUT. */

struct pending {
    struct pending *next;
    struct ofm_wsgi_request *req;
    uint64_t dpid;
    uint32_t xid;
    uint8_t version;
    int priority;               /* Ryu's after-the-fact filter, or -1. */
};

static struct ofm_plugin *self;
static const struct ofm_wsgi_api *w;
static struct pending *pendings;

static json_t *
dpid_key_obj(uint64_t dpid, json_t *value)
{
    char key[24];
    snprintf(key, sizeof key, "%"PRIu64, dpid);
    json_t *o = json_object();
    json_object_set_new(o, key, value);
    return o;
}

static void
pending_remove(struct pending *p)
{
    for (struct pending **pp = &pendings; *pp; pp = &(*pp)->next) {
        if (*pp == p) {
            *pp = p->next;
            free(p);
            return;
        }
    }
}

static void
pending_gone(struct ofm_wsgi_request *req, enum ofm_wsgi_gone why, void *aux)
{
    struct pending *p = aux;
    if (why == OFM_WSGI_GONE_TIMEOUT) {
        w->reply_json(req, 200, dpid_key_obj(p->dpid, json_array()));
    }
    pending_remove(p);
}

/* The datapath named by the path's {dpid}, or NULL after a 404. */
static struct ofm_dp *
path_dp(struct ofm_wsgi_request *req, uint64_t *dpid)
{
    struct ofm_dp *dp = NULL;
    if (w->var_u64(req, "dpid", dpid)) {
        w->reply_error(req, 400, "dpid", "dpid: missing");
    } else if (!(dp = ofm_dp_find(*dpid))) {
        w->reply_error(req, 404, "dpid", "no such datapath %"PRIu64, *dpid);
    }
    return dp;
}

static void
get_switches(struct ofm_wsgi_request *req, void *aux __attribute__((unused)))
{
    json_t *list = json_array();
    for (struct ofm_dp *dp = ofm_dp_next(NULL); dp; dp = ofm_dp_next(dp)) {
        if (ofm_dp_state(dp) & (OFM_STATE_MAIN | OFM_STATE_CONFIG)) {
            json_array_append_new(list, json_integer((json_int_t) ofm_dp_id(dp)));
        }
    }
    w->reply_json(req, 200, list);
}

static int
send_json(struct ofm_dp *dp, const json_t *msg, uint32_t xid, char *err,
          size_t err_size)
{
    struct ofm_buf out;
    ofm_buf_init(&out);
    int error = ofm_ofp_from_json(msg, ofm_dp_version(dp), xid, &out,
                                  err, err_size);
    if (!error) {
        error = ofm_dp_send_raw(dp, out.data, out.size);
        if (error) {
            ofm_err_printf(err, err_size, "sending to the switch: %s", ofm_err_str(error));
        }
    }
    ofm_buf_uninit(&out);
    return error;
}

static void
get_flow(struct ofm_wsgi_request *req, void *aux __attribute__((unused)))
{
    uint64_t dpid, v;
    struct ofm_dp *dp = path_dp(req, &dpid);
    if (!dp) {
        return;
    }
    uint8_t version = ofm_dp_version(dp);
    bool v10 = version == OFP10_VERSION;
    const json_t *body = w->body_json(req);
    json_t *empty = json_object();
    char err[256];
    if (!body) {
        body = empty;
    }
    if (!json_is_object(body)) {
        json_decref(empty);
        w->reply_error(req, 400, "body", "the body must be a JSON object");
        return;
    }
    int priority = -1;
    if (json_object_get(body, "priority")) {
        if (ofctl_get_uint(json_object_get(body, "priority"), &v) || v > 65535) {
            json_decref(empty);
            w->reply_error(req, 400, "priority", "priority: expected 0..65535");
            return;
        }
        priority = (int) v;
    }
    /* The filters a flow mod body would give, read the same way. */
    json_t *fm = ofctl_flow_mod_from_rest(body, version, 0, err, sizeof err);
    json_decref(empty);
    if (!fm) {
        w->reply_error(req, 400, NULL, "%s", err);
        return;
    }
    const json_t *f = json_object_get(fm, "OFPFlowMod");
    uint64_t table_id = 0xff, out_port = v10 ? 0xffff : 0xffffffff;
    if (json_object_get(body, "table_id")) {
        ofctl_get_uint(json_object_get(f, "table_id"), &table_id);
    }
    if (json_object_get(body, "out_port")) {
        ofctl_get_uint(json_object_get(f, "out_port"), &out_port);
    }
    json_t *sr = json_pack("{s:i,s:O,s:I,s:I}", "flags", 0,
                           "match", json_object_get(f, "match"),
                           "table_id", (json_int_t) table_id,
                           "out_port", (json_int_t) out_port);
    if (!v10) {
        json_object_set(sr, "out_group", json_object_get(f, "out_group"));
        json_object_set(sr, "cookie", json_object_get(f, "cookie"));
        json_object_set(sr, "cookie_mask", json_object_get(f, "cookie_mask"));
    }
    json_t *msg = json_pack("{s:o}", "OFPFlowStatsRequest", sr);
    json_decref(fm);
    uint32_t xid = ofm_dp_xid(dp);
    int error = send_json(dp, msg, xid, err, sizeof err);
    json_decref(msg);
    if (error) {
        w->reply_error(req, error == EINVAL ? 400 : 503, NULL, "%s", err);
        return;
    }
    struct pending *p = calloc(1, sizeof *p);
    if (!p) {
        w->reply_error(req, 503, NULL, "out of memory");
        return;
    }
    *p = (struct pending) { .next = pendings, .req = req, .dpid = dpid,
                            .xid = xid, .version = version,
                            .priority = priority };
    pendings = p;
    w->suspend(req, STATS_TIMEOUT, pending_gone, p);
}

/* Decodes the reassembled flow stats body with the codec, in messages of
 * at most 64 kB cut at entry boundaries (each entry starts with its
 * 16-bit length in both versions), and appends the REST flows. */
static void
flow_body_to_rest(const struct ofm_multipart *mp, struct pending *p,
                  json_t *flows)
{
    size_t hdr = p->version == OFP10_VERSION ? 12 : 16;
    size_t off = 0;
    while (off < mp->body_size) {
        size_t end = off;
        while (end + 2 <= mp->body_size) {
            size_t len = (size_t) mp->body[end] << 8 | mp->body[end + 1];
            if (len < 2 || end + len > mp->body_size
                || hdr + (end - off) + len > 65535) {
                break;
            }
            end += len;
        }
        if (end == off) {
            ofm_plog(self, OFM_LOG_WARNING, "datapath %016"PRIx64": bad flow "
                     "stats entry at offset %zu", p->dpid, off);
            return;
        }
        size_t size = hdr + (end - off);
        uint8_t *m = calloc(1, size);
        if (!m) {
            return;
        }
        m[0] = p->version;
        m[1] = p->version == OFP10_VERSION ? OFPT10_STATS_REPLY : OFPT13_MULTIPART_REPLY;
        m[2] = size >> 8;
        m[3] = size & 0xff;
        m[8] = 0;
        m[9] = 1;                                       /* OFPMP_FLOW */
        memcpy(m + hdr, mp->body + off, end - off);
        char err[256];
        json_t *j;
        ofm_ofp_to_json(m, size, &j, NULL, err, sizeof err);
        free(m);
        if (!j) {
            ofm_plog(self, OFM_LOG_WARNING, "datapath %016"PRIx64": flow stats "
                     "reply: %s", p->dpid, err);
            return;
        }
        const json_t *body = json_object_get(json_object_get(j, "OFPFlowStatsReply"),
                                             "body");
        json_t *part = ofctl_flow_stats_to_rest(body, p->version, p->priority);
        json_array_extend(flows, part);
        json_decref(part);
        json_decref(j);
        off = end;
    }
}

static void
on_flow_stats(const struct ofm_event *ev, void *aux __attribute__((unused)))
{
    uint64_t dpid = ofm_dp_id(ev->dp);
    for (struct pending *p = pendings; p; p = p->next) {
        if (p->dpid == dpid && p->xid == ev->msg->xid) {
            json_t *flows = json_array();
            flow_body_to_rest(ev->multipart, p, flows);
            w->reply_json(p->req, 200, dpid_key_obj(dpid, flows));
            pending_remove(p);
            return;
        }
    }
}

static void
on_state(const struct ofm_event *ev, void *aux __attribute__((unused)))
{
    if (ev->state != OFM_STATE_DEAD) {
        return;
    }
    uint64_t dpid = ofm_dp_id(ev->dp);
    struct pending **pp = &pendings;
    while (*pp) {
        struct pending *p = *pp;
        if (p->dpid == dpid) {
            *pp = p->next;
            w->reply_json(p->req, 200, dpid_key_obj(dpid, json_array()));
            free(p);
        } else {
            pp = &p->next;
        }
    }
}

static void
post_flowentry(struct ofm_wsgi_request *req, void *aux __attribute__((unused)))
{
    static const char *const cmds[] = {
        "add", "modify", "modify_strict", "delete", "delete_strict",
    };
    const char *cmd = w->var(req, "cmd");
    int command = -1;
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        if (cmd && !strcmp(cmd, cmds[i])) {
            command = (int) i;
        }
    }
    if (command < 0) {
        w->reply_error(req, 404, "cmd", "unknown command '%s'", cmd ? cmd : "");
        return;
    }
    const json_t *body = w->body_json(req);
    uint64_t dpid;
    if (!json_is_object(body)) {
        w->reply_error(req, 400, "body", "the body must be a JSON object");
        return;
    }
    if (ofctl_get_uint(json_object_get(body, "dpid"), &dpid)) {
        w->reply_error(req, 400, "dpid", "dpid: expected an integer");
        return;
    }
    struct ofm_dp *dp = ofm_dp_find(dpid);
    if (!dp) {
        w->reply_error(req, 404, "dpid", "no such datapath %"PRIu64, dpid);
        return;
    }
    char err[256];
    json_t *fm = ofctl_flow_mod_from_rest(body, ofm_dp_version(dp),
                                          (uint8_t) command, err, sizeof err);
    if (!fm) {
        w->reply_error(req, 400, NULL, "%s", err);
        return;
    }
    int error = send_json(dp, fm, ofm_dp_xid(dp), err, sizeof err);
    json_decref(fm);
    if (error) {
        w->reply_error(req, error == EINVAL ? 400 : 503, NULL, "%s", err);
        return;
    }
    w->reply_json(req, 200, NULL);
}

static void
delete_flowentry_clear(struct ofm_wsgi_request *req, void *aux __attribute__((unused)))
{
    uint64_t dpid;
    struct ofm_dp *dp = path_dp(req, &dpid);
    if (!dp) {
        return;
    }
    char err[256];
    json_t *empty = json_object();
    json_t *fm = ofctl_flow_mod_from_rest(empty, ofm_dp_version(dp), 3 /* DELETE */,
                                          err, sizeof err);
    json_decref(empty);
    if (!fm) {
        w->reply_error(req, 500, NULL, "%s", err);
        return;
    }
    /* Every table, as Ryu's mod_flow_entry(dp, {}, OFPFC_DELETE)... which
     * uses table 0; OFPTT_ALL clears them all, what "clear" means. */
    if (ofm_dp_version(dp) != OFP10_VERSION) {
        json_object_set_new(json_object_get(fm, "OFPFlowMod"), "table_id",
                            json_integer(0xff));
    }
    int error = send_json(dp, fm, ofm_dp_xid(dp), err, sizeof err);
    json_decref(fm);
    if (error) {
        w->reply_error(req, 503, NULL, "%s", err);
        return;
    }
    w->reply_json(req, 200, NULL);
}

static int
ofctl_rest_init(struct ofm_plugin *plugin, char *err, size_t err_size)
{
    static const struct ofm_wsgi_route routes[] = {
        { "GET", "/stats/switches", 0, get_switches, NULL },
        { "GET", "/stats/flow/{dpid}", OFM_WSGI_BODY_JSON, get_flow, NULL },
        { "POST", "/stats/flow/{dpid}", OFM_WSGI_BODY_JSON, get_flow, NULL },
        { "POST", "/stats/flowentry/{cmd}",
          OFM_WSGI_BODY_JSON | OFM_WSGI_BODY_REQUIRED, post_flowentry, NULL },
        { "DELETE", "/stats/flowentry/clear/{dpid}", 0,
          delete_flowentry_clear, NULL },
    };
    self = plugin;
    w = ofm_wsgi_get(plugin);
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        if (w->add_route(plugin, &routes[i], err, err_size)) {
            return -1;
        }
    }
    if (ofm_handler_register(plugin, OFM_EV_FLOW_STATS_REPLY, OFM_STATE_ANY,
                             on_flow_stats, NULL)
        || ofm_handler_register(plugin, OFM_EV_STATE_CHANGE, OFM_STATE_ANY,
                                on_state, NULL)) {
        snprintf(err, err_size, "cannot register event handlers");
        return -1;
    }
    return 0;
}

static void
ofctl_rest_fini(struct ofm_plugin *plugin __attribute__((unused)))
{
    while (pendings) {
        struct pending *p = pendings;
        pendings = p->next;
        free(p);
    }
}

static const char *const contexts[] = { OFM_WSGI_CONTEXT, NULL };

OFM_PLUGIN(.name = "ofctl_rest",
           .ofp_versions = OFM_VERSION_BIT(OFP10_VERSION) | OFM_VERSION_BIT(OFP13_VERSION),
           .contexts = contexts,
           .init = ofctl_rest_init,
           .fini = ofctl_rest_fini);
