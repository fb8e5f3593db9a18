/* tests/unit/test-util.c: helpers shared by the CUnit test programs. */
#include <config.h>
#include "test-util.h"

#include <CUnit/Basic.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ofm/addr.h"

const char *
tu_corpus_dir(void)
{
    const char *dir = getenv("OFM_CORPUS_DIR");
    if (!dir || !*dir) {
        fprintf(stderr, "OFM_CORPUS_DIR is not set: it must name the "
                "OpenFlow corpus directory (holding of10/ and of13/)\n");
        return NULL;
    }
    return dir;
}

uint8_t *
tu_read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        return NULL;
    }
    long n = -1;
    if (!fseek(f, 0, SEEK_END)) {
        n = ftell(f);
    }
    uint8_t *p = n >= 0 ? malloc(n > 0 ? (size_t) n : 1) : NULL;
    if (!p || fseek(f, 0, SEEK_SET)
        || fread(p, 1, (size_t) n, f) != (size_t) n) {
        fprintf(stderr, "%s: cannot read the whole file\n", path);
        free(p);
        fclose(f);
        return NULL;
    }
    fclose(f);
    *size = (size_t) n;
    return p;
}

uint8_t *
tu_read_corpus(const char *name, size_t *size)
{
    const char *dir = tu_corpus_dir();
    if (!dir) {
        return NULL;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return tu_read_file(path, size);
}

size_t
tu_unhex(const char *s, uint8_t *out, size_t max)
{
    size_t n = 0;
    int hi = -1;
    for (; *s; s++) {
        int v = ofm_hex_digit((unsigned char) *s);
        if (v < 0) {
            continue;
        }
        if (hi < 0) {
            hi = v;
        } else if (n < max) {
            out[n++] = (uint8_t) (hi << 4 | v);
            hi = -1;
        }
    }
    return n;
}

int
tu_run(void)
{
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned int failed = CU_get_number_of_tests_failed()
                          + CU_get_number_of_failures();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
