/* ofdump: prints OpenFlow 1.0 and 1.2 to 1.5 messages as JSON (Ryu's form) or as
 * one-line text, from raw message streams or pcap captures; and encodes
 * JSON messages back to binary.  With --frame it decodes Ethernet frames
 * with the packet library instead (Ryu's Packet.to_jsondict() form or its
 * text form), and with --build it turns that JSON back into frames.  See
 * man/ofdump.1. */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <pcap/pcap.h>
#include "ofm/addr.h"
#include "ofm/json.h"
#include "ofm/ofp.h"
#include "ofm/packet.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif

static bool opt_text;           /* --text */
static bool opt_meta;           /* --meta */
static bool opt_pretty;         /* --pretty */
static bool opt_encode;         /* --encode */
static uint8_t opt_of_version;  /* --protocol, 0 for auto. */
static bool opt_xid_set;        /* --xid given. */
static uint32_t opt_xid;
static bool opt_frame;          /* --frame */
static bool opt_build;          /* --build */
static bool opt_hex;            /* --hex (with --build) */
static bool opt_pcap;           /* --pcap (with --build) */
static const char *opt_output;  /* --output */

static bool failed;             /* Some input was bad: exit 1. */

static void error_at(const char *file, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Reports bad input in 'file' and remembers to exit with status 1. */
static void
error_at(const char *file, const char *fmt, ...)
{
    va_list args;
    fprintf(stderr, "ofdump: %s: ", file);
    va_start(args, fmt);
    vfprintf(stderr, fmt, args);
    va_end(args);
    fputc('\n', stderr);
    failed = true;
}

static void
usage(void)
{
    printf("\
Usage: ofdump [OPTION]... FILE...\n\
       ofdump --encode [OPTION]... FILE.json...\n\
       ofdump --frame [OPTION]... HEX|FILE...\n\
       ofdump --build [OPTION]... FILE.json...\n\
Print each OpenFlow 1.0, 1.2, 1.3, 1.4 or 1.5 message in FILE as JSON, one\n\
per line, in\n\
the form Ryu's to_jsondict() gives.  FILE is a stream of OpenFlow messages\n\
or a pcap capture (Ethernet, Linux cooked or raw IP) of OpenFlow over TCP\n\
on any port; \"-\" reads standard input.\n\
\n\
  -t, --text            print the one-line text form instead of JSON\n\
  -m, --meta            wrap each JSON message with where it was found:\n\
                        {\"file\":..., \"offset\":..., \"version\":...,\n\
                        \"xid\":..., \"msg\": {...}}\n\
  -p, --pretty          indent the JSON over several lines\n\
  -e, --encode          read JSON messages (plain or --meta) from each FILE\n\
                        and write the binary messages to standard output\n\
  -O, --protocol=VER    OpenFlow version for --encode: 1.0, 1.2, 1.3, 1.4,\n\
                        1.5 or auto\n\
                        (default: the message's \"version\" with --meta\n\
                        input, else 1.3 if the JSON fits it, else 1.0)\n\
      --xid=XID         transaction id for --encode (default: the\n\
                        message's \"xid\" with --meta input, else 0)\n\
\n\
Ethernet frames (the packet library):\n\
  -f, --frame           decode Ethernet frames instead, each printed as\n\
                        Ryu's Packet.to_jsondict() JSON (or with --text as\n\
                        str(Packet)): an argument of hex digits (spaces and\n\
                        colons allowed) is one frame; a FILE holds one frame\n\
                        in raw bytes or hex, or is a pcap capture of\n\
                        Ethernet frames (one line per record)\n\
  -b, --build           read frames as JSON (that form, any number per\n\
                        FILE) and write them, raw, back to back\n\
  -x, --hex             with --build: write each frame as a line of hex\n\
      --pcap            with --build: write a pcap capture of the frames\n\
\n\
  -o, --output=FILE     write to FILE instead of standard output\n\
  -h, --help            print this help and exit\n\
  -V, --version         print the version and exit\n\
\n\
Exit status: 0 if all input was good, 1 if some was bad (each problem is\n\
reported with the file and offset, or JSON path), 2 for bad usage.\n");
}

/* Reads all of 'path' ("-" for standard input) into '*data'. */
static bool
read_all(const char *path, uint8_t **data, size_t *size)
{
    *data = NULL;
    *size = 0;
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f) {
        error_at(path, "%s", strerror(errno));
        return false;
    }
    size_t cap = 65536, n = 0;
    uint8_t *buf = malloc(cap);
    for (;;) {
        if (!buf) {
            error_at(path, "out of memory");
            return false;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            break;
        }
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    bool ok = !ferror(f);
    if (!ok) {
        error_at(path, "read error: %s", strerror(errno));
    }
    if (f != stdin) {
        fclose(f);
    }
    *data = buf;
    *size = n;
    return ok;
}

/* Where a message came from, for --meta and error messages. */
struct origin {
    const char *file;
    size_t offset;              /* File offset of the message (raw) or of
                                 * the pcap record completing it. */
    const char *flow;           /* "a:p > b:q" for pcap, else NULL. */
    size_t packet;              /* pcap record number (from 1). */
    uint64_t stream_offset;     /* Offset in the TCP stream. */
    const char *time;           /* pcap time stamp, or NULL. */
};

static void
print_json(const json_t *j)
{
    char *s = ofm_json_dumps(j, opt_pretty ? JSON_INDENT(2) : JSON_COMPACT);
    puts(s);
    free(s);
}

/* Decodes and prints the message of 'size' bytes at 'msg'. */
static void
print_message(const uint8_t *msg, size_t size, const struct origin *o)
{
    char err[256];
    size_t off;
    json_t *j;
    if (ofm_ofp_to_json(msg, size, &j, &off, err, sizeof err)) {
        const char *what = strstr(err, ": ");
        what = what ? what + 2 : err;
        if (o->flow) {
            error_at(o->file, "packet %zu (offset %zu), %s, stream offset "
                     "%"PRIu64": %s", o->packet, o->offset, o->flow,
                     o->stream_offset + off, what);
        } else {
            error_at(o->file, "offset %zu: %s", o->offset + off, what);
        }
        return;
    }

    uint32_t xid = ofm_get32(msg + 4);
    if (opt_text) {
        struct ofm_buf b;
        ofm_buf_init(&b);
        if (o->flow) {
            ofm_buf_put(&b, o->flow, strlen(o->flow));
            ofm_buf_put(&b, ": ", 2);
        }
        ofm_ofp_json_to_text(j, msg[0], xid, &b);
        printf("%.*s\n", (int) b.size, (const char *) b.data);
        ofm_buf_uninit(&b);
    } else if (opt_meta) {
        json_t *m = json_object();
        json_object_set_new(m, "file", json_string(o->file));
        if (o->flow) {
            json_object_set_new(m, "packet", json_integer((json_int_t)
                                                          o->packet));
            json_object_set_new(m, "flow", json_string(o->flow));
            json_object_set_new(m, "stream_offset",
                                json_integer((json_int_t) o->stream_offset));
            json_object_set_new(m, "time", json_string(o->time));
        } else {
            json_object_set_new(m, "offset", json_integer((json_int_t)
                                                          o->offset));
        }
        json_object_set_new(m, "version", json_integer(msg[0]));
        json_object_set_new(m, "xid", json_integer(xid));
        json_object_set(m, "msg", j);
        print_json(m);
        json_decref(m);
    } else {
        print_json(j);
    }
    json_decref(j);
}

/* A raw stream of OpenFlow messages. */
static void
dump_raw(const char *file, const uint8_t *data, size_t size)
{
    size_t off = 0;
    while (off < size) {
        size_t left = size - off;
        if (left < OFP_HEADER_SIZE) {
            error_at(file, "offset %zu: %zu bytes left, too few for an "
                     "OpenFlow header", off, left);
            return;
        }
        size_t len = ofm_get16(data + off + 2);
        if (len < OFP_HEADER_SIZE) {
            error_at(file, "offset %zu: message length %zu is shorter than "
                     "its header", off, len);
            return;
        }
        if (len > left) {
            error_at(file, "offset %zu: message of %zu bytes, but only %zu "
                     "left", off, len, left);
            return;
        }
        struct origin o = { .file = file, .offset = off };
        print_message(data + off, len, &o);
        off += len;
    }
}

/*
 * pcap.
 */

/* One direction of a TCP connection. */
struct flow {
    struct flow *next;
    uint8_t key[37];            /* Family, addresses and ports. */
    char name[120];             /* "a:p > b:q" */
    bool have_seq;
    uint32_t next_seq;          /* Next in-order sequence number. */
    struct ofm_buf buf;         /* In-order bytes not yet parsed. */
    uint64_t buf_offset;        /* Stream offset of buf's first byte. */
    struct segment *ooo;        /* Out-of-order segments, by sequence. */
    size_t ooo_bytes;
    int openflow;               /* 1 yes, 0 not yet known, -1 no. */
    bool dead;                  /* Stopped after an error. */
};

struct segment {
    struct segment *next;
    uint32_t seq;
    size_t len;
    uint8_t data[];
};

#define MAX_OOO_BYTES (64u << 20)

struct capture {
    const char *file;
    struct flow *flows;
    size_t packet;              /* Record number being read. */
    size_t offset;              /* File offset of that record. */
    char time[32];
};

static int
seq_diff(uint32_t a, uint32_t b)
{
    return (int) (int32_t) (a - b);
}

/* Parses and prints the complete messages at the head of 'f'. */
static void
flow_drain(struct capture *pc, struct flow *f)
{
    size_t off = 0;
    while (!f->dead && f->buf.size - off >= OFP_HEADER_SIZE) {
        const uint8_t *p = f->buf.data + off;
        size_t len = ofm_get16(p + 2);
        if (!f->openflow) {
            /* Streams that do not start like OpenFlow are not ours. */
            f->openflow = p[0] >= 1 && p[0] <= 6 && p[1] < 64 && len >= 8
                          ? 1 : -1;
        }
        if (f->openflow < 0) {
            off = f->buf.size;
            break;
        }
        if (len < OFP_HEADER_SIZE) {
            error_at(pc->file, "packet %zu (offset %zu), %s, stream offset "
                     "%"PRIu64": message length %zu is shorter than its "
                     "header", pc->packet, pc->offset, f->name,
                     f->buf_offset + off, len);
            f->dead = true;
            break;
        }
        if (f->buf.size - off < len) {
            break;
        }
        struct origin o = {
            .file = pc->file, .offset = pc->offset, .flow = f->name,
            .packet = pc->packet, .stream_offset = f->buf_offset + off,
            .time = pc->time,
        };
        print_message(p, len, &o);
        off += len;
    }
    if (f->dead || f->openflow < 0) {
        off = f->buf.size;
    }
    ofm_buf_consume(&f->buf, off);
    f->buf_offset += off;
}

/* Appends in-order payload to 'f'. */
static void
flow_append(struct flow *f, const uint8_t *p, size_t n)
{
    if (!f->dead && f->openflow >= 0) {
        ofm_buf_put(&f->buf, p, n);
    } else {
        f->buf_offset += n;
    }
    f->next_seq += (uint32_t) n;
}

static void
flow_segment(struct capture *pc, struct flow *f, uint32_t seq,
             const uint8_t *p, size_t n)
{
    if (!f->have_seq) {
        f->have_seq = true;
        f->next_seq = seq;
    }
    int d = seq_diff(seq, f->next_seq);
    if (d > 0) {
        /* A segment from the future: keep it until the gap fills. */
        if (f->ooo_bytes + n > MAX_OOO_BYTES) {
            error_at(pc->file, "packet %zu (offset %zu), %s: more than %u "
                     "bytes missing from the stream", pc->packet, pc->offset,
                     f->name, MAX_OOO_BYTES);
            f->dead = true;
            return;
        }
        struct segment *s = malloc(sizeof *s + n);
        if (!s) {
            f->dead = true;
            return;
        }
        s->seq = seq;
        s->len = n;
        memcpy(s->data, p, n);
        struct segment **pp = &f->ooo;
        while (*pp && seq_diff((*pp)->seq, seq) < 0) {
            pp = &(*pp)->next;
        }
        s->next = *pp;
        *pp = s;
        f->ooo_bytes += n;
        return;
    }
    /* In order, or overlapping what we have (retransmission). */
    size_t skip = (size_t) -d;
    if (skip < n) {
        flow_append(f, p + skip, n - skip);
    }
    while (f->ooo && seq_diff(f->ooo->seq, f->next_seq) <= 0) {
        struct segment *s = f->ooo;
        f->ooo = s->next;
        f->ooo_bytes -= s->len;
        skip = (size_t) -seq_diff(s->seq, f->next_seq);
        if (skip < s->len) {
            flow_append(f, s->data + skip, s->len - skip);
        }
        free(s);
    }
}

static struct flow *
flow_lookup(struct capture *pc, const uint8_t key[37], const char *name)
{
    for (struct flow *f = pc->flows; f; f = f->next) {
        if (!memcmp(f->key, key, 37)) {
            return f;
        }
    }
    struct flow *f = calloc(1, sizeof *f);
    if (!f) {
        return NULL;
    }
    memcpy(f->key, key, 37);
    snprintf(f->name, sizeof f->name, "%s", name);
    ofm_buf_init(&f->buf);
    /* Keep flows in first-seen order. */
    struct flow **pp = &pc->flows;
    while (*pp) {
        pp = &(*pp)->next;
    }
    *pp = f;
    return f;
}

/* A TCP segment between 'src' and 'dst' (4 or 16 bytes, by 'family'). */
static void
pcap_tcp(struct capture *pc, int family, const uint8_t *src, const uint8_t *dst,
         const uint8_t *tcp, size_t len, bool cut)
{
    if (len < 20 || (size_t) (tcp[12] >> 4) * 4 < 20
        || (size_t) (tcp[12] >> 4) * 4 > len) {
        return;                 /* Not a usable TCP header. */
    }
    size_t alen = family == AF_INET ? 4 : 16;
    uint8_t key[37] = { (uint8_t) family };
    memcpy(key + 1, src, alen);
    memcpy(key + 17, dst, alen);
    memcpy(key + 33, tcp, 4);   /* Source and destination ports. */

    char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN], name[120];
    inet_ntop(family, src, a, sizeof a);
    inet_ntop(family, dst, b, sizeof b);
    snprintf(name, sizeof name, family == AF_INET ? "%s:%u > %s:%u"
             : "[%s]:%u > [%s]:%u", a, ofm_get16(tcp), b,
             ofm_get16(tcp + 2));
    struct flow *f = flow_lookup(pc, key, name);
    if (!f || f->dead) {
        return;
    }

    uint32_t seq = ofm_get32(tcp + 4);
    uint8_t flags = tcp[13];
    size_t hlen = (size_t) (tcp[12] >> 4) * 4;
    if (flags & 0x02) {         /* SYN */
        f->have_seq = true;
        f->next_seq = seq + 1;
        seq++;
    }
    if (len > hlen) {
        if (cut) {
            error_at(pc->file, "packet %zu (offset %zu), %s: segment cut by "
                     "the capture's snapshot length", pc->packet, pc->offset,
                     f->name);
            f->dead = true;
            return;
        }
        flow_segment(pc, f, seq, tcp + hlen, len - hlen);
        flow_drain(pc, f);
    }
}

/* An IPv4 or IPv6 packet of 'len' captured bytes ('cut' if the capture
 * lost some). */
static void
pcap_ip(struct capture *pc, const uint8_t *p, size_t len, bool cut)
{
    if (len >= 20 && p[0] >> 4 == 4) {
        size_t ihl = (size_t) (p[0] & 15) * 4;
        size_t total = ofm_get16(p + 2);
        if (ihl < 20 || total < ihl || p[9] != 6) {
            return;
        }
        if (ofm_get16(p + 6) & 0x3fff) {
            return;             /* Fragment: not reassembled. */
        }
        if (total > len) {
            cut = true;
            total = len;
        }
        if (ihl > total) {
            return;
        }
        pcap_tcp(pc, AF_INET, p + 12, p + 16, p + ihl, total - ihl, cut);
    } else if (len >= 40 && p[0] >> 4 == 6) {
        size_t total = 40 + (size_t) ofm_get16(p + 4);
        if (total > len) {
            cut = true;
            total = len;
        }
        uint8_t next = p[6];
        size_t off = 40;
        /* Hop-by-hop, routing and destination options headers. */
        while ((next == 0 || next == 43 || next == 60) && off + 8 <= total) {
            next = p[off];
            off += ((size_t) p[off + 1] + 1) * 8;
        }
        if (next != 6 || off > total) {
            return;
        }
        pcap_tcp(pc, AF_INET6, p + 8, p + 24, p + off, total - off, cut);
    }
}

/* The pcap link types ofdump reads. */
static bool
known_linktype(uint32_t linktype)
{
    static const uint32_t types[] = { 0, 1, 12, 14, 101, 108, 113, 228, 229,
                                      276 };
    for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
        if (types[i] == linktype) {
            return true;
        }
    }
    return false;
}

/* Finds the IP packet in a link-layer frame of 'len' bytes at 'p': returns
 * false if it holds none, else true with its offset in '*off'. */
static bool
pcap_link(uint32_t linktype, const uint8_t *p, size_t len, size_t *off)
{
    uint16_t proto;
    switch (linktype) {
    case 1:                     /* Ethernet. */
        if (len < 14) {
            return false;
        }
        *off = 12;
        proto = ofm_get16(p + 12);
        while ((proto == 0x8100 || proto == 0x88a8) && *off + 6 <= len) {
            *off += 4;
            proto = ofm_get16(p + *off);
        }
        *off += 2;
        return proto == 0x0800 || proto == 0x86dd;
    case 113:                   /* Linux cooked (SLL). */
        *off = 16;
        return len >= 16 && (ofm_get16(p + 14) == 0x0800
                             || ofm_get16(p + 14) == 0x86dd);
    case 276:                   /* Linux cooked v2 (SLL2). */
        *off = 20;
        return len >= 20 && (ofm_get16(p) == 0x0800
                             || ofm_get16(p) == 0x86dd);
    case 0:                     /* BSD loopback: host-order family. */
    case 108:                   /* OpenBSD loopback: network order. */
        *off = 4;
        return len >= 4;
    case 12: case 14: case 101: case 228: case 229:   /* Raw IP. */
        *off = 0;
        return true;
    default:
        return false;
    }
}

/* Opens the capture of 'size' bytes at 'data' (pcap or pcapng: libpcap
 * tells them apart) for reading; reports why not and returns NULL. */
static pcap_t *
capture_open(const char *file, const uint8_t *data, size_t size)
{
    char errbuf[PCAP_ERRBUF_SIZE];
    FILE *f = fmemopen((void *) data, size, "rb");
    if (!f) {
        error_at(file, "%s", strerror(errno));
        return NULL;
    }
    pcap_t *pcap = pcap_fopen_offline_with_tstamp_precision(
        f, PCAP_TSTAMP_PRECISION_NANO, errbuf);
    if (!pcap) {
        fclose(f);
        error_at(file, "offset 0: not a capture libpcap can read: %s", errbuf);
    }
    return pcap;
}

/* Reads the next record of 'pcap' into '*hdr' and '*p'.  Returns 1, 0 at
 * the end, or -1 after reporting a damaged record (with its file offset,
 * 'off'). */
static int
capture_next(const char *file, pcap_t *pcap, long *off,
             struct pcap_pkthdr **hdr, const u_char **p)
{
    *off = ftell(pcap_file(pcap));
    int r = pcap_next_ex(pcap, hdr, p);
    if (r == PCAP_ERROR_BREAK) {
        return 0;
    } else if (r < 0) {
        error_at(file, "offset %ld: %s", *off, pcap_geterr(pcap));
        return -1;
    }
    return 1;
}

static void
dump_pcap(const char *file, const uint8_t *data, size_t size)
{
    /* Classic pcap files with microsecond stamps print as they always
     * have; nanosecond ones and pcapng with nine digits. */
    uint32_t magic = size >= 4 ? ofm_get32(data) : 0;
    bool usec = magic == 0xa1b2c3d4 || magic == 0xd4c3b2a1;
    pcap_t *pcap = capture_open(file, data, size);
    if (!pcap) {
        return;
    }
    int linktype = pcap_datalink(pcap);
    if (!known_linktype(linktype)) {
        error_at(file, "link type %d (%s) is not Ethernet, Linux cooked, "
                 "loopback or raw IP", linktype,
                 pcap_datalink_val_to_name(linktype) ?: "unknown");
        pcap_close(pcap);
        return;
    }

    struct capture pc = { .file = file };
    struct pcap_pkthdr *hdr;
    const u_char *p;
    long off;
    while (capture_next(file, pcap, &off, &hdr, &p) > 0) {
        pc.packet++;
        pc.offset = off;
        uint32_t frac = hdr->ts.tv_usec;    /* Nanoseconds, as asked. */
        snprintf(pc.time, sizeof pc.time, usec ? "%lld.%06"PRIu32
                 : "%lld.%09"PRIu32, (long long) hdr->ts.tv_sec,
                 usec ? frac / 1000 : frac);
        size_t l2;
        if (pcap_link(linktype, p, hdr->caplen, &l2) && l2 <= hdr->caplen) {
            pcap_ip(&pc, p + l2, hdr->caplen - l2, hdr->len > hdr->caplen);
        }
    }
    pcap_close(pcap);

    while (pc.flows) {
        struct flow *f = pc.flows;
        pc.flows = f->next;
        if (!f->dead && f->openflow > 0 && (f->buf.size || f->ooo)) {
            error_at(file, "%s: stream ends %s at stream offset %"PRIu64,
                     f->name, f->ooo ? "with bytes missing"
                     : "in the middle of a message", f->buf_offset);
        }
        while (f->ooo) {
            struct segment *s = f->ooo;
            f->ooo = s->next;
            free(s);
        }
        ofm_buf_uninit(&f->buf);
        free(f);
    }
}

static bool
is_pcap(const uint8_t *data, size_t size)
{
    if (size < 4) {
        return false;
    }
    uint32_t m = ofm_get32(data);
    return (m == 0xa1b2c3d4 || m == 0xd4c3b2a1 || m == 0xa1b23c4d
            || m == 0x4d3cb2a1
            || m == 0x0a0d0d0a);    /* pcapng's section header block. */
}

/*
 * --encode.
 */

struct encode_ctx {
    const char *file;
    size_t n;                   /* Messages read so far. */
};

static int
encode_one(json_t *value, void *aux_)
{
    struct encode_ctx *ctx = aux_;
    ctx->n++;
    uint8_t version = opt_of_version;
    uint32_t xid = opt_xid;
    const json_t *msg = value;
    const json_t *inner = json_object_get(value, "msg");
    if (inner) {
        /* --meta output: take the version and xid from it. */
        const json_t *v = json_object_get(value, "version");
        const json_t *x = json_object_get(value, "xid");
        if (!opt_of_version && json_is_integer(v)) {
            version = (uint8_t) json_integer_value(v);
        }
        if (!opt_xid_set && json_is_integer(x)) {
            xid = (uint32_t) json_integer_value(x);
        }
        msg = inner;
    }

    char err[512];
    struct ofm_buf out;
    ofm_buf_init(&out);
    if (ofm_ofp_from_json(msg, version, xid, &out, err, sizeof err)) {
        error_at(ctx->file, "message %zu: %s", ctx->n, err);
    } else if (fwrite(out.data, 1, out.size, stdout) != out.size) {
        error_at("stdout", "%s", strerror(errno));
    }
    ofm_buf_uninit(&out);
    return 0;
}

static void
encode_file(const char *file, const uint8_t *data, size_t size)
{
    struct encode_ctx ctx = { .file = file };
    char err[256];
    if (ofm_json_load_stream((const char *) data, size, encode_one, &ctx,
                             err, sizeof err)) {
        error_at(file, "%s", err);
    }
}

/*
 * --frame and --build: Ethernet frames.
 */

/* True for the characters a hex frame may hold besides its digits. */
static bool
hex_separator(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ':';
}

/* Where the hex digits of 's' start: after leading white space and an
 * optional "0x". */
static size_t
hex_start(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && hex_separator((unsigned char) s[i]) && s[i] != ':') {
        i++;
    }
    if (len - i >= 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
        i += 2;
    }
    return i;
}

/* True if the 'len' bytes at 's' read as a frame in hex: hex digits, white
 * space and colons only (after an optional "0x"), and at least two
 * digits. */
static bool
looks_hex(const char *s, size_t len)
{
    size_t digits = 0;
    for (size_t i = hex_start(s, len); i < len; i++) {
        int c = (unsigned char) s[i];
        if (ofm_hex_digit(c) >= 0) {
            digits++;
        } else if (!hex_separator(c)) {
            return false;
        }
    }
    return digits >= 2;
}

/* Decodes the hex frame of 'len' bytes at 's' into 'out'.  Returns false
 * with the reason in 'err' if a byte is split by a separator or the number
 * of digits is odd. */
static bool
hex_decode(const char *s, size_t len, struct ofm_buf *out, char *err,
           size_t err_size)
{
    int hi = -1;
    size_t hi_pos = 0;
    for (size_t i = hex_start(s, len); i < len; i++) {
        int v = ofm_hex_digit((unsigned char) s[i]);
        if (v < 0) {
            if (hi >= 0) {
                snprintf(err, err_size, "character %zu: a byte needs two hex "
                         "digits", hi_pos + 1);
                return false;
            }
            continue;
        }
        if (hi < 0) {
            hi = v;
            hi_pos = i;
        } else {
            ofm_buf_put_u8(out, (uint8_t) (hi << 4 | v));
            hi = -1;
        }
    }
    if (hi >= 0) {
        snprintf(err, err_size, "character %zu: a byte needs two hex digits",
                 hi_pos + 1);
        return false;
    }
    return true;
}

/* Decodes and prints the Ethernet frame of 'size' bytes at 'frame', from
 * 'file'; 'where' ("" or "packet N (offset M): ") leads error messages.
 * Output is printed even when decoding stops early (the rest of the frame
 * is the payload then, as in Ryu); the reason is reported. */
static void
print_frame(const char *file, const char *where, const uint8_t *frame,
            size_t size)
{
    struct ofm_packet pkt;
    int error = ofm_packet_parse(&pkt, frame, size);

    if (opt_text) {
        char *s = ofm_packet_to_text(&pkt);
        puts(s);
        free(s);
    } else {
        /* Not ofm_json_dumps(): packet JSON has signed values (Ryu's -1
         * for the length of an IPv6 Pad1 option) and none above 2^63. */
        json_t *j = ofm_packet_to_json(&pkt);
        char *s = json_dumps(j, opt_pretty ? JSON_INDENT(2) : JSON_COMPACT);
        puts(s);
        free(s);
        json_decref(j);
    }

    size_t off = pkt.payload.data && frame
                 ? (size_t) (pkt.payload.data - frame) : 0;
    if (error || !pkt.n_hdrs) {
        error_at(file, "%soffset 0: %zu bytes, too few for an Ethernet "
                 "header (14)", where, size);
    } else if (pkt.error == ENOSPC) {
        error_at(file, "%soffset %zu: more than %d headers; the %zu bytes "
                 "from here are shown as the payload", where, off,
                 OFM_PACKET_MAX_HDRS, pkt.payload.size);
    } else if (pkt.error) {
        error_at(file, "%soffset %zu: truncated or malformed %s header; the "
                 "%zu bytes from here are shown as the payload", where, off,
                 ofm_proto_name(pkt.error_proto), pkt.payload.size);
    }
    ofm_packet_uninit(&pkt);
}

/* Every record of a pcap capture of Ethernet frames. */
static void
frames_pcap(const char *file, const uint8_t *data, size_t size)
{
    pcap_t *pcap = capture_open(file, data, size);
    if (!pcap) {
        return;
    }
    int linktype = pcap_datalink(pcap);
    if (linktype != DLT_EN10MB) {
        error_at(file, "link type %d (%s) is not Ethernet (1)", linktype,
                 pcap_datalink_val_to_name(linktype) ?: "unknown");
        pcap_close(pcap);
        return;
    }
    struct pcap_pkthdr *hdr;
    const u_char *p;
    long off;
    for (size_t n = 1; capture_next(file, pcap, &off, &hdr, &p) > 0; n++) {
        char where[64];
        snprintf(where, sizeof where, "packet %zu (offset %ld): frame ", n, off);
        print_frame(file, where, p, hdr->caplen);
    }
    pcap_close(pcap);
}

/* A --frame argument: a frame in hex, or a file. */
static void
frame_operand(const char *arg, size_t argno)
{
    char err[128];
    struct ofm_buf frame;

    ofm_buf_init(&frame);
    if (strcmp(arg, "-") && looks_hex(arg, strlen(arg))) {
        char label[32];
        snprintf(label, sizeof label, "argument %zu", argno);
        if (hex_decode(arg, strlen(arg), &frame, err, sizeof err)) {
            print_frame(label, "", frame.data, frame.size);
        } else {
            error_at(label, "%s", err);
        }
    } else {
        uint8_t *data;
        size_t size;
        if (!read_all(arg, &data, &size)) {
            /* Reported. */
        } else if (is_pcap(data, size)) {
            frames_pcap(arg, data, size);
        } else if (looks_hex((const char *) data, size)) {
            if (hex_decode((const char *) data, size, &frame, err,
                           sizeof err)) {
                print_frame(arg, "", frame.data, frame.size);
            } else {
                error_at(arg, "%s", err);
            }
        } else {
            print_frame(arg, "", data, size);
        }
        free(data);
    }
    ofm_buf_uninit(&frame);
}

/* Writes 'size' bytes to the output; false (reported) on failure. */
static bool
write_out(const void *data, size_t size)
{
    if (fwrite(data, 1, size, stdout) != size) {
        error_at(opt_output ? opt_output : "standard output", "%s",
                 strerror(errno));
        return false;
    }
    return true;
}

/* The pcap file header that --build --pcap writes first: classic format,
 * microseconds, big-endian, Ethernet. */
static void
write_pcap_header(void)
{
    struct ofm_buf b;
    ofm_buf_init(&b);
    ofm_buf_put_be32(&b, 0xa1b2c3d4);
    ofm_buf_put_be16(&b, 2);
    ofm_buf_put_be16(&b, 4);
    ofm_buf_put_be32(&b, 0);            /* thiszone */
    ofm_buf_put_be32(&b, 0);            /* sigfigs */
    ofm_buf_put_be32(&b, 65535);        /* snaplen */
    ofm_buf_put_be32(&b, 1);            /* LINKTYPE_ETHERNET */
    write_out(b.data, b.size);
    ofm_buf_uninit(&b);
}

/* Writes one built frame in the output form the options ask for. */
static void
write_frame(const uint8_t *frame, size_t size)
{
    if (opt_hex) {
        struct ofm_buf b;
        ofm_buf_init(&b);
        for (size_t i = 0; i < size; i++) {
            static const char digits[] = "0123456789abcdef";
            ofm_buf_put_u8(&b, (uint8_t) digits[frame[i] >> 4]);
            ofm_buf_put_u8(&b, (uint8_t) digits[frame[i] & 15]);
        }
        ofm_buf_put_u8(&b, '\n');
        write_out(b.data, b.size);
        ofm_buf_uninit(&b);
    } else if (opt_pcap) {
        /* Time stamps count frames (one second each), so that the capture
         * is the same on every run. */
        static uint32_t seconds;
        uint8_t rec[16];
        ofm_put32(rec, seconds++);
        ofm_put32(rec + 4, 0);
        ofm_put32(rec + 8, (uint32_t) size);
        ofm_put32(rec + 12, (uint32_t) size);
        if (write_out(rec, sizeof rec)) {
            write_out(frame, size);
        }
    } else {
        write_out(frame, size);
    }
}

static int
build_one(json_t *value, void *aux_)
{
    struct encode_ctx *ctx = aux_;
    struct ofm_packet pkt;
    struct ofm_buf out;
    char err[512];

    ctx->n++;
    ofm_buf_init(&out);
    if (ofm_packet_from_json(value, &pkt, err, sizeof err)) {
        error_at(ctx->file, "frame %zu: %s", ctx->n, err);
    } else if (ofm_packet_serialize(&pkt, &out)) {
        error_at(ctx->file, "frame %zu: cannot serialize: a field does not "
                 "fit its wire format, or the frame exceeds 65535 bytes",
                 ctx->n);
    } else {
        write_frame(out.data, out.size);
    }
    ofm_packet_uninit(&pkt);
    ofm_buf_uninit(&out);
    return 0;
}

static void
build_file(const char *file, const uint8_t *data, size_t size)
{
    struct encode_ctx ctx = { .file = file };
    char err[256];
    if (ofm_json_load_stream((const char *) data, size, build_one, &ctx,
                             err, sizeof err)) {
        error_at(file, "%s", err);
    }
}

static bool
parse_of_version(const char *s, uint8_t *v)
{
    static const struct {
        const char *dotted, *name, *wire;
        uint8_t version;
    } versions[] = {
        { "1.0", "OpenFlow10", "1", 0x01 },
        { "1.2", "OpenFlow12", "3", 0x03 },
        { "1.3", "OpenFlow13", "4", 0x04 },
        { "1.4", "OpenFlow14", "5", 0x05 },
        { "1.5", "OpenFlow15", "6", 0x06 },
    };
    if (!strcmp(s, "auto")) {
        *v = 0;
        return true;
    }
    for (size_t i = 0; i < sizeof versions / sizeof *versions; i++) {
        if (!strcmp(s, versions[i].dotted) || !strcmp(s, versions[i].name)
            || !strcmp(s, versions[i].wire)) {
            *v = versions[i].version;
            return true;
        }
    }
    return false;
}

int
main(int argc, char *argv[])
{
    enum { OPT_XID = 256, OPT_PCAP };
    static const struct option long_options[] = {
        { "text", no_argument, NULL, 't' },
        { "meta", no_argument, NULL, 'm' },
        { "pretty", no_argument, NULL, 'p' },
        { "encode", no_argument, NULL, 'e' },
        { "protocol", required_argument, NULL, 'O' },
        { "xid", required_argument, NULL, OPT_XID },
        { "frame", no_argument, NULL, 'f' },
        { "build", no_argument, NULL, 'b' },
        { "hex", no_argument, NULL, 'x' },
        { "pcap", no_argument, NULL, OPT_PCAP },
        { "output", required_argument, NULL, 'o' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };
    int c;
    while ((c = getopt_long(argc, argv, "tmpeO:fbxo:hV", long_options, NULL))
           != -1) {
        switch (c) {
        case 't':
            opt_text = true;
            break;
        case 'm':
            opt_meta = true;
            break;
        case 'p':
            opt_pretty = true;
            break;
        case 'e':
            opt_encode = true;
            break;
        case 'O':
            if (!parse_of_version(optarg, &opt_of_version)) {
                fprintf(stderr, "ofdump: unknown OpenFlow version '%s' (use "
                        "1.0, 1.2, 1.3, 1.4, 1.5 or auto)\n", optarg);
                return 2;
            }
            break;
        case OPT_XID: {
            char *end;
            errno = 0;
            unsigned long long x = strtoull(optarg, &end, 0);
            if (errno || *end || !*optarg || x > UINT32_MAX) {
                fprintf(stderr, "ofdump: bad xid '%s'\n", optarg);
                return 2;
            }
            opt_xid = (uint32_t) x;
            opt_xid_set = true;
            break;
        }
        case 'f':
            opt_frame = true;
            break;
        case 'b':
            opt_build = true;
            break;
        case 'x':
            opt_hex = true;
            break;
        case OPT_PCAP:
            opt_pcap = true;
            break;
        case 'o':
            opt_output = optarg;
            break;
        case 'h':
            usage();
            return 0;
        case 'V':
            printf("ofdump (ofmanager) %s\n", PACKAGE_VERSION);
            return 0;
        default:
            fprintf(stderr, "Try 'ofdump --help' for more information.\n");
            return 2;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "ofdump: no input file (try 'ofdump --help')\n");
        return 2;
    }
    if (opt_encode + opt_frame + opt_build > 1) {
        fprintf(stderr, "ofdump: --encode, --frame and --build are "
                "exclusive\n");
        return 2;
    }
    if (opt_text && (opt_meta || opt_encode || opt_build)) {
        fprintf(stderr, "ofdump: --text goes with neither --meta, --encode "
                "nor --build\n");
        return 2;
    }
    if (opt_meta && (opt_frame || opt_build)) {
        fprintf(stderr, "ofdump: --meta is for OpenFlow messages, not "
                "--frame or --build\n");
        return 2;
    }
    if ((opt_hex || opt_pcap) && !opt_build) {
        fprintf(stderr, "ofdump: --hex and --pcap go with --build\n");
        return 2;
    }
    if (opt_hex && opt_pcap) {
        fprintf(stderr, "ofdump: --hex and --pcap are exclusive\n");
        return 2;
    }
    if (opt_output && !freopen(opt_output, "wb", stdout)) {
        fprintf(stderr, "ofdump: %s: %s\n", opt_output, strerror(errno));
        return 1;
    }

    if (opt_build && opt_pcap) {
        write_pcap_header();
    }
    for (int i = optind; i < argc; i++) {
        if (opt_frame) {
            frame_operand(argv[i], (size_t) (i - optind + 1));
            continue;
        }
        uint8_t *data;
        size_t size;
        if (read_all(argv[i], &data, &size)) {
            if (opt_encode) {
                encode_file(argv[i], data, size);
            } else if (opt_build) {
                build_file(argv[i], data, size);
            } else if (is_pcap(data, size)) {
                dump_pcap(argv[i], data, size);
            } else {
                dump_raw(argv[i], data, size);
            }
        }
        free(data);
    }
    if (fflush(stdout) || ferror(stdout)) {
        fprintf(stderr, "ofdump: %s: %s\n",
                opt_output ? opt_output : "standard output", strerror(errno));
        return 1;
    }
    return failed;
}
