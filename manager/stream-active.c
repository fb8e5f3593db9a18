/* Connections the manager opens itself, to switches that listen (an Open
 * vSwitch bridge with a "ptcp:" or "pssl:" controller): one per entry of
 * --ofp-switch-address-list, over TCP or TLS ("ssl:" entries).  A refused
 * or lost connection is tried again after --ofp-switch-connect-interval
 * seconds, the wait doubling up to four times that while the switch stays
 * away, forever.  The log gets a line when the state changes (connected,
 * or failing for a new reason), not one per try.
 *
 * A try goes: resolve the name, connect to each address it gave in turn,
 * then for "ssl:" the TLS handshake, which checks that the switch's
 * certificate is for the name (or address) given; only then is the
 * connection handed to the OpenFlow session.  Doing the handshake here
 * keeps a switch that keeps failing it (wrong certificate) to one log
 * line, like one that keeps refusing the connection.
 *
 * Nothing here blocks the loop.  Names are resolved by a short-lived
 * thread each (getaddrinfo() may wait seconds for a DNS server), which
 * hands the result back through an ev_async watcher; numeric addresses
 * are taken at once. */
#include <config.h>
#include "manager.h"
#include "stream.h"
#include "stream-tls.h"

#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* A name being resolved.  Shared with its thread under 'resolve_lock':
 * whichever of the two lets go of it last frees it. */
struct resolve_job {
    char *host;
    char port[8];
    struct addrinfo *ai;        /* The result... */
    int gai;                    /* ...or getaddrinfo()'s error, */
    int sys_error;              /* with errno for EAI_SYSTEM. */
    bool done;                  /* The thread finished. */
    bool abandoned;             /* No one waits for it any more. */
};

struct active {
    char *spec;                 /* As given, for log lines. */
    char *host;
    int port;
    bool tls;
    struct resolve_job *job;    /* Resolving, or NULL. */
    struct addrinfo *addrs;     /* The addresses to try... */
    struct addrinfo *next_addr; /* ...and the next one. */
    int fd;                     /* A connect() or handshake in progress, or -1. */
    void *ssl;                  /* The TLS handshake in progress, or NULL. */
    ev_io cio;                  /* connect() finished, or handshake I/O. */
    ev_timer deadline;          /* Bounds the TLS handshake. */
    ev_timer retry;
    double wait;                /* Before the next try. */
    char *last_why;             /* Why the last try failed; NULL after success. */
    bool connected;
};

static struct active *actives;
static size_t n_actives;
static bool stopping;

static pthread_mutex_t resolve_lock = PTHREAD_MUTEX_INITIALIZER;
static ev_async resolve_wake;
static bool wake_started;

static void try_connect(struct active *);
static void connect_next(struct active *, int error);

static void
schedule_retry(struct active *a)
{
    ev_timer_stop(mgr_loop, &a->retry);
    ev_timer_set(&a->retry, a->wait, 0);
    ev_timer_start(mgr_loop, &a->retry);
    double max = 4 * mgr_settings.connect_interval;
    a->wait = a->wait * 2 > max ? max : a->wait * 2;
}

/* Drops what the try in progress holds (not the job: see abandon_job()). */
static void
end_try(struct active *a)
{
    ev_io_stop(mgr_loop, &a->cio);
    ev_timer_stop(mgr_loop, &a->deadline);
    if (a->ssl) {
        stream_tls_free(a->ssl);
        a->ssl = NULL;
    }
    if (a->fd >= 0) {
        close(a->fd);
        a->fd = -1;
    }
    if (a->addrs) {
        freeaddrinfo(a->addrs);
        a->addrs = a->next_addr = NULL;
    }
}

/* The try failed for 'why': logged if the reason changed, tried again. */
static void
try_failed(struct active *a, const char *why)
{
    end_try(a);
    if (!a->last_why || strcmp(why, a->last_why)) {
        ofm_log(MGR_NAME, OFM_LOG_WARNING, "cannot connect to switch at %s: %s "
                "(trying again every %g s or so)", a->spec, why,
                mgr_settings.connect_interval);
        free(a->last_why);
        a->last_why = mgr_xstrdup(why);
    }
    schedule_retry(a);
}

/* The session closed the connection (from the loop): try again. */
static void
connection_gone(void *aux)
{
    struct active *a = aux;
    a->connected = false;
    if (!stopping) {
        a->wait = mgr_settings.connect_interval;
        free(a->last_why);
        a->last_why = NULL;
        schedule_retry(a);
    }
}

/* Connected, and for TLS authenticated: the session takes over. */
static void
hand_over(struct active *a)
{
    int fd = a->fd;
    void *ssl = a->ssl;
    a->fd = -1;
    a->ssl = NULL;
    end_try(a);
    a->connected = true;
    free(a->last_why);
    a->last_why = NULL;
    a->wait = mgr_settings.connect_interval;
    ofm_log(MGR_NAME, OFM_LOG_INFO, "connected to switch at %s", a->spec);
    ofconn_adopt_stream(mgr_loop, fd, a->host, a->port,
                        a->tls ? &stream_tls_class : &stream_tcp_class, ssl,
                        connection_gone, a);
}

static void
tls_step(struct active *a)
{
    char peer[300], why[512] = "";
    int events = 0;
    snprintf(peer, sizeof peer, "%s:%d", a->host, a->port);
    int error = stream_tls_connect_step(a->ssl, peer, &events, why, sizeof why);
    if (!error) {
        hand_over(a);
    } else if (error == EAGAIN) {
        ev_io_stop(mgr_loop, &a->cio);
        ev_io_set(&a->cio, a->fd, events);
        ev_io_start(mgr_loop, &a->cio);
    } else {
        try_failed(a, why);
    }
}

static void
tls_io_cb(struct ev_loop *loop, ev_io *w, int revents)
{
    tls_step(w->data);
}

static void
deadline_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
    struct active *a = w->data;
    char why[128];
    snprintf(why, sizeof why, "TLS handshake timeout: not done within %g s",
             mgr_settings.handshake_timeout);
    try_failed(a, why);
}

/* The TCP connection is up. */
static void
tcp_connected(struct active *a)
{
    ev_io_stop(mgr_loop, &a->cio);
    if (!a->tls) {
        hand_over(a);
        return;
    }
    a->ssl = stream_tls_wrap_active(a->fd, a->host);
    ev_set_cb(&a->cio, tls_io_cb);
    if (mgr_settings.handshake_timeout > 0) {
        ev_timer_set(&a->deadline, mgr_settings.handshake_timeout, 0);
        ev_timer_start(mgr_loop, &a->deadline);
    }
    tls_step(a);
}

static void
connect_cb(struct ev_loop *loop, ev_io *w, int revents)
{
    struct active *a = w->data;
    int error = 0;
    socklen_t len = sizeof error;
    if (getsockopt(a->fd, SOL_SOCKET, SO_ERROR, &error, &len) < 0) {
        error = errno;
    }
    if (error) {
        ev_io_stop(mgr_loop, &a->cio);
        close(a->fd);
        a->fd = -1;
        connect_next(a, error);
    } else {
        tcp_connected(a);
    }
}

/* Connects to the next address of the name ('error': why the one before
 * failed, 0 for the first); the try fails when none is left. */
static void
connect_next(struct active *a, int error)
{
    while (a->next_addr) {
        struct addrinfo *ai = a->next_addr;
        a->next_addr = ai->ai_next;
        a->fd = socket(ai->ai_family, SOCK_STREAM, 0);
        if (a->fd < 0) {
            error = errno;
            continue;
        }
        stream_set_nonblocking(a->fd);
        int r = connect(a->fd, ai->ai_addr, ai->ai_addrlen);
        if (!r) {
            tcp_connected(a);
            return;
        } else if (errno == EINPROGRESS) {
            ev_set_cb(&a->cio, connect_cb);
            ev_io_set(&a->cio, a->fd, EV_WRITE);
            ev_io_start(mgr_loop, &a->cio);
            return;
        }
        error = errno;
        close(a->fd);
        a->fd = -1;
    }
    try_failed(a, strerror(error ? error : EHOSTUNREACH));
}

static void
resolved(struct active *a, struct addrinfo *ai, int gai, int sys_error)
{
    if (gai) {
        char why[512];
        snprintf(why, sizeof why, "cannot resolve %s: %s", a->host,
                 gai == EAI_SYSTEM ? strerror(sys_error) : gai_strerror(gai));
        try_failed(a, why);
        return;
    }
    a->addrs = a->next_addr = ai;
    connect_next(a, 0);
}

static void
free_job(struct resolve_job *job)
{
    if (job->ai) {
        freeaddrinfo(job->ai);
    }
    free(job->host);
    free(job);
}

static void *
resolve_thread(void *job_)
{
    struct resolve_job *job = job_;
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                              .ai_flags = AI_NUMERICSERV };
    job->gai = getaddrinfo(job->host, job->port, &hints, &job->ai);
    job->sys_error = job->gai == EAI_SYSTEM ? errno : 0;

    pthread_mutex_lock(&resolve_lock);
    bool abandoned = job->abandoned;
    if (!abandoned) {
        job->done = true;
        ev_async_send(mgr_loop, &resolve_wake);
    }
    pthread_mutex_unlock(&resolve_lock);
    if (abandoned) {
        free_job(job);
    }
    return NULL;
}

/* Lets go of 'a''s job: freed now if its thread is done, else by it. */
static void
abandon_job(struct active *a)
{
    struct resolve_job *job = a->job;
    if (!job) {
        return;
    }
    a->job = NULL;
    pthread_mutex_lock(&resolve_lock);
    bool done = job->done;
    job->abandoned = true;
    pthread_mutex_unlock(&resolve_lock);
    if (done) {
        free_job(job);
    }
}

/* In the loop: takes the results of the threads that finished. */
static void
resolve_wake_cb(struct ev_loop *loop, ev_async *w, int revents)
{
    for (size_t i = 0; i < n_actives; i++) {
        struct active *a = &actives[i];
        struct resolve_job *job = a->job;
        if (!job) {
            continue;
        }
        pthread_mutex_lock(&resolve_lock);
        bool done = job->done;
        pthread_mutex_unlock(&resolve_lock);
        if (done) {
            struct addrinfo *ai = job->ai;
            int gai = job->gai, sys_error = job->sys_error;
            job->ai = NULL;
            a->job = NULL;
            free_job(job);
            resolved(a, ai, gai, sys_error);
        }
    }
}

static void
resolve(struct active *a)
{
    char port[8];
    snprintf(port, sizeof port, "%d", a->port);
    /* A numeric address needs no lookup: take it at once. */
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                              .ai_flags = AI_NUMERICSERV | AI_NUMERICHOST };
    struct addrinfo *ai;
    int gai = getaddrinfo(a->host, port, &hints, &ai);
    if (gai != EAI_NONAME) {
        resolved(a, gai ? NULL : ai, gai, gai == EAI_SYSTEM ? errno : 0);
        return;
    }

    struct resolve_job *job = calloc(1, sizeof *job);
    if (!job) {
        abort();
    }
    job->host = mgr_xstrdup(a->host);
    memcpy(job->port, port, sizeof port);
    pthread_attr_t attr;
    pthread_t thread;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    int error = pthread_create(&thread, &attr, resolve_thread, job);
    pthread_attr_destroy(&attr);
    if (error) {
        free_job(job);
        char why[160];
        snprintf(why, sizeof why, "cannot start a thread to resolve %s: %s",
                 a->host, strerror(error));
        try_failed(a, why);
        return;
    }
    a->job = job;
}

static void
retry_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
    try_connect(w->data);
}

static void
try_connect(struct active *a)
{
    if (!a->job) {
        resolve(a);
    }
}

/* "tcp:HOST:PORT", "ssl:HOST:PORT" or "HOST:PORT"; HOST may be "[v6]". */
static int
parse_entry(struct active *a, const char *spec, char *err, size_t err_size)
{
    const char *p = spec;
    a->tls = false;
    if (!strncmp(p, "ssl:", 4)) {
        a->tls = true;
        p += 4;
    } else if (!strncmp(p, "tcp:", 4)) {
        p += 4;
    }
    const char *colon = strrchr(p, ':');
    char *end;
    long port = colon ? strtol(colon + 1, &end, 10) : 0;
    if (!colon || colon == p || !colon[1] || *end || port < 1 || port > 65535) {
        snprintf(err, err_size, "--ofp-switch-address-list: '%s' is not "
                 "[tcp:|ssl:]HOST:PORT", spec);
        return EINVAL;
    }
    size_t hlen = colon - p;
    if (p[0] == '[' && hlen > 2 && p[hlen - 1] == ']') {
        p++;
        hlen -= 2;
    }
    a->host = strndup(p, hlen);
    if (!a->host) {
        abort();
    }
    a->port = port;
    if (a->tls && !stream_tls_enabled()) {
        snprintf(err, err_size, "--ofp-switch-address-list: '%s' needs --ctl-privkey "
                 "and --ctl-cert", spec);
        return EINVAL;
    }
    return 0;
}

int
stream_active_start(const struct mgr_settings *s, char *err, size_t err_size)
{
    if (!s->n_switch_addrs) {
        return 0;
    }
    actives = calloc(s->n_switch_addrs, sizeof *actives);
    if (!actives) {
        abort();
    }
    for (size_t i = 0; i < s->n_switch_addrs; i++) {
        struct active *a = &actives[n_actives++];
        a->fd = -1;
        a->spec = mgr_xstrdup(s->switch_addrs[i]);
        ev_init(&a->cio, connect_cb);
        a->cio.data = a;
        ev_init(&a->deadline, deadline_cb);
        a->deadline.data = a;
        ev_init(&a->retry, retry_cb);
        a->retry.data = a;
        a->wait = s->connect_interval;
        int error = parse_entry(a, s->switch_addrs[i], err, err_size);
        if (error) {
            return error;
        }
    }
    ev_async_init(&resolve_wake, resolve_wake_cb);
    ev_async_start(mgr_loop, &resolve_wake);
    ev_unref(mgr_loop);         /* Do not keep the loop alive by itself. */
    wake_started = true;
    for (size_t i = 0; i < n_actives; i++) {
        try_connect(&actives[i]);
    }
    return 0;
}

void
stream_active_stopping(void)
{
    stopping = true;
}

void
stream_active_free(void)
{
    for (size_t i = 0; i < n_actives; i++) {
        struct active *a = &actives[i];
        end_try(a);
        abandon_job(a);
        ev_timer_stop(mgr_loop, &a->retry);
        free(a->spec);
        free(a->host);
        free(a->last_why);
    }
    if (wake_started) {
        ev_ref(mgr_loop);
        ev_async_stop(mgr_loop, &resolve_wake);
        wake_started = false;
    }
    free(actives);
    actives = NULL;
    n_actives = 0;
    stopping = false;
}
