/* test-match.c: unit tests for ofm/match.h: the OXM match value, its 1.3
 * and 1.0 encodings, and bounded decoding of malformed matches. */
#include <CUnit/Basic.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ofm/err.h"
#include "ofm/match.h"
#include "test-util.h"

static const uint8_t mac1[6] = { 0xf2, 0x0b, 0xa4, 0x7d, 0xf8, 0xea };
static const uint8_t mac2[6] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 };

/* Asserts that 'm' holds exactly the 'n' bytes at 'expect'. */
#define ASSERT_OXM(M, ...)                                              \
    do {                                                                \
        static const uint8_t expect_[] = { __VA_ARGS__ };               \
        CU_ASSERT_EQUAL((M)->len, sizeof expect_);                      \
        if ((M)->len == sizeof expect_) {                               \
            CU_ASSERT_EQUAL(memcmp((M)->oxm, expect_, sizeof expect_), 0); \
        }                                                               \
    } while (0)

static void
test_info(void)
{
    const struct ofm_oxm_info *info = ofm_oxm_info(OFPXMT_ETH_DST);
    CU_ASSERT_PTR_NOT_NULL_FATAL(info);
    CU_ASSERT_STRING_EQUAL(info->name, "eth_dst");
    CU_ASSERT_EQUAL(info->len, 6);
    CU_ASSERT_TRUE(info->maskable);
    CU_ASSERT_PTR_EQUAL(ofm_oxm_info_by_name("eth_dst"), info);
    CU_ASSERT_PTR_EQUAL(ofm_oxm_info_by_name("ipv6_exthdr"),
                        ofm_oxm_info(OFPXMT_IPV6_EXTHDR));
    CU_ASSERT_EQUAL(ofm_oxm_info(OFPXMT_PBB_ISID)->len, 3);
    CU_ASSERT_FALSE(ofm_oxm_info(OFPXMT_IN_PORT)->maskable);
    CU_ASSERT_PTR_NULL(ofm_oxm_info(40));
    CU_ASSERT_PTR_NULL(ofm_oxm_info_by_name("pbb_uca"));
    CU_ASSERT_PTR_NULL(ofm_oxm_info_by_name(NULL));
    /* Every id maps to its own row. */
    for (unsigned int i = 0; i < OFM_OXM_N_FIELDS; i++) {
        CU_ASSERT_EQUAL(ofm_oxm_info(i)->field, i);
        CU_ASSERT_PTR_EQUAL(ofm_oxm_info_by_name(ofm_oxm_info(i)->name),
                            ofm_oxm_info(i));
    }
}

static void
test_set_get_clear_replace(void)
{
    struct ofm_match m;
    ofm_match_init(&m);
    CU_ASSERT_EQUAL(ofm_match_n_fields(&m), 0);
    CU_ASSERT_FALSE(ofm_match_has(&m, OFPXMT_IN_PORT));

    CU_ASSERT_EQUAL(ofm_match_set_in_port(&m, 6), 0);
    CU_ASSERT_EQUAL(ofm_match_set_eth_dst(&m, mac1), 0);
    CU_ASSERT_EQUAL(ofm_match_set_eth_type(&m, 0x0800), 0);
    ASSERT_OXM(&m,
               0x80, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x06,
               0x80, 0x00, 0x06, 0x06, 0xf2, 0x0b, 0xa4, 0x7d, 0xf8, 0xea,
               0x80, 0x00, 0x0a, 0x02, 0x08, 0x00);
    CU_ASSERT_EQUAL(ofm_match_n_fields(&m), 3);

    uint32_t port;
    uint16_t type;
    uint8_t mac[6], mask[6];
    CU_ASSERT_TRUE(ofm_match_get_u32(&m, OFPXMT_IN_PORT, &port));
    CU_ASSERT_EQUAL(port, 6);
    CU_ASSERT_TRUE(ofm_match_get_u16(&m, OFPXMT_ETH_TYPE, &type));
    CU_ASSERT_EQUAL(type, 0x0800);
    CU_ASSERT_TRUE(ofm_match_get(&m, OFPXMT_ETH_DST, mac, mask));
    CU_ASSERT_EQUAL(memcmp(mac, mac1, 6), 0);
    CU_ASSERT_TRUE(mask[0] == 0xff && mask[5] == 0xff);
    CU_ASSERT_FALSE(ofm_match_get(&m, OFPXMT_ETH_SRC, mac, NULL));
    /* Wrong width for the field. */
    CU_ASSERT_FALSE(ofm_match_get_u16(&m, OFPXMT_IN_PORT, &type));

    /* Replacing keeps the position. */
    CU_ASSERT_EQUAL(ofm_match_set_in_port(&m, 0xfffffffd), 0);
    CU_ASSERT_EQUAL(m.len, 24);
    CU_ASSERT_EQUAL(m.oxm[7], 0xfd);
    CU_ASSERT_EQUAL(ofm_match_set_eth_dst(&m, mac2), 0);
    CU_ASSERT_EQUAL(m.oxm[12], 0x00);
    CU_ASSERT_EQUAL(m.oxm[17], 0x55);

    /* A masked value is normalized; replacing it with an exact one
     * shrinks it in place. */
    CU_ASSERT_EQUAL(ofm_match_set_u32_masked(&m, OFPXMT_IPV4_SRC,
                                             0x0a0102ff, 0xffffff00), 0);
    ASSERT_OXM(&m,
               0x80, 0x00, 0x00, 0x04, 0xff, 0xff, 0xff, 0xfd,
               0x80, 0x00, 0x06, 0x06, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55,
               0x80, 0x00, 0x0a, 0x02, 0x08, 0x00,
               0x80, 0x00, 0x17, 0x08, 0x0a, 0x01, 0x02, 0x00,
               0xff, 0xff, 0xff, 0x00);
    CU_ASSERT_EQUAL(ofm_match_set_eth_src(&m, mac1), 0);
    CU_ASSERT_EQUAL(ofm_match_set_u32(&m, OFPXMT_IPV4_SRC, 0x0a000001), 0);
    CU_ASSERT_EQUAL(ofm_match_n_fields(&m), 5);
    ASSERT_OXM(&m,
               0x80, 0x00, 0x00, 0x04, 0xff, 0xff, 0xff, 0xfd,
               0x80, 0x00, 0x06, 0x06, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55,
               0x80, 0x00, 0x0a, 0x02, 0x08, 0x00,
               0x80, 0x00, 0x16, 0x04, 0x0a, 0x00, 0x00, 0x01,
               0x80, 0x00, 0x08, 0x06, 0xf2, 0x0b, 0xa4, 0x7d, 0xf8, 0xea);

    /* Clearing from the middle. */
    ofm_match_clear(&m, OFPXMT_ETH_DST);
    ofm_match_clear(&m, OFPXMT_ETH_DST);
    CU_ASSERT_EQUAL(ofm_match_n_fields(&m), 4);
    ASSERT_OXM(&m,
               0x80, 0x00, 0x00, 0x04, 0xff, 0xff, 0xff, 0xfd,
               0x80, 0x00, 0x0a, 0x02, 0x08, 0x00,
               0x80, 0x00, 0x16, 0x04, 0x0a, 0x00, 0x00, 0x01,
               0x80, 0x00, 0x08, 0x06, 0xf2, 0x0b, 0xa4, 0x7d, 0xf8, 0xea);

    /* An all-ones mask is exact; an all-zeros mask removes the field. */
    static const uint8_t ones[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    static const uint8_t zeros[6] = { 0 };
    CU_ASSERT_EQUAL(ofm_match_set(&m, OFPXMT_ETH_SRC, mac2, ones), 0);
    CU_ASSERT_EQUAL(m.len, 32);
    CU_ASSERT_EQUAL(ofm_match_set(&m, OFPXMT_ETH_SRC, mac2, zeros), 0);
    CU_ASSERT_FALSE(ofm_match_has(&m, OFPXMT_ETH_SRC));
    CU_ASSERT_EQUAL(m.len, 22);

    /* Errors. */
    CU_ASSERT_EQUAL(ofm_match_set(&m, OFPXMT_IN_PORT, "\0\0\0\1", "\0\0\0\1"),
                    EINVAL);
    CU_ASSERT_EQUAL(ofm_match_set(&m, 40, "\1", NULL), EINVAL);
    CU_ASSERT_EQUAL(ofm_match_set_u16(&m, OFPXMT_IN_PORT, 1), EINVAL);
    CU_ASSERT_EQUAL(ofm_match_set_u8(&m, OFPXMT_ETH_TYPE, 1), EINVAL);
    CU_ASSERT_EQUAL(ofm_match_set_u64(&m, OFPXMT_ETH_DST, 1), EINVAL);
    CU_ASSERT_EQUAL(m.len, 22);

    /* Typed access of other widths, including the 3-byte pbb_isid. */
    uint64_t meta;
    uint8_t dscp;
    CU_ASSERT_EQUAL(ofm_match_set_u64(&m, OFPXMT_METADATA,
                                      0x0102030405060708ull), 0);
    CU_ASSERT_TRUE(ofm_match_get_u64(&m, OFPXMT_METADATA, &meta));
    CU_ASSERT_EQUAL(meta, 0x0102030405060708ull);
    CU_ASSERT_EQUAL(ofm_match_set_u8(&m, OFPXMT_IP_DSCP, 46), 0);
    CU_ASSERT_TRUE(ofm_match_get_u8(&m, OFPXMT_IP_DSCP, &dscp));
    CU_ASSERT_EQUAL(dscp, 46);
    CU_ASSERT_EQUAL(ofm_match_set_u32(&m, OFPXMT_PBB_ISID, 0xabcdef), 0);
    CU_ASSERT_TRUE(ofm_match_get_u32(&m, OFPXMT_PBB_ISID, &port));
    CU_ASSERT_EQUAL(port, 0xabcdef);
    CU_ASSERT_EQUAL(m.oxm[m.len - 5], 0x4a);    /* field 37 << 1 */
    CU_ASSERT_EQUAL(m.oxm[m.len - 4], 3);
}

static void
test_set_oxm_and_full(void)
{
    struct ofm_match m;
    ofm_match_init(&m);

    /* Malformed raw TLVs. */
    static const uint8_t short_len[] = { 0x80, 0x00, 0x00, 0x05, 0, 0, 0, 1 };
    static const uint8_t masked_port[] = {
        0x80, 0x00, 0x01, 0x08, 0, 0, 0, 1, 0, 0, 0, 1
    };
    static const uint8_t bad_width[] = { 0x80, 0x00, 0x0a, 0x01, 0x08 };
    static const uint8_t exp_short[] = { 0xff, 0xff, 0x00, 0x02, 0x4f, 0x4e };
    CU_ASSERT_EQUAL(ofm_match_set_oxm(&m, short_len, sizeof short_len), EINVAL);
    CU_ASSERT_EQUAL(ofm_match_set_oxm(&m, masked_port, sizeof masked_port), EINVAL);
    CU_ASSERT_EQUAL(ofm_match_set_oxm(&m, bad_width, sizeof bad_width), EINVAL);
    CU_ASSERT_EQUAL(ofm_match_set_oxm(&m, exp_short, sizeof exp_short), EINVAL);
    CU_ASSERT_EQUAL(ofm_match_set_oxm(&m, short_len, 3), EINVAL);
    CU_ASSERT_EQUAL(m.len, 0);

    /* NXM TLVs replace their own kind; basic ones go through the same
     * checks as ofm_match_set(). */
    static const uint8_t tun_src[] = { 0x00, 0x01, 0x3e, 0x04, 1, 2, 3, 4 };
    static const uint8_t tun_src2[] = { 0x00, 0x01, 0x3e, 0x04, 5, 6, 7, 8 };
    static const uint8_t eth_type[] = { 0x80, 0x00, 0x0a, 0x02, 0x08, 0x06 };
    CU_ASSERT_EQUAL(ofm_match_set_oxm(&m, tun_src, sizeof tun_src), 0);
    CU_ASSERT_EQUAL(ofm_match_set_oxm(&m, eth_type, sizeof eth_type), 0);
    CU_ASSERT_EQUAL(ofm_match_set_oxm(&m, tun_src2, sizeof tun_src2), 0);
    ASSERT_OXM(&m,
               0x00, 0x01, 0x3e, 0x04, 5, 6, 7, 8,
               0x80, 0x00, 0x0a, 0x02, 0x08, 0x06);
    uint16_t type;
    CU_ASSERT_TRUE(ofm_match_get_u16(&m, OFPXMT_ETH_TYPE, &type));
    CU_ASSERT_EQUAL(type, 0x0806);
    CU_ASSERT_EQUAL(ofm_match_n_fields(&m), 2);

    /* Experimenter TLVs (11 bytes each) pile up until the match is full. */
    static const uint8_t onf[] = {
        0xff, 0xff, 0x00, 0x07, 0x4f, 0x4e, 0x46, 0x00, 0x0a, 0x00, 0x01
    };
    int error = 0, n = 0;
    while (!error && n < 100) {
        error = ofm_match_set_oxm(&m, onf, sizeof onf);
        n += !error;
    }
    CU_ASSERT_EQUAL(error, ENOSPC);
    CU_ASSERT_EQUAL(n, (OFM_MATCH_MAX_LEN - 14) / 11);
    CU_ASSERT_TRUE(m.len <= OFM_MATCH_MAX_LEN);
    CU_ASSERT_EQUAL(ofm_match_set_u32(&m, OFPXMT_IN_PORT, 1), ENOSPC);
    /* Replacing a field with one of the same size still works when full. */
    CU_ASSERT_EQUAL(ofm_match_set_u16(&m, OFPXMT_ETH_TYPE, 0x0800), 0);
    CU_ASSERT_TRUE(ofm_match_get_u16(&m, OFPXMT_ETH_TYPE, &type));
    CU_ASSERT_EQUAL(type, 0x0800);
}

static void
test_ports(void)
{
    static const struct { uint32_t p32; uint16_t p16; } cases[] = {
        { 0, 0 }, { 1, 1 }, { 0xfeff, 0xfeff },
        { OFPP_MAX, OFPP10_MAX }, { OFPP_IN_PORT, OFPP10_IN_PORT },
        { OFPP_TABLE, OFPP10_TABLE }, { OFPP_NORMAL, OFPP10_NORMAL },
        { OFPP_FLOOD, OFPP10_FLOOD }, { OFPP_ALL, OFPP10_ALL },
        { OFPP_CONTROLLER, OFPP10_CONTROLLER }, { OFPP_LOCAL, OFPP10_LOCAL },
        { OFPP_ANY, OFPP10_NONE },
    };
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        CU_ASSERT_EQUAL(ofm_port_to_of10(cases[i].p32), cases[i].p16);
        CU_ASSERT_EQUAL(ofm_port_from_of10(cases[i].p16), cases[i].p32);
    }
    /* 32-bit ports 1.0 cannot name. */
    CU_ASSERT_EQUAL(ofm_port_to_of10(0xff00), OFPP10_NONE);
    CU_ASSERT_EQUAL(ofm_port_to_of10(0x10000), OFPP10_NONE);
    CU_ASSERT_EQUAL(ofm_port_to_of10(0xfffffeff), OFPP10_NONE);
}

/* 1.3 encoding. */

static void
test_encode13(void)
{
    /* The match of the corpus message of13/4-3-ofp_flow_mod. */
    static const uint8_t expect[] = {
        0x00, 0x01, 0x00, 0x16, 0x80, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x06,
        0x80, 0x00, 0x08, 0x06, 0xf2, 0x0b, 0xa4, 0x7d, 0xf8, 0xea, 0x00, 0x00,
    };
    static const uint8_t empty[] = { 0x00, 0x01, 0x00, 0x04, 0, 0, 0, 0 };
    struct ofm_match m;
    ofm_match_init(&m);
    ofm_match_set_in_port(&m, 6);
    ofm_match_set_eth_src(&m, mac1);

    uint8_t stub[64];
    struct ofm_buf b;
    ofm_buf_use_stub(&b, stub, sizeof stub);
    ofm_buf_put_u8(&b, 0xaa);       /* The match need not start aligned. */
    CU_ASSERT_EQUAL(ofm_match_encode(&m, OFP13_VERSION, &b), 0);
    CU_ASSERT_EQUAL(b.size, 1 + sizeof expect);
    CU_ASSERT_EQUAL(memcmp(b.data + 1, expect, sizeof expect), 0);

    ofm_buf_clear(&b);
    ofm_match_init(&m);
    CU_ASSERT_EQUAL(ofm_match_encode(&m, OFP13_VERSION, &b), 0);
    CU_ASSERT_EQUAL(b.size, sizeof empty);
    CU_ASSERT_EQUAL(memcmp(b.data, empty, sizeof empty), 0);
    ofm_buf_clear(&b);
    CU_ASSERT_EQUAL(ofm_match_encode(NULL, OFP13_VERSION, &b), 0);
    CU_ASSERT_EQUAL(memcmp(b.data, empty, sizeof empty), 0);

    ofm_buf_clear(&b);
    CU_ASSERT_EQUAL(ofm_match_encode(&m, 2, &b), EPROTONOSUPPORT);
    CU_ASSERT_EQUAL(b.size, 0);

    /* Decoding gives the TLVs back and consumes the padding. */
    struct ofm_rd rd = ofm_rd_init(expect, sizeof expect);
    struct ofm_match d;
    CU_ASSERT_EQUAL(ofm_match_decode(&rd, OFP13_VERSION, &d), 0);
    CU_ASSERT_EQUAL(rd.left, 0);
    CU_ASSERT_EQUAL(d.len, 18);
    CU_ASSERT_EQUAL(memcmp(d.oxm, expect + 4, 18), 0);
    ofm_buf_uninit(&b);
}

/* 1.0 encoding: table of matches and the struct ofp_match they give. */

/* The 40 bytes of a 1.0 match, built from its fields. */
struct m10 {
    uint32_t wildcards;
    uint16_t in_port;
    uint8_t dl_src[6], dl_dst[6];
    uint16_t dl_vlan;
    uint8_t dl_vlan_pcp;
    uint16_t dl_type;
    uint8_t nw_tos, nw_proto;
    uint32_t nw_src, nw_dst;
    uint16_t tp_src, tp_dst;
};

static void
m10_bytes(const struct m10 *w, uint8_t p[40])
{
    memset(p, 0, 40);
    ofm_put32(p, w->wildcards);
    ofm_put16(p + 4, w->in_port);
    memcpy(p + 6, w->dl_src, 6);
    memcpy(p + 12, w->dl_dst, 6);
    ofm_put16(p + 18, w->dl_vlan);
    p[20] = w->dl_vlan_pcp;
    ofm_put16(p + 22, w->dl_type);
    p[24] = w->nw_tos;
    p[25] = w->nw_proto;
    ofm_put32(p + 28, w->nw_src);
    ofm_put32(p + 32, w->nw_dst);
    ofm_put16(p + 36, w->tp_src);
    ofm_put16(p + 38, w->tp_dst);
}

static void build_empty(struct ofm_match *m) { (void) m; }

static void
build_eth_dst(struct ofm_match *m)
{
    ofm_match_set_eth_dst(m, mac1);
}

static void
build_tcp(struct ofm_match *m)
{
    ofm_match_set_in_port(m, 1);
    ofm_match_set_eth_type(m, 0x0800);
    ofm_match_set_u8(m, OFPXMT_IP_DSCP, 46);
    ofm_match_set_u8(m, OFPXMT_IP_PROTO, 6);
    ofm_match_set_u32_masked(m, OFPXMT_IPV4_SRC, 0x0a010200, 0xffffff00);
    ofm_match_set_u32(m, OFPXMT_IPV4_DST, 0xc0a80101);
    ofm_match_set_u16(m, OFPXMT_TCP_DST, 80);
}

static void
build_no_vlan(struct ofm_match *m)
{
    ofm_match_set_u16(m, OFPXMT_VLAN_VID, OFPVID_NONE);
}

static void
build_vlan(struct ofm_match *m)
{
    ofm_match_set_u16(m, OFPXMT_VLAN_VID, OFPVID_PRESENT | 100);
    ofm_match_set_u8(m, OFPXMT_VLAN_PCP, 3);
}

static void
build_arp(struct ofm_match *m)
{
    ofm_match_set_eth_type(m, 0x0806);
    ofm_match_set_u16(m, OFPXMT_ARP_OP, 1);
    ofm_match_set_u32(m, OFPXMT_ARP_SPA, 0x0a000001);
    ofm_match_set_u32_masked(m, OFPXMT_ARP_TPA, 0x0a000000, 0xffff0000);
}

static void
build_icmp(struct ofm_match *m)
{
    ofm_match_set_eth_type(m, 0x0800);
    ofm_match_set_u8(m, OFPXMT_IP_PROTO, 1);
    ofm_match_set_u8(m, OFPXMT_ICMPV4_TYPE, 8);
    ofm_match_set_u8(m, OFPXMT_ICMPV4_CODE, 0);
}

static void
build_udp_full_masks(struct ofm_match *m)
{
    /* All-ones masks given as raw TLVs count as exact. */
    static const uint8_t dst[] = {
        0x80, 0x00, 0x07, 0x0c, 0xf2, 0x0b, 0xa4, 0x7d, 0xf8, 0xea,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    };
    ofm_match_set_oxm(m, dst, sizeof dst);
    ofm_match_set_eth_src(m, mac2);
    ofm_match_set_eth_type(m, 0x0800);
    ofm_match_set_u8(m, OFPXMT_IP_PROTO, 17);
    ofm_match_set_u16(m, OFPXMT_UDP_SRC, 53);
}

static const struct {
    const char *name;
    void (*build)(struct ofm_match *);
    struct m10 expect;
    size_t n_fields;                /* After decoding the 1.0 form. */
} encode10_cases[] = {
    { "empty", build_empty, { .wildcards = 0x3fffff }, 0 },
    { "eth_dst", build_eth_dst,
      { .wildcards = 0x3ffff7,
        .dl_dst = { 0xf2, 0x0b, 0xa4, 0x7d, 0xf8, 0xea } }, 1 },
    { "tcp", build_tcp,
      { .wildcards = 0x10084e, .in_port = 1, .dl_type = 0x0800,
        .nw_tos = 46 << 2, .nw_proto = 6, .nw_src = 0x0a010200,
        .nw_dst = 0xc0a80101, .tp_dst = 80 }, 7 },
    { "no vlan", build_no_vlan, { .wildcards = 0x3ffffd, .dl_vlan = 0xffff }, 1 },
    { "vlan", build_vlan,
      { .wildcards = 0x2ffffd, .dl_vlan = 100, .dl_vlan_pcp = 3 }, 2 },
    { "arp", build_arp,
      { .wildcards = 0x3400cf, .dl_type = 0x0806, .nw_proto = 1,
        .nw_src = 0x0a000001, .nw_dst = 0x0a000000 }, 4 },
    { "icmp", build_icmp,
      { .wildcards = 0x3fff0f, .dl_type = 0x0800, .nw_proto = 1,
        .tp_src = 8, .tp_dst = 0 }, 4 },
    { "udp, full masks", build_udp_full_masks,
      { .wildcards = 0x3fff83, .dl_src = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 },
        .dl_dst = { 0xf2, 0x0b, 0xa4, 0x7d, 0xf8, 0xea }, .dl_type = 0x0800,
        .nw_proto = 17, .tp_src = 53 }, 5 },
};

static void
test_encode10(void)
{
    for (size_t i = 0; i < N_ELEMS(encode10_cases); i++) {
        struct ofm_match m;
        ofm_match_init(&m);
        encode10_cases[i].build(&m);

        uint8_t expect[40];
        m10_bytes(&encode10_cases[i].expect, expect);
        struct ofm_buf b;
        ofm_buf_init(&b);
        int error = ofm_match_encode(&m, OFP10_VERSION, &b);
        CU_ASSERT_EQUAL(error, 0);
        CU_ASSERT_EQUAL(b.size, 40);
        if (error || b.size != 40) {
            fprintf(stderr, "case %s: error %d size %zu\n",
                    encode10_cases[i].name, error, b.size);
            ofm_buf_uninit(&b);
            continue;
        }
        if (memcmp(b.data, expect, 40)) {
            fprintf(stderr, "case %s: wrong bytes\n", encode10_cases[i].name);
            CU_FAIL("1.0 match bytes differ");
        }

        /* Decoding the 1.0 form and encoding again gives the same bytes. */
        struct ofm_rd rd = ofm_rd_init(b.data, b.size);
        struct ofm_match d;
        CU_ASSERT_EQUAL(ofm_match_decode(&rd, OFP10_VERSION, &d), 0);
        CU_ASSERT_EQUAL(rd.left, 0);
        CU_ASSERT_EQUAL(ofm_match_n_fields(&d), encode10_cases[i].n_fields);
        struct ofm_buf b2;
        ofm_buf_init(&b2);
        CU_ASSERT_EQUAL(ofm_match_encode(&d, OFP10_VERSION, &b2), 0);
        CU_ASSERT_EQUAL(b2.size, 40);
        CU_ASSERT_EQUAL(memcmp(b2.data, expect, 40), 0);
        ofm_buf_uninit(&b2);
        ofm_buf_uninit(&b);
    }
}

static void build_bad_ip_mask(struct ofm_match *m)
{
    ofm_match_set_eth_type(m, 0x0800);
    ofm_match_set_u32_masked(m, OFPXMT_IPV4_SRC, 0x0a000001, 0xff00ff00);
}
static void build_mac_mask(struct ofm_match *m)
{
    static const uint8_t mask[6] = { 0xff, 0xff, 0xff, 0, 0, 0 };
    ofm_match_set(m, OFPXMT_ETH_DST, mac1, mask);
}
static void build_metadata(struct ofm_match *m)
{
    ofm_match_set_u64(m, OFPXMT_METADATA, 1);
}
static void build_ipv6(struct ofm_match *m)
{
    static const uint8_t a[16] = { 0xfe, 0x80 };
    ofm_match_set_eth_type(m, 0x86dd);
    ofm_match_set(m, OFPXMT_IPV6_SRC, a, NULL);
}
static void build_ecn(struct ofm_match *m)
{
    ofm_match_set_u8(m, OFPXMT_IP_ECN, 1);
}
static void build_any_vlan(struct ofm_match *m)
{
    static const uint8_t v[2] = { 0x10, 0x00 };
    ofm_match_set(m, OFPXMT_VLAN_VID, v, v);
}
static void build_experimenter(struct ofm_match *m)
{
    static const uint8_t onf[] = {
        0xff, 0xff, 0x00, 0x07, 0x4f, 0x4e, 0x46, 0x00, 0x0a, 0x00, 0x01
    };
    ofm_match_set_oxm(m, onf, sizeof onf);
}
static void build_big_port(struct ofm_match *m)
{
    ofm_match_set_in_port(m, 0x10000);
}
static void build_sctp(struct ofm_match *m)
{
    ofm_match_set_u16(m, OFPXMT_SCTP_SRC, 1);
}
static void build_mpls(struct ofm_match *m)
{
    ofm_match_set_u32(m, OFPXMT_MPLS_LABEL, 1);
}
static void build_two_sources(struct ofm_match *m)
{
    ofm_match_set_u32(m, OFPXMT_IPV4_SRC, 1);
    ofm_match_set_u32(m, OFPXMT_ARP_SPA, 2);
}

static void
test_encode10_unsupported(void)
{
    static void (*const builders[])(struct ofm_match *) = {
        build_bad_ip_mask, build_mac_mask, build_metadata, build_ipv6,
        build_ecn, build_any_vlan, build_experimenter, build_big_port,
        build_sctp, build_mpls, build_two_sources,
    };
    for (size_t i = 0; i < N_ELEMS(builders); i++) {
        struct ofm_match m;
        ofm_match_init(&m);
        builders[i](&m);
        CU_ASSERT_TRUE(m.len > 0);
        uint8_t stub[64];
        struct ofm_buf b;
        ofm_buf_use_stub(&b, stub, sizeof stub);
        ofm_buf_put(&b, "xyz", 3);
        CU_ASSERT_EQUAL(ofm_match_encode(&m, OFP10_VERSION, &b), EOPNOTSUPP);
        CU_ASSERT_EQUAL(b.size, 3);     /* Nothing appended. */
        /* 1.3 takes them all. */
        CU_ASSERT_EQUAL(ofm_match_encode(&m, OFP13_VERSION, &b), 0);
        ofm_buf_uninit(&b);
    }
}

/* 1.0 decoding: wire forms and what they mean. */
static void
test_decode10(void)
{
    uint8_t p[40];
    struct ofm_match m;
    struct ofm_rd rd;
    uint32_t u32;
    uint16_t u16;
    uint8_t u8, mask[4];

    /* nw_src with 8 wildcarded bits: a /24; nw_dst with 40: wildcarded;
     * udp ports because nw_proto is 17; in_port CONTROLLER. */
    struct m10 w = {
        .wildcards = (OFPFW10_ALL & ~(OFPFW10_IN_PORT | OFPFW10_DL_TYPE
                                      | OFPFW10_NW_PROTO | OFPFW10_TP_SRC
                                      | OFPFW10_NW_SRC_MASK))
                     | 8 << OFPFW10_NW_SRC_SHIFT,
        .in_port = OFPP10_CONTROLLER, .dl_type = 0x0800, .nw_proto = 17,
        .nw_src = 0x0a0102ff, .nw_dst = 0x01020304, .tp_src = 5353,
    };
    w.wildcards = (w.wildcards & ~(uint32_t) OFPFW10_NW_DST_MASK)
                  | 40u << OFPFW10_NW_DST_SHIFT;
    m10_bytes(&w, p);
    rd = ofm_rd_init(p, sizeof p);
    CU_ASSERT_EQUAL(ofm_match_decode(&rd, OFP10_VERSION, &m), 0);
    CU_ASSERT_EQUAL(ofm_match_n_fields(&m), 5);
    CU_ASSERT_TRUE(ofm_match_get_u32(&m, OFPXMT_IN_PORT, &u32));
    CU_ASSERT_EQUAL(u32, OFPP_CONTROLLER);
    CU_ASSERT_TRUE(ofm_match_get(&m, OFPXMT_IPV4_SRC, &u32, mask));
    CU_ASSERT_EQUAL(ofm_get32((uint8_t *) &u32), 0x0a010200);
    CU_ASSERT_EQUAL(ofm_get32(mask), 0xffffff00);
    CU_ASSERT_FALSE(ofm_match_has(&m, OFPXMT_IPV4_DST));
    CU_ASSERT_TRUE(ofm_match_get_u16(&m, OFPXMT_UDP_SRC, &u16));
    CU_ASSERT_EQUAL(u16, 5353);
    CU_ASSERT_FALSE(ofm_match_has(&m, OFPXMT_TCP_SRC));
    CU_ASSERT_TRUE(ofm_match_get_u8(&m, OFPXMT_IP_PROTO, &u8));
    CU_ASSERT_EQUAL(u8, 17);

    /* L3 fields without dl_type mean nothing to a 1.0 switch: dropped. */
    struct m10 w2 = {
        .wildcards = OFPFW10_ALL & ~(OFPFW10_NW_PROTO | OFPFW10_NW_TOS
                                     | OFPFW10_NW_SRC_MASK),
        .nw_proto = 6, .nw_tos = 4, .nw_src = 1,
    };
    m10_bytes(&w2, p);
    rd = ofm_rd_init(p, sizeof p);
    CU_ASSERT_EQUAL(ofm_match_decode(&rd, OFP10_VERSION, &m), 0);
    CU_ASSERT_EQUAL(ofm_match_n_fields(&m), 0);

    /* dl_vlan 0xffff is "no VLAN"; a tagged one carries OFPVID_PRESENT. */
    struct m10 w3 = { .wildcards = OFPFW10_ALL & ~OFPFW10_DL_VLAN,
                      .dl_vlan = 0xffff };
    m10_bytes(&w3, p);
    rd = ofm_rd_init(p, sizeof p);
    CU_ASSERT_EQUAL(ofm_match_decode(&rd, OFP10_VERSION, &m), 0);
    CU_ASSERT_TRUE(ofm_match_get_u16(&m, OFPXMT_VLAN_VID, &u16));
    CU_ASSERT_EQUAL(u16, OFPVID_NONE);
    w3.dl_vlan = 7;
    m10_bytes(&w3, p);
    rd = ofm_rd_init(p, sizeof p);
    CU_ASSERT_EQUAL(ofm_match_decode(&rd, OFP10_VERSION, &m), 0);
    CU_ASSERT_TRUE(ofm_match_get_u16(&m, OFPXMT_VLAN_VID, &u16));
    CU_ASSERT_EQUAL(u16, OFPVID_PRESENT | 7);

    /* Short input. */
    rd = ofm_rd_init(p, 39);
    CU_ASSERT_EQUAL(ofm_match_decode(&rd, OFP10_VERSION, &m), OFM_ERR_BAD_LEN);
    rd = ofm_rd_init(p, 40);
    CU_ASSERT_EQUAL(ofm_match_decode(&rd, 2, &m), OFM_ERR_BAD_VERSION);
}

/* Malformed 1.3 matches, each with the error it must give. */
static const struct {
    const char *name;
    uint8_t bytes[40];
    size_t size;
    int error;
} bad13[] = {
    { "header cut", { 0x00, 0x01, 0x00 }, 3, OFM_ERR_BAD_LEN },
    { "standard type", { 0x00, 0x00, 0x00, 0x04, 0, 0, 0, 0 }, 8,
      OFM_ERR_BAD_MATCH_TYPE },
    { "length 3", { 0x00, 0x01, 0x00, 0x03, 0, 0, 0, 0 }, 8,
      OFM_ERR_BAD_MATCH_LEN },
    { "length past end", { 0x00, 0x01, 0x00, 0x14, 0x80, 0, 0, 4, 0, 0, 0, 1,
                           0, 0, 0, 0 }, 16, OFM_ERR_BAD_MATCH_LEN },
    { "padding missing", { 0x00, 0x01, 0x00, 0x0a, 0x80, 0x00, 0x0a, 0x02,
                           0x08, 0x00 }, 10, OFM_ERR_BAD_MATCH_LEN },
    { "zero-length OXM", { 0x00, 0x01, 0x00, 0x08, 0x80, 0x00, 0x0a, 0x00 },
      8, OFM_ERR_BAD_MATCH_LEN },
    { "zero-length OXM then more", { 0x00, 0x01, 0x00, 0x0e, 0x80, 0x00, 0x00,
                                     0x00, 0x80, 0x00, 0x0a, 0x02, 0x08,
                                     0x00, 0, 0 }, 16, OFM_ERR_BAD_MATCH_LEN },
    { "OXM longer than the match", { 0x00, 0x01, 0x00, 0x0c, 0x80, 0x00, 0x00,
                                     0x06, 0x00, 0x00, 0x00, 0x06, 0, 0, 0,
                                     0 }, 16, OFM_ERR_BAD_MATCH_LEN },
    { "OXM header cut", { 0x00, 0x01, 0x00, 0x06, 0x80, 0x00, 0, 0 }, 8,
      OFM_ERR_BAD_MATCH_LEN },
    { "in_port of 2 bytes", { 0x00, 0x01, 0x00, 0x0a, 0x80, 0x00, 0x00, 0x02,
                              0x00, 0x06, 0, 0, 0, 0, 0, 0 }, 16,
      OFM_ERR_BAD_MATCH_LEN },
    { "masked in_port", { 0x00, 0x01, 0x00, 0x10, 0x80, 0x00, 0x01, 0x08,
                          0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff }, 16,
      OFM_ERR_BAD_MASK },
    { "eth_type twice", { 0x00, 0x01, 0x00, 0x10, 0x80, 0x00, 0x0a, 0x02,
                          0x08, 0x00, 0x80, 0x00, 0x0a, 0x02, 0x08, 0x06 },
      16, OFM_ERR_DUP_FIELD },
    { "ipv4_src exact and masked", { 0x00, 0x01, 0x00, 0x18, 0x80, 0x00, 0x16,
                                     0x04, 1, 2, 3, 4, 0x80, 0x00, 0x17, 0x08,
                                     1, 2, 3, 0, 0xff, 0xff, 0xff, 0 }, 24,
      OFM_ERR_DUP_FIELD },
    { "experimenter OXM without id", { 0x00, 0x01, 0x00, 0x0a, 0xff, 0xff,
                                       0x00, 0x02, 0x4f, 0x4e, 0, 0, 0, 0, 0,
                                       0 }, 16, OFM_ERR_BAD_MATCH_LEN },
};

static void
test_decode13_malformed(void)
{
    for (size_t i = 0; i < N_ELEMS(bad13); i++) {
        /* Exactly 'size' heap bytes, so ASan sees any overread. */
        uint8_t *copy = malloc(bad13[i].size);
        memcpy(copy, bad13[i].bytes, bad13[i].size);
        struct ofm_rd rd = ofm_rd_init(copy, bad13[i].size);
        struct ofm_match m;
        int error = ofm_match_decode(&rd, OFP13_VERSION, &m);
        if (error != bad13[i].error) {
            fprintf(stderr, "case %s: got %d (%s), want %d\n", bad13[i].name,
                    error, ofm_err_str(error), bad13[i].error);
        }
        CU_ASSERT_EQUAL(error, bad13[i].error);
        free(copy);
    }

    /* A match too long for struct ofm_match. */
    size_t n = 4 + OFM_MATCH_MAX_LEN + 8;
    uint8_t *big = calloc(1, n);
    ofm_put16(big, OFPMT_OXM);
    ofm_put16(big + 2, (uint16_t) n);
    struct ofm_rd rd = ofm_rd_init(big, n);
    struct ofm_match m;
    CU_ASSERT_EQUAL(ofm_match_decode(&rd, OFP13_VERSION, &m),
                    OFM_ERR_BAD_MATCH_LEN);
    free(big);

    /* Unknown basic fields and other classes are kept as opaque bytes,
     * round trip for 1.3 and are refused for 1.0. */
    static const uint8_t odd[] = {
        0x00, 0x01, 0x00, 0x19,
        0x80, 0x00, 0x52, 0x01, 0x01,                   /* basic field 41 */
        0x00, 0x01, 0x3e, 0x04, 0x01, 0x02, 0x03, 0x04, /* NXM_1 field 31 */
        0xff, 0xff, 0x00, 0x04, 0x00, 0x00, 0x23, 0x20, /* experimenter */
        0, 0, 0, 0, 0, 0, 0,
    };
    rd = ofm_rd_init(odd, sizeof odd);
    CU_ASSERT_EQUAL(ofm_match_decode(&rd, OFP13_VERSION, &m), 0);
    CU_ASSERT_EQUAL(rd.left, 0);
    CU_ASSERT_EQUAL(ofm_match_n_fields(&m), 3);
    struct ofm_buf b;
    ofm_buf_init(&b);
    CU_ASSERT_EQUAL(ofm_match_encode(&m, OFP13_VERSION, &b), 0);
    CU_ASSERT_EQUAL(b.size, sizeof odd);
    CU_ASSERT_EQUAL(memcmp(b.data, odd, sizeof odd), 0);
    ofm_buf_clear(&b);
    CU_ASSERT_EQUAL(ofm_match_encode(&m, OFP10_VERSION, &b), EOPNOTSUPP);
    CU_ASSERT_EQUAL(b.size, 0);
    ofm_buf_uninit(&b);
}

int
main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        return 1;
    }
    CU_pSuite s = CU_add_suite("match", NULL, NULL);
    CU_add_test(s, "field info", test_info);
    CU_add_test(s, "set/get/clear/replace", test_set_get_clear_replace);
    CU_add_test(s, "raw TLVs, full match", test_set_oxm_and_full);
    CU_add_test(s, "port mapping", test_ports);
    CU_add_test(s, "encode 1.3", test_encode13);
    CU_add_test(s, "encode 1.0", test_encode10);
    CU_add_test(s, "encode 1.0 unsupported", test_encode10_unsupported);
    CU_add_test(s, "decode 1.0", test_decode10);
    CU_add_test(s, "decode 1.3 malformed", test_decode13_malformed);
    return tu_run();
}
