/* fuzz-ofp-json.c: libFuzzer target for the JSON to OpenFlow encoder
 * (ofm/json.h).
 *
 * The input is JSON text.  When it parses and encodes as an OpenFlow 1.0,
 * 1.2, 1.3, 1.4 or 1.5 message B1, then B1 must decode (J2), J2 must encode to exactly B1
 * again, and the text form of B1 must work: the encoder never produces a
 * message its own decoder rejects.  Any violation aborts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ofm/json.h"
#include "ofm/ofp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fail(const char *what, const char *err)
{
    fprintf(stderr, "fuzz-ofp-json: %s: %s\n", what, err ? err : "");
    abort();
}

static void
check(const json_t *j, uint8_t version)
{
    char err[512];
    struct ofm_buf b1, b2, text;
    ofm_buf_init(&b1);
    ofm_buf_init(&b2);
    ofm_buf_init(&text);
    if (!ofm_ofp_from_json(j, version, 0x12345678, &b1, err, sizeof err)) {
        json_t *j2;
        ofm_ofp_to_json(b1.data, b1.size, &j2, NULL, err, sizeof err);
        if (!j2) {
            fail("encoded message does not decode", err);
        }
        if (ofm_ofp_from_json(j2, version, 0x12345678, &b2, err,
                              sizeof err)) {
            fail("decoded message does not encode", err);
        }
        if (b1.size != b2.size || memcmp(b1.data, b2.data, b1.size)) {
            fail("decode/encode changed the message", "");
        }
        if (ofm_ofp_to_text(b1.data, b1.size, &text, err, sizeof err)) {
            fail("text form failed", err);
        }
        json_decref(j2);
    } else if (!err[0]) {
        fail("encoding failed without a message", "");
    }
    ofm_buf_uninit(&b1);
    ofm_buf_uninit(&b2);
    ofm_buf_uninit(&text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256];
    json_t *j = ofm_json_loads((const char *) data, size, err, sizeof err);
    if (j) {
        static const uint8_t versions[] = { 0x01, 0x03, 0x04, 0x05, 0x06 };
        for (size_t i = 0; i < sizeof versions; i++) {
            check(j, versions[i]);
        }
        json_decref(j);
    }
    return 0;
}
