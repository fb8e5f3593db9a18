/* test-packet.c: unit tests for ofm/packet.h and ofm/addr.h.
 *
 * The byte vectors (test-packet-vectors.h) are frames built by os-ken and
 * frames built by libofm and checked with tshark; each one must parse into
 * the header stack its builder meant, serialize back to the same bytes,
 * give the same bytes again with every length and checksum recomputed,
 * survive truncation at every offset (run this under ASan and UBSan), and
 * rebuild from its own JSON.  Then field values, building through the C
 * API, the text and JSON forms, and malformed input. */
#include <CUnit/Basic.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofm/addr.h"
#include "ofm/buf.h"
#include "ofm/err.h"
#include "ofm/packet.h"

#include "test-packet-vectors.h"

#define N_ELEMS(A) (sizeof (A) / sizeof (A)[0])

/* ---- Helpers. ---- */

/* Parses hex digits (anything else ignored) into a malloc()ed buffer of
 * exactly the right size, so that ASan sees any read past its end. */
static uint8_t *
unhex(const char *s, size_t *size)
{
    size_t n = 0;
    int hi = -1;
    uint8_t *out = malloc(strlen(s) / 2 + 1);
    for (; *s; s++) {
        int v;
        if (*s >= '0' && *s <= '9') {
            v = *s - '0';
        } else if (*s >= 'a' && *s <= 'f') {
            v = *s - 'a' + 10;
        } else if (*s >= 'A' && *s <= 'F') {
            v = *s - 'A' + 10;
        } else {
            continue;
        }
        if (hi < 0) {
            hi = v;
        } else {
            out[n++] = (uint8_t) (hi << 4 | v);
            hi = -1;
        }
    }
    uint8_t *exact = malloc(n ? n : 1);
    memcpy(exact, out, n);
    free(out);
    *size = n;
    return exact;
}

static bool
same_bytes(const char *what, const uint8_t *got, size_t got_size,
           const uint8_t *want, size_t want_size)
{
    if (got_size == want_size && (!got_size || !memcmp(got, want, got_size))) {
        return true;
    }
    fprintf(stderr, "\n%s:\n  got  ", what);
    for (size_t i = 0; i < got_size; i++) {
        fprintf(stderr, "%02x", got[i]);
    }
    fprintf(stderr, "\n  want ");
    for (size_t i = 0; i < want_size; i++) {
        fprintf(stderr, "%02x", want[i]);
    }
    fprintf(stderr, "\n");
    return false;
}

static const struct pkt_vector *
vector(const char *name)
{
    for (size_t i = 0; i < N_ELEMS(pkt_vectors); i++) {
        if (!strcmp(pkt_vectors[i].name, name)) {
            return &pkt_vectors[i];
        }
    }
    fprintf(stderr, "no vector %s\n", name);
    abort();
}

/* The stack of protocol names of 'pkt', space-separated. */
static void
stack_of(const struct ofm_packet *pkt, char *out, size_t size)
{
    out[0] = '\0';
    for (size_t i = 0; i < pkt->n_hdrs; i++) {
        if (i) {
            strncat(out, " ", size - strlen(out) - 1);
        }
        strncat(out, ofm_proto_name(pkt->hdrs[i].proto), size - strlen(out) - 1);
    }
}

/* A parsed vector, kept alive for the test that uses it. */
struct parsed {
    uint8_t *frame;
    size_t size;
    struct ofm_packet pkt;
};

static void
parse_vector(const char *name, struct parsed *p)
{
    p->frame = unhex(vector(name)->hex, &p->size);
    CU_ASSERT_EQUAL_FATAL(ofm_packet_parse(&p->pkt, p->frame, p->size), 0);
}

static void
parsed_free(struct parsed *p)
{
    ofm_packet_uninit(&p->pkt);
    free(p->frame);
}

static bool
json_equal_text(json_t *j, const char *want)
{
    char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    bool ok = !strcmp(s, want);
    if (!ok) {
        fprintf(stderr, "\nJSON:\n  got  %s\n  want %s\n", s, want);
    }
    free(s);
    return ok;
}

static bool
text_equal(char *got, const char *want)
{
    bool ok = !strcmp(got, want);
    if (!ok) {
        fprintf(stderr, "\ntext:\n  got  %s\n  want %s\n", got, want);
    }
    free(got);
    return ok;
}

/* ---- Addresses. ---- */

static void
test_mac(void)
{
    uint8_t mac[6];
    char s[OFM_MAC_STRLEN];
    static const uint8_t want[6] = { 0x00, 0x03, 0x47, 0x8c, 0xa1, 0xb3 };

    CU_ASSERT_EQUAL(ofm_mac_parse("00:03:47:8c:a1:b3", mac), 0);
    CU_ASSERT_EQUAL(memcmp(mac, want, 6), 0);
    ofm_mac_format(mac, s);
    CU_ASSERT_STRING_EQUAL(s, "00:03:47:8c:a1:b3");
    CU_ASSERT_EQUAL(ofm_mac_parse("00-03-47-8C-A1-B3", mac), 0);
    CU_ASSERT_EQUAL(memcmp(mac, want, 6), 0);
    CU_ASSERT_EQUAL(ofm_mac_parse("0:3:47:8c:a1:b3", mac), 0);
    CU_ASSERT_EQUAL(memcmp(mac, want, 6), 0);

    static const char *const bad[] = {
        "", "00:03:47:8c:a1", "00:03:47:8c:a1:b3:00", "00:03:47:8c:a1:g3",
        "00:03:47-8c:a1:b3", "000:03:47:8c:a1:b3", "00:03:47:8c:a1:b3 ",
    };
    memset(mac, 0x55, 6);
    for (size_t i = 0; i < N_ELEMS(bad); i++) {
        CU_ASSERT_EQUAL(ofm_mac_parse(bad[i], mac), EINVAL);
    }
    CU_ASSERT_EQUAL(mac[0], 0x55);

    static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    CU_ASSERT_TRUE(ofm_mac_is_broadcast(bcast));
    CU_ASSERT_TRUE(ofm_mac_is_multicast(bcast));
    CU_ASSERT_FALSE(ofm_mac_is_multicast(want));
}

static void
test_ipv4_addr(void)
{
    uint32_t ip = 0;
    char s[OFM_IPV4_STRLEN];

    CU_ASSERT_EQUAL(ofm_ipv4_parse("192.0.2.9", &ip), 0);
    CU_ASSERT_EQUAL(ip, 0xc0000209);
    ofm_ipv4_format(0xffffffff, s);
    CU_ASSERT_STRING_EQUAL(s, "255.255.255.255");
    ofm_ipv4_format(0, s);
    CU_ASSERT_STRING_EQUAL(s, "0.0.0.0");
    CU_ASSERT_EQUAL(ofm_ipv4_parse("256.0.0.1", &ip), EINVAL);
    CU_ASSERT_EQUAL(ofm_ipv4_parse("1.2.3", &ip), EINVAL);
    CU_ASSERT_EQUAL(ofm_ipv4_parse("1.2.3.4.5", &ip), EINVAL);
    CU_ASSERT_EQUAL(ofm_ipv4_parse(" 1.2.3.4", &ip), EINVAL);
    CU_ASSERT_EQUAL(ip, 0xc0000209);
}

static void
test_ipv6_addr(void)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        { "2001:db8::2", "2001:db8::2" },
        { "2001:0db8:0000:0000:0000:0000:0000:0002", "2001:db8::2" },
        { "::", "::" },
        { "::ffff:192.0.2.1", "::ffff:192.0.2.1" },
        { "fe80::1:0:0:1", "fe80::1:0:0:1" },
        { "1:0:0:2:0:0:0:3", "1:0:0:2::3" },
        { "FF02::1", "ff02::1" },
    };
    uint8_t ip[16];
    char s[OFM_IPV6_STRLEN];
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        CU_ASSERT_EQUAL(ofm_ipv6_parse(cases[i].in, ip), 0);
        ofm_ipv6_format(ip, s);
        CU_ASSERT_STRING_EQUAL(s, cases[i].out);
    }
    CU_ASSERT_EQUAL(ofm_ipv6_parse("2001:db8::2::1", ip), EINVAL);
    CU_ASSERT_EQUAL(ofm_ipv6_parse("12345::", ip), EINVAL);
    CU_ASSERT_EQUAL(ofm_ipv6_parse("", ip), EINVAL);
}

/* ---- Checksums. ---- */

static void
test_checksums(void)
{
    /* RFC 1071 section 3's example words sum to 0xddf2. */
    static const uint8_t words[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
    CU_ASSERT_EQUAL(ofm_csum_finish(ofm_csum_add(0, words, sizeof words)), 0x220d);
    /* Split at an even offset, the sum continues. */
    uint32_t part = ofm_csum_add(0, words, 4);
    CU_ASSERT_EQUAL(ofm_csum_finish(ofm_csum_add(part, words + 4, 4)), 0x220d);
    /* An odd length is padded with a zero byte. */
    static const uint8_t odd[] = { 0x12, 0x34, 0x56 };
    CU_ASSERT_EQUAL(ofm_csum_finish(ofm_csum_add(0, odd, 3)), (uint16_t) ~(0x1234 + 0x5600));
    /* RFC 3720 B.4 and the usual check value of CRC32c. */
    CU_ASSERT_EQUAL(ofm_crc32c("123456789", 9), 0xe3069283);
    uint8_t zeros[32] = { 0 };
    CU_ASSERT_EQUAL(ofm_crc32c(zeros, 32), 0x8a9136aa);
}

/* ---- The vectors. ---- */

static void
test_vector_stacks(void)
{
    for (size_t i = 0; i < N_ELEMS(pkt_vectors); i++) {
        const struct pkt_vector *v = &pkt_vectors[i];
        size_t size;
        uint8_t *frame = unhex(v->hex, &size);
        struct ofm_packet pkt;
        char stack[256];

        CU_ASSERT_EQUAL(ofm_packet_parse(&pkt, frame, size), 0);
        CU_ASSERT_EQUAL(pkt.error, 0);
        stack_of(&pkt, stack, sizeof stack);
        if (strcmp(stack, v->stack)) {
            fprintf(stderr, "\n%s: stack '%s', want '%s'\n", v->name, stack, v->stack);
            CU_FAIL("header stack");
        }
        free(frame);
    }
}

static void
test_vector_roundtrip(void)
{
    for (size_t i = 0; i < N_ELEMS(pkt_vectors); i++) {
        const struct pkt_vector *v = &pkt_vectors[i];
        size_t size;
        uint8_t *frame = unhex(v->hex, &size);
        struct ofm_packet pkt;
        struct ofm_buf out;

        ofm_packet_parse(&pkt, frame, size);
        ofm_buf_init(&out);
        CU_ASSERT_EQUAL(ofm_packet_serialize(&pkt, &out), 0);
        CU_ASSERT_TRUE(same_bytes(v->name, out.data, out.size, frame, size));
        ofm_buf_uninit(&out);
        free(frame);
    }
}

/* Sets every length and checksum to 0 (and next-protocol fields where the
 * next header says it), so that serialization recomputes them. */
static void
zero_computed_fields(struct ofm_packet *pkt)
{
    ofm_packet_set_auto(pkt);
    pkt->pad = true;
    for (size_t i = 0; i < pkt->n_hdrs; i++) {
        struct ofm_hdr *h = &pkt->hdrs[i];
        enum ofm_proto next = i + 1 < pkt->n_hdrs ? h[1].proto : OFM_PROTO_NONE;
        bool l2_next = (next == OFM_PROTO_IPV4 || next == OFM_PROTO_IPV6
                        || next == OFM_PROTO_ARP || next == OFM_PROTO_VLAN
                        || next == OFM_PROTO_SVLAN || next == OFM_PROTO_MPLS
                        || next == OFM_PROTO_ITAG || next == OFM_PROTO_LLDP
                        || next == OFM_PROTO_LACP || next == OFM_PROTO_MARKER);
        bool l4_next = (next == OFM_PROTO_ICMP || next == OFM_PROTO_IGMP
                        || next == OFM_PROTO_TCP || next == OFM_PROTO_UDP
                        || next == OFM_PROTO_SCTP || next == OFM_PROTO_GRE
                        || next == OFM_PROTO_VRRP);
        switch (h->proto) {
        case OFM_PROTO_ETHERNET:
            /* Not for LLC: a parsed 802.3 frame keeps its padding in the
             * payload (as Ryu does), so a recomputed length would count it. */
            if (l2_next) {
                h->u.ethernet.ethertype = 0;
            }
            break;
        case OFM_PROTO_VLAN:
        case OFM_PROTO_SVLAN:
            if (l2_next) {
                h->u.vlan.ethertype = 0;
            }
            break;
        case OFM_PROTO_IPV4:
            h->u.ipv4.csum = 0;
            h->u.ipv4.total_length = 0;
            h->u.ipv4.header_length = 0;
            if (l4_next) {
                h->u.ipv4.proto = 0;
            }
            break;
        case OFM_PROTO_IPV6:
            h->u.ipv6.payload_length = 0;
            break;
        case OFM_PROTO_ICMP:
            h->u.icmp.csum = 0;
            break;
        case OFM_PROTO_ICMPV6:
            h->u.icmpv6.csum = 0;
            break;
        case OFM_PROTO_IGMP:
            h->u.igmp.csum = 0;
            h->u.igmp.num = 0;
            h->u.igmp.record_num = 0;
            break;
        case OFM_PROTO_TCP:
            h->u.tcp.csum = 0;
            h->u.tcp.offset = 0;
            break;
        case OFM_PROTO_UDP:
            h->u.udp.csum = 0;
            h->u.udp.total_length = 0;
            break;
        case OFM_PROTO_SCTP:
            h->u.sctp.csum = 0;
            break;
        case OFM_PROTO_GRE:
            h->u.gre.checksum = 0;
            break;
        case OFM_PROTO_VRRP:
            h->u.vrrp.checksum = 0;
            h->u.vrrp.count_ip = 0;
            break;
        default:
            break;
        }
    }
}

static void
test_vector_recompute(void)
{
    size_t tested = 0;
    for (size_t i = 0; i < N_ELEMS(pkt_vectors); i++) {
        const struct pkt_vector *v = &pkt_vectors[i];
        if (!v->csum_ok) {
            continue;           /* os-ken got a checksum wrong. */
        }
        size_t size;
        uint8_t *frame = unhex(v->hex, &size);
        struct ofm_packet pkt;
        struct ofm_buf out;

        ofm_packet_parse(&pkt, frame, size);
        zero_computed_fields(&pkt);
        ofm_buf_init(&out);
        CU_ASSERT_EQUAL(ofm_packet_serialize(&pkt, &out), 0);
        CU_ASSERT_TRUE(same_bytes(v->name, out.data, out.size, frame, size));
        ofm_buf_uninit(&out);
        free(frame);
        tested++;
    }
    CU_ASSERT_TRUE(tested >= 70);
}

/* Every prefix of every vector: parsed, printed, serialized back to the
 * same bytes, and rebuilt from its JSON, with ASan watching the reads. */
static void
test_vector_truncations(void)
{
    for (size_t i = 0; i < N_ELEMS(pkt_vectors); i++) {
        const struct pkt_vector *v = &pkt_vectors[i];
        size_t size;
        uint8_t *frame = unhex(v->hex, &size);

        for (size_t k = 0; k <= size; k++) {
            uint8_t *prefix = malloc(k ? k : 1);
            struct ofm_packet pkt, pkt2;
            struct ofm_buf out;
            char err[256];

            memcpy(prefix, frame, k);
            int error = ofm_packet_parse(&pkt, k ? prefix : NULL, k);
            CU_ASSERT_EQUAL(error, k < 14 ? OFM_ERR_BAD_PACKET : 0);
            CU_ASSERT_TRUE(pkt.n_hdrs <= OFM_PACKET_MAX_HDRS);

            ofm_buf_init(&out);
            CU_ASSERT_EQUAL(ofm_packet_serialize(&pkt, &out), 0);
            if (!same_bytes(v->name, out.data, out.size, prefix, k)) {
                fprintf(stderr, "  (truncated to %zu bytes)\n", k);
                CU_FAIL("truncated round trip");
            }
            ofm_buf_uninit(&out);

            free(ofm_packet_to_text(&pkt));
            json_t *j = ofm_packet_to_json(&pkt);
            CU_ASSERT_PTR_NOT_NULL(j);
            error = ofm_packet_from_json(j, &pkt2, err, sizeof err);
            if (error) {
                fprintf(stderr, "\n%s/%zu: from_json: %s\n", v->name, k, err);
                CU_FAIL("own JSON does not build");
            }
            ofm_buf_init(&out);
            CU_ASSERT_EQUAL(ofm_packet_serialize(&pkt2, &out), 0);
            ofm_buf_uninit(&out);
            ofm_packet_uninit(&pkt2);
            json_decref(j);
            free(prefix);
        }
        free(frame);
    }
}

/* The JSON of each full vector rebuilds the same bytes. */
static void
test_vector_json_rebuild(void)
{
    for (size_t i = 0; i < N_ELEMS(pkt_vectors); i++) {
        const struct pkt_vector *v = &pkt_vectors[i];
        size_t size;
        uint8_t *frame = unhex(v->hex, &size);
        struct ofm_packet pkt, pkt2;
        struct ofm_buf out;
        char err[256];

        ofm_packet_parse(&pkt, frame, size);
        json_t *j = ofm_packet_to_json(&pkt);
        /* Through text too, as a file would carry it. */
        char *s = json_dumps(j, 0);
        json_t *j2 = json_loads(s, JSON_ALLOW_NUL, NULL);
        CU_ASSERT_PTR_NOT_NULL_FATAL(j2);
        CU_ASSERT_EQUAL(ofm_packet_from_json(j2, &pkt2, err, sizeof err), 0);
        ofm_buf_init(&out);
        CU_ASSERT_EQUAL(ofm_packet_serialize(&pkt2, &out), 0);
        CU_ASSERT_TRUE(same_bytes(v->name, out.data, out.size, frame, size));
        ofm_buf_uninit(&out);
        ofm_packet_uninit(&pkt2);
        json_decref(j);
        json_decref(j2);
        free(s);
        free(frame);
    }
}

/* ---- Field values of decoded vectors. ---- */

static void
test_fields_l2(void)
{
    struct parsed p;

    parse_vector("osken-arp-request", &p);
    const struct ofm_ethernet *e = ofm_packet_find(&p.pkt, OFM_PROTO_ETHERNET);
    const struct ofm_arp *a = ofm_packet_find(&p.pkt, OFM_PROTO_ARP);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_TRUE(ofm_mac_is_broadcast(e->dst));
    CU_ASSERT_EQUAL(e->ethertype, OFM_ETH_TYPE_ARP);
    CU_ASSERT_EQUAL(a->opcode, OFM_ARP_REQUEST);
    CU_ASSERT_EQUAL(a->spa, 0xc0000263);
    CU_ASSERT_EQUAL(a->tpa, 0xc0000209);
    CU_ASSERT_EQUAL(memcmp(a->sha, e->src, 6), 0);
    CU_ASSERT_EQUAL(a->hwtype, 1);
    CU_ASSERT_EQUAL(a->hlen, 6);
    CU_ASSERT_EQUAL(a->plen, 4);
    /* The padding after the ARP message is payload, all zeros. */
    CU_ASSERT_EQUAL(p.pkt.payload.size, 60 - 14 - 28);
    CU_ASSERT_PTR_NULL(ofm_packet_find(&p.pkt, OFM_PROTO_IPV4));
    parsed_free(&p);

    parse_vector("osken-qinq-tcp-options", &p);
    const struct ofm_hdr *s = ofm_packet_find_hdr(&p.pkt, OFM_PROTO_SVLAN);
    const struct ofm_hdr *c = ofm_packet_find_hdr(&p.pkt, OFM_PROTO_VLAN);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(s->u.vlan.vid, 20);
    CU_ASSERT_EQUAL(s->u.vlan.pcp, 1);
    CU_ASSERT_EQUAL(s->u.vlan.ethertype, OFM_ETH_TYPE_8021Q);
    CU_ASSERT_EQUAL(c->u.vlan.vid, 300);
    CU_ASSERT_EQUAL(c->u.vlan.pcp, 3);
    CU_ASSERT_EQUAL(s->offset, 14);
    CU_ASSERT_EQUAL(c->offset, 18);
    parsed_free(&p);

    parse_vector("osken-mpls", &p);
    const struct ofm_hdr *m1 = ofm_packet_find_hdr(&p.pkt, OFM_PROTO_MPLS);
    const struct ofm_hdr *m2 = ofm_packet_find_next(&p.pkt, m1, OFM_PROTO_MPLS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m2);
    CU_ASSERT_EQUAL(m1->u.mpls.label, 100);
    CU_ASSERT_EQUAL(m1->u.mpls.bsb, 0);
    CU_ASSERT_EQUAL(m2->u.mpls.label, 200);
    CU_ASSERT_EQUAL(m2->u.mpls.exp, 5);
    CU_ASSERT_EQUAL(m2->u.mpls.ttl, 63);
    CU_ASSERT_PTR_NULL(ofm_packet_find_next(&p.pkt, m2, OFM_PROTO_MPLS));
    parsed_free(&p);

    parse_vector("osken-pbb", &p);
    const struct ofm_itag *t = ofm_packet_find(&p.pkt, OFM_PROTO_ITAG);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(t->sid, 0xabcde);
    CU_ASSERT_EQUAL(t->pcp, 3);
    CU_ASSERT_EQUAL(t->uca, 1);
    parsed_free(&p);

    parse_vector("osken-stp-config", &p);
    const struct ofm_llc *l = ofm_packet_find(&p.pkt, OFM_PROTO_LLC);
    const struct ofm_bpdu *b = ofm_packet_find(&p.pkt, OFM_PROTO_BPDU);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT_EQUAL(l->dsap_addr, 0x42);
    CU_ASSERT_EQUAL(l->control[0], 0x03);
    CU_ASSERT_EQUAL(b->kind, OFM_BPDU_CONFIG);
    CU_ASSERT_EQUAL(b->flags, 1);
    CU_ASSERT_EQUAL(b->root_priority, 4096);
    CU_ASSERT_EQUAL(b->root_system_id_extension, 1);
    CU_ASSERT_EQUAL(b->root_path_cost, 20000);
    CU_ASSERT_EQUAL(b->bridge_priority, 32768);
    CU_ASSERT_EQUAL(b->port_priority, 128);
    CU_ASSERT_EQUAL(b->port_number, 3);
    CU_ASSERT_EQUAL(b->message_age, 256);
    CU_ASSERT_EQUAL(b->max_age, 20 * 256);
    CU_ASSERT_EQUAL(b->hello_time, 2 * 256);
    CU_ASSERT_EQUAL(b->forward_delay, 15 * 256);
    parsed_free(&p);

    parse_vector("osken-rstp", &p);
    b = ofm_packet_find(&p.pkt, OFM_PROTO_BPDU);
    CU_ASSERT_EQUAL(b->kind, OFM_BPDU_RST);
    CU_ASSERT_EQUAL(b->port_priority, 240);
    CU_ASSERT_EQUAL(b->port_number, 4095);
    CU_ASSERT_EQUAL(b->bridge_priority, 61440);
    parsed_free(&p);

    parse_vector("osken-stp-tcn", &p);
    b = ofm_packet_find(&p.pkt, OFM_PROTO_BPDU);
    CU_ASSERT_EQUAL(b->kind, OFM_BPDU_TCN);
    parsed_free(&p);
}

static void
test_fields_slow_lldp(void)
{
    struct parsed p;

    parse_vector("osken-lacp", &p);
    const struct ofm_lacp *l = ofm_packet_find(&p.pkt, OFM_PROTO_LACP);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    CU_ASSERT_EQUAL(l->version, 1);
    CU_ASSERT_EQUAL(l->actor.system_priority, 65534);
    CU_ASSERT_EQUAL(l->actor.key, 1);
    CU_ASSERT_EQUAL(l->actor.port_priority, 255);
    CU_ASSERT_EQUAL(l->actor.port, 2);
    CU_ASSERT_EQUAL(l->actor.state, 0x3f);
    CU_ASSERT_TRUE(l->actor.state & OFM_LACP_STATE_SYNCHRONIZATION);
    CU_ASSERT_EQUAL(l->partner.key, 17);
    CU_ASSERT_EQUAL(l->partner.port, 5);
    CU_ASSERT_EQUAL(l->partner.state, OFM_LACP_STATE_AGGREGATION | OFM_LACP_STATE_DEFAULTED
                    | OFM_LACP_STATE_EXPIRED);
    CU_ASSERT_EQUAL(l->actor.system[5], 0x43);
    CU_ASSERT_EQUAL(l->partner.system[5], 0x44);
    CU_ASSERT_EQUAL(p.pkt.payload.size, 0);
    parsed_free(&p);

    parse_vector("lib-marker", &p);
    const struct ofm_marker *m = ofm_packet_find(&p.pkt, OFM_PROTO_MARKER);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL(m->tlv_type, 1);
    CU_ASSERT_EQUAL(m->requester_port, 7);
    CU_ASSERT_EQUAL(m->requester_transaction_id, 0x01020304);
    parsed_free(&p);

    parse_vector("osken-lldp", &p);
    const struct ofm_lldp *ld = ofm_packet_find(&p.pkt, OFM_PROTO_LLDP);
    struct ofm_bytes v;
    CU_ASSERT_PTR_NOT_NULL_FATAL(ld);
    CU_ASSERT_TRUE(ofm_lldp_find(ld, OFM_LLDP_TLV_CHASSIS_ID, &v));
    CU_ASSERT_EQUAL(v.size, 7);
    CU_ASSERT_EQUAL(v.data[0], 4);
    CU_ASSERT_TRUE(ofm_lldp_find(ld, OFM_LLDP_TLV_PORT_ID, &v));
    CU_ASSERT_EQUAL(v.size, 5);
    CU_ASSERT_EQUAL(memcmp(v.data + 1, "eth0", 4), 0);
    CU_ASSERT_TRUE(ofm_lldp_find(ld, OFM_LLDP_TLV_TTL, &v));
    CU_ASSERT_EQUAL(ofm_get16(v.data), 120);
    CU_ASSERT_TRUE(ofm_lldp_find(ld, OFM_LLDP_TLV_SYSTEM_NAME, &v));
    CU_ASSERT_EQUAL(v.size, 8);
    CU_ASSERT_FALSE(ofm_lldp_find(ld, 9, &v));
    struct ofm_rd rd = ofm_rd_init(ld->tlvs.data, ld->tlvs.size);
    uint8_t type;
    int n = 0;
    while (ofm_lldp_next(&rd, &type, &v)) {
        n++;
    }
    CU_ASSERT_EQUAL(n, 10);
    CU_ASSERT_EQUAL(type, OFM_LLDP_TLV_END);
    CU_ASSERT_FALSE(rd.error);
    parsed_free(&p);
}

static void
test_fields_ip(void)
{
    struct parsed p;

    parse_vector("osken-icmp-echo", &p);
    const struct ofm_ipv4 *ip = ofm_packet_find(&p.pkt, OFM_PROTO_IPV4);
    const struct ofm_icmp *ic = ofm_packet_find(&p.pkt, OFM_PROTO_ICMP);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ic);
    CU_ASSERT_EQUAL(ip->version, 4);
    CU_ASSERT_EQUAL(ip->header_length, 5);
    CU_ASSERT_EQUAL(ip->total_length, 76);
    CU_ASSERT_EQUAL(ip->identification, 32285);
    CU_ASSERT_EQUAL(ip->ttl, 255);
    CU_ASSERT_EQUAL(ip->proto, OFM_IPPROTO_ICMP);
    CU_ASSERT_EQUAL(ip->src, 0xc0000263);
    CU_ASSERT_EQUAL(ip->dst, 0xc0000209);
    CU_ASSERT_EQUAL(ip->option.size, 0);
    CU_ASSERT_EQUAL(ic->type, OFM_ICMP_ECHO_REQUEST);
    CU_ASSERT_EQUAL(ic->data.size, 4 + 48);
    CU_ASSERT_EQUAL(ofm_get16(ic->data.data), 0x4c2b);
    CU_ASSERT_EQUAL(ofm_get16(ic->data.data + 2), 1);
    CU_ASSERT_EQUAL(ic->data.data[4], 0x10);
    CU_ASSERT_EQUAL(p.pkt.payload.size, 0);
    parsed_free(&p);

    parse_vector("osken-igmpv2-report", &p);
    ip = ofm_packet_find(&p.pkt, OFM_PROTO_IPV4);
    const struct ofm_igmp *g = ofm_packet_find(&p.pkt, OFM_PROTO_IGMP);
    CU_ASSERT_EQUAL(ip->header_length, 6);
    CU_ASSERT_EQUAL(ip->option.size, 4);
    CU_ASSERT_EQUAL(ip->option.data[0], 0x94);
    CU_ASSERT_EQUAL(g->kind, OFM_IGMP_V1V2);
    CU_ASSERT_EQUAL(g->msgtype, 0x16);
    CU_ASSERT_EQUAL(g->address, 0xef010203);
    /* The Ethernet padding after the datagram is the IPv4 trailer. */
    const struct ofm_hdr *iph = ofm_packet_find_hdr(&p.pkt, OFM_PROTO_IPV4);
    CU_ASSERT_EQUAL(iph->trailer.size, 60 - 14 - 32);
    parsed_free(&p);

    parse_vector("osken-igmpv3-report", &p);
    g = ofm_packet_find(&p.pkt, OFM_PROTO_IGMP);
    CU_ASSERT_EQUAL(g->kind, OFM_IGMP_V3_REPORT);
    CU_ASSERT_EQUAL(g->record_num, 2);
    CU_ASSERT_EQUAL(g->srcs.size, 12 + 12);
    parsed_free(&p);

    parse_vector("osken-igmpv3-query", &p);
    g = ofm_packet_find(&p.pkt, OFM_PROTO_IGMP);
    CU_ASSERT_EQUAL(g->kind, OFM_IGMP_V3_QUERY);
    CU_ASSERT_EQUAL(g->num, 2);
    CU_ASSERT_EQUAL(g->s_flg, 1);
    CU_ASSERT_EQUAL(g->qqic, 125);
    CU_ASSERT_EQUAL(ofm_get32(g->srcs.data + 4), 0xc0000202);
    parsed_free(&p);

    parse_vector("osken-tcp-sack-data", &p);
    const struct ofm_tcp *t = ofm_packet_find(&p.pkt, OFM_PROTO_TCP);
    CU_ASSERT_EQUAL(t->src_port, 80);
    CU_ASSERT_EQUAL(t->dst_port, 40000);
    CU_ASSERT_EQUAL(t->seq, 1000);
    CU_ASSERT_EQUAL(t->ack, 2000);
    CU_ASSERT_EQUAL(t->bits, OFM_TCP_ACK | OFM_TCP_PSH);
    CU_ASSERT_EQUAL(t->offset * 4, 20 + t->option.size);
    CU_ASSERT_EQUAL(p.pkt.payload.size, 18);
    CU_ASSERT_EQUAL(memcmp(p.pkt.payload.data, "GET / HTTP/1.0\r\n\r\n", 18), 0);
    parsed_free(&p);

    parse_vector("osken-vlan-udp", &p);
    const struct ofm_udp *u = ofm_packet_find(&p.pkt, OFM_PROTO_UDP);
    CU_ASSERT_EQUAL(u->src_port, 5353);
    CU_ASSERT_EQUAL(u->dst_port, 53);
    CU_ASSERT_EQUAL(u->total_length, 20);
    CU_ASSERT_EQUAL(p.pkt.payload.size, 12);
    parsed_free(&p);

    parse_vector("osken-ipv6-dstopts-auth-tcp", &p);
    const struct ofm_ipv6 *ip6 = ofm_packet_find(&p.pkt, OFM_PROTO_IPV6);
    CU_ASSERT_EQUAL(ip6->nxt, OFM_IPPROTO_DSTOPTS);
    CU_ASSERT_EQUAL(ip6->ext_hdrs.size, 8 + 24);
    CU_ASSERT_EQUAL(ofm_ipv6_upper_proto(ip6), OFM_IPPROTO_TCP);
    struct ofm_rd rd = ofm_rd_init(ip6->ext_hdrs.data, ip6->ext_hdrs.size);
    uint8_t nxt = ip6->nxt;
    struct ofm_bytes ext;
    CU_ASSERT_TRUE(ofm_ipv6_next_ext(&rd, &nxt, &ext));
    CU_ASSERT_EQUAL(ext.size, 8);
    CU_ASSERT_EQUAL(nxt, OFM_IPPROTO_AH);
    CU_ASSERT_TRUE(ofm_ipv6_next_ext(&rd, &nxt, &ext));
    CU_ASSERT_EQUAL(ext.size, 24);
    CU_ASSERT_EQUAL(nxt, OFM_IPPROTO_TCP);
    CU_ASSERT_FALSE(ofm_ipv6_next_ext(&rd, &nxt, &ext));
    CU_ASSERT_FALSE(rd.error);
    parsed_free(&p);

    parse_vector("osken-icmpv6-echo", &p);
    ip6 = ofm_packet_find(&p.pkt, OFM_PROTO_IPV6);
    CU_ASSERT_EQUAL(ip6->flow_label, 0x12345);
    CU_ASSERT_EQUAL(ip6->traffic_class, 0x20);
    CU_ASSERT_EQUAL(ip6->payload_length, 13);
    CU_ASSERT_EQUAL(ip6->dst[15], 2);
    const struct ofm_icmpv6 *i6 = ofm_packet_find(&p.pkt, OFM_PROTO_ICMPV6);
    CU_ASSERT_EQUAL(i6->type, OFM_ICMPV6_ECHO_REQUEST);
    parsed_free(&p);
}

static void
test_fields_tunnels_apps(void)
{
    struct parsed p;

    parse_vector("osken-vxlan", &p);
    const struct ofm_vxlan *vx = ofm_packet_find(&p.pkt, OFM_PROTO_VXLAN);
    CU_ASSERT_EQUAL(vx->vni, 0x123456);
    const struct ofm_hdr *e1 = ofm_packet_find_hdr(&p.pkt, OFM_PROTO_ETHERNET);
    const struct ofm_hdr *e2 = ofm_packet_find_next(&p.pkt, e1, OFM_PROTO_ETHERNET);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e2);
    CU_ASSERT_EQUAL(e2->offset, 14 + 20 + 8 + 8);
    CU_ASSERT_EQUAL(ofm_packet_find_hdr(&p.pkt, OFM_PROTO_ARP) - p.pkt.hdrs, 5);
    parsed_free(&p);

    parse_vector("lib-gre-csum-key-seq", &p);
    const struct ofm_gre *gr = ofm_packet_find(&p.pkt, OFM_PROTO_GRE);
    CU_ASSERT_TRUE(gr->has_checksum);
    CU_ASSERT_TRUE(gr->has_key);
    CU_ASSERT_TRUE(gr->has_seq);
    CU_ASSERT_EQUAL(gr->key, 0x1234);
    CU_ASSERT_EQUAL(gr->seq_number, 77);
    CU_ASSERT_EQUAL(gr->protocol, OFM_ETH_TYPE_IP);
    parsed_free(&p);

    parse_vector("osken-dhcp-offer", &p);
    const struct ofm_dhcp *d = ofm_packet_find(&p.pkt, OFM_PROTO_DHCP);
    struct ofm_bytes v;
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_EQUAL(d->op, 2);
    CU_ASSERT_EQUAL(d->xid, 0x3903f326);
    CU_ASSERT_EQUAL(d->yiaddr, 0xc0000232);
    CU_ASSERT_EQUAL(d->chaddr[5], 0x43);
    CU_ASSERT_EQUAL(memcmp(d->sname.data, "boot-server", 12), 0);
    CU_ASSERT_EQUAL(ofm_get32(d->options.data), OFM_DHCP_MAGIC);
    CU_ASSERT_TRUE(ofm_dhcp_find_option(d, 53, &v));
    CU_ASSERT_EQUAL(v.size, 1);
    CU_ASSERT_EQUAL(v.data[0], 2);
    CU_ASSERT_TRUE(ofm_dhcp_find_option(d, 51, &v));
    CU_ASSERT_EQUAL(ofm_get32(v.data), 3600);
    CU_ASSERT_FALSE(ofm_dhcp_find_option(d, 6, &v));
    parsed_free(&p);

    parse_vector("osken-vrrpv3-ipv6", &p);
    const struct ofm_vrrp *vr = ofm_packet_find(&p.pkt, OFM_PROTO_VRRP);
    CU_ASSERT_EQUAL(vr->version, 3);
    CU_ASSERT_TRUE(vr->ipv6);
    CU_ASSERT_EQUAL(vr->count_ip, 2);
    CU_ASSERT_EQUAL(vr->ip_addresses.size, 32);
    CU_ASSERT_EQUAL(vr->max_adver_int, 50);
    parsed_free(&p);

    parse_vector("osken-vrrpv2", &p);
    vr = ofm_packet_find(&p.pkt, OFM_PROTO_VRRP);
    CU_ASSERT_EQUAL(vr->version, 2);
    CU_ASSERT_FALSE(vr->ipv6);
    CU_ASSERT_EQUAL(vr->count_ip, 2);
    CU_ASSERT_EQUAL(ofm_get32(vr->ip_addresses.data + 4), 0xc000020b);
    parsed_free(&p);

    parse_vector("osken-sctp-data", &p);
    const struct ofm_sctp *sc = ofm_packet_find(&p.pkt, OFM_PROTO_SCTP);
    CU_ASSERT_EQUAL(sc->src_port, 5000);
    CU_ASSERT_EQUAL(sc->vtag, 0x1234);
    CU_ASSERT_EQUAL(sc->csum, 0x11223344);
    CU_ASSERT_EQUAL(sc->chunks.size, 24 + 32);
    parsed_free(&p);
}

/* ---- Building with the C API. ---- */

static const uint8_t mac1[6] = { 0x0a, 0xe4, 0x1c, 0xd1, 0x3e, 0x43 };
static const uint8_t mac2[6] = { 0x0a, 0xe4, 0x1c, 0xd1, 0x3e, 0x44 };

static void
assert_serializes_to(struct ofm_packet *pkt, const char *vector_name)
{
    size_t size;
    uint8_t *want = unhex(vector(vector_name)->hex, &size);
    struct ofm_buf out;
    ofm_buf_init(&out);
    CU_ASSERT_EQUAL(ofm_packet_serialize(pkt, &out), 0);
    CU_ASSERT_TRUE(same_bytes(vector_name, out.data, out.size, want, size));
    ofm_buf_uninit(&out);
    free(want);
}

/* The seed's icmp_responder answers: an ARP reply and an echo reply. */
static void
test_build_responder(void)
{
    struct ofm_packet pkt;

    ofm_packet_init(&pkt);
    struct ofm_ethernet *e = ofm_packet_push_ethernet(&pkt);
    memcpy(e->dst, mac1, 6);
    memcpy(e->src, mac2, 6);
    struct ofm_arp *a = ofm_packet_push_arp(&pkt);
    a->opcode = OFM_ARP_REPLY;
    memcpy(a->sha, mac2, 6);
    a->spa = 0xc0000209;
    memcpy(a->tha, mac1, 6);
    a->tpa = 0xc0000263;
    CU_ASSERT_EQUAL(pkt.n_hdrs, 2);
    assert_serializes_to(&pkt, "osken-arp-reply");
    ofm_packet_uninit(&pkt);

    /* Echo reply: the request's identifier, sequence and data. */
    ofm_packet_init(&pkt);
    e = ofm_packet_push_ethernet(&pkt);
    memcpy(e->dst, mac1, 6);
    memcpy(e->src, mac2, 6);
    struct ofm_ipv4 *ip = ofm_packet_push_ipv4(&pkt);
    ip->src = 0xc0000209;
    ip->dst = 0xc0000263;
    struct ofm_icmp *ic = ofm_packet_push_icmp(&pkt);
    static const uint8_t body[] = { 0, 7, 0, 9, 'a', 'b', 'c', 0, 0xff };
    ic->type = OFM_ICMP_ECHO_REPLY;
    ic->data.data = body;
    ic->data.size = sizeof body;
    assert_serializes_to(&pkt, "osken-icmp-echo-reply");
    ofm_packet_uninit(&pkt);
}

static void
test_build_checksums(void)
{
    struct ofm_packet pkt;

    /* VLAN-tagged UDP: ethertypes, IPv4 proto, lengths and checksums all
     * left to the library. */
    ofm_packet_init(&pkt);
    struct ofm_ethernet *e = ofm_packet_push_ethernet(&pkt);
    memcpy(e->dst, mac2, 6);
    memcpy(e->src, mac1, 6);
    struct ofm_vlan *v = ofm_packet_push_vlan(&pkt);
    v->pcp = 5;
    v->vid = 100;
    struct ofm_ipv4 *ip = ofm_packet_push_ipv4(&pkt);
    ip->src = 0xc0000263;
    ip->dst = 0xc0000209;
    struct ofm_udp *u = ofm_packet_push_udp(&pkt);
    u->src_port = 5353;
    u->dst_port = 53;
    ofm_packet_set_payload(&pkt, "hello, world", 12);
    assert_serializes_to(&pkt, "osken-vlan-udp");
    ofm_packet_uninit(&pkt);

    /* SCTP: CRC32c over a data chunk and a SACK (vector checked by
     * tshark). */
    ofm_packet_init(&pkt);
    e = ofm_packet_push_ethernet(&pkt);
    memcpy(e->dst, mac2, 6);
    memcpy(e->src, mac1, 6);
    ip = ofm_packet_push_ipv4(&pkt);
    ip->src = 0xc0000263;
    ip->dst = 0xc0000209;
    ip->ttl = 64;
    struct ofm_sctp *s = ofm_packet_push_sctp(&pkt);
    s->src_port = 5000;
    s->dst_port = 6000;
    s->vtag = 0x1234;
    size_t n;
    uint8_t *frame = unhex(vector("lib-sctp-data-sack")->hex, &n);
    s->chunks = ofm_packet_copy(&pkt, frame + 14 + 20 + 12, n - 14 - 20 - 12);
    free(frame);
    assert_serializes_to(&pkt, "lib-sctp-data-sack");
    ofm_packet_uninit(&pkt);

    /* An 802.3 frame gets its length. */
    ofm_packet_init(&pkt);
    e = ofm_packet_push_ethernet(&pkt);
    static const uint8_t stp[6] = { 0x01, 0x80, 0xc2, 0, 0, 0 };
    memcpy(e->dst, stp, 6);
    memcpy(e->src, mac1, 6);
    ofm_packet_push_llc(&pkt);
    struct ofm_bpdu *b = ofm_packet_push_bpdu(&pkt);
    b->kind = OFM_BPDU_TCN;
    assert_serializes_to(&pkt, "osken-stp-tcn");
    ofm_packet_uninit(&pkt);
}

static void
test_build_lacp_lldp(void)
{
    struct ofm_packet pkt;
    static const uint8_t slow_mc[6] = { 0x01, 0x80, 0xc2, 0, 0, 0x02 };
    static const uint8_t lldp_mc[6] = { 0x01, 0x80, 0xc2, 0, 0, 0x0e };

    ofm_packet_init(&pkt);
    struct ofm_ethernet *e = ofm_packet_push_ethernet(&pkt);
    memcpy(e->dst, slow_mc, 6);
    memcpy(e->src, mac1, 6);
    struct ofm_lacp *l = ofm_packet_push_lacp(&pkt);
    CU_ASSERT_EQUAL(l->version, 1);
    l->actor = (struct ofm_lacp_info) {
        .system_priority = 65534, .key = 1, .port_priority = 255, .port = 2,
        .state = 0x3f,
    };
    memcpy(l->actor.system, mac1, 6);
    l->partner = (struct ofm_lacp_info) {
        .system_priority = 32768, .key = 17, .port_priority = 128, .port = 5,
        .state = 0xc4,
    };
    memcpy(l->partner.system, mac2, 6);
    assert_serializes_to(&pkt, "osken-lacp");
    ofm_packet_uninit(&pkt);

    ofm_packet_init(&pkt);
    e = ofm_packet_push_ethernet(&pkt);
    memcpy(e->dst, lldp_mc, 6);
    memcpy(e->src, mac1, 6);
    struct ofm_lldp *ld = ofm_packet_push_lldp(&pkt);
    struct ofm_buf tlvs;
    uint8_t ttl[2] = { 0, 120 };
    ofm_buf_init(&tlvs);
    ofm_lldp_put_tlv_sub(&tlvs, OFM_LLDP_TLV_CHASSIS_ID, 4, mac1, 6);
    ofm_lldp_put_tlv_sub(&tlvs, OFM_LLDP_TLV_PORT_ID, 5, "eth0", 4);
    ofm_lldp_put_tlv(&tlvs, OFM_LLDP_TLV_TTL, ttl, 2);
    ofm_lldp_put_tlv(&tlvs, OFM_LLDP_TLV_PORT_DESCRIPTION, "uplink port", 11);
    ofm_lldp_put_tlv(&tlvs, OFM_LLDP_TLV_SYSTEM_NAME, "switch-1", 8);
    ofm_lldp_put_tlv(&tlvs, OFM_LLDP_TLV_SYSTEM_DESCRIPTION, "ofmanager test switch", 21);
    ofm_lldp_put_tlv(&tlvs, OFM_LLDP_TLV_SYSTEM_CAPABILITIES, "\x00\x14\x00\x04", 4);
    ofm_lldp_put_tlv(&tlvs, OFM_LLDP_TLV_MANAGEMENT_ADDRESS,
                     "\x05\x01\xc0\x00\x02\x01\x02\x00\x00\x00\x03\x03\x2b\x06\x01", 15);
    ofm_lldp_put_tlv(&tlvs, OFM_LLDP_TLV_ORG_SPECIFIC,
                     "\x00\x12\x0f\x01\x03\x6c\x03\x00\x10", 9);
    ofm_lldp_put_tlv(&tlvs, OFM_LLDP_TLV_END, NULL, 0);
    ld->tlvs = ofm_packet_copy(&pkt, tlvs.data, tlvs.size);
    ofm_buf_uninit(&tlvs);
    assert_serializes_to(&pkt, "osken-lldp");
    ofm_packet_uninit(&pkt);
}

static void
test_build_errors(void)
{
    struct ofm_packet pkt;
    struct ofm_buf out;

    ofm_packet_init(&pkt);
    for (int i = 0; i < OFM_PACKET_MAX_HDRS; i++) {
        CU_ASSERT_PTR_NOT_NULL(ofm_packet_push_vlan(&pkt));
    }
    CU_ASSERT_PTR_NULL(ofm_packet_push_vlan(&pkt));
    CU_ASSERT_PTR_NULL(ofm_packet_push(&pkt, OFM_PROTO_NONE));
    CU_ASSERT_PTR_NULL(ofm_packet_push(&pkt, OFM_PROTO_N));
    ofm_packet_uninit(&pkt);

    /* IPv4 options that do not fit the header. */
    uint8_t opts[44] = { 0 };
    ofm_packet_init(&pkt);
    ofm_packet_push_ethernet(&pkt);
    struct ofm_ipv4 *ip = ofm_packet_push_ipv4(&pkt);
    ip->option.data = opts;
    ip->option.size = sizeof opts;
    ofm_buf_init(&out);
    ofm_buf_put(&out, "x", 1);
    CU_ASSERT_EQUAL(ofm_packet_serialize(&pkt, &out), EINVAL);
    CU_ASSERT_EQUAL(out.size, 1);       /* Nothing appended. */
    ofm_buf_uninit(&out);
    ofm_packet_uninit(&pkt);

    /* Storage owned by the packet: small in the struct, large on the heap. */
    ofm_packet_init(&pkt);
    void *small = ofm_packet_alloc(&pkt, 10);
    void *big = ofm_packet_alloc(&pkt, 5000);
    CU_ASSERT_TRUE((uint8_t *) small >= (uint8_t *) pkt.stub
                   && (uint8_t *) small < (uint8_t *) pkt.stub + sizeof pkt.stub);
    memset(big, 1, 5000);
    CU_ASSERT_PTR_NOT_NULL(pkt.chunks);
    ofm_packet_uninit(&pkt);
    CU_ASSERT_PTR_NULL(pkt.chunks);
    ofm_packet_uninit(NULL);
}

/* ---- Text and JSON forms. ---- */

static void
test_text(void)
{
    struct parsed p;

    /* As in the seed's packet-in log of an ARP request. */
    parse_vector("osken-arp-request", &p);
    CU_ASSERT_TRUE(text_equal(ofm_packet_to_text(&p.pkt),
        "ethernet(dst='ff:ff:ff:ff:ff:ff',ethertype=2054,src='0a:e4:1c:d1:3e:43'), "
        "arp(dst_ip='192.0.2.9',dst_mac='00:00:00:00:00:00',hlen=6,hwtype=1,opcode=1,"
        "plen=4,proto=2048,src_ip='192.0.2.99',src_mac='0a:e4:1c:d1:3e:43')"));
    CU_ASSERT_TRUE(text_equal(ofm_hdr_to_text(&p.pkt.hdrs[0]),
        "ethernet(dst='ff:ff:ff:ff:ff:ff',ethertype=2054,src='0a:e4:1c:d1:3e:43')"));
    parsed_free(&p);

    parse_vector("osken-icmp-echo-reply", &p);
    CU_ASSERT_TRUE(text_equal(ofm_hdr_to_text(&p.pkt.hdrs[2]),
        "icmp(code=0,csum=15500,data=echo(data=b'abc\\x00\\xff',id=7,seq=9),type=0)"));
    CU_ASSERT_TRUE(text_equal(ofm_hdr_to_text(&p.pkt.hdrs[1]),
        "ipv4(csum=14191,dst='192.0.2.99',flags=0,header_length=5,identification=0,"
        "offset=0,option=None,proto=1,src='192.0.2.9',tos=0,total_length=33,ttl=255,"
        "version=4)"));
    parsed_free(&p);

    /* Floats as Python prints them; payload as a bytes literal. */
    parse_vector("osken-stp-config", &p);
    char *s = ofm_hdr_to_text(&p.pkt.hdrs[2]);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "forward_delay=15.0,hello_time=2.0,max_age=20.0,"
                                     "message_age=1.0,"));
    free(s);
    parsed_free(&p);

    parse_vector("osken-llc-i-format", &p);
    s = ofm_packet_to_text(&p.pkt);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "control=ControlFormatI(pf_bit=0,"
                                     "receive_sequence_number=9,send_sequence_number=5)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "), b'\\x01\\x02\\x03\\x04"));
    free(s);
    parsed_free(&p);

    parse_vector("osken-tcp-sack-data", &p);
    s = ofm_packet_to_text(&p.pkt);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "TCPOptionSACK(blocks=[(3000, 4000), (5000, 6000)],"
                                     "kind=5,length=18)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "b'GET / HTTP/1.0\\r\\n\\r\\n'"));
    free(s);
    parsed_free(&p);

    /* Quoting: a ' inside switches to "" as Python does; \ doubles. */
    struct ofm_packet pkt;
    ofm_packet_init(&pkt);
    ofm_packet_set_payload(&pkt, "it's \\", 6);
    CU_ASSERT_TRUE(text_equal(ofm_packet_to_text(&pkt), "b\"it's \\\\\""));
    ofm_packet_set_payload(&pkt, "'\"", 2);
    CU_ASSERT_TRUE(text_equal(ofm_packet_to_text(&pkt), "b'\\'\"'"));
    ofm_packet_set_payload(&pkt, "\0\0\0", 3);
    CU_ASSERT_TRUE(text_equal(ofm_packet_to_text(&pkt), ""));
    ofm_packet_uninit(&pkt);

    /* A BPDU timer that is not whole. */
    ofm_packet_init(&pkt);
    struct ofm_bpdu *b = ofm_packet_push_bpdu(&pkt);
    b->kind = OFM_BPDU_CONFIG;
    b->message_age = 384;       /* 1.5 s */
    b->hello_time = 1;          /* 1/256 s */
    s = ofm_hdr_to_text(&pkt.hdrs[0]);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "hello_time=0.00390625,"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "message_age=1.5,"));
    free(s);
    ofm_packet_uninit(&pkt);
}

static void
test_json(void)
{
    struct parsed p;

    parse_vector("osken-arp-request", &p);
    json_t *j = ofm_packet_to_json(&p.pkt);
    CU_ASSERT_TRUE(json_equal_text(j,
        "{\"Packet\":{\"protocols\":[{\"ethernet\":{\"dst\":\"ff:ff:ff:ff:ff:ff\","
        "\"ethertype\":2054,\"src\":\"0a:e4:1c:d1:3e:43\"}},{\"arp\":{\"dst_ip\":"
        "\"192.0.2.9\",\"dst_mac\":\"00:00:00:00:00:00\",\"hlen\":6,\"hwtype\":1,"
        "\"opcode\":1,\"plen\":4,\"proto\":2048,\"src_ip\":\"192.0.2.99\","
        "\"src_mac\":\"0a:e4:1c:d1:3e:43\"}}]}}"));
    json_decref(j);
    parsed_free(&p);

    /* icmpv6's type_ is "type" in JSON; bytes are base64. */
    parse_vector("osken-icmpv6-echo", &p);
    j = ofm_hdr_to_json(&p.pkt.hdrs[2]);
    CU_ASSERT_TRUE(json_equal_text(j,
        "{\"icmpv6\":{\"code\":0,\"csum\":3951,\"data\":{\"echo\":{\"data\":\"cGluZzY=\","
        "\"id\":1,\"seq\":2}},\"type\":128}}"));
    json_decref(j);
    parsed_free(&p);

    /* A payload that is not all zeros ends the list, in base64. */
    parse_vector("osken-vlan-udp", &p);
    j = ofm_packet_to_json(&p.pkt);
    json_t *list = json_object_get(json_object_get(j, "Packet"), "protocols");
    CU_ASSERT_EQUAL(json_array_size(list), 5);
    CU_ASSERT_STRING_EQUAL(json_string_value(json_array_get(list, 4)), "aGVsbG8sIHdvcmxk");
    json_decref(j);
    parsed_free(&p);

    /* VRRP addresses: Ryu writes its untyped text in base64. */
    parse_vector("osken-vrrpv2", &p);
    j = ofm_hdr_to_json(&p.pkt.hdrs[2]);
    json_t *addrs = json_object_get(json_object_get(j, "vrrpv2"), "ip_addresses");
    CU_ASSERT_STRING_EQUAL(json_string_value(json_array_get(addrs, 0)), "MTkyLjAuMi4xMA==");
    json_decref(j);
    parsed_free(&p);
}

static void
test_from_json(void)
{
    struct ofm_packet pkt;
    struct ofm_buf out;
    char err[256];

    /* Defaults and computed fields: an echo request from a bare spec. */
    json_t *j = json_loads(
        "{\"Packet\": {\"protocols\": ["
        "{\"ethernet\": {\"dst\": \"0a:e4:1c:d1:3e:44\", \"src\": \"0a:e4:1c:d1:3e:43\"}},"
        "{\"ipv4\": {\"src\": \"192.0.2.99\", \"dst\": \"192.0.2.9\", \"proto\": 1,"
        "            \"identification\": 32285}},"
        "{\"icmp\": {\"type\": 8, \"data\": {\"echo\": {\"id\": 19499, \"seq\": 1,"
        "   \"data\": \"EBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8wMTIzNDU2Nzg5Ojs8PT4/\"}}}}"
        "]}}", 0, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    CU_ASSERT_EQUAL(ofm_packet_from_json(j, &pkt, err, sizeof err), 0);
    CU_ASSERT_EQUAL(pkt.hdrs[1].u.ipv4.ttl, 255);
    CU_ASSERT_EQUAL(pkt.hdrs[0].u.ethernet.ethertype, OFM_ETH_TYPE_IP);
    assert_serializes_to(&pkt, "osken-icmp-echo");
    ofm_packet_uninit(&pkt);
    json_decref(j);

    /* A bare list is accepted too. */
    j = json_loads("[{\"ethernet\": {}}, \"AAEC\"]", 0, NULL);
    CU_ASSERT_EQUAL(ofm_packet_from_json(j, &pkt, err, sizeof err), 0);
    CU_ASSERT_EQUAL(pkt.n_hdrs, 1);
    CU_ASSERT_EQUAL(pkt.payload.size, 3);
    ofm_buf_init(&out);
    CU_ASSERT_EQUAL(ofm_packet_serialize(&pkt, &out), 0);
    CU_ASSERT_EQUAL(out.size, 60);
    CU_ASSERT_EQUAL(out.data[16], 2);
    ofm_buf_uninit(&out);
    ofm_packet_uninit(&pkt);
    json_decref(j);

    static const struct {
        const char *json;
        const char *err;
    } bad[] = {
        { "42", "$: expected" },
        { "{\"Packet\": {\"protocols\": [{\"ethernet\": {}, \"x\": {}}]}}",
          "$.Packet.protocols[0]: protocol 0 is not" },
        { "[{\"ethernat\": {}}]", "$[0].ethernat: unknown protocol class" },
        /* Errors name the JSON path of the header, from the root given. */
        { "{\"Packet\": {\"protocols\": [{\"ethernet\": {}}, {\"ipv4\": {\"ttl\": 256}}]}}",
          "$.Packet.protocols[1].ipv4: 'ttl' must be an integer in 0..255" },
        { "{\"protocols\": [{\"ethernet\": {}}, {\"arp\": {}}, {\"udp\": {\"csum\": -1}}]}",
          "$.protocols[2].udp: 'csum' must be an integer" },
        { "[{\"ethernet\": {}}, \"!!\"]", "$[1]: 'payload' must be base64 bytes" },
        { "[{\"ethernet\": {\"dst\": \"ff:ff\"}}]", "ethernet: 'dst' must be a MAC address" },
        { "[{\"vlan\": {\"vid\": 4096}}]", "vlan: 'vid' must be an integer in 0..4095" },
        { "[{\"ipv4\": {\"src\": 17}}]", "ipv4: 'src' must be an IPv4 address" },
        { "[{\"ipv4\": {\"option\": \"!!\"}}]", "ipv4: 'option' must be base64 bytes" },
        { "[{\"tcp\": {\"option\": [{\"TCPOptionBogus\": {}}]}}]",
          "tcp: unknown TCP option TCPOptionBogus" },
        { "[{\"ethernet\": {}}, \"AAEC\", {\"arp\": {}}]", "nothing may follow the payload" },
        { "[{\"lldp\": {\"tlvs\": [{\"Foo\": {}}]}}]", "lldp: unknown LLDP TLV class Foo" },
        { "[{\"ConfigurationBPDUs\": {\"root_priority\": 100}}]",
          "bridge priorities must be multiples of 4096" },
        { "[{\"sctp\": {\"chunks\": [{\"chunk_data\": {\"tsn\": -1}}]}}]",
          "'tsn' must be an integer" },
        { "[{\"dhcp\": {\"sname\": \"" "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
          "\"}}]", "'sname' longer than 64 bytes" },
    };
    for (size_t i = 0; i < N_ELEMS(bad); i++) {
        j = json_loads(bad[i].json, JSON_DECODE_ANY, NULL);
        CU_ASSERT_PTR_NOT_NULL_FATAL(j);
        CU_ASSERT_EQUAL(ofm_packet_from_json(j, &pkt, err, sizeof err), EINVAL);
        if (!strstr(err, bad[i].err)) {
            fprintf(stderr, "\nfrom_json(%s): '%s', want '%s'\n", bad[i].json, err, bad[i].err);
            CU_FAIL("error message");
        }
        ofm_packet_uninit(&pkt);
        json_decref(j);
    }
    /* No room for a message is fine. */
    j = json_loads("[{\"x\": {}}]", 0, NULL);
    CU_ASSERT_EQUAL(ofm_packet_from_json(j, &pkt, NULL, 0), EINVAL);
    ofm_packet_uninit(&pkt);
    json_decref(j);
}

/* ---- Malformed input. ---- */

/* Parses 'hex' and checks the stack, the error, and the payload size. */
static void
check_malformed(const char *hex, const char *stack, int error, enum ofm_proto error_proto,
                size_t payload)
{
    size_t size;
    uint8_t *frame = unhex(hex, &size);
    struct ofm_packet pkt;
    char got[256];
    struct ofm_buf out;

    ofm_packet_parse(&pkt, frame, size);
    stack_of(&pkt, got, sizeof got);
    if (strcmp(got, stack) || pkt.error != error || pkt.error_proto != error_proto
        || pkt.payload.size != payload) {
        fprintf(stderr, "\n%s:\n  stack '%s' error %d (%s) payload %zu\n"
                "  want  '%s' error %d (%s) payload %zu\n", hex, got, pkt.error,
                ofm_proto_name(pkt.error_proto), pkt.payload.size, stack, error,
                ofm_proto_name(error_proto), payload);
        CU_FAIL("malformed frame");
    }
    /* Still prints and serializes back. */
    free(ofm_packet_to_text(&pkt));
    json_decref(ofm_packet_to_json(&pkt));
    ofm_buf_init(&out);
    CU_ASSERT_EQUAL(ofm_packet_serialize(&pkt, &out), 0);
    CU_ASSERT_TRUE(same_bytes("malformed", out.data, out.size, frame, size));
    ofm_buf_uninit(&out);
    free(frame);
}

#define ETH_HDR(TYPE) "0ae41cd13e440ae41cd13e43" TYPE
#define IP4_HDR(PROTO, LEN) "4500" LEN "00000000ff" PROTO "0000c0000263c0000209"

static void
test_malformed_l2(void)
{
    const int BAD = OFM_ERR_BAD_PACKET;

    /* Shorter than an Ethernet header. */
    check_malformed("0ae41cd13e440ae41cd13e4308", "", BAD, OFM_PROTO_ETHERNET, 13);

    /* LACP: 109 bytes is reported, not asserted on (Ryu's parser died). */
    char lacp[2 * 124 + 1];
    strcpy(lacp, vector("osken-lacp")->hex);
    lacp[2 * 123] = '\0';
    check_malformed(lacp, "ethernet", BAD, OFM_PROTO_LACP, 109);
    /* Extra bytes after a good LACPDU are payload. */
    char lacp_more[2 * 128 + 1];
    snprintf(lacp_more, sizeof lacp_more, "%sdeadbeef", vector("osken-lacp")->hex);
    check_malformed(lacp_more, "ethernet lacp", 0, OFM_PROTO_NONE, 4);
    /* A bad actor TLV length. */
    strcpy(lacp, vector("osken-lacp")->hex);
    lacp[2 * 17 + 1] = '5';
    check_malformed(lacp, "ethernet", BAD, OFM_PROTO_LACP, 110);
    /* Unknown slow protocol subtype: not decoded, no error. */
    check_malformed(ETH_HDR("8809") "0a01", "ethernet", 0, OFM_PROTO_NONE, 2);

    /* 17 VLAN tags: the stack holds 16 headers and reports the rest. */
    char tags[2 * (14 + 17 * 4) + 1];
    strcpy(tags, ETH_HDR("8100"));
    for (int i = 0; i < 16; i++) {
        strcat(tags, "00018100");
    }
    strcat(tags, "00020800");
    check_malformed(tags, "ethernet vlan vlan vlan vlan vlan vlan vlan vlan vlan vlan vlan "
                    "vlan vlan vlan vlan", ENOSPC, OFM_PROTO_VLAN, 8);

    /* LLDP: a zero-length TLV that never ends, and no End TLV. */
    check_malformed(ETH_HDR("88cc") "0207040ae41cd13e43" "040300ab" "060200780000000000",
                    "ethernet", BAD, OFM_PROTO_LLDP, 9 + 4 + 9);
    /* TTL TLV too short for its value. */
    check_malformed(ETH_HDR("88cc") "0207040ae41cd13e43" "040300ab" "0601780000",
                    "ethernet", BAD, OFM_PROTO_LLDP, 9 + 4 + 5);
    /* A TLV length past the end. */
    check_malformed(ETH_HDR("88cc") "02ff04", "ethernet", BAD, OFM_PROTO_LLDP, 3);

    /* A BPDU protocol version the library does not decode (MSTP). */
    check_malformed(ETH_HDR("0027") "424203" "00000302" "00", "ethernet llc", 0,
                    OFM_PROTO_NONE, 5);
    /* A BPDU cut short. */
    check_malformed(ETH_HDR("0027") "424203" "0000000000", "ethernet llc", BAD,
                    OFM_PROTO_BPDU, 5);
    /* ARP cut short. */
    check_malformed(ETH_HDR("0806") "00010800060400", "ethernet", BAD, OFM_PROTO_ARP, 7);
}

static void
test_malformed_l3(void)
{
    const int BAD = OFM_ERR_BAD_PACKET;

    /* IPv4 header length below 5, and total length below the header. */
    check_malformed(ETH_HDR("0800") "4400001400000000ff110000c0000263c0000209",
                    "ethernet", BAD, OFM_PROTO_IPV4, 20);
    check_malformed(ETH_HDR("0800") IP4_HDR("11", "0010"), "ethernet", BAD,
                    OFM_PROTO_IPV4, 20);
    /* Header length past the end of the frame. */
    check_malformed(ETH_HDR("0800") "4f00003c00000000ff110000c0000263c0000209",
                    "ethernet", BAD, OFM_PROTO_IPV4, 20);
    /* A total length past the end is taken as truncation: the UDP header
     * is still read. */
    check_malformed(ETH_HDR("0800") IP4_HDR("11", "0100") "0001000200f80000abcd",
                    "ethernet ipv4 udp", 0, OFM_PROTO_NONE, 2);
    /* UDP length below 8. */
    check_malformed(ETH_HDR("0800") IP4_HDR("11", "001c") "0001000200040000",
                    "ethernet ipv4", BAD, OFM_PROTO_UDP, 8);
    /* TCP data offset below 5. */
    check_malformed(ETH_HDR("0800") IP4_HDR("06", "0028")
                    "00010002000000000000000040020000000000000",
                    "ethernet ipv4", BAD, OFM_PROTO_TCP, 20);
    /* Non-first fragments carry no upper-layer header. */
    check_malformed(ETH_HDR("0800") "4500001c00002001ff110000c0000263c0000209"
                    "0001000200080000", "ethernet ipv4", 0, OFM_PROTO_NONE, 8);

    /* IPv6: a hop-by-hop header longer than the packet. */
    check_malformed(ETH_HDR("86dd") "6000000000080040" "20010db8000000000000000000000001"
                    "20010db8000000000000000000000002" "3aff000000000000",
                    "ethernet", BAD, OFM_PROTO_IPV6, 48);
    /* A chain of 8-byte hop-by-hop headers ends at the packet's end. */
    check_malformed(ETH_HDR("86dd") "6000000000100040" "20010db8000000000000000000000001"
                    "20010db8000000000000000000000002" "0000010400000000" "0000010400000000",
                    "ethernet", BAD, OFM_PROTO_IPV6, 56);

    /* VXLAN without its I flag. */
    check_malformed(ETH_HDR("0800") IP4_HDR("11", "0024") "0001" "12b5" "00100000"
                    "0000000000123400", "ethernet ipv4 udp", BAD, OFM_PROTO_VXLAN, 8);
    /* VRRP of an unknown version, and addresses past the end. */
    check_malformed(ETH_HDR("0800") IP4_HDR("70", "001c") "4101640100010000",
                    "ethernet ipv4", BAD, OFM_PROTO_VRRP, 8);
    check_malformed(ETH_HDR("0800") IP4_HDR("70", "001c") "2101640300010000",
                    "ethernet ipv4", BAD, OFM_PROTO_VRRP, 8);
    /* IGMPv3 query with more sources than bytes. */
    check_malformed(ETH_HDR("0800") IP4_HDR("02", "0020") "116400000000000000000005",
                    "ethernet ipv4", BAD, OFM_PROTO_IGMP, 12);
    /* DHCP shorter than its fixed part. */
    check_malformed(ETH_HDR("0800") IP4_HDR("11", "0024") "004400430010000001010600",
                    "ethernet ipv4 udp", BAD, OFM_PROTO_DHCP, 4);
}

/* Variable parts that are broken inside a header that parses: their text
 * and JSON forms stop at the damage, no loop, no read past the end. */
static void
test_malformed_options(void)
{
    static const char *const frames[] = {
        /* TCP option of length 0 (Ryu loops forever on it). */
        ETH_HDR("0800") IP4_HDR("06", "0030") "000100020000000000000000"
        "70020000" "00000000" "fe000000" "00000000",
        /* TCP SACK with a length that is not 2 + 8n, option past the end. */
        ETH_HDR("0800") IP4_HDR("06", "0030") "000100020000000000000000"
        "70020000" "00000000" "0505000000000000" ,
        /* ND option of length 0. */
        ETH_HDR("86dd") "60000000001c3aff" "fe800000000000000000000000000001"
        "ff020000000000000000000000000001" "87000000" "00000000"
        "20010db8000000000000000000000002" "0100",
        /* Router advertisement with a zero-length option after a good one. */
        ETH_HDR("86dd") "6000000000203aff" "fe800000000000000000000000000001"
        "ff020000000000000000000000000001" "86000000" "40000708" "0000000000000000"
        "0501000000000578" "1800",
        /* DHCP option running past the end. */
        ETH_HDR("0800") IP4_HDR("11", "0115") "004400430101" "0000"
        "0101060000000000000000000000000000000000000000000000000000000000"
        "0000000000000000000000000000000000000000000000000000000000000000"
        "0000000000000000000000000000000000000000000000000000000000000000"
        "0000000000000000000000000000000000000000000000000000000000000000"
        "0000000000000000000000000000000000000000000000000000000000000000"
        "0000000000000000000000000000000000000000000000000000000000000000"
        "0000000000000000000000000000000000000000000000000000000000000000"
        "00000000000000000000000000000000000000000000" "63825363" "3510",
        /* SCTP chunk of length 0 and an unknown chunk type. */
        ETH_HDR("0800") IP4_HDR("84", "0028") "0001000200000000" "00000000"
        "0b000000" "ff000004",
        /* IPv6 hop-by-hop option running past its header. */
        ETH_HDR("86dd") "6000000000081140" "20010db8000000000000000000000001"
        "20010db8000000000000000000000002" "1100c20600000000",
        /* LLDP management address TLV whose address length overflows it. */
        ETH_HDR("88cc") "0207040ae41cd13e43" "040300ab" "06020078" "1003ff0102" "0000",
    };
    for (size_t i = 0; i < N_ELEMS(frames); i++) {
        size_t size;
        uint8_t *frame = unhex(frames[i], &size);
        struct ofm_packet pkt, pkt2;
        struct ofm_buf out;
        char err[256];

        ofm_packet_parse(&pkt, frame, size);
        CU_ASSERT_TRUE(pkt.n_hdrs >= 1);
        free(ofm_packet_to_text(&pkt));
        json_t *j = ofm_packet_to_json(&pkt);
        CU_ASSERT_EQUAL(ofm_packet_from_json(j, &pkt2, err, sizeof err), 0);
        ofm_packet_uninit(&pkt2);
        json_decref(j);
        ofm_buf_init(&out);
        CU_ASSERT_EQUAL(ofm_packet_serialize(&pkt, &out), 0);
        CU_ASSERT_TRUE(same_bytes("options", out.data, out.size, frame, size));
        ofm_buf_uninit(&out);
        free(frame);
    }

    /* The broken TCP option list shows as raw bytes, as in Ryu. */
    size_t size;
    uint8_t *frame = unhex(frames[0], &size);
    struct ofm_packet pkt;
    ofm_packet_parse(&pkt, frame, size);
    char *s = ofm_hdr_to_text(&pkt.hdrs[2]);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "option=b'\\xfe\\x00\\x00\\x00\\x00\\x00\\x00\\x00'"));
    free(s);
    free(frame);
}

/* ---- The fast path. ---- */

static void
test_eth_parse(void)
{
    struct ofm_eth eth;
    size_t size;
    uint8_t *frame = unhex(vector("osken-qinq-tcp-options")->hex, &size);

    CU_ASSERT_EQUAL(ofm_eth_parse(frame, size, &eth), 0);
    CU_ASSERT_EQUAL(memcmp(eth.src, mac1, 6), 0);
    CU_ASSERT_EQUAL(memcmp(eth.dst, mac2, 6), 0);
    CU_ASSERT_EQUAL(eth.ethertype, OFM_ETH_TYPE_IP);
    CU_ASSERT_EQUAL(eth.n_vlans, 2);
    CU_ASSERT_EQUAL(eth.vlan_tci, 0x2014);
    CU_ASSERT_EQUAL(eth.l3_offset, 22);
    CU_ASSERT_EQUAL(ofm_eth_parse(frame, 13, &eth), OFM_ERR_BAD_PACKET);
    /* A tag cut short: the walk stops at its TPID. */
    CU_ASSERT_EQUAL(ofm_eth_parse(frame, 16, &eth), 0);
    CU_ASSERT_EQUAL(eth.ethertype, OFM_ETH_TYPE_8021AD);
    CU_ASSERT_EQUAL(eth.n_vlans, 0);
    free(frame);

    frame = unhex(vector("osken-arp-request")->hex, &size);
    CU_ASSERT_EQUAL(ofm_eth_parse(frame, size, &eth), 0);
    CU_ASSERT_EQUAL(eth.ethertype, OFM_ETH_TYPE_ARP);
    CU_ASSERT_EQUAL(eth.n_vlans, 0);
    CU_ASSERT_EQUAL(eth.l3_offset, 14);
    free(frame);
}

int
main(void)
{
    static const struct {
        const char *name;
        CU_TestFunc fn;
    } tests[] = {
        { "mac addresses", test_mac },
        { "ipv4 addresses", test_ipv4_addr },
        { "ipv6 addresses", test_ipv6_addr },
        { "checksums", test_checksums },
        { "vector header stacks", test_vector_stacks },
        { "vector round trips", test_vector_roundtrip },
        { "vector recomputed lengths and checksums", test_vector_recompute },
        { "vector truncation at every offset", test_vector_truncations },
        { "vector rebuilt from JSON", test_vector_json_rebuild },
        { "fields: link layer", test_fields_l2 },
        { "fields: slow protocols, LLDP", test_fields_slow_lldp },
        { "fields: IP and above", test_fields_ip },
        { "fields: tunnels, DHCP, VRRP, SCTP", test_fields_tunnels_apps },
        { "build: icmp_responder replies", test_build_responder },
        { "build: computed checksums", test_build_checksums },
        { "build: LACP and LLDP", test_build_lacp_lldp },
        { "build: errors and storage", test_build_errors },
        { "text form", test_text },
        { "JSON form", test_json },
        { "from JSON", test_from_json },
        { "malformed link layer", test_malformed_l2 },
        { "malformed IP and above", test_malformed_l3 },
        { "malformed options and TLVs", test_malformed_options },
        { "fast Ethernet parse", test_eth_parse },
    };

    if (CU_initialize_registry() != CUE_SUCCESS) {
        return 1;
    }
    CU_pSuite suite = CU_add_suite("packet", NULL, NULL);
    for (size_t i = 0; i < N_ELEMS(tests); i++) {
        CU_add_test(suite, tests[i].name, tests[i].fn);
    }
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned failed = CU_get_number_of_tests_failed() + CU_get_number_of_failures();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
