/* fuzz-ofp.c: libFuzzer target for the OpenFlow decoder (ofm/json.h).
 *
 * The input is one OpenFlow message; its header length is set to the input
 * size (when it fits) so that the fuzzer explores message bodies instead of
 * tripping on the length check.  For every message the decoder accepts:
 *
 *   J1 = decode(B0)      must encode:   B1 = encode(J1)
 *   J2 = decode(B1)      must succeed,  and encode(J2) == B1
 *
 * that is, anything decoded can be encoded, and one decode/encode pass
 * reaches a fixed point (padding and Ryu-dropped bytes are normalized on
 * the first pass).  The text form and the JSON text round trip are
 * exercised on the way.  Any violation aborts, which libFuzzer reports. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ofm/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fail(const char *what, const char *err)
{
    fprintf(stderr, "fuzz-ofp: %s: %s\n", what, err ? err : "");
    abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *msg = malloc(size ? size : 1);
    if (!msg) {
        return 0;
    }
    memcpy(msg, data, size);
    if (size >= 8 && size <= 65535) {
        msg[2] = (uint8_t) (size >> 8);
        msg[3] = (uint8_t) size;
    }

    char err[256];
    size_t off;
    json_t *j1;
    int error = ofm_ofp_to_json(msg, size, &j1, &off, err, sizeof err);
    if (error) {
        if (j1 || off > size || strncmp(err, "offset ", 7)) {
            fail("bad error report", err);
        }
        free(msg);
        return 0;
    }

    struct ofm_buf text;
    ofm_buf_init(&text);
    if (ofm_ofp_to_text(msg, size, &text, err, sizeof err)) {
        fail("text form failed where decoding succeeded", err);
    }
    ofm_buf_uninit(&text);

    /* The JSON text form reads back equal. */
    char *s = ofm_json_dumps(j1, JSON_COMPACT);
    json_t *back = ofm_json_loads(s, strlen(s), err, sizeof err);
    if (!back || !json_equal(back, j1)) {
        fail("JSON text round trip", s);
    }
    json_decref(back);
    free(s);

    struct ofm_buf b1, b2;
    ofm_buf_init(&b1);
    ofm_buf_init(&b2);
    uint32_t xid = (uint32_t) msg[4] << 24 | msg[5] << 16 | msg[6] << 8
                   | msg[7];
    if (ofm_ofp_from_json(j1, msg[0], xid, &b1, err, sizeof err)) {
        fail("decoded message does not encode", err);
    }
    json_t *j2;
    ofm_ofp_to_json(b1.data, b1.size, &j2, NULL, err, sizeof err);
    if (!j2) {
        fail("encoded message does not decode", err);
    }
    if (ofm_ofp_from_json(j2, msg[0], xid, &b2, err, sizeof err)) {
        fail("second encoding failed", err);
    }
    if (b1.size != b2.size || memcmp(b1.data, b2.data, b1.size)) {
        fail("encoding is not a fixed point", "");
    }
    json_decref(j1);
    json_decref(j2);
    ofm_buf_uninit(&b1);
    ofm_buf_uninit(&b2);
    free(msg);
    return 0;
}
