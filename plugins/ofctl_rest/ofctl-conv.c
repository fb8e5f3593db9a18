/* ofctl-conv.c: Ryu's ofctl REST spelling to and from the SDK's Ryu-JSON
 * form (see ofctl-conv.h).  Only the translation lives here: the bytes are
 * always made and read by the SDK's codec (ofm/json.h). */
#include <config.h>
#include "ofctl-conv.h"
#include <ofm/addr.h>
#include <ofm/err.h>

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OFP10_VERSION_ 0x01
#define OFP12_VERSION_ 0x03
#define OFP14_VERSION_ 0x05
#define OFP15_VERSION_ 0x06
#define OFPVID_PRESENT 0x1000
#define OFPCML_MAX 0xffe5

int
ofctl_get_uint(const json_t *j, uint64_t *v)
{
    if (json_is_integer(j)) {
        /* The SDK holds 2^63 and above as negative json_int_t. */
        *v = (uint64_t) json_integer_value(j);
        return 0;
    }
    if (json_is_string(j)) {
        const char *s = json_string_value(j);
        char *end;
        if (!*s || *s == '-') {
            return -1;
        }
        errno = 0;
        unsigned long long x = strtoull(s, &end, 0);
        if (errno || *end) {
            return -1;
        }
        *v = x;
        return 0;
    }
    return -1;
}

/* Reserved numbers by name, as Ryu's OFCtlUtil spells them without their
 * OFPP_/OFPG_/... prefix. */
struct reserved {
    const char *name;
    uint32_t v13;
    uint32_t v10;               /* 0: not in 1.0. */
};

static const struct reserved ports[] = {
    { "IN_PORT", 0xfffffff8, 0xfff8 }, { "TABLE", 0xfffffff9, 0xfff9 },
    { "NORMAL", 0xfffffffa, 0xfffa }, { "FLOOD", 0xfffffffb, 0xfffb },
    { "ALL", 0xfffffffc, 0xfffc }, { "CONTROLLER", 0xfffffffd, 0xfffd },
    { "LOCAL", 0xfffffffe, 0xfffe }, { "ANY", 0xffffffff, 0 },
    { "NONE", 0, 0xffff }, { NULL, 0, 0 },
};
static const struct reserved groups[] = {
    { "ALL", 0xfffffffc, 0 }, { "ANY", 0xffffffff, 0 }, { NULL, 0, 0 },
};
static const struct reserved tables[] = {
    { "ALL", 0xff, 0xff }, { NULL, 0, 0 },
};

/* Reads a number or a reserved name from 'j' (Ryu's
 * _reserved_num_from_user). */
static int
get_reserved(const json_t *j, const struct reserved *r, uint8_t version,
             uint64_t *v)
{
    if (!ofctl_get_uint(j, v)) {
        return 0;
    }
    if (!json_is_string(j)) {
        return -1;
    }
    const char *s = json_string_value(j);
    for (; r->name; r++) {
        uint32_t x = version == OFP10_VERSION_ ? r->v10 : r->v13;
        if (x && (!strcasecmp(s, r->name)
                  || (!strncasecmp(s, "OFPP_", 5) && !strcasecmp(s + 5, r->name)))) {
            *v = x;
            return 0;
        }
    }
    return -1;
}

/* A reserved number as its name, or the number (_reserved_num_to_user). */
static json_t *
reserved_to_user(uint64_t v, const struct reserved *r, uint8_t version)
{
    for (; r->name; r++) {
        uint32_t x = version == OFP10_VERSION_ ? r->v10 : r->v13;
        if (x && x == v) {
            return json_string(r->name);
        }
    }
    return json_integer((json_int_t) v);
}

static int
get_field(const json_t *obj, const char *key, uint64_t dflt, uint64_t max,
          uint64_t *v, char *err, size_t err_size)
{
    const json_t *j = json_object_get(obj, key);
    if (!j) {
        *v = dflt;
        return 0;
    }
    if (ofctl_get_uint(j, v) || *v > max) {
        ofm_err_printf(err, err_size, "'%s': expected an integer of 0..%"PRIu64,
                       key, max);
        return -1;
    }
    return 0;
}

static int
get_reserved_field(const json_t *obj, const char *key, uint64_t dflt,
                   const struct reserved *r, uint8_t version, uint64_t max,
                   uint64_t *v, char *err, size_t err_size)
{
    const json_t *j = json_object_get(obj, key);
    if (!j) {
        *v = dflt;
        return 0;
    }
    if (get_reserved(j, r, version, v) || *v > max) {
        ofm_err_printf(err, err_size, "'%s': expected an integer of 0..%"PRIu64
                       " or a reserved name", key, max);
        return -1;
    }
    return 0;
}

/* OpenFlow 1.3 match fields. */
enum kind { K_INT, K_MASKED_INT, K_ETH, K_IPV4, K_IPV6, K_VID, K_PORT,
            K_PACKET_TYPE };
struct field {
    const char *name;
    enum kind kind;
    uint64_t max;
};
/* In OXM field number order, as Ryu's OFPMatch lays them out. */
static const struct field fields13[] = {
    { "in_port", K_PORT, UINT32_MAX }, { "in_phy_port", K_INT, UINT32_MAX },
    { "metadata", K_MASKED_INT, UINT64_MAX },
    { "eth_dst", K_ETH, 0 }, { "eth_src", K_ETH, 0 },
    { "eth_type", K_INT, UINT16_MAX }, { "vlan_vid", K_VID, 0x1fff },
    { "vlan_pcp", K_INT, 7 }, { "ip_dscp", K_INT, 63 }, { "ip_ecn", K_INT, 3 },
    { "ip_proto", K_INT, UINT8_MAX },
    { "ipv4_src", K_IPV4, 0 }, { "ipv4_dst", K_IPV4, 0 },
    { "tcp_src", K_INT, UINT16_MAX }, { "tcp_dst", K_INT, UINT16_MAX },
    { "udp_src", K_INT, UINT16_MAX }, { "udp_dst", K_INT, UINT16_MAX },
    { "sctp_src", K_INT, UINT16_MAX }, { "sctp_dst", K_INT, UINT16_MAX },
    { "icmpv4_type", K_INT, UINT8_MAX }, { "icmpv4_code", K_INT, UINT8_MAX },
    { "arp_op", K_INT, UINT16_MAX },
    { "arp_spa", K_IPV4, 0 }, { "arp_tpa", K_IPV4, 0 },
    { "arp_sha", K_ETH, 0 }, { "arp_tha", K_ETH, 0 },
    { "ipv6_src", K_IPV6, 0 }, { "ipv6_dst", K_IPV6, 0 },
    { "ipv6_flabel", K_INT, 0xfffff },
    { "icmpv6_type", K_INT, UINT8_MAX }, { "icmpv6_code", K_INT, UINT8_MAX },
    { "ipv6_nd_target", K_IPV6, 0 },
    { "ipv6_nd_sll", K_ETH, 0 }, { "ipv6_nd_tll", K_ETH, 0 },
    { "mpls_label", K_INT, 0xfffff }, { "mpls_tc", K_INT, 7 },
    { "mpls_bos", K_INT, 1 }, { "pbb_isid", K_MASKED_INT, 0xffffff },
    { "tunnel_id", K_MASKED_INT, UINT64_MAX },
    { "ipv6_exthdr", K_MASKED_INT, 0x1ff },
    /* 1.4's and 1.5's (field_in_version()). */
    { "pbb_uca", K_INT, 1 }, { "tcp_flags", K_INT, UINT16_MAX },
    { "actset_output", K_INT, UINT32_MAX },
    { "packet_type", K_PACKET_TYPE, UINT32_MAX },
    { NULL, K_INT, 0 },
};

/* Ryu's REST aliases (ofctl_v1_3.to_match's 'keys'). */
static const char *
alias13(const char *key)
{
    static const char *const map[][2] = {
        { "dl_dst", "eth_dst" }, { "dl_src", "eth_src" },
        { "dl_type", "eth_type" }, { "dl_vlan", "vlan_vid" },
        { "nw_src", "ipv4_src" }, { "nw_dst", "ipv4_dst" },
        { "nw_proto", "ip_proto" },
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        if (!strcmp(key, map[i][0])) {
            return map[i][1];
        }
    }
    return key;
}

/* Whether Ryu's to_match() of ofctl_v1_2/v1_3/v1_4/v1_5 knows 'name'. */
static bool
field_in_version(const char *name, uint8_t version)
{
    static const char *const after12[] = {
        "mpls_bos", "pbb_isid", "tunnel_id", "ipv6_exthdr", NULL,
    };
    for (size_t i = 0; after12[i]; i++) {
        if (!strcmp(name, after12[i])) {
            return version > OFP12_VERSION_;
        }
    }
    if (!strcmp(name, "pbb_uca")) {
        return version >= OFP14_VERSION_;
    }
    if (!strcmp(name, "tcp_flags") || !strcmp(name, "actset_output")
        || !strcmp(name, "packet_type")) {
        return version >= OFP15_VERSION_;
    }
    return true;
}

static const struct field *
find_field13(const char *name)
{
    for (const struct field *f = fields13; f->name; f++) {
        if (!strcmp(f->name, name)) {
            return f;
        }
    }
    return NULL;
}

/* Splits "value/mask" into 'value' and 'mask' (NULL without a mask). */
static bool
split_mask(const char *s, char *value, size_t size, const char **mask)
{
    const char *slash = strchr(s, '/');
    size_t n = slash ? (size_t) (slash - s) : strlen(s);
    if (n >= size) {
        return false;
    }
    memcpy(value, s, n);
    value[n] = '\0';
    *mask = slash ? slash + 1 : NULL;
    return true;
}

/* "aa:bb:cc:dd:ee:ff", as Ryu writes it and as the codec takes it: six
 * two-digit hex bytes and colons, read by the SDK's parser.  (sscanf's %x
 * would also take "-0" or "+f", which the codec then refuses.) */
static bool
is_mac(const char *s)
{
    uint8_t mac[6];
    if (strlen(s) != 17) {
        return false;
    }
    for (size_t i = 2; i < 17; i += 3) {
        if (s[i] != ':') {
            return false;
        }
    }
    return !ofm_mac_parse(s, mac);
}

static bool
is_decimal(const char *s)
{
    if (!*s) {
        return false;
    }
    for (; *s; s++) {
        if (*s < '0' || *s > '9') {
            return false;
        }
    }
    return true;
}

/* An address field's value and mask; a prefix length ("10.0.0.0/24")
 * becomes a netmask, as Ryu's to_match_ip() does. */
static int
conv_ip(const struct field *f, const char *s, json_t **value, json_t **mask)
{
    int af = f->kind == K_IPV4 ? AF_INET : AF_INET6;
    int bits = af == AF_INET ? 32 : 128;
    char addr[64];
    const char *m;
    uint8_t buf[16];

    if (!split_mask(s, addr, sizeof addr, &m) || inet_pton(af, addr, buf) != 1) {
        return -1;
    }
    *value = json_string(addr);
    if (!m) {
        *mask = json_null();
        return 0;
    }
    if (is_decimal(m)) {
        int len = atoi(m);
        if (len > bits || strlen(m) > 3) {
            json_decref(*value);
            return -1;
        }
        uint8_t nm[16] = { 0 };
        for (int i = 0; i < len; i++) {
            nm[i / 8] |= 0x80 >> (i % 8);
        }
        char text[INET6_ADDRSTRLEN];
        inet_ntop(af, nm, text, sizeof text);
        *mask = json_string(text);
        return 0;
    }
    if (inet_pton(af, m, buf) != 1) {
        json_decref(*value);
        return -1;
    }
    *mask = json_string(m);
    return 0;
}

static int
conv_uint_text(const char *s, uint64_t max, uint64_t *v)
{
    json_t *j = json_string(s);
    int r = j ? ofctl_get_uint(j, v) : -1;
    json_decref(j);
    return r || *v > max ? -1 : 0;
}

/* One 1.3 field's value and mask, in the codec's types. */
static int
conv_field13(const struct field *f, const json_t *j, json_t **value,
             json_t **mask)
{
    uint64_t v, m;
    const char *s = json_string_value(j);
    char text[64];
    const char *ms;

    *mask = NULL;
    switch (f->kind) {
    case K_PORT:
        if (get_reserved(j, ports, 4, &v) || v > f->max) {
            return -1;
        }
        *value = json_integer((json_int_t) v);
        break;
    case K_INT:
        if (ofctl_get_uint(j, &v) || v > f->max) {
            return -1;
        }
        *value = json_integer((json_int_t) v);
        break;
    case K_MASKED_INT:
        if (s && strchr(s, '/')) {
            if (!split_mask(s, text, sizeof text, &ms)
                || conv_uint_text(text, f->max, &v)
                || conv_uint_text(ms, f->max, &m)) {
                return -1;
            }
            *mask = json_integer((json_int_t) m);
        } else if (ofctl_get_uint(j, &v) || v > f->max) {
            return -1;
        }
        *value = json_integer((json_int_t) v);
        break;
    case K_VID:
        /* An integer or a decimal string is a VLAN id: OFPVID_PRESENT is
         * added.  "0x1003/0x1fff" and other hex strings are taken as they
         * are (ofctl_utils.to_match_vid). */
        if (json_is_integer(j)) {
            if (ofctl_get_uint(j, &v) || v > 0xfff) {
                return -1;
            }
            v |= OFPVID_PRESENT;
        } else if (!s) {
            return -1;
        } else if (strchr(s, '/')) {
            if (!split_mask(s, text, sizeof text, &ms)
                || conv_uint_text(text, f->max, &v)
                || conv_uint_text(ms, f->max, &m)) {
                return -1;
            }
            *mask = json_integer((json_int_t) m);
        } else if (is_decimal(s)) {
            if (conv_uint_text(s, 0xfff, &v)) {
                return -1;
            }
            v |= OFPVID_PRESENT;
        } else if (conv_uint_text(s, f->max, &v)) {
            return -1;
        }
        *value = json_integer((json_int_t) v);
        break;
    case K_PACKET_TYPE:
        /* [namespace, type] or the 32-bit number (to_match_packet_type). */
        if (json_is_array(j)) {
            if (json_array_size(j) != 2
                || ofctl_get_uint(json_array_get(j, 0), &v) || v > UINT16_MAX
                || ofctl_get_uint(json_array_get(j, 1), &m) || m > UINT16_MAX) {
                return -1;
            }
            v = v << 16 | m;
        } else if (ofctl_get_uint(j, &v) || v > f->max) {
            return -1;
        }
        *value = json_integer((json_int_t) v);
        break;
    case K_ETH:
        if (!s || !split_mask(s, text, sizeof text, &ms) || !is_mac(text)
            || (ms && !is_mac(ms))) {
            return -1;
        }
        *value = json_string(text);
        if (ms) {
            *mask = json_string(ms);
        }
        break;
    case K_IPV4:
    case K_IPV6:
        if (!s || conv_ip(f, s, value, mask)) {
            return -1;
        }
        break;
    }
    if (!*mask) {
        *mask = json_null();
    }
    return 0;
}

static json_t *
match13_from_rest(const json_t *rest, uint8_t version, char *err,
                  size_t err_size)
{
    json_t *byname = json_object();   /* Canonical name -> REST value. */
    json_t *given = json_object();    /* Canonical name -> key as given. */
    const char *key;
    json_t *value;

    json_t *dl_type = json_object_get(rest, "dl_type");
    if (!dl_type) {
        dl_type = json_object_get(rest, "eth_type");
    }
    uint64_t eth_type = 0;
    bool arp = dl_type && !ofctl_get_uint(dl_type, &eth_type)
               && eth_type == 0x0806;

    json_object_foreach((json_t *) rest, key, value) {
        const char *name = alias13(key);
        /* For ARP, nw_src/nw_dst are the ARP addresses (as in Ryu). */
        /* 1.4's and 1.5's to_match() move ipv4_src/ipv4_dst likewise. */
        bool v14 = version >= OFP14_VERSION_;
        if (arp && (!strcmp(key, "nw_src") || (v14 && !strcmp(key, "ipv4_src")))
            && !json_object_get(rest, "arp_spa")) {
            name = "arp_spa";
        } else if (arp && (!strcmp(key, "nw_dst")
                           || (v14 && !strcmp(key, "ipv4_dst")))
                   && !json_object_get(rest, "arp_tpa")) {
            name = "arp_tpa";
        } else if (!strcmp(key, "tp_src") || !strcmp(key, "tp_dst")) {
            const json_t *p = json_object_get(rest, "nw_proto");
            uint64_t proto = 0;
            if (!p) {
                p = json_object_get(rest, "ip_proto");
            }
            if (p && ofctl_get_uint(p, &proto)) {
                proto = 0;
            }
            if (proto != 6 && proto != 17) {
                ofm_err_printf(err, err_size, "match field '%s' needs nw_proto 6 "
                               "(TCP) or 17 (UDP)", key);
                json_decref(byname);
                json_decref(given);
                return NULL;
            }
            name = proto == 6 ? (key[3] == 's' ? "tcp_src" : "tcp_dst")
                              : (key[3] == 's' ? "udp_src" : "udp_dst");
        }
        if (!find_field13(name) || !field_in_version(name, version)) {
            ofm_err_printf(err, err_size, "unknown match field '%s'", key);
            json_decref(byname);
            json_decref(given);
            return NULL;
        }
        if (json_object_get(byname, name)) {
            continue;           /* First spelling wins, as setdefault. */
        }
        json_object_set_new(byname, name, json_incref(value));
        json_object_set_new(given, name, json_string(key));
    }

    json_t *oxms = json_array();
    for (const struct field *f = fields13; f->name; f++) {
        const json_t *j = json_object_get(byname, f->name);
        json_t *v, *m;
        if (!j) {
            continue;
        }
        if (conv_field13(f, j, &v, &m)) {
            ofm_err_printf(err, err_size, "match field '%s': bad value",
                           json_string_value(json_object_get(given, f->name)));
            json_decref(oxms);
            json_decref(byname);
            json_decref(given);
            return NULL;
        }
        json_array_append_new(oxms, json_pack("{s:{s:s,s:o,s:o}}", "OXMTlv",
                                              "field", f->name, "value", v,
                                              "mask", m));
    }
    json_decref(byname);
    json_decref(given);
    return json_pack("{s:{s:i,s:o}}", "OFPMatch", "type", 1,
                     "oxm_fields", oxms);
}

/* OpenFlow 1.0 wildcard bits. */
#define OFPFW10_IN_PORT (1u << 0)
#define OFPFW10_DL_VLAN (1u << 1)
#define OFPFW10_DL_SRC (1u << 2)
#define OFPFW10_DL_DST (1u << 3)
#define OFPFW10_DL_TYPE (1u << 4)
#define OFPFW10_NW_PROTO (1u << 5)
#define OFPFW10_TP_SRC (1u << 6)
#define OFPFW10_TP_DST (1u << 7)
#define OFPFW10_NW_SRC_SHIFT 8
#define OFPFW10_NW_DST_SHIFT 14
#define OFPFW10_NW_MASK 0x3fu
#define OFPFW10_DL_VLAN_PCP (1u << 20)
#define OFPFW10_NW_TOS (1u << 21)
#define OFPFW10_ALL ((1u << 22) - 1)

struct field10 {
    const char *name;
    uint32_t bit;
    uint64_t max;
};
static const struct field10 fields10[] = {
    { "in_port", OFPFW10_IN_PORT, UINT16_MAX },
    { "dl_vlan", OFPFW10_DL_VLAN, UINT16_MAX },
    { "dl_vlan_pcp", OFPFW10_DL_VLAN_PCP, 7 },
    { "dl_type", OFPFW10_DL_TYPE, UINT16_MAX },
    { "nw_tos", OFPFW10_NW_TOS, UINT8_MAX },
    { "nw_proto", OFPFW10_NW_PROTO, UINT8_MAX },
    { "tp_src", OFPFW10_TP_SRC, UINT16_MAX },
    { "tp_dst", OFPFW10_TP_DST, UINT16_MAX },
    { NULL, 0, 0 },
};

/* "a.b.c.d[/len]" for 1.0: the address and the wildcard bit count. */
static int
conv_nw10(const char *s, json_t **value, uint32_t *wild)
{
    char addr[32];
    const char *m;
    struct in_addr in;
    int len = 32;
    if (!split_mask(s, addr, sizeof addr, &m) || inet_pton(AF_INET, addr, &in) != 1) {
        return -1;
    }
    if (m) {
        if (!is_decimal(m) || strlen(m) > 2 || (len = atoi(m)) < 1 || len > 32) {
            return -1;
        }
    }
    *value = json_string(addr);
    *wild = 32 - len;
    return 0;
}

static json_t *
match10_from_rest(const json_t *rest, char *err, size_t err_size)
{
    uint32_t wildcards = OFPFW10_ALL;
    json_t *m = json_pack("{s:i,s:s,s:s,s:i,s:i,s:i,s:i,s:i,s:s,s:s,s:i,s:i}",
                          "in_port", 0, "dl_src", "00:00:00:00:00:00",
                          "dl_dst", "00:00:00:00:00:00", "dl_vlan", 0,
                          "dl_vlan_pcp", 0, "dl_type", 0, "nw_tos", 0,
                          "nw_proto", 0, "nw_src", "0.0.0.0",
                          "nw_dst", "0.0.0.0", "tp_src", 0, "tp_dst", 0);
    const char *key;
    json_t *value;

    json_object_foreach((json_t *) rest, key, value) {
        const struct field10 *f;
        for (f = fields10; f->name && strcmp(f->name, key); f++) {
            continue;
        }
        uint64_t v;
        if (f->name) {
            if (!strcmp(key, "in_port")
                ? get_reserved(value, ports, OFP10_VERSION_, &v) || v > f->max
                : ofctl_get_uint(value, &v) || v > f->max) {
                goto bad;
            }
            json_object_set_new(m, key, json_integer((json_int_t) v));
            wildcards &= ~f->bit;
        } else if (!strcmp(key, "dl_src") || !strcmp(key, "dl_dst")) {
            const char *s = json_string_value(value);
            if (!s || !is_mac(s)) {
                goto bad;
            }
            json_object_set_new(m, key, json_string(s));
            wildcards &= ~(key[3] == 's' ? OFPFW10_DL_SRC : OFPFW10_DL_DST);
        } else if (!strcmp(key, "nw_src") || !strcmp(key, "nw_dst")) {
            const char *s = json_string_value(value);
            json_t *addr;
            uint32_t wild;
            if (!s || conv_nw10(s, &addr, &wild)) {
                goto bad;
            }
            json_object_set_new(m, key, addr);
            int shift = key[3] == 's' ? OFPFW10_NW_SRC_SHIFT : OFPFW10_NW_DST_SHIFT;
            wildcards = (wildcards & ~(OFPFW10_NW_MASK << shift)) | (wild << shift);
        } else {
            ofm_err_printf(err, err_size, "unknown match field '%s'", key);
            json_decref(m);
            return NULL;
        }
        continue;
    bad:
        ofm_err_printf(err, err_size, "match field '%s': bad value", key);
        json_decref(m);
        return NULL;
    }
    json_object_set_new(m, "wildcards", json_integer(wildcards));
    return json_pack("{s:o}", "OFPMatch", m);
}

json_t *
ofctl_match_from_rest(const json_t *rest, uint8_t version,
                      char *err, size_t err_size)
{
    json_t *empty = NULL;
    if (!rest) {
        rest = empty = json_object();
    }
    json_t *m = NULL;
    if (!json_is_object(rest)) {
        ofm_err_printf(err, err_size, "'match': expected an object");
    } else if (version == OFP10_VERSION_) {
        m = match10_from_rest(rest, err, err_size);
    } else {
        m = match13_from_rest(rest, version, err, err_size);
    }
    json_decref(empty);
    return m;
}

/* Actions. */
static json_t *
wrap(const char *cls, json_t *obj)
{
    return json_pack("{s:o}", cls, obj);
}

static json_t *
action13_from_rest(const json_t *a, const char *type, char *err, size_t err_size)
{
    static const char *const simple[][2] = {
        { "COPY_TTL_OUT", "OFPActionCopyTtlOut" },
        { "COPY_TTL_IN", "OFPActionCopyTtlIn" },
        { "DEC_MPLS_TTL", "OFPActionDecMplsTtl" },
        { "POP_VLAN", "OFPActionPopVlan" },
        { "DEC_NW_TTL", "OFPActionDecNwTtl" },
        { "POP_PBB", "OFPActionPopPbb" },
    };
    static const char *const ethertyped[][2] = {
        { "PUSH_VLAN", "OFPActionPushVlan" },
        { "PUSH_MPLS", "OFPActionPushMpls" },
        { "POP_MPLS", "OFPActionPopMpls" },
        { "PUSH_PBB", "OFPActionPushPbb" },
    };
    uint64_t v, w;

    for (size_t i = 0; i < sizeof simple / sizeof simple[0]; i++) {
        if (!strcmp(type, simple[i][0])) {
            return wrap(simple[i][1], json_object());
        }
    }
    for (size_t i = 0; i < sizeof ethertyped / sizeof ethertyped[0]; i++) {
        if (!strcmp(type, ethertyped[i][0])) {
            if (!json_object_get(a, "ethertype")) {
                ofm_err_printf(err, err_size, "action %s: 'ethertype' missing", type);
                return NULL;
            }
            if (get_field(a, "ethertype", 0, UINT16_MAX, &v, err, err_size)) {
                return NULL;
            }
            return wrap(ethertyped[i][1], json_pack("{s:I}", "ethertype",
                                                    (json_int_t) v));
        }
    }
    if (!strcmp(type, "OUTPUT")) {
        if (get_reserved_field(a, "port", 0xffffffff, ports, 4, UINT32_MAX,
                               &v, err, err_size)
            || get_field(a, "max_len", OFPCML_MAX, UINT16_MAX, &w, err, err_size)) {
            return NULL;
        }
        return wrap("OFPActionOutput", json_pack("{s:I,s:I}", "port",
                                                 (json_int_t) v, "max_len",
                                                 (json_int_t) w));
    }
    if (!strcmp(type, "SET_MPLS_TTL") || !strcmp(type, "SET_NW_TTL")) {
        const char *key = type[4] == 'M' ? "mpls_ttl" : "nw_ttl";
        if (get_field(a, key, 0, UINT8_MAX, &v, err, err_size)) {
            return NULL;
        }
        return wrap(type[4] == 'M' ? "OFPActionSetMplsTtl" : "OFPActionSetNwTtl",
                    json_pack("{s:I}", key, (json_int_t) v));
    }
    if (!strcmp(type, "SET_QUEUE")) {
        if (get_field(a, "queue_id", 0, UINT32_MAX, &v, err, err_size)) {
            return NULL;
        }
        return wrap("OFPActionSetQueue", json_pack("{s:I}", "queue_id",
                                                   (json_int_t) v));
    }
    if (!strcmp(type, "GROUP")) {
        if (get_reserved_field(a, "group_id", 0, groups, 4, UINT32_MAX,
                               &v, err, err_size)) {
            return NULL;
        }
        return wrap("OFPActionGroup", json_pack("{s:I}", "group_id",
                                                (json_int_t) v));
    }
    if (!strcmp(type, "SET_FIELD")) {
        const char *name = json_string_value(json_object_get(a, "field"));
        const json_t *value = json_object_get(a, "value");
        const struct field *f = name ? find_field13(alias13(name)) : NULL;
        json_t *jv, *jm;
        if (!f || !value) {
            ofm_err_printf(err, err_size, "action SET_FIELD: 'field' must name a "
                           "match field and 'value' be given");
            return NULL;
        }
        /* The value is set as given: a VLAN id here is the bare id plus
         * whatever the caller adds, as in Ryu. */
        if (f->kind == K_VID) {
            if (ofctl_get_uint(value, &v) || v > 0x1fff) {
                ofm_err_printf(err, err_size, "action SET_FIELD: bad vlan_vid");
                return NULL;
            }
            jv = json_integer((json_int_t) v);
            jm = json_null();
        } else if (conv_field13(f, value, &jv, &jm)) {
            ofm_err_printf(err, err_size, "action SET_FIELD: bad value for '%s'", name);
            return NULL;
        }
        json_decref(jm);
        return wrap("OFPActionSetField",
                    json_pack("{s:{s:{s:s,s:o,s:n}}}", "field", "OXMTlv",
                              "field", f->name, "value", jv, "mask"));
    }
    ofm_err_printf(err, err_size, "unknown action type '%s'", type);
    return NULL;
}

/* One action of 'version' (1.2 and later): 1.3's, without the PBB ones
 * in 1.2 and with 1.5's copy-field and meter (ofctl_utils.to_action). */
static json_t *
action_from_rest(const json_t *a, const char *type, uint8_t version,
                 char *err, size_t err_size)
{
    uint64_t n_bits, src_offset, dst_offset, meter_id;
    if (version == OFP12_VERSION_
        && (!strcmp(type, "PUSH_PBB") || !strcmp(type, "POP_PBB"))) {
        ofm_err_printf(err, err_size, "unknown action type '%s' for OpenFlow 1.2",
                       type);
        return NULL;
    }
    if (version < OFP15_VERSION_ || (strcmp(type, "COPY_FIELD")
                                     && strcmp(type, "METER"))) {
        return action13_from_rest(a, type, err, err_size);
    }
    if (!strcmp(type, "METER")) {
        if (get_field(a, "meter_id", 0, UINT32_MAX, &meter_id, err, err_size)) {
            return NULL;
        }
        return wrap("OFPActionMeter", json_pack("{s:I}", "meter_id",
                                                (json_int_t) meter_id));
    }
    const char *src = json_string_value(json_object_get(a, "src_oxm_id"));
    const char *dst = json_string_value(json_object_get(a, "dst_oxm_id"));
    if (get_field(a, "n_bits", 0, UINT16_MAX, &n_bits, err, err_size)
        || get_field(a, "src_offset", 0, UINT16_MAX, &src_offset, err, err_size)
        || get_field(a, "dst_offset", 0, UINT16_MAX, &dst_offset, err, err_size)) {
        return NULL;
    }
    if (!src || !dst || !find_field13(src) || !find_field13(dst)) {
        ofm_err_printf(err, err_size, "action COPY_FIELD: 'src_oxm_id' and "
                       "'dst_oxm_id' must name match fields");
        return NULL;
    }
    return wrap("OFPActionCopyField",
                json_pack("{s:I,s:I,s:I,s:[{s:{s:s}},{s:{s:s}}]}",
                          "n_bits", (json_int_t) n_bits,
                          "src_offset", (json_int_t) src_offset,
                          "dst_offset", (json_int_t) dst_offset,
                          "oxm_ids", "OFPOxmId", "type", src,
                          "OFPOxmId", "type", dst));
}

static json_t *
action10_from_rest(const json_t *a, const char *type, char *err, size_t err_size)
{
    uint64_t v, w;
    if (!strcmp(type, "OUTPUT")) {
        if (get_reserved_field(a, "port", 0xffff, ports, OFP10_VERSION_,
                               UINT16_MAX, &v, err, err_size)
            || get_field(a, "max_len", OFPCML_MAX, UINT16_MAX, &w, err, err_size)) {
            return NULL;
        }
        return wrap("OFPActionOutput", json_pack("{s:I,s:I}", "port",
                                                 (json_int_t) v, "max_len",
                                                 (json_int_t) w));
    }
    if (!strcmp(type, "ENQUEUE")) {
        if (get_reserved_field(a, "port", 0xffff, ports, OFP10_VERSION_,
                               UINT16_MAX, &v, err, err_size)
            || get_field(a, "queue_id", 0, UINT32_MAX, &w, err, err_size)) {
            return NULL;
        }
        return wrap("OFPActionEnqueue", json_pack("{s:I,s:I}", "port",
                                                  (json_int_t) v, "queue_id",
                                                  (json_int_t) w));
    }
    if (!strcmp(type, "STRIP_VLAN")) {
        return wrap("OFPActionStripVlan", json_object());
    }
    static const struct {
        const char *type, *cls, *key, *codec_key;
        uint64_t dflt, max;
    } ints[] = {
        { "SET_VLAN_VID", "OFPActionVlanVid", "vlan_vid", "vlan_vid", 0xffff, 0xffff },
        { "SET_VLAN_PCP", "OFPActionVlanPcp", "vlan_pcp", "vlan_pcp", 0, 7 },
        { "SET_NW_TOS", "OFPActionSetNwTos", "nw_tos", "tos", 0, UINT8_MAX },
        { "SET_TP_SRC", "OFPActionSetTpSrc", "tp_src", "tp", 0, UINT16_MAX },
        { "SET_TP_DST", "OFPActionSetTpDst", "tp_dst", "tp", 0, UINT16_MAX },
    };
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        if (!strcmp(type, ints[i].type)) {
            if (get_field(a, ints[i].key, ints[i].dflt, ints[i].max, &v,
                          err, err_size)) {
                return NULL;
            }
            return wrap(ints[i].cls, json_pack("{s:I}", ints[i].codec_key,
                                               (json_int_t) v));
        }
    }
    static const struct {
        const char *type, *cls, *key, *codec_key;
        bool mac;
    } addrs[] = {
        { "SET_DL_SRC", "OFPActionSetDlSrc", "dl_src", "dl_addr", true },
        { "SET_DL_DST", "OFPActionSetDlDst", "dl_dst", "dl_addr", true },
        { "SET_NW_SRC", "OFPActionSetNwSrc", "nw_src", "nw_addr", false },
        { "SET_NW_DST", "OFPActionSetNwDst", "nw_dst", "nw_addr", false },
    };
    for (size_t i = 0; i < sizeof addrs / sizeof addrs[0]; i++) {
        if (!strcmp(type, addrs[i].type)) {
            const char *s = json_string_value(json_object_get(a, addrs[i].key));
            struct in_addr in;
            if (!s || (addrs[i].mac ? !is_mac(s)
                                    : inet_pton(AF_INET, s, &in) != 1)) {
                ofm_err_printf(err, err_size, "action %s: '%s' must be %s", type,
                               addrs[i].key, addrs[i].mac ? "a MAC address"
                                                   : "an IPv4 address");
                return NULL;
            }
            return wrap(addrs[i].cls, json_pack("{s:s}", addrs[i].codec_key, s));
        }
    }
    ofm_err_printf(err, err_size, "unknown action type '%s'", type);
    return NULL;
}

static const char *
action_type(const json_t *a, char *err, size_t err_size)
{
    const char *type = json_string_value(json_object_get(a, "type"));
    if (!json_is_object(a) || !type) {
        ofm_err_printf(err, err_size, "an action must be an object with a string 'type'");
        return NULL;
    }
    return type;
}

/* Ryu's to_actions() for 1.3: plain actions gather into one trailing
 * APPLY_ACTIONS; WRITE_ACTIONS, CLEAR_ACTIONS, GOTO_TABLE, WRITE_METADATA
 * and METER are instructions. */
static json_t *
insts13_from_rest(const json_t *acts, uint8_t version, char *err,
                  size_t err_size)
{
    json_t *insts = json_array();
    json_t *apply = json_array();
    size_t i;
    const json_t *a;
    uint64_t v, m;

    json_array_foreach(acts, i, a) {
        const char *type = action_type(a, err, err_size);
        json_t *inst = NULL;
        if (!type) {
            goto fail;
        }
        if (!strcmp(type, "WRITE_ACTIONS")) {
            const json_t *wa = json_object_get(a, "actions");
            json_t *list = json_array();
            size_t k;
            const json_t *x;
            if (!json_is_array(wa)) {
                ofm_err_printf(err, err_size, "WRITE_ACTIONS: 'actions' must be a list");
                json_decref(list);
                goto fail;
            }
            json_array_foreach(wa, k, x) {
                const char *t = action_type(x, err, err_size);
                json_t *act = t ? action_from_rest(x, t, version, err, err_size)
                                : NULL;
                if (!act) {
                    json_decref(list);
                    goto fail;
                }
                json_array_append_new(list, act);
            }
            if (!json_array_size(list)) {
                json_decref(list);
                continue;
            }
            inst = wrap("OFPInstructionActions",
                        json_pack("{s:i,s:o}", "type", 3, "actions", list));
        } else if (!strcmp(type, "CLEAR_ACTIONS")) {
            inst = wrap("OFPInstructionActions",
                        json_pack("{s:i,s:[]}", "type", 5, "actions"));
        } else if (!strcmp(type, "GOTO_TABLE")) {
            if (get_reserved_field(a, "table_id", 0, tables, 4, UINT8_MAX, &v,
                                   err, err_size)) {
                goto fail;
            }
            inst = wrap("OFPInstructionGotoTable",
                        json_pack("{s:I}", "table_id", (json_int_t) v));
        } else if (!strcmp(type, "WRITE_METADATA")) {
            if (get_field(a, "metadata", 0, UINT64_MAX, &v, err, err_size)
                || get_field(a, "metadata_mask", UINT64_MAX, UINT64_MAX, &m,
                             err, err_size)) {
                goto fail;
            }
            inst = wrap("OFPInstructionWriteMetadata",
                        json_pack("{s:I,s:I}", "metadata", (json_int_t) v,
                                  "metadata_mask", (json_int_t) m));
        } else if (!strcmp(type, "METER") && version > OFP12_VERSION_) {
            if (get_field(a, "meter_id", 0, UINT32_MAX, &v, err, err_size)) {
                goto fail;
            }
            inst = wrap("OFPInstructionMeter",
                        json_pack("{s:I}", "meter_id", (json_int_t) v));
        } else {
            json_t *act = action_from_rest(a, type, version, err, err_size);
            if (!act) {
                goto fail;
            }
            json_array_append_new(apply, act);
            continue;
        }
        json_array_append_new(insts, inst);
    }
    if (json_array_size(apply)) {
        json_array_append_new(insts, wrap("OFPInstructionActions",
                                          json_pack("{s:i,s:O}", "type", 4,
                                                    "actions", apply)));
    }
    json_decref(apply);
    return insts;

fail:
    json_decref(apply);
    json_decref(insts);
    return NULL;
}

/* A list of REST actions of 'version', or NULL with 'err' set. */
static json_t *
action_list_from_rest(const json_t *acts, uint8_t version, char *err,
                      size_t err_size)
{
    json_t *list = json_array();
    size_t i;
    const json_t *a;
    if (acts && !json_is_array(acts)) {
        ofm_err_printf(err, err_size, "'actions': expected a list");
        json_decref(list);
        return NULL;
    }
    json_array_foreach(acts, i, a) {
        const char *t = action_type(a, err, err_size);
        json_t *act = t ? action_from_rest(a, t, version, err, err_size) : NULL;
        if (!act) {
            json_decref(list);
            return NULL;
        }
        json_array_append_new(list, act);
    }
    return list;
}

/* ofctl_v1_4/v1_5 to_instructions(): the body's "instructions", each
 * {"type": "APPLY_ACTIONS", "actions": [...]} and so on; an actions
 * instruction with no actions is left out, as Ryu does.  1.5 has no METER
 * instruction (the meter is an action there). */
static json_t *
insts14_from_rest(const json_t *list, uint8_t version, char *err,
                  size_t err_size)
{
    json_t *insts = json_array();
    size_t i;
    const json_t *in;
    uint64_t v, m;
    if (list && !json_is_array(list)) {
        ofm_err_printf(err, err_size, "'instructions': expected a list");
        goto fail;
    }
    json_array_foreach(list, i, in) {
        const char *type = json_string_value(json_object_get(in, "type"));
        json_t *inst;
        if (!json_is_object(in) || !type) {
            ofm_err_printf(err, err_size, "an instruction must be an object with "
                           "a string 'type'");
            goto fail;
        }
        bool apply = !strcmp(type, "APPLY_ACTIONS");
        if (apply || !strcmp(type, "WRITE_ACTIONS")) {
            json_t *acts = action_list_from_rest(json_object_get(in, "actions"),
                                                 version, err, err_size);
            if (!acts) {
                goto fail;
            }
            if (!json_array_size(acts)) {
                json_decref(acts);
                continue;
            }
            inst = wrap("OFPInstructionActions",
                        json_pack("{s:i,s:o}", "type", apply ? 4 : 3,
                                  "actions", acts));
        } else if (!strcmp(type, "CLEAR_ACTIONS")) {
            inst = wrap("OFPInstructionActions",
                        json_pack("{s:i,s:[]}", "type", 5, "actions"));
        } else if (!strcmp(type, "GOTO_TABLE")) {
            if (get_reserved_field(in, "table_id", 0, tables, version, UINT8_MAX,
                                   &v, err, err_size)) {
                goto fail;
            }
            inst = wrap("OFPInstructionGotoTable",
                        json_pack("{s:I}", "table_id", (json_int_t) v));
        } else if (!strcmp(type, "WRITE_METADATA")) {
            if (get_field(in, "metadata", 0, UINT64_MAX, &v, err, err_size)
                || get_field(in, "metadata_mask", UINT64_MAX, UINT64_MAX, &m,
                             err, err_size)) {
                goto fail;
            }
            inst = wrap("OFPInstructionWriteMetadata",
                        json_pack("{s:I,s:I}", "metadata", (json_int_t) v,
                                  "metadata_mask", (json_int_t) m));
        } else if (!strcmp(type, "METER") && version < OFP15_VERSION_) {
            if (get_field(in, "meter_id", 0, UINT32_MAX, &v, err, err_size)) {
                goto fail;
            }
            inst = wrap("OFPInstructionMeter",
                        json_pack("{s:I}", "meter_id", (json_int_t) v));
        } else {
            ofm_err_printf(err, err_size, "unknown instruction type '%s'", type);
            goto fail;
        }
        json_array_append_new(insts, inst);
    }
    return insts;

fail:
    json_decref(insts);
    return NULL;
}

static json_t *
actions10_from_rest(const json_t *acts, char *err, size_t err_size)
{
    json_t *list = json_array();
    size_t i;
    const json_t *a;
    json_array_foreach(acts, i, a) {
        const char *type = action_type(a, err, err_size);
        json_t *act = type ? action10_from_rest(a, type, err, err_size) : NULL;
        if (!act) {
            json_decref(list);
            return NULL;
        }
        json_array_append_new(list, act);
    }
    return list;
}

json_t *
ofctl_flow_mod_from_rest(const json_t *body, uint8_t version, uint8_t command,
                         char *err, size_t err_size)
{
    bool v10 = version == OFP10_VERSION_;
    uint64_t cookie, cookie_mask, table_id, idle, hard, priority, buffer_id;
    uint64_t out_port, out_group, flags;

    if (!json_is_object(body)) {
        ofm_err_printf(err, err_size, "the body must be a JSON object");
        return NULL;
    }
    const json_t *acts = json_object_get(body, "actions");
    if (acts && !json_is_array(acts)) {
        ofm_err_printf(err, err_size, "'actions': expected a list");
        return NULL;
    }
    /* Ryu's defaults: priority 0 for 1.3 but OFP_DEFAULT_PRIORITY for 1.0;
     * out_port ANY (1.3) or NONE (1.0). */
    if (get_field(body, "cookie", 0, UINT64_MAX, &cookie, err, err_size)
        || get_field(body, "cookie_mask", 0, v10 ? 0 : UINT64_MAX, &cookie_mask,
                     err, err_size)
        || get_reserved_field(body, "table_id", 0, tables, version, UINT8_MAX,
                              &table_id, err, err_size)
        || get_field(body, "idle_timeout", 0, UINT16_MAX, &idle, err, err_size)
        || get_field(body, "hard_timeout", 0, UINT16_MAX, &hard, err, err_size)
        || get_field(body, "priority", v10 ? 0x8000 : 0, UINT16_MAX, &priority,
                     err, err_size)
        || get_field(body, "buffer_id", 0xffffffff, UINT32_MAX, &buffer_id,
                     err, err_size)
        || get_reserved_field(body, "out_port", v10 ? 0xffff : 0xffffffff,
                              ports, version, v10 ? UINT16_MAX : UINT32_MAX,
                              &out_port, err, err_size)
        || get_reserved_field(body, "out_group", 0xffffffff, groups, version,
                              UINT32_MAX, &out_group, err, err_size)
        || get_field(body, "flags", 0, UINT16_MAX, &flags, err, err_size)) {
        return NULL;
    }
    json_t *match = ofctl_match_from_rest(json_object_get(body, "match"),
                                          version, err, err_size);
    if (!match) {
        return NULL;
    }
    json_t *empty = json_array();
    bool v14 = version >= OFP14_VERSION_;
    json_t *list = (v10 ? actions10_from_rest(acts ? acts : empty, err, err_size)
                    : v14 ? insts14_from_rest(json_object_get(body, "instructions"),
                                              version, err, err_size)
                    : insts13_from_rest(acts ? acts : empty, version, err,
                                        err_size));
    json_decref(empty);
    if (!list) {
        json_decref(match);
        return NULL;
    }
    json_t *fm = json_pack("{s:I,s:i,s:I,s:I,s:I,s:I,s:I,s:I,s:o}",
                           "cookie", (json_int_t) cookie, "command", command,
                           "idle_timeout", (json_int_t) idle,
                           "hard_timeout", (json_int_t) hard,
                           "priority", (json_int_t) priority,
                           "buffer_id", (json_int_t) (v10 && buffer_id == 0xffffffff
                                                      ? 0xffffffff : buffer_id),
                           "out_port", (json_int_t) out_port,
                           "flags", (json_int_t) flags, "match", match);
    if (v10) {
        json_object_set_new(fm, "actions", list);
    } else {
        json_object_set_new(fm, "cookie_mask", json_integer((json_int_t) cookie_mask));
        json_object_set_new(fm, "table_id", json_integer((json_int_t) table_id));
        json_object_set_new(fm, "out_group", json_integer((json_int_t) out_group));
        json_object_set_new(fm, "instructions", list);
    }
    if (v14) {
        uint64_t importance;
        if (get_field(body, "importance", 0, UINT16_MAX, &importance, err,
                      err_size)) {
            json_decref(fm);
            return NULL;
        }
        json_object_set_new(fm, "importance", json_integer((json_int_t) importance));
    }
    return wrap("OFPFlowMod", fm);
}

/* Replies. */
static const json_t *
unwrap(const json_t *j, const char **cls)
{
    const char *key;
    json_t *value;
    json_object_foreach((json_t *) j, key, value) {
        if (cls) {
            *cls = key;
        }
        return value;
    }
    return NULL;
}

static uint64_t
uget(const json_t *obj, const char *key)
{
    uint64_t v = 0;
    if (ofctl_get_uint(json_object_get(obj, key), &v)) {
        v = 0;
    }
    return v;
}

static json_t *
strf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static json_t *
strf(const char *fmt, ...)
{
    char buf[256];
    va_list args;
    va_start(args, fmt);
    vsnprintf(buf, sizeof buf, fmt, args);
    va_end(args);
    return json_string(buf);
}

/* A value as Python's str() writes it (for "SET_FIELD: {k:v}" and masked
 * match values). */
static void
py_str(const json_t *j, char *buf, size_t size)
{
    if (json_is_string(j)) {
        snprintf(buf, size, "%s", json_string_value(j));
    } else {
        snprintf(buf, size, "%"PRIu64, (uint64_t) json_integer_value(j));
    }
}

static json_t *
port_user_text(uint64_t port, uint8_t version, const char *prefix)
{
    json_t *p = reserved_to_user(port, ports, version);
    json_t *r = json_is_string(p)
                ? strf("%s%s", prefix, json_string_value(p))
                : strf("%s%"PRIu64, prefix, port);
    json_decref(p);
    return r;
}

json_t *
ofctl_action_to_rest(const json_t *action, uint8_t version)
{
    if (version >= OFP14_VERSION_) {
        return ofctl14_action_to_rest(action, version);
    }
    const char *cls = "";
    const json_t *a = unwrap(action, &cls);
    if (!a) {
        return json_string("UNKNOWN");
    }
    if (!strcmp(cls, "OFPActionOutput")) {
        return port_user_text(uget(a, "port"), version, "OUTPUT:");
    }
    if (version == OFP10_VERSION_) {
        if (!strcmp(cls, "OFPActionVlanVid")) {
            return strf("SET_VLAN_VID:%"PRIu64, uget(a, "vlan_vid"));
        } else if (!strcmp(cls, "OFPActionVlanPcp")) {
            return strf("SET_VLAN_PCP:%"PRIu64, uget(a, "vlan_pcp"));
        } else if (!strcmp(cls, "OFPActionStripVlan")) {
            return json_string("STRIP_VLAN");
        } else if (!strcmp(cls, "OFPActionSetDlSrc")
                   || !strcmp(cls, "OFPActionSetDlDst")) {
            return strf("SET_DL_%s:%s", cls[14] == 'S' ? "SRC" : "DST",
                        json_string_value(json_object_get(a, "dl_addr")));
        } else if (!strcmp(cls, "OFPActionSetNwSrc")
                   || !strcmp(cls, "OFPActionSetNwDst")) {
            return strf("SET_NW_%s:%s", cls[14] == 'S' ? "SRC" : "DST",
                        json_string_value(json_object_get(a, "nw_addr")));
        } else if (!strcmp(cls, "OFPActionSetNwTos")) {
            return strf("SET_NW_TOS:%"PRIu64, uget(a, "tos"));
        } else if (!strcmp(cls, "OFPActionSetTpSrc")
                   || !strcmp(cls, "OFPActionSetTpDst")) {
            return strf("SET_TP_%s:%"PRIu64, cls[14] == 'S' ? "SRC" : "DST",
                        uget(a, "tp"));
        } else if (!strcmp(cls, "OFPActionEnqueue")) {
            json_t *p = port_user_text(uget(a, "port"), version, "ENQUEUE:");
            json_t *r = strf("%s:%"PRIu64, json_string_value(p),
                             uget(a, "queue_id"));
            json_decref(p);
            return r;
        } else if (!strcmp(cls, "OFPActionVendorUnknown")) {
            return json_string("VENDOR");
        }
        return json_string("UNKNOWN");
    }
    static const char *const simple[][2] = {
        { "OFPActionCopyTtlOut", "COPY_TTL_OUT" },
        { "OFPActionCopyTtlIn", "COPY_TTL_IN" },
        { "OFPActionDecMplsTtl", "DEC_MPLS_TTL" },
        { "OFPActionPopVlan", "POP_VLAN" },
        { "OFPActionDecNwTtl", "DEC_NW_TTL" },
        { "OFPActionPopPbb", "POP_PBB" },
    };
    for (size_t i = 0; i < sizeof simple / sizeof simple[0]; i++) {
        if (!strcmp(cls, simple[i][0])) {
            return json_string(simple[i][1]);
        }
    }
    if (!strcmp(cls, "OFPActionPushVlan")) {
        return strf("PUSH_VLAN:%"PRIu64, uget(a, "ethertype"));
    } else if (!strcmp(cls, "OFPActionPushMpls")) {
        return strf("PUSH_MPLS:%"PRIu64, uget(a, "ethertype"));
    } else if (!strcmp(cls, "OFPActionPopMpls")) {
        return strf("POP_MPLS:%"PRIu64, uget(a, "ethertype"));
    } else if (!strcmp(cls, "OFPActionPushPbb")) {
        return strf("PUSH_PBB:%"PRIu64, uget(a, "ethertype"));
    } else if (!strcmp(cls, "OFPActionSetMplsTtl")) {
        return strf("SET_MPLS_TTL:%"PRIu64, uget(a, "mpls_ttl"));
    } else if (!strcmp(cls, "OFPActionSetNwTtl")) {
        return strf("SET_NW_TTL:%"PRIu64, uget(a, "nw_ttl"));
    } else if (!strcmp(cls, "OFPActionSetQueue")) {
        return strf("SET_QUEUE:%"PRIu64, uget(a, "queue_id"));
    } else if (!strcmp(cls, "OFPActionGroup")) {
        json_t *g = reserved_to_user(uget(a, "group_id"), groups, version);
        json_t *r = json_is_string(g) ? strf("GROUP:%s", json_string_value(g))
                                      : strf("GROUP:%"PRIu64, uget(a, "group_id"));
        json_decref(g);
        return r;
    } else if (!strcmp(cls, "OFPActionSetField")) {
        const json_t *tlv = unwrap(json_object_get(a, "field"), NULL);
        char v[128];
        py_str(json_object_get(tlv, "value"), v, sizeof v);
        return strf("SET_FIELD: {%s:%s}",
                    json_string_value(json_object_get(tlv, "field")), v);
    }
    return json_string("UNKNOWN");
}

/* Ryu's actions_to_str() over 1.3 instructions. */
static json_t *
insts13_to_rest(const json_t *insts)
{
    json_t *out = json_array();
    size_t i;
    const json_t *inst;
    json_array_foreach(insts, i, inst) {
        const char *cls = "";
        const json_t *in = unwrap(inst, &cls);
        if (!in) {
            continue;
        }
        if (!strcmp(cls, "OFPInstructionActions")) {
            uint64_t type = uget(in, "type");
            const json_t *acts = json_object_get(in, "actions");
            size_t k;
            const json_t *a;
            if (type == 4) {
                json_array_foreach(acts, k, a) {
                    json_array_append_new(out, ofctl_action_to_rest(a, 4));
                }
            } else if (type == 3) {
                json_t *w = json_array();
                json_array_foreach(acts, k, a) {
                    json_array_append_new(w, ofctl_action_to_rest(a, 4));
                }
                if (json_array_size(w)) {
                    json_array_append_new(out, json_pack("{s:o}",
                                                         "WRITE_ACTIONS", w));
                } else {
                    json_decref(w);
                }
            } else if (type == 5) {
                json_array_append_new(out, json_string("CLEAR_ACTIONS"));
            } else {
                json_array_append_new(out, json_string("UNKNOWN"));
            }
        } else if (!strcmp(cls, "OFPInstructionGotoTable")) {
            json_array_append_new(out, strf("GOTO_TABLE:%"PRIu64,
                                            uget(in, "table_id")));
        } else if (!strcmp(cls, "OFPInstructionWriteMetadata")) {
            uint64_t m = uget(in, "metadata_mask");
            json_array_append_new(out, m
                ? strf("WRITE_METADATA:0x%"PRIx64"/0x%"PRIx64,
                       uget(in, "metadata"), m)
                : strf("WRITE_METADATA:0x%"PRIx64, uget(in, "metadata")));
        } else if (!strcmp(cls, "OFPInstructionMeter")) {
            json_array_append_new(out, strf("METER:%"PRIu64,
                                            uget(in, "meter_id")));
        }
    }
    return out;
}

static json_t *
match13_to_rest(const json_t *m)
{
    static const char *const map[][2] = {
        { "eth_src", "dl_src" }, { "eth_dst", "dl_dst" },
        { "eth_type", "dl_type" }, { "vlan_vid", "dl_vlan" },
        { "ipv4_src", "nw_src" }, { "ipv4_dst", "nw_dst" },
        { "ip_proto", "nw_proto" }, { "tcp_src", "tp_src" },
        { "tcp_dst", "tp_dst" }, { "udp_src", "tp_src" },
        { "udp_dst", "tp_dst" },
    };
    json_t *out = json_object();
    size_t i;
    const json_t *tlvw;
    json_array_foreach(json_object_get(m, "oxm_fields"), i, tlvw) {
        const json_t *tlv = unwrap(tlvw, NULL);
        const char *key = json_string_value(json_object_get(tlv, "field"));
        const json_t *value = json_object_get(tlv, "value");
        const json_t *mask = json_object_get(tlv, "mask");
        if (!key || !value) {
            continue;
        }
        for (size_t k = 0; k < sizeof map / sizeof map[0]; k++) {
            if (!strcmp(key, map[k][0])) {
                key = map[k][1];
                break;
            }
        }
        if (json_object_get(out, key)) {
            continue;
        }
        json_t *v;
        if (!strcmp(key, "dl_vlan")) {
            uint64_t x = uget(tlv, "value");
            if (mask && !json_is_null(mask)) {
                v = strf("0x%04"PRIx64"/0x%04"PRIx64, x, uget(tlv, "mask"));
            } else if (x & OFPVID_PRESENT) {
                v = strf("%"PRIu64, x & ~(uint64_t) OFPVID_PRESENT);
            } else {
                v = strf("0x%04"PRIx64, x);
            }
        } else if (!strcmp(key, "in_port")) {
            v = reserved_to_user(uget(tlv, "value"), ports, 4);
        } else if (mask && !json_is_null(mask)) {
            char a[128], b[128];
            py_str(value, a, sizeof a);
            py_str(mask, b, sizeof b);
            v = strf("%s/%s", a, b);
        } else {
            v = json_incref((json_t *) value);
        }
        json_object_set_new(out, key, v);
    }
    return out;
}

static json_t *
match10_to_rest(const json_t *m)
{
    uint32_t w = (uint32_t) uget(m, "wildcards");
    json_t *out = json_object();
    if (!(w & OFPFW10_IN_PORT)) {
        json_object_set_new(out, "in_port",
                            reserved_to_user(uget(m, "in_port"), ports,
                                             OFP10_VERSION_));
    }
    static const struct { const char *key; uint32_t bit; } plain[] = {
        { "dl_src", OFPFW10_DL_SRC }, { "dl_dst", OFPFW10_DL_DST },
        { "dl_vlan", OFPFW10_DL_VLAN }, { "dl_vlan_pcp", OFPFW10_DL_VLAN_PCP },
        { "dl_type", OFPFW10_DL_TYPE }, { "nw_tos", OFPFW10_NW_TOS },
        { "nw_proto", OFPFW10_NW_PROTO },
    };
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        const json_t *v = json_object_get(m, plain[i].key);
        if (!(w & plain[i].bit) && v) {
            json_object_set(out, plain[i].key, (json_t *) v);
        }
    }
    for (int k = 0; k < 2; k++) {
        int shift = k ? OFPFW10_NW_DST_SHIFT : OFPFW10_NW_SRC_SHIFT;
        uint32_t bits = (w >> shift) & OFPFW10_NW_MASK;
        const char *key = k ? "nw_dst" : "nw_src";
        const char *addr = json_string_value(json_object_get(m, key));
        /* Ryu tests the bits of OFPFW_NW_*_ALL (32 << shift): only a
         * wildcard count below 32 names an address. */
        if (bits < 32 && addr) {
            int len = 32 - (int) bits;
            json_object_set_new(out, key, len == 32 ? json_string(addr)
                                                    : strf("%s/%d", addr, len));
        }
    }
    if (!(w & OFPFW10_TP_SRC)) {
        json_object_set(out, "tp_src", json_object_get(m, "tp_src"));
    }
    if (!(w & OFPFW10_TP_DST)) {
        json_object_set(out, "tp_dst", json_object_get(m, "tp_dst"));
    }
    return out;
}

json_t *
ofctl_match_to_rest(const json_t *match, uint8_t version)
{
    const json_t *m = unwrap(match, NULL);
    if (!m) {
        return json_object();
    }
    if (version >= OFP14_VERSION_) {
        return ofctl14_match_to_rest(match, version);
    }
    return version == OFP10_VERSION_ ? match10_to_rest(m) : match13_to_rest(m);
}

json_t *
ofctl_flow_stats_to_rest(const json_t *body, uint8_t version, int priority)
{
    if (version >= OFP14_VERSION_) {
        return ofctl14_flow_stats_to_rest(body, version, priority);
    }
    json_t *flows = json_array();
    size_t i;
    const json_t *w;
    json_array_foreach(body, i, w) {
        const json_t *fs = unwrap(w, NULL);
        if (!fs) {
            continue;
        }
        uint64_t prio = uget(fs, "priority");
        if (priority >= 0 && prio != (uint64_t) priority) {
            continue;
        }
        json_t *s = json_object();
        static const char *const common[] = {
            "priority", "cookie", "idle_timeout", "hard_timeout",
            "byte_count", "duration_sec", "duration_nsec", "packet_count",
        };
        for (size_t k = 0; k < sizeof common / sizeof common[0]; k++) {
            json_object_set_new(s, common[k],
                                json_integer((json_int_t) uget(fs, common[k])));
        }
        json_object_set_new(s, "match",
                            ofctl_match_to_rest(json_object_get(fs, "match"),
                                                version));
        json_t *t = reserved_to_user(uget(fs, "table_id"), tables, version);
        json_object_set_new(s, "table_id", t);
        if (version == OFP10_VERSION_) {
            json_t *acts = json_array();
            size_t k;
            const json_t *a;
            json_array_foreach(json_object_get(fs, "actions"), k, a) {
                json_array_append_new(acts, ofctl_action_to_rest(a, version));
            }
            json_object_set_new(s, "actions", acts);
        } else {
            json_object_set_new(s, "length",
                                json_integer((json_int_t) uget(fs, "length")));
            if (version != OFP12_VERSION_) {
                json_object_set_new(s, "flags",
                                    json_integer((json_int_t) uget(fs, "flags")));
            }
            json_object_set_new(s, "actions",
                                insts13_to_rest(json_object_get(fs, "instructions")));
        }
        json_array_append_new(flows, s);
    }
    return flows;
}

/* Helpers shared with ofctl-mod.c and ofctl-stats.c (see ofctl-conv.h). */
int
ofctl_field(const json_t *obj, const char *key, uint64_t dflt, uint64_t max,
            uint64_t *v, char *err, size_t err_size)
{
    return get_field(obj, key, dflt, max, v, err, err_size);
}

int
ofctl_port_field(const json_t *obj, const char *key, uint64_t dflt,
                 uint8_t version, uint64_t *v, char *err, size_t err_size)
{
    return get_reserved_field(obj, key, dflt, ports, version,
                              version == OFP10_VERSION_ ? UINT16_MAX : UINT32_MAX,
                              v, err, err_size);
}

int
ofctl_group_field(const json_t *obj, const char *key, uint64_t dflt,
                  uint64_t *v, char *err, size_t err_size)
{
    return get_reserved_field(obj, key, dflt, groups, 4, UINT32_MAX, v,
                              err, err_size);
}

json_t *
ofctl_port_to_user(uint64_t port, uint8_t version)
{
    return reserved_to_user(port, ports, version);
}

json_t *
ofctl_group_to_user(uint64_t group)
{
    return reserved_to_user(group, groups, 4);
}

json_t *
ofctl_table_to_user(uint64_t table, uint8_t version)
{
    return reserved_to_user(table, tables, version);
}

json_t *
ofctl_action13_from_rest(const json_t *a, char *err, size_t err_size)
{
    const char *type = action_type(a, err, err_size);
    return type ? action13_from_rest(a, type, err, err_size) : NULL;
}

json_t *
ofctl_action_from_rest(const json_t *a, uint8_t version, char *err,
                       size_t err_size)
{
    const char *type = action_type(a, err, err_size);
    return type ? action_from_rest(a, type, version, err, err_size) : NULL;
}

const json_t *
ofctl_unwrap(const json_t *j, const char **cls)
{
    return unwrap(j, cls);
}

uint64_t
ofctl_uget(const json_t *obj, const char *key)
{
    return uget(obj, key);
}
