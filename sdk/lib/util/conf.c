/* The YAML configuration as a tree of nodes that remember where they are.
 *
 * libyaml's document loader does the parsing (anchors and aliases
 * included); we copy its nodes into our own small tree so that callers need
 * not keep a yaml_document_t alive, and so that every node can name its
 * "file:line:column" in error messages. */
#include <config.h>
#include "ofm/conf.h"
#include "ofm/err.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

struct ofm_conf {
    enum ofm_conf_kind kind;
    char where[192];            /* "FILE:LINE:COLUMN". */
    char *scalar;               /* OFM_CONF_SCALAR. */
    size_t n;                   /* Entries of a map or sequence. */
    struct ofm_conf **items;    /* Values (map) or elements (sequence). */
    char **keys;                /* Map keys, parallel to 'items'. */
    char **key_where;           /* "FILE:LINE:COLUMN" of each key. */
};

/* libyaml nests aliases without limit; a config never needs this much. */
#define MAX_DEPTH 64

static void *
xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p) {
        abort();
    }
    return p;
}

static char *
xstrdup(const char *s)
{
    char *p = strdup(s);
    if (!p) {
        abort();
    }
    return p;
}

static struct ofm_conf *
convert(yaml_document_t *doc, yaml_node_t *node, const char *name, int depth,
        char *err, size_t err_size)
{
    if (depth > MAX_DEPTH) {
        ofm_err_printf(err, err_size, "%s:%zu:%zu: nesting deeper than %d levels",
                       name, node->start_mark.line + 1, node->start_mark.column + 1,
                       MAX_DEPTH);
        return NULL;
    }

    struct ofm_conf *c = xcalloc(1, sizeof *c);
    snprintf(c->where, sizeof c->where, "%s:%zu:%zu", name,
             node->start_mark.line + 1, node->start_mark.column + 1);

    switch (node->type) {
    case YAML_SCALAR_NODE:
        c->kind = OFM_CONF_SCALAR;
        c->scalar = xcalloc(node->data.scalar.length + 1, 1);
        memcpy(c->scalar, node->data.scalar.value, node->data.scalar.length);
        if (strlen(c->scalar) != node->data.scalar.length) {
            ofm_err_printf(err, err_size, "%s: NUL byte in a value", c->where);
            ofm_conf_free(c);
            return NULL;
        }
        return c;

    case YAML_SEQUENCE_NODE: {
        c->kind = OFM_CONF_SEQ;
        size_t n = node->data.sequence.items.top - node->data.sequence.items.start;
        c->items = xcalloc(n, sizeof *c->items);
        for (size_t i = 0; i < n; i++) {
            yaml_node_t *item = yaml_document_get_node(
                doc, node->data.sequence.items.start[i]);
            c->items[i] = item ? convert(doc, item, name, depth + 1, err, err_size) : NULL;
            if (!c->items[i]) {
                ofm_conf_free(c);
                return NULL;
            }
            c->n++;
        }
        return c;
    }

    case YAML_MAPPING_NODE: {
        c->kind = OFM_CONF_MAP;
        size_t n = node->data.mapping.pairs.top - node->data.mapping.pairs.start;
        c->items = xcalloc(n, sizeof *c->items);
        c->keys = xcalloc(n, sizeof *c->keys);
        c->key_where = xcalloc(n, sizeof *c->key_where);
        for (size_t i = 0; i < n; i++) {
            yaml_node_pair_t *pair = &node->data.mapping.pairs.start[i];
            yaml_node_t *k = yaml_document_get_node(doc, pair->key);
            yaml_node_t *v = yaml_document_get_node(doc, pair->value);
            if (!k || !v) {
                ofm_conf_free(c);
                return NULL;
            }
            if (k->type != YAML_SCALAR_NODE) {
                ofm_err_printf(err, err_size, "%s:%zu:%zu: a key must be a plain name",
                               name, k->start_mark.line + 1, k->start_mark.column + 1);
                ofm_conf_free(c);
                return NULL;
            }
            char *key = xcalloc(k->data.scalar.length + 1, 1);
            memcpy(key, k->data.scalar.value, k->data.scalar.length);
            if (ofm_conf_get(c, key)) {
                ofm_err_printf(err, err_size, "%s:%zu:%zu: duplicate key '%s'",
                               name, k->start_mark.line + 1, k->start_mark.column + 1,
                               key);
                free(key);
                ofm_conf_free(c);
                return NULL;
            }
            struct ofm_conf *value = convert(doc, v, name, depth + 1, err, err_size);
            if (!value) {
                free(key);
                ofm_conf_free(c);
                return NULL;
            }
            c->keys[c->n] = key;
            c->key_where[c->n] = xcalloc(1, sizeof c->where);
            snprintf(c->key_where[c->n], sizeof c->where, "%s:%zu:%zu", name,
                     k->start_mark.line + 1, k->start_mark.column + 1);
            c->items[c->n] = value;
            c->n++;
        }
        return c;
    }

    case YAML_NO_NODE:
    default:
        c->kind = OFM_CONF_SCALAR;
        c->scalar = xstrdup("");
        return c;
    }
}

static struct ofm_conf *
load(yaml_parser_t *parser, const char *name, char *err, size_t err_size)
{
    yaml_document_t doc;
    struct ofm_conf *c = NULL;

    if (!yaml_parser_load(parser, &doc)) {
        const char *problem = parser->problem ? parser->problem : "syntax error";
        if (parser->context) {
            ofm_err_printf(err, err_size, "%s:%zu:%zu: %s %s", name,
                           parser->problem_mark.line + 1, parser->problem_mark.column + 1,
                           problem, parser->context);
        } else {
            ofm_err_printf(err, err_size, "%s:%zu:%zu: %s", name,
                           parser->problem_mark.line + 1, parser->problem_mark.column + 1,
                           problem);
        }
        return NULL;
    }

    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (!root) {
        /* An empty file is an empty map. */
        c = xcalloc(1, sizeof *c);
        c->kind = OFM_CONF_MAP;
        snprintf(c->where, sizeof c->where, "%s:1:1", name);
    } else if (root->type != YAML_MAPPING_NODE) {
        ofm_err_printf(err, err_size, "%s:%zu:%zu: the file must be a map of settings",
                       name, root->start_mark.line + 1, root->start_mark.column + 1);
    } else {
        c = convert(&doc, root, name, 0, err, err_size);
    }
    yaml_document_delete(&doc);
    return c;
}

struct ofm_conf *
ofm_conf_parse(const char *name, const char *text, size_t size, char *err, size_t err_size)
{
    yaml_parser_t parser;

    if (!yaml_parser_initialize(&parser)) {
        ofm_err_printf(err, err_size, "%s: out of memory", name);
        return NULL;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *) text, size);
    struct ofm_conf *c = load(&parser, name, err, err_size);
    yaml_parser_delete(&parser);
    return c;
}

struct ofm_conf *
ofm_conf_load(const char *path, char *err, size_t err_size)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        ofm_err_printf(err, err_size, "%s: %s", path, strerror(errno));
        return NULL;
    }

    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        fclose(f);
        ofm_err_printf(err, err_size, "%s: out of memory", path);
        return NULL;
    }
    yaml_parser_set_input_file(&parser, f);
    struct ofm_conf *c = load(&parser, path, err, err_size);
    yaml_parser_delete(&parser);
    fclose(f);
    return c;
}

void
ofm_conf_free(struct ofm_conf *c)
{
    if (!c) {
        return;
    }
    for (size_t i = 0; i < c->n; i++) {
        ofm_conf_free(c->items[i]);
        if (c->keys) {
            free(c->keys[i]);
            free(c->key_where[i]);
        }
    }
    free(c->items);
    free(c->keys);
    free(c->key_where);
    free(c->scalar);
    free(c);
}

enum ofm_conf_kind
ofm_conf_kind(const struct ofm_conf *c)
{
    return c->kind;
}

const char *
ofm_conf_where(const struct ofm_conf *c)
{
    return c->where;
}

const char *
ofm_conf_scalar(const struct ofm_conf *c)
{
    return c && c->kind == OFM_CONF_SCALAR ? c->scalar : NULL;
}

size_t
ofm_conf_count(const struct ofm_conf *c)
{
    return c && c->kind != OFM_CONF_SCALAR ? c->n : 0;
}

const struct ofm_conf *
ofm_conf_at(const struct ofm_conf *c, size_t i, const char **key)
{
    if (!c || c->kind == OFM_CONF_SCALAR || i >= c->n) {
        return NULL;
    }
    if (key) {
        *key = c->keys ? c->keys[i] : NULL;
    }
    return c->items[i];
}

const char *
ofm_conf_key_where(const struct ofm_conf *c, size_t i)
{
    return c && c->kind == OFM_CONF_MAP && i < c->n ? c->key_where[i] : NULL;
}

const struct ofm_conf *
ofm_conf_get(const struct ofm_conf *c, const char *key)
{
    if (!c || c->kind != OFM_CONF_MAP) {
        return NULL;
    }
    for (size_t i = 0; i < c->n; i++) {
        if (!strcmp(c->keys[i], key)) {
            return c->items[i];
        }
    }
    return NULL;
}

static const char *
need_scalar(const struct ofm_conf *c, const char *what, char *err, size_t err_size)
{
    if (c->kind != OFM_CONF_SCALAR) {
        ofm_err_printf(err, err_size, "%s: expected %s, found a %s", c->where, what,
                       c->kind == OFM_CONF_MAP ? "map" : "list");
        return NULL;
    }
    return c->scalar;
}

int
ofm_conf_to_int(const struct ofm_conf *c, long long min, long long max,
                long long *out, char *err, size_t err_size)
{
    const char *s = need_scalar(c, "an integer", err, err_size);
    if (!s) {
        return EINVAL;
    }

    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 0);
    if (!*s || *end || errno) {
        ofm_err_printf(err, err_size, "%s: '%s' is not an integer", c->where, s);
        return EINVAL;
    }
    if (v < min || v > max) {
        ofm_err_printf(err, err_size, "%s: %lld is out of range [%lld, %lld]",
                       c->where, v, min, max);
        return EINVAL;
    }
    *out = v;
    return 0;
}

int
ofm_conf_to_double(const struct ofm_conf *c, double min, double max,
                   double *out, char *err, size_t err_size)
{
    const char *s = need_scalar(c, "a number", err, err_size);
    if (!s) {
        return EINVAL;
    }

    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (!*s || *end || errno || isnan(v)) {
        ofm_err_printf(err, err_size, "%s: '%s' is not a number", c->where, s);
        return EINVAL;
    }
    if (v < min || v > max) {
        ofm_err_printf(err, err_size, "%s: %g is out of range [%g, %g]", c->where, v, min, max);
        return EINVAL;
    }
    *out = v;
    return 0;
}

int
ofm_conf_to_bool(const struct ofm_conf *c, bool *out, char *err, size_t err_size)
{
    static const char *const yes[] = { "true", "yes", "on", "1" };
    static const char *const no[] = { "false", "no", "off", "0" };
    const char *s = need_scalar(c, "true or false", err, err_size);
    if (!s) {
        return EINVAL;
    }
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
        if (!strcasecmp(s, yes[i])) {
            *out = true;
            return 0;
        }
        if (!strcasecmp(s, no[i])) {
            *out = false;
            return 0;
        }
    }
    ofm_err_printf(err, err_size, "%s: '%s' is not true or false", c->where, s);
    return EINVAL;
}

int
ofm_conf_to_dpid(const struct ofm_conf *c, uint64_t *out, char *err, size_t err_size)
{
    const char *s = need_scalar(c, "a datapath id", err, err_size);
    if (!s) {
        return EINVAL;
    }

    size_t len = strlen(s);
    char *end;
    errno = 0;
    /* Sixteen hex digits is how Ryu and ovs-ofctl print a dpid. */
    unsigned long long v = (len == 16 && s[0] != '-'
                            ? strtoull(s, &end, 16)
                            : strtoull(s, &end, 0));
    if (!len || *end || errno || s[0] == '-') {
        ofm_err_printf(err, err_size, "%s: '%s' is not a datapath id (16 hex digits, "
                       "or an integer)", c->where, s);
        return EINVAL;
    }
    *out = v;
    return 0;
}

int
ofm_conf_get_int(const struct ofm_conf *map, const char *key, long long min,
                 long long max, long long *out, char *err, size_t err_size)
{
    const struct ofm_conf *c = ofm_conf_get(map, key);
    return c ? ofm_conf_to_int(c, min, max, out, err, err_size) : 0;
}

int
ofm_conf_get_double(const struct ofm_conf *map, const char *key, double min,
                    double max, double *out, char *err, size_t err_size)
{
    const struct ofm_conf *c = ofm_conf_get(map, key);
    return c ? ofm_conf_to_double(c, min, max, out, err, err_size) : 0;
}

int
ofm_conf_get_bool(const struct ofm_conf *map, const char *key, bool *out,
                  char *err, size_t err_size)
{
    const struct ofm_conf *c = ofm_conf_get(map, key);
    return c ? ofm_conf_to_bool(c, out, err, err_size) : 0;
}

int
ofm_conf_get_string(const struct ofm_conf *map, const char *key,
                    const char **out, char *err, size_t err_size)
{
    const struct ofm_conf *c = ofm_conf_get(map, key);
    if (!c) {
        return 0;
    }
    const char *s = need_scalar(c, "a string", err, err_size);
    if (!s) {
        return EINVAL;
    }
    *out = s;
    return 0;
}

int
ofm_conf_check_keys(const struct ofm_conf *map, const char *const *known,
                    char *err, size_t err_size)
{
    if (map->kind != OFM_CONF_MAP) {
        ofm_err_printf(err, err_size, "%s: expected a map of settings", map->where);
        return EINVAL;
    }
    for (size_t i = 0; i < map->n; i++) {
        const char *const *k;
        for (k = known; *k; k++) {
            if (!strcmp(*k, map->keys[i])) {
                break;
            }
        }
        if (!*k) {
            ofm_err_printf(err, err_size, "%s: unknown key '%s'", map->key_where[i],
                           map->keys[i]);
            return EINVAL;
        }
    }
    return 0;
}

int
ofm_conf_section_list(const struct ofm_conf *section, const char *name,
                      const char *key, const struct ofm_conf **list,
                      char *err, size_t err_size)
{
    *list = NULL;
    if (!section) {
        return 0;
    }
    if (section->kind != OFM_CONF_MAP) {
        ofm_err_printf(err, err_size, "%s: %s: expected a map (%s)", section->where,
                       name, key);
        return EINVAL;
    }
    const char *const known[] = { key, NULL };
    if (ofm_conf_check_keys(section, known, err, err_size)) {
        return EINVAL;
    }
    const struct ofm_conf *value = ofm_conf_get(section, key);
    if (value && value->kind != OFM_CONF_SEQ) {
        ofm_err_printf(err, err_size, "%s: %s: %s: expected a list of %s", value->where,
                       name, key, key);
        return EINVAL;
    }
    *list = value;
    return 0;
}
