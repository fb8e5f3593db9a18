/* The manager's own settings in the YAML file.
 *
 * Top-level keys are the manager's (the long option names, without
 * dashes changed) or the 'config_section' of a loaded plugin; anything
 * else is an error, so a typo never silently does nothing. */
#include <config.h>
#include "manager.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const config_manager_keys[] = {
    "apps", "plugin-path", "verbose", "use-stderr", "use-syslog",
    "default-log-level", "log-file",
    "pid-file", "ofp-listen-host", "ofp-tcp-listen-port",
    "echo-request-interval", "maximum-unreplied-echo-requests",
    "handshake-timeout", "multipart-max-bytes", "multipart-total-max-bytes",
    "multipart-timeout",
    "send-queue-limit", "wsapi-host", "wsapi-port",
    "ofp-ssl-listen-port", "ctl-privkey", "ctl-cert", "ca-certs",
    "ofp-switch-address-list", "ofp-switch-connect-interval", NULL,
};

const char *const config_plugin_opts[] = { "wsapi-host", "wsapi-port", NULL };

/* The defaults that the unit tests, which skip main(), see as well. */
struct mgr_settings mgr_settings = {
    .ssl_listen_port = 6653,
    .connect_interval = 1,
    .handshake_timeout = 5,
    .mp_max_bytes = 4 << 20,
    .mp_total_max_bytes = 64 << 20,
    .mp_timeout = 10,
};

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
settings_add_switch_addrs(struct mgr_settings *s, const char *list)
{
    char *copy = mgr_xstrdup(list), *save = NULL;
    for (char *a = strtok_r(copy, ", ", &save); a; a = strtok_r(NULL, ", ", &save)) {
        mgr_strv_push(&s->switch_addrs, &s->n_switch_addrs, a);
    }
    free(copy);
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
for_each_string(const struct ofm_conf *c, const char *key,
                void (*add)(struct mgr_settings *, const char *),
                struct mgr_settings *s, char *err, size_t err_size)
{
    if (ofm_conf_kind(c) == OFM_CONF_SCALAR) {
        if (!*ofm_conf_scalar(c)) {
            snprintf(err, err_size, "%s: %s: expected a list of names, found nothing",
                     ofm_conf_where(c), key);
            return EINVAL;
        }
        add(s, ofm_conf_scalar(c));
        return 0;
    }
    if (ofm_conf_kind(c) != OFM_CONF_SEQ) {
        snprintf(err, err_size, "%s: %s: expected a list of names", ofm_conf_where(c), key);
        return EINVAL;
    }
    for (size_t i = 0; i < ofm_conf_count(c); i++) {
        const struct ofm_conf *item = ofm_conf_at(c, i, NULL);
        if (ofm_conf_kind(item) != OFM_CONF_SCALAR || !*ofm_conf_scalar(item)) {
            snprintf(err, err_size, "%s: %s: expected a name", ofm_conf_where(item), key);
            return EINVAL;
        }
        add(s, ofm_conf_scalar(item));
    }
    return 0;
}

/* A YAML boolean, as Ryu's options are booleans: true/false, yes/no,
 * on/off (any case).  Anything else, "1" included, is an error naming the
 * place and the key, rather than a guess. */
static int
conf_bool(const struct ofm_conf *c, const char *key, bool *out, char *err, size_t err_size)
{
    static const char *const yes[] = { "true", "yes", "on" };
    static const char *const no[] = { "false", "no", "off" };
    const char *v = ofm_conf_scalar(c);
    for (size_t i = 0; v && i < sizeof yes / sizeof *yes; i++) {
        if (!strcasecmp(v, yes[i]) || !strcasecmp(v, no[i])) {
            *out = !strcasecmp(v, yes[i]);
            return 0;
        }
    }
    if (v) {
        snprintf(err, err_size, "%s: %s: '%s' is not a boolean (true or false, yes or "
                 "no, on or off)", ofm_conf_where(c), key, v);
    } else {
        snprintf(err, err_size, "%s: %s: expected a boolean (true or false), found a %s",
                 ofm_conf_where(c), key, ofm_conf_kind(c) == OFM_CONF_MAP ? "map" : "list");
    }
    return EINVAL;
}

/* A decimal integer from 'min' to 'max' (no octal "010", no hex, no sign
 * games), named by 'key' in the error. */
static int
conf_int(const struct ofm_conf *c, const char *key, long long min, long long max,
         long long *out, char *err, size_t err_size)
{
    const char *v = ofm_conf_scalar(c);
    char *end = NULL;
    errno = 0;
    long long n = v ? strtoll(v, &end, 10) : 0;
    if (!v || !*v || *end || errno || n < min || n > max
        || (v[0] == '0' && v[1]) || v[0] == '+' || v[0] == ' ') {
        snprintf(err, err_size, "%s: %s: '%s' is not an integer from %lld to %lld",
                 ofm_conf_where(c), key, v ? v : "(a list or map)", min, max);
        return EINVAL;
    }
    *out = n;
    return 0;
}

/* A number from 'min' to 'max', named by 'key' in the error (the reader's
 * own message names only the place). */
static int
conf_double(const struct ofm_conf *c, const char *key, double min, double max,
            double *out, char *err, size_t err_size)
{
    int error = ofm_conf_to_double(c, min, max, out, err, err_size);
    if (error) {
        char why[512];
        snprintf(why, sizeof why, "%s", err);
        const char *colon = strstr(why, ": ");
        snprintf(err, err_size, "%s: %s%s", ofm_conf_where(c), key,
                 colon ? colon : ": not a number");
    }
    return error;
}

/* A non-empty string (a file name, a host). */
static int
conf_string(const struct ofm_conf *conf, const char *key, const char **out,
            char *err, size_t err_size)
{
    const struct ofm_conf *c = ofm_conf_get(conf, key);
    if (!c) {
        return 0;
    }
    const char *v = ofm_conf_scalar(c);
    if (!v || !*v) {
        snprintf(err, err_size, "%s: %s: expected a non-empty string", ofm_conf_where(c),
                 key);
        return EINVAL;
    }
    *out = v;
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
        && (error = for_each_string(c, "apps", settings_add_app, s, err, err_size))) {
        return error;
    }
    if ((c = ofm_conf_get(conf, "plugin-path"))
        && (error = for_each_string(c, "plugin-path", settings_add_plugin_dir, s, err, err_size))) {
        return error;
    }
    static const struct { const char *key; size_t offset; } bools[] = {
        { "verbose", offsetof(struct mgr_settings, verbose) },
        { "use-stderr", offsetof(struct mgr_settings, use_stderr) },
        { "use-syslog", offsetof(struct mgr_settings, use_syslog) },
    };
    for (size_t i = 0; i < sizeof bools / sizeof *bools; i++) {
        const char *key = bools[i].key;
        if (!cmdline_has(cmdline_set, key) && (c = ofm_conf_get(conf, key))) {
            if ((error = conf_bool(c, key, &b, err, err_size))) {
                return error;
            }
            *(bool *) ((char *) s + bools[i].offset) = b;
        }
    }
    if (!cmdline_has(cmdline_set, "default-log-level")
        && (c = ofm_conf_get(conf, "default-log-level"))) {
        if ((error = conf_int(c, "default-log-level", 0, 50, &n, err, err_size))) {
            return error;
        }
        s->log_level = n;
    }
    static const struct { const char *key; size_t offset; } strings[] = {
        { "log-file", offsetof(struct mgr_settings, log_file) },
        { "pid-file", offsetof(struct mgr_settings, pid_file) },
        { "ofp-listen-host", offsetof(struct mgr_settings, listen_host) },
        { "ctl-privkey", offsetof(struct mgr_settings, ctl_privkey) },
        { "ctl-cert", offsetof(struct mgr_settings, ctl_cert) },
        { "ca-certs", offsetof(struct mgr_settings, ca_certs) },
    };
    for (size_t i = 0; i < sizeof strings / sizeof *strings; i++) {
        const char *key = strings[i].key, *str = NULL;
        if (cmdline_has(cmdline_set, key)) {
            continue;
        }
        if ((error = conf_string(conf, key, &str, err, err_size))) {
            return error;
        }
        if (str) {
            char **field = (char **) ((char *) s + strings[i].offset);
            free(*field);
            *field = mgr_xstrdup(str);
        }
    }
    if (!cmdline_has(cmdline_set, "ofp-tcp-listen-port")
        && (c = ofm_conf_get(conf, "ofp-tcp-listen-port"))) {
        if ((error = conf_int(c, "ofp-tcp-listen-port", 1, 65535, &n, err, err_size))) {
            return error;
        }
        s->listen_ports[0] = n;
        s->listen_ports[1] = 0;
        s->tcp_port_given = true;
    }
    if (!cmdline_has(cmdline_set, "ofp-ssl-listen-port")
        && (c = ofm_conf_get(conf, "ofp-ssl-listen-port"))) {
        if ((error = conf_int(c, "ofp-ssl-listen-port", 1, 65535, &n, err, err_size))) {
            return error;
        }
        s->ssl_listen_port = n;
    }
    if (!cmdline_has(cmdline_set, "ofp-switch-address-list")
        && (c = ofm_conf_get(conf, "ofp-switch-address-list"))
        && (error = for_each_string(c, "ofp-switch-address-list",
                                    settings_add_switch_addrs, s, err, err_size))) {
        return error;
    }
    if (!cmdline_has(cmdline_set, "ofp-switch-connect-interval")
        && (c = ofm_conf_get(conf, "ofp-switch-connect-interval"))) {
        if ((error = conf_double(c, "ofp-switch-connect-interval", 0.01, 3600, &d, err,
                                 err_size))) {
            return error;
        }
        s->connect_interval = d;
    }
    if (!cmdline_has(cmdline_set, "echo-request-interval")
        && (c = ofm_conf_get(conf, "echo-request-interval"))) {
        if ((error = conf_double(c, "echo-request-interval", 0, 86400, &d, err,
                                 err_size))) {
            return error;
        }
        s->echo_interval = d;
    }
    if (!cmdline_has(cmdline_set, "maximum-unreplied-echo-requests")
        && (c = ofm_conf_get(conf, "maximum-unreplied-echo-requests"))) {
        if ((error = conf_int(c, "maximum-unreplied-echo-requests", 0, 1000, &n, err, err_size))) {
            return error;
        }
        s->echo_max_unreplied = n;
    }
    if (!cmdline_has(cmdline_set, "handshake-timeout")
        && (c = ofm_conf_get(conf, "handshake-timeout"))) {
        if ((error = conf_double(c, "handshake-timeout", 0, 3600, &d, err, err_size))) {
            return error;
        }
        s->handshake_timeout = d;
    }
    if (!cmdline_has(cmdline_set, "multipart-timeout")
        && (c = ofm_conf_get(conf, "multipart-timeout"))) {
        if ((error = conf_double(c, "multipart-timeout", 0.001, 86400, &d, err,
                                 err_size))) {
            return error;
        }
        s->mp_timeout = d;
    }
    if (!cmdline_has(cmdline_set, "multipart-max-bytes")
        && (c = ofm_conf_get(conf, "multipart-max-bytes"))) {
        if ((error = conf_int(c, "multipart-max-bytes", 65536, 1LL << 32, &n, err,
                              err_size))) {
            return error;
        }
        s->mp_max_bytes = n;
    }
    if (!cmdline_has(cmdline_set, "multipart-total-max-bytes")
        && (c = ofm_conf_get(conf, "multipart-total-max-bytes"))) {
        if ((error = conf_int(c, "multipart-total-max-bytes", 65536, 1LL << 40, &n, err,
                              err_size))) {
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
        if ((error = conf_int(c, "send-queue-limit", 65536, 1LL << 32, &n, err, err_size))) {
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
