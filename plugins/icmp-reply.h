/* icmp-reply.h: what icmp_responder.so answers, without a switch: its
 * address settings, and the ARP and ICMP echo replies it builds with the
 * packet library.  Separate from the plugin so that tests/unit can feed it
 * frames and YAML directly. */
#ifndef ICMP_REPLY_H
#define ICMP_REPLY_H 1

#include <stddef.h>
#include <stdint.h>
#include "ofm/buf.h"
#include "ofm/conf.h"
#include "ofm/packet.h"

/* The responder's own addresses. */
struct icmp_reply_addr {
    uint8_t mac[6];
    uint32_t ip;                /* Host byte order. */
};

/* The Ryu book's addresses: 0a:e4:1c:d1:3e:44 and 192.0.2.9. */
void icmp_reply_addr_default(struct icmp_reply_addr *);

/* Reads the plugin's YAML section 'conf' (NULL: none) into 'addr', which
 * holds the defaults on entry: keys 'ip' (a unicast IPv4 address) and
 * 'mac' (a unicast MAC address, not all zeros).  Returns 0, or EINVAL with
 * "FILE:LINE:COLUMN: ..." naming the key in 'err'. */
int icmp_reply_config(const struct ofm_conf *conf, struct icmp_reply_addr *addr,
                      char *err, size_t err_size);

enum icmp_reply_kind {
    ICMP_REPLY_NONE,            /* Nothing to answer. */
    ICMP_REPLY_ARP,             /* An ARP reply to an ARP request for us. */
    ICMP_REPLY_ECHO,            /* An echo reply to an echo request to us. */
};

/* Decides whether the frame of 'size' bytes at 'frame', already parsed into
 * 'req' (ofm_packet_parse()), is an ARP request for 'addr' or an ICMP echo
 * request to it, and if so builds the answer in 'reply' (initialized here):
 * Ethernet from 'addr' to the request's sender, the request's VLAN tags,
 * then an ARP reply or an IPv4 (TTL 255, identification 0) ICMP echo reply
 * carrying the request's identifier, sequence number and data, with
 * lengths and checksums left to ofm_packet_serialize().  'reply' borrows
 * the echo data from 'frame' and may own storage: ofm_packet_uninit() it
 * in every case.
 *
 * Requests that are not for us, malformed, truncated (as a packet-in cut
 * short delivers them), fragmented, or carry a bad IPv4 or ICMP checksum
 * get no answer: ICMP_REPLY_NONE, with a short reason in '*why' (a static
 * string) for debug logs. */
enum icmp_reply_kind icmp_reply_build(const struct icmp_reply_addr *addr,
                                      const void *frame, size_t size,
                                      const struct ofm_packet *req,
                                      struct ofm_packet *reply, const char **why);

/* Parses 'frame', builds the answer as icmp_reply_build() does, and
 * appends its bytes to 'out' (nothing for ICMP_REPLY_NONE). */
enum icmp_reply_kind icmp_reply_frame(const struct icmp_reply_addr *addr,
                                      const void *frame, size_t size,
                                      struct ofm_buf *out, const char **why);

#endif /* icmp-reply.h */
