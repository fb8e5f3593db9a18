/* test-msg.c: unit tests for ofm/msg.h: message encoders and decoders,
 * checked against hand-computed vectors and against the shared corpus of
 * real OpenFlow 1.0 and 1.3 messages with Ryu's JSON decoding of each
 * ($OFM_CORPUS_DIR/of10, of13): decoded fields equal the JSON's values,
 * messages built from the JSON's values equal the .packet bytes, and every
 * message cut at every offset decodes cleanly. */
#include <CUnit/Basic.h>
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofm/msg.h"
#include "test-util.h"

/* A corpus message: its bytes and Ryu's JSON for it. */
struct sample {
    char name[128];             /* "of13/4-4-ofp_packet_in.packet" */
    uint8_t *data;
    size_t size;
    json_t *json;               /* The object under the class name. */
    char cls[64];               /* The class name, e.g. "OFPPacketIn". */
};

/* Loads 'rel' (e.g. "of13/4-4-ofp_packet_in.packet"); fails the current
 * test and returns false if it is missing. */
static bool
sample_load(const char *rel, struct sample *s)
{
    memset(s, 0, sizeof *s);
    const char *dir = tu_corpus_dir();
    if (!dir) {
        return false;
    }
    char path[1024];
    snprintf(s->name, sizeof s->name, "%s", rel);
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    s->data = tu_read_file(path, &s->size);
    if (!s->data) {
        fprintf(stderr, "cannot read %s\n", path);
        CU_FAIL("corpus file missing");
        return false;
    }
    snprintf(path, sizeof path, "%s/%s.json", dir, rel);
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    if (!root || !json_is_object(root) || json_object_size(root) != 1) {
        fprintf(stderr, "%s: %s\n", path, root ? "not one object" : jerr.text);
        CU_FAIL("corpus JSON unreadable");
        json_decref(root);
        free(s->data);
        s->data = NULL;
        return false;
    }
    const char *key = json_object_iter_key(json_object_iter(root));
    snprintf(s->cls, sizeof s->cls, "%s", key);
    s->json = json_incref(json_object_get(root, key));
    json_decref(root);
    return true;
}

static void
sample_free(struct sample *s)
{
    free(s->data);
    json_decref(s->json);
    memset(s, 0, sizeof *s);
}

/* JSON helpers. */

static json_int_t
jint(const json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_integer(v)) {
        fprintf(stderr, "JSON key %s is not an integer\n", key);
        CU_FAIL("missing JSON integer");
        return -1;
    }
    return json_integer_value(v);
}

static uint64_t
ju64(const json_t *o, const char *key)
{
    return (uint64_t) jint(o, key);
}

static const char *
jstr(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    if (!s) {
        fprintf(stderr, "JSON key %s is not a string\n", key);
        CU_FAIL("missing JSON string");
        return "";
    }
    return s;
}

/* The object under the single key of a {"Class": {...}} wrapper. */
static json_t *
unwrap(const json_t *o, const char **cls)
{
    void *it = json_object_iter((json_t *) o);
    if (!it) {
        return NULL;
    }
    if (cls) {
        *cls = json_object_iter_key(it);
    }
    return json_object_iter_value(it);
}

/* Decodes base64 'in' into 'out' (at most 'max' bytes); returns the size. */
static size_t
base64_decode(const char *in, uint8_t *out, size_t max)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    uint32_t acc = 0;
    int bits = 0;
    size_t n = 0;
    for (; *in && *in != '='; in++) {
        const char *c = strchr(alphabet, *in);
        if (!c) {
            continue;
        }
        acc = acc << 6 | (uint32_t) (c - alphabet);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (n < max) {
                out[n++] = (uint8_t) (acc >> bits);
            }
        }
    }
    return n;
}

/* The "data" of 'o', base64-decoded into a static buffer. */
static const uint8_t *
jdata(const json_t *o, const char *key, size_t *size)
{
    static uint8_t buf[65536];
    *size = base64_decode(jstr(o, key), buf, sizeof buf);
    return buf;
}

static void
parse_mac(const char *s, uint8_t mac[6])
{
    unsigned int b[6] = { 0 };
    if (sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4],
               &b[5]) != 6) {
        CU_FAIL("bad MAC in JSON");
    }
    for (int i = 0; i < 6; i++) {
        mac[i] = (uint8_t) b[i];
    }
}

/* Writes the JSON value 'v' of a field of 'len' bytes in network order. */
static bool
field_value(json_t *v, size_t len, uint8_t *out)
{
    if (json_is_integer(v)) {
        uint64_t x = (uint64_t) json_integer_value(v);
        for (size_t i = 0; i < len; i++) {
            out[i] = (uint8_t) (x >> (8 * (len - 1 - i)));
        }
        return true;
    }
    const char *s = json_string_value(v);
    if (!s) {
        return false;
    }
    if (len == 6) {
        parse_mac(s, out);
        return true;
    }
    if (len == 4) {
        return inet_pton(AF_INET, s, out) == 1;
    }
    if (len == 16) {
        return inet_pton(AF_INET6, s, out) == 1;
    }
    return false;
}

/* Fields outside the basic class that the corpus uses: the OXM header (and
 * experimenter prefix) to put before the value. */
static const struct {
    const char *name;
    const char *prefix;
    size_t prefix_len, value_len;
} extra_fields[] = {
    { "pbb_uca", "\xff\xff\x00\x07\x4f\x4e\x46\x00\x0a\x00", 10, 1 },
    { "tun_ipv4_src", "\x00\x01\x3e\x04", 4, 4 },
    { "tun_ipv4_dst", "\x00\x01\x40\x04", 4, 4 },
};

/* Builds the raw OXM TLV of JSON {"OXMTlv": {...}} into 'tlv'; returns
 * its size, or 0 if unknown. */
static size_t
json_oxm(const json_t *wrapped, uint8_t *tlv)
{
    json_t *t = json_object_get(wrapped, "OXMTlv");
    const char *name = jstr(t, "field");
    json_t *value = json_object_get(t, "value");
    json_t *mask = json_object_get(t, "mask");
    const struct ofm_oxm_info *info = ofm_oxm_info_by_name(name);
    if (info) {
        bool masked = mask && !json_is_null(mask);
        size_t len = info->len;
        ofm_put32(tlv, OFM_OXM_HEADER(OFPXMC_OPENFLOW_BASIC, info->field,
                                      masked, len * (masked ? 2 : 1)));
        if (!field_value(value, len, tlv + 4)
            || (masked && !field_value(mask, len, tlv + 4 + len))) {
            return 0;
        }
        return 4 + len * (masked ? 2 : 1);
    }
    for (size_t i = 0; i < N_ELEMS(extra_fields); i++) {
        if (!strcmp(name, extra_fields[i].name)) {
            memcpy(tlv, extra_fields[i].prefix, extra_fields[i].prefix_len);
            if (!field_value(value, extra_fields[i].value_len,
                             tlv + extra_fields[i].prefix_len)) {
                return 0;
            }
            return extra_fields[i].prefix_len + extra_fields[i].value_len;
        }
    }
    fprintf(stderr, "unknown OXM field %s in JSON\n", name);
    return 0;
}

/* Builds 'm' from a JSON {"OFPMatch": {...}} of 1.3. */
static bool
json_match13(const json_t *wrapped, struct ofm_match *m)
{
    json_t *o = json_object_get(wrapped, "OFPMatch");
    json_t *fields = json_object_get(o, "oxm_fields");
    size_t i;
    json_t *f;
    ofm_match_init(m);
    json_array_foreach(fields, i, f) {
        uint8_t tlv[64];
        size_t n = json_oxm(f, tlv);
        if (!n || ofm_match_set_oxm(m, tlv, n)) {
            return false;
        }
    }
    return true;
}

/* Builds 'm' from a JSON 1.0 {"OFPMatch": {...}} by writing its wire form
 * and decoding that. */
static bool
json_match10(const json_t *wrapped, struct ofm_match *m)
{
    json_t *o = json_object_get(wrapped, "OFPMatch");
    uint8_t p[40] = { 0 };
    ofm_put32(p, (uint32_t) jint(o, "wildcards"));
    ofm_put16(p + 4, (uint16_t) jint(o, "in_port"));
    parse_mac(jstr(o, "dl_src"), p + 6);
    parse_mac(jstr(o, "dl_dst"), p + 12);
    ofm_put16(p + 18, (uint16_t) jint(o, "dl_vlan"));
    p[20] = (uint8_t) jint(o, "dl_vlan_pcp");
    ofm_put16(p + 22, (uint16_t) jint(o, "dl_type"));
    p[24] = (uint8_t) jint(o, "nw_tos");
    p[25] = (uint8_t) jint(o, "nw_proto");
    inet_pton(AF_INET, jstr(o, "nw_src"), p + 28);
    inet_pton(AF_INET, jstr(o, "nw_dst"), p + 32);
    ofm_put16(p + 36, (uint16_t) jint(o, "tp_src"));
    ofm_put16(p + 38, (uint16_t) jint(o, "tp_dst"));
    struct ofm_rd rd = ofm_rd_init(p, sizeof p);
    return !ofm_match_decode(&rd, OFP10_VERSION, m);
}

/* Appends the JSON action list 'list' to 'a' (1.3 form); for 'v10', ports
 * are 1.0 numbers.  Returns false on an action it does not know. */
static bool
json_actions(const json_t *list, bool v10, struct ofm_actions *a)
{
    size_t i;
    json_t *w;
    json_array_foreach(list, i, w) {
        const char *cls = "";
        json_t *o = unwrap(w, &cls);
        if (!strcmp(cls, "OFPActionOutput")) {
            uint32_t port = (uint32_t) jint(o, "port");
            if (v10) {
                port = ofm_port_from_of10((uint16_t) port);
            }
            ofm_act_output(a, port, (uint16_t) jint(o, "max_len"));
        } else if (!strcmp(cls, "OFPActionSetField")) {
            uint8_t tlv[64];
            size_t n = json_oxm(json_object_get(o, "field"), tlv);
            if (!n || ofm_act_set_field_oxm(a, tlv, n)) {
                return false;
            }
        } else if (!strcmp(cls, "OFPActionCopyTtlOut")) {
            ofm_act_copy_ttl_out(a);
        } else if (!strcmp(cls, "OFPActionCopyTtlIn")) {
            ofm_act_copy_ttl_in(a);
        } else if (!strcmp(cls, "OFPActionPopPbb")) {
            ofm_act_pop_pbb(a);
        } else if (!strcmp(cls, "OFPActionPushPbb")) {
            ofm_act_push_pbb(a, (uint16_t) jint(o, "ethertype"));
        } else if (!strcmp(cls, "OFPActionPopMpls")) {
            ofm_act_pop_mpls(a, (uint16_t) jint(o, "ethertype"));
        } else if (!strcmp(cls, "OFPActionPushMpls")) {
            ofm_act_push_mpls(a, (uint16_t) jint(o, "ethertype"));
        } else if (!strcmp(cls, "OFPActionPopVlan")) {
            ofm_act_pop_vlan(a);
        } else if (!strcmp(cls, "OFPActionPushVlan")) {
            ofm_act_push_vlan(a, (uint16_t) jint(o, "ethertype"));
        } else if (!strcmp(cls, "OFPActionDecMplsTtl")) {
            ofm_act_dec_mpls_ttl(a);
        } else if (!strcmp(cls, "OFPActionSetMplsTtl")) {
            ofm_act_set_mpls_ttl(a, (uint8_t) jint(o, "mpls_ttl"));
        } else if (!strcmp(cls, "OFPActionDecNwTtl")) {
            ofm_act_dec_nw_ttl(a);
        } else if (!strcmp(cls, "OFPActionSetNwTtl")) {
            ofm_act_set_nw_ttl(a, (uint8_t) jint(o, "nw_ttl"));
        } else if (!strcmp(cls, "OFPActionSetQueue")) {
            ofm_act_set_queue(a, (uint32_t) jint(o, "queue_id"));
        } else if (!strcmp(cls, "OFPActionGroup")) {
            ofm_act_group(a, (uint32_t) jint(o, "group_id"));
        } else if (!strcmp(cls, "OFPActionExperimenterUnknown")) {
            size_t n;
            const uint8_t *d = jdata(o, "data", &n);
            ofm_act_experimenter(a, (uint32_t) jint(o, "experimenter"), d, n);
        } else if (!strcmp(cls, "NXActionUnknown")) {
            /* Ryu splits the body into a subtype and the rest. */
            uint8_t body[256];
            size_t n;
            const uint8_t *d = jdata(o, "data", &n);
            ofm_put16(body, (uint16_t) jint(o, "subtype"));
            memcpy(body + 2, d, n);
            ofm_act_experimenter(a, (uint32_t) jint(o, "experimenter"),
                                 body, n + 2);
        } else {
            fprintf(stderr, "unknown action %s in JSON\n", cls);
            return false;
        }
    }
    return true;
}

/* Appends the JSON instruction list 'list' to 'in'. */
static bool
json_insts(const json_t *list, struct ofm_insts *in)
{
    size_t i;
    json_t *w;
    json_array_foreach(list, i, w) {
        const char *cls = "";
        json_t *o = unwrap(w, &cls);
        if (!strcmp(cls, "OFPInstructionActions")) {
            struct ofm_actions a;
            ofm_actions_init(&a);
            bool ok = json_actions(json_object_get(o, "actions"), false, &a);
            if (jint(o, "type") == OFPIT_WRITE_ACTIONS) {
                ofm_inst_write_actions(in, &a);
            } else {
                ofm_inst_apply_actions(in, &a);
            }
            ofm_actions_uninit(&a);
            if (!ok) {
                return false;
            }
        } else if (!strcmp(cls, "OFPInstructionGotoTable")) {
            ofm_inst_goto_table(in, (uint8_t) jint(o, "table_id"));
        } else if (!strcmp(cls, "OFPInstructionMeter")) {
            ofm_inst_meter(in, (uint32_t) jint(o, "meter_id"));
        } else if (!strcmp(cls, "OFPInstructionWriteMetadata")) {
            ofm_inst_write_metadata(in, ju64(o, "metadata"),
                                    ju64(o, "metadata_mask"));
        } else {
            fprintf(stderr, "unknown instruction %s in JSON\n", cls);
            return false;
        }
    }
    return true;
}

static void
assert_match_eq(const char *what, const struct ofm_match *got,
                const struct ofm_match *want)
{
    bool ok = got->len == want->len && !memcmp(got->oxm, want->oxm, got->len);
    if (!ok) {
        fprintf(stderr, "%s: match differs (%u vs %u bytes)\n", what,
                got->len, want->len);
    }
    CU_ASSERT_TRUE(ok);
}

static void
assert_bytes(const char *what, const uint8_t *got, size_t got_size,
             const uint8_t *want, size_t want_size)
{
    bool ok = got_size == want_size && !memcmp(got, want, got_size);
    if (!ok) {
        fprintf(stderr, "%s: %zu bytes, want %zu", what, got_size, want_size);
        for (size_t i = 0; i < got_size && i < want_size; i++) {
            if (got[i] != want[i]) {
                fprintf(stderr, "; first difference at %zu: %02x vs %02x",
                        i, got[i], want[i]);
                break;
            }
        }
        fprintf(stderr, "\n");
    }
    CU_ASSERT_TRUE(ok);
}

/* Decoding the corpus: one checker per message kind, comparing decoded
 * fields with the JSON. */

static int
init_msg(const struct sample *s, struct ofm_msg *msg)
{
    int error = ofm_msg_init(msg, s->data, s->size);
    CU_ASSERT_EQUAL(error, 0);
    return error;
}

static void
check_packet_in(const struct sample *s)
{
    struct ofm_msg msg;
    struct ofm_packet_in pi;
    if (init_msg(s, &msg)) {
        return;
    }
    CU_ASSERT_EQUAL_FATAL(ofm_decode_packet_in(&msg, &pi), 0);
    const json_t *j = s->json;
    CU_ASSERT_EQUAL(pi.buffer_id, ju64(j, "buffer_id"));
    CU_ASSERT_EQUAL(pi.total_len, jint(j, "total_len"));
    CU_ASSERT_EQUAL(pi.reason, jint(j, "reason"));
    size_t n;
    const uint8_t *d = jdata(j, "data", &n);
    assert_bytes(s->name, pi.data, pi.data_size, d, n);
    if (msg.version == OFP10_VERSION) {
        CU_ASSERT_EQUAL(pi.in_port, ofm_port_from_of10((uint16_t) jint(j, "in_port")));
        uint32_t port;
        CU_ASSERT_TRUE(ofm_match_get_u32(&pi.match, OFPXMT_IN_PORT, &port));
        CU_ASSERT_EQUAL(port, pi.in_port);
    } else {
        CU_ASSERT_EQUAL(pi.table_id, jint(j, "table_id"));
        CU_ASSERT_EQUAL(pi.cookie, ju64(j, "cookie"));
        struct ofm_match want;
        CU_ASSERT_TRUE(json_match13(json_object_get(j, "match"), &want));
        assert_match_eq(s->name, &pi.match, &want);
        uint32_t port = 0;
        ofm_match_get_u32(&want, OFPXMT_IN_PORT, &port);
        CU_ASSERT_EQUAL(pi.in_port, port);
    }
}

static void
check_port(const char *what, const struct ofm_port *p, const json_t *j)
{
    CU_ASSERT_EQUAL(p->port_no, ju64(j, "port_no"));
    uint8_t mac[6];
    parse_mac(jstr(j, "hw_addr"), mac);
    CU_ASSERT_EQUAL(memcmp(p->hw_addr, mac, 6), 0);
    if (strcmp(p->name, jstr(j, "name"))) {
        fprintf(stderr, "%s: port name %s\n", what, p->name);
        CU_FAIL("port name differs");
    }
    CU_ASSERT_EQUAL(p->config, ju64(j, "config"));
    CU_ASSERT_EQUAL(p->state, ju64(j, "state"));
    CU_ASSERT_EQUAL(p->curr, ju64(j, "curr"));
    CU_ASSERT_EQUAL(p->advertised, ju64(j, "advertised"));
    CU_ASSERT_EQUAL(p->supported, ju64(j, "supported"));
    CU_ASSERT_EQUAL(p->peer, ju64(j, "peer"));
    if (json_object_get(j, "curr_speed")) {
        CU_ASSERT_EQUAL(p->curr_speed, ju64(j, "curr_speed"));
        CU_ASSERT_EQUAL(p->max_speed, ju64(j, "max_speed"));
    }
}

static void
check_features(const struct sample *s)
{
    struct ofm_msg msg;
    struct ofm_switch_features f;
    if (init_msg(s, &msg)) {
        return;
    }
    CU_ASSERT_EQUAL_FATAL(ofm_decode_switch_features(&msg, &f), 0);
    const json_t *j = s->json;
    CU_ASSERT_EQUAL(f.datapath_id, ju64(j, "datapath_id"));
    CU_ASSERT_EQUAL(f.n_buffers, ju64(j, "n_buffers"));
    CU_ASSERT_EQUAL(f.n_tables, jint(j, "n_tables"));
    CU_ASSERT_EQUAL(f.capabilities, ju64(j, "capabilities"));
    if (msg.version == OFP13_VERSION) {
        CU_ASSERT_EQUAL(f.auxiliary_id, jint(j, "auxiliary_id"));
        CU_ASSERT_PTR_NULL(f.ports);
        return;
    }
    CU_ASSERT_EQUAL(f.actions, ju64(j, "actions"));
    json_t *ports = json_object_get(j, "ports");
    CU_ASSERT_EQUAL(f.ports_size, json_object_size(ports) * OFP10_PHY_PORT_SIZE);
    struct ofm_rd rd = ofm_rd_init(f.ports, f.ports_size);
    size_t n = 0;
    while (rd.left) {
        struct ofm_port p;
        CU_ASSERT_EQUAL_FATAL(ofm_decode_port(&rd, OFP10_VERSION, &p), 0);
        char key[16];
        snprintf(key, sizeof key, "%u", (unsigned int) p.port_no);
        json_t *jp = unwrap(json_object_get(ports, key), NULL);
        CU_ASSERT_PTR_NOT_NULL_FATAL(jp);
        check_port(s->name, &p, jp);
        n++;
    }
    CU_ASSERT_EQUAL(n, 2);
}

static void
check_port_status(const struct sample *s)
{
    struct ofm_msg msg;
    struct ofm_port_status ps;
    if (init_msg(s, &msg)) {
        return;
    }
    CU_ASSERT_EQUAL_FATAL(ofm_decode_port_status(&msg, &ps), 0);
    CU_ASSERT_EQUAL(ps.reason, jint(s->json, "reason"));
    check_port(s->name, &ps.desc, unwrap(json_object_get(s->json, "desc"), NULL));
}

static void
check_flow_removed(const struct sample *s)
{
    struct ofm_msg msg;
    struct ofm_flow_removed fr;
    if (init_msg(s, &msg)) {
        return;
    }
    CU_ASSERT_EQUAL_FATAL(ofm_decode_flow_removed(&msg, &fr), 0);
    const json_t *j = s->json;
    CU_ASSERT_EQUAL(fr.cookie, ju64(j, "cookie"));
    CU_ASSERT_EQUAL(fr.priority, jint(j, "priority"));
    CU_ASSERT_EQUAL(fr.reason, jint(j, "reason"));
    CU_ASSERT_EQUAL(fr.table_id, jint(j, "table_id"));
    CU_ASSERT_EQUAL(fr.duration_sec, ju64(j, "duration_sec"));
    CU_ASSERT_EQUAL(fr.duration_nsec, ju64(j, "duration_nsec"));
    CU_ASSERT_EQUAL(fr.idle_timeout, jint(j, "idle_timeout"));
    CU_ASSERT_EQUAL(fr.hard_timeout, jint(j, "hard_timeout"));
    CU_ASSERT_EQUAL(fr.packet_count, ju64(j, "packet_count"));
    CU_ASSERT_EQUAL(fr.byte_count, ju64(j, "byte_count"));
    struct ofm_match want;
    CU_ASSERT_TRUE(json_match13(json_object_get(j, "match"), &want));
    assert_match_eq(s->name, &fr.match, &want);
}

static void
check_error(const struct sample *s)
{
    struct ofm_msg msg;
    struct ofm_err_msg em;
    if (init_msg(s, &msg)) {
        return;
    }
    CU_ASSERT_EQUAL_FATAL(ofm_decode_error(&msg, &em), 0);
    const json_t *j = s->json;
    CU_ASSERT_EQUAL(em.type, jint(j, "type"));
    if (em.type == OFPET_EXPERIMENTER) {
        CU_ASSERT_EQUAL(em.exp_type, jint(j, "exp_type"));
        CU_ASSERT_EQUAL(em.experimenter, ju64(j, "experimenter"));
        CU_ASSERT_STRING_EQUAL(ofm_err_type_name(OFP13_VERSION, em.type),
                               "OFPET_EXPERIMENTER");
    } else {
        CU_ASSERT_EQUAL(em.code, jint(j, "code"));
        /* 4-15: type 2 code 11. */
        CU_ASSERT_STRING_EQUAL(ofm_err_type_name(OFP13_VERSION, em.type),
                               "OFPET_BAD_ACTION");
        CU_ASSERT_STRING_EQUAL(ofm_err_code_name(OFP13_VERSION, em.type,
                                                   em.code),
                               "OFPBAC_UNSUPPORTED_ORDER");
    }
    size_t n;
    const uint8_t *d = jdata(j, "data", &n);
    assert_bytes(s->name, em.data, em.data_size, d, n);
}

static void
check_hello(const struct sample *s)
{
    struct ofm_msg msg;
    uint32_t bitmap, want = 0;
    if (init_msg(s, &msg)) {
        return;
    }
    CU_ASSERT_EQUAL_FATAL(ofm_decode_hello(&msg, &bitmap), 0);
    json_t *el = unwrap(json_array_get(json_object_get(s->json, "elements"), 0),
                        NULL);
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(el, "versions"), i, v) {
        want |= 1u << json_integer_value(v);
    }
    CU_ASSERT_EQUAL(bitmap, want);
}

static bool
decode_mp(const struct sample *s, struct ofm_multipart *mp, uint8_t *version)
{
    struct ofm_msg msg;
    if (init_msg(s, &msg)) {
        return false;
    }
    *version = msg.version;
    int error = ofm_decode_multipart(&msg, mp);
    CU_ASSERT_EQUAL(error, 0);
    if (error) {
        return false;
    }
    CU_ASSERT_EQUAL(mp->type, jint(s->json, "type"));
    CU_ASSERT_EQUAL(mp->flags, jint(s->json, "flags"));
    CU_ASSERT_PTR_EQUAL(mp->body + mp->body_size, s->data + s->size);
    return true;
}

/* Any multipart message: type and flags only. */
static void
check_multipart(const struct sample *s)
{
    struct ofm_multipart mp;
    uint8_t version;
    decode_mp(s, &mp, &version);
}

static void
check_desc(const struct sample *s)
{
    struct ofm_multipart mp;
    struct ofm_desc_stats d;
    uint8_t version;
    if (!decode_mp(s, &mp, &version)) {
        return;
    }
    CU_ASSERT_EQUAL_FATAL(ofm_decode_desc_stats(&mp, &d), 0);
    json_t *j = unwrap(json_object_get(s->json, "body"), NULL);
    CU_ASSERT_STRING_EQUAL(d.mfr_desc, jstr(j, "mfr_desc"));
    CU_ASSERT_STRING_EQUAL(d.hw_desc, jstr(j, "hw_desc"));
    CU_ASSERT_STRING_EQUAL(d.sw_desc, jstr(j, "sw_desc"));
    CU_ASSERT_STRING_EQUAL(d.serial_num, jstr(j, "serial_num"));
    CU_ASSERT_STRING_EQUAL(d.dp_desc, jstr(j, "dp_desc"));
    struct ofm_aggregate_stats as;
    CU_ASSERT_EQUAL(ofm_decode_aggregate_stats(&mp, version, &as),
                    OFM_ERR_BAD_STAT);
}

static void
check_aggregate(const struct sample *s)
{
    struct ofm_multipart mp;
    struct ofm_aggregate_stats as;
    uint8_t version;
    if (!decode_mp(s, &mp, &version)) {
        return;
    }
    CU_ASSERT_EQUAL_FATAL(ofm_decode_aggregate_stats(&mp, version, &as), 0);
    json_t *j = unwrap(json_object_get(s->json, "body"), NULL);
    CU_ASSERT_EQUAL(as.packet_count, ju64(j, "packet_count"));
    CU_ASSERT_EQUAL(as.byte_count, ju64(j, "byte_count"));
    CU_ASSERT_EQUAL(as.flow_count, ju64(j, "flow_count"));
}

static void
check_flow_stats(const struct sample *s)
{
    struct ofm_multipart mp;
    uint8_t version;
    if (!decode_mp(s, &mp, &version)) {
        return;
    }
    json_t *body = json_object_get(s->json, "body");
    struct ofm_rd rd = ofm_rd_init(mp.body, mp.body_size);
    struct ofm_flow_stats fs;
    size_t n = 0;
    int error;
    while (!(error = ofm_flow_stats_next(&rd, version, &fs))) {
        json_t *j = unwrap(json_array_get(body, n++), NULL);
        CU_ASSERT_PTR_NOT_NULL_FATAL(j);
        CU_ASSERT_EQUAL(fs.table_id, jint(j, "table_id"));
        CU_ASSERT_EQUAL(fs.duration_sec, ju64(j, "duration_sec"));
        CU_ASSERT_EQUAL(fs.duration_nsec, ju64(j, "duration_nsec"));
        CU_ASSERT_EQUAL(fs.priority, jint(j, "priority"));
        CU_ASSERT_EQUAL(fs.idle_timeout, jint(j, "idle_timeout"));
        CU_ASSERT_EQUAL(fs.hard_timeout, jint(j, "hard_timeout"));
        CU_ASSERT_EQUAL(fs.flags, jint(j, "flags"));
        CU_ASSERT_EQUAL(fs.cookie, ju64(j, "cookie"));
        CU_ASSERT_EQUAL(fs.packet_count, ju64(j, "packet_count"));
        CU_ASSERT_EQUAL(fs.byte_count, ju64(j, "byte_count"));
        struct ofm_match want;
        CU_ASSERT_TRUE(json_match13(json_object_get(j, "match"), &want));
        assert_match_eq(s->name, &fs.match, &want);
        /* The instructions, rebuilt from the JSON, are the bytes. */
        struct ofm_insts in;
        ofm_insts_init(&in);
        CU_ASSERT_TRUE(json_insts(json_object_get(j, "instructions"), &in));
        assert_bytes(s->name, fs.insts, fs.insts_size, in.buf.data, in.buf.size);
        ofm_insts_uninit(&in);
    }
    CU_ASSERT_EQUAL(error, EOF);
    CU_ASSERT_EQUAL(n, json_array_size(body));
}

static void
check_port_stats(const struct sample *s)
{
    struct ofm_multipart mp;
    uint8_t version;
    if (!decode_mp(s, &mp, &version)) {
        return;
    }
    json_t *body = json_object_get(s->json, "body");
    struct ofm_rd rd = ofm_rd_init(mp.body, mp.body_size);
    struct ofm_port_stats ps;
    size_t n = 0;
    int error;
    while (!(error = ofm_port_stats_next(&rd, version, &ps))) {
        json_t *j = unwrap(json_array_get(body, n++), NULL);
        CU_ASSERT_PTR_NOT_NULL_FATAL(j);
        CU_ASSERT_EQUAL(ps.port_no, ju64(j, "port_no"));
        CU_ASSERT_EQUAL(ps.rx_packets, ju64(j, "rx_packets"));
        CU_ASSERT_EQUAL(ps.tx_packets, ju64(j, "tx_packets"));
        CU_ASSERT_EQUAL(ps.rx_bytes, ju64(j, "rx_bytes"));
        CU_ASSERT_EQUAL(ps.tx_bytes, ju64(j, "tx_bytes"));
        CU_ASSERT_EQUAL(ps.rx_dropped, ju64(j, "rx_dropped"));
        CU_ASSERT_EQUAL(ps.tx_dropped, ju64(j, "tx_dropped"));
        CU_ASSERT_EQUAL(ps.rx_errors, ju64(j, "rx_errors"));
        CU_ASSERT_EQUAL(ps.tx_errors, ju64(j, "tx_errors"));
        CU_ASSERT_EQUAL(ps.rx_frame_err, ju64(j, "rx_frame_err"));
        CU_ASSERT_EQUAL(ps.rx_over_err, ju64(j, "rx_over_err"));
        CU_ASSERT_EQUAL(ps.rx_crc_err, ju64(j, "rx_crc_err"));
        CU_ASSERT_EQUAL(ps.collisions, ju64(j, "collisions"));
        CU_ASSERT_EQUAL(ps.duration_sec, ju64(j, "duration_sec"));
        CU_ASSERT_EQUAL(ps.duration_nsec, ju64(j, "duration_nsec"));
    }
    CU_ASSERT_EQUAL(error, EOF);
    CU_ASSERT_EQUAL(n, json_array_size(body));
}

static void
check_port_desc(const struct sample *s)
{
    struct ofm_multipart mp;
    uint8_t version;
    if (!decode_mp(s, &mp, &version)) {
        return;
    }
    json_t *body = json_object_get(s->json, "body");
    struct ofm_rd rd = ofm_rd_init(mp.body, mp.body_size);
    size_t n = 0;
    while (rd.left) {
        struct ofm_port p;
        CU_ASSERT_EQUAL_FATAL(ofm_decode_port(&rd, version, &p), 0);
        json_t *j = unwrap(json_array_get(body, n++), NULL);
        CU_ASSERT_PTR_NOT_NULL_FATAL(j);
        check_port(s->name, &p, j);
    }
    CU_ASSERT_EQUAL(n, json_array_size(body));
}

/* Flow mods and packet-outs are not decoded as messages, but their match,
 * instructions and actions are, and must equal the JSON's. */
static void
check_flow_mod_parts(const struct sample *s)
{
    struct ofm_msg msg;
    if (init_msg(s, &msg)) {
        return;
    }
    struct ofm_match m, want;
    if (msg.version == OFP10_VERSION) {
        struct ofm_rd rd = ofm_rd_init(s->data + 8, s->size - 8);
        CU_ASSERT_EQUAL_FATAL(ofm_match_decode(&rd, OFP10_VERSION, &m), 0);
        CU_ASSERT_TRUE(json_match10(json_object_get(s->json, "match"), &want));
        assert_match_eq(s->name, &m, &want);
        CU_ASSERT_TRUE(ofm_match_has(&m, OFPXMT_ETH_DST));
        CU_ASSERT_EQUAL(ofm_match_n_fields(&m), 1);
        ofm_rd_skip(&rd, 24);
        struct ofm_actions a, wa;
        ofm_actions_init(&a);
        ofm_actions_init(&wa);
        CU_ASSERT_EQUAL(ofm_actions_decode(&rd, rd.left, OFP10_VERSION,
                                           &a.buf), 0);
        CU_ASSERT_TRUE(json_actions(json_object_get(s->json, "actions"), true,
                                    &wa));
        assert_bytes(s->name, ofm_actions_data(&a), ofm_actions_size(&a),
                     ofm_actions_data(&wa), ofm_actions_size(&wa));
        ofm_actions_uninit(&a);
        ofm_actions_uninit(&wa);
        return;
    }
    struct ofm_rd rd = ofm_rd_init(s->data + 48, s->size - 48);
    CU_ASSERT_EQUAL_FATAL(ofm_match_decode(&rd, OFP13_VERSION, &m), 0);
    CU_ASSERT_TRUE(json_match13(json_object_get(s->json, "match"), &want));
    assert_match_eq(s->name, &m, &want);
    CU_ASSERT_EQUAL(ofm_insts_check(rd.p, rd.left), 0);
}

/* Encoding from the JSON's values: each builds the message into 'out'. */

static int
build_flow_mod(const struct sample *s, uint8_t version, struct ofm_buf *out)
{
    const json_t *j = s->json;
    struct ofm_flow_mod fm;
    struct ofm_match m;
    struct ofm_insts in;
    ofm_flow_mod_init(&fm, (uint8_t) jint(j, "command"));
    fm.cookie = ju64(j, "cookie");
    fm.idle_timeout = (uint16_t) jint(j, "idle_timeout");
    fm.hard_timeout = (uint16_t) jint(j, "hard_timeout");
    fm.priority = (uint16_t) jint(j, "priority");
    fm.buffer_id = (uint32_t) jint(j, "buffer_id");
    fm.flags = (uint16_t) jint(j, "flags");
    ofm_insts_init(&in);
    bool ok;
    if (version == OFP10_VERSION) {
        fm.out_port = ofm_port_from_of10((uint16_t) jint(j, "out_port"));
        ok = json_match10(json_object_get(j, "match"), &m);
        struct ofm_actions a;
        ofm_actions_init(&a);
        ok = ok && json_actions(json_object_get(j, "actions"), true, &a);
        ofm_inst_apply_actions(&in, &a);
        ofm_actions_uninit(&a);
    } else {
        fm.cookie_mask = ju64(j, "cookie_mask");
        fm.table_id = (uint8_t) jint(j, "table_id");
        fm.out_port = (uint32_t) jint(j, "out_port");
        fm.out_group = (uint32_t) jint(j, "out_group");
        ok = json_match13(json_object_get(j, "match"), &m);
        ok = ok && json_insts(json_object_get(j, "instructions"), &in);
    }
    CU_ASSERT_TRUE(ok);
    fm.match = &m;
    ofm_flow_mod_set_insts(&fm, &in);
    int error = ofm_encode_flow_mod(out, version, 0, &fm);
    ofm_insts_uninit(&in);
    return error;
}

static int
build_packet_out(const struct sample *s, uint8_t version, struct ofm_buf *out)
{
    const json_t *j = s->json;
    struct ofm_actions a;
    ofm_actions_init(&a);
    CU_ASSERT_TRUE(json_actions(json_object_get(j, "actions"),
                                version == OFP10_VERSION, &a));
    struct ofm_packet_out po = {
        .buffer_id = (uint32_t) jint(j, "buffer_id"),
        .in_port = (uint32_t) jint(j, "in_port"),
        .actions = ofm_actions_data(&a),
        .actions_size = ofm_actions_size(&a),
    };
    if (version == OFP10_VERSION) {
        po.in_port = ofm_port_from_of10((uint16_t) po.in_port);
    }
    po.data = jdata(j, "data", &po.data_size);
    int error = ofm_encode_packet_out(out, version, 0, &po);
    ofm_actions_uninit(&a);
    return error;
}

static int
build_simple(const struct sample *s, uint8_t version, struct ofm_buf *out)
{
    ofm_encode_simple(out, version, s->data[1], 0);
    return 0;
}

static int
build_echo(const struct sample *s, uint8_t version, struct ofm_buf *out)
{
    size_t n;
    const uint8_t *d = jdata(s->json, "data", &n);
    ofm_encode_echo(out, version, s->data[1], 0, d, n);
    return 0;
}

static int
build_error(const struct sample *s, uint8_t version, struct ofm_buf *out)
{
    size_t n;
    const uint8_t *d = jdata(s->json, "data", &n);
    ofm_encode_error(out, version, 0, (uint16_t) jint(s->json, "type"),
                     (uint16_t) jint(s->json, "code"), d, n);
    return 0;
}

static int
build_hello(const struct sample *s, uint8_t version, struct ofm_buf *out)
{
    json_t *el = unwrap(json_array_get(json_object_get(s->json, "elements"), 0),
                        NULL);
    uint32_t bitmap = 0;
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(el, "versions"), i, v) {
        bitmap |= 1u << json_integer_value(v);
    }
    ofm_encode_hello_bitmap(out, version, bitmap, 0);
    return 0;
}

static int
build_set_config(const struct sample *s, uint8_t version, struct ofm_buf *out)
{
    ofm_encode_set_config(out, version, 0, (uint16_t) jint(s->json, "flags"),
                          (uint16_t) jint(s->json, "miss_send_len"));
    return 0;
}

static int
build_port_mod(const struct sample *s, uint8_t version, struct ofm_buf *out)
{
    const json_t *j = s->json;
    struct ofm_port_mod pm = {
        .port_no = (uint32_t) jint(j, "port_no"),
        .config = (uint32_t) jint(j, "config"),
        .mask = (uint32_t) jint(j, "mask"),
        .advertise = (uint32_t) jint(j, "advertise"),
    };
    parse_mac(jstr(j, "hw_addr"), pm.hw_addr);
    return ofm_encode_port_mod(out, version, 0, &pm);
}

static int
build_stats_request(const struct sample *s, uint8_t version,
                    struct ofm_buf *out)
{
    const json_t *j = s->json;
    struct ofm_stats_request req;
    struct ofm_match m;
    ofm_stats_request_init(&req, (uint16_t) jint(j, "type"));
    req.flags = (uint16_t) jint(j, "flags");
    if (json_object_get(j, "match")) {
        req.table_id = (uint8_t) jint(j, "table_id");
        req.out_port = (uint32_t) jint(j, "out_port");
        req.out_group = (uint32_t) jint(j, "out_group");
        req.cookie = ju64(j, "cookie");
        req.cookie_mask = ju64(j, "cookie_mask");
        CU_ASSERT_TRUE(json_match13(json_object_get(j, "match"), &m));
        req.match = &m;
    }
    if (json_object_get(j, "port_no")) {
        req.port_no = (uint32_t) jint(j, "port_no");
    }
    if (json_object_get(j, "queue_id")) {
        req.queue_id = (uint32_t) jint(j, "queue_id");
    }
    if (json_object_get(j, "group_id")) {
        req.group_id = (uint32_t) jint(j, "group_id");
    }
    if (json_object_get(j, "meter_id")) {
        req.meter_id = (uint32_t) jint(j, "meter_id");
    }
    if (json_object_get(j, "experimenter")) {
        req.experimenter = (uint32_t) jint(j, "experimenter");
        req.exp_type = (uint32_t) jint(j, "exp_type");
        req.data = jdata(j, "data", &req.data_size);
    }
    return ofm_encode_stats_request(out, version, 0, &req);
}

/* The corpus messages libofm decodes or encodes, and how. */
static const struct corpus_case {
    const char *file;
    void (*check)(const struct sample *);
    int (*build)(const struct sample *, uint8_t version, struct ofm_buf *);
} corpus_cases[] = {
    { "of10/1-1-ofp_packet_out.packet", NULL, build_packet_out },
    { "of10/1-2-ofp_flow_mod.packet", check_flow_mod_parts, build_flow_mod },
    { "of10/1-4-ofp_packet_in.packet", check_packet_in, NULL },
    { "of10/1-5-features_request.packet", NULL, build_simple },
    { "of10/1-6-ofp_switch_features.packet", check_features, NULL },
    { "of13/4-0-ofp_desc_reply.packet", check_desc, NULL },
    { "of13/4-1-ofp_packet_out.packet", NULL, build_packet_out },
    { "of13/4-2-ofp_flow_mod.packet", check_flow_mod_parts, build_flow_mod },
    { "of13/4-3-ofp_flow_mod.packet", check_flow_mod_parts, build_flow_mod },
    { "of13/4-4-ofp_packet_in.packet", check_packet_in, NULL },
    { "of13/4-5-ofp_features_request.packet", NULL, build_simple },
    { "of13/4-6-ofp_features_reply.packet", check_features, NULL },
    { "of13/4-7-ofp_set_config.packet", NULL, build_set_config },
    { "of13/4-8-ofp_get_config_request.packet", NULL, build_simple },
    { "of13/4-10-ofp_hello.packet", check_hello, build_hello },
    { "of13/4-11-ofp_flow_stats_request.packet", check_multipart,
      build_stats_request },
    { "of13/4-12-ofp_flow_stats_reply.packet", check_flow_stats, NULL },
    { "of13/4-13-ofp_echo_request.packet", NULL, build_echo },
    { "of13/4-14-ofp_echo_reply.packet", NULL, build_echo },
    { "of13/4-15-ofp_error_msg.packet", check_error, build_error },
    { "of13/4-17-ofp_barrier_request.packet", NULL, build_simple },
    { "of13/4-18-ofp_barrier_reply.packet", NULL, build_simple },
    { "of13/4-22-ofp_port_mod.packet", NULL, build_port_mod },
    { "of13/4-24-ofp_desc_request.packet", check_multipart, build_stats_request },
    { "of13/4-25-ofp_aggregate_stats_request.packet", check_multipart,
      build_stats_request },
    { "of13/4-26-ofp_aggregate_stats_reply.packet", check_aggregate, NULL },
    { "of13/4-27-ofp_table_stats_request.packet", check_multipart,
      build_stats_request },
    { "of13/4-28-ofp_table_stats_reply.packet", check_multipart, NULL },
    { "of13/4-29-ofp_port_stats_request.packet", check_multipart,
      build_stats_request },
    { "of13/4-30-ofp_port_stats_reply.packet", check_port_stats, NULL },
    { "of13/4-31-ofp_group_features_request.packet", check_multipart,
      build_stats_request },
    { "of13/4-32-ofp_group_features_reply.packet", check_multipart, NULL },
    { "of13/4-33-ofp_group_desc_request.packet", check_multipart,
      build_stats_request },
    { "of13/4-34-ofp_group_desc_reply.packet", check_multipart, NULL },
    { "of13/4-37-ofp_queue_stats_request.packet", check_multipart,
      build_stats_request },
    { "of13/4-38-ofp_queue_stats_reply.packet", check_multipart, NULL },
    { "of13/4-39-ofp_port_status.packet", check_port_status, NULL },
    { "of13/4-40-ofp_flow_removed.packet", check_flow_removed, NULL },
    { "of13/4-41-ofp_error_msg_experimenter.packet", check_error, NULL },
    { "of13/4-42-ofp_get_async_request.packet", NULL, build_simple },
    { "of13/4-46-ofp_flow_mod.packet", check_flow_mod_parts, build_flow_mod },
    { "of13/4-47-ofp_meter_config_request.packet", check_multipart,
      build_stats_request },
    { "of13/4-48-ofp_meter_config_reply.packet", check_multipart, NULL },
    { "of13/4-49-ofp_meter_stats_request.packet", check_multipart,
      build_stats_request },
    { "of13/4-50-ofp_meter_stats_reply.packet", check_multipart, NULL },
    { "of13/4-51-ofp_meter_features_request.packet", check_multipart,
      build_stats_request },
    { "of13/4-52-ofp_meter_features_reply.packet", check_multipart, NULL },
    { "of13/4-53-ofp_port_desc_request.packet", check_multipart,
      build_stats_request },
    { "of13/4-54-ofp_port_desc_reply.packet", check_port_desc, NULL },
    { "of13/4-57-ofp_group_stats_request.packet", check_multipart,
      build_stats_request },
    { "of13/4-58-ofp_group_stats_reply.packet", check_multipart, NULL },
    { "of13/4-59-ofp_packet_in.packet", check_packet_in, NULL },
    { "of13/4-60-ofp_flow_mod.packet", check_flow_mod_parts, build_flow_mod },
    { "of13/4-61-ofp_experimenter_request.packet", check_multipart,
      build_stats_request },
    { "of13/4-62-ofp_experimenter_reply.packet", check_multipart, NULL },
};

static void
test_corpus_decode(void)
{
    size_t n = 0, want = 0;
    for (size_t i = 0; i < N_ELEMS(corpus_cases); i++) {
        struct sample s;
        want += corpus_cases[i].check != NULL;
        if (!corpus_cases[i].check || !sample_load(corpus_cases[i].file, &s)) {
            continue;
        }
        corpus_cases[i].check(&s);
        sample_free(&s);
        n++;
    }
    CU_ASSERT_EQUAL(n, want);
    printf("\n    %zu corpus messages decoded and compared with Ryu's JSON ", n);
}

static void
test_corpus_encode(void)
{
    size_t n = 0, want = 0;
    for (size_t i = 0; i < N_ELEMS(corpus_cases); i++) {
        struct sample s;
        want += corpus_cases[i].build != NULL;
        if (!corpus_cases[i].build || !sample_load(corpus_cases[i].file, &s)) {
            continue;
        }
        /* A stub big enough for every message but the 400-byte flow mod:
         * that one also exercises growing to the heap mid-message. */
        uint8_t stub[384];
        struct ofm_buf out;
        ofm_buf_use_stub(&out, stub, sizeof stub);
        int error = corpus_cases[i].build(&s, s.data[0], &out);
        if (error) {
            fprintf(stderr, "%s: encoding failed: %s\n", s.name,
                    ofm_err_str(error));
        }
        CU_ASSERT_EQUAL(error, 0);
        assert_bytes(s.name, out.data, out.size, s.data, s.size);
        CU_ASSERT_EQUAL(out.heap, s.size > sizeof stub);
        ofm_buf_uninit(&out);
        sample_free(&s);
        n++;
    }
    CU_ASSERT_EQUAL(n, want);
    printf("\n    %zu corpus messages encoded byte for byte from the JSON ", n);
}

/* ofm_msg_name() of every corpus message is Ryu's class name, the JSON's
 * top-level key.  The key is read as text so that JSON with integers
 * beyond 63 bits (which jansson refuses) works too. */
static void
check_names_in(const char *sub)
{
    const char *dir = tu_corpus_dir();
    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, sub);
    DIR *d = opendir(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    struct dirent *de;
    size_t n = 0;
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (len < 7 || strcmp(de->d_name + len - 7, ".packet")) {
            continue;
        }
        char file[1300];
        size_t size, jsize;
        snprintf(file, sizeof file, "%s/%s", path, de->d_name);
        uint8_t *data = tu_read_file(file, &size);
        snprintf(file, sizeof file, "%s/%s.json", path, de->d_name);
        uint8_t *json = tu_read_file(file, &jsize);
        CU_ASSERT_PTR_NOT_NULL_FATAL(data);
        CU_ASSERT_PTR_NOT_NULL_FATAL(json);

        char key[64] = "";
        char *q1 = memchr(json, '"', jsize);
        char *q2 = q1 ? memchr(q1 + 1, '"', jsize - (size_t) (q1 + 1 - (char *) json)) : NULL;
        if (q2 && q2 - q1 - 1 < (long) sizeof key) {
            memcpy(key, q1 + 1, (size_t) (q2 - q1 - 1));
            key[q2 - q1 - 1] = '\0';
        }
        struct ofm_msg msg;
        CU_ASSERT_EQUAL(ofm_msg_init(&msg, data, size), 0);
        const char *name = ofm_msg_name(&msg);
        if (strcmp(name, key)) {
            fprintf(stderr, "%s: name %s, Ryu says %s\n", de->d_name, name, key);
            CU_FAIL("message name differs from Ryu's");
        }
        free(data);
        free(json);
        n++;
    }
    closedir(d);
    CU_ASSERT_TRUE(n >= 5);
}

static void
test_corpus_names(void)
{
    check_names_in("of10");
    check_names_in("of12");
    check_names_in("of13");
    check_names_in("of14");
    check_names_in("of15");
}

/* Decodes 'msg' with every decoder that takes its kind (walking multipart
 * bodies and the match and actions of flow mods and packet-outs), checking
 * that what succeeds stays inside the message.  Returns the first error. */
static int
decode_any(const struct ofm_msg *msg)
{
    const uint8_t *end = msg->data + msg->size;
    bool v10 = msg->version == OFP10_VERSION;
    int error;
    struct ofm_rd rd;

    if (msg->version != OFP10_VERSION && !OFM_VERSION_IS_OXM(msg->version)) {
        return OFM_ERR_BAD_VERSION;
    }
    switch (msg->type) {
    case 0: {
        uint32_t bm;
        return ofm_decode_hello(msg, &bm);
    }
    case 1: {
        struct ofm_err_msg em;
        error = ofm_decode_error(msg, &em);
        if (!error) {
            CU_ASSERT_PTR_EQUAL(em.data + em.data_size, end);
        }
        return error;
    }
    case 6: {
        struct ofm_switch_features f;
        error = ofm_decode_switch_features(msg, &f);
        if (!error && f.ports) {
            rd = ofm_rd_init(f.ports, f.ports_size);
            CU_ASSERT_PTR_EQUAL(f.ports + f.ports_size, end);
            while (!error && rd.left) {
                struct ofm_port p;
                error = ofm_decode_port(&rd, msg->version, &p);
                CU_ASSERT_TRUE(strlen(p.name) <= OFP_MAX_PORT_NAME_LEN);
            }
        }
        return error;
    }
    case 10: {
        struct ofm_packet_in pi;
        error = ofm_decode_packet_in(msg, &pi);
        if (!error) {
            CU_ASSERT_PTR_EQUAL(pi.data + pi.data_size, end);
        }
        return error;
    }
    case 11: {
        struct ofm_flow_removed fr;
        return ofm_decode_flow_removed(msg, &fr);
    }
    case 12: {
        struct ofm_port_status ps;
        return ofm_decode_port_status(msg, &ps);
    }
    case 13: {
        if (msg->version == OFP15_VERSION) {
            /* 1.5: the match (in_port) before the actions. */
            struct ofm_match m;
            if (msg->size < 24u) {
                return OFM_ERR_BAD_LEN;
            }
            size_t actions_len = ofm_get16(msg->data + 12);
            rd = ofm_rd_init(msg->data + 16, msg->size - 16);
            error = ofm_match_decode(&rd, msg->version, &m);
            if (error) {
                return error;
            }
            struct ofm_buf out;
            ofm_buf_init(&out);
            error = ofm_actions_decode(&rd, actions_len, msg->version, &out);
            ofm_buf_uninit(&out);
            return error;
        }
        if (msg->size < (v10 ? 16u : 24u)) {
            return OFM_ERR_BAD_LEN;
        }
        size_t actions_len = ofm_get16(msg->data + (v10 ? 14 : 16));
        rd = ofm_rd_init(msg->data + (v10 ? 16 : 24), msg->size - (v10 ? 16 : 24));
        struct ofm_buf out;
        ofm_buf_init(&out);
        error = ofm_actions_decode(&rd, actions_len, msg->version, &out);
        ofm_buf_uninit(&out);
        return error;
    }
    case 14: {
        struct ofm_match m;
        if (msg->size < (v10 ? 48u : 48u)) {
            return OFM_ERR_BAD_LEN;
        }
        rd = ofm_rd_init(msg->data + (v10 ? 8 : 48), msg->size - (v10 ? 8 : 48));
        error = ofm_match_decode(&rd, msg->version, &m);
        if (error) {
            return error;
        }
        if (!v10) {
            return ofm_insts_check(rd.p, rd.left);
        }
        if (!ofm_rd_skip(&rd, 24)) {
            return OFM_ERR_BAD_LEN;
        }
        struct ofm_buf out;
        ofm_buf_init(&out);
        error = ofm_actions_decode(&rd, rd.left, msg->version, &out);
        ofm_buf_uninit(&out);
        return error;
    }
    }

    bool stats = v10 ? (msg->type == OFPT10_STATS_REQUEST
                        || msg->type == OFPT10_STATS_REPLY)
                     : (msg->type == OFPT13_MULTIPART_REQUEST
                        || msg->type == OFPT13_MULTIPART_REPLY);
    bool reply = msg->type == (v10 ? OFPT10_STATS_REPLY : OFPT13_MULTIPART_REPLY);
    if (!stats) {
        return 0;
    }
    struct ofm_multipart mp;
    error = ofm_decode_multipart(msg, &mp);
    if (error || !reply) {
        return error;
    }
    CU_ASSERT_PTR_EQUAL(mp.body + mp.body_size, end);
    rd = ofm_rd_init(mp.body, mp.body_size);
    switch (mp.type) {
    case OFPMP_DESC: {
        struct ofm_desc_stats d;
        return ofm_decode_desc_stats(&mp, &d);
    }
    case OFPMP_AGGREGATE: {
        struct ofm_aggregate_stats as;
        return ofm_decode_aggregate_stats(&mp, msg->version, &as);
    }
    case OFPMP_FLOW: {
        struct ofm_flow_stats fs;
        while (!(error = ofm_flow_stats_next(&rd, msg->version, &fs))) {
            CU_ASSERT_TRUE(fs.insts + fs.insts_size <= end);
        }
        return error == EOF ? 0 : error;
    }
    case OFPMP_PORT_STATS: {
        struct ofm_port_stats ps;
        while (!(error = ofm_port_stats_next(&rd, msg->version, &ps))) {
            continue;
        }
        return error == EOF ? 0 : error;
    }
    case OFPMP_PORT_DESC:
        while (rd.left) {
            struct ofm_port p;
            error = ofm_decode_port(&rd, msg->version, &p);
            if (error) {
                return error;
            }
        }
        return 0;
    }
    return 0;
}

/* Runs 'fn' on every .packet of the corpus. */
static void
for_each_corpus_packet(void (*fn)(const char *name, const uint8_t *, size_t))
{
    const char *dir = tu_corpus_dir();
    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    static const char *const subs[] = { "of10", "of12", "of13", "of14", "of15" };
    for (size_t i = 0; i < N_ELEMS(subs); i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, subs[i]);
        DIR *d = opendir(path);
        CU_ASSERT_PTR_NOT_NULL_FATAL(d);
        struct dirent *de;
        while ((de = readdir(d))) {
            size_t len = strlen(de->d_name);
            if (len < 7 || strcmp(de->d_name + len - 7, ".packet")) {
                continue;
            }
            char file[1300];
            size_t size;
            snprintf(file, sizeof file, "%s/%s", path, de->d_name);
            uint8_t *data = tu_read_file(file, &size);
            CU_ASSERT_PTR_NOT_NULL_FATAL(data);
            fn(de->d_name, data, size);
            free(data);
        }
        closedir(d);
    }
}

static size_t n_truncated;

static void
truncate_one(const char *name, const uint8_t *data, size_t size)
{
    /* The whole message decodes. */
    struct ofm_msg msg;
    CU_ASSERT_EQUAL_FATAL(ofm_msg_init(&msg, data, size), 0);
    int error = decode_any(&msg);
    if (error) {
        fprintf(stderr, "%s: %s\n", name, ofm_err_str(error));
    }
    CU_ASSERT_EQUAL(error, 0);

    for (size_t k = 0; k < size; k++) {
        /* Exactly 'k' heap bytes: ASan catches any read past them. */
        uint8_t *cut = malloc(k ? k : 1);
        memcpy(cut, data, k);
        /* As received: the header's length no longer matches. */
        CU_ASSERT_NOT_EQUAL(ofm_msg_init(&msg, cut, k), 0);
        if (k >= OFP_HEADER_SIZE) {
            /* With the length fixed up: a shorter, self-consistent
             * message, which must decode or fail cleanly. */
            ofm_put16(cut + 2, (uint16_t) k);
            CU_ASSERT_EQUAL_FATAL(ofm_msg_init(&msg, cut, k), 0);
            decode_any(&msg);
            ofm_msg_name(&msg);
            n_truncated++;
        }
        free(cut);
    }
}

static void
test_corpus_truncation(void)
{
    n_truncated = 0;
    for_each_corpus_packet(truncate_one);
    CU_ASSERT_TRUE(n_truncated > 20000);
}

/* Some cuts are invalid for sure: a packet-in cut inside its match, a
 * flow-removed or port-status cut anywhere, a flow stats entry cut. */
static void
test_truncation_errors(void)
{
    static const struct { const char *file; size_t min_ok; } cases[] = {
        /* Shorter than 'min_ok' must fail; from there on (packet data,
         * error data) a shorter message is still valid. */
        { "of13/4-4-ofp_packet_in.packet", 8 + 16 + 80 + 2 },
        { "of12/3-4-ofp_packet_in.packet", 8 + 8 + 80 + 2 },
        { "of14/5-37-ofp_port_status.packet", 184 },
        { "of12/3-39-ofp_port_status.packet", 80 },
        { "of15/libofproto-OFP15-flow_removed.packet", 56 },
        { "of14/5-38-ofp_flow_removed.packet", 64 },
        { "of13/4-59-ofp_packet_in.packet", 378 },
        { "of10/1-4-ofp_packet_in.packet", 18 },
        { "of13/4-40-ofp_flow_removed.packet", 64 },
        { "of13/4-39-ofp_port_status.packet", 80 },
        { "of10/1-6-ofp_switch_features.packet", 32 },
        { "of13/4-6-ofp_features_reply.packet", 32 },
        { "of13/4-15-ofp_error_msg.packet", 12 },
        { "of13/4-41-ofp_error_msg_experimenter.packet", 16 },
        { "of13/4-26-ofp_aggregate_stats_reply.packet", 40 },
        { "of13/4-0-ofp_desc_reply.packet", 1072 },
        { "of13/4-10-ofp_hello.packet", 8 },
    };
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        struct sample s;
        if (!sample_load(cases[i].file, &s)) {
            continue;
        }
        for (size_t k = OFP_HEADER_SIZE; k <= s.size; k++) {
            uint8_t *cut = malloc(k);
            memcpy(cut, s.data, k);
            ofm_put16(cut + 2, (uint16_t) k);
            struct ofm_msg msg;
            CU_ASSERT_EQUAL_FATAL(ofm_msg_init(&msg, cut, k), 0);
            int error = decode_any(&msg);
            bool want_ok = k >= cases[i].min_ok;
            /* A hello may end between elements: only a cut inside the
             * element fails. */
            if (msg.type == 0) {
                want_ok = k == 8 || k == s.size;
            }
            /* 1.0 features: the ports come in whole 48-byte entries. */
            if (msg.version == OFP10_VERSION && msg.type == 6) {
                want_ok = k >= 32 && (k - 32) % OFP10_PHY_PORT_SIZE == 0;
            }
            if ((error == 0) != want_ok) {
                fprintf(stderr, "%s cut at %zu: %s\n", s.name, k,
                        ofm_err_str(error));
                CU_FAIL("truncation result");
            }
            free(cut);
        }
        sample_free(&s);
    }

    /* Flow stats: every cut inside an entry fails; cuts between entries
     * (56, 56+88, ...) give fewer entries. */
    struct sample s;
    if (sample_load("of13/4-12-ofp_flow_stats_reply.packet", &s)) {
        static const size_t ends[] = { 16, 16 + 56, 16 + 56 + 88,
                                       16 + 56 + 88 + 80, 552 };
        for (size_t k = 16; k <= s.size; k++) {
            uint8_t *cut = malloc(k);
            memcpy(cut, s.data, k);
            ofm_put16(cut + 2, (uint16_t) k);
            struct ofm_msg msg;
            ofm_msg_init(&msg, cut, k);
            bool at_end = false;
            for (size_t e = 0; e < N_ELEMS(ends); e++) {
                at_end |= k == ends[e];
            }
            CU_ASSERT_EQUAL(decode_any(&msg) == 0, at_end);
            free(cut);
        }
        sample_free(&s);
    }
}

/* Overwrites each byte of small corpus messages with 0x00 and 0xff: the
 * decoders must stay inside the message whatever they conclude. */
static void
mutate_one(const char *name, const uint8_t *data, size_t size)
{
    if (size > 2048) {
        return;
    }
    uint8_t *copy = malloc(size);
    for (size_t k = OFP_HEADER_SIZE; k < size; k++) {
        static const uint8_t values[] = { 0x00, 0xff, 0x01, 0x80 };
        for (size_t v = 0; v < N_ELEMS(values); v++) {
            memcpy(copy, data, size);
            copy[k] = values[v];
            struct ofm_msg msg;
            CU_ASSERT_EQUAL_FATAL(ofm_msg_init(&msg, copy, size), 0);
            decode_any(&msg);
            ofm_msg_name(&msg);
        }
    }
    free(copy);
}

static void
test_corpus_mutation(void)
{
    for_each_corpus_packet(mutate_one);
}

/* Hand-computed vectors. */

static void
assert_hex(const char *what, const struct ofm_buf *b, size_t start,
           const char *hex)
{
    static uint8_t want[4096];
    size_t n = tu_unhex(hex, want, sizeof want);
    assert_bytes(what, b->data + start, b->size - start, want, n);
}

static void
test_header_and_simple(void)
{
    struct ofm_msg msg;
    static const uint8_t good[] = { 4, 2, 0, 12, 0xde, 0xad, 0xbe, 0xef,
                                    'p', 'i', 'n', 'g' };
    CU_ASSERT_EQUAL(ofm_msg_init(&msg, good, sizeof good), 0);
    CU_ASSERT_EQUAL(msg.version, 4);
    CU_ASSERT_EQUAL(msg.type, 2);
    CU_ASSERT_EQUAL(msg.xid, 0xdeadbeef);
    CU_ASSERT_EQUAL(msg.size, 12);
    CU_ASSERT_STRING_EQUAL(ofm_msg_name(&msg), "OFPEchoRequest");
    CU_ASSERT_EQUAL(ofm_msg_init(&msg, good, 11), OFM_ERR_BAD_LEN);
    CU_ASSERT_EQUAL(ofm_msg_init(&msg, good, 7), OFM_ERR_BAD_LEN);
    CU_ASSERT_EQUAL(ofm_msg_init(&msg, NULL, 12), OFM_ERR_BAD_LEN);

    /* Names of what no version defines. */
    static const uint8_t odd[][8] = {
        { 4, 30, 0, 8 }, { 1, 22, 0, 8 }, { 2, 0, 0, 8 }, { 4, 19, 0, 8 },
        { 1, 16, 0, 8 },
    };
    static const char *const odd_names[] = {
        "OFPUnknown", "OFPUnknown", "OFPUnknown", "OFPMultipartReply",
        "OFPStatsRequest",
    };
    for (size_t i = 0; i < N_ELEMS(odd); i++) {
        CU_ASSERT_EQUAL(ofm_msg_init(&msg, odd[i], 8), 0);
        CU_ASSERT_STRING_EQUAL(ofm_msg_name(&msg), odd_names[i]);
    }
    static const uint8_t vendor_stats[] = { 1, 17, 0, 12, 0, 0, 0, 0,
                                            0xff, 0xff, 0, 0 };
    ofm_msg_init(&msg, vendor_stats, sizeof vendor_stats);
    CU_ASSERT_STRING_EQUAL(ofm_msg_name(&msg), "OFPVendorStatsReply");
    static const uint8_t port_stats10[] = { 1, 16, 0, 12, 0, 0, 0, 0, 0, 4, 0, 0 };
    ofm_msg_init(&msg, port_stats10, sizeof port_stats10);
    CU_ASSERT_STRING_EQUAL(ofm_msg_name(&msg), "OFPPortStatsRequest");

    uint8_t stub[128];
    struct ofm_buf b;
    ofm_buf_use_stub(&b, stub, sizeof stub);
    ofm_buf_put(&b, "x", 1);
    size_t start = ofm_msg_start(&b, OFP13_VERSION, OFPT13_BARRIER_REQUEST, 7);
    CU_ASSERT_EQUAL(start, 1);
    CU_ASSERT_EQUAL(ofm_msg_finish(&b, start), 0);
    assert_hex("barrier", &b, 1, "04 14 0008 00000007");

    ofm_buf_clear(&b);
    ofm_encode_set_config(&b, OFP10_VERSION, 1, OFPC_FRAG_DROP, 0xffff);
    assert_hex("set_config 1.0", &b, 0, "01 09 000c 00000001 0001 ffff");

    ofm_buf_clear(&b);
    ofm_encode_echo(&b, OFP10_VERSION, OFPT10_ECHO_REPLY, 2, NULL, 0);
    assert_hex("echo", &b, 0, "01 03 0008 00000002");

    ofm_buf_clear(&b);
    ofm_encode_error(&b, OFP10_VERSION, 3, OFPET10_BAD_REQUEST,
                     OFPBRC_BAD_TYPE, "\x01\x63\x00\x08", 4);
    assert_hex("error", &b, 0, "01 01 0010 00000003 0001 0001 01630008");
    CU_ASSERT_FALSE(b.heap);

    /* A message over 65535 bytes is refused and removed. */
    ofm_buf_clear(&b);
    ofm_buf_put(&b, "keep", 4);
    start = ofm_msg_start(&b, OFP13_VERSION, OFPT13_EXPERIMENTER, 0);
    ofm_buf_put_zeros(&b, 70000);
    CU_ASSERT_EQUAL(ofm_msg_finish(&b, start), EMSGSIZE);
    CU_ASSERT_EQUAL(b.size, 4);
    /* Echo data is clamped to what fits. */
    ofm_buf_clear(&b);
    static uint8_t big[70000];
    ofm_encode_echo(&b, OFP13_VERSION, OFPT13_ECHO_REQUEST, 0, big, sizeof big);
    CU_ASSERT_EQUAL(b.size, 65535);
    CU_ASSERT_EQUAL(ofm_get16(b.data + 2), 65535);
    ofm_buf_uninit(&b);
}

static void
test_hello(void)
{
    struct ofm_buf b;
    ofm_buf_init(&b);
    /* One version: no element. */
    ofm_encode_hello(&b, OFM_VERSION_BIT(OFP10_VERSION), 1);
    assert_hex("hello 1.0", &b, 0, "01 00 0008 00000001");
    ofm_buf_clear(&b);
    ofm_encode_hello(&b, OFM_VERSION_BIT(1) | OFM_VERSION_BIT(4), 2);
    assert_hex("hello 1.0+1.3", &b, 0,
               "04 00 0010 00000002 0001 0008 00000012");

    struct ofm_msg msg;
    uint32_t bm;
    ofm_msg_init(&msg, b.data, b.size);
    CU_ASSERT_EQUAL(ofm_decode_hello(&msg, &bm), 0);
    CU_ASSERT_EQUAL(bm, 0x12);

    /* Without elements: versions up to the header's. */
    static const struct { const char *hex; int error; uint32_t bitmap; } cases[] = {
        { "01 00 0008 00000000", 0, 0x2 },
        { "04 00 0008 00000000", 0, 0x1e },
        { "01 00 000c 00000000 ffffffff", 0, 0x2 },     /* 1.0: body ignored */
        { "05 00 0010 00000000 0001 0008 00000020", 0, 0x20 },
        /* Unknown element skipped, bitmap element read. */
        { "04 00 0018 00000000 0007 0005 aa000000 0001 0008 00000010", 0, 0x10 },
        /* A last element without its padding is accepted. */
        { "04 00 0015 00000000 0001 0008 00000010 0009 0005 aa", 0, 0x10 },
        { "04 00 000c 00000000 0001 0000", OFM_ERR_BAD_LEN, 0 },
        { "04 00 000c 00000000 0001 0003", OFM_ERR_BAD_LEN, 0 },
        { "04 00 000c 00000000 0001 0010", OFM_ERR_BAD_LEN, 0 },
        { "04 00 000a 00000000 0001", OFM_ERR_BAD_LEN, 0 },
        { "04 05 0008 00000000", OFM_ERR_BAD_TYPE, 0 },
    };
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        uint8_t raw[64];
        size_t n = tu_unhex(cases[i].hex, raw, sizeof raw);
        uint8_t *p = malloc(n);
        memcpy(p, raw, n);
        CU_ASSERT_EQUAL_FATAL(ofm_msg_init(&msg, p, n), 0);
        bm = 0;
        int error = ofm_decode_hello(&msg, &bm);
        if (error != cases[i].error || (!error && bm != cases[i].bitmap)) {
            fprintf(stderr, "hello %s: %d %x\n", cases[i].hex, error, bm);
            CU_FAIL("hello decode");
        }
        free(p);
    }
    ofm_buf_uninit(&b);
}

static void
test_flow_mod_encode(void)
{
    struct ofm_match m;
    ofm_match_init(&m);
    ofm_match_set_in_port(&m, 1);
    struct ofm_actions a;
    ofm_actions_init(&a);
    ofm_act_output(&a, 2, 0);
    struct ofm_insts in;
    ofm_insts_init(&in);
    ofm_inst_apply_actions(&in, &a);

    struct ofm_flow_mod fm;
    ofm_flow_mod_init(&fm, OFPFC_ADD);
    CU_ASSERT_EQUAL(fm.priority, 0x8000);
    CU_ASSERT_EQUAL(fm.buffer_id, OFP_NO_BUFFER);
    CU_ASSERT_EQUAL(fm.out_port, OFPP_ANY);
    CU_ASSERT_EQUAL(fm.out_group, OFPG_ANY);
    fm.match = &m;
    fm.idle_timeout = 10;
    fm.cookie = 0x1122;
    fm.flags = OFPFF_SEND_FLOW_REM | OFPFF_NO_BYT_COUNTS;
    ofm_flow_mod_set_insts(&fm, &in);

    /* Encoding into a stub with room allocates nothing. */
    uint8_t stub[256];
    struct ofm_buf b;
    ofm_buf_use_stub(&b, stub, sizeof stub);
    CU_ASSERT_EQUAL(ofm_encode_flow_mod(&b, OFP13_VERSION, 9, &fm), 0);
    assert_hex("flow_mod 1.3", &b, 0,
               "04 0e 0058 00000009"
               "0000000000001122 0000000000000000 00 00 000a 0000 8000"
               "ffffffff ffffffff ffffffff 0011 0000"
               "0001 000c 80000004 00000001 00000000"
               "0004 0018 00000000 0000 0010 00000002 0000 000000000000");
    CU_ASSERT_FALSE(b.heap);

    size_t start = b.size;
    CU_ASSERT_EQUAL(ofm_encode_flow_mod(&b, OFP10_VERSION, 9, &fm), 0);
    assert_hex("flow_mod 1.0", &b, start,
               "01 0e 0050 00000009"
               "003ffffe 0001 000000000000 000000000000 0000 00 00 0000 00 00"
               "0000 00000000 00000000 0000 0000"
               "0000000000001122 0000 000a 0000 8000 ffffffff ffff 0001"
               "0000 0008 0002 0000");
    CU_ASSERT_FALSE(b.heap);

    /* What 1.0 cannot say, and bad instructions: nothing is appended. */
    size_t size = b.size;
    struct ofm_flow_mod bad = fm;
    bad.flags = OFPFF_RESET_COUNTS;
    CU_ASSERT_EQUAL(ofm_encode_flow_mod(&b, OFP10_VERSION, 0, &bad), EOPNOTSUPP);
    bad = fm;
    bad.cookie_mask = 1;
    CU_ASSERT_EQUAL(ofm_encode_flow_mod(&b, OFP10_VERSION, 0, &bad), EOPNOTSUPP);
    bad = fm;
    bad.out_port = 0x10000;
    CU_ASSERT_EQUAL(ofm_encode_flow_mod(&b, OFP10_VERSION, 0, &bad), EOPNOTSUPP);

    struct ofm_insts two;
    ofm_insts_init(&two);
    ofm_inst_apply_actions(&two, &a);
    ofm_inst_write_actions(&two, &a);
    bad = fm;
    ofm_flow_mod_set_insts(&bad, &two);
    CU_ASSERT_EQUAL(ofm_encode_flow_mod(&b, OFP10_VERSION, 0, &bad), EOPNOTSUPP);
    CU_ASSERT_EQUAL(ofm_encode_flow_mod(&b, OFP13_VERSION, 0, &bad), 0);
    b.size = size;
    ofm_insts_uninit(&two);
    ofm_insts_init(&two);
    ofm_inst_goto_table(&two, 1);
    ofm_flow_mod_set_insts(&bad, &two);
    CU_ASSERT_EQUAL(ofm_encode_flow_mod(&b, OFP10_VERSION, 0, &bad), EOPNOTSUPP);

    static const uint8_t zero_len_inst[] = { 0, 4, 0, 0, 0, 0, 0, 0 };
    bad.insts = zero_len_inst;
    bad.insts_size = sizeof zero_len_inst;
    CU_ASSERT_EQUAL(ofm_encode_flow_mod(&b, OFP13_VERSION, 0, &bad),
                    OFM_ERR_BAD_INSTRUCTION_LEN);
    CU_ASSERT_EQUAL(ofm_encode_flow_mod(&b, 2, 0, &fm), EPROTONOSUPPORT);
    CU_ASSERT_EQUAL(b.size, size);

    /* Delete with no match or instructions (NULL match: all flows). */
    ofm_buf_clear(&b);
    ofm_flow_mod_init(&fm, OFPFC_DELETE);
    fm.priority = 0;
    CU_ASSERT_EQUAL(ofm_encode_flow_mod(&b, OFP10_VERSION, 0, &fm), 0);
    assert_hex("delete 1.0", &b, 0,
               "01 0e 0048 00000000 003fffff 0000 000000000000 000000000000"
               "0000 00 00 0000 00 00 0000 00000000 00000000 0000 0000"
               "0000000000000000 0003 0000 0000 0000 ffffffff ffff 0000");
    ofm_insts_uninit(&two);
    ofm_insts_uninit(&in);
    ofm_actions_uninit(&a);
    ofm_buf_uninit(&b);
}

static void
test_packet_out_encode(void)
{
    static const uint8_t frame[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
    struct ofm_actions a;
    ofm_actions_init(&a);
    ofm_act_set_queue(&a, 5);
    ofm_act_output(&a, 3, 0);
    ofm_act_output(&a, OFPP_FLOOD, 0);
    struct ofm_packet_out po = {
        .buffer_id = OFP_NO_BUFFER, .in_port = OFPP_CONTROLLER,
        .actions = ofm_actions_data(&a), .actions_size = ofm_actions_size(&a),
        .data = frame, .data_size = sizeof frame,
    };
    uint8_t stub[128];
    struct ofm_buf b;
    ofm_buf_use_stub(&b, stub, sizeof stub);
    CU_ASSERT_EQUAL(ofm_encode_packet_out(&b, OFP10_VERSION, 4, &po), 0);
    assert_hex("packet_out 1.0", &b, 0,
               "01 0d 0032 00000004 ffffffff fffd 0018"
               "000b 0010 0003 000000000000 00000005"
               "0000 0008 fffb 0000"
               "0102030405060708090a");
    CU_ASSERT_FALSE(b.heap);

    /* With a buffer, no data; 1.3 layout. */
    ofm_buf_clear(&b);
    po.buffer_id = 0x42;
    CU_ASSERT_EQUAL(ofm_encode_packet_out(&b, OFP13_VERSION, 4, &po), 0);
    assert_hex("packet_out 1.3", &b, 0,
               "04 0d 0040 00000004 00000042 fffffffd 0028 000000000000"
               "0015 0008 00000005"
               "0000 0010 00000003 0000 000000000000"
               "0000 0010 fffffffb 0000 000000000000");

    /* The actions' length is patched after they grow the buffer from the
     * stub to the heap. */
    struct ofm_actions many;
    ofm_actions_init(&many);
    for (int i = 0; i < 40; i++) {
        ofm_act_output(&many, (uint32_t) i + 1, 0);
    }
    po.actions = ofm_actions_data(&many);
    po.actions_size = ofm_actions_size(&many);
    po.buffer_id = OFP_NO_BUFFER;
    ofm_buf_clear(&b);
    ofm_buf_put_zeros(&b, 100);
    CU_ASSERT_EQUAL(ofm_encode_packet_out(&b, OFP10_VERSION, 0, &po), 0);
    CU_ASSERT_TRUE(b.heap);
    CU_ASSERT_EQUAL(ofm_get16(b.data + 100 + 2), 16 + 40 * 8 + sizeof frame);
    CU_ASSERT_EQUAL(ofm_get16(b.data + 100 + 14), 40 * 8);
    CU_ASSERT_EQUAL(ofm_get16(b.data + 100 + 16 + 39 * 8 + 4), 40);
    CU_ASSERT_EQUAL(memcmp(b.data + b.size - sizeof frame, frame, sizeof frame), 0);

    /* Failures leave 'b' as it was. */
    size_t size = b.size;
    struct ofm_actions bad;
    ofm_actions_init(&bad);
    ofm_act_group(&bad, 1);
    po.actions = ofm_actions_data(&bad);
    po.actions_size = ofm_actions_size(&bad);
    CU_ASSERT_EQUAL(ofm_encode_packet_out(&b, OFP10_VERSION, 0, &po), EOPNOTSUPP);
    po.actions_size = 4;
    CU_ASSERT_EQUAL(ofm_encode_packet_out(&b, OFP13_VERSION, 0, &po),
                    OFM_ERR_BAD_ACTION_LEN);
    po.actions_size = 0;
    po.in_port = 0x20000;
    CU_ASSERT_EQUAL(ofm_encode_packet_out(&b, OFP10_VERSION, 0, &po), EOPNOTSUPP);
    CU_ASSERT_EQUAL(ofm_encode_packet_out(&b, 7, 0, &po), EPROTONOSUPPORT);
    CU_ASSERT_EQUAL(b.size, size);

    ofm_actions_uninit(&bad);
    ofm_actions_uninit(&many);
    ofm_actions_uninit(&a);
    ofm_buf_uninit(&b);
}

static void
test_port_mod_and_stats_requests10(void)
{
    struct ofm_buf b;
    ofm_buf_init(&b);
    struct ofm_port_mod pm = {
        .port_no = 3, .hw_addr = { 0, 0x11, 0, 0, 0x11, 0x11 },
        .config = OFPPC_PORT_DOWN, .mask = OFPPC_PORT_DOWN, .advertise = 0,
    };
    CU_ASSERT_EQUAL(ofm_encode_port_mod(&b, OFP10_VERSION, 0, &pm), 0);
    assert_hex("port_mod 1.0", &b, 0,
               "01 0f 0020 00000000 0003 001100001111 00000001 00000001"
               "00000000 00000000");
    ofm_buf_clear(&b);
    pm.port_no = 0x10000;
    CU_ASSERT_EQUAL(ofm_encode_port_mod(&b, OFP10_VERSION, 0, &pm), EOPNOTSUPP);
    CU_ASSERT_EQUAL(ofm_encode_port_mod(&b, 2, 0, &pm), EPROTONOSUPPORT);
    CU_ASSERT_EQUAL(b.size, 0);

    struct ofm_stats_request req;
    struct ofm_match m;
    ofm_match_init(&m);
    ofm_match_set_in_port(&m, 1);

    ofm_stats_request_init(&req, OFPMP_FLOW);
    req.match = &m;
    CU_ASSERT_EQUAL(ofm_encode_stats_request(&b, OFP10_VERSION, 5, &req), 0);
    assert_hex("flow stats request 1.0", &b, 0,
               "01 10 0038 00000005 0001 0000"
               "003ffffe 0001 000000000000 000000000000 0000 00 00 0000 00 00"
               "0000 00000000 00000000 0000 0000"
               "ff 00 ffff");
    ofm_buf_clear(&b);
    ofm_stats_request_init(&req, OFPST10_PORT);
    CU_ASSERT_EQUAL(ofm_encode_stats_request(&b, OFP10_VERSION, 6, &req), 0);
    assert_hex("port stats request 1.0", &b, 0,
               "01 10 0014 00000006 0004 0000 ffff 000000000000");
    ofm_buf_clear(&b);
    ofm_stats_request_init(&req, OFPST10_QUEUE);
    req.port_no = 2;
    CU_ASSERT_EQUAL(ofm_encode_stats_request(&b, OFP10_VERSION, 7, &req), 0);
    assert_hex("queue stats request 1.0", &b, 0,
               "01 10 0014 00000007 0005 0000 0002 0000 ffffffff");
    ofm_buf_clear(&b);
    ofm_stats_request_init(&req, OFPMP_DESC);
    CU_ASSERT_EQUAL(ofm_encode_stats_request(&b, OFP10_VERSION, 8, &req), 0);
    assert_hex("desc stats request 1.0", &b, 0, "01 10 000c 00000008 0000 0000");
    ofm_buf_clear(&b);
    ofm_stats_request_init(&req, OFPST10_VENDOR);
    req.experimenter = 0x2320;
    req.data = "\0\0\0\1";
    req.data_size = 4;
    CU_ASSERT_EQUAL(ofm_encode_stats_request(&b, OFP10_VERSION, 9, &req), 0);
    assert_hex("vendor stats request 1.0", &b, 0,
               "01 10 0014 00000009 ffff 0000 00002320 00000001");

    ofm_buf_clear(&b);
    ofm_stats_request_init(&req, OFPMP_PORT_DESC);
    CU_ASSERT_EQUAL(ofm_encode_stats_request(&b, OFP10_VERSION, 0, &req),
                    EOPNOTSUPP);
    ofm_stats_request_init(&req, OFPMP_FLOW);
    req.out_group = 1;
    CU_ASSERT_EQUAL(ofm_encode_stats_request(&b, OFP10_VERSION, 0, &req),
                    EOPNOTSUPP);
    ofm_stats_request_init(&req, 99);
    CU_ASSERT_EQUAL(ofm_encode_stats_request(&b, OFP13_VERSION, 0, &req), EINVAL);
    CU_ASSERT_EQUAL(b.size, 0);
    ofm_buf_uninit(&b);
}

/* 1.0 messages switches send, from hand-computed bytes. */
static void
test_decode10_messages(void)
{
    struct ofm_msg msg;
    uint8_t raw[512];
    size_t n;

    /* FLOW_REMOVED: match in_port 3 + dl_type 0x0800 + nw_src 10.0.0.0/8,
     * cookie 7, priority 100, reason DELETE, 5 s 6 ns, idle 30, 2 packets,
     * 120 bytes. */
    n = tu_unhex("01 0b 0058 00000011"
              "003fd8ee 0003 000000000000 000000000000 0000 00 00 0800 00 00"
              "0000 0a000000 00000000 0000 0000"
              "0000000000000007 0064 02 00 00000005 00000006 001e 0000"
              "0000000000000002 0000000000000078", raw, sizeof raw);
    CU_ASSERT_EQUAL_FATAL(ofm_msg_init(&msg, raw, n), 0);
    CU_ASSERT_STRING_EQUAL(ofm_msg_name(&msg), "OFPFlowRemoved");
    struct ofm_flow_removed fr;
    CU_ASSERT_EQUAL_FATAL(ofm_decode_flow_removed(&msg, &fr), 0);
    CU_ASSERT_EQUAL(fr.cookie, 7);
    CU_ASSERT_EQUAL(fr.priority, 100);
    CU_ASSERT_EQUAL(fr.reason, OFPRR_DELETE);
    CU_ASSERT_EQUAL(fr.duration_sec, 5);
    CU_ASSERT_EQUAL(fr.duration_nsec, 6);
    CU_ASSERT_EQUAL(fr.idle_timeout, 30);
    CU_ASSERT_EQUAL(fr.packet_count, 2);
    CU_ASSERT_EQUAL(fr.byte_count, 120);
    uint32_t u32;
    uint8_t mask[4];
    CU_ASSERT_TRUE(ofm_match_get_u32(&fr.match, OFPXMT_IN_PORT, &u32));
    CU_ASSERT_EQUAL(u32, 3);
    CU_ASSERT_TRUE(ofm_match_get(&fr.match, OFPXMT_IPV4_SRC, NULL, mask));
    CU_ASSERT_EQUAL(ofm_get32(mask), 0xff000000);
    CU_ASSERT_EQUAL(ofm_match_n_fields(&fr.match), 3);

    /* PORT_STATUS: port 2 "eth2" deleted. */
    n = tu_unhex("01 0c 0040 00000000 01 00000000000000"
              "0002 0a0b0c0d0e0f 65746832000000000000000000000000"
              "00000001 00000200 000000c0 00000000 00000000 00000000",
              raw, sizeof raw);
    CU_ASSERT_EQUAL_FATAL(ofm_msg_init(&msg, raw, n), 0);
    struct ofm_port_status ps;
    CU_ASSERT_EQUAL_FATAL(ofm_decode_port_status(&msg, &ps), 0);
    CU_ASSERT_EQUAL(ps.reason, OFPPR_DELETE);
    CU_ASSERT_EQUAL(ps.desc.port_no, 2);
    CU_ASSERT_STRING_EQUAL(ps.desc.name, "eth2");
    CU_ASSERT_EQUAL(ps.desc.hw_addr[5], 0x0f);
    CU_ASSERT_EQUAL(ps.desc.config, OFPPC_PORT_DOWN);
    CU_ASSERT_EQUAL(ps.desc.state, OFPPS10_STP_FORWARD);
    CU_ASSERT_EQUAL(ps.desc.curr, 0xc0);
    /* A full 16-byte name is still NUL-terminated. */
    memset(raw + 8 + 8 + 8, 'x', 16);
    CU_ASSERT_EQUAL(ofm_decode_port_status(&msg, &ps), 0);
    CU_ASSERT_EQUAL(strlen(ps.desc.name), 16);
    /* The wrong decoder for the type. */
    struct ofm_packet_in pi;
    CU_ASSERT_EQUAL(ofm_decode_packet_in(&msg, &pi), OFM_ERR_BAD_TYPE);

    /* STATS_REPLY of flows: one entry, dl_type ARP, output to port 1. */
    n = tu_unhex("01 11 006c 00000000 0001 0000"
              "0060 00 00"
              "003fffef 0000 000000000000 000000000000 0000 00 00 0806 00 00"
              "0000 00000000 00000000 0000 0000"
              "00000001 00000002 0003 0004 0005 000000000000"
              "0000000000000006 0000000000000007 0000000000000008"
              "0000 0008 0001 0000", raw, sizeof raw);
    CU_ASSERT_EQUAL_FATAL(ofm_msg_init(&msg, raw, n), 0);
    CU_ASSERT_STRING_EQUAL(ofm_msg_name(&msg), "OFPFlowStatsReply");
    struct ofm_multipart mp;
    CU_ASSERT_EQUAL_FATAL(ofm_decode_multipart(&msg, &mp), 0);
    CU_ASSERT_EQUAL(mp.type, OFPMP_FLOW);
    struct ofm_rd rd = ofm_rd_init(mp.body, mp.body_size);
    struct ofm_flow_stats fs;
    CU_ASSERT_EQUAL_FATAL(ofm_flow_stats_next(&rd, OFP10_VERSION, &fs), 0);
    CU_ASSERT_EQUAL(fs.duration_sec, 1);
    CU_ASSERT_EQUAL(fs.duration_nsec, 2);
    CU_ASSERT_EQUAL(fs.priority, 3);
    CU_ASSERT_EQUAL(fs.idle_timeout, 4);
    CU_ASSERT_EQUAL(fs.hard_timeout, 5);
    CU_ASSERT_EQUAL(fs.cookie, 6);
    CU_ASSERT_EQUAL(fs.packet_count, 7);
    CU_ASSERT_EQUAL(fs.byte_count, 8);
    CU_ASSERT_EQUAL(fs.actions_size, 8);
    CU_ASSERT_EQUAL(ofm_get16(fs.actions + 4), 1);
    CU_ASSERT_EQUAL(fs.insts_size, 0);
    uint16_t u16;
    CU_ASSERT_TRUE(ofm_match_get_u16(&fs.match, OFPXMT_ETH_TYPE, &u16));
    CU_ASSERT_EQUAL(u16, 0x0806);
    CU_ASSERT_EQUAL(ofm_flow_stats_next(&rd, OFP10_VERSION, &fs), EOF);
    /* An entry whose length is 0 is an error, not an endless loop. */
    ofm_put16(raw + 12, 0);
    rd = ofm_rd_init(mp.body, mp.body_size);
    CU_ASSERT_EQUAL(ofm_flow_stats_next(&rd, OFP10_VERSION, &fs), OFM_ERR_BAD_LEN);
    /* An action of length 0 inside an entry. */
    ofm_put16(raw + 12, 0x60);
    ofm_put16(raw + 12 + 88 + 2, 0);
    rd = ofm_rd_init(mp.body, mp.body_size);
    CU_ASSERT_EQUAL(ofm_flow_stats_next(&rd, OFP10_VERSION, &fs),
                    OFM_ERR_BAD_ACTION_LEN);

    /* STATS_REPLY of ports: port LOCAL with counters 1..12. */
    n = tu_unhex("01 11 0074 00000000 0004 0001 fffe 000000000000"
              "0000000000000001 0000000000000002 0000000000000003"
              "0000000000000004 0000000000000005 0000000000000006"
              "0000000000000007 0000000000000008 0000000000000009"
              "000000000000000a 000000000000000b 000000000000000c",
              raw, sizeof raw);
    CU_ASSERT_EQUAL_FATAL(ofm_msg_init(&msg, raw, n), 0);
    CU_ASSERT_EQUAL_FATAL(ofm_decode_multipart(&msg, &mp), 0);
    CU_ASSERT_EQUAL(mp.flags, OFPSF_REPLY_MORE);
    rd = ofm_rd_init(mp.body, mp.body_size);
    struct ofm_port_stats pst;
    CU_ASSERT_EQUAL_FATAL(ofm_port_stats_next(&rd, OFP10_VERSION, &pst), 0);
    CU_ASSERT_EQUAL(pst.port_no, OFPP_LOCAL);
    CU_ASSERT_EQUAL(pst.rx_packets, 1);
    CU_ASSERT_EQUAL(pst.tx_bytes, 4);
    CU_ASSERT_EQUAL(pst.collisions, 12);
    CU_ASSERT_EQUAL(ofm_port_stats_next(&rd, OFP10_VERSION, &pst), EOF);
    rd = ofm_rd_init(mp.body, mp.body_size - 1);
    CU_ASSERT_EQUAL(ofm_port_stats_next(&rd, OFP10_VERSION, &pst), OFM_ERR_BAD_LEN);

    /* Wrong versions and types. */
    n = tu_unhex("02 0a 0020 00000000", raw, sizeof raw);
    ofm_put16(raw + 2, 32);
    CU_ASSERT_EQUAL_FATAL(ofm_msg_init(&msg, raw, 32), 0);
    CU_ASSERT_EQUAL(ofm_decode_packet_in(&msg, &pi), OFM_ERR_BAD_VERSION);
    CU_ASSERT_EQUAL(ofm_decode_multipart(&msg, &mp), OFM_ERR_BAD_VERSION);
    rd = ofm_rd_init(raw, 32);
    CU_ASSERT_EQUAL(ofm_flow_stats_next(&rd, 2, &fs), OFM_ERR_BAD_VERSION);
}

static void
test_error_names(void)
{
    static const struct {
        uint8_t version;
        uint16_t type, code;
        const char *type_name, *code_name;
    } cases[] = {
        { 1, 0, 0, "OFPET_HELLO_FAILED", "OFPHFC_INCOMPATIBLE" },
        { 1, 1, 2, "OFPET_BAD_REQUEST", "OFPBRC_BAD_STAT" },
        { 1, 2, 8, "OFPET_BAD_ACTION", "OFPBAC_BAD_QUEUE" },
        { 1, 3, 3, "OFPET_FLOW_MOD_FAILED", "OFPFMFC_BAD_EMERG_TIMEOUT" },
        { 1, 4, 1, "OFPET_PORT_MOD_FAILED", "OFPPMFC_BAD_HW_ADDR" },
        { 1, 5, 2, "OFPET_QUEUE_OP_FAILED", "OFPQOFC_EPERM" },
        { 1, 6, 0, "6", "0" },
        { 4, 1, 2, "OFPET_BAD_REQUEST", "OFPBRC_BAD_MULTIPART" },
        { 4, 1, 13, "OFPET_BAD_REQUEST", "OFPBRC_MULTIPART_BUFFER_OVERFLOW" },
        { 4, 1, 14, "OFPET_BAD_REQUEST", "14" },
        { 4, 3, 7, "OFPET_BAD_INSTRUCTION", "OFPBIC_BAD_LEN" },
        { 4, 4, 6, "OFPET_BAD_MATCH", "OFPBMC_BAD_FIELD" },
        { 4, 4, 10, "OFPET_BAD_MATCH", "OFPBMC_DUP_FIELD" },
        { 4, 5, 7, "OFPET_FLOW_MOD_FAILED", "OFPFMFC_BAD_FLAGS" },
        { 4, 6, 14, "OFPET_GROUP_MOD_FAILED", "OFPGMFC_EPERM" },
        { 4, 7, 3, "OFPET_PORT_MOD_FAILED", "OFPPMFC_BAD_ADVERTISE" },
        { 4, 8, 0, "OFPET_TABLE_MOD_FAILED", "OFPTMFC_BAD_TABLE" },
        { 4, 9, 1, "OFPET_QUEUE_OP_FAILED", "OFPQOFC_BAD_QUEUE" },
        { 4, 10, 1, "OFPET_SWITCH_CONFIG_FAILED", "OFPSCFC_BAD_LEN" },
        { 4, 11, 2, "OFPET_ROLE_REQUEST_FAILED", "OFPRRFC_BAD_ROLE" },
        { 4, 12, 11, "OFPET_METER_MOD_FAILED", "OFPMMFC_OUT_OF_BANDS" },
        { 4, 13, 5, "OFPET_TABLE_FEATURES_FAILED", "OFPTFFC_EPERM" },
        { 4, 14, 0, "14", "0" },
        { 4, 0xffff, 9, "OFPET_EXPERIMENTER", "9" },
        { 2, 1, 1, "1", "1" },
    };
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        CU_ASSERT_STRING_EQUAL(ofm_err_type_name(cases[i].version, cases[i].type),
                               cases[i].type_name);
        CU_ASSERT_STRING_EQUAL(ofm_err_code_name(cases[i].version, cases[i].type,
                                                   cases[i].code),
                               cases[i].code_name);
    }

    /* libofm's own errors map to the 1.3 type and code of the spec. */
    static const struct { int error; uint16_t type, code; } map[] = {
        { OFM_ERR_BAD_VERSION, OFPET_BAD_REQUEST, OFPBRC_BAD_VERSION },
        { OFM_ERR_BAD_LEN, OFPET_BAD_REQUEST, OFPBRC_BAD_LEN },
        { OFM_ERR_BAD_ACTION_LEN, OFPET_BAD_ACTION, 1 },
        { OFM_ERR_BAD_INSTRUCTION_LEN, OFPET_BAD_INSTRUCTION, 7 },
        { OFM_ERR_BAD_MATCH_LEN, OFPET_BAD_MATCH, 1 },
        { OFM_ERR_DUP_FIELD, OFPET_BAD_MATCH, 10 },
        { OFM_ERR_BAD_MASK, OFPET_BAD_MATCH, 8 },
        { OFM_ERR_BAD_HELLO, OFPET_HELLO_FAILED, OFPHFC_INCOMPATIBLE },
    };
    for (size_t i = 0; i < N_ELEMS(map); i++) {
        uint16_t type, code;
        CU_ASSERT_TRUE(ofm_err_to_ofp(map[i].error, &type, &code));
        CU_ASSERT_EQUAL(type, map[i].type);
        CU_ASSERT_EQUAL(code, map[i].code);
        CU_ASSERT_STRING_EQUAL(
            ofm_err_code_name(OFP13_VERSION, type, code),
            ofm_err_code_name(OFP13_VERSION, type, code));
    }
    uint16_t type, code;
    CU_ASSERT_FALSE(ofm_err_to_ofp(EINVAL, &type, &code));
    CU_ASSERT_FALSE(ofm_err_to_ofp(OFM_ERR_BASE, &type, &code));
    CU_ASSERT_FALSE(ofm_err_to_ofp(OFM_ERR_MAX, &type, &code));
    CU_ASSERT_STRING_EQUAL(ofm_err_str(OFM_ERR_DUP_FIELD), "duplicate match field");
    CU_ASSERT_STRING_EQUAL(ofm_err_str(0), "success");
    CU_ASSERT_STRING_EQUAL(ofm_err_str(EINVAL), strerror(EINVAL));
    CU_ASSERT_STRING_EQUAL(ofm_err_str(-5), "unknown error");
}


/* Builds a message from hex into 'raw' and inits 'msg' (length fixed up). */
static void
hex_msg(const char *hex, uint8_t *raw, size_t max, struct ofm_msg *msg)
{
    size_t n = tu_unhex(hex, raw, max);
    ofm_put16(raw + 2, (uint16_t) n);
    CU_ASSERT_EQUAL_FATAL(ofm_msg_init(msg, raw, n), 0);
}

static void
test_encode_v12_v14_v15(void)
{
    uint8_t stub[256];
    struct ofm_buf b;
    ofm_buf_use_stub(&b, stub, sizeof stub);

    /* 1.4 and 1.5 flow mods carry the importance; 1.2 and 1.3 pad it. */
    struct ofm_flow_mod fm;
    ofm_flow_mod_init(&fm, OFPFC_ADD);
    fm.importance = 0x1234;
    CU_ASSERT_EQUAL(ofm_encode_flow_mod(&b, OFP14_VERSION, 1, &fm), 0);
    CU_ASSERT_EQUAL(b.size, 56);
    CU_ASSERT_EQUAL(b.data[0], OFP14_VERSION);
    CU_ASSERT_EQUAL(ofm_get16(b.data + 46), 0x1234);
    ofm_buf_clear(&b);
    CU_ASSERT_EQUAL(ofm_encode_flow_mod(&b, OFP15_VERSION, 1, &fm), 0);
    CU_ASSERT_EQUAL(ofm_get16(b.data + 46), 0x1234);
    ofm_buf_clear(&b);
    CU_ASSERT_EQUAL(ofm_encode_flow_mod(&b, OFP12_VERSION, 1, &fm), 0);
    CU_ASSERT_EQUAL(b.data[0], OFP12_VERSION);
    CU_ASSERT_EQUAL(ofm_get16(b.data + 46), 0);

    /* 1.5 packet-out: the in_port in a match before the actions. */
    static const uint8_t frame[] = { 1, 2, 3, 4 };
    struct ofm_actions a;
    ofm_actions_init(&a);
    ofm_act_output(&a, OFPP_FLOOD, 0);
    struct ofm_packet_out po = {
        .buffer_id = OFP_NO_BUFFER, .in_port = 3,
        .actions = ofm_actions_data(&a), .actions_size = ofm_actions_size(&a),
        .data = frame, .data_size = sizeof frame,
    };
    ofm_buf_clear(&b);
    CU_ASSERT_EQUAL(ofm_encode_packet_out(&b, OFP15_VERSION, 9, &po), 0);
    assert_hex("packet_out 1.5", &b, 0,
               "06 0d 0034 00000009 ffffffff 0010 0000"
               "0001 000c 80000004 00000003 00000000"
               "0000 0010 fffffffb 0000 000000000000"
               "01020304");
    /* 1.2 and 1.4 keep 1.3's layout. */
    ofm_buf_clear(&b);
    CU_ASSERT_EQUAL(ofm_encode_packet_out(&b, OFP14_VERSION, 9, &po), 0);
    assert_hex("packet_out 1.4", &b, 0,
               "05 0d 002c 00000009 ffffffff 00000003 0010 000000000000"
               "0000 0010 fffffffb 0000 000000000000 01020304");

    /* 1.5 port description request: a port number (all). */
    struct ofm_stats_request req;
    ofm_stats_request_init(&req, OFPMP_PORT_DESC);
    ofm_buf_clear(&b);
    CU_ASSERT_EQUAL(ofm_encode_stats_request(&b, OFP15_VERSION, 2, &req), 0);
    assert_hex("port desc request 1.5", &b, 0,
               "06 12 0018 00000002 000d 0000 00000000 ffffffff 00000000");
    ofm_buf_clear(&b);
    CU_ASSERT_EQUAL(ofm_encode_stats_request(&b, OFP14_VERSION, 2, &req), 0);
    CU_ASSERT_EQUAL(b.size, 16);

    /* 1.4 port mod: advertise in an Ethernet property. */
    struct ofm_port_mod pm = { .port_no = 2, .config = 1, .mask = 1, .advertise = 0x20 };
    ofm_buf_clear(&b);
    CU_ASSERT_EQUAL(ofm_encode_port_mod(&b, OFP14_VERSION, 3, &pm), 0);
    assert_hex("port mod 1.4", &b, 0,
               "05 10 0028 00000003 00000002 00000000 000000000000 0000"
               "00000001 00000001 0000 0008 00000020");
    ofm_buf_uninit(&b);
}

static void
test_decode_v12_v14_v15(void)
{
    uint8_t raw[512];
    struct ofm_msg msg;

    /* 1.2 packet-in: no cookie, OXM match. */
    hex_msg("030a008c 00000000 00000002 002a0101 00010050 80000004 00000006"
            "80000a02 08068000 0606ffff ffffffff 80000806 f20ba47d f8ea8000"
            "2a020001 80002c04 0a000001 80002e04 0a000003 80003006 f20ba47d"
            "f8ea8000 32060000 00000000 0000ffff ffffffff f20ba47d f8ea0806"
            "00010800 06040001 f20ba47d f8ea0a00 00010000 00000000 0a000003",
            raw, sizeof raw, &msg);
    struct ofm_packet_in pi;
    CU_ASSERT_EQUAL_FATAL(ofm_decode_packet_in(&msg, &pi), 0);
    CU_ASSERT_EQUAL(pi.buffer_id, 2);
    CU_ASSERT_EQUAL(pi.total_len, 42);
    CU_ASSERT_EQUAL(pi.reason, 1);
    CU_ASSERT_EQUAL(pi.table_id, 1);
    CU_ASSERT_EQUAL(pi.cookie, 0);
    CU_ASSERT_EQUAL(pi.in_port, 6);
    CU_ASSERT_EQUAL(pi.data_size, 42);
    CU_ASSERT_EQUAL(pi.data[12], 0x08);
    /* Cut inside the match: a clear length error. */
    ofm_put16(raw + 2, 60);
    CU_ASSERT_EQUAL_FATAL(ofm_msg_init(&msg, raw, 60), 0);
    CU_ASSERT_EQUAL(ofm_decode_packet_in(&msg, &pi), OFM_ERR_BAD_MATCH_LEN);

    /* 1.4 port status: a port with Ethernet, optical and experimenter
     * properties. */
    hex_msg("050c00b8 00000000 00000000 00000000 00000007 00a80000 f20ba4d0"
            "3f700000 e7a781e3 81aee383 9de383bc e3838800 00000000 00000004"
            "00000020 00000000 00002808 00002800 00002808 00002808 00001388"
            "00001388 00010028 00000000 00000001 000003e8 000007d0 000005dc"
            "000003e8 000007d0 000005dc 03e807d0 ffff000c 00000065 00000000"
            "00000000 ffff0010 00000065 00000001 00000001 ffff0014 00000065"
            "00000002 00000001 00000002 00000000", raw, sizeof raw, &msg);
    struct ofm_port_status ps;
    CU_ASSERT_EQUAL_FATAL(ofm_decode_port_status(&msg, &ps), 0);
    CU_ASSERT_EQUAL(ps.reason, OFPPR_ADD);
    CU_ASSERT_EQUAL(ps.desc.port_no, 7);
    CU_ASSERT_EQUAL(ps.desc.hw_addr[0], 0xf2);
    CU_ASSERT_EQUAL(ps.desc.state, 4);
    CU_ASSERT_EQUAL(ps.desc.curr, 0x2808);
    CU_ASSERT_EQUAL(ps.desc.advertised, 0x2800);
    CU_ASSERT_EQUAL(ps.desc.curr_speed, 5000);
    CU_ASSERT_EQUAL(ps.desc.max_speed, 5000);
    /* A property running past the port. */
    raw[16 + 40 + 3] = 0x90;
    CU_ASSERT_EQUAL(ofm_decode_port_status(&msg, &ps), OFM_ERR_BAD_LEN);
    /* A port length below the fixed part. */
    raw[16 + 40 + 3] = 0x20;
    ofm_put16(raw + 16 + 4, 32);
    CU_ASSERT_EQUAL(ofm_decode_port_status(&msg, &ps), OFM_ERR_BAD_LEN);

    /* 1.5 flow removed: counters in OXS. */
    hex_msg("060b0038 00000000 01000001 00ff00ff 11223344 55667788 0001000c"
            "80000004 00000001 00000000 0000001c 80020008 00000005 00000006"
            "80020808 00000000 00000007 00000000", raw, sizeof raw, &msg);
    struct ofm_flow_removed fr;
    CU_ASSERT_EQUAL_FATAL(ofm_decode_flow_removed(&msg, &fr), 0);
    CU_ASSERT_EQUAL(fr.table_id, 1);
    CU_ASSERT_EQUAL(fr.priority, 1);
    CU_ASSERT_EQUAL(fr.idle_timeout, 255);
    CU_ASSERT_EQUAL(fr.hard_timeout, 255);
    CU_ASSERT_EQUAL(fr.cookie, 0x1122334455667788ull);
    CU_ASSERT_EQUAL(fr.duration_sec, 5);
    CU_ASSERT_EQUAL(fr.duration_nsec, 6);
    CU_ASSERT_EQUAL(fr.packet_count, 7);
    uint32_t port;
    CU_ASSERT_TRUE(ofm_match_get_u32(&fr.match, OFPXMT_IN_PORT, &port) && port == 1);
    /* An OXS field of the wrong length. */
    raw[47] = 0x07;
    CU_ASSERT_EQUAL(ofm_decode_flow_removed(&msg, &fr), OFM_ERR_BAD_LEN);
    /* The stats cut off. */
    hex_msg("060b0030 00000000 01000001 00ff00ff 11223344 55667788 0001000c"
            "80000004 00000001 00000000 0000001c 80020008", raw, sizeof raw, &msg);
    CU_ASSERT_EQUAL(ofm_decode_flow_removed(&msg, &fr), OFM_ERR_BAD_LEN);

    /* 1.5 aggregate reply: OXS packet, byte and flow counts. */
    hex_msg("06130038 00000000 00020000 00000000 0000 0024 80020808"
            "00000000 00000005 80020a08 00000000 00000190 80020604 00000002"
            "00000000", raw, sizeof raw, &msg);
    struct ofm_multipart mp;
    CU_ASSERT_EQUAL_FATAL(ofm_decode_multipart(&msg, &mp), 0);
    struct ofm_aggregate_stats as;
    CU_ASSERT_EQUAL_FATAL(ofm_decode_aggregate_stats(&mp, OFP15_VERSION, &as), 0);
    CU_ASSERT_EQUAL(as.packet_count, 5);
    CU_ASSERT_EQUAL(as.byte_count, 400);
    CU_ASSERT_EQUAL(as.flow_count, 2);
    mp.body_size -= 8;
    CU_ASSERT_EQUAL(ofm_decode_aggregate_stats(&mp, OFP15_VERSION, &as), OFM_ERR_BAD_LEN);

    /* 1.5 flow description: fixed part, match, stats, instructions. */
    hex_msg("06130058 00000000 00010000 00000000"
            "00480000 02000005 000a0014 00010007 00000000 0000abcd"
            "00010004 00000000 00000010 80020808 00000000 00000003"
            "00040018 00000000 00000010 00000002 ffff0000 00000000",
            raw, sizeof raw, &msg);
    CU_ASSERT_EQUAL_FATAL(ofm_decode_multipart(&msg, &mp), 0);
    struct ofm_rd rd = ofm_rd_init(mp.body, mp.body_size);
    struct ofm_flow_stats fs;
    CU_ASSERT_EQUAL_FATAL(ofm_flow_stats_next(&rd, OFP15_VERSION, &fs), 0);
    CU_ASSERT_EQUAL(fs.table_id, 2);
    CU_ASSERT_EQUAL(fs.priority, 5);
    CU_ASSERT_EQUAL(fs.idle_timeout, 10);
    CU_ASSERT_EQUAL(fs.hard_timeout, 20);
    CU_ASSERT_EQUAL(fs.flags, 1);
    CU_ASSERT_EQUAL(fs.importance, 7);
    CU_ASSERT_EQUAL(fs.cookie, 0xabcd);
    CU_ASSERT_EQUAL(fs.packet_count, 3);
    CU_ASSERT_EQUAL(fs.insts_size, 24);
    CU_ASSERT_EQUAL(ofm_flow_stats_next(&rd, OFP15_VERSION, &fs), EOF);
    /* Its length too short for the fixed part. */
    ofm_put16(raw + 16, 32);
    rd = ofm_rd_init(mp.body, mp.body_size);
    CU_ASSERT_EQUAL(ofm_flow_stats_next(&rd, OFP15_VERSION, &fs), OFM_ERR_BAD_LEN);

    /* 1.4 port stats with an Ethernet property. */
    hex_msg("05130088 00000000 00040000 00000000 00780000 00000003 00000001"
            "00000002 00000000 00000004 00000000 00000005 00000000 00000150"
            "00000000 00000160 00000000 00000000 00000000 00000000 00000000"
            "00000000 00000000 00000000 00000028 00000000 00000000 00000009"
            "00000000 00000000 00000000 00000000 00000000 00000000",
            raw, sizeof raw, &msg);
    CU_ASSERT_EQUAL_FATAL(ofm_decode_multipart(&msg, &mp), 0);
    rd = ofm_rd_init(mp.body, mp.body_size);
    struct ofm_port_stats pst;
    CU_ASSERT_EQUAL_FATAL(ofm_port_stats_next(&rd, OFP14_VERSION, &pst), 0);
    CU_ASSERT_EQUAL(pst.port_no, 3);
    CU_ASSERT_EQUAL(pst.duration_sec, 1);
    CU_ASSERT_EQUAL(pst.duration_nsec, 2);
    CU_ASSERT_EQUAL(pst.rx_packets, 4);
    CU_ASSERT_EQUAL(pst.tx_packets, 5);
    CU_ASSERT_EQUAL(pst.rx_bytes, 0x150);
    CU_ASSERT_EQUAL(pst.tx_bytes, 0x160);
    CU_ASSERT_EQUAL(pst.rx_frame_err, 9);
    CU_ASSERT_EQUAL(ofm_port_stats_next(&rd, OFP14_VERSION, &pst), EOF);
    /* An entry cut inside its property. */
    rd = ofm_rd_init(mp.body, mp.body_size - 8);
    CU_ASSERT_EQUAL(ofm_port_stats_next(&rd, OFP14_VERSION, &pst), OFM_ERR_BAD_LEN);

    /* 1.2 features reply: the ports are there, 64 bytes each. */
    hex_msg("030600a0 00000000 00000860 6e7f74e7 00000000 ff000000 0000004f"
            "00000000 00000007 00000000 f20ba4d0 3f700000 506f7274 37000000"
            "00000000 00000000 00000000 00000004 00002808 00002800 00002808"
            "00002808 00001388 00001388 00000006 00000000 f20ba47d f8ea0000"
            "506f7274 36000000 00000000 00000000 00000000 00000004 00002808"
            "00002800 00002808 00002808 00001388 00001388", raw, sizeof raw, &msg);
    struct ofm_switch_features f;
    CU_ASSERT_EQUAL_FATAL(ofm_decode_switch_features(&msg, &f), 0);
    CU_ASSERT_EQUAL(f.datapath_id, 0x000008606e7f74e7ull);
    CU_ASSERT_EQUAL(f.n_tables, 0xff);
    CU_ASSERT_EQUAL(f.ports_size, 128);
    rd = ofm_rd_init(f.ports, f.ports_size);
    struct ofm_port pt;
    CU_ASSERT_EQUAL(ofm_decode_port(&rd, OFP12_VERSION, &pt), 0);
    CU_ASSERT_EQUAL(pt.port_no, 7);
    CU_ASSERT_STRING_EQUAL(pt.name, "Port7");
    CU_ASSERT_EQUAL(pt.curr_speed, 5000);
    /* Half a port: a length error. */
    ofm_put16(raw + 2, 0x80);
    CU_ASSERT_EQUAL_FATAL(ofm_msg_init(&msg, raw, 0x80), 0);
    CU_ASSERT_EQUAL(ofm_decode_switch_features(&msg, &f), OFM_ERR_BAD_LEN);
}

int
main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        return 1;
    }
    CU_pSuite s = CU_add_suite("msg", NULL, NULL);
    CU_add_test(s, "header, names, simple messages", test_header_and_simple);
    CU_add_test(s, "hello", test_hello);
    CU_add_test(s, "flow mod encode", test_flow_mod_encode);
    CU_add_test(s, "packet out encode", test_packet_out_encode);
    CU_add_test(s, "port mod, 1.0 stats requests", test_port_mod_and_stats_requests10);
    CU_add_test(s, "1.0 decoders", test_decode10_messages);
    CU_add_test(s, "1.2, 1.4, 1.5 encoders", test_encode_v12_v14_v15);
    CU_add_test(s, "1.2, 1.4, 1.5 decoders", test_decode_v12_v14_v15);
    CU_add_test(s, "error names and mapping", test_error_names);
    CU_pSuite c = CU_add_suite("corpus", NULL, NULL);
    CU_add_test(c, "decode corpus, compare with JSON", test_corpus_decode);
    CU_add_test(c, "encode from JSON, compare bytes", test_corpus_encode);
    CU_add_test(c, "message names are Ryu's", test_corpus_names);
    CU_add_test(c, "every truncation", test_corpus_truncation);
    CU_add_test(c, "truncation results", test_truncation_errors);
    CU_add_test(c, "byte mutations", test_corpus_mutation);
    return tu_run();
}
