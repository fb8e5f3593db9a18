/* test-ofbench-check.c: unit tests for ofbench's checks of the FLOW_MOD and
 * PACKET_OUT messages a controller sends (sdk/tools/ofbench-check.c).
 *
 * - Every FLOW_MOD and PACKET_OUT of the shared corpus ($OFM_CORPUS_DIR,
 *   real messages Ryu encodes) is well-formed: no false positive on what a
 *   real controller sends.
 * - Each corpus message cut at every length: a FLOW_MOD whose length is not
 *   a multiple of 8 or shorter than its fixed part is malformed (all its
 *   parts are multiples of 8), a PACKET_OUT is malformed exactly when the
 *   cut falls inside its fixed part or its actions; nothing is read out of
 *   bounds (run under AddressSanitizer).
 * - A table of hand-made messages, good and bad, each with the problem it
 *   must be reported for. */
#include <CUnit/Basic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofbench.h"
#include "ofm/buf.h"
#include "ofm/ofp.h"

#define N_ELEMS(A) (sizeof (A) / sizeof (A)[0])

/* Parses hex bytes separated by spaces into an exactly sized heap block
 * (so that AddressSanitizer catches any read past the end). */
static uint8_t *
parse_hex(const char *hex, size_t *n)
{
    size_t len = strlen(hex);
    uint8_t *p = malloc(len / 2 + 1);
    size_t k = 0;

    for (const char *s = hex; *s; ) {
        if (*s == ' ') {
            s++;
            continue;
        }
        unsigned v;
        CU_ASSERT_FATAL(sscanf(s, "%2x", &v) == 1);
        p[k++] = (uint8_t) v;
        s += 2;
    }
    uint8_t *q = malloc(k ? k : 1);
    memcpy(q, p, k);
    free(p);
    *n = k;
    return q;
}

/* Runs the check for 'version' on a message: FLOW_MOD or PACKET_OUT by its
 * type byte. */
static const char *
check(const uint8_t *m, size_t len, uint8_t version, uint16_t *command,
      bool *lldp)
{
    return (m[1] == OFPT10_FLOW_MOD
            ? ofb_check_flow_mod(m, len, version, command)
            : ofb_check_packet_out(m, len, version, lldp));
}

/* ---- The corpus. ---- */

static const char *
corpus_dir(void)
{
    const char *dir = getenv("OFM_CORPUS_DIR");
    if (!dir || !*dir) {
        fprintf(stderr, "OFM_CORPUS_DIR is not set: it must name the "
                "OpenFlow corpus directory (holding of10/ and of13/)\n");
        return NULL;
    }
    return dir;
}

static uint8_t *
read_corpus(const char *name, size_t *n)
{
    const char *dir = corpus_dir();
    char path[1024];
    if (!dir) {
        return NULL;
    }
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *p = malloc(size > 0 ? (size_t) size : 1);
    if (size <= 0 || fread(p, 1, (size_t) size, f) != (size_t) size) {
        free(p);
        p = NULL;
    }
    fclose(f);
    *n = size > 0 ? (size_t) size : 0;
    return p;
}

static const struct {
    const char *file;
    uint8_t version;
    bool lldp;
} corpus[] = {
    { "of10/1-1-ofp_packet_out.packet", OFP10_VERSION, false },
    { "of10/1-2-ofp_flow_mod.packet", OFP10_VERSION, false },
    { "of13/4-1-ofp_packet_out.packet", OFP13_VERSION, false },
    { "of13/4-2-ofp_flow_mod.packet", OFP13_VERSION, false },
    { "of13/4-3-ofp_flow_mod.packet", OFP13_VERSION, false },
    { "of13/4-46-ofp_flow_mod.packet", OFP13_VERSION, false },
    { "of13/4-60-ofp_flow_mod.packet", OFP13_VERSION, false },
};

static void
test_corpus_well_formed(void)
{
    for (size_t i = 0; i < N_ELEMS(corpus); i++) {
        size_t n;
        uint8_t *m = read_corpus(corpus[i].file, &n);
        CU_ASSERT_PTR_NOT_NULL_FATAL(m);
        CU_ASSERT_EQUAL(ofm_get16(m + 2), n);
        CU_ASSERT_EQUAL(m[0], corpus[i].version);

        uint16_t command = 0xffff;
        bool lldp = true;
        const char *err = check(m, n, corpus[i].version, &command, &lldp);
        if (err) {
            fprintf(stderr, "\n%s: %s\n", corpus[i].file, err);
        }
        CU_ASSERT_PTR_NULL(err);
        if (m[1] == OFPT10_FLOW_MOD) {
            CU_ASSERT_EQUAL(command, OFPFC_ADD);    /* Ryu's samples. */
        } else {
            CU_ASSERT_EQUAL(lldp, corpus[i].lldp);
        }
        free(m);
    }
}

/* Where a PACKET_OUT's data starts: cuts before it are malformed. */
static size_t
packet_out_data_offset(const uint8_t *m)
{
    return (m[0] == OFP10_VERSION
            ? OFP10_PACKET_OUT_SIZE + ofm_get16(m + 14)
            : OFP13_PACKET_OUT_SIZE + ofm_get16(m + 16));
}

static void
test_corpus_truncated(void)
{
    for (size_t i = 0; i < N_ELEMS(corpus); i++) {
        size_t n;
        uint8_t *m = read_corpus(corpus[i].file, &n);
        CU_ASSERT_PTR_NOT_NULL_FATAL(m);
        uint8_t version = corpus[i].version;
        bool flow_mod = m[1] == OFPT10_FLOW_MOD;
        size_t fixed = (flow_mod
                        ? (version == OFP10_VERSION ? OFP10_FLOW_MOD_SIZE
                                                    : OFP13_FLOW_MOD_SIZE)
                        : packet_out_data_offset(m));

        for (size_t len = 8; len < n; len++) {
            /* A copy of exactly 'len' bytes, so that ASan sees overreads. */
            uint8_t *cut = malloc(len);
            memcpy(cut, m, len);
            ofm_put16(cut + 2, (uint16_t) len);
            uint16_t command;
            bool lldp;
            const char *err = check(cut, len, version, &command, &lldp);
            if (len < fixed || (flow_mod && len % 8)) {
                CU_ASSERT_PTR_NOT_NULL(err);
            }
            if (!flow_mod && len >= fixed) {
                CU_ASSERT_PTR_NULL(err);        /* Only the data is short. */
            }
            free(cut);
        }
        free(m);
    }
}

/* ---- Hand-made messages. ---- */

#define Z4 "00 00 00 00 "
#define Z8 Z4 Z4
#define Z36 Z8 Z8 Z8 Z8 Z4

/* OpenFlow 1.0 FLOW_MOD, all wildcards, priority 0x8000, no buffer. */
#define FM10(LEN, CMD, OUT_PORT, FLAGS)                                     \
    "01 0e " LEN " 00 00 00 00 00 3f ff ff " Z36 Z8 CMD " 00 00 00 00 80 00 " \
    "ff ff ff ff " OUT_PORT " " FLAGS " "
#define FM10_ADD(LEN) FM10(LEN, "00 00", "ff ff", "00 00")

/* OpenFlow 1.0 PACKET_OUT, no buffer, ACTIONS_LEN bytes of actions. */
#define PO10(LEN, IN_PORT, ACTIONS_LEN)                                     \
    "01 0d " LEN " 00 00 00 00 ff ff ff ff " IN_PORT " " ACTIONS_LEN " "
#define ETH_IP "ff ff ff ff ff ff 00 00 00 00 00 01 08 00 "
#define ETH_LLDP "01 80 c2 00 00 0e 00 00 00 00 00 01 88 cc "
#define ETH_VLAN_LLDP "01 80 c2 00 00 0e 00 00 00 00 00 01 81 00 00 05 88 cc "

/* OpenFlow 1.3 FLOW_MOD up to its match. */
#define FM13(LEN, TABLE, CMD, OUT_PORT, OUT_GROUP, FLAGS)                   \
    "04 0e " LEN " 00 00 00 00 " Z8 Z8 TABLE " " CMD " 00 00 00 00 80 00 "   \
    "ff ff ff ff " OUT_PORT " " OUT_GROUP " " FLAGS " 00 00 "
#define FM13_ADD(LEN) FM13(LEN, "00", "00", "ff ff ff ff", "ff ff ff ff",   \
                           "00 00")
#define MATCH_EMPTY "00 01 00 04 00 00 00 00 "
#define APPLY(LEN) "00 04 " LEN " 00 00 00 00 "
#define OUTPUT13(PORT) "00 00 00 10 " PORT " ff e5 00 00 00 00 00 00 "

/* OpenFlow 1.3 PACKET_OUT up to its actions. */
#define PO13(LEN, IN_PORT, ACTIONS_LEN)                                     \
    "04 0d " LEN " 00 00 00 00 ff ff ff ff " IN_PORT " " ACTIONS_LEN        \
    " 00 00 00 00 00 00 "

static const struct hand_case {
    const char *name;
    uint8_t version;
    const char *hex;
    const char *error;          /* NULL: well-formed; else a substring. */
    int command;                /* Expected command, or -1. */
    bool lldp;
} hand_cases[] = {
    /* OpenFlow 1.0 FLOW_MOD. */
    { "10 add, no actions", OFP10_VERSION, FM10_ADD("00 48"), NULL, 0, false },
    { "10 output:2", OFP10_VERSION,
      FM10_ADD("00 50") "00 00 00 08 00 02 ff ff", NULL, 0, false },
    { "10 output:FLOOD, set_dl_dst, vendor", OFP10_VERSION,
      FM10_ADD("00 70") "00 00 00 08 ff fb 00 00 "
      "00 05 00 10 01 02 03 04 05 06 " Z4 "00 00 "
      "ff ff 00 10 00 00 23 20 " Z4 Z4, NULL, 0, false },
    { "10 modify_strict", OFP10_VERSION, FM10("00 48", "00 02", "ff ff",
                                             "00 00"), NULL, 2, false },
    { "10 add ignores out_port 0", OFP10_VERSION,
      FM10("00 48", "00 00", "00 00", "00 00"), NULL, 0, false },
    { "10 delete out_port NONE", OFP10_VERSION,
      FM10("00 48", "00 03", "ff ff", "00 00"), NULL, 3, false },
    { "10 delete out_port 0", OFP10_VERSION,
      FM10("00 48", "00 03", "00 00", "00 00"), "out_port", -1, false },
    { "10 command 9", OFP10_VERSION,
      FM10("00 48", "00 09", "ff ff", "00 00"), "command", -1, false },
    { "10 flags 0x80", OFP10_VERSION,
      FM10("00 48", "00 00", "ff ff", "00 80"), "flags", -1, false },
    { "10 action length 12", OFP10_VERSION,
      FM10_ADD("00 54") "00 00 00 0c 00 01 00 00 00 00 00 00",
      "multiple of 8", -1, false },
    { "10 action overruns", OFP10_VERSION,
      FM10_ADD("00 50") "00 00 00 10 00 01 00 00", "overruns", -1, false },
    { "10 output:0", OFP10_VERSION,
      FM10_ADD("00 50") "00 00 00 08 00 00 ff ff", "invalid port", -1,
      false },
    { "10 output:TABLE in a FLOW_MOD", OFP10_VERSION,
      FM10_ADD("00 50") "00 00 00 08 ff f9 ff ff", "invalid port", -1,
      false },
    { "10 set_vlan_vid 5000", OFP10_VERSION,
      FM10_ADD("00 50") "00 01 00 08 13 88 00 00", "4095", -1, false },
    { "10 set_dl_src of 8 bytes", OFP10_VERSION,
      FM10_ADD("00 50") "00 04 00 08 00 00 00 00", "wrong for its type", -1,
      false },
    { "10 action type 99", OFP10_VERSION,
      FM10_ADD("00 50") "00 63 00 08 00 00 00 00", "unknown", -1, false },
    { "10 match dl_vlan_pcp 8", OFP10_VERSION,
      "01 0e 00 48 00 00 00 00 00 2f ff ff 00 00 " Z4 Z8 "00 00 08 00 "
      Z8 Z8 "00 00 " Z8 "00 00 00 00 00 00 80 00 ff ff ff ff ff ff 00 00",
      "dl_vlan_pcp", -1, false },

    /* OpenFlow 1.0 PACKET_OUT. */
    { "10 packet_out ALL", OFP10_VERSION,
      PO10("00 26", "ff fd", "00 08") "00 00 00 08 ff fc ff ff " ETH_IP,
      NULL, -1, false },
    { "10 packet_out TABLE, LLDP", OFP10_VERSION,
      PO10("00 26", "00 01", "00 08") "00 00 00 08 ff f9 ff ff " ETH_LLDP,
      NULL, -1, true },
    { "10 packet_out no actions, in_port NONE", OFP10_VERSION,
      PO10("00 1e", "ff ff", "00 00") ETH_IP, NULL, -1, false },
    { "10 packet_out in_port 0", OFP10_VERSION,
      PO10("00 26", "00 00", "00 08") "00 00 00 08 ff fc ff ff " ETH_IP,
      "in_port", -1, false },
    { "10 packet_out actions_len 12", OFP10_VERSION,
      PO10("00 26", "ff fd", "00 0c") "00 00 00 08 ff fc ff ff " ETH_IP,
      "multiple of 8", -1, false },
    { "10 packet_out actions overrun", OFP10_VERSION,
      PO10("00 26", "ff fd", "00 30") "00 00 00 08 ff fc ff ff " ETH_IP,
      "overrun", -1, false },

    /* OpenFlow 1.3 FLOW_MOD. */
    { "13 add, empty match", OFP13_VERSION, FM13_ADD("00 38") MATCH_EMPTY,
      NULL, 0, false },
    { "13 add with Ryu's out_port 0, out_group 0", OFP13_VERSION,
      FM13("00 38", "00", "00", "00 00 00 00", "00 00 00 00", "00 00")
      MATCH_EMPTY, NULL, 0, false },
    { "13 in_port, eth_dst, apply output:2", OFP13_VERSION,
      FM13_ADD("00 60") "00 01 00 16 80 00 00 04 00 00 00 01 "
      "80 00 06 06 f2 0b a4 7d f8 ea 00 00 "
      APPLY("00 18") OUTPUT13("00 00 00 02"), NULL, 0, false },
    { "13 set_field eth_dst, goto 1", OFP13_VERSION,
      FM13_ADD("00 58") MATCH_EMPTY APPLY("00 18")
      "00 19 00 10 80 00 06 06 01 02 03 04 05 06 00 00 "
      "00 01 00 08 01 00 00 00", NULL, 0, false },
    { "13 delete all tables, ANY", OFP13_VERSION,
      FM13("00 38", "ff", "03", "ff ff ff ff", "ff ff ff ff", "00 00")
      MATCH_EMPTY, NULL, 3, false },
    { "13 add to OFPTT_ALL", OFP13_VERSION,
      FM13("00 38", "ff", "00", "ff ff ff ff", "ff ff ff ff", "00 00")
      MATCH_EMPTY, "OFPTT_ALL", -1, false },
    { "13 delete out_port 0xffffff10", OFP13_VERSION,
      FM13("00 38", "00", "03", "ff ff ff 10", "ff ff ff ff", "00 00")
      MATCH_EMPTY, "out_port", -1, false },
    { "13 delete out_group 0xffffff10", OFP13_VERSION,
      FM13("00 38", "00", "03", "ff ff ff ff", "ff ff ff 10", "00 00")
      MATCH_EMPTY, "out_group", -1, false },
    { "13 command 5", OFP13_VERSION,
      FM13("00 38", "00", "05", "ff ff ff ff", "ff ff ff ff", "00 00")
      MATCH_EMPTY, "command", -1, false },
    { "13 flags 0x40", OFP13_VERSION,
      FM13("00 38", "00", "00", "ff ff ff ff", "ff ff ff ff", "00 40")
      MATCH_EMPTY, "flags", -1, false },
    { "13 match type STANDARD", OFP13_VERSION,
      FM13_ADD("00 38") "00 00 00 04 00 00 00 00", "not OXM", -1, false },
    { "13 match length 3", OFP13_VERSION,
      FM13_ADD("00 38") "00 01 00 03 00 00 00 00", "below 4", -1, false },
    { "13 OXM overruns the match", OFP13_VERSION,
      FM13_ADD("00 40") "00 01 00 0c 80 00 06 0c 00 00 00 00 " Z4,
      "overruns its match", -1, false },
    { "13 eth_dst of 5 bytes", OFP13_VERSION,
      FM13_ADD("00 40") "00 01 00 0d 80 00 06 05 01 02 03 04 05 00 00 00",
      "length wrong", -1, false },
    { "13 masked in_port", OFP13_VERSION,
      FM13_ADD("00 40") "00 01 00 10 80 00 01 08 00 00 00 01 ff ff ff ff",
      "mask", -1, false },
    { "13 in_port twice", OFP13_VERSION,
      FM13_ADD("00 48") "00 01 00 14 80 00 00 04 00 00 00 01 "
      "80 00 00 04 00 00 00 02 00 00 00 00", "repeated", -1, false },
    { "13 basic field 40", OFP13_VERSION,
      FM13_ADD("00 40") "00 01 00 0c 80 00 50 04 00 00 00 00 " Z4,
      "unknown OXM", -1, false },
    { "13 vlan_pcp 8", OFP13_VERSION,
      FM13_ADD("00 40") "00 01 00 09 80 00 0e 01 08 00 00 00 " Z4,
      "3-bit", -1, false },
    { "13 in_port 0xffffff10", OFP13_VERSION,
      FM13_ADD("00 40") "00 01 00 0c 80 00 00 04 ff ff ff 10 " Z4,
      "in_port", -1, false },
    { "13 match padding missing", OFP13_VERSION,
      FM13_ADD("00 3c") "00 01 00 0c 80 00 00 04 00 00 00 01",
      "overruns the message", -1, false },
    { "13 instruction length 12", OFP13_VERSION,
      FM13_ADD("00 44") MATCH_EMPTY "00 04 00 0c 00 00 00 00 00 00 00 00",
      "multiple of 8", -1, false },
    { "13 instruction type 9", OFP13_VERSION,
      FM13_ADD("00 40") MATCH_EMPTY "00 09 00 08 00 00 00 00",
      "unknown instruction", -1, false },
    { "13 goto_table 0 from table 0", OFP13_VERSION,
      FM13_ADD("00 40") MATCH_EMPTY "00 01 00 08 00 00 00 00",
      "later table", -1, false },
    { "13 apply_actions twice", OFP13_VERSION,
      FM13_ADD("00 48") MATCH_EMPTY APPLY("00 08") APPLY("00 08"),
      "repeated", -1, false },
    { "13 output:ANY", OFP13_VERSION,
      FM13_ADD("00 50") MATCH_EMPTY APPLY("00 18")
      OUTPUT13("ff ff ff ff"), "invalid port", -1, false },
    { "13 masked set_field", OFP13_VERSION,
      FM13_ADD("00 58") MATCH_EMPTY APPLY("00 20")
      "00 19 00 18 80 00 07 0c 01 02 03 04 05 06 ff ff ff ff ff ff " Z4,
      "mask", -1, false },
    { "13 set_field padded to 24", OFP13_VERSION,
      FM13_ADD("00 58") MATCH_EMPTY APPLY("00 20")
      "00 19 00 18 80 00 06 06 01 02 03 04 05 06 00 00 " Z8,
      "wrong for its type", -1, false },
    { "13 push_vlan 0x0800 (ethertypes are not checked)", OFP13_VERSION,
      FM13_ADD("00 48") MATCH_EMPTY APPLY("00 10") "00 11 00 08 08 00 00 00",
      NULL, 0, false },
    { "13 action type 99", OFP13_VERSION,
      FM13_ADD("00 48") MATCH_EMPTY APPLY("00 10") "00 63 00 08 00 00 00 00",
      "unknown", -1, false },

    /* OpenFlow 1.3 PACKET_OUT. */
    { "13 packet_out ALL", OFP13_VERSION,
      PO13("00 36", "ff ff ff fd", "00 10") OUTPUT13("ff ff ff fc") ETH_IP,
      NULL, -1, false },
    { "13 packet_out in_port ANY, VLAN LLDP", OFP13_VERSION,
      PO13("00 3a", "ff ff ff ff", "00 10") OUTPUT13("00 00 00 01")
      ETH_VLAN_LLDP, NULL, -1, true },
    { "13 packet_out TABLE", OFP13_VERSION,
      PO13("00 36", "00 00 00 01", "00 10") OUTPUT13("ff ff ff f9") ETH_IP,
      NULL, -1, false },
    { "13 packet_out in_port 0", OFP13_VERSION,
      PO13("00 36", "00 00 00 00", "00 10") OUTPUT13("ff ff ff fc") ETH_IP,
      "in_port", -1, false },
    { "13 packet_out actions_len 12", OFP13_VERSION,
      PO13("00 36", "ff ff ff fd", "00 0c") OUTPUT13("ff ff ff fc") ETH_IP,
      "multiple of 8", -1, false },
};

static void
test_hand_cases(void)
{
    for (size_t i = 0; i < N_ELEMS(hand_cases); i++) {
        const struct hand_case *c = &hand_cases[i];
        size_t n;
        uint8_t *m = parse_hex(c->hex, &n);

        /* The vectors themselves must be consistent. */
        if (ofm_get16(m + 2) != n) {
            fprintf(stderr, "\n%s: header length %u, vector %zu bytes\n",
                    c->name, ofm_get16(m + 2), n);
        }
        CU_ASSERT_EQUAL(m[0], c->version);
        if (ofm_get16(m + 2) != n) {
            CU_FAIL("vector length");
            free(m);
            continue;
        }

        uint16_t command = 0xffff;
        bool lldp = !c->lldp;
        const char *err = check(m, n, c->version, &command, &lldp);
        bool ok = (c->error
                   ? err && strstr(err, c->error)
                   : !err);
        if (!ok) {
            fprintf(stderr, "\n%s: got %s, expected %s\n", c->name,
                    err ? err : "well-formed",
                    c->error ? c->error : "well-formed");
        }
        CU_ASSERT(ok);
        if (!c->error && c->command >= 0) {
            CU_ASSERT_EQUAL(command, c->command);
        }
        if (!c->error && m[1] == OFPT10_PACKET_OUT) {
            CU_ASSERT_EQUAL(lldp, c->lldp);
        }
        free(m);
    }
}

int
main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        return 1;
    }
    CU_pSuite suite = CU_add_suite("ofbench-check", NULL, NULL);
    if (!suite
        || !CU_add_test(suite, "corpus messages are well-formed",
                        test_corpus_well_formed)
        || !CU_add_test(suite, "corpus messages cut at every length",
                        test_corpus_truncated)
        || !CU_add_test(suite, "hand-made good and bad messages",
                        test_hand_cases)) {
        CU_cleanup_registry();
        return 1;
    }
    if (!corpus_dir()) {
        CU_cleanup_registry();
        return 1;
    }
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned failures = CU_get_number_of_failures();
    CU_cleanup_registry();
    return failures != 0;
}
