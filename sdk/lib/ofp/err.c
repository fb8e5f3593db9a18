/* err.c: names and OpenFlow mappings of libofm error codes. */
#include "ofm/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* One row per enum ofm_err value, in enum order (index 0 is
 * OFM_ERR_BASE + 1). */
struct err_row {
    uint16_t type;
    uint16_t code;
    const char *desc;
};

static const struct err_row err_rows[] = {
#define OFM_ERR_ROW(ENUM, TYPE, CODE, DESC) { TYPE, CODE, DESC },
    OFM_ERRORS(OFM_ERR_ROW)
#undef OFM_ERR_ROW
};

/* Returns the row for 'error', or NULL if it is not an enum ofm_err. */
static const struct err_row *
err_row(int error)
{
    if (error <= OFM_ERR_BASE || error >= OFM_ERR_MAX) {
        return NULL;
    }
    return &err_rows[error - OFM_ERR_BASE - 1];
}

const char *
ofm_err_str(int error)
{
    if (error == 0) {
        return "success";
    }
    const struct err_row *row = err_row(error);
    if (row) {
        return row->desc;
    }
    if (error > 0 && error < OFM_ERR_BASE) {
        return strerror(error);
    }
    return "unknown error";
}

bool
ofm_err_to_ofp(int error, uint16_t *type, uint16_t *code)
{
    const struct err_row *row = err_row(error);
    if (!row) {
        return false;
    }
    *type = row->type;
    *code = row->code;
    return true;
}

void
ofm_err_printf(char *err, size_t err_size, const char *fmt, ...)
{
    if (err && err_size) {
        va_list args;
        va_start(args, fmt);
        vsnprintf(err, err_size, fmt, args);
        va_end(args);
    }
}
