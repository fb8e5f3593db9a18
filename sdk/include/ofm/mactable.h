/* ofm/mactable.h: a learning table of (datapath, MAC) -> port, what a
 * switching hub learns from source addresses.
 *
 * Open addressing with linear probing; no allocation per lookup or per
 * re-learn, one allocation when the table grows.  The table is bounded
 * (OFM_MACTABLE_MAX entries): when full, learning a new address fails
 * rather than growing without limit under a MAC flood. */
#ifndef OFM_MACTABLE_H
#define OFM_MACTABLE_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define OFM_MACTABLE_MAX (1u << 20)

struct ofm_mactable_entry;
struct ofm_mactable {
    struct ofm_mactable_entry *slots;
    size_t n_slots;             /* A power of 2, or 0. */
    size_t n;                   /* Entries in use. */
    size_t n_dead;              /* Deleted markers. */
};

void ofm_mactable_init(struct ofm_mactable *);
void ofm_mactable_free(struct ofm_mactable *);
/* Records that 'mac' was seen on 'port' of datapath 'dpid'.  Returns true
 * if the entry is new or its port changed, false if unchanged or the table
 * is full. */
bool ofm_mactable_learn(struct ofm_mactable *, uint64_t dpid, const uint8_t mac[6],
                        uint32_t port);
/* Finds the port 'mac' was last seen on; false if unknown. */
bool ofm_mactable_lookup(const struct ofm_mactable *, uint64_t dpid,
                         const uint8_t mac[6], uint32_t *port);
/* Forgets everything learned on datapath 'dpid'; returns how many. */
size_t ofm_mactable_flush_dp(struct ofm_mactable *, uint64_t dpid);
/* Number of entries. */
static inline size_t ofm_mactable_count(const struct ofm_mactable *t) { return t->n; }

#ifdef __cplusplus
}
#endif

#endif /* ofm/mactable.h */
