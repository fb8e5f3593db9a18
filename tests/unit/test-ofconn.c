/* Switch connections end to end over a socketpair: the handshake in both
 * versions, framing of split and merged reads, echo, multipart reassembly,
 * bad lengths, version negotiation failure. The switch side is written by
 * hand, byte by byte, so these tests do not lean on libofm's encoders. */
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

static struct ofconn *conn;

static const struct ofm_plugin_desc desc = { .name = "watcher" };
static struct ofm_plugin watcher = { .desc = &desc };
static int n_packet_in, n_dead, n_main, n_port_desc, n_flow_stats;
static size_t last_packet_in_size;

static void
on_packet_in(const struct ofm_event *ev, void *aux)
{
    n_packet_in++;
    last_packet_in_size = ev->msg->size;
}

static void
on_state(const struct ofm_event *ev, void *aux)
{
    n_dead += ev->state == OFM_STATE_DEAD;
    n_main += ev->state == OFM_STATE_MAIN;
}

static void
on_port_desc(const struct ofm_event *ev, void *aux)
{
    n_port_desc++;
}

static void
on_flow_stats(const struct ofm_event *ev, void *aux)
{
    n_flow_stats++;
}

/* Reads what the controller sent; returns the byte count. */
static size_t
sw_read(uint8_t *buf, size_t size)
{
    tsw_pump();
    ssize_t n = read(tsw_fd, buf, size);
    return n > 0 ? (size_t) n : 0;
}

static void
connect_switch(void)
{
    conn = tsw_connect();
    n_packet_in = n_dead = n_main = n_port_desc = n_flow_stats = 0;
}

static void
expect_msg(const uint8_t *buf, size_t n, uint8_t version, uint8_t type)
{
    CU_ASSERT_TRUE_FATAL(n >= 8);
    CU_ASSERT_EQUAL(buf[0], version);
    CU_ASSERT_EQUAL(buf[1], type);
    CU_ASSERT_EQUAL(ofm_get16(buf + 2), n);
}

static size_t
port13(uint8_t *p, uint32_t port_no, const char *name)
{
    memset(p, 0, OFP13_PORT_SIZE);
    ofm_put32(p, port_no);
    p[8] = 0x02;                /* hw_addr 02:00:00:00:00:NN */
    p[13] = port_no;
    strncpy((char *) p + 16, name, 15);
    return OFP13_PORT_SIZE;
}

static void
test_handshake_13(void)
{
    uint8_t buf[4096];
    connect_switch();

    /* We say HELLO first, offering 1.0, 1.2, 1.3, 1.4 and 1.5 in a
     * version bitmap, 1.5 in the header. */
    size_t n = sw_read(buf, sizeof buf);
    expect_msg(buf, n, OFP15_VERSION, OFPT13_HELLO);
    CU_ASSERT_EQUAL(n, 16);
    CU_ASSERT_EQUAL(ofm_get16(buf + 8), OFPHET_VERSIONBITMAP);
    CU_ASSERT_EQUAL(ofm_get32(buf + 12), (1u << 1) | (1u << 3) | (1u << 4)
                                         | (1u << 5) | (1u << 6));

    uint8_t hello[8];
    tsw_header(hello, OFP13_VERSION, OFPT13_HELLO, 8, 1);
    tsw_write(hello, sizeof hello);
    n = sw_read(buf, sizeof buf);
    expect_msg(buf, n, OFP13_VERSION, OFPT13_FEATURES_REQUEST);

    /* FEATURES_REPLY arriving in three pieces. */
    uint8_t fr[32] = { 0 };
    tsw_header(fr, OFP13_VERSION, OFPT13_FEATURES_REPLY, 32, ofm_get32(buf + 4));
    ofm_put64(fr + 8, 0x1234);
    ofm_put32(fr + 16, 256);
    fr[20] = 254;
    ofm_put32(fr + 24, 71);
    tsw_write(fr, 5);
    tsw_write(fr + 5, 20);
    CU_ASSERT_PTR_NULL(ofm_dp_find(0x1234));
    tsw_write(fr + 25, 7);
    struct ofm_dp *dp = ofm_dp_find(0x1234);
    CU_ASSERT_PTR_NOT_NULL_FATAL(dp);
    CU_ASSERT_EQUAL(ofm_dp_state(dp), OFM_STATE_CONFIG);
    CU_ASSERT_EQUAL(ofm_dp_version(dp), OFP13_VERSION);
    CU_ASSERT_EQUAL(ofm_dp_features(dp)->n_tables, 254);

    /* Then we ask for the port descriptions. */
    n = sw_read(buf, sizeof buf);
    expect_msg(buf, n, OFP13_VERSION, OFPT13_MULTIPART_REQUEST);
    CU_ASSERT_EQUAL(ofm_get16(buf + 8), OFPMP_PORT_DESC);
    uint32_t xid = ofm_get32(buf + 4);

    /* Two parts (REPLY_MORE, then the last) and an echo request, all in
     * one write. */
    uint8_t m[512];
    size_t len = 0;
    tsw_header(m, OFP13_VERSION, OFPT13_MULTIPART_REPLY, 16 + 64, xid);
    ofm_put16(m + 8, OFPMP_PORT_DESC);
    ofm_put16(m + 10, OFPSF_REPLY_MORE);
    memset(m + 12, 0, 4);
    port13(m + 16, 2, "s1-eth2");
    len = 80;
    tsw_header(m + len, OFP13_VERSION, OFPT13_MULTIPART_REPLY, 16 + 64, xid);
    ofm_put16(m + len + 8, OFPMP_PORT_DESC);
    ofm_put16(m + len + 10, 0);
    memset(m + len + 12, 0, 4);
    port13(m + len + 16, 1, "s1-eth1");
    len += 80;
    tsw_header(m + len, OFP13_VERSION, OFPT13_ECHO_REQUEST, 12, 0xabcd);
    memcpy(m + len + 8, "ping", 4);
    len += 12;
    tsw_write(m, len);

    CU_ASSERT_EQUAL(ofm_dp_state(dp), OFM_STATE_MAIN);
    CU_ASSERT_EQUAL(n_main, 1);
    CU_ASSERT_EQUAL(n_port_desc, 1);
    const struct ofm_port *p1 = ofm_dp_port_next(dp, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p1);
    CU_ASSERT_EQUAL(p1->port_no, 1);
    CU_ASSERT_STRING_EQUAL(p1->name, "s1-eth1");
    const struct ofm_port *p2 = ofm_dp_port_next(dp, p1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p2);
    CU_ASSERT_EQUAL(p2->port_no, 2);
    CU_ASSERT_PTR_NULL(ofm_dp_port_next(dp, p2));
    CU_ASSERT_PTR_EQUAL(ofm_dp_port(dp, 2), p2);

    n = sw_read(buf, sizeof buf);
    expect_msg(buf, n, OFP13_VERSION, OFPT13_ECHO_REPLY);
    CU_ASSERT_EQUAL(ofm_get32(buf + 4), 0xabcd);
    CU_ASSERT_EQUAL(memcmp(buf + 8, "ping", 4), 0);

    /* Port status: port 3 added. */
    uint8_t ps[80] = { 0 };
    tsw_header(ps, OFP13_VERSION, OFPT13_PORT_STATUS, 80, 0);
    ps[8] = OFPPR_ADD;
    port13(ps + 16, 3, "s1-eth3");
    tsw_write(ps, sizeof ps);
    CU_ASSERT_PTR_NOT_NULL(ofm_dp_port(dp, 3));
    ps[8] = OFPPR_DELETE;
    tsw_write(ps, sizeof ps);
    CU_ASSERT_PTR_NULL(ofm_dp_port(dp, 3));
}

static size_t
packet_in13(uint8_t *p, uint32_t xid, size_t frame_len)
{
    size_t len = 42 + frame_len;
    memset(p, 0, len);
    tsw_header(p, OFP13_VERSION, OFPT13_PACKET_IN, len, xid);
    ofm_put32(p + 8, OFP_NO_BUFFER);
    ofm_put16(p + 12, frame_len);
    ofm_put16(p + 24, OFPMT_OXM);
    ofm_put16(p + 26, 12);      /* 4 + one in_port TLV of 8. */
    ofm_put32(p + 28, OFM_OXM_HEADER(OFPXMC_OPENFLOW_BASIC, OFPXMT_IN_PORT, 0, 4));
    ofm_put32(p + 32, 1);
    /* ofp_match pads 12 to 16, then 2 bytes of pad come before the frame. */
    return len;
}

static void
test_framing_13(void)
{
    uint8_t m[4096], buf[4096];
    size_t len = 0;

    /* Three packet-ins and half of a fourth in one write. */
    for (int i = 0; i < 4; i++) {
        len += packet_in13(m + len, 100 + i, 60);
    }
    size_t one = len / 4;
    tsw_write(m, 3 * one + one / 2);
    CU_ASSERT_EQUAL(n_packet_in, 3);
    CU_ASSERT_EQUAL(last_packet_in_size, one);
    tsw_write(m + 3 * one + one / 2, one - one / 2);
    CU_ASSERT_EQUAL(n_packet_in, 4);

    /* One byte at a time. */
    for (size_t i = 0; i < one; i++) {
        tsw_write(m + i, 1);
    }
    CU_ASSERT_EQUAL(n_packet_in, 5);

    /* An unknown message type gets an error back, and nothing else. */
    uint8_t odd[8];
    tsw_header(odd, OFP13_VERSION, 99, 8, 7);
    tsw_write(odd, sizeof odd);
    size_t n = sw_read(buf, sizeof buf);
    expect_msg(buf, n, OFP13_VERSION, OFPT13_ERROR);
    CU_ASSERT_EQUAL(ofm_get16(buf + 8), OFPET_BAD_REQUEST);
    CU_ASSERT_EQUAL(ofm_get16(buf + 10), OFPBRC_BAD_TYPE);
    CU_ASSERT_EQUAL(ofm_get32(buf + 4), 7);
    CU_ASSERT_FALSE(ofconn_is_closed(conn));

    /* A length under 8 closes the connection; the plugins see DEAD. */
    uint8_t bad[8];
    tsw_header(bad, OFP13_VERSION, OFPT13_PACKET_IN, 4, 9);
    tsw_write(bad, sizeof bad);
    CU_ASSERT_EQUAL(n_dead, 1);
    CU_ASSERT_PTR_NULL(ofm_dp_find(0x1234));
    CU_ASSERT_EQUAL(read(tsw_fd, buf, sizeof buf), 0);  /* EOF. */
    close(tsw_fd);
}

static void
test_handshake_10(void)
{
    uint8_t buf[4096];
    connect_switch();
    sw_read(buf, sizeof buf);   /* Our HELLO. */

    /* A 1.0 switch: HELLO without bitmap; we settle on 1.0. */
    uint8_t hello[8];
    tsw_header(hello, OFP10_VERSION, OFPT10_HELLO, 8, 1);
    tsw_write(hello, sizeof hello);
    size_t n = sw_read(buf, sizeof buf);
    expect_msg(buf, n, OFP10_VERSION, OFPT10_FEATURES_REQUEST);

    /* FEATURES_REPLY with two ports: MAIN right away. */
    uint8_t fr[32 + 2 * 48] = { 0 };
    tsw_header(fr, OFP10_VERSION, OFPT10_FEATURES_REPLY, sizeof fr, ofm_get32(buf + 4));
    ofm_put64(fr + 8, 7);
    fr[20] = 1;
    for (int i = 0; i < 2; i++) {
        uint8_t *p = fr + 32 + 48 * i;
        ofm_put16(p, i ? OFPP10_LOCAL : 1);
        strcpy((char *) p + 8, i ? "br0" : "eth1");
    }
    tsw_write(fr, sizeof fr);
    struct ofm_dp *dp = ofm_dp_find(7);
    CU_ASSERT_PTR_NOT_NULL_FATAL(dp);
    CU_ASSERT_EQUAL(ofm_dp_state(dp), OFM_STATE_MAIN);
    CU_ASSERT_PTR_NOT_NULL(ofm_dp_port(dp, 1));
    /* 1.0's LOCAL (0xfffe) reads as the 32-bit OFPP_LOCAL. */
    CU_ASSERT_PTR_NOT_NULL(ofm_dp_port(dp, OFPP_LOCAL));

    /* A 1.3 message on a 1.0 connection: an error, not a crash. */
    uint8_t wrong[8];
    tsw_header(wrong, OFP13_VERSION, OFPT13_ECHO_REQUEST, 8, 5);
    tsw_write(wrong, sizeof wrong);
    n = sw_read(buf, sizeof buf);
    expect_msg(buf, n, OFP10_VERSION, OFPT10_ERROR);
    CU_ASSERT_EQUAL(ofm_get16(buf + 10), OFPBRC_BAD_VERSION);

    close(tsw_fd);
    tsw_pump();
    CU_ASSERT_EQUAL(n_dead, 1);
    CU_ASSERT_PTR_NULL(ofm_dp_find(7));
}

/* The switch's HELLO 'hello' ('size' bytes) leads to a FEATURES_REQUEST of
 * 'want'. */
static void
negotiate(const uint8_t *hello, size_t size, uint8_t want)
{
    uint8_t buf[4096];
    connect_switch();
    sw_read(buf, sizeof buf);
    tsw_write(hello, size);
    size_t n = sw_read(buf, sizeof buf);
    expect_msg(buf, n, want, OFPT13_FEATURES_REQUEST);
    close(tsw_fd);
    tsw_pump();
}

static void
test_negotiate_versions(void)
{
    uint8_t hello[16];
    /* Bitmap {1.0, 1.4} in a 1.5 header: 1.4, the highest common. */
    tsw_header(hello, OFP15_VERSION, OFPT13_HELLO, 16, 1);
    ofm_put16(hello + 8, OFPHET_VERSIONBITMAP);
    ofm_put16(hello + 10, 8);
    ofm_put32(hello + 12, (1u << 1) | (1u << 5));
    negotiate(hello, 16, OFP14_VERSION);
    /* No bitmap: the switch's header version when we speak it. */
    tsw_header(hello, OFP15_VERSION, OFPT13_HELLO, 8, 2);
    negotiate(hello, 8, OFP15_VERSION);
    tsw_header(hello, OFP12_VERSION, OFPT13_HELLO, 8, 3);
    negotiate(hello, 8, OFP12_VERSION);
    /* A newer one than ours: our highest (1.5). */
    tsw_header(hello, 0x07, OFPT13_HELLO, 8, 4);
    negotiate(hello, 8, OFP15_VERSION);
    /* 1.1 (0x02), which we lack: the highest below it, 1.0, as Ryu. */
    tsw_header(hello, 0x02, OFPT13_HELLO, 8, 5);
    negotiate(hello, 8, OFP10_VERSION);
}

static void
test_no_common_version(void)
{
    uint8_t buf[4096];
    connect_switch();
    sw_read(buf, sizeof buf);

    /* Apps that speak 1.3 and 1.4, a switch offering only version 2 (no
     * bitmap: 1.0 to 1.1): HELLO_FAILED and goodbye. */
    uint32_t saved = mgr_versions;
    mgr_versions = OFM_VERSION_BIT(OFP13_VERSION) | OFM_VERSION_BIT(OFP14_VERSION);
    uint8_t hello[8];
    tsw_header(hello, 0x02, OFPT13_HELLO, 8, 1);
    tsw_write(hello, sizeof hello);
    size_t n = sw_read(buf, sizeof buf);
    CU_ASSERT_TRUE_FATAL(n >= 12);
    CU_ASSERT_EQUAL(buf[1], OFPT13_ERROR);
    CU_ASSERT_EQUAL(ofm_get16(buf + 8), OFPET_HELLO_FAILED);
    CU_ASSERT_EQUAL(ofm_get16(buf + 10), OFPHFC_INCOMPATIBLE);
    CU_ASSERT_TRUE(memmem(buf + 12, n - 12, "unsupported version 0x2", 23) != NULL);
    /* The whole text, with the list of versions at its end. */
    CU_ASSERT_TRUE(memmem(buf + 12, n - 12, "the versions [4, 5]", 19) != NULL);
    CU_ASSERT_EQUAL(read(tsw_fd, buf, sizeof buf), 0);
    close(tsw_fd);
    mgr_versions = saved;

    /* And a switch whose first message is not HELLO. */
    connect_switch();
    sw_read(buf, sizeof buf);
    uint8_t echo[8];
    tsw_header(echo, OFP13_VERSION, OFPT13_ECHO_REQUEST, 8, 1);
    tsw_write(echo, sizeof echo);
    CU_ASSERT_EQUAL(read(tsw_fd, buf, sizeof buf), 0);
    close(tsw_fd);
}

static void
test_queue_bound(void)
{
    uint8_t buf[4096];
    connect_switch();
    sw_read(buf, sizeof buf);
    uint8_t hello[8];
    tsw_header(hello, OFP13_VERSION, OFPT13_HELLO, 8, 1);
    tsw_write(hello, sizeof hello);
    sw_read(buf, sizeof buf);

    /* The switch stops reading; we keep sending until the bound trips. */
    size_t limit = mgr_settings.tx_queue_limit;
    int error = 0;
    uint8_t junk[1024] = { 0 };
    tsw_header(junk, OFP13_VERSION, OFPT13_ECHO_REQUEST, sizeof junk, 1);
    bool closed = false;
    for (size_t sent = 0; sent < 4 * limit && !error; sent += sizeof junk) {
        error = ofconn_send(conn, junk, sizeof junk);
        /* The connection is freed at the end of the loop iteration. */
        closed = ofconn_is_closed(conn);
        tsw_pump();
    }
    CU_ASSERT_EQUAL(error, ENOBUFS);
    CU_ASSERT_TRUE(closed);
    CU_ASSERT_EQUAL(n_dead, 1);
    close(tsw_fd);
}

/* The queue bound trips inside a send: the send fails and later sends fail
 * too, but DEAD comes from the loop, never from inside the send. */
static void
test_no_dead_inside_send(void)
{
    uint8_t buf[4096];
    connect_switch();
    sw_read(buf, sizeof buf);
    uint8_t hello[8];
    tsw_header(hello, OFP13_VERSION, OFPT13_HELLO, 8, 1);
    tsw_write(hello, sizeof hello);
    sw_read(buf, sizeof buf);

    int error = 0;
    uint8_t junk[1024] = { 0 };
    tsw_header(junk, OFP13_VERSION, OFPT13_ECHO_REQUEST, sizeof junk, 1);
    for (size_t sent = 0; sent < 4 * mgr_settings.tx_queue_limit && !error;
         sent += sizeof junk) {
        error = ofconn_send(conn, junk, sizeof junk);   /* No loop turn. */
    }
    CU_ASSERT_EQUAL(error, ENOBUFS);
    CU_ASSERT_TRUE(ofconn_is_closed(conn));
    CU_ASSERT_EQUAL(n_dead, 0);
    CU_ASSERT_EQUAL(ofconn_send(conn, junk, sizeof junk), ENOTCONN);
    CU_ASSERT_EQUAL(n_dead, 0);
    tsw_pump();
    CU_ASSERT_EQUAL(n_dead, 1);
    close(tsw_fd);
}

/* A switch that never says HELLO, and one that stops after HELLO, are
 * closed at the handshake deadline. */
static void
test_handshake_deadline(void)
{
    uint8_t buf[4096];
    mgr_settings.handshake_timeout = 0.05;

    connect_switch();
    sw_read(buf, sizeof buf);
    ev_sleep(0.1);
    ev_now_update(tsw_loop);
    tsw_pump();
    CU_ASSERT_EQUAL(read(tsw_fd, buf, sizeof buf), 0);
    CU_ASSERT_EQUAL(n_dead, 1);
    close(tsw_fd);

    connect_switch();
    sw_read(buf, sizeof buf);
    uint8_t hello[8];
    tsw_header(hello, OFP13_VERSION, OFPT13_HELLO, 8, 1);
    tsw_write(hello, sizeof hello);
    size_t n = sw_read(buf, sizeof buf);
    expect_msg(buf, n, OFP13_VERSION, OFPT13_FEATURES_REQUEST);
    CU_ASSERT_EQUAL(n_dead, 0);
    ev_sleep(0.1);
    ev_now_update(tsw_loop);
    tsw_pump();
    CU_ASSERT_EQUAL(read(tsw_fd, buf, sizeof buf), 0);
    CU_ASSERT_EQUAL(n_dead, 1);
    close(tsw_fd);
    mgr_settings.handshake_timeout = 0;
}

/* One OpenFlow 1.3 multipart reply part of 'body_size' zero bytes. */
static struct ofm_msg
mp_part(uint8_t *buf, uint32_t xid, uint16_t type, bool more, size_t body_size)
{
    memset(buf, 0, 16 + body_size);
    tsw_header(buf, OFP13_VERSION, OFPT13_MULTIPART_REPLY, 16 + body_size, xid);
    ofm_put16(buf + 8, type);
    ofm_put16(buf + 10, more ? OFPSF_REPLY_MORE : 0);
    struct ofm_msg msg = {
        .data = buf, .size = 16 + body_size, .version = OFP13_VERSION,
        .type = OFPT13_MULTIPART_REPLY, .xid = xid,
    };
    return msg;
}

static void
test_multipart_bounds(void)
{
    static uint8_t buf[16 + 60000];
    struct ofm_dp a = { .id = 1 }, b = { .id = 2 };
    struct ofm_multipart whole;
    struct mgr_settings saved = mgr_settings;
    mgr_settings.mp_max_bytes = 100000;
    mgr_settings.mp_total_max_bytes = 150000;
    mgr_settings.mp_timeout = 10;

    /* Per switch: the second 60000-byte part of xid 1 is over the bound. */
    struct ofm_msg m = mp_part(buf, 1, OFPMP_FLOW, true, 60000);
    CU_ASSERT_FALSE(dp_multipart_add(&a, &m, &whole));
    CU_ASSERT_EQUAL(a.partial_bytes, 60000);
    CU_ASSERT_FALSE(dp_multipart_add(&a, &m, &whole));
    CU_ASSERT_EQUAL(a.n_partials, 0);
    CU_ASSERT_EQUAL(a.partial_bytes, 0);
    CU_ASSERT_EQUAL(dp_multipart_total_bytes(), 0);

    /* Over all switches: 60000 + 60000 held, a third 60000 is refused. */
    m = mp_part(buf, 2, OFPMP_FLOW, true, 60000);
    CU_ASSERT_FALSE(dp_multipart_add(&a, &m, &whole));
    m = mp_part(buf, 3, OFPMP_FLOW, true, 60000);
    CU_ASSERT_FALSE(dp_multipart_add(&b, &m, &whole));
    CU_ASSERT_EQUAL(dp_multipart_total_bytes(), 120000);
    m = mp_part(buf, 4, OFPMP_FLOW, true, 60000);
    CU_ASSERT_FALSE(dp_multipart_add(&b, &m, &whole));
    CU_ASSERT_EQUAL(b.n_partials, 1);
    CU_ASSERT_EQUAL(dp_multipart_total_bytes(), 120000);

    /* A finished reply comes out whole. */
    m = mp_part(buf, 3, OFPMP_FLOW, false, 100);
    CU_ASSERT_TRUE(dp_multipart_add(&b, &m, &whole));
    CU_ASSERT_EQUAL(whole.body_size, 60100);
    dp_multipart_done(&b, 3);
    CU_ASSERT_EQUAL(dp_multipart_total_bytes(), 60000);

    /* Timeout: xid 2 is dropped once it is older than multipart-timeout. */
    double now = ev_now(tsw_loop);
    CU_ASSERT_EQUAL(dp_multipart_expire(&a, now + 5), 1);
    CU_ASSERT_EQUAL(dp_multipart_expire(&a, now + 11), 0);
    CU_ASSERT_EQUAL(dp_multipart_total_bytes(), 0);

    dp_free_partials(&a);
    dp_free_partials(&b);
    mgr_settings = saved;
}

/* A flow-stats body with an entry of length zero is dropped before any
 * plugin sees it; the connection is kept (as Ryu) and still answers. */
static void
test_malformed_flow_stats(void)
{
    uint8_t buf[4096];
    connect_switch();
    sw_read(buf, sizeof buf);
    uint8_t hello[8];
    tsw_header(hello, OFP13_VERSION, OFPT13_HELLO, 8, 1);
    tsw_write(hello, sizeof hello);
    sw_read(buf, sizeof buf);

    static uint8_t mp[16 + 56];
    mp_part(mp, 9, OFPMP_FLOW, false, 56);
    tsw_write(mp, sizeof mp);            /* Entry length 0. */
    CU_ASSERT_FALSE(ofconn_is_closed(conn));
    CU_ASSERT_EQUAL(n_flow_stats, 0);

    ofm_put16(mp + 16, 56);             /* Now a whole, empty entry. */
    tsw_write(mp, sizeof mp);
    CU_ASSERT_EQUAL(n_flow_stats, 1);

    uint8_t echo[8];
    tsw_header(echo, OFP13_VERSION, OFPT13_ECHO_REQUEST, 8, 5);
    tsw_write(echo, sizeof echo);
    size_t n = sw_read(buf, sizeof buf);
    expect_msg(buf, n, OFP13_VERSION, OFPT13_ECHO_REPLY);
    CU_ASSERT_EQUAL(n_dead, 0);
    close(tsw_fd);
    tsw_pump();
}

static int n_async[4];

static void
on_async(const struct ofm_event *ev, void *aux)
{
    n_async[(int) (intptr_t) aux]++;
}

/* Writes 'msg' as the switch; returns the error code the controller sent
 * back (after checking its type, BAD_REQUEST, and xid), or -1 for none. */
static int
async_reply(const uint8_t *msg, size_t size)
{
    uint8_t buf[4096];
    tsw_write(msg, size);
    size_t n = sw_read(buf, sizeof buf);
    if (!n) {
        return -1;
    }
    expect_msg(buf, n, msg[0], OFPT13_ERROR);
    CU_ASSERT_EQUAL(ofm_get16(buf + 8), OFPET_BAD_REQUEST);
    CU_ASSERT_EQUAL(ofm_get32(buf + 4), ofm_get32(msg + 4));
    return ofm_get16(buf + 10);
}

/* 1.4 and 1.5's asynchronous messages: well formed, they become events
 * and get no answer; malformed, or of a version without them, they get a
 * BAD_LEN or BAD_TYPE error and no event; the switch is served on. */
static void
test_async_14(void)
{
    uint8_t buf[4096];
    for (uint8_t v = OFP14_VERSION; v <= OFP15_VERSION; v++) {
        memset(n_async, 0, sizeof n_async);
        connect_switch();
        sw_read(buf, sizeof buf);
        uint8_t hello[8];
        tsw_header(hello, v, OFPT13_HELLO, 8, 1);
        tsw_write(hello, sizeof hello);
        sw_read(buf, sizeof buf);

        /* ROLE_STATUS: SLAVE, MASTER_REQUEST, generation 7, one
         * experimenter property of 12 bytes padded to 16. */
        uint8_t rs[40] = { 0 };
        tsw_header(rs, v, OFPT14_ROLE_STATUS, 40, 11);
        ofm_put32(rs + 8, OFPCR_ROLE_SLAVE);
        ofm_put64(rs + 16, 7);
        ofm_put16(rs + 24, 0xffff);
        ofm_put16(rs + 26, 12);
        ofm_put32(rs + 28, 0x2320);
        CU_ASSERT_EQUAL(async_reply(rs, sizeof rs), -1);
        CU_ASSERT_EQUAL(n_async[0], 1);
        /* Cut inside the fixed part, and a property longer than the rest. */
        ofm_put16(rs + 2, 20);
        CU_ASSERT_EQUAL(async_reply(rs, 20), OFPBRC_BAD_LEN);
        ofm_put16(rs + 2, 40);
        ofm_put16(rs + 26, 20);
        CU_ASSERT_EQUAL(async_reply(rs, sizeof rs), OFPBRC_BAD_LEN);
        CU_ASSERT_EQUAL(n_async[0], 1);

        /* TABLE_STATUS: VACANCY_DOWN of table 3 with a vacancy property. */
        uint8_t ts[32] = { 0 };
        tsw_header(ts, v, OFPT14_TABLE_STATUS, 32, 12);
        ts[8] = OFPTR_VACANCY_DOWN;
        ofm_put16(ts + 16, 16);
        ts[18] = 3;
        ofm_put16(ts + 24, OFPTMPT_VACANCY);
        ofm_put16(ts + 26, 8);
        ts[28] = 10;
        ts[29] = 90;
        ts[30] = 5;
        CU_ASSERT_EQUAL(async_reply(ts, sizeof ts), -1);
        CU_ASSERT_EQUAL(n_async[1], 1);
        ofm_put16(ts + 16, 24);         /* Table longer than the message. */
        CU_ASSERT_EQUAL(async_reply(ts, sizeof ts), OFPBRC_BAD_LEN);
        ofm_put16(ts + 16, 16);
        ofm_put16(ts + 26, 12);         /* Vacancy property of 12 bytes. */
        CU_ASSERT_EQUAL(async_reply(ts, sizeof ts), OFPBRC_BAD_LEN);
        CU_ASSERT_EQUAL(n_async[1], 1);

        /* REQUESTFORWARD of a 16-byte group mod. */
        uint8_t rf[24] = { 0 };
        tsw_header(rf, v, OFPT14_REQUESTFORWARD, 24, 13);
        tsw_header(rf + 8, v, OFPT13_GROUP_MOD, 16, 99);
        CU_ASSERT_EQUAL(async_reply(rf, sizeof rf), -1);
        CU_ASSERT_EQUAL(n_async[2], 1);
        ofm_put16(rf + 10, 20);         /* Inner length past the outer. */
        CU_ASSERT_EQUAL(async_reply(rf, sizeof rf), OFPBRC_BAD_LEN);
        ofm_put16(rf + 10, 16);
        rf[8] = OFP13_VERSION;          /* Inner version differs. */
        CU_ASSERT_EQUAL(async_reply(rf, sizeof rf), OFPBRC_BAD_VERSION);
        CU_ASSERT_EQUAL(n_async[2], 1);

        /* CONTROLLER_STATUS: an event in 1.5, an unknown type in 1.4. */
        uint8_t cs[40] = { 0 };
        tsw_header(cs, v, OFPT15_CONTROLLER_STATUS, 40, 14);
        ofm_put16(cs + 8, 32);
        ofm_put16(cs + 10, 1);
        ofm_put32(cs + 12, OFPCR_ROLE_MASTER);
        cs[16] = OFPCSR_ROLE;
        ofm_put16(cs + 24, OFPCSPT_URI);
        ofm_put16(cs + 26, 4 + 10);
        memcpy(cs + 28, "tcp:1.2.3.4", 10);
        int code = async_reply(cs, sizeof cs);
        CU_ASSERT_EQUAL(code, v == OFP15_VERSION ? -1 : OFPBRC_BAD_TYPE);
        CU_ASSERT_EQUAL(n_async[3], v == OFP15_VERSION);
        ofm_put16(cs + 8, 24);          /* Status shorter than the rest. */
        CU_ASSERT_EQUAL(async_reply(cs, sizeof cs),
                        v == OFP15_VERSION ? OFPBRC_BAD_LEN : OFPBRC_BAD_TYPE);
        CU_ASSERT_EQUAL(n_async[3], v == OFP15_VERSION);

        CU_ASSERT_FALSE(ofconn_is_closed(conn));
        CU_ASSERT_EQUAL(n_dead, 0);
        close(tsw_fd);
        tsw_pump();
    }
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

    dispatch_current = &watcher;
    dispatch_in_init = true;
    ofm_handler_register(&watcher, OFM_EV_PACKET_IN, OFM_STATE_MAIN, on_packet_in, NULL);
    ofm_handler_register(&watcher, OFM_EV_STATE_CHANGE, 0, on_state, NULL);
    ofm_handler_register(&watcher, OFM_EV_PORT_DESC_STATS_REPLY, 0, on_port_desc, NULL);
    ofm_handler_register(&watcher, OFM_EV_FLOW_STATS_REPLY, 0, on_flow_stats, NULL);
    ofm_handler_register(&watcher, OFM_EV_ROLE_STATUS, 0, on_async, (void *) 0);
    ofm_handler_register(&watcher, OFM_EV_TABLE_STATUS, 0, on_async, (void *) 1);
    ofm_handler_register(&watcher, OFM_EV_REQUEST_FORWARD, 0, on_async, (void *) 2);
    ofm_handler_register(&watcher, OFM_EV_CONTROLLER_STATUS, 0, on_async, (void *) 3);
    dispatch_in_init = false;
    dispatch_current = NULL;

    CU_initialize_registry();
    CU_pSuite s = CU_add_suite("ofconn", NULL, NULL);
    CU_add_test(s, "handshake 1.3", test_handshake_13);
    CU_add_test(s, "framing 1.3", test_framing_13);
    CU_add_test(s, "handshake 1.0", test_handshake_10);
    CU_add_test(s, "no common version", test_no_common_version);
    CU_add_test(s, "negotiation of every version", test_negotiate_versions);
    CU_add_test(s, "send queue bound", test_queue_bound);
    CU_add_test(s, "no DEAD inside a send", test_no_dead_inside_send);
    CU_add_test(s, "handshake deadline", test_handshake_deadline);
    CU_add_test(s, "multipart bounds", test_multipart_bounds);
    CU_add_test(s, "malformed flow stats", test_malformed_flow_stats);
    CU_add_test(s, "1.4 and 1.5 asynchronous messages", test_async_14);
    int status = tu_run();
    ofconn_shutdown(tsw_loop);
    dispatch_uninit();
    return status;
}
