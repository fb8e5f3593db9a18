/* canned.c: the minimal canned-reply OpenFlow responder, the practical
 * ceiling of a controller on this machine for ofbench.
 *
 * It parses nothing beyond the framing (version, type, length of each
 * message header).  When a switch's HELLO arrives it answers with a HELLO
 * and a FEATURES_REQUEST of the same version; for each PACKET_IN it writes
 * one fixed, well-formed FLOW_MOD of the connection's version (an ADD with
 * an empty match and no actions, as Ryu's cbench application sends); it
 * answers ECHO_REQUEST; it ignores everything else.  Replies to one read
 * go out in one write.  With --broken every FLOW_MOD is malformed (in one
 * of a few ways, in turn) so the test suite can check that ofbench notices.
 *
 * usage: canned [-a ADDRESS] [-p PORT] [--broken]
 * Prints "canned: listening on ADDRESS:PORT" once listening (PORT 0 picks a
 * free one), and runs until SIGINT or SIGTERM. */
#define _GNU_SOURCE 1           /* accept4() */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include <arpa/inet.h>
#include <errno.h>
#include <ev.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ofm/buf.h"
#include "ofm/ofp.h"

#define RBUF_READ (256 * 1024)
#define RBUF_SIZE (RBUF_READ + 65536)
#define WBUF_SIZE (512 * 1024)

struct conn {
    ev_io io;
    struct conn *prev, *next;   /* All connections, to free them at exit. */
    uint8_t version;            /* From the switch's HELLO; 0 before. */
    uint8_t *in;                /* Partial message kept between reads. */
    uint32_t in_len, in_cap;
    uint8_t *out;               /* Output the socket did not take yet. */
    uint32_t out_len, out_off;
};

static uint8_t rbuf[RBUF_SIZE];
static uint8_t wbuf[WBUF_SIZE];
static size_t wlen;

/* The canned FLOW_MODs: [0] for OpenFlow 1.0, [1] for 1.3. */
static uint8_t flow_mod[2][128];
static size_t flow_mod_len[2];

/* --broken: malformed variants used in turn. */
#define N_BROKEN 3
static uint8_t broken[2][N_BROKEN][128];
static size_t broken_len[2][N_BROKEN];
static bool broken_mode;
static unsigned broken_next;

static uint64_t n_conns, n_packet_ins;
static struct conn *conns;

static void
build_messages(void)
{
    /* OpenFlow 1.0: 72 bytes, all wildcards, ADD, no buffer, no actions. */
    uint8_t *p = flow_mod[0];
    p[0] = OFP10_VERSION;
    p[1] = OFPT10_FLOW_MOD;
    ofm_put16(p + 2, OFP10_FLOW_MOD_SIZE);
    ofm_put32(p + 8, OFPFW10_ALL);
    ofm_put16(p + 56, OFPFC_ADD);
    ofm_put16(p + 62, 0x8000);                  /* priority */
    ofm_put32(p + 64, OFP_NO_BUFFER);
    ofm_put16(p + 68, OFPP10_NONE);
    flow_mod_len[0] = OFP10_FLOW_MOD_SIZE;

    /* OpenFlow 1.3: 56 bytes, empty OXM match, ADD to table 0, no
     * instructions. */
    p = flow_mod[1];
    p[0] = OFP13_VERSION;
    p[1] = OFPT13_FLOW_MOD;
    ofm_put16(p + 2, OFP13_FLOW_MOD_SIZE);
    p[25] = OFPFC_ADD;
    ofm_put16(p + 30, 0x8000);                  /* priority */
    ofm_put32(p + 32, OFP_NO_BUFFER);
    ofm_put32(p + 36, OFPP_ANY);
    ofm_put32(p + 40, OFPG_ANY);
    ofm_put16(p + 48, OFPMT_OXM);
    ofm_put16(p + 50, 4);
    flow_mod_len[1] = OFP13_FLOW_MOD_SIZE;

    for (int v = 0; v < 2; v++) {
        for (int b = 0; b < N_BROKEN; b++) {
            memcpy(broken[v][b], flow_mod[v], flow_mod_len[v]);
            broken_len[v][b] = flow_mod_len[v];
        }
    }
    /* 1.0 (a): an OUTPUT action 12 bytes long (not a multiple of 8). */
    p = broken[0][0];
    ofm_put16(p + 2, 72 + 16);
    ofm_put16(p + 72, OFPAT10_OUTPUT);
    ofm_put16(p + 74, 12);
    ofm_put16(p + 76, 1);
    broken_len[0][0] = 72 + 16;
    /* 1.0 (b): an undefined command. */
    ofm_put16(broken[0][1] + 56, 9);
    /* 1.0 (c): OUTPUT to port 0. */
    p = broken[0][2];
    ofm_put16(p + 2, 72 + 8);
    ofm_put16(p + 72, OFPAT10_OUTPUT);
    ofm_put16(p + 74, 8);
    ofm_put16(p + 76, 0);
    broken_len[0][2] = 72 + 8;

    /* 1.3 (a): an OXM whose value runs past the match. */
    p = broken[1][0];
    ofm_put16(p + 2, 48 + 16);
    ofm_put16(p + 50, 12);                      /* match length */
    ofm_put32(p + 52, OFM_OXM_HEADER(OFPXMC_OPENFLOW_BASIC,
                                     OFPXMT_ETH_DST, 0, 12));
    broken_len[1][0] = 48 + 16;
    /* 1.3 (b): an APPLY_ACTIONS instruction 12 bytes long. */
    p = broken[1][1];
    ofm_put16(p + 2, 56 + 16);
    ofm_put16(p + 56, OFPIT_APPLY_ACTIONS);
    ofm_put16(p + 58, 12);
    broken_len[1][1] = 56 + 16;
    /* 1.3 (c): APPLY_ACTIONS with OUTPUT to port 0. */
    p = broken[1][2];
    ofm_put16(p + 2, 56 + 24);
    ofm_put16(p + 56, OFPIT_APPLY_ACTIONS);
    ofm_put16(p + 58, 24);
    ofm_put16(p + 64, OFPAT_OUTPUT);
    ofm_put16(p + 66, 16);
    ofm_put32(p + 68, 0);
    ofm_put16(p + 72, 0xffff);                  /* max_len */
    broken_len[1][2] = 56 + 24;
}

static void
conn_close(struct ev_loop *loop, struct conn *c)
{
    if (c->prev) {
        c->prev->next = c->next;
    } else {
        conns = c->next;
    }
    if (c->next) {
        c->next->prev = c->prev;
    }
    ev_io_stop(loop, &c->io);
    close(c->io.fd);
    free(c->in);
    free(c->out);
    free(c);
}

static void
put(const void *p, size_t n)
{
    memcpy(wbuf + wlen, p, n);
    wlen += n;
}

static void
put_header(uint8_t version, uint8_t type, uint32_t xid)
{
    uint8_t h[8] = { version, type, 0, 8 };
    ofm_put32(h + 4, xid);
    put(h, 8);
}

/* Writes wbuf; keeps the rest and stops reading while the socket is full,
 * so a switch that does not read cannot make us buffer without bound. */
static bool
conn_write(struct ev_loop *loop, struct conn *c)
{
    size_t n = wlen;
    wlen = 0;
    ssize_t r = send(c->io.fd, wbuf, n, MSG_NOSIGNAL);
    if (r < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            return false;
        }
        r = 0;
    }
    if ((size_t) r < n) {
        c->out = malloc(n - (size_t) r);
        if (!c->out) {
            return false;
        }
        memcpy(c->out, wbuf + r, n - (size_t) r);
        c->out_off = 0;
        c->out_len = (uint32_t) (n - (size_t) r);
        ev_io_stop(loop, &c->io);
        ev_io_set(&c->io, c->io.fd, EV_WRITE);
        ev_io_start(loop, &c->io);
    }
    return true;
}

static bool conn_read(struct ev_loop *, struct conn *, bool do_recv);

static bool
conn_drain(struct ev_loop *loop, struct conn *c)
{
    ssize_t r = send(c->io.fd, c->out + c->out_off, c->out_len - c->out_off,
                     MSG_NOSIGNAL);
    if (r < 0) {
        return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
    }
    c->out_off += (uint32_t) r;
    if (c->out_off == c->out_len) {
        free(c->out);
        c->out = NULL;
        ev_io_stop(loop, &c->io);
        ev_io_set(&c->io, c->io.fd, EV_READ);
        ev_io_start(loop, &c->io);
        if (c->in_len) {
            return conn_read(loop, c, false);   /* What waited for room. */
        }
    }
    return true;
}

/* Reads (if 'do_recv') and handles what the switch sent. Returns false if
 * the connection must be closed. */
static bool
conn_read(struct ev_loop *loop, struct conn *c, bool do_recv)
{
    size_t have = c->in_len;
    if (have) {
        memcpy(rbuf, c->in, have);
    }
    if (do_recv) {
        ssize_t r = recv(c->io.fd, rbuf + have, RBUF_READ, 0);
        if (r == 0) {
            return false;
        }
        if (r < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                return false;
            }
            r = 0;
        }
        have += (size_t) r;
    }

    size_t off = 0;
    wlen = 0;
    while (have - off >= 8) {
        const uint8_t *m = rbuf + off;
        size_t len = ofm_get16(m + 2);
        if (len < 8) {
            return false;
        }
        if (len > have - off) {
            break;
        }
        if (wlen + 256 + len > WBUF_SIZE && !conn_write(loop, c)) {
            return false;
        }
        if (c->out) {
            break;              /* Socket full: the rest waits. */
        }
        switch (m[1]) {
        case OFPT10_PACKET_IN: {        /* Same number in 1.3. */
            int v = c->version == OFP13_VERSION;
            n_packet_ins++;
            if (broken_mode) {
                unsigned b = broken_next++ % N_BROKEN;
                put(broken[v][b], broken_len[v][b]);
            } else {
                put(flow_mod[v], flow_mod_len[v]);
            }
            break;
        }
        case OFPT10_HELLO:
            c->version = m[0] == OFP13_VERSION ? OFP13_VERSION : OFP10_VERSION;
            put_header(c->version, OFPT10_HELLO, 1);
            put_header(c->version, OFPT10_FEATURES_REQUEST, 2);
            break;
        case OFPT10_ECHO_REQUEST: {
            size_t at = wlen;
            put(m, len);
            wbuf[at + 1] = OFPT10_ECHO_REPLY;
            break;
        }
        default:
            break;
        }
        off += len;
    }

    size_t left = have - off;
    if (left > c->in_cap) {
        uint8_t *q = realloc(c->in, left);
        if (!q) {
            return false;
        }
        c->in = q;
        c->in_cap = (uint32_t) left;
    }
    if (left) {
        memcpy(c->in, rbuf + off, left);
    }
    c->in_len = (uint32_t) left;
    return !wlen || conn_write(loop, c);
}

static void
conn_cb(struct ev_loop *loop, ev_io *io, int revents)
{
    struct conn *c = (struct conn *) io;
    bool ok = c->out ? conn_drain(loop, c) : conn_read(loop, c, true);
    if (!ok) {
        conn_close(loop, c);
    }
}

static void
accept_cb(struct ev_loop *loop, ev_io *io, int revents)
{
    for (int i = 0; i < 256; i++) {
        int fd = accept4(io->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR
                && errno != ECONNABORTED) {
                perror("canned: accept");
            }
            return;
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        struct conn *c = calloc(1, sizeof *c);
        if (!c) {
            close(fd);
            return;
        }
        n_conns++;
        c->next = conns;
        if (conns) {
            conns->prev = c;
        }
        conns = c;
        ev_io_init(&c->io, conn_cb, fd, EV_READ);
        ev_io_start(loop, &c->io);
    }
}

static void
signal_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
    ev_break(loop, EVBREAK_ALL);
}

int
main(int argc, char *argv[])
{
    const char *address = "127.0.0.1";
    unsigned long port = OFP_TCP_PORT;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--broken")) {
            broken_mode = true;
        } else if (!strcmp(argv[i], "-a") && i + 1 < argc) {
            address = argv[++i];
        } else if (!strcmp(argv[i], "-p") && i + 1 < argc) {
            char *end;
            port = strtoul(argv[++i], &end, 10);
            if (*end || port > 65535) {
                fprintf(stderr, "canned: bad port '%s'\n", argv[i]);
                return 1;
            }
        } else {
            fprintf(stderr, "usage: canned [-a ADDRESS] [-p PORT] "
                    "[--broken]\n");
            return !strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")
                   ? 0 : 1;
        }
    }
    build_messages();
    signal(SIGPIPE, SIG_IGN);

    /* One descriptor per switch: take all the kernel allows us. */
    struct rlimit rl;
    if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }

    struct sockaddr_in sin;
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons((uint16_t) port);
    if (inet_pton(AF_INET, address, &sin.sin_addr) != 1) {
        fprintf(stderr, "canned: bad IPv4 address '%s'\n", address);
        return 1;
    }
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd < 0
        || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0
        || bind(fd, (struct sockaddr *) &sin, sizeof sin) < 0
        || listen(fd, SOMAXCONN) < 0) {
        perror("canned: listen");
        return 1;
    }
    socklen_t slen = sizeof sin;
    getsockname(fd, (struct sockaddr *) &sin, &slen);
    printf("canned: listening on %s:%u%s\n", address, ntohs(sin.sin_port),
           broken_mode ? " (broken FLOW_MODs)" : "");
    fflush(stdout);

    struct ev_loop *loop = EV_DEFAULT;
    ev_io listener;
    ev_io_init(&listener, accept_cb, fd, EV_READ);
    ev_io_start(loop, &listener);
    ev_signal sigint, sigterm;
    ev_signal_init(&sigint, signal_cb, SIGINT);
    ev_signal_start(loop, &sigint);
    ev_signal_init(&sigterm, signal_cb, SIGTERM);
    ev_signal_start(loop, &sigterm);

    ev_run(loop, 0);

    fprintf(stderr, "canned: %" PRIu64 " connections, %" PRIu64
            " PACKET_INs answered\n", n_conns, n_packet_ins);
    while (conns) {
        conn_close(loop, conns);
    }
    ev_io_stop(loop, &listener);
    close(fd);
    ev_loop_destroy(loop);
    return 0;
}
