/* hotpath.h: inline forms of a few libofm functions, for the encoders and
 * decoders that run once per message (private to libofm, not installed).
 *
 * Calls from one libofm file to another's exported ofm_* function go
 * through the PLT and are never inlined; on the packet-in -> flow-mod path
 * that indirection per put was a measurable share of the cost (see
 * tests/bench/RESULTS.md).  The slow halves (growing a buffer) stay out of
 * line. */
#ifndef OFM_HOTPATH_H
#define OFM_HOTPATH_H 1

#include <stdint.h>
#include <string.h>

#include "ofm/buf.h"
#include "ofm/ofp.h"

/* ofm_buf_put_uninit(): appends 'n' uninitialized bytes and returns them. */
static inline uint8_t *
hot_put_uninit(struct ofm_buf *b, size_t n)
{
    if (n > b->allocated - b->size) {
        ofm_buf_reserve(b, n);
    }
    uint8_t *p = b->data + b->size;
    b->size += n;
    return p;
}

/* ofm_buf_put_zeros(). */
static inline uint8_t *
hot_put_zeros(struct ofm_buf *b, size_t n)
{
    uint8_t *p = hot_put_uninit(b, n);
    memset(p, 0, n);
    return p;
}

/* ofm_buf_put(). */
static inline void
hot_put(struct ofm_buf *b, const void *data, size_t n)
{
    if (n) {
        memcpy(hot_put_uninit(b, n), data, n);
    }
}

/* ofm_port_to_of10(): 32-bit port numbers to 1.0's 16 bits; OFPP10_NONE
 * for a number 1.0 cannot express. */
static inline uint16_t
hot_port_to_of10(uint32_t port)
{
    if (port < OFPP10_MAX) {
        return (uint16_t) port;
    }
    return port >= OFPP_MAX ? (uint16_t) (port - 0xffff0000u) : OFPP10_NONE;
}

/* ofm_port_from_of10(). */
static inline uint32_t
hot_port_from_of10(uint16_t port)
{
    return port < OFPP10_MAX ? port : (uint32_t) port + 0xffff0000u;
}

#endif /* hotpath.h */
