/* ofp-json-private.h: the table-driven OpenFlow <-> JSON codec's internals.
 *
 * Shared by sdk/lib/json/ofp-json*.c only; not installed.
 *
 * A wire structure is described by a struct oj_struct: Ryu's class name and
 * an OJ_END-terminated array of struct oj_field, one per wire field in wire
 * order, each with its JSON key (NULL for fields Ryu does not show, such as
 * padding) and a kind that says how to read and write it.  Generic walkers
 * (ofm_oj_decode_struct(), ofm_oj_encode_struct()) handle every structure;
 * variable parts use the kinds OJ_LIST (a list of elements described by a
 * struct oj_list), OJ_MATCH, OJ_DATA... and the few irregular cases an
 * OJ_HOOK with hand-written functions.
 *
 * Lists of type-length-value elements (actions, instructions, properties,
 * bands, hello elements) all put a 16-bit type at offset 0 and a 16-bit
 * length at offset 2; lists of structures with a length field find it
 * from the structure's OJ_LEN field.  The walker validates every length
 * before decoding an element: shorter than the element's header, not a
 * multiple of the required alignment, or longer than what is left is an
 * error, so a zero length can never loop. */
#ifndef OFP_JSON_PRIVATE_H
#define OFP_JSON_PRIVATE_H 1

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "ofm/buf.h"
#include "ofm/err.h"
#include "ofm/ofp.h"

#define OJ_PRINTF(FMT, ARG) __attribute__((format(printf, FMT, ARG)))

/* The ofm_oj_* functions and tables below are shared between the codec's
 * files only: hidden, so that libofm does not export them although their
 * names match its export pattern. */
#pragma GCC visibility push(hidden)
#define OJ_ROUND_UP(X, Y) (((X) + (Y) - 1) / (Y) * (Y))

/* Constants this codec needs that ofm/ofp.h does not define. */
#define OJ_NX_VENDOR_ID   0x00002320u  /* Nicira. */
#define OJ_ONF_VENDOR_ID  0x4f4e4600u  /* Open Networking Foundation. */
#define OJ_ONFMP_FLOW_MONITOR 1870     /* ONF experimenter multipart. */
#define OJ_ONF_PBB_UCA_EXP_TYPE 2560   /* EXT-256 (old form) pbb_uca OXM. */
#define OJ_OFPET_EXPERIMENTER 0xffff
#define OJ_OFPMBT_EXPERIMENTER 0xffff
/* OpenFlow 1.4 and 1.5 message and multipart types. */
#define OJ_OFPT14_ROLE_STATUS 30
#define OJ_OFPT14_TABLE_STATUS 31
#define OJ_OFPT14_REQUESTFORWARD 32
#define OJ_OFPT14_BUNDLE_CONTROL 33
#define OJ_OFPT14_BUNDLE_ADD_MESSAGE 34
#define OJ_OFPT15_CONTROLLER_STATUS 35
#define OJ_OFPMP14_TABLE_DESC 14
#define OJ_OFPMP14_QUEUE_DESC 15
#define OJ_OFPMP14_FLOW_MONITOR 16
#define OJ_OFPMP15_FLOW_STATS 17
#define OJ_OFPMP15_CONTROLLER_STATUS 18
#define OJ_OFPMP15_BUNDLE_FEATURES 19

/* Decoding state for one message. */
struct oj_dec {
    const uint8_t *base;        /* First byte of the message. */
    size_t size;                /* Bytes in the message. */
    uint8_t version;            /* The message's wire version. */
    int error;                  /* 0, or the enum ofm_err of the failure. */
    size_t err_offset;          /* Offset of the failure from 'base'. */
    char msg[256];              /* Description of the failure. */
    unsigned int cur_len;       /* Last OJ_CURLEN value read. */
    unsigned int depth;         /* Messages inside messages being read. */
};

/* Encoding state for one message. */
struct oj_enc {
    struct ofm_buf *out;        /* Where the message is being written. */
    uint8_t version;
    int error;                  /* 0 or EINVAL. */
    char msg[400];              /* Description of the failure. */
    char path[192];             /* JSON path being encoded, for messages. */
    size_t path_len;
    size_t cur_len_pos;         /* Where the last OJ_CURLEN was written. */
    bool has_cur_len;
    unsigned int depth;         /* Messages inside messages being written. */
};

/* Messages inside messages (bundle add, request forward) nest at most this
 * deep; the protocol allows one level. */
#define OJ_MAX_EMBED_DEPTH 2

/* How a field is read and written. */
enum oj_kind {
    OJ_END,
    OJ_U8, OJ_U16, OJ_U32, OJ_U64,  /* Unsigned integers. */
    OJ_PAD,         /* 'n' bytes, zeros when written, not in JSON. */
    OJ_TYPE,        /* u16 type of a TLV element or multipart message:
                     * written from the element's type, read as is. */
    OJ_LEN,         /* u16 length of the structure (computed). */
    OJ_CURLEN,      /* u16 length of a later part of the structure: an
                     * OJ_LIST_N or a hook (computed). */
    OJ_MAC,         /* 6 bytes, "aa:bb:cc:dd:ee:ff" ('n' 1: with '-', as
                     * Ryu's OpenFlow 1.2 port mod shows it). */
    OJ_U16_K,       /* u16 shown in JSON, but written as 'n' whatever the
                     * JSON says (a class's subtype). */
    OJ_U32_K,       /* Likewise for a u32 (a class's experimenter id). */
    OJ_OXM_HDR,     /* 4 bytes, an OXM/NXM header, as the field's name
                     * ('n' 1: zeros as ""). */
    OJ_CONST,       /* No wire bytes: JSON integer 'n', ignored when
                     * encoded (Ryu's constant "length" fields). */
    OJ_IPV4,        /* 4 bytes, dotted quad. */
    OJ_STR,         /* 'n' bytes NUL-padded UTF-8 string. */
    OJ_U32S,        /* 'n' u32 as a JSON array. */
    OJ_NESTED,      /* A structure 'sub' as {"Class": {...}}. */
    OJ_MATCH,       /* The version's ofp_match. */
    OJ_LIST,        /* Elements of list 'sub' up to the end. */
    OJ_LIST_N,      /* Elements of list 'sub' in the OJ_CURLEN bytes. */
    OJ_DATA,        /* The rest, base64; padded to 'n' bytes (from the
                     * start of the structure) when written, if 'n'. */
    OJ_DATA_OPT,    /* Like OJ_DATA, but absent from JSON when empty. */
    OJ_PKTIN_DATA,  /* The rest, base64, cut to "total_len" (Ryu). */
    OJ_FRAME,       /* A packet-out's frame: the rest, base64; when
                     * encoded also a packet in the packet library's JSON
                     * ({"Packet": {"protocols": [...]}}), serialized. */
    OJ_U8_LIST,     /* The rest as a JSON array of u8. */
    OJ_U32_LIST,    /* The rest as a JSON array of u32. */
    OJ_HOOK,        /* Hand-written: 'sub' is a struct oj_hook. */
};

struct oj_field {
    const char *name;           /* JSON key, or NULL if not shown. */
    uint8_t kind;               /* enum oj_kind. */
    uint16_t n;                 /* Size or count, see enum oj_kind. */
    const void *sub;            /* Structure, list or hook. */
};

/* A hand-written part of a structure.  'decode' reads from 'rd' (bounded to
 * the structure or element) and adds its keys to 'obj'; 'encode' appends
 * the wire form of the keys it owns, 'start' being the offset in e->out of
 * the structure's first byte.  Both return false after recording an
 * error. */
#define OJ_HOOK_KEYS 6
struct oj_hook {
    bool (*decode)(struct oj_dec *, struct ofm_rd *rd, json_t *obj, int err);
    bool (*encode)(struct oj_enc *, const json_t *obj, size_t start);
    const char *keys[OJ_HOOK_KEYS]; /* JSON keys the hook owns. */
};

struct oj_struct {
    const char *name;           /* Ryu's class name. */
    const struct oj_field *fields;
};

/* Maps an element type to its structure. */
struct oj_member {
    uint16_t type;
    const struct oj_struct *s;
};

struct oj_list {
    const char *what;           /* "action", "bucket"... for messages. */
    const struct oj_struct *elem;       /* Monomorphic list, or NULL. */
    const struct oj_member *members;    /* Polymorphic: ends with s NULL. */
    const struct oj_struct *unknown;    /* Polymorphic fallback, or NULL. */
    bool unknown_any;           /* 'unknown' may also carry a known type
                                 * (an element its class cannot hold). */
    /* Picks the structure of a polymorphic element (for types with more
     * than one class, such as experimenter actions); NULL: by type. */
    const struct oj_struct *(*select)(const struct oj_list *, uint16_t type,
                                      const uint8_t *p, size_t len);
    uint8_t hdr_len;            /* Smallest valid element length. */
    uint8_t align;              /* Length granularity (1: any). */
    bool padded;                /* Elements padded to 'align' after their
                                 * length (properties) instead of the
                                 * length being a multiple of it. */
    int err;                    /* enum ofm_err for malformed elements. */
    int err_type;               /* enum ofm_err for unknown types. */
};

/* ofp-json-util.c: errors and paths. */
bool ofm_oj_fail(struct oj_dec *, const void *where, int code,
                 const char *fmt, ...) OJ_PRINTF(4, 5);
bool ofm_oj_efail(struct oj_enc *, const char *fmt, ...) OJ_PRINTF(2, 3);
size_t ofm_oj_path_push(struct oj_enc *, const char *fmt, ...) OJ_PRINTF(2, 3);
void ofm_oj_path_pop(struct oj_enc *, size_t old_len);
size_t ofm_oj_off(const struct oj_dec *, const void *where);

/* ofp-json-util.c: value conversions. */
json_t *ofm_oj_base64(const uint8_t *p, size_t n);
bool ofm_oj_unbase64(const char *s, size_t len, struct ofm_buf *out);
void ofm_oj_fmt_mac(char buf[18], const uint8_t mac[6]);
bool ofm_oj_parse_mac(const char *s, uint8_t mac[6]);
json_t *ofm_oj_uint(uint64_t v);
bool ofm_oj_utf8_valid(const uint8_t *p, size_t n);
bool ofm_oj_get_uint(struct oj_enc *, const json_t *obj, const char *key,
                     unsigned int bits, uint64_t *v);
bool ofm_oj_get_bytes(struct oj_enc *, const json_t *obj, const char *key,
                      struct ofm_buf *out);
bool ofm_oj_check_keys(struct oj_enc *, const json_t *obj,
                       const char *const *keys, size_t n_keys);
const json_t *ofm_oj_unwrap(struct oj_enc *, const json_t *j,
                            const char **name);
json_t *ofm_oj_wrap(const char *name, json_t *obj);
void ofm_oj_patch16(struct oj_enc *, size_t pos, size_t value,
                    const char *what);

/* ofp-json-core.c: the generic walkers. */
json_t *ofm_oj_decode_struct(struct oj_dec *, struct ofm_rd *,
                             const struct oj_struct *, bool exact, int err);
bool ofm_oj_encode_struct(struct oj_enc *, const json_t *obj,
                          const struct oj_struct *, int type);
json_t *ofm_oj_decode_list(struct oj_dec *, struct ofm_rd *,
                           const struct oj_list *);
bool ofm_oj_encode_list(struct oj_enc *, const json_t *array,
                        const struct oj_list *);
size_t ofm_oj_fixed_size(const struct oj_struct *, bool *variable);

/* ofp-json-oxm.c: OXM fields and matches. */
json_t *ofm_oj_decode_oxm(struct oj_dec *, struct ofm_rd *);
bool ofm_oj_encode_oxm(struct oj_enc *, const json_t *tlv);
json_t *ofm_oj_decode_match13(struct oj_dec *, struct ofm_rd *);
bool ofm_oj_encode_match13(struct oj_enc *, const json_t *match);
extern const struct oj_struct ofm_oj_match10;
extern const struct oj_hook ofm_oj_oxm_ids_hook;
extern const struct oj_hook ofm_oj_onf_match_hook;

/* ofp-json-action.c: actions, instructions, ids. */
extern const struct oj_list ofm_oj_actions10;
extern const struct oj_list ofm_oj_actions13;
extern const struct oj_list ofm_oj_instructions13;
extern const struct oj_list ofm_oj_action_ids;
extern const struct oj_list ofm_oj_instruction_ids;
extern const struct oj_list ofm_oj_actions15;
extern const struct oj_list ofm_oj_ct_actions;
extern const struct oj_list ofm_oj_instructions15;
extern const struct oj_hook ofm_oj_oxm_values_hook;
extern const struct oj_hook ofm_oj_oxs_hook;
extern const struct oj_hook ofm_oj_oxs_thresholds_hook;
extern const struct oj_hook ofm_oj_copy_field_hook;

/* ofp-json-nx.c: the variable parts of Nicira actions. */
extern const struct oj_hook ofm_oj_nx_learn_hook;
extern const struct oj_hook ofm_oj_nx_bundle_hook;
extern const struct oj_hook ofm_oj_nx_cnt_ids_hook;
extern const struct oj_hook ofm_oj_nx_reg_load2_hook;
extern const struct oj_hook ofm_oj_nx_controller2_hook;
json_t *ofm_oj_decode_oxm_header(struct oj_dec *, const uint8_t *p, int err);
bool ofm_oj_encode_oxm_header(struct oj_enc *, const json_t *name,
                              const char *key);

/* ofp-json-msg14.c: 1.5's stat-trigger instruction, a member of
 * ofp-json-action.c's 1.5 instruction list. */
extern const struct oj_struct ofm_oj_si_stat_trigger;

/* ofp-json-msg.c: messages. */
/* Bit of wire version V in a struct oj_msg's 'versions'. */
#define OJ_V(V) (1u << (V))
#define OJ_V10 OJ_V(OFP10_VERSION)
#define OJ_V12 OJ_V(OFP12_VERSION)
#define OJ_V13 OJ_V(OFP13_VERSION)
#define OJ_V14 OJ_V(OFP14_VERSION)
#define OJ_V15 OJ_V(OFP15_VERSION)

struct oj_msg {
    uint8_t versions;           /* OJ_V() bits of the versions it is in. */
    uint8_t type;               /* OFPT_* */
    int32_t mp;                 /* Multipart/stats type, or -1. */
    const struct oj_struct *s;
};
extern const struct oj_msg ofm_oj_msgs[];
extern const size_t ofm_oj_n_msgs;

/* ofp-json-msg14.c: the messages of OpenFlow 1.4 and 1.5 that differ from
 * 1.3's. */
extern const struct oj_msg ofm_oj_msgs14[];
extern const size_t ofm_oj_n_msgs14;

/* ofp-json-msg.c: for ofp-json-msg14.c. */
json_t *ofm_oj_decode_embedded(struct oj_dec *, struct ofm_rd *, int err);
bool ofm_oj_encode_embedded(struct oj_enc *, const json_t *msg);
extern const struct oj_list ofm_oj_l_bands;
extern const struct oj_list ofm_oj_l_band_stats;

#pragma GCC visibility pop

#endif /* ofp-json-private.h */
