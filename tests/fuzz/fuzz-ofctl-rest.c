/* fuzz-ofctl-rest.c: libFuzzer target for ofctl_rest's request-body
 * decoders (plugins/ofctl_rest/ofctl-conv.c, ofctl-mod.c) and its stats
 * reply converters (ofctl-stats.c).
 *
 * An input that parses as JSON is taken as the body of every POST that
 * ofctl_rest decodes: /stats/flowentry/<cmd> for OpenFlow 1.0 and 1.3 and
 * every command, /stats/groupentry/<cmd>, /stats/meterentry/<cmd>,
 * /stats/portdesc/modify (1.0 and 1.3), /stats/role and
 * /stats/experimenter.  Whatever a decoder accepts must encode with the
 * SDK codec: the translation never hands the codec a message it rejects
 * (except experimenter "data" given as base64, which the codec is the one
 * to check).  The same JSON is also handed to every stats reply converter
 * as if it were a decoded reply, for shapes the codec never makes.
 *
 * Any other input is taken as the bytes of an OpenFlow message from a
 * switch: if the codec decodes it, every reply converter turns it into
 * Ryu's REST form (as the plugin would for a stats reply).  The converters
 * must return JSON that dumps, whatever they get.  Any violation aborts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ofm/json.h"
#include "../../plugins/ofctl_rest/ofctl-conv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fail(const char *what, const json_t *j, const char *err)
{
    char *s = j ? ofm_json_dumps(j, JSON_COMPACT) : NULL;
    fprintf(stderr, "fuzz-ofctl-rest: %s: %s\n%s\n", what, err ? err : "",
            s ? s : "");
    free(s);
    abort();
}

/* 'msg' (a new reference, or NULL when the decoder refused the body with
 * 'err') must encode for 'version'. */
static void
check_encodes(const char *what, json_t *msg, uint8_t version, bool may_fail)
{
    char err[512];
    if (!msg) {
        return;
    }
    struct ofm_buf out;
    ofm_buf_init(&out);
    if (ofm_ofp_from_json(msg, version, 1, &out, err, sizeof err) && !may_fail) {
        fail(what, msg, err);
    }
    ofm_buf_uninit(&out);
    json_decref(msg);
}

static void
bodies(const json_t *body)
{
    static const uint8_t versions[] = { 0x01, 0x04 };
    char err[512];
    for (size_t v = 0; v < sizeof versions; v++) {
        for (uint8_t cmd = 0; cmd < 5; cmd++) {
            check_encodes("accepted flow entry does not encode",
                          ofctl_flow_mod_from_rest(body, versions[v], cmd,
                                                   err, sizeof err),
                          versions[v], false);
        }
        json_decref(ofctl_match_from_rest(json_object_get(body, "match"),
                                          versions[v], err, sizeof err));
        uint64_t port_no;
        if (!ofctl_port_no_from_rest(body, versions[v], &port_no,
                                     err, sizeof err)) {
            check_encodes("accepted port mod does not encode",
                          ofctl_port_mod_from_rest(body, versions[v],
                                                   "00:00:00:00:00:01", 0,
                                                   err, sizeof err),
                          versions[v], false);
        }
    }
    for (uint16_t cmd = 0; cmd < 3; cmd++) {
        check_encodes("accepted group entry does not encode",
                      ofctl_group_mod_from_rest(body, cmd, err, sizeof err),
                      0x04, false);
        check_encodes("accepted meter entry does not encode",
                      ofctl_meter_mod_from_rest(body, cmd, err, sizeof err),
                      0x04, false);
    }
    check_encodes("accepted role does not encode",
                  ofctl_role_from_rest(body, err, sizeof err), 0x04, false);
    const char *dt = json_string_value(json_object_get(body, "data_type"));
    check_encodes("accepted experimenter does not encode",
                  ofctl_experimenter_from_rest(body, err, sizeof err), 0x04,
                  dt && !strcmp(dt, "base64"));
}

static void
replies(const json_t *reply, uint8_t version)
{
    static ofctl_reply_fn *const fns[] = {
        ofctl_desc_to_rest, ofctl_table_stats_to_rest, ofctl_port_stats_to_rest,
        ofctl_port_desc_to_rest, ofctl_group_desc_to_rest,
        ofctl_group_stats_to_rest, ofctl_meter_config_to_rest,
        ofctl_meter_stats_to_rest, ofctl_role_to_rest, ofctl_aggregate_to_rest,
        ofctl_queue_stats_to_rest, ofctl_queue_config_to_rest,
        ofctl_group_features_to_rest, ofctl_meter_features_to_rest,
        ofctl_table_features_to_rest,
    };
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
        json_t *rest = fns[i](reply, version);
        char *s = ofm_json_dumps(rest, JSON_COMPACT);
        if (!s) {
            fail("reply converter gave no JSON", reply, NULL);
        }
        free(s);
        json_decref(rest);
    }
    /* GET /stats/flow's converter, with and without the priority filter. */
    json_decref(ofctl_flow_stats_to_rest(json_object_get(reply, "body"),
                                         version, -1));
    json_decref(ofctl_flow_stats_to_rest(json_object_get(reply, "body"),
                                         version, 1));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512];
    json_t *body = ofm_json_loads((const char *) data, size, err, sizeof err);
    if (body) {
        bodies(body);
        replies(body, 0x01);
        replies(body, 0x04);
        json_decref(body);
        return 0;
    }
    json_t *msg;
    ofm_ofp_to_json(data, size, &msg, NULL, err, sizeof err);
    if (msg) {
        replies(ofctl_unwrap(msg, NULL), data[0]);
        json_decref(msg);
    }
    return 0;
}
