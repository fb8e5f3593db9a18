/* ofbench.c: an OpenFlow controller benchmark in the spirit of cbench.
 *
 * This file holds the command line, the phases of a run (handshake, delay
 * or idle hold, warm-up and test periods) and the output; the fake
 * switches are in ofbench-switch.c and the checks of what the controller
 * sends in ofbench-check.c.  See ofbench(1). */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "ofbench.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <netdb.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "ofm/ofp.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif

struct ofb_config ofb_cfg;
atomic_int ofb_phase;
atomic_uint ofb_tick;

static struct ofb_switch *switches;
static struct ofb_worker *workers;
static uint64_t *snap;          /* Per-switch responses at the last period
                                 * boundary. */
static double *rates;           /* Responses/s of each measured period. */
static uint32_t n_rates;
static uint32_t period;         /* Periods finished, warm-up included. */
static int64_t t_start;         /* When ofbench started connecting. */
static int64_t t_period;        /* Start of the current period. */
static int64_t t_handshake;     /* Handshake-all time, or -1. */
static long ctl_rss_before = -1, ctl_rss_handshake = -1, ctl_rss_end = -1;
static bool interrupted;
static bool failed;

static ev_timer poll_timer, delay_timer, period_timer, hold_timer;
static ev_signal sigint_watcher, sigterm_watcher;

/* Sums a counter over the workers. */
#define SUM(FIELD)                                                          \
    ({                                                                      \
        uint64_t sum_ = 0;                                                  \
        for (uint32_t i_ = 0; i_ < ofb_cfg.n_threads; i_++) {               \
            sum_ += atomic_load_explicit(&workers[i_].st.FIELD,             \
                                         memory_order_relaxed);             \
        }                                                                   \
        sum_;                                                               \
    })

static int64_t
max_time(size_t offset)
{
    int64_t max = 0;
    for (uint32_t i = 0; i < ofb_cfg.n_threads; i++) {
        atomic_int_fast64_t *t = (atomic_int_fast64_t *)
            ((char *) &workers[i].st + offset);
        int64_t v = atomic_load_explicit(t, memory_order_relaxed);
        max = v > max ? v : max;
    }
    return max;
}

static int64_t
first_connect(void)
{
    int64_t min = 0;
    for (uint32_t i = 0; i < ofb_cfg.n_threads; i++) {
        int64_t v = atomic_load_explicit(&workers[i].st.t_first_connect,
                                         memory_order_relaxed);
        if (v && (!min || v < min)) {
            min = v;
        }
    }
    return min;
}

static void
notify_all(void)
{
    for (uint32_t i = 0; i < ofb_cfg.n_threads; i++) {
        ofb_worker_notify(&workers[i]);
    }
}

/* Returns the resident set size of 'pid' (0: ourselves) in kB, the peak
 * instead if 'peak', or -1. */
static long
rss_kb(int pid, bool peak)
{
    char path[64], line[256];
    const char *key = peak ? "VmHWM:" : "VmRSS:";
    long kb = -1;

    if (pid) {
        snprintf(path, sizeof path, "/proc/%d/status", pid);
    } else {
        snprintf(path, sizeof path, "/proc/self/status");
    }
    FILE *f = fopen(path, "r");
    if (!f) {
        return -1;
    }
    while (fgets(line, sizeof line, f)) {
        if (!strncmp(line, key, strlen(key))) {
            kb = strtol(line + strlen(key), NULL, 10);
            break;
        }
    }
    fclose(f);
    return kb;
}

static void
stop(struct ev_loop *loop)
{
    ev_timer_stop(loop, &poll_timer);
    ev_timer_stop(loop, &delay_timer);
    ev_timer_stop(loop, &period_timer);
    ev_timer_stop(loop, &hold_timer);
    atomic_store_explicit(&ofb_phase, OFB_PH_STOP, memory_order_release);
    notify_all();
    ev_break(loop, EVBREAK_ALL);
}

static void
period_cb(struct ev_loop *loop, ev_timer *t, int revents)
{
    int64_t now = ofb_now_ns();
    uint64_t total = 0, min = UINT64_MAX, max = 0;

    for (uint32_t i = 0; i < ofb_cfg.n_switches; i++) {
        uint64_t r = atomic_load_explicit(&switches[i].responses,
                                          memory_order_relaxed);
        uint64_t d = r - snap[i];
        snap[i] = r;
        total += d;
        min = d < min ? d : min;
        max = d > max ? d : max;
    }
    double ms = (double) (now - t_period) / 1e6;
    double rate = ms > 0 ? total * 1000.0 / ms : 0;
    t_period = now;
    period++;

    char label[32];
    if (period <= ofb_cfg.warmup) {
        snprintf(label, sizeof label, "warm-up %u/%u", period, ofb_cfg.warmup);
    } else {
        rates[n_rates++] = rate;
        snprintf(label, sizeof label, "test %u/%u", n_rates, ofb_cfg.loops);
    }
    printf("%-3u switches: %s: %" PRIu64 " responses in %.1f ms = %.2f "
           "responses/s, per switch min/max = %" PRIu64 "/%" PRIu64
           ", total = %.6f per ms\n", ofb_cfg.n_switches, label, total, ms,
           rate, min, max, ms > 0 ? total / ms : 0.0);
    fflush(stdout);

    atomic_fetch_add_explicit(&ofb_tick, 1, memory_order_release);
    notify_all();
    if (period >= ofb_cfg.warmup + ofb_cfg.loops) {
        stop(loop);
    }
}

static void
start_tests(struct ev_loop *loop)
{
    for (uint32_t i = 0; i < ofb_cfg.n_switches; i++) {
        snap[i] = atomic_load_explicit(&switches[i].responses,
                                       memory_order_relaxed);
    }
    t_period = ofb_now_ns();
    atomic_store_explicit(&ofb_phase, OFB_PH_RUN, memory_order_release);
    notify_all();
    double p = ofb_cfg.period_ms / 1000.0;
    ev_timer_init(&period_timer, period_cb, p, p);
    ev_timer_start(loop, &period_timer);
}

static void
delay_cb(struct ev_loop *loop, ev_timer *t, int revents)
{
    start_tests(loop);
}

static void
hold_cb(struct ev_loop *loop, ev_timer *t, int revents)
{
    if (ofb_cfg.controller_pid) {
        ctl_rss_end = rss_kb(ofb_cfg.controller_pid, false);
    }
    stop(loop);
}

static void
handshake_done(struct ev_loop *loop, int64_t last)
{
    uint64_t lost = SUM(n_lost);
    int64_t first = first_connect();
    t_handshake = last > first ? last - first : 0;

    printf("handshake: %" PRIu64 " of %u switches in %.3f ms (first connect "
           "to last handshake complete)%s\n",
           ofb_cfg.n_switches - lost, ofb_cfg.n_switches, t_handshake / 1e6,
           SUM(n_portdesc) ? ", PORT_DESC included" : "");
    fflush(stdout);
    if (ofb_cfg.controller_pid) {
        ctl_rss_handshake = rss_kb(ofb_cfg.controller_pid, false);
    }

    atomic_store_explicit(&ofb_phase, OFB_PH_WAIT, memory_order_release);
    if (ofb_cfg.mode == OFB_IDLE) {
        printf("idle: holding %" PRIu64 " switches for %u s\n",
               ofb_cfg.n_switches - lost, ofb_cfg.hold_s);
        fflush(stdout);
        if (ofb_cfg.hold_s) {
            ev_timer_init(&hold_timer, hold_cb, ofb_cfg.hold_s, 0);
            ev_timer_start(loop, &hold_timer);
        }
    } else if (ofb_cfg.delay_ms) {
        ev_timer_init(&delay_timer, delay_cb, ofb_cfg.delay_ms / 1000.0, 0);
        ev_timer_start(loop, &delay_timer);
    } else {
        start_tests(loop);
    }
}

/* Every 10 ms during the handshake: is every switch through it? */
static void
poll_cb(struct ev_loop *loop, ev_timer *t, int revents)
{
    uint32_t n = ofb_cfg.n_switches;
    uint64_t lost = SUM(n_lost);
    uint64_t lost_hs = SUM(n_lost_handshake);
    uint64_t features = SUM(n_features);
    uint64_t pd_req = SUM(n_portdesc_req);
    int64_t now = ofb_now_ns();

    if (lost == n) {
        fprintf(stderr, "ofbench: all %u switches failed or were "
                "disconnected (controller %s port %s)\n",
                n, ofb_cfg.host, ofb_cfg.port);
        failed = true;
        stop(loop);
        return;
    }
    if (features + lost_hs == n) {
        int64_t last_f = max_time(offsetof(struct ofb_stats, t_last_features));
        if (ofb_cfg.version == OFP10_VERSION) {
            ev_timer_stop(loop, t);
            handshake_done(loop, last_f);
            return;
        }
        if (!pd_req) {
            /* OpenFlow 1.3 and no PORT_DESC request yet: after the settle
             * time, conclude the controller asks for none. */
            if (now - last_f >= (int64_t) ofb_cfg.settle_ms * 1000000) {
                ev_timer_stop(loop, t);
                handshake_done(loop, last_f);
                return;
            }
        } else {
            /* Switches lost before their PORT_DESC count as done. */
            uint64_t pd = SUM(n_portdesc);
            if (pd + SUM(n_lost_no_portdesc) >= n) {
                int64_t last_p = max_time(offsetof(struct ofb_stats,
                                                   t_last_portdesc));
                ev_timer_stop(loop, t);
                handshake_done(loop, last_p > last_f ? last_p : last_f);
                return;
            }
        }
    }
    if (now - t_start > (int64_t) ofb_cfg.timeout_s * 1000000000) {
        fprintf(stderr, "ofbench: handshake incomplete after %u s: %" PRIu64
                " of %u switches connected, %" PRIu64 " sent FEATURES_REPLY, "
                "%" PRIu64 " were asked for PORT_DESC, %" PRIu64 " lost\n",
                ofb_cfg.timeout_s, SUM(n_connected), n, features, pd_req,
                lost);
        failed = true;
        stop(loop);
    }
}

static void
signal_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
    interrupted = true;
    if (ofb_cfg.mode == OFB_IDLE && ofb_cfg.controller_pid) {
        ctl_rss_end = rss_kb(ofb_cfg.controller_pid, false);
    }
    stop(loop);
}

/* ---- Command line. ---- */

static void
usage(void)
{
    printf("\
usage: ofbench [OPTIONS]\n\
OpenFlow controller benchmark: fake switches send PACKET_INs to a controller\n\
and count its FLOW_MOD and PACKET_OUT responses per second.\n\
\n\
  -c, --controller HOST    controller host name or address (localhost)\n\
  -p, --port PORT          controller TCP port (6653)\n\
  -s, --switches N         number of fake switches (16)\n\
  -M, --macs N             distinct source MACs per switch (100000)\n\
  -m, --ms-per-test MS     length of each test period (1000)\n\
  -l, --loops N            measured test periods; 0 means --idle (16)\n\
  -w, --warmup N           periods run and discarded first (1)\n\
  -t, --throughput         throughput mode (default: latency mode)\n\
  -W, --window N           throughput mode: PACKET_INs outstanding per\n\
                           switch; 0 keeps the socket buffer full (0)\n\
  -V, --of-version V       OpenFlow version, 1.0 or 1.3 (1.0)\n\
  -D, --delay MS           wait after the handshake before testing (0)\n\
  -T, --threads N          worker threads (1)\n\
      --idle               connect, complete the handshake, then only\n\
                           answer the controller for --hold seconds\n\
      --hold SECONDS       idle mode: how long to stay connected; 0 until\n\
                           interrupted (10)\n\
      --ports N            ports per fake switch (4)\n\
      --connect-window N   switches connecting at once, until the\n\
                           controller's HELLO; 0 for all (8)\n\
      --timeout SECONDS    give up if the handshake takes longer (60)\n\
      --settle MS          OpenFlow 1.3: how long to wait for PORT_DESC\n\
                           requests after the last FEATURES_REPLY (200)\n\
      --echo SECONDS       each switch sends an ECHO_REQUEST this often (0)\n\
      --controller-pid PID report this process's RSS (idle mode)\n\
  -v, --verbose            print the options in effect\n\
  -h, --help               print this help and exit\n\
      --version            print the version and exit\n\
\n\
The last line is cbench's:\n\
RESULT: N switches L tests min/max/avg/stdev = a/b/c/d responses/s\n");
}

static uint32_t
parse_uint(const char *opt, const char *arg, uint32_t min, uint32_t max)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(arg, &end, 10);
    if (errno || end == arg || *end || arg[0] == '-' || v < min || v > max) {
        fprintf(stderr, "ofbench: %s: '%s' is not a number from %u to %u\n",
                opt, arg, min, max);
        exit(1);
    }
    return (uint32_t) v;
}

enum {
    OPT_IDLE = 256, OPT_HOLD, OPT_PORTS, OPT_CONNECT_WINDOW, OPT_TIMEOUT,
    OPT_SETTLE, OPT_PID, OPT_VERSION, OPT_ECHO,
};

static void
parse_options(int argc, char *argv[])
{
    static const struct option longopts[] = {
        { "controller", required_argument, NULL, 'c' },
        { "port", required_argument, NULL, 'p' },
        { "switches", required_argument, NULL, 's' },
        { "macs", required_argument, NULL, 'M' },
        { "ms-per-test", required_argument, NULL, 'm' },
        { "loops", required_argument, NULL, 'l' },
        { "warmup", required_argument, NULL, 'w' },
        { "throughput", no_argument, NULL, 't' },
        { "window", required_argument, NULL, 'W' },
        { "of-version", required_argument, NULL, 'V' },
        { "delay", required_argument, NULL, 'D' },
        { "threads", required_argument, NULL, 'T' },
        { "idle", no_argument, NULL, OPT_IDLE },
        { "hold", required_argument, NULL, OPT_HOLD },
        { "ports", required_argument, NULL, OPT_PORTS },
        { "connect-window", required_argument, NULL, OPT_CONNECT_WINDOW },
        { "timeout", required_argument, NULL, OPT_TIMEOUT },
        { "settle", required_argument, NULL, OPT_SETTLE },
        { "controller-pid", required_argument, NULL, OPT_PID },
        { "echo", required_argument, NULL, OPT_ECHO },
        { "verbose", no_argument, NULL, 'v' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, OPT_VERSION },
        { NULL, 0, NULL, 0 },
    };
    struct ofb_config *c = &ofb_cfg;
    bool throughput = false, idle = false;
    int opt;

    c->host = "localhost";
    c->port = "6653";
    c->n_switches = 16;
    c->n_macs = 100000;
    c->period_ms = 1000;
    c->loops = 16;
    c->warmup = 1;
    c->version = OFP10_VERSION;
    c->n_threads = 1;
    c->hold_s = 10;
    c->n_ports = 4;
    c->connect_window = 8;
    c->timeout_s = 60;
    c->settle_ms = 200;

    while ((opt = getopt_long(argc, argv, "c:p:s:M:m:l:w:tW:V:D:T:vh",
                              longopts, NULL)) != -1) {
        switch (opt) {
        case 'c':
            c->host = optarg;
            break;
        case 'p':
            parse_uint("-p", optarg, 1, 65535);
            c->port = optarg;
            break;
        case 's':
            c->n_switches = parse_uint("-s", optarg, 1, 1000000);
            break;
        case 'M':
            c->n_macs = parse_uint("-M", optarg, 1, UINT32_MAX);
            break;
        case 'm':
            c->period_ms = parse_uint("-m", optarg, 1, 3600000);
            break;
        case 'l':
            c->loops = parse_uint("-l", optarg, 0, 1000000);
            break;
        case 'w':
            c->warmup = parse_uint("-w", optarg, 0, 1000000);
            break;
        case 't':
            throughput = true;
            break;
        case 'W':
            c->window = parse_uint("-W", optarg, 0, 1000000);
            break;
        case 'V':
            if (!strcmp(optarg, "1.0") || !strcmp(optarg, "1")) {
                c->version = OFP10_VERSION;
            } else if (!strcmp(optarg, "1.3")) {
                c->version = OFP13_VERSION;
            } else {
                fprintf(stderr, "ofbench: -V: '%s': use 1.0 or 1.3\n", optarg);
                exit(1);
            }
            break;
        case 'D':
            c->delay_ms = parse_uint("-D", optarg, 0, 3600000);
            break;
        case 'T':
            c->n_threads = parse_uint("-T", optarg, 1, 256);
            break;
        case OPT_IDLE:
            idle = true;
            break;
        case OPT_HOLD:
            c->hold_s = parse_uint("--hold", optarg, 0, 31536000);
            break;
        case OPT_PORTS:
            c->n_ports = parse_uint("--ports", optarg, 1, 512);
            break;
        case OPT_CONNECT_WINDOW:
            c->connect_window = parse_uint("--connect-window", optarg, 0,
                                           1000000);
            break;
        case OPT_TIMEOUT:
            c->timeout_s = parse_uint("--timeout", optarg, 1, 86400);
            break;
        case OPT_SETTLE:
            c->settle_ms = parse_uint("--settle", optarg, 0, 600000);
            break;
        case OPT_ECHO:
            c->echo_s = parse_uint("--echo", optarg, 0, 86400);
            break;
        case OPT_PID:
            c->controller_pid = (int) parse_uint("--controller-pid", optarg,
                                                 1, INT_MAX);
            break;
        case 'v':
            c->verbose = true;
            break;
        case 'h':
            usage();
            exit(0);
        case OPT_VERSION:
            printf("ofbench (ofmanager) %s\n", PACKAGE_VERSION);
            exit(0);
        default:
            fprintf(stderr, "Try 'ofbench --help'.\n");
            exit(1);
        }
    }
    if (optind < argc) {
        fprintf(stderr, "ofbench: unexpected argument '%s'\n", argv[optind]);
        exit(1);
    }
    c->mode = idle || !c->loops ? OFB_IDLE
              : throughput ? OFB_THROUGHPUT : OFB_LATENCY;
    if (c->window && c->mode != OFB_THROUGHPUT) {
        fprintf(stderr, "ofbench: -W needs -t\n");
        exit(1);
    }
    if (c->n_threads > c->n_switches) {
        c->n_threads = c->n_switches;
    }
}

/* Resolves the controller's address, preferring IPv4 as cbench does. */
static void
resolve(void)
{
    struct addrinfo hints, *res, *ai, *pick = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    int err = getaddrinfo(ofb_cfg.host, ofb_cfg.port, &hints, &res);
    if (err) {
        fprintf(stderr, "ofbench: %s: %s\n", ofb_cfg.host, gai_strerror(err));
        exit(1);
    }
    for (ai = res; ai; ai = ai->ai_next) {
        if (ai->ai_family == AF_INET) {
            pick = ai;
            break;
        }
    }
    if (!pick) {
        pick = res;
    }
    memcpy(&ofb_cfg.addr, pick->ai_addr, pick->ai_addrlen);
    ofb_cfg.addrlen = pick->ai_addrlen;
    freeaddrinfo(res);
}

static const char *
addr_string(char *buf, size_t size)
{
    const struct sockaddr_in *sin = (const void *) &ofb_cfg.addr;
    const struct sockaddr_in6 *sin6 = (const void *) &ofb_cfg.addr;
    const void *a = (ofb_cfg.addr.ss_family == AF_INET
                     ? (const void *) &sin->sin_addr
                     : (const void *) &sin6->sin6_addr);
    if (!inet_ntop(ofb_cfg.addr.ss_family, a, buf, (socklen_t) size)) {
        snprintf(buf, size, "%s", ofb_cfg.host);
    }
    return buf;
}

/* One descriptor per switch plus a few for each loop and stdio. */
static void
raise_fd_limit(void)
{
    rlim_t need = (rlim_t) ofb_cfg.n_switches + 32 + 4 * ofb_cfg.n_threads;
    struct rlimit rl;

    if (getrlimit(RLIMIT_NOFILE, &rl) < 0) {
        perror("ofbench: getrlimit");
        exit(1);
    }
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur >= need) {
        return;
    }
    struct rlimit want = rl;
    want.rlim_cur = need;
    if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < need) {
        want.rlim_max = need;
    }
    if (setrlimit(RLIMIT_NOFILE, &want) < 0) {
        fprintf(stderr, "ofbench: %u switches need %llu file descriptors but "
                "RLIMIT_NOFILE is %llu (hard limit %llu) and raising it "
                "failed: %s; raise it (ulimit -n) or use fewer switches\n",
                ofb_cfg.n_switches, (unsigned long long) need,
                (unsigned long long) rl.rlim_cur,
                (unsigned long long) rl.rlim_max, strerror(errno));
        exit(1);
    }
    if (ofb_cfg.verbose) {
        printf("   raised RLIMIT_NOFILE from %llu to %llu\n",
               (unsigned long long) rl.rlim_cur, (unsigned long long) need);
    }
}

static void
banner(void)
{
    const struct ofb_config *c = &ofb_cfg;
    char addr[64];

    printf("ofbench: OpenFlow controller benchmark (ofmanager %s)\n",
           PACKAGE_VERSION);
    if (c->mode == OFB_IDLE) {
        printf("   running in mode 'idle' for %u s\n", c->hold_s);
    } else if (c->mode == OFB_THROUGHPUT) {
        if (c->window) {
            printf("   running in mode 'throughput', window %u per switch\n",
                   c->window);
        } else {
            printf("   running in mode 'throughput', window: socket buffer\n");
        }
    } else {
        printf("   running in mode 'latency'\n");
    }
    printf("   connecting to controller at %s (%s) port %s with OpenFlow %s\n",
           c->host, addr_string(addr, sizeof addr), c->port,
           c->version == OFP10_VERSION ? "1.0" : "1.3");
    printf("   faking %u switches with %u ports, %u unique source MACs "
           "each, %u thread%s\n", c->n_switches, c->n_ports, c->n_macs,
           c->n_threads, c->n_threads == 1 ? "" : "s");
    if (c->mode != OFB_IDLE) {
        printf("   %u tests of %u ms after %u warm-up, starting %u ms after "
               "the handshake\n", c->loops, c->period_ms, c->warmup,
               c->delay_ms);
    }
    if (c->verbose) {
        printf("   connect window %u, handshake timeout %u s, settle %u ms\n",
               c->connect_window, c->timeout_s, c->settle_ms);
    }
    fflush(stdout);
}

static void
summary(void)
{
    uint64_t malformed = SUM(malformed), fm = SUM(malformed_fm);
    uint64_t po = SUM(malformed_po), unexpected = SUM(unexpected);
    uint64_t lost = SUM(n_lost);

    if (ofb_cfg.mode != OFB_IDLE) {
        printf("requests: %" PRIu64 " PACKET_INs sent, %" PRIu64
               " responses counted, %" PRIu64 " lost (no answer for a "
               "whole period)\n", SUM(packet_ins), SUM(responses), SUM(lost));
    }
    printf("messages: %" PRIu64 " received, %" PRIu64 " malformed (FLOW_MOD %"
           PRIu64 ", PACKET_OUT %" PRIu64 ", other %" PRIu64 "), %" PRIu64
           " unexpected (ERROR %" PRIu64 "), %" PRIu64 " not counted\n",
           SUM(messages), malformed, fm, po, malformed - fm - po, unexpected,
           SUM(errors), SUM(uncounted));
    printf("switches: %u, %" PRIu64 " connected at the end, %" PRIu64
           " lost\n", ofb_cfg.n_switches, ofb_cfg.n_switches - lost, lost);
    printf("echo: %" PRIu64 " ECHO_REQUESTs from the controller answered",
           SUM(echo_answered));
    if (ofb_cfg.echo_s) {
        printf("; %" PRIu64 " sent every %u s, %" PRIu64 " answered, %" PRIu64
               " unanswered by the next", SUM(echo_sent), ofb_cfg.echo_s,
               SUM(echo_replies), SUM(echo_missed));
    }
    printf("\n");
    if (t_handshake >= 0) {
        printf("handshake-all: %.3f ms for %u switches\n", t_handshake / 1e6,
               ofb_cfg.n_switches);
    }
    if (ofb_cfg.controller_pid) {
        printf("controller RSS (pid %d): %ld kB before, %ld kB after the "
               "handshake, %ld kB at the end", ofb_cfg.controller_pid,
               ctl_rss_before, ctl_rss_handshake, ctl_rss_end);
        long after = ctl_rss_end >= 0 ? ctl_rss_end : ctl_rss_handshake;
        if (ctl_rss_before >= 0 && after >= 0) {
            printf(": %.0f bytes per switch",
                   (after - ctl_rss_before) * 1024.0 / ofb_cfg.n_switches);
        }
        printf("\n");
    }
    long rss = rss_kb(0, false), peak = rss_kb(0, true);
    printf("ofbench RSS: %ld kB (peak %ld kB)\n", rss,
           peak > rss ? peak : rss);

    if (ofb_cfg.mode != OFB_IDLE && n_rates) {
        double min = rates[0], max = rates[0], sum = 0, sq = 0;
        for (uint32_t i = 0; i < n_rates; i++) {
            min = rates[i] < min ? rates[i] : min;
            max = rates[i] > max ? rates[i] : max;
            sum += rates[i];
        }
        double avg = sum / n_rates;
        for (uint32_t i = 0; i < n_rates; i++) {
            sq += (rates[i] - avg) * (rates[i] - avg);
        }
        printf("RESULT: %u switches %u tests min/max/avg/stdev = "
               "%.2f/%.2f/%.2f/%.2f responses/s\n", ofb_cfg.n_switches,
               n_rates, min, max, avg, sqrt(sq / n_rates));
    }
    fflush(stdout);
}

int
main(int argc, char *argv[])
{
    parse_options(argc, argv);
    resolve();
    banner();
    raise_fd_limit();
    signal(SIGPIPE, SIG_IGN);

    uint32_t n = ofb_cfg.n_switches, t = ofb_cfg.n_threads;
    switches = calloc(n, sizeof *switches);
    workers = aligned_alloc(64, sizeof *workers * t);
    snap = calloc(n, sizeof *snap);
    rates = calloc(ofb_cfg.loops ? ofb_cfg.loops : 1, sizeof *rates);
    if (!switches || !workers || !snap || !rates) {
        fprintf(stderr, "ofbench: out of memory\n");
        return 1;
    }
    t_handshake = -1;

    struct ev_loop *loop = EV_DEFAULT;
    if (!loop) {
        fprintf(stderr, "ofbench: cannot initialize libev\n");
        return 1;
    }
    if (ofb_cfg.controller_pid) {
        ctl_rss_before = rss_kb(ofb_cfg.controller_pid, false);
        if (ctl_rss_before < 0) {
            fprintf(stderr, "ofbench: cannot read the RSS of pid %d\n",
                    ofb_cfg.controller_pid);
        }
    }

    /* Workers' threads must not take the signals the main loop handles. */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    uint32_t cw = ofb_cfg.connect_window;
    for (uint32_t i = 0; i < t; i++) {
        uint32_t first = (uint32_t) ((uint64_t) n * i / t);
        uint32_t last = (uint32_t) ((uint64_t) n * (i + 1) / t);
        int err = ofb_worker_init(&workers[i], switches, first, last - first,
                                  t > 1, loop);
        if (err) {
            fprintf(stderr, "ofbench: worker %u: %s\n", i, strerror(err));
            return 1;
        }
        workers[i].connect_window = cw ? (cw + t - 1) / t : 0;
    }
    t_start = ofb_now_ns();
    for (uint32_t i = 0; i < t; i++) {
        int err = ofb_worker_start(&workers[i]);
        if (err) {
            fprintf(stderr, "ofbench: starting worker %u: %s\n", i,
                    strerror(err));
            return 1;
        }
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);

    ev_signal_init(&sigint_watcher, signal_cb, SIGINT);
    ev_signal_start(loop, &sigint_watcher);
    ev_signal_init(&sigterm_watcher, signal_cb, SIGTERM);
    ev_signal_start(loop, &sigterm_watcher);
    ev_timer_init(&poll_timer, poll_cb, 0.01, 0.01);
    ev_timer_start(loop, &poll_timer);

    ev_run(loop, 0);

    ev_signal_stop(loop, &sigint_watcher);
    ev_signal_stop(loop, &sigterm_watcher);
    for (uint32_t i = 0; i < t; i++) {
        ofb_worker_destroy(&workers[i]);
    }
    if (interrupted) {
        fprintf(stderr, "ofbench: interrupted\n");
    }
    summary();

    uint64_t bad = SUM(malformed) + SUM(unexpected) + SUM(n_lost);
    free(switches);
    free(workers);
    free(snap);
    free(rates);
    ev_loop_destroy(loop);
    return failed || interrupted ? 1 : bad ? 2 : 0;
}
