/* ofm/buf.h: growable byte buffers for building wire messages, and a
 * bounded reader for parsing them.
 *
 * Writing: a struct ofm_buf holds 'size' bytes of content at 'data' inside an
 * allocation of 'allocated' bytes.  It may start on a caller's stack stub and
 * moves to the heap only when the stub is too small, so the common case does
 * no allocation.  Pointers into a buffer are invalidated by any call that
 * grows it: keep offsets, not pointers, across puts.
 *
 * Reading: a struct ofm_rd walks a byte range.  Every getter checks the
 * remaining length; reading past the end returns zeros and sets a sticky
 * error flag, so a decoder can read a whole structure and check once.
 * Nothing in the reader ever touches a byte outside [p, p + left). */
#ifndef OFM_BUF_H
#define OFM_BUF_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

struct ofm_buf {
    uint8_t *data;      /* First byte of content. */
    size_t size;        /* Bytes of content. */
    size_t allocated;   /* Bytes available at 'data'. */
    bool heap;          /* 'data' was malloc()ed by us and must be freed. */
};

/* Initializes 'b' empty, on the heap once something is put. */
void ofm_buf_init(struct ofm_buf *b);
/* Initializes 'b' empty, writing into 'stub' (of 'size' bytes) until it
 * needs more, then moving to the heap.  'stub' must outlive 'b'. */
void ofm_buf_use_stub(struct ofm_buf *b, void *stub, size_t size);
/* Frees what 'b' allocated.  Accepts NULL.  'b' may be reused after
 * ofm_buf_init(). */
void ofm_buf_uninit(struct ofm_buf *b);
/* Empties 'b', keeping its allocation. */
static inline void ofm_buf_clear(struct ofm_buf *b) { b->size = 0; }

/* Makes room for 'n' more bytes after the content. Aborts only on out of
 * memory (as every allocation in libofm does). */
void ofm_buf_reserve(struct ofm_buf *b, size_t n);

/* Appends 'n' bytes and returns a pointer to them (uninitialized, zeroed,
 * or copied from 'p'). The pointer is valid until 'b' grows again. */
void *ofm_buf_put_uninit(struct ofm_buf *b, size_t n);
void *ofm_buf_put_zeros(struct ofm_buf *b, size_t n);
void *ofm_buf_put(struct ofm_buf *b, const void *p, size_t n);

/* Appends integers in network byte order. */
void ofm_buf_put_u8(struct ofm_buf *b, uint8_t v);
void ofm_buf_put_be16(struct ofm_buf *b, uint16_t v);
void ofm_buf_put_be32(struct ofm_buf *b, uint32_t v);
void ofm_buf_put_be64(struct ofm_buf *b, uint64_t v);

/* Pads the content with zeros to a multiple of 'align' bytes, counted from
 * offset 'start'. */
void ofm_buf_pad(struct ofm_buf *b, size_t start, size_t align);

/* Returns a pointer to 'n' bytes at 'offset', or NULL if that range is not
 * inside the content. */
static inline void *
ofm_buf_at(const struct ofm_buf *b, size_t offset, size_t n)
{
    return offset <= b->size && n <= b->size - offset ? b->data + offset : NULL;
}

/* Removes the first 'n' bytes of content (n <= size). */
void ofm_buf_consume(struct ofm_buf *b, size_t n);

/* Big-endian stores and loads at any alignment.  Written as one memcpy()
 * of a byte-swapped value, which compilers turn into a single move (plus a
 * bswap): byte-at-a-time forms were not merged and cost a tenth of the
 * instructions of an encoded FLOW_MOD. */
#if defined __BYTE_ORDER__ && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define OFM_BE16_(X) __builtin_bswap16(X)
#define OFM_BE32_(X) __builtin_bswap32(X)
#define OFM_BE64_(X) __builtin_bswap64(X)
#else
#define OFM_BE16_(X) (X)
#define OFM_BE32_(X) (X)
#define OFM_BE64_(X) (X)
#endif
static inline void
ofm_put16(uint8_t *p, uint16_t v)
{
    v = OFM_BE16_(v);
    memcpy(p, &v, sizeof v);
}
static inline void
ofm_put32(uint8_t *p, uint32_t v)
{
    v = OFM_BE32_(v);
    memcpy(p, &v, sizeof v);
}
static inline void
ofm_put64(uint8_t *p, uint64_t v)
{
    v = OFM_BE64_(v);
    memcpy(p, &v, sizeof v);
}
static inline uint16_t
ofm_get16(const uint8_t *p)
{
    uint16_t v;
    memcpy(&v, p, sizeof v);
    return OFM_BE16_(v);
}
static inline uint32_t
ofm_get32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return OFM_BE32_(v);
}
static inline uint64_t
ofm_get64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return OFM_BE64_(v);
}

/* A bounded reader over [p, p + left). */
struct ofm_rd {
    const uint8_t *p;
    size_t left;
    bool error;         /* Set by any read past the end; never cleared. */
};

static inline struct ofm_rd
ofm_rd_init(const void *p, size_t n)
{
    struct ofm_rd rd = { (const uint8_t *) p, n, false };
    return rd;
}

/* Returns a pointer to the next 'n' bytes and skips them, or NULL (setting
 * the error flag) if fewer than 'n' remain. */
static inline const uint8_t *
ofm_rd_pull(struct ofm_rd *rd, size_t n)
{
    if (rd->error || n > rd->left) {
        rd->error = true;
        return NULL;
    }
    const uint8_t *p = rd->p;
    rd->p += n;
    rd->left -= n;
    return p;
}

static inline bool ofm_rd_skip(struct ofm_rd *rd, size_t n) { return ofm_rd_pull(rd, n) != NULL; }
static inline uint8_t
ofm_rd_u8(struct ofm_rd *rd)
{
    const uint8_t *p = ofm_rd_pull(rd, 1);
    return p ? p[0] : 0;
}
static inline uint16_t
ofm_rd_be16(struct ofm_rd *rd)
{
    const uint8_t *p = ofm_rd_pull(rd, 2);
    return p ? ofm_get16(p) : 0;
}
static inline uint32_t
ofm_rd_be32(struct ofm_rd *rd)
{
    const uint8_t *p = ofm_rd_pull(rd, 4);
    return p ? ofm_get32(p) : 0;
}
static inline uint64_t
ofm_rd_be64(struct ofm_rd *rd)
{
    const uint8_t *p = ofm_rd_pull(rd, 8);
    return p ? ofm_get64(p) : 0;
}
/* Copies the next 'n' bytes into 'dst' (zeros when short). */
static inline void
ofm_rd_copy(struct ofm_rd *rd, void *dst, size_t n)
{
    const uint8_t *p = ofm_rd_pull(rd, n);
    if (p) {
        memcpy(dst, p, n);
    } else {
        memset(dst, 0, n);
    }
}
/* Splits off a sub-reader over the next 'n' bytes. */
static inline struct ofm_rd
ofm_rd_sub(struct ofm_rd *rd, size_t n)
{
    const uint8_t *p = ofm_rd_pull(rd, n);
    struct ofm_rd sub = { p, p ? n : 0, p == NULL };
    return sub;
}

#ifdef __cplusplus
}
#endif

#endif /* ofm/buf.h */
