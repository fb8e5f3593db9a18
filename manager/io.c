/* Plugin fd watchers: libev io watchers the manager owns, like timers
 * (timer.c), so plugins never see libev and every watcher stops when its
 * plugin goes away. */
#include <config.h>
#include "manager.h"

#include <stdlib.h>

struct ofm_io {
    ev_io w;
    struct ofm_plugin *plugin;
    ofm_io_fn *fn;
    void *aux;
    bool running;               /* Inside its callback. */
    bool cancelled;             /* Cancelled from its own callback. */
    struct ofm_io *next, *prev; /* The plugin's watchers. */
};

static void
io_unlink(struct ofm_io *io)
{
    if (io->prev) {
        io->prev->next = io->next;
    } else {
        io->plugin->ios = io->next;
    }
    if (io->next) {
        io->next->prev = io->prev;
    }
}

static int
io_to_ev(int events)
{
    return (events & OFM_IO_READ ? EV_READ : 0)
           | (events & OFM_IO_WRITE ? EV_WRITE : 0);
}

static void
io_cb(struct ev_loop *loop, ev_io *w, int revents)
{
    struct ofm_io *io = w->data;
    struct ofm_plugin *saved = dispatch_current;
    int events = (revents & EV_READ ? OFM_IO_READ : 0)
                 | (revents & EV_WRITE ? OFM_IO_WRITE : 0);

    io->running = true;
    dispatch_current = io->plugin;
    io->fn(io, events, io->aux);
    dispatch_current = saved;
    io->running = false;

    if (io->cancelled) {
        ev_io_stop(loop, &io->w);
        io_unlink(io);
        free(io);
    }
}

struct ofm_io *
ofm_io_add(struct ofm_plugin *p, int fd, int events, ofm_io_fn *fn, void *aux)
{
    if (!fn || fd < 0) {
        return NULL;
    }
    struct ofm_io *io = calloc(1, sizeof *io);
    if (!io) {
        abort();
    }
    io->plugin = p;
    io->fn = fn;
    io->aux = aux;
    ev_io_init(&io->w, io_cb, fd, io_to_ev(events));
    io->w.data = io;
    if (events) {
        ev_io_start(mgr_loop, &io->w);
    }
    io->next = p->ios;
    if (p->ios) {
        p->ios->prev = io;
    }
    p->ios = io;
    return io;
}

void
ofm_io_set_events(struct ofm_io *io, int events)
{
    if (!io || io->cancelled) {
        return;
    }
    int ev = io_to_ev(events);
    if (ev == (io->w.events & (EV_READ | EV_WRITE)) && ev_is_active(&io->w)) {
        return;
    }
    ev_io_stop(mgr_loop, &io->w);
    ev_io_set(&io->w, io->w.fd, ev);
    if (ev) {
        ev_io_start(mgr_loop, &io->w);
    }
}

void
ofm_io_cancel(struct ofm_io *io)
{
    if (!io) {
        return;
    }
    if (io->running) {
        io->cancelled = true;   /* io_cb() frees it on the way out. */
        return;
    }
    ev_io_stop(mgr_loop, &io->w);
    io_unlink(io);
    free(io);
}

void
io_cancel_all(struct ofm_plugin *p)
{
    while (p->ios) {
        struct ofm_io *io = p->ios;
        ev_io_stop(mgr_loop, &io->w);
        io_unlink(io);
        free(io);
    }
}
