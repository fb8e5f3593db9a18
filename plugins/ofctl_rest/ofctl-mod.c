/* ofctl-mod.c: the bodies of POST /stats/groupentry/<cmd>,
 * /stats/meterentry/<cmd> and /stats/role in Ryu's REST spelling, made
 * into the SDK's Ryu-JSON form (see ofctl-conv.h).  Read as Ryu's
 * ofctl_v1_3.mod_group_entry(), mod_meter_entry() and set_role() read
 * them, except that what Ryu logs and drops (an unknown group type, band
 * type, meter flag or action) is refused here, naming the member. */
#include <config.h>
#include "ofctl-conv.h"
#include <ofm/addr.h>
#include <ofm/err.h>
#include <ofm/json.h>

#include <string.h>

#define OFPP13_ANY 0xffffffffu
#define OFPG13_ANY 0xffffffffu
/* Ryu's 1.5 mod_group_entry() defaults command_bucket_id to 0, which Open
 * vSwitch refuses (BAD_BUCKET) for add, modify and delete: the default
 * here is OFPG_BUCKET_ALL, what those commands mean. */
#define OFPG15_BUCKET_ALL 0xffffffffu

static json_t *
wrap(const char *cls, json_t *obj)
{
    return json_pack("{s:o}", cls, obj);
}

static int
name_to_num(const char *s, const char *const names[], size_t n)
{
    for (size_t i = 0; s && i < n; i++) {
        if (names[i] && !strcmp(s, names[i])) {
            return (int) i;
        }
    }
    return -1;
}

static json_t *
bucket_from_rest(const json_t *b, size_t idx, char *err, size_t err_size)
{
    uint64_t weight, watch_port, watch_group;
    if (!json_is_object(b)) {
        ofm_err_printf(err, err_size, "'buckets'[%zu]: expected an object", idx);
        return NULL;
    }
    if (ofctl_field(b, "weight", 0, UINT16_MAX, &weight, err, err_size)
        || ofctl_field(b, "watch_port", OFPP13_ANY, UINT32_MAX, &watch_port,
                       err, err_size)
        || ofctl_field(b, "watch_group", OFPG13_ANY, UINT32_MAX, &watch_group,
                       err, err_size)) {
        return NULL;
    }
    const json_t *acts = json_object_get(b, "actions");
    if (acts && !json_is_array(acts)) {
        ofm_err_printf(err, err_size, "'buckets'[%zu]: 'actions' must be a list", idx);
        return NULL;
    }
    json_t *list = json_array();
    size_t i;
    const json_t *a;
    json_array_foreach(acts, i, a) {
        json_t *act = ofctl_action13_from_rest(a, err, err_size);
        if (!act) {
            json_decref(list);
            return NULL;
        }
        json_array_append_new(list, act);
    }
    return wrap("OFPBucket", json_pack("{s:I,s:I,s:I,s:o}",
                                       "weight", (json_int_t) weight,
                                       "watch_port", (json_int_t) watch_port,
                                       "watch_group", (json_int_t) watch_group,
                                       "actions", list));
}

/* The type and group_id of a group mod body, as ofctl_v1_3 reads them. */
static int
group_head_from_rest(const json_t *body, int *type, uint64_t *group_id,
                     char *err, size_t err_size)
{
    static const char *const types[] = { "ALL", "SELECT", "INDIRECT", "FF" };

    if (!json_is_object(body)) {
        ofm_err_printf(err, err_size, "the body must be a JSON object");
        return -1;
    }
    const json_t *t = json_object_get(body, "type");
    *type = t ? name_to_num(json_string_value(t), types, 4) : 0;
    if (*type < 0) {
        ofm_err_printf(err, err_size, "'type': unknown group type (ALL, "
                       "SELECT, INDIRECT or FF)");
        return -1;
    }
    return ofctl_group_field(body, "group_id", 0, group_id, err, err_size);
}

typedef json_t *bucket_reader(const json_t *, size_t, char *, size_t);

/* The body's "buckets" list, each read by 'read_bucket'; NULL on error. */
static json_t *
buckets_from_rest(const json_t *body, bucket_reader *read_bucket,
                  char *err, size_t err_size)
{
    const json_t *buckets = json_object_get(body, "buckets");
    if (buckets && !json_is_array(buckets)) {
        ofm_err_printf(err, err_size, "'buckets': expected a list");
        return NULL;
    }
    json_t *list = json_array();
    size_t i;
    const json_t *b;
    json_array_foreach(buckets, i, b) {
        json_t *bucket = read_bucket(b, i, err, err_size);
        if (!bucket) {
            json_decref(list);
            return NULL;
        }
        json_array_append_new(list, bucket);
    }
    return list;
}

json_t *
ofctl_group_mod_from_rest(const json_t *body, uint16_t command,
                          char *err, size_t err_size)
{
    uint64_t group_id;
    int type;

    if (group_head_from_rest(body, &type, &group_id, err, err_size)) {
        return NULL;
    }
    json_t *list = buckets_from_rest(body, bucket_from_rest, err, err_size);
    if (!list) {
        return NULL;
    }
    return wrap("OFPGroupMod", json_pack("{s:i,s:i,s:I,s:o}",
                                         "command", command, "type", type,
                                         "group_id", (json_int_t) group_id,
                                         "buckets", list));
}

/* Ryu's OFPM_* reserved meter numbers. */
static int
meter_id_field(const json_t *body, uint64_t *v, char *err, size_t err_size)
{
    static const struct { const char *name; uint32_t v; } names[] = {
        { "MAX", 0xffff0000 }, { "SLOWPATH", 0xfffffffd },
        { "CONTROLLER", 0xfffffffe }, { "ALL", 0xffffffff },
    };
    const char *s = json_string_value(json_object_get(body, "meter_id"));
    for (size_t i = 0; s && i < sizeof names / sizeof names[0]; i++) {
        if (!strcmp(s, names[i].name)) {
            *v = names[i].v;
            return 0;
        }
    }
    return ofctl_field(body, "meter_id", 0, UINT32_MAX, v, err, err_size);
}

static json_t *
band_from_rest(const json_t *b, size_t idx, char *err, size_t err_size)
{
    static const char *const types[] = {
        NULL, "DROP", "DSCP_REMARK",
    };
    uint64_t rate, burst, extra;
    if (!json_is_object(b)) {
        ofm_err_printf(err, err_size, "'bands'[%zu]: expected an object", idx);
        return NULL;
    }
    const char *type = json_string_value(json_object_get(b, "type"));
    int t = name_to_num(type, types, 3);
    if (t < 0 && !(type && !strcmp(type, "EXPERIMENTER"))) {
        ofm_err_printf(err, err_size, "'bands'[%zu]: 'type' must be DROP, "
                       "DSCP_REMARK or EXPERIMENTER", idx);
        return NULL;
    }
    if (ofctl_field(b, "rate", 0, UINT32_MAX, &rate, err, err_size)
        || ofctl_field(b, "burst_size", 0, UINT32_MAX, &burst, err, err_size)) {
        return NULL;
    }
    if (t == 1) {
        return wrap("OFPMeterBandDrop", json_pack("{s:i,s:I,s:I}", "type", 1,
                                                  "rate", (json_int_t) rate,
                                                  "burst_size", (json_int_t) burst));
    }
    if (t == 2) {
        if (ofctl_field(b, "prec_level", 0, UINT8_MAX, &extra, err, err_size)) {
            return NULL;
        }
        return wrap("OFPMeterBandDscpRemark",
                    json_pack("{s:i,s:I,s:I,s:I}", "type", 2,
                              "rate", (json_int_t) rate,
                              "burst_size", (json_int_t) burst,
                              "prec_level", (json_int_t) extra));
    }
    if (ofctl_field(b, "experimenter", 0, UINT32_MAX, &extra, err, err_size)) {
        return NULL;
    }
    return wrap("OFPMeterBandExperimenter",
                json_pack("{s:i,s:I,s:I,s:I}", "type", 0xffff,
                          "rate", (json_int_t) rate,
                          "burst_size", (json_int_t) burst,
                          "experimenter", (json_int_t) extra));
}

static int
meter_flags(const json_t *f, uint64_t *flags, char *err, size_t err_size)
{
    static const char *const names[] = { "KBPS", "PKTPS", "BURST", "STATS" };
    *flags = 0;
    if (!f) {
        return 0;
    }
    size_t n = json_is_array(f) ? json_array_size(f) : 1;
    for (size_t i = 0; i < n; i++) {
        const json_t *x = json_is_array(f) ? json_array_get(f, i) : f;
        int bit = name_to_num(json_string_value(x), names, 4);
        if (bit < 0) {
            ofm_err_printf(err, err_size, "'flags': expected KBPS, PKTPS, "
                           "BURST or STATS, or a list of them");
            return -1;
        }
        *flags |= 1u << bit;
    }
    return 0;
}

json_t *
ofctl_meter_mod_from_rest(const json_t *body, uint16_t command,
                          char *err, size_t err_size)
{
    uint64_t flags, meter_id;
    if (!json_is_object(body)) {
        ofm_err_printf(err, err_size, "the body must be a JSON object");
        return NULL;
    }
    if (meter_flags(json_object_get(body, "flags"), &flags, err, err_size)
        || meter_id_field(body, &meter_id, err, err_size)) {
        return NULL;
    }
    const json_t *bands = json_object_get(body, "bands");
    if (bands && !json_is_array(bands)) {
        ofm_err_printf(err, err_size, "'bands': expected a list");
        return NULL;
    }
    json_t *list = json_array();
    size_t i;
    const json_t *b;
    json_array_foreach(bands, i, b) {
        json_t *band = band_from_rest(b, i, err, err_size);
        if (!band) {
            json_decref(list);
            return NULL;
        }
        json_array_append_new(list, band);
    }
    return wrap("OFPMeterMod", json_pack("{s:i,s:I,s:I,s:o}",
                                         "command", command,
                                         "flags", (json_int_t) flags,
                                         "meter_id", (json_int_t) meter_id,
                                         "bands", list));
}

json_t *
ofctl_role_from_rest(const json_t *body, char *err, size_t err_size)
{
    static const char *const roles[] = { "NOCHANGE", "EQUAL", "MASTER", "SLAVE" };
    uint64_t role = 1;          /* OFPCR_ROLE_EQUAL, Ryu's default. */
    if (!json_is_object(body)) {
        ofm_err_printf(err, err_size, "the body must be a JSON object");
        return NULL;
    }
    const json_t *r = json_object_get(body, "role");
    int n = name_to_num(json_string_value(r), roles, 4);
    if (n >= 0) {
        role = (uint64_t) n;
    } else if (r && (ofctl_get_uint(r, &role) || role > UINT32_MAX)) {
        ofm_err_printf(err, err_size, "'role': expected NOCHANGE, EQUAL, "
                       "MASTER, SLAVE or a number");
        return NULL;
    }
    return wrap("OFPRoleRequest", json_pack("{s:I,s:i}", "role",
                                            (json_int_t) role,
                                            "generation_id", 0));
}

json_t *
ofctl_experimenter_from_rest(const json_t *body, char *err, size_t err_size)
{
    uint64_t experimenter, exp_type;
    if (!json_is_object(body)) {
        ofm_err_printf(err, err_size, "the body must be a JSON object");
        return NULL;
    }
    if (ofctl_field(body, "experimenter", 0, UINT32_MAX, &experimenter,
                    err, err_size)
        || ofctl_field(body, "exp_type", 0, UINT32_MAX, &exp_type, err, err_size)) {
        return NULL;
    }
    const json_t *dt = json_object_get(body, "data_type");
    const char *data_type = dt ? json_string_value(dt) : "ascii";
    const json_t *d = json_object_get(body, "data");
    const char *data = d ? json_string_value(d) : "";
    if (!data) {
        ofm_err_printf(err, err_size, "'data': expected a string");
        return NULL;
    }
    json_t *bytes;
    if (data_type && !strcmp(data_type, "ascii")) {
        for (const char *c = data; *c; c++) {
            if ((unsigned char) *c > 127) {
                ofm_err_printf(err, err_size, "'data': not ASCII text");
                return NULL;
            }
        }
        bytes = ofm_json_base64(data, strlen(data));
    } else if (data_type && !strcmp(data_type, "base64")) {
        bytes = json_string(data);      /* The codec checks it. */
    } else {
        ofm_err_printf(err, err_size, "'data_type': expected \"ascii\" or \"base64\"");
        return NULL;
    }
    return wrap("OFPExperimenter", json_pack("{s:I,s:I,s:o}",
                                             "experimenter", (json_int_t) experimenter,
                                             "exp_type", (json_int_t) exp_type,
                                             "data", bytes));
}

int
ofctl_port_no_from_rest(const json_t *body, uint8_t version, uint64_t *port_no,
                        char *err, size_t err_size)
{
    if (!json_is_object(body) || !json_object_get(body, "port_no")) {
        ofm_err_printf(err, err_size, "'port_no': missing");
        return -1;
    }
    return ofctl_port_field(body, "port_no", 0, version, port_no, err, err_size);
}

/* The fields every version's port mod has: port_no, config, mask,
 * advertise (default 'advertised', the port's own) and hw_addr (default
 * 'hw_addr'); -1 with 'err' set when one is wrong. */
static int
port_mod_head_from_rest(const json_t *body, uint8_t version,
                        const char *hw_addr, uint32_t advertised,
                        uint64_t *port_no, uint64_t *config, uint64_t *mask,
                        uint64_t *advertise, const char **mac,
                        char *err, size_t err_size)
{
    if (ofctl_port_no_from_rest(body, version, port_no, err, err_size)
        || ofctl_field(body, "config", 0, UINT32_MAX, config, err, err_size)
        || ofctl_field(body, "mask", 0, UINT32_MAX, mask, err, err_size)
        || ofctl_field(body, "advertise", advertised, UINT32_MAX, advertise,
                       err, err_size)) {
        return -1;
    }
    const json_t *hw = json_object_get(body, "hw_addr");
    *mac = hw ? json_string_value(hw) : hw_addr;
    uint8_t bytes[6];
    if (!*mac || strlen(*mac) != 17 || ofm_mac_parse(*mac, bytes)) {
        ofm_err_printf(err, err_size, "'hw_addr': expected a MAC address "
                       "aa:bb:cc:dd:ee:ff");
        return -1;
    }
    return 0;
}

json_t *
ofctl_port_mod_from_rest(const json_t *body, uint8_t version,
                         const char *hw_addr, uint32_t advertised,
                         char *err, size_t err_size)
{
    uint64_t port_no, config, mask, advertise;
    const char *mac;
    if (port_mod_head_from_rest(body, version, hw_addr, advertised, &port_no,
                                &config, &mask, &advertise, &mac,
                                err, err_size)) {
        return NULL;
    }
    return wrap("OFPPortMod", json_pack("{s:I,s:s,s:I,s:I,s:I}",
                                        "port_no", (json_int_t) port_no,
                                        "hw_addr", mac,
                                        "config", (json_int_t) config,
                                        "mask", (json_int_t) mask,
                                        "advertise", (json_int_t) advertise));
}

/* OpenFlow 1.4 and 1.5 port mod properties, as ofctl_v1_4/v1_5's
 * mod_port_behavior() reads them: {"type": "ETHERNET", "advertise": n}
 * or {"type": "OPTICAL", "configure", "freq_lmda", "fl_offset",
 * "grid_span", "tx_pwr"}. */
static json_t *
port_mod_prop_from_rest(const json_t *p, size_t idx, char *err, size_t err_size)
{
    static const char *const optical[] = {
        "configure", "freq_lmda", "fl_offset", "grid_span", "tx_pwr",
    };
    if (!json_is_object(p)) {
        ofm_err_printf(err, err_size, "'properties'[%zu]: expected an object", idx);
        return NULL;
    }
    const char *type = json_string_value(json_object_get(p, "type"));
    uint64_t v;
    if (type && !strcmp(type, "ETHERNET")) {
        if (!json_object_get(p, "advertise")) {
            ofm_err_printf(err, err_size, "'properties'[%zu]: 'advertise' missing", idx);
            return NULL;
        }
        if (ofctl_field(p, "advertise", 0, UINT32_MAX, &v, err, err_size)) {
            return NULL;
        }
        return wrap("OFPPortModPropEthernet",
                    json_pack("{s:i,s:I}", "type", 0, "advertise", (json_int_t) v));
    }
    if (type && !strcmp(type, "OPTICAL")) {
        json_t *o = json_pack("{s:i}", "type", 1);
        for (size_t i = 0; i < sizeof optical / sizeof *optical; i++) {
            if (ofctl_field(p, optical[i], 0, UINT32_MAX, &v, err, err_size)) {
                json_decref(o);
                return NULL;
            }
            json_object_set_new(o, optical[i], json_integer((json_int_t) v));
        }
        return wrap("OFPPortModPropOptical", o);
    }
    ofm_err_printf(err, err_size, "'properties'[%zu]: 'type' must be ETHERNET "
                   "or OPTICAL", idx);
    return NULL;
}

json_t *
ofctl14_port_mod_from_rest(const json_t *body, uint8_t version,
                           const char *hw_addr, uint32_t advertised,
                           char *err, size_t err_size)
{
    uint64_t port_no, config, mask, advertise;
    const char *mac;
    if (port_mod_head_from_rest(body, version, hw_addr, advertised, &port_no,
                                &config, &mask, &advertise, &mac,
                                err, err_size)) {
        return NULL;
    }
    const json_t *props = json_object_get(body, "properties");
    if (props && !json_is_array(props)) {
        ofm_err_printf(err, err_size, "'properties': expected a list");
        return NULL;
    }
    json_t *list = json_array();
    if (!props) {
        /* Ryu fills in the port's own properties here; its Ethernet one
         * says what the port advertises. */
        json_array_append_new(list, wrap("OFPPortModPropEthernet",
                                         json_pack("{s:i,s:I}", "type", 0,
                                                   "advertise",
                                                   (json_int_t) advertise)));
    }
    size_t i;
    const json_t *p;
    json_array_foreach(props, i, p) {
        json_t *prop = port_mod_prop_from_rest(p, i, err, err_size);
        if (!prop) {
            json_decref(list);
            return NULL;
        }
        json_array_append_new(list, prop);
    }
    return wrap("OFPPortMod", json_pack("{s:I,s:s,s:I,s:I,s:o}",
                                        "port_no", (json_int_t) port_no,
                                        "hw_addr", mac,
                                        "config", (json_int_t) config,
                                        "mask", (json_int_t) mask,
                                        "properties", list));
}

/* A 1.5 bucket property ({"type": "WEIGHT", "weight": n}, {"type":
 * "WATCH_PORT"|"WATCH_GROUP", "watch": n}); Ryu takes WEIGHT when the
 * type is absent. */
static json_t *
bucket_prop_from_rest(const json_t *p, size_t b, size_t idx, char *err,
                      size_t err_size)
{
    static const char *const types[] = { "WEIGHT", "WATCH_PORT", "WATCH_GROUP" };
    uint64_t v;
    if (!json_is_object(p)) {
        ofm_err_printf(err, err_size, "'buckets'[%zu]: 'properties'[%zu]: "
                       "expected an object", b, idx);
        return NULL;
    }
    const json_t *t = json_object_get(p, "type");
    int type = t ? name_to_num(json_string_value(t), types, 3) : 0;
    if (type < 0) {
        ofm_err_printf(err, err_size, "'buckets'[%zu]: 'properties'[%zu]: "
                       "'type' must be WEIGHT, WATCH_PORT or WATCH_GROUP", b, idx);
        return NULL;
    }
    if (type == 0) {
        if (ofctl_field(p, "weight", 0, UINT16_MAX, &v, err, err_size)) {
            return NULL;
        }
        return wrap("OFPGroupBucketPropWeight",
                    json_pack("{s:i,s:I}", "type", 0, "weight", (json_int_t) v));
    }
    if (type == 1 ? ofctl_port_field(p, "watch", OFPP13_ANY, 6, &v, err, err_size)
                  : ofctl_group_field(p, "watch", OFPG13_ANY, &v, err, err_size)) {
        return NULL;
    }
    return wrap("OFPGroupBucketPropWatch",
                json_pack("{s:i,s:I}", "type", type, "watch", (json_int_t) v));
}

static json_t *
bucket15_from_rest(const json_t *b, size_t idx, char *err, size_t err_size)
{
    uint64_t bucket_id;
    if (!json_is_object(b)) {
        ofm_err_printf(err, err_size, "'buckets'[%zu]: expected an object", idx);
        return NULL;
    }
    if (ofctl_field(b, "bucket_id", 0, UINT32_MAX, &bucket_id, err, err_size)) {
        return NULL;
    }
    const json_t *acts = json_object_get(b, "actions");
    const json_t *props = json_object_get(b, "properties");
    if ((acts && !json_is_array(acts)) || (props && !json_is_array(props))) {
        ofm_err_printf(err, err_size, "'buckets'[%zu]: 'actions' and "
                       "'properties' must be lists", idx);
        return NULL;
    }
    json_t *actions = json_array();
    json_t *properties = json_array();
    size_t i;
    const json_t *x;
    json_array_foreach(acts, i, x) {
        json_t *act = ofctl_action_from_rest(x, 6, err, err_size);
        if (!act) {
            goto error;
        }
        json_array_append_new(actions, act);
    }
    json_array_foreach(props, i, x) {
        json_t *prop = bucket_prop_from_rest(x, idx, i, err, err_size);
        if (!prop) {
            goto error;
        }
        json_array_append_new(properties, prop);
    }
    return wrap("OFPBucket", json_pack("{s:I,s:o,s:o}",
                                       "bucket_id", (json_int_t) bucket_id,
                                       "actions", actions,
                                       "properties", properties));
error:
    json_decref(actions);
    json_decref(properties);
    return NULL;
}

json_t *
ofctl15_group_mod_from_rest(const json_t *body, uint16_t command,
                            char *err, size_t err_size)
{
    uint64_t group_id, command_bucket_id;
    int type;

    /* The 1.3 form first: the same type, group_id and checks. */
    if (group_head_from_rest(body, &type, &group_id, err, err_size)
        || ofctl_field(body, "command_bucket_id", OFPG15_BUCKET_ALL,
                       UINT32_MAX, &command_bucket_id, err, err_size)) {
        return NULL;
    }
    json_t *list = buckets_from_rest(body, bucket15_from_rest, err, err_size);
    if (!list) {
        return NULL;
    }
    return wrap("OFPGroupMod", json_pack("{s:i,s:i,s:I,s:I,s:o,s:[]}",
                                         "command", command, "type", type,
                                         "group_id", (json_int_t) group_id,
                                         "command_bucket_id",
                                         (json_int_t) command_bucket_id,
                                         "buckets", list, "properties"));
}
