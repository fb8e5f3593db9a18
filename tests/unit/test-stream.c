/* The byte stream layer (stream/stream.c) alone, over a socketpair, with
 * a test owner: framing of messages split across reads, a bad length and
 * EOF reported through the owner's callback, the queue bound reported
 * from the loop and never from inside the send, reading paused while the
 * queue is backed up, and no buffer held once idle; the owner hooks
 * ofbench uses (read_done, writable bursts, reading on while backed up);
 * streams on loops of two threads at once. */
#include <config.h>
#include "stream.h"

#include <CUnit/Basic.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "test-util.h"

static struct ev_loop *loop;
static struct stream st;
static int peer = -1;
static int n_connected, n_msgs, n_failed;
static uint32_t xids[64];
static size_t sizes[64];
static enum ofm_disconnect_reason fail_reason;
static bool in_send;                /* Inside stream_send() now. */
static bool failed_in_send;

static void
on_connected(struct stream *s)
{
    n_connected++;
}

static void
on_recv(struct stream *s, const uint8_t *data, size_t size)
{
    if (n_msgs < 64) {
        xids[n_msgs] = ofm_get32(data + 4);
        sizes[n_msgs] = size;
    }
    n_msgs++;
}

static void
on_failed(struct stream *s, enum ofm_disconnect_reason reason, const char *why)
{
    n_failed++;
    fail_reason = reason;
    failed_in_send |= in_send;
    stream_close(s);
}

static const struct stream_owner owner = {
    .connected = on_connected, .recv = on_recv, .failed = on_failed,
};

static void
pump(void)
{
    for (int i = 0; i < 4; i++) {
        ev_run(loop, EVRUN_NOWAIT);
    }
}

static void
open_stream(size_t tx_limit, int sndbuf)
{
    int sv[2];
    CU_ASSERT_EQUAL_FATAL(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    if (sndbuf) {
        setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
        setsockopt(sv[1], SOL_SOCKET, SO_RCVBUF, &sndbuf, sizeof sndbuf);
    }
    peer = sv[1];
    fcntl(peer, F_SETFL, O_NONBLOCK);
    n_connected = n_msgs = n_failed = 0;
    failed_in_send = false;
    stream_init(&st, sv[0], &stream_tcp_class, NULL, &owner, "test", 1, tx_limit);
    stream_start(&st);
}

static void
close_stream(void)
{
    stream_close(&st);
    pump();
    close(peer);
    peer = -1;
}

static void
msg(uint8_t *p, uint16_t len, uint32_t xid)
{
    memset(p, 0, len);
    p[0] = OFP13_VERSION;
    p[1] = OFPT13_ECHO_REQUEST;
    ofm_put16(p + 2, len);
    ofm_put32(p + 4, xid);
}

static void
test_framing(void)
{
    open_stream(1 << 20, 0);
    CU_ASSERT_EQUAL(n_connected, 1);
    uint8_t buf[8 + 100 + 20];
    msg(buf, 8, 1);
    msg(buf + 8, 100, 2);
    msg(buf + 108, 20, 3);
    /* Byte by byte for the first 30 bytes, then the rest at once. */
    for (size_t i = 0; i < 30; i++) {
        CU_ASSERT_EQUAL(write(peer, buf + i, 1), 1);
        pump();
    }
    CU_ASSERT_EQUAL(n_msgs, 1);
    CU_ASSERT_PTR_NOT_NULL(st.partial);       /* 22 bytes of message 2 kept. */
    CU_ASSERT_EQUAL(write(peer, buf + 30, sizeof buf - 30), (ssize_t) sizeof buf - 30);
    pump();
    CU_ASSERT_EQUAL_FATAL(n_msgs, 3);
    CU_ASSERT_EQUAL(xids[0], 1);
    CU_ASSERT_EQUAL(xids[1], 2);
    CU_ASSERT_EQUAL(xids[2], 3);
    CU_ASSERT_EQUAL(sizes[1], 100);
    CU_ASSERT_EQUAL(sizes[2], 20);
    CU_ASSERT_PTR_NULL(st.partial);           /* Ended on a boundary. */
    CU_ASSERT_EQUAL(st.bytes_in, sizeof buf);
    CU_ASSERT_EQUAL(n_failed, 0);
    close_stream();
}

static void
test_bad_length_and_eof(void)
{
    open_stream(1 << 20, 0);
    uint8_t bad[8];
    msg(bad, 8, 9);
    ofm_put16(bad + 2, 4);
    CU_ASSERT_EQUAL(write(peer, bad, 8), 8);
    pump();
    CU_ASSERT_EQUAL(n_msgs, 0);
    CU_ASSERT_EQUAL(n_failed, 1);
    CU_ASSERT_EQUAL(fail_reason, OFM_DISC_MALFORMED);
    CU_ASSERT(stream_is_closed(&st));
    close_stream();

    open_stream(1 << 20, 0);
    close(peer);
    peer = -1;
    pump();
    CU_ASSERT_EQUAL(n_failed, 1);
    CU_ASSERT_EQUAL(fail_reason, OFM_DISC_EOF);
    stream_close(&st);
}

/* The peer reads nothing: sends succeed until the queue passes its bound,
 * that send gets ENOBUFS and later ones ENOTCONN, and the owner hears of
 * the failure from the loop only. */
static void
test_queue_bound(void)
{
    open_stream(64 * 1024, 4096);
    uint8_t m[1024];
    msg(m, sizeof m, 7);
    int error = 0;
    int n = 0;
    while (!error && n < 10000) {
        in_send = true;
        error = stream_send(&st, m, sizeof m);
        in_send = false;
        n++;
        if (n % 8 == 0) {
            pump();             /* Let the loop write what the socket takes. */
        }
    }
    CU_ASSERT_EQUAL(error, ENOBUFS);
    CU_ASSERT(n > 64);          /* The socket took some, the queue the rest. */
    CU_ASSERT_EQUAL(stream_send(&st, m, sizeof m), ENOTCONN);
    CU_ASSERT_FALSE(failed_in_send);
    pump();
    CU_ASSERT_EQUAL(n_failed, 1);
    CU_ASSERT_EQUAL(fail_reason, OFM_DISC_SEND_QUEUE_FULL);
    CU_ASSERT_FALSE(failed_in_send);
    close(peer);
    peer = -1;
}

/* While the queue waits for the socket the stream reads nothing; once the
 * peer reads, the queue drains, its memory goes, and reading resumes. */
static void
test_backpressure(void)
{
    open_stream(16 << 20, 4096);
    static uint8_t big[256 * 1024];
    msg(big, 60000, 5);
    for (int i = 0; i < 4; i++) {
        CU_ASSERT_EQUAL(stream_send(&st, big, 60000), 0);
    }
    pump();
    CU_ASSERT(st.blocked);
    CU_ASSERT(stream_tx_queued(&st) > 0);
    uint8_t m[8];
    msg(m, 8, 42);
    CU_ASSERT_EQUAL(write(peer, m, 8), 8);
    pump();
    CU_ASSERT_EQUAL(n_msgs, 0);         /* Not read while backed up. */

    size_t got = 0;
    for (int tries = 0; tries < 1000 && got < 4 * 60000; tries++) {
        ssize_t r = read(peer, big, sizeof big);
        if (r > 0) {
            got += (size_t) r;
        }
        pump();
    }
    CU_ASSERT_EQUAL(got, 4 * 60000);
    CU_ASSERT_FALSE(st.blocked);
    CU_ASSERT_EQUAL(stream_tx_queued(&st), 0);
    CU_ASSERT_PTR_NULL(st.tx.data);     /* An idle stream holds no queue. */
    CU_ASSERT_EQUAL(n_msgs, 1);
    CU_ASSERT_EQUAL(xids[0], 42);
    CU_ASSERT_EQUAL(st.bytes_out, 4 * 60000);
    CU_ASSERT_EQUAL(n_failed, 0);
    close_stream();
}

/* ---- The owner hooks ofbench uses: read_done, writable, keep_reading. ---- */

static int n_read_done, n_writable;

static void
on_read_done(struct stream *s)
{
    n_read_done++;
}

/* Queues 4 KiB of ECHO_REQUESTs (64-byte messages) each time. */
static void
on_writable(struct stream *s)
{
    n_writable++;
    for (int i = 0; i < 64; i++) {
        msg(ofm_buf_put_uninit(stream_txbuf(s), 64), 64, 1000 + i);
    }
    stream_sent(s);
}

static const struct stream_owner hook_owner = {
    .connected = on_connected, .recv = on_recv, .failed = on_failed,
    .read_done = on_read_done, .writable = on_writable,
};

static void
test_hooks(void)
{
    int sv[2];
    CU_ASSERT_EQUAL_FATAL(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    int small = 16384;
    setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
    peer = sv[1];
    fcntl(peer, F_SETFL, O_NONBLOCK);
    n_connected = n_msgs = n_failed = n_read_done = n_writable = 0;
    stream_init(&st, sv[0], &stream_tcp_class, NULL, &hook_owner, "test", 1, 1 << 20);
    stream_keep_reading(&st);
    stream_start(&st);

    /* Three messages in one write: three recv() calls, one read_done(). */
    uint8_t buf[24];
    msg(buf, 8, 1);
    msg(buf + 8, 8, 2);
    msg(buf + 16, 8, 3);
    CU_ASSERT_EQUAL(write(peer, buf, sizeof buf), (ssize_t) sizeof buf);
    pump();
    CU_ASSERT_EQUAL(n_msgs, 3);
    CU_ASSERT_EQUAL(n_read_done, 1);

    /* writable(): called while the socket takes more, a few times per
     * event at most; once the peer stops reading, no more. */
    stream_want_writable(&st, true);
    ev_run(loop, EVRUN_NOWAIT);
    CU_ASSERT(n_writable >= 1 && n_writable <= 4);
    for (int i = 0; i < 50; i++) {
        pump();
    }
    int stalled = n_writable;
    CU_ASSERT(stalled < 50);                  /* Bounded by the socket. */
    pump();
    CU_ASSERT_EQUAL(n_writable, stalled);

    /* Backed up (a queue the socket cannot take), yet still reading. */
    static uint8_t big[60000];
    msg(big, sizeof big, 99);
    CU_ASSERT_EQUAL(stream_send(&st, big, sizeof big), 0);
    pump();
    CU_ASSERT(st.blocked);
    CU_ASSERT_EQUAL(write(peer, buf, 8), 8);
    pump();
    CU_ASSERT_EQUAL(n_msgs, 4);

    /* The peer reads: the queue drains and writable() is called again. */
    uint8_t sink[65536];
    for (int i = 0; i < 8; i++) {
        while (read(peer, sink, sizeof sink) > 0) {
            continue;
        }
        pump();
    }
    CU_ASSERT(n_writable > stalled);
    stream_want_writable(&st, false);
    pump();
    while (read(peer, sink, sizeof sink) > 0) {
        continue;
    }
    int stopped = n_writable;
    pump();
    CU_ASSERT_EQUAL(n_writable, stopped);
    CU_ASSERT_EQUAL(n_failed, 0);
    close_stream();
}

/* ---- A loop per thread (ofbench's workers): each has its own context. ---- */

static int thread_msgs;

static void
thread_recv(struct stream *s, const uint8_t *data, size_t size)
{
    thread_msgs++;
    stream_send(s, data, size);         /* Echo it back. */
}

static void
thread_failed(struct stream *s, enum ofm_disconnect_reason reason, const char *why)
{
    stream_close(s);
}

static void
thread_noop(struct stream *s)
{
}

static const struct stream_owner thread_owner = {
    .connected = thread_noop, .recv = thread_recv, .failed = thread_failed,
};

static void *
thread_main(void *fd_)
{
    struct ev_loop *tloop = ev_loop_new(EVFLAG_AUTO);
    stream_loop_start(tloop);
    struct stream ts;
    stream_init(&ts, *(int *) fd_, &stream_tcp_class, NULL, &thread_owner,
                "thread", 2, 1 << 20);
    stream_start(&ts);
    for (int i = 0; i < 2000 && thread_msgs < 10; i++) {
        ev_run(tloop, EVRUN_NOWAIT);
        usleep(1000);
    }
    for (int i = 0; i < 4; i++) {
        ev_run(tloop, EVRUN_NOWAIT);
    }
    stream_close(&ts);
    stream_loop_stop(tloop);
    ev_loop_destroy(tloop);
    return NULL;
}

static void
test_thread_loops(void)
{
    int sv[2];
    CU_ASSERT_EQUAL_FATAL(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    fcntl(sv[1], F_SETFL, O_NONBLOCK);
    thread_msgs = 0;
    pthread_t t;
    CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, thread_main, &sv[0]), 0);
    /* Meanwhile a stream of this thread's loop runs too. */
    open_stream(1 << 20, 0);
    uint8_t m[8];
    for (int i = 0; i < 10; i++) {
        msg(m, 8, i);
        CU_ASSERT_EQUAL(write(sv[1], m, 8), 8);
        CU_ASSERT_EQUAL(write(peer, m, 8), 8);
        pump();
    }
    pthread_join(t, NULL);
    CU_ASSERT_EQUAL(thread_msgs, 10);
    CU_ASSERT_EQUAL(n_msgs, 10);
    uint8_t back[80];
    size_t got = 0;
    ssize_t r;
    while (got < sizeof back && (r = read(sv[1], back + got, sizeof back - got)) > 0) {
        got += (size_t) r;
    }
    CU_ASSERT_EQUAL(got, sizeof back);          /* All ten echoed back. */
    close(sv[1]);
    close_stream();
}

int
main(void)
{
    signal(SIGPIPE, SIG_IGN);
    loop = ev_default_loop(0);
    stream_loop_start(loop);
    CU_initialize_registry();
    CU_pSuite s = CU_add_suite("stream", NULL, NULL);
    CU_add_test(s, "framing across reads", test_framing);
    CU_add_test(s, "bad length and EOF reported", test_bad_length_and_eof);
    CU_add_test(s, "queue bound reported from the loop", test_queue_bound);
    CU_add_test(s, "backpressure and idle memory", test_backpressure);
    CU_add_test(s, "read_done, writable, keep_reading", test_hooks);
    CU_add_test(s, "a loop per thread", test_thread_loops);
    int status = tu_run();
    stream_loop_stop(loop);
    return status;
}
