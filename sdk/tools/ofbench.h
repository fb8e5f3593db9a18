/* ofbench.h: private declarations shared by the files of ofbench, the
 * OpenFlow controller benchmark.
 *
 * Objects:
 *
 *   main thread (ofbench.c)            workers (ofbench-switch.c)
 *   options, phases, periods,   --->   one libev loop each, owning a
 *   output; reads the counters         contiguous slice of the fake
 *   the workers publish                switches (struct ofb_switch)
 *
 * With one worker (the default) the worker's loop is the main loop and no
 * thread is started.  The main thread talks to workers only through the
 * global phase and tick (atomics) and each worker's ev_async; workers talk
 * back only through their struct ofb_stats and the per-switch response
 * counters, all written by exactly one thread with relaxed atomics, so
 * nothing on the hot path takes a lock. */
#ifndef OFBENCH_H
#define OFBENCH_H 1

#include <ev.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "stream.h"

enum ofb_mode {
    OFB_LATENCY,        /* One PACKET_IN outstanding per switch. */
    OFB_THROUGHPUT,     /* A window of them (or the socket buffer full). */
    OFB_IDLE,           /* Handshake, then only answer the controller. */
};

/* Everything the command line sets.  Read-only once the workers start. */
struct ofb_config {
    const char *host;
    const char *port;
    uint32_t n_switches;
    uint32_t n_macs;            /* Distinct source MACs per switch. */
    uint32_t period_ms;
    uint32_t loops;             /* Measured periods. */
    uint32_t warmup;            /* Periods run and discarded before them. */
    enum ofb_mode mode;
    uint32_t window;            /* Throughput mode; 0: fill the socket. */
    uint8_t version;            /* OFP10_VERSION or OFP13_VERSION. */
    uint32_t delay_ms;          /* After the handshake, before the tests. */
    uint32_t n_threads;
    uint32_t hold_s;            /* Idle mode: seconds to stay connected. */
    uint32_t n_ports;           /* Ports each fake switch reports. */
    uint32_t connect_window;    /* Switches connecting at once (until the
                                 * controller's HELLO); 0: all. */
    uint32_t timeout_s;         /* Give up on the handshake after this. */
    uint32_t settle_ms;         /* 1.3: wait for PORT_DESC requests. */
    uint32_t echo_s;            /* Send ECHO_REQUESTs this often; 0: never. */
    int controller_pid;         /* Report this process's RSS; 0: none. */
    bool verbose;
    struct sockaddr_storage addr;
    socklen_t addrlen;
};

extern struct ofb_config ofb_cfg;

/* Phases, advanced only by the main thread. */
enum ofb_phase {
    OFB_PH_HANDSHAKE,   /* Connecting and answering the handshake. */
    OFB_PH_WAIT,        /* Handshake done; -D delay or idle hold. */
    OFB_PH_RUN,         /* Sending PACKET_INs. */
    OFB_PH_STOP,        /* Workers leave their loops. */
};

extern atomic_int ofb_phase;
extern atomic_uint ofb_tick;    /* Incremented at each period boundary. */

/* Per-worker counters, written only by the worker, read by the main thread
 * with relaxed loads.  Times are nanoseconds of CLOCK_MONOTONIC. */
struct ofb_stats {
    atomic_uint_fast64_t responses;     /* Counted FLOW_MOD + PACKET_OUT. */
    atomic_uint_fast64_t packet_ins;    /* PACKET_INs sent in the tests. */
    atomic_uint_fast64_t messages;      /* Messages received, all kinds. */
    atomic_uint_fast64_t malformed;     /* All malformed messages... */
    atomic_uint_fast64_t malformed_fm;  /* ...of which FLOW_MODs... */
    atomic_uint_fast64_t malformed_po;  /* ...and PACKET_OUTs. */
    atomic_uint_fast64_t unexpected;    /* Well-formed, not for a switch. */
    atomic_uint_fast64_t errors;        /* ERROR messages (also unexpected). */
    atomic_uint_fast64_t uncounted;     /* Well-formed FLOW_MOD/PACKET_OUT
                                         * not counted (DELETE, LLDP, before
                                         * the tests). */
    atomic_uint_fast64_t lost;          /* Requests given up (stalled). */
    atomic_uint_fast64_t echo_answered; /* Controller's ECHO_REQUESTs. */
    atomic_uint_fast64_t echo_sent;     /* Our ECHO_REQUESTs... */
    atomic_uint_fast64_t echo_replies;  /* ...answered... */
    atomic_uint_fast64_t echo_missed;   /* ...and unanswered at the next. */
    atomic_uint n_connected;            /* TCP connection established. */
    atomic_uint n_features;             /* FEATURES_REPLY sent. */
    atomic_uint n_portdesc_req;         /* PORT_DESC requests received. */
    atomic_uint n_portdesc;             /* PORT_DESC replies sent (first). */
    atomic_uint n_lost;                 /* Connections failed or closed, */
    atomic_uint n_lost_handshake;       /* of which before FEATURES_REPLY, */
    atomic_uint n_lost_no_portdesc;     /* of which with no PORT_DESC reply. */
    atomic_int_fast64_t t_first_connect;
    atomic_int_fast64_t t_last_features;
    atomic_int_fast64_t t_last_portdesc;
};

/* One fake switch.  Owned by its worker; the main thread reads only
 * 'responses'. */
struct ofb_switch {
    struct stream st;           /* Once connected (first: the callbacks
                                 * cast a stream to its switch). */
    ev_io cio;                  /* The connect() in progress. */
    struct ofb_worker *w;
    atomic_uint_fast64_t responses;
    uint32_t id;                /* Index; the datapath id is id + 1. */
    uint32_t xid;
    uint32_t mac;               /* Next source MAC index. */
    uint32_t buffer_id;
    uint32_t outstanding;       /* PACKET_INs not answered yet. */
    uint32_t answers;           /* FLOW_MODs and PACKET_OUTs received in the
                                 * tests, counted or malformed. */
    uint32_t answers_at_tick;   /* 'answers' at the last tick. */
    uint16_t cfg_flags;         /* Last SET_CONFIG. */
    uint16_t miss_send_len;
    uint8_t state;              /* enum in ofbench-switch.c */
    uint8_t flags;
};

struct ofb_worker {
    struct ev_loop *loop;
    pthread_t thread;
    ev_async wake;
    ev_timer echo;              /* --echo keepalive. */
    struct ofb_switch *sw;      /* This worker's switches... */
    uint32_t n_sw;              /* ...and how many. */
    uint32_t next_connect;      /* Index of the next switch to connect. */
    uint32_t connecting;        /* Connecting, or connected without the
                                 * controller's HELLO yet. */
    uint32_t connect_window;
    unsigned tick;              /* Last ofb_tick acted on. */
    bool running;               /* Saw OFB_PH_RUN. */
    bool own_thread;
    struct ofb_stats st;
} __attribute__((aligned(64)));

/* ofbench-switch.c */

/* Initializes worker 'w' over switches [first, first + n) of 'all',
 * creating its own loop if 'own_thread', else using 'loop'.  Returns 0 or
 * an errno value. */
int ofb_worker_init(struct ofb_worker *w, struct ofb_switch *all,
                    uint32_t first, uint32_t n, bool own_thread,
                    struct ev_loop *loop);
/* Starts connecting w's switches (in its own thread if it has one).
 * Returns 0 or an errno value. */
int ofb_worker_start(struct ofb_worker *w);
/* Asks a worker to look at the phase and tick again. Thread-safe. */
void ofb_worker_notify(struct ofb_worker *w);
/* Waits for a worker's thread to end (after OFB_PH_STOP), closes its
 * sockets and frees what it allocated. */
void ofb_worker_destroy(struct ofb_worker *w);

/* Returns CLOCK_MONOTONIC in nanoseconds. */
int64_t ofb_now_ns(void);

/* Prints a diagnostic line for datapath 'dpid' to stderr, at most
 * 'OFB_MAX_REPORTS' of each kind in a run. */
enum ofb_report_kind { OFB_REP_MALFORMED, OFB_REP_UNEXPECTED, OFB_REP_LOST,
                       OFB_REP_N };
void ofb_report(enum ofb_report_kind, uint64_t dpid, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#define OFB_MAX_REPORTS 10

/* ofbench-check.c: checks of messages received from the controller.  Each
 * returns NULL when the message 'msg' of 'len' bytes (its header included,
 * 'len' already checked against the header's length field) is well-formed
 * for OpenFlow 'version', otherwise a short static description of the
 * first problem found. */

/* FLOW_MOD: on success stores the command in '*command'. */
const char *ofb_check_flow_mod(const uint8_t *msg, size_t len,
                               uint8_t version, uint16_t *command);
/* PACKET_OUT: on success stores in '*lldp' whether the packet it carries is
 * an LLDP frame. */
const char *ofb_check_packet_out(const uint8_t *msg, size_t len,
                                 uint8_t version, bool *lldp);

#endif /* ofbench.h */
