/* The 802.1D logic of stplib.so (plugins/stp/stp-state.c) without a switch:
 * a ring of three bridges wired in memory on a virtual clock (election,
 * roles, states and their timing, link cut and restore, path cost and port
 * priority), crafted BPDUs (superior, inferior, absurd message age, TCN and
 * TCA), and the configuration checks. */
#include <config.h>
#include "stp-state.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "test-util.h"

#define MAX_BRIDGES 3
#define MAX_QUEUE 256

struct link {
    int a, pa, b, pb;           /* Bridge index and port number of each end. */
    bool up;
};

struct pending {
    int bridge, port;
    struct ofm_bpdu bpdu;
};

struct net {
    struct stp_bridge br[MAX_BRIDGES];
    int n;
    struct link links[8];
    int n_links;
    struct pending queue[MAX_QUEUE];
    int n_queue;
    double now;
    int changes, tcs, tcns_sent, configs_sent;
    /* What the last bridge sent (for crafted BPDU tests). */
    struct ofm_bpdu last_sent;
    uint32_t last_port;
    struct ofm_bpdu sent_on[4];     /* The last BPDU sent on each port. */
};

static struct net *net;

static int
bridge_index(const struct stp_bridge *br)
{
    return (int) (br - net->br);
}

static void
sim_send(struct stp_bridge *br, const struct stp_port *p, const struct ofm_bpdu *b)
{
    int i = bridge_index(br);
    net->last_sent = *b;
    net->last_port = p->port_no;
    if (p->port_no < 4) {
        net->sent_on[p->port_no] = *b;
    }
    if (b->kind == OFM_BPDU_TCN) {
        net->tcns_sent++;
    } else {
        net->configs_sent++;
    }
    for (int l = 0; l < net->n_links; l++) {
        struct link *k = &net->links[l];
        if (!k->up) {
            continue;
        }
        int to = -1, port = 0;
        if (k->a == i && (uint32_t) k->pa == p->port_no) {
            to = k->b, port = k->pb;
        } else if (k->b == i && (uint32_t) k->pb == p->port_no) {
            to = k->a, port = k->pa;
        }
        if (to >= 0 && net->n_queue < MAX_QUEUE) {
            net->queue[net->n_queue++] = (struct pending) { to, port, *b };
        }
    }
}

static void
sim_port_changed(struct stp_bridge *br, const struct stp_port *p)
{
    net->changes++;
}

static void
sim_tc(struct stp_bridge *br)
{
    net->tcs++;
}

static const struct stp_ops sim_ops = {
    .send = sim_send,
    .port_changed = sim_port_changed,
    .topology_change = sim_tc,
};

static void
deliver(void)
{
    /* Deliveries may queue more: take them in order. */
    for (int i = 0; i < net->n_queue; i++) {
        struct pending pd = net->queue[i];
        struct stp_port *p = stp_bridge_find_port(&net->br[pd.bridge], pd.port);
        if (p) {
            stp_port_rx(&net->br[pd.bridge], p, &pd.bpdu, net->now);
        }
    }
    net->n_queue = 0;
}

static void
run(double seconds)
{
    double end = net->now + seconds;
    while (net->now < end) {
        net->now += 0.05;
        for (int i = 0; i < net->n; i++) {
            stp_bridge_tick(&net->br[i], net->now);
        }
        deliver();
    }
}

static const struct stp_bridge_config short_timers = { 32768, 1, 6, 4 };

/* The seed's ring: s1 (dpid 1) port 2 - s2 port 2, s2 port 3 - s3 port 2,
 * s3 port 3 - s1 port 3 (port 1 of each is the host), every cost 'cost'. */
static void
ring(uint32_t cost12, uint32_t cost23, uint32_t cost31)
{
    static struct net storage;
    memset(&storage, 0, sizeof storage);
    net = &storage;
    net->n = 3;
    for (int i = 0; i < 3; i++) {
        stp_bridge_init(&net->br[i], (uint64_t) i + 1, &short_timers, &sim_ops, NULL);
        stp_bridge_add_port(&net->br[i], 1, 128, 20000, true, true, 0);
    }
    stp_bridge_add_port(&net->br[0], 2, 128, cost12, true, true, 0);
    stp_bridge_add_port(&net->br[1], 2, 128, cost12, true, true, 0);
    stp_bridge_add_port(&net->br[1], 3, 128, cost23, true, true, 0);
    stp_bridge_add_port(&net->br[2], 2, 128, cost23, true, true, 0);
    stp_bridge_add_port(&net->br[2], 3, 128, cost31, true, true, 0);
    stp_bridge_add_port(&net->br[0], 3, 128, cost31, true, true, 0);
    net->links[0] = (struct link) { 0, 2, 1, 2, true };
    net->links[1] = (struct link) { 1, 3, 2, 2, true };
    net->links[2] = (struct link) { 2, 3, 0, 3, true };
    net->n_links = 3;
    for (int i = 0; i < 3; i++) {
        stp_bridge_start(&net->br[i], 0);
    }
}

static void
ring_destroy(void)
{
    for (int i = 0; i < net->n; i++) {
        stp_bridge_destroy(&net->br[i]);
    }
}

static struct stp_port *
port(int bridge, uint32_t no)
{
    return stp_bridge_find_port(&net->br[bridge], no);
}

static int
count_state(enum ofm_stp_state state)
{
    int n = 0;
    for (int i = 0; i < net->n; i++) {
        for (size_t j = 0; j < net->br[i].n_ports; j++) {
            n += net->br[i].ports[j].state == state;
        }
    }
    return n;
}

static void
cut(int link, bool up)
{
    struct link *k = &net->links[link];
    k->up = up;
    stp_port_link(&net->br[k->a], port(k->a, k->pa), up, net->now);
    stp_port_link(&net->br[k->b], port(k->b, k->pb), up, net->now);
}

static void
test_ring_election(void)
{
    ring(20000, 20000, 20000);
    /* Nothing forwards before 2 * fwd_delay. */
    run(7.5);
    CU_ASSERT_EQUAL(count_state(OFM_STP_FORWARD), 0);
    run(4);
    CU_ASSERT_TRUE(stp_bridge_is_root(&net->br[0]));
    CU_ASSERT_FALSE(stp_bridge_is_root(&net->br[1]));
    CU_ASSERT_FALSE(stp_bridge_is_root(&net->br[2]));
    CU_ASSERT_EQUAL(net->br[1].root_path_cost, 20000);
    CU_ASSERT_EQUAL(net->br[2].root_path_cost, 20000);
    /* s2 and s3 have their root ports towards s1; the s2-s3 link is
     * blocked at s3 (s2 has the lower bridge id, so it is designated). */
    CU_ASSERT_EQUAL(port(1, 2)->role, OFM_STP_ROLE_ROOT);
    CU_ASSERT_EQUAL(port(2, 3)->role, OFM_STP_ROLE_ROOT);
    CU_ASSERT_EQUAL(port(1, 3)->role, OFM_STP_ROLE_DESIGNATED);
    CU_ASSERT_EQUAL(port(2, 2)->role, OFM_STP_ROLE_NON_DESIGNATED);
    CU_ASSERT_EQUAL(port(2, 2)->state, OFM_STP_BLOCK);
    CU_ASSERT_EQUAL(count_state(OFM_STP_BLOCK), 1);
    CU_ASSERT_EQUAL(count_state(OFM_STP_FORWARD), 8);
    /* Stable: nothing changes over a minute. */
    int changes = net->changes;
    run(60);
    CU_ASSERT_EQUAL(net->changes, changes);
    ring_destroy();
}

static void
test_ring_root_port_cut(void)
{
    ring(20000, 20000, 20000);
    run(12);
    /* Cut s3's root port (s3 port 3 - s1 port 3): s3 must use s2. */
    cut(2, false);
    double t0 = net->now;
    while (port(2, 2)->state != OFM_STP_FORWARD && net->now - t0 < 30) {
        run(0.05);
    }
    /* Link down is seen at once: only the two forward delays remain. */
    CU_ASSERT_TRUE(net->now - t0 <= 6 + 2 * 4);
    CU_ASSERT_EQUAL(port(2, 2)->role, OFM_STP_ROLE_ROOT);
    CU_ASSERT_EQUAL(net->br[2].root_path_cost, 40000);
    CU_ASSERT_EQUAL(count_state(OFM_STP_BLOCK), 0);
    CU_ASSERT_TRUE(net->tcs > 0);
    /* Restore it: one port blocks again, s3's port to s2. */
    cut(2, true);
    run(12);
    CU_ASSERT_EQUAL(count_state(OFM_STP_BLOCK), 1);
    CU_ASSERT_EQUAL(port(2, 2)->state, OFM_STP_BLOCK);
    CU_ASSERT_EQUAL(port(2, 3)->role, OFM_STP_ROLE_ROOT);
    ring_destroy();
}

/* Cut s1-s2: s2 loses its root port and claims to be root on the s2-s3
 * link; that worse word from s3's designated bridge supersedes at once
 * (802.1D-2004), so s3's blocked port takes over after the two forward
 * delays, without waiting max age. */
static void
test_ring_designated_bridge_loses_root(void)
{
    ring(20000, 20000, 20000);
    run(12);
    CU_ASSERT_EQUAL(port(2, 2)->state, OFM_STP_BLOCK);
    cut(0, false);
    double t0 = net->now;
    while (port(2, 2)->state != OFM_STP_FORWARD && net->now - t0 < 30) {
        run(0.05);
    }
    CU_ASSERT_TRUE(net->now - t0 <= 2 * 4 + 1);
    CU_ASSERT_EQUAL(port(2, 2)->role, OFM_STP_ROLE_DESIGNATED);
    CU_ASSERT_EQUAL(port(1, 3)->role, OFM_STP_ROLE_ROOT);
    CU_ASSERT_EQUAL(net->br[1].root_path_cost, 40000);
    CU_ASSERT_EQUAL(count_state(OFM_STP_BLOCK), 0);
    ring_destroy();
}

static void
test_ring_silent_root_port(void)
{
    ring(20000, 20000, 20000);
    run(12);
    /* The link stays up at s3 but its BPDUs stop (a one-way failure):
     * the message age runs out, then s3 re-roots through s2. */
    net->links[2].up = false;
    double t0 = net->now;
    while (port(2, 2)->state != OFM_STP_FORWARD && net->now - t0 < 40) {
        run(0.05);
    }
    CU_ASSERT_TRUE(net->now - t0 <= 6 + 2 * 4 + 0.5);
    CU_ASSERT_EQUAL(port(2, 2)->role, OFM_STP_ROLE_ROOT);
    ring_destroy();
}

static void
test_ring_cost_and_priority(void)
{
    /* s1-s2 expensive: s2 reaches s1 through s3 and the s1-s2 link blocks
     * at s2. */
    ring(200000, 20000, 20000);
    run(12);
    CU_ASSERT_EQUAL(port(1, 3)->role, OFM_STP_ROLE_ROOT);
    CU_ASSERT_EQUAL(port(1, 2)->state, OFM_STP_BLOCK);
    CU_ASSERT_EQUAL(count_state(OFM_STP_BLOCK), 1);
    ring_destroy();

    /* Two links between s1 and s2 of equal cost: s1's port priority picks
     * which one s2 uses. */
    static struct net storage;
    memset(&storage, 0, sizeof storage);
    net = &storage;
    net->n = 2;
    for (int i = 0; i < 2; i++) {
        stp_bridge_init(&net->br[i], (uint64_t) i + 1, &short_timers, &sim_ops, NULL);
    }
    stp_bridge_add_port(&net->br[0], 2, 128, 20000, true, true, 0);
    stp_bridge_add_port(&net->br[0], 3, 64, 20000, true, true, 0);
    stp_bridge_add_port(&net->br[1], 2, 128, 20000, true, true, 0);
    stp_bridge_add_port(&net->br[1], 3, 128, 20000, true, true, 0);
    net->links[0] = (struct link) { 0, 2, 1, 2, true };
    net->links[1] = (struct link) { 0, 3, 1, 3, true };
    net->n_links = 2;
    stp_bridge_start(&net->br[0], 0);
    stp_bridge_start(&net->br[1], 0);
    run(12);
    CU_ASSERT_EQUAL(port(1, 3)->role, OFM_STP_ROLE_ROOT);
    CU_ASSERT_EQUAL(port(1, 2)->state, OFM_STP_BLOCK);
    ring_destroy();
}

/* A configuration BPDU from bridge 'bridge' claiming root 'root'. */
static struct ofm_bpdu
config_bpdu(uint64_t root, uint32_t cost, uint64_t bridge, uint16_t port_id, double age)
{
    struct ofm_bpdu b;
    memset(&b, 0, sizeof b);
    b.kind = OFM_BPDU_CONFIG;
    b.root_priority = (root >> 48) & 0xf000;
    b.bridge_priority = (bridge >> 48) & 0xf000;
    for (int i = 0; i < 6; i++) {
        b.root_mac_address[i] = root >> (40 - 8 * i);
        b.bridge_mac_address[i] = bridge >> (40 - 8 * i);
    }
    b.root_path_cost = cost;
    b.port_priority = port_id >> 8 & 0xf0;
    b.port_number = port_id & 0xfff;
    b.message_age = (uint16_t) (age * 256);
    b.max_age = 6 * 256;
    b.hello_time = 256;
    b.forward_delay = 4 * 256;
    return b;
}

static void
one_bridge(void)
{
    static struct net storage;
    memset(&storage, 0, sizeof storage);
    net = &storage;
    net->n = 1;
    stp_bridge_init(&net->br[0], 0x10, &short_timers, &sim_ops, NULL);
    stp_bridge_add_port(&net->br[0], 1, 128, 20000, true, true, 0);
    stp_bridge_add_port(&net->br[0], 2, 128, 20000, true, true, 0);
    stp_bridge_start(&net->br[0], 0);
}

static void
test_crafted_bpdus(void)
{
    one_bridge();
    struct stp_bridge *br = &net->br[0];
    uint64_t other = (uint64_t) 32768 << 48 | 0x5;
    /* Superior: bridge 5 is root; port 1 becomes our root port. */
    struct ofm_bpdu b = config_bpdu(other, 0, other, 0x8002, 0);
    stp_port_rx(br, port(0, 1), &b, 0.1);
    CU_ASSERT_FALSE(stp_bridge_is_root(br));
    CU_ASSERT_EQUAL(port(0, 1)->role, OFM_STP_ROLE_ROOT);
    CU_ASSERT_EQUAL(br->root_path_cost, 20000);
    /* We relay with our cost and message age + elapsed + 1 s on port 2,
     * once the hold timer of our own first BPDU allows. */
    stp_bridge_tick(br, 1.05);
    CU_ASSERT_EQUAL(net->sent_on[2].root_path_cost, 20000);
    CU_ASSERT_EQUAL(stp_bpdu_root_id(&net->sent_on[2]), other);
    CU_ASSERT_TRUE(net->sent_on[2].message_age >= 256 + 230
                   && net->sent_on[2].message_age <= 256 + 256);
    /* Inferior from port 2 (a worse root): we answer with ours. */
    net->n_queue = 0;
    uint64_t worse = (uint64_t) 61440 << 48 | 0x99;
    b = config_bpdu(worse, 0, worse, 0x8001, 0);
    memset(&net->sent_on[2], 0, sizeof net->sent_on[2]);
    stp_port_rx(br, port(0, 2), &b, 1.5);
    stp_bridge_tick(br, 2.1);
    CU_ASSERT_EQUAL(stp_bpdu_root_id(&net->sent_on[2]), other);
    CU_ASSERT_EQUAL(port(0, 2)->role, OFM_STP_ROLE_DESIGNATED);
    /* The root's BPDUs stop: after max_age - message_age we are root. */
    b = config_bpdu(other, 0, other, 0x8002, 2);
    stp_port_rx(br, port(0, 1), &b, 2.0);
    stp_bridge_tick(br, 5.9);
    CU_ASSERT_FALSE(stp_bridge_is_root(br));
    stp_bridge_tick(br, 6.05);
    CU_ASSERT_TRUE(stp_bridge_is_root(br));

    /* Absurd message age and timers are refused before the machine; an
     * RST BPDU is taken as a configuration BPDU with only TC and TCA. */
    struct ofm_bpdu out;
    b = config_bpdu(other, 0, other, 0x8002, 7);
    CU_ASSERT_PTR_NOT_NULL(stp_bpdu_accept(&b, &out));
    b = config_bpdu(other, 0, other, 0x8002, 0);
    b.max_age = 0xffff;
    CU_ASSERT_PTR_NOT_NULL(stp_bpdu_accept(&b, &out));
    b = config_bpdu(other, 0, other, 0x8002, 0);
    CU_ASSERT_PTR_NULL(stp_bpdu_accept(&b, &out));
    b.kind = OFM_BPDU_RST;
    b.flags = 0x7f;
    CU_ASSERT_PTR_NULL(stp_bpdu_accept(&b, &out));
    CU_ASSERT_EQUAL(out.kind, OFM_BPDU_CONFIG);
    CU_ASSERT_EQUAL(out.flags, 0x01);
    ring_destroy();
}

static void
test_tcn_tca(void)
{
    one_bridge();
    struct stp_bridge *br = &net->br[0];
    /* We are root: a TCN on a designated port sets TC and is acked. */
    struct ofm_bpdu tcn;
    memset(&tcn, 0, sizeof tcn);
    tcn.kind = OFM_BPDU_TCN;
    stp_bridge_tick(br, 1.5);
    stp_port_rx(br, port(0, 1), &tcn, 1.6);
    CU_ASSERT_TRUE(br->topology_change);
    CU_ASSERT_EQUAL(net->tcs, 1);
    /* The hold timer defers the ack to the next second, then TC|TCA. */
    stp_bridge_tick(br, 2.6);
    CU_ASSERT_EQUAL(net->sent_on[1].kind, OFM_BPDU_CONFIG);
    CU_ASSERT_EQUAL(net->sent_on[1].flags & 0x81, 0x81);
    CU_ASSERT_EQUAL(net->sent_on[2].flags & 0x81, 0x01);
    /* A flood of TCNs: one topology change, no storm of BPDUs. */
    int sent = net->configs_sent;
    for (int i = 0; i < 1000; i++) {
        stp_port_rx(br, port(0, 1), &tcn, 2.7);
    }
    CU_ASSERT_TRUE(net->configs_sent - sent <= 1);
    CU_ASSERT_TRUE(br->topology_change);
    /* TC lasts max_age + fwd_delay. */
    stp_bridge_tick(br, 2.7 + 10.1);
    CU_ASSERT_FALSE(br->topology_change);
    ring_destroy();

    /* Not root: a topology change sends TCNs to the root until a TCA. */
    one_bridge();
    br = &net->br[0];
    uint64_t root = (uint64_t) 4096 << 48 | 0x1;
    struct ofm_bpdu b = config_bpdu(root, 0, root, 0x8001, 0);
    stp_port_rx(br, port(0, 1), &b, 0.1);
    stp_bridge_tick(br, 4.2);
    stp_port_rx(br, port(0, 1), &b, 4.2);
    int tcns = net->tcns_sent;
    stp_bridge_tick(br, 8.3);      /* Port 2 forwards: a change. */
    CU_ASSERT_EQUAL(port(0, 2)->state, OFM_STP_FORWARD);
    CU_ASSERT_TRUE(br->topology_change_detected);
    CU_ASSERT_EQUAL(net->tcns_sent, tcns + 1);
    CU_ASSERT_EQUAL(net->sent_on[1].kind, OFM_BPDU_TCN);
    tcns = net->tcns_sent;
    stp_port_rx(br, port(0, 1), &b, 8.4);
    stp_bridge_tick(br, 9.4);
    CU_ASSERT_TRUE(net->tcns_sent > tcns);      /* Repeated every hello. */
    b.flags = 0x80 | 0x01;
    stp_port_rx(br, port(0, 1), &b, 9.5);
    CU_ASSERT_FALSE(br->topology_change_detected);
    CU_ASSERT_TRUE(br->topology_change);
    tcns = net->tcns_sent;
    stp_bridge_tick(br, 12);
    CU_ASSERT_EQUAL(net->tcns_sent, tcns);
    ring_destroy();
}

static void
test_config_check(void)
{
    const char *key;
    struct stp_bridge_config c = { 32768, 2, 20, 15 };
    CU_ASSERT_PTR_NULL(stp_config_check(&c, &key));
    c = (struct stp_bridge_config) { 32768, 1, 6, 4 };
    CU_ASSERT_PTR_NULL(stp_config_check(&c, &key));
    c = (struct stp_bridge_config) { 100, 2, 20, 15 };
    CU_ASSERT_PTR_NOT_NULL(stp_config_check(&c, &key));
    CU_ASSERT_STRING_EQUAL(key, "priority");
    c = (struct stp_bridge_config) { 32768, 11, 20, 15 };
    CU_ASSERT_PTR_NOT_NULL(stp_config_check(&c, &key));
    CU_ASSERT_STRING_EQUAL(key, "hello_time");
    c = (struct stp_bridge_config) { 32768, 2, 30, 15 };      /* 2 * 14 < 30 */
    CU_ASSERT_PTR_NOT_NULL(stp_config_check(&c, &key));
    CU_ASSERT_STRING_EQUAL(key, "max_age");
    c = (struct stp_bridge_config) { 32768, 4, 8, 15 };       /* 8 < 2 * 5 */
    CU_ASSERT_PTR_NOT_NULL(stp_config_check(&c, &key));
    CU_ASSERT_STRING_EQUAL(key, "max_age");
    c = (struct stp_bridge_config) { 32768, 2, 20, 31 };
    CU_ASSERT_PTR_NOT_NULL(stp_config_check(&c, &key));
    CU_ASSERT_STRING_EQUAL(key, "fwd_delay");
    CU_ASSERT_EQUAL(stp_default_path_cost(10000), 2000000);
    CU_ASSERT_EQUAL(stp_default_path_cost(100000), 200000);
    CU_ASSERT_EQUAL(stp_default_path_cost(1000000), 20000);
    CU_ASSERT_EQUAL(stp_default_path_cost(10000000), 2000);
    CU_ASSERT_EQUAL(stp_default_path_cost(0), 20000);
}

int
main(void)
{
    CU_initialize_registry();
    CU_pSuite ring_suite = CU_add_suite("stp ring", NULL, NULL);
    CU_add_test(ring_suite, "election, roles, one blocked port", test_ring_election);
    CU_add_test(ring_suite, "root port cut and restored", test_ring_root_port_cut);
    CU_add_test(ring_suite, "designated bridge loses the root",
                test_ring_designated_bridge_loses_root);
    CU_add_test(ring_suite, "root port silent: message age", test_ring_silent_root_port);
    CU_add_test(ring_suite, "path cost and port priority", test_ring_cost_and_priority);
    CU_pSuite bpdu = CU_add_suite("stp bpdus", NULL, NULL);
    CU_add_test(bpdu, "superior, inferior, message age", test_crafted_bpdus);
    CU_add_test(bpdu, "TCN, TCA, TC flag, TCN flood", test_tcn_tca);
    CU_pSuite conf = CU_add_suite("stp configuration", NULL, NULL);
    CU_add_test(conf, "ranges and the timer relation", test_config_check);
    return tu_run();
}
