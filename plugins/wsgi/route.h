/* Path templates and route matching of the wsgi context, without HTTP,
 * so that the unit tests and the fuzzer drive them directly. */
#ifndef WSGI_ROUTE_H
#define WSGI_ROUTE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ROUTE_MAX_SEGS 32
#define ROUTE_MAX_VARS 16

enum route_seg_kind { SEG_LIT, SEG_STR, SEG_INT, SEG_DPID };

struct route_seg {
    enum route_seg_kind kind;
    char *text;                 /* The literal, or the variable's name. */
};

struct route_tmpl {
    struct route_seg segs[ROUTE_MAX_SEGS];
    size_t n_segs;
};

/* A variable of a matched path. */
struct route_var {
    const char *name;           /* Borrowed from the template. */
    const char *text;           /* Borrowed from the split path. */
    enum route_seg_kind kind;
    uint64_t value;             /* SEG_INT, SEG_DPID. */
};

/* A request path cut into segments (in a private copy). */
struct route_path {
    char *buf;
    const char *segs[ROUTE_MAX_SEGS];
    size_t n_segs;
};

/* Parses 'text'; 0, or EINVAL with the reason in 'err'. */
int route_tmpl_parse(struct route_tmpl *, const char *text, char *err, size_t err_size);
void route_tmpl_destroy(struct route_tmpl *);
/* Same shape: same number of segments, equal literals at the same
 * places, variables at the same places. */
bool route_tmpl_same_shape(const struct route_tmpl *, const struct route_tmpl *);
/* Splits 'path' ("/a/b"): 0, or EINVAL (not absolute, too many
 * segments). */
int route_path_split(struct route_path *, const char *path);
void route_path_destroy(struct route_path *);
/* Whether the literals of 'tmpl' match 'path' (types unchecked). */
bool route_tmpl_matches(const struct route_tmpl *, const struct route_path *);
/* Compares two templates matching the same path: >0 if 'a' is the more
 * specific (a literal where 'b' has a variable, first from the left). */
int route_tmpl_cmp(const struct route_tmpl *a, const struct route_tmpl *b);
/* Fills 'vars' for 'path' (which route_tmpl_matches()); returns the
 * number of variables, or -1 with the offending variable's name in
 * '*bad' and the reason in 'err'. */
int route_bind(const struct route_tmpl *, const struct route_path *,
               struct route_var vars[ROUTE_MAX_VARS], const char **bad,
               char *err, size_t err_size);
/* The typed parsers behind {x:dpid} and {x:int}. */
bool route_parse_dpid(const char *, uint64_t *);
bool route_parse_int(const char *, uint64_t *);

#endif
