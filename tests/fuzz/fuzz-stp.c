/* fuzz-stp: libFuzzer target for the spanning tree's receive path
 * (plugins/stp/stp-state.c) behind the packet library's BPDU decoder.
 *
 * Each input is a sequence of records: one byte of port (1 to 3, taken
 * modulo 4; 0 means "let time pass": a link goes down or up and the
 * timers run for half a second), one byte of length, then that many bytes
 * of Ethernet frame.  A fresh bridge with three ports takes them as
 * stplib.so does: parse, keep a BPDU that stp_bpdu_accept() lets
 * through, hand it to stp_port_rx(), tick.  What must hold for any input:
 *   - the bridge is root exactly when it has no root port, and at most
 *     one port has the ROOT role, the root port;
 *   - a root bridge's root path cost is 0;
 *   - every BPDU the bridge sends serializes again as a frame that parses
 *     back to a BPDU that stp_bpdu_accept() accepts.
 *
 * Build and run: tests/fuzz/run-fuzz.sh fuzz-stp SECONDS. */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ofm/buf.h"
#include "ofm/packet.h"
#include "stp-state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fail(const char *what)
{
    fprintf(stderr, "fuzz-stp: %s\n", what);
    abort();
}

/* Every BPDU we send must be one we would accept. */
static void
check_sent(struct stp_bridge *br, const struct stp_port *p, const struct ofm_bpdu *bpdu)
{
    static const uint8_t dst[6] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x00 };
    struct ofm_packet pkt, back;
    struct ofm_buf frame;

    ofm_packet_init(&pkt);
    struct ofm_ethernet *eth = ofm_packet_push_ethernet(&pkt);
    struct ofm_llc *llc = ofm_packet_push_llc(&pkt);
    struct ofm_bpdu *b = ofm_packet_push_bpdu(&pkt);
    if (!eth || !llc || !b) {
        fail("cannot build a BPDU frame");
    }
    memcpy(eth->dst, dst, 6);
    llc->dsap_addr = llc->ssap_addr = 0x42;
    llc->control[0] = 0x03;
    *b = *bpdu;
    ofm_buf_init(&frame);
    if (ofm_packet_serialize(&pkt, &frame)) {
        fail("a BPDU we send does not serialize");
    }
    ofm_packet_parse(&back, frame.data, frame.size);
    const struct ofm_bpdu *parsed = ofm_packet_find(&back, OFM_PROTO_BPDU);
    struct ofm_bpdu taken;
    if (!parsed || stp_bpdu_accept(parsed, &taken)) {
        fail("a BPDU we send is one we would drop");
    }
    ofm_packet_uninit(&back);
    ofm_buf_uninit(&frame);
    ofm_packet_uninit(&pkt);
    (void) br;
    (void) p;
}

static void
check_bridge(const struct stp_bridge *br)
{
    int roots = 0;
    for (size_t i = 0; i < br->n_ports; i++) {
        const struct stp_port *p = &br->ports[i];
        if (p->role == OFM_STP_ROLE_ROOT) {
            roots++;
            if (p != br->root_port) {
                fail("a ROOT port that is not the root port");
            }
        }
    }
    if (stp_bridge_is_root(br) != !br->root_port) {
        fail("root without being root, or a root port at the root");
    }
    if (roots > 1) {
        fail("more than one root port");
    }
    if (stp_bridge_is_root(br) && br->root_path_cost) {
        fail("a root with a root path cost");
    }
}

static void port_changed(struct stp_bridge *br, const struct stp_port *p) { }
static void root_changed(struct stp_bridge *br, bool root) { }
static void topology_change(struct stp_bridge *br) { }

static const struct stp_ops ops = {
    .send = check_sent,
    .port_changed = port_changed,
    .root_changed = root_changed,
    .topology_change = topology_change,
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct stp_bridge_config cfg = { 32768, 1, 6, 4 };
    struct stp_bridge br;
    double now = 0;

    stp_bridge_init(&br, 0x0000020000000002ULL, &cfg, &ops, NULL);
    for (uint32_t port = 1; port <= 3; port++) {
        stp_bridge_add_port(&br, port, 128, 20000, true, true, now);
    }
    stp_bridge_start(&br, now);

    while (size >= 2) {
        uint32_t port = data[0] % 4;
        size_t len = data[1];
        data += 2;
        size -= 2;
        if (len > size) {
            len = size;
        }
        if (!port) {
            /* Time passes; the length byte's low bits flap a link. */
            struct stp_port *p = stp_bridge_find_port(&br, 1 + len % 3);
            if (p && len & 0x80) {
                stp_port_link(&br, p, !p->link_up, now);
            }
            now += 0.5;
            stp_bridge_tick(&br, now);
        } else {
            struct ofm_packet pkt;
            ofm_packet_parse(&pkt, data, len);
            const struct ofm_bpdu *bpdu = ofm_packet_find(&pkt, OFM_PROTO_BPDU);
            struct ofm_bpdu copy;
            if (bpdu && !stp_bpdu_accept(bpdu, &copy)) {
                stp_port_rx(&br, stp_bridge_find_port(&br, port), &copy, now);
            }
            ofm_packet_uninit(&pkt);
        }
        data += len;
        size -= len;
        check_bridge(&br);
    }
    stp_bridge_destroy(&br);
    return 0;
}
