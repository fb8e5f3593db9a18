/* stats.c: OpenFlow 1.0 and 1.2 stats and 1.3 to 1.5 multipart messages:
 * requests, replies, and the entries of the reply bodies libofm decodes.
 * 1.2 to 1.5 share 1.3's request bodies and message header; their reply
 * entries differ (1.2: no flags or durations; 1.4: properties on port
 * stats; 1.5: flow descriptions and aggregates with OXS statistics). */
#include "ofm/msg.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Fixed sizes of reply body entries. */
#define FLOW_STATS10_SIZE 88            /* With the 40-byte match. */
#define FLOW_STATS13_MIN 56             /* With an empty 8-byte match. */
#define FLOW_STATS13_FIXED 48           /* Before the match. */
#define FLOW_DESC15_MIN 40              /* With empty match and stats. */
#define PORT_STATS10_SIZE 104
#define PORT_STATS13_SIZE 112
#define AGGREGATE_STATS_SIZE 24
#define DESC_STATS_SIZE 1056

void
ofm_stats_request_init(struct ofm_stats_request *req, uint16_t type)
{
    memset(req, 0, sizeof *req);
    req->type = type;
    req->table_id = OFPTT_ALL;
    req->out_port = OFPP_ANY;
    req->out_group = OFPG_ANY;
    req->port_no = OFPP_ANY;
    req->queue_id = OFPQ_ALL;
    req->group_id = OFPG_ALL;
    req->meter_id = OFPM_ALL;
}

/* Appends an 8-byte body of one u32 and 4 pad bytes. */
static void
put_u32_pad(struct ofm_buf *out, uint32_t v)
{
    uint8_t *p = ofm_buf_put_zeros(out, 8);
    ofm_put32(p, v);
}

static int
encode_request13(struct ofm_buf *out, const struct ofm_stats_request *req,
                 uint8_t version)
{
    uint8_t *p = ofm_buf_put_zeros(out, 8);
    ofm_put16(p, req->type);
    ofm_put16(p + 2, req->flags);

    switch (req->type) {
    case OFPMP_PORT_DESC:
        /* 1.5 asks for one port or, with OFPP_ANY, for all. */
        if (version == OFP15_VERSION) {
            put_u32_pad(out, req->port_no);
        }
        return 0;
    case OFPMP_DESC:
    case OFPMP_TABLE:
    case OFPMP_GROUP_DESC:
    case OFPMP_GROUP_FEATURES:
    case OFPMP_METER_FEATURES:
    case OFPMP_TABLE_FEATURES:
        return 0;
    case OFPMP_FLOW:
    case OFPMP_AGGREGATE:
        p = ofm_buf_put_zeros(out, 32);
        p[0] = req->table_id;
        ofm_put32(p + 4, req->out_port);
        ofm_put32(p + 8, req->out_group);
        ofm_put64(p + 16, req->cookie);
        ofm_put64(p + 24, req->cookie_mask);
        return ofm_match_encode(req->match, version, out);
    case OFPMP_PORT_STATS:
        put_u32_pad(out, req->port_no);
        return 0;
    case OFPMP_QUEUE:
        p = ofm_buf_put_uninit(out, 8);
        ofm_put32(p, req->port_no);
        ofm_put32(p + 4, req->queue_id);
        return 0;
    case OFPMP_GROUP:
        put_u32_pad(out, req->group_id);
        return 0;
    case OFPMP_METER:
    case OFPMP_METER_CONFIG:
        put_u32_pad(out, req->meter_id);
        return 0;
    case OFPMP_EXPERIMENTER:
        p = ofm_buf_put_uninit(out, 8);
        ofm_put32(p, req->experimenter);
        ofm_put32(p + 4, req->exp_type);
        if (req->data_size) {
            ofm_buf_put(out, req->data, req->data_size);
        }
        return 0;
    default:
        return EINVAL;
    }
}

static int
encode_request10(struct ofm_buf *out, const struct ofm_stats_request *req)
{
    uint8_t *p = ofm_buf_put_uninit(out, 4);
    ofm_put16(p, req->type);
    ofm_put16(p + 2, req->flags);

    switch (req->type) {
    case OFPMP_DESC:
    case OFPMP_TABLE:
        return 0;
    case OFPMP_FLOW:
    case OFPMP_AGGREGATE: {
        uint32_t port = req->out_port;
        if ((port >= OFPP10_MAX && port < OFPP_MAX)
            || req->out_group != OFPG_ANY || req->cookie_mask) {
            return EOPNOTSUPP;
        }
        int error = ofm_match_encode(req->match, OFP10_VERSION, out);
        if (error) {
            return error;
        }
        p = ofm_buf_put_zeros(out, 4);
        p[0] = req->table_id;
        ofm_put16(p + 2, ofm_port_to_of10(port));
        return 0;
    }
    case OFPST10_PORT:
        if (req->port_no >= OFPP10_MAX && req->port_no < OFPP_MAX) {
            return EOPNOTSUPP;
        }
        p = ofm_buf_put_zeros(out, 8);
        ofm_put16(p, ofm_port_to_of10(req->port_no));
        return 0;
    case OFPST10_QUEUE:
        if (req->port_no >= OFPP10_MAX && req->port_no < OFPP_MAX) {
            return EOPNOTSUPP;
        }
        p = ofm_buf_put_zeros(out, 8);
        ofm_put16(p, ofm_port_to_of10(req->port_no));
        ofm_put32(p + 4, req->queue_id);
        return 0;
    case OFPST10_VENDOR:
        ofm_buf_put_be32(out, req->experimenter);
        if (req->data_size) {
            ofm_buf_put(out, req->data, req->data_size);
        }
        return 0;
    default:
        return EOPNOTSUPP;
    }
}

int
ofm_encode_stats_request(struct ofm_buf *out, uint8_t version, uint32_t xid,
                         const struct ofm_stats_request *req)
{
    size_t start;
    int error;
    if (OFM_VERSION_IS_OXM(version)) {
        start = ofm_msg_start(out, version, OFPT13_MULTIPART_REQUEST, xid);
        error = encode_request13(out, req, version);
    } else if (version == OFP10_VERSION) {
        start = ofm_msg_start(out, version, OFPT10_STATS_REQUEST, xid);
        error = encode_request10(out, req);
    } else {
        return EPROTONOSUPPORT;
    }
    if (error) {
        out->size = start;
        return error;
    }
    return ofm_msg_finish(out, start);
}

int
ofm_decode_multipart(const struct ofm_msg *msg, struct ofm_multipart *mp)
{
    size_t fixed;
    if (msg->version == OFP10_VERSION) {
        if (msg->type != OFPT10_STATS_REPLY
            && msg->type != OFPT10_STATS_REQUEST) {
            return OFM_ERR_BAD_TYPE;
        }
        fixed = OFP10_STATS_MSG_SIZE;
    } else if (OFM_VERSION_IS_OXM(msg->version)) {
        if (msg->type != OFPT13_MULTIPART_REPLY
            && msg->type != OFPT13_MULTIPART_REQUEST) {
            return OFM_ERR_BAD_TYPE;
        }
        fixed = OFP13_MULTIPART_MSG_SIZE;
    } else {
        return OFM_ERR_BAD_VERSION;
    }
    if (msg->size < fixed) {
        return OFM_ERR_BAD_LEN;
    }
    mp->type = ofm_get16(msg->data + 8);
    mp->flags = ofm_get16(msg->data + 10);
    mp->body = msg->data + fixed;
    mp->body_size = msg->size - fixed;
    return 0;
}

/* Reads an ofp_stats as ofm_oxs_stats_decode() does, and sets in
 * '*fields' the OFM_OXS_BIT() of each known field present. */
static int
oxs_stats_decode(struct ofm_rd *rd, struct ofm_oxs_stats *st, uint32_t *fields)
{
    memset(st, 0, sizeof *st);
    *fields = 0;
    if (rd->error || rd->left < 4) {
        return OFM_ERR_BAD_LEN;
    }
    size_t length = ofm_get16(rd->p + 2);
    size_t padded = (length + 7) & ~(size_t) 7;
    if (length < 4 || padded > rd->left) {
        return OFM_ERR_BAD_LEN;
    }
    struct ofm_rd r = ofm_rd_init(rd->p + 4, length - 4);
    while (r.left) {
        if (r.left < 4) {
            return OFM_ERR_BAD_LEN;
        }
        uint32_t h = ofm_get32(r.p);
        size_t len = OFM_OXM_LENGTH(h);
        if (len > r.left - 4) {
            return OFM_ERR_BAD_LEN;
        }
        const uint8_t *v = r.p + 4;
        if (OFM_OXM_CLASS(h) == OFPXSC_OPENFLOW_BASIC) {
            unsigned int field = OFM_OXM_FIELD(h);
            size_t want = field == OFPXST_FLOW_COUNT ? 4 : 8;
            if (field <= OFPXST_BYTE_COUNT && field != 2) {
                if (len != want) {
                    return OFM_ERR_BAD_LEN;
                }
                *fields |= OFM_OXS_BIT(field);
            }
            switch (field) {
            case OFPXST_DURATION:
                st->duration_sec = ofm_get32(v);
                st->duration_nsec = ofm_get32(v + 4);
                break;
            case OFPXST_IDLE_TIME:
                st->idle_sec = ofm_get32(v);
                st->idle_nsec = ofm_get32(v + 4);
                break;
            case OFPXST_FLOW_COUNT:
                st->flow_count = ofm_get32(v);
                break;
            case OFPXST_PACKET_COUNT:
                st->packet_count = ofm_get64(v);
                break;
            case OFPXST_BYTE_COUNT:
                st->byte_count = ofm_get64(v);
                break;
            default:
                break;
            }
        }
        ofm_rd_skip(&r, 4 + len);
    }
    ofm_rd_skip(rd, padded);
    return 0;
}

int
ofm_oxs_stats_decode(struct ofm_rd *rd, struct ofm_oxs_stats *st)
{
    uint32_t fields;
    return oxs_stats_decode(rd, st, &fields);
}

/* 1.5's stat-trigger instruction (OpenFlow 1.5.1 section 7.2.5): type,
 * length, flags, then an ofp_stats of thresholds padded to 8 bytes. */
#define STAT_TRIGGER_HDR 8

int
ofm_stat_trigger_decode(const uint8_t *inst, size_t size, struct ofm_stat_trigger *st)
{
    memset(st, 0, sizeof *st);
    if (size < STAT_TRIGGER_HDR + 8 || ofm_get16(inst) != OFPIT15_STAT_TRIGGER
        || ofm_get16(inst + 2) != size) {
        return size >= 2 && ofm_get16(inst) != OFPIT15_STAT_TRIGGER
               ? OFM_ERR_BAD_INSTRUCTION : OFM_ERR_BAD_INSTRUCTION_LEN;
    }
    st->flags = ofm_get32(inst + 4);
    struct ofm_rd rd = ofm_rd_init(inst + STAT_TRIGGER_HDR, size - STAT_TRIGGER_HDR);
    int error = oxs_stats_decode(&rd, &st->thresholds, &st->fields);
    if (error || rd.left) {
        /* The thresholds fill the instruction, padding included. */
        return OFM_ERR_BAD_INSTRUCTION_LEN;
    }
    return 0;
}

/* Appends the OXS field 'field' with a 32-bit or 64-bit value, or a pair
 * of 32-bit ones. */
static void
put_oxs(struct ofm_buf *b, unsigned int field, size_t len, uint64_t v)
{
    ofm_buf_put_be32(b, (uint32_t) OFPXSC_OPENFLOW_BASIC << 16 | field << 9 | len);
    if (len == 4) {
        ofm_buf_put_be32(b, (uint32_t) v);
    } else {
        ofm_buf_put_be64(b, v);
    }
}

void
ofm_inst_stat_trigger(struct ofm_insts *i, const struct ofm_stat_trigger *st)
{
    struct ofm_buf *b = &i->buf;
    size_t start = b->size;
    const struct ofm_oxs_stats *t = &st->thresholds;
    ofm_buf_put_be16(b, OFPIT15_STAT_TRIGGER);
    ofm_buf_put_be16(b, 0);
    ofm_buf_put_be32(b, st->flags);
    size_t stats = b->size;
    ofm_buf_put_be16(b, 0);         /* reserved */
    ofm_buf_put_be16(b, 0);
    if (st->fields & OFM_OXS_BIT(OFPXST_DURATION)) {
        put_oxs(b, OFPXST_DURATION, 8, (uint64_t) t->duration_sec << 32 | t->duration_nsec);
    }
    if (st->fields & OFM_OXS_BIT(OFPXST_IDLE_TIME)) {
        put_oxs(b, OFPXST_IDLE_TIME, 8, (uint64_t) t->idle_sec << 32 | t->idle_nsec);
    }
    if (st->fields & OFM_OXS_BIT(OFPXST_FLOW_COUNT)) {
        put_oxs(b, OFPXST_FLOW_COUNT, 4, t->flow_count);
    }
    if (st->fields & OFM_OXS_BIT(OFPXST_PACKET_COUNT)) {
        put_oxs(b, OFPXST_PACKET_COUNT, 8, t->packet_count);
    }
    if (st->fields & OFM_OXS_BIT(OFPXST_BYTE_COUNT)) {
        put_oxs(b, OFPXST_BYTE_COUNT, 8, t->byte_count);
    }
    size_t length = b->size - stats;
    ofm_put16(b->data + stats + 2, (uint16_t) length);
    ofm_buf_put_zeros(b, ((length + 7) & ~(size_t) 7) - length);
    ofm_put16(b->data + start + 2, (uint16_t) (b->size - start));
}

/* A 1.5 flow description (the reply to OFPMP_FLOW_DESC, numbered as
 * OFPMP_FLOW): fixed part, match, OXS stats, instructions. */
static int
flow_desc15(struct ofm_rd *r, struct ofm_flow_stats *fs)
{
    ofm_rd_skip(r, 4);                  /* length, pad */
    fs->table_id = ofm_rd_u8(r);
    ofm_rd_skip(r, 1);
    fs->priority = ofm_rd_be16(r);
    fs->idle_timeout = ofm_rd_be16(r);
    fs->hard_timeout = ofm_rd_be16(r);
    fs->flags = ofm_rd_be16(r);
    fs->importance = ofm_rd_be16(r);
    fs->cookie = ofm_rd_be64(r);
    int error = ofm_match_decode(r, OFP15_VERSION, &fs->match);
    if (error) {
        return error;
    }
    struct ofm_oxs_stats st;
    error = ofm_oxs_stats_decode(r, &st);
    if (error) {
        return error;
    }
    fs->duration_sec = st.duration_sec;
    fs->duration_nsec = st.duration_nsec;
    fs->packet_count = st.packet_count;
    fs->byte_count = st.byte_count;
    fs->insts = r->p;
    fs->insts_size = r->left;
    fs->actions = NULL;
    fs->actions_size = 0;
    return ofm_insts_check(fs->insts, fs->insts_size);
}

/* 1.2 to 1.4 flow stats: 1.2 has padding where 1.3 has the flags and
 * 1.3 has padding where 1.4 has the importance, so zeros read there. */
static int
flow_stats13(struct ofm_rd *r, struct ofm_flow_stats *fs)
{
    ofm_rd_skip(r, 2);                  /* length */
    fs->table_id = ofm_rd_u8(r);
    ofm_rd_skip(r, 1);
    fs->duration_sec = ofm_rd_be32(r);
    fs->duration_nsec = ofm_rd_be32(r);
    fs->priority = ofm_rd_be16(r);
    fs->idle_timeout = ofm_rd_be16(r);
    fs->hard_timeout = ofm_rd_be16(r);
    fs->flags = ofm_rd_be16(r);
    fs->importance = ofm_rd_be16(r);
    ofm_rd_skip(r, 2);
    fs->cookie = ofm_rd_be64(r);
    fs->packet_count = ofm_rd_be64(r);
    fs->byte_count = ofm_rd_be64(r);
    int error = ofm_match_decode(r, OFP13_VERSION, &fs->match);
    if (error) {
        return error;
    }
    fs->insts = r->p;
    fs->insts_size = r->left;
    fs->actions = NULL;
    fs->actions_size = 0;
    return ofm_insts_check(fs->insts, fs->insts_size);
}

static int
flow_stats10(struct ofm_rd *r, struct ofm_flow_stats *fs)
{
    ofm_rd_skip(r, 2);                  /* length */
    fs->table_id = ofm_rd_u8(r);
    ofm_rd_skip(r, 1);
    int error = ofm_match_decode(r, OFP10_VERSION, &fs->match);
    if (error) {
        return error;
    }
    fs->duration_sec = ofm_rd_be32(r);
    fs->duration_nsec = ofm_rd_be32(r);
    fs->priority = ofm_rd_be16(r);
    fs->idle_timeout = ofm_rd_be16(r);
    fs->hard_timeout = ofm_rd_be16(r);
    fs->flags = 0;
    fs->importance = 0;
    ofm_rd_skip(r, 6);
    fs->cookie = ofm_rd_be64(r);
    fs->packet_count = ofm_rd_be64(r);
    fs->byte_count = ofm_rd_be64(r);
    if (r->error) {
        return OFM_ERR_BAD_LEN;
    }
    fs->insts = NULL;
    fs->insts_size = 0;
    fs->actions = r->p;
    fs->actions_size = r->left;
    return ofm_actions_check(fs->actions, fs->actions_size, OFP10_VERSION);
}

int
ofm_flow_stats_next(struct ofm_rd *body, uint8_t version,
                    struct ofm_flow_stats *fs)
{
    size_t min;
    if (version == OFP15_VERSION) {
        min = FLOW_DESC15_MIN;
    } else if (OFM_VERSION_IS_OXM(version)) {
        min = FLOW_STATS13_MIN;
    } else if (version == OFP10_VERSION) {
        min = FLOW_STATS10_SIZE;
    } else {
        return OFM_ERR_BAD_VERSION;
    }
    if (body->error) {
        return OFM_ERR_BAD_LEN;
    }
    if (!body->left) {
        return EOF;
    }
    if (body->left < 2) {
        return OFM_ERR_BAD_LEN;
    }
    size_t len = ofm_get16(body->p);
    if (len < min || len > body->left || len % 8) {
        return OFM_ERR_BAD_LEN;
    }
    struct ofm_rd r = ofm_rd_sub(body, len);
    if (version == OFP15_VERSION) {
        return flow_desc15(&r, fs);
    }
    return (version == OFP10_VERSION
            ? flow_stats10(&r, fs)
            : flow_stats13(&r, fs));
}

/* The eight counters every version's port stats entry starts with, in the
 * same order: packets, bytes, drops and errors, received then sent. */
static void
read_port_counters(struct ofm_rd *r, struct ofm_port_stats *ps)
{
    ps->rx_packets = ofm_rd_be64(r);
    ps->tx_packets = ofm_rd_be64(r);
    ps->rx_bytes = ofm_rd_be64(r);
    ps->tx_bytes = ofm_rd_be64(r);
    ps->rx_dropped = ofm_rd_be64(r);
    ps->tx_dropped = ofm_rd_be64(r);
    ps->rx_errors = ofm_rd_be64(r);
    ps->tx_errors = ofm_rd_be64(r);
}

/* A 1.4/1.5 port stats entry: its own length, the counters, then
 * properties of which the Ethernet one holds the error counters. */
static int
port_stats14(struct ofm_rd *body, struct ofm_port_stats *ps)
{
    if (body->left < OFP14_PORT_STATS_SIZE) {
        return OFM_ERR_BAD_LEN;
    }
    size_t len = ofm_get16(body->p);
    if (len < OFP14_PORT_STATS_SIZE || len > body->left) {
        return OFM_ERR_BAD_LEN;
    }
    struct ofm_rd r = ofm_rd_sub(body, len);
    memset(ps, 0, sizeof *ps);
    ofm_rd_skip(&r, 4);
    ps->port_no = ofm_rd_be32(&r);
    ps->duration_sec = ofm_rd_be32(&r);
    ps->duration_nsec = ofm_rd_be32(&r);
    read_port_counters(&r, ps);
    while (!r.error && r.left) {
        if (r.left < 4) {
            return OFM_ERR_BAD_LEN;
        }
        uint16_t type = ofm_get16(r.p);
        size_t plen = ofm_get16(r.p + 2);
        if (plen < 4 || plen > r.left) {
            return OFM_ERR_BAD_LEN;
        }
        struct ofm_rd prop = ofm_rd_sub(&r, plen);
        if (type == OFPPSPT_ETHERNET) {
            if (plen < 40) {
                return OFM_ERR_BAD_LEN;
            }
            ofm_rd_skip(&prop, 8);
            ps->rx_frame_err = ofm_rd_be64(&prop);
            ps->rx_over_err = ofm_rd_be64(&prop);
            ps->rx_crc_err = ofm_rd_be64(&prop);
            ps->collisions = ofm_rd_be64(&prop);
        }
        size_t pad = ((plen + 7) & ~(size_t) 7) - plen;
        ofm_rd_skip(&r, pad < r.left ? pad : r.left);
    }
    return r.error ? OFM_ERR_BAD_LEN : 0;
}

int
ofm_port_stats_next(struct ofm_rd *body, uint8_t version,
                    struct ofm_port_stats *ps)
{
    size_t size;
    if (version == OFP13_VERSION) {
        size = PORT_STATS13_SIZE;
    } else if (version == OFP10_VERSION || version == OFP12_VERSION) {
        size = PORT_STATS10_SIZE;
    } else if (OFM_VERSION_IS_OXM(version)) {
        size = OFP14_PORT_STATS_SIZE;
    } else {
        return OFM_ERR_BAD_VERSION;
    }
    if (body->error) {
        return OFM_ERR_BAD_LEN;
    }
    if (!body->left) {
        return EOF;
    }
    if (version >= OFP14_VERSION) {
        return port_stats14(body, ps);
    }
    struct ofm_rd r = ofm_rd_sub(body, size);
    if (r.error) {
        return OFM_ERR_BAD_LEN;
    }
    if (version != OFP10_VERSION) {
        ps->port_no = ofm_rd_be32(&r);
        ofm_rd_skip(&r, 4);
    } else {
        ps->port_no = ofm_port_from_of10(ofm_rd_be16(&r));
        ofm_rd_skip(&r, 6);
    }
    read_port_counters(&r, ps);
    ps->rx_frame_err = ofm_rd_be64(&r);
    ps->rx_over_err = ofm_rd_be64(&r);
    ps->rx_crc_err = ofm_rd_be64(&r);
    ps->collisions = ofm_rd_be64(&r);
    if (version == OFP13_VERSION) {
        ps->duration_sec = ofm_rd_be32(&r);
        ps->duration_nsec = ofm_rd_be32(&r);
    } else {
        ps->duration_sec = 0;
        ps->duration_nsec = 0;
    }
    return r.error ? OFM_ERR_BAD_LEN : 0;
}

int
ofm_decode_aggregate_stats(const struct ofm_multipart *mp, uint8_t version,
                           struct ofm_aggregate_stats *as)
{
    if (version != OFP10_VERSION && !OFM_VERSION_IS_OXM(version)) {
        return OFM_ERR_BAD_VERSION;
    }
    if (mp->type != OFPMP_AGGREGATE) {
        return OFM_ERR_BAD_STAT;
    }
    if (version == OFP15_VERSION) {
        struct ofm_rd rd = ofm_rd_init(mp->body, mp->body_size);
        struct ofm_oxs_stats st;
        int error = ofm_oxs_stats_decode(&rd, &st);
        if (error) {
            return error;
        }
        as->packet_count = st.packet_count;
        as->byte_count = st.byte_count;
        as->flow_count = st.flow_count;
        return 0;
    }
    if (mp->body_size < AGGREGATE_STATS_SIZE) {
        return OFM_ERR_BAD_LEN;
    }
    as->packet_count = ofm_get64(mp->body);
    as->byte_count = ofm_get64(mp->body + 8);
    as->flow_count = ofm_get32(mp->body + 16);
    return 0;
}

/* Copies the 'n'-byte NUL-padded string at 'p' to 'dst' (n + 1 bytes). */
static void
copy_str(char *dst, const uint8_t *p, size_t n)
{
    memcpy(dst, p, n);
    dst[n] = '\0';
}

int
ofm_decode_desc_stats(const struct ofm_multipart *mp, struct ofm_desc_stats *d)
{
    if (mp->type != OFPMP_DESC) {
        return OFM_ERR_BAD_STAT;
    }
    if (mp->body_size < DESC_STATS_SIZE) {
        return OFM_ERR_BAD_LEN;
    }
    const uint8_t *p = mp->body;
    copy_str(d->mfr_desc, p, OFP_DESC_STR_LEN);
    copy_str(d->hw_desc, p + 256, OFP_DESC_STR_LEN);
    copy_str(d->sw_desc, p + 512, OFP_DESC_STR_LEN);
    copy_str(d->serial_num, p + 768, OFP_SERIAL_NUM_LEN);
    copy_str(d->dp_desc, p + 800, OFP_DESC_STR_LEN);
    return 0;
}
