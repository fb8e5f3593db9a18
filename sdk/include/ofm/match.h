/* ofm/match.h: version-independent flow matches.
 *
 * A struct ofm_match holds OpenFlow 1.3 basic OXM TLVs (class
 * OFPXMC_OPENFLOW_BASIC), at most one per field, in the order they were
 * set.  It is a plain value: no allocation, safe to copy, zeroed means
 * "match everything".  Encoding for OpenFlow 1.3 writes the TLVs as they
 * are; encoding for 1.0 maps them onto struct ofp_match and fails with
 * EOPNOTSUPP for fields or masks 1.0 cannot express.  Decoding either
 * version yields the same OXM form, so plugins read matches one way.
 *
 * Values are in network byte order inside the TLVs; the typed setters and
 * getters below take and return host integers, MAC addresses as 6 bytes
 * and IPv6 addresses as 16 bytes. */
#ifndef OFM_MATCH_H
#define OFM_MATCH_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ofm/buf.h"
#include "ofm/ofp.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Enough for every basic field once, masked where maskable. */
#define OFM_MATCH_MAX_LEN 512

struct ofm_match {
    uint16_t len;                       /* Bytes used in 'oxm'. */
    uint8_t oxm[OFM_MATCH_MAX_LEN];     /* OXM TLVs, network byte order. */
};

/* Static facts about a basic OXM field, or NULL for an unknown id. */
struct ofm_oxm_info {
    enum ofm_oxm_field field;
    const char *name;       /* Ryu's name: "eth_dst". */
    uint8_t len;            /* Value bytes. */
    bool maskable;
};
const struct ofm_oxm_info *ofm_oxm_info(unsigned int field);
/* Looks a field up by Ryu's name; NULL if unknown. */
const struct ofm_oxm_info *ofm_oxm_info_by_name(const char *name);

static inline void ofm_match_init(struct ofm_match *m) { m->len = 0; }

/* Sets 'field' to 'value' (of the field's length), with 'mask' (same
 * length) or NULL for an exact match, replacing an earlier value in place.
 * A mask is normalized: value bits outside it are cleared, an all-ones mask
 * makes the match exact and an all-zeros mask removes the field.
 * Returns 0, EINVAL for an unknown field or a mask on an unmaskable one, or
 * ENOSPC if the match is full. */
int ofm_match_set(struct ofm_match *m, enum ofm_oxm_field field,
                  const void *value, const void *mask);
/* Sets a raw OXM TLV of any class: 'tlv' holds 'size' bytes, the 4-byte
 * OXM header and its payload (value, then mask if the header says so).
 * Replaces an earlier TLV of the same class and field, except that
 * experimenter-class TLVs (which share field numbers between experimenters)
 * are always appended.  Basic fields are checked as ofm_match_set() checks
 * them; other classes (NXM, experimenter) are kept as opaque bytes, encoded
 * as they are for 1.3 and refused (EOPNOTSUPP) for 1.0.  'tlv' must not
 * point into 'm'.  Returns 0, EINVAL for a malformed TLV, or ENOSPC. */
int ofm_match_set_oxm(struct ofm_match *m, const void *tlv, size_t size);
/* Finds 'field'. Returns true and copies its value (and mask, all ones when
 * exact, if 'mask' is nonnull) when present. */
bool ofm_match_get(const struct ofm_match *m, enum ofm_oxm_field field,
                   void *value, void *mask);
bool ofm_match_has(const struct ofm_match *m, enum ofm_oxm_field field);
/* Removes 'field' if present. */
void ofm_match_clear(struct ofm_match *m, enum ofm_oxm_field field);
/* Number of fields set. */
size_t ofm_match_n_fields(const struct ofm_match *m);

/* Typed shorthands; each returns what ofm_match_set() returns. */
int ofm_match_set_u8(struct ofm_match *, enum ofm_oxm_field, uint8_t);
int ofm_match_set_u16(struct ofm_match *, enum ofm_oxm_field, uint16_t);
int ofm_match_set_u32(struct ofm_match *, enum ofm_oxm_field, uint32_t);
int ofm_match_set_u64(struct ofm_match *, enum ofm_oxm_field, uint64_t);
int ofm_match_set_u32_masked(struct ofm_match *, enum ofm_oxm_field,
                             uint32_t value, uint32_t mask);
static inline int
ofm_match_set_in_port(struct ofm_match *m, uint32_t port)
{
    return ofm_match_set_u32(m, OFPXMT_IN_PORT, port);
}
static inline int
ofm_match_set_eth_dst(struct ofm_match *m, const uint8_t mac[6])
{
    return ofm_match_set(m, OFPXMT_ETH_DST, mac, NULL);
}
static inline int
ofm_match_set_eth_src(struct ofm_match *m, const uint8_t mac[6])
{
    return ofm_match_set(m, OFPXMT_ETH_SRC, mac, NULL);
}
static inline int
ofm_match_set_eth_type(struct ofm_match *m, uint16_t type)
{
    return ofm_match_set_u16(m, OFPXMT_ETH_TYPE, type);
}
/* Host-order getters: false if the field is absent. */
bool ofm_match_get_u8(const struct ofm_match *, enum ofm_oxm_field, uint8_t *);
bool ofm_match_get_u16(const struct ofm_match *, enum ofm_oxm_field, uint16_t *);
bool ofm_match_get_u32(const struct ofm_match *, enum ofm_oxm_field, uint32_t *);
bool ofm_match_get_u64(const struct ofm_match *, enum ofm_oxm_field, uint64_t *);

/* Appends the match for 'version' to 'out': a padded struct ofp_match with
 * OXM TLVs for 1.3, a 40-byte struct ofp_match for 1.0 ('m' NULL: match
 * everything).  Never allocates when 'out' has room.  Returns 0, or
 * EOPNOTSUPP (1.0 cannot express the match; nothing is appended) or
 * EPROTONOSUPPORT for another version.
 *
 * 1.0 takes the fields ofm_match_decode() produces (tcp/udp/icmpv4 both go
 * to tp_src/tp_dst, arp_op/spa/tpa to nw_proto/nw_src/nw_dst) with exact
 * values, except ipv4_src/dst and arp_spa/tpa, which take CIDR masks
 * (e.g. 255.255.255.0), and masks of all ones, which count as exact.
 * Other masks, other fields, IP ECN and non-basic OXM classes give
 * EOPNOTSUPP.  Prerequisites are not checked: what is set is written. */
int ofm_match_encode(const struct ofm_match *m, uint8_t version, struct ofm_buf *out);

/* Reads a match of 'version' from 'rd' (consuming it with its padding) into
 * 'm'.  Returns 0, or an enum ofm_err code naming what is wrong (bad length,
 * bad OXM TLV, duplicate field, ...).
 *
 * 1.3: OXM TLVs are kept byte for byte as received; basic fields are
 * checked (length, mask allowed, no duplicates), other classes are kept
 * opaque.  1.0: the wildcarded struct ofp_match becomes OXM fields that
 * mean the same: in_port (as a 32-bit port), eth_src/dst, vlan_vid
 * (OFPVID_PRESENT | vid, or OFPVID_NONE for dl_vlan 0xffff), vlan_pcp,
 * eth_type; for IPv4 ip_dscp (nw_tos >> 2), ip_proto, ipv4_src/dst (CIDR
 * masked from the wildcard bits) and tcp/udp ports or icmpv4 type/code per
 * ip_proto; for ARP arp_op, arp_spa/tpa.  Fields whose prerequisites are
 * wildcarded are dropped, as 1.0 switches ignore them. */
int ofm_match_decode(struct ofm_rd *rd, uint8_t version, struct ofm_match *m);

/* Maps port numbers between 1.3 (32-bit) and 1.0 (16-bit): ports below
 * 0xff00 are the same, the reserved ones 0xff00..0xffff correspond to
 * 0xffffff00..0xffffffff (OFPP_ANY <-> OFPP10_NONE).  ofm_port_to_of10()
 * returns OFPP10_NONE for 32-bit ports 1.0 cannot express; encoders refuse
 * those with EOPNOTSUPP instead. */
uint16_t ofm_port_to_of10(uint32_t port);
uint32_t ofm_port_from_of10(uint16_t port);

#ifdef __cplusplus
}
#endif

#endif /* ofm/match.h */
