/* ofm/log.h: logging.
 *
 * Levels use Ryu's (Python logging's) integers, which is what
 * --default-log-level takes.  Lines at or above the threshold go, as
 * ryu-manager sends them:
 *  - to stderr as the bare message, unless --nouse-stderr;
 *  - with --log-file, to the file with a timestamp, level and module name;
 *  - with --use-syslog, to syslog(3) (ident "ofmanager", facility daemon)
 *    as "MODULE: MESSAGE", at the priority of the level (debug, info,
 *    warning, err, crit).
 * These sinks are independent: a line goes to each one enabled. */
#ifndef OFM_LOG_H
#define OFM_LOG_H 1

#include <stdarg.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

enum ofm_log_level {
    OFM_LOG_DEBUG = 10,
    OFM_LOG_INFO = 20,
    OFM_LOG_WARNING = 30,
    OFM_LOG_ERROR = 40,
    OFM_LOG_CRITICAL = 50,
};

/* Logs a line for module 'name' (a plugin or manager module). */
void ofm_log(const char *name, enum ofm_log_level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void ofm_vlog(const char *name, enum ofm_log_level, const char *fmt, va_list)
    __attribute__((format(printf, 3, 0)));
/* True if a line at 'level' would be written (to skip costly formatting). */
bool ofm_log_enabled(enum ofm_log_level level);

/* Process-wide settings, for the manager and tools. */
void ofm_log_set_level(int level);
int ofm_log_get_level(void);
/* Also appends to 'path'; NULL stops. Returns 0 or an errno value. */
int ofm_log_set_file(const char *path);
/* Opens the log file's path again (after logrotate renamed it; SIGHUP).
 * Returns 0 (also without a log file) or an errno value, keeping the old
 * file open then. */
int ofm_log_reopen(void);
/* The path given to ofm_log_set_file(), or NULL. */
const char *ofm_log_file(void);
/* Bare messages to stderr (on by default). */
void ofm_log_set_stderr(bool);
/* Lines to syslog(3) (off by default). */
void ofm_log_set_syslog(bool);

/* A token bucket for per-packet log lines (as OVS's VLOG_RATE_LIMIT):
 * at most 'burst' lines, refilled at 'rate' lines per minute. */
struct ofm_ratelimit {
    unsigned int rate, burst;
    double tokens;
    double last;
    unsigned int dropped;
};
#define OFM_RATELIMIT_INIT(RATE, BURST) { (RATE), (BURST), (BURST), 0, 0 }
/* True if a line may be written now. */
bool ofm_ratelimit_allow(struct ofm_ratelimit *);

#ifdef __cplusplus
}
#endif

#endif /* ofm/log.h */
