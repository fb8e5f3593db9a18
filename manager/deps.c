/* Contexts (Ryu's _CONTEXTS): load the plugins that provide what others
 * require, then order all plugins so every provider is initialized before
 * its users.
 *
 * A plugin whose context has no provider, or that is part of a dependency
 * cycle, is refused before anything runs, with every plugin involved
 * named; so are the plugins that need a refused one.  Any refusal stops
 * the start (main.c), so only the first is logged: one message, which for
 * a cycle names the whole cycle.  'err' gets them all. */
#include <config.h>
#include "manager.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct resolver {
    struct plugin_set *set;
    char *err;
    size_t err_size, err_len;
    int n_refused;
};

static void __attribute__((format(printf, 3, 4)))
refuse(struct resolver *r, struct ofm_plugin *p, const char *fmt, ...)
{
    if (p->refused) {
        return;                 /* The first reason is the real one. */
    }
    p->refused = true;
    r->n_refused++;

    char why[768];
    va_list args;
    va_start(args, fmt);
    vsnprintf(why, sizeof why, fmt, args);
    va_end(args);

    if (r->n_refused == 1) {
        ofm_log(MGR_NAME, OFM_LOG_ERROR, "plugin %s (%s) refused: %s", p->desc->name,
                p->path, why);
    }
    if (r->err && r->err_len < r->err_size) {
        int n = snprintf(r->err + r->err_len, r->err_size - r->err_len,
                         "%splugin %s (%s) refused: %s", r->err_len ? "\n" : "",
                         p->desc->name, p->path, why);
        if (n > 0) {
            r->err_len += n;
        }
    }
}

static struct ofm_plugin *
find_provider(const struct plugin_set *set, const char *context)
{
    for (size_t i = 0; i < set->n; i++) {
        const char *provides = set->v[i]->desc->provides;
        if (provides && !strcmp(provides, context)) {
            return set->v[i];
        }
    }
    return NULL;
}

static size_t
index_of(const struct plugin_set *set, const struct ofm_plugin *p)
{
    for (size_t i = 0; i < set->n; i++) {
        if (set->v[i] == p) {
            return i;
        }
    }
    return SIZE_MAX;
}

/* Loads a provider for every required context not provided yet.  The set
 * grows while we walk it, so providers' own requirements are met too. */
static void
load_providers(struct resolver *r, char *const *path, size_t n_path)
{
    struct plugin_set *set = r->set;
    for (size_t i = 0; i < set->n; i++) {
        struct ofm_plugin *user = set->v[i];
        for (const char *const *req = user->desc->contexts; req && *req; req++) {
            if (find_provider(set, *req)) {
                continue;
            }

            char why[512];
            struct ofm_plugin *p = plugin_load(set, *req, path, n_path, why, sizeof why);
            if (!p) {
                refuse(r, user, "it requires context '%s', which no plugin "
                       "provides (%s)", *req, why);
            } else if (!p->desc->provides || strcmp(p->desc->provides, *req)) {
                refuse(r, user, "it requires context '%s', but %s (plugin %s) "
                       "does not provide it", *req, p->path, p->desc->name);
            } else {
                p->as_context = true;
                ofm_log(MGR_NAME, OFM_LOG_DEBUG, "creating context %s", *req);
            }
        }
    }
}

/* Two plugins providing one context would leave ofm_context_get() to guess. */
static void
check_unique_providers(struct resolver *r)
{
    struct plugin_set *set = r->set;
    for (size_t i = 0; i < set->n; i++) {
        const char *provides = set->v[i]->desc->provides;
        for (size_t j = 0; provides && j < i; j++) {
            const char *other = set->v[j]->desc->provides;
            if (other && !strcmp(other, provides)) {
                refuse(r, set->v[i], "context '%s' is already provided by plugin "
                       "%s (%s)", provides, set->v[j]->desc->name, set->v[j]->path);
            }
        }
    }
}

static void
resolve_uses(struct plugin_set *set)
{
    for (size_t i = 0; i < set->n; i++) {
        struct ofm_plugin *p = set->v[i];
        size_t n = 0;
        for (const char *const *req = p->desc->contexts; req && *req; req++) {
            n++;
        }
        free(p->uses);
        p->uses = calloc(n ? n : 1, sizeof *p->uses);
        if (!p->uses) {
            abort();
        }
        p->n_uses = 0;
        for (const char *const *req = p->desc->contexts; req && *req; req++) {
            struct ofm_plugin *provider = find_provider(set, *req);
            if (provider) {
                p->uses[p->n_uses++] = provider;
            }
        }
    }
}

enum mark { UNSEEN, ACTIVE, DONE };

struct sorter {
    struct resolver *r;
    enum mark *marks;
    size_t *stack;              /* Indexes on the current path. */
    size_t depth;
    struct ofm_plugin **order;
    size_t n_order;
};

/* Depth-first: a plugin goes into the order after everything it uses. */
static void
visit(struct sorter *s, size_t i)
{
    struct plugin_set *set = s->r->set;
    if (s->marks[i] == DONE) {
        return;
    }
    if (s->marks[i] == ACTIVE) {
        /* The cycle is the path from 'i' to the top, and back to 'i'. */
        size_t from = 0;
        while (s->stack[from] != i) {
            from++;
        }
        char cycle[512];
        int len = 0;
        for (size_t k = from; k < s->depth && len >= 0 && (size_t) len < sizeof cycle; k++) {
            len += snprintf(cycle + len, sizeof cycle - len, "%s -> ",
                            set->v[s->stack[k]]->desc->name);
        }
        if (len >= 0 && (size_t) len < sizeof cycle) {
            snprintf(cycle + len, sizeof cycle - len, "%s", set->v[i]->desc->name);
        }
        for (size_t k = from; k < s->depth; k++) {
            refuse(s->r, set->v[s->stack[k]], "context dependency cycle: %s", cycle);
        }
        return;
    }

    s->marks[i] = ACTIVE;
    s->stack[s->depth++] = i;
    struct ofm_plugin *p = set->v[i];
    for (size_t k = 0; k < p->n_uses; k++) {
        visit(s, index_of(set, p->uses[k]));
    }
    s->depth--;
    s->marks[i] = DONE;
    s->order[s->n_order++] = p;
}

static void
sort_by_deps(struct resolver *r)
{
    struct plugin_set *set = r->set;
    struct sorter s = {
        .r = r,
        .marks = calloc(set->n + 1, sizeof *s.marks),
        .stack = calloc(set->n + 1, sizeof *s.stack),
        .order = calloc(set->n + 1, sizeof *s.order),
    };
    if (!s.marks || !s.stack || !s.order) {
        abort();
    }
    /* Visiting in load order keeps the user's order where contexts allow. */
    for (size_t i = 0; i < set->n; i++) {
        visit(&s, i);
    }
    if (set->n) {
        memcpy(set->v, s.order, set->n * sizeof *set->v);
    }
    free(s.marks);
    free(s.stack);
    free(s.order);
}

int
deps_resolve(struct plugin_set *set, char *const *path, size_t n_path,
             char *err, size_t err_size)
{
    struct resolver r = { .set = set, .err = err, .err_size = err_size };
    if (err && err_size) {
        err[0] = '\0';
    }

    load_providers(&r, path, n_path);
    check_unique_providers(&r);
    resolve_uses(set);
    sort_by_deps(&r);

    /* Providers now come first, so one pass carries refusal to users. */
    for (size_t i = 0; i < set->n; i++) {
        struct ofm_plugin *p = set->v[i];
        for (size_t k = 0; k < p->n_uses; k++) {
            if (p->uses[k]->refused) {
                refuse(&r, p, "it requires context '%s' from plugin %s, which was "
                       "refused", p->uses[k]->desc->provides, p->uses[k]->desc->name);
            }
        }
    }

    size_t k = 0;
    for (size_t i = 0; i < set->n; i++) {
        if (set->v[i]->refused) {
            plugin_unload(set->v[i]);
        } else {
            set->v[k++] = set->v[i];
        }
    }
    set->n = k;
    return r.n_refused;
}
