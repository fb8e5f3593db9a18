/* ofp-json-util.c: helpers of the OpenFlow JSON codec: error reporting,
 * JSON paths, value conversions (base64, MAC addresses, UTF-8, unsigned
 * integers) and the JSON text boundary (ofm_json_loads() and friends),
 * where integers of 2^63 and above are mapped to and from jansson's signed
 * json_int_t. */
#include "ofp-json-private.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ofm/addr.h"
#include "ofm/json.h"

/* Records the first decoding failure: 'code' (enum ofm_err) at 'where' (a
 * pointer into the message).  Always returns false, so that decoders can
 * "return ofm_oj_fail(...)". */
bool
ofm_oj_fail(struct oj_dec *d, const void *where, int code,
            const char *fmt, ...)
{
    if (d->error) {
        return false;
    }
    d->error = code;
    d->err_offset = ofm_oj_off(d, where);
    va_list args;
    va_start(args, fmt);
    vsnprintf(d->msg, sizeof d->msg, fmt, args);
    va_end(args);
    return false;
}

/* Returns the offset of 'where' from the start of the message being
 * decoded (the message size if 'where' is NULL or outside it). */
size_t
ofm_oj_off(const struct oj_dec *d, const void *where)
{
    const uint8_t *p = where;
    if (!p || p < d->base || p > d->base + d->size) {
        return d->size;
    }
    return (size_t) (p - d->base);
}

/* Records the first encoding failure, prefixed with the JSON path being
 * encoded.  Always returns false. */
bool
ofm_oj_efail(struct oj_enc *e, const char *fmt, ...)
{
    if (e->error) {
        return false;
    }
    e->error = EINVAL;
    char what[192];
    va_list args;
    va_start(args, fmt);
    vsnprintf(what, sizeof what, fmt, args);
    va_end(args);
    if (e->path_len) {
        snprintf(e->msg, sizeof e->msg, "%s: %s", e->path, what);
    } else {
        snprintf(e->msg, sizeof e->msg, "%s", what);
    }
    return false;
}

/* Appends a component to the JSON path used in encoding errors and returns
 * the length to restore with ofm_oj_path_pop().  A path too long for the
 * buffer is cut, which only shortens messages. */
size_t
ofm_oj_path_push(struct oj_enc *e, const char *fmt, ...)
{
    size_t old = e->path_len;
    if (old < sizeof e->path - 1) {
        va_list args;
        va_start(args, fmt);
        int n = vsnprintf(e->path + old, sizeof e->path - old, fmt, args);
        va_end(args);
        if (n > 0) {
            size_t len = old + (size_t) n;
            e->path_len = len < sizeof e->path ? len : sizeof e->path - 1;
        }
    }
    return old;
}

void
ofm_oj_path_pop(struct oj_enc *e, size_t old_len)
{
    e->path_len = old_len;
    e->path[old_len] = '\0';
}

/* base64 (RFC 4648, with padding), as Python's base64.b64encode(). */
static const char b64_chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

json_t *
ofm_json_base64(const void *data, size_t size)
{
    return ofm_oj_base64(data, size);
}

/* Returns a new JSON string holding the base64 form of 'n' bytes at 'p'. */
json_t *
ofm_oj_base64(const uint8_t *p, size_t n)
{
    size_t len = (n + 2) / 3 * 4;
    char *s = malloc(len + 1);
    if (!s) {
        return NULL;
    }
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t) p[i] << 16;
        if (i + 1 < n) {
            v |= (uint32_t) p[i + 1] << 8;
        }
        if (i + 2 < n) {
            v |= p[i + 2];
        }
        s[o++] = b64_chars[(v >> 18) & 63];
        s[o++] = b64_chars[(v >> 12) & 63];
        s[o++] = i + 1 < n ? b64_chars[(v >> 6) & 63] : '=';
        s[o++] = i + 2 < n ? b64_chars[v & 63] : '=';
    }
    s[o] = '\0';
    json_t *j = json_stringn(s, o);
    free(s);
    return j;
}

static int
b64_value(char c)
{
    const char *p = c ? strchr(b64_chars, c) : NULL;
    return p ? (int) (p - b64_chars) : -1;
}

/* Decodes the base64 text of 'len' bytes at 's' and appends the bytes to
 * 'out'.  The text must be a whole number of 4-character groups, '='
 * padding only at the end.  Returns false (having appended nothing) for
 * anything else. */
bool
ofm_oj_unbase64(const char *s, size_t len, struct ofm_buf *out)
{
    if (len % 4) {
        return false;
    }
    size_t start = out->size;
    for (size_t i = 0; i < len; i += 4) {
        int v[4];
        int n_pad = 0;
        for (int k = 0; k < 4; k++) {
            if (s[i + k] == '=' && i + 4 == len && k >= 2) {
                v[k] = 0;
                n_pad++;
            } else if (n_pad || (v[k] = b64_value(s[i + k])) < 0) {
                out->size = start;
                return false;
            }
        }
        uint32_t w = (uint32_t) v[0] << 18 | (uint32_t) v[1] << 12
                     | (uint32_t) v[2] << 6 | (uint32_t) v[3];
        ofm_buf_put_u8(out, (uint8_t) (w >> 16));
        if (n_pad < 2) {
            ofm_buf_put_u8(out, (uint8_t) (w >> 8));
        }
        if (n_pad < 1) {
            ofm_buf_put_u8(out, (uint8_t) w);
        }
    }
    return true;
}

/* Formats 'mac' as "aa:bb:cc:dd:ee:ff" (lowercase, as Ryu). */
void
ofm_oj_fmt_mac(char buf[18], const uint8_t mac[6])
{
    snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x",
             mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

/* Parses "aa:bb:cc:dd:ee:ff" (either case) into 'mac'. */
bool
ofm_oj_parse_mac(const char *s, uint8_t mac[6])
{
    for (int i = 0; i < 6; i++) {
        int hi = ofm_hex_digit((unsigned char) s[0]);
        int lo = hi < 0 ? -1 : ofm_hex_digit((unsigned char) s[1]);
        if (lo < 0 || s[2] != (i < 5 ? ':' : '\0')) {
            return false;
        }
        mac[i] = (uint8_t) (hi << 4 | lo);
        s += 3;
    }
    return true;
}

/* Returns a new JSON integer for 'v' (values of 2^63 and above wrap to
 * negative json_int_t; see ofm/json.h). */
json_t *
ofm_oj_uint(uint64_t v)
{
    return json_integer((json_int_t) v);
}

/* Returns true if the 'n' bytes at 'p' are valid UTF-8 (no overlong forms,
 * no surrogates, nothing above U+10FFFF), as jansson requires. */
bool
ofm_oj_utf8_valid(const uint8_t *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint8_t c = p[i];
        size_t k;
        uint32_t cp, min;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xe0) == 0xc0) {
            k = 1, cp = c & 0x1f, min = 0x80;
        } else if ((c & 0xf0) == 0xe0) {
            k = 2, cp = c & 0x0f, min = 0x800;
        } else if ((c & 0xf8) == 0xf0) {
            k = 3, cp = c & 0x07, min = 0x10000;
        } else {
            return false;
        }
        if (n - i <= k) {
            return false;
        }
        for (size_t j = 1; j <= k; j++) {
            if ((p[i + j] & 0xc0) != 0x80) {
                return false;
            }
            cp = cp << 6 | (p[i + j] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            return false;
        }
        i += k + 1;
    }
    return true;
}

/* Reads the unsigned integer of at most 'bits' bits at 'key' in 'obj' into
 * '*v'.  A missing key or null reads as 0 (Ryu's defaults are zeros, and
 * its experimenter errors carry "code": null).  Booleans read as 0 or 1. */
bool
ofm_oj_get_uint(struct oj_enc *e, const json_t *obj, const char *key,
                unsigned int bits, uint64_t *v)
{
    const json_t *j = key ? json_object_get(obj, key) : NULL;
    *v = 0;
    if (!j || json_is_null(j)) {
        return true;
    }
    if (json_is_boolean(j)) {
        *v = json_is_true(j);
        return true;
    }
    if (!json_is_integer(j)) {
        return ofm_oj_efail(e, "'%s' must be an integer", key);
    }
    *v = (uint64_t) json_integer_value(j);
    if (bits < 64 && *v >> bits) {
        return ofm_oj_efail(e, "'%s' is %"PRIu64", more than %u bits",
                            key, *v, bits);
    }
    return true;
}

/* Appends the bytes of the base64 string at 'key' in 'obj' to 'out'; a
 * missing key or null is empty. */
bool
ofm_oj_get_bytes(struct oj_enc *e, const json_t *obj, const char *key,
                 struct ofm_buf *out)
{
    const json_t *j = json_object_get(obj, key);
    if (!j || json_is_null(j)) {
        return true;
    }
    if (!json_is_string(j)) {
        return ofm_oj_efail(e, "'%s' must be a base64 string", key);
    }
    if (!ofm_oj_unbase64(json_string_value(j), json_string_length(j), out)) {
        return ofm_oj_efail(e, "'%s' is not valid base64", key);
    }
    return true;
}

/* Checks that every key of 'obj' is one of the 'n_keys' 'keys'. */
bool
ofm_oj_check_keys(struct oj_enc *e, const json_t *obj,
                  const char *const *keys, size_t n_keys)
{
    const char *key;
    const json_t *value;
    json_object_foreach ((json_t *) obj, key, value) {
        size_t i;
        for (i = 0; i < n_keys; i++) {
            if (keys[i] && !strcmp(keys[i], key)) {
                break;
            }
        }
        if (i == n_keys) {
            return ofm_oj_efail(e, "unknown key '%s'", key);
        }
    }
    return true;
}

/* Checks that 'j' is a {"ClassName": {...}} object and returns the inner
 * object, storing the class name in '*name'. */
const json_t *
ofm_oj_unwrap(struct oj_enc *e, const json_t *j, const char **name)
{
    const char *key;
    const json_t *value;
    if (!json_is_object(j) || json_object_size(j) != 1) {
        ofm_oj_efail(e, "expected an object {\"ClassName\": {...}}");
        return NULL;
    }
    json_object_foreach ((json_t *) j, key, value) {
        if (!json_is_object(value)) {
            ofm_oj_efail(e, "'%s' must be an object", key);
            return NULL;
        }
        *name = key;
        return value;
    }
    return NULL;
}

/* Returns {"name": obj}, taking ownership of 'obj'. */
json_t *
ofm_oj_wrap(const char *name, json_t *obj)
{
    json_t *w = json_object();
    json_object_set_new(w, name, obj);
    return w;
}

/* Stores 'value' as a 16-bit length at offset 'pos' of the message being
 * encoded, failing if it does not fit. */
void
ofm_oj_patch16(struct oj_enc *e, size_t pos, size_t value, const char *what)
{
    if (value > UINT16_MAX) {
        ofm_oj_efail(e, "%s would be %zu bytes, more than 65535", what, value);
        return;
    }
    ofm_put16(e->out->data + pos, (uint16_t) value);
}

/* JSON text.  jansson's json_int_t is signed 64-bit and its parser rejects
 * larger integers, while OpenFlow has unsigned 64-bit fields (cookies,
 * datapath ids, metadata...).  On the way in, integer literals from 2^63 to
 * 2^64 - 1 are rewritten as the negative json_int_t of the same bits; on
 * the way out, negative integers are written back as unsigned.  Both
 * rewrites skip string contents. */

/* Appends 'text' to 'out' with the integer literals of a number token
 * rewritten by 'in' (JSON being read) or '!in' (JSON being written). */
static void
rewrite_ints(const char *text, size_t len, bool in, struct ofm_buf *out)
{
    size_t i = 0;
    while (i < len) {
        char c = text[i];
        if (c == '"') {
            size_t j = i + 1;
            while (j < len && text[j] != '"') {
                j += text[j] == '\\' ? 2 : 1;
            }
            j = j < len ? j + 1 : len;
            ofm_buf_put(out, text + i, j - i);
            i = j;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            size_t j = i + 1;
            bool integer = true;
            while (j < len && text[j] && strchr("0123456789+-.eE", text[j])) {
                if (!(text[j] >= '0' && text[j] <= '9')) {
                    integer = false;
                }
                j++;
            }
            char tok[32];
            size_t n = j - i;
            bool done = false;
            if (integer && n < sizeof tok) {
                memcpy(tok, text + i, n);
                tok[n] = '\0';
                char buf[32];
                errno = 0;
                if (in && c != '-' && c != '0' && n >= 19) {
                    char *end;
                    unsigned long long v = strtoull(tok, &end, 10);
                    if (!errno && !*end && v > INT64_MAX) {
                        snprintf(buf, sizeof buf, "%lld", (long long) v);
                        ofm_buf_put(out, buf, strlen(buf));
                        done = true;
                    }
                } else if (!in && c == '-') {
                    char *end;
                    long long v = strtoll(tok, &end, 10);
                    if (!errno && !*end) {
                        snprintf(buf, sizeof buf, "%llu",
                                 (unsigned long long) v);
                        ofm_buf_put(out, buf, strlen(buf));
                        done = true;
                    }
                }
            }
            if (!done) {
                ofm_buf_put(out, text + i, n);
            }
            i = j;
        } else {
            ofm_buf_put_u8(out, (uint8_t) c);
            i++;
        }
    }
}

/* Whether 'text' has a run of 19 digits or more: only such a run can be an
 * integer that rewrite_ints() changes. */
static bool
has_long_digit_run(const char *text, size_t len)
{
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        if (text[i] >= '0' && text[i] <= '9') {
            if (++run >= 19) {
                return true;
            }
        } else {
            run = 0;
        }
    }
    return false;
}

json_t *
ofm_json_loads(const char *text, size_t len, char *err, size_t err_size)
{
    struct ofm_buf b;
    ofm_buf_init(&b);
    /* Most bodies have nothing to rewrite: parse those in place. */
    if (has_long_digit_run(text, len)) {
        rewrite_ints(text, len, true, &b);
        text = (const char *) b.data;
        len = b.size;
    }
    json_error_t jerr;
    json_t *j = json_loadb(len ? text : "", len, JSON_ALLOW_NUL, &jerr);
    ofm_buf_uninit(&b);
    if (!j) {
        ofm_err_printf(err, err_size, "line %d column %d: %s",
                       jerr.line, jerr.column, jerr.text);
    }
    return j;
}

int
ofm_json_load_stream(const char *text, size_t len,
                     int (*cb)(json_t *value, void *aux), void *aux,
                     char *err, size_t err_size)
{
    struct ofm_buf b;
    ofm_buf_init(&b);
    rewrite_ints(text, len, true, &b);

    int retval = 0;
    size_t pos = 0;
    int line = 1;
    for (;;) {
        while (pos < b.size && b.data[pos] && strchr(" \t\r\n", b.data[pos])) {
            line += b.data[pos] == '\n';
            pos++;
        }
        if (pos >= b.size) {
            break;
        }
        json_error_t jerr;
        json_t *j = json_loadb((const char *) b.data + pos, b.size - pos,
                               JSON_ALLOW_NUL | JSON_DISABLE_EOF_CHECK,
                               &jerr);
        if (!j) {
            ofm_err_printf(err, err_size, "line %d column %d: %s",
                           line + jerr.line - 1, jerr.column, jerr.text);
            retval = EINVAL;
            break;
        }
        size_t used = jerr.position > 0 ? (size_t) jerr.position : 1;
        for (size_t k = pos; k < pos + used && k < b.size; k++) {
            line += b.data[k] == '\n';
        }
        pos += used;
        retval = cb(j, aux);
        json_decref(j);
        if (retval) {
            break;
        }
    }
    ofm_buf_uninit(&b);
    return retval;
}

char *
ofm_json_dumps(const json_t *json, size_t flags)
{
    if (!json) {
        return NULL;
    }
    char *s = json_dumps(json, flags | JSON_ENCODE_ANY);
    if (!s) {
        return NULL;
    }
    struct ofm_buf b;
    ofm_buf_init(&b);
    rewrite_ints(s, strlen(s), false, &b);
    ofm_buf_put_u8(&b, 0);
    free(s);
    /* Hand over the heap block; copy if the buffer never left a stub. */
    char *result = malloc(b.size);
    if (result) {
        memcpy(result, b.data, b.size);
    }
    ofm_buf_uninit(&b);
    return result;
}
