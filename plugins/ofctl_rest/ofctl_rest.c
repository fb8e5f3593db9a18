/* ofctl_rest.so: Ryu's ofctl_rest on the wsgi context.  This first part
 * serves Ryu's ofctl_rest API (GET /stats/switches, GET|POST
 * /stats/flow/{dpid}, POST /stats/flowentry/{cmd}, ...) for OpenFlow 1.0,
 * 1.2, 1.3, 1.4 and 1.5 switches, each endpoint as Ryu's ofctl module of
 * the switch's version serves it (501 where that module lacks it).
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

struct stats_op;

struct pending {
    struct pending *next;
    const struct stats_op *op;  /* NULL: flow stats. */
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

static bool op_object(const struct stats_op *);

/* What Ryu answers when no reply came: the empty list (or, for desc, the
 * empty object) under the dpid. */
static void
reply_empty(struct pending *p)
{
    w->reply_json(p->req, 200, dpid_key_obj(p->dpid, op_object(p->op)
                                                   ? json_object()
                                                   : json_array()));
}

static void
pending_gone(struct ofm_wsgi_request *req, enum ofm_wsgi_gone why, void *aux)
{
    struct pending *p = aux;
    if (why == OFM_WSGI_GONE_TIMEOUT) {
        (void) req;
        reply_empty(p);
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

/* The text of GET /stats/switches, kept until a switch changes state
 * (on_state()): only then does the answer change. */
static char *switches_text;

static void
get_switches(struct ofm_wsgi_request *req, void *aux __attribute__((unused)))
{
    if (!switches_text) {
        json_t *list = json_array();
        for (struct ofm_dp *dp = ofm_dp_next(NULL); dp; dp = ofm_dp_next(dp)) {
            if (ofm_dp_state(dp) & (OFM_STATE_MAIN | OFM_STATE_CONFIG)) {
                json_array_append_new(list, json_integer((json_int_t) ofm_dp_id(dp)));
            }
        }
        switches_text = ofm_json_dumps(list, JSON_COMPACT);
        json_decref(list);
        if (!switches_text) {
            w->reply_error(req, 503, NULL, "out of memory");
            return;
        }
    }
    w->reply_text(req, 200, "application/json; charset=UTF-8", switches_text,
                  strlen(switches_text));
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

/* The aux of GET|POST /stats/flowdesc: flows, asked for with 1.5's
 * OFPFlowDescStatsRequest (get_flow_desc_stats()) on a 1.5 switch. */
static const char flow_desc_tag;

static void
get_flow(struct ofm_wsgi_request *req, void *aux)
{
    /* NULL: flows; &flow_desc_tag: flows or flow descs; else aggregate. */
    bool flow_desc = aux == &flow_desc_tag;
    const struct stats_op *op = flow_desc ? NULL : aux;
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
    json_t *msg = json_pack("{s:o}", op ? "OFPAggregateStatsRequest"
                                        : flow_desc && version >= OFP15_VERSION
                                        ? "OFPFlowDescStatsRequest"
                                        : "OFPFlowStatsRequest", sr);
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
    *p = (struct pending) { .next = pendings, .op = op, .req = req,
                            .dpid = dpid, .xid = xid, .version = version,
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
        m[8] = mp->type >> 8;       /* OFPMP_FLOW, or 1.5's FLOW_STATS. */
        m[9] = mp->type & 0xff;
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
        /* OFPFlowStatsReply; 1.2's OFPStatsReply, 1.5's OFPFlowDescStatsReply. */
        const json_t *body = json_object_get(ofctl_unwrap(j, NULL), "body");
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
        if (!p->op && p->dpid == dpid && p->xid == ev->msg->xid) {
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
    free(switches_text);
    switches_text = NULL;
    if (ev->state != OFM_STATE_DEAD) {
        return;
    }
    uint64_t dpid = ofm_dp_id(ev->dp);
    struct pending **pp = &pendings;
    while (*pp) {
        struct pending *p = *pp;
        if (p->dpid == dpid) {
            *pp = p->next;
            reply_empty(p);
            free(p);
        } else {
            pp = &p->next;
        }
    }
}

/* The dpid of a command body (Ryu's command_method()), or NULL after
 * replying 400 or 404. */
static struct ofm_dp *
body_dp(struct ofm_wsgi_request *req, const json_t **bodyp)
{
    const json_t *body = w->body_json(req);
    uint64_t dpid;
    if (!json_is_object(body)) {
        w->reply_error(req, 400, "body", "the body must be a JSON object");
        return NULL;
    }
    if (ofctl_get_uint(json_object_get(body, "dpid"), &dpid)) {
        w->reply_error(req, 400, "dpid", "dpid: expected an integer");
        return NULL;
    }
    struct ofm_dp *dp = ofm_dp_find(dpid);
    if (!dp) {
        w->reply_error(req, 404, "dpid", "no such datapath %"PRIu64, dpid);
        return NULL;
    }
    *bodyp = body;
    return dp;
}

static void
send_command(struct ofm_wsgi_request *req, struct ofm_dp *dp, json_t *msg,
             const char *err_in)
{
    char err[256];
    if (!msg) {
        w->reply_error(req, 400, NULL, "%s", err_in);
        return;
    }
    int error = send_json(dp, msg, ofm_dp_xid(dp), err, sizeof err);
    json_decref(msg);
    if (error) {
        w->reply_error(req, error == EINVAL ? 400 : 503, NULL, "%s", err);
        return;
    }
    w->reply_json(req, 200, NULL);
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
    const json_t *body;
    struct ofm_dp *dp = body_dp(req, &body);
    if (!dp) {
        return;
    }
    char err[256];
    json_t *fm = ofctl_flow_mod_from_rest(body, ofm_dp_version(dp),
                                          (uint8_t) command, err, sizeof err);
    send_command(req, dp, fm, err);
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

/* The other stats endpoints, one table row each: the request the codec
 * encodes, the reply event, and the converter to Ryu's REST shape. */
enum op_arg { ARG_NONE, ARG_PORT, ARG_GROUP, ARG_METER };

struct stats_op {
    const char *ryu;            /* Ryu's ofctl_v1_x function, for errors. */
    const char *request13, *request10;   /* NULL: not in that version. */
    int event;
    ofctl_reply_fn *to_rest;
    bool object;                /* Desc: an object, not a list. */
    bool multipart;             /* Else the reply is a plain message. */
    /* Entries of a multipart body: of a fixed size (per version), or
     * with a 16-bit length at 'len_off'; 'single' for one-entry bodies. */
    uint16_t fixed13, fixed10;
    uint8_t len_off;
    bool single;
    enum op_arg arg;            /* What the path's optional variable sets. */
    const char *arg_key;        /* Its member in the request. */
};

static const struct stats_op op_desc = {
    "get_desc_stats", "OFPDescStatsRequest", "OFPDescStatsRequest",
    OFM_EV_DESC_STATS_REPLY, ofctl_desc_to_rest, true, true, 0, 0, 0, true,
    ARG_NONE, NULL,
};
static const struct stats_op op_table = {
    "get_table_stats", "OFPTableStatsRequest", "OFPTableStatsRequest",
    OFM_EV_TABLE_STATS_REPLY, ofctl_table_stats_to_rest, false, true, 24, 64,
    0, false, ARG_NONE, NULL,
};
static const struct stats_op op_port = {
    "get_port_stats", "OFPPortStatsRequest", "OFPPortStatsRequest",
    OFM_EV_PORT_STATS_REPLY, ofctl_port_stats_to_rest, false, true, 112, 104,
    0, false, ARG_PORT, "port_no",
};
static const struct stats_op op_portdesc = {
    "get_port_desc", "OFPPortDescStatsRequest", "OFPFeaturesRequest",
    0 /* per version */, ofctl_port_desc_to_rest, false, true, 64, 0, 0,
    false, ARG_NONE, NULL,
};
static const struct stats_op op_group = {
    "get_group_stats", "OFPGroupStatsRequest", NULL,
    OFM_EV_GROUP_STATS_REPLY, ofctl_group_stats_to_rest, false, true, 0, 0,
    0, false, ARG_GROUP, "group_id",
};
static const struct stats_op op_groupdesc = {
    "get_group_desc", "OFPGroupDescStatsRequest", NULL,
    OFM_EV_GROUP_DESC_STATS_REPLY, ofctl_group_desc_to_rest, false, true, 0,
    0, 0, false, ARG_NONE, NULL,
};
static const struct stats_op op_meter = {
    "get_meter_stats", "OFPMeterStatsRequest", NULL,
    OFM_EV_METER_STATS_REPLY, ofctl_meter_stats_to_rest, false, true, 0, 0,
    4, false, ARG_METER, "meter_id",
};
static const struct stats_op op_meterconfig = {
    "get_meter_config", "OFPMeterConfigStatsRequest", NULL,
    OFM_EV_METER_CONFIG_STATS_REPLY, ofctl_meter_config_to_rest, false, true,
    0, 0, 0, false, ARG_METER, "meter_id",
};
static const struct stats_op op_aggregate = {
    "get_aggregate_flow_stats", "OFPAggregateStatsRequest",
    "OFPAggregateStatsRequest", OFM_EV_AGGREGATE_STATS_REPLY,
    ofctl_aggregate_to_rest, false, true, 24, 24, 0, false, ARG_NONE, NULL,
};
static const struct stats_op op_queue = {
    "get_queue_stats", "OFPQueueStatsRequest", "OFPQueueStatsRequest",
    OFM_EV_QUEUE_STATS_REPLY, ofctl_queue_stats_to_rest, false, true, 40, 32,
    0, false, ARG_PORT, "port_no",
};
static const struct stats_op op_queueconfig = {
    "get_queue_config", "OFPQueueGetConfigRequest", NULL,
    OFM_EV_QUEUE_GET_CONFIG_REPLY, ofctl_queue_config_to_rest, false, false,
    0, 0, 0, false, ARG_PORT, "port",
};
/* OpenFlow 1.4's queue desc: neither ofctl_v1_0 nor ofctl_v1_3 has it
 * (op_request() gives the request on 1.4 and 1.5). */
static const struct stats_op op_queuedesc = {
    "get_queue_desc", NULL, NULL, OFM_EV_QUEUE_DESC_STATS_REPLY,
    ofctl_queue_desc_to_rest, false, true, 0, 0, 8, false, ARG_PORT,
    "port_no",
};
/* 1.5's meter desc (get_meter_desc(), ofctl_v1_5 only). */
static const struct stats_op op_meterdesc = {
    "get_meter_desc", NULL, NULL, OFM_EV_METER_CONFIG_STATS_REPLY,
    ofctl_meter_config_to_rest, false, true, 0, 0, 0, false, ARG_METER,
    "meter_id",
};
static const struct stats_op op_groupfeatures = {
    "get_group_features", "OFPGroupFeaturesStatsRequest", NULL,
    OFM_EV_GROUP_FEATURES_STATS_REPLY, ofctl_group_features_to_rest, false,
    true, 0, 0, 0, true, ARG_NONE, NULL,
};
static const struct stats_op op_meterfeatures = {
    "get_meter_features", "OFPMeterFeaturesStatsRequest", NULL,
    OFM_EV_METER_FEATURES_STATS_REPLY, ofctl_meter_features_to_rest, false,
    true, 16, 0, 0, false, ARG_NONE, NULL,
};
static const struct stats_op op_tablefeatures = {
    "get_table_features", "OFPTableFeaturesStatsRequest", NULL,
    OFM_EV_TABLE_FEATURES_STATS_REPLY, ofctl_table_features_to_rest, false,
    true, 0, 0, 0, false, ARG_NONE, NULL,
};
static const struct stats_op op_role = {
    "get_role", "OFPRoleRequest", NULL, OFM_EV_ROLE_REPLY,
    ofctl_role_to_rest, false, false, 0, 0, 0, false, ARG_NONE, NULL,
};

static bool
op_object(const struct stats_op *op)
{
    return op && op->object;
}

/* Whether Ryu's ofctl module for 'version' (1.2 and later) has the
 * function of 'op': ofctl_v1_2 has no meters, table features or queue
 * descs, ofctl_v1_4 and v1_5 no queue config, only ofctl_v1_5 has
 * get_meter_desc() and it replaces get_meter_config(). */
static bool
op_in_version(const struct stats_op *op, uint8_t version)
{
    if (op == &op_meterdesc) {
        return version >= OFP15_VERSION;
    }
    if (op == &op_queuedesc) {
        return version >= OFP14_VERSION;
    }
    if (op == &op_queueconfig) {
        return version < OFP14_VERSION;
    }
    if (op == &op_meterconfig) {
        return version >= OFP13_VERSION && version < OFP15_VERSION;
    }
    if (op == &op_meter || op == &op_meterfeatures || op == &op_tablefeatures) {
        return version >= OFP13_VERSION;
    }
    return true;
}

/* The request class Ryu's module of 'version' sends for 'op', or NULL
 * when it has no such function (501). */
static const char *
op_request(const struct stats_op *op, uint8_t version)
{
    if (version == OFP10_VERSION) {
        return op->request10;
    }
    if (!op_in_version(op, version)) {
        return NULL;
    }
    if (op == &op_portdesc && version == OFP12_VERSION) {
        return "OFPFeaturesRequest";    /* As ofctl_v1_2.get_port_desc(). */
    }
    if (op == &op_queuedesc) {
        return "OFPQueueDescStatsRequest";
    }
    if (op == &op_meterdesc) {
        return "OFPMeterDescStatsRequest";
    }
    return op->request13;
}

/* Ryu's module name for 'version': "ofctl_v1_3". */
static const char *
ofctl_module(uint8_t version)
{
    switch (version) {
    case OFP10_VERSION: return "ofctl_v1_0";
    case OFP12_VERSION: return "ofctl_v1_2";
    case OFP13_VERSION: return "ofctl_v1_3";
    case OFP14_VERSION: return "ofctl_v1_4";
    case OFP15_VERSION: return "ofctl_v1_5";
    default: return "ofctl";
    }
}

/* How the entries of op's multipart body are framed on 'version' where
 * 1.2, 1.4 and 1.5 differ from 1.3: a fixed size ('*fixed'), a 16-bit
 * length at '*len_off', or one entry ('*single'). */
static void
op_framing(const struct stats_op *op, uint8_t version, size_t *fixed,
           size_t *len_off, bool *single)
{
    *fixed = version == OFP10_VERSION ? op->fixed10 : op->fixed13;
    *len_off = op->len_off;
    *single = op->single;
    if (version == OFP12_VERSION) {
        if (op == &op_table) {
            *fixed = 128;       /* ofp12_table_stats. */
        } else if (op == &op_port) {
            *fixed = 104;       /* No duration before 1.3. */
        } else if (op == &op_queue) {
            *fixed = 32;
        }
    } else if (version >= OFP14_VERSION) {
        if (op == &op_portdesc) {
            *fixed = 0;         /* ofp14_port: port_no, then length. */
            *len_off = 4;
        } else if (op == &op_port || op == &op_queue) {
            *fixed = 0;         /* ofp14_port_stats, ofp14_queue_stats:
                                 * length first. */
            *len_off = 0;
        } else if (version >= OFP15_VERSION
                   && (op == &op_meterfeatures || op == &op_aggregate)) {
            *fixed = 0;         /* 1.5: features grow, OXS stats. */
            *single = true;
        }
    }
}

/* 1.5's GET /stats/groupdesc/<dpid>/<group_id> and
 * /stats/portdesc/<dpid>/<port_no>: ofctl_v1_5 passes the number on in
 * the request (absent or "ALL": every one).  Returns 0, or -1 after a
 * 400. */
static int
op_desc15_arg(struct ofm_wsgi_request *req, const struct stats_op *op,
              json_t *fields)
{
    bool group = op == &op_groupdesc;
    const char *var = group ? "group_id" : "port_no";
    uint64_t v = group ? 0xfffffffc /* OFPG_ALL */ : 0xffffffff /* OFPP_ANY */;
    const char *s = w->var(req, var);
    if (s && strcmp(s, "ALL")) {
        json_t *j = json_string(s);
        int r = j ? ofctl_get_uint(j, &v) : -1;
        json_decref(j);
        if (r || v > 0xffffffff) {
            w->reply_error(req, 400, var, "%s: expected a number or ALL, not "
                           "\"%.64s\"", var, s);
            return -1;
        }
    }
    json_object_set_new(fields, var, json_integer((json_int_t) v));
    return 0;
}

/* The optional path variable ('port', 'group_id', 'meter_id'): "ALL" or
 * absent is every one, as in Ryu; else a number (Ryu's str_to_int). */
static int
op_arg_value(struct ofm_wsgi_request *req, const struct stats_op *op,
             uint8_t version, uint64_t *v)
{
    static const char *const vars[] = { NULL, "port", "group_id", "meter_id" };
    bool v10 = version == OFP10_VERSION;
    *v = op->arg == ARG_PORT ? (v10 ? 0xffff : 0xffffffff)
         : op->arg == ARG_GROUP ? 0xfffffffc : 0xffffffff;
    const char *s = op->arg ? w->var(req, vars[op->arg]) : NULL;
    if (!s || !strcmp(s, "ALL")) {
        return 0;
    }
    json_t *j = json_string(s);
    int r = j ? ofctl_get_uint(j, v) : -1;
    json_decref(j);
    if (r || *v > (v10 && op->arg == ARG_PORT ? 0xffff : 0xffffffff)) {
        w->reply_error(req, 400, vars[op->arg], "%s: expected a number or "
                       "ALL, not \"%.64s\"", vars[op->arg], s);
        return -1;
    }
    return 0;
}

static void
get_stats(struct ofm_wsgi_request *req, void *aux)
{
    const struct stats_op *op = aux;
    uint64_t dpid, arg;
    struct ofm_dp *dp = path_dp(req, &dpid);
    if (!dp) {
        return;
    }
    uint8_t version = ofm_dp_version(dp);
    const char *cls = op_request(op, version);
    if (!cls) {
        /* Ryu's stats_method(): the ofctl module of this version has no
         * such function (AttributeError), 501. */
        w->reply_error(req, 501, NULL, "not supported for OpenFlow %s switches "
                       "(Ryu's %s has no %s)", ofm_version_name(version),
                       ofctl_module(version), op->ryu);
        return;
    }
    if (op_arg_value(req, op, version, &arg)) {
        return;
    }
    json_t *fields = json_object();
    if (op == &op_role) {
        json_object_set_new(fields, "role", json_integer(0));  /* NOCHANGE */
        json_object_set_new(fields, "generation_id", json_integer(0));
        if (version >= OFP15_VERSION) {
            json_object_set_new(fields, "short_id", json_integer(0));
        }
    } else if (strcmp(cls, "OFPFeaturesRequest")) {
        json_object_set_new(fields, "flags", json_integer(0));
    }
    if (op->arg_key) {
        json_object_set_new(fields, op->arg_key, json_integer((json_int_t) arg));
    }
    if (version >= OFP15_VERSION && (op == &op_groupdesc || op == &op_portdesc)
        && op_desc15_arg(req, op, fields)) {
        json_decref(fields);
        return;
    }
    if (op == &op_queue || op == &op_queuedesc) {
        /* Ryu's 1.0 get_queue_stats() defaults to OFPP_ALL, not NONE. */
        if (version == OFP10_VERSION && !w->var(req, "port")) {
            json_object_set_new(fields, "port_no", json_integer(0xfffc));
        }
        const char *q = w->var(req, op == &op_queue ? "queue_id" : "queue");
        uint64_t queue_id = 0xffffffff;
        json_t *jq = q && strcmp(q, "ALL") ? json_string(q) : NULL;
        if (jq && (ofctl_get_uint(jq, &queue_id) || queue_id > 0xffffffff)) {
            json_decref(jq);
            json_decref(fields);
            w->reply_error(req, 400, "queue_id", "queue_id: expected a number "
                           "or ALL, not \"%.64s\"", q);
            return;
        }
        json_decref(jq);
        json_object_set_new(fields, "queue_id", json_integer((json_int_t) queue_id));
    } else if (op == &op_tablefeatures) {
        json_object_set_new(fields, "body", json_array());
    } else if (op == &op_queueconfig) {
        json_object_del(fields, "flags");
    }
    json_t *msg = json_pack("{s:o}", cls, fields);
    uint32_t xid = ofm_dp_xid(dp);
    char err[256];
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
    *p = (struct pending) { .next = pendings, .op = op, .req = req,
                            .dpid = dpid, .xid = xid, .version = version,
                            .priority = -1 };
    pendings = p;
    w->suspend(req, STATS_TIMEOUT, pending_gone, p);
}

/* The length of the body entry at 'e' (of 'left' bytes), 0 if bad. */
static size_t
entry_len(const struct stats_op *op, uint8_t version, const uint8_t *e,
          size_t left)
{
    size_t fixed, len_off, len;
    bool single;
    op_framing(op, version, &fixed, &len_off, &single);
    if (single) {
        len = left;
    } else if (fixed) {
        len = fixed;
    } else if (left < len_off + 2u) {
        return 0;
    } else {
        len = (size_t) e[len_off] << 8 | e[len_off + 1];
    }
    return len && len <= left ? len : 0;
}

/* Decodes one message with the codec and appends its REST entries to
 * 'out' (or stores the object in '*obj' for single-object replies). */
static void
decode_into(struct pending *p, const uint8_t *m, size_t size, json_t *out,
            json_t **obj)
{
    char err[256];
    json_t *j;
    ofm_ofp_to_json(m, size, &j, NULL, err, sizeof err);
    if (!j) {
        ofm_plog(self, OFM_LOG_WARNING, "datapath %016"PRIx64": %s reply: %s",
                 p->dpid, p->op->ryu, err);
        return;
    }
    json_t *rest = p->op->to_rest(ofctl_unwrap(j, NULL), p->version);
    if (json_is_array(rest)) {
        json_array_extend(out, rest);
        json_decref(rest);
    } else {
        json_decref(*obj);
        *obj = rest;
    }
    json_decref(j);
}

/* A reassembled multipart body, in messages of at most 64 kB cut at entry
 * boundaries, through the codec. */
static void
multipart_to_rest(struct pending *p, const struct ofm_multipart *mp,
                  json_t *out, json_t **obj)
{
    size_t hdr = p->version == OFP10_VERSION ? 12 : 16;
    size_t off = 0;
    do {
        size_t end = off;
        while (end < mp->body_size) {
            size_t len = entry_len(p->op, p->version, mp->body + end,
                                   mp->body_size - end);
            if (!len || hdr + (end - off) + len > 65535) {
                break;
            }
            end += len;
        }
        if (end == off && mp->body_size) {
            ofm_plog(self, OFM_LOG_WARNING, "datapath %016"PRIx64": bad %s "
                     "entry at offset %zu", p->dpid, p->op->ryu, off);
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
        m[8] = mp->type >> 8;
        m[9] = mp->type & 0xff;
        memcpy(m + hdr, mp->body + off, end - off);
        decode_into(p, m, size, out, obj);
        free(m);
        off = end;
    } while (off < mp->body_size);
}

/* Open vSwitch (3.1) answers a 1.5 meter features request with the 16
 * bytes of 1.3's ofp_meter_features, without 1.5's "features" word and
 * padding. */
static bool
meter_features15_short(const struct pending *p, const struct ofm_multipart *mp)
{
    return p->op == &op_meterfeatures && p->version >= OFP15_VERSION
           && mp->body_size == 16;
}

/* The body zero-padded to 'size' bytes (the fields it leaves out read
 * as 0), through multipart_to_rest(). */
static void
multipart_padded_to_rest(struct pending *p, const struct ofm_multipart *mp,
                         size_t size, json_t *out, json_t **obj)
{
    uint8_t *body = calloc(1, size);
    if (!body) {
        return;
    }
    memcpy(body, mp->body, mp->body_size < size ? mp->body_size : size);
    struct ofm_multipart padded = *mp;
    padded.body = body;
    padded.body_size = size;
    multipart_to_rest(p, &padded, out, obj);
    free(body);
}

static void
on_stats_reply(const struct ofm_event *ev, void *aux __attribute__((unused)))
{
    uint64_t dpid = ofm_dp_id(ev->dp);
    for (struct pending *p = pendings; p; p = p->next) {
        if (p->op && p->dpid == dpid && p->xid == ev->msg->xid) {
            json_t *list = json_array();
            json_t *obj = NULL;
            if (ev->multipart && meter_features15_short(p, ev->multipart)) {
                multipart_padded_to_rest(p, ev->multipart, 24, list, &obj);
            } else if (ev->multipart) {
                multipart_to_rest(p, ev->multipart, list, &obj);
            } else {
                decode_into(p, ev->msg->data, ev->msg->size, list, &obj);
            }
            if (p->op->object) {
                json_decref(list);
                list = obj ? obj : json_object();
            } else {
                json_decref(obj);
            }
            w->reply_json(p->req, 200, dpid_key_obj(dpid, list));
            pending_remove(p);
            return;
        }
    }
}

/* An error in answer to a request: Ryu would wait out its timeout and
 * answer the empty list; the same answer, without the wait. */
static void
on_error(const struct ofm_event *ev, void *aux __attribute__((unused)))
{
    uint64_t dpid = ofm_dp_id(ev->dp);
    for (struct pending *p = pendings; p; p = p->next) {
        if (p->dpid == dpid && p->xid == ev->msg->xid) {
            reply_empty(p);
            pending_remove(p);
            return;
        }
    }
}

/* POST /stats/groupentry/<cmd> and /stats/meterentry/<cmd>: Ryu looks up
 * the datapath (404), then the command constants of its version (1.0 has
 * none: 501), then the command (404). */
static void
post_group_meter(struct ofm_wsgi_request *req, void *aux)
{
    static const char *const cmds[] = { "add", "modify", "delete" };
    bool group = aux != NULL;
    const json_t *body;
    struct ofm_dp *dp = body_dp(req, &body);
    if (!dp) {
        return;
    }
    uint8_t version = ofm_dp_version(dp);
    if (version == OFP10_VERSION || (!group && version == OFP12_VERSION)) {
        w->reply_error(req, 501, NULL, "not supported for OpenFlow %s switches "
                       "(Ryu's %s has no mod_%s_entry)", ofm_version_name(version),
                       ofctl_module(version), group ? "group" : "meter");
        return;
    }
    const char *cmd = w->var(req, "cmd");
    int command = -1;
    for (int i = 0; i < 3; i++) {
        if (cmd && !strcmp(cmd, cmds[i])) {
            command = i;
        }
    }
    if (command < 0) {
        w->reply_error(req, 404, "cmd", "unknown command '%s'", cmd ? cmd : "");
        return;
    }
    char err[256];
    json_t *msg = (!group ? ofctl_meter_mod_from_rest
                   : version >= OFP15_VERSION ? ofctl15_group_mod_from_rest
                   : ofctl_group_mod_from_rest)(body, (uint16_t) command,
                                                err, sizeof err);
    send_command(req, dp, msg, err);
}

/* POST /stats/portdesc/<cmd>: Ryu's mod_port_behavior(), the port's
 * hw_addr and advertised features filled in from what the switch told
 * (404 for a port it does not have, and for a command but "modify"). */
static void
post_portdesc(struct ofm_wsgi_request *req, void *aux __attribute__((unused)))
{
    const json_t *body;
    struct ofm_dp *dp = body_dp(req, &body);
    if (!dp) {
        return;
    }
    uint8_t version = ofm_dp_version(dp);
    uint64_t port_no;
    char err[256];
    if (ofctl_port_no_from_rest(body, version, &port_no, err, sizeof err)) {
        w->reply_error(req, 400, "port_no", "%s", err);
        return;
    }
    /* The manager holds 1.0 port numbers as 32-bit ones. */
    uint32_t key = (uint32_t) port_no;
    if (version == OFP10_VERSION && port_no >= 0xff00) {
        key = (uint32_t) port_no | 0xffff0000;
    }
    const struct ofm_port *port = ofm_dp_port(dp, key);
    if (!port) {
        w->reply_error(req, 404, "port_no", "datapath %016"PRIx64" has no port "
                       "%"PRIu64, ofm_dp_id(dp), port_no);
        return;
    }
    const char *cmd = w->var(req, "cmd");
    if (!cmd || strcmp(cmd, "modify")) {
        w->reply_error(req, 404, "cmd", "unknown command '%s'", cmd ? cmd : "");
        return;
    }
    char mac[18];
    snprintf(mac, sizeof mac, "%02x:%02x:%02x:%02x:%02x:%02x",
             port->hw_addr[0], port->hw_addr[1], port->hw_addr[2],
             port->hw_addr[3], port->hw_addr[4], port->hw_addr[5]);
    json_t *msg = (version >= OFP14_VERSION ? ofctl14_port_mod_from_rest
                   : ofctl_port_mod_from_rest)(body, version, mac,
                                               port->advertised, err, sizeof err);
    send_command(req, dp, msg, err);
}

/* POST /stats/experimenter/<dpid>: send_experimenter() (not in
 * ofctl_v1_0: 501). */
static void
post_experimenter(struct ofm_wsgi_request *req, void *aux __attribute__((unused)))
{
    uint64_t dpid;
    struct ofm_dp *dp = path_dp(req, &dpid);
    if (!dp) {
        return;
    }
    if (ofm_dp_version(dp) == OFP10_VERSION) {
        w->reply_error(req, 501, NULL, "not supported for OpenFlow 1.0 switches "
                       "(Ryu's ofctl_v1_0 has no send_experimenter)");
        return;
    }
    char err[256];
    json_t *msg = ofctl_experimenter_from_rest(w->body_json(req), err, sizeof err);
    send_command(req, dp, msg, err);
}

/* POST /stats/role: Ryu's set_role() (1.0 has none: 501). */
static void
post_role(struct ofm_wsgi_request *req, void *aux __attribute__((unused)))
{
    const json_t *body;
    struct ofm_dp *dp = body_dp(req, &body);
    if (!dp) {
        return;
    }
    if (ofm_dp_version(dp) == OFP10_VERSION) {
        w->reply_error(req, 501, NULL, "not supported for OpenFlow 1.0 switches "
                       "(Ryu's ofctl_v1_0 has no set_role)");
        return;
    }
    char err[256];
    json_t *msg = ofctl_role_from_rest(body, err, sizeof err);
    if (msg && ofm_dp_version(dp) >= OFP15_VERSION) {
        /* 1.5's role request carries a short id; Ryu's set_role() gives
         * none (0). */
        json_object_set_new(json_object_get(msg, "OFPRoleRequest"), "short_id",
                            json_integer(0));
    }
    send_command(req, dp, msg, err);
}

static int
ofctl_rest_init(struct ofm_plugin *plugin, char *err, size_t err_size)
{
    static const struct ofm_wsgi_route routes[] = {
        { "GET", "/stats/switches", 0, get_switches, NULL },
        { "GET", "/stats/flow/{dpid}", OFM_WSGI_BODY_JSON, get_flow, NULL },
        { "POST", "/stats/flow/{dpid}", OFM_WSGI_BODY_JSON, get_flow, NULL },
        /* Ryu routes flowdesc to get_flow_stats(); on 1.5 ofctl_rest.so
         * answers with get_flow_desc_stats(), the function meant. */
        { "GET", "/stats/flowdesc/{dpid}", OFM_WSGI_BODY_JSON, get_flow,
          (void *) &flow_desc_tag },
        { "POST", "/stats/flowdesc/{dpid}", OFM_WSGI_BODY_JSON, get_flow,
          (void *) &flow_desc_tag },
        { "POST", "/stats/flowentry/{cmd}",
          OFM_WSGI_BODY_JSON | OFM_WSGI_BODY_REQUIRED, post_flowentry, NULL },
        { "DELETE", "/stats/flowentry/clear/{dpid}", 0,
          delete_flowentry_clear, NULL },
        { "GET", "/stats/desc/{dpid}", 0, get_stats, (void *) &op_desc },
        { "GET", "/stats/table/{dpid}", 0, get_stats, (void *) &op_table },
        { "GET", "/stats/port/{dpid}", 0, get_stats, (void *) &op_port },
        { "GET", "/stats/port/{dpid}/{port}", 0, get_stats, (void *) &op_port },
        { "GET", "/stats/portdesc/{dpid}", 0, get_stats, (void *) &op_portdesc },
        /* Ryu below 1.5 ignores the port here. */
        { "GET", "/stats/portdesc/{dpid}/{port_no}", 0, get_stats,
          (void *) &op_portdesc },
        { "GET", "/stats/group/{dpid}", 0, get_stats, (void *) &op_group },
        { "GET", "/stats/group/{dpid}/{group_id}", 0, get_stats,
          (void *) &op_group },
        { "GET", "/stats/groupdesc/{dpid}", 0, get_stats, (void *) &op_groupdesc },
        /* Ryu below 1.5 ignores the group here. */
        { "GET", "/stats/groupdesc/{dpid}/{group_id}", 0, get_stats,
          (void *) &op_groupdesc },
        { "GET", "/stats/meter/{dpid}", 0, get_stats, (void *) &op_meter },
        { "GET", "/stats/meter/{dpid}/{meter_id}", 0, get_stats,
          (void *) &op_meter },
        { "GET", "/stats/meterconfig/{dpid}", 0, get_stats,
          (void *) &op_meterconfig },
        { "GET", "/stats/meterconfig/{dpid}/{meter_id}", 0, get_stats,
          (void *) &op_meterconfig },
        { "GET", "/stats/role/{dpid}", 0, get_stats, (void *) &op_role },
        { "GET", "/stats/meterdesc/{dpid}", 0, get_stats, (void *) &op_meterdesc },
        { "GET", "/stats/meterdesc/{dpid}/{meter_id}", 0, get_stats,
          (void *) &op_meterdesc },
        { "POST", "/stats/groupentry/{cmd}",
          OFM_WSGI_BODY_JSON | OFM_WSGI_BODY_REQUIRED, post_group_meter,
          (void *) "group" },
        { "POST", "/stats/meterentry/{cmd}",
          OFM_WSGI_BODY_JSON | OFM_WSGI_BODY_REQUIRED, post_group_meter, NULL },
        { "POST", "/stats/role", OFM_WSGI_BODY_JSON | OFM_WSGI_BODY_REQUIRED,
          post_role, NULL },
        { "GET", "/stats/aggregateflow/{dpid}", OFM_WSGI_BODY_JSON, get_flow,
          (void *) &op_aggregate },
        { "POST", "/stats/aggregateflow/{dpid}", OFM_WSGI_BODY_JSON, get_flow,
          (void *) &op_aggregate },
        { "GET", "/stats/tablefeatures/{dpid}", 0, get_stats,
          (void *) &op_tablefeatures },
        { "GET", "/stats/queue/{dpid}", 0, get_stats, (void *) &op_queue },
        { "GET", "/stats/queue/{dpid}/{port}", 0, get_stats, (void *) &op_queue },
        { "GET", "/stats/queue/{dpid}/{port}/{queue_id}", 0, get_stats,
          (void *) &op_queue },
        { "GET", "/stats/queueconfig/{dpid}", 0, get_stats,
          (void *) &op_queueconfig },
        { "GET", "/stats/queueconfig/{dpid}/{port}", 0, get_stats,
          (void *) &op_queueconfig },
        { "GET", "/stats/queuedesc/{dpid}", 0, get_stats, (void *) &op_queuedesc },
        { "GET", "/stats/queuedesc/{dpid}/{port}", 0, get_stats,
          (void *) &op_queuedesc },
        { "GET", "/stats/queuedesc/{dpid}/{port}/{queue}", 0, get_stats,
          (void *) &op_queuedesc },
        { "GET", "/stats/groupfeatures/{dpid}", 0, get_stats,
          (void *) &op_groupfeatures },
        { "GET", "/stats/meterfeatures/{dpid}", 0, get_stats,
          (void *) &op_meterfeatures },
        { "POST", "/stats/portdesc/{cmd}",
          OFM_WSGI_BODY_JSON | OFM_WSGI_BODY_REQUIRED, post_portdesc, NULL },
        { "POST", "/stats/experimenter/{dpid}",
          OFM_WSGI_BODY_JSON | OFM_WSGI_BODY_REQUIRED, post_experimenter, NULL },
    };
    static const int reply_events[] = {
        OFM_EV_DESC_STATS_REPLY, OFM_EV_TABLE_STATS_REPLY,
        OFM_EV_PORT_STATS_REPLY, OFM_EV_PORT_DESC_STATS_REPLY,
        OFM_EV_SWITCH_FEATURES, OFM_EV_GROUP_STATS_REPLY,
        OFM_EV_GROUP_DESC_STATS_REPLY, OFM_EV_METER_STATS_REPLY,
        OFM_EV_METER_CONFIG_STATS_REPLY, OFM_EV_ROLE_REPLY,
        OFM_EV_AGGREGATE_STATS_REPLY, OFM_EV_QUEUE_STATS_REPLY,
        OFM_EV_QUEUE_GET_CONFIG_REPLY, OFM_EV_GROUP_FEATURES_STATS_REPLY,
        OFM_EV_METER_FEATURES_STATS_REPLY, OFM_EV_TABLE_FEATURES_STATS_REPLY,
        OFM_EV_QUEUE_DESC_STATS_REPLY,
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
    for (size_t i = 0; i < sizeof reply_events / sizeof reply_events[0]; i++) {
        if (ofm_handler_register(plugin, reply_events[i], OFM_STATE_ANY,
                                 on_stats_reply, NULL)) {
            snprintf(err, err_size, "cannot register event handlers");
            return -1;
        }
    }
    if (ofm_handler_register(plugin, OFM_EV_ERROR, OFM_STATE_ANY, on_error, NULL)) {
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
    free(switches_text);
    switches_text = NULL;
}

static const char *const contexts[] = { OFM_WSGI_CONTEXT, NULL };

OFM_PLUGIN(.name = "ofctl_rest",
           .ofp_versions = OFM_VERSION_BIT(OFP10_VERSION) | OFM_VERSION_BIT(OFP12_VERSION)
                           | OFM_VERSION_BIT(OFP13_VERSION) | OFM_VERSION_BIT(OFP14_VERSION)
                           | OFM_VERSION_BIT(OFP15_VERSION),
           .contexts = contexts,
           .init = ofctl_rest_init,
           .fini = ofctl_rest_fini);
