/* Connections the manager opens itself, to switches that listen (an Open
 * vSwitch bridge with a "ptcp:" or "pssl:" controller): one per entry of
 * --ofp-switch-address-list, over TCP or TLS ("ssl:" entries).  A refused
 * or lost connection is tried again after --ofp-switch-connect-interval
 * seconds, the wait doubling up to four times that while the switch stays
 * away, forever.  The log gets a line when the state changes (connected,
 * or failing for a new reason), not one per try. */
#include <config.h>
#include "manager.h"
#include "stream.h"
#include "stream-tls.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct active {
    char *spec;                 /* As given, for log lines. */
    char *host;
    int port;
    bool tls;
    int fd;                     /* A connect() in progress, or -1. */
    ev_io cio;                  /* Writable: the connect() finished. */
    ev_timer retry;
    double wait;                /* Before the next try. */
    int last_error;             /* Of the last failed try, 0 after success. */
    bool connected;
};

static struct active *actives;
static size_t n_actives;
static bool stopping;

static void try_connect(struct active *);

static void
schedule_retry(struct active *a)
{
    ev_timer_stop(mgr_loop, &a->retry);
    ev_timer_set(&a->retry, a->wait, 0);
    ev_timer_start(mgr_loop, &a->retry);
    double max = 4 * mgr_settings.connect_interval;
    a->wait = a->wait * 2 > max ? max : a->wait * 2;
}

static void
connect_failed(struct active *a, int error)
{
    if (a->fd >= 0) {
        ev_io_stop(mgr_loop, &a->cio);
        close(a->fd);
        a->fd = -1;
    }
    if (error != a->last_error) {
        ofm_log(MGR_NAME, OFM_LOG_WARNING, "cannot connect to switch at %s: %s "
                "(trying again every %g s or so)", a->spec,
                error > 0 ? strerror(error) : gai_strerror(-error),
                mgr_settings.connect_interval);
        a->last_error = error;
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
        a->last_error = 0;
        schedule_retry(a);
    }
}

static void
connected(struct active *a)
{
    ev_io_stop(mgr_loop, &a->cio);
    int fd = a->fd;
    a->fd = -1;
    a->connected = true;
    a->last_error = 0;
    a->wait = mgr_settings.connect_interval;
    ofm_log(MGR_NAME, OFM_LOG_INFO, "connected to switch at %s", a->spec);
    ofconn_adopt_stream(mgr_loop, fd, a->host, a->port,
                        a->tls ? &stream_tls_class : &stream_tcp_class,
                        a->tls ? stream_tls_wrap(fd, false) : NULL,
                        connection_gone, a);
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
        connect_failed(a, error);
    } else {
        connected(a);
    }
}

static void
retry_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
    try_connect(w->data);
}

static void
try_connect(struct active *a)
{
    char port[16];
    snprintf(port, sizeof port, "%d", a->port);
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                              .ai_flags = AI_NUMERICSERV };
    struct addrinfo *ai;
    int gai = getaddrinfo(a->host, port, &hints, &ai);
    if (gai) {
        connect_failed(a, gai == EAI_SYSTEM ? errno : -gai);
        return;
    }
    a->fd = socket(ai->ai_family, SOCK_STREAM, 0);
    if (a->fd < 0) {
        int error = errno;
        freeaddrinfo(ai);
        connect_failed(a, error);
        return;
    }
    stream_set_nonblocking(a->fd);
    int r = connect(a->fd, ai->ai_addr, ai->ai_addrlen);
    int error = r < 0 ? errno : 0;
    freeaddrinfo(ai);
    if (!r) {
        connected(a);
    } else if (error == EINPROGRESS) {
        ev_io_set(&a->cio, a->fd, EV_WRITE);
        ev_io_start(mgr_loop, &a->cio);
    } else {
        connect_failed(a, error);
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
        ev_init(&a->retry, retry_cb);
        a->retry.data = a;
        a->wait = s->connect_interval;
        int error = parse_entry(a, s->switch_addrs[i], err, err_size);
        if (error) {
            return error;
        }
    }
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
        ev_io_stop(mgr_loop, &a->cio);
        ev_timer_stop(mgr_loop, &a->retry);
        if (a->fd >= 0) {
            close(a->fd);
        }
        free(a->spec);
        free(a->host);
    }
    free(actives);
    actives = NULL;
    n_actives = 0;
    stopping = false;
}
