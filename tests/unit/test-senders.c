/* Every public sender (ofm_dp_send_*), over a socketpair to a switch that
 * completed the OpenFlow 1.3 handshake: the bytes queued are read back on
 * the switch's side and decoded by hand, and the xid each typed sender
 * reports is the one in its message. */
#include <config.h>
#include "../../manager/manager.h"

#include <CUnit/Basic.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "test-sw.h"
#include "test-util.h"

static struct ofm_dp *dp;

/* Reads one message the controller sent into 'buf'; returns its length. */
static size_t
sw_read_msg(uint8_t *buf, size_t size)
{
    tsw_pump();
    ssize_t n = read(tsw_fd, buf, 8);
    if (n != 8) {
        return 0;
    }
    size_t len = ofm_get16(buf + 2);
    if (len < 8 || len > size) {
        return 0;
    }
    size_t got = 8;
    while (got < len) {
        n = read(tsw_fd, buf + got, len - got);
        if (n <= 0) {
            return 0;
        }
        got += n;
    }
    return len;
}

/* HELLO, FEATURES_REPLY (dpid 0x42), an empty last PORT_DESC reply: MAIN. */
static void
test_handshake(void)
{
    uint8_t buf[4096];

    tsw_connect();

    uint8_t hello[8], fr[32] = { 0 }, pd[16] = { 0 };
    CU_ASSERT_EQUAL_FATAL(sw_read_msg(buf, sizeof buf), 16);
    CU_ASSERT_EQUAL_FATAL(buf[1], OFPT13_HELLO);
    tsw_header(hello, OFP13_VERSION, OFPT13_HELLO, 8, 1);
    tsw_write(hello, sizeof hello);
    CU_ASSERT_TRUE_FATAL(sw_read_msg(buf, sizeof buf) >= 8);
    CU_ASSERT_EQUAL_FATAL(buf[1], OFPT13_FEATURES_REQUEST);
    tsw_header(fr, OFP13_VERSION, OFPT13_FEATURES_REPLY, 32, ofm_get32(buf + 4));
    ofm_put64(fr + 8, 0x42);
    tsw_write(fr, sizeof fr);
    CU_ASSERT_TRUE_FATAL(sw_read_msg(buf, sizeof buf) >= 8);
    CU_ASSERT_EQUAL_FATAL(buf[1], OFPT13_MULTIPART_REQUEST);
    tsw_header(pd, OFP13_VERSION, OFPT13_MULTIPART_REPLY, 16, ofm_get32(buf + 4));
    ofm_put16(pd + 8, OFPMP_PORT_DESC);
    tsw_write(pd, sizeof pd);
    dp = ofm_dp_find(0x42);
    CU_ASSERT_PTR_NOT_NULL_FATAL(dp);
    CU_ASSERT_EQUAL_FATAL(ofm_dp_state(dp), OFM_STATE_MAIN);
}

/* Reads the next message and checks its header: 'type', length 'len' (0:
 * any), and xid 'xid'.  Returns the length read. */
static size_t
expect(uint8_t *buf, size_t size, uint8_t type, size_t len, uint32_t xid)
{
    size_t n = sw_read_msg(buf, size);
    CU_ASSERT_TRUE_FATAL(n >= 8);
    CU_ASSERT_EQUAL(buf[0], OFP13_VERSION);
    CU_ASSERT_EQUAL(buf[1], type);
    if (len) {
        CU_ASSERT_EQUAL(n, len);
    }
    CU_ASSERT_EQUAL(ofm_get32(buf + 4), xid);
    return n;
}

static void
test_flow_mod(void)
{
    uint8_t buf[512];
    struct ofm_flow_mod fm;
    uint32_t xid = 0;

    ofm_flow_mod_init(&fm, OFPFC_ADD);
    fm.priority = 7;
    fm.idle_timeout = 30;
    fm.cookie = 0x1122334455667788ull;
    fm.table_id = 3;
    CU_ASSERT_EQUAL(ofm_dp_send_flow_mod(dp, &fm, &xid), 0);
    size_t n = expect(buf, sizeof buf, OFPT13_FLOW_MOD, 0, xid);
    CU_ASSERT_TRUE_FATAL(n >= 56);      /* 48 + an empty OXM match (8). */
    CU_ASSERT_EQUAL(ofm_get64(buf + 8), 0x1122334455667788ull);
    CU_ASSERT_EQUAL(buf[24], 3);
    CU_ASSERT_EQUAL(buf[25], OFPFC_ADD);
    CU_ASSERT_EQUAL(ofm_get16(buf + 26), 30);
    CU_ASSERT_EQUAL(ofm_get16(buf + 30), 7);
    CU_ASSERT_EQUAL(ofm_get32(buf + 32), OFP_NO_BUFFER);
    CU_ASSERT_EQUAL(ofm_get16(buf + 48), 1);    /* OFPMT_OXM */

    /* NULL: no xid wanted; the message still goes, with a fresh xid. */
    CU_ASSERT_EQUAL(ofm_dp_send_flow_mod(dp, &fm, NULL), 0);
    n = sw_read_msg(buf, sizeof buf);
    CU_ASSERT_EQUAL(buf[1], OFPT13_FLOW_MOD);
    CU_ASSERT_NOT_EQUAL(ofm_get32(buf + 4), xid);
}

static void
test_packet_out(void)
{
    uint8_t buf[512];
    uint8_t action[16] = { 0 };         /* OUTPUT to port 2. */
    static const uint8_t frame[14] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1,
                                       0x08, 0x06 };
    ofm_put16(action, 0);
    ofm_put16(action + 2, 16);
    ofm_put32(action + 4, 2);
    ofm_put16(action + 8, 0xffff);
    struct ofm_packet_out po = {
        .buffer_id = OFP_NO_BUFFER, .in_port = 1,
        .actions = action, .actions_size = sizeof action,
        .data = frame, .data_size = sizeof frame,
    };
    uint32_t xid = 0;
    CU_ASSERT_EQUAL(ofm_dp_send_packet_out(dp, &po, &xid), 0);
    expect(buf, sizeof buf, OFPT13_PACKET_OUT, 24 + 16 + 14, xid);
    CU_ASSERT_EQUAL(ofm_get32(buf + 8), OFP_NO_BUFFER);
    CU_ASSERT_EQUAL(ofm_get32(buf + 12), 1);
    CU_ASSERT_EQUAL(ofm_get16(buf + 16), 16);
    CU_ASSERT_EQUAL(ofm_get32(buf + 24 + 4), 2);
    CU_ASSERT_EQUAL(memcmp(buf + 40, frame, sizeof frame), 0);
}

static void
test_port_mod(void)
{
    uint8_t buf[512];
    struct ofm_port_mod pm = {
        .port_no = 5, .hw_addr = { 2, 0, 0, 0, 0, 5 },
        .config = OFPPC_PORT_DOWN, .mask = OFPPC_PORT_DOWN, .advertise = 0,
    };
    uint32_t xid = 0;
    CU_ASSERT_EQUAL(ofm_dp_send_port_mod(dp, &pm, &xid), 0);
    expect(buf, sizeof buf, OFPT13_PORT_MOD, 40, xid);
    CU_ASSERT_EQUAL(ofm_get32(buf + 8), 5);
    CU_ASSERT_EQUAL(memcmp(buf + 16, pm.hw_addr, 6), 0);
    CU_ASSERT_EQUAL(ofm_get32(buf + 24), OFPPC_PORT_DOWN);
    CU_ASSERT_EQUAL(ofm_get32(buf + 28), OFPPC_PORT_DOWN);
}

static void
test_stats_request(void)
{
    uint8_t buf[512];
    struct ofm_stats_request req = { .type = OFPMP_PORT_STATS, .port_no = 3 };
    uint32_t xid = 0;
    CU_ASSERT_EQUAL(ofm_dp_send_stats_request(dp, &req, &xid), 0);
    expect(buf, sizeof buf, OFPT13_MULTIPART_REQUEST, 24, xid);
    CU_ASSERT_EQUAL(ofm_get16(buf + 8), OFPMP_PORT_STATS);
    CU_ASSERT_EQUAL(ofm_get32(buf + 16), 3);
}

static void
test_barrier_and_set_config(void)
{
    uint8_t buf[512];
    uint32_t xid1 = 0, xid2 = 0;
    CU_ASSERT_EQUAL(ofm_dp_send_barrier(dp, &xid1), 0);
    CU_ASSERT_EQUAL(ofm_dp_send_set_config(dp, 0, 128, &xid2), 0);
    CU_ASSERT_NOT_EQUAL(xid1, xid2);
    expect(buf, sizeof buf, OFPT13_BARRIER_REQUEST, 8, xid1);
    expect(buf, sizeof buf, OFPT13_SET_CONFIG, 12, xid2);
    CU_ASSERT_EQUAL(ofm_get16(buf + 8), 0);
    CU_ASSERT_EQUAL(ofm_get16(buf + 10), 128);
}

static void
test_raw(void)
{
    uint8_t buf[512], msg[8];
    tsw_header(msg, OFP13_VERSION, OFPT13_GET_CONFIG_REQUEST, 8, 0x7777);
    CU_ASSERT_EQUAL(ofm_dp_send_raw(dp, msg, sizeof msg), 0);
    expect(buf, sizeof buf, OFPT13_GET_CONFIG_REQUEST, 8, 0x7777);
}

static void
test_begin_commit(void)
{
    uint8_t buf[512];
    size_t start = 0;
    uint32_t xid = ofm_dp_xid(dp);

    /* A ROLE_REQUEST: role, 4 pad bytes, generation id. */
    struct ofm_buf *out = ofm_dp_send_begin(dp, OFPT13_ROLE_REQUEST, xid, &start);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    ofm_buf_put_be32(out, 2);
    ofm_buf_put_zeros(out, 4);
    ofm_buf_put_be64(out, 99);
    CU_ASSERT_EQUAL(ofm_dp_send_commit(dp, start), 0);
    expect(buf, sizeof buf, OFPT13_ROLE_REQUEST, 24, xid);
    CU_ASSERT_EQUAL(ofm_get32(buf + 8), 2);
    CU_ASSERT_EQUAL(ofm_get64(buf + 16), 99);

    /* Over 64 KiB: the commit fails and drops the message alone. */
    out = ofm_dp_send_begin(dp, OFPT13_ECHO_REQUEST, 1, &start);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    ofm_buf_put_zeros(out, 70000);
    CU_ASSERT_NOT_EQUAL(ofm_dp_send_commit(dp, start), 0);
    CU_ASSERT_EQUAL(ofm_dp_send_barrier(dp, &xid), 0);
    expect(buf, sizeof buf, OFPT13_BARRIER_REQUEST, 8, xid);
}

int
main(void)
{
    ofm_log_set_level(OFM_LOG_CRITICAL);
    tsw_loop = ev_default_loop(0);
    timer_init(tsw_loop);
    dispatch_init();
    mgr_settings.echo_interval = 0;
    mgr_settings.tx_queue_limit = 256 * 1024;

    CU_initialize_registry();
    CU_pSuite s = CU_add_suite("senders", NULL, NULL);
    CU_add_test(s, "handshake to MAIN", test_handshake);
    CU_add_test(s, "flow_mod", test_flow_mod);
    CU_add_test(s, "packet_out", test_packet_out);
    CU_add_test(s, "port_mod", test_port_mod);
    CU_add_test(s, "stats_request", test_stats_request);
    CU_add_test(s, "barrier and set_config", test_barrier_and_set_config);
    CU_add_test(s, "raw", test_raw);
    CU_add_test(s, "begin and commit", test_begin_commit);
    int status = tu_run();
    ofconn_shutdown(tsw_loop);
    tsw_pump();
    close(tsw_fd);
    dispatch_uninit();
    return status;
}
