/* msg.c: OpenFlow 1.0 and 1.3 messages other than stats/multipart (which
 * are in stats.c): header handling, names, and the encoders and decoders
 * of the message families in ofm/msg.h. */
#include "ofm/msg.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "hotpath.h"

/* The message types that have the same number in both versions. */
#define OFPT_HELLO 0
#define OFPT_ERROR 1
#define OFPT_FEATURES_REPLY 6
#define OFPT_SET_CONFIG 9
#define OFPT_PACKET_IN 10
#define OFPT_FLOW_REMOVED 11
#define OFPT_PORT_STATUS 12
#define OFPT_PACKET_OUT 13
#define OFPT_FLOW_MOD 14

/* ONF's experimenter id and its flow monitor multipart type, which Ryu
 * names specially. */
#define ONF_EXPERIMENTER_ID 0x4f4e4600u
#define ONFMP_FLOW_MONITOR 1870

/* Reserves room for a message of 'size' bytes in 'out', so that the puts
 * that build it find room; a size no message can have reserves nothing (the
 * encoder then fails with EMSGSIZE without a huge allocation first). */
static inline void
reserve_msg(struct ofm_buf *out, size_t size)
{
    if (size <= OFP_MAX_MSG_SIZE && size > out->allocated - out->size) {
        ofm_buf_reserve(out, size);
    }
}

/* Writes an OpenFlow header at 'p' (its length set later by finish()). */
static inline void
put_header(uint8_t *p, uint8_t version, uint8_t type, uint32_t xid)
{
    p[0] = version;
    p[1] = type;
    ofm_put16(p + 2, OFP_HEADER_SIZE);
    ofm_put32(p + 4, xid);
}

/* ofm_msg_finish(), inline. */
static inline int
finish(struct ofm_buf *out, size_t start)
{
    size_t len = out->size - start;
    if (len > OFP_MAX_MSG_SIZE) {
        out->size = start;
        return EMSGSIZE;
    }
    ofm_put16(out->data + start + 2, (uint16_t) len);
    return 0;
}

/* Messages: header. */

int
ofm_msg_init(struct ofm_msg *msg, const void *data, size_t size)
{
    if (!data || size < OFP_HEADER_SIZE) {
        return OFM_ERR_BAD_LEN;
    }
    const uint8_t *p = data;
    if (ofm_get16(p + 2) != size) {
        return OFM_ERR_BAD_LEN;
    }
    msg->data = p;
    msg->size = size;
    msg->version = p[0];
    msg->type = p[1];
    msg->xid = ofm_get32(p + 4);
    return 0;
}

size_t
ofm_msg_start(struct ofm_buf *out, uint8_t version, uint8_t type, uint32_t xid)
{
    size_t start = out->size;
    put_header(hot_put_uninit(out, OFP_HEADER_SIZE), version, type, xid);
    return start;
}

int
ofm_msg_finish(struct ofm_buf *out, size_t start)
{
    return finish(out, start);
}

/* Checks that 'msg' is of a version libofm decodes and of type 'type10'
 * (1.0) or 'type13' (1.3), and at least 'min10' / 'min13' bytes long.
 * Returns 0 or an enum ofm_err. */
static int
check_msg(const struct ofm_msg *msg, uint8_t type10, uint8_t type13,
          size_t min10, size_t min13)
{
    if (msg->version == OFP10_VERSION) {
        if (msg->type != type10) {
            return OFM_ERR_BAD_TYPE;
        }
        return msg->size >= min10 ? 0 : OFM_ERR_BAD_LEN;
    } else if (OFM_VERSION_IS_OXM(msg->version)) {
        if (msg->type != type13) {
            return OFM_ERR_BAD_TYPE;
        }
        return msg->size >= min13 ? 0 : OFM_ERR_BAD_LEN;
    }
    return OFM_ERR_BAD_VERSION;
}

/* A reader over the body of 'msg' (after the header). */
static struct ofm_rd
msg_body(const struct ofm_msg *msg)
{
    return ofm_rd_init(msg->data + OFP_HEADER_SIZE,
                       msg->size - OFP_HEADER_SIZE);
}

/* Names. */

static const char *const names10[] = {
    [OFPT10_HELLO] = "OFPHello",
    [OFPT10_ERROR] = "OFPErrorMsg",
    [OFPT10_ECHO_REQUEST] = "OFPEchoRequest",
    [OFPT10_ECHO_REPLY] = "OFPEchoReply",
    [OFPT10_VENDOR] = "OFPVendor",
    [OFPT10_FEATURES_REQUEST] = "OFPFeaturesRequest",
    [OFPT10_FEATURES_REPLY] = "OFPSwitchFeatures",
    [OFPT10_GET_CONFIG_REQUEST] = "OFPGetConfigRequest",
    [OFPT10_GET_CONFIG_REPLY] = "OFPGetConfigReply",
    [OFPT10_SET_CONFIG] = "OFPSetConfig",
    [OFPT10_PACKET_IN] = "OFPPacketIn",
    [OFPT10_FLOW_REMOVED] = "OFPFlowRemoved",
    [OFPT10_PORT_STATUS] = "OFPPortStatus",
    [OFPT10_PACKET_OUT] = "OFPPacketOut",
    [OFPT10_FLOW_MOD] = "OFPFlowMod",
    [OFPT10_PORT_MOD] = "OFPPortMod",
    [OFPT10_STATS_REQUEST] = "OFPStatsRequest",
    [OFPT10_STATS_REPLY] = "OFPStatsReply",
    [OFPT10_BARRIER_REQUEST] = "OFPBarrierRequest",
    [OFPT10_BARRIER_REPLY] = "OFPBarrierReply",
    [OFPT10_QUEUE_GET_CONFIG_REQUEST] = "OFPQueueGetConfigRequest",
    [OFPT10_QUEUE_GET_CONFIG_REPLY] = "OFPQueueGetConfigReply",
};

static const char *const names13[] = {
    [OFPT13_HELLO] = "OFPHello",
    [OFPT13_ERROR] = "OFPErrorMsg",
    [OFPT13_ECHO_REQUEST] = "OFPEchoRequest",
    [OFPT13_ECHO_REPLY] = "OFPEchoReply",
    [OFPT13_EXPERIMENTER] = "OFPExperimenter",
    [OFPT13_FEATURES_REQUEST] = "OFPFeaturesRequest",
    [OFPT13_FEATURES_REPLY] = "OFPSwitchFeatures",
    [OFPT13_GET_CONFIG_REQUEST] = "OFPGetConfigRequest",
    [OFPT13_GET_CONFIG_REPLY] = "OFPGetConfigReply",
    [OFPT13_SET_CONFIG] = "OFPSetConfig",
    [OFPT13_PACKET_IN] = "OFPPacketIn",
    [OFPT13_FLOW_REMOVED] = "OFPFlowRemoved",
    [OFPT13_PORT_STATUS] = "OFPPortStatus",
    [OFPT13_PACKET_OUT] = "OFPPacketOut",
    [OFPT13_FLOW_MOD] = "OFPFlowMod",
    [OFPT13_GROUP_MOD] = "OFPGroupMod",
    [OFPT13_PORT_MOD] = "OFPPortMod",
    [OFPT13_TABLE_MOD] = "OFPTableMod",
    [OFPT13_MULTIPART_REQUEST] = "OFPMultipartRequest",
    [OFPT13_MULTIPART_REPLY] = "OFPMultipartReply",
    [OFPT13_BARRIER_REQUEST] = "OFPBarrierRequest",
    [OFPT13_BARRIER_REPLY] = "OFPBarrierReply",
    [OFPT13_QUEUE_GET_CONFIG_REQUEST] = "OFPQueueGetConfigRequest",
    [OFPT13_QUEUE_GET_CONFIG_REPLY] = "OFPQueueGetConfigReply",
    [OFPT13_ROLE_REQUEST] = "OFPRoleRequest",
    [OFPT13_ROLE_REPLY] = "OFPRoleReply",
    [OFPT13_GET_ASYNC_REQUEST] = "OFPGetAsyncRequest",
    [OFPT13_GET_ASYNC_REPLY] = "OFPGetAsyncReply",
    [OFPT13_SET_ASYNC] = "OFPSetAsync",
    [OFPT13_METER_MOD] = "OFPMeterMod",
};

/* Stats and multipart names by body type: [type][0] request, [1] reply. */
static const char *const mp_names10[][2] = {
    [OFPMP_DESC] = { "OFPDescStatsRequest", "OFPDescStatsReply" },
    [OFPMP_FLOW] = { "OFPFlowStatsRequest", "OFPFlowStatsReply" },
    [OFPMP_AGGREGATE] = { "OFPAggregateStatsRequest", "OFPAggregateStatsReply" },
    [OFPMP_TABLE] = { "OFPTableStatsRequest", "OFPTableStatsReply" },
    [OFPST10_PORT] = { "OFPPortStatsRequest", "OFPPortStatsReply" },
    [OFPST10_QUEUE] = { "OFPQueueStatsRequest", "OFPQueueStatsReply" },
};

static const char *const mp_names13[][2] = {
    [OFPMP_DESC] = { "OFPDescStatsRequest", "OFPDescStatsReply" },
    [OFPMP_FLOW] = { "OFPFlowStatsRequest", "OFPFlowStatsReply" },
    [OFPMP_AGGREGATE] = { "OFPAggregateStatsRequest", "OFPAggregateStatsReply" },
    [OFPMP_TABLE] = { "OFPTableStatsRequest", "OFPTableStatsReply" },
    [OFPMP_PORT_STATS] = { "OFPPortStatsRequest", "OFPPortStatsReply" },
    [OFPMP_QUEUE] = { "OFPQueueStatsRequest", "OFPQueueStatsReply" },
    [OFPMP_GROUP] = { "OFPGroupStatsRequest", "OFPGroupStatsReply" },
    [OFPMP_GROUP_DESC] = { "OFPGroupDescStatsRequest", "OFPGroupDescStatsReply" },
    [OFPMP_GROUP_FEATURES] = { "OFPGroupFeaturesStatsRequest",
                               "OFPGroupFeaturesStatsReply" },
    [OFPMP_METER] = { "OFPMeterStatsRequest", "OFPMeterStatsReply" },
    [OFPMP_METER_CONFIG] = { "OFPMeterConfigStatsRequest",
                             "OFPMeterConfigStatsReply" },
    [OFPMP_METER_FEATURES] = { "OFPMeterFeaturesStatsRequest",
                               "OFPMeterFeaturesStatsReply" },
    [OFPMP_TABLE_FEATURES] = { "OFPTableFeaturesStatsRequest",
                               "OFPTableFeaturesStatsReply" },
    [OFPMP_PORT_DESC] = { "OFPPortDescStatsRequest", "OFPPortDescStatsReply" },
};

/* What 1.4 and 1.5 add to 1.3's tables, from OFPT14_ROLE_STATUS and from
 * OFPMP14_TABLE_DESC on. */
static const char *const names14[] = {
    [OFPT14_ROLE_STATUS - OFPT14_ROLE_STATUS] = "OFPRoleStatus",
    [OFPT14_TABLE_STATUS - OFPT14_ROLE_STATUS] = "OFPTableStatus",
    [OFPT14_REQUESTFORWARD - OFPT14_ROLE_STATUS] = "OFPRequestForward",
    [OFPT14_BUNDLE_CONTROL - OFPT14_ROLE_STATUS] = "OFPBundleCtrlMsg",
    [OFPT14_BUNDLE_ADD_MESSAGE - OFPT14_ROLE_STATUS] = "OFPBundleAddMsg",
    [OFPT15_CONTROLLER_STATUS - OFPT14_ROLE_STATUS] = "OFPControllerStatus",
};

static const char *const mp_names14[][2] = {
    [OFPMP14_TABLE_DESC - OFPMP14_TABLE_DESC] = {
        "OFPTableDescStatsRequest", "OFPTableDescStatsReply" },
    [OFPMP14_QUEUE_DESC - OFPMP14_TABLE_DESC] = {
        "OFPQueueDescStatsRequest", "OFPQueueDescStatsReply" },
    [OFPMP14_FLOW_MONITOR - OFPMP14_TABLE_DESC] = {
        "OFPFlowMonitorRequest", "OFPFlowMonitorReply" },
    [OFPMP15_FLOW_STATS - OFPMP14_TABLE_DESC] = {
        "OFPFlowStatsRequest", "OFPFlowStatsReply" },
    [OFPMP15_CONTROLLER_STATUS - OFPMP14_TABLE_DESC] = {
        "OFPControllerStatusStatsRequest", "OFPControllerStatusStatsReply" },
    [OFPMP15_BUNDLE_FEATURES - OFPMP14_TABLE_DESC] = {
        "OFPBundleFeaturesStatsRequest", "OFPBundleFeaturesStatsReply" },
};

#define ARRAY_SIZE(A) (sizeof (A) / sizeof (A)[0])

/* The multipart name of body type 'type' in OXM version 'version' (Ryu's
 * classes per version: 1.2 has the stats requests of 1.1, up to group
 * features, and one generic reply;
 * 1.4 adds table and queue descriptions and flow monitoring; 1.5 renames
 * the flow and meter config bodies and adds three), or NULL. */
static const char *
mp_name_oxm(uint8_t version, uint16_t type, bool reply)
{
    if (version == OFP12_VERSION) {
        /* Ryu's 1.2 replies are all OFPStatsReply, their bodies typed. */
        return !reply && type <= OFPMP_GROUP_FEATURES ? mp_names13[type][0] : NULL;
    }
    if (version == OFP15_VERSION) {
        if (type == OFPMP_FLOW) {
            return reply ? "OFPFlowDescStatsReply" : "OFPFlowDescStatsRequest";
        }
        if (type == OFPMP_METER_CONFIG) {
            return reply ? "OFPMeterDescStatsReply" : "OFPMeterDescStatsRequest";
        }
    }
    if (type < ARRAY_SIZE(mp_names13)) {
        return mp_names13[type][reply];
    }
    if (version == OFP13_VERSION || type < OFPMP14_TABLE_DESC) {
        return NULL;
    }
    uint16_t last = version == OFP14_VERSION ? OFPMP14_FLOW_MONITOR : OFPMP15_BUNDLE_FEATURES;
    return type <= last ? mp_names14[type - OFPMP14_TABLE_DESC][reply] : NULL;
}

/* Name of the stats/multipart message 'msg' ('reply' false for a request)
 * by its body type, or 'generic' when the type is unknown or missing. */
static const char *
mp_name(const struct ofm_msg *msg, bool reply, const char *generic)
{
    if (msg->size < OFP_HEADER_SIZE + 2) {
        return generic;
    }
    uint16_t type = ofm_get16(msg->data + OFP_HEADER_SIZE);
    if (msg->version == OFP10_VERSION) {
        if (type == OFPST10_VENDOR) {
            return reply ? "OFPVendorStatsReply" : "OFPVendorStatsRequest";
        }
        return type < ARRAY_SIZE(mp_names10) ? mp_names10[type][reply] : generic;
    }
    if (type == OFPMP_EXPERIMENTER) {
        if (msg->version == OFP12_VERSION) {
            return generic;     /* Ryu's 1.2 has no experimenter stats. */
        }
        if (!reply && msg->version == OFP13_VERSION
            && msg->size >= OFP13_MULTIPART_MSG_SIZE + 8
            && ofm_get32(msg->data + 16) == ONF_EXPERIMENTER_ID
            && ofm_get32(msg->data + 20) == ONFMP_FLOW_MONITOR) {
            return "ONFFlowMonitorStatsRequest";
        }
        return reply ? "OFPExperimenterStatsReply" : "OFPExperimenterStatsRequest";
    }
    const char *name = mp_name_oxm(msg->version, type, reply);
    return name ? name : generic;
}

/* The name of message type 'type' in OXM version 'version', or NULL. */
static const char *
type_name_oxm(uint8_t version, uint8_t type)
{
    switch (version) {
    case OFP12_VERSION:
        /* 1.2 calls multipart "stats" and stops at the role messages. */
        if (type == OFPT13_MULTIPART_REQUEST || type == OFPT13_MULTIPART_REPLY) {
            return type == OFPT13_MULTIPART_REPLY ? "OFPStatsReply" : "OFPStatsRequest";
        }
        return type <= OFPT13_ROLE_REPLY ? names13[type] : NULL;
    case OFP13_VERSION:
        return type < ARRAY_SIZE(names13) ? names13[type] : NULL;
    default:
        /* 1.4 dropped the queue config messages (queue descriptions took
         * their place) and added its own after 1.3's; 1.5 one more. */
        if (type == OFPT13_QUEUE_GET_CONFIG_REQUEST
            || type == OFPT13_QUEUE_GET_CONFIG_REPLY) {
            return NULL;
        }
        if (type < ARRAY_SIZE(names13)) {
            return names13[type];
        }
        uint8_t last = (version == OFP14_VERSION
                        ? OFPT14_BUNDLE_ADD_MESSAGE : OFPT15_CONTROLLER_STATUS);
        return (type >= OFPT14_ROLE_STATUS && type <= last
                ? names14[type - OFPT14_ROLE_STATUS] : NULL);
    }
}

const char *
ofm_msg_name(const struct ofm_msg *msg)
{
    const char *name = NULL;
    if (msg->version == OFP10_VERSION) {
        if (msg->type < ARRAY_SIZE(names10)) {
            name = names10[msg->type];
        }
        if (msg->type == OFPT10_STATS_REQUEST || msg->type == OFPT10_STATS_REPLY) {
            name = mp_name(msg, msg->type == OFPT10_STATS_REPLY, name);
        }
    } else if (OFM_VERSION_IS_OXM(msg->version)) {
        name = type_name_oxm(msg->version, msg->type);
        if (msg->type == OFPT13_MULTIPART_REQUEST
            || msg->type == OFPT13_MULTIPART_REPLY) {
            name = mp_name(msg, msg->type == OFPT13_MULTIPART_REPLY, name);
        }
    }
    return name ? name : "OFPUnknown";
}

/* Hello, echo, error, config. */

void
ofm_encode_hello_bitmap(struct ofm_buf *out, uint8_t version, uint32_t bitmap,
                        uint32_t xid)
{
    size_t start = ofm_msg_start(out, version, OFPT_HELLO, xid);
    if (bitmap) {
        uint8_t *p = ofm_buf_put_uninit(out, 8);
        ofm_put16(p, OFPHET_VERSIONBITMAP);
        ofm_put16(p + 2, 8);
        ofm_put32(p + 4, bitmap);
    }
    ofm_msg_finish(out, start);
}

void
ofm_encode_hello(struct ofm_buf *out, uint32_t bitmap, uint32_t xid)
{
    if (!bitmap) {
        ofm_encode_hello_bitmap(out, OFP13_VERSION, 0, xid);
        return;
    }
    uint8_t version = (uint8_t) (31 - __builtin_clz(bitmap));
    bool several = (bitmap & (bitmap - 1)) != 0;
    ofm_encode_hello_bitmap(out, version, several ? bitmap : 0, xid);
}

/* Versions 1..'version' as a bitmap. */
static uint32_t
versions_up_to(uint8_t version)
{
    if (version == 0) {
        return 0;
    }
    if (version >= 31) {
        return UINT32_MAX & ~1u;
    }
    return ((UINT32_C(1) << (version + 1)) - 1) & ~1u;
}

int
ofm_decode_hello(const struct ofm_msg *msg, uint32_t *bitmap)
{
    if (msg->size < OFP_HEADER_SIZE) {
        return OFM_ERR_BAD_LEN;
    }
    if (msg->type != OFPT_HELLO) {
        return OFM_ERR_BAD_TYPE;
    }
    uint32_t bm = versions_up_to(msg->version);
    bool found = false;
    if (msg->version >= OFP13_VERSION) {
        struct ofm_rd rd = msg_body(msg);
        while (rd.left) {
            if (rd.left < 4) {
                return OFM_ERR_BAD_LEN;
            }
            uint16_t type = ofm_get16(rd.p);
            size_t len = ofm_get16(rd.p + 2);
            if (len < 4 || len > rd.left) {
                return OFM_ERR_BAD_LEN;
            }
            if (type == OFPHET_VERSIONBITMAP && !found) {
                bm = len >= 8 ? ofm_get32(rd.p + 4) : 0;
                found = true;
            }
            size_t padded = (len + 7) & ~(size_t) 7;
            ofm_rd_skip(&rd, padded < rd.left ? padded : rd.left);
        }
    }
    *bitmap = bm;
    return 0;
}

void
ofm_encode_echo(struct ofm_buf *out, uint8_t version, uint8_t type,
                uint32_t xid, const void *data, size_t size)
{
    size_t start = ofm_msg_start(out, version, type, xid);
    if (size > OFP_MAX_MSG_SIZE - OFP_HEADER_SIZE) {
        size = OFP_MAX_MSG_SIZE - OFP_HEADER_SIZE;
    }
    if (size) {
        ofm_buf_put(out, data, size);
    }
    ofm_msg_finish(out, start);
}

void
ofm_encode_simple(struct ofm_buf *out, uint8_t version, uint8_t type,
                  uint32_t xid)
{
    size_t start = ofm_msg_start(out, version, type, xid);
    ofm_msg_finish(out, start);
}

void
ofm_encode_error(struct ofm_buf *out, uint8_t version, uint32_t xid,
                 uint16_t type, uint16_t code, const void *data, size_t size)
{
    size_t start = ofm_msg_start(out, version, OFPT_ERROR, xid);
    uint8_t *p = ofm_buf_put_uninit(out, 4);
    ofm_put16(p, type);
    ofm_put16(p + 2, code);
    if (size > OFP_MAX_MSG_SIZE - OFP_ERROR_MSG_SIZE) {
        size = OFP_MAX_MSG_SIZE - OFP_ERROR_MSG_SIZE;
    }
    if (size) {
        ofm_buf_put(out, data, size);
    }
    ofm_msg_finish(out, start);
}

void
ofm_encode_set_config(struct ofm_buf *out, uint8_t version, uint32_t xid,
                      uint16_t flags, uint16_t miss_send_len)
{
    size_t start = ofm_msg_start(out, version, OFPT_SET_CONFIG, xid);
    uint8_t *p = ofm_buf_put_uninit(out, 4);
    ofm_put16(p, flags);
    ofm_put16(p + 2, miss_send_len);
    ofm_msg_finish(out, start);
}

/* Features and ports. */

int
ofm_decode_switch_features(const struct ofm_msg *msg,
                           struct ofm_switch_features *f)
{
    int error = check_msg(msg, OFPT_FEATURES_REPLY, OFPT_FEATURES_REPLY,
                          OFP10_SWITCH_FEATURES_SIZE,
                          OFP13_SWITCH_FEATURES_SIZE);
    if (error) {
        return error;
    }
    struct ofm_rd rd = msg_body(msg);
    memset(f, 0, sizeof *f);
    f->datapath_id = ofm_rd_be64(&rd);
    f->n_buffers = ofm_rd_be32(&rd);
    f->n_tables = ofm_rd_u8(&rd);
    if (msg->version == OFP12_VERSION) {
        /* 1.2 still lists the ports here, in 1.3's 64-byte form. */
        ofm_rd_skip(&rd, 3);
        f->capabilities = ofm_rd_be32(&rd);
        ofm_rd_skip(&rd, 4);        /* Reserved. */
        if (rd.left % OFP13_PORT_SIZE) {
            return OFM_ERR_BAD_LEN;
        }
        f->ports = rd.p;
        f->ports_size = rd.left;
    } else if (msg->version != OFP10_VERSION) {
        f->auxiliary_id = ofm_rd_u8(&rd);
        ofm_rd_skip(&rd, 2);
        f->capabilities = ofm_rd_be32(&rd);
        ofm_rd_skip(&rd, 4);        /* Reserved. */
    } else {
        ofm_rd_skip(&rd, 3);
        f->capabilities = ofm_rd_be32(&rd);
        f->actions = ofm_rd_be32(&rd);
        if (rd.left % OFP10_PHY_PORT_SIZE) {
            return OFM_ERR_BAD_LEN;
        }
        f->ports = rd.p;
        f->ports_size = rd.left;
    }
    return rd.error ? OFM_ERR_BAD_LEN : 0;
}

/* Reads the properties of a 1.4/1.5 port: the Ethernet one fills the
 * features and speeds, others (optical, experimenter) are skipped. */
static int
decode_port_props14(struct ofm_rd *r, struct ofm_port *port)
{
    while (r->left) {
        if (r->left < 4) {
            return OFM_ERR_BAD_LEN;
        }
        uint16_t type = ofm_get16(r->p);
        size_t len = ofm_get16(r->p + 2);
        if (len < 4 || len > r->left) {
            return OFM_ERR_BAD_LEN;
        }
        struct ofm_rd prop = ofm_rd_sub(r, len);
        if (type == OFPPDPT_ETHERNET) {
            if (len < 32) {
                return OFM_ERR_BAD_LEN;
            }
            ofm_rd_skip(&prop, 8);
            port->curr = ofm_rd_be32(&prop);
            port->advertised = ofm_rd_be32(&prop);
            port->supported = ofm_rd_be32(&prop);
            port->peer = ofm_rd_be32(&prop);
            port->curr_speed = ofm_rd_be32(&prop);
            port->max_speed = ofm_rd_be32(&prop);
        }
        /* Properties are padded to 8 bytes, the padding outside 'len'. */
        size_t pad = ((len + 7) & ~(size_t) 7) - len;
        ofm_rd_skip(r, pad < r->left ? pad : r->left);
    }
    return 0;
}

/* A 1.4/1.5 port: a 40-byte fixed part, its own length, properties. */
static int
decode_port14(struct ofm_rd *rd, struct ofm_port *port)
{
    if (rd->error || rd->left < OFP14_PORT_SIZE) {
        return OFM_ERR_BAD_LEN;
    }
    size_t len = ofm_get16(rd->p + 4);
    if (len < OFP14_PORT_SIZE || len > rd->left) {
        return OFM_ERR_BAD_LEN;
    }
    struct ofm_rd r = ofm_rd_sub(rd, len);
    memset(port, 0, sizeof *port);
    port->port_no = ofm_rd_be32(&r);
    ofm_rd_skip(&r, 4);
    ofm_rd_copy(&r, port->hw_addr, 6);
    ofm_rd_skip(&r, 2);
    ofm_rd_copy(&r, port->name, OFP_MAX_PORT_NAME_LEN);
    port->name[OFP_MAX_PORT_NAME_LEN] = '\0';
    port->config = ofm_rd_be32(&r);
    port->state = ofm_rd_be32(&r);
    if (r.error) {
        return OFM_ERR_BAD_LEN;
    }
    return decode_port_props14(&r, port);
}

int
ofm_decode_port(struct ofm_rd *rd, uint8_t version, struct ofm_port *port)
{
    size_t size;
    if (version == OFP10_VERSION) {
        size = OFP10_PHY_PORT_SIZE;
    } else if (version == OFP12_VERSION || version == OFP13_VERSION) {
        size = OFP13_PORT_SIZE;
    } else if (OFM_VERSION_IS_OXM(version)) {
        return decode_port14(rd, port);
    } else {
        return OFM_ERR_BAD_VERSION;
    }
    struct ofm_rd r = ofm_rd_sub(rd, size);
    if (r.error) {
        return OFM_ERR_BAD_LEN;
    }
    memset(port, 0, sizeof *port);
    if (version == OFP10_VERSION) {
        port->port_no = hot_port_from_of10(ofm_rd_be16(&r));
        ofm_rd_copy(&r, port->hw_addr, 6);
    } else {
        port->port_no = ofm_rd_be32(&r);
        ofm_rd_skip(&r, 4);
        ofm_rd_copy(&r, port->hw_addr, 6);
        ofm_rd_skip(&r, 2);
    }
    ofm_rd_copy(&r, port->name, OFP_MAX_PORT_NAME_LEN);
    port->name[OFP_MAX_PORT_NAME_LEN] = '\0';
    port->config = ofm_rd_be32(&r);
    port->state = ofm_rd_be32(&r);
    port->curr = ofm_rd_be32(&r);
    port->advertised = ofm_rd_be32(&r);
    port->supported = ofm_rd_be32(&r);
    port->peer = ofm_rd_be32(&r);
    if (version != OFP10_VERSION) {
        port->curr_speed = ofm_rd_be32(&r);
        port->max_speed = ofm_rd_be32(&r);
    }
    return r.error ? OFM_ERR_BAD_LEN : 0;
}

int
ofm_decode_port_status(const struct ofm_msg *msg, struct ofm_port_status *ps)
{
    bool props = msg->version >= OFP14_VERSION;
    int error = check_msg(msg, OFPT_PORT_STATUS, OFPT_PORT_STATUS,
                          OFP10_PORT_STATUS_SIZE,
                          props ? OFP14_PORT_STATUS_SIZE : OFP13_PORT_STATUS_SIZE);
    if (error) {
        return error;
    }
    struct ofm_rd rd = msg_body(msg);
    ps->reason = ofm_rd_u8(&rd);
    ofm_rd_skip(&rd, 7);
    return ofm_decode_port(&rd, msg->version, &ps->desc);
}

/* Packet-in, flow removed, error. */

int
ofm_decode_packet_in(const struct ofm_msg *msg, struct ofm_packet_in *pi)
{
    int error = check_msg(msg, OFPT_PACKET_IN, OFPT_PACKET_IN,
                          OFP10_PACKET_IN_SIZE,
                          (msg->version == OFP12_VERSION
                           ? OFP12_PACKET_IN_SIZE : OFP13_PACKET_IN_SIZE));
    if (error) {
        return error;
    }
    const uint8_t *p = msg->data;
    if (msg->version == OFP10_VERSION) {
        /* check_msg() checked the fixed part's length. */
        pi->buffer_id = ofm_get32(p + 8);
        pi->total_len = ofm_get16(p + 12);
        pi->in_port = hot_port_from_of10(ofm_get16(p + 14));
        pi->reason = p[16];
        pi->table_id = 0;
        pi->cookie = 0;
        /* The match holds in_port alone. */
        ofm_put32(pi->match.oxm, OFM_OXM_HEADER(OFPXMC_OPENFLOW_BASIC,
                                                OFPXMT_IN_PORT, 0, 4));
        ofm_put32(pi->match.oxm + 4, pi->in_port);
        pi->match.len = 8;
        pi->data = p + OFP10_PACKET_IN_SIZE;
        pi->data_size = msg->size - OFP10_PACKET_IN_SIZE;
        return 0;
    }

    struct ofm_rd rd = msg_body(msg);
    pi->buffer_id = ofm_rd_be32(&rd);
    pi->total_len = ofm_rd_be16(&rd);
    pi->reason = ofm_rd_u8(&rd);
    pi->table_id = ofm_rd_u8(&rd);
    /* 1.3 added the cookie; 1.4 and 1.5 keep 1.3's layout. */
    pi->cookie = msg->version == OFP12_VERSION ? 0 : ofm_rd_be64(&rd);
    error = ofm_match_decode(&rd, OFP13_VERSION, &pi->match);
    if (error) {
        return error;
    }
    if (!ofm_rd_skip(&rd, 2)) {
        return OFM_ERR_BAD_LEN;
    }
    if (!ofm_match_get_u32(&pi->match, OFPXMT_IN_PORT, &pi->in_port)) {
        pi->in_port = 0;
    }
    if (rd.error) {
        return OFM_ERR_BAD_LEN;
    }
    pi->data = rd.p;
    pi->data_size = rd.left;
    return 0;
}

/* 1.5's FLOW_REMOVED: the counters moved into an OXS stats list. */
static int
decode_flow_removed15(struct ofm_rd *rd, struct ofm_flow_removed *fr)
{
    memset(fr, 0, sizeof *fr);
    fr->table_id = ofm_rd_u8(rd);
    fr->reason = ofm_rd_u8(rd);
    fr->priority = ofm_rd_be16(rd);
    fr->idle_timeout = ofm_rd_be16(rd);
    fr->hard_timeout = ofm_rd_be16(rd);
    fr->cookie = ofm_rd_be64(rd);
    if (rd->error) {
        return OFM_ERR_BAD_LEN;
    }
    int error = ofm_match_decode(rd, OFP15_VERSION, &fr->match);
    if (error) {
        return error;
    }
    struct ofm_oxs_stats st;
    error = ofm_oxs_stats_decode(rd, &st);
    if (error) {
        return error;
    }
    fr->duration_sec = st.duration_sec;
    fr->duration_nsec = st.duration_nsec;
    fr->packet_count = st.packet_count;
    fr->byte_count = st.byte_count;
    return 0;
}

int
ofm_decode_flow_removed(const struct ofm_msg *msg, struct ofm_flow_removed *fr)
{
    bool v15 = msg->version == OFP15_VERSION;
    int error = check_msg(msg, OFPT_FLOW_REMOVED, OFPT_FLOW_REMOVED,
                          OFP10_FLOW_REMOVED_SIZE,
                          v15 ? OFP15_FLOW_REMOVED_SIZE : OFP13_FLOW_REMOVED_SIZE);
    if (error) {
        return error;
    }
    struct ofm_rd rd = msg_body(msg);
    if (v15) {
        return decode_flow_removed15(&rd, fr);
    }
    if (msg->version == OFP10_VERSION) {
        error = ofm_match_decode(&rd, OFP10_VERSION, &fr->match);
        if (error) {
            return error;
        }
        fr->cookie = ofm_rd_be64(&rd);
        fr->priority = ofm_rd_be16(&rd);
        fr->reason = ofm_rd_u8(&rd);
        ofm_rd_skip(&rd, 1);
        fr->table_id = 0;
        fr->duration_sec = ofm_rd_be32(&rd);
        fr->duration_nsec = ofm_rd_be32(&rd);
        fr->idle_timeout = ofm_rd_be16(&rd);
        fr->hard_timeout = 0;
        ofm_rd_skip(&rd, 2);
        fr->packet_count = ofm_rd_be64(&rd);
        fr->byte_count = ofm_rd_be64(&rd);
    } else {
        fr->cookie = ofm_rd_be64(&rd);
        fr->priority = ofm_rd_be16(&rd);
        fr->reason = ofm_rd_u8(&rd);
        fr->table_id = ofm_rd_u8(&rd);
        fr->duration_sec = ofm_rd_be32(&rd);
        fr->duration_nsec = ofm_rd_be32(&rd);
        fr->idle_timeout = ofm_rd_be16(&rd);
        fr->hard_timeout = ofm_rd_be16(&rd);
        fr->packet_count = ofm_rd_be64(&rd);
        fr->byte_count = ofm_rd_be64(&rd);
        if (rd.error) {
            return OFM_ERR_BAD_LEN;
        }
        error = ofm_match_decode(&rd, OFP13_VERSION, &fr->match);
        if (error) {
            return error;
        }
    }
    return rd.error ? OFM_ERR_BAD_LEN : 0;
}

int
ofm_decode_error(const struct ofm_msg *msg, struct ofm_err_msg *em)
{
    int error = check_msg(msg, OFPT_ERROR, OFPT_ERROR,
                          OFP_ERROR_MSG_SIZE, OFP_ERROR_MSG_SIZE);
    if (error) {
        return error;
    }
    struct ofm_rd rd = msg_body(msg);
    memset(em, 0, sizeof *em);
    em->type = ofm_rd_be16(&rd);
    em->code = ofm_rd_be16(&rd);
    if (msg->version != OFP10_VERSION && em->type == OFPET_EXPERIMENTER) {
        em->exp_type = em->code;
        em->code = 0;
        em->experimenter = ofm_rd_be32(&rd);
    }
    if (rd.error) {
        return OFM_ERR_BAD_LEN;
    }
    em->data = rd.p;
    em->data_size = rd.left;
    return 0;
}

/* Error names. */

static const char *const err_types10[] = {
    "OFPET_HELLO_FAILED", "OFPET_BAD_REQUEST", "OFPET_BAD_ACTION",
    "OFPET_FLOW_MOD_FAILED", "OFPET_PORT_MOD_FAILED", "OFPET_QUEUE_OP_FAILED",
};

static const char *const err_types13[] = {
    "OFPET_HELLO_FAILED", "OFPET_BAD_REQUEST", "OFPET_BAD_ACTION",
    "OFPET_BAD_INSTRUCTION", "OFPET_BAD_MATCH", "OFPET_FLOW_MOD_FAILED",
    "OFPET_GROUP_MOD_FAILED", "OFPET_PORT_MOD_FAILED",
    "OFPET_TABLE_MOD_FAILED", "OFPET_QUEUE_OP_FAILED",
    "OFPET_SWITCH_CONFIG_FAILED", "OFPET_ROLE_REQUEST_FAILED",
    "OFPET_METER_MOD_FAILED", "OFPET_TABLE_FEATURES_FAILED",
};

/* Codes: NULL-terminated lists per type. */
static const char *const hfc[] = {
    "OFPHFC_INCOMPATIBLE", "OFPHFC_EPERM", NULL
};
static const char *const brc10[] = {
    "OFPBRC_BAD_VERSION", "OFPBRC_BAD_TYPE", "OFPBRC_BAD_STAT",
    "OFPBRC_BAD_VENDOR", "OFPBRC_BAD_SUBTYPE", "OFPBRC_EPERM",
    "OFPBRC_BAD_LEN", "OFPBRC_BUFFER_EMPTY", "OFPBRC_BUFFER_UNKNOWN", NULL
};
static const char *const bac10[] = {
    "OFPBAC_BAD_TYPE", "OFPBAC_BAD_LEN", "OFPBAC_BAD_VENDOR",
    "OFPBAC_BAD_VENDOR_TYPE", "OFPBAC_BAD_OUT_PORT", "OFPBAC_BAD_ARGUMENT",
    "OFPBAC_EPERM", "OFPBAC_TOO_MANY", "OFPBAC_BAD_QUEUE", NULL
};
static const char *const fmfc10[] = {
    "OFPFMFC_ALL_TABLES_FULL", "OFPFMFC_OVERLAP", "OFPFMFC_EPERM",
    "OFPFMFC_BAD_EMERG_TIMEOUT", "OFPFMFC_BAD_COMMAND", "OFPFMFC_UNSUPPORTED",
    NULL
};
static const char *const pmfc10[] = {
    "OFPPMFC_BAD_PORT", "OFPPMFC_BAD_HW_ADDR", NULL
};
static const char *const qofc[] = {
    "OFPQOFC_BAD_PORT", "OFPQOFC_BAD_QUEUE", "OFPQOFC_EPERM", NULL
};
static const char *const brc13[] = {
    "OFPBRC_BAD_VERSION", "OFPBRC_BAD_TYPE", "OFPBRC_BAD_MULTIPART",
    "OFPBRC_BAD_EXPERIMENTER", "OFPBRC_BAD_EXP_TYPE", "OFPBRC_EPERM",
    "OFPBRC_BAD_LEN", "OFPBRC_BUFFER_EMPTY", "OFPBRC_BUFFER_UNKNOWN",
    "OFPBRC_BAD_TABLE_ID", "OFPBRC_IS_SLAVE", "OFPBRC_BAD_PORT",
    "OFPBRC_BAD_PACKET", "OFPBRC_MULTIPART_BUFFER_OVERFLOW", NULL
};
static const char *const bac13[] = {
    "OFPBAC_BAD_TYPE", "OFPBAC_BAD_LEN", "OFPBAC_BAD_EXPERIMENTER",
    "OFPBAC_BAD_EXP_TYPE", "OFPBAC_BAD_OUT_PORT", "OFPBAC_BAD_ARGUMENT",
    "OFPBAC_EPERM", "OFPBAC_TOO_MANY", "OFPBAC_BAD_QUEUE",
    "OFPBAC_BAD_OUT_GROUP", "OFPBAC_MATCH_INCONSISTENT",
    "OFPBAC_UNSUPPORTED_ORDER", "OFPBAC_BAD_TAG", "OFPBAC_BAD_SET_TYPE",
    "OFPBAC_BAD_SET_LEN", "OFPBAC_BAD_SET_ARGUMENT", NULL
};
static const char *const bic13[] = {
    "OFPBIC_UNKNOWN_INST", "OFPBIC_UNSUP_INST", "OFPBIC_BAD_TABLE_ID",
    "OFPBIC_UNSUP_METADATA", "OFPBIC_UNSUP_METADATA_MASK",
    "OFPBIC_BAD_EXPERIMENTER", "OFPBIC_BAD_EXP_TYPE", "OFPBIC_BAD_LEN",
    "OFPBIC_EPERM", NULL
};
static const char *const bmc13[] = {
    "OFPBMC_BAD_TYPE", "OFPBMC_BAD_LEN", "OFPBMC_BAD_TAG",
    "OFPBMC_BAD_DL_ADDR_MASK", "OFPBMC_BAD_NW_ADDR_MASK",
    "OFPBMC_BAD_WILDCARDS", "OFPBMC_BAD_FIELD", "OFPBMC_BAD_VALUE",
    "OFPBMC_BAD_MASK", "OFPBMC_BAD_PREREQ", "OFPBMC_DUP_FIELD",
    "OFPBMC_EPERM", NULL
};
static const char *const fmfc13[] = {
    "OFPFMFC_UNKNOWN", "OFPFMFC_TABLE_FULL", "OFPFMFC_BAD_TABLE_ID",
    "OFPFMFC_OVERLAP", "OFPFMFC_EPERM", "OFPFMFC_BAD_TIMEOUT",
    "OFPFMFC_BAD_COMMAND", "OFPFMFC_BAD_FLAGS", NULL
};
static const char *const gmfc13[] = {
    "OFPGMFC_GROUP_EXISTS", "OFPGMFC_INVALID_GROUP",
    "OFPGMFC_WEIGHT_UNSUPPORTED", "OFPGMFC_OUT_OF_GROUPS",
    "OFPGMFC_OUT_OF_BUCKETS", "OFPGMFC_CHAINING_UNSUPPORTED",
    "OFPGMFC_WATCH_UNSUPPORTED", "OFPGMFC_LOOP", "OFPGMFC_UNKNOWN_GROUP",
    "OFPGMFC_CHAINED_GROUP", "OFPGMFC_BAD_TYPE", "OFPGMFC_BAD_COMMAND",
    "OFPGMFC_BAD_BUCKET", "OFPGMFC_BAD_WATCH", "OFPGMFC_EPERM", NULL
};
static const char *const pmfc13[] = {
    "OFPPMFC_BAD_PORT", "OFPPMFC_BAD_HW_ADDR", "OFPPMFC_BAD_CONFIG",
    "OFPPMFC_BAD_ADVERTISE", "OFPPMFC_EPERM", NULL
};
static const char *const tmfc13[] = {
    "OFPTMFC_BAD_TABLE", "OFPTMFC_BAD_CONFIG", "OFPTMFC_EPERM", NULL
};
static const char *const scfc13[] = {
    "OFPSCFC_BAD_FLAGS", "OFPSCFC_BAD_LEN", "OFPSCFC_EPERM", NULL
};
static const char *const rrfc13[] = {
    "OFPRRFC_STALE", "OFPRRFC_UNSUP", "OFPRRFC_BAD_ROLE", NULL
};
static const char *const mmfc13[] = {
    "OFPMMFC_UNKNOWN", "OFPMMFC_METER_EXISTS", "OFPMMFC_INVALID_METER",
    "OFPMMFC_UNKNOWN_METER", "OFPMMFC_BAD_COMMAND", "OFPMMFC_BAD_FLAGS",
    "OFPMMFC_BAD_RATE", "OFPMMFC_BAD_BURST", "OFPMMFC_BAD_BAND",
    "OFPMMFC_BAD_BAND_VALUE", "OFPMMFC_OUT_OF_METERS",
    "OFPMMFC_OUT_OF_BANDS", NULL
};
static const char *const tffc13[] = {
    "OFPTFFC_BAD_TABLE", "OFPTFFC_BAD_METADATA", "OFPTFFC_BAD_TYPE",
    "OFPTFFC_BAD_LEN", "OFPTFFC_BAD_ARGUMENT", "OFPTFFC_EPERM", NULL
};

static const char *const *const err_codes10[] = {
    hfc, brc10, bac10, fmfc10, pmfc10, qofc,
};
static const char *const *const err_codes13[] = {
    hfc, brc13, bac13, bic13, bmc13, fmfc13, gmfc13, pmfc13, tmfc13, qofc,
    scfc13, rrfc13, mmfc13, tffc13,
};

/* Formats 'n' into a thread-local buffer. */
static const char *
number_name(unsigned int n)
{
    static _Thread_local char buf[16];
    snprintf(buf, sizeof buf, "%u", n);
    return buf;
}

const char *
ofm_err_type_name(uint8_t version, uint16_t type)
{
    if (version == OFP10_VERSION && type < ARRAY_SIZE(err_types10)) {
        return err_types10[type];
    }
    if (OFM_VERSION_IS_OXM(version)) {
        if (type < ARRAY_SIZE(err_types13)) {
            return err_types13[type];
        }
        if (type == OFPET_EXPERIMENTER) {
            return "OFPET_EXPERIMENTER";
        }
    }
    return number_name(type);
}

const char *
ofm_err_code_name(uint8_t version, uint16_t type, uint16_t code)
{
    const char *const *codes = NULL;
    if (version == OFP10_VERSION && type < ARRAY_SIZE(err_codes10)) {
        codes = err_codes10[type];
    } else if (OFM_VERSION_IS_OXM(version) && type < ARRAY_SIZE(err_codes13)) {
        codes = err_codes13[type];
    }
    if (codes) {
        for (size_t i = 0; codes[i]; i++) {
            if (i == code) {
                return codes[i];
            }
        }
    }
    return number_name(code);
}

/* Flow mod, packet out, port mod. */

void
ofm_flow_mod_init(struct ofm_flow_mod *fm, uint8_t command)
{
    memset(fm, 0, sizeof *fm);
    fm->command = command;
    fm->priority = OFP_DEFAULT_PRIORITY;
    fm->buffer_id = OFP_NO_BUFFER;
    fm->out_port = OFPP_ANY;
    fm->out_group = OFPG_ANY;
}

/* True if 1.0 can name 32-bit 'port'. */
static bool
port_fits_of10(uint32_t port)
{
    return port < OFPP10_MAX || port >= OFPP_MAX;
}

/* Maps 1.3 flow mod flags to 1.0 ones in '*flags10'.  The counting hints
 * (NO_PKT_COUNTS, NO_BYT_COUNTS) are dropped, since a 1.0 switch counts
 * anyway; RESET_COUNTS has no 1.0 form (and its bit means EMERG there). */
static int
flags_to_of10(uint16_t flags, uint16_t *flags10)
{
    if (flags & ~(OFPFF_SEND_FLOW_REM | OFPFF_CHECK_OVERLAP
                  | OFPFF_NO_PKT_COUNTS | OFPFF_NO_BYT_COUNTS)) {
        return EOPNOTSUPP;
    }
    *flags10 = flags & (OFPFF_SEND_FLOW_REM | OFPFF_CHECK_OVERLAP);
    return 0;
}

/* Finds the one action list that 1.0 can carry from a checked instruction
 * list: none (empty instructions) or a single APPLY_ACTIONS or
 * WRITE_ACTIONS. */
static int
insts_to_actions10(const uint8_t *insts, size_t size,
                   const uint8_t **actions, size_t *actions_size)
{
    *actions = NULL;
    *actions_size = 0;
    size_t off = 0;
    while (off < size) {
        const uint8_t *p = insts + off;
        uint16_t type = ofm_get16(p);
        size_t len = ofm_get16(p + 2);
        if ((type != OFPIT_APPLY_ACTIONS && type != OFPIT_WRITE_ACTIONS)
            || *actions) {
            return EOPNOTSUPP;
        }
        *actions = p + 8;
        *actions_size = len - 8;
        off += len;
    }
    return 0;
}

/* The instructions of 'fm', checked. */
static int
check_insts(const struct ofm_flow_mod *fm)
{
    return fm->insts_size ? ofm_insts_check(fm->insts, fm->insts_size) : 0;
}

/* Appends the 1.3 FLOW_MOD: one reservation for the fixed part, the match
 * and the instructions, then straight writes. */
static int
encode_flow_mod13(struct ofm_buf *out, uint8_t version, uint32_t xid,
                  const struct ofm_flow_mod *fm)
{
    int error = check_insts(fm);
    if (error) {
        return error;
    }
    size_t start = out->size;
    size_t match_len = fm->match ? fm->match->len : 0;
    reserve_msg(out, OFP13_FLOW_MOD_SIZE + match_len + 8 + fm->insts_size);
    uint8_t *p = hot_put_uninit(out, 48);
    put_header(p, version, OFPT_FLOW_MOD, xid);
    p += OFP_HEADER_SIZE;
    ofm_put64(p, fm->cookie);
    ofm_put64(p + 8, fm->cookie_mask);
    p[16] = fm->table_id;
    p[17] = fm->command;
    ofm_put16(p + 18, fm->idle_timeout);
    ofm_put16(p + 20, fm->hard_timeout);
    ofm_put16(p + 22, fm->priority);
    ofm_put32(p + 24, fm->buffer_id);
    ofm_put32(p + 28, fm->out_port);
    ofm_put32(p + 32, fm->out_group);
    ofm_put16(p + 36, fm->flags);
    /* 1.4 put the importance where 1.2 and 1.3 have padding. */
    ofm_put16(p + 38, version >= OFP14_VERSION ? fm->importance : 0);
    ofm_match_encode(fm->match, OFP13_VERSION, out);
    if (fm->insts_size) {
        memcpy(hot_put_uninit(out, fm->insts_size), fm->insts, fm->insts_size);
    }
    return finish(out, start);
}

/* Appends the 1.0 FLOW_MOD (header, match, body, actions), with one
 * reservation: 1.0 actions are never longer than the 1.3 ones they come
 * from. */
static int
encode_flow_mod10(struct ofm_buf *out, uint32_t xid, const struct ofm_flow_mod *fm)
{
    uint16_t flags10;
    const uint8_t *actions = NULL;
    size_t actions_size = 0;
    int error = check_insts(fm);
    if (!error && fm->insts_size) {
        error = insts_to_actions10(fm->insts, fm->insts_size,
                                   &actions, &actions_size);
    }
    if (!error) {
        error = flags_to_of10(fm->flags, &flags10);
    }
    if (error) {
        return error;
    }
    if (!port_fits_of10(fm->out_port) || fm->cookie_mask
        || fm->out_group != OFPG_ANY) {
        return EOPNOTSUPP;
    }
    size_t start = out->size;
    reserve_msg(out, OFP10_FLOW_MOD_SIZE + actions_size);
    put_header(hot_put_uninit(out, OFP_HEADER_SIZE), OFP10_VERSION, OFPT_FLOW_MOD, xid);
    if (!fm->match || !fm->match->len) {
        /* Match everything (as ofm_match_encode() writes it), inline for
         * the catch-all flows that are so common. */
        uint8_t *m = hot_put_uninit(out, OFP10_MATCH_SIZE);
        memset(m, 0, OFP10_MATCH_SIZE);
        ofm_put32(m, OFPFW10_ALL);
    } else {
        error = ofm_match_encode(fm->match, OFP10_VERSION, out);
        if (error) {
            out->size = start;
            return error;
        }
    }
    uint8_t *p = hot_put_uninit(out, 24);
    ofm_put64(p, fm->cookie);
    ofm_put16(p + 8, fm->command);
    ofm_put16(p + 10, fm->idle_timeout);
    ofm_put16(p + 12, fm->hard_timeout);
    ofm_put16(p + 14, fm->priority);
    ofm_put32(p + 16, fm->buffer_id);
    ofm_put16(p + 20, hot_port_to_of10(fm->out_port));
    ofm_put16(p + 22, flags10);
    if (actions_size) {
        error = ofm_actions_encode(actions, actions_size, OFP10_VERSION, out);
        if (error) {
            out->size = start;
            return error;
        }
    }
    return finish(out, start);
}

int
ofm_encode_flow_mod(struct ofm_buf *out, uint8_t version, uint32_t xid,
                    const struct ofm_flow_mod *fm)
{
    switch (version) {
    case OFP10_VERSION:
        return encode_flow_mod10(out, xid, fm);
    case OFP12_VERSION:
    case OFP13_VERSION:
    case OFP14_VERSION:
    case OFP15_VERSION:
        return encode_flow_mod13(out, version, xid, fm);
    default:
        return EPROTONOSUPPORT;
    }
}

/* 1.5's PACKET_OUT: a match (holding the in_port) replaces the in_port
 * field, between the fixed part and the actions. */
static int
encode_packet_out15(struct ofm_buf *out, uint32_t xid,
                    const struct ofm_packet_out *po)
{
    size_t data_size = po->buffer_id == OFP_NO_BUFFER ? po->data_size : 0;
    size_t start = out->size;
    reserve_msg(out, 32 + po->actions_size + data_size);
    uint8_t *p = hot_put_uninit(out, 16);
    put_header(p, OFP15_VERSION, OFPT_PACKET_OUT, xid);
    ofm_put32(p + 8, po->buffer_id);
    memset(p + 12, 0, 4);
    struct ofm_match m;
    ofm_match_init(&m);
    int error = ofm_match_set_u32(&m, OFPXMT_IN_PORT, po->in_port);
    if (!error) {
        error = ofm_match_encode(&m, OFP15_VERSION, out);
    }
    size_t acts_start = out->size;
    if (!error && po->actions_size) {
        error = ofm_actions_encode(po->actions, po->actions_size,
                                   OFP15_VERSION, out);
    }
    size_t acts_len = out->size - acts_start;
    if (error || acts_len > UINT16_MAX) {
        out->size = start;
        return error ? error : EMSGSIZE;
    }
    ofm_put16(out->data + start + 12, (uint16_t) acts_len);
    if (data_size) {
        memcpy(hot_put_uninit(out, data_size), po->data, data_size);
    }
    return finish(out, start);
}

int
ofm_encode_packet_out(struct ofm_buf *out, uint8_t version, uint32_t xid,
                      const struct ofm_packet_out *po)
{
    if (version == OFP15_VERSION) {
        return encode_packet_out15(out, xid, po);
    }
    if (version != OFP10_VERSION && !OFM_VERSION_IS_OXM(version)) {
        return EPROTONOSUPPORT;
    }
    bool oxm = version != OFP10_VERSION;
    if (version == OFP10_VERSION && !port_fits_of10(po->in_port)) {
        return EOPNOTSUPP;
    }
    size_t data_size = po->buffer_id == OFP_NO_BUFFER ? po->data_size : 0;
    size_t fixed = oxm ? OFP13_PACKET_OUT_SIZE : OFP10_PACKET_OUT_SIZE;
    size_t start = out->size;
    reserve_msg(out, fixed + po->actions_size + data_size);
    uint8_t *p = hot_put_uninit(out, fixed);
    put_header(p, version, OFPT_PACKET_OUT, xid);
    memset(p + OFP_HEADER_SIZE, 0, fixed - OFP_HEADER_SIZE);
    ofm_put32(p + 8, po->buffer_id);
    if (oxm) {
        ofm_put32(p + 12, po->in_port);
    } else {
        ofm_put16(p + 12, hot_port_to_of10(po->in_port));
    }

    size_t acts_start = out->size;
    int error = (po->actions_size
                 ? ofm_actions_encode(po->actions, po->actions_size, version, out)
                 : 0);
    size_t acts_len = out->size - acts_start;
    if (error || acts_len > UINT16_MAX) {
        out->size = start;
        return error ? error : EMSGSIZE;
    }
    /* 'p' may be stale if the actions grew 'out'. */
    size_t len_off = start + OFP_HEADER_SIZE + (oxm ? 8 : 6);
    ofm_put16(out->data + len_off, (uint16_t) acts_len);

    if (data_size) {
        memcpy(hot_put_uninit(out, data_size), po->data, data_size);
    }
    return finish(out, start);
}

int
ofm_encode_port_mod(struct ofm_buf *out, uint8_t version, uint32_t xid,
                    const struct ofm_port_mod *pm)
{
    uint8_t *p;
    size_t start;
    if (version >= OFP14_VERSION && version <= OFP15_VERSION) {
        /* 1.4: the advertised features move into an Ethernet property. */
        start = ofm_msg_start(out, version, OFPT13_PORT_MOD, xid);
        p = ofm_buf_put_zeros(out, 24 + 8);
        ofm_put32(p, pm->port_no);
        memcpy(p + 8, pm->hw_addr, 6);
        ofm_put32(p + 16, pm->config);
        ofm_put32(p + 20, pm->mask);
        ofm_put16(p + 24, OFPPMPT_ETHERNET);
        ofm_put16(p + 26, 8);
        ofm_put32(p + 28, pm->advertise);
    } else if (version == OFP13_VERSION || version == OFP12_VERSION) {
        start = ofm_msg_start(out, version, OFPT13_PORT_MOD, xid);
        p = ofm_buf_put_zeros(out, OFP13_PORT_MOD_SIZE - OFP_HEADER_SIZE);
        ofm_put32(p, pm->port_no);
        memcpy(p + 8, pm->hw_addr, 6);
        ofm_put32(p + 16, pm->config);
        ofm_put32(p + 20, pm->mask);
        ofm_put32(p + 24, pm->advertise);
    } else if (version == OFP10_VERSION) {
        if (!port_fits_of10(pm->port_no)) {
            return EOPNOTSUPP;
        }
        start = ofm_msg_start(out, version, OFPT10_PORT_MOD, xid);
        p = ofm_buf_put_zeros(out, OFP10_PORT_MOD_SIZE - OFP_HEADER_SIZE);
        ofm_put16(p, hot_port_to_of10(pm->port_no));
        memcpy(p + 2, pm->hw_addr, 6);
        ofm_put32(p + 8, pm->config);
        ofm_put32(p + 12, pm->mask);
        ofm_put32(p + 16, pm->advertise);
    } else {
        return EPROTONOSUPPORT;
    }
    return ofm_msg_finish(out, start);
}
