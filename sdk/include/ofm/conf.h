/* ofm/conf.h: read access to the YAML configuration.
 *
 * The manager parses the configuration file once into a tree of nodes
 * (maps, sequences, scalars), each remembering its file, line and column.
 * Plugins read their section with these getters; every getter that fails
 * writes a message naming the file, line, column and key into 'err', so a
 * plugin can fail init() with it verbatim. The tree lives until exit. */
#ifndef OFM_CONF_H
#define OFM_CONF_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct ofm_conf;

enum ofm_conf_kind { OFM_CONF_SCALAR, OFM_CONF_MAP, OFM_CONF_SEQ };

enum ofm_conf_kind ofm_conf_kind(const struct ofm_conf *);
/* "FILE:LINE:COLUMN" of the node. */
const char *ofm_conf_where(const struct ofm_conf *);
/* A scalar's text; NULL for maps and sequences. */
const char *ofm_conf_scalar(const struct ofm_conf *);
/* Number of entries of a map or sequence (0 for a scalar). */
size_t ofm_conf_count(const struct ofm_conf *);
/* The i'th element of a sequence, or value of a map (with its key in
 * '*key' if nonnull); NULL if out of range. */
const struct ofm_conf *ofm_conf_at(const struct ofm_conf *, size_t i, const char **key);
/* "FILE:LINE:COLUMN" of the i'th key of a map (NULL if none). */
const char *ofm_conf_key_where(const struct ofm_conf *map, size_t i);
/* The value of 'key' in a map; NULL if absent or not a map. */
const struct ofm_conf *ofm_conf_get(const struct ofm_conf *, const char *key);

/* Typed reads of a scalar node.  Return 0, or EINVAL after writing
 * "FILE:LINE:COLUMN: WHAT" into 'err'. */
int ofm_conf_to_int(const struct ofm_conf *, long long min, long long max,
                    long long *out, char *err, size_t err_size);
int ofm_conf_to_double(const struct ofm_conf *, double min, double max,
                       double *out, char *err, size_t err_size);
int ofm_conf_to_bool(const struct ofm_conf *, bool *out, char *err, size_t err_size);
/* A datapath id: 16 hex digits ("0000000000000001"), or a decimal or
 * 0x-prefixed integer. */
int ofm_conf_to_dpid(const struct ofm_conf *, uint64_t *out, char *err, size_t err_size);

/* Reads the optional 'key' of map 'map' with the typed reader; leaves
 * '*out' alone when the key is absent. */
int ofm_conf_get_int(const struct ofm_conf *map, const char *key, long long min,
                     long long max, long long *out, char *err, size_t err_size);
int ofm_conf_get_double(const struct ofm_conf *map, const char *key, double min,
                        double max, double *out, char *err, size_t err_size);
int ofm_conf_get_bool(const struct ofm_conf *map, const char *key, bool *out,
                      char *err, size_t err_size);
int ofm_conf_get_string(const struct ofm_conf *map, const char *key,
                        const char **out, char *err, size_t err_size);
/* Checks that every key of 'map' is one of the NULL-terminated 'known';
 * EINVAL naming the first stray key otherwise (typos fail loudly). */
int ofm_conf_check_keys(const struct ofm_conf *map, const char *const *known,
                        char *err, size_t err_size);

/* The one list of a plugin's section, as "lacp: {bonds: [...]}" or
 * "stp: {bridges: [...]}": 'section' (may be NULL: no section) must be a
 * map whose only key is 'key', and that key's value a list.  Sets '*list'
 * to it, or to NULL where the section or the key is absent, and returns
 * 0; EINVAL with "FILE:LINE:COLUMN: NAME: ..." in 'err' otherwise. */
int ofm_conf_section_list(const struct ofm_conf *section, const char *name,
                          const char *key, const struct ofm_conf **list,
                          char *err, size_t err_size);

/* Parses a YAML file into a tree (for the manager and tests). Returns NULL
 * after writing "FILE:LINE:COLUMN: REASON" into 'err'. */
struct ofm_conf *ofm_conf_load(const char *path, char *err, size_t err_size);
/* The same from a string, 'name' standing for the file in messages. */
struct ofm_conf *ofm_conf_parse(const char *name, const char *text, size_t size,
                                char *err, size_t err_size);
void ofm_conf_free(struct ofm_conf *);

#ifdef __cplusplus
}
#endif

#endif /* ofm/conf.h */
