/* canned.c: the minimal canned-reply OpenFlow responder, the practical
 * ceiling of a controller on this machine for ofbench.
 *
 * It parses nothing beyond the framing (version, type, length of each
 * message header).  When a switch's HELLO arrives it answers with a HELLO
 * and a FEATURES_REQUEST of the same version; for each PACKET_IN it writes
 * one fixed, well-formed FLOW_MOD of the connection's version (an ADD with
 * an empty match and no actions, as Ryu's cbench application sends); it
 * answers ECHO_REQUEST; it ignores everything else.  Replies to one read
 * go out in one write (the stream layer, stream/, which the manager uses
 * too, frames the messages and queues the output).  With --broken every FLOW_MOD is malformed (in one
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
#include "stream.h"

/* A switch that stops reading may queue this much before it is dropped. */
#define TX_LIMIT (64 * 1024 * 1024)

struct conn {
    struct stream st;
    struct conn *prev, *next;   /* All connections, to free them at exit. */
    uint8_t version;            /* From the switch's HELLO; 0 before. */
};

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

/* Closed connections, freed from the loop's check step: a stream reports
 * its failure from inside its own callbacks, which still use it after. */
static struct conn *dead;
static ev_check reaper;

static void
reap_cb(struct ev_loop *loop, ev_check *w, int revents)
{
    while (dead) {
        struct conn *c = dead;
        dead = c->next;
        free(c);
    }
}

static void
conn_close(struct conn *c)
{
    if (c->prev) {
        c->prev->next = c->next;
    } else {
        conns = c->next;
    }
    if (c->next) {
        c->next->prev = c->prev;
    }
    stream_close(&c->st);
    c->next = dead;
    dead = c;
}

static void
put_header(struct ofm_buf *tx, uint8_t version, uint8_t type, uint32_t xid)
{
    uint8_t h[8] = { version, type, 0, 8 };
    ofm_put32(h + 4, xid);
    ofm_buf_put(tx, h, 8);
}

static void
conn_connected(struct stream *st)
{
}

/* One message from a switch; the replies to one read leave in one write
 * (the stream layer's shared output buffer), and a switch that does not
 * read pauses our reading from it. */
static void
conn_recv(struct stream *st, const uint8_t *m, size_t len)
{
    struct conn *c = (struct conn *) st;
    struct ofm_buf *tx = stream_txbuf(st);
    switch (m[1]) {
    case OFPT10_PACKET_IN: {            /* Same number in 1.3. */
        int v = c->version == OFP13_VERSION;
        n_packet_ins++;
        if (broken_mode) {
            unsigned b = broken_next++ % N_BROKEN;
            ofm_buf_put(tx, broken[v][b], broken_len[v][b]);
        } else {
            ofm_buf_put(tx, flow_mod[v], flow_mod_len[v]);
        }
        break;
    }
    case OFPT10_HELLO:
        c->version = m[0] == OFP13_VERSION ? OFP13_VERSION : OFP10_VERSION;
        put_header(tx, c->version, OFPT10_HELLO, 1);
        put_header(tx, c->version, OFPT10_FEATURES_REQUEST, 2);
        break;
    case OFPT10_ECHO_REQUEST: {
        size_t at = tx->size;
        ofm_buf_put(tx, m, len);
        tx->data[at + 1] = OFPT10_ECHO_REPLY;
        break;
    }
    default:
        return;
    }
    if (stream_sent(st)) {
        /* Over the bound: the failure comes from the loop. */
    }
}

static void
conn_failed(struct stream *st, enum ofm_disconnect_reason reason, const char *why)
{
    conn_close((struct conn *) st);
}

static const struct stream_owner conn_owner = {
    .connected = conn_connected,
    .recv = conn_recv,
    .failed = conn_failed,
};

static void
accepted(int fd, const char *host, int port, void *aux)
{
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
    stream_init(&c->st, fd, &stream_tcp_class, NULL, &conn_owner, host, port,
                TX_LIMIT);
    stream_start(&c->st);
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

    struct ev_loop *loop = EV_DEFAULT;
    stream_loop_start(loop);
    ev_check_init(&reaper, reap_cb);
    ev_check_start(loop, &reaper);
    ev_unref(loop);
    char err[256];
    struct stream_listener *listener = stream_listen(loop, address, (int) port,
                                                     accepted, NULL, err, sizeof err);
    if (!listener) {
        fprintf(stderr, "canned: %s\n", err);
        return 1;
    }
    printf("canned: listening on %s:%d%s\n", address, stream_listener_port(listener),
           broken_mode ? " (broken FLOW_MODs)" : "");
    fflush(stdout);

    ev_signal sigint, sigterm;
    ev_signal_init(&sigint, signal_cb, SIGINT);
    ev_signal_start(loop, &sigint);
    ev_signal_init(&sigterm, signal_cb, SIGTERM);
    ev_signal_start(loop, &sigterm);

    ev_run(loop, 0);

    fprintf(stderr, "canned: %" PRIu64 " connections, %" PRIu64
            " PACKET_INs answered\n", n_conns, n_packet_ins);
    while (conns) {
        conn_close(conns);
    }
    stream_run_failures();
    reap_cb(loop, &reaper, 0);
    ev_ref(loop);
    ev_check_stop(loop, &reaper);
    stream_listener_close(loop, listener);
    stream_loop_stop(loop);
    ev_loop_destroy(loop);
    return 0;
}
