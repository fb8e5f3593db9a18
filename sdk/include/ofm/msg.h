/* ofm/msg.h: OpenFlow 1.0, 1.2, 1.3, 1.4 and 1.5 messages,
 * version-independent.
 *
 * Each message family has a struct that means the same in every version,
 * an encoder that appends the message for a given version to an ofm_buf,
 * and (for what switches send) a decoder from a received struct ofm_msg.
 *
 * Ownership: decoders never allocate.  Pointers they store ('data',
 * 'body', ...) point into the message, which the caller keeps alive (a
 * message handed to an event handler lives until the handler returns).
 * Encoders append to 'out', growing it; on failure nothing is appended.
 *
 * Return values: 0, a positive errno value (EOPNOTSUPP: the version cannot
 * express the request; EPROTONOSUPPORT: unknown version), or an enum
 * ofm_err for malformed input (see ofm/err.h). */
#ifndef OFM_MSG_H
#define OFM_MSG_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ofm/action.h"
#include "ofm/buf.h"
#include "ofm/err.h"
#include "ofm/match.h"
#include "ofm/ofp.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A whole received message: the header's fields and its bytes. */
struct ofm_msg {
    const uint8_t *data;        /* Starts with the 8-byte header. */
    size_t size;                /* The header's length field. */
    uint8_t version;
    uint8_t type;
    uint32_t xid;
};

/* Checks the header at 'data' (of 'size' >= 8 bytes, exactly the message)
 * and fills 'msg'.  Returns 0 or OFM_ERR_BAD_LEN. */
int ofm_msg_init(struct ofm_msg *msg, const void *data, size_t size);

/* The name Ryu gives the message class in the message's version, e.g.
 * "OFPPacketIn", "OFPFlowStatsReply" (stats and multipart messages by body
 * type; 1.0's vendor ones are "OFPVendor..."; 1.2's stats are
 * "OFPStatsRequest"/"OFPStatsReply" messages; 1.5's OFPMP_FLOW body is
 * "OFPFlowDescStatsReply" and its OFPMP_METER_CONFIG one
 * "OFPMeterDescStatsReply"); "OFPUnknown" for a version libofm does not
 * code or a type the version does not define, and the generic
 * "OFPStatsRequest", "OFPMultipartReply", ... for a stats/multipart body
 * type it does not define.  A static string. */
const char *ofm_msg_name(const struct ofm_msg *msg);

/* Starts a message: appends a header and returns its offset in 'out', to
 * give to ofm_msg_finish() once the body is appended. */
size_t ofm_msg_start(struct ofm_buf *out, uint8_t version, uint8_t type, uint32_t xid);
/* Sets the length of the message begun at 'start' to the end of 'out'.
 * Returns 0, or EMSGSIZE if it exceeds 65535 bytes: the message is then
 * removed from 'out' (its size goes back to 'start'). */
int ofm_msg_finish(struct ofm_buf *out, size_t start);

/* Handshake and keepalive. */
#define OFM_VERSION_BIT(V) (1u << (V))
/* Every version libofm codes: 1.0, 1.2, 1.3, 1.4 and 1.5. */
#define OFM_VERSIONS_ALL (OFM_VERSION_BIT(OFP10_VERSION) | OFM_VERSION_BIT(OFP12_VERSION) \
                          | OFM_VERSION_BIT(OFP13_VERSION) | OFM_VERSION_BIT(OFP14_VERSION) \
                          | OFM_VERSION_BIT(OFP15_VERSION))
/* HELLO offering the versions set in 'bitmap' (bit V for version V), with
 * the highest of them in the header: a version bitmap element is included
 * when more than one is offered.  'bitmap' must not be 0. */
void ofm_encode_hello(struct ofm_buf *out, uint32_t bitmap, uint32_t xid);
/* HELLO with header version 'version' and, if 'bitmap' is nonzero, a
 * version bitmap element holding 'bitmap' (whatever versions it names). */
void ofm_encode_hello_bitmap(struct ofm_buf *out, uint8_t version,
                             uint32_t bitmap, uint32_t xid);
/* Reads a HELLO's version bitmap (or, without one, its header version's
 * range 1..version) into '*bitmap'.  Unknown elements are skipped; an
 * element shorter than its own header, or longer than the message, is
 * OFM_ERR_BAD_LEN.  The body of a 1.0 HELLO is ignored. */
int ofm_decode_hello(const struct ofm_msg *msg, uint32_t *bitmap);
/* ECHO_REQUEST or ECHO_REPLY ('type') carrying 'data' (cut to what fits in
 * one message). */
void ofm_encode_echo(struct ofm_buf *out, uint8_t version, uint8_t type,
                     uint32_t xid, const void *data, size_t size);
/* A message of 'type' that is just the header (FEATURES_REQUEST,
 * BARRIER_REQUEST, GET_CONFIG_REQUEST, ...). */
void ofm_encode_simple(struct ofm_buf *out, uint8_t version, uint8_t type, uint32_t xid);
/* ERROR of 'type' and 'code' (of 'version''s numbering) with 'data',
 * usually the start of the offending message (cut to what fits). */
void ofm_encode_error(struct ofm_buf *out, uint8_t version, uint32_t xid,
                      uint16_t type, uint16_t code, const void *data, size_t size);
/* SET_CONFIG: 'flags' (OFPC_FRAG_*) and 'miss_send_len'. */
void ofm_encode_set_config(struct ofm_buf *out, uint8_t version, uint32_t xid,
                           uint16_t flags, uint16_t miss_send_len);

/* Switch features (FEATURES_REPLY). */
struct ofm_switch_features {
    uint64_t datapath_id;
    uint32_t n_buffers;
    uint8_t n_tables;
    uint8_t auxiliary_id;       /* 1.3 only. */
    uint32_t capabilities;
    uint32_t actions;           /* 1.0 only: supported actions bitmap. */
    const uint8_t *ports;       /* 1.0 and 1.2: the port array, */
    size_t ports_size;          /* and its size in bytes (NULL, 0 later). */
};
/* Decodes a FEATURES_REPLY.  For 1.0 and 1.2, 'ports' points into the
 * message (walk it with ofm_decode_port()); its size must be a multiple of
 * the version's port size (48 or 64 bytes). */
int ofm_decode_switch_features(const struct ofm_msg *, struct ofm_switch_features *);

/* A port description: struct ofp_phy_port (1.0) or ofp_port (1.3). */
struct ofm_port {
    uint32_t port_no;           /* 32-bit port number in both versions. */
    uint8_t hw_addr[6];
    char name[OFP_MAX_PORT_NAME_LEN + 1];   /* Always NUL-terminated. */
    uint32_t config;
    uint32_t state;
    uint32_t curr, advertised, supported, peer;
    uint32_t curr_speed, max_speed;         /* 1.3 only (kbps). */
};
/* Reads one port description of 'version' from 'rd': 48 bytes (1.0), 64
 * (1.2, 1.3), or 1.4/1.5's own length with properties, of which the
 * Ethernet one gives the features and speeds (others are skipped).
 * 1.0 port numbers become 32-bit ones.  Returns 0, OFM_ERR_BAD_LEN if 'rd'
 * is short, or OFM_ERR_BAD_VERSION. */
int ofm_decode_port(struct ofm_rd *rd, uint8_t version, struct ofm_port *);

/* PORT_STATUS. */
struct ofm_port_status {
    uint8_t reason;             /* OFPPR_*. */
    struct ofm_port desc;
};
/* Decodes a PORT_STATUS.  Returns 0 or an enum ofm_err. */
int ofm_decode_port_status(const struct ofm_msg *, struct ofm_port_status *);

/* PACKET_IN. */
struct ofm_packet_in {
    uint32_t buffer_id;
    uint16_t total_len;
    uint8_t reason;             /* OFPR_*. */
    uint8_t table_id;           /* 1.3 only. */
    uint64_t cookie;            /* 1.3 only. */
    uint32_t in_port;           /* From 1.0's in_port or 1.3's OXM in_port. */
    struct ofm_match match;     /* 1.3: as received; 1.0: in_port only. */
    const uint8_t *data;        /* The frame (possibly truncated). */
    size_t data_size;
};
/* Decodes a PACKET_IN without allocating: 'data' points into the message.
 * A 1.3 match without in_port leaves 'in_port' 0.  Returns 0 or an enum
 * ofm_err (bad length, bad match, wrong type or version). */
int ofm_decode_packet_in(const struct ofm_msg *, struct ofm_packet_in *);

/* FLOW_REMOVED. */
struct ofm_flow_removed {
    uint64_t cookie;
    uint16_t priority;
    uint8_t reason;             /* OFPRR_*. */
    uint8_t table_id;           /* 1.3 only. */
    uint32_t duration_sec, duration_nsec;
    uint16_t idle_timeout, hard_timeout;
    uint64_t packet_count, byte_count;
    struct ofm_match match;
};
/* Decodes a FLOW_REMOVED; 1.0's match is mapped to OXM form (see
 * ofm_match_decode()).  Returns 0 or an enum ofm_err. */
int ofm_decode_flow_removed(const struct ofm_msg *, struct ofm_flow_removed *);

/* ERROR. */
struct ofm_err_msg {
    uint16_t type, code;
    uint16_t exp_type;          /* For OFPET_EXPERIMENTER (1.3). */
    uint32_t experimenter;
    const uint8_t *data;        /* Usually the start of the failed request. */
    size_t data_size;
};
/* Decodes an ERROR; for a 1.3 OFPET_EXPERIMENTER error, 'code' is 0 and
 * 'exp_type' and 'experimenter' are set.  'data' points into the message.
 * Returns 0 or an enum ofm_err. */
int ofm_decode_error(const struct ofm_msg *, struct ofm_err_msg *);
/* Names an error type and code as the specification of 'version' does,
 * e.g. "OFPET_BAD_MATCH" / "OFPBMC_BAD_FIELD"; the number in decimal when
 * unknown (then in a thread-local buffer overwritten by the next call). */
const char *ofm_err_type_name(uint8_t version, uint16_t type);
const char *ofm_err_code_name(uint8_t version, uint16_t type, uint16_t code);

/* OpenFlow 1.4 and 1.5 asynchronous messages.  Each decoder checks the
 * whole message (the framing of its property list too) and returns 0,
 * OFM_ERR_BAD_TYPE for another type or a version without it,
 * OFM_ERR_BAD_VERSION, or OFM_ERR_BAD_LEN.  Properties are left in their
 * wire form ('props', 'props_size': type-length-value elements padded to
 * 8 bytes, walk them with ofm_prop_next()); the ones a struct has fields
 * for are decoded into them as well. */

/* Steps over one property of the list 'rd' (as ROLE_STATUS, TABLE_STATUS,
 * CONTROLLER_STATUS and port descriptions carry them): returns 0 and sets
 * '*type', '*body' (after the 4-byte header) and '*body_size' (up to the
 * property's length, without its padding), EOF at the end of the list, or
 * OFM_ERR_BAD_LEN for a property shorter than its header or longer than
 * what is left. */
int ofm_prop_next(struct ofm_rd *rd, uint16_t *type, const uint8_t **body,
                  size_t *body_size);

/* ROLE_STATUS: the switch changed this controller's role (Ryu's
 * OFPRoleStatus). */
struct ofm_role_status {
    uint32_t role;              /* OFPCR_ROLE_*. */
    uint8_t reason;             /* OFPCRR_*. */
    uint64_t generation_id;
    const uint8_t *props;       /* Role properties (experimenter ones). */
    size_t props_size;
};
int ofm_decode_role_status(const struct ofm_msg *, struct ofm_role_status *);

/* A table description (struct ofp_table_desc, 1.4 and 1.5), as
 * TABLE_STATUS and the table description reply carry it. */
struct ofm_table_desc {
    uint8_t table_id;
    uint32_t config;            /* OFPTC_*. */
    bool has_eviction;          /* An OFPTMPT_EVICTION property: */
    uint32_t eviction_flags;
    bool has_vacancy;           /* An OFPTMPT_VACANCY property: */
    uint8_t vacancy_down, vacancy_up, vacancy;  /* Percentages. */
    const uint8_t *props;       /* Every property, as received. */
    size_t props_size;
};
/* TABLE_STATUS: a table's state changed (Ryu's OFPTableStatus). */
struct ofm_table_status {
    uint8_t reason;             /* OFPTR_*. */
    struct ofm_table_desc table;
};
int ofm_decode_table_status(const struct ofm_msg *, struct ofm_table_status *);

/* REQUESTFORWARD: a request another controller made (a group or meter
 * mod), forwarded by the switch (Ryu's OFPRequestForward).  'request' is
 * the embedded message, whose header is checked as ofm_msg_init() does
 * (and its version must be the outer one's); its body is for the caller
 * to decode (by type: OFPT13_GROUP_MOD, OFPT13_METER_MOD). */
struct ofm_requestforward {
    struct ofm_msg request;
};
int ofm_decode_requestforward(const struct ofm_msg *, struct ofm_requestforward *);

/* CONTROLLER_STATUS (1.5): the state of one of the switch's controller
 * channels (Ryu's OFPControllerStatus). */
struct ofm_controller_status {
    uint16_t short_id;
    uint32_t role;              /* OFPCR_ROLE_*. */
    uint8_t reason;             /* OFPCSR_*. */
    uint8_t channel_status;     /* OFPCT_STATUS_*. */
    const char *uri;            /* From the OFPCSPT_URI property, not */
    size_t uri_len;             /* NUL-terminated; NULL, 0 without one. */
    const uint8_t *props;       /* Every property, as received. */
    size_t props_size;
};
int ofm_decode_controller_status(const struct ofm_msg *,
                                 struct ofm_controller_status *);

/* Names for logs: "MASTER", "MASTER_REQUEST", "VACANCY_DOWN",
 * "CHANNEL_STATUS", "UP", ... (the OFPCR_ROLE_, OFPCRR_, OFPTR_, OFPCSR_
 * and OFPCT_STATUS_ constants without their prefix), or the number in
 * decimal (then in a thread-local buffer overwritten by the next call). */
const char *ofm_role_name(uint32_t role);
const char *ofm_role_reason_name(uint8_t reason);
const char *ofm_table_reason_name(uint8_t reason);
const char *ofm_controller_status_reason_name(uint8_t reason);
const char *ofm_channel_status_name(uint8_t status);

/* FLOW_MOD. The match and instructions are borrowed. For 1.0, instructions
 * may hold only one APPLY_ACTIONS or WRITE_ACTIONS: its actions become the
 * flow's actions.  'flags' uses the 1.3 OFPFF_* values. */
struct ofm_flow_mod {
    uint64_t cookie, cookie_mask;   /* cookie_mask: 1.3 only. */
    uint8_t table_id;               /* 1.3 only. */
    uint8_t command;                /* OFPFC_*. */
    uint16_t idle_timeout, hard_timeout;
    uint16_t priority;
    uint32_t buffer_id;             /* OFP_NO_BUFFER if none. */
    uint32_t out_port;              /* OFPP_ANY if none (deletes only). */
    uint32_t out_group;             /* OFPG_ANY if none (1.3 only). */
    uint16_t flags;
    uint16_t importance;            /* 1.4 and 1.5 only; it fills what
                                     * was padding, the layout is kept. */
    const struct ofm_match *match;  /* NULL: match everything. */
    const uint8_t *insts;           /* 1.3-form instructions, */
    size_t insts_size;              /* their size. */
};
/* Initializes 'fm' for 'command' with the defaults Ryu's OFPFlowMod has:
 * no buffer, out_port/out_group ANY, priority 0x8000 (OFP_DEFAULT_PRIORITY),
 * everything else zero. */
void ofm_flow_mod_init(struct ofm_flow_mod *fm, uint8_t command);
/* Points 'fm' at 'insts'. */
static inline void
ofm_flow_mod_set_insts(struct ofm_flow_mod *fm, const struct ofm_insts *insts)
{
    fm->insts = insts->buf.data;
    fm->insts_size = insts->buf.size;
}
/* Appends a FLOW_MOD.  No allocation when 'out' has room.  1.0: ports must
 * fit 16 bits, cookie_mask must be 0 and out_group OFPG_ANY, 'table_id' is
 * ignored, flags map as listed above (RESET_COUNTS is EOPNOTSUPP, the
 * counting hints are dropped), the match and actions as ofm_match_encode()
 * and ofm_actions_encode() map them.  Returns 0, EOPNOTSUPP,
 * EPROTONOSUPPORT, EMSGSIZE or an enum ofm_err for malformed instructions;
 * on failure nothing is appended. */
int ofm_encode_flow_mod(struct ofm_buf *out, uint8_t version, uint32_t xid,
                        const struct ofm_flow_mod *);

/* PACKET_OUT.  'actions' are 1.3-form. 'data' is sent only when buffer_id
 * is OFP_NO_BUFFER. */
struct ofm_packet_out {
    uint32_t buffer_id;
    uint32_t in_port;               /* OFPP_CONTROLLER if none. */
    const uint8_t *actions;
    size_t actions_size;
    const void *data;
    size_t data_size;
};
/* Appends a PACKET_OUT (actions mapped as ofm_actions_encode() maps them).
 * No allocation when 'out' has room.  Returns as ofm_encode_flow_mod(). */
int ofm_encode_packet_out(struct ofm_buf *out, uint8_t version, uint32_t xid,
                          const struct ofm_packet_out *);

/* PORT_MOD. */
struct ofm_port_mod {
    uint32_t port_no;
    uint8_t hw_addr[6];
    uint32_t config, mask, advertise;
};
/* Appends a PORT_MOD.  Returns 0, EOPNOTSUPP (1.0 and a port number it
 * cannot name) or EPROTONOSUPPORT. */
int ofm_encode_port_mod(struct ofm_buf *out, uint8_t version, uint32_t xid,
                        const struct ofm_port_mod *);

/* Stats (1.0) and multipart (1.3) requests. */
struct ofm_stats_request {
    uint16_t type;                  /* OFPMP_*. */
    uint16_t flags;
    /* OFPMP_FLOW and OFPMP_AGGREGATE: */
    uint8_t table_id;               /* OFPTT_ALL for every table. */
    uint32_t out_port;              /* OFPP_ANY. */
    uint32_t out_group;             /* OFPG_ANY. */
    uint64_t cookie, cookie_mask;
    const struct ofm_match *match;  /* NULL: all flows. */
    /* OFPMP_PORT_STATS, OFPMP_QUEUE: */
    uint32_t port_no;               /* OFPP_ANY for all. */
    uint32_t queue_id;              /* OFPQ_ALL. */
    /* OFPMP_GROUP, OFPMP_METER, OFPMP_METER_CONFIG: */
    uint32_t group_id;              /* OFPG_ALL. */
    uint32_t meter_id;              /* OFPM_ALL. */
    /* OFPMP_EXPERIMENTER (1.0: OFPST_VENDOR, which has no exp_type): */
    uint32_t experimenter, exp_type;
    const void *data;               /* Body after the experimenter header. */
    size_t data_size;
};
/* Initializes 'req' for 'type' with "everything" selectors. */
void ofm_stats_request_init(struct ofm_stats_request *req, uint16_t type);
/* Appends 'req' as a STATS_REQUEST (1.0) or MULTIPART_REQUEST (1.3).
 * Types whose request has no body (desc, table, group desc, group
 * features, meter features, port desc, and table features as a plain
 * query) send none.  1.0 knows only desc, flow, aggregate, table, port,
 * queue and vendor: others give EOPNOTSUPP, as do a cookie_mask, an
 * out_group or a port 1.0 cannot express.  An unknown 1.3 type is EINVAL.
 * On failure nothing is appended. */
int ofm_encode_stats_request(struct ofm_buf *out, uint8_t version, uint32_t xid,
                             const struct ofm_stats_request *);

/* A stats (1.0) or multipart (1.3) reply (or request): its type, flags
 * and body. */
struct ofm_multipart {
    uint16_t type;
    uint16_t flags;                 /* OFPSF_REPLY_MORE when more follow. */
    const uint8_t *body;
    size_t body_size;
};
/* Splits a STATS/MULTIPART reply or request into type, flags and body
 * (pointing into the message).  Returns 0 or an enum ofm_err. */
int ofm_decode_multipart(const struct ofm_msg *, struct ofm_multipart *);

/* One flow statistics entry (ofp_flow_stats). */
struct ofm_flow_stats {
    uint8_t table_id;
    uint32_t duration_sec, duration_nsec;
    uint16_t priority, idle_timeout, hard_timeout, flags;
    uint16_t importance;            /* 1.4 and 1.5 only. */
    uint64_t cookie, packet_count, byte_count;
    struct ofm_match match;
    const uint8_t *insts;           /* 1.3: instructions as received; */
    size_t insts_size;
    const uint8_t *actions;         /* 1.0: actions as received (1.0 form). */
    size_t actions_size;
};
/* Iterates the entries of a flow stats body: returns 0 and fills 'fs'
 * while entries remain, EOF at the end, or an enum ofm_err.  Instructions
 * (1.3) and actions (1.0) are checked (ofm_insts_check(),
 * ofm_actions_check()) but left in their wire form. */
int ofm_flow_stats_next(struct ofm_rd *body, uint8_t version, struct ofm_flow_stats *fs);

/* 1.5's OXS statistics (struct ofp_stats), as flow removed, flow
 * description and aggregate replies carry them; absent fields are 0. */
struct ofm_oxs_stats {
    uint32_t duration_sec, duration_nsec;
    uint32_t idle_sec, idle_nsec;
    uint32_t flow_count;
    uint64_t packet_count, byte_count;
};
/* Reads one ofp_stats (and its padding to 8 bytes) from 'rd'.  Unknown
 * OXS fields and classes are skipped; a field of the wrong length, or a
 * list running past 'rd', is OFM_ERR_BAD_LEN. */
int ofm_oxs_stats_decode(struct ofm_rd *rd, struct ofm_oxs_stats *);
#define OFM_OXS_BIT(FIELD) (1u << (FIELD))     /* FIELD: OFPXST_*. */

/* 1.5's stat-trigger instruction (OFPIT15_STAT_TRIGGER, Ryu's
 * OFPInstructionStatTrigger): the flow's statistics at which the switch
 * sends a flow-monitor update. */
struct ofm_stat_trigger {
    uint32_t flags;                 /* OFPSTF_*. */
    uint32_t fields;                /* OFM_OXS_BIT()s of the thresholds. */
    struct ofm_oxs_stats thresholds;
};
/* Appends the instruction to 'insts': the thresholds 'fields' names, in
 * the order of their OXS numbers, padded to 8 bytes. */
void ofm_inst_stat_trigger(struct ofm_insts *insts, const struct ofm_stat_trigger *);
/* Decodes the stat-trigger instruction of 'size' bytes at 'inst' (its
 * header included, as ofm_action_next() on an instruction list finds it).
 * Unknown OXS fields are skipped.  Returns 0, OFM_ERR_BAD_INSTRUCTION for
 * another type, or OFM_ERR_BAD_INSTRUCTION_LEN when the lengths disagree
 * or the thresholds do not fill the instruction. */
int ofm_stat_trigger_decode(const uint8_t *inst, size_t size, struct ofm_stat_trigger *);

/* One port statistics entry (ofp_port_stats). */
struct ofm_port_stats {
    uint32_t port_no;
    uint64_t rx_packets, tx_packets, rx_bytes, tx_bytes;
    uint64_t rx_dropped, tx_dropped, rx_errors, tx_errors;
    uint64_t rx_frame_err, rx_over_err, rx_crc_err, collisions;
    uint32_t duration_sec, duration_nsec;   /* 1.3 and later. */
};
/* Iterates port statistics entries, as ofm_flow_stats_next() does. */
int ofm_port_stats_next(struct ofm_rd *body, uint8_t version, struct ofm_port_stats *ps);

/* Aggregate stats reply body: ofm_decode_aggregate_stats() returns 0,
 * OFM_ERR_BAD_STAT for another body type or OFM_ERR_BAD_LEN. */
struct ofm_aggregate_stats {
    uint64_t packet_count, byte_count;
    uint32_t flow_count;
};
int ofm_decode_aggregate_stats(const struct ofm_multipart *, uint8_t version,
                               struct ofm_aggregate_stats *);

/* Description stats reply body (strings NUL-terminated); decoding returns
 * as ofm_decode_aggregate_stats() does. */
struct ofm_desc_stats {
    char mfr_desc[OFP_DESC_STR_LEN + 1];
    char hw_desc[OFP_DESC_STR_LEN + 1];
    char sw_desc[OFP_DESC_STR_LEN + 1];
    char serial_num[OFP_SERIAL_NUM_LEN + 1];
    char dp_desc[OFP_DESC_STR_LEN + 1];
};
int ofm_decode_desc_stats(const struct ofm_multipart *, struct ofm_desc_stats *);

#ifdef __cplusplus
}
#endif

#endif /* ofm/msg.h */
