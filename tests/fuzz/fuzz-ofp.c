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
 * exercised on the way.  Any violation aborts, which libFuzzer reports.
 *
 * Before that, the same bytes go through the wire decoders of ofm/msg.h
 * that the manager and the apps use (features, ports, packet-in, flow
 * removed, port status, error, multipart bodies) for every version
 * 1.0 to 1.5, whatever the header says: they must fail cleanly or return
 * pointers inside the message. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ofm/json.h"
#include "ofm/msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fail(const char *what, const char *err)
{
    fprintf(stderr, "fuzz-ofp: %s: %s\n", what, err ? err : "");
    abort();
}

static void
check_inside(const void *p, size_t n, const uint8_t *msg, size_t size)
{
    const uint8_t *q = p;
    if (n && (q < msg || q + n > msg + size)) {
        fail("decoder pointer outside the message", "");
    }
}

/* Walks a multipart body as the apps do. */
static void
wire_multipart(const struct ofm_msg *m, uint8_t version)
{
    struct ofm_multipart mp;
    if (ofm_decode_multipart(m, &mp)) {
        return;
    }
    check_inside(mp.body, mp.body_size, m->data, m->size);
    struct ofm_rd rd = ofm_rd_init(mp.body, mp.body_size);
    struct ofm_flow_stats fs;
    while (!ofm_flow_stats_next(&rd, version, &fs)) {
        check_inside(fs.insts, fs.insts_size, m->data, m->size);
        check_inside(fs.actions, fs.actions_size, m->data, m->size);
    }
    rd = ofm_rd_init(mp.body, mp.body_size);
    struct ofm_port_stats ps;
    while (!ofm_port_stats_next(&rd, version, &ps)) {
        continue;
    }
    rd = ofm_rd_init(mp.body, mp.body_size);
    struct ofm_port port;
    while (rd.left && !ofm_decode_port(&rd, version, &port)) {
        if (strlen(port.name) > OFP_MAX_PORT_NAME_LEN) {
            fail("port name not terminated", "");
        }
    }
    struct ofm_aggregate_stats as;
    ofm_decode_aggregate_stats(&mp, version, &as);
    struct ofm_desc_stats ds;
    ofm_decode_desc_stats(&mp, &ds);
}

/* The wire decoders, with the header's version forced to 'version'. */
/* The 1.4/1.5 asynchronous messages: what the decoders point at stays
 * inside the message, and property lists walk to their end. */
static void
wire_async(const struct ofm_msg *m, const uint8_t *msg, size_t size)
{
    struct ofm_role_status rs;
    if (!ofm_decode_role_status(m, &rs)) {
        check_inside(rs.props, rs.props_size, msg, size);
    }
    struct ofm_table_status ts;
    if (!ofm_decode_table_status(m, &ts)) {
        check_inside(ts.table.props, ts.table.props_size, msg, size);
        struct ofm_rd rd = ofm_rd_init(ts.table.props, ts.table.props_size);
        uint16_t type;
        const uint8_t *body;
        size_t body_size;
        while (!ofm_prop_next(&rd, &type, &body, &body_size)) {
            check_inside(body, body_size, msg, size);
        }
    }
    struct ofm_requestforward rf;
    if (!ofm_decode_requestforward(m, &rf)) {
        check_inside(rf.request.data, rf.request.size, msg, size);
    }
    struct ofm_controller_status cs;
    if (!ofm_decode_controller_status(m, &cs)) {
        check_inside(cs.props, cs.props_size, msg, size);
        check_inside((const uint8_t *) cs.uri, cs.uri_len, msg, size);
    }
}

static void
wire_decoders(uint8_t *msg, size_t size, uint8_t version)
{
    struct ofm_msg m;
    if (size < 8 || ofm_msg_init(&m, msg, size)) {
        return;
    }
    m.version = version;
    uint32_t bitmap;
    ofm_decode_hello(&m, &bitmap);
    struct ofm_switch_features f;
    if (!ofm_decode_switch_features(&m, &f)) {
        check_inside(f.ports, f.ports_size, msg, size);
        struct ofm_rd rd = ofm_rd_init(f.ports, f.ports_size);
        struct ofm_port port;
        while (rd.left && !ofm_decode_port(&rd, version, &port)) {
            continue;
        }
    }
    struct ofm_port_status pst;
    ofm_decode_port_status(&m, &pst);
    struct ofm_packet_in pi;
    if (!ofm_decode_packet_in(&m, &pi)) {
        check_inside(pi.data, pi.data_size, msg, size);
    }
    struct ofm_flow_removed fr;
    ofm_decode_flow_removed(&m, &fr);
    struct ofm_err_msg em;
    if (!ofm_decode_error(&m, &em)) {
        check_inside(em.data, em.data_size, msg, size);
    }
    wire_async(&m, msg, size);
    wire_multipart(&m, version);
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
    static const uint8_t versions[] = {
        OFP10_VERSION, OFP12_VERSION, OFP13_VERSION, OFP14_VERSION, OFP15_VERSION,
    };
    for (size_t i = 0; i < sizeof versions; i++) {
        wire_decoders(msg, size, versions[i]);
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
