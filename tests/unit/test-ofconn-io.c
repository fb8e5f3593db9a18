/* The input/output discipline of switch connections, over a socketpair:
 * the replies to one read leave in one send(); a switch that writes
 * faster than it reads is throttled (the controller stops reading from
 * it) rather than buffered for until the queue bound disconnects it;
 * a read that ends inside a message keeps the tail; an idle connection
 * holds no buffers.  The switch side is written by hand.
 *
 * send() is wrapped (this program's definition comes before libc's) to
 * count the writes the manager makes. */
#define _GNU_SOURCE 1
#include <config.h>
#include "../../manager/manager.h"

#include <CUnit/Basic.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "test-util.h"

static struct ev_loop *loop;
static int sw = -1;                 /* The switch's end. */
static struct ofconn *conn;
static int n_dead;
static unsigned int n_sends;        /* send() calls by the manager. */

ssize_t send(int fd, const void *buf, size_t n, int flags);

ssize_t
send(int fd, const void *buf, size_t n, int flags)
{
    n_sends++;
    return syscall(SYS_sendto, fd, buf, n, flags, NULL, 0);
}

static void
on_state(const struct ofm_event *ev, void *aux)
{
    n_dead += ev->state == OFM_STATE_DEAD;
}

static void
pump(void)
{
    for (int i = 0; i < 4; i++) {
        ev_run(loop, EVRUN_NOWAIT);
    }
}

static void
header(uint8_t *p, uint8_t type, uint16_t len, uint32_t xid)
{
    p[0] = OFP13_VERSION;
    p[1] = type;
    ofm_put16(p + 2, len);
    ofm_put32(p + 4, xid);
}

/* Connects a switch and completes HELLO (1.3), leaving the controller's
 * HELLO and FEATURES_REQUEST read. */
static void
connect_switch(int sndbuf)
{
    int sv[2];
    CU_ASSERT_EQUAL_FATAL(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    if (sndbuf) {
        setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
        setsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
    }
    sw = sv[1];
    fcntl(sw, F_SETFL, O_NONBLOCK);
    conn = ofconn_adopt(loop, sv[0], "test", 1);
    n_dead = 0;

    uint8_t hello[8], buf[256];
    header(hello, OFPT13_HELLO, 8, 1);
    CU_ASSERT_EQUAL_FATAL(write(sw, hello, 8), 8);
    pump();
    /* HELLO (with a version bitmap) and FEATURES_REQUEST. */
    ssize_t n = read(sw, buf, sizeof buf);
    CU_ASSERT_EQUAL_FATAL(n, 16 + 8);
    CU_ASSERT_EQUAL(buf[16 + 1], OFPT13_FEATURES_REQUEST);
}

/* Reads what is there; returns the byte count. */
static size_t
drain(uint8_t *buf, size_t size)
{
    size_t got = 0;
    while (got < size) {
        ssize_t n = read(sw, buf + got, size - got);
        if (n <= 0) {
            break;
        }
        got += (size_t) n;
    }
    return got;
}

/* 200 ECHO_REQUESTs in one write: 200 ECHO_REPLYs, in order, in one send. */
static void
test_one_send_per_read(void)
{
    enum { N = 200 };
    uint8_t req[N * 8], rep[N * 8 + 1];
    connect_switch(0);
    for (int i = 0; i < N; i++) {
        header(req + 8 * i, OFPT13_ECHO_REQUEST, 8, 1000 + i);
    }
    n_sends = 0;
    CU_ASSERT_EQUAL_FATAL(write(sw, req, sizeof req), (ssize_t) sizeof req);
    pump();
    CU_ASSERT_EQUAL(n_sends, 1);
    CU_ASSERT_EQUAL(drain(rep, sizeof rep), sizeof req);
    for (int i = 0; i < N; i++) {
        CU_ASSERT_EQUAL(rep[8 * i + 1], OFPT13_ECHO_REPLY);
        CU_ASSERT_EQUAL(ofm_get16(rep + 8 * i + 2), 8);
        CU_ASSERT_EQUAL(ofm_get32(rep + 8 * i + 4), 1000 + i);
    }
    CU_ASSERT_EQUAL(n_dead, 0);
    close(sw);
    pump();
    CU_ASSERT_EQUAL(n_dead, 1);
}

/* A read that ends inside a message: the tail waits for the rest, whatever
 * the split. */
static void
test_split_reads(void)
{
    uint8_t req[3 * 16], rep[64];
    connect_switch(0);
    for (int i = 0; i < 3; i++) {
        header(req + 16 * i, OFPT13_ECHO_REQUEST, 16, 7 + i);
        memset(req + 16 * i + 8, 0xa0 + i, 8);
    }
    for (size_t cut = 1; cut < sizeof req; cut += 5) {
        CU_ASSERT_EQUAL_FATAL(write(sw, req, cut), (ssize_t) cut);
        pump();
        CU_ASSERT_EQUAL_FATAL(write(sw, req + cut, sizeof req - cut),
                              (ssize_t) (sizeof req - cut));
        pump();
        CU_ASSERT_EQUAL(drain(rep, sizeof rep), sizeof req);
        for (int i = 0; i < 3; i++) {
            CU_ASSERT_EQUAL(rep[16 * i + 1], OFPT13_ECHO_REPLY);
            CU_ASSERT_EQUAL(ofm_get32(rep + 16 * i + 4), 7 + i);
            CU_ASSERT_EQUAL(rep[16 * i + 15], 0xa0 + i);
        }
    }
    CU_ASSERT_EQUAL(n_dead, 0);
    close(sw);
    pump();
}

/* The switch sends 4 MiB of ECHO_REQUESTs (64-byte ones) before it reads
 * anything, with small socket buffers and a 256 KiB queue bound.  Buffering
 * every reply would cross the bound and disconnect it; the controller must
 * instead stop reading while its replies wait, so that the switch's writes
 * block, and every reply arrive once the switch reads. */
static void
test_backpressure(void)
{
    enum { SIZE = 64, TOTAL = 4 * 1024 * 1024, N = TOTAL / SIZE };
    uint8_t *req = calloc(N, SIZE);
    uint8_t *rep = malloc(TOTAL);
    CU_ASSERT_FATAL(req && rep);
    for (uint32_t i = 0; i < N; i++) {
        header(req + SIZE * i, OFPT13_ECHO_REQUEST, SIZE, i);
        ofm_put32(req + SIZE * i + 8, ~i);
    }
    connect_switch(16 * 1024);

    size_t sent = 0, got = 0;
    bool blocked_once = false;
    int idle = 0;
    while (got < TOTAL && idle < 1000) {
        bool progress = false;
        /* Write until the socket pushes back... */
        while (sent < TOTAL) {
            ssize_t n = write(sw, req + sent, TOTAL - sent);
            if (n < 0 && errno == EAGAIN) {
                break;
            }
            if (n <= 0) {
                CU_FAIL("the controller closed the connection");
                goto done;
            }
            sent += (size_t) n;
            progress = true;
            pump();
        }
        if (sent < TOTAL) {
            /* ...and make sure it stays blocked while we do not read:
             * the controller reads no more. */
            pump();
            ssize_t n = write(sw, req + sent, TOTAL - sent);
            if (n < 0 && errno == EAGAIN) {
                blocked_once = true;
            } else if (n > 0) {
                sent += (size_t) n;
            }
        }
        /* Then read a little, as a slow switch would. */
        ssize_t n = read(sw, rep + got, 32 * 1024 < TOTAL - got ? 32 * 1024 : TOTAL - got);
        if (n > 0) {
            got += (size_t) n;
            progress = true;
        }
        pump();
        idle = progress ? 0 : idle + 1;
    }
done:
    CU_ASSERT_TRUE(blocked_once);
    CU_ASSERT_EQUAL(n_dead, 0);
    CU_ASSERT_EQUAL(sent, TOTAL);
    CU_ASSERT_EQUAL(got, TOTAL);
    for (uint32_t i = 0; i < N && got == TOTAL; i++) {
        const uint8_t *p = rep + SIZE * i;
        if (p[1] != OFPT13_ECHO_REPLY || ofm_get32(p + 4) != i
            || ofm_get32(p + 8) != ~i) {
            CU_FAIL("reply out of order or damaged");
            break;
        }
    }
    close(sw);
    pump();
    CU_ASSERT_EQUAL(n_dead, 1);
    free(req);
    free(rep);
}

int
main(void)
{
    ofm_log_set_level(OFM_LOG_CRITICAL);
    signal(SIGPIPE, SIG_IGN);   /* A closed connection fails a write. */
    loop = ev_default_loop(0);
    timer_init(loop);
    dispatch_init();
    mgr_settings.echo_interval = 0;
    mgr_settings.tx_queue_limit = 256 * 1024;

    static const struct ofm_plugin_desc desc = { .name = "watcher" };
    static struct ofm_plugin watcher = { .desc = &desc };
    dispatch_current = &watcher;
    dispatch_in_init = true;
    ofm_handler_register(&watcher, OFM_EV_STATE_CHANGE, 0, on_state, NULL);
    dispatch_in_init = false;
    dispatch_current = NULL;

    CU_initialize_registry();
    CU_pSuite s = CU_add_suite("ofconn-io", NULL, NULL);
    CU_add_test(s, "one send per read", test_one_send_per_read);
    CU_add_test(s, "split reads", test_split_reads);
    CU_add_test(s, "backpressure", test_backpressure);
    int status = tu_run();
    ofconn_shutdown(loop);
    dispatch_uninit();
    return status;
}
