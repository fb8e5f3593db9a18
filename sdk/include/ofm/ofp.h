/* ofm/ofp.h: OpenFlow 1.0 and 1.3 wire constants and layout sizes.
 *
 * Values come from the OpenFlow Switch Specifications 1.0.0 and 1.3.x.
 * Names follow the specification with the version after "OFP":
 * OFP10_* for 1.0-only values, OFP13_* for 1.3 values, plain OFP_* where
 * both versions agree.  Wire structures are read and written field by field
 * (see ofm/buf.h), never through casts, so no packed structs are declared
 * here; the *_SIZE constants give each fixed part's length. */
#ifndef OFM_OFP_H
#define OFM_OFP_H 1

#include <stdint.h>

#define OFP10_VERSION 0x01
#define OFP12_VERSION 0x03
#define OFP13_VERSION 0x04
#define OFP14_VERSION 0x05
#define OFP15_VERSION 0x06
/* True for the versions whose matches are OXM TLVs and whose actions and
 * instructions have 1.3's form (1.2 to 1.5): libofm codes them as 1.3 and
 * handles the few layouts that differ. */
#define OFM_VERSION_IS_OXM(V) ((V) >= OFP12_VERSION && (V) <= OFP15_VERSION)
/* "1.3" for OFP13_VERSION; "?" for a version libofm does not speak. */
static inline const char *
ofm_version_name(uint8_t version)
{
    switch (version) {
    case OFP10_VERSION: return "1.0";
    case OFP12_VERSION: return "1.2";
    case OFP13_VERSION: return "1.3";
    case OFP14_VERSION: return "1.4";
    case OFP15_VERSION: return "1.5";
    default: return "?";
    }
}
#define OFP_HEADER_SIZE 8
#define OFP_MAX_MSG_SIZE 65535
#define OFP_ETH_ALEN 6
#define OFP_MAX_PORT_NAME_LEN 16
#define OFP_MAX_TABLE_NAME_LEN 32
#define OFP_DESC_STR_LEN 256
#define OFP_SERIAL_NUM_LEN 32
#define OFP_TCP_PORT 6653
#define OFP_OLD_TCP_PORT 6633
#define OFP_NO_BUFFER 0xffffffffu
#define OFP_DEFAULT_MISS_SEND_LEN 128
#define OFP13_CML_NO_BUFFER 0xffff      /* max_len: send the whole packet. */
#define OFP13_CML_MAX 0xffe5            /* Largest max_len that buffers. */
#define OFP_DEFAULT_PRIORITY 0x8000     /* Flow priority Ryu defaults to. */

/* Message types, OpenFlow 1.0. */
enum ofp10_type {
    OFPT10_HELLO = 0, OFPT10_ERROR = 1, OFPT10_ECHO_REQUEST = 2,
    OFPT10_ECHO_REPLY = 3, OFPT10_VENDOR = 4, OFPT10_FEATURES_REQUEST = 5,
    OFPT10_FEATURES_REPLY = 6, OFPT10_GET_CONFIG_REQUEST = 7,
    OFPT10_GET_CONFIG_REPLY = 8, OFPT10_SET_CONFIG = 9,
    OFPT10_PACKET_IN = 10, OFPT10_FLOW_REMOVED = 11, OFPT10_PORT_STATUS = 12,
    OFPT10_PACKET_OUT = 13, OFPT10_FLOW_MOD = 14, OFPT10_PORT_MOD = 15,
    OFPT10_STATS_REQUEST = 16, OFPT10_STATS_REPLY = 17,
    OFPT10_BARRIER_REQUEST = 18, OFPT10_BARRIER_REPLY = 19,
    OFPT10_QUEUE_GET_CONFIG_REQUEST = 20, OFPT10_QUEUE_GET_CONFIG_REPLY = 21,
};

/* Message types, OpenFlow 1.3. */
enum ofp13_type {
    OFPT13_HELLO = 0, OFPT13_ERROR = 1, OFPT13_ECHO_REQUEST = 2,
    OFPT13_ECHO_REPLY = 3, OFPT13_EXPERIMENTER = 4,
    OFPT13_FEATURES_REQUEST = 5, OFPT13_FEATURES_REPLY = 6,
    OFPT13_GET_CONFIG_REQUEST = 7, OFPT13_GET_CONFIG_REPLY = 8,
    OFPT13_SET_CONFIG = 9, OFPT13_PACKET_IN = 10, OFPT13_FLOW_REMOVED = 11,
    OFPT13_PORT_STATUS = 12, OFPT13_PACKET_OUT = 13, OFPT13_FLOW_MOD = 14,
    OFPT13_GROUP_MOD = 15, OFPT13_PORT_MOD = 16, OFPT13_TABLE_MOD = 17,
    OFPT13_MULTIPART_REQUEST = 18, OFPT13_MULTIPART_REPLY = 19,
    OFPT13_BARRIER_REQUEST = 20, OFPT13_BARRIER_REPLY = 21,
    OFPT13_QUEUE_GET_CONFIG_REQUEST = 22, OFPT13_QUEUE_GET_CONFIG_REPLY = 23,
    OFPT13_ROLE_REQUEST = 24, OFPT13_ROLE_REPLY = 25,
    OFPT13_GET_ASYNC_REQUEST = 26, OFPT13_GET_ASYNC_REPLY = 27,
    OFPT13_SET_ASYNC = 28, OFPT13_METER_MOD = 29,
};

/* Message types that OpenFlow 1.4 and 1.5 add after 1.3's. */
enum ofp14_type {
    OFPT14_ROLE_STATUS = 30, OFPT14_TABLE_STATUS = 31,
    OFPT14_REQUESTFORWARD = 32, OFPT14_BUNDLE_CONTROL = 33,
    OFPT14_BUNDLE_ADD_MESSAGE = 34,
    OFPT15_CONTROLLER_STATUS = 35,      /* 1.5 only. */
};

/* HELLO elements (1.3). */
#define OFPHET_VERSIONBITMAP 1

/* Port numbers.  libofm uses 32-bit port numbers everywhere (1.3 values);
 * ofm_port_to_of10() / ofm_port_from_of10() map the reserved ones. */
#define OFPP10_MAX        0xff00
#define OFPP10_IN_PORT    0xfff8
#define OFPP10_TABLE      0xfff9
#define OFPP10_NORMAL     0xfffa
#define OFPP10_FLOOD      0xfffb
#define OFPP10_ALL        0xfffc
#define OFPP10_CONTROLLER 0xfffd
#define OFPP10_LOCAL      0xfffe
#define OFPP10_NONE       0xffff

#define OFPP_MAX        0xffffff00u
#define OFPP_IN_PORT    0xfffffff8u
#define OFPP_TABLE      0xfffffff9u
#define OFPP_NORMAL     0xfffffffau
#define OFPP_FLOOD      0xfffffffbu
#define OFPP_ALL        0xfffffffcu
#define OFPP_CONTROLLER 0xfffffffdu
#define OFPP_LOCAL      0xfffffffeu
#define OFPP_ANY        0xffffffffu

#define OFPG_MAX 0xffffff00u
#define OFPG_ALL 0xfffffffcu
#define OFPG_ANY 0xffffffffu
#define OFPTT_MAX 0xfe
#define OFPTT_ALL 0xff
#define OFPQ_ALL 0xffffffffu
#define OFPM_MAX        0xffff0000u
#define OFPM_SLOWPATH   0xfffffffdu
#define OFPM_CONTROLLER 0xfffffffeu
#define OFPM_ALL        0xffffffffu

/* Switch configuration flags. */
enum ofp_config_flags {
    OFPC_FRAG_NORMAL = 0, OFPC_FRAG_DROP = 1, OFPC_FRAG_REASM = 2,
    OFPC_FRAG_MASK = 3,
};

/* Switch capabilities. */
enum ofp_capabilities {
    OFPC_FLOW_STATS = 1 << 0, OFPC_TABLE_STATS = 1 << 1,
    OFPC_PORT_STATS = 1 << 2, OFPC10_STP = 1 << 3, OFPC_GROUP_STATS = 1 << 3,
    OFPC10_RESERVED = 1 << 4, OFPC_IP_REASM = 1 << 5,
    OFPC_QUEUE_STATS = 1 << 6, OFPC10_ARP_MATCH_IP = 1 << 7,
    OFPC_PORT_BLOCKED = 1 << 8,
};

/* Port config and state bits. */
enum ofp_port_config {
    OFPPC_PORT_DOWN = 1 << 0, OFPPC10_NO_STP = 1 << 1, OFPPC_NO_RECV = 1 << 2,
    OFPPC10_NO_RECV_STP = 1 << 3, OFPPC10_NO_FLOOD = 1 << 4,
    OFPPC_NO_FWD = 1 << 5, OFPPC_NO_PACKET_IN = 1 << 6,
};
enum ofp_port_state {
    OFPPS_LINK_DOWN = 1 << 0, OFPPS_BLOCKED = 1 << 1, OFPPS_LIVE = 1 << 2,
    OFPPS10_STP_LISTEN = 0 << 8, OFPPS10_STP_LEARN = 1 << 8,
    OFPPS10_STP_FORWARD = 2 << 8, OFPPS10_STP_BLOCK = 3 << 8,
    OFPPS10_STP_MASK = 3 << 8,
};

enum ofp_port_reason { OFPPR_ADD = 0, OFPPR_DELETE = 1, OFPPR_MODIFY = 2 };

enum ofp_packet_in_reason {
    OFPR_NO_MATCH = 0, OFPR_ACTION = 1, OFPR_INVALID_TTL = 2,
};

enum ofp_flow_removed_reason {
    OFPRR_IDLE_TIMEOUT = 0, OFPRR_HARD_TIMEOUT = 1, OFPRR_DELETE = 2,
    OFPRR_GROUP_DELETE = 3,
};

enum ofp_flow_mod_command {
    OFPFC_ADD = 0, OFPFC_MODIFY = 1, OFPFC_MODIFY_STRICT = 2,
    OFPFC_DELETE = 3, OFPFC_DELETE_STRICT = 4,
};

/* Flow mod flags: libofm uses the 1.3 values; 1.0's EMERG has no 1.3 twin. */
enum ofp_flow_mod_flags {
    OFPFF_SEND_FLOW_REM = 1 << 0, OFPFF_CHECK_OVERLAP = 1 << 1,
    OFPFF10_EMERG = 1 << 2, OFPFF_RESET_COUNTS = 1 << 2,
    OFPFF_NO_PKT_COUNTS = 1 << 3, OFPFF_NO_BYT_COUNTS = 1 << 4,
};

/* Action types, OpenFlow 1.0. */
enum ofp10_action_type {
    OFPAT10_OUTPUT = 0, OFPAT10_SET_VLAN_VID = 1, OFPAT10_SET_VLAN_PCP = 2,
    OFPAT10_STRIP_VLAN = 3, OFPAT10_SET_DL_SRC = 4, OFPAT10_SET_DL_DST = 5,
    OFPAT10_SET_NW_SRC = 6, OFPAT10_SET_NW_DST = 7, OFPAT10_SET_NW_TOS = 8,
    OFPAT10_SET_TP_SRC = 9, OFPAT10_SET_TP_DST = 10, OFPAT10_ENQUEUE = 11,
    OFPAT10_VENDOR = 0xffff,
};

/* Action types, OpenFlow 1.3. */
enum ofp13_action_type {
    OFPAT_OUTPUT = 0, OFPAT_COPY_TTL_OUT = 11, OFPAT_COPY_TTL_IN = 12,
    OFPAT_SET_MPLS_TTL = 15, OFPAT_DEC_MPLS_TTL = 16, OFPAT_PUSH_VLAN = 17,
    OFPAT_POP_VLAN = 18, OFPAT_PUSH_MPLS = 19, OFPAT_POP_MPLS = 20,
    OFPAT_SET_QUEUE = 21, OFPAT_GROUP = 22, OFPAT_SET_NW_TTL = 23,
    OFPAT_DEC_NW_TTL = 24, OFPAT_SET_FIELD = 25, OFPAT_PUSH_PBB = 26,
    OFPAT_POP_PBB = 27, OFPAT_EXPERIMENTER = 0xffff,
};

/* Instruction types (1.3). */
enum ofp13_instruction_type {
    OFPIT_GOTO_TABLE = 1, OFPIT_WRITE_METADATA = 2, OFPIT_WRITE_ACTIONS = 3,
    OFPIT_APPLY_ACTIONS = 4, OFPIT_CLEAR_ACTIONS = 5, OFPIT_METER = 6,
    OFPIT15_STAT_TRIGGER = 7,           /* 1.5 only. */
    OFPIT_EXPERIMENTER = 0xffff,
};

/* OpenFlow 1.0 match wildcards. */
enum ofp10_flow_wildcards {
    OFPFW10_IN_PORT = 1 << 0, OFPFW10_DL_VLAN = 1 << 1,
    OFPFW10_DL_SRC = 1 << 2, OFPFW10_DL_DST = 1 << 3,
    OFPFW10_DL_TYPE = 1 << 4, OFPFW10_NW_PROTO = 1 << 5,
    OFPFW10_TP_SRC = 1 << 6, OFPFW10_TP_DST = 1 << 7,
    OFPFW10_NW_SRC_SHIFT = 8, OFPFW10_NW_SRC_BITS = 6,
    OFPFW10_NW_SRC_MASK = ((1 << 6) - 1) << 8, OFPFW10_NW_SRC_ALL = 32 << 8,
    OFPFW10_NW_DST_SHIFT = 14, OFPFW10_NW_DST_BITS = 6,
    OFPFW10_NW_DST_MASK = ((1 << 6) - 1) << 14, OFPFW10_NW_DST_ALL = 32 << 14,
    OFPFW10_DL_VLAN_PCP = 1 << 20, OFPFW10_NW_TOS = 1 << 21,
    OFPFW10_ALL = (1 << 22) - 1,
};
#define OFP10_VLAN_NONE 0xffff

/* OpenFlow 1.3 match. */
enum ofp13_match_type { OFPMT_STANDARD = 0, OFPMT_OXM = 1 };
enum ofp13_oxm_class {
    OFPXMC_NXM_0 = 0x0000, OFPXMC_NXM_1 = 0x0001,
    OFPXMC_OPENFLOW_BASIC = 0x8000, OFPXMC_EXPERIMENTER = 0xffff,
};
#define OFPVID_PRESENT 0x1000
#define OFPVID_NONE    0x0000

/* The OpenFlow 1.3 basic OXM fields: X(ENUM, id, "ryu_name", value bytes,
 * maskable).  Names are the ones Ryu uses in OFPMatch and JSON. */
#define OFM_OXM_FIELDS(X)                                  \
    X(IN_PORT,        0, "in_port",        4, 0)           \
    X(IN_PHY_PORT,    1, "in_phy_port",    4, 0)           \
    X(METADATA,       2, "metadata",       8, 1)           \
    X(ETH_DST,        3, "eth_dst",        6, 1)           \
    X(ETH_SRC,        4, "eth_src",        6, 1)           \
    X(ETH_TYPE,       5, "eth_type",       2, 0)           \
    X(VLAN_VID,       6, "vlan_vid",       2, 1)           \
    X(VLAN_PCP,       7, "vlan_pcp",       1, 0)           \
    X(IP_DSCP,        8, "ip_dscp",        1, 0)           \
    X(IP_ECN,         9, "ip_ecn",         1, 0)           \
    X(IP_PROTO,      10, "ip_proto",       1, 0)           \
    X(IPV4_SRC,      11, "ipv4_src",       4, 1)           \
    X(IPV4_DST,      12, "ipv4_dst",       4, 1)           \
    X(TCP_SRC,       13, "tcp_src",        2, 0)           \
    X(TCP_DST,       14, "tcp_dst",        2, 0)           \
    X(UDP_SRC,       15, "udp_src",        2, 0)           \
    X(UDP_DST,       16, "udp_dst",        2, 0)           \
    X(SCTP_SRC,      17, "sctp_src",       2, 0)           \
    X(SCTP_DST,      18, "sctp_dst",       2, 0)           \
    X(ICMPV4_TYPE,   19, "icmpv4_type",    1, 0)           \
    X(ICMPV4_CODE,   20, "icmpv4_code",    1, 0)           \
    X(ARP_OP,        21, "arp_op",         2, 0)           \
    X(ARP_SPA,       22, "arp_spa",        4, 1)           \
    X(ARP_TPA,       23, "arp_tpa",        4, 1)           \
    X(ARP_SHA,       24, "arp_sha",        6, 1)           \
    X(ARP_THA,       25, "arp_tha",        6, 1)           \
    X(IPV6_SRC,      26, "ipv6_src",      16, 1)           \
    X(IPV6_DST,      27, "ipv6_dst",      16, 1)           \
    X(IPV6_FLABEL,   28, "ipv6_flabel",    4, 1)           \
    X(ICMPV6_TYPE,   29, "icmpv6_type",    1, 0)           \
    X(ICMPV6_CODE,   30, "icmpv6_code",    1, 0)           \
    X(IPV6_ND_TARGET,31, "ipv6_nd_target",16, 0)           \
    X(IPV6_ND_SLL,   32, "ipv6_nd_sll",    6, 0)           \
    X(IPV6_ND_TLL,   33, "ipv6_nd_tll",    6, 0)           \
    X(MPLS_LABEL,    34, "mpls_label",     4, 0)           \
    X(MPLS_TC,       35, "mpls_tc",        1, 0)           \
    X(MPLS_BOS,      36, "mpls_bos",       1, 0)           \
    X(PBB_ISID,      37, "pbb_isid",       3, 1)           \
    X(TUNNEL_ID,     38, "tunnel_id",      8, 1)           \
    X(IPV6_EXTHDR,   39, "ipv6_exthdr",    2, 1)

enum ofm_oxm_field {
#define OFM_OXM_ENUM(ENUM, ID, NAME, LEN, MASKABLE) OFPXMT_##ENUM = ID,
    OFM_OXM_FIELDS(OFM_OXM_ENUM)
#undef OFM_OXM_ENUM
    OFM_OXM_N_FIELDS
};

/* OXM header: class(16) field(7) hasmask(1) length(8). */
#define OFM_OXM_HEADER(CLASS, FIELD, HASMASK, LEN) \
    ((uint32_t) (CLASS) << 16 | (uint32_t) (FIELD) << 9 | (uint32_t) (HASMASK) << 8 | (LEN))
#define OFM_OXM_CLASS(H)   ((H) >> 16)
#define OFM_OXM_FIELD(H)   (((H) >> 9) & 0x7f)
#define OFM_OXM_HASMASK(H) (((H) >> 8) & 1)
#define OFM_OXM_LENGTH(H)  ((H) & 0xff)

/* Multipart (1.3) and stats (1.0) types. */
enum ofp_multipart_type {
    OFPMP_DESC = 0, OFPMP_FLOW = 1, OFPMP_AGGREGATE = 2, OFPMP_TABLE = 3,
    OFPMP_PORT_STATS = 4, OFPMP_QUEUE = 5, OFPMP_GROUP = 6,
    OFPMP_GROUP_DESC = 7, OFPMP_GROUP_FEATURES = 8, OFPMP_METER = 9,
    OFPMP_METER_CONFIG = 10, OFPMP_METER_FEATURES = 11,
    OFPMP_TABLE_FEATURES = 12, OFPMP_PORT_DESC = 13,
    OFPMP14_TABLE_DESC = 14, OFPMP14_QUEUE_DESC = 15,
    OFPMP14_FLOW_MONITOR = 16,
    /* 1.5: OFPMP_FLOW (1) is the flow description, the statistics alone
     * are a type of their own. */
    OFPMP15_FLOW_STATS = 17, OFPMP15_CONTROLLER_STATUS = 18,
    OFPMP15_BUNDLE_FEATURES = 19,
    OFPMP_EXPERIMENTER = 0xffff,
};
/* Stat-trigger instruction flags (1.5 section 7.2.5). */
enum ofp15_stat_trigger_flags {
    OFPSTF_PERIODIC = 1 << 0, OFPSTF_ONLY_FIRST = 1 << 1,
};
#define OFPST10_PORT 4          /* 1.0 names OFPMP_PORT_STATS this way. */
#define OFPST10_QUEUE 5
#define OFPST10_VENDOR 0xffff
#define OFPSF_REQ_MORE 1        /* Request flags (1.3 only). */
#define OFPSF_REPLY_MORE 1

/* Group and meter constants (1.3). */
enum ofp13_group_mod_command { OFPGC_ADD = 0, OFPGC_MODIFY = 1, OFPGC_DELETE = 2 };
enum ofp13_group_type {
    OFPGT_ALL = 0, OFPGT_SELECT = 1, OFPGT_INDIRECT = 2, OFPGT_FF = 3,
};
enum ofp13_meter_mod_command { OFPMC_ADD = 0, OFPMC_MODIFY = 1, OFPMC_DELETE = 2 };
enum ofp13_meter_flags {
    OFPMF_KBPS = 1 << 0, OFPMF_PKTPS = 1 << 1, OFPMF_BURST = 1 << 2,
    OFPMF_STATS = 1 << 3,
};
enum ofp13_meter_band_type {
    OFPMBT_DROP = 1, OFPMBT_DSCP_REMARK = 2, OFPMBT_EXPERIMENTER = 0xffff,
};
enum ofp13_controller_role {
    OFPCR_ROLE_NOCHANGE = 0, OFPCR_ROLE_EQUAL = 1, OFPCR_ROLE_MASTER = 2,
    OFPCR_ROLE_SLAVE = 3,
};

/* Why a switch sends ROLE_STATUS (1.4 section 7.4.4, 1.5 7.4.5). */
enum ofp14_controller_role_reason {
    OFPCRR_MASTER_REQUEST = 0, OFPCRR_CONFIG = 1, OFPCRR_EXPERIMENTER = 2,
};
/* Why a switch sends TABLE_STATUS (1.4 section 7.4.5). */
enum ofp14_table_reason { OFPTR_VACANCY_DOWN = 3, OFPTR_VACANCY_UP = 4 };
/* Table mod and table description properties (1.4 section 7.3.3). */
enum ofp14_table_mod_prop_type {
    OFPTMPT_EVICTION = 2, OFPTMPT_VACANCY = 3,
    OFPTMPT_EXPERIMENTER = 0xffff,
};
/* Why a switch sends CONTROLLER_STATUS, and the channel's state (1.5
 * section 7.4.6). */
enum ofp15_controller_status_reason {
    OFPCSR_REQUEST = 0, OFPCSR_CHANNEL_STATUS = 1, OFPCSR_ROLE = 2,
    OFPCSR_CONTROLLER_ADDED = 3, OFPCSR_CONTROLLER_REMOVED = 4,
    OFPCSR_SHORT_ID = 5, OFPCSR_EXPERIMENTER = 6,
};
enum ofp15_control_channel_status { OFPCT_STATUS_UP = 0, OFPCT_STATUS_DOWN = 1 };
#define OFPCSPT_URI 0                   /* Controller status property. */

/* Error types and the codes libofm itself sends or interprets.  Every
 * code has a name through ofm_err_code_name() (ofm/msg.h). */
enum ofp10_error_type {
    OFPET10_HELLO_FAILED = 0, OFPET10_BAD_REQUEST = 1,
    OFPET10_BAD_ACTION = 2, OFPET10_FLOW_MOD_FAILED = 3,
    OFPET10_PORT_MOD_FAILED = 4, OFPET10_QUEUE_OP_FAILED = 5,
};
enum ofp13_error_type {
    OFPET_HELLO_FAILED = 0, OFPET_BAD_REQUEST = 1, OFPET_BAD_ACTION = 2,
    OFPET_BAD_INSTRUCTION = 3, OFPET_BAD_MATCH = 4,
    OFPET_FLOW_MOD_FAILED = 5, OFPET_GROUP_MOD_FAILED = 6,
    OFPET_PORT_MOD_FAILED = 7, OFPET_TABLE_MOD_FAILED = 8,
    OFPET_QUEUE_OP_FAILED = 9, OFPET_SWITCH_CONFIG_FAILED = 10,
    OFPET_ROLE_REQUEST_FAILED = 11, OFPET_METER_MOD_FAILED = 12,
    OFPET_TABLE_FEATURES_FAILED = 13, OFPET_EXPERIMENTER = 0xffff,
};
enum ofp_hello_failed_code { OFPHFC_INCOMPATIBLE = 0, OFPHFC_EPERM = 1 };
enum ofp_bad_request_code {
    OFPBRC_BAD_VERSION = 0, OFPBRC_BAD_TYPE = 1, OFPBRC_BAD_STAT = 2,
    OFPBRC_BAD_EXPERIMENTER = 3, OFPBRC_BAD_EXP_TYPE = 4, OFPBRC_EPERM = 5,
    OFPBRC_BAD_LEN = 6, OFPBRC_BUFFER_EMPTY = 7, OFPBRC_BUFFER_UNKNOWN = 8,
    OFPBRC_BAD_TABLE_ID = 9, OFPBRC_IS_SLAVE = 10, OFPBRC_BAD_PORT = 11,
    OFPBRC_BAD_PACKET = 12, OFPBRC_MULTIPART_BUFFER_OVERFLOW = 13,
};

/* Fixed sizes of the wire structures (header included for messages). */
#define OFP10_PHY_PORT_SIZE 48
#define OFP13_PORT_SIZE 64
#define OFP10_MATCH_SIZE 40
#define OFP13_MATCH_HEADER_SIZE 4
#define OFP10_SWITCH_FEATURES_SIZE 32
#define OFP13_SWITCH_FEATURES_SIZE 32
#define OFP10_PACKET_IN_SIZE 18         /* Up to the data, without padding. */
#define OFP13_PACKET_IN_SIZE 34         /* Up to the data, with an empty
                                         * (8-byte) match and the 2 pad
                                         * bytes; the spec's sizeof is 32. */
#define OFP10_PACKET_OUT_SIZE 16
#define OFP13_PACKET_OUT_SIZE 24
#define OFP10_FLOW_MOD_SIZE 72
#define OFP13_FLOW_MOD_SIZE 56          /* Including a match of 8 bytes. */
#define OFP10_FLOW_REMOVED_SIZE 88
#define OFP13_FLOW_REMOVED_SIZE 56
#define OFP10_PORT_STATUS_SIZE 64
#define OFP13_PORT_STATUS_SIZE 80
#define OFP10_PORT_MOD_SIZE 32
#define OFP13_PORT_MOD_SIZE 40
#define OFP10_STATS_MSG_SIZE 12
#define OFP13_MULTIPART_MSG_SIZE 16
#define OFP_ERROR_MSG_SIZE 12
#define OFP_SWITCH_CONFIG_SIZE 12

/* OpenFlow 1.4 and 1.5: port description and port stats properties, the
 * fixed part of their ports, and 1.5's OXS flow statistics. */
#define OFPPDPT_ETHERNET 0
#define OFPPSPT_ETHERNET 0
#define OFPPMPT_ETHERNET 0
#define OFP14_PORT_SIZE 40              /* Before the properties. */
#define OFP14_PORT_STATUS_SIZE 56
#define OFP14_PORT_STATS_SIZE 80        /* Before the properties. */
#define OFP12_PACKET_IN_SIZE 26         /* With an empty match and padding. */
#define OFP12_PORT_STATS_SIZE 104
#define OFP15_FLOW_REMOVED_SIZE 40      /* With empty match and stats. */
#define OFP14_ROLE_STATUS_SIZE 24       /* Without properties. */
#define OFP14_TABLE_STATUS_SIZE 24      /* With a table without properties. */
#define OFP14_TABLE_DESC_SIZE 8
#define OFP15_CONTROLLER_STATUS_SIZE 24 /* Without properties. */
#define OFPXSC_OPENFLOW_BASIC 0x8002
enum ofp15_oxs_field {
    OFPXST_DURATION = 0, OFPXST_IDLE_TIME = 1, OFPXST_FLOW_COUNT = 3,
    OFPXST_PACKET_COUNT = 4, OFPXST_BYTE_COUNT = 5,
};

#endif /* ofm/ofp.h */
