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
    return tu_run();
}
