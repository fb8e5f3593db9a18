/* wsgi.so: the "wsgi" context (Ryu's ryu.app.wsgi), one HTTP/1.1 server
 * for every plugin, built on libmicrohttpd driven by the manager's loop:
 * MHD runs in external mode with epoll, its epoll fd is watched with an
 * ofm_io, and a timer follows MHD_get_timeout(). */
#include <config.h>

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include "ofm/json.h"
#include "ofm/plugin.h"
#include "ofm/wsgi.h"
#include "metrics.h"
#include "route.h"

#define WSGI_DEFAULT_MAX_BODY (1024 * 1024)

/* The memory MHD gives each connection for the request's headers and the
 * reply's.  MHD zeroes all of it before every request of a keep-alive
 * connection, so its default 32 KiB costs time on every request; 16 KiB
 * still takes a header line of 8 KiB as eventlet's server (Ryu's) does.
 * Bodies do not count: on_request() copies them out as they come. */
#define WSGI_DEFAULT_CONN_MEMORY (16 * 1024)

/* How long a request stays suspended before its socket is watched for the
 * client's close.  Most answers from a switch come well before, and a
 * watcher per request would cost two epoll_ctl() calls each. */
#define WATCH_DELAY 0.05

struct wsgi_route {
    struct ofm_plugin *plugin;
    char *method;
    char *path;
    struct route_tmpl tmpl;
    unsigned int flags;
    ofm_wsgi_handler_fn *fn;
    void *aux;
};

/* REQ_GONE: the client closed its connection while the request was
 * suspended; MHD is to drop the connection without an answer. */
enum req_state {
    REQ_READING, REQ_HANDLING, REQ_SUSPENDED, REQ_REPLIED, REQ_GONE,
};

struct ofm_wsgi_request {
    struct MHD_Connection *conn;
    enum req_state state;
    double start;
    char *method, *path, *version;
    char *body;
    size_t body_size;
    bool too_big;
    json_t *json;
    struct route_var vars[ROUTE_MAX_VARS];
    int n_vars;
    struct route_path rp;
    struct MHD_Response *response;
    unsigned int status;
    size_t reply_size;
    bool resumed;
    ofm_wsgi_gone_fn *gone;
    void *gone_aux;
    /* While suspended: first the delay before 'watch' starts, then the
     * handler's time limit ('left' seconds after the delay). */
    struct ofm_timer *timeout;
    bool watch_pending;
    double left;                /* The limit after the delay; 0: none. */
    /* While suspended MHD does not poll the connection: this watches it
     * for the client's close. */
    struct ofm_io *watch;
    int fd;
    struct ofm_wsgi_request *next, *prev;   /* Suspended requests. */
};

static struct wsgi {
    struct ofm_plugin *plugin;
    struct wsgi_route *routes;
    size_t n_routes;
    size_t max_body;
    size_t conn_memory;         /* MHD_OPTION_CONNECTION_MEMORY_LIMIT. */
    struct MHD_Daemon *mhd;
    struct ofm_io *io;
    struct ofm_timer *timer;
    double timer_due;           /* When 'timer' fires (monotonic). */
    struct ofm_wsgi_request *suspended;
    bool running;
    time_t log_time;            /* When 'log_date' was formatted. */
    char log_date[64];
} wsgi;

static void wsgi_poll(void);
static void wsgi_poll_soon(void);

/* The loop's time is cached per iteration: the access log's duration
 * needs a real clock. */
static double
mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- Replies. ---- */

/* Takes the suspended 'req' off the list, stops its timer and watcher and
 * hands the connection back to MHD, which calls on_request() again. */
static void
req_unsuspend(struct ofm_wsgi_request *req)
{
    ofm_timer_cancel(req->timeout);
    req->timeout = NULL;
    req->watch_pending = false;
    ofm_io_cancel(req->watch);
    req->watch = NULL;
    if (req->prev) {
        req->prev->next = req->next;
    } else {
        wsgi.suspended = req->next;
    }
    if (req->next) {
        req->next->prev = req->prev;
    }
    req->next = req->prev = NULL;
    MHD_resume_connection(req->conn);
    /* MHD runs on the loop's next turn, once for every request resumed
     * in this one (a switch's answers come many to a read). */
    wsgi_poll_soon();
}

static void
set_response(struct ofm_wsgi_request *req, unsigned int status,
             const char *ctype, const char *body, size_t size)
{
    if (req->state == REQ_REPLIED) {
        ofm_plog(wsgi.plugin, OFM_LOG_ERROR, "%s %s: replied twice", req->method,
                 req->path);
        return;
    }
    req->response = MHD_create_response_from_buffer(size, (void *) body,
                                                    MHD_RESPMEM_MUST_COPY);
    if (!req->response) {
        abort();
    }
    if (ctype) {
        MHD_add_response_header(req->response, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
    }
    req->status = status;
    req->reply_size = size;
    bool was_suspended = req->state == REQ_SUSPENDED;
    req->state = REQ_REPLIED;
    if (was_suspended) {
        req_unsuspend(req);
    }
}

static void
reply_json(struct ofm_wsgi_request *req, unsigned int status, json_t *json)
{
    char *text = json ? ofm_json_dumps(json, JSON_COMPACT) : NULL;
    set_response(req, status, "application/json; charset=UTF-8", text ? text : "",
                 text ? strlen(text) : 0);
    free(text);
    json_decref(json);
}

static void
reply_text(struct ofm_wsgi_request *req, unsigned int status, const char *ctype,
           const char *text, size_t size)
{
    set_response(req, status, ctype ? ctype : "text/plain; charset=utf-8", text, size);
}

static void
reply_verror(struct ofm_wsgi_request *req, unsigned int status, const char *field,
             const char *fmt, va_list args)
{
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, args);
    json_t *j = json_object();
    json_object_set_new(j, "error", json_string(msg));
    if (field) {
        json_object_set_new(j, "field", json_string(field));
    }
    reply_json(req, status, j);
}

static void __attribute__((format(printf, 4, 5)))
reply_error(struct ofm_wsgi_request *req, unsigned int status, const char *field,
            const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    reply_verror(req, status, field, fmt, args);
    va_end(args);
}

/* ---- Request accessors. ---- */

static const char *
req_method(const struct ofm_wsgi_request *req)
{
    return req->method;
}

static const char *
req_path(const struct ofm_wsgi_request *req)
{
    return req->path;
}

static const struct route_var *
find_var(const struct ofm_wsgi_request *req, const char *name)
{
    for (int i = 0; i < req->n_vars; i++) {
        if (!strcmp(req->vars[i].name, name)) {
            return &req->vars[i];
        }
    }
    return NULL;
}

static const char *
req_var(const struct ofm_wsgi_request *req, const char *name)
{
    const struct route_var *v = find_var(req, name);
    return v ? v->text : NULL;
}

static int
req_var_u64(const struct ofm_wsgi_request *req, const char *name, uint64_t *value)
{
    const struct route_var *v = find_var(req, name);
    if (!v || (v->kind != SEG_INT && v->kind != SEG_DPID)) {
        return ENOENT;
    }
    *value = v->value;
    return 0;
}

static const char *
req_query(const struct ofm_wsgi_request *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

static const char *
req_header(const struct ofm_wsgi_request *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

static const char *
req_body(const struct ofm_wsgi_request *req, size_t *size)
{
    if (size) {
        *size = req->body_size;
    }
    return req->body ? req->body : "";
}

static json_t *
req_body_json(const struct ofm_wsgi_request *req)
{
    return req->json;
}

/* Tells the handler, once, that its suspended 'req' is given up for 'why';
 * it may still reply from there, else 'req' gets 'status' and 'msg'. */
static void
req_abandon(struct ofm_wsgi_request *req, enum ofm_wsgi_gone why,
            unsigned int status, const char *msg)
{
    ofm_wsgi_gone_fn *gone = req->gone;
    req->gone = NULL;
    if (gone) {
        gone(req, why, req->gone_aux);
    }
    if (req->state == REQ_SUSPENDED) {
        reply_error(req, status, NULL, "%s", msg);
    }
}

static void suspended_readable(struct ofm_io *, int events, void *aux);

/* The timer of a suspended request: first the start of the watch on its
 * socket ('watch_pending'), then the handler's time limit, at which the
 * request is given up. */
static void
suspend_timeout(struct ofm_timer *t, void *aux)
{
    struct ofm_wsgi_request *req = aux;
    req->timeout = NULL;
    if (req->watch_pending) {
        req->watch_pending = false;
        req->watch = ofm_io_add(wsgi.plugin, req->fd, OFM_IO_READ,
                                suspended_readable, req);
        if (req->left > 0) {
            req->timeout = ofm_timer_add(wsgi.plugin, req->left, 0,
                                         suspend_timeout, req);
        }
        return;
    }
    req_abandon(req, OFM_WSGI_GONE_TIMEOUT, 504, "no answer within the time limit");
}

/* The suspended request's socket became readable: either the client
 * closed it (end of file, or an error such as a reset), or it sent more
 * (a pipelined request), which stays for MHD to read after the reply. */
static void
suspended_readable(struct ofm_io *io, int events, void *aux)
{
    struct ofm_wsgi_request *req = aux;
    char c;
    ssize_t n = recv(req->fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
        return;
    }
    ofm_io_cancel(io);
    req->watch = NULL;
    if (n > 0) {
        return;                 /* Not gone; the timeout still holds. */
    }
    ofm_plog(wsgi.plugin, OFM_LOG_INFO, "%s %s: client went away before the "
             "reply; request dropped", req->method, req->path);
    ofm_wsgi_gone_fn *gone = req->gone;
    req->gone = NULL;
    req->state = REQ_GONE;
    if (gone) {
        gone(req, OFM_WSGI_GONE_CLIENT, req->gone_aux);
    }
    req_unsuspend(req);
}

static void
req_suspend(struct ofm_wsgi_request *req, double timeout, ofm_wsgi_gone_fn *gone,
            void *aux)
{
    if (req->state != REQ_HANDLING) {
        ofm_plog(wsgi.plugin, OFM_LOG_ERROR, "%s %s: suspend outside the handler",
                 req->method, req->path);
        return;
    }
    req->state = REQ_SUSPENDED;
    req->gone = gone;
    req->gone_aux = aux;
    const union MHD_ConnectionInfo *ci
        = MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    req->fd = ci ? ci->connect_fd : -1;
    if (req->fd >= 0 && (timeout <= 0 || timeout > WATCH_DELAY)) {
        req->watch_pending = true;
        req->left = timeout > 0 ? timeout - WATCH_DELAY : 0;
        req->timeout = ofm_timer_add(wsgi.plugin, WATCH_DELAY, 0, suspend_timeout, req);
    } else if (timeout > 0) {
        req->timeout = ofm_timer_add(wsgi.plugin, timeout, 0, suspend_timeout, req);
    }
    req->next = wsgi.suspended;
    req->prev = NULL;
    if (wsgi.suspended) {
        wsgi.suspended->prev = req;
    }
    wsgi.suspended = req;
}

/* ---- Routes. ---- */

static int
add_route(struct ofm_plugin *plugin, const struct ofm_wsgi_route *r,
          char *err, size_t err_size)
{
    struct route_tmpl tmpl;

    if (!r || !r->fn || !r->method || !r->method[0] || strpbrk(r->method, " \t\r\n")) {
        snprintf(err, err_size, "wsgi: route without a method or a handler");
        return EINVAL;
    }
    char terr[256];
    if (route_tmpl_parse(&tmpl, r->path, terr, sizeof terr)) {
        snprintf(err, err_size, "wsgi: %s", terr);
        return EINVAL;
    }
    for (size_t i = 0; i < wsgi.n_routes; i++) {
        const struct wsgi_route *o = &wsgi.routes[i];
        if (!strcmp(o->method, r->method) && route_tmpl_same_shape(&o->tmpl, &tmpl)) {
            snprintf(err, err_size, "wsgi: route %s %s of %s conflicts with %s %s of %s",
                     r->method, r->path, ofm_plugin_name(plugin), o->method,
                     o->path, ofm_plugin_name(o->plugin));
            route_tmpl_destroy(&tmpl);
            return EEXIST;
        }
    }
    struct wsgi_route *v = realloc(wsgi.routes, (wsgi.n_routes + 1) * sizeof *v);
    if (!v) {
        abort();
    }
    wsgi.routes = v;
    struct wsgi_route *nr = &v[wsgi.n_routes++];
    nr->plugin = plugin;
    nr->method = strdup(r->method);
    nr->path = strdup(r->path);
    if (!nr->method || !nr->path) {
        abort();
    }
    nr->tmpl = tmpl;
    nr->flags = r->flags;
    nr->fn = r->fn;
    nr->aux = r->aux;
    return 0;
}

static const struct ofm_wsgi_api wsgi_api = {
    .size = sizeof(struct ofm_wsgi_api),
    .add_route = add_route,
    .method = req_method,
    .path = req_path,
    .var = req_var,
    .var_u64 = req_var_u64,
    .query = req_query,
    .header = req_header,
    .body = req_body,
    .body_json = req_body_json,
    .reply_json = reply_json,
    .reply_text = reply_text,
    .reply_error = reply_error,
    .suspend = req_suspend,
};

/* Finds the route for 'req' and runs it, or answers by itself. */
static void
dispatch(struct ofm_wsgi_request *req)
{
    const struct wsgi_route *best = NULL;
    char allow[256] = "";
    bool any = false;

    if (req->too_big) {
        reply_error(req, 413, "body", "body larger than %zu bytes", wsgi.max_body);
        return;
    }
    if (route_path_split(&req->rp, req->path)) {
        reply_error(req, 404, NULL, "no such path");
        return;
    }
    for (size_t i = 0; i < wsgi.n_routes; i++) {
        const struct wsgi_route *r = &wsgi.routes[i];
        if (!route_tmpl_matches(&r->tmpl, &req->rp)) {
            continue;
        }
        any = true;
        if (strcmp(r->method, req->method)) {
            if (!strstr(allow, r->method)) {
                size_t len = strlen(allow);
                snprintf(allow + len, sizeof allow - len, "%s%s", len ? ", " : "",
                         r->method);
            }
            continue;
        }
        if (!best || route_tmpl_cmp(&r->tmpl, &best->tmpl) > 0) {
            best = r;
        }
    }
    if (!best) {
        if (!any) {
            reply_error(req, 404, NULL, "no such path");
        } else {
            reply_error(req, 405, NULL, "method %s not allowed (allowed: %s)",
                        req->method, allow);
            MHD_add_response_header(req->response, MHD_HTTP_HEADER_ALLOW, allow);
        }
        return;
    }
    const char *bad = NULL;
    char err[256];
    req->n_vars = route_bind(&best->tmpl, &req->rp, req->vars, &bad, err, sizeof err);
    if (req->n_vars < 0) {
        req->n_vars = 0;
        reply_error(req, 400, bad, "%s", err);
        return;
    }
    if (best->flags & OFM_WSGI_BODY_JSON) {
        if (req->body_size) {
            req->json = ofm_json_loads(req->body, req->body_size, err, sizeof err);
            if (!req->json) {
                reply_error(req, 400, "body", "body is not JSON: %s", err);
                return;
            }
        } else if (best->flags & OFM_WSGI_BODY_REQUIRED) {
            reply_error(req, 400, "body", "a JSON body is required");
            return;
        }
    }
    req->state = REQ_HANDLING;
    best->fn(req, best->aux);
    if (req->state == REQ_HANDLING) {
        ofm_plog(wsgi.plugin, OFM_LOG_ERROR, "%s %s: the handler of %s neither "
                 "replied nor suspended", req->method, req->path,
                 ofm_plugin_name(best->plugin));
        reply_error(req, 500, NULL, "internal error");
    }
}

/* ---- MHD glue. ---- */

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url,
           const char *method, const char *version, const char *upload_data,
           size_t *upload_data_size, void **con_cls)
{
    struct ofm_wsgi_request *req = *con_cls;

    if (!req) {
        req = calloc(1, sizeof *req);
        if (!req) {
            abort();
        }
        req->conn = conn;
        req->start = mono_now();
        req->method = strdup(method);
        req->path = strdup(url);
        req->version = strdup(version);
        if (!req->method || !req->path || !req->version) {
            abort();
        }
        *con_cls = req;
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                     MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > wsgi.max_body) {
            req->too_big = true;
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        if (req->too_big || req->body_size + n > wsgi.max_body) {
            req->too_big = true;
            return MHD_YES;
        }
        char *b = realloc(req->body, req->body_size + n + 1);
        if (!b) {
            abort();
        }
        memcpy(b + req->body_size, upload_data, n);
        req->body = b;
        req->body_size += n;
        b[req->body_size] = '\0';
        return MHD_YES;
    }
    if (req->state == REQ_READING) {
        dispatch(req);
    }
    if (req->state == REQ_SUSPENDED) {
        MHD_suspend_connection(conn);
        return MHD_YES;
    }
    if (req->state == REQ_GONE) {
        return MHD_NO;          /* Close without an answer. */
    }
    if (req->response && !req->resumed) {
        req->resumed = true;
        enum MHD_Result r = MHD_queue_response(conn, req->status, req->response);
        MHD_destroy_response(req->response);
        req->response = NULL;
        return r;
    }
    return MHD_YES;
}

/* The access log's date, formatted once a second rather than per line. */
static const char *
log_date(void)
{
    time_t now = time(NULL);
    if (now != wsgi.log_time || !wsgi.log_date[0]) {
        struct tm tm;
        localtime_r(&now, &tm);
        strftime(wsgi.log_date, sizeof wsgi.log_date, "%d/%b/%Y %H:%M:%S", &tm);
        wsgi.log_time = now;
    }
    return wsgi.log_date;
}

static void
access_log(const struct ofm_wsgi_request *req)
{
    const union MHD_ConnectionInfo *ci
        = MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char addr[INET6_ADDRSTRLEN] = "-";
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET) {
            inet_ntop(AF_INET, &((const struct sockaddr_in *) sa)->sin_addr, addr,
                      sizeof addr);
        } else if (sa->sa_family == AF_INET6) {
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *) sa)->sin6_addr, addr,
                      sizeof addr);
        }
    }
    /* The seconds with 6 decimals, from integer microseconds: printf's
     * %f costs more than the rest of the line. */
    double secs = mono_now() - req->start;
    long long us = secs > 0 ? (long long) (secs * 1e6 + 0.5) : 0;
    ofm_plog(wsgi.plugin, OFM_LOG_INFO, "%s - - [%s] \"%s %s %s\" %u %zu %lld.%06lld",
             addr, log_date(), req->method, req->path, req->version, req->status,
             req->reply_size, us / 1000000, us % 1000000);
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
             enum MHD_RequestTerminationCode toe)
{
    struct ofm_wsgi_request *req = *con_cls;
    if (!req) {
        return;
    }
    if (req->state == REQ_REPLIED && toe == MHD_REQUEST_TERMINATED_COMPLETED_OK) {
        metrics_count_reply(req->status);
        access_log(req);
    }
    if (req->state == REQ_SUSPENDED) {
        /* Only at daemon shutdown. */
        if (req->gone) {
            req->gone(req, OFM_WSGI_GONE_CLIENT, req->gone_aux);
        }
        ofm_timer_cancel(req->timeout);
        ofm_io_cancel(req->watch);
    }
    if (req->response) {
        MHD_destroy_response(req->response);
    }
    json_decref(req->json);
    route_path_destroy(&req->rp);
    free(req->method);
    free(req->path);
    free(req->version);
    free(req->body);
    free(req);
    *con_cls = NULL;
}

static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n && msg[n - 1] == '\n') {
        msg[--n] = '\0';
    }
    ofm_plog(wsgi.plugin, OFM_LOG_WARNING, "%s", msg);
}

static void
on_timer(struct ofm_timer *t, void *aux)
{
    wsgi.timer = NULL;
    wsgi_poll();
}

static void
on_io(struct ofm_io *io, int events, void *aux)
{
    wsgi_poll();
}

/* Arms the timer to fire 'after' seconds from now, unless it fires by
 * then already: an early poll is harmless, and keeping the timer saves
 * its re-creation on every poll. */
static void
arm_timer(double after)
{
    double due = mono_now() + after;
    if (wsgi.timer && wsgi.timer_due <= due) {
        return;
    }
    ofm_timer_cancel(wsgi.timer);
    wsgi.timer = ofm_timer_add(wsgi.plugin, after, 0, on_timer, NULL);
    wsgi.timer_due = due;
}

/* Runs MHD once and arms the timer for its next deadline. */
static void
wsgi_poll(void)
{
    if (!wsgi.mhd || wsgi.running) {
        return;
    }
    wsgi.running = true;
    MHD_run(wsgi.mhd);
    wsgi.running = false;
    MHD_UNSIGNED_LONG_LONG ms;
    if (MHD_get_timeout(wsgi.mhd, &ms) == MHD_YES) {
        arm_timer(ms / 1000.0);
    }
}

/* Runs MHD on the loop's next turn. */
static void
wsgi_poll_soon(void)
{
    if (wsgi.mhd) {
        arm_timer(0);
    }
}

/* ---- Plugin. ---- */

static int
read_config(char *err, size_t err_size)
{
    static const char *const keys[] = {
        "max-body-bytes", "connection-memory-bytes", NULL
    };
    const struct ofm_conf *conf = ofm_plugin_config(wsgi.plugin);
    long long max = WSGI_DEFAULT_MAX_BODY;
    long long mem = WSGI_DEFAULT_CONN_MEMORY;

    wsgi.max_body = WSGI_DEFAULT_MAX_BODY;
    wsgi.conn_memory = WSGI_DEFAULT_CONN_MEMORY;
    if (!conf) {
        return 0;
    }
    if (ofm_conf_kind(conf) != OFM_CONF_MAP) {
        snprintf(err, err_size, "%s: wsgi: expected a map (max-body-bytes, "
                 "connection-memory-bytes)", ofm_conf_where(conf));
        return EINVAL;
    }
    if (ofm_conf_check_keys(conf, keys, err, err_size)
        || ofm_conf_get_int(conf, "max-body-bytes", 0, 1LL << 30, &max, err, err_size)
        || ofm_conf_get_int(conf, "connection-memory-bytes", 4096, 1LL << 24, &mem,
                            err, err_size)) {
        return EINVAL;
    }
    wsgi.max_body = (size_t) max;
    wsgi.conn_memory = (size_t) mem;
    return 0;
}

/* The server starts once every plugin registered its routes: on the
 * loop's first turn. */
static void
start_timer_cb(struct ofm_timer *t, void *aux)
{
    wsgi_poll();
}

static int
wsgi_init(struct ofm_plugin *plugin, char *err, size_t err_size)
{
    const char *host = ofm_option("wsapi-host");
    const char *port_s = ofm_option("wsapi-port");
    struct sockaddr_storage ss;
    uint64_t port = 8080;

    memset(&wsgi, 0, sizeof wsgi);
    wsgi.plugin = plugin;
    if (read_config(err, err_size)) {
        return EINVAL;
    }
    if (!host) {
        host = "0.0.0.0";
    }
    if (port_s && (!route_parse_int(port_s, &port) || port > 65535)) {
        snprintf(err, err_size, "wsgi: --wsapi-port %s: expected a port number 0-65535",
                 port_s);
        return EINVAL;
    }
    memset(&ss, 0, sizeof ss);
    struct sockaddr_in *sin = (struct sockaddr_in *) &ss;
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) &ss;
    unsigned int flags = MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG
                         | MHD_USE_TURBO;
    if (inet_pton(AF_INET, host, &sin->sin_addr) == 1) {
        sin->sin_family = AF_INET;
        sin->sin_port = htons((uint16_t) port);
    } else if (inet_pton(AF_INET6, host, &sin6->sin6_addr) == 1) {
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons((uint16_t) port);
        flags |= MHD_USE_IPv6;
    } else {
        snprintf(err, err_size, "wsgi: --wsapi-host %s: expected an IPv4 or IPv6 address",
                 host);
        return EINVAL;
    }
    wsgi.mhd = MHD_start_daemon(flags, (uint16_t) port, NULL, NULL, on_request, NULL,
                                MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
                                MHD_OPTION_SOCK_ADDR, (struct sockaddr *) &ss,
                                MHD_OPTION_CONNECTION_LIMIT, (unsigned int) 1024,
                                MHD_OPTION_CONNECTION_MEMORY_LIMIT, wsgi.conn_memory,
                                MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int) 60,
                                MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
                                MHD_OPTION_END);
    if (!wsgi.mhd) {
        snprintf(err, err_size, "wsgi: cannot listen on %s port %" PRIu64
                 " (in use, or not an address of this host)", host, port);
        return EADDRINUSE;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(wsgi.mhd,
                                                         MHD_DAEMON_INFO_EPOLL_FD);
    wsgi.io = ofm_io_add(plugin, di->epoll_fd, OFM_IO_READ, on_io, NULL);
    ofm_context_provide(plugin, &wsgi_api);
    if (metrics_init(plugin, &wsgi_api, err, err_size)) {
        return EINVAL;
    }
    ofm_plog(plugin, OFM_LOG_INFO, "wsgi starting up on http://%s:%" PRIu64 "/",
             host, port);
    ofm_timer_add(plugin, 0, 0, start_timer_cb, NULL);
    return 0;
}

static void
wsgi_fini(struct ofm_plugin *plugin)
{
    /* Suspended requests are resumed with a 503 so that MHD can close
     * them. */
    bool any = wsgi.suspended != NULL;
    while (wsgi.suspended) {
        req_abandon(wsgi.suspended, OFM_WSGI_GONE_CLIENT, 503, "shutting down");
    }
    if (any) {
        wsgi_poll();            /* Sends the 503s. */
    }
    if (wsgi.mhd) {
        MHD_stop_daemon(wsgi.mhd);
        wsgi.mhd = NULL;
    }
    ofm_io_cancel(wsgi.io);
    ofm_timer_cancel(wsgi.timer);
    for (size_t i = 0; i < wsgi.n_routes; i++) {
        route_tmpl_destroy(&wsgi.routes[i].tmpl);
        free(wsgi.routes[i].method);
        free(wsgi.routes[i].path);
    }
    free(wsgi.routes);
    metrics_fini();
    memset(&wsgi, 0, sizeof wsgi);
}

OFM_PLUGIN(.name = "wsgi", .provides = OFM_WSGI_CONTEXT, .config_section = "wsgi",
           .init = wsgi_init, .fini = wsgi_fini);
