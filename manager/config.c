/* The manager's own settings in the YAML file.
 *
 * Top-level keys are the manager's (the long option names, without
 * dashes changed) or the 'config_section' of a loaded plugin; anything
 * else is an error, so a typo never silently does nothing. */
#include <config.h>
#include "manager.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const config_manager_keys[] = {
    "apps", "plugin-path", "verbose", "default-log-level", "log-file",
    "pid-file", "ofp-listen-host", "ofp-tcp-listen-port",
    "echo-request-interval", "maximum-unreplied-echo-requests",
    "handshake-timeout", "multipart-max-bytes", "multipart-total-max-bytes",
    "multipart-timeout",
    "send-queue-limit", "wsapi-host", "wsapi-port", NULL,
};

const char *const config_plugin_opts[] = { "wsapi-host", "wsapi-port", NULL };

struct mgr_settings mgr_settings;

char *
mgr_xstrdup(const char *s)
{
    char *p = strdup(s);
    if (!p) {
        abort();
    }
    return p;
}

void
mgr_strv_push(char ***v, size_t *n, const char *s)
{
    char **nv = realloc(*v, (*n + 1) * sizeof *nv);
    if (!nv) {
        abort();
    }
    nv[(*n)++] = mgr_xstrdup(s);
    *v = nv;
}

void
settings_add_app(struct mgr_settings *s, const char *app)
{
    mgr_strv_push(&s->apps, &s->n_apps, app);
}

void
settings_add_plugin_dir(struct mgr_settings *s, const char *dir)
{
    mgr_strv_push(&s->plugin_path, &s->n_plugin_path, dir);
}

bool
settings_set_plugin_opt(struct mgr_settings *s, const char *name, const char *value)
{
    for (size_t i = 0; config_plugin_opts[i]; i++) {
        if (!strcmp(config_plugin_opts[i], name)) {
            free(s->plugin_opts[i]);
            s->plugin_opts[i] = mgr_xstrdup(value);
            return true;
        }
    }
    return false;
}

const char *
ofm_option(const char *name)
{
    for (size_t i = 0; config_plugin_opts[i]; i++) {
        if (!strcmp(config_plugin_opts[i], name)) {
            return mgr_settings.plugin_opts[i];
        }
    }
    return NULL;
}

static bool
cmdline_has(const char *const *set, const char *key)
{
    for (; set && *set; set++) {
        if (!strcmp(*set, key)) {
            return true;
        }
    }
    return false;
}

/* A list of strings, or one string. */
static int
for_each_string(const struct ofm_conf *c, void (*add)(struct mgr_settings *, const char *),
                struct mgr_settings *s, char *err, size_t err_size)
{
    if (ofm_conf_kind(c) == OFM_CONF_SCALAR) {
        add(s, ofm_conf_scalar(c));
        return 0;
    }
    if (ofm_conf_kind(c) != OFM_CONF_SEQ) {
        snprintf(err, err_size, "%s: expected a list of names", ofm_conf_where(c));
        return EINVAL;
    }
    for (size_t i = 0; i < ofm_conf_count(c); i++) {
        const struct ofm_conf *item = ofm_conf_at(c, i, NULL);
        if (ofm_conf_kind(item) != OFM_CONF_SCALAR) {
            snprintf(err, err_size, "%s: expected a name", ofm_conf_where(item));
            return EINVAL;
        }
        add(s, ofm_conf_scalar(item));
    }
    return 0;
}

int
config_apply(struct mgr_settings *s, const struct ofm_conf *conf,
             const char *const *cmdline_set, char *err, size_t err_size)
{
    const struct ofm_conf *c;
    long long n;
    double d;
    bool b;
    int error;

    if ((c = ofm_conf_get(conf, "apps"))
        && (error = for_each_string(c, settings_add_app, s, err, err_size))) {
        return error;
    }
    if ((c = ofm_conf_get(conf, "plugin-path"))
        && (error = for_each_string(c, settings_add_plugin_dir, s, err, err_size))) {
        return error;
    }
    if (!cmdline_has(cmdline_set, "verbose") && (c = ofm_conf_get(conf, "verbose"))) {
        if ((error = ofm_conf_to_bool(c, &b, err, err_size))) {
            return error;
        }
        s->verbose = b;
    }
    if (!cmdline_has(cmdline_set, "default-log-level")
        && (c = ofm_conf_get(conf, "default-log-level"))) {
        if ((error = ofm_conf_to_int(c, 0, 50, &n, err, err_size))) {
            return error;
        }
        s->log_level = n;
    }
    const char *str = NULL;
    if (!cmdline_has(cmdline_set, "log-file")) {
        if ((error = ofm_conf_get_string(conf, "log-file", &str, err, err_size))) {
            return error;
        }
        if (str) {
            free(s->log_file);
            s->log_file = mgr_xstrdup(str);
        }
    }
    str = NULL;
    if (!cmdline_has(cmdline_set, "pid-file")) {
        if ((error = ofm_conf_get_string(conf, "pid-file", &str, err, err_size))) {
            return error;
        }
        if (str) {
            free(s->pid_file);
            s->pid_file = mgr_xstrdup(str);
        }
    }
    str = NULL;
    if (!cmdline_has(cmdline_set, "ofp-listen-host")) {
        if ((error = ofm_conf_get_string(conf, "ofp-listen-host", &str, err, err_size))) {
            return error;
        }
        if (str) {
            free(s->listen_host);
            s->listen_host = mgr_xstrdup(str);
        }
    }
    if (!cmdline_has(cmdline_set, "ofp-tcp-listen-port")
        && (c = ofm_conf_get(conf, "ofp-tcp-listen-port"))) {
        if ((error = ofm_conf_to_int(c, 1, 65535, &n, err, err_size))) {
            return error;
        }
        s->listen_ports[0] = n;
        s->listen_ports[1] = 0;
    }
    if (!cmdline_has(cmdline_set, "echo-request-interval")
        && (c = ofm_conf_get(conf, "echo-request-interval"))) {
        if ((error = ofm_conf_to_double(c, 0, 86400, &d, err, err_size))) {
            return error;
        }
        s->echo_interval = d;
    }
    if (!cmdline_has(cmdline_set, "maximum-unreplied-echo-requests")
        && (c = ofm_conf_get(conf, "maximum-unreplied-echo-requests"))) {
        if ((error = ofm_conf_to_int(c, 0, 1000, &n, err, err_size))) {
            return error;
        }
        s->echo_max_unreplied = n;
    }
    if (!cmdline_has(cmdline_set, "handshake-timeout")
        && (c = ofm_conf_get(conf, "handshake-timeout"))) {
        if ((error = ofm_conf_to_double(c, 0, 3600, &d, err, err_size))) {
            return error;
        }
        s->handshake_timeout = d;
    }
    if (!cmdline_has(cmdline_set, "multipart-timeout")
        && (c = ofm_conf_get(conf, "multipart-timeout"))) {
        if ((error = ofm_conf_to_double(c, 0.001, 86400, &d, err, err_size))) {
            return error;
        }
        s->mp_timeout = d;
    }
    if (!cmdline_has(cmdline_set, "multipart-max-bytes")
        && (c = ofm_conf_get(conf, "multipart-max-bytes"))) {
        if ((error = ofm_conf_to_int(c, 65536, 1LL << 32, &n, err, err_size))) {
            return error;
        }
        s->mp_max_bytes = n;
    }
    if (!cmdline_has(cmdline_set, "multipart-total-max-bytes")
        && (c = ofm_conf_get(conf, "multipart-total-max-bytes"))) {
        if ((error = ofm_conf_to_int(c, 65536, 1LL << 40, &n, err, err_size))) {
            return error;
        }
        s->mp_total_max_bytes = n;
    }
    for (size_t i = 0; config_plugin_opts[i]; i++) {
        const char *key = config_plugin_opts[i];
        if (cmdline_has(cmdline_set, key) || !(c = ofm_conf_get(conf, key))) {
            continue;
        }
        if (ofm_conf_kind(c) != OFM_CONF_SCALAR) {
            snprintf(err, err_size, "%s: '%s' takes one value", ofm_conf_where(c), key);
            return EINVAL;
        }
        settings_set_plugin_opt(s, key, ofm_conf_scalar(c));
    }
    if ((c = ofm_conf_get(conf, "send-queue-limit"))) {
        if ((error = ofm_conf_to_int(c, 65536, 1LL << 32, &n, err, err_size))) {
            return error;
        }
        s->tx_queue_limit = n;
    }
    return 0;
}

int
config_check_sections(const struct ofm_conf *conf, char *err, size_t err_size)
{
    for (size_t i = 0; i < ofm_conf_count(conf); i++) {
        const char *key;
        ofm_conf_at(conf, i, &key);
        bool known = cmdline_has(config_manager_keys, key);
        for (size_t k = 0; k < mgr_plugins.n && !known; k++) {
            const char *section = mgr_plugins.v[k]->desc->config_section;
            known = section && !strcmp(section, key);
        }
        if (!known) {
            snprintf(err, err_size, "%s: unknown top-level key '%s' (not an ofmanager "
                     "setting, nor the section of a loaded plugin)",
                     ofm_conf_key_where(conf, i), key);
            return EINVAL;
        }
    }
    return 0;
}
