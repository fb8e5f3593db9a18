/* addr.c: text forms of MAC, IPv4 and IPv6 addresses. */
#include <config.h>

#include "ofm/addr.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

static const char hexdigits[] = "0123456789abcdef";

void
ofm_mac_format(const uint8_t mac[6], char out[OFM_MAC_STRLEN])
{
    char *p = out;
    for (int i = 0; i < 6; i++) {
        if (i) {
            *p++ = ':';
        }
        *p++ = hexdigits[mac[i] >> 4];
        *p++ = hexdigits[mac[i] & 15];
    }
    *p = '\0';
}

int
ofm_hex_digit(int c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    } else if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

int
ofm_mac_parse(const char *s, uint8_t mac[6])
{
    uint8_t tmp[6];
    char sep = 0;

    for (int i = 0; i < 6; i++) {
        if (i) {
            if (*s != ':' && *s != '-') {
                return EINVAL;
            }
            if (sep && *s != sep) {
                return EINVAL;
            }
            sep = *s++;
        }
        int hi = ofm_hex_digit((unsigned char) *s);
        if (hi < 0) {
            return EINVAL;
        }
        s++;
        int lo = ofm_hex_digit((unsigned char) *s);
        if (lo >= 0) {
            s++;
            tmp[i] = (uint8_t) (hi << 4 | lo);
        } else {
            tmp[i] = (uint8_t) hi;
        }
    }
    if (*s) {
        return EINVAL;
    }
    memcpy(mac, tmp, 6);
    return 0;
}

void
ofm_ipv4_format(uint32_t ip, char out[OFM_IPV4_STRLEN])
{
    snprintf(out, OFM_IPV4_STRLEN, "%u.%u.%u.%u",
             (unsigned) (ip >> 24), (unsigned) (ip >> 16) & 0xff,
             (unsigned) (ip >> 8) & 0xff, (unsigned) ip & 0xff);
}

int
ofm_ipv4_parse(const char *s, uint32_t *ip)
{
    struct in_addr a;
    if (!s || inet_pton(AF_INET, s, &a) != 1) {
        return EINVAL;
    }
    *ip = ntohl(a.s_addr);
    return 0;
}

void
ofm_ipv6_format(const uint8_t ip[16], char out[OFM_IPV6_STRLEN])
{
    if (!inet_ntop(AF_INET6, ip, out, OFM_IPV6_STRLEN)) {
        /* Cannot happen with a buffer of INET6_ADDRSTRLEN. */
        strcpy(out, "::");
    }
}

int
ofm_ipv6_parse(const char *s, uint8_t ip[16])
{
    struct in6_addr a;
    if (!s || inet_pton(AF_INET6, s, &a) != 1) {
        return EINVAL;
    }
    memcpy(ip, &a, 16);
    return 0;
}
