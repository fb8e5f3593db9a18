/* TCP: the plain stream kind, and listening sockets. */
#include <config.h>
#include "stream.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MGR_NAME "ofmanager"

static ssize_t
tcp_recv(struct stream *s, void *buf, size_t size)
{
    return recv(s->fd, buf, size, 0);
}

static ssize_t
tcp_send(struct stream *s, const void *buf, size_t size)
{
    return send(s->fd, buf, size, MSG_NOSIGNAL);
}

const struct stream_class stream_tcp_class = {
    .name = "tcp",
    .recv = tcp_recv,
    .send = tcp_send,
};

/* ---- Listening. ---- */

struct stream_listener {
    ev_io io;
    int fd;
    stream_accept_fn *fn;
    void *aux;
};

static void
accept_cb(struct ev_loop *loop, ev_io *w, int revents)
{
    struct stream_listener *l = w->data;

    /* Take what is waiting, but not forever: other watchers need turns. */
    for (int i = 0; i < 64; i++) {
        struct sockaddr_storage ss;
        socklen_t len = sizeof ss;
        int fd = accept(l->fd, (struct sockaddr *) &ss, &len);
        if (fd < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                static struct ofm_ratelimit rl = OFM_RATELIMIT_INIT(10, 10);
                if (ofm_ratelimit_allow(&rl)) {
                    ofm_log(MGR_NAME, OFM_LOG_ERROR, "accept failed: %s", strerror(errno));
                }
            }
            return;
        }
        char host[INET6_ADDRSTRLEN] = "?";
        int port = 0;
        if (ss.ss_family == AF_INET) {
            struct sockaddr_in *sin = (struct sockaddr_in *) &ss;
            inet_ntop(AF_INET, &sin->sin_addr, host, sizeof host);
            port = ntohs(sin->sin_port);
        } else if (ss.ss_family == AF_INET6) {
            struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) &ss;
            inet_ntop(AF_INET6, &sin6->sin6_addr, host, sizeof host);
            port = ntohs(sin6->sin6_port);
        }
        l->fn(fd, host, port, l->aux);
    }
}

struct stream_listener *
stream_listen(struct ev_loop *loop, const char *host, int port_no,
              stream_accept_fn *fn, void *aux, char *err, size_t err_size)
{
    char port[16];
    snprintf(port, sizeof port, "%d", port_no);
    struct addrinfo hints = {
        .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
        .ai_flags = AI_PASSIVE | AI_NUMERICSERV,
    };
    struct addrinfo *ai;
    int gai = getaddrinfo(host, port, &hints, &ai);
    if (gai) {
        snprintf(err, err_size, "cannot listen on %s:%s: %s", host, port,
                 gai_strerror(gai));
        return NULL;
    }

    int fd = socket(ai->ai_family, SOCK_STREAM, 0);
    int one = 1;
    if (fd < 0
        || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one)
        || bind(fd, ai->ai_addr, ai->ai_addrlen)
        || listen(fd, 1024)) {
        snprintf(err, err_size, "cannot listen on %s:%s: %s", host, port,
                 strerror(errno));
        if (fd >= 0) {
            close(fd);
        }
        freeaddrinfo(ai);
        return NULL;
    }
    freeaddrinfo(ai);
    stream_set_nonblocking(fd);

    /* A started watcher must not move: each listener is allocated alone. */
    struct stream_listener *l = calloc(1, sizeof *l);
    if (!l) {
        abort();
    }
    l->fd = fd;
    l->fn = fn;
    l->aux = aux;
    ev_io_init(&l->io, accept_cb, fd, EV_READ);
    l->io.data = l;
    ev_io_start(loop, &l->io);
    ofm_log(MGR_NAME, OFM_LOG_DEBUG, "listening on %s:%s", host, port);
    return l;
}

int
stream_listener_port(const struct stream_listener *l)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getsockname(l->fd, (struct sockaddr *) &ss, &len)) {
        return -1;
    }
    return ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *) &ss)->sin6_port
                 : ((struct sockaddr_in *) &ss)->sin_port);
}

void
stream_listener_close(struct ev_loop *loop, struct stream_listener *l)
{
    if (l) {
        ev_io_stop(loop, &l->io);
        close(l->fd);
        free(l);
    }
}
