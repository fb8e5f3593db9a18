/* The traffic monitor's tables, parsing and JSON (plugins/monitor-format.c),
 * without a switch. */
#include <config.h>
#include "../../plugins/monitor-format.h"
#include "ofm/json.h"

#include <CUnit/Basic.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "test-util.h"

/* ---- Corpus ---- */

/* The body of the stats reply in corpus file 'name', in 'mp'. */
static uint8_t *
corpus_body(const char *name, struct ofm_multipart *mp, uint8_t *version)
{
    size_t size;
    struct ofm_msg msg;
    uint8_t *data = tu_read_corpus(name, &size);

    if (!data) {
        return NULL;
    }
    if (ofm_msg_init(&msg, data, size) || ofm_decode_multipart(&msg, mp)) {
        fprintf(stderr, "%s: not a stats reply\n", name);
        free(data);
        return NULL;
    }
    *version = msg.version;
    return data;
}

/* ---- Helpers ---- */

static struct mon_flow
flow(uint16_t priority, uint32_t in_port, uint8_t mac_last, uint32_t out_port,
     uint64_t packets, uint64_t bytes)
{
    struct mon_flow f;
    memset(&f, 0, sizeof f);
    f.priority = priority;
    f.has_in_port = f.has_eth_dst = f.has_out_port = true;
    f.in_port = in_port;
    f.eth_dst[5] = mac_last;
    f.out_port = out_port;
    f.packet_count = packets;
    f.byte_count = bytes;
    ofm_match_set_in_port(&f.match, in_port);
    ofm_match_set_eth_dst(&f.match, f.eth_dst);
    return f;
}

static struct ofm_port_stats
port(uint32_t port_no, uint64_t rx_pkts, uint64_t rx_bytes, uint64_t tx_pkts,
     uint64_t tx_bytes)
{
    struct ofm_port_stats p;
    memset(&p, 0, sizeof p);
    p.port_no = port_no;
    p.rx_packets = rx_pkts;
    p.rx_bytes = rx_bytes;
    p.tx_packets = tx_pkts;
    p.tx_bytes = tx_bytes;
    return p;
}

/* ---- Tables ---- */

static void
test_headers(void)
{
    /* Ryu's simple_monitor_13, column for column. */
    CU_ASSERT_STRING_EQUAL(mon_flow_header,
        "datapath         in-port  eth-dst           out-port packets  bytes");
    CU_ASSERT_STRING_EQUAL(mon_flow_rule,
        "---------------- -------- ----------------- -------- -------- --------");
    CU_ASSERT_STRING_EQUAL(mon_port_header,
        "datapath         port     rx-pkts  rx-bytes rx-error tx-pkts  tx-bytes tx-error");
    CU_ASSERT_STRING_EQUAL(mon_port_rule,
        "---------------- -------- -------- -------- -------- -------- -------- --------");
    /* The dash lines are as wide as rows of narrow values. */
    char line[MON_LINE_SIZE];
    struct mon_flow f = { .in_port = 1, .has_out_port = true, .out_port = 2 };
    struct ofm_port_stats p = { .port_no = 1 };
    mon_flow_format(line, 1, &f);
    CU_ASSERT_EQUAL(strlen(line), strlen(mon_flow_rule));
    mon_port_format(line, 1, &p);
    CU_ASSERT_EQUAL(strlen(line), strlen(mon_port_rule));
}

static void
test_flow_rows(void)
{
    static const struct {
        uint64_t dpid;
        struct mon_flow f;
        const char *line;
    } cases[] = {
        /* The seed's run: h1 pings h2. */
        { 1, { .in_port = 1, .eth_dst = { 0, 0, 0, 0, 0, 2 }, .has_out_port = true,
               .out_port = 2, .packet_count = 1, .byte_count = 42 },
          "0000000000000001        1 00:00:00:00:00:02        2        1       42" },
        { 1, { .in_port = 2, .eth_dst = { 0, 0, 0, 0, 0, 1 }, .has_out_port = true,
               .out_port = 1, .packet_count = 2, .byte_count = 140 },
          "0000000000000001        2 00:00:00:00:00:01        1        2      140" },
        /* Hex ports and dpid, lower case; counters wider than the column. */
        { 0xfedcba9876543210ull,
          { .in_port = 0xfffffffe, .eth_dst = { 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff },
            .has_out_port = true, .out_port = 0xfffffffd,
            .packet_count = 123456789012ull, .byte_count = UINT64_MAX },
          "fedcba9876543210 fffffffe aa:bb:cc:dd:ee:ff fffffffd 123456789012 "
          "18446744073709551615" },
        /* No output action: a dash in the column. */
        { 2, { .in_port = 3, .eth_dst = { 2, 0, 0, 0, 0, 0x10 } },
          "0000000000000002        3 02:00:00:00:00:10        -        0        0" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char line[MON_LINE_SIZE];
        mon_flow_format(line, cases[i].dpid, &cases[i].f);
        CU_ASSERT_STRING_EQUAL(line, cases[i].line);
        if (strcmp(line, cases[i].line)) {
            fprintf(stderr, "\ncase %zu:\n got  '%s'\n want '%s'\n", i, line,
                    cases[i].line);
        }
    }
}

static void
test_port_rows(void)
{
    static const struct {
        uint64_t dpid;
        struct ofm_port_stats p;
        const char *line;
    } cases[] = {
        { 1, { .port_no = 1, .rx_packets = 3, .rx_bytes = 182, .tx_packets = 3,
               .tx_bytes = 182 },
          "0000000000000001        1        3      182        0        3      182        0" },
        { 1, { .port_no = 0xfffffffe, .tx_packets = 1, .tx_bytes = 42 },
          "0000000000000001 fffffffe        0        0        0        1       42        0" },
        /* Errors land in their columns; drops are not shown. */
        { 0xa, { .port_no = 0x1f, .rx_packets = 10, .rx_bytes = 20, .rx_errors = 30,
                 .tx_packets = 40, .tx_bytes = 50, .tx_errors = 60, .rx_dropped = 99,
                 .tx_dropped = 98 },
          "000000000000000a       1f       10       20       30       40       50       60" },
        /* All ones (unsupported) prints as Ryu's %d prints it. */
        { 1, { .port_no = 2, .rx_packets = 123456789, .rx_bytes = 1234567890123ull,
               .rx_errors = UINT64_MAX, .tx_errors = UINT64_MAX },
          "0000000000000001        2 123456789 1234567890123 18446744073709551615 "
          "       0        0 18446744073709551615" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char line[MON_LINE_SIZE];
        mon_port_format(line, cases[i].dpid, &cases[i].p);
        CU_ASSERT_STRING_EQUAL(line, cases[i].line);
        if (strcmp(line, cases[i].line)) {
            fprintf(stderr, "\ncase %zu:\n got  '%s'\n want '%s'\n", i, line,
                    cases[i].line);
        }
    }
}

static void
test_flow_select(void)
{
    struct mon_flow flows[] = {
        flow(0, 0, 0, OFPP_CONTROLLER, 9, 900),     /* Table-miss: out. */
        flow(1, 2, 1, 1, 2, 140),
        flow(1, 1, 3, 3, 5, 500),
        flow(2, 1, 1, 1, 7, 700),                   /* Priority 2: out. */
        flow(1, 1, 2, 2, 1, 42),
        flow(1, 10, 1, 1, 1, 1),                    /* 10 sorts after 2. */
        flow(1, 2, 0, 0, 0, 0),
        flow(1, 3, 1, 1, 0, 0),                     /* No eth_dst: out. */
        flow(1, 4, 1, 1, 0, 0),                     /* No in_port: out. */
    };
    flows[1].eth_dst[0] = 0x0a;                     /* 0a:... after 00:... */
    flows[7].has_eth_dst = false;
    flows[8].has_in_port = false;
    size_t n = sizeof flows / sizeof flows[0];
    const struct mon_flow *rows[sizeof flows / sizeof flows[0]];

    size_t k = mon_flows_select(flows, n, rows);
    CU_ASSERT_EQUAL_FATAL(k, 5);
    CU_ASSERT_PTR_EQUAL(rows[0], &flows[4]);        /* 1, 00:..:02 */
    CU_ASSERT_PTR_EQUAL(rows[1], &flows[2]);        /* 1, 00:..:03 */
    CU_ASSERT_PTR_EQUAL(rows[2], &flows[6]);        /* 2, 00:..:00 */
    CU_ASSERT_PTR_EQUAL(rows[3], &flows[1]);        /* 2, 0a:..:01 */
    CU_ASSERT_PTR_EQUAL(rows[4], &flows[5]);        /* 10 */
    /* The input is left as it was. */
    CU_ASSERT_EQUAL(flows[0].priority, 0);
    CU_ASSERT_EQUAL(flows[1].in_port, 2);

    CU_ASSERT_EQUAL(mon_flows_select(flows, 1, rows), 0);
    CU_ASSERT_EQUAL(mon_flows_select(NULL, 0, rows), 0);
}

static void
test_port_sort(void)
{
    struct ofm_port_stats ports[] = {
        port(OFPP_LOCAL, 0, 0, 1, 42), port(3, 0, 0, 0, 0),
        port(1, 3, 182, 3, 182), port(2, 3, 182, 3, 182),
    };
    mon_ports_sort(ports, 4);
    CU_ASSERT_EQUAL(ports[0].port_no, 1);
    CU_ASSERT_EQUAL(ports[1].port_no, 2);
    CU_ASSERT_EQUAL(ports[2].port_no, 3);
    CU_ASSERT_EQUAL(ports[3].port_no, OFPP_LOCAL);  /* Unsigned order. */
    CU_ASSERT_EQUAL(ports[3].tx_bytes, 42);
}

/* ---- Parsing replies ---- */

static void
test_parse_flows13(void)
{
    struct ofm_multipart mp;
    uint8_t version;
    uint8_t *data = corpus_body("of13/4-12-ofp_flow_stats_reply.packet", &mp, &version);
    CU_ASSERT_PTR_NOT_NULL_FATAL(data);
    CU_ASSERT_EQUAL(mp.type, OFPMP_FLOW);

    struct mon_flow *flows;
    size_t n;
    CU_ASSERT_EQUAL_FATAL(mon_flows_parse(mp.body, mp.body_size, version, &flows, &n), 0);
    CU_ASSERT_EQUAL_FATAL(n, 4);
    /* Values from the corpus' Ryu decoding. */
    CU_ASSERT_EQUAL(flows[0].priority, 65535);
    CU_ASSERT_EQUAL(flows[0].duration_sec, 358);
    CU_ASSERT_EQUAL(flows[0].duration_nsec, 115277000);
    CU_ASSERT_FALSE(flows[0].has_in_port);
    CU_ASSERT_FALSE(flows[0].has_out_port);
    CU_ASSERT_EQUAL(flows[1].priority, 65534);
    CU_ASSERT_TRUE(flows[1].has_out_port);          /* apply: output NORMAL */
    CU_ASSERT_EQUAL(flows[1].out_port, 0xfffffffa);
    CU_ASSERT_EQUAL(flows[2].priority, 123);
    CU_ASSERT_TRUE(flows[2].has_in_port);
    CU_ASSERT_EQUAL(flows[2].in_port, 6);
    CU_ASSERT_FALSE(flows[2].has_eth_dst);          /* eth_src only */
    CU_ASSERT_EQUAL(flows[2].packet_count, 3);
    CU_ASSERT_EQUAL(flows[2].byte_count, 238);
    CU_ASSERT_FALSE(flows[2].has_out_port);         /* goto_table */
    /* Outputs only in write-actions: no output port. */
    CU_ASSERT_EQUAL(flows[3].priority, 0);
    CU_ASSERT_EQUAL(flows[3].packet_count, 1);
    CU_ASSERT_EQUAL(flows[3].byte_count, 98);
    CU_ASSERT_FALSE(flows[3].has_out_port);
    free(flows);

    /* A body cut inside an entry is refused, not half read. */
    CU_ASSERT_NOT_EQUAL(mon_flows_parse(mp.body, mp.body_size - 1, version, &flows, &n), 0);
    CU_ASSERT_PTR_NULL(flows);
    CU_ASSERT_EQUAL(n, 0);
    /* An empty body is an empty table. */
    CU_ASSERT_EQUAL(mon_flows_parse(mp.body, 0, version, &flows, &n), 0);
    CU_ASSERT_EQUAL(n, 0);
    free(flows);
    free(data);
}

/* A 1.0 flow stats entry: in_port 1, dl_dst 00:00:00:00:00:02, priority 1,
 * output to port 2, 1 packet of 42 bytes; then the same for in_port 2. */
static const uint8_t flow10_body[] = {
    0x00, 0x60, 0x00, 0x00,                         /* length 96, table 0 */
    /* ofp_match: wildcards all but in_port and dl_dst. */
    0x00, 0x3f, 0xff, 0xf6, 0x00, 0x01,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00,             /* dl_src */
    0x00, 0x00, 0x00, 0x00, 0x00, 0x02,             /* dl_dst */
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* rest */
    0x00, 0x00, 0x00, 0x07, 0x1d, 0xcd, 0x65, 0x00, /* 7 s 500000000 ns */
    0x00, 0x01, 0x00, 0x00, 0x00, 0x00,             /* priority 1, timeouts */
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00,             /* pad */
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* cookie */
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, /* packets */
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x2a, /* bytes */
    0x00, 0x00, 0x00, 0x08, 0x00, 0x02, 0x00, 0x00, /* output:2 */

    0x00, 0x60, 0x00, 0x00,
    0x00, 0x3f, 0xff, 0xf6, 0x00, 0x02,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x8c,
    0x00, 0x00, 0x00, 0x08, 0xff, 0xfe, 0x00, 0x00, /* output:LOCAL */
};

static void
test_parse_flows10(void)
{
    struct mon_flow *flows;
    size_t n;
    CU_ASSERT_EQUAL_FATAL(mon_flows_parse(flow10_body, sizeof flow10_body,
                                          OFP10_VERSION, &flows, &n), 0);
    CU_ASSERT_EQUAL_FATAL(n, 2);

    const struct mon_flow *rows[2];
    CU_ASSERT_EQUAL_FATAL(mon_flows_select(flows, n, rows), 2);
    char line[MON_LINE_SIZE];
    mon_flow_format(line, 1, rows[0]);
    CU_ASSERT_STRING_EQUAL(line,
        "0000000000000001        1 00:00:00:00:00:02        2        1       42");
    CU_ASSERT_EQUAL(rows[0]->duration_sec, 7);
    CU_ASSERT_EQUAL(rows[0]->duration_nsec, 500000000);
    /* 1.0's 16-bit ports read as 1.3's 32-bit ones. */
    mon_flow_format(line, 1, rows[1]);
    CU_ASSERT_STRING_EQUAL(line,
        "0000000000000001        2 00:00:00:00:00:01 fffffffe        2      140");
    free(flows);
}

static void
test_parse_ports13(void)
{
    struct ofm_multipart mp;
    uint8_t version;
    uint8_t *data = corpus_body("of13/4-30-ofp_port_stats_reply.packet", &mp, &version);
    CU_ASSERT_PTR_NOT_NULL_FATAL(data);
    CU_ASSERT_EQUAL(mp.type, OFPMP_PORT_STATS);

    struct ofm_port_stats *ports;
    size_t n;
    CU_ASSERT_EQUAL_FATAL(mon_ports_parse(mp.body, mp.body_size, version, &ports, &n), 0);
    CU_ASSERT_EQUAL_FATAL(n, 2);
    mon_ports_sort(ports, n);
    char line[MON_LINE_SIZE];
    mon_port_format(line, 1, &ports[0]);
    CU_ASSERT_STRING_EQUAL(line,
        "0000000000000001        6        4      336        0        4      336        0");
    mon_port_format(line, 1, &ports[1]);
    CU_ASSERT_STRING_EQUAL(line,
        "0000000000000001        7        0        0        0        4      336        0");
    free(ports);

    /* A reply reassembled from two parts is one body: the entries of both. */
    size_t half = mp.body_size;
    uint8_t *twice = malloc(2 * half);
    CU_ASSERT_PTR_NOT_NULL_FATAL(twice);
    memcpy(twice, mp.body, half);
    memcpy(twice + half, mp.body, half);
    CU_ASSERT_EQUAL(mon_ports_parse(twice, 2 * half, version, &ports, &n), 0);
    CU_ASSERT_EQUAL(n, 4);
    free(ports);
    CU_ASSERT_NOT_EQUAL(mon_ports_parse(twice, 2 * half - 8, version, &ports, &n), 0);
    CU_ASSERT_PTR_NULL(ports);
    free(twice);
    free(data);
}

static void
test_parse_ports10(void)
{
    /* ofp_port_stats of 1.0: 16-bit port, 6 pad bytes, 12 counters. */
    uint8_t body[104];
    memset(body, 0, sizeof body);
    ofm_put16(body, 0xfffe);                        /* OFPP_LOCAL */
    for (int i = 0; i < 12; i++) {
        ofm_put64(body + 8 + 8 * i, i + 1);
    }
    struct ofm_port_stats *ports;
    size_t n;
    CU_ASSERT_EQUAL_FATAL(mon_ports_parse(body, sizeof body, OFP10_VERSION, &ports, &n), 0);
    CU_ASSERT_EQUAL_FATAL(n, 1);
    CU_ASSERT_EQUAL(ports[0].port_no, OFPP_LOCAL);
    CU_ASSERT_EQUAL(ports[0].rx_packets, 1);
    CU_ASSERT_EQUAL(ports[0].tx_packets, 2);
    CU_ASSERT_EQUAL(ports[0].rx_bytes, 3);
    CU_ASSERT_EQUAL(ports[0].tx_bytes, 4);
    CU_ASSERT_EQUAL(ports[0].rx_errors, 7);
    CU_ASSERT_EQUAL(ports[0].tx_errors, 8);
    CU_ASSERT_EQUAL(ports[0].collisions, 12);
    char line[MON_LINE_SIZE];
    mon_port_format(line, 0x10, &ports[0]);
    CU_ASSERT_STRING_EQUAL(line,
        "0000000000000010 fffffffe        1        3        7        2        4        8");
    free(ports);
}

/* ---- Rates and JSON ---- */

static void
test_rates(void)
{
    static const struct {
        struct ofm_port_stats prev, cur;
        double seconds;
        bool ok;
        struct mon_rate rate;
    } cases[] = {
        { { .rx_bytes = 100, .tx_bytes = 0, .rx_packets = 1, .tx_packets = 0 },
          { .rx_bytes = 300, .tx_bytes = 50, .rx_packets = 5, .tx_packets = 1 },
          2.0, true, { 100.0, 25.0, 2.0, 0.5 } },
        { { .rx_bytes = 7 }, { .rx_bytes = 7 }, 0.5, true, { 0, 0, 0, 0 } },
        /* No time passed. */
        { { .rx_bytes = 1 }, { .rx_bytes = 2 }, 0.0, false, { 0, 0, 0, 0 } },
        /* A counter went back: the port was reset. */
        { { .tx_packets = 9 }, { .tx_packets = 3 }, 1.0, false, { 0, 0, 0, 0 } },
        /* Unsupported counter. */
        { { .rx_bytes = UINT64_MAX }, { .rx_bytes = UINT64_MAX }, 1.0, false,
          { 0, 0, 0, 0 } },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct mon_rate r;
        bool ok = mon_port_rate(&cases[i].prev, &cases[i].cur, cases[i].seconds, &r);
        CU_ASSERT_EQUAL(ok, cases[i].ok);
        if (ok && cases[i].ok) {
            CU_ASSERT_DOUBLE_EQUAL(r.rx_bytes, cases[i].rate.rx_bytes, 1e-9);
            CU_ASSERT_DOUBLE_EQUAL(r.tx_bytes, cases[i].rate.tx_bytes, 1e-9);
            CU_ASSERT_DOUBLE_EQUAL(r.rx_packets, cases[i].rate.rx_packets, 1e-9);
            CU_ASSERT_DOUBLE_EQUAL(r.tx_packets, cases[i].rate.tx_packets, 1e-9);
        }
    }
}

static json_int_t
int_at(const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    CU_ASSERT_TRUE(json_is_integer(v));
    return json_integer_value(v);
}

static double
real_at(const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    CU_ASSERT_TRUE(json_is_real(v));
    return json_real_value(v);
}

static void
test_json(void)
{
    struct mon_flow flows[2] = {
        flow(1, 1, 2, 2, 1, 42),
        flow(0, 0, 0, OFPP_CONTROLLER, 5, 300),
    };
    flows[0].duration_sec = 12;
    flows[0].duration_nsec = 345;
    flows[0].cookie = 0x8000000000000001ull;        /* Above INT64_MAX. */
    ofm_match_init(&flows[1].match);                /* Table-miss: empty. */
    uint32_t net = 0x0a000000, mask = 0xffffff00;
    uint8_t netb[4], maskb[4];
    ofm_put32(netb, net);
    ofm_put32(maskb, mask);
    ofm_match_set_eth_type(&flows[1].match, 0x0800);
    ofm_match_set(&flows[1].match, OFPXMT_IPV4_DST, netb, maskb);
    flows[1].has_out_port = false;

    struct ofm_port_stats prev[2] = {
        port(1, 10, 1000, 20, 2000), port(2, 0, 0, 0, 0),
    };
    struct ofm_port_stats ports[3] = {
        port(1, 14, 1400, 30, 2500), port(2, 1, 42, 0, 0), port(3, 5, 5, 5, 5),
    };
    ports[0].duration_sec = 100;
    ports[0].duration_nsec = 5;
    ports[1].rx_crc_err = UINT64_MAX;               /* Not supported. */
    ports[1].rx_bytes = 42;

    struct mon_poll poll = {
        .dpid = 0x1, .version = OFP13_VERSION, .time = 1700000000.25,
        .flows = flows, .n_flows = 2, .ports = ports, .n_ports = 3,
        .has_prev = true, .prev_ports = prev, .n_prev_ports = 2, .elapsed = 2.0,
    };
    json_t *obj = mon_poll_json(&poll);
    CU_ASSERT_PTR_NOT_NULL_FATAL(obj);
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(obj, "datapath")),
                           "0000000000000001");
    CU_ASSERT_EQUAL(int_at(obj, "version"), 4);
    CU_ASSERT_DOUBLE_EQUAL(real_at(obj, "time"), 1700000000.25, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(real_at(obj, "elapsed"), 2.0, 1e-9);

    /* Every flow, not only the table's. */
    const json_t *jf = json_object_get(obj, "flows");
    CU_ASSERT_EQUAL_FATAL(json_array_size(jf), 2);
    const json_t *f0 = json_array_get(jf, 0), *f1 = json_array_get(jf, 1);
    CU_ASSERT_EQUAL(int_at(f0, "priority"), 1);
    CU_ASSERT_EQUAL(int_at(f0, "packet_count"), 1);
    CU_ASSERT_EQUAL(int_at(f0, "byte_count"), 42);
    CU_ASSERT_EQUAL(int_at(f0, "duration_sec"), 12);
    CU_ASSERT_EQUAL(int_at(f0, "duration_nsec"), 345);
    CU_ASSERT_EQUAL(int_at(f0, "out_port"), 2);
    CU_ASSERT_EQUAL(int_at(f0, "table_id"), 0);
    CU_ASSERT_EQUAL(int_at(f0, "idle_timeout"), 0);
    CU_ASSERT_EQUAL(int_at(f0, "hard_timeout"), 0);
    CU_ASSERT_EQUAL(int_at(f0, "flags"), 0);
    CU_ASSERT_EQUAL((uint64_t) int_at(f0, "cookie"), 0x8000000000000001ull);
    const json_t *m0 = json_object_get(f0, "match");
    CU_ASSERT_EQUAL(json_object_size(m0), 2);
    CU_ASSERT_EQUAL(int_at(m0, "in_port"), 1);
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(m0, "eth_dst")),
                           "00:00:00:00:00:02");
    CU_ASSERT_EQUAL(int_at(f1, "priority"), 0);
    CU_ASSERT_TRUE(json_is_null(json_object_get(f1, "out_port")));
    const json_t *m1 = json_object_get(f1, "match");
    CU_ASSERT_EQUAL(int_at(m1, "eth_type"), 0x0800);
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(m1, "ipv4_dst")),
                           "10.0.0.0/255.255.255.0");

    const json_t *jp = json_object_get(obj, "ports");
    CU_ASSERT_EQUAL_FATAL(json_array_size(jp), 3);
    const json_t *p0 = json_array_get(jp, 0);
    CU_ASSERT_EQUAL(int_at(p0, "port_no"), 1);
    CU_ASSERT_EQUAL(int_at(p0, "rx_packets"), 14);
    CU_ASSERT_EQUAL(int_at(p0, "rx_bytes"), 1400);
    CU_ASSERT_EQUAL(int_at(p0, "tx_packets"), 30);
    CU_ASSERT_EQUAL(int_at(p0, "tx_bytes"), 2500);
    CU_ASSERT_EQUAL(int_at(p0, "duration_sec"), 100);
    CU_ASSERT_EQUAL(int_at(p0, "duration_nsec"), 5);
    static const char *const zero[] = {
        "rx_dropped", "tx_dropped", "rx_errors", "tx_errors", "rx_frame_err",
        "rx_over_err", "rx_crc_err", "collisions",
    };
    for (size_t i = 0; i < sizeof zero / sizeof zero[0]; i++) {
        CU_ASSERT_EQUAL(int_at(p0, zero[i]), 0);
    }
    /* (1400 - 1000) / 2, (2500 - 2000) / 2, (14 - 10) / 2, (30 - 20) / 2. */
    CU_ASSERT_DOUBLE_EQUAL(real_at(p0, "rx_bytes_per_sec"), 200.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(real_at(p0, "tx_bytes_per_sec"), 250.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(real_at(p0, "rx_packets_per_sec"), 2.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(real_at(p0, "tx_packets_per_sec"), 5.0, 1e-9);
    const json_t *p1 = json_array_get(jp, 1);
    CU_ASSERT_TRUE(json_is_null(json_object_get(p1, "rx_crc_err")));
    CU_ASSERT_DOUBLE_EQUAL(real_at(p1, "rx_bytes_per_sec"), 21.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(real_at(p1, "rx_packets_per_sec"), 0.5, 1e-9);
    /* A port new since the previous poll has no rates yet. */
    const json_t *p2 = json_array_get(jp, 2);
    CU_ASSERT_EQUAL(int_at(p2, "port_no"), 3);
    CU_ASSERT_TRUE(json_is_null(json_object_get(p2, "rx_bytes_per_sec")));
    CU_ASSERT_TRUE(json_is_null(json_object_get(p2, "tx_packets_per_sec")));

    /* One line of text, the cookie as the unsigned number it is. */
    char *text = ofm_json_dumps(obj, JSON_COMPACT | JSON_REAL_PRECISION(15));
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NULL(strchr(text, '\n'));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"cookie\":9223372036854775809"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"rx_crc_err\":null"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "{\"time\":1700000000.25,\"datapath\":"
                                        "\"0000000000000001\",\"version\":4,"
                                        "\"elapsed\":2.0,\"flows\":[{"));
    free(text);
    json_decref(obj);

    /* The first poll, and 1.0: no rates, no elapsed time, no durations. */
    poll.has_prev = false;
    poll.version = OFP10_VERSION;
    obj = mon_poll_json(&poll);
    CU_ASSERT_TRUE(json_is_null(json_object_get(obj, "elapsed")));
    p0 = json_array_get(json_object_get(obj, "ports"), 0);
    CU_ASSERT_TRUE(json_is_null(json_object_get(p0, "rx_bytes_per_sec")));
    CU_ASSERT_TRUE(json_is_null(json_object_get(p0, "duration_sec")));
    CU_ASSERT_TRUE(json_is_null(json_object_get(p0, "duration_nsec")));
    json_decref(obj);
}

int
main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        return 1;
    }
    CU_pSuite tables = CU_add_suite("monitor tables", NULL, NULL);
    CU_add_test(tables, "headers", test_headers);
    CU_add_test(tables, "flow rows", test_flow_rows);
    CU_add_test(tables, "port rows", test_port_rows);
    CU_add_test(tables, "flow selection and order", test_flow_select);
    CU_add_test(tables, "port order", test_port_sort);
    CU_pSuite parse = CU_add_suite("monitor replies", NULL, NULL);
    CU_add_test(parse, "flow stats 1.3", test_parse_flows13);
    CU_add_test(parse, "flow stats 1.0", test_parse_flows10);
    CU_add_test(parse, "port stats 1.3", test_parse_ports13);
    CU_add_test(parse, "port stats 1.0", test_parse_ports10);
    CU_pSuite json = CU_add_suite("monitor json", NULL, NULL);
    CU_add_test(json, "rates", test_rates);
    CU_add_test(json, "poll object", test_json);

    return tu_run();
}
