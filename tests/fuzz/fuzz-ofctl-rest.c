/* fuzz-ofctl-rest.c: libFuzzer target for ofctl_rest's request-body
 * decoders (plugins/ofctl_rest/ofctl-conv.c).
 *
 * The input is JSON text, taken as a POST /stats/flowentry body for
 * OpenFlow 1.0 and 1.3 and every flow mod command.  Whatever the decoder
 * accepts must encode with the SDK codec: the translation never hands the
 * codec a message it rejects.  Any violation aborts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ofm/json.h"
#include "../../plugins/ofctl_rest/ofctl-conv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512];
    json_t *body = ofm_json_loads((const char *) data, size, err, sizeof err);
    if (!body) {
        return 0;
    }
    static const uint8_t versions[] = { 0x01, 0x04 };
    for (size_t v = 0; v < sizeof versions; v++) {
        for (uint8_t cmd = 0; cmd < 5; cmd++) {
            json_t *fm = ofctl_flow_mod_from_rest(body, versions[v], cmd,
                                                  err, sizeof err);
            if (!fm) {
                continue;
            }
            struct ofm_buf out;
            ofm_buf_init(&out);
            if (ofm_ofp_from_json(fm, versions[v], 1, &out, err, sizeof err)) {
                char *s = ofm_json_dumps(fm, JSON_COMPACT);
                fprintf(stderr, "fuzz-ofctl-rest: accepted body does not "
                        "encode: %s\n%s\n", err, s ? s : "");
                free(s);
                abort();
            }
            ofm_buf_uninit(&out);
            json_decref(fm);
        }
        json_t *m = ofctl_match_from_rest(json_object_get(body, "match"),
                                          versions[v], err, sizeof err);
        json_decref(m);
    }
    json_decref(body);
    return 0;
}
