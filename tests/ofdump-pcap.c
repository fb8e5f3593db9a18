/* ofdump-pcap: writes a synthetic pcap capture of one TCP connection that
 * carries the bytes of two files, client to server and then server to
 * client, for tests/ofdump.sh.
 *
 * Usage: ofdump-pcap [-l eth|sll|raw4|raw6] [-s SEGSIZE] [-r] [-b] [-c N]
 *                    OUT CLIENT SERVER
 *   -l  link type: Ethernet with IPv4 (default), Linux cooked with IPv6,
 *       raw IPv4, raw IPv6
 *   -s  TCP payload bytes per segment (default 1460)
 *   -r  reorder: swap every two consecutive data segments of a direction
 *       and send each direction's first data segment twice
 *   -b  write the file header and records big-endian (default little)
 *   -c  cut the last N bytes off the file
 *
 * Checksums are left zero; ofdump does not check them. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum link { ETH, SLL, RAW4, RAW6 };

static enum link link_type = ETH;
static size_t seg_size = 1460;
static int reorder;
static int big_endian;
static uint32_t t_usec;

static FILE *out;

static void
put16be(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t) (v >> 8);
    p[1] = (uint8_t) v;
}

static void
put32be(uint8_t *p, uint32_t v)
{
    put16be(p, v >> 16);
    put16be(p + 2, v);
}

static void
put32(uint8_t *p, uint32_t v)
{
    if (big_endian) {
        put32be(p, v);
    } else {
        p[0] = (uint8_t) v;
        p[1] = (uint8_t) (v >> 8);
        p[2] = (uint8_t) (v >> 16);
        p[3] = (uint8_t) (v >> 24);
    }
}

static int
is_v6(void)
{
    return link_type == SLL || link_type == RAW6;
}

/* Writes one record: a TCP segment 'from_client' with 'flags', sequence
 * and acknowledgement numbers, and 'n' payload bytes. */
static void
segment(int from_client, uint8_t flags, uint32_t seq, uint32_t ack,
        const uint8_t *payload, size_t n)
{
    uint8_t pkt[128 + 65536];
    size_t l2 = link_type == ETH ? 14 : link_type == SLL ? 16 : 0;
    size_t l3 = is_v6() ? 40 : 20;
    uint8_t *ip = pkt + l2, *tcp = ip + l3;
    size_t len = l2 + l3 + 20 + n;
    memset(pkt, 0, l2 + l3 + 20);

    if (link_type == ETH) {
        memcpy(pkt, from_client ? "\x02\0\0\0\0\x02\x02\0\0\0\0\x01"
               : "\x02\0\0\0\0\x01\x02\0\0\0\0\x02", 12);
        put16be(pkt + 12, 0x0800);
    } else if (link_type == SLL) {
        put16be(pkt, from_client ? 0 : 4);
        put16be(pkt + 2, 1);
        put16be(pkt + 4, 6);
        memcpy(pkt + 6, from_client ? "\x02\0\0\0\0\x01" : "\x02\0\0\0\0\x02",
               6);
        put16be(pkt + 14, 0x86dd);
    }

    if (is_v6()) {
        ip[0] = 0x60;
        put16be(ip + 4, (uint32_t) (20 + n));
        ip[6] = 6;
        ip[7] = 64;
        ip[8] = 0xfd;           /* fd00::1 and fd00::2 */
        ip[23] = from_client ? 1 : 2;
        ip[24] = 0xfd;
        ip[39] = from_client ? 2 : 1;
    } else {
        ip[0] = 0x45;
        put16be(ip + 2, (uint32_t) (20 + 20 + n));
        ip[6] = 0x40;           /* Don't fragment. */
        ip[8] = 64;
        ip[9] = 6;
        memcpy(ip + 12, from_client ? "\x0a\0\0\x01\x0a\0\0\x02"
               : "\x0a\0\0\x02\x0a\0\0\x01", 8);
    }

    put16be(tcp, from_client ? 40000 : 6653);
    put16be(tcp + 2, from_client ? 6653 : 40000);
    put32be(tcp + 4, seq);
    put32be(tcp + 8, ack);
    tcp[12] = 5 << 4;
    tcp[13] = flags;
    put16be(tcp + 14, 65535);
    if (n) {
        memcpy(tcp + 20, payload, n);
    }

    uint8_t rec[16];
    t_usec += 1000;
    put32(rec, 1700000000 + t_usec / 1000000);
    put32(rec + 4, t_usec % 1000000);
    put32(rec + 8, (uint32_t) len);
    put32(rec + 12, (uint32_t) len);
    fwrite(rec, 1, 16, out);
    fwrite(pkt, 1, len, out);
}

/* Sends 'n' bytes of 'data' in one direction, in segments. */
static void
send_stream(int from_client, uint32_t isn, uint32_t peer_isn,
            const uint8_t *data, size_t n)
{
    size_t n_segs = (n + seg_size - 1) / seg_size;
    for (size_t i = 0; i < n_segs; i++) {
        size_t k = i;
        if (reorder) {
            /* 1 0 3 2 5 4 ... (the last one stays if the count is odd). */
            k = i % 2 ? i - 1 : (i + 1 < n_segs ? i + 1 : i);
        }
        size_t off = k * seg_size;
        size_t len = n - off < seg_size ? n - off : seg_size;
        segment(from_client, 0x18, isn + 1 + (uint32_t) off, peer_isn + 1,
                data + off, len);
        if (reorder && i == 0) {
            segment(from_client, 0x18, isn + 1 + (uint32_t) off,
                    peer_isn + 1, data + off, len);
        }
    }
}

static uint8_t *
slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(1);
    }
    uint8_t *buf = malloc(1 << 20);
    *n = fread(buf, 1, 1 << 20, f);
    fclose(f);
    return buf;
}

int
main(int argc, char *argv[])
{
    size_t cut = 0;
    int c;
    while ((c = getopt(argc, argv, "l:s:rbc:")) != -1) {
        switch (c) {
        case 'l':
            link_type = (!strcmp(optarg, "sll") ? SLL
                         : !strcmp(optarg, "raw4") ? RAW4
                         : !strcmp(optarg, "raw6") ? RAW6 : ETH);
            break;
        case 's':
            seg_size = (size_t) atoi(optarg);
            if (seg_size < 1 || seg_size > 65000) {
                seg_size = 1460;
            }
            break;
        case 'r':
            reorder = 1;
            break;
        case 'b':
            big_endian = 1;
            break;
        case 'c':
            cut = (size_t) atoi(optarg);
            break;
        default:
            return 2;
        }
    }
    if (argc - optind != 3) {
        fprintf(stderr, "usage: ofdump-pcap [-l eth|sll|raw4|raw6] "
                "[-s SEGSIZE] [-r] [-b] [-c N] OUT CLIENT SERVER\n");
        return 2;
    }
    size_t n_client, n_server;
    uint8_t *client = slurp(argv[optind + 1], &n_client);
    uint8_t *server = slurp(argv[optind + 2], &n_server);
    out = fopen(argv[optind], "wb+");
    if (!out) {
        perror(argv[optind]);
        return 1;
    }

    uint8_t hdr[24];
    put32(hdr, 0xa1b2c3d4);
    hdr[4] = big_endian ? 0 : 2;        /* Version 2.4 in file order. */
    hdr[5] = big_endian ? 2 : 0;
    hdr[6] = big_endian ? 0 : 4;
    hdr[7] = big_endian ? 4 : 0;
    put32(hdr + 8, 0);
    put32(hdr + 12, 0);
    put32(hdr + 16, 65535);
    put32(hdr + 20, link_type == ETH ? 1 : link_type == SLL ? 113
          : link_type == RAW4 ? 228 : 229);
    fwrite(hdr, 1, sizeof hdr, out);

    uint32_t cisn = 1000, sisn = 0xffffff00u;  /* The server's wraps. */
    segment(1, 0x02, cisn, 0, NULL, 0);
    segment(0, 0x12, sisn, cisn + 1, NULL, 0);
    segment(1, 0x10, cisn + 1, sisn + 1, NULL, 0);
    send_stream(1, cisn, sisn, client, n_client);
    send_stream(0, sisn, cisn + (uint32_t) n_client, server, n_server);

    fflush(out);
    long size = ftell(out);
    if (cut && (long) cut < size && ftruncate(fileno(out), size - cut)) {
        perror("ftruncate");
        return 1;
    }
    fclose(out);
    free(client);
    free(server);
    return 0;
}
