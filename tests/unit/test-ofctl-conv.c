/* ofctl_rest's REST <-> Ryu-JSON conversion (plugins/ofctl_rest/ofctl-conv.c),
 * without a switch.
 *
 * The REST bodies are the shapes of Ryu's doc/source/app/ofctl_rest.rst and
 * of its ofctl fixtures (ryu/tests/unit/lib/ofctl_json/), written here by
 * hand; the expected replies follow ryu/lib/ofctl_v1_0.py and
 * ofctl_v1_3.py (match_to_str, actions_to_str, to_match, to_actions), read
 * from os-ken's copy of them.  Every flow mod goes through the SDK codec
 * to bytes and back, so what the switch would get is checked too. */
#include <config.h>
#include "../../plugins/ofctl_rest/ofctl-conv.h"
#include "ofm/json.h"
#include "ofm/msg.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "test-util.h"

static json_t *
parse(const char *text)
{
    char err[128];
    json_t *j = ofm_json_loads(text, strlen(text), err, sizeof err);
    if (!j) {
        fprintf(stderr, "bad test JSON: %s\n", err);
    }
    return j;
}

static bool
equal_text(const json_t *j, const char *expected)
{
    json_t *e = parse(expected);
    bool same = e && json_equal((json_t *) j, e);
    if (!same) {
        char *s = ofm_json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
        fprintf(stderr, "\n got: %s\nwant: %s\n", s ? s : "(null)", expected);
        free(s);
    }
    json_decref(e);
    return same;
}

/* The REST body as a FLOW_MOD of 'version', encoded and decoded again by
 * the codec: the decoded {"OFPFlowMod": {...}} inner object. */
static json_t *
flow_mod_roundtrip(const char *body_text, uint8_t version)
{
    char err[256] = "";
    json_t *body = parse(body_text);
    json_t *fm = ofctl_flow_mod_from_rest(body, version, 0, err, sizeof err);
    json_decref(body);
    if (!fm) {
        fprintf(stderr, "flow mod: %s\n", err);
        return NULL;
    }
    struct ofm_buf out;
    ofm_buf_init(&out);
    int error = ofm_ofp_from_json(fm, version, 7, &out, err, sizeof err);
    json_decref(fm);
    if (error) {
        fprintf(stderr, "encode: %s\n", err);
        ofm_buf_uninit(&out);
        return NULL;
    }
    json_t *dec;
    ofm_ofp_to_json(out.data, out.size, &dec, NULL, err, sizeof err);
    ofm_buf_uninit(&out);
    if (!dec) {
        fprintf(stderr, "decode: %s\n", err);
        return NULL;
    }
    json_t *inner = json_incref(json_object_get(dec, "OFPFlowMod"));
    json_decref(dec);
    return inner;
}

static void
test_flow_mod_13(void)
{
    /* The documentation's add example, with masks and aliases. */
    json_t *fm = flow_mod_roundtrip(
        "{\"dpid\": 1, \"cookie\": 1, \"cookie_mask\": 1, \"table_id\": 0,"
        " \"idle_timeout\": 30, \"hard_timeout\": 30, \"priority\": 11111,"
        " \"flags\": 1, \"match\": {\"in_port\": 1,"
        " \"dl_dst\": \"aa:bb:cc:11:22:33/ff:ff:ff:00:00:00\","
        " \"dl_type\": 2048, \"nw_src\": \"10.0.0.0/24\", \"nw_proto\": 6,"
        " \"tp_dst\": 80, \"dl_vlan\": \"0x1003/0x1fff\"},"
        " \"actions\": [{\"type\": \"OUTPUT\", \"port\": 2}]}", 4);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fm);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(fm, "priority")), 11111);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(fm, "idle_timeout")), 30);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(fm, "cookie_mask")), 1);
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(fm, "flags")), 1);
    json_t *m = ofctl_match_to_rest(json_object_get(fm, "match"), 4);
    CU_ASSERT_TRUE(equal_text(m,
        "{\"in_port\": 1, \"dl_dst\": \"aa:bb:cc:11:22:33/ff:ff:ff:00:00:00\","
        " \"dl_type\": 2048, \"dl_vlan\": \"0x1003/0x1fff\", \"nw_proto\": 6,"
        " \"nw_src\": \"10.0.0.0/255.255.255.0\", \"tp_dst\": 80}"));
    json_decref(m);

    /* Wrap the flow mod's match and instructions as a flow stats entry to
     * read them back the way GET /stats/flow does. */
    json_t *body = json_pack("[{s:{s:O,s:O,s:i,s:i}}]", "OFPFlowStats",
                             "match", json_object_get(fm, "match"),
                             "instructions", json_object_get(fm, "instructions"),
                             "priority", 11111, "table_id", 0);
    json_t *flows = ofctl_flow_stats_to_rest(body, 4, -1);
    CU_ASSERT_TRUE(equal_text(json_object_get(json_array_get(flows, 0), "actions"),
                              "[\"OUTPUT:2\"]"));
    json_decref(flows);
    json_decref(body);
    json_decref(fm);

    /* A plain VLAN id gets OFPVID_PRESENT and reads back bare. */
    fm = flow_mod_roundtrip("{\"match\": {\"dl_vlan\": 5, \"eth_type\": 2054,"
                            " \"nw_dst\": \"10.0.0.1\"}}", 4);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fm);
    m = ofctl_match_to_rest(json_object_get(fm, "match"), 4);
    CU_ASSERT_TRUE(equal_text(m, "{\"dl_vlan\": \"5\", \"dl_type\": 2054,"
                                 " \"arp_tpa\": \"10.0.0.1\"}"));
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(fm, "priority")), 0);
    json_decref(m);
    json_decref(fm);
}

static void
test_instructions_13(void)
{
    json_t *fm = flow_mod_roundtrip(
        "{\"actions\": [{\"type\": \"OUTPUT\", \"port\": 2},"
        " {\"type\": \"GOTO_TABLE\", \"table_id\": 1},"
        " {\"type\": \"WRITE_METADATA\", \"metadata\": 1, \"metadata_mask\": 1},"
        " {\"type\": \"SET_FIELD\", \"field\": \"vlan_vid\", \"value\": 4102},"
        " {\"type\": \"PUSH_VLAN\", \"ethertype\": 33024},"
        " {\"type\": \"WRITE_ACTIONS\", \"actions\":"
        "   [{\"type\": \"OUTPUT\", \"port\": \"CONTROLLER\"}]},"
        " {\"type\": \"CLEAR_ACTIONS\"},"
        " {\"type\": \"METER\", \"meter_id\": 1},"
        " {\"type\": \"GROUP\", \"group_id\": 3},"
        " {\"type\": \"SET_QUEUE\", \"queue_id\": 2},"
        " {\"type\": \"DEC_NW_TTL\"}, {\"type\": \"POP_VLAN\"}]}", 4);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fm);
    json_t *body = json_pack("[{s:{s:O,s:O}}]", "OFPFlowStats",
                             "match", json_object_get(fm, "match"),
                             "instructions", json_object_get(fm, "instructions"));
    json_t *flows = ofctl_flow_stats_to_rest(body, 4, -1);
    /* Ryu puts the plain actions in one APPLY_ACTIONS after the other
     * instructions. */
    CU_ASSERT_TRUE(equal_text(json_object_get(json_array_get(flows, 0), "actions"),
        "[\"GOTO_TABLE:1\", \"WRITE_METADATA:0x1/0x1\","
        " {\"WRITE_ACTIONS\": [\"OUTPUT:CONTROLLER\"]}, \"CLEAR_ACTIONS\","
        " \"METER:1\", \"OUTPUT:2\", \"SET_FIELD: {vlan_vid:4102}\","
        " \"PUSH_VLAN:33024\", \"GROUP:3\", \"SET_QUEUE:2\", \"DEC_NW_TTL\","
        " \"POP_VLAN\"]"));
    json_decref(flows);
    json_decref(body);
    json_decref(fm);
}

static void
test_flow_mod_10(void)
{
    json_t *fm = flow_mod_roundtrip(
        "{\"match\": {\"in_port\": 1, \"dl_type\": 2048,"
        " \"nw_src\": \"10.0.0.0/8\", \"dl_dst\": \"00:00:00:00:00:02\"},"
        " \"actions\": [{\"type\": \"OUTPUT\", \"port\": 2},"
        " {\"type\": \"SET_VLAN_VID\", \"vlan_vid\": 5},"
        " {\"type\": \"STRIP_VLAN\"},"
        " {\"type\": \"SET_DL_SRC\", \"dl_src\": \"aa:bb:cc:dd:ee:ff\"},"
        " {\"type\": \"SET_NW_DST\", \"nw_dst\": \"10.0.0.1\"},"
        " {\"type\": \"SET_TP_DST\", \"tp_dst\": 8080},"
        " {\"type\": \"ENQUEUE\", \"port\": 1, \"queue_id\": 3},"
        " {\"type\": \"OUTPUT\", \"port\": \"LOCAL\"}]}", 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(fm);
    /* 1.0's default priority is OFP_DEFAULT_PRIORITY. */
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(fm, "priority")), 32768);
    json_t *m = ofctl_match_to_rest(json_object_get(fm, "match"), 1);
    CU_ASSERT_TRUE(equal_text(m, "{\"in_port\": 1, \"dl_type\": 2048,"
                                 " \"nw_src\": \"10.0.0.0/8\","
                                 " \"dl_dst\": \"00:00:00:00:00:02\"}"));
    json_decref(m);
    json_t *body = json_pack("[{s:{s:O,s:O,s:i}}]", "OFPFlowStats",
                             "match", json_object_get(fm, "match"),
                             "actions", json_object_get(fm, "actions"),
                             "table_id", 0);
    json_t *flows = ofctl_flow_stats_to_rest(body, 1, -1);
    CU_ASSERT_TRUE(equal_text(json_object_get(json_array_get(flows, 0), "actions"),
        "[\"OUTPUT:2\", \"SET_VLAN_VID:5\", \"STRIP_VLAN\","
        " \"SET_DL_SRC:aa:bb:cc:dd:ee:ff\", \"SET_NW_DST:10.0.0.1\","
        " \"SET_TP_DST:8080\", \"ENQUEUE:1:3\", \"OUTPUT:LOCAL\"]"));
    json_decref(flows);
    json_decref(body);
    json_decref(fm);
}

/* GET /stats/flow's entries from a real OpenFlow 1.3 reply (the corpus). */
static void
test_flow_stats_13(void)
{
    size_t size;
    uint8_t *msg = tu_read_corpus("of13/4-12-ofp_flow_stats_reply.packet", &size);
    CU_ASSERT_PTR_NOT_NULL_FATAL(msg);
    char err[128];
    json_t *reply;
    ofm_ofp_to_json(msg, size, &reply, NULL, err, sizeof err);
    free(msg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(reply);
    const json_t *body = json_object_get(json_object_get(reply, "OFPFlowStatsReply"),
                                         "body");
    json_t *flows = ofctl_flow_stats_to_rest(body, 4, -1);
    CU_ASSERT_EQUAL(json_array_size(flows), 4);
    CU_ASSERT_TRUE(equal_text(json_array_get(flows, 1),
        "{\"priority\": 65534, \"cookie\": 0, \"idle_timeout\": 0,"
        " \"hard_timeout\": 0, \"byte_count\": 0, \"duration_sec\": 358,"
        " \"duration_nsec\": 115055000, \"packet_count\": 0, \"length\": 88,"
        " \"flags\": 0, \"actions\": [\"OUTPUT:NORMAL\"],"
        " \"match\": {\"dl_type\": 2054}, \"table_id\": 0}"));
    CU_ASSERT_TRUE(equal_text(json_object_get(json_array_get(flows, 2), "match"),
        "{\"in_port\": 6, \"dl_src\": \"f2:0b:a4:7d:f8:ea\"}"));
    CU_ASSERT_TRUE(equal_text(json_object_get(json_array_get(flows, 2), "actions"),
        "[\"GOTO_TABLE:1\"]"));
    json_decref(flows);

    /* Ryu filters by priority after the reply. */
    flows = ofctl_flow_stats_to_rest(body, 4, 123);
    CU_ASSERT_EQUAL(json_array_size(flows), 1);
    json_decref(flows);
    json_decref(reply);
}

static void
expect_error(const char *body_text, uint8_t version, const char *needle)
{
    char err[256] = "";
    json_t *body = parse(body_text);
    json_t *fm = ofctl_flow_mod_from_rest(body, version, 0, err, sizeof err);
    CU_ASSERT_PTR_NULL(fm);
    if (!strstr(err, needle)) {
        fprintf(stderr, "\n%s: error '%s' lacks '%s'\n", body_text, err, needle);
        CU_FAIL("error message");
    }
    json_decref(fm);
    json_decref(body);
}

static void
test_errors(void)
{
    expect_error("[]", 4, "object");
    expect_error("{\"match\": {\"dl_dstt\": \"00:00:00:00:00:01\"}}", 4,
                 "unknown match field 'dl_dstt'");
    expect_error("{\"match\": {\"foo\": 1}}", 1, "unknown match field 'foo'");
    expect_error("{\"actions\": [{\"type\": \"OUTPUTT\"}]}", 4,
                 "unknown action type 'OUTPUTT'");
    expect_error("{\"actions\": [{\"type\": \"GOTO_TABLE\"}]}", 1,
                 "unknown action type 'GOTO_TABLE'");
    expect_error("{\"actions\": [{\"port\": 1}]}", 4, "'type'");
    expect_error("{\"actions\": {\"type\": \"OUTPUT\"}}", 4, "'actions'");
    expect_error("{\"match\": {\"tp_dst\": 80}}", 4, "tp_dst");
    expect_error("{\"match\": {\"dl_dst\": \"00:00:00:00:01\"}}", 4, "dl_dst");
    /* Found by fuzz-ofctl-rest: sscanf's %x took "-0" as a byte, and the
     * codec then refused the mask. */
    expect_error("{\"match\": {\"dl_dst\": \"aa:bb:cc:11:22:33/ff:ff:ff:00:00:-0\"}}",
                 4, "dl_dst");
    expect_error("{\"match\": {\"dl_src\": \"+a:bb:cc:11:22:33\"}}", 1, "dl_src");
    expect_error("{\"match\": {\"nw_src\": \"10.0.0.0/33\"}}", 1, "nw_src");
    expect_error("{\"match\": {\"in_port\": \"nowhere\"}}", 4, "in_port");
    expect_error("{\"priority\": 65536}", 4, "'priority'");
    expect_error("{\"priority\": \"high\"}", 4, "'priority'");
    expect_error("{\"idle_timeout\": [1]}", 1, "'idle_timeout'");
    expect_error("{\"actions\": [{\"type\": \"OUTPUT\", \"port\": 70000}]}", 1,
                 "'port'");
    expect_error("{\"actions\": [{\"type\": \"PUSH_VLAN\"}]}", 4, "ethertype");
}

static void
test_numbers(void)
{
    uint64_t v;
    json_t *j = json_string("0x10");
    CU_ASSERT_EQUAL(ofctl_get_uint(j, &v), 0);
    CU_ASSERT_EQUAL(v, 16);
    json_decref(j);
    j = json_string("-1");
    CU_ASSERT_NOT_EQUAL(ofctl_get_uint(j, &v), 0);
    json_decref(j);
    j = json_string("12x");
    CU_ASSERT_NOT_EQUAL(ofctl_get_uint(j, &v), 0);
    json_decref(j);
    j = json_real(1.5);
    CU_ASSERT_NOT_EQUAL(ofctl_get_uint(j, &v), 0);
    json_decref(j);
}

/* The codec's bytes for the {"OFPxxx": ...} message 'msg' (xid 7) as lower
 * case hex, or NULL. */
static char *
encode_hex(json_t *msg, uint8_t version)
{
    char err[256];
    struct ofm_buf out;
    ofm_buf_init(&out);
    if (!msg || ofm_ofp_from_json(msg, version, 7, &out, err, sizeof err)) {
        fprintf(stderr, "encode: %s\n", msg ? err : "no message");
        ofm_buf_uninit(&out);
        return NULL;
    }
    char *hex = malloc(out.size * 2 + 1);
    for (size_t i = 0; i < out.size; i++) {
        sprintf(hex + 2 * i, "%02x", ((const uint8_t *) out.data)[i]);
    }
    hex[out.size * 2] = '\0';
    ofm_buf_uninit(&out);
    return hex;
}

enum mod_kind { MOD_GROUP, MOD_METER, MOD_ROLE, MOD_EXPERIMENTER, MOD_PORT };

/* The REST body through the converter of 'kind' and the codec. */
static json_t *
mod_from_rest(enum mod_kind kind, const json_t *body, uint8_t version,
              uint16_t command, char *err, size_t err_size)
{
    switch (kind) {
    case MOD_GROUP:
        return ofctl_group_mod_from_rest(body, command, err, err_size);
    case MOD_METER:
        return ofctl_meter_mod_from_rest(body, command, err, err_size);
    case MOD_ROLE:
        return ofctl_role_from_rest(body, err, err_size);
    case MOD_EXPERIMENTER:
        return ofctl_experimenter_from_rest(body, err, err_size);
    case MOD_PORT:
        /* The plugin passes the port's current hw_addr and advertised. */
        return ofctl_port_mod_from_rest(body, version, "00:00:00:00:00:99",
                                        0x20, err, err_size);
    }
    return NULL;
}

static bool
mod_bytes_are(enum mod_kind kind, const char *body_text, uint8_t version,
              uint16_t command, const char *want_hex)
{
    char err[256] = "";
    json_t *body = parse(body_text);
    json_t *msg = mod_from_rest(kind, body, version, command, err, sizeof err);
    if (!msg) {
        fprintf(stderr, "\n%s: %s\n", body_text, err);
    }
    char *hex = encode_hex(msg, version);
    bool same = hex && !strcmp(hex, want_hex);
    if (!same) {
        fprintf(stderr, "\n%s\n got: %s\nwant: %s\n", body_text,
                hex ? hex : "(null)", want_hex);
    }
    free(hex);
    json_decref(msg);
    json_decref(body);
    return same;
}

/* POST /stats/groupentry/<cmd> bodies: the bytes are those os-ken's
 * ofctl_v1_3.mod_group_entry() sends for the same body (serialized with
 * xid 7 by os-ken 2.x, recorded here). */
static void
test_group_mod(void)
{
    CU_ASSERT_TRUE(mod_bytes_are(MOD_GROUP,
        "{\"type\": \"SELECT\", \"group_id\": 1, \"buckets\": [{\"weight\": 3,"
        " \"actions\": [{\"type\": \"OUTPUT\", \"port\": 2}]}]}", 4, 0,
        "040f003000000007000001000000000100200003ffffffffffffffff00000000"
        "0000001000000002ffe5000000000000"));
    CU_ASSERT_TRUE(mod_bytes_are(MOD_GROUP,
        "{\"type\": \"FF\", \"group_id\": \"0x10\", \"buckets\": ["
        " {\"watch_port\": 3, \"actions\": [{\"type\": \"OUTPUT\", \"port\": 2},"
        "  {\"type\": \"SET_FIELD\", \"field\": \"eth_dst\","
        "   \"value\": \"aa:bb:cc:dd:ee:ff\"}]},"
        " {\"watch_port\": 4, \"watch_group\": 9,"
        "  \"actions\": [{\"type\": \"GROUP\", \"group_id\": 5}]}]}", 4, 1,
        "040f00580000000700010300000000100030000000000003ffffffff00000000"
        "0000001000000002ffe50000000000000019001080000606aabbccddeeff0000"
        "001800000000000400000009000000000016000800000005"));
    /* delete with the reserved name and nothing else: type ALL. */
    CU_ASSERT_TRUE(mod_bytes_are(MOD_GROUP, "{\"group_id\": \"ALL\"}", 4, 2,
                                 "040f00100000000700020000fffffffc"));
}

/* POST /stats/meterentry/<cmd>, against ofctl_v1_3.mod_meter_entry(). */
static void
test_meter_mod(void)
{
    CU_ASSERT_TRUE(mod_bytes_are(MOD_METER,
        "{\"meter_id\": 1, \"flags\": [\"KBPS\", \"BURST\", \"STATS\"],"
        " \"bands\": [{\"type\": \"DROP\", \"rate\": 1000, \"burst_size\": 10},"
        " {\"type\": \"DSCP_REMARK\", \"rate\": 2000, \"burst_size\": \"20\","
        "  \"prec_level\": 1},"
        " {\"type\": \"EXPERIMENTER\", \"rate\": 3, \"burst_size\": 4,"
        "  \"experimenter\": 5}]}", 4, 0,
        "041d0040000000070000000d0000000100010010000003e80000000a00000000"
        "00020010000007d00000001401000000ffff0010000000030000000400000005"));
    /* One flag without a list, a reserved meter, rate only. */
    CU_ASSERT_TRUE(mod_bytes_are(MOD_METER,
        "{\"meter_id\": \"CONTROLLER\", \"flags\": \"PKTPS\","
        " \"bands\": [{\"type\": \"DROP\", \"rate\": 5}]}", 4, 1,
        "041d00200000000700010002fffffffe00010010000000050000000000000000"));
    CU_ASSERT_TRUE(mod_bytes_are(MOD_METER, "{\"meter_id\": 7}", 4, 2,
                                 "041d0010000000070002000000000007"));
}

/* POST /stats/portdesc/modify (mod_port_behavior()), /stats/role
 * (set_role()) and /stats/experimenter (send_experimenter()). */
static void
test_port_role_experimenter(void)
{
    CU_ASSERT_TRUE(mod_bytes_are(MOD_PORT,
        "{\"port_no\": 1, \"hw_addr\": \"aa:bb:cc:dd:ee:01\", \"config\": 1,"
        " \"mask\": 101, \"advertise\": 2056}", 4, 0,
        "04100028000000070000000100000000aabbccddee0100000000000100000065"
        "0000080800000000"));
    CU_ASSERT_TRUE(mod_bytes_are(MOD_PORT,
        "{\"port_no\": \"LOCAL\", \"hw_addr\": \"aa:bb:cc:dd:ee:01\","
        " \"config\": 1, \"mask\": 1, \"advertise\": 0}", 1, 0,
        "010f002000000007fffeaabbccddee0100000001000000010000000000000000"));
    /* Without hw_addr and advertise the port's own are kept. */
    CU_ASSERT_TRUE(mod_bytes_are(MOD_PORT,
        "{\"port_no\": 2, \"config\": 1, \"mask\": 1}", 4, 0,
        "041000280000000700000002000000000000000000990000000000010000000"
        "10000002000000000"));
    CU_ASSERT_TRUE(mod_bytes_are(MOD_ROLE, "{\"role\": \"MASTER\"}", 4, 0,
        "041800180000000700000002000000000000000000000000"));
    CU_ASSERT_TRUE(mod_bytes_are(MOD_ROLE, "{}", 4, 0,
        "041800180000000700000001000000000000000000000000"));
    CU_ASSERT_TRUE(mod_bytes_are(MOD_EXPERIMENTER,
        "{\"experimenter\": 8992, \"exp_type\": 5, \"data_type\": \"ascii\","
        " \"data\": \"hello\"}", 4, 0,
        "0404001500000007000023200000000568656c6c6f"));
    CU_ASSERT_TRUE(mod_bytes_are(MOD_EXPERIMENTER,
        "{\"experimenter\": 8992, \"exp_type\": 5, \"data_type\": \"base64\","
        " \"data\": \"AQID\"}", 4, 0,
        "04040013000000070000232000000005010203"));
}

static void
expect_mod_error(enum mod_kind kind, const char *body_text, const char *needle)
{
    char err[256] = "";
    json_t *body = parse(body_text);
    json_t *msg = mod_from_rest(kind, body, 4, 0, err, sizeof err);
    CU_ASSERT_PTR_NULL(msg);
    if (!strstr(err, needle)) {
        fprintf(stderr, "\n%s: error '%s' lacks '%s'\n", body_text, err, needle);
        CU_FAIL("error message");
    }
    json_decref(msg);
    json_decref(body);
}

/* What Ryu logs and drops, or dies on with a ValueError, is refused with
 * the member named. */
static void
test_mod_errors(void)
{
    expect_mod_error(MOD_GROUP, "[1]", "object");
    expect_mod_error(MOD_GROUP, "{\"type\": \"FAST\"}", "'type'");
    expect_mod_error(MOD_GROUP, "{\"group_id\": \"some\"}", "group_id");
    expect_mod_error(MOD_GROUP, "{\"group_id\": 4294967296}", "group_id");
    expect_mod_error(MOD_GROUP, "{\"buckets\": {}}", "'buckets'");
    expect_mod_error(MOD_GROUP, "{\"buckets\": [1]}", "'buckets'[0]");
    expect_mod_error(MOD_GROUP, "{\"buckets\": [{}, {\"weight\": 65536}]}",
                     "weight");
    expect_mod_error(MOD_GROUP, "{\"buckets\": [{\"watch_group\": \"ANY\"}]}",
                     "watch_group");
    expect_mod_error(MOD_GROUP, "{\"buckets\": [{\"watch_port\": -1}]}",
                     "watch_port");
    expect_mod_error(MOD_GROUP, "{\"buckets\": [{\"actions\": 3}]}", "'actions'");
    expect_mod_error(MOD_GROUP, "{\"buckets\": [{\"actions\": [{\"type\":"
                     " \"FLY\"}]}]}", "FLY");
    expect_mod_error(MOD_METER, "[\"x\"]", "object");
    expect_mod_error(MOD_METER, "{\"flags\": [\"FAST\"]}", "'flags'");
    expect_mod_error(MOD_METER, "{\"flags\": 1}", "'flags'");
    expect_mod_error(MOD_METER, "{\"meter_id\": \"NONE\"}", "meter_id");
    expect_mod_error(MOD_METER, "{\"bands\": 1}", "'bands'");
    expect_mod_error(MOD_METER, "{\"bands\": [{\"type\": \"DROP\"}, []]}",
                     "'bands'[1]");
    expect_mod_error(MOD_METER, "{\"bands\": [{\"type\": \"RED\"}]}", "'type'");
    expect_mod_error(MOD_METER, "{\"bands\": [{\"type\": \"DROP\","
                     " \"rate\": \"fast\"}]}", "rate");
    expect_mod_error(MOD_METER, "{\"bands\": [{\"type\": \"DROP\","
                     " \"burst_size\": 1.5}]}", "burst_size");
    expect_mod_error(MOD_METER, "{\"bands\": [{\"type\": \"DSCP_REMARK\","
                     " \"prec_level\": 256}]}", "prec_level");
    expect_mod_error(MOD_METER, "{\"bands\": [{\"type\": \"EXPERIMENTER\","
                     " \"experimenter\": \"x\"}]}", "experimenter");
    expect_mod_error(MOD_ROLE, "{\"role\": \"BOSS\"}", "'role'");
    expect_mod_error(MOD_ROLE, "{\"role\": 4294967296}", "'role'");
    expect_mod_error(MOD_ROLE, "[null]", "object");
    expect_mod_error(MOD_EXPERIMENTER, "{\"experimenter\": \"acme\"}",
                     "experimenter");
    expect_mod_error(MOD_EXPERIMENTER, "{\"exp_type\": 4294967296}", "exp_type");
    expect_mod_error(MOD_EXPERIMENTER, "{\"data\": 5}", "'data'");
    expect_mod_error(MOD_EXPERIMENTER, "{\"data\": \"\\u00e9\"}", "'data'");
    expect_mod_error(MOD_EXPERIMENTER, "{\"data_type\": \"hex\"}", "'data_type'");
    expect_mod_error(MOD_PORT, "{}", "'port_no'");
    expect_mod_error(MOD_PORT, "{\"port_no\": \"HERE\"}", "port_no");
    expect_mod_error(MOD_PORT, "{\"port_no\": 1, \"config\": \"on\"}", "config");
    expect_mod_error(MOD_PORT, "{\"port_no\": 1, \"mask\": [1]}", "mask");
    expect_mod_error(MOD_PORT, "{\"port_no\": 1, \"advertise\": -2}",
                     "advertise");
    expect_mod_error(MOD_PORT, "{\"port_no\": 1, \"hw_addr\": \"aa:bb\"}",
                     "hw_addr");
    expect_mod_error(MOD_PORT, "{\"port_no\": 1, \"hw_addr\": 7}", "hw_addr");
}

/* A corpus reply through the codec and 'fn', against the list (or object)
 * os-ken's ofctl_v1_3 / ofctl_v1_0 get_*() put under the dpid for the same
 * message (fed to it in place of the switch's reply; recorded here). */
static bool
reply_is(const char *name, ofctl_reply_fn *fn, uint8_t version,
         const char *want)
{
    size_t size;
    uint8_t *msg = tu_read_corpus(name, &size);
    if (!msg) {
        return false;
    }
    char err[128];
    json_t *reply;
    ofm_ofp_to_json(msg, size, &reply, NULL, err, sizeof err);
    free(msg);
    if (!reply) {
        fprintf(stderr, "%s: %s\n", name, err);
        return false;
    }
    json_t *rest = fn(ofctl_unwrap(reply, NULL), version);
    bool same = want ? equal_text(rest, want) : rest != NULL;
    json_decref(rest);
    json_decref(reply);
    return same;
}

static void
test_stats_13(void)
{
    CU_ASSERT_TRUE(reply_is("of13/4-0-ofp_desc_reply.packet", ofctl_desc_to_rest,
        4, "{\"dp_desc\": \"dp\", \"hw_desc\": \"hw\", \"mfr_desc\": \"mfr\","
        " \"serial_num\": \"serial\", \"sw_desc\": \"sw\"}"));
    CU_ASSERT_TRUE(reply_is("of13/4-26-ofp_aggregate_stats_reply.packet",
        ofctl_aggregate_to_rest, 4,
        "[{\"byte_count\": 574, \"flow_count\": 6, \"packet_count\": 7}]"));
    CU_ASSERT_TRUE(reply_is("of13/4-28-ofp_table_stats_reply.packet",
        ofctl_table_stats_to_rest, 4,
        "[{\"active_count\": 4, \"lookup_count\": 4, \"matched_count\": 4,"
        " \"table_id\": 0}, {\"active_count\": 4, \"lookup_count\": 4,"
        " \"matched_count\": 4, \"table_id\": 1}]"));
    CU_ASSERT_TRUE(reply_is("of13/4-30-ofp_port_stats_reply.packet",
        ofctl_port_stats_to_rest, 4,
        "[{\"collisions\": 0, \"duration_nsec\": 0, \"duration_sec\": 0,"
        " \"port_no\": 7, \"rx_bytes\": 0, \"rx_crc_err\": 0, \"rx_dropped\": 0,"
        " \"rx_errors\": 0, \"rx_frame_err\": 0, \"rx_over_err\": 0,"
        " \"rx_packets\": 0, \"tx_bytes\": 336, \"tx_dropped\": 0,"
        " \"tx_errors\": 0, \"tx_packets\": 4},"
        " {\"collisions\": 0, \"duration_nsec\": 0, \"duration_sec\": 0,"
        " \"port_no\": 6, \"rx_bytes\": 336, \"rx_crc_err\": 0,"
        " \"rx_dropped\": 0, \"rx_errors\": 0, \"rx_frame_err\": 0,"
        " \"rx_over_err\": 0, \"rx_packets\": 4, \"tx_bytes\": 336,"
        " \"tx_dropped\": 0, \"tx_errors\": 0, \"tx_packets\": 4}]"));
    CU_ASSERT_TRUE(reply_is("of13/4-54-ofp_port_desc_reply.packet",
        ofctl_port_desc_to_rest, 4,
        "[{\"advertised\": 10240, \"config\": 0, \"curr\": 10248,"
        " \"curr_speed\": 5000, \"hw_addr\": \"f2:0b:a4:d0:3f:70\","
        " \"max_speed\": 5000, \"name\": \"Port7\", \"peer\": 10248,"
        " \"port_no\": 7, \"state\": 4, \"supported\": 10248},"
        " {\"advertised\": 10240, \"config\": 0, \"curr\": 10248,"
        " \"curr_speed\": 5000, \"hw_addr\": \"f2:0b:a4:7d:f8:ea\","
        " \"max_speed\": 5000, \"name\": \"Port6\", \"peer\": 10248,"
        " \"port_no\": 6, \"state\": 4, \"supported\": 10248}]"));
    CU_ASSERT_TRUE(reply_is("of13/4-38-ofp_queue_stats_reply.packet",
        ofctl_queue_stats_to_rest, 4,
        "[{\"duration_nsec\": 0, \"duration_sec\": 0, \"port_no\": 7,"
        " \"queue_id\": 1, \"tx_bytes\": 0, \"tx_errors\": 0, \"tx_packets\": 0},"
        " {\"duration_nsec\": 0, \"duration_sec\": 0, \"port_no\": 6,"
        " \"queue_id\": 1, \"tx_bytes\": 0, \"tx_errors\": 0, \"tx_packets\": 0},"
        " {\"duration_nsec\": 0, \"duration_sec\": 0, \"port_no\": 7,"
        " \"queue_id\": 2, \"tx_bytes\": 0, \"tx_errors\": 0, \"tx_packets\": 0}]"));
    CU_ASSERT_TRUE(reply_is("of13/4-36-ofp_queue_get_config_reply.packet",
        ofctl_queue_config_to_rest, 4,
        "[{\"port\": \"ANY\", \"queues\": ["
        " {\"port\": 77, \"properties\": [{\"property\": \"MIN_RATE\", \"rate\": 10},"
        "  {\"property\": \"MAX_RATE\", \"rate\": 900}, {\"data\": [],"
        "  \"experimenter\": 999, \"property\": \"EXPERIMENTER\"}], \"queue_id\": 99},"
        " {\"port\": 77, \"properties\": [{\"property\": \"MIN_RATE\", \"rate\": 100},"
        "  {\"property\": \"MAX_RATE\", \"rate\": 200}, {\"data\": [1],"
        "  \"experimenter\": 999, \"property\": \"EXPERIMENTER\"}], \"queue_id\": 88},"
        " {\"port\": 77, \"properties\": [{\"property\": \"MIN_RATE\", \"rate\": 200},"
        "  {\"property\": \"MAX_RATE\", \"rate\": 400}, {\"data\": [1, 2],"
        "  \"experimenter\": 999, \"property\": \"EXPERIMENTER\"}],"
        "  \"queue_id\": 77}]}]"));
    CU_ASSERT_TRUE(reply_is("of13/4-20-ofp_role_reply.packet",
        ofctl_role_to_rest, 4,
        "[{\"generation_id\": 17294086455919964160, \"role\": \"SLAVE\"}]"));
}

static void
test_group_meter_stats(void)
{
    static const char acts[] =
        "[\"OUTPUT\", \"COPY_TTL_OUT\", \"COPY_TTL_IN\", \"SET_MPLS_TTL\","
        " \"DEC_MPLS_TTL\", \"PUSH_VLAN\", \"POP_VLAN\", \"PUSH_MPLS\","
        " \"POP_MPLS\", \"SET_QUEUE\", \"GROUP\", \"SET_NW_TTL\","
        " \"DEC_NW_TTL\", \"SET_FIELD\"]";
    char want[2048];
    snprintf(want, sizeof want,
             "[{\"actions\": [{\"ALL\": %s}, {\"SELECT\": %s},"
             " {\"INDIRECT\": %s}, {\"FF\": %s}],"
             " \"capabilities\": [\"SELECT_WEIGHT\", \"CHAINING\"],"
             " \"max_groups\": [{\"ALL\": 16777216}, {\"SELECT\": 16777216},"
             " {\"INDIRECT\": 16777216}, {\"FF\": 16777216}],"
             " \"types\": [\"ALL\", \"SELECT\", \"INDIRECT\", \"FF\"]}]",
             acts, acts, acts, acts);
    CU_ASSERT_TRUE(reply_is("of13/4-32-ofp_group_features_reply.packet",
                            ofctl_group_features_to_rest, 4, want));
    CU_ASSERT_TRUE(reply_is("of13/4-34-ofp_group_desc_reply.packet",
        ofctl_group_desc_to_rest, 4,
        "[{\"buckets\": [{\"actions\": [\"OUTPUT:2\"], \"watch_group\": 1,"
        " \"watch_port\": 1, \"weight\": 1}], \"group_id\": 1, \"type\": \"ALL\"}]"));
    CU_ASSERT_TRUE(reply_is("of13/4-58-ofp_group_stats_reply.packet",
        ofctl_group_stats_to_rest, 4,
        "[{\"bucket_stats\": [{\"byte_count\": 2345, \"packet_count\": 234}],"
        " \"byte_count\": 12345, \"duration_nsec\": 609036000,"
        " \"duration_sec\": 9, \"group_id\": 1, \"length\": 56,"
        " \"packet_count\": 123, \"ref_count\": 2}]"));
    CU_ASSERT_TRUE(reply_is("of13/4-48-ofp_meter_config_reply.packet",
        ofctl_meter_config_to_rest, 4,
        "[{\"bands\": [{\"burst_size\": 10, \"rate\": 1000, \"type\": \"DROP\"}],"
        " \"flags\": [\"PKTPS\", \"BURST\", \"STATS\"], \"meter_id\": 100}]"));
    CU_ASSERT_TRUE(reply_is("of13/4-50-ofp_meter_stats_reply.packet",
        ofctl_meter_stats_to_rest, 4,
        "[{\"band_stats\": [{\"byte_band_count\": 0, \"packet_band_count\": 0}],"
        " \"byte_in_count\": 0, \"duration_nsec\": 480000, \"duration_sec\": 0,"
        " \"flow_count\": 0, \"len\": 56, \"meter_id\": 100,"
        " \"packet_in_count\": 0}]"));
    CU_ASSERT_TRUE(reply_is("of13/4-52-ofp_meter_features_reply.packet",
        ofctl_meter_features_to_rest, 4,
        "[{\"band_types\": [\"DROP\", \"DSCP_REMARK\"],"
        " \"capabilities\": [\"KBPS\", \"PKTPS\", \"BURST\", \"STATS\"],"
        " \"max_bands\": 255, \"max_color\": 0, \"max_meter\": 16777216}]"));
}

/* The corpus's table features reply is 10 tables of 11 properties: check
 * the shapes of each kind of property, as get_table_features() gives. */
static void
test_table_features(void)
{
    size_t size;
    uint8_t *msg = tu_read_corpus("of13/4-56-ofp_table_features_reply.packet",
                                  &size);
    CU_ASSERT_PTR_NOT_NULL_FATAL(msg);
    char err[128];
    json_t *reply;
    ofm_ofp_to_json(msg, size, &reply, NULL, err, sizeof err);
    free(msg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(reply);
    json_t *rest = ofctl_table_features_to_rest(ofctl_unwrap(reply, NULL), 4);
    CU_ASSERT_EQUAL(json_array_size(rest), 10);
    json_t *t = json_array_get(rest, 0);
    json_t *props = json_incref(json_object_get(t, "properties"));
    json_object_del(t, "properties");
    CU_ASSERT_TRUE(equal_text(t,
        "{\"config\": 0, \"max_entries\": 16777216,"
        " \"metadata_match\": 18446744073709551615,"
        " \"metadata_write\": 18446744073709551615,"
        " \"name\": \"\\u79c1\\u306e\\u30c6\\u30fc\\u30d6\\u30eb\","
        " \"table_id\": 0}"));
    static const char *const types[] = {
        "INSTRUCTIONS", "NEXT_TABLES", "WRITE_ACTIONS", "APPLY_ACTIONS",
        "MATCH", "WILDCARDS", "WRITE_SETFIELD", "APPLY_SETFIELD",
        "EXPERIMENTER", "EXPERIMENTER", "EXPERIMENTER",
    };
    CU_ASSERT_EQUAL(json_array_size(props), N_ELEMS(types));
    for (size_t i = 0; i < N_ELEMS(types); i++) {
        const char *type = json_string_value(
            json_object_get(json_array_get(props, i), "type"));
        CU_ASSERT_STRING_EQUAL(type ? type : "", types[i]);
    }
    CU_ASSERT_TRUE(equal_text(json_array_get(props, 0),
        "{\"instruction_ids\": [{\"len\": 4, \"type\": 1}, {\"len\": 4, \"type\": 2},"
        " {\"len\": 4, \"type\": 3}, {\"len\": 4, \"type\": 4},"
        " {\"len\": 4, \"type\": 5}, {\"len\": 4, \"type\": 6}],"
        " \"type\": \"INSTRUCTIONS\"}"));
    json_t *next = json_object_get(json_array_get(props, 1), "table_ids");
    CU_ASSERT_EQUAL(json_integer_value(json_array_get(next, 0)), 1);
    json_t *oxm = json_object_get(json_array_get(props, 4), "oxm_ids");
    CU_ASSERT_TRUE(equal_text(json_array_get(oxm, 0),
        "{\"hasmask\": 0, \"length\": 0, \"type\": \"in_port\"}"));
    CU_ASSERT_TRUE(equal_text(json_array_get(props, 9),
                              "{\"type\": \"EXPERIMENTER\"}"));
    const char *name = json_string_value(json_object_get(json_array_get(rest, 9),
                                                         "name"));
    CU_ASSERT_STRING_EQUAL(name ? name : "", "Flow Table 0x09");
    json_decref(props);
    json_decref(rest);
    json_decref(reply);
}

/* OpenFlow 1.0: ofctl_v1_0.get_port_desc() reads the features reply. */
static void
test_stats_10(void)
{
    CU_ASSERT_TRUE(reply_is("of10/1-6-ofp_switch_features.packet",
        ofctl_port_desc_to_rest, 1,
        "[{\"advertised\": 640, \"config\": 0, \"curr\": 648,"
        " \"hw_addr\": \"f2:0b:a4:d0:3f:70\", \"name\": \"Port7\","
        " \"peer\": 648, \"port_no\": 7, \"state\": 16, \"supported\": 648},"
        " {\"advertised\": 640, \"config\": 0, \"curr\": 648,"
        " \"hw_addr\": \"f2:0b:a4:7d:f8:ea\", \"name\": \"Port6\","
        " \"peer\": 648, \"port_no\": 6, \"state\": 2, \"supported\": 648}]"));
}

/* Replies missing members or carrying the wrong types give the shapes
 * with zeros, never a crash (the fuzzer drives this further). */
static void
test_stats_odd(void)
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
    static const char *const replies[] = {
        "{}", "{\"body\": 3}", "{\"body\": [1, {}, {\"X\": 2}]}",
        "{\"body\": [{\"X\": {\"buckets\": 1, \"bands\": [{\"B\": {}}],"
        " \"properties\": [7, {\"P\": {\"type\": 2}}]}}]}",
        "{\"ports\": [], \"queues\": [{\"Q\": {\"properties\": [{}]}}]}",
    };
    for (size_t r = 0; r < N_ELEMS(replies); r++) {
        json_t *reply = parse(replies[r]);
        for (size_t i = 0; i < N_ELEMS(fns); i++) {
            for (uint8_t v = 1; v <= 4; v += 3) {
                json_t *rest = fns[i](reply, v);
                CU_ASSERT_PTR_NOT_NULL(rest);
                json_decref(rest);
            }
        }
        json_decref(reply);
    }
    json_t *reply = parse("{\"body\": [{\"OFPGroupDescStats\": {\"type\": 9,"
                          " \"group_id\": 4294967292}}]}");
    json_t *rest = ofctl_group_desc_to_rest(reply, 4);
    CU_ASSERT_TRUE(equal_text(rest, "[{\"buckets\": [], \"group_id\": \"ALL\","
                                    " \"type\": null}]"));
    json_decref(rest);
    json_decref(reply);
}

int
main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        return 1;
    }
    CU_pSuite s = CU_add_suite("ofctl_rest conversion", NULL, NULL);
    CU_add_test(s, "flow entry, OpenFlow 1.3", test_flow_mod_13);
    CU_add_test(s, "instructions, OpenFlow 1.3", test_instructions_13);
    CU_add_test(s, "flow entry, OpenFlow 1.0", test_flow_mod_10);
    CU_add_test(s, "flow stats reply, OpenFlow 1.3", test_flow_stats_13);
    CU_add_test(s, "bad bodies", test_errors);
    CU_add_test(s, "Ryu numbers", test_numbers);
    CU_add_test(s, "group entry bytes", test_group_mod);
    CU_add_test(s, "meter entry bytes", test_meter_mod);
    CU_add_test(s, "port mod, role, experimenter bytes",
                test_port_role_experimenter);
    CU_add_test(s, "bad group/meter/port/role/experimenter bodies",
                test_mod_errors);
    CU_add_test(s, "stats replies, OpenFlow 1.3", test_stats_13);
    CU_add_test(s, "group and meter replies", test_group_meter_stats);
    CU_add_test(s, "table features reply", test_table_features);
    CU_add_test(s, "stats replies, OpenFlow 1.0", test_stats_10);
    CU_add_test(s, "odd replies", test_stats_odd);
    return tu_run();
}
