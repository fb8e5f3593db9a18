/* ofm/wsgi.h: the "wsgi" context, one HTTP/1.1 server for every plugin
 * (what Ryu's ryu.app.wsgi is), provided by wsgi.so.
 *
 * A plugin that lists OFM_WSGI_CONTEXT in its descriptor's 'contexts' gets
 * wsgi.so loaded and initialized before itself, and its API table with
 * ofm_wsgi_get().  In init() it registers routes; wsgi.so listens on
 * --wsapi-host (default 0.0.0.0) and --wsapi-port (default 8080) and
 * calls the route's handler on the manager's thread for each request:
 *
 *     static const char *const contexts[] = { OFM_WSGI_CONTEXT, NULL };
 *     ...
 *     static void
 *     get_table(struct ofm_wsgi_request *req, void *aux)
 *     {
 *         const struct ofm_wsgi_api *w = aux;
 *         uint64_t dpid;
 *
 *         w->var_u64(req, "dpid", &dpid);
 *         if (!ofm_dp_find(dpid)) {
 *             w->reply_error(req, 404, "dpid", "no such datapath %016"PRIx64, dpid);
 *             return;
 *         }
 *         w->reply_json(req, 200, json_object());
 *     }
 *     ...
 *     const struct ofm_wsgi_api *w = ofm_wsgi_get(plugin);
 *     struct ofm_wsgi_route r = { .method = "GET",
 *                                 .path = "/simpleswitch/mactable/{dpid}",
 *                                 .fn = get_table, .aux = (void *) w };
 *     if (w->add_route(plugin, &r, err, err_size)) return -1;
 *
 * Path templates.  A template is "/"-separated segments, each either
 * literal text or one variable in braces that matches one whole non-empty
 * segment (percent-decoded):
 *   {NAME:dpid}  a datapath id: exactly 16 hex digits (Ryu's
 *                dpid_lib pattern), or "0x" and 1 to 16 hex digits, or a
 *                decimal number up to 2^64 - 1.  "{dpid}" alone means
 *                "{dpid:dpid}".
 *   {NAME:int}   an unsigned integer up to 2^64 - 1: decimal or "0x" hex.
 *   {NAME}, {NAME:str}   any text.
 * A request is answered by the route whose template matches its path;
 * when two match, the one with a literal segment where the other has a
 * variable (the first such segment from the left) wins.  What wsgi answers
 * by itself, never calling a handler:
 *   - no template matches the path: 404;
 *   - templates match but none for this method: 405 with "Allow";
 *   - a typed variable does not parse: 400, the error body naming it;
 *   - the route asked for a JSON body (OFM_WSGI_BODY_JSON) and the body is
 *     not JSON: 400 naming "body" (an empty body is allowed unless
 *     OFM_WSGI_BODY_REQUIRED);
 *   - a body larger than the limit (wsgi: max-body-bytes, 1 MiB): 413.
 * Two routes with the same method and the same template shape (literals
 * equal, variables at the same places, whatever their types) conflict:
 * add_route() fails, and so the manager does not start.
 *
 * Error bodies (wsgi's and reply_error()'s) are JSON objects:
 *     {"error": "port: expected an integer from 1 to 4294967040", "field": "port"}
 * where "field" names the path variable, query argument or body member at
 * fault ("body" for the body as a whole); it is absent for errors that
 * concern no field.
 *
 * Replies.  A handler answers exactly once, with reply_json(),
 * reply_text() or reply_error(), either before it returns or later: to
 * answer later (after a switch's reply or a timer) it calls suspend()
 * before returning, keeps the request pointer, and replies from the later
 * event.  If the client goes away first, or the suspend timeout expires,
 * wsgi calls the 'gone' callback given to suspend() (see there).  A
 * handler that returns without replying or suspending is a bug: wsgi logs
 * it and answers 500.
 *
 * Everything runs on the manager's thread: handlers never block.  The
 * request pointer is valid from the handler's call until the reply is
 * made or 'gone' has returned with OFM_WSGI_GONE_CLIENT. */
#ifndef OFM_WSGI_H
#define OFM_WSGI_H 1

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "ofm/plugin.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The context's name, for 'contexts' and ofm_context_get(). */
#define OFM_WSGI_CONTEXT "wsgi"

struct ofm_wsgi_request;        /* Opaque. */

typedef void ofm_wsgi_handler_fn(struct ofm_wsgi_request *, void *aux);

/* Route flags. */
enum {
    /* The body, if not empty, must be JSON; body_json() returns it. */
    OFM_WSGI_BODY_JSON = 1 << 0,
    /* With OFM_WSGI_BODY_JSON: an empty body is a 400 too. */
    OFM_WSGI_BODY_REQUIRED = 1 << 1,
};

struct ofm_wsgi_route {
    const char *method;             /* "GET", "POST", "PUT", "DELETE"... */
    const char *path;               /* Template, see above.  Copied. */
    unsigned int flags;             /* OFM_WSGI_BODY_*. */
    ofm_wsgi_handler_fn *fn;
    void *aux;
};

/* Why 'gone' is called. */
enum ofm_wsgi_gone {
    /* The client closed its connection.  The request is freed when the
     * callback returns; do not reply, drop every pointer to it. */
    OFM_WSGI_GONE_CLIENT,
    /* The suspend timeout expired.  The request is still valid and the
     * callback may reply (e.g. with what it collected so far); if it
     * does not, wsgi answers 504.  Drop every pointer to it either way. */
    OFM_WSGI_GONE_TIMEOUT,
};
typedef void ofm_wsgi_gone_fn(struct ofm_wsgi_request *, enum ofm_wsgi_gone,
                              void *aux);

/* The API table wsgi.so provides.  Members may be added at the end in
 * later versions: check 'size' before using one newer than your SDK. */
struct ofm_wsgi_api {
    uint32_t size;                  /* sizeof(struct ofm_wsgi_api) of wsgi.so. */

    /* Registers a route for 'plugin'.  Only from init().  Returns 0, or
     * EINVAL (bad method or template) or EEXIST (conflict with a route of
     * this or another plugin, both named) after writing why into 'err'. */
    int (*add_route)(struct ofm_plugin *plugin, const struct ofm_wsgi_route *,
                     char *err, size_t err_size);

    /* The request.  Strings are borrowed for the request's lifetime. */
    const char *(*method)(const struct ofm_wsgi_request *);
    const char *(*path)(const struct ofm_wsgi_request *);  /* No query. */
    /* A path variable as text (percent-decoded), or NULL if the template
     * has no variable 'name'. */
    const char *(*var)(const struct ofm_wsgi_request *, const char *name);
    /* A {NAME:dpid} or {NAME:int} variable's value: returns 0 and stores
     * it, or ENOENT (no such typed variable). */
    int (*var_u64)(const struct ofm_wsgi_request *, const char *name,
                   uint64_t *value);
    /* A query-string argument ("?a=b"), or NULL. */
    const char *(*query)(const struct ofm_wsgi_request *, const char *name);
    /* A request header (case-insensitive name), or NULL. */
    const char *(*header)(const struct ofm_wsgi_request *, const char *name);
    /* The raw body ('*size' bytes, NUL-terminated), never NULL. */
    const char *(*body)(const struct ofm_wsgi_request *, size_t *size);
    /* With OFM_WSGI_BODY_JSON: the parsed body (borrowed; integers as
     * ofm_json_loads() gives them), or NULL for an empty body. */
    json_t *(*body_json)(const struct ofm_wsgi_request *);

    /* Replies with 'status' and 'json' as the body ("application/json";
     * json_dumps() form, or an empty body when 'json' is NULL).  Steals
     * the reference to 'json'.  Completes the request. */
    void (*reply_json)(struct ofm_wsgi_request *, unsigned int status, json_t *json);
    /* Replies with 'status' and the 'size' bytes at 'text' (copied) as a
     * body of 'content_type' (NULL: "text/plain; charset=utf-8"). */
    void (*reply_text)(struct ofm_wsgi_request *, unsigned int status,
                       const char *content_type, const char *text, size_t size);
    /* Replies with 'status' and the error body {"error": MESSAGE,
     * "field": FIELD}; 'field' may be NULL. */
    void (*reply_error)(struct ofm_wsgi_request *, unsigned int status,
                        const char *field, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

    /* Keeps the request open after the handler returns, to reply later.
     * Only from the handler (once).  'timeout' > 0: after that many
     * seconds without a reply, 'gone' is called with OFM_WSGI_GONE_TIMEOUT;
     * 0: no timeout.  'gone' (may be NULL, then do use a timeout) is
     * called at most once, and never after the reply. */
    void (*suspend)(struct ofm_wsgi_request *, double timeout,
                    ofm_wsgi_gone_fn *gone, void *aux);
};

/* The wsgi API for 'plugin', which must have OFM_WSGI_CONTEXT in its
 * 'contexts' (then it is never NULL). */
static inline const struct ofm_wsgi_api *
ofm_wsgi_get(struct ofm_plugin *plugin)
{
    return (const struct ofm_wsgi_api *) ofm_context_get(plugin, OFM_WSGI_CONTEXT);
}

#ifdef __cplusplus
}
#endif

#endif /* ofm/wsgi.h */
