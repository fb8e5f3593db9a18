/* packet-private.h: what the files of the packet library share.
 *
 * Each protocol provides a struct pkt_ops: parse (wire -> struct), defaults
 * (Ryu's constructor defaults), write (struct -> wire, lengths and
 * checksums as given), fix (fill zero lengths and checksums once the
 * payload is in place), describe (struct -> value tree, for the text and
 * JSON forms) and from_json (JSON fields -> struct).
 *
 * The value tree ("pv") mirrors Python values as Ryu's StringifyMixin sees
 * them: ints, floats, text, bytes, None, lists, tuples and objects with a
 * class name and named attributes.  One tree renders both as Ryu's repr
 * text and as its to_jsondict() JSON.
 *
 * None of these symbols is exported from libofm (they lack the ofm_
 * prefix); they carry the ofmpkt_ prefix to stay out of others' way in
 * static builds. */
#ifndef OFM_PACKET_PRIVATE_H
#define OFM_PACKET_PRIVATE_H 1

#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ofm/buf.h"
#include "ofm/packet.h"

/* ---- Value trees. ---- */

/* PV_STR64 is text that Ryu's JSON encoder turns into base64 (a str
 * attribute without an 'ascii' type annotation, like VRRP's addresses). */
enum pv_kind {
    PV_INT, PV_FLOAT, PV_STR, PV_STR64, PV_BYTES, PV_NULL, PV_LIST, PV_TUPLE, PV_OBJ,
};

struct pv {
    enum pv_kind kind;
    const char *key;            /* Attribute name inside an object. */
    struct pv *next;            /* Next sibling in the container. */
    union {
        int64_t i;
        double f;
        struct {
            const uint8_t *p;
            size_t n;
        } s;                    /* PV_STR (bytes as latin-1), PV_BYTES. */
        struct {
            const char *cls;    /* PV_OBJ only. */
            struct pv *first, *last;
        } c;
    } u;
};

struct pv_block;
struct pv_ctx {
    struct pv_block *blocks;
};

void ofmpkt_pv_init(struct pv_ctx *);
void ofmpkt_pv_free(struct pv_ctx *);
void *ofmpkt_pv_alloc(struct pv_ctx *, size_t);

struct pv *ofmpkt_pv_obj(struct pv_ctx *, const char *cls);
struct pv *ofmpkt_pv_list(struct pv_ctx *);
struct pv *ofmpkt_pv_tuple(struct pv_ctx *);
struct pv *ofmpkt_pv_int(struct pv_ctx *, int64_t);
struct pv *ofmpkt_pv_float(struct pv_ctx *, double);
struct pv *ofmpkt_pv_null(struct pv_ctx *);
struct pv *ofmpkt_pv_str(struct pv_ctx *, const char *);          /* Copied. */
struct pv *ofmpkt_pv_strn(struct pv_ctx *, const void *, size_t);  /* Copied. */
struct pv *ofmpkt_pv_bytes(struct pv_ctx *, const void *, size_t); /* Copied. */
struct pv *ofmpkt_pv_str64(struct pv_ctx *, const char *);        /* Copied. */
struct pv *ofmpkt_pv_mac(struct pv_ctx *, const uint8_t mac[6]);
struct pv *ofmpkt_pv_ip4(struct pv_ctx *, uint32_t);
struct pv *ofmpkt_pv_ip6(struct pv_ctx *, const uint8_t ip[16]);
/* Adds 'v' to object or list 'c' (key ignored for lists); returns 'v'. */
struct pv *ofmpkt_pv_add(struct pv *c, const char *key, struct pv *v);

/* Shorthands: add an attribute to object 'o'. */
#define PV_SET_INT(CTX, O, K, V)  ofmpkt_pv_add(O, K, ofmpkt_pv_int(CTX, V))
#define PV_SET_MAC(CTX, O, K, V)  ofmpkt_pv_add(O, K, ofmpkt_pv_mac(CTX, V))
#define PV_SET_IP4(CTX, O, K, V)  ofmpkt_pv_add(O, K, ofmpkt_pv_ip4(CTX, V))
#define PV_SET_IP6(CTX, O, K, V)  ofmpkt_pv_add(O, K, ofmpkt_pv_ip6(CTX, V))
#define PV_SET_NULL(CTX, O, K)    ofmpkt_pv_add(O, K, ofmpkt_pv_null(CTX))
#define PV_SET_BYTES(CTX, O, K, P, N) ofmpkt_pv_add(O, K, ofmpkt_pv_bytes(CTX, P, N))
/* Bytes, or None when empty. */
struct pv *ofmpkt_pv_bytes_or_null(struct pv_ctx *, const void *, size_t);

/* Renders 'v' as Python repr text (appended to 'out', no NUL). */
void ofmpkt_pv_to_text(const struct pv *v, struct ofm_buf *out);
/* Renders 'v' as Ryu's to_jsondict() JSON (new reference). */
json_t *ofmpkt_pv_to_json(const struct pv *v);

/* ---- Reading JSON. ---- */

struct jctx {
    struct ofm_packet *pkt;     /* Owns what gets allocated. */
    const char *where;          /* Class being read, for messages. */
    char *err;
    size_t err_size;
    int error;                  /* Sticky: first error wins. */
};

/* Records an error (EINVAL) with a printf-style message prefixed by
 * 'where'; returns EINVAL. */
int ofmpkt_jerr(struct jctx *, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Each getter reads field 'key' of object 'o'; a missing field (or JSON
 * null where noted) leaves '*out' as it is.  Errors are recorded in 'j'
 * and also returned. */
int ofmpkt_j_uint(struct jctx *, const json_t *o, const char *key, uint64_t max, uint64_t *out);
int ofmpkt_j_u8(struct jctx *, const json_t *o, const char *key, uint8_t max, uint8_t *out);
int ofmpkt_j_u16(struct jctx *, const json_t *o, const char *key, uint16_t max, uint16_t *out);
int ofmpkt_j_u32(struct jctx *, const json_t *o, const char *key, uint32_t max, uint32_t *out);
int ofmpkt_j_int(struct jctx *, const json_t *o, const char *key, int64_t min, int64_t max, int64_t *out);
int ofmpkt_j_float(struct jctx *, const json_t *o, const char *key, double *out);
int ofmpkt_j_mac(struct jctx *, const json_t *o, const char *key, uint8_t out[6]);
int ofmpkt_j_ip4(struct jctx *, const json_t *o, const char *key, uint32_t *out);
int ofmpkt_j_ip6(struct jctx *, const json_t *o, const char *key, uint8_t out[16]);
/* Base64 bytes (null: empty) copied into the packet. */
int ofmpkt_j_bytes(struct jctx *, const json_t *o, const char *key, struct ofm_bytes *out);
/* Value conversions for elements of lists. */
int ofmpkt_jv_uint(struct jctx *, const json_t *v, const char *what, uint64_t max, uint64_t *out);
int ofmpkt_jv_ip4(struct jctx *, const json_t *v, const char *what, uint32_t *out);
int ofmpkt_jv_ip6(struct jctx *, const json_t *v, const char *what, uint8_t out[16]);
/* Decodes base64 string 'v' into a new buffer appended to 'b'. */
int ofmpkt_jv_bytes_put(struct jctx *, const json_t *v, const char *what, struct ofm_buf *b);
/* If 'v' is {"Class": {...}} returns the class name and stores the inner
 * object; else NULL. */
const char *ofmpkt_j_class(const json_t *v, const json_t **fields);
/* Copies 'b' into storage owned by the packet. */
struct ofm_bytes ofmpkt_j_keep(struct jctx *, const struct ofm_buf *b);

/* ---- Base64. ---- */
/* Appends the base64 encoding of 'n' bytes to 'out' (no NUL). */
void ofmpkt_b64_encode(const uint8_t *p, size_t n, struct ofm_buf *out);
/* Decodes 's' (whitespace ignored, padding optional) appending to 'out'.
 * Returns 0 or EINVAL. */
int ofmpkt_b64_decode(const char *s, size_t len, struct ofm_buf *out);

/* ---- Parsing, writing, fixing. ---- */

/* A parse function returns 0, OFM_ERR_BAD_PACKET, or PKT_STOP: the bytes
 * are not a header the library decodes (an unknown BPDU version, say), so
 * the stack ends there without an error. */
#define PKT_STOP (-1)

struct pkt_parse {
    size_t hdr_size;            /* Bytes of the header itself. */
    size_t extent;              /* Bytes this header covers (header and
                                 * payload); the rest of the parent's
                                 * extent is its trailer. */
    enum ofm_proto next;        /* OFM_PROTO_NONE: payload follows. */
};

struct pkt_fix {
    struct ofm_buf *out;
    const struct ofm_packet *pkt;
    size_t index;               /* Of this header in pkt->hdrs. */
    const size_t *offs;         /* Where each header starts in 'out'. */
    size_t off;                 /* = offs[index]. */
    size_t size;                /* Bytes of the header itself. */
    size_t end;                 /* End of the header's extent in 'out'. */
};

struct pkt_ops {
    const char *name;
    int (*parse)(struct ofm_hdr *, const uint8_t *p, size_t n,
                 const struct ofm_hdr *prev, struct pkt_parse *);
    void (*defaults)(struct ofm_hdr *);
    int (*write)(const struct ofm_hdr *, const struct ofm_hdr *next, struct ofm_buf *out);
    int (*fix)(const struct ofm_hdr *, struct pkt_fix *);
    struct pv *(*describe)(const struct ofm_hdr *, struct pv_ctx *);
    int (*from_json)(struct ofm_hdr *, const char *cls, const json_t *fields, struct jctx *);
};

#define PKT_OPS_DECL(ENUM, MEMBER, NAME) extern const struct pkt_ops ofmpkt_ops_##MEMBER;
OFM_PROTOS(PKT_OPS_DECL)
#undef PKT_OPS_DECL

const struct pkt_ops *ofmpkt_ops(enum ofm_proto);

/* Dispatch tables. */
enum ofm_proto ofmpkt_proto_for_ethertype(uint16_t ethertype);
enum ofm_proto ofmpkt_proto_for_ipproto(uint8_t proto, bool ipv6);
/* The ethertype / IP protocol number that announces 'next' (0: none). */
uint16_t ofmpkt_ethertype_of(const struct ofm_hdr *next);
uint8_t ofmpkt_ipproto_of(const struct ofm_hdr *next);

/* Sum of the IPv4/IPv6 pseudo header for the header at 'fix' (found by
 * walking back to the nearest IP header), with upper-layer protocol
 * 'proto' and length 'len'.  Returns false if there is no IP header. */
bool ofmpkt_pseudo_sum(const struct pkt_fix *fix, uint8_t proto, uint32_t len, uint32_t *sum);
/* Internet checksum of [off, off + size) of 'out' plus 'partial', stored
 * big-endian at 'at'. */
void ofmpkt_csum_store(struct ofm_buf *out, size_t off, size_t size, uint32_t partial, size_t at);

/* Text helpers. */
void ofmpkt_put_str(struct ofm_buf *, const char *);

/* True if every byte is zero. */
bool ofmpkt_all_zero(const uint8_t *, size_t);

/* The protocol that an ethertype announces, looking at the slow protocol
 * subtype in 'p' ('n' bytes after the ethertype) when needed. */
enum ofm_proto ofmpkt_next_for_ethertype(uint16_t type, const uint8_t *p, size_t n);

#define PKT_ARRAY_SIZE(A) (sizeof (A) / sizeof (A)[0])

#endif /* packet-private.h */
