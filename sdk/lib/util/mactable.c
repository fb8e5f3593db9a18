/* A (datapath, MAC) -> port table with open addressing. */
#include <config.h>
#include "ofm/mactable.h"

#include <stdlib.h>
#include <string.h>

enum slot_state { FREE, USED, DEAD };

struct ofm_mactable_entry {
    uint64_t dpid;
    uint8_t mac[6];
    uint8_t state;
    uint32_t port;
};

/* One multiply-xorshift round over the datapath id and the MAC read as a
 * 48-bit number: a byte-at-a-time hash was a few percent of the switching
 * hub's cost per packet-in (tests/bench/RESULTS.md). */
static size_t
hash(uint64_t dpid, const uint8_t mac[6])
{
    uint64_t m = ((uint64_t) mac[0] << 40 | (uint64_t) mac[1] << 32
                  | (uint64_t) mac[2] << 24 | (uint64_t) mac[3] << 16
                  | (uint64_t) mac[4] << 8 | mac[5]);
    uint64_t h = (dpid * 0x9e3779b97f4a7c15ULL) ^ m;
    h *= 0xbf58476d1ce4e5b9ULL;
    return (size_t) (h ^ (h >> 31));
}

void
ofm_mactable_init(struct ofm_mactable *t)
{
    memset(t, 0, sizeof *t);
}

void
ofm_mactable_free(struct ofm_mactable *t)
{
    if (t) {
        free(t->slots);
        memset(t, 0, sizeof *t);
    }
}

/* The slot holding the key, or NULL. */
static struct ofm_mactable_entry *
find(const struct ofm_mactable *t, uint64_t dpid, const uint8_t mac[6])
{
    if (!t->n_slots) {
        return NULL;
    }
    size_t mask = t->n_slots - 1;
    for (size_t i = hash(dpid, mac) & mask;; i = (i + 1) & mask) {
        struct ofm_mactable_entry *e = &t->slots[i];
        if (e->state == FREE) {
            return NULL;
        }
        if (e->state == USED && e->dpid == dpid && !memcmp(e->mac, mac, 6)) {
            return e;
        }
    }
}

static void
insert(struct ofm_mactable *t, uint64_t dpid, const uint8_t mac[6], uint32_t port)
{
    size_t mask = t->n_slots - 1;
    size_t i = hash(dpid, mac) & mask;
    while (t->slots[i].state == USED) {
        i = (i + 1) & mask;
    }
    struct ofm_mactable_entry *e = &t->slots[i];
    if (e->state == DEAD) {
        t->n_dead--;
    }
    e->dpid = dpid;
    memcpy(e->mac, mac, 6);
    e->port = port;
    e->state = USED;
    t->n++;
}

/* Rebuilds with room for growth, dropping deleted markers. */
static void
rehash(struct ofm_mactable *t, size_t n_slots)
{
    struct ofm_mactable_entry *old = t->slots;
    size_t n_old = t->n_slots;

    t->slots = calloc(n_slots, sizeof *t->slots);
    if (!t->slots) {
        abort();
    }
    t->n_slots = n_slots;
    t->n = t->n_dead = 0;
    for (size_t i = 0; i < n_old; i++) {
        if (old[i].state == USED) {
            insert(t, old[i].dpid, old[i].mac, old[i].port);
        }
    }
    free(old);
}

bool
ofm_mactable_learn(struct ofm_mactable *t, uint64_t dpid, const uint8_t mac[6],
                   uint32_t port)
{
    struct ofm_mactable_entry *e = find(t, dpid, mac);
    if (e) {
        if (e->port == port) {
            return false;
        }
        e->port = port;
        return true;
    }
    if (t->n >= OFM_MACTABLE_MAX) {
        return false;
    }
    /* Keep the load (live and deleted) under 3/4 so probes stay short. */
    if ((t->n + t->n_dead + 1) * 4 > t->n_slots * 3) {
        size_t n = t->n_slots ? t->n_slots : 64;
        while ((t->n + 1) * 2 > n) {
            n *= 2;
        }
        rehash(t, n);
    }
    insert(t, dpid, mac, port);
    return true;
}

bool
ofm_mactable_lookup(const struct ofm_mactable *t, uint64_t dpid,
                    const uint8_t mac[6], uint32_t *port)
{
    const struct ofm_mactable_entry *e = find(t, dpid, mac);
    if (e) {
        *port = e->port;
    }
    return e != NULL;
}

size_t
ofm_mactable_flush_dp(struct ofm_mactable *t, uint64_t dpid)
{
    size_t n = 0;
    for (size_t i = 0; i < t->n_slots; i++) {
        if (t->slots[i].state == USED && t->slots[i].dpid == dpid) {
            t->slots[i].state = DEAD;
            t->n--;
            t->n_dead++;
            n++;
        }
    }
    return n;
}
