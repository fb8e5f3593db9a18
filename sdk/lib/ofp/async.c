/* async.c: the asynchronous messages OpenFlow 1.4 and 1.5 add (role
 * status, table status, request forward, controller status) decoded into
 * the version-independent structs of ofm/msg.h, and the names of their
 * constants for logs.
 *
 * Layouts: OpenFlow 1.4.1 sections 7.4.4 (ofp_role_status), 7.4.5
 * (ofp_table_status), 7.4.6 (ofp_requestforward_header) and 7.3.3
 * (ofp_table_desc and its properties); 1.5.1 section 7.4.6
 * (ofp_controller_status_header), which 1.5 adds to 1.4's three. */
#include "ofm/msg.h"

#include <stdio.h>
#include <string.h>

#define ARRAY_SIZE(A) (sizeof (A) / sizeof (A)[0])

static const char *
number_name(unsigned int n)
{
    static _Thread_local char buf[16];
    snprintf(buf, sizeof buf, "%u", n);
    return buf;
}

static const char *
table_name(const char *const *names, size_t n, unsigned int value)
{
    return value < n && names[value] ? names[value] : number_name(value);
}

const char *
ofm_role_name(uint32_t role)
{
    static const char *const names[] = {
        [OFPCR_ROLE_NOCHANGE] = "NOCHANGE", [OFPCR_ROLE_EQUAL] = "EQUAL",
        [OFPCR_ROLE_MASTER] = "MASTER", [OFPCR_ROLE_SLAVE] = "SLAVE",
    };
    return role < ARRAY_SIZE(names) ? names[role] : number_name(role);
}

const char *
ofm_role_reason_name(uint8_t reason)
{
    static const char *const names[] = {
        [OFPCRR_MASTER_REQUEST] = "MASTER_REQUEST", [OFPCRR_CONFIG] = "CONFIG",
        [OFPCRR_EXPERIMENTER] = "EXPERIMENTER",
    };
    return table_name(names, ARRAY_SIZE(names), reason);
}

const char *
ofm_table_reason_name(uint8_t reason)
{
    static const char *const names[] = {
        [OFPTR_VACANCY_DOWN] = "VACANCY_DOWN", [OFPTR_VACANCY_UP] = "VACANCY_UP",
    };
    return table_name(names, ARRAY_SIZE(names), reason);
}

const char *
ofm_controller_status_reason_name(uint8_t reason)
{
    static const char *const names[] = {
        [OFPCSR_REQUEST] = "REQUEST", [OFPCSR_CHANNEL_STATUS] = "CHANNEL_STATUS",
        [OFPCSR_ROLE] = "ROLE", [OFPCSR_CONTROLLER_ADDED] = "CONTROLLER_ADDED",
        [OFPCSR_CONTROLLER_REMOVED] = "CONTROLLER_REMOVED",
        [OFPCSR_SHORT_ID] = "SHORT_ID", [OFPCSR_EXPERIMENTER] = "EXPERIMENTER",
    };
    return table_name(names, ARRAY_SIZE(names), reason);
}

const char *
ofm_channel_status_name(uint8_t status)
{
    static const char *const names[] = {
        [OFPCT_STATUS_UP] = "UP", [OFPCT_STATUS_DOWN] = "DOWN",
    };
    return table_name(names, ARRAY_SIZE(names), status);
}

int
ofm_prop_next(struct ofm_rd *rd, uint16_t *type, const uint8_t **body,
              size_t *body_size)
{
    if (rd->error) {
        return OFM_ERR_BAD_LEN;
    }
    if (!rd->left) {
        return EOF;
    }
    if (rd->left < 4) {
        return OFM_ERR_BAD_LEN;
    }
    size_t len = ofm_get16(rd->p + 2);
    if (len < 4 || len > rd->left) {
        return OFM_ERR_BAD_LEN;
    }
    *type = ofm_get16(rd->p);
    *body = rd->p + 4;
    *body_size = len - 4;
    /* Each property is padded to 8 bytes, the padding outside its length;
     * a last property may come without its padding (as Ryu and Open
     * vSwitch accept). */
    size_t step = (len + 7) & ~(size_t) 7;
    ofm_rd_skip(rd, step < rd->left ? step : rd->left);
    return 0;
}

/* Checks the framing of the property list in 'rd' and leaves 'rd' empty.
 * Returns 0 or OFM_ERR_BAD_LEN. */
static int
check_props(struct ofm_rd *rd)
{
    uint16_t type;
    const uint8_t *body;
    size_t size;
    int error;
    while (!(error = ofm_prop_next(rd, &type, &body, &size))) {
        continue;
    }
    return error == EOF ? 0 : error;
}

/* Checks that 'msg' is a 1.4 or later message of 'type' ('v15': 1.5 only)
 * of at least 'min' bytes. */
static int
check_async(const struct ofm_msg *msg, uint8_t type, bool v15, size_t min)
{
    if (msg->version != OFP14_VERSION && msg->version != OFP15_VERSION) {
        return (msg->version == OFP10_VERSION || OFM_VERSION_IS_OXM(msg->version)
                ? OFM_ERR_BAD_TYPE : OFM_ERR_BAD_VERSION);
    }
    if (msg->type != type || (v15 && msg->version != OFP15_VERSION)) {
        return OFM_ERR_BAD_TYPE;
    }
    return msg->size >= min ? 0 : OFM_ERR_BAD_LEN;
}

static struct ofm_rd
msg_body(const struct ofm_msg *msg)
{
    return ofm_rd_init(msg->data + OFP_HEADER_SIZE, msg->size - OFP_HEADER_SIZE);
}

int
ofm_decode_role_status(const struct ofm_msg *msg, struct ofm_role_status *rs)
{
    int error = check_async(msg, OFPT14_ROLE_STATUS, false, OFP14_ROLE_STATUS_SIZE);
    if (error) {
        return error;
    }
    struct ofm_rd rd = msg_body(msg);
    memset(rs, 0, sizeof *rs);
    rs->role = ofm_rd_be32(&rd);
    rs->reason = ofm_rd_u8(&rd);
    ofm_rd_skip(&rd, 3);
    rs->generation_id = ofm_rd_be64(&rd);
    rs->props = rd.p;
    rs->props_size = rd.left;
    return check_props(&rd);
}

/* Reads a table description's properties into 'td'. */
static int
decode_table_props(struct ofm_rd *rd, struct ofm_table_desc *td)
{
    td->props = rd->p;
    td->props_size = rd->left;
    uint16_t type;
    const uint8_t *body;
    size_t size;
    int error;
    while (!(error = ofm_prop_next(rd, &type, &body, &size))) {
        if (type == OFPTMPT_EVICTION) {
            if (size != 4) {
                return OFM_ERR_BAD_LEN;
            }
            td->has_eviction = true;
            td->eviction_flags = ofm_get32(body);
        } else if (type == OFPTMPT_VACANCY) {
            if (size != 4) {
                return OFM_ERR_BAD_LEN;
            }
            td->has_vacancy = true;
            td->vacancy_down = body[0];
            td->vacancy_up = body[1];
            td->vacancy = body[2];
        }
    }
    return error == EOF ? 0 : error;
}

int
ofm_decode_table_status(const struct ofm_msg *msg, struct ofm_table_status *ts)
{
    int error = check_async(msg, OFPT14_TABLE_STATUS, false, OFP14_TABLE_STATUS_SIZE);
    if (error) {
        return error;
    }
    struct ofm_rd rd = msg_body(msg);
    memset(ts, 0, sizeof *ts);
    ts->reason = ofm_rd_u8(&rd);
    ofm_rd_skip(&rd, 7);

    /* The table description has its own length, which must fill the rest
     * of the message: nothing follows it. */
    size_t len = ofm_get16(rd.p);
    if (len < OFP14_TABLE_DESC_SIZE || len != rd.left) {
        return OFM_ERR_BAD_LEN;
    }
    ofm_rd_skip(&rd, 2);
    ts->table.table_id = ofm_rd_u8(&rd);
    ofm_rd_skip(&rd, 1);
    ts->table.config = ofm_rd_be32(&rd);
    return decode_table_props(&rd, &ts->table);
}

int
ofm_decode_requestforward(const struct ofm_msg *msg, struct ofm_requestforward *rf)
{
    int error = check_async(msg, OFPT14_REQUESTFORWARD, false,
                            2 * OFP_HEADER_SIZE);
    if (error) {
        return error;
    }
    /* The forwarded request is the rest of the message, with a header of
     * its own that must say so. */
    const uint8_t *req = msg->data + OFP_HEADER_SIZE;
    size_t size = msg->size - OFP_HEADER_SIZE;
    if (ofm_get16(req + 2) != size) {
        return OFM_ERR_BAD_LEN;
    }
    error = ofm_msg_init(&rf->request, req, size);
    if (error) {
        return error;
    }
    return rf->request.version == msg->version ? 0 : OFM_ERR_BAD_VERSION;
}

int
ofm_decode_controller_status(const struct ofm_msg *msg,
                             struct ofm_controller_status *cs)
{
    int error = check_async(msg, OFPT15_CONTROLLER_STATUS, true,
                            OFP15_CONTROLLER_STATUS_SIZE);
    if (error) {
        return error;
    }
    struct ofm_rd rd = msg_body(msg);
    size_t len = ofm_get16(rd.p);
    if (len < OFP15_CONTROLLER_STATUS_SIZE - OFP_HEADER_SIZE || len != rd.left) {
        return OFM_ERR_BAD_LEN;
    }
    memset(cs, 0, sizeof *cs);
    ofm_rd_skip(&rd, 2);
    cs->short_id = ofm_rd_be16(&rd);
    cs->role = ofm_rd_be32(&rd);
    cs->reason = ofm_rd_u8(&rd);
    cs->channel_status = ofm_rd_u8(&rd);
    ofm_rd_skip(&rd, 6);
    cs->props = rd.p;
    cs->props_size = rd.left;

    uint16_t type;
    const uint8_t *body;
    size_t size;
    while (!(error = ofm_prop_next(&rd, &type, &body, &size))) {
        if (type == OFPCSPT_URI && !cs->uri) {
            /* The URI fills its property; a NUL inside it ends it. */
            const uint8_t *nul = memchr(body, 0, size);
            cs->uri = (const char *) body;
            cs->uri_len = nul ? (size_t) (nul - body) : size;
        }
    }
    return error == EOF ? 0 : error;
}
