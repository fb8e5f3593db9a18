/* ofp-json-text.c: a one-line human form of OpenFlow messages, rendered
 * from their JSON form, in the spirit of "ovs-ofctl ofp-print":
 *
 *   OFPFlowMod (OF1.3, xid=0x0): cookie=0x0 table_id=1 command=0 ...
 *     match={eth_dst=f2:0b:a4:7d:f8:ea}
 *     instructions=[Actions(type=3 actions=[Output(port=6 max_len=65535)])]
 *
 * (on one line).  Lengths are left out, byte strings shown by size, masks
 * after a slash, well-known bitmaps and 64-bit identifiers in hex, and
 * class names without their "OFPAction"/"OFPInstruction"/"OFP" prefix. */
#include "ofp-json-private.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "ofm/json.h"

static void
put_str(struct ofm_buf *b, const char *s)
{
    ofm_buf_put(b, s, strlen(s));
}

static void put_value(struct ofm_buf *, const char *key, const json_t *);

/* Keys whose integers read better in hex. */
static bool
hex_key(const char *key)
{
    static const char *const keys[] = {
        "datapath_id", "cookie", "cookie_mask", "metadata", "metadata_mask",
        "metadata_match", "metadata_write", "wildcards", "capabilities",
        "config", "state", "curr", "advertised", "supported", "peer",
        "advertise", "mask", "generation_id", "tunnel_id", "band_types",
        "types", "experimenter", "vendor",
    };
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        if (!strcmp(keys[i], key)) {
            return true;
        }
    }
    return false;
}

/* Keys left out of class 'cls': lengths the encoder computes anyway, and
 * types that the class name already says (actions, multipart messages). */
static bool
skip_key(const char *cls, const char *key)
{
    if (!strcmp(key, "type") && cls
        && ((!strncmp(cls, "OFPAction", 9) && strcmp(cls, "OFPActionId"))
            || strstr(cls, "Stats"))) {
        return true;
    }
    return (!strcmp(key, "len") || !strcmp(key, "length")
            || !strcmp(key, "actions_len") || !strcmp(key, "match_len"));
}

static const char *
short_class(const char *name)
{
    static const char *const prefixes[] = {
        "OFPInstruction", "OFPAction", "OFPTableFeatureProp",
        "OFPQueueProp", "OFPMeterBand", "OFPHelloElem", "OFP",
    };
    for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
        size_t n = strlen(prefixes[i]);
        if (!strncmp(name, prefixes[i], n) && name[n]) {
            return name + n;
        }
    }
    return name;
}

static void
put_uint(struct ofm_buf *b, const char *key, const json_t *j)
{
    char buf[32];
    uint64_t v = (uint64_t) json_integer_value(j);
    snprintf(buf, sizeof buf, key && hex_key(key) ? "0x%"PRIx64 : "%"PRIu64,
             v);
    put_str(b, buf);
}

/* A string: bare if it has nothing that would confuse the eye, else
 * quoted. */
static void
put_string(struct ofm_buf *b, const char *key, const json_t *j)
{
    const char *s = json_string_value(j);
    size_t n = json_string_length(j);
    if (key && (!strcmp(key, "data") || !strcmp(key, "specific_data"))) {
        size_t pad = 0;
        while (pad < 2 && pad < n && s[n - 1 - pad] == '=') {
            pad++;
        }
        char buf[48];
        snprintf(buf, sizeof buf, "(%zu bytes)", n / 4 * 3 - pad);
        put_str(b, buf);
        return;
    }
    bool bare = n > 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char) s[i];
        if (c <= ' ' || c == '"' || c == '\\' || c == '=' || c == ','
            || c == '(' || c == ')' || c == '[' || c == ']' || c == '{'
            || c == '}') {
            bare = false;
        }
    }
    if (bare) {
        ofm_buf_put(b, s, n);
        return;
    }
    ofm_buf_put_u8(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char) s[i];
        if (c == '"' || c == '\\') {
            ofm_buf_put_u8(b, '\\');
            ofm_buf_put_u8(b, c);
        } else if (c < ' ') {
            char buf[8];
            snprintf(buf, sizeof buf, "\\x%02x", c);
            put_str(b, buf);
        } else {
            ofm_buf_put_u8(b, c);
        }
    }
    ofm_buf_put_u8(b, '"');
}

/* "key=value" pairs of 'obj', of class 'cls' (NULL if none), separated by
 * 'sep'. */
static void
put_pairs(struct ofm_buf *b, const char *cls, const json_t *obj,
          const char *sep)
{
    const char *key;
    const json_t *value;
    bool first = true;
    json_object_foreach ((json_t *) obj, key, value) {
        if (skip_key(cls, key)) {
            continue;
        }
        if (!first) {
            put_str(b, sep);
        }
        first = false;
        put_str(b, key);
        ofm_buf_put_u8(b, '=');
        put_value(b, key, value);
    }
}

/* OXMTlv: name=value[/mask]. */
static void
put_oxm(struct ofm_buf *b, const json_t *tlv)
{
    const json_t *field = json_object_get(tlv, "field");
    const json_t *value = json_object_get(tlv, "value");
    const json_t *mask = json_object_get(tlv, "mask");
    put_str(b, json_is_string(field) ? json_string_value(field) : "?");
    ofm_buf_put_u8(b, '=');
    put_value(b, NULL, value);
    if (mask && !json_is_null(mask)) {
        ofm_buf_put_u8(b, '/');
        put_value(b, NULL, mask);
    }
}

/* OpenFlow 1.3 match: {f1=v1,f2=v2}; 1.0 match: the fields its wildcards
 * do not cover. */
static void
put_match(struct ofm_buf *b, const json_t *m)
{
    const json_t *fields = json_object_get(m, "oxm_fields");
    ofm_buf_put_u8(b, '{');
    if (fields) {
        for (size_t i = 0; i < json_array_size(fields); i++) {
            const json_t *tlv = json_object_get(json_array_get(fields, i),
                                                "OXMTlv");
            if (i) {
                ofm_buf_put_u8(b, ',');
            }
            put_oxm(b, tlv);
        }
    } else {
        static const struct { const char *key; uint32_t bit; } w[] = {
            { "in_port", OFPFW10_IN_PORT }, { "dl_vlan", OFPFW10_DL_VLAN },
            { "dl_src", OFPFW10_DL_SRC }, { "dl_dst", OFPFW10_DL_DST },
            { "dl_type", OFPFW10_DL_TYPE }, { "nw_proto", OFPFW10_NW_PROTO },
            { "tp_src", OFPFW10_TP_SRC }, { "tp_dst", OFPFW10_TP_DST },
            { "dl_vlan_pcp", OFPFW10_DL_VLAN_PCP },
            { "nw_tos", OFPFW10_NW_TOS },
        };
        uint32_t wc = (uint32_t) json_integer_value(json_object_get(m,
                                                            "wildcards"));
        bool first = true;
        for (size_t i = 0; i < sizeof w / sizeof *w; i++) {
            if (!(wc & w[i].bit)) {
                put_str(b, first ? "" : ",");
                first = false;
                put_str(b, w[i].key);
                ofm_buf_put_u8(b, '=');
                put_value(b, w[i].key, json_object_get(m, w[i].key));
            }
        }
        for (int k = 0; k < 2; k++) {
            unsigned int shift = k ? OFPFW10_NW_DST_SHIFT
                                   : OFPFW10_NW_SRC_SHIFT;
            unsigned int bits = (wc >> shift) & 63;
            if (bits < 32) {
                char buf[24];
                const char *key = k ? "nw_dst" : "nw_src";
                put_str(b, first ? "" : ",");
                first = false;
                put_str(b, key);
                ofm_buf_put_u8(b, '=');
                put_value(b, key, json_object_get(m, key));
                if (bits) {
                    snprintf(buf, sizeof buf, "/%u", 32 - bits);
                    put_str(b, buf);
                }
            }
        }
    }
    ofm_buf_put_u8(b, '}');
}

/* A {"Class": {...}} object: Class(k=v ...), with special forms for
 * matches and OXM TLVs. */
static void
put_class(struct ofm_buf *b, const char *name, const json_t *obj)
{
    if (!strcmp(name, "OFPMatch")) {
        put_match(b, obj);
    } else if (!strcmp(name, "OXMTlv")) {
        put_oxm(b, obj);
    } else {
        put_str(b, short_class(name));
        ofm_buf_put_u8(b, '(');
        put_pairs(b, name, obj, " ");
        ofm_buf_put_u8(b, ')');
    }
}

static void
put_value(struct ofm_buf *b, const char *key, const json_t *j)
{
    if (json_is_integer(j)) {
        put_uint(b, key, j);
    } else if (json_is_string(j)) {
        put_string(b, key, j);
    } else if (json_is_array(j)) {
        ofm_buf_put_u8(b, '[');
        for (size_t i = 0; i < json_array_size(j); i++) {
            if (i) {
                ofm_buf_put_u8(b, ',');
            }
            put_value(b, key, json_array_get(j, i));
        }
        ofm_buf_put_u8(b, ']');
    } else if (json_is_object(j)) {
        const char *name;
        const json_t *inner;
        if (json_object_size(j) == 1) {
            json_object_foreach ((json_t *) j, name, inner) {
                if (json_is_object(inner) && name[0] >= 'A'
                    && name[0] <= 'Z') {
                    put_class(b, name, inner);
                    return;
                }
            }
        }
        ofm_buf_put_u8(b, '{');
        put_pairs(b, NULL, j, ",");
        ofm_buf_put_u8(b, '}');
    } else if (json_is_null(j)) {
        put_str(b, "null");
    } else if (json_is_true(j)) {
        put_str(b, "true");
    } else if (json_is_false(j)) {
        put_str(b, "false");
    } else {
        put_str(b, "?");
    }
}

void
ofm_ofp_json_to_text(const json_t *json, uint8_t version, uint32_t xid,
                     struct ofm_buf *out)
{
    const char *name;
    const json_t *obj;
    char head[96];
    json_object_foreach ((json_t *) json, name, obj) {
        static const char *const names[] = {
            [OFP10_VERSION] = "1.0", [OFP12_VERSION] = "1.2",
            [OFP13_VERSION] = "1.3", [OFP14_VERSION] = "1.4",
            [OFP15_VERSION] = "1.5",
        };
        const char *v = (version < sizeof names / sizeof *names
                         && names[version] ? names[version] : "?");
        snprintf(head, sizeof head, "%s (OF%s, xid=0x%"PRIx32")", name, v,
                 xid);
        put_str(out, head);
        if (json_is_object(obj) && json_object_size(obj)) {
            put_str(out, ": ");
            put_pairs(out, name, obj, " ");
        }
        break;
    }
}

int
ofm_ofp_to_text(const void *msg, size_t size, struct ofm_buf *out,
                char *err, size_t err_size)
{
    json_t *j;
    int error = ofm_ofp_to_json(msg, size, &j, NULL, err, err_size);
    if (!error) {
        const uint8_t *p = msg;
        ofm_ofp_json_to_text(j, p[0], ofm_get32(p + 4), out);
        json_decref(j);
    }
    return error;
}
