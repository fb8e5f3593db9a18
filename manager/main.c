/* ofmanager: the command line, startup and shutdown. */
#include <config.h>
#include "manager.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *program = MGR_NAME;
/* The YAML file named a section no loaded plugin reads: exit status 2. */
static bool exit_status_config;

/* Settings the command line may name, at most. */
#define MAX_SET 64

static void
settings_free(struct mgr_settings *s)
{
    for (size_t i = 0; i < s->n_apps; i++) {
        free(s->apps[i]);
    }
    for (size_t i = 0; i < s->n_plugin_path; i++) {
        free(s->plugin_path[i]);
    }
    free(s->apps);
    free(s->plugin_path);
    free(s->log_file);
    free(s->pid_file);
    free(s->listen_host);
    free(s->ctl_privkey);
    free(s->ctl_cert);
    free(s->ca_certs);
    for (size_t i = 0; i < s->n_switch_addrs; i++) {
        free(s->switch_addrs[i]);
    }
    free(s->switch_addrs);
    for (size_t i = 0; config_plugin_opts[i]; i++) {
        free(s->plugin_opts[i]);
    }
    ofm_conf_free(s->conf);
    memset(s, 0, sizeof *s);
}

static void
usage(void)
{
    printf("Usage: %s [OPTIONS] [APP ...] [-- APP ...]\n"
           "Run OpenFlow controller APPs (plugins: a path to a .so, or a name\n"
           "looked up in the plugin path).  Options and apps may come in any\n"
           "order; after \"--\" everything is an app.\n\n"
           "Options:\n"
           "  --[no]verbose                    log debug output (off)\n"
           "  --config-file FILE               read settings from a YAML file\n"
           "  --ofp-listen-host HOST           address to listen on (0.0.0.0)\n"
           "  --ofp-tcp-listen-port PORT       port to listen on (6653 and 6633)\n"
"  --ofp-ssl-listen-port PORT       TLS port, with --ctl-privkey/--ctl-cert (6653)\n"
           "  --ctl-privkey FILE               controller private key (PEM): enables TLS\n"
           "  --ctl-cert FILE                  controller certificate (PEM)\n"
           "  --ca-certs FILE                  CA certificates: switches must present a\n"
           "                                   certificate they signed\n"
           "  --ofp-switch-address-list [tcp:|ssl:]HOST:PORT[,...]\n"
           "                                   switches to connect to\n"
           "  --ofp-switch-connect-interval SECONDS\n"
           "                                   wait between tries, backing off to 4x (1)\n"
           "  --default-log-level N            10 debug, 20 info, 30 warning, 40 error\n"
           "  --log-file FILE                  also log to FILE (SIGHUP reopens it)\n"
           "  --[no]use-stderr                 log to standard error (on)\n"
           "  --[no]use-syslog                 also log to syslog, facility daemon (off)\n"
           "  --pid-file FILE                  write the process id to FILE\n"
           "  --app-lists APP[,APP...]         more apps to run\n"
           "  --plugin-path DIR                search DIR for plugins (repeatable)\n"
           "  --echo-request-interval SECONDS  echo keepalive interval (15)\n"
           "  --maximum-unreplied-echo-requests N\n"
           "                                   disconnect after N unanswered echos (0)\n"
           "  --handshake-timeout SECONDS      bound on each handshake step (5)\n"
           "  --multipart-max-bytes N          partial multipart bytes per switch (4 MiB)\n"
           "  --multipart-total-max-bytes N    partial multipart bytes, all switches (64 MiB)\n"
           "  --multipart-timeout SECONDS      drop partial multipart replies after (10)\n"
           "  --wsapi-host HOST                REST API address, for plugins that\n"
           "                                   serve one (they default to 0.0.0.0)\n"
           "  --wsapi-port PORT                REST API port (they default to 8080)\n"
           "  --version                        print the versions and exit\n"
           "  -h, --help                       print this help and exit\n\n"
           "Plugin path: --plugin-path, then $OFM_PLUGIN_PATH, then %s.\n"
           "See ofmanager(8) and ofmanager.yaml(5).\n", program, OFM_PLUGINDIR);
}

/* "1.0, 1.3": the OpenFlow versions in 'bitmap'. */
static void
print_versions(uint32_t bitmap)
{
    static const char *const names[] = {
        [1] = "1.0", [2] = "1.1", [3] = "1.2", [4] = "1.3", [5] = "1.4", [6] = "1.5",
    };
    const char *sep = "";
    for (size_t v = 0; v < sizeof names / sizeof *names; v++) {
        if (names[v] && bitmap & OFM_VERSION_BIT(v)) {
            printf("%s%s", sep, names[v]);
            sep = ", ";
        }
    }
}

static void
print_version(void)
{
    printf("%s %s\nplugin ABI %d.%d\nOpenFlow ", program, PACKAGE_VERSION,
           OFM_ABI_MAJOR, OFM_ABI_MINOR);
    print_versions(MGR_OFP_VERSIONS);
    printf("\n");
}

static void __attribute__((noreturn, format(printf, 1, 2)))
usage_error(const char *fmt, ...)
{
    va_list args;
    fprintf(stderr, "%s: ", program);
    va_start(args, fmt);
    vfprintf(stderr, fmt, args);
    va_end(args);
    fprintf(stderr, " (try --help)\n");
    exit(2);
}

static long long
parse_int(const char *option, const char *arg, long long min, long long max)
{
    char *end;
    errno = 0;
    long long v = strtoll(arg, &end, 10);
    if (!*arg || *end || errno || v < min || v > max) {
        usage_error("--%s: '%s' is not an integer from %lld to %lld", option, arg,
                    min, max);
    }
    return v;
}

static double
parse_seconds(const char *option, const char *arg)
{
    char *end;
    errno = 0;
    double v = strtod(arg, &end);
    if (!*arg || *end || errno || !(v >= 0 && v <= 86400)) {
        usage_error("--%s: '%s' is not a number of seconds from 0 to 86400", option, arg);
    }
    return v;
}

/* Adds the build tree's plugin directory when we run from the build tree,
 * so "manager/ofmanager switch.so" works before "make install". */
static void
add_build_tree_path(struct mgr_settings *s)
{
#ifdef OFM_BUILDDIR
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) {
        return;
    }
    exe[n] = '\0';
    size_t len = strlen(OFM_BUILDDIR);
    if (!strncmp(exe, OFM_BUILDDIR, len) && exe[len] == '/') {
        settings_add_plugin_dir(s, OFM_BUILDDIR "/plugins/.libs");
        settings_add_plugin_dir(s, OFM_BUILDDIR "/tests/plugins/.libs");
    }
#else
    (void) s;
#endif
}

static void
add_env_path(struct mgr_settings *s)
{
    const char *env = getenv("OFM_PLUGIN_PATH");
    if (!env || !*env) {
        return;
    }
    char *copy = mgr_xstrdup(env), *save = NULL;
    for (char *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
        settings_add_plugin_dir(s, dir);
    }
    free(copy);
}

static void
add_app_list(struct mgr_settings *s, const char *list)
{
    char *copy = mgr_xstrdup(list), *save = NULL;
    for (char *app = strtok_r(copy, ",", &save); app; app = strtok_r(NULL, ",", &save)) {
        settings_add_app(s, app);
    }
    free(copy);
}

enum {
    OPT_VERBOSE = 256, OPT_NOVERBOSE, OPT_USE_STDERR, OPT_NOUSE_STDERR,
    OPT_USE_SYSLOG, OPT_NOUSE_SYSLOG, OPT_CONFIG, OPT_HOST, OPT_PORT, OPT_LOG_LEVEL,
    OPT_LOG_FILE, OPT_PID_FILE, OPT_APP_LISTS, OPT_PLUGIN_PATH,
    OPT_ECHO_INTERVAL, OPT_ECHO_MAX, OPT_VERSION, OPT_HELP,
    OPT_HANDSHAKE_TIMEOUT, OPT_MP_MAX, OPT_MP_TOTAL_MAX, OPT_MP_TIMEOUT,
    OPT_SSL_PORT, OPT_CTL_PRIVKEY, OPT_CTL_CERT, OPT_CA_CERTS, OPT_SWITCH_ADDRS,
    OPT_CONNECT_INTERVAL,
    OPT_PLUGIN_OPT,             /* + index in config_plugin_opts[]. */
};

static const struct option options[] = {
    { "verbose", no_argument, NULL, OPT_VERBOSE },
    { "noverbose", no_argument, NULL, OPT_NOVERBOSE },
    { "use-stderr", no_argument, NULL, OPT_USE_STDERR },
    { "nouse-stderr", no_argument, NULL, OPT_NOUSE_STDERR },
    { "use-syslog", no_argument, NULL, OPT_USE_SYSLOG },
    { "nouse-syslog", no_argument, NULL, OPT_NOUSE_SYSLOG },
    { "config-file", required_argument, NULL, OPT_CONFIG },
    { "ofp-listen-host", required_argument, NULL, OPT_HOST },
    { "ofp-tcp-listen-port", required_argument, NULL, OPT_PORT },
    { "ofp-ssl-listen-port", required_argument, NULL, OPT_SSL_PORT },
    { "ctl-privkey", required_argument, NULL, OPT_CTL_PRIVKEY },
    { "ctl-cert", required_argument, NULL, OPT_CTL_CERT },
    { "ca-certs", required_argument, NULL, OPT_CA_CERTS },
    { "ofp-switch-address-list", required_argument, NULL, OPT_SWITCH_ADDRS },
    { "ofp-switch-connect-interval", required_argument, NULL, OPT_CONNECT_INTERVAL },
    { "default-log-level", required_argument, NULL, OPT_LOG_LEVEL },
    { "log-file", required_argument, NULL, OPT_LOG_FILE },
    { "pid-file", required_argument, NULL, OPT_PID_FILE },
    { "app-lists", required_argument, NULL, OPT_APP_LISTS },
    { "plugin-path", required_argument, NULL, OPT_PLUGIN_PATH },
    { "echo-request-interval", required_argument, NULL, OPT_ECHO_INTERVAL },
    { "maximum-unreplied-echo-requests", required_argument, NULL, OPT_ECHO_MAX },
    { "handshake-timeout", required_argument, NULL, OPT_HANDSHAKE_TIMEOUT },
    { "multipart-max-bytes", required_argument, NULL, OPT_MP_MAX },
    { "multipart-total-max-bytes", required_argument, NULL, OPT_MP_TOTAL_MAX },
    { "multipart-timeout", required_argument, NULL, OPT_MP_TIMEOUT },
    { "version", no_argument, NULL, OPT_VERSION },
    { "help", no_argument, NULL, OPT_HELP },
    { "wsapi-host", required_argument, NULL, OPT_PLUGIN_OPT + 0 },
    { "wsapi-port", required_argument, NULL, OPT_PLUGIN_OPT + 1 },
    { NULL, 0, NULL, 0 },
};

/* The setting an option sets, as the YAML file names it: a negation
 * ("--noverbose") sets the same setting as its option, so the file must
 * not override either. */
static const char *
setting_name(const char *option)
{
    if (!strncmp(option, "no", 2)) {
        for (const struct option *o = options; o->name; o++) {
            if (!strcmp(o->name, option + 2)) {
                return o->name;
            }
        }
    }
    return option;
}

/* Parses the command line into 'mgr_settings'; returns the config file
 * named, if any.  'set' collects the settings given, which the YAML file
 * must not override.
 *
 * Options and apps mix in any order, as ryu-manager's argparse takes them
 * ("ofmanager switch.so --verbose"); "--" ends the options.  The leading
 * '-' of the short options keeps apps in their place among the options
 * whatever POSIXLY_CORRECT says. */
static const char *
parse_options(int argc, char *argv[], const char **set, size_t *n_set)
{
    struct mgr_settings *s = &mgr_settings;
    const char *config_file = NULL;
    char **cmd_dirs = NULL;
    size_t n_cmd_dirs = 0;

    opterr = 0;
    for (;;) {
        int index = -1;
        int c = getopt_long(argc, argv, "-:h", options, &index);
        if (c == -1) {
            break;
        }
        if (index >= 0 && *n_set < MAX_SET) {
            set[(*n_set)++] = setting_name(options[index].name);
        }
        switch (c) {
        case 1:
            settings_add_app(s, optarg);
            break;
        case OPT_VERBOSE:
        case OPT_NOVERBOSE:
            s->verbose = c == OPT_VERBOSE;
            break;
        case OPT_USE_STDERR:
        case OPT_NOUSE_STDERR:
            s->use_stderr = c == OPT_USE_STDERR;
            break;
        case OPT_USE_SYSLOG:
        case OPT_NOUSE_SYSLOG:
            s->use_syslog = c == OPT_USE_SYSLOG;
            break;
        case OPT_CONFIG:
            config_file = optarg;
            break;
        case OPT_HOST:
            free(s->listen_host);
            s->listen_host = mgr_xstrdup(optarg);
            break;
        case OPT_PORT:
            s->listen_ports[0] = parse_int("ofp-tcp-listen-port", optarg, 1, 65535);
            s->listen_ports[1] = 0;
            s->tcp_port_given = true;
            break;
        case OPT_SSL_PORT:
            s->ssl_listen_port = parse_int("ofp-ssl-listen-port", optarg, 1, 65535);
            break;
        case OPT_CTL_PRIVKEY:
            free(s->ctl_privkey);
            s->ctl_privkey = mgr_xstrdup(optarg);
            break;
        case OPT_CTL_CERT:
            free(s->ctl_cert);
            s->ctl_cert = mgr_xstrdup(optarg);
            break;
        case OPT_CA_CERTS:
            free(s->ca_certs);
            s->ca_certs = mgr_xstrdup(optarg);
            break;
        case OPT_SWITCH_ADDRS:
            settings_add_switch_addrs(s, optarg);
            break;
        case OPT_CONNECT_INTERVAL:
            s->connect_interval = parse_seconds("ofp-switch-connect-interval", optarg);
            if (s->connect_interval < 0.01) {
                usage_error("--ofp-switch-connect-interval: '%s' is under 0.01 s", optarg);
            }
            break;
        case OPT_LOG_LEVEL:
            s->log_level = parse_int("default-log-level", optarg, 0, 50);
            break;
        case OPT_LOG_FILE:
            free(s->log_file);
            s->log_file = mgr_xstrdup(optarg);
            break;
        case OPT_PID_FILE:
            free(s->pid_file);
            s->pid_file = mgr_xstrdup(optarg);
            break;
        case OPT_APP_LISTS:
            add_app_list(s, optarg);
            break;
        case OPT_PLUGIN_PATH:
            mgr_strv_push(&cmd_dirs, &n_cmd_dirs, optarg);
            break;
        case OPT_ECHO_INTERVAL:
            s->echo_interval = parse_seconds("echo-request-interval", optarg);
            break;
        case OPT_ECHO_MAX:
            s->echo_max_unreplied = parse_int("maximum-unreplied-echo-requests",
                                              optarg, 0, 1000);
            break;
        case OPT_HANDSHAKE_TIMEOUT:
            s->handshake_timeout = parse_seconds("handshake-timeout", optarg);
            break;
        case OPT_MP_TIMEOUT:
            s->mp_timeout = parse_seconds("multipart-timeout", optarg);
            break;
        case OPT_MP_MAX:
            s->mp_max_bytes = parse_int("multipart-max-bytes", optarg, 65536, 1LL << 32);
            break;
        case OPT_MP_TOTAL_MAX:
            s->mp_total_max_bytes = parse_int("multipart-total-max-bytes", optarg,
                                              65536, 1LL << 40);
            break;
        case OPT_VERSION:
            print_version();
            exit(0);
        case 'h':
        case OPT_HELP:
            usage();
            exit(0);
        case OPT_PLUGIN_OPT + 0:
        case OPT_PLUGIN_OPT + 1:
            settings_set_plugin_opt(s, options[index].name, optarg);
            break;
        case ':':
            usage_error("option '%s' needs a value", argv[optind - 1]);
        default:
            if (optopt) {
                usage_error("unknown option '-%c'", optopt);
            }
            usage_error("unknown option '%s'", argv[optind - 1]);
        }
    }
    for (int i = optind; i < argc; i++) {
        settings_add_app(s, argv[i]);
    }

    /* Search order: --plugin-path, $OFM_PLUGIN_PATH, the build tree, the
     * installed directory. */
    for (size_t i = 0; i < n_cmd_dirs; i++) {
        settings_add_plugin_dir(s, cmd_dirs[i]);
        free(cmd_dirs[i]);
    }
    free(cmd_dirs);
    add_env_path(s);
    return config_file;
}

static void
signal_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
    ofm_log(MGR_NAME, OFM_LOG_INFO, "received signal %d, shutting down", w->signum);
    ev_break(loop, EVBREAK_ALL);
}

/* SIGHUP: logrotate renamed the log file; write on under its name. */
static void
sighup_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
    const char *path = ofm_log_file();
    if (!path) {
        ofm_log(MGR_NAME, OFM_LOG_INFO, "received SIGHUP: no log file to reopen");
        return;
    }
    int error = ofm_log_reopen();
    if (error) {
        ofm_log(MGR_NAME, OFM_LOG_ERROR, "received SIGHUP: cannot reopen log file "
                "%s: %s (still writing to the old one)", path, strerror(error));
    } else {
        ofm_log(MGR_NAME, OFM_LOG_INFO, "received SIGHUP: reopened log file %s", path);
    }
}

/* A start-up failure: the reason goes to the log, and to stderr as well
 * when the log does not go there, so whoever started us sees it. */
static void __attribute__((format(printf, 1, 2)))
startup_error(const char *fmt, ...)
{
    char msg[4096];
    va_list args;
    va_start(args, fmt);
    vsnprintf(msg, sizeof msg, fmt, args);
    va_end(args);
    ofm_log(MGR_NAME, OFM_LOG_ERROR, "%s", msg);
    if (!mgr_settings.use_stderr) {
        fprintf(stderr, "%s: %s\n", program, msg);
    }
}

static bool
write_pid_file(const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f || fprintf(f, "%ld\n", (long) getpid()) < 0 || fclose(f)) {
        startup_error("cannot write pid file %s: %s", path, strerror(errno));
        return false;
    }
    return true;
}

/* Loads, orders and starts every app asked for.  Any app that cannot be
 * loaded, whose context cannot be, or whose init() fails stops the start,
 * as an operator who named it expects: returns false after one message
 * naming it and why (deps_resolve() and plugins_init() log their own). */
static bool
start_apps(struct mgr_settings *s, char *err, size_t err_size)
{
    for (size_t i = 0; i < s->n_apps; i++) {
        if (!plugin_load(&mgr_plugins, s->apps[i], s->plugin_path,
                         s->n_plugin_path, err, err_size)) {
            startup_error("app %s: %s", s->apps[i], err);
            return false;
        }
    }
    if (deps_resolve(&mgr_plugins, s->plugin_path, s->n_plugin_path, err, err_size)) {
        return false;
    }
    if (s->conf && config_check_sections(s->conf, err, err_size)) {
        fprintf(stderr, "%s: %s\n", program, err);
        exit_status_config = true;
        return false;
    }
    mgr_versions = dispatch_versions(&mgr_plugins);
    if (!mgr_versions) {
        startup_error("the apps share no OpenFlow version; nothing can be served");
        return false;
    }
    if (plugins_init(&mgr_plugins, err, err_size)) {
        return false;
    }
    dispatch_log_bricks(&mgr_plugins);
    return true;
}

int
main(int argc, char *argv[])
{
    struct mgr_settings *s = &mgr_settings;
    const char *set[MAX_SET + 1];
    size_t n_set = 0;
    char err[4096];

    s->log_level = OFM_LOG_INFO;
    s->use_stderr = true;
    s->listen_host = mgr_xstrdup("0.0.0.0");
    s->listen_ports[0] = OFP_TCP_PORT;
    s->listen_ports[1] = OFP_OLD_TCP_PORT;
    s->ssl_listen_port = OFP_TCP_PORT;
    s->connect_interval = 1;
    s->echo_interval = 15;
    s->echo_max_unreplied = 0;
    s->tx_queue_limit = 16 * 1024 * 1024;

    const char *config_file = parse_options(argc, argv, set, &n_set);
    set[n_set] = NULL;
    if (config_file) {
        s->conf = ofm_conf_load(config_file, err, sizeof err);
        if (!s->conf) {
            fprintf(stderr, "%s: %s\n", program, err);
            settings_free(s);
            return 2;
        }
        if (config_apply(s, s->conf, set, err, sizeof err)) {
            fprintf(stderr, "%s: %s\n", program, err);
            settings_free(s);
            return 2;
        }
    }
    add_build_tree_path(s);
    settings_add_plugin_dir(s, OFM_PLUGINDIR);

    ofm_log_set_level(s->verbose ? OFM_LOG_DEBUG : s->log_level);
    ofm_log_set_stderr(s->use_stderr);
    if (s->log_file) {
        int error = ofm_log_set_file(s->log_file);
        if (error) {
            fprintf(stderr, "%s: cannot open log file %s: %s\n", program,
                    s->log_file, strerror(error));
            settings_free(s);
            return 2;
        }
    }
    ofm_log_set_syslog(s->use_syslog);
    signal(SIGPIPE, SIG_IGN);

    struct ev_loop *loop = ev_default_loop(EVFLAG_AUTO);
    if (!loop) {
        fprintf(stderr, "%s: cannot initialize libev\n", program);
        return 1;
    }
    /* Signals are caught from here on: one that comes while the apps start
     * is acted on once the loop runs, and none kills us with a pid file. */
    ev_signal sigint, sigterm, sighup;
    ev_signal_init(&sigint, signal_cb, SIGINT);
    ev_signal_init(&sigterm, signal_cb, SIGTERM);
    ev_signal_init(&sighup, sighup_cb, SIGHUP);
    ev_signal_start(loop, &sigint);
    ev_signal_start(loop, &sigterm);
    ev_signal_start(loop, &sighup);
    timer_init(loop);
    dispatch_init();

    int status = 0;
    if (!start_apps(s, err, sizeof err)) {
        status = exit_status_config ? 2 : 1;
    } else if (ofconn_listen(loop, s, err, sizeof err)) {
        startup_error("%s", err);
        status = 1;
    } else if (s->pid_file && !write_pid_file(s->pid_file)) {
        status = 1;
    } else {
        ev_run(loop, 0);
        if (s->pid_file) {
            unlink(s->pid_file);
        }
    }

    /* Switches go DEAD first, so plugins see that before their fini(). */
    ofconn_shutdown(loop);
    plugins_fini(&mgr_plugins);
    ev_signal_stop(loop, &sigint);
    ev_signal_stop(loop, &sigterm);
    ev_signal_stop(loop, &sighup);
    dispatch_uninit();
    dp_counters_uninit();
    settings_free(s);
    ofm_log_set_syslog(false);
    ofm_log_set_file(NULL);
    ev_loop_destroy(loop);
    return status;
}
