/* Logging front end: bare messages to stderr, timestamped lines to a file. */
#include <config.h>
#include "ofm/log.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static int log_level = OFM_LOG_INFO;
static FILE *log_file;

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

int
ofm_log_set_file(const char *path)
{
    if (log_file) {
        fclose(log_file);
        log_file = NULL;
    }
    if (!path) {
        return 0;
    }
    log_file = fopen(path, "a");
    if (!log_file) {
        return errno;
    }
    setvbuf(log_file, NULL, _IOLBF, 0);
    return 0;
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

void
ofm_vlog(const char *name, enum ofm_log_level level, const char *fmt, va_list args)
{
    if (!ofm_log_enabled(level)) {
        return;
    }

    char line[2048];
    vsnprintf(line, sizeof line, fmt, args);

    /* stderr gets what ryu-manager prints: the message alone. */
    fprintf(stderr, "%s\n", line);

    if (log_file) {
        struct timespec ts;
        struct tm tm;
        char when[32];

        clock_gettime(CLOCK_REALTIME, &ts);
        localtime_r(&ts.tv_sec, &tm);
        strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
        fprintf(log_file, "%s.%03ld %s %s: %s\n", when, ts.tv_nsec / 1000000,
                level_name(level), name ? name : "-", line);
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
