/* Logging front end: bare messages to stderr, timestamped lines to a file,
 * and syslog(3), each as ryu-manager's --use-stderr, --log-file and
 * --use-syslog. */
#include <config.h>
#include "ofm/log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

static int log_level = OFM_LOG_INFO;
static bool log_stderr = true;
static bool log_syslog;
static FILE *log_file;
static char *log_path;          /* What ofm_log_set_file() opened, to reopen. */

void
ofm_log_set_level(int level)
{
    log_level = level;
}

int
ofm_log_get_level(void)
{
    return log_level;
}

void
ofm_log_set_stderr(bool on)
{
    log_stderr = on;
}

void
ofm_log_set_syslog(bool on)
{
    if (on && !log_syslog) {
        openlog("ofmanager", LOG_PID | LOG_NDELAY, LOG_DAEMON);
    } else if (!on && log_syslog) {
        closelog();
    }
    log_syslog = on;
}

static int
open_log_file(const char *path)
{
    FILE *f = fopen(path, "a");
    if (!f) {
        return errno;
    }
    setvbuf(f, NULL, _IOLBF, 0);
    if (log_file) {
        fclose(log_file);
    }
    log_file = f;
    return 0;
}

int
ofm_log_set_file(const char *path)
{
    if (log_file) {
        fclose(log_file);
        log_file = NULL;
    }
    free(log_path);
    log_path = NULL;
    if (!path) {
        return 0;
    }
    int error = open_log_file(path);
    if (!error) {
        log_path = strdup(path);
        if (!log_path) {
            abort();
        }
    }
    return error;
}

int
ofm_log_reopen(void)
{
    /* A failed reopen keeps the old file: losing lines is worse than
     * writing them to a renamed file. */
    return log_path ? open_log_file(log_path) : 0;
}

const char *
ofm_log_file(void)
{
    return log_path;
}

bool
ofm_log_enabled(enum ofm_log_level level)
{
    return (int) level >= log_level;
}

static const char *
level_name(enum ofm_log_level level)
{
    return (level >= OFM_LOG_CRITICAL ? "CRITICAL"
            : level >= OFM_LOG_ERROR ? "ERROR"
            : level >= OFM_LOG_WARNING ? "WARNING"
            : level >= OFM_LOG_INFO ? "INFO" : "DEBUG");
}

static int
syslog_priority(enum ofm_log_level level)
{
    return (level >= OFM_LOG_CRITICAL ? LOG_CRIT
            : level >= OFM_LOG_ERROR ? LOG_ERR
            : level >= OFM_LOG_WARNING ? LOG_WARNING
            : level >= OFM_LOG_INFO ? LOG_INFO : LOG_DEBUG);
}

void
ofm_vlog(const char *name, enum ofm_log_level level, const char *fmt, va_list args)
{
    if (!ofm_log_enabled(level)) {
        return;
    }

    char line[2048];
    vsnprintf(line, sizeof line, fmt, args);
    if (!name) {
        name = "-";
    }

    /* stderr gets what ryu-manager prints: the message alone. */
    if (log_stderr) {
        fprintf(stderr, "%s\n", line);
    }
    if (log_syslog) {
        syslog(syslog_priority(level), "%s: %s", name, line);
    }
    if (log_file) {
        struct timespec ts;
        struct tm tm;
        char when[32];

        clock_gettime(CLOCK_REALTIME, &ts);
        localtime_r(&ts.tv_sec, &tm);
        strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
        fprintf(log_file, "%s.%03ld %s %s: %s\n", when, ts.tv_nsec / 1000000,
                level_name(level), name, line);
    }
}

void
ofm_log(const char *name, enum ofm_log_level level, const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    ofm_vlog(name, level, fmt, args);
    va_end(args);
}

static double
monotonic_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

bool
ofm_ratelimit_allow(struct ofm_ratelimit *rl)
{
    double now = monotonic_now();

    if (rl->last == 0) {
        rl->last = now;
    }
    rl->tokens += (now - rl->last) * rl->rate / 60.0;
    if (rl->tokens > rl->burst) {
        rl->tokens = rl->burst;
    }
    rl->last = now;
    if (rl->tokens >= 1) {
        rl->tokens -= 1;
        return true;
    }
    rl->dropped++;
    return false;
}
