/* test-ofp-json.c: tests of the OpenFlow 1.0/1.3 <-> JSON codec
 * (ofm/json.h).
 *
 *   corpus      every message of $OFM_CORPUS_DIR/of10, of12 to of15: decoding
 *               the .packet gives JSON equal to Ryu's .packet.json, and
 *               encoding the .packet.json gives the .packet bytes.
 *   truncation  every corpus message cut at every byte offset is rejected
 *               (header intact); cut with its header length adjusted, it
 *               decodes cleanly or is rejected cleanly, never read past.
 *   malformed   hand-made bad messages: zero-length and misaligned
 *               elements, length overflows... each rejected with the right
 *               error code at the right offset.
 *   roundtrip   unknown and experimenter elements survive decode/encode.
 *   json        the JSON text helpers (64-bit unsigned integers) and the
 *               encoder's error messages.
 *   text        the one-line text form.
 *
 * Every test buffer is allocated at its exact size so that AddressSanitizer
 * catches any read past the end. */
#include <CUnit/Basic.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ofm/err.h"
#include "ofm/json.h"
#include "ofm/ofp.h"
#include "test-util.h"


static const char *corpus_dir;

/* Bytes of a file or a hex string, in an exact-size heap block. */
struct bytes {
    uint8_t *data;
    size_t size;
};

/* Reads file 'path' into 'b'; false (after saying why) on failure. */
static bool
read_file(const char *path, struct bytes *b)
{
    b->data = tu_read_file(path, &b->size);
    return b->data != NULL;
}

/* Parses hex digits, ignoring spaces, into an exact-size block. */
static struct bytes
hex(const char *s)
{
    size_t max = strlen(s) / 2 + 1;
    uint8_t *tmp = malloc(max);
    struct bytes b = { NULL, tu_unhex(s, tmp, max) };
    b.data = malloc(b.size ? b.size : 1);
    memcpy(b.data, tmp, b.size);
    free(tmp);
    return b;
}

/* The .packet files of a corpus subdirectory, sorted. */
struct file_list {
    char **names;
    size_t n;
};

static int
cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *) a, *(char *const *) b);
}

static struct file_list
list_packets(const char *subdir)
{
    struct file_list l = { NULL, 0 };
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", corpus_dir, subdir);
    DIR *dir = opendir(path);
    if (!dir) {
        return l;
    }
    struct dirent *de;
    while ((de = readdir(dir))) {
        size_t len = strlen(de->d_name);
        if (len > 7 && !strcmp(de->d_name + len - 7, ".packet")) {
            l.names = realloc(l.names, (l.n + 1) * sizeof *l.names);
            l.names[l.n] = malloc(strlen(path) + len + 2);
            sprintf(l.names[l.n], "%s/%s", path, de->d_name);
            l.n++;
        }
    }
    closedir(dir);
    qsort(l.names, l.n, sizeof *l.names, cmp_names);
    return l;
}

static void
free_list(struct file_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->names[i]);
    }
    free(l->names);
}

static json_t *
load_json_file(const char *path)
{
    struct bytes b;
    if (!read_file(path, &b)) {
        return NULL;
    }
    char err[256];
    json_t *j = ofm_json_loads((const char *) b.data, b.size, err, sizeof err);
    if (!j) {
        fprintf(stderr, "%s: %s\n", path, err);
    }
    free(b.data);
    return j;
}

/*
 * Corpus.
 */

/* Checks every message of 'subdir' in one direction; returns the number of
 * files that passed. */
static size_t
check_corpus(const char *subdir, uint8_t version, bool decode)
{
    struct file_list l = list_packets(subdir);
    size_t passed = 0;
    CU_ASSERT_FATAL(l.n > 0);
    for (size_t i = 0; i < l.n; i++) {
        struct bytes pkt;
        char json_path[1100];
        snprintf(json_path, sizeof json_path, "%s.json", l.names[i]);
        CU_ASSERT_FATAL(read_file(l.names[i], &pkt));
        json_t *want = load_json_file(json_path);
        CU_ASSERT_PTR_NOT_NULL_FATAL(want);
        CU_ASSERT_EQUAL(pkt.data[0], version);

        char err[512];
        bool ok;
        if (decode) {
            json_t *got;
            ofm_ofp_to_json(pkt.data, pkt.size, &got, NULL, err, sizeof err);
            ok = got && json_equal(got, want);
            if (!ok) {
                char *s = got ? ofm_json_dumps(got, JSON_SORT_KEYS) : NULL;
                fprintf(stderr, "\n%s: decoding: %s\n", l.names[i],
                        got ? s : err);
                free(s);
            }
            json_decref(got);
        } else {
            struct ofm_buf out;
            ofm_buf_init(&out);
            int error = ofm_ofp_from_json(want, version, 0, &out, err,
                                          sizeof err);
            ok = (!error && out.size == pkt.size
                  && !memcmp(out.data, pkt.data, pkt.size));
            if (!ok) {
                fprintf(stderr, "\n%s: encoding: %s\n", l.names[i],
                        error ? err : "different bytes");
            }
            ofm_buf_uninit(&out);
        }
        CU_ASSERT(ok);
        passed += ok;
        json_decref(want);
        free(pkt.data);
    }
    printf("\n    %s %s: %zu of %zu files pass\n    ", subdir,
           decode ? "decode" : "encode", passed, l.n);
    CU_ASSERT_EQUAL(passed, l.n);
    free_list(&l);
    return passed;
}

static void
test_corpus_decode_of10(void)
{
    check_corpus("of10", OFP10_VERSION, true);
}

static void
test_corpus_encode_of10(void)
{
    check_corpus("of10", OFP10_VERSION, false);
}

static void
test_corpus_decode_of12(void)
{
    check_corpus("of12", OFP12_VERSION, true);
}

static void
test_corpus_encode_of12(void)
{
    check_corpus("of12", OFP12_VERSION, false);
}

static void
test_corpus_decode_of14(void)
{
    check_corpus("of14", OFP14_VERSION, true);
}

static void
test_corpus_encode_of14(void)
{
    check_corpus("of14", OFP14_VERSION, false);
}

static void
test_corpus_decode_of15(void)
{
    check_corpus("of15", OFP15_VERSION, true);
}

static void
test_corpus_encode_of15(void)
{
    check_corpus("of15", OFP15_VERSION, false);
}

static void
test_corpus_decode_of13(void)
{
    check_corpus("of13", OFP13_VERSION, true);
}

static void
test_corpus_encode_of13(void)
{
    check_corpus("of13", OFP13_VERSION, false);
}

/*
 * Truncation.
 */

/* Decodes the first 'cut' bytes of 'msg', in an exact-size block, with the
 * header length left as is or set to 'cut'. */
static int
decode_cut(const struct bytes *msg, size_t cut, bool fix_len, size_t *off,
           char *err, size_t err_size, json_t **jp)
{
    uint8_t *p = malloc(cut ? cut : 1);
    memcpy(p, msg->data, cut);
    if (fix_len && cut >= 4) {
        p[2] = (uint8_t) (cut >> 8);
        p[3] = (uint8_t) cut;
    }
    int error = ofm_ofp_to_json(p, cut, jp, off, err, err_size);
    free(p);
    return error;
}

static void
check_truncations(const char *subdir, size_t *n_rejected, size_t *n_valid)
{
    struct file_list l = list_packets(subdir);
    CU_ASSERT_FATAL(l.n > 0);
    for (size_t i = 0; i < l.n; i++) {
        struct bytes pkt;
        CU_ASSERT_FATAL(read_file(l.names[i], &pkt));
        for (size_t cut = 0; cut < pkt.size; cut++) {
            char err[256];
            size_t off;
            json_t *j;

            /* Header intact: always rejected, as a bad length. */
            int error = decode_cut(&pkt, cut, false, &off, err, sizeof err,
                                   &j);
            CU_ASSERT_EQUAL(error, OFM_ERR_BAD_LEN);
            CU_ASSERT_PTR_NULL(j);
            CU_ASSERT(off <= cut);
            CU_ASSERT_NSTRING_EQUAL(err, "offset ", 7);

            /* Header length adjusted: inner decoders see the cut.  Large
             * messages are cut at every offset of their first KiB and every
             * 17th offset beyond, to keep the test quick. */
            if (pkt.size > 4096 && cut > 1024 && cut % 17) {
                continue;
            }
            error = decode_cut(&pkt, cut, true, &off, err, sizeof err, &j);
            if (error) {
                CU_ASSERT_PTR_NULL(j);
                CU_ASSERT(off <= cut);
                CU_ASSERT_NSTRING_EQUAL(err, "offset ", 7);
                (*n_rejected)++;
            } else {
                /* A valid shorter message: it must encode back. */
                struct ofm_buf out;
                ofm_buf_init(&out);
                CU_ASSERT_EQUAL(ofm_ofp_from_json(j, pkt.data[0], 0, &out,
                                                  err, sizeof err), 0);
                json_decref(j);
                ofm_buf_uninit(&out);
                (*n_valid)++;
            }
        }
        free(pkt.data);
    }
    free_list(&l);
}

static void
test_truncation(void)
{
    size_t rejected = 0, valid = 0;
    check_truncations("of10", &rejected, &valid);
    check_truncations("of12", &rejected, &valid);
    check_truncations("of13", &rejected, &valid);
    check_truncations("of14", &rejected, &valid);
    check_truncations("of15", &rejected, &valid);
    printf("\n    with adjusted header length: %zu cuts rejected, %zu cuts "
           "valid messages\n    ", rejected, valid);
    CU_ASSERT(rejected > 0);
}

/*
 * Malformed messages.
 */

/* 1.3 flow mod up to its match (48 bytes; length 0x0040 unless noted). */
#define FM13(LEN) "04 0e " LEN " 00000000" \
    " 0000000000000000 0000000000000000 01 00 0000 0000 8000 ffffffff" \
    " ffffffff ffffffff 0000 0000"
#define EMPTY_MATCH " 0001 0004 00000000"
/* 1.3 table features reply with one 72-byte table up to its properties. */
#define TF13 "04 13 0058 00000000 000c 0000 00000000" \
    " 0048 00 0000000000" \
    " 00000000000000000000000000000000 00000000000000000000000000000000" \
    " ffffffffffffffff ffffffffffffffff 00000000 00000100"

static const struct malformed {
    const char *name;
    const char *hex;
    int error;
    size_t offset;
} malformed[] = {
    { "shorter than a header", "04 00 00", OFM_ERR_BAD_LEN, 0 },
    { "header length mismatch", "04 00 0010 00000000", OFM_ERR_BAD_LEN, 2 },
    { "bad version", "02 00 0008 00000000", OFM_ERR_BAD_VERSION, 0 },
    { "unknown 1.3 type", "04 1e 0008 00000000", OFM_ERR_BAD_TYPE, 1 },
    { "unknown 1.0 type", "01 16 0008 00000000", OFM_ERR_BAD_TYPE, 1 },
    { "unknown multipart type",
      "04 12 0010 00000000 0020 0000 00000000", OFM_ERR_BAD_STAT, 8 },
    { "multipart request with trailing bytes",
      "04 12 0014 00000000 0000 0000 00000000 01020304", OFM_ERR_BAD_LEN,
      16 },
    { "barrier with a body", "04 14 000c 00000000 00000000",
      OFM_ERR_BAD_LEN, 8 },
    { "error message without code", "04 01 000a 00000000 0001",
      OFM_ERR_BAD_LEN, 8 },
    { "1.4 bundle adds nested three deep",
      "05 22 0038 00000000 00000001 0000 0000"
      " 05 22 0028 00000000 00000001 0000 0000"
      " 05 22 0018 00000000 00000001 0000 0000 05 02 0008 00000000",
      OFM_ERR_BAD_LEN, 48 },
    { "1.4 embedded message of another version",
      "05 20 0010 00000000 04 02 0008 00000000", OFM_ERR_BAD_VERSION, 8 },
    { "1.4 embedded message longer than its container",
      "05 20 0010 00000000 05 02 0009 00000000", OFM_ERR_BAD_LEN, 10 },
    { "1.5 OXS stats length past the message",
      "06 0b 0034 00000000 01 00 0001 00ff 00ff 1122334455667788"
      " 0001 000c 80000004 00000001 00000000 0000 0040 80020604 00000001",
      OFM_ERR_BAD_LEN, 42 },
    { "1.4 flow update of unknown event",
      "05 13 0018 00000000 0010 0000 00000000 0008 0009 00000000",
      OFM_ERR_BAD_LEN, 18 },

    /* OXM and matches. */
    { "zero-length OXM", FM13("0038") " 0001 0008 80000000",
      OFM_ERR_BAD_MATCH_LEN, 52 },
    { "OXM length past the match", FM13("0038") " 0001 0008 80000004",
      OFM_ERR_BAD_MATCH_LEN, 52 },
    { "known OXM field of wrong length",
      FM13("0040") " 0001 000a 80000002 0001 000000000000",
      OFM_ERR_BAD_MATCH_LEN, 52 },
    { "experimenter OXM without value",
      FM13("0040") " 0001 000c ffff0004 00001234 00000000",
      OFM_ERR_BAD_MATCH_LEN, 52 },
    { "odd masked unknown OXM",
      FM13("0040") " 0001 000b 80007903 010203 0000000000",
      OFM_ERR_BAD_MATCH_LEN, 52 },
    { "match length past the message", FM13("0038") " 0001 0100 00000000",
      OFM_ERR_BAD_MATCH_LEN, 48 },
    { "match length shorter than its header",
      FM13("0038") " 0001 0002 00000000", OFM_ERR_BAD_MATCH_LEN, 48 },
    { "match type not OXM", FM13("0038") " 0000 0004 00000000",
      OFM_ERR_BAD_MATCH_TYPE, 48 },

    /* Instructions. */
    { "zero-length instruction",
      FM13("0040") EMPTY_MATCH " 0004 0000 00000000",
      OFM_ERR_BAD_INSTRUCTION_LEN, 56 },
    { "misaligned instruction",
      FM13("0048") EMPTY_MATCH " 0004 000c 00000000 00000000 00000000",
      OFM_ERR_BAD_INSTRUCTION_LEN, 56 },
    { "instruction length past the message",
      FM13("0040") EMPTY_MATCH " 0004 0040 00000000",
      OFM_ERR_BAD_INSTRUCTION_LEN, 56 },
    { "unknown instruction type",
      FM13("0040") EMPTY_MATCH " 0007 0008 00000000",
      OFM_ERR_BAD_INSTRUCTION, 56 },
    { "goto-table instruction too long",
      FM13("0048") EMPTY_MATCH " 0001 0010 01000000 00000000 00000000",
      OFM_ERR_BAD_INSTRUCTION_LEN, 64 },

    /* Actions. */
    { "zero-length action in an instruction",
      FM13("0048") EMPTY_MATCH " 0004 0010 00000000 0000 0000 00000000",
      OFM_ERR_BAD_ACTION_LEN, 64 },
    { "zero-length action in a packet-out",
      "04 0d 0020 00000000 ffffffff fffffffd 0008 000000000000"
      " 0000 0000 00000000", OFM_ERR_BAD_ACTION_LEN, 24 },
    { "packet-out actions_len past the message",
      "04 0d 0018 00000000 ffffffff fffffffd 0100 000000000000",
      OFM_ERR_BAD_ACTION_LEN, 24 },
    { "misaligned action",
      "04 0d 0024 00000000 ffffffff fffffffd 000c 000000000000"
      " 0000 000c ffffffff ffff0000", OFM_ERR_BAD_ACTION_LEN, 24 },
    { "action length past the list",
      "04 0d 0028 00000000 ffffffff fffffffd 0010 000000000000"
      " 0000 0018 ffffffff ffff 000000000000",
      OFM_ERR_BAD_ACTION_LEN, 24 },
    { "unknown 1.3 action type",
      "04 0d 0020 00000000 ffffffff fffffffd 0008 000000000000"
      " 0005 0008 00000000", OFM_ERR_BAD_ACTION_TYPE, 24 },
    { "zero-length OXM in a set-field action",
      "04 0d 0020 00000000 ffffffff fffffffd 0008 000000000000"
      " 0019 0008 80000000", OFM_ERR_BAD_MATCH_LEN, 28 },
    { "zero-length action in a 1.0 flow mod",
      "01 0e 0050 00000000"
      " 003fffff 0000 000000000000 000000000000 0000 00 00 0000 00 00 0000"
      " 00000000 00000000 0000 0000"
      " 0000000000000000 0000 0000 0000 8000 ffffffff ffff 0000"
      " 0000 0000 00000000", OFM_ERR_BAD_ACTION_LEN, 72 },

    /* Nicira actions' variable parts. */
    { "Nicira learn spec with reserved header bits",
      "04 0d 0040 00000000 ffffffff fffffffd 0028 000000000000"
      " ffff 0028 00002320 0010 0000 0000 8000 0000000000000000 0000 01 00"
      " 0000 0000 c00c 000000000000", OFM_ERR_BAD_ACTION_LEN, 56 },
    { "Nicira learn immediate wider than 64 bits",
      "04 0d 0050 00000000 ffffffff fffffffd 0038 000000000000"
      " ffff 0038 00002320 0010 0000 0000 8000 0000000000000000 0000 01 00"
      " 0000 0000 2850 01000000000000000000 00010004 0000 000000000000",
      OFM_ERR_BAD_ACTION_LEN, 58 },
    { "Nicira controller2 with an unknown property",
      "04 0d 0030 00000000 ffffffff fffffffd 0018 000000000000"
      " ffff 0018 00002320 0025 000000000000 0009 0004 00000000",
      OFM_ERR_BAD_ACTION_LEN, 40 },
    { "Nicira bundle with more members than room",
      "04 0d 0038 00000000 ffffffff fffffffd 0020 000000000000"
      " ffff 0020 00002320 000c 0000 0000 0000 00000002 0005 0000 00000000"
      " 00000000", OFM_ERR_BAD_ACTION_LEN, 56 },
    /* Properties, elements, entries. */
    { "zero-length table feature property",
      TF13 " 0000 0000 00000000", OFM_ERR_BAD_LEN, 80 },
    { "table feature property past the message",
      TF13 " 0000 0010 00000000", OFM_ERR_BAD_LEN, 80 },
    { "zero-length action id",
      TF13 " 0004 0008 0000 0000", OFM_ERR_BAD_LEN, 84 },
    { "table features length past the message",
      "04 13 0058 00000000 000c 0000 00000000 0100 00 0000000000"
      " 00000000000000000000000000000000 00000000000000000000000000000000"
      " ffffffffffffffff ffffffffffffffff 00000000 00000100"
      " 0000 0008 00000000", OFM_ERR_BAD_LEN, 16 },
    { "zero-length queue",
      "04 17 0020 00000000 ffffffff 00000000"
      " 00000001 00000001 0000 000000000000", OFM_ERR_BAD_LEN, 16 },
    { "zero-length queue property",
      "04 17 0028 00000000 ffffffff 00000000"
      " 00000001 00000001 0018 000000000000 0001 0000 00000000",
      OFM_ERR_BAD_LEN, 32 },
    { "zero-length bucket",
      "04 0f 0020 00000000 0000 00 00 00000001"
      " 0000 0000 00000000 00000000 00000000", OFM_ERR_BAD_LEN, 16 },
    { "zero-length meter band",
      "04 1d 0020 00000000 0000 0001 00000001"
      " 0001 0000 00000000 00000000 00000000", OFM_ERR_BAD_LEN, 16 },
    { "zero-length hello element", "04 00 0010 00000000 0001 0000 00000000",
      OFM_ERR_BAD_LEN, 8 },
    { "partial version bitmap word",
      "04 00 0018 00000000 0001 000a 00000012 0000 000000000000",
      OFM_ERR_BAD_LEN, 12 },
    { "zero-length flow stats",
      "04 13 0048 00000000 0001 0000 00000000"
      " 0000 0000000000000000000000000000000000000000000000000000"
      "00000000000000000000000000000000000000000000000000000000",
      OFM_ERR_BAD_LEN, 16 },
    { "1.0 features with a partial port",
      "01 06 0028 00000000 0000000000000001 00000000 01 000000 00000000"
      " 00000000 0001 02030405 0607", OFM_ERR_BAD_LEN, 32 },
    { "1.0 features with a port twice",
      "01 06 0080 00000000 0000000000000001 00000000 01 000000 00000000"
      " 00000000"
      " 0001 000000000001 00000000000000000000000000000000"
      " 00000000 00000000 00000000 00000000 00000000 00000000"
      " 0001 000000000002 00000000000000000000000000000000"
      " 00000000 00000000 00000000 00000000 00000000 00000000",
      OFM_ERR_BAD_PORT, 80 },
    { "port name not UTF-8",
      "04 0c 0050 00000000 00 00000000000000"
      " 00000001 00000000 000000000001 0000 ff000000000000000000000000000000"
      " 00000000 00000000 00000000 00000000 00000000 00000000 00000000"
      " 00000000", OFM_ERR_BAD_PACKET, 32 },
    { "ONF flow monitor match_len past the message",
      "04 12 0028 00000000 ffff 0000 00000000 4f4e4600 0000074e"
      " 00000001 0000 0040 ffffffff ff 000000", OFM_ERR_BAD_MATCH_LEN, 40 },
};

static void
test_malformed(void)
{
    for (size_t i = 0; i < sizeof malformed / sizeof *malformed; i++) {
        const struct malformed *m = &malformed[i];
        struct bytes b = hex(m->hex);
        char err[256];
        size_t off = SIZE_MAX;
        json_t *j;
        int error = ofm_ofp_to_json(b.data, b.size, &j, &off, err,
                                        sizeof err);
        char want[32];
        snprintf(want, sizeof want, "offset %zu: ", m->offset);
        if (error != m->error || off != m->offset
            || strncmp(err, want, strlen(want))) {
            fprintf(stderr, "\n%s: got error %d at %zu (%s), want %d at "
                    "%zu\n", m->name, error, off, error ? err : "-",
                    m->error, m->offset);
        }
        CU_ASSERT_EQUAL(error, m->error);
        CU_ASSERT_EQUAL(off, m->offset);
        CU_ASSERT_PTR_NULL(j);
        CU_ASSERT_NSTRING_EQUAL(err, want, strlen(want));
        json_decref(j);
        free(b.data);
    }
}

/* The error codes the decoder returns map to the OpenFlow 1.3 errors the
 * specification names (type, code). */
static void
test_error_mapping(void)
{
    static const struct {
        int error;
        uint16_t type, code;
    } map[] = {
        { OFM_ERR_BAD_VERSION, OFPET_BAD_REQUEST, 0 },
        { OFM_ERR_BAD_TYPE, OFPET_BAD_REQUEST, 1 },
        { OFM_ERR_BAD_STAT, OFPET_BAD_REQUEST, 2 },
        { OFM_ERR_BAD_LEN, OFPET_BAD_REQUEST, 6 },
        { OFM_ERR_BAD_PORT, OFPET_BAD_REQUEST, 11 },
        { OFM_ERR_BAD_PACKET, OFPET_BAD_REQUEST, 12 },
        { OFM_ERR_BAD_ACTION_TYPE, OFPET_BAD_ACTION, 0 },
        { OFM_ERR_BAD_ACTION_LEN, OFPET_BAD_ACTION, 1 },
        { OFM_ERR_BAD_INSTRUCTION, OFPET_BAD_INSTRUCTION, 0 },
        { OFM_ERR_BAD_INSTRUCTION_LEN, OFPET_BAD_INSTRUCTION, 7 },
        { OFM_ERR_BAD_MATCH_TYPE, OFPET_BAD_MATCH, 0 },
        { OFM_ERR_BAD_MATCH_LEN, OFPET_BAD_MATCH, 1 },
    };
    for (size_t i = 0; i < sizeof map / sizeof *map; i++) {
        uint16_t type = 0xffff, code = 0xffff;
        CU_ASSERT(ofm_err_to_ofp(map[i].error, &type, &code));
        CU_ASSERT_EQUAL(type, map[i].type);
        CU_ASSERT_EQUAL(code, map[i].code);
    }
}

/*
 * Unknown and experimenter elements survive a round trip.
 */

static const struct roundtrip {
    const char *name;
    const char *hex;
    const char *json_has;       /* A substring of the compact JSON. */
} roundtrips[] = {
    { "experimenter instruction",
      FM13("0048") EMPTY_MATCH " ffff 0010 00abcdef 0102030405060708",
      "{\"OFPInstructionExperimenterUnknown\":{\"type\":65535,\"len\":16,"
      "\"experimenter\":11259375,\"data\":\"AQIDBAUGBwg=\"}}" },
    { "unknown and experimenter OXM fields, masked field",
      FM13("0058") " 0001 0022 80007904 0102ff00 ffff0a06 00001234beef"
      " 80001708 0a000000 ffffff00 000000000000",
      "[{\"OXMTlv\":{\"field\":\"field_4194364\",\"mask\":\"/wA=\","
      "\"value\":\"AQI=\"}},{\"OXMTlv\":{\"field\":\"field_8388485\","
      "\"mask\":null,\"value\":\"AAASNL7v\"}},{\"OXMTlv\":{\"field\":"
      "\"ipv4_src\",\"mask\":\"255.255.255.0\",\"value\":\"10.0.0.0\"}}]" },
    { "Nicira and ONF named OXM fields",
      FM13("0058") " 0001 0022 00013e04 01020304 ffff5406 4f4e4600 0012"
      " 00010108 000000ff 0000ffff 000000000000",
      "\"field\":\"tun_ipv4_src\",\"mask\":null,\"value\":\"1.2.3.4\"" },
    { "unknown and experimenter table feature properties",
      "04 13 0068 00000000 000c 0000 00000000"
      " 0058 00 0000000000"
      " 7461626c65000000000000000000000000000000000000000000000000000000"
      " ffffffffffffffff ffffffffffffffff 00000000 00000100"
      " 0020 0007 010203 00 fffe 0010 00001234 00000001 0000beef",
      "{\"OFPTableFeaturePropUnknown\":{\"type\":32,\"length\":7,"
      "\"data\":\"AQID\"}}" },
    { "unknown queue property",
      "04 17 002c 00000000 ffffffff 00000000"
      " 00000001 00000002 001c 000000000000 0007 000c 00000000 01020304",
      "{\"OFPQueuePropUnknown\":{\"property\":7,\"len\":12,"
      "\"data\":\"AAAAAAECAwQ=\"}}" },
    { "experimenter meter band with data, unknown meter band",
      "04 1d 0038 00000000 0000 0001 00000001"
      " ffff 0018 00000064 0000000a 00001234 0102030405060708"
      " 0009 0010 00000001 00000002 aabbccdd",
      "\"experimenter\":4660,\"data\":\"AQIDBAUGBwg=\"" },
    { "hello with an unknown element and a two-word bitmap",
      "04 00 0020 00000000 0007 0006 0102 0000 0001 000c 00000010 00000002"
      " 00000000",
      "\"versions\":[4,33]" },
    { "1.0 vendor and Nicira actions",
      "01 0e 0068 00000000"
      " 003fffff 0000 000000000000 000000000000 0000 00 00 0000 00 00 0000"
      " 00000000 00000000 0000 0000"
      " 0000000000000000 0000 0000 0000 8000 ffffffff ffff 0000"
      " ffff 0010 00abcdef 0102030405060708"
      " ffff 0010 00002320 0001 0a0b0c0d0e0f",
      "{\"NXActionUnknown\":{\"vendor\":8992,\"subtype\":1,"
      "\"data\":\"CgsMDQ4P\"}}" },
    { "1.3 Nicira action in a packet-out",
      "04 0d 0028 00000000 ffffffff fffffffd 0010 000000000000"
      " ffff 0010 00002320 0023 010203040506",
      "\"experimenter\":8992,\"subtype\":35" },
    { "1.3 Nicira resubmit_table in a packet-out",
      "04 0d 0028 00000000 ffffffff fffffffd 0010 000000000000"
      " ffff 0010 00002320 000e fff8 03 000000",
      "{\"NXActionResubmitTable\":{\"type\":65535,\"len\":16,"
      "\"experimenter\":8992,\"subtype\":14,\"in_port\":65528,"
      "\"table_id\":3}}" },
    { "1.3 Nicira learn (match, load and output specs) in a packet-out",
      "04 0d 0078 00000000 ffffffff fffffffd 0060 000000000000"
      " ffff00600000232000100000000a800000000000000000000000010000000000"
      " 000c000008020000000008020000003000000406000000000206000028080005"
      " 0001020400000820000104040000000106040000101000000002000000000000",
      "{\"NXFlowSpecLoad\":{\"src\":5,\"dst\":[\"reg1\",0],"
      "\"n_bits\":8}},{\"NXFlowSpecLoad\":{\"src\":[\"reg2\",0]," },
    { "1.3 Nicira controller2, reg_load2, dec_ttl_cnt_ids in a packet-out",
      "04 0d 0098 00000000 ffffffff fffffffd 0080 000000000000"
      " ffff003800002320002500000000000000000008040000000001000800010000"
      " 0002000502000000000300070a0b0c000004000400000000ffff001800002320"
      " 002100013f08c0a80a00ffffff000000ffff0018000023200021000101080000"
      " 0001000000010000ffff00180000232000150003000000000001000200030000",
      "\"max_len\":1024,\"controller_id\":1,\"reason\":2,"
      "\"userdata\":[10,11,12],\"pause\":true}},{\"NXActionRegLoad2\":"
      "{\"type\":65535,\"len\":24,\"experimenter\":8992,\"subtype\":33,"
      "\"dst\":\"tun_ipv4_src\",\"value\":\"192.168.10.0\","
      "\"mask\":\"255.255.255.0\"}}" },
    { "1.5 packet-out with a match, copy-field and meter actions",
      "06 0d 0042 00000000 ffffffff 0020 0000"
      " 0001 000c 80000004 00000001 00000000"
      " 001c 0018 0030 0000 0000 0000 80000606 80000806 00000000"
      " 001d 0008 00000001 aabb",
      "\"OFPActionMeter\":{\"type\":29,\"len\":8,\"meter_id\":1}" },
    { "1.5 copy-field OXM ids",
      "06 0d 0042 00000000 ffffffff 0020 0000"
      " 0001 000c 80000004 00000001 00000000"
      " 001c 0018 0030 0000 0000 0000 80000606 80000806 00000000"
      " 001d 0008 00000001 aabb",
      "\"n_bits\":48,\"src_offset\":0,\"dst_offset\":0,\"oxm_ids\":[{"
      "\"OFPOxmId\":{\"type\":\"eth_dst\"" },
    { "1.5 flow stats with an OXS duration",
      "06 13 0030 00000000 0011 0000 00000000"
      " 0020 0000 01 00 0064 0001 0004 00000000"
      " 0000 0010 80020008 00000005 00000006",
      "{\"OXSTlv\":{\"field\":\"duration\",\"value\":[5,6]}}" },
    { "1.0 queue config",
      "01 15 0030 00000000 0001 000000000000"
      " 00000005 0020 0000 0000 0008 00000000 0001 0010 00000000 0064"
      " 000000000000", "\"OFPQueuePropMinRate\":{\"property\":1,\"len\":16,"
      "\"rate\":100}" },
    { "1.0 vendor stats reply",
      "01 11 0014 00000000 ffff 0000 00002320 00000001",
      "{\"OFPVendorStats\":{\"specific_data\":\"AAAjIAAAAAE=\"}}" },
};

static void
test_roundtrip(void)
{
    for (size_t i = 0; i < sizeof roundtrips / sizeof *roundtrips; i++) {
        const struct roundtrip *r = &roundtrips[i];
        struct bytes b = hex(r->hex);
        char err[512];
        json_t *j;
        ofm_ofp_to_json(b.data, b.size, &j, NULL, err, sizeof err);
        CU_ASSERT_PTR_NOT_NULL(j);
        if (!j) {
            fprintf(stderr, "\n%s: %s\n", r->name, err);
            free(b.data);
            continue;
        }
        char *s = ofm_json_dumps(j, JSON_COMPACT);
        if (!strstr(s, r->json_has)) {
            fprintf(stderr, "\n%s: %s lacks %s\n", r->name, s, r->json_has);
        }
        CU_ASSERT_PTR_NOT_NULL(strstr(s, r->json_has));
        free(s);

        struct ofm_buf out;
        ofm_buf_init(&out);
        int error = ofm_ofp_from_json(j, b.data[0], 0, &out, err, sizeof err);
        if (error) {
            fprintf(stderr, "\n%s: %s\n", r->name, err);
        }
        CU_ASSERT_EQUAL(error, 0);
        CU_ASSERT_EQUAL(out.size, b.size);
        CU_ASSERT(out.size == b.size && !memcmp(out.data, b.data, b.size));
        ofm_buf_uninit(&out);
        json_decref(j);
        free(b.data);
    }
}

/*
 * JSON text helpers and encoding errors.
 */

static void
test_json_big_integers(void)
{
    const char *text = "[18446744073709551615, 9223372036854775808, "
                       "9223372036854775807, \"18446744073709551615\", 0]";
    char err[256];
    json_t *j = ofm_json_loads(text, strlen(text), err, sizeof err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    CU_ASSERT_EQUAL(json_integer_value(json_array_get(j, 0)), -1);
    CU_ASSERT_EQUAL((uint64_t) json_integer_value(json_array_get(j, 1)),
                    UINT64_C(9223372036854775808));
    CU_ASSERT_EQUAL(json_integer_value(json_array_get(j, 2)), INT64_MAX);
    CU_ASSERT_STRING_EQUAL(json_string_value(json_array_get(j, 3)),
                           "18446744073709551615");
    char *s = ofm_json_dumps(j, JSON_COMPACT);
    CU_ASSERT_STRING_EQUAL(s, "[18446744073709551615,9223372036854775808,"
                           "9223372036854775807,\"18446744073709551615\",0]");
    free(s);
    json_decref(j);

    /* Beyond 64 bits is still an error, with a position. */
    text = "{\"a\": 18446744073709551616}";
    CU_ASSERT_PTR_NULL(ofm_json_loads(text, strlen(text), err, sizeof err));
    CU_ASSERT_NSTRING_EQUAL(err, "line 1 column", 13);
}

static int
count_values(json_t *value, void *aux)
{
    int *n = aux;
    (*n)++;
    return json_is_object(value) ? 0 : EINVAL;
}

static void
test_json_stream(void)
{
    const char *text = "{\"a\": 1}\n{\"b\": [2]}\n\n  {\"c\": {}}\n";
    char err[256];
    int n = 0;
    CU_ASSERT_EQUAL(ofm_json_load_stream(text, strlen(text), count_values,
                                         &n, err, sizeof err), 0);
    CU_ASSERT_EQUAL(n, 3);

    text = "{\"a\": 1}\n{\"b\": }\n";
    n = 0;
    CU_ASSERT_EQUAL(ofm_json_load_stream(text, strlen(text), count_values,
                                         &n, err, sizeof err), EINVAL);
    CU_ASSERT_EQUAL(n, 1);
    CU_ASSERT_NSTRING_EQUAL(err, "line 2 ", 7);
}

static const struct bad_json {
    const char *json;
    uint8_t version;
    const char *err;            /* Expected start of the error. */
} bad_jsons[] = {
    { "{\"OFPFoo\": {}}", OFP13_VERSION,
      "OFPFoo is not an OpenFlow 1.3 message" },
    { "{\"OFPHello\": {\"elemnts\": []}}", OFP13_VERSION,
      "OFPHello: unknown key 'elemnts'" },
    { "{\"OFPSetConfig\": {\"flags\": 70000}}", OFP13_VERSION,
      "OFPSetConfig: 'flags' is 70000, more than 16 bits" },
    { "{\"OFPEchoRequest\": {\"data\": \"abc\"}}", OFP13_VERSION,
      "OFPEchoRequest: 'data' is not valid base64" },
    { "{\"OFPFlowMod\": {\"match\": {\"OFPMatch\": {\"oxm_fields\": "
      "[{\"OXMTlv\": {\"field\": \"eth_dst\", \"value\": \"zz\"}}]}}}}",
      OFP13_VERSION, "OFPFlowMod.match.OFPMatch.oxm_fields[0].OXMTlv: "
      "'value' of eth_dst is not a MAC address" },
    { "{\"OFPFlowMod\": {\"match\": {\"OFPMatch\": {\"oxm_fields\": "
      "[{\"OXMTlv\": {\"field\": \"field_4194304\", \"value\": "
      "\"AAAAAQ==\"}}]}}}}", OFP13_VERSION,
      "OFPFlowMod.match.OFPMatch.oxm_fields[0].OXMTlv: field_4194304 is "
      "field in_port: use its name" },
    { "{\"OFPFlowMod\": {\"instructions\": [{\"OFPInstructionActions\": "
      "{\"type\": 6, \"actions\": []}}]}}", OFP13_VERSION,
      "OFPFlowMod.instructions[0]: instruction type 6 is "
      "OFPInstructionMeter, not OFPInstructionActions" },
    { "{\"OFPPacketOut\": {\"actions\": [{\"OFPActionFoo\": {}}]}}",
      OFP13_VERSION, "OFPPacketOut.actions[0]: unknown action class "
      "OFPActionFoo" },
    { "{\"OFPPortStatus\": {\"reason\": 0, \"desc\": {\"OFPPort\": "
      "{\"name\": \"abcdefghijklmnopq\"}}}}", OFP13_VERSION,
      "OFPPortStatus.desc.OFPPort: 'name' is 17 bytes long, more than 16" },
    { "{\"OFPPacketIn\": {\"total_len\": 1, \"data\": \"AAAA\"}}",
      OFP10_VERSION, "OFPPacketIn: 'data' (3 bytes) is longer than "
      "total_len (1)" },
    { "{\"OFPPacketOut\": {\"actions\": [{\"NXActionLearn\": {\"specs\": "
      "[{\"NXFlowSpecOutput\": {\"src\": [\"reg7\", 0], \"dst\": "
      "[\"reg1\", 0], \"n_bits\": 16}}]}}]}}", OFP13_VERSION,
      "OFPPacketOut.actions[0].NXActionLearn.specs[0].NXFlowSpecOutput: "
      "'dst' of NXFlowSpecOutput must be \"\"" },
    { "{\"OFPPacketOut\": {\"actions\": [{\"NXActionLearn\": {\"specs\": "
      "[{\"NXFlowSpecFoo\": {}}]}}]}}", OFP13_VERSION,
      "OFPPacketOut.actions[0].NXActionLearn.specs[0]: unknown flow spec "
      "class NXFlowSpecFoo" },
    { "{\"OFPPacketOut\": {\"actions\": [{\"NXActionController2\": "
      "{\"userdata\": [256]}}]}}", OFP13_VERSION,
      "OFPPacketOut.actions[0].NXActionController2: userdata[0] must be a "
      "byte" },
    { "[1, 2]", OFP13_VERSION, "expected an object" },
    { "{\"OFPPacketOut\": {\"data\": {\"Packet\": {\"protocols\": "
      "[{\"ipv4\": {\"src\": \"10.0.0.300\"}}]}}}}", OFP13_VERSION,
      "OFPPacketOut: 'data' is not a packet: $.Packet.protocols[0]" },
};

static void
test_encode_errors(void)
{
    for (size_t i = 0; i < sizeof bad_jsons / sizeof *bad_jsons; i++) {
        const struct bad_json *t = &bad_jsons[i];
        char err[512];
        json_t *j = ofm_json_loads(t->json, strlen(t->json), err, sizeof err);
        CU_ASSERT_PTR_NOT_NULL_FATAL(j);
        struct ofm_buf out;
        uint8_t stub[4] = { 1, 2, 3, 4 };
        ofm_buf_use_stub(&out, stub, sizeof stub);
        ofm_buf_put(&out, "ab", 2);
        int error = ofm_ofp_from_json(j, t->version, 0, &out, err,
                                      sizeof err);
        CU_ASSERT_EQUAL(error, EINVAL);
        if (strncmp(err, t->err, strlen(t->err))) {
            fprintf(stderr, "\ngot \"%s\"\nwant \"%s\"\n", err, t->err);
        }
        CU_ASSERT_NSTRING_EQUAL(err, t->err, strlen(t->err));
        CU_ASSERT_EQUAL(out.size, 2);  /* Left as it was. */
        ofm_buf_uninit(&out);
        json_decref(j);
    }
}

/* A packet-out's "data" may be a packet in the packet library's JSON: it
 * is serialized into the message, which then equals the message with the
 * frame given as base64.  The frame is an ARP request written out by hand
 * from RFC 826's layout, zero-padded to Ethernet's 60 bytes as Ryu's
 * ethernet class pads it. */
static void
test_packet_out_with_packet(void)
{
    static const char arp_b64[] =
        "////////AAAAAAABCAYAAQgABgQAAQAAAAAAAQoAAAEAAAAAAAAKAAACAAAAAAAAAAAAAAAAAAAAAAAA";
    static const char arp_json[] =
        "{\"Packet\": {\"protocols\": ["
        "{\"ethernet\": {\"dst\": \"ff:ff:ff:ff:ff:ff\", "
        "\"src\": \"00:00:00:00:00:01\", \"ethertype\": 2054}}, "
        "{\"arp\": {\"opcode\": 1, \"src_mac\": \"00:00:00:00:00:01\", "
        "\"src_ip\": \"10.0.0.1\", \"dst_mac\": \"00:00:00:00:00:00\", "
        "\"dst_ip\": \"10.0.0.2\"}}]}}";
    static const struct {
        uint8_t version;
        const char *actions;
    } cases[] = {
        { OFP10_VERSION, "[{\"OFPActionOutput\": {\"port\": 65531}}]" },
        { OFP13_VERSION, "[{\"OFPActionOutput\": {\"port\": 4294967291}}]" },
        { OFP15_VERSION, "[{\"OFPActionOutput\": {\"port\": 4294967291}}]" },
    };

    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char text[1024], err[512];
        const char *match = (cases[i].version == OFP15_VERSION
                             ? "\"match\": {\"OFPMatch\": {\"oxm_fields\": "
                               "[{\"OXMTlv\": {\"field\": \"in_port\", "
                               "\"value\": 4294967293}}]}}, "
                             : "");
        struct ofm_buf as_b64, as_pkt;
        ofm_buf_init(&as_b64);
        ofm_buf_init(&as_pkt);

        snprintf(text, sizeof text, "{\"OFPPacketOut\": {%s\"actions\": %s, "
                 "\"data\": \"%s\"}}", match, cases[i].actions, arp_b64);
        json_t *j = ofm_json_loads(text, strlen(text), err, sizeof err);
        CU_ASSERT_PTR_NOT_NULL_FATAL(j);
        CU_ASSERT_EQUAL(ofm_ofp_from_json(j, cases[i].version, 7, &as_b64,
                                          err, sizeof err), 0);
        json_decref(j);

        snprintf(text, sizeof text, "{\"OFPPacketOut\": {%s\"actions\": %s, "
                 "\"data\": %s}}", match, cases[i].actions, arp_json);
        j = ofm_json_loads(text, strlen(text), err, sizeof err);
        CU_ASSERT_PTR_NOT_NULL_FATAL(j);
        int error = ofm_ofp_from_json(j, cases[i].version, 7, &as_pkt, err,
                                      sizeof err);
        if (error) {
            fprintf(stderr, "\n%s\n", err);
        }
        CU_ASSERT_EQUAL(error, 0);
        json_decref(j);

        CU_ASSERT(as_b64.size > 60);
        CU_ASSERT_EQUAL(as_pkt.size, as_b64.size);
        CU_ASSERT(as_pkt.size == as_b64.size
                  && !memcmp(as_pkt.data, as_b64.data, as_b64.size));
        ofm_buf_uninit(&as_b64);
        ofm_buf_uninit(&as_pkt);
    }
}

/* Version 0: 1.3 when the JSON fits it, else 1.0; the xid is written. */
static void
test_encode_auto_version(void)
{
    const char *of10 = "{\"OFPFlowMod\": {\"match\": {\"OFPMatch\": "
                       "{\"wildcards\": 4194303}}, \"actions\": []}}";
    const char *of13 = "{\"OFPBarrierRequest\": {}}";
    char err[256];
    struct ofm_buf out;
    ofm_buf_init(&out);

    json_t *j = ofm_json_loads(of10, strlen(of10), err, sizeof err);
    CU_ASSERT_EQUAL(ofm_ofp_from_json(j, 0, 0x01020304, &out, err,
                                      sizeof err), 0);
    CU_ASSERT_EQUAL(out.size, 72);
    CU_ASSERT_EQUAL(out.data[0], OFP10_VERSION);
    CU_ASSERT_EQUAL(out.data[1], OFPT10_FLOW_MOD);
    CU_ASSERT_EQUAL(ofm_get32(out.data + 4), 0x01020304);
    json_decref(j);

    ofm_buf_clear(&out);
    j = ofm_json_loads(of13, strlen(of13), err, sizeof err);
    CU_ASSERT_EQUAL(ofm_ofp_from_json(j, 0, 7, &out, err, sizeof err), 0);
    CU_ASSERT_EQUAL(out.size, 8);
    CU_ASSERT_EQUAL(out.data[0], OFP13_VERSION);
    CU_ASSERT_EQUAL(out.data[1], OFPT13_BARRIER_REQUEST);
    CU_ASSERT_EQUAL(ofm_get16(out.data + 2), 8);
    json_decref(j);

    CU_ASSERT_EQUAL(ofm_ofp_from_json(j, 2, 7, &out, err, sizeof err),
                    EINVAL);
    ofm_buf_uninit(&out);
}

/*
 * Text form.
 */

static void
check_text(const char *hexmsg, const char *want)
{
    struct bytes b = hex(hexmsg);
    struct ofm_buf out;
    char err[256];
    ofm_buf_init(&out);
    CU_ASSERT_EQUAL(ofm_ofp_to_text(b.data, b.size, &out, err, sizeof err), 0);
    ofm_buf_put_u8(&out, 0);
    if (strcmp((char *) out.data, want)) {
        fprintf(stderr, "\ngot  %s\nwant %s\n", (char *) out.data, want);
    }
    CU_ASSERT_STRING_EQUAL((char *) out.data, want);
    ofm_buf_uninit(&out);
    free(b.data);
}

static void
test_text(void)
{
    check_text("04 14 0008 0000002a", "OFPBarrierRequest (OF1.3, xid=0x2a)");
    check_text(FM13("0058") " 0001 000c 80000004 00000006 00000000"
               " 0004 0018 00000000 0000 0010 fffffffb 0000 000000000000",
               "OFPFlowMod (OF1.3, xid=0x0): cookie=0x0 cookie_mask=0x0 "
               "table_id=1 command=0 idle_timeout=0 hard_timeout=0 "
               "priority=32768 buffer_id=4294967295 out_port=4294967295 "
               "out_group=4294967295 flags=0 match={in_port=6} "
               "instructions=[Actions(type=4 actions=[Output(port="
               "4294967291 max_len=0)])]");
    check_text("01 0a 0016 00000001 00000100 0004 0003 00 00 01020304",
               "OFPPacketIn (OF1.0, xid=0x1): buffer_id=256 total_len=4 "
               "in_port=3 reason=0 data=(4 bytes)");

    struct bytes bad = hex("04 14 0009 00000000 00");
    struct ofm_buf out;
    char err[256];
    ofm_buf_init(&out);
    CU_ASSERT_EQUAL(ofm_ofp_to_text(bad.data, bad.size, &out, err,
                                    sizeof err), OFM_ERR_BAD_LEN);
    CU_ASSERT_EQUAL(out.size, 0);
    CU_ASSERT_NSTRING_EQUAL(err, "offset 8: ", 10);
    ofm_buf_uninit(&out);
    free(bad.data);
}

int
main(void)
{
    corpus_dir = getenv("OFM_CORPUS_DIR");
    if (!corpus_dir || !*corpus_dir) {
        fprintf(stderr, "test-ofp-json: OFM_CORPUS_DIR is not set (it "
                "should name tests/corpus/openflow)\n");
        return 1;
    }
    DIR *dir = opendir(corpus_dir);
    if (!dir) {
        fprintf(stderr, "test-ofp-json: %s: %s\n", corpus_dir,
                strerror(errno));
        return 1;
    }
    closedir(dir);

    if (CU_initialize_registry() != CUE_SUCCESS) {
        return 1;
    }
    CU_pSuite s = CU_add_suite("corpus", NULL, NULL);
    CU_add_test(s, "1.0 decode equals Ryu's JSON", test_corpus_decode_of10);
    CU_add_test(s, "1.0 encode gives the bytes", test_corpus_encode_of10);
    CU_add_test(s, "1.3 decode equals Ryu's JSON", test_corpus_decode_of13);
    CU_add_test(s, "1.3 encode gives the bytes", test_corpus_encode_of13);
    CU_add_test(s, "1.2 decode equals Ryu's JSON", test_corpus_decode_of12);
    CU_add_test(s, "1.2 encode gives the bytes", test_corpus_encode_of12);
    CU_add_test(s, "1.4 decode equals Ryu's JSON", test_corpus_decode_of14);
    CU_add_test(s, "1.4 encode gives the bytes", test_corpus_encode_of14);
    CU_add_test(s, "1.5 decode equals Ryu's JSON", test_corpus_decode_of15);
    CU_add_test(s, "1.5 encode gives the bytes", test_corpus_encode_of15);
    s = CU_add_suite("bounds", NULL, NULL);
    CU_add_test(s, "every truncation", test_truncation);
    CU_add_test(s, "malformed messages", test_malformed);
    CU_add_test(s, "error mapping", test_error_mapping);
    s = CU_add_suite("roundtrip", NULL, NULL);
    CU_add_test(s, "unknown and experimenter elements", test_roundtrip);
    s = CU_add_suite("json", NULL, NULL);
    CU_add_test(s, "64-bit unsigned integers", test_json_big_integers);
    CU_add_test(s, "streams of values", test_json_stream);
    CU_add_test(s, "encoding errors", test_encode_errors);
    CU_add_test(s, "packet-out data given as a packet",
                test_packet_out_with_packet);
    CU_add_test(s, "version choice and xid", test_encode_auto_version);
    s = CU_add_suite("text", NULL, NULL);
    CU_add_test(s, "one-line form", test_text);

    return tu_run();
}
