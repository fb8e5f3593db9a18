/* icmp_responder.so's replies and YAML section (plugins/icmp-reply.c),
 * without a switch.
 *
 * The expected replies were built with os-ken (python3-os-ken) the way the
 * Ryu book's icmp_responder builds them: ethernet + arp, or ethernet +
 * ipv4 + icmp with csum 0, then serialize(); the seed's own figures (the
 * request's IPv4 checksum 47390 and the reply's 14140) are among them. */
#include <config.h>
#include "../../plugins/icmp-reply.h"
#include "ofm/addr.h"
#include "ofm/conf.h"
#include "ofm/packet.h"

#include <CUnit/Basic.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "test-util.h"

#define MAX_FRAME 256

/* The seed's ARP request from 0a:e4:1c:d1:3e:43 / 192.0.2.99 for
 * 192.0.2.9, padded to 60 bytes as a switch delivers it, and Ryu's reply. */
#define ARP_REQ "ffffffffffff0ae41cd13e4308060001080006040001" \
    "0ae41cd13e43c0000263000000000000c0000209000000000000000000000000000000000000"
#define ARP_REP "0ae41cd13e430ae41cd13e4408060001080006040002" \
    "0ae41cd13e44c00002090ae41cd13e43c0000263000000000000000000000000000000000000"
/* The seed's echo request (TTL 255, identification 32285, 84 bytes of IPv4)
 * and the reply (identification 0, TTL 255). */
#define ECHO_REQ "0ae41cd13e440ae41cd13e430800450000547e1d0000ff01b91e" \
    "c0000263c00002090800a3da12340001542c420000000000101112131415161718191a1b" \
    "1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
#define ECHO_REP "0ae41cd13e430ae41cd13e4408004500005400000000ff01373c" \
    "c0000209c00002630000abda12340001542c420000000000101112131415161718191a1b" \
    "1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
/* The ARP request with an 802.1Q tag (PCP 3, VID 42), and its reply. */
#define VLAN_ARP_REQ "ffffffffffff0ae41cd13e438100602a08060001080006040001" \
    "0ae41cd13e43c0000263000000000000c00002090000000000000000000000000000"
#define VLAN_ARP_REP "0ae41cd13e430ae41cd13e448100602a08060001080006040002" \
    "0ae41cd13e44c00002090ae41cd13e43c00002630000000000000000000000000000"
/* With 198.51.100.7 / 02:00:5e:10:00:01: a short echo request (DF set, TTL
 * 64, 5 bytes of data, padded to 60), an ARP request, and their replies. */
#define OTHER_ECHO_REQ "02005e10000102000000000108004500002103e740004001e285" \
    "c6336401c63364070800b4230007000368656c6c6f00000000000000000000000000"
#define OTHER_ECHO_REP "02000000000102005e10000108004500002100000000ff01676c" \
    "c6336407c63364010000bc230007000368656c6c6f00000000000000000000000000"
#define OTHER_ARP_REQ "ffffffffffff02000000000108060001080006040001" \
    "020000000001c6336401000000000000c6336407000000000000000000000000000000000000"
#define OTHER_ARP_REP "02000000000102005e1000010806000108000604000202005e100001" \
    "c6336407020000000001c6336401000000000000000000000000000000000000"

static size_t
unhex(const char *hex, uint8_t frame[MAX_FRAME])
{
    return tu_unhex(hex, frame, MAX_FRAME);
}

static void
default_addr(struct icmp_reply_addr *addr)
{
    icmp_reply_addr_default(addr);
}

static void
other_addr(struct icmp_reply_addr *addr)
{
    static const uint8_t mac[6] = { 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01 };
    memcpy(addr->mac, mac, 6);
    addr->ip = 0xc6336407;      /* 198.51.100.7 */
}

/* Runs the responder on the 'size' bytes at 'frame' (copied to a block of
 * exactly that size, so that ASan sees any read past it) and returns what
 * it answered, with the reply in 'out'. */
static enum icmp_reply_kind
answer(const struct icmp_reply_addr *addr, const uint8_t *frame, size_t size,
       struct ofm_buf *out, const char **why)
{
    uint8_t *copy = malloc(size ? size : 1);
    memcpy(copy, frame, size);
    ofm_buf_clear(out);
    enum icmp_reply_kind kind = icmp_reply_frame(addr, size ? copy : NULL, size,
                                                 out, why);
    free(copy);
    return kind;
}

static bool
same_hex(const char *what, const struct ofm_buf *got, const char *want_hex)
{
    uint8_t want[MAX_FRAME];
    size_t n = unhex(want_hex, want);
    if (got->size == n && !memcmp(got->data, want, n)) {
        return true;
    }
    fprintf(stderr, "\n%s:\n  got  ", what);
    for (size_t i = 0; i < got->size; i++) {
        fprintf(stderr, "%02x", got->data[i]);
    }
    fprintf(stderr, "\n  want %s\n", want_hex);
    return false;
}

/* True if the 'size' bytes at 'p' hold a correct Internet checksum
 * (computed here, not by the library). */
static bool
inet_csum_ok(const uint8_t *p, size_t size)
{
    uint32_t sum = 0;
    for (size_t i = 0; i + 1 < size; i += 2) {
        sum += (uint32_t) (p[i] << 8 | p[i + 1]);
    }
    if (size & 1) {
        sum += (uint32_t) p[size - 1] << 8;
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return sum == 0xffff;
}

/* ---- Replies. ---- */

static void
test_replies(void)
{
    static const struct {
        const char *name;
        bool other;             /* Use other_addr(). */
        const char *req, *rep;
        enum icmp_reply_kind kind;
    } cases[] = {
        { "seed ARP request", false, ARP_REQ, ARP_REP, ICMP_REPLY_ARP },
        { "seed echo request", false, ECHO_REQ, ECHO_REP, ICMP_REPLY_ECHO },
        { "tagged ARP request", false, VLAN_ARP_REQ, VLAN_ARP_REP, ICMP_REPLY_ARP },
        { "other address: echo", true, OTHER_ECHO_REQ, OTHER_ECHO_REP, ICMP_REPLY_ECHO },
        { "other address: ARP", true, OTHER_ARP_REQ, OTHER_ARP_REP, ICMP_REPLY_ARP },
    };
    struct ofm_buf out;

    ofm_buf_init(&out);
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        struct icmp_reply_addr addr;
        uint8_t req[MAX_FRAME];
        size_t n = unhex(cases[i].req, req);
        const char *why;

        if (cases[i].other) {
            other_addr(&addr);
        } else {
            default_addr(&addr);
        }
        enum icmp_reply_kind kind = answer(&addr, req, n, &out, &why);
        if (kind != cases[i].kind) {
            fprintf(stderr, "\n%s: kind %d (%s), want %d\n", cases[i].name, kind, why,
                    cases[i].kind);
        }
        CU_ASSERT_EQUAL(kind, cases[i].kind);
        CU_ASSERT_TRUE(same_hex(cases[i].name, &out, cases[i].rep));
    }
    ofm_buf_uninit(&out);
}

/* The echo reply's checksums, recomputed here; the seed's figures. */
static void
test_echo_checksums(void)
{
    struct icmp_reply_addr addr;
    uint8_t req[MAX_FRAME];
    size_t n = unhex(ECHO_REQ, req);
    struct ofm_buf out;

    default_addr(&addr);
    ofm_buf_init(&out);
    CU_ASSERT_EQUAL_FATAL(answer(&addr, req, n, &out, NULL), ICMP_REPLY_ECHO);
    CU_ASSERT_EQUAL_FATAL(out.size, 98);
    const uint8_t *ip = out.data + 14;
    CU_ASSERT_TRUE(inet_csum_ok(ip, 20));
    CU_ASSERT_TRUE(inet_csum_ok(ip + 20, 64));
    CU_ASSERT_EQUAL(ofm_get16(ip + 10), 14140);       /* As in the seed's log. */
    CU_ASSERT_EQUAL(ofm_get16(req + 24), 47390);
    /* Type 8 -> 0 with the rest unchanged: the checksum goes up by 0x800. */
    CU_ASSERT_EQUAL(ofm_get16(ip + 22), ofm_get16(req + 36) + 0x800);
    /* The echo's identifier, sequence number and data come back. */
    CU_ASSERT_EQUAL(memcmp(ip + 24, req + 38, 60), 0);
    ofm_buf_uninit(&out);
}

/* The reply as icmp_responder.so logs it (parsed back after serializing),
 * in the seed's words. */
static void
test_reply_text(void)
{
    struct icmp_reply_addr addr;
    uint8_t req[MAX_FRAME];
    size_t n = unhex(ARP_REQ, req);
    struct ofm_buf out;
    struct ofm_packet pkt;

    default_addr(&addr);
    ofm_buf_init(&out);
    CU_ASSERT_EQUAL_FATAL(answer(&addr, req, n, &out, NULL), ICMP_REPLY_ARP);
    ofm_packet_parse(&pkt, out.data, out.size);
    char *text = ofm_packet_to_text(&pkt);
    CU_ASSERT_STRING_EQUAL(text, "ethernet(dst='0a:e4:1c:d1:3e:43',ethertype=2054,"
                           "src='0a:e4:1c:d1:3e:44'), arp(dst_ip='192.0.2.99',"
                           "dst_mac='0a:e4:1c:d1:3e:43',hlen=6,hwtype=1,opcode=2,plen=4,"
                           "proto=2048,src_ip='192.0.2.9',src_mac='0a:e4:1c:d1:3e:44')");
    free(text);

    n = unhex(ECHO_REQ, req);
    CU_ASSERT_EQUAL_FATAL(answer(&addr, req, n, &out, NULL), ICMP_REPLY_ECHO);
    ofm_packet_parse(&pkt, out.data, out.size);
    text = ofm_packet_to_text(&pkt);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "ipv4(csum=14140,dst='192.0.2.99',flags=0,"
                                  "header_length=5,identification=0,offset=0,option=None,"
                                  "proto=1,src='192.0.2.9',tos=0,total_length=84,ttl=255,"
                                  "version=4), icmp(code=0,csum=43994,data=echo("));
    free(text);
    ofm_buf_uninit(&out);
}

/* ---- No reply. ---- */

/* Copies 'hex' into 'frame' and sets 'n' bytes at 'off' from 'patch_hex'. */
static size_t
patched(const char *hex, size_t off, const char *patch_hex, uint8_t frame[MAX_FRAME])
{
    uint8_t patch[MAX_FRAME];
    size_t size = unhex(hex, frame);
    size_t n = unhex(patch_hex, patch);
    memcpy(frame + off, patch, n);
    return size;
}

static void
test_no_reply(void)
{
    static const struct {
        const char *name;
        const char *req;
        size_t off;             /* Where to patch the request. */
        const char *patch;      /* Hex bytes written there ("" for none). */
        const char *why;        /* Start of the reason given. */
    } cases[] = {
        { "ARP for another address", ARP_REQ, 38, "c0000208", "ARP request for another" },
        { "ARP reply", ARP_REQ, 20, "0002", "ARP, not a request" },
        { "ARP for another hardware", ARP_REQ, 14, "0006", "ARP for other" },
        { "ARP for another protocol", ARP_REQ, 16, "86dd", "ARP for other" },
        { "ARP with 8-byte addresses", ARP_REQ, 18, "08", "ARP for other" },
        { "ARP from a group sender", ARP_REQ, 22, "01005e000001", "ARP request from" },
        { "ARP from no sender", ARP_REQ, 22, "000000000000", "ARP request from" },
        { "ARP sent to another MAC", ARP_REQ, 0, "0ae41cd13e45", "ARP request sent to" },
        { "Ethernet from a group", ARP_REQ, 6, "ffffffffffff", "Ethernet source" },
        { "Ethernet from zero", ECHO_REQ, 6, "000000000000", "Ethernet source" },
        { "echo to another address", ECHO_REQ, 30, "c0000208", "bad IPv4 header checksum" },
        { "echo to another address, good checksum", ECHO_REQ, 24, "b91fc0000263c0000208",
          "IPv4 to another address" },
        { "echo to another MAC", ECHO_REQ, 0, "0ae41cd13e45", "IPv4 sent to another MAC" },
        { "echo to broadcast MAC", ECHO_REQ, 0, "ffffffffffff", "IPv4 sent to another MAC" },
        { "bad IPv4 checksum", ECHO_REQ, 24, "b91f", "bad IPv4 header checksum" },
        { "bad ICMP checksum", ECHO_REQ, 36, "a3db", "bad ICMP checksum" },
        { "echo reply", ECHO_REQ, 34, "0000abda", "ICMP, not an echo request" },
        { "UDP to us", ECHO_REQ, 23, "11b90e", "IPv4, not ICMP" },
        { "first fragment", ECHO_REQ, 20, "2000ff01991e", "IPv4 fragment" },
        { "later fragment", ECHO_REQ, 20, "0001ff01b91d", "IPv4 fragment" },
        { "from broadcast", ECHO_REQ, 24, "7b82ffffffff", "IPv4 from a source" },
        { "from zero", ECHO_REQ, 24, "7b8200000000", "IPv4 from a source" },
        { "version 6 in IPv4", ECHO_REQ, 14, "65", "malformed IPv4" },
        { "longer than the frame", ECHO_REQ, 16, "00557e1d0000ff01b91d",
          "IPv4 datagram truncated" },
        { "IPv6", ECHO_REQ, 12, "86dd", "neither ARP nor IPv4" },
        { "LLDP", ARP_REQ, 12, "88cc", "neither ARP nor IPv4" },
    };
    struct icmp_reply_addr addr;
    struct ofm_buf out;

    default_addr(&addr);
    ofm_buf_init(&out);
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        uint8_t frame[MAX_FRAME];
        size_t n = patched(cases[i].req, cases[i].off, cases[i].patch, frame);
        const char *why = NULL;
        enum icmp_reply_kind kind = answer(&addr, frame, n, &out, &why);
        if (kind != ICMP_REPLY_NONE || !why
            || strncmp(why, cases[i].why, strlen(cases[i].why))) {
            fprintf(stderr, "\n%s: kind %d, why '%s', want none, '%s...'\n",
                    cases[i].name, kind, why ? why : "(null)", cases[i].why);
            CU_FAIL("no reply expected");
        }
        CU_ASSERT_EQUAL(out.size, 0);
    }

    /* The seed's requests are not for the other address. */
    other_addr(&addr);
    uint8_t frame[MAX_FRAME];
    size_t n = unhex(ARP_REQ, frame);
    CU_ASSERT_EQUAL(answer(&addr, frame, n, &out, NULL), ICMP_REPLY_NONE);
    n = unhex(ECHO_REQ, frame);
    CU_ASSERT_EQUAL(answer(&addr, frame, n, &out, NULL), ICMP_REPLY_NONE);
    ofm_buf_uninit(&out);
}

/* Every truncation of the requests: no reply until the request is whole
 * (the ARP padding is not needed), the same reply once it is. */
static void
test_truncations(void)
{
    static const struct {
        const char *req, *rep;
        size_t whole;           /* Shortest prefix that gets the reply. */
    } cases[] = {
        { ARP_REQ, ARP_REP, 42 },
        { VLAN_ARP_REQ, VLAN_ARP_REP, 46 },
        { ECHO_REQ, ECHO_REP, 98 },
        { OTHER_ECHO_REQ, OTHER_ECHO_REP, 47 },
    };
    struct ofm_buf out;

    ofm_buf_init(&out);
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        struct icmp_reply_addr addr;
        uint8_t frame[MAX_FRAME];
        size_t size = unhex(cases[i].req, frame);

        if (i == 3) {
            other_addr(&addr);
        } else {
            default_addr(&addr);
        }
        for (size_t k = 0; k <= size; k++) {
            const char *why = NULL;
            enum icmp_reply_kind kind = answer(&addr, frame, k, &out, &why);
            if (k < cases[i].whole) {
                if (kind != ICMP_REPLY_NONE) {
                    fprintf(stderr, "\ncase %zu cut to %zu bytes: answered\n", i, k);
                }
                CU_ASSERT_EQUAL(kind, ICMP_REPLY_NONE);
                CU_ASSERT_PTR_NOT_NULL(why);
            } else {
                CU_ASSERT_NOT_EQUAL(kind, ICMP_REPLY_NONE);
                CU_ASSERT_TRUE(same_hex("truncated request", &out, cases[i].rep));
            }
        }
    }
    ofm_buf_uninit(&out);
}

/* Junk after the datagram (padding, an FCS) changes nothing; every single
 * byte changed in a request never crashes, and a change inside what the
 * checksums cover never gets an answer that differs from the reply but in
 * the addresses it came from. */
static void
test_mutations(void)
{
    struct icmp_reply_addr addr;
    struct ofm_buf out;
    uint8_t frame[MAX_FRAME];

    default_addr(&addr);
    ofm_buf_init(&out);
    size_t size = unhex(ECHO_REQ "deadbeef", frame);
    CU_ASSERT_EQUAL(answer(&addr, frame, size, &out, NULL), ICMP_REPLY_ECHO);
    CU_ASSERT_TRUE(same_hex("echo with a trailer", &out, ECHO_REP));

    const char *reqs[] = { ARP_REQ, ECHO_REQ, VLAN_ARP_REQ };
    for (size_t r = 0; r < N_ELEMS(reqs); r++) {
        size = unhex(reqs[r], frame);
        for (size_t i = 0; i < size; i++) {
            for (int bit = 0; bit < 8; bit++) {
                frame[i] ^= (uint8_t) (1u << bit);
                enum icmp_reply_kind kind = answer(&addr, frame, size, &out, NULL);
                if (r == 1 && i >= 14 && kind != ICMP_REPLY_NONE) {
                    /* Only the addresses may differ: a flipped bit in IPv4
                     * or ICMP fails a checksum. */
                    fprintf(stderr, "\nbyte %zu bit %d of the echo request: answered\n",
                            i, bit);
                    CU_FAIL("answered a corrupt echo request");
                }
                frame[i] ^= (uint8_t) (1u << bit);
            }
        }
    }
    /* All zeros and all ones. */
    memset(frame, 0, sizeof frame);
    CU_ASSERT_EQUAL(answer(&addr, frame, 60, &out, NULL), ICMP_REPLY_NONE);
    memset(frame, 0xff, sizeof frame);
    CU_ASSERT_EQUAL(answer(&addr, frame, sizeof frame, &out, NULL), ICMP_REPLY_NONE);
    ofm_buf_uninit(&out);
}

/* ---- YAML. ---- */

static bool
same_addr(const struct icmp_reply_addr *a, const struct icmp_reply_addr *b)
{
    return a->ip == b->ip && !memcmp(a->mac, b->mac, 6);
}

/* Reads the icmp_responder section of 'yaml' into 'addr' (defaults first);
 * returns what icmp_reply_config() returns, with its message in 'err'. */
static int
config(const char *yaml, struct icmp_reply_addr *addr, char *err, size_t err_size)
{
    struct ofm_conf *root = ofm_conf_parse("t.yaml", yaml, strlen(yaml), err, err_size);
    CU_ASSERT_PTR_NOT_NULL_FATAL(root);
    default_addr(addr);
    int error = icmp_reply_config(ofm_conf_get(root, "icmp_responder"), addr, err,
                                  err_size);
    ofm_conf_free(root);
    return error;
}

static void
test_config(void)
{
    struct icmp_reply_addr addr, def;
    char err[256];

    default_addr(&def);
    CU_ASSERT_EQUAL(icmp_reply_config(NULL, &addr, err, sizeof err), 0);
    char mac[OFM_MAC_STRLEN], ip[OFM_IPV4_STRLEN];
    ofm_mac_format(def.mac, mac);
    ofm_ipv4_format(def.ip, ip);
    CU_ASSERT_STRING_EQUAL(mac, "0a:e4:1c:d1:3e:44");
    CU_ASSERT_STRING_EQUAL(ip, "192.0.2.9");

    CU_ASSERT_EQUAL(config("monitor:\n  interval: 1\n", &addr, err, sizeof err), 0);
    CU_ASSERT_TRUE(same_addr(&addr, &def));

    CU_ASSERT_EQUAL(config("icmp_responder:\n  ip: 198.51.100.7\n"
                           "  mac: 02:00:5E:10:00:01\n", &addr, err, sizeof err), 0);
    struct icmp_reply_addr other;
    other_addr(&other);
    CU_ASSERT_TRUE(same_addr(&addr, &other));

    CU_ASSERT_EQUAL(config("icmp_responder:\n  ip: 10.1.2.3\n", &addr, err, sizeof err), 0);
    CU_ASSERT_EQUAL(addr.ip, 0x0a010203);
    CU_ASSERT_EQUAL(memcmp(addr.mac, def.mac, 6), 0);

    static const struct {
        const char *yaml;
        const char *err;
    } bad[] = {
        { "icmp_responder:\n  ip: 192.0.2.300\n",
          "t.yaml:2:7: icmp_responder: 'ip' must be a unicast IPv4 address such as "
          "192.0.2.9, not '192.0.2.300'" },
        { "icmp_responder:\n  mac: 0a:e4:1c:d1:3e:44\n  ip: 224.0.0.1\n",
          "t.yaml:3:7: icmp_responder: 'ip' must be a unicast IPv4 address such as "
          "192.0.2.9, not '224.0.0.1'" },
        { "icmp_responder:\n  ip: 255.255.255.255\n", "t.yaml:2:7: icmp_responder: 'ip'" },
        { "icmp_responder:\n  ip: 0.0.0.0\n", "t.yaml:2:7: icmp_responder: 'ip'" },
        { "icmp_responder:\n  ip: 127.0.0.1\n", "t.yaml:2:7: icmp_responder: 'ip'" },
        { "icmp_responder:\n  ip: 192.0.2\n", "t.yaml:2:7: icmp_responder: 'ip'" },
        { "icmp_responder:\n  ip: 192.0.2.9\n  mac: 01:00:5e:00:00:01\n",
          "t.yaml:3:8: icmp_responder: 'mac' must be a unicast MAC address such as "
          "0a:e4:1c:d1:3e:44, not '01:00:5e:00:00:01'" },
        { "icmp_responder:\n  mac: 00:00:00:00:00:00\n", "t.yaml:2:8: icmp_responder: 'mac'" },
        { "icmp_responder:\n  mac: 0a:e4:1c:d1:3e\n", "t.yaml:2:8: icmp_responder: 'mac'" },
        { "icmp_responder:\n  mac: [1, 2]\n", "t.yaml:2:8: " },
        { "icmp_responder:\n  ip: 192.0.2.9\n  address: 192.0.2.9\n",
          "t.yaml:3:3: unknown key 'address'" },
        { "icmp_responder: 192.0.2.9\n",
          "t.yaml:1:17: icmp_responder: expected a map (ip, mac)" },
    };
    for (size_t i = 0; i < N_ELEMS(bad); i++) {
        err[0] = '\0';
        CU_ASSERT_EQUAL(config(bad[i].yaml, &addr, err, sizeof err), EINVAL);
        if (strncmp(err, bad[i].err, strlen(bad[i].err))) {
            fprintf(stderr, "\n%s: '%s', want '%s'\n", bad[i].yaml, err, bad[i].err);
            CU_FAIL("error message");
        }
        /* A bad section changes nothing. */
        CU_ASSERT_TRUE(same_addr(&addr, &def));
    }
}

int
main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        return 1;
    }
    CU_pSuite replies = CU_add_suite("icmp_responder replies", NULL, NULL);
    CU_add_test(replies, "byte-exact replies", test_replies);
    CU_add_test(replies, "echo checksums", test_echo_checksums);
    CU_add_test(replies, "text of the replies", test_reply_text);
    CU_add_test(replies, "no reply", test_no_reply);
    CU_add_test(replies, "every truncation", test_truncations);
    CU_add_test(replies, "junk and flipped bits", test_mutations);
    CU_pSuite conf = CU_add_suite("icmp_responder YAML", NULL, NULL);
    CU_add_test(conf, "ip and mac", test_config);
    return tu_run();
}
