/* ofm/addr.h: text forms of MAC, IPv4 and IPv6 addresses.
 *
 * The forms are the ones Ryu's packet library uses: MAC as six lower-case
 * two-digit hex bytes joined by colons ("00:03:47:8c:a1:b3"), IPv4 in
 * dotted decimal ("192.0.2.1"), IPv6 as inet_ntop() writes it
 * ("2001:db8::2", "::ffff:192.0.2.1").
 *
 * IPv4 addresses are passed as uint32_t in host byte order (192.0.2.1 is
 * 0xc0000201), as in every packet header struct of ofm/packet.h; IPv6
 * addresses as 16 bytes in network order.
 *
 * Parsers return 0 on success or EINVAL, leaving the output untouched on
 * failure.  None of these functions allocates. */
#ifndef OFM_ADDR_H
#define OFM_ADDR_H 1

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define OFM_MAC_STRLEN 18       /* "xx:xx:xx:xx:xx:xx" and its NUL. */
#define OFM_IPV4_STRLEN 16      /* "255.255.255.255" and its NUL. */
#define OFM_IPV6_STRLEN 46      /* INET6_ADDRSTRLEN. */

/* The value of hex digit 'c' (either case), or -1 if it is not one. */
int ofm_hex_digit(int c);

/* Writes 'mac' as "00:03:47:8c:a1:b3" (lower case) into 'out'. */
void ofm_mac_format(const uint8_t mac[6], char out[OFM_MAC_STRLEN]);
/* Reads six hex bytes separated by ':' (or '-'), each one or two digits,
 * either case, and nothing else.  Returns 0 or EINVAL. */
int ofm_mac_parse(const char *s, uint8_t mac[6]);

/* Writes 'ip' (host byte order) in dotted decimal into 'out'. */
void ofm_ipv4_format(uint32_t ip, char out[OFM_IPV4_STRLEN]);
/* Reads a dotted-decimal address as inet_pton(AF_INET) does (exactly four
 * decimal parts).  Stores it in host byte order.  Returns 0 or EINVAL. */
int ofm_ipv4_parse(const char *s, uint32_t *ip);

/* Writes the 16 bytes at 'ip' as inet_ntop(AF_INET6) does into 'out'. */
void ofm_ipv6_format(const uint8_t ip[16], char out[OFM_IPV6_STRLEN]);
/* Reads an address as inet_pton(AF_INET6) does.  Returns 0 or EINVAL. */
int ofm_ipv6_parse(const char *s, uint8_t ip[16]);

/* True if 'mac' is a group (multicast or broadcast) address. */
static inline bool ofm_mac_is_multicast(const uint8_t mac[6]) { return mac[0] & 1; }
/* True if 'mac' is ff:ff:ff:ff:ff:ff. */
static inline bool
ofm_mac_is_broadcast(const uint8_t mac[6])
{
    return (mac[0] & mac[1] & mac[2] & mac[3] & mac[4] & mac[5]) == 0xff;
}

#ifdef __cplusplus
}
#endif

#endif /* ofm/addr.h */
