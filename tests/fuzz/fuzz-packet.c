/* fuzz-packet: libFuzzer target for the packet library.
 *
 * For each input: parse it as an Ethernet frame, print it as text and
 * JSON, serialize it again, and check what must hold for any input:
 *   - serializing a parsed packet gives as many bytes as were parsed;
 *   - parsing that output and serializing again gives the same bytes
 *     (only reserved bits the first pass zeroed may differ, never twice);
 *   - the packet's own JSON builds a packet again, which serializes.
 * Also walks the helpers for LLDP TLVs, DHCP options and IPv6 extension
 * headers, and the fast ofm_eth_parse().
 *
 * Build and run (see sdk/packet.mk, target fuzz-packet):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -I. -Isdk/include \
 *     -Isdk/lib/packet tests/fuzz/fuzz-packet.c sdk/lib/packet/[a-z]*.c \
 *     sdk/lib/util/buf.c -ljansson -lm -o fuzz-packet
 *   ./fuzz-packet -max_total_time=60 tests/fuzz/corpus-packet */
#include <config.h>

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ofm/buf.h"
#include "ofm/packet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fail(const char *what)
{
    fprintf(stderr, "fuzz-packet: %s\n", what);
    abort();
}

static void
walk_helpers(const struct ofm_packet *pkt)
{
    const struct ofm_lldp *lldp = ofm_packet_find(pkt, OFM_PROTO_LLDP);
    if (lldp) {
        struct ofm_rd rd = ofm_rd_init(lldp->tlvs.data, lldp->tlvs.size);
        uint8_t type;
        struct ofm_bytes v;
        while (ofm_lldp_next(&rd, &type, &v)) {
            continue;
        }
        ofm_lldp_find(lldp, OFM_LLDP_TLV_TTL, &v);
    }
    const struct ofm_dhcp *dhcp = ofm_packet_find(pkt, OFM_PROTO_DHCP);
    if (dhcp) {
        struct ofm_bytes v;
        ofm_dhcp_find_option(dhcp, 53, &v);
        ofm_dhcp_find_option(dhcp, 250, &v);
    }
    const struct ofm_ipv6 *ip6 = ofm_packet_find(pkt, OFM_PROTO_IPV6);
    if (ip6) {
        ofm_ipv6_upper_proto(ip6);
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ofm_packet pkt, pkt2, pkt3;
    struct ofm_buf out, out2;
    struct ofm_eth eth;

    ofm_eth_parse(data, size, &eth);
    ofm_packet_parse(&pkt, data, size);
    walk_helpers(&pkt);

    free(ofm_packet_to_text(&pkt));
    json_t *j = ofm_packet_to_json(&pkt);
    if (!j) {
        fail("no JSON");
    }
    char *s = json_dumps(j, JSON_COMPACT);
    free(s);

    ofm_buf_init(&out);
    if (ofm_packet_serialize(&pkt, &out)) {
        if (size <= 65535) {
            fail("parsed packet does not serialize");
        }
    } else {
        if (out.size != size) {
            fail("serialized size differs from parsed size");
        }
        ofm_packet_parse(&pkt2, out.data, out.size);
        if (pkt2.n_hdrs != pkt.n_hdrs) {
            fail("reparse gives another header stack");
        }
        ofm_buf_init(&out2);
        if (ofm_packet_serialize(&pkt2, &out2) || out2.size != out.size
            || (out.size && memcmp(out2.data, out.data, out.size))) {
            fail("serialization is not stable");
        }
        ofm_buf_uninit(&out2);
    }
    ofm_buf_uninit(&out);

    char err[256];
    if (ofm_packet_from_json(j, &pkt3, err, sizeof err)) {
        fprintf(stderr, "from_json: %s\n", err);
        fail("own JSON does not build");
    }
    ofm_buf_init(&out);
    ofm_packet_serialize(&pkt3, &out);
    ofm_buf_uninit(&out);
    ofm_packet_uninit(&pkt3);
    json_decref(j);
    return 0;
}
