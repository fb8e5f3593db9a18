/* ofm/err.h: error codes of libofm decoders.
 *
 * libofm functions return 0 on success, a positive errno value for system
 * and usage errors (ENOMEM, EINVAL, EOPNOTSUPP, ...), or one of the values
 * below for malformed protocol input.  The two ranges never overlap, so one
 * int carries either; ofm_err_str() names both. */
#ifndef OFM_ERR_H
#define OFM_ERR_H 1

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ofm/ofp.h"

#ifdef __cplusplus
extern "C" {
#endif

/* X(ENUM, OpenFlow 1.3 error type, code, description). */
#define OFM_ERRORS(X)                                                        \
    X(BAD_VERSION,    OFPET_BAD_REQUEST, OFPBRC_BAD_VERSION, "unsupported OpenFlow version") \
    X(BAD_TYPE,       OFPET_BAD_REQUEST, OFPBRC_BAD_TYPE, "unknown message type") \
    X(BAD_STAT,       OFPET_BAD_REQUEST, OFPBRC_BAD_STAT, "unknown multipart type") \
    X(BAD_EXPERIMENTER, OFPET_BAD_REQUEST, OFPBRC_BAD_EXPERIMENTER, "unknown experimenter") \
    X(BAD_LEN,        OFPET_BAD_REQUEST, OFPBRC_BAD_LEN, "bad length")      \
    X(BAD_PORT,       OFPET_BAD_REQUEST, OFPBRC_BAD_PORT, "bad port")       \
    X(BAD_PACKET,     OFPET_BAD_REQUEST, OFPBRC_BAD_PACKET, "bad packet")   \
    X(BAD_ACTION_TYPE, OFPET_BAD_ACTION, 0, "unknown action type")          \
    X(BAD_ACTION_LEN, OFPET_BAD_ACTION, 1, "bad action length")             \
    X(BAD_ARGUMENT,   OFPET_BAD_ACTION, 5, "bad action argument")           \
    X(BAD_INSTRUCTION, OFPET_BAD_INSTRUCTION, 0, "unknown instruction")     \
    X(BAD_INSTRUCTION_LEN, OFPET_BAD_INSTRUCTION, 7, "bad instruction length") \
    X(BAD_MATCH_TYPE, OFPET_BAD_MATCH, 0, "unsupported match type")         \
    X(BAD_MATCH_LEN,  OFPET_BAD_MATCH, 1, "bad match length")               \
    X(BAD_FIELD,      OFPET_BAD_MATCH, 6, "unknown or bad match field")     \
    X(DUP_FIELD,      OFPET_BAD_MATCH, 10, "duplicate match field")          \
    X(BAD_MASK,       OFPET_BAD_MATCH, 8, "bad match mask")                 \
    X(BAD_HELLO,      OFPET_HELLO_FAILED, OFPHFC_INCOMPATIBLE, "bad hello")

enum ofm_err {
    OFM_ERR_BASE = 1000,    /* Above every errno value. */
#define OFM_ERR_ENUM(ENUM, TYPE, CODE, DESC) OFM_ERR_##ENUM,
    OFM_ERRORS(OFM_ERR_ENUM)
#undef OFM_ERR_ENUM
    OFM_ERR_MAX
};

/* Describes 'error' (an errno value or an enum ofm_err) in words. */
const char *ofm_err_str(int error);
/* Maps an enum ofm_err to the OpenFlow 1.3 error type and code to report
 * it with; returns false for values that are not protocol errors. */
bool ofm_err_to_ofp(int error, uint16_t *type, uint16_t *code);
/* Writes the message 'fmt' into the caller's error buffer 'err' of
 * 'err_size' bytes (truncated to fit), unless 'err' is NULL or 'err_size'
 * 0: the "char *err, size_t err_size" arguments of the SDK's functions. */
void ofm_err_printf(char *err, size_t err_size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#ifdef __cplusplus
}
#endif

#endif /* ofm/err.h */
