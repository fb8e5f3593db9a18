/* The request bodies ofctl_rest.so makes only for OpenFlow 1.4 and 1.5
 * (plugins/ofctl_rest/ofctl-mod.c): the port mod with properties of
 * ofctl_v1_4/v1_5.mod_port_behavior() and the 1.5 group mod with bucket
 * properties of ofctl_v1_5.mod_group_entry(), through the SDK codec to
 * the bytes a switch gets, and their bad bodies. */
#include <config.h>
#include "../../plugins/ofctl_rest/ofctl-conv.h"
#include "ofm/buf.h"
#include "ofm/json.h"

#include <CUnit/Basic.h>
#include <stdio.h>
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

static unsigned
be16(const uint8_t *p)
{
    return (unsigned) p[0] << 8 | p[1];
}

static uint32_t
be32(const uint8_t *p)
{
    return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3];
}

/* Encodes 'msg' for 'version' into 'out'; false (and a message) if the
 * codec refuses it. */
static bool
encode(const json_t *msg, uint8_t version, struct ofm_buf *out)
{
    char err[256];
    ofm_buf_init(out);
    if (!msg || ofm_ofp_from_json(msg, version, 1, out, err, sizeof err)) {
        fprintf(stderr, "\nencoding failed: %s\n", msg ? err : "no message");
        return false;
    }
    return true;
}

static void
test_port_mod_14(void)
{
    char err[256];
    struct ofm_buf out;
    /* No properties: one Ethernet property with the port's advertised. */
    json_t *body = parse("{\"dpid\": 1, \"port_no\": 3, \"config\": 1, \"mask\": 1}");
    json_t *msg = ofctl14_port_mod_from_rest(body, 5, "02:00:00:00:00:03", 0x820,
                                             err, sizeof err);
    CU_ASSERT_FATAL(encode(msg, 5, &out));
    const uint8_t *m = out.data;
    CU_ASSERT_EQUAL(out.size, 40);      /* 32 + one 8-byte property. */
    CU_ASSERT_EQUAL(m[0], 5);
    CU_ASSERT_EQUAL(m[1], 16);          /* OFPT_PORT_MOD. */
    CU_ASSERT_EQUAL(be32(m + 8), 3);
    CU_ASSERT_EQUAL(m[21], 0x03);       /* hw_addr's last byte. */
    CU_ASSERT_EQUAL(be32(m + 24), 1);   /* config */
    CU_ASSERT_EQUAL(be32(m + 28), 1);   /* mask */
    CU_ASSERT_EQUAL(be16(m + 32), 0);   /* OFPPMPT_ETHERNET */
    CU_ASSERT_EQUAL(be16(m + 34), 8);
    CU_ASSERT_EQUAL(be32(m + 36), 0x820);
    ofm_buf_uninit(&out);
    json_decref(msg);
    json_decref(body);

    /* Ryu's properties: Ethernet and optical, on 1.5 too. */
    body = parse("{\"dpid\": 1, \"port_no\": 2, \"hw_addr\": \"02:00:00:00:00:09\","
                 " \"properties\": [{\"type\": \"ETHERNET\", \"advertise\": 16},"
                 " {\"type\": \"OPTICAL\", \"configure\": 1, \"freq_lmda\": 2,"
                 " \"fl_offset\": 3, \"grid_span\": 4, \"tx_pwr\": 5}]}");
    msg = ofctl14_port_mod_from_rest(body, 6, "02:00:00:00:00:03", 0, err, sizeof err);
    CU_ASSERT_FATAL(encode(msg, 6, &out));
    m = out.data;
    CU_ASSERT_EQUAL(out.size, 32 + 8 + 24);
    CU_ASSERT_EQUAL(m[21], 0x09);
    CU_ASSERT_EQUAL(be32(m + 36), 16);
    CU_ASSERT_EQUAL(be16(m + 40), 1);   /* OFPPMPT_OPTICAL */
    CU_ASSERT_EQUAL(be16(m + 42), 24);
    CU_ASSERT_EQUAL(be32(m + 60), 5);   /* tx_pwr */
    ofm_buf_uninit(&out);
    json_decref(msg);
    json_decref(body);

    static const char *const bad[][2] = {
        { "{\"port_no\": 1, \"properties\": [{\"type\": \"RADIO\"}]}", "properties" },
        { "{\"port_no\": 1, \"properties\": [{\"type\": \"ETHERNET\"}]}", "advertise" },
        { "{\"port_no\": 1, \"properties\": {}}", "properties" },
        { "{\"port_no\": 1, \"properties\": [7]}", "properties" },
        { "{\"port_no\": 1, \"hw_addr\": \"02:00\"}", "hw_addr" },
        { "{\"config\": 1}", "port_no" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        body = parse(bad[i][0]);
        err[0] = '\0';
        msg = ofctl14_port_mod_from_rest(body, 5, "02:00:00:00:00:03", 0, err,
                                         sizeof err);
        CU_ASSERT_PTR_NULL(msg);
        CU_ASSERT_PTR_NOT_NULL(strstr(err, bad[i][1]));
        json_decref(msg);
        json_decref(body);
    }
}

static void
test_group_mod_15(void)
{
    char err[256];
    struct ofm_buf out;
    json_t *body = parse("{\"dpid\": 1, \"type\": \"FF\", \"group_id\": 7,"
                         " \"buckets\": [{\"bucket_id\": 2,"
                         " \"actions\": [{\"type\": \"OUTPUT\", \"port\": 2}],"
                         " \"properties\": [{\"type\": \"WATCH_PORT\", \"watch\": 2},"
                         " {\"weight\": 5}]}]}");
    json_t *msg = ofctl15_group_mod_from_rest(body, 1 /* MODIFY */, err, sizeof err);
    CU_ASSERT_FATAL(encode(msg, 6, &out));
    const uint8_t *m = out.data;
    CU_ASSERT_EQUAL(m[1], 15);          /* OFPT_GROUP_MOD */
    CU_ASSERT_EQUAL(be16(m + 8), 1);
    CU_ASSERT_EQUAL(m[10], 3);          /* OFPGT_FF */
    CU_ASSERT_EQUAL(be32(m + 12), 7);
    CU_ASSERT_EQUAL(be32(m + 20), 0xffffffff);  /* OFPG_BUCKET_ALL */
    /* The bucket: len, action_array_len 16, bucket_id 2, OUTPUT:2, then
     * WATCH_PORT 2 and WEIGHT 5 (Ryu's default type). */
    const uint8_t *b = m + 24;
    CU_ASSERT_EQUAL(be16(b), 8 + 16 + 8 + 8);
    CU_ASSERT_EQUAL(be16(b + 2), 16);
    CU_ASSERT_EQUAL(be32(b + 4), 2);
    CU_ASSERT_EQUAL(be16(b + 8), 0);    /* OFPAT_OUTPUT */
    CU_ASSERT_EQUAL(be32(b + 12), 2);
    CU_ASSERT_EQUAL(be16(b + 24), 1);   /* OFPGBPT_WATCH_PORT */
    CU_ASSERT_EQUAL(be32(b + 28), 2);
    CU_ASSERT_EQUAL(be16(b + 32), 0);   /* OFPGBPT_WEIGHT */
    CU_ASSERT_EQUAL(be16(b + 36), 5);
    CU_ASSERT_EQUAL(out.size, 24 + 40);
    ofm_buf_uninit(&out);
    json_decref(msg);
    json_decref(body);

    static const char *const bad[][2] = {
        { "{\"type\": \"MANY\"}", "type" },
        { "{\"buckets\": [{\"properties\": [{\"type\": \"HEAVY\"}]}]}", "properties" },
        { "{\"buckets\": [{\"properties\": [{\"weight\": 70000}]}]}", "weight" },
        { "{\"buckets\": [{\"actions\": [{\"type\": \"OUTPT\"}]}]}", "OUTPT" },
        { "{\"buckets\": [{\"actions\": {}}]}", "actions" },
        { "{\"buckets\": 3}", "buckets" },
        { "{\"command_bucket_id\": \"x\"}", "command_bucket_id" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        body = parse(bad[i][0]);
        err[0] = '\0';
        msg = ofctl15_group_mod_from_rest(body, 0, err, sizeof err);
        CU_ASSERT_PTR_NULL(msg);
        if (!strstr(err, bad[i][1])) {
            fprintf(stderr, "\n%s: error '%s' does not name %s\n", bad[i][0],
                    err, bad[i][1]);
            CU_FAIL("the error names the member");
        }
        json_decref(msg);
        json_decref(body);
    }
}

int
main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        return 1;
    }
    CU_pSuite s = CU_add_suite("ofctl_rest 1.4/1.5 bodies", NULL, NULL);
    CU_add_test(s, "port mod with properties (1.4, 1.5)", test_port_mod_14);
    CU_add_test(s, "group mod with bucket properties (1.5)", test_group_mod_15);
    return tu_run();
}
