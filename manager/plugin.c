/* Finding plugins in the plugin path, loading them with dlopen(), and
 * checking that they were built against a compatible SDK. */
#include <config.h>
#include "manager.h"

#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct plugin_set mgr_plugins;

/* The oldest descriptor we can read: everything up to 'fini'. */
#define DESC_MIN_SIZE (offsetof(struct ofm_plugin_desc, fini) + sizeof(void (*)(void)))

static bool
is_file(const char *path)
{
    struct stat st;
    return !stat(path, &st) && S_ISREG(st.st_mode);
}

static bool
has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcmp(s + n - m, suffix);
}

/* Finds the file for 'app': a name with a '/' is a path; otherwise each
 * directory of the plugin path is tried with "NAME.so" (or "NAME" when it
 * already ends in ".so"). */
static char *
plugin_find(const char *app, char *const *path, size_t n_path, char *err, size_t err_size)
{
    if (strchr(app, '/')) {
        if (!is_file(app)) {
            snprintf(err, err_size, "plugin %s: %s", app, strerror(errno ? errno : ENOENT));
            return NULL;
        }
        return mgr_xstrdup(app);
    }

    const char *suffix = has_suffix(app, ".so") ? "" : ".so";
    for (size_t i = 0; i < n_path; i++) {
        char file[PATH_MAX];
        int n = snprintf(file, sizeof file, "%s/%s%s", path[i], app, suffix);
        if (n > 0 && (size_t) n < sizeof file && is_file(file)) {
            return mgr_xstrdup(file);
        }
    }

    int len = snprintf(err, err_size, "plugin %s%s not found in the plugin path (",
                       app, suffix);
    for (size_t i = 0; i < n_path && len >= 0 && (size_t) len < err_size; i++) {
        len += snprintf(err + len, err_size - len, "%s%s", i ? ":" : "", path[i]);
    }
    if (len >= 0 && (size_t) len < err_size) {
        snprintf(err + len, err_size - len, "%s)", n_path ? "" : "empty");
    }
    return NULL;
}

struct ofm_plugin *
plugin_open(const char *file, char *err, size_t err_size)
{
    /* RTLD_LOCAL keeps one plugin's symbols from resolving another's. */
    void *dl = dlopen(file, RTLD_NOW | RTLD_LOCAL);
    if (!dl) {
        snprintf(err, err_size, "plugin %s: cannot load: %s", file, dlerror());
        return NULL;
    }

    const struct ofm_plugin_desc *desc = dlsym(dl, OFM_PLUGIN_SYMBOL);
    if (!desc) {
        snprintf(err, err_size, "plugin %s: no '%s' symbol: not an ofmanager plugin",
                 file, OFM_PLUGIN_SYMBOL);
        dlclose(dl);
        return NULL;
    }
    if (desc->abi_major != OFM_ABI_MAJOR || desc->abi_minor > OFM_ABI_MINOR) {
        snprintf(err, err_size, "plugin %s is not binary compatible: built for SDK "
                 "ABI %u.%u, this ofmanager provides ABI %d.%d", file,
                 desc->abi_major, desc->abi_minor, OFM_ABI_MAJOR, OFM_ABI_MINOR);
        dlclose(dl);
        return NULL;
    }
    if (desc->size < DESC_MIN_SIZE) {
        snprintf(err, err_size, "plugin %s: descriptor of %u bytes is too small "
                 "(at least %zu)", file, desc->size, (size_t) DESC_MIN_SIZE);
        dlclose(dl);
        return NULL;
    }
    if (!desc->name || !desc->name[0] || !desc->init) {
        snprintf(err, err_size, "plugin %s: descriptor lacks a %s", file,
                 !desc->init ? "init function" : "name");
        dlclose(dl);
        return NULL;
    }

    struct ofm_plugin *p = calloc(1, sizeof *p);
    if (!p) {
        abort();
    }
    p->desc = desc;
    p->dl = dl;
    p->path = mgr_xstrdup(file);
    char resolved[PATH_MAX];
    p->realpath = mgr_xstrdup(realpath(file, resolved) ? resolved : file);
    return p;
}

void
plugin_unload(struct ofm_plugin *p)
{
    if (!p) {
        return;
    }
    dispatch_forget_plugin(p);
    timer_cancel_all(p);
    io_cancel_all(p);
    if (p->dl) {
        dlclose(p->dl);
    }
    free(p->uses);
    free(p->path);
    free(p->realpath);
    free(p);
}

struct ofm_plugin *
plugin_find_by_name(const struct plugin_set *set, const char *name)
{
    for (size_t i = 0; i < set->n; i++) {
        if (!strcmp(set->v[i]->desc->name, name)) {
            return set->v[i];
        }
    }
    return NULL;
}

static void
set_add(struct plugin_set *set, struct ofm_plugin *p)
{
    struct ofm_plugin **v = realloc(set->v, (set->n + 1) * sizeof *v);
    if (!v) {
        abort();
    }
    set->v = v;
    set->v[set->n++] = p;
}

struct ofm_plugin *
plugin_load(struct plugin_set *set, const char *app, char *const *path,
            size_t n_path, char *err, size_t err_size)
{
    char *file = plugin_find(app, path, n_path, err, err_size);
    if (!file) {
        return NULL;
    }

    /* The same file named twice (by path or by name) is loaded once. */
    char resolved[PATH_MAX];
    const char *real = realpath(file, resolved) ? resolved : file;
    for (size_t i = 0; i < set->n; i++) {
        if (!strcmp(set->v[i]->realpath, real)) {
            ofm_log(MGR_NAME, OFM_LOG_DEBUG, "app %s is already loaded", app);
            free(file);
            return set->v[i];
        }
    }

    ofm_log(MGR_NAME, OFM_LOG_DEBUG, "loading app %s", file);
    struct ofm_plugin *p = plugin_open(file, err, err_size);
    free(file);
    if (!p) {
        return NULL;
    }

    struct ofm_plugin *twin = plugin_find_by_name(set, p->desc->name);
    if (twin) {
        snprintf(err, err_size, "plugins %s and %s are both named '%s'",
                 twin->path, p->path, p->desc->name);
        plugin_unload(p);
        return NULL;
    }
    set_add(set, p);
    return p;
}

void
plugin_set_free(struct plugin_set *set)
{
    for (size_t i = set->n; i-- > 0;) {
        plugin_unload(set->v[i]);
    }
    free(set->v);
    set->v = NULL;
    set->n = 0;
}

int
plugins_init(struct plugin_set *set, char *err, size_t err_size)
{
    int n_failed = 0;
    size_t err_len = 0;
    if (err && err_size) {
        err[0] = '\0';
    }

    for (size_t i = 0; i < set->n; i++) {
        struct ofm_plugin *p = set->v[i];
        char reason[512] = "";
        int error = 0;

        /* Providers come first: a failed one takes its users down with it. */
        for (size_t k = 0; k < p->n_uses && !error; k++) {
            if (!p->uses[k]->initialized) {
                snprintf(reason, sizeof reason, "its context '%s' (plugin %s) "
                         "failed to start", p->uses[k]->desc->provides,
                         p->uses[k]->desc->name);
                error = EINVAL;
            }
        }
        if (!error) {
            ofm_log(MGR_NAME, OFM_LOG_DEBUG, "instantiating app %s of %s", p->path,
                    p->desc->name);
            dispatch_current = p;
            dispatch_in_init = true;
            error = p->desc->init(p, reason, sizeof reason);
            dispatch_in_init = false;
            dispatch_current = NULL;
            if (!error && p->desc->provides && !p->api) {
                snprintf(reason, sizeof reason, "it declares context '%s' but did "
                         "not call ofm_context_provide() in init", p->desc->provides);
                if (p->desc->fini) {
                    p->desc->fini(p);
                }
                error = EINVAL;
            }
        }
        if (error) {
            /* What it registered before failing goes with it. */
            dispatch_forget_plugin(p);
            timer_cancel_all(p);
            io_cancel_all(p);
            ofm_log(MGR_NAME, OFM_LOG_ERROR, "plugin %s (%s) failed to start: %s",
                    p->desc->name, p->path, reason[0] ? reason : "init failed");
            if (err && err_len < err_size) {
                int n = snprintf(err + err_len, err_size - err_len,
                                 "%splugin %s (%s) failed to start: %s",
                                 err_len ? "\n" : "", p->desc->name, p->path,
                                 reason[0] ? reason : "init failed");
                err_len += n > 0 ? n : 0;
            }
            n_failed++;
            /* The start stops here: the rest are not initialized, and
             * plugins_fini() stops those that were. */
            break;
        }
        p->initialized = true;
    }

    /* Drop the failed one and those not started; nothing that remains uses
     * them, since providers come first. */
    size_t k = 0;
    for (size_t i = 0; i < set->n; i++) {
        if (set->v[i]->initialized) {
            set->v[k++] = set->v[i];
        } else {
            plugin_unload(set->v[i]);
        }
    }
    set->n = k;
    return n_failed;
}

void
plugins_fini(struct plugin_set *set)
{
    for (size_t i = set->n; i-- > 0;) {
        struct ofm_plugin *p = set->v[i];
        if (p->initialized && p->desc->fini) {
            ofm_log(MGR_NAME, OFM_LOG_DEBUG, "stopping app %s", p->desc->name);
            dispatch_current = p;
            p->desc->fini(p);
            dispatch_current = NULL;
        }
        p->initialized = false;
    }
    plugin_set_free(set);
}

/* ---- The plugin-facing API. ---- */

const char *
ofm_plugin_name(const struct ofm_plugin *p)
{
    return p->desc->name;
}

void
ofm_plugin_set_data(struct ofm_plugin *p, void *data)
{
    p->data = data;
}

void *
ofm_plugin_data(const struct ofm_plugin *p)
{
    return p->data;
}

const struct ofm_conf *
ofm_plugin_config(const struct ofm_plugin *p)
{
    const char *section = p->desc->config_section;
    return section && mgr_settings.conf ? ofm_conf_get(mgr_settings.conf, section) : NULL;
}

void
ofm_context_provide(struct ofm_plugin *p, const void *api)
{
    p->api = api;
}

const void *
ofm_context_get(struct ofm_plugin *p, const char *context)
{
    for (size_t i = 0; i < p->n_uses; i++) {
        const char *provides = p->uses[i]->desc->provides;
        if (provides && !strcmp(provides, context)) {
            return p->uses[i]->api;
        }
    }
    return NULL;
}

void
ofm_plog(const struct ofm_plugin *p, enum ofm_log_level level, const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    ofm_vlog(p ? p->desc->name : MGR_NAME, level, fmt, args);
    va_end(args);
}
