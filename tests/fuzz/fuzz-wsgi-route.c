/* fuzz-wsgi-route: libFuzzer target for the wsgi context's path templates
 * and route matcher (plugins/wsgi/route.c).
 *
 * The input is "TEMPLATE\nPATH".  For any input: parsing either fails
 * with a reason or gives a template whose shape equals itself and that
 * compares equal to itself; a path that matches binds without reading
 * outside it, and a bound dpid/int variable re-parses to its value.
 * Also each half alone goes through the dpid and int parsers.
 * Run by tests/fuzz/run-fuzz-wsgi.sh (tests/check.sh's fuzz step). */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plugins/wsgi/route.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fail(const char *what)
{
    fprintf(stderr, "fuzz-wsgi-route: %s\n", what);
    abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text) {
        return 0;
    }
    memcpy(text, data, size);
    text[size] = '\0';
    char *path = strchr(text, '\n');
    if (path) {
        *path++ = '\0';
    } else {
        path = text;
    }

    uint64_t v;
    (void) route_parse_dpid(text, &v);
    (void) route_parse_int(path, &v);

    struct route_tmpl t;
    char err[256];
    err[0] = '\0';
    if (route_tmpl_parse(&t, text, err, sizeof err)) {
        if (!err[0]) {
            fail("template refused without a reason");
        }
        free(text);
        return 0;
    }
    if (!route_tmpl_same_shape(&t, &t) || route_tmpl_cmp(&t, &t)) {
        fail("a template differs from itself");
    }
    struct route_path rp;
    if (!route_path_split(&rp, path)) {
        if (route_tmpl_matches(&t, &rp)) {
            struct route_var vars[ROUTE_MAX_VARS];
            const char *bad = NULL;
            int n = route_bind(&t, &rp, vars, &bad, err, sizeof err);
            if (n < 0 && !bad) {
                fail("binding failed without naming the variable");
            }
            for (int i = 0; i < n; i++) {
                uint64_t again;
                if (vars[i].kind == SEG_DPID
                    && (!route_parse_dpid(vars[i].text, &again) || again != vars[i].value)) {
                    fail("dpid variable does not re-parse");
                }
                if (vars[i].kind == SEG_INT
                    && (!route_parse_int(vars[i].text, &again) || again != vars[i].value)) {
                    fail("int variable does not re-parse");
                }
            }
        }
        route_path_destroy(&rp);
    }
    route_tmpl_destroy(&t);
    free(text);
    return 0;
}
