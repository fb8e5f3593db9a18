/* Plugin timers: libev timers the manager owns, so plugins never see
 * libev and every timer stops when its plugin goes away. */
#include <config.h>
#include "manager.h"

#include <stdlib.h>

struct ofm_timer {
    ev_timer w;
    struct ofm_plugin *plugin;
    ofm_timer_fn *fn;
    void *aux;
    bool running;               /* Inside its callback. */
    bool cancelled;             /* Cancelled from its own callback. */
    struct ofm_timer *next, *prev;  /* The plugin's timers. */
};

struct ev_loop *mgr_loop;

static void
timer_unlink(struct ofm_timer *t)
{
    if (t->prev) {
        t->prev->next = t->next;
    } else {
        t->plugin->timers = t->next;
    }
    if (t->next) {
        t->next->prev = t->prev;
    }
}

static void
timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
    struct ofm_timer *t = w->data;
    struct ofm_plugin *saved = dispatch_current;
    bool once = w->repeat == 0;

    t->running = true;
    dispatch_current = t->plugin;
    t->fn(t, t->aux);
    dispatch_current = saved;
    t->running = false;

    if (t->cancelled || once) {
        ev_timer_stop(loop, &t->w);
        timer_unlink(t);
        free(t);
    }
}

struct ofm_timer *
ofm_timer_add(struct ofm_plugin *p, double after, double repeat,
              ofm_timer_fn *fn, void *aux)
{
    if (!fn || after < 0 || repeat < 0) {
        return NULL;
    }
    struct ofm_timer *t = calloc(1, sizeof *t);
    if (!t) {
        abort();
    }
    t->plugin = p;
    t->fn = fn;
    t->aux = aux;
    ev_timer_init(&t->w, timer_cb, after, repeat);
    t->w.data = t;
    ev_timer_start(mgr_loop, &t->w);

    t->next = p->timers;
    if (p->timers) {
        p->timers->prev = t;
    }
    p->timers = t;
    return t;
}

void
ofm_timer_cancel(struct ofm_timer *t)
{
    if (!t) {
        return;
    }
    if (t->running) {
        t->cancelled = true;    /* timer_cb() frees it on the way out. */
        return;
    }
    ev_timer_stop(mgr_loop, &t->w);
    timer_unlink(t);
    free(t);
}

void
timer_cancel_all(struct ofm_plugin *p)
{
    while (p->timers) {
        struct ofm_timer *t = p->timers;
        ev_timer_stop(mgr_loop, &t->w);
        timer_unlink(t);
        free(t);
    }
}

double
ofm_now(void)
{
    return mgr_loop ? ev_now(mgr_loop) : 0;
}

void
timer_init(struct ev_loop *loop)
{
    mgr_loop = loop;
}
