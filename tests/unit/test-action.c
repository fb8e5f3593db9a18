/* test-action.c: unit tests for ofm/action.h: action and instruction
 * builders, the 1.0 translation both ways, and malformed lists. */
#include <CUnit/Basic.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofm/action.h"
#include "ofm/err.h"
#include "test-util.h"

/* Asserts that 'size' bytes at 'data' are the hex string 'hex'. */
static void
assert_hex(const char *what, const uint8_t *data, size_t size, const char *hex)
{
    uint8_t expect[1024];
    size_t n = tu_unhex(hex, expect, sizeof expect);
    bool ok = n == size && !memcmp(data, expect, n);
    if (!ok) {
        fprintf(stderr, "%s: got", what);
        for (size_t i = 0; i < size; i++) {
            fprintf(stderr, "%s%02x", i % 8 ? "" : " ", data[i]);
        }
        fprintf(stderr, "\n%s: want %s\n", what, hex);
    }
    CU_ASSERT_TRUE(ok);
}

static const uint8_t mac1[6] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06 };

/* The write-actions list of the corpus message of13/4-2-ofp_flow_mod,
 * built action by action. */
static void
test_builders(void)
{
    struct ofm_actions a;
    ofm_actions_init(&a);
    CU_ASSERT_PTR_EQUAL(ofm_actions_data(&a), a.stub);
    uint8_t vid[2] = { 0x01, 0x02 };
    CU_ASSERT_EQUAL(ofm_act_set_field(&a, OFPXMT_VLAN_VID, vid), 0);
    ofm_act_copy_ttl_out(&a);
    ofm_act_copy_ttl_in(&a);
    ofm_act_copy_ttl_in(&a);
    ofm_act_pop_pbb(&a);
    ofm_act_push_pbb(&a, 0x1234);
    ofm_act_pop_mpls(&a, 0x9876);
    ofm_act_push_mpls(&a, 0x8847);
    ofm_act_pop_vlan(&a);
    ofm_act_push_vlan(&a, 0x8100);
    ofm_act_dec_mpls_ttl(&a);
    ofm_act_set_mpls_ttl(&a, 10);
    ofm_act_dec_nw_ttl(&a);
    ofm_act_set_nw_ttl(&a, 10);
    ofm_act_experimenter(&a, 101, "\0\1\2\3\4\5\6\7", 8);
    ofm_act_set_queue(&a, 3);
    ofm_act_group(&a, 99);
    ofm_act_output(&a, 6, 0xffff);
    /* 168 bytes: beyond the 128-byte stub, so it moved to the heap. */
    CU_ASSERT_TRUE(a.buf.heap);
    assert_hex("4-2 write-actions", ofm_actions_data(&a), ofm_actions_size(&a),
               "0019001080000c02 0102000000000000 000b000800000000"
               "000c000800000000 000c000800000000 001b000800000000"
               "001a000812340000 0014000898760000 0013000888470000"
               "0012000800000000 0011000881000000 0010000800000000"
               "000f00080a000000 0018000800000000 001700080a000000"
               "ffff001000000065 0001020304050607 0015000800000003"
               "0016000800000063 0000001000000006 ffff000000000000");
    CU_ASSERT_EQUAL(ofm_actions_check(ofm_actions_data(&a),
                                      ofm_actions_size(&a), OFP13_VERSION), 0);

    struct ofm_actions b;
    ofm_actions_init(&b);
    ofm_act_set_field(&b, OFPXMT_ETH_SRC, mac1);
    static const uint8_t pbb_uca[] = {
        0xff, 0xff, 0x00, 0x07, 0x4f, 0x4e, 0x46, 0x00, 0x0a, 0x00, 0x01
    };
    CU_ASSERT_EQUAL(ofm_act_set_field_oxm(&b, pbb_uca, sizeof pbb_uca), 0);
    CU_ASSERT_FALSE(b.buf.heap);
    assert_hex("4-2 apply-actions", ofm_actions_data(&b), ofm_actions_size(&b),
               "0019001080000806 0102030405060000"
               "00190010ffff0007 4f4e46000a000100");

    /* Bad set-fields. */
    CU_ASSERT_EQUAL(ofm_act_set_field(&b, 40, mac1), EINVAL);
    CU_ASSERT_EQUAL(ofm_act_set_field_oxm(&b, pbb_uca, 10), EINVAL);
    static const uint8_t masked[] = { 0x80, 0x00, 0x17, 0x08, 1, 2, 3, 4,
                                      0xff, 0xff, 0xff, 0 };
    CU_ASSERT_EQUAL(ofm_act_set_field_oxm(&b, masked, sizeof masked), EINVAL);
    CU_ASSERT_EQUAL(ofm_actions_size(&b), 32);

    /* Instructions: those of 4-2, then every other kind. */
    struct ofm_insts in;
    ofm_insts_init(&in);
    ofm_inst_write_actions(&in, &a);
    ofm_inst_apply_actions(&in, &b);
    CU_ASSERT_EQUAL(ofm_actions_size(&a), 168);
    CU_ASSERT_EQUAL(in.buf.size, 8 + 168 + 8 + 32);
    CU_ASSERT_EQUAL(ofm_get32(in.buf.data), 0x000300b0);
    CU_ASSERT_EQUAL(ofm_get32(in.buf.data + 176), 0x00040028);
    CU_ASSERT_EQUAL(memcmp(in.buf.data + 8, a.buf.data, 168), 0);
    CU_ASSERT_EQUAL(ofm_insts_check(in.buf.data, in.buf.size), 0);
    ofm_insts_uninit(&in);

    ofm_insts_init(&in);
    ofm_inst_goto_table(&in, 1);
    ofm_inst_write_metadata(&in, 0x1122334455667788ull, 0xff00ff00ff00ff00ull);
    ofm_inst_clear_actions(&in);
    ofm_inst_meter(&in, 7);
    ofm_inst_apply_actions(&in, NULL);
    ofm_inst_experimenter(&in, 0x2320, "abc", 3);
    assert_hex("instructions", in.buf.data, in.buf.size,
               "0001000801000000"
               "0002001800000000 1122334455667788 ff00ff00ff00ff00"
               "0005000800000000 0006000800000007 0004000800000000"
               "ffff001000002320 6162630000000000");
    CU_ASSERT_EQUAL(ofm_insts_check(in.buf.data, in.buf.size), 0);
    ofm_insts_uninit(&in);

    /* Walking a list. */
    struct ofm_action_iter it = { ofm_actions_data(&b), ofm_actions_size(&b) };
    const uint8_t *body;
    size_t body_len;
    CU_ASSERT_EQUAL(ofm_action_next(&it, &body, &body_len), OFPAT_SET_FIELD);
    CU_ASSERT_EQUAL(body_len, 12);
    CU_ASSERT_EQUAL(ofm_get32(body), 0x80000806);
    CU_ASSERT_EQUAL(ofm_action_next(&it, &body, &body_len), OFPAT_SET_FIELD);
    CU_ASSERT_EQUAL(ofm_action_next(&it, &body, &body_len), -1);
    static const uint8_t broken[] = { 0x00, 0x00, 0x00, 0x20, 0, 0, 0, 0 };
    struct ofm_action_iter it2 = { broken, sizeof broken };
    CU_ASSERT_EQUAL(ofm_action_next(&it2, &body, &body_len), -1);

    ofm_actions_uninit(&a);
    ofm_actions_uninit(&b);
    ofm_actions_uninit(NULL);
}

/* 1.3 -> 1.0 mapping: each row builds a 1.3 list and gives its 1.0 bytes,
 * and the 1.3 form that decoding those bytes gives back (NULL: the same
 * as built). */
static void b_output(struct ofm_actions *a) { ofm_act_output(a, 6, 0xffff); }
static void b_output_ctl(struct ofm_actions *a)
{
    ofm_act_output(a, OFPP_CONTROLLER, 128);
}
static void b_eth(struct ofm_actions *a)
{
    ofm_act_set_field(a, OFPXMT_ETH_SRC, mac1);
    ofm_act_set_field(a, OFPXMT_ETH_DST, mac1);
}
static void b_ipv4(struct ofm_actions *a)
{
    ofm_act_set_field(a, OFPXMT_IPV4_SRC, "\x0a\x00\x00\x01");
    ofm_act_set_field(a, OFPXMT_IPV4_DST, "\xc0\xa8\x00\x02");
}
static void b_dscp(struct ofm_actions *a)
{
    ofm_act_set_field(a, OFPXMT_IP_DSCP, "\x2e");
}
static void b_tcp(struct ofm_actions *a)
{
    ofm_act_set_field(a, OFPXMT_TCP_SRC, "\x00\x50");
    ofm_act_set_field(a, OFPXMT_TCP_DST, "\x1f\x90");
}
static void b_udp(struct ofm_actions *a)
{
    ofm_act_set_field(a, OFPXMT_UDP_SRC, "\x00\x35");
    ofm_act_set_field(a, OFPXMT_UDP_DST, "\x00\x44");
}
static void b_vlan(struct ofm_actions *a)
{
    ofm_act_set_field(a, OFPXMT_VLAN_VID, "\x10\x64");
    ofm_act_set_field(a, OFPXMT_VLAN_PCP, "\x05");
    ofm_act_pop_vlan(a);
}
static void b_enqueue(struct ofm_actions *a)
{
    ofm_act_set_queue(a, 3);
    ofm_act_output(a, 2, 0);
    ofm_act_set_queue(a, 4);
    ofm_act_output(a, OFPP_IN_PORT, 0);
}
static void b_vendor(struct ofm_actions *a)
{
    ofm_act_experimenter(a, 0x2320, "\x00\x01\x02\x03\x04\x05", 6);
}

static const struct {
    const char *name;
    void (*build)(struct ofm_actions *);
    const char *of10;
    const char *back;           /* 1.3 form from decoding 'of10', or NULL. */
} to10[] = {
    { "output", b_output, "0000 0008 0006 ffff", NULL },
    { "output controller", b_output_ctl, "0000 0008 fffd 0080", NULL },
    { "eth", b_eth,
      "0004 0010 010203040506 000000000000 0005 0010 010203040506 000000000000",
      NULL },
    { "ipv4", b_ipv4, "0006 0008 0a000001 0007 0008 c0a80002", NULL },
    { "dscp", b_dscp, "0008 0008 b8 000000", NULL },
    { "tcp", b_tcp, "0009 0008 0050 0000 000a 0008 1f90 0000", NULL },
    { "udp", b_udp, "0009 0008 0035 0000 000a 0008 0044 0000",
      "0019 0010 80001a02 0035 000000000000"
      "0019 0010 80001c02 0044 000000000000" },
    { "vlan", b_vlan,
      "0001 0008 0064 0000 0002 0008 05 000000 0003 0008 00000000", NULL },
    { "enqueue", b_enqueue,
      "000b 0010 0002 000000000000 00000003"
      "000b 0010 fff8 000000000000 00000004", NULL },
    { "vendor", b_vendor, "ffff 0010 00002320 000102030405 0000", NULL },
};

static void
test_encode10(void)
{
    for (size_t i = 0; i < N_ELEMS(to10); i++) {
        struct ofm_actions a;
        ofm_actions_init(&a);
        to10[i].build(&a);

        uint8_t stub[256];
        struct ofm_buf out;
        ofm_buf_use_stub(&out, stub, sizeof stub);
        ofm_buf_put(&out, "pre", 3);
        int error = ofm_actions_encode(ofm_actions_data(&a),
                                       ofm_actions_size(&a), OFP10_VERSION,
                                       &out);
        CU_ASSERT_EQUAL(error, 0);
        CU_ASSERT_EQUAL(memcmp(out.data, "pre", 3), 0);
        assert_hex(to10[i].name, out.data + 3, out.size - 3, to10[i].of10);

        /* Back to 1.3. */
        struct ofm_rd rd = ofm_rd_init(out.data + 3, out.size - 3);
        struct ofm_actions back;
        ofm_actions_init(&back);
        CU_ASSERT_EQUAL(ofm_actions_decode(&rd, out.size - 3, OFP10_VERSION,
                                           &back.buf), 0);
        CU_ASSERT_EQUAL(rd.left, 0);
        if (to10[i].back) {
            assert_hex(to10[i].name, ofm_actions_data(&back),
                       ofm_actions_size(&back), to10[i].back);
        } else {
            CU_ASSERT_EQUAL(ofm_actions_size(&back), ofm_actions_size(&a));
            CU_ASSERT_EQUAL(memcmp(ofm_actions_data(&back),
                                   ofm_actions_data(&a),
                                   ofm_actions_size(&a)), 0);
        }

        /* 1.3 encoding is the list itself. */
        ofm_buf_clear(&out);
        CU_ASSERT_EQUAL(ofm_actions_encode(ofm_actions_data(&a),
                                           ofm_actions_size(&a),
                                           OFP13_VERSION, &out), 0);
        CU_ASSERT_EQUAL(out.size, ofm_actions_size(&a));
        CU_ASSERT_EQUAL(ofm_actions_encode(ofm_actions_data(&a),
                                           ofm_actions_size(&a), 2, &out),
                        EPROTONOSUPPORT);
        ofm_actions_uninit(&back);
        ofm_actions_uninit(&a);
        ofm_buf_uninit(&out);
    }
}

/* 1.0 forms decoded to 1.3 that are not the image of an encoding. */
static void
test_decode10(void)
{
    static const struct { const char *of10, *of13; } cases[] = {
        /* SET_TP_* become tcp ports; SET_VLAN_VID gains OFPVID_PRESENT;
         * SET_NW_TOS keeps the DSCP bits; output ports map to 32 bits. */
        { "0009 0008 0035 0000", "0019 0010 80001a02 0035 000000000000" },
        { "0001 0008 0fff 0000", "0019 0010 80000c02 1fff 000000000000" },
        { "0008 0008 ff 000000", "0019 0010 80001001 3f 00000000000000" },
        { "0000 0008 fffb 0000", "0000 0010 fffffffb 0000 000000000000" },
        { "0000 0008 ffff 0000", "0000 0010 ffffffff 0000 000000000000" },
        { "000b 0010 0007 000000000000 00000009",
          "0015 0008 00000009 0000 0010 00000007 0000 000000000000" },
        { "", "" },
    };
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        uint8_t in[64];
        size_t n = tu_unhex(cases[i].of10, in, sizeof in);
        uint8_t *copy = malloc(n + 1);
        memcpy(copy, in, n);
        struct ofm_rd rd = ofm_rd_init(copy, n);
        struct ofm_actions a;
        ofm_actions_init(&a);
        CU_ASSERT_EQUAL(ofm_actions_decode(&rd, n, OFP10_VERSION, &a.buf), 0);
        assert_hex(cases[i].of10, ofm_actions_data(&a), ofm_actions_size(&a),
                   cases[i].of13);
        ofm_actions_uninit(&a);
        free(copy);
    }
}

/* 1.3 actions 1.0 cannot express. */
static void u_group(struct ofm_actions *a) { ofm_act_group(a, 1); }
static void u_queue_alone(struct ofm_actions *a) { ofm_act_set_queue(a, 1); }
static void u_queue_flood(struct ofm_actions *a)
{
    ofm_act_set_queue(a, 1);
    ofm_act_output(a, OFPP_FLOOD, 0);
}
static void u_queue_gap(struct ofm_actions *a)
{
    ofm_act_set_queue(a, 1);
    ofm_act_pop_vlan(a);
    ofm_act_output(a, 1, 0);
}
static void u_push_vlan(struct ofm_actions *a) { ofm_act_push_vlan(a, 0x8100); }
static void u_metadata(struct ofm_actions *a)
{
    ofm_act_set_field(a, OFPXMT_METADATA, "\0\0\0\0\0\0\0\1");
}
static void u_ecn(struct ofm_actions *a)
{
    ofm_act_set_field(a, OFPXMT_IP_ECN, "\1");
}
static void u_big_port(struct ofm_actions *a)
{
    ofm_act_output(a, 1, 0);
    ofm_act_output(a, 0x12345, 0);
}
static void u_dec_ttl(struct ofm_actions *a) { ofm_act_dec_nw_ttl(a); }
static void u_exp_oxm(struct ofm_actions *a)
{
    static const uint8_t oxm[] = { 0x00, 0x01, 0x3e, 0x04, 1, 2, 3, 4 };
    ofm_act_set_field_oxm(a, oxm, sizeof oxm);
}

static void
test_encode10_unsupported(void)
{
    static void (*const builders[])(struct ofm_actions *) = {
        u_group, u_queue_alone, u_queue_flood, u_queue_gap, u_push_vlan,
        u_metadata, u_ecn, u_big_port, u_dec_ttl, u_exp_oxm,
    };
    for (size_t i = 0; i < N_ELEMS(builders); i++) {
        struct ofm_actions a;
        ofm_actions_init(&a);
        builders[i](&a);
        struct ofm_buf out;
        ofm_buf_init(&out);
        ofm_buf_put(&out, "pre", 3);
        CU_ASSERT_EQUAL(ofm_actions_encode(ofm_actions_data(&a),
                                           ofm_actions_size(&a),
                                           OFP10_VERSION, &out), EOPNOTSUPP);
        CU_ASSERT_EQUAL(out.size, 3);
        ofm_buf_uninit(&out);
        ofm_actions_uninit(&a);
    }
}

/* Malformed action lists: (version, bytes, error). */
static const struct {
    const char *name;
    uint8_t version;
    const char *hex;
    int error;
} bad_actions[] = {
    { "len 0", OFP13_VERSION, "0000 0000 00000000", OFM_ERR_BAD_ACTION_LEN },
    { "len 0 (1.0)", OFP10_VERSION, "0000 0000 00000000", OFM_ERR_BAD_ACTION_LEN },
    { "len 0 after a good one", OFP13_VERSION,
      "0012 0008 00000000 0012 0000 00000000", OFM_ERR_BAD_ACTION_LEN },
    { "len 4", OFP13_VERSION, "0012 0004 00000000", OFM_ERR_BAD_ACTION_LEN },
    { "len 12", OFP13_VERSION, "ffff 000c 00002320 00000000 00000000",
      OFM_ERR_BAD_ACTION_LEN },
    { "len 12 (1.0)", OFP10_VERSION, "ffff 000c 00002320 00000000 00000000",
      OFM_ERR_BAD_ACTION_LEN },
    { "len past end", OFP13_VERSION, "ffff 0018 00002320 00000000",
      OFM_ERR_BAD_ACTION_LEN },
    { "trailing bytes", OFP13_VERSION, "0012 0008 00000000 0012 0008",
      OFM_ERR_BAD_ACTION_LEN },
    { "unknown type", OFP13_VERSION, "0063 0008 00000000", OFM_ERR_BAD_ACTION_TYPE },
    { "1.1 type in 1.3", OFP13_VERSION, "0003 0008 00000000",
      OFM_ERR_BAD_ACTION_TYPE },
    { "unknown type (1.0)", OFP10_VERSION, "000c 0008 00000000",
      OFM_ERR_BAD_ACTION_TYPE },
    { "output of 8 (1.3)", OFP13_VERSION, "0000 0008 00000001",
      OFM_ERR_BAD_ACTION_LEN },
    { "output of 16 (1.0)", OFP10_VERSION, "0000 0010 0001 0000 0000000000000000",
      OFM_ERR_BAD_ACTION_LEN },
    { "set_dl_src of 8 (1.0)", OFP10_VERSION, "0004 0008 01020304",
      OFM_ERR_BAD_ACTION_LEN },
    { "group of 16", OFP13_VERSION, "0016 0010 00000001 0000000000000000",
      OFM_ERR_BAD_ACTION_LEN },
    { "set-field, empty OXM", OFP13_VERSION, "0019 0008 80000600",
      OFM_ERR_BAD_ACTION_LEN },
    { "set-field, OXM past action", OFP13_VERSION,
      "0019 0010 80000610 0102030405060000", OFM_ERR_BAD_ACTION_LEN },
    { "set-field, masked", OFP13_VERSION, "0019 0010 80001708 0a000000 ffffff00",
      OFM_ERR_BAD_ARGUMENT },
    { "set-field, eth_src of 4", OFP13_VERSION, "0019 0010 80000804 01020304 00000000",
      OFM_ERR_BAD_ACTION_LEN },
    { "set-field, over-padded", OFP13_VERSION,
      "0019 0018 80000a02 0800 000000000000 0000000000000000",
      OFM_ERR_BAD_ACTION_LEN },
};

static void
test_malformed_actions(void)
{
    for (size_t i = 0; i < N_ELEMS(bad_actions); i++) {
        uint8_t in[64];
        size_t n = tu_unhex(bad_actions[i].hex, in, sizeof in);
        uint8_t *copy = malloc(n);
        memcpy(copy, in, n);
        int error = ofm_actions_check(copy, n, bad_actions[i].version);
        if (error != bad_actions[i].error) {
            fprintf(stderr, "%s: got %d (%s)\n", bad_actions[i].name, error,
                    ofm_err_str(error));
        }
        CU_ASSERT_EQUAL(error, bad_actions[i].error);

        /* Decoding fails the same way and appends nothing. */
        struct ofm_rd rd = ofm_rd_init(copy, n);
        struct ofm_buf out;
        ofm_buf_init(&out);
        CU_ASSERT_EQUAL(ofm_actions_decode(&rd, n, bad_actions[i].version,
                                           &out), bad_actions[i].error);
        CU_ASSERT_EQUAL(out.size, 0);
        /* So does encoding a 1.3 list. */
        if (bad_actions[i].version == OFP13_VERSION) {
            CU_ASSERT_EQUAL(ofm_actions_encode(copy, n, OFP10_VERSION, &out),
                            bad_actions[i].error);
            CU_ASSERT_EQUAL(out.size, 0);
        }
        ofm_buf_uninit(&out);
        free(copy);
    }

    /* More bytes asked for than the reader has. */
    static const uint8_t one[] = { 0x00, 0x12, 0x00, 0x08, 0, 0, 0, 0 };
    struct ofm_rd rd = ofm_rd_init(one, sizeof one);
    struct ofm_buf out;
    ofm_buf_init(&out);
    CU_ASSERT_EQUAL(ofm_actions_decode(&rd, 16, OFP13_VERSION, &out),
                    OFM_ERR_BAD_LEN);
    CU_ASSERT_EQUAL(ofm_actions_decode(&rd, 8, 7, &out), OFM_ERR_BAD_VERSION);
    CU_ASSERT_EQUAL(ofm_actions_decode(&rd, 8, OFP13_VERSION, &out), 0);
    CU_ASSERT_EQUAL(out.size, 8);
    CU_ASSERT_EQUAL(rd.left, 0);
    ofm_buf_uninit(&out);
}

/* Malformed instruction lists. */
static const struct {
    const char *name;
    const char *hex;
    int error;
} bad_insts[] = {
    { "len 0", "0001 0000 01000000", OFM_ERR_BAD_INSTRUCTION_LEN },
    { "len 0 after goto", "0001 0008 01000000 0005 0000 00000000",
      OFM_ERR_BAD_INSTRUCTION_LEN },
    { "len 4", "0005 0004 00000000", OFM_ERR_BAD_INSTRUCTION_LEN },
    { "len 12", "0004 000c 00000000 00000000", OFM_ERR_BAD_INSTRUCTION_LEN },
    { "len past end", "0004 0018 00000000 0012000800000000",
      OFM_ERR_BAD_INSTRUCTION_LEN },
    { "trailing bytes", "0005 0008 00000000 0005", OFM_ERR_BAD_INSTRUCTION_LEN },
    { "goto of 16", "0001 0010 01000000 0000000000000000",
      OFM_ERR_BAD_INSTRUCTION_LEN },
    { "metadata of 16", "0002 0010 00000000 0000000000000001",
      OFM_ERR_BAD_INSTRUCTION_LEN },
    { "unknown type", "0008 0008 00000000", OFM_ERR_BAD_INSTRUCTION },
    { "stat trigger without thresholds", "0007 0008 00000000",
      OFM_ERR_BAD_INSTRUCTION_LEN },
    { "stat trigger thresholds past it", "0007 0010 00000000 0000 000c 00000000",
      OFM_ERR_BAD_INSTRUCTION_LEN },
    { "action len 0 inside", "0004 0010 00000000 0000 0000 00000000",
      OFM_ERR_BAD_ACTION_LEN },
    { "action past instruction", "0004 0010 00000000 0000 0010 00000001 "
      "0000 0000 00000000", OFM_ERR_BAD_ACTION_LEN },
};

static void
test_malformed_insts(void)
{
    for (size_t i = 0; i < N_ELEMS(bad_insts); i++) {
        uint8_t in[64];
        size_t n = tu_unhex(bad_insts[i].hex, in, sizeof in);
        uint8_t *copy = malloc(n);
        memcpy(copy, in, n);
        int error = ofm_insts_check(copy, n);
        if (error != bad_insts[i].error) {
            fprintf(stderr, "%s: got %d (%s)\n", bad_insts[i].name, error,
                    ofm_err_str(error));
        }
        CU_ASSERT_EQUAL(error, bad_insts[i].error);
        free(copy);
    }
    CU_ASSERT_EQUAL(ofm_insts_check(NULL, 0), 0);
}

int
main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        return 1;
    }
    CU_pSuite s = CU_add_suite("action", NULL, NULL);
    CU_add_test(s, "builders", test_builders);
    CU_add_test(s, "encode 1.0", test_encode10);
    CU_add_test(s, "decode 1.0", test_decode10);
    CU_add_test(s, "encode 1.0 unsupported", test_encode10_unsupported);
    CU_add_test(s, "malformed actions", test_malformed_actions);
    CU_add_test(s, "malformed instructions", test_malformed_insts);
    return tu_run();
}
