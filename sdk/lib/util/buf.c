/* buf.c: growable byte buffers (struct ofm_buf).
 *
 * The bounded reader (struct ofm_rd) is entirely inline in ofm/buf.h; this
 * file holds the writer's out-of-line half: growing from a caller's stub to
 * the heap, appending, padding and consuming. */
#include "ofm/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Smallest heap allocation, so that tiny buffers do not realloc on every
 * put. */
#define OFM_BUF_MIN_ALLOC 64

/* Reports an out-of-memory condition and stops: libofm never returns
 * ENOMEM from a buffer operation (see ofm/buf.h). */
static void
out_of_memory(size_t n)
{
    fprintf(stderr, "libofm: out of memory allocating %zu bytes\n", n);
    abort();
}

void
ofm_buf_init(struct ofm_buf *b)
{
    b->data = NULL;
    b->size = 0;
    b->allocated = 0;
    b->heap = false;
}

void
ofm_buf_use_stub(struct ofm_buf *b, void *stub, size_t size)
{
    b->data = stub;
    b->size = 0;
    b->allocated = size;
    b->heap = false;
}

void
ofm_buf_uninit(struct ofm_buf *b)
{
    if (!b) {
        return;
    }
    if (b->heap) {
        free(b->data);
    }
    ofm_buf_init(b);
}

/* Moves 'b' to a heap block of at least 'need' bytes, keeping its content.
 * Grows geometrically so that a sequence of puts costs amortized O(1) per
 * byte. */
static void
buf_grow(struct ofm_buf *b, size_t need)
{
    size_t alloc = b->allocated > SIZE_MAX / 2 ? SIZE_MAX : b->allocated * 2;
    if (alloc < need) {
        alloc = need;
    }
    if (alloc < OFM_BUF_MIN_ALLOC) {
        alloc = OFM_BUF_MIN_ALLOC;
    }

    uint8_t *p;
    if (b->heap) {
        p = realloc(b->data, alloc);
        if (!p) {
            out_of_memory(alloc);
        }
    } else {
        p = malloc(alloc);
        if (!p) {
            out_of_memory(alloc);
        }
        if (b->size) {
            memcpy(p, b->data, b->size);
        }
    }
    b->data = p;
    b->allocated = alloc;
    b->heap = true;
}

/* The slow half of reserve(): grows 'b' for 'n' more bytes. */
static void
buf_make_room(struct ofm_buf *b, size_t n)
{
    if (n > SIZE_MAX - b->size) {
        out_of_memory(SIZE_MAX);
    }
    buf_grow(b, b->size + n);
}

/* Makes room for 'n' more bytes.  Inline, and not ofm_buf_reserve(): the
 * puts below are on every encoder's path, and a call through the exported
 * symbol would cost a PLT indirection per put. */
static inline void
reserve(struct ofm_buf *b, size_t n)
{
    if (n > b->allocated - b->size) {
        buf_make_room(b, n);
    }
}

void
ofm_buf_reserve(struct ofm_buf *b, size_t n)
{
    reserve(b, n);
}

/* ofm_buf_put_uninit(), inline for the puts of this file. */
static inline void *
put_uninit(struct ofm_buf *b, size_t n)
{
    reserve(b, n);
    if (!b->data) {
        return NULL;
    }
    void *p = b->data + b->size;
    b->size += n;
    return p;
}

void *
ofm_buf_put_uninit(struct ofm_buf *b, size_t n)
{
    return put_uninit(b, n);
}

void *
ofm_buf_put_zeros(struct ofm_buf *b, size_t n)
{
    void *p = put_uninit(b, n);
    if (n) {
        memset(p, 0, n);
    }
    return p;
}

void *
ofm_buf_put(struct ofm_buf *b, const void *p, size_t n)
{
    void *dst = put_uninit(b, n);
    if (n) {
        memcpy(dst, p, n);
    }
    return dst;
}

void
ofm_buf_put_u8(struct ofm_buf *b, uint8_t v)
{
    uint8_t *p = put_uninit(b, 1);
    p[0] = v;
}

void
ofm_buf_put_be16(struct ofm_buf *b, uint16_t v)
{
    ofm_put16(put_uninit(b, 2), v);
}

void
ofm_buf_put_be32(struct ofm_buf *b, uint32_t v)
{
    ofm_put32(put_uninit(b, 4), v);
}

void
ofm_buf_put_be64(struct ofm_buf *b, uint64_t v)
{
    ofm_put64(put_uninit(b, 8), v);
}

void
ofm_buf_pad(struct ofm_buf *b, size_t start, size_t align)
{
    if (align <= 1 || start > b->size) {
        return;
    }
    size_t rem = (b->size - start) % align;
    if (rem) {
        memset(put_uninit(b, align - rem), 0, align - rem);
    }
}

/* The struct keeps no separate base pointer, so consuming moves what is
 * left to the front of the allocation: O(remaining bytes).  Callers that
 * take several messages off a buffer should consume once per batch, not
 * once per message. */
void
ofm_buf_consume(struct ofm_buf *b, size_t n)
{
    if (n >= b->size) {
        b->size = 0;
        return;
    }
    memmove(b->data, b->data + n, b->size - n);
    b->size -= n;
}
