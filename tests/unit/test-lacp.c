/* The LACP logic of lacplib.so (plugins/lacp-state.c) without a switch:
 * LACPDUs captured from Open vSwitch and crafted malformed ones, bonds,
 * enabling and timeouts, the replies and periodic LACPDUs we send, the
 * monitoring flow and FLOW_REMOVED messages of both OpenFlow versions. */
#include <config.h>
#include "../../plugins/lacp-state.h"

#include <CUnit/Basic.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "test-util.h"

/* ---- Vectors ---- */

/* An LACPDU Open vSwitch 3.1 sent from bond member p1-eth1 (port 1, MAC
 * 00:00:00:00:00:11, lacp=active, lacp-time=fast) to s1 port 1: actor
 * state 0x3f (active, short timeout, aggregation, in sync, collecting,
 * distributing), partner: our system 4a:cd:20:25:12:4f, key 1, port 1,
 * state 0x0e. */
static const char ovs_lacpdu[] =
    "0180c2000002 000000000011 8809"
    "01 01"
    "01 14 fffe 000000000011 0001 ffff 0001 3f 000000"
    "02 14 ffff 4acd2025124f 0001 00ff 0001 0e 000000"
    "03 10 0000 000000000000000000000000"
    "00 00 0000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000";

/* Our answer to it, as captured on the wire: from s1-eth1
 * (52:0f:41:3c:5d:3d), actor system = s1's LOCAL MAC 4a:cd:20:25:12:4f,
 * priority 65535, key 1 (the first bond), port priority 255, port 1, state
 * 0x3e; partner: what OVS said about itself. */
static const char our_reply[] =
    "0180c2000002 520f413c5d3d 8809"
    "01 01"
    "01 14 ffff 4acd2025124f 0001 00ff 0001 3e 000000"
    "02 14 fffe 000000000011 0001 ffff 0001 3f 000000"
    "03 10 0000 000000000000000000000000"
    "00 00 0000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000";

static const uint8_t local_mac[6] = { 0x4a, 0xcd, 0x20, 0x25, 0x12, 0x4f };
static const uint8_t port1_mac[6] = { 0x52, 0x0f, 0x41, 0x3c, 0x5d, 0x3d };
static const uint8_t partner1_mac[6] = { 0, 0, 0, 0, 0, 0x11 };

/* FLOW_REMOVED of the monitoring flow of port 1 (idle timeout), OpenFlow
 * 1.3: priority 65535, idle_timeout 3, in_port=1, eth_src=..:11,
 * eth_type=0x8809. */
static const char flow_removed13[] =
    "04 0b 0050 00000000"
    "0000000000000000 ffff 00 00 00000005 00000000 0003 0000"
    "0000000000000005 000000000000026c"
    "0001 001c 80000004 00000001 80000806 000000000011 80000a02 8809 00000000";

/* The same in OpenFlow 1.0: wildcards all but in_port, dl_src, dl_type. */
static const char flow_removed10[] =
    "01 0b 0058 00000000"
    "003fffea 0001 000000000011 000000000000 0000 00 00 8809 00 00 0000"
    "00000000 00000000 0000 0000"
    "0000000000000000 ffff 00 00 00000005 00000000 0003 0000"
    "0000000000000005 000000000000026c";

/* The monitoring flow for port 1, OpenFlow 1.3 (xid 7): ADD, idle 3,
 * priority 65535, no buffer, SEND_FLOW_REM, in_port + eth_src +
 * eth_type, apply output:CONTROLLER max_len 65509 (OFPCML_MAX). */
static const char flow_mod13[] =
    "04 0e 0068 00000007"
    "0000000000000000 0000000000000000 00 00 0003 0000 ffff ffffffff"
    "ffffffff ffffffff 0001 0000"
    "0001 001c 80000004 00000001 80000806 000000000011 80000a02 8809 00000000"
    "0004 0018 00000000 0000 0010 fffffffd ffe5 000000000000";

/* And 1.0: the match, then ADD, idle 3, priority 65535, out_port NONE,
 * SEND_FLOW_REM, output:CONTROLLER max_len 65509. */
static const char flow_mod10[] =
    "01 0e 0050 00000007"
    "003fffea 0001 000000000011 000000000000 0000 00 00 8809 00 00 0000"
    "00000000 00000000 0000 0000"
    "0000000000000000 0000 0003 0000 ffff ffffffff ffff 0001"
    "0000 0008 fffd ffe5";

/* ---- Helpers ---- */

static size_t
unhex(const char *s, uint8_t *buf, size_t max)
{
    return tu_unhex(s, buf, max);
}

/* Classifies the first 'size' bytes of 'frame' from an exact-size heap
 * copy, so that ASan sees any read past the end. */
static enum lacp_frame_kind
classify(const uint8_t *frame, size_t size, struct ofm_lacp *pdu, uint8_t src[6],
         char *why, size_t why_size)
{
    uint8_t *copy = malloc(size ? size : 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
    memcpy(copy, frame, size);
    why[0] = '\0';
    enum lacp_frame_kind kind = lacp_frame_classify(copy, size, pdu, src, why, why_size);
    free(copy);
    return kind;
}

/* A table with one passive bond on datapath 1, ports 1 and 2. */
static void
table_with_bond(struct lacp_table *t, enum ofm_lacp_mode mode, enum ofm_lacp_rate rate)
{
    static const uint32_t ports[] = { 1, 2 };
    struct ofm_lacp_bond bond = { 1, ports, 2, mode, rate };
    char err[256];
    lacp_table_init(t);
    CU_ASSERT_EQUAL_FATAL(lacp_table_add(t, &bond, err, sizeof err), 0);
}

/* OVS's LACPDU, decoded. */
static void
ovs_pdu(struct ofm_lacp *pdu, uint8_t src[6])
{
    uint8_t frame[256];
    char why[128];
    size_t n = unhex(ovs_lacpdu, frame, sizeof frame);
    CU_ASSERT_EQUAL_FATAL(classify(frame, n, pdu, src, why, sizeof why), LACP_FRAME_LACPDU);
}

/* ---- Telling LACPDUs from other frames ---- */

static void
test_classify_ovs_lacpdu(void)
{
    uint8_t frame[256], src[6];
    struct ofm_lacp pdu;
    char why[128];
    size_t n = unhex(ovs_lacpdu, frame, sizeof frame);
    CU_ASSERT_EQUAL_FATAL(n, 124);

    CU_ASSERT_EQUAL(classify(frame, n, &pdu, src, why, sizeof why), LACP_FRAME_LACPDU);
    CU_ASSERT_EQUAL(memcmp(src, partner1_mac, 6), 0);
    CU_ASSERT_EQUAL(pdu.version, 1);
    CU_ASSERT_EQUAL(pdu.actor.system_priority, 65534);
    CU_ASSERT_EQUAL(memcmp(pdu.actor.system, partner1_mac, 6), 0);
    CU_ASSERT_EQUAL(pdu.actor.key, 1);
    CU_ASSERT_EQUAL(pdu.actor.port_priority, 65535);
    CU_ASSERT_EQUAL(pdu.actor.port, 1);
    CU_ASSERT_EQUAL(pdu.actor.state, 0x3f);
    CU_ASSERT_EQUAL(pdu.partner.system_priority, 65535);
    CU_ASSERT_EQUAL(memcmp(pdu.partner.system, local_mac, 6), 0);
    CU_ASSERT_EQUAL(pdu.partner.port_priority, 255);
    CU_ASSERT_EQUAL(pdu.partner.state, 0x0e);
    CU_ASSERT_EQUAL(pdu.collector_max_delay, 0);
}

/* Every truncation of a valid LACPDU, and one byte too many. */
static void
test_classify_wrong_sizes(void)
{
    uint8_t frame[256], src[6];
    struct ofm_lacp pdu;
    char why[128], want[128];
    size_t n = unhex(ovs_lacpdu, frame, sizeof frame);

    for (size_t size = 0; size < n; size++) {
        enum lacp_frame_kind kind = classify(frame, size, &pdu, src, why, sizeof why);
        if (size < 14) {
            CU_ASSERT_EQUAL(kind, LACP_FRAME_OTHER);
        } else if (size == 14) {
            CU_ASSERT_EQUAL(kind, LACP_FRAME_MALFORMED);
            CU_ASSERT_STRING_EQUAL(why, "slow protocol frame of 14 bytes without a subtype");
        } else {
            CU_ASSERT_EQUAL(kind, LACP_FRAME_MALFORMED);
            snprintf(want, sizeof want, "LACPDU of %zu bytes, not 110", size - 14);
            CU_ASSERT_STRING_EQUAL(why, want);
        }
    }
    frame[n] = 0;
    CU_ASSERT_EQUAL(classify(frame, n + 1, &pdu, src, why, sizeof why), LACP_FRAME_MALFORMED);
    CU_ASSERT_STRING_EQUAL(why, "LACPDU of 111 bytes, not 110");
}

static void
test_classify_malformed(void)
{
    static const struct {
        size_t offset;              /* Byte of the frame to change, */
        uint8_t value;              /* its new value, */
        const char *why;            /* and what we say. */
    } cases[] = {
        { 15, 0, "LACPDU version 0" },
        { 16, 9, "actor information TLV at byte 2 is type 9 length 20, not type 1 length 20" },
        { 17, 19, "actor information TLV at byte 2 is type 1 length 19, not type 1 length 20" },
        { 36, 1, "partner information TLV at byte 22 is type 1 length 20, not type 2 length 20" },
        { 37, 0, "partner information TLV at byte 22 is type 2 length 0, not type 2 length 20" },
        { 56, 4, "collector information TLV at byte 42 is type 4 length 16, not type 3 length 16" },
        { 57, 17, "collector information TLV at byte 42 is type 3 length 17, not type 3 length 16" },
        { 72, 1, "terminator TLV at byte 58 is type 1 length 0, not type 0 length 0" },
        { 73, 2, "terminator TLV at byte 58 is type 0 length 2, not type 0 length 0" },
    };
    uint8_t frame[256], src[6];
    struct ofm_lacp pdu;
    char why[128];
    size_t n = unhex(ovs_lacpdu, frame, sizeof frame);

    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        uint8_t bad[256];
        memcpy(bad, frame, n);
        bad[cases[i].offset] = cases[i].value;
        CU_ASSERT_EQUAL(classify(bad, n, &pdu, src, why, sizeof why), LACP_FRAME_MALFORMED);
        CU_ASSERT_STRING_EQUAL(why, cases[i].why);
    }

    /* A later version with the same layout is understood. */
    frame[15] = 2;
    CU_ASSERT_EQUAL(classify(frame, n, &pdu, src, why, sizeof why), LACP_FRAME_LACPDU);
    CU_ASSERT_EQUAL(pdu.version, 2);
}

static void
test_classify_others(void)
{
    uint8_t frame[256], src[6];
    struct ofm_lacp pdu;
    char why[128];
    size_t n = unhex(ovs_lacpdu, frame, sizeof frame);

    /* Tagged: 802.1Q tag (VLAN 10) inserted before the ethertype. */
    uint8_t tagged[260];
    memcpy(tagged, frame, 12);
    memcpy(tagged + 12, "\x81\x00\x00\x0a", 4);
    memcpy(tagged + 16, frame + 12, n - 12);
    CU_ASSERT_EQUAL(classify(tagged, n + 4, &pdu, src, why, sizeof why), LACP_FRAME_MALFORMED);
    CU_ASSERT_STRING_EQUAL(why, "VLAN-tagged LACPDU (LACPDUs are untagged)");

    /* A marker PDU (subtype 2) and an OAM one (3): slow, not LACP. */
    frame[14] = 2;
    CU_ASSERT_EQUAL(classify(frame, n, &pdu, src, why, sizeof why), LACP_FRAME_SLOW_OTHER);
    frame[14] = 3;
    CU_ASSERT_EQUAL(classify(frame, 60, &pdu, src, why, sizeof why), LACP_FRAME_SLOW_OTHER);

    /* An ARP request: for the switching app. */
    uint8_t arp[64];
    size_t arp_size = unhex("ffffffffffff 000000000022 0806 0001 0800 06 04 0001"
                            "000000000022 0a000002 000000000000 0a000001"
                            "000000000000000000000000000000000000", arp, sizeof arp);
    CU_ASSERT_EQUAL(classify(arp, arp_size, &pdu, src, why, sizeof why), LACP_FRAME_OTHER);
}

/* ---- Bonds ---- */

static void
test_table_add(void)
{
    static const uint32_t one[] = { 1 };
    static const uint32_t twice[] = { 1, 2, 1 };
    static const uint32_t zero[] = { 0, 2 };
    static const uint32_t big[] = { 1, 70000 };
    static const uint32_t reserved[] = { 1, OFPP_LOCAL };
    static const uint32_t ports12[] = { 1, 2 };
    static const uint32_t ports23[] = { 3, 2 };
    static const uint32_t ports34[] = { 3, 4 };
    static const struct {
        struct ofm_lacp_bond bond;
        const char *err;
    } bad[] = {
        { { 5, one, 1, OFM_LACP_PASSIVE, OFM_LACP_FAST },
          "a bond needs at least 2 ports, datapath 0000000000000005 has 1" },
        { { 5, twice, 3, OFM_LACP_PASSIVE, OFM_LACP_FAST },
          "port 1 of datapath 0000000000000005 is listed twice" },
        { { 5, zero, 2, OFM_LACP_PASSIVE, OFM_LACP_FAST },
          "port 0 of datapath 0000000000000005 cannot be a bond member (1 to 65535)" },
        { { 5, big, 2, OFM_LACP_PASSIVE, OFM_LACP_FAST },
          "port 70000 of datapath 0000000000000005 cannot be a bond member (1 to 65535)" },
        { { 5, reserved, 2, OFM_LACP_ACTIVE, OFM_LACP_FAST },
          "port 4294967294 of datapath 0000000000000005 cannot be a bond member (1 to 65535)" },
        { { 1, ports23, 2, OFM_LACP_PASSIVE, OFM_LACP_FAST },
          "port 2 of datapath 0000000000000001 is already in bond 1" },
        { { 1, ports34, 2, (enum ofm_lacp_mode) 7, OFM_LACP_FAST }, "bad LACP mode 7" },
    };
    struct lacp_table t;
    char err[256];

    table_with_bond(&t, OFM_LACP_PASSIVE, OFM_LACP_FAST);
    for (size_t i = 0; i < N_ELEMS(bad); i++) {
        err[0] = '\0';
        CU_ASSERT_EQUAL(lacp_table_add(&t, &bad[i].bond, err, sizeof err), EINVAL);
        CU_ASSERT_STRING_EQUAL(err, bad[i].err);
    }
    CU_ASSERT_EQUAL(t.n_bonds, 1);

    /* Another bond on the same datapath, and the same ports elsewhere. */
    struct ofm_lacp_bond b2 = { 1, ports34, 2, OFM_LACP_ACTIVE, OFM_LACP_SLOW };
    struct ofm_lacp_bond b3 = { 2, ports12, 2, OFM_LACP_PASSIVE, OFM_LACP_FAST };
    CU_ASSERT_EQUAL(lacp_table_add(&t, &b2, err, sizeof err), 0);
    CU_ASSERT_EQUAL(lacp_table_add(&t, &b3, err, sizeof err), 0);
    CU_ASSERT_EQUAL(t.n_bonds, 3);

    struct lacp_bond *b;
    struct lacp_member *m = lacp_table_find(&t, 1, 4, &b);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL(m->port, 4);
    CU_ASSERT_FALSE(m->enabled);
    CU_ASSERT_EQUAL(m->timeout, 0);
    CU_ASSERT_EQUAL(b->key, 2);
    CU_ASSERT_EQUAL(b->mode, OFM_LACP_ACTIVE);
    CU_ASSERT_EQUAL(b->rate, OFM_LACP_SLOW);
    CU_ASSERT_PTR_NOT_NULL(lacp_table_find(&t, 2, 1, &b));
    CU_ASSERT_EQUAL(b->key, 3);
    /* Ports in no bond: LACPDUs there are not answered. */
    CU_ASSERT_PTR_NULL(lacp_table_find(&t, 1, 5, NULL));
    CU_ASSERT_PTR_NULL(lacp_table_find(&t, 2, 3, NULL));
    CU_ASSERT_PTR_NULL(lacp_table_find(&t, 3, 1, NULL));
    lacp_table_destroy(&t);
    lacp_table_destroy(NULL);
}

/* The system id, with and without a LOCAL port. */
static void
test_system_id(void)
{
    static const uint8_t zero[6] = { 0 };
    static const struct {
        const uint8_t *local;
        uint64_t dpid;
        const uint8_t *port;
        uint8_t want[6];
    } cases[] = {
        { local_mac, 1, port1_mac, { 0x4a, 0xcd, 0x20, 0x25, 0x12, 0x4f } },
        { NULL, 1, port1_mac, { 0, 0, 0, 0, 0, 1 } },
        { zero, 0x0000020000abcdefULL, NULL, { 0x02, 0x00, 0x00, 0xab, 0xcd, 0xef } },
        { NULL, 0xffff0123456789abULL, NULL, { 0x00, 0x23, 0x45, 0x67, 0x89, 0xab } },
        { NULL, 0x1234000000000000ULL, port1_mac, { 0x52, 0x0f, 0x41, 0x3c, 0x5d, 0x3d } },
        { NULL, 0, zero, { 0x02, 0, 0, 0, 0, 0 } },
        { NULL, 0, NULL, { 0x02, 0, 0, 0, 0, 0 } },
    };
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        uint8_t sys[6];
        lacp_system_id(cases[i].local, cases[i].dpid, cases[i].port, sys);
        CU_ASSERT_EQUAL(memcmp(sys, cases[i].want, 6), 0);
    }
}

/* ---- Receiving LACPDUs (passive: Ryu's behaviour) ---- */

static void
test_rx_passive(void)
{
    struct lacp_table t;
    struct lacp_bond *b;
    struct ofm_lacp pdu;
    struct lacp_rx rx;
    uint8_t src[6];

    table_with_bond(&t, OFM_LACP_PASSIVE, OFM_LACP_FAST);
    struct lacp_member *m = lacp_table_find(&t, 1, 1, &b);
    ovs_pdu(&pdu, src);

    /* First LACPDU: up, timeout 0 -> 3 s (the partner's short timeout),
     * flow, reply. */
    lacp_member_rx(b, m, &pdu, src, local_mac, 10.0, &rx);
    CU_ASSERT_TRUE(rx.enabled);
    CU_ASSERT_TRUE(rx.timeout_changed);
    CU_ASSERT_TRUE(rx.install_flow);
    CU_ASSERT_TRUE(rx.reply);
    CU_ASSERT_TRUE(m->enabled);
    CU_ASSERT_EQUAL(m->timeout, OFM_LACP_SHORT_TIMEOUT);
    CU_ASSERT_EQUAL(memcmp(m->flow_src, partner1_mac, 6), 0);

    /* The same again: only the reply (Ryu answers every LACPDU). */
    lacp_member_rx(b, m, &pdu, src, local_mac, 11.0, &rx);
    CU_ASSERT_FALSE(rx.enabled);
    CU_ASSERT_FALSE(rx.timeout_changed);
    CU_ASSERT_FALSE(rx.install_flow);
    CU_ASSERT_TRUE(rx.reply);

    /* The partner goes slow: 90 s, a new flow; and fast again. */
    pdu.actor.state &= ~OFM_LACP_STATE_TIMEOUT;
    lacp_member_rx(b, m, &pdu, src, local_mac, 12.0, &rx);
    CU_ASSERT_TRUE(rx.timeout_changed);
    CU_ASSERT_TRUE(rx.install_flow);
    CU_ASSERT_EQUAL(m->timeout, OFM_LACP_LONG_TIMEOUT);
    pdu.actor.state |= OFM_LACP_STATE_TIMEOUT;
    lacp_member_rx(b, m, &pdu, src, local_mac, 13.0, &rx);
    CU_ASSERT_TRUE(rx.timeout_changed);
    CU_ASSERT_EQUAL(m->timeout, OFM_LACP_SHORT_TIMEOUT);

    /* Another device on the wire: a new flow, the timeout unchanged. */
    const uint8_t other[6] = { 0, 0, 0, 0, 0, 0x99 };
    lacp_member_rx(b, m, &pdu, other, local_mac, 14.0, &rx);
    CU_ASSERT_FALSE(rx.enabled);
    CU_ASSERT_FALSE(rx.timeout_changed);
    CU_ASSERT_TRUE(rx.install_flow);
    CU_ASSERT_EQUAL(memcmp(m->flow_src, other, 6), 0);

    /* The other member is untouched. */
    CU_ASSERT_FALSE(lacp_table_find(&t, 1, 2, NULL)->enabled);
    lacp_table_destroy(&t);
}

/* Our reply to OVS's LACPDU, byte for byte as captured. */
static void
test_reply_bytes(void)
{
    struct lacp_table t;
    struct lacp_bond *b;
    struct ofm_lacp pdu, reply;
    struct lacp_rx rx;
    uint8_t src[6];

    table_with_bond(&t, OFM_LACP_PASSIVE, OFM_LACP_FAST);
    struct lacp_member *m = lacp_table_find(&t, 1, 1, &b);
    ovs_pdu(&pdu, src);
    lacp_member_rx(b, m, &pdu, src, local_mac, 10.0, &rx);
    lacp_build_pdu(b, m, local_mac, &reply);

    CU_ASSERT_EQUAL(reply.actor.system_priority, LACP_SYSTEM_PRIORITY);
    CU_ASSERT_EQUAL(memcmp(reply.actor.system, local_mac, 6), 0);
    CU_ASSERT_EQUAL(reply.actor.key, 1);
    CU_ASSERT_EQUAL(reply.actor.port_priority, LACP_PORT_PRIORITY);
    CU_ASSERT_EQUAL(reply.actor.port, 1);
    CU_ASSERT_EQUAL(reply.actor.state, OFM_LACP_STATE_TIMEOUT | OFM_LACP_STATE_AGGREGATION
                    | OFM_LACP_STATE_SYNCHRONIZATION | OFM_LACP_STATE_COLLECTING
                    | OFM_LACP_STATE_DISTRIBUTING);
    CU_ASSERT_EQUAL(memcmp(&reply.partner, &pdu.actor, sizeof reply.partner), 0);

    uint8_t want[256];
    size_t want_size = unhex(our_reply, want, sizeof want);
    struct ofm_buf out;
    ofm_buf_init(&out);
    CU_ASSERT_EQUAL(lacp_frame_build(&reply, port1_mac, &out), 0);
    CU_ASSERT_EQUAL(out.size, 124);
    CU_ASSERT_EQUAL(want_size, 124);
    CU_ASSERT_EQUAL(memcmp(out.data, want, want_size), 0);

    /* And it reads back as what it is. */
    struct ofm_lacp back;
    uint8_t back_src[6];
    char why[128];
    CU_ASSERT_EQUAL(classify(out.data, out.size, &back, back_src, why, sizeof why),
                    LACP_FRAME_LACPDU);
    CU_ASSERT_EQUAL(memcmp(&back.actor, &reply.actor, sizeof back.actor), 0);
    CU_ASSERT_EQUAL(memcmp(back_src, port1_mac, 6), 0);
    ofm_buf_uninit(&out);

    /* Before the partner is in sync: no collecting/distributing. */
    pdu.actor.state = OFM_LACP_STATE_ACTIVITY | OFM_LACP_STATE_TIMEOUT
                      | OFM_LACP_STATE_AGGREGATION | OFM_LACP_STATE_DEFAULTED;
    lacp_member_rx(b, m, &pdu, src, local_mac, 11.0, &rx);
    lacp_build_pdu(b, m, local_mac, &reply);
    CU_ASSERT_EQUAL(reply.actor.state, OFM_LACP_STATE_TIMEOUT | OFM_LACP_STATE_AGGREGATION
                    | OFM_LACP_STATE_SYNCHRONIZATION);
    lacp_table_destroy(&t);
}

/* ---- Timeouts ---- */

static void
test_expire(void)
{
    struct lacp_table t;
    struct lacp_bond *b;
    struct ofm_lacp pdu;
    struct lacp_rx rx;
    uint8_t src[6];

    table_with_bond(&t, OFM_LACP_PASSIVE, OFM_LACP_FAST);
    struct lacp_member *m = lacp_table_find(&t, 1, 1, &b);
    ovs_pdu(&pdu, src);
    CU_ASSERT_FALSE(lacp_member_rx_expired(m, 100.0));    /* Never enabled. */
    lacp_member_rx(b, m, &pdu, src, local_mac, 10.0, &rx);

    /* Overdue after exactly the flow's timeout. */
    CU_ASSERT_FALSE(lacp_member_rx_expired(m, 12.99));
    CU_ASSERT_TRUE(lacp_member_rx_expired(m, 13.0));
    lacp_member_rx(b, m, &pdu, src, local_mac, 12.5, &rx);
    CU_ASSERT_FALSE(lacp_member_rx_expired(m, 13.0));

    /* Disabled once; then the timeout starts again from 0 (Ryu), so the
     * next LACPDU enables it and installs the flow again. */
    CU_ASSERT_TRUE(lacp_member_expire(m));
    CU_ASSERT_FALSE(m->enabled);
    CU_ASSERT_EQUAL(m->timeout, 0);
    CU_ASSERT_FALSE(m->have_partner);
    CU_ASSERT_FALSE(lacp_member_expire(m));
    CU_ASSERT_FALSE(lacp_member_rx_expired(m, 100.0));
    lacp_member_rx(b, m, &pdu, src, local_mac, 20.0, &rx);
    CU_ASSERT_TRUE(rx.enabled);
    CU_ASSERT_TRUE(rx.timeout_changed);
    CU_ASSERT_TRUE(rx.install_flow);

    /* A disconnected datapath forgets everything. */
    lacp_table_reset_dp(&t, 2);
    CU_ASSERT_TRUE(m->enabled);
    lacp_table_reset_dp(&t, 1);
    CU_ASSERT_FALSE(m->enabled);
    CU_ASSERT_EQUAL(m->timeout, 0);
    lacp_table_destroy(&t);
}

/* ---- The monitoring flow and FLOW_REMOVED ---- */

static void
test_flow_mod(void)
{
    static const struct {
        uint8_t version;
        const char *hex;
    } cases[] = {
        { OFP13_VERSION, flow_mod13 },
        { OFP10_VERSION, flow_mod10 },
    };
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        struct ofm_flow_mod fm;
        struct ofm_match match;
        struct ofm_insts insts;
        struct ofm_buf out;
        uint8_t want[256];
        size_t want_size = unhex(cases[i].hex, want, sizeof want);

        lacp_flow_build(&fm, &match, &insts, 1, partner1_mac, OFM_LACP_SHORT_TIMEOUT);
        ofm_buf_init(&out);
        CU_ASSERT_EQUAL(ofm_encode_flow_mod(&out, cases[i].version, 7, &fm), 0);
        CU_ASSERT_EQUAL(out.size, want_size);
        CU_ASSERT_EQUAL(memcmp(out.data, want, want_size < out.size ? want_size : out.size), 0);
        ofm_buf_uninit(&out);
        ofm_insts_uninit(&insts);
    }
}

static void
decode_removed(const char *hex, struct ofm_flow_removed *fr, uint8_t *buf, size_t max)
{
    struct ofm_msg msg;
    size_t n = unhex(hex, buf, max);
    CU_ASSERT_EQUAL_FATAL(ofm_msg_init(&msg, buf, n), 0);
    CU_ASSERT_EQUAL_FATAL(ofm_decode_flow_removed(&msg, fr), 0);
}

static void
test_flow_removed(void)
{
    static const char *const vectors[] = { flow_removed13, flow_removed10 };
    for (size_t v = 0; v < N_ELEMS(vectors); v++) {
        struct lacp_table t;
        struct lacp_bond *b;
        struct lacp_member *m, *got = NULL;
        struct ofm_lacp pdu;
        struct ofm_flow_removed fr, changed;
        struct lacp_rx rx;
        uint8_t src[6], buf[256];

        table_with_bond(&t, OFM_LACP_PASSIVE, OFM_LACP_FAST);
        m = lacp_table_find(&t, 1, 1, &b);
        decode_removed(vectors[v], &fr, buf, sizeof buf);
        CU_ASSERT_EQUAL(fr.reason, OFPRR_IDLE_TIMEOUT);
        CU_ASSERT_EQUAL(fr.idle_timeout, 3);

        /* Before the member was ever enabled: an old flow. */
        CU_ASSERT_EQUAL(lacp_flow_removed(&t, 1, &fr, &got, NULL), LACP_REMOVED_STALE);
        CU_ASSERT_PTR_EQUAL(got, m);

        ovs_pdu(&pdu, src);
        lacp_member_rx(b, m, &pdu, src, local_mac, 10.0, &rx);
        got = NULL;
        CU_ASSERT_EQUAL(lacp_flow_removed(&t, 1, &fr, &got, NULL), LACP_REMOVED_CURRENT);
        CU_ASSERT_PTR_EQUAL(got, m);

        /* Replaced flows: another timeout, another source. */
        changed = fr;
        changed.idle_timeout = 90;
        CU_ASSERT_EQUAL(lacp_flow_removed(&t, 1, &changed, &got, NULL), LACP_REMOVED_STALE);
        changed = fr;
        ofm_match_set_eth_src(&changed.match, (const uint8_t[6]) { 0, 0, 0, 0, 0, 0x12 });
        CU_ASSERT_EQUAL(lacp_flow_removed(&t, 1, &changed, &got, NULL), LACP_REMOVED_STALE);

        /* Not a monitoring flow of a member. */
        CU_ASSERT_EQUAL(lacp_flow_removed(&t, 2, &fr, &got, NULL), LACP_REMOVED_OTHER);
        changed = fr;
        changed.priority = 1;
        CU_ASSERT_EQUAL(lacp_flow_removed(&t, 1, &changed, &got, NULL), LACP_REMOVED_OTHER);
        changed = fr;
        ofm_match_set_eth_type(&changed.match, 0x0800);
        CU_ASSERT_EQUAL(lacp_flow_removed(&t, 1, &changed, &got, NULL), LACP_REMOVED_OTHER);
        changed = fr;
        ofm_match_set_in_port(&changed.match, 5);
        CU_ASSERT_EQUAL(lacp_flow_removed(&t, 1, &changed, &got, NULL), LACP_REMOVED_OTHER);
        changed = fr;
        ofm_match_clear(&changed.match, OFPXMT_IN_PORT);
        CU_ASSERT_EQUAL(lacp_flow_removed(&t, 1, &changed, &got, NULL), LACP_REMOVED_OTHER);

        /* What lacplib does with a current one: disable, once. */
        CU_ASSERT_TRUE(lacp_member_expire(m));
        CU_ASSERT_EQUAL(lacp_flow_removed(&t, 1, &fr, &got, NULL), LACP_REMOVED_STALE);
        lacp_table_destroy(&t);
    }
}

/* ---- Active mode ---- */

static void
test_active_periodic(void)
{
    struct lacp_table t;
    struct lacp_bond *b;
    struct ofm_lacp pdu, ours;
    struct lacp_rx rx;
    uint8_t src[6];

    table_with_bond(&t, OFM_LACP_ACTIVE, OFM_LACP_FAST);
    struct lacp_member *m = lacp_table_find(&t, 1, 2, &b);

    /* Nobody heard yet: due at once, then every second, defaulted. */
    CU_ASSERT_TRUE(lacp_member_tx_due(b, m, 100.0));
    CU_ASSERT_FALSE(lacp_member_tx_due(b, m, 100.0));
    CU_ASSERT_FALSE(lacp_member_tx_due(b, m, 100.5));
    CU_ASSERT_TRUE(lacp_member_tx_due(b, m, 100.95));   /* Timer slack. */
    CU_ASSERT_FALSE(lacp_member_tx_due(b, m, 101.5));
    CU_ASSERT_TRUE(lacp_member_tx_due(b, m, 102.0));
    lacp_build_pdu(b, m, local_mac, &ours);
    CU_ASSERT_EQUAL(ours.actor.state, OFM_LACP_STATE_ACTIVITY | OFM_LACP_STATE_TIMEOUT
                    | OFM_LACP_STATE_AGGREGATION | OFM_LACP_STATE_DEFAULTED);
    CU_ASSERT_EQUAL(ours.actor.port, 2);
    CU_ASSERT_EQUAL(ours.actor.key, 1);
    const struct ofm_lacp_info zero = { 0 };
    CU_ASSERT_EQUAL(memcmp(&ours.partner, &zero, sizeof zero), 0);

    /* A passive partner (OVS lacp=passive, fast) answers: it does not know
     * us yet, so we answer at once; enabled, 3 s flow. */
    ovs_pdu(&pdu, src);
    pdu.actor.state = OFM_LACP_STATE_TIMEOUT | OFM_LACP_STATE_AGGREGATION
                      | OFM_LACP_STATE_SYNCHRONIZATION;
    pdu.actor.port = 2;
    memset(&pdu.partner, 0, sizeof pdu.partner);
    lacp_member_rx(b, m, &pdu, src, local_mac, 102.1, &rx);
    CU_ASSERT_TRUE(rx.enabled);
    CU_ASSERT_TRUE(rx.timeout_changed);
    CU_ASSERT_EQUAL(m->timeout, OFM_LACP_SHORT_TIMEOUT);
    CU_ASSERT_TRUE(rx.reply);

    /* Once it says back what we are, no extra reply: the periodic ones do. */
    lacp_build_pdu(b, m, local_mac, &ours);
    CU_ASSERT_EQUAL(ours.actor.state, OFM_LACP_STATE_ACTIVITY | OFM_LACP_STATE_TIMEOUT
                    | OFM_LACP_STATE_AGGREGATION | OFM_LACP_STATE_SYNCHRONIZATION
                    | OFM_LACP_STATE_COLLECTING | OFM_LACP_STATE_DISTRIBUTING);
    pdu.partner = ours.actor;
    lacp_member_rx(b, m, &pdu, src, local_mac, 102.5, &rx);
    CU_ASSERT_FALSE(rx.reply);
    CU_ASSERT_FALSE(rx.install_flow);
    /* Collecting/distributing are not need-to-transmit bits. */
    pdu.partner.state &= ~OFM_LACP_STATE_COLLECTING;
    lacp_member_rx(b, m, &pdu, src, local_mac, 102.6, &rx);
    CU_ASSERT_FALSE(rx.reply);
    /* Its idea of our key is wrong: answer. */
    pdu.partner.key = 9;
    lacp_member_rx(b, m, &pdu, src, local_mac, 102.7, &rx);
    CU_ASSERT_TRUE(rx.reply);

    /* The partner asks for slow LACPDUs: every 30 s from then on. */
    pdu.actor.state &= ~OFM_LACP_STATE_TIMEOUT;
    lacp_member_rx(b, m, &pdu, src, local_mac, 102.8, &rx);
    CU_ASSERT_FALSE(rx.timeout_changed);    /* Our own rate decides it. */
    CU_ASSERT_TRUE(lacp_member_tx_due(b, m, 103.0));
    CU_ASSERT_FALSE(lacp_member_tx_due(b, m, 104.0));
    CU_ASSERT_FALSE(lacp_member_tx_due(b, m, 132.8));
    CU_ASSERT_TRUE(lacp_member_tx_due(b, m, 133.0));
    lacp_table_destroy(&t);

    /* A slow active bond asks for the long timeout; a passive one never
     * sends on its own. */
    table_with_bond(&t, OFM_LACP_ACTIVE, OFM_LACP_SLOW);
    m = lacp_table_find(&t, 1, 1, &b);
    CU_ASSERT_TRUE(lacp_member_tx_due(b, m, 5.0));
    CU_ASSERT_FALSE(lacp_member_tx_due(b, m, 6.0));
    CU_ASSERT_TRUE(lacp_member_tx_due(b, m, 35.0));
    lacp_build_pdu(b, m, local_mac, &ours);
    CU_ASSERT_EQUAL(ours.actor.state, OFM_LACP_STATE_ACTIVITY | OFM_LACP_STATE_AGGREGATION
                    | OFM_LACP_STATE_DEFAULTED);
    ovs_pdu(&pdu, src);
    lacp_member_rx(b, m, &pdu, src, local_mac, 36.0, &rx);
    CU_ASSERT_EQUAL(m->timeout, OFM_LACP_LONG_TIMEOUT);
    lacp_table_destroy(&t);

    table_with_bond(&t, OFM_LACP_PASSIVE, OFM_LACP_FAST);
    m = lacp_table_find(&t, 1, 1, &b);
    CU_ASSERT_FALSE(lacp_member_tx_due(b, m, 0.0));
    CU_ASSERT_FALSE(lacp_member_tx_due(b, m, 1000.0));
    lacp_table_destroy(&t);
}

int
main(void)
{
    CU_initialize_registry();
    CU_pSuite frames = CU_add_suite("lacp frames", NULL, NULL);
    CU_add_test(frames, "an LACPDU from Open vSwitch", test_classify_ovs_lacpdu);
    CU_add_test(frames, "every wrong size", test_classify_wrong_sizes);
    CU_add_test(frames, "malformed TLVs and version", test_classify_malformed);
    CU_add_test(frames, "tagged, marker, not slow", test_classify_others);
    CU_pSuite state = CU_add_suite("lacp state", NULL, NULL);
    CU_add_test(state, "bonds", test_table_add);
    CU_add_test(state, "system id, with and without LOCAL", test_system_id);
    CU_add_test(state, "passive: enable, timeout changes", test_rx_passive);
    CU_add_test(state, "the reply, byte for byte", test_reply_bytes);
    CU_add_test(state, "timeouts", test_expire);
    CU_add_test(state, "active: periodic LACPDUs", test_active_periodic);
    CU_pSuite flows = CU_add_suite("lacp flows", NULL, NULL);
    CU_add_test(flows, "the monitoring flow, 1.3 and 1.0", test_flow_mod);
    CU_add_test(flows, "FLOW_REMOVED, 1.3 and 1.0", test_flow_removed);
    return tu_run();
}
