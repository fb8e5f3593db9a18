/* ofm/packet.h: the packet library.  Parses an Ethernet frame into a stack
 * of decoded protocol headers, builds such a stack and serializes it with
 * lengths, padding and checksums filled in, and prints a packet as text
 * or JSON the way Ryu's ryu.lib.packet does.
 *
 * A struct ofm_packet holds up to OFM_PACKET_MAX_HDRS headers (struct
 * ofm_hdr, a tagged union of the per-protocol structs below) and the
 * payload that follows the last one.  Parsing never allocates: variable
 * parts of headers (options, TLVs, chunks, address lists) and the payload
 * are struct ofm_bytes pointing into the frame, which the caller keeps
 * alive and unchanged while it uses the packet.  Variable parts are kept
 * in their wire encoding; the to_text/to_json functions decode them, and
 * helpers below iterate over the common ones (LLDP TLVs, DHCP options, IPv6
 * extension headers).
 *
 * Parsing is bounded and total: every read is checked against the bytes
 * available, every loop advances, and a header that is truncated or
 * inconsistent ends the stack there; its bytes and all after it become the
 * payload, and 'error'/'error_proto' in the packet say what went wrong.
 *
 * Dispatch follows Ryu: Ethernet type (<= 1500 means 802.3 length and an
 * LLC header follows), IP protocol, well-known UDP ports (DHCP 67/68, VXLAN
 * 4789/8472), LLC SAP 0x42 (BPDU), slow protocol subtype, GRE protocol type,
 * MPLS bottom of stack (IPv4 follows, as Ryu assumes).
 *
 * Building: ofm_packet_init(), ofm_packet_push() (or a typed
 * ofm_packet_push_xxx()) for each header from the outside in, fill the
 * fields, set the payload, ofm_packet_serialize().  Like Ryu, fields that
 * hold lengths, counts or checksums are computed when left 0 (IPv4
 * header_length, total_length and csum; IPv6 payload_length; TCP offset and
 * csum; UDP total_length and csum; ICMP, ICMPv6 and IGMP checksums, IGMPv3
 * num and record_num; VRRP checksum and count_ip; SCTP CRC32c; GRE checksum
 * when present; the 802.3 length of an Ethernet header before LLC), so are
 * the fields naming the next protocol (Ethernet and VLAN ethertype, IPv4
 * proto), and Ethernet frames shorter than 60 bytes are padded with zeros.
 * Lengths inside variable parts (options, TLVs, chunks) are the caller's,
 * except when built from JSON.  Headers that come from ofm_packet_parse() carry
 * OFM_HDR_VERBATIM: their fields are written as they are, zeros included,
 * so parsing and serializing gives back the same bytes.  Clear the flag
 * (or call ofm_packet_set_auto()) after changing a parsed header to have
 * zero fields computed again.
 *
 * Bytes that a header's length field leaves out (Ethernet padding after an
 * IPv4 datagram, say) are kept as that header's 'trailer' and written back
 * after the payload.
 *
 * Return values: 0, a positive errno value, or OFM_ERR_BAD_PACKET for
 * malformed input (see ofm/err.h). */
#ifndef OFM_PACKET_H
#define OFM_PACKET_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ofm/buf.h"

#ifdef __cplusplus
extern "C" {
#endif

struct json_t;

/* Bytes not owned by the struct that points to them. */
struct ofm_bytes {
    const uint8_t *data;
    size_t size;
};

/* Protocols, one per header kind in a packet.  Variants that share a
 * struct (the three BPDU kinds, the IGMP versions, VRRP v2 and v3) are one
 * protocol with a field that tells them apart. */
#define OFM_PROTOS(X)                           \
    X(ETHERNET, ethernet, "ethernet")           \
    X(VLAN,     vlan,     "vlan")               \
    X(SVLAN,    svlan,    "svlan")              \
    X(ITAG,     itag,     "itag")               \
    X(MPLS,     mpls,     "mpls")               \
    X(LLC,      llc,      "llc")                \
    X(BPDU,     bpdu,     "bpdu")               \
    X(LACP,     lacp,     "lacp")               \
    X(MARKER,   marker,   "marker")             \
    X(LLDP,     lldp,     "lldp")               \
    X(ARP,      arp,      "arp")                \
    X(IPV4,     ipv4,     "ipv4")               \
    X(IPV6,     ipv6,     "ipv6")               \
    X(ICMP,     icmp,     "icmp")               \
    X(ICMPV6,   icmpv6,   "icmpv6")             \
    X(IGMP,     igmp,     "igmp")               \
    X(TCP,      tcp,      "tcp")                \
    X(UDP,      udp,      "udp")                \
    X(SCTP,     sctp,     "sctp")               \
    X(GRE,      gre,      "gre")                \
    X(VXLAN,    vxlan,    "vxlan")              \
    X(DHCP,     dhcp,     "dhcp")               \
    X(VRRP,     vrrp,     "vrrp")

enum ofm_proto {
    OFM_PROTO_NONE = 0,
#define OFM_PROTO_ENUM(ENUM, MEMBER, NAME) OFM_PROTO_##ENUM,
    OFM_PROTOS(OFM_PROTO_ENUM)
#undef OFM_PROTO_ENUM
    OFM_PROTO_N
};

/* The protocol's short name ("ipv4"), or "none" / "unknown". */
const char *ofm_proto_name(enum ofm_proto);

/* Ethertypes and IP protocol numbers the library dispatches on. */
#define OFM_ETH_TYPE_IP      0x0800
#define OFM_ETH_TYPE_ARP     0x0806
#define OFM_ETH_TYPE_TEB     0x6558
#define OFM_ETH_TYPE_8021Q   0x8100
#define OFM_ETH_TYPE_IPV6    0x86dd
#define OFM_ETH_TYPE_SLOW    0x8809
#define OFM_ETH_TYPE_MPLS    0x8847
#define OFM_ETH_TYPE_8021AD  0x88a8
#define OFM_ETH_TYPE_LLDP    0x88cc
#define OFM_ETH_TYPE_8021AH  0x88e7
#define OFM_ETH_TYPE_IEEE802_3 0x05dc   /* Values up to this are lengths. */

#define OFM_IPPROTO_HOPOPTS  0
#define OFM_IPPROTO_ICMP     1
#define OFM_IPPROTO_IGMP     2
#define OFM_IPPROTO_TCP      6
#define OFM_IPPROTO_UDP      17
#define OFM_IPPROTO_ROUTING  43
#define OFM_IPPROTO_FRAGMENT 44
#define OFM_IPPROTO_GRE      47
#define OFM_IPPROTO_AH       51
#define OFM_IPPROTO_ICMPV6   58
#define OFM_IPPROTO_NONE     59
#define OFM_IPPROTO_DSTOPTS  60
#define OFM_IPPROTO_VRRP     112
#define OFM_IPPROTO_SCTP     132

#define OFM_ETH_MIN_FRAME 60    /* Without FCS: shorter frames get padded. */

/* ---- Per-protocol headers.  Integers are in host byte order; IPv4
 * addresses are uint32_t in host order, IPv6 addresses 16 bytes. ---- */

struct ofm_ethernet {
    uint8_t dst[6];
    uint8_t src[6];
    uint16_t ethertype;         /* 0: set from the next header (for LLC, the
                                 * 802.3 length). */
};

/* 802.1Q C-tag (OFM_PROTO_VLAN) and 802.1ad S-tag (OFM_PROTO_SVLAN). */
struct ofm_vlan {
    uint8_t pcp;                /* 3 bits. */
    uint8_t cfi;                /* 1 bit (DEI in an S-tag). */
    uint16_t vid;               /* 12 bits. */
    uint16_t ethertype;         /* 0: set from the next header. */
};

/* 802.1ah I-TAG (PBB); an Ethernet header follows. */
struct ofm_itag {
    uint8_t pcp, dei, uca;
    uint32_t sid;               /* 24 bits. */
};

/* One MPLS label stack entry. */
struct ofm_mpls {
    uint32_t label;             /* 20 bits. */
    uint8_t exp;                /* 3 bits. */
    uint8_t bsb;                /* Bottom of stack. */
    uint8_t ttl;
};

/* 802.2 LLC.  The control field is 2 bytes for I and S formats and 1 byte
 * for the U format ((control[0] & 3) == 3); control[1] is unused then. */
struct ofm_llc {
    uint8_t dsap_addr;
    uint8_t ssap_addr;
    uint8_t control[2];
};

/* Spanning tree BPDUs: configuration, topology change notification, and
 * rapid spanning tree.  Bridge and port identifiers are split as Ryu splits
 * them; times are in 1/256 s as on the wire (Ryu shows them in seconds). */
enum ofm_bpdu_kind {
    OFM_BPDU_CONFIG,            /* Version 0, type 0x00. */
    OFM_BPDU_TCN,               /* Version 0, type 0x80: only the header. */
    OFM_BPDU_RST,               /* Version 2, type 0x02. */
};
struct ofm_bpdu {
    enum ofm_bpdu_kind kind;    /* Sets version_id and bpdu_type on output. */
    uint8_t flags;
    uint16_t root_priority;     /* Multiple of 4096. */
    uint16_t root_system_id_extension;  /* 12 bits. */
    uint8_t root_mac_address[6];
    uint32_t root_path_cost;
    uint16_t bridge_priority;
    uint16_t bridge_system_id_extension;
    uint8_t bridge_mac_address[6];
    uint8_t port_priority;      /* Multiple of 16. */
    uint16_t port_number;       /* 12 bits. */
    uint16_t message_age, max_age, hello_time, forward_delay;  /* 1/256 s. */
    uint8_t version_1_length;   /* RST only; 0. */
};

/* LACPDU (slow protocol subtype 1), always 110 bytes on the wire. */
#define OFM_LACP_STATE_ACTIVITY        0x01
#define OFM_LACP_STATE_TIMEOUT         0x02     /* Short timeout. */
#define OFM_LACP_STATE_AGGREGATION     0x04
#define OFM_LACP_STATE_SYNCHRONIZATION 0x08
#define OFM_LACP_STATE_COLLECTING      0x10
#define OFM_LACP_STATE_DISTRIBUTING    0x20
#define OFM_LACP_STATE_DEFAULTED       0x40
#define OFM_LACP_STATE_EXPIRED         0x80
struct ofm_lacp_info {
    uint16_t system_priority;
    uint8_t system[6];
    uint16_t key;
    uint16_t port_priority;
    uint16_t port;
    uint8_t state;              /* OFM_LACP_STATE_* bits. */
};
struct ofm_lacp {
    uint8_t version;            /* 1. */
    struct ofm_lacp_info actor;
    struct ofm_lacp_info partner;
    uint16_t collector_max_delay;
};
#define OFM_LACP_SIZE 110

/* Marker protocol PDU (slow protocol subtype 2), 110 bytes on the wire. */
struct ofm_marker {
    uint8_t version;            /* 1. */
    uint8_t tlv_type;           /* 1: information, 2: response. */
    uint16_t requester_port;
    uint8_t requester_system[6];
    uint32_t requester_transaction_id;
};

/* LLDPDU: its TLVs as on the wire, End TLV included.  A parsed LLDPDU has
 * Chassis ID, Port ID and TTL first and ends with End; anything else stops
 * the header stack.  Use ofm_lldp_next() to walk the TLVs and
 * ofm_lldp_put_tlv() to build them. */
#define OFM_LLDP_TLV_END                 0
#define OFM_LLDP_TLV_CHASSIS_ID          1
#define OFM_LLDP_TLV_PORT_ID             2
#define OFM_LLDP_TLV_TTL                 3
#define OFM_LLDP_TLV_PORT_DESCRIPTION    4
#define OFM_LLDP_TLV_SYSTEM_NAME         5
#define OFM_LLDP_TLV_SYSTEM_DESCRIPTION  6
#define OFM_LLDP_TLV_SYSTEM_CAPABILITIES 7
#define OFM_LLDP_TLV_MANAGEMENT_ADDRESS  8
#define OFM_LLDP_TLV_ORG_SPECIFIC        127
struct ofm_lldp {
    struct ofm_bytes tlvs;
};

#define OFM_ARP_REQUEST 1
#define OFM_ARP_REPLY   2
struct ofm_arp {
    uint16_t hwtype;            /* 1: Ethernet. */
    uint16_t proto;             /* 0x0800. */
    uint8_t hlen, plen;         /* 6, 4. */
    uint16_t opcode;
    uint8_t sha[6];             /* Ryu: src_mac. */
    uint32_t spa;               /* Ryu: src_ip. */
    uint8_t tha[6];             /* Ryu: dst_mac. */
    uint32_t tpa;               /* Ryu: dst_ip. */
};

struct ofm_ipv4 {
    uint8_t version;            /* 4. */
    uint8_t header_length;      /* In 4-byte words; 0: computed. */
    uint8_t tos;
    uint16_t total_length;      /* 0: computed. */
    uint16_t identification;
    uint8_t flags;              /* 3 bits. */
    uint16_t offset;            /* 13 bits, in 8-byte units. */
    uint8_t ttl;
    uint8_t proto;              /* 0: set from the next header. */
    uint16_t csum;              /* 0: computed. */
    uint32_t src, dst;
    struct ofm_bytes option;    /* Options as on the wire, or empty. */
};

/* IPv6 and its extension headers (hop-by-hop, routing, fragment,
 * destination options, authentication), kept as on the wire in
 * 'ext_hdrs'; 'nxt' is the first of the chain.  Walk them with
 * ofm_ipv6_next_ext(). */
struct ofm_ipv6 {
    uint8_t version;            /* 6. */
    uint8_t traffic_class;
    uint32_t flow_label;        /* 20 bits. */
    uint16_t payload_length;    /* 0: computed. */
    uint8_t nxt;
    uint8_t hop_limit;
    uint8_t src[16], dst[16];
    struct ofm_bytes ext_hdrs;
};

/* ICMP: 'data' is everything after type, code and checksum (for echo:
 * identifier, sequence number, then the echoed data). */
#define OFM_ICMP_ECHO_REPLY     0
#define OFM_ICMP_DEST_UNREACH   3
#define OFM_ICMP_ECHO_REQUEST   8
#define OFM_ICMP_TIME_EXCEEDED  11
struct ofm_icmp {
    uint8_t type;
    uint8_t code;
    uint16_t csum;              /* 0: computed. */
    struct ofm_bytes data;
};

/* ICMPv6, same layout: 'data' holds the message body (for neighbour
 * discovery the target address and options, for MLD the rest). */
#define OFM_ICMPV6_ECHO_REQUEST   128
#define OFM_ICMPV6_ECHO_REPLY     129
#define OFM_ND_ROUTER_SOLICIT     133
#define OFM_ND_ROUTER_ADVERT      134
#define OFM_ND_NEIGHBOR_SOLICIT   135
#define OFM_ND_NEIGHBOR_ADVERT    136
struct ofm_icmpv6 {
    uint8_t type;
    uint8_t code;
    uint16_t csum;              /* 0: computed (with the IPv6 pseudo header). */
    struct ofm_bytes data;
};

/* IGMP v1/v2 (8 bytes), v3 membership query (msgtype 0x11 and at least 12
 * bytes) and v3 membership report (msgtype 0x22). */
enum ofm_igmp_kind {
    OFM_IGMP_V1V2,
    OFM_IGMP_V3_QUERY,
    OFM_IGMP_V3_REPORT,
};
struct ofm_igmp {
    enum ofm_igmp_kind kind;
    uint8_t msgtype;
    uint8_t maxresp;            /* Not in v3 reports. */
    uint16_t csum;              /* 0: computed. */
    uint32_t address;           /* Group; not in v3 reports. */
    uint8_t s_flg, qrv, qqic;   /* v3 query. */
    uint16_t num;               /* v3 query: number of sources; 0: counted. */
    uint16_t record_num;        /* v3 report: number of records; 0: counted. */
    struct ofm_bytes srcs;      /* v3 query: 4-byte sources; v3 report: the
                                 * group records as on the wire. */
};

#define OFM_TCP_FIN 0x001
#define OFM_TCP_SYN 0x002
#define OFM_TCP_RST 0x004
#define OFM_TCP_PSH 0x008
#define OFM_TCP_ACK 0x010
#define OFM_TCP_URG 0x020
#define OFM_TCP_ECE 0x040
#define OFM_TCP_CWR 0x080
#define OFM_TCP_NS  0x100
struct ofm_tcp {
    uint16_t src_port, dst_port;
    uint32_t seq, ack;
    uint8_t offset;             /* Data offset in 4-byte words; 0: computed. */
    uint16_t bits;              /* OFM_TCP_* flags (9 bits). */
    uint16_t window_size;
    uint16_t csum;              /* 0: computed. */
    uint16_t urgent;
    struct ofm_bytes option;    /* Options as on the wire (zero-padded to a
                                 * multiple of 4 on output). */
};

struct ofm_udp {
    uint16_t src_port, dst_port;
    uint16_t total_length;      /* 0: computed. */
    uint16_t csum;              /* 0: computed. */
};

/* SCTP common header; the chunks follow as on the wire. */
struct ofm_sctp {
    uint16_t src_port, dst_port;
    uint32_t vtag;
    uint32_t csum;              /* CRC32c as on the wire; 0: computed. */
    struct ofm_bytes chunks;
};

/* GRE (RFC 2784, 2890).  Optional fields are present when their flag is. */
struct ofm_gre {
    bool has_checksum, has_key, has_seq;
    uint8_t version;            /* 3 bits. */
    uint16_t protocol;          /* Ethertype of the payload. */
    uint16_t checksum;          /* 0: computed (over header and payload). */
    uint32_t key;
    uint32_t seq_number;
};

struct ofm_vxlan {
    uint32_t vni;               /* 24 bits. */
};

/* DHCP (BOOTP) message.  'options' starts at the magic cookie and runs to
 * the end of the message (End option and padding included); empty if the
 * message has none.  Walk it with ofm_dhcp_next_option(). */
struct ofm_dhcp {
    uint8_t op, htype, hlen, hops;
    uint32_t xid;
    uint16_t secs, flags;
    uint32_t ciaddr, yiaddr, siaddr, giaddr;
    uint8_t chaddr[16];
    struct ofm_bytes sname;     /* Up to 64 bytes, zero-padded on output. */
    struct ofm_bytes boot_file; /* Up to 128 bytes, zero-padded on output. */
    struct ofm_bytes options;
};
#define OFM_DHCP_FIXED_SIZE 236

/* VRRP v2 (IPv4 only, with authentication) and v3 (IPv4 or IPv6, as the
 * enclosing IP header says). */
struct ofm_vrrp {
    uint8_t version;            /* 2 or 3. */
    uint8_t type;               /* 1: advertisement. */
    uint8_t vrid;
    uint8_t priority;
    uint8_t count_ip;
    uint8_t auth_type;          /* v2. */
    uint16_t max_adver_int;     /* v2: seconds (8 bits); v3: centiseconds
                                 * (12 bits). */
    uint16_t checksum;          /* 0: computed. */
    bool ipv6;                  /* Addresses are IPv6 (v3 over IPv6). */
    struct ofm_bytes ip_addresses;  /* count_ip addresses of 4 or 16 bytes. */
    uint32_t auth_data[2];      /* v2. */
};

/* ---- Packets. ---- */

#define OFM_PACKET_MAX_HDRS 16

/* Header flags. */
#define OFM_HDR_VERBATIM 0x1    /* Write zero lengths/checksums as they are. */

struct ofm_hdr {
    enum ofm_proto proto;
    uint16_t flags;             /* OFM_HDR_*. */
    uint32_t offset;            /* Parsed: where the header starts in the frame. */
    struct ofm_bytes trailer;   /* Bytes after this header's own extent and
                                 * inside its parent's, written back after
                                 * the payload. */
    union {
        struct ofm_ethernet ethernet;
        struct ofm_vlan vlan;   /* Also for OFM_PROTO_SVLAN. */
        struct ofm_itag itag;
        struct ofm_mpls mpls;
        struct ofm_llc llc;
        struct ofm_bpdu bpdu;
        struct ofm_lacp lacp;
        struct ofm_marker marker;
        struct ofm_lldp lldp;
        struct ofm_arp arp;
        struct ofm_ipv4 ipv4;
        struct ofm_ipv6 ipv6;
        struct ofm_icmp icmp;
        struct ofm_icmpv6 icmpv6;
        struct ofm_igmp igmp;
        struct ofm_tcp tcp;
        struct ofm_udp udp;
        struct ofm_sctp sctp;
        struct ofm_gre gre;
        struct ofm_vxlan vxlan;
        struct ofm_dhcp dhcp;
        struct ofm_vrrp vrrp;
    } u;
};

struct ofm_packet_chunk;

struct ofm_packet {
    size_t n_hdrs;
    struct ofm_hdr hdrs[OFM_PACKET_MAX_HDRS];
    struct ofm_bytes payload;   /* After the last header. */
    bool pad;                   /* Pad Ethernet frames to 60 bytes on output
                                 * (true after init, false after parse). */

    /* Parse outcome: 0, or why the stack stopped early (OFM_ERR_BAD_PACKET
     * for a truncated or inconsistent header, ENOSPC when the stack was
     * full), and the protocol that could not be parsed. */
    int error;
    enum ofm_proto error_proto;

    /* Storage the packet owns (ofm_packet_alloc(), ofm_packet_from_json()).
     * Private. */
    struct ofm_packet_chunk *chunks;
    size_t stub_used;
    uint64_t stub[32];
};

/* Initializes 'pkt' empty for building: no headers, no payload, padding
 * on.  Never allocates. */
void ofm_packet_init(struct ofm_packet *pkt);
/* Frees what 'pkt' allocated (ofm_packet_alloc(), ofm_packet_from_json()),
 * invalidating every pointer into that storage, and leaves 'pkt' empty as
 * after ofm_packet_init().  Accepts NULL. */
void ofm_packet_uninit(struct ofm_packet *pkt);
/* Returns 'size' bytes (8-byte aligned, uninitialized) owned by 'pkt'
 * until ofm_packet_uninit(): storage for variable parts of headers built
 * in place.  Small amounts come from inside the struct; aborts only when
 * out of memory. */
void *ofm_packet_alloc(struct ofm_packet *pkt, size_t size);
/* Copies 'size' bytes at 'data' into storage owned by 'pkt' and returns
 * them as a struct ofm_bytes. */
struct ofm_bytes ofm_packet_copy(struct ofm_packet *pkt, const void *data, size_t size);

/* Parses the Ethernet frame at 'frame' ('size' bytes, FCS excluded) into
 * 'pkt', which need not be initialized and must hold no allocations.  The
 * headers and payload point into 'frame', which must stay valid and
 * unchanged while 'pkt' is used.  Every header gets OFM_HDR_VERBATIM and
 * 'pkt->pad' is false, so ofm_packet_serialize() reproduces 'frame'.
 * Returns 0 once the Ethernet header is parsed, even if a later header is
 * not (see 'error'); OFM_ERR_BAD_PACKET (no headers, all bytes payload) if
 * 'size' < 14. */
int ofm_packet_parse(struct ofm_packet *pkt, const void *frame, size_t size);

/* Returns the first header of protocol 'proto' (its union member, e.g. a
 * const struct ofm_ipv4 *), or NULL.  ofm_packet_find_hdr() returns the
 * whole struct ofm_hdr; ofm_packet_find_next() the first one after 'after'
 * (NULL: from the start). */
const void *ofm_packet_find(const struct ofm_packet *pkt, enum ofm_proto proto);
const struct ofm_hdr *ofm_packet_find_hdr(const struct ofm_packet *pkt, enum ofm_proto proto);
const struct ofm_hdr *ofm_packet_find_next(const struct ofm_packet *pkt,
                                           const struct ofm_hdr *after,
                                           enum ofm_proto proto);

/* Appends a header of protocol 'proto' to 'pkt' with Ryu's defaults (e.g.
 * Ethernet dst ff:ff:ff:ff:ff:ff, IPv4 version 4 and TTL 255, ARP request),
 * except that lengths, checksums and the fields naming the next protocol
 * (Ethernet and VLAN ethertype, IPv4 proto) are 0, to be computed, and
 * returns its union member for the caller to fill.  Returns NULL if 'pkt'
 * is full or 'proto' is invalid. */
void *ofm_packet_push(struct ofm_packet *pkt, enum ofm_proto proto);
#define OFM_PUSH_DECL(ENUM, MEMBER, NAME)                                 \
    static inline struct ofm_##MEMBER *                                   \
    ofm_packet_push_##MEMBER(struct ofm_packet *pkt)                      \
    {                                                                     \
        return (struct ofm_##MEMBER *) ofm_packet_push(pkt, OFM_PROTO_##ENUM); \
    }
OFM_PUSH_DECL(ETHERNET, ethernet, "ethernet")
OFM_PUSH_DECL(ITAG, itag, "itag")
OFM_PUSH_DECL(MPLS, mpls, "mpls")
OFM_PUSH_DECL(LLC, llc, "llc")
OFM_PUSH_DECL(BPDU, bpdu, "bpdu")
OFM_PUSH_DECL(LACP, lacp, "lacp")
OFM_PUSH_DECL(MARKER, marker, "marker")
OFM_PUSH_DECL(LLDP, lldp, "lldp")
OFM_PUSH_DECL(ARP, arp, "arp")
OFM_PUSH_DECL(IPV4, ipv4, "ipv4")
OFM_PUSH_DECL(IPV6, ipv6, "ipv6")
OFM_PUSH_DECL(ICMP, icmp, "icmp")
OFM_PUSH_DECL(ICMPV6, icmpv6, "icmpv6")
OFM_PUSH_DECL(IGMP, igmp, "igmp")
OFM_PUSH_DECL(TCP, tcp, "tcp")
OFM_PUSH_DECL(UDP, udp, "udp")
OFM_PUSH_DECL(SCTP, sctp, "sctp")
OFM_PUSH_DECL(GRE, gre, "gre")
OFM_PUSH_DECL(VXLAN, vxlan, "vxlan")
OFM_PUSH_DECL(DHCP, dhcp, "dhcp")
OFM_PUSH_DECL(VRRP, vrrp, "vrrp")
#undef OFM_PUSH_DECL
static inline struct ofm_vlan *
ofm_packet_push_vlan(struct ofm_packet *pkt)
{
    return (struct ofm_vlan *) ofm_packet_push(pkt, OFM_PROTO_VLAN);
}
static inline struct ofm_vlan *
ofm_packet_push_svlan(struct ofm_packet *pkt)
{
    return (struct ofm_vlan *) ofm_packet_push(pkt, OFM_PROTO_SVLAN);
}

/* Sets the payload after the last header (borrowed: it must stay valid
 * until the packet is serialized or dropped). */
static inline void
ofm_packet_set_payload(struct ofm_packet *pkt, const void *data, size_t size)
{
    pkt->payload.data = (const uint8_t *) data;
    pkt->payload.size = size;
}

/* Clears OFM_HDR_VERBATIM on every header, so that zero lengths and
 * checksums get computed again. */
void ofm_packet_set_auto(struct ofm_packet *pkt);

/* Appends the frame that 'pkt' describes to 'out': headers, payload,
 * trailers, Ethernet padding if 'pkt->pad'.  Zero lengths and checksums of
 * headers without OFM_HDR_VERBATIM are computed into the output (the
 * structs in 'pkt' are not changed).  Returns 0, or EINVAL (with nothing
 * appended) if a field cannot be encoded (e.g. more than 255 VRRP
 * addresses) or the frame exceeds 65535 bytes. */
int ofm_packet_serialize(const struct ofm_packet *pkt, struct ofm_buf *out);

/* Text form, as Ryu's str(Packet): each header as
 * ethernet(dst='ff:ff:ff:ff:ff:ff',ethertype=2054,src='0a:e4:1c:d1:3e:43')
 * with fields in alphabetical order, joined by ", ", then the payload as a
 * Python bytes literal unless it is empty or all zeros.  Returns a
 * malloc()ed NUL-terminated string for the caller to free(). */
char *ofm_packet_to_text(const struct ofm_packet *pkt);
/* Text form of one header. */
char *ofm_hdr_to_text(const struct ofm_hdr *hdr);

/* JSON form, as Ryu's Packet.to_jsondict():
 * {"Packet": {"protocols": [{"ethernet": {...}}, ..., "<payload base64>"]}}
 * with Ryu's class names, field names and value forms (addresses as text,
 * bytes as base64).  The payload is left out if empty or all zeros, as
 * Ryu does.  Returns a new reference (NULL only if out of memory). */
struct json_t *ofm_packet_to_json(const struct ofm_packet *pkt);
/* JSON form of one header: {"ipv4": {...}}. */
struct json_t *ofm_hdr_to_json(const struct ofm_hdr *hdr);

/* Builds 'pkt' (initialized here; call ofm_packet_uninit() when done,
 * also on failure) from JSON in the form ofm_packet_to_json() gives; the
 * "Packet" wrapper is optional, a bare protocols list is accepted too.
 * Missing fields take Ryu's defaults, lengths and checksums given as 0 are
 * computed on serialization, and the lengths inside options, TLVs and
 * chunks are recomputed.  A string in the list is the payload (base64).
 * Returns 0, or EINVAL with a message in 'err' ('err_size' bytes, may be
 * 0). */
int ofm_packet_from_json(const struct json_t *json, struct ofm_packet *pkt,
                         char *err, size_t err_size);

/* ---- Fast path for L2 switching. ---- */

/* What a learning switch needs from a frame. */
struct ofm_eth {
    uint8_t dst[6];
    uint8_t src[6];
    uint16_t ethertype;         /* After any 802.1Q/802.1ad/0x9100 tags. */
    uint16_t vlan_tci;          /* Outermost tag's TCI, or 0. */
    uint8_t n_vlans;            /* Tags skipped (at most 4 are looked at). */
    uint16_t l3_offset;         /* Where the payload of 'ethertype' starts. */
};
/* Reads the Ethernet header of 'frame' and skips VLAN tags.  Returns 0 or
 * OFM_ERR_BAD_PACKET if 'size' < 14 (a truncated tag ends the walk; the
 * ethertype is then the tag's TPID). */
int ofm_eth_parse(const void *frame, size_t size, struct ofm_eth *eth);

/* ---- Helpers for variable parts. ---- */

/* Reads the next LLDP TLV from 'rd' (positioned at a TLV header): its type,
 * and its value in 'value'.  Returns false at the end of 'rd' or if the TLV
 * is truncated (rd->error is then set). */
bool ofm_lldp_next(struct ofm_rd *rd, uint8_t *type, struct ofm_bytes *value);
/* Finds the first TLV of 'type' in 'lldp' and stores its value.  Returns
 * false if there is none. */
bool ofm_lldp_find(const struct ofm_lldp *lldp, uint8_t type, struct ofm_bytes *value);
/* Appends a TLV header (type, size <= 511) and 'size' bytes of value. */
void ofm_lldp_put_tlv(struct ofm_buf *b, uint8_t type, const void *value, size_t size);
/* Appends a TLV whose value starts with a subtype byte (Chassis ID, Port
 * ID). */
void ofm_lldp_put_tlv_sub(struct ofm_buf *b, uint8_t type, uint8_t subtype,
                          const void *value, size_t size);

/* Reads the next DHCP option from 'rd', which starts after the magic cookie.
 * Pad options are skipped.  Returns false at End, at the end of 'rd', or on
 * a truncated option (rd->error set). */
bool ofm_dhcp_next_option(struct ofm_rd *rd, uint8_t *tag, struct ofm_bytes *value);
/* Finds option 'tag' in 'dhcp'.  Returns false if absent. */
bool ofm_dhcp_find_option(const struct ofm_dhcp *dhcp, uint8_t tag, struct ofm_bytes *value);
#define OFM_DHCP_MAGIC 0x63825363

/* Reads the next IPv6 extension header from 'rd' given that 'nxt' names it
 * (hop-by-hop, routing, fragment, destination options, authentication):
 * stores the whole header in 'hdr' and its own next header in '*nxt'.
 * Returns false if 'nxt' is not an extension header or the header is
 * truncated (rd->error set). */
bool ofm_ipv6_next_ext(struct ofm_rd *rd, uint8_t *nxt, struct ofm_bytes *hdr);
/* The protocol after the extension headers of 'ip' (ip->nxt if none). */
uint8_t ofm_ipv6_upper_proto(const struct ofm_ipv6 *ip);

/* Internet checksum (RFC 1071) of 'size' bytes, continuing 'partial' (0 to
 * start); ofm_csum_finish() folds and complements the sum. */
uint32_t ofm_csum_add(uint32_t partial, const void *data, size_t size);
uint16_t ofm_csum_finish(uint32_t partial);
/* CRC32c (Castagnoli) as SCTP uses it. */
uint32_t ofm_crc32c(const void *data, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* ofm/packet.h */
