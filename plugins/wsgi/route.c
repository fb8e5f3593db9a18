/* Path templates of the wsgi context: see route.h and <ofm/wsgi.h>. */
#include <config.h>
#include "route.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ofm/addr.h"

static char *
xstrndup(const char *s, size_t n)
{
    char *p = strndup(s, n);
    if (!p) {
        abort();
    }
    return p;
}

static bool
valid_name(const char *s, size_t n)
{
    if (!n) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
              || (i && c >= '0' && c <= '9'))) {
            return false;
        }
    }
    return true;
}

static int
parse_var(struct route_seg *seg, const char *s, size_t n, char *err, size_t err_size)
{
    const char *colon = memchr(s, ':', n);
    size_t name_len = colon ? (size_t) (colon - s) : n;
    if (!valid_name(s, name_len)) {
        snprintf(err, err_size, "bad variable name \"%.*s\"", (int) n, s);
        return EINVAL;
    }
    if (!colon) {
        seg->kind = name_len == 4 && !memcmp(s, "dpid", 4) ? SEG_DPID : SEG_STR;
    } else {
        const char *type = colon + 1;
        size_t tn = n - name_len - 1;
        if (tn == 3 && !memcmp(type, "str", 3)) {
            seg->kind = SEG_STR;
        } else if (tn == 3 && !memcmp(type, "int", 3)) {
            seg->kind = SEG_INT;
        } else if (tn == 4 && !memcmp(type, "dpid", 4)) {
            seg->kind = SEG_DPID;
        } else {
            snprintf(err, err_size, "unknown variable type \"%.*s\" (str, int, dpid)",
                     (int) tn, type);
            return EINVAL;
        }
    }
    seg->text = xstrndup(s, name_len);
    return 0;
}

int
route_tmpl_parse(struct route_tmpl *t, const char *text, char *err, size_t err_size)
{
    memset(t, 0, sizeof *t);
    if (!text || text[0] != '/') {
        snprintf(err, err_size, "template \"%s\" does not start with /", text ? text : "");
        return EINVAL;
    }
    const char *p = text + 1;
    while (*p) {
        const char *end = strchr(p, '/');
        size_t n = end ? (size_t) (end - p) : strlen(p);
        if (t->n_segs == ROUTE_MAX_SEGS) {
            snprintf(err, err_size, "template \"%s\": too many segments", text);
            goto fail;
        }
        struct route_seg *seg = &t->segs[t->n_segs];
        if (!n) {
            snprintf(err, err_size, "template \"%s\": empty segment", text);
            goto fail;
        }
        if (p[0] == '{') {
            if (n < 3 || p[n - 1] != '}'
                || parse_var(seg, p + 1, n - 2, err, err_size)) {
                if (n < 3 || p[n - 1] != '}') {
                    snprintf(err, err_size, "template \"%s\": bad variable \"%.*s\"",
                             text, (int) n, p);
                }
                goto fail;
            }
            for (size_t i = 0; i < t->n_segs; i++) {
                if (t->segs[i].kind != SEG_LIT && !strcmp(t->segs[i].text, seg->text)) {
                    snprintf(err, err_size, "template \"%s\": variable %s twice",
                             text, seg->text);
                    free(seg->text);
                    goto fail;
                }
            }
        } else if (memchr(p, '{', n) || memchr(p, '}', n)) {
            snprintf(err, err_size, "template \"%s\": a variable must be a whole segment",
                     text);
            goto fail;
        } else {
            seg->kind = SEG_LIT;
            seg->text = xstrndup(p, n);
        }
        t->n_segs++;
        if (!end) {
            break;
        }
        p = end + 1;
        if (!*p) {
            snprintf(err, err_size, "template \"%s\": trailing /", text);
            goto fail;
        }
    }
    size_t n_vars = 0;
    for (size_t i = 0; i < t->n_segs; i++) {
        n_vars += t->segs[i].kind != SEG_LIT;
    }
    if (n_vars > ROUTE_MAX_VARS) {
        snprintf(err, err_size, "template \"%s\": too many variables", text);
        goto fail;
    }
    return 0;

fail:
    route_tmpl_destroy(t);
    return EINVAL;
}

void
route_tmpl_destroy(struct route_tmpl *t)
{
    for (size_t i = 0; i < t->n_segs; i++) {
        free(t->segs[i].text);
    }
    t->n_segs = 0;
}

bool
route_tmpl_same_shape(const struct route_tmpl *a, const struct route_tmpl *b)
{
    if (a->n_segs != b->n_segs) {
        return false;
    }
    for (size_t i = 0; i < a->n_segs; i++) {
        bool la = a->segs[i].kind == SEG_LIT, lb = b->segs[i].kind == SEG_LIT;
        if (la != lb || (la && strcmp(a->segs[i].text, b->segs[i].text))) {
            return false;
        }
    }
    return true;
}

int
route_path_split(struct route_path *rp, const char *path)
{
    memset(rp, 0, sizeof *rp);
    if (!path || path[0] != '/') {
        return EINVAL;
    }
    rp->buf = strdup(path + 1);
    if (!rp->buf) {
        abort();
    }
    char *p = rp->buf;
    if (!*p) {
        return 0;               /* "/" has no segment. */
    }
    for (;;) {
        if (rp->n_segs == ROUTE_MAX_SEGS) {
            route_path_destroy(rp);
            return EINVAL;
        }
        rp->segs[rp->n_segs++] = p;
        char *slash = strchr(p, '/');
        if (!slash) {
            break;
        }
        *slash = '\0';
        p = slash + 1;
    }
    return 0;
}

void
route_path_destroy(struct route_path *rp)
{
    free(rp->buf);
    rp->buf = NULL;
    rp->n_segs = 0;
}

bool
route_tmpl_matches(const struct route_tmpl *t, const struct route_path *rp)
{
    if (t->n_segs != rp->n_segs) {
        return false;
    }
    for (size_t i = 0; i < t->n_segs; i++) {
        const char *s = rp->segs[i];
        if (t->segs[i].kind == SEG_LIT ? strcmp(t->segs[i].text, s) : !*s) {
            return false;
        }
    }
    return true;
}

int
route_tmpl_cmp(const struct route_tmpl *a, const struct route_tmpl *b)
{
    size_t n = a->n_segs < b->n_segs ? a->n_segs : b->n_segs;
    for (size_t i = 0; i < n; i++) {
        bool la = a->segs[i].kind == SEG_LIT, lb = b->segs[i].kind == SEG_LIT;
        if (la != lb) {
            return la ? 1 : -1;
        }
    }
    return 0;
}

static bool
parse_hex(const char *s, size_t max_digits, uint64_t *out)
{
    uint64_t v = 0;
    size_t n = 0;
    for (; s[n]; n++) {
        int d = ofm_hex_digit(s[n]);
        if (d < 0 || n == max_digits) {
            return false;
        }
        v = v << 4 | (uint64_t) d;
    }
    if (!n) {
        return false;
    }
    *out = v;
    return true;
}

static bool
parse_dec(const char *s, uint64_t *out)
{
    uint64_t v = 0;
    if (!*s) {
        return false;
    }
    for (; *s; s++) {
        if (*s < '0' || *s > '9') {
            return false;
        }
        unsigned int d = (unsigned int) (*s - '0');
        if (v > (UINT64_MAX - d) / 10) {
            return false;
        }
        v = v * 10 + d;
    }
    *out = v;
    return true;
}

bool
route_parse_int(const char *s, uint64_t *out)
{
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        return parse_hex(s + 2, 16, out);
    }
    return parse_dec(s, out);
}

bool
route_parse_dpid(const char *s, uint64_t *out)
{
    /* Ryu's REST apps write a dpid as 16 hex digits: that form wins over
     * a 16-digit decimal reading. */
    if (strlen(s) == 16) {
        return parse_hex(s, 16, out);
    }
    return route_parse_int(s, out);
}

int
route_bind(const struct route_tmpl *t, const struct route_path *rp,
           struct route_var vars[ROUTE_MAX_VARS], const char **bad,
           char *err, size_t err_size)
{
    int n = 0;
    for (size_t i = 0; i < t->n_segs; i++) {
        const struct route_seg *seg = &t->segs[i];
        if (seg->kind == SEG_LIT) {
            continue;
        }
        struct route_var *v = &vars[n++];
        v->name = seg->text;
        v->text = rp->segs[i];
        v->kind = seg->kind;
        v->value = 0;
        if (seg->kind == SEG_DPID && !route_parse_dpid(v->text, &v->value)) {
            *bad = seg->text;
            snprintf(err, err_size, "%s: expected a datapath id (16 hex digits or "
                     "a decimal number), not \"%.64s\"", seg->text, v->text);
            return -1;
        }
        if (seg->kind == SEG_INT && !route_parse_int(v->text, &v->value)) {
            *bad = seg->text;
            snprintf(err, err_size, "%s: expected an unsigned integer (decimal or "
                     "0x hex), not \"%.64s\"", seg->text, v->text);
            return -1;
        }
    }
    return n;
}
