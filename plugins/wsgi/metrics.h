/* GET /metrics of wsgi.so (Prometheus text format). */
#ifndef WSGI_METRICS_H
#define WSGI_METRICS_H 1

#include <stddef.h>
#include "ofm/plugin.h"
#include "ofm/wsgi.h"

int metrics_init(struct ofm_plugin *, const struct ofm_wsgi_api *,
                 char *err, size_t err_size);
void metrics_fini(void);
/* Counts a response of the server. */
void metrics_count_reply(unsigned int status);

#endif
