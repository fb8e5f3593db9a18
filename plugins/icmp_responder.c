/* icmp_responder.so: the ping responder of the Ryu book's packet library
 * chapter (Ryu's icmp_responder), for OpenFlow 1.3 and 1.0.
 *
 * On connect it installs a table-miss entry (priority 0, everything to the
 * controller, unbuffered).  Each packet-in is parsed with the packet
 * library and logged as "packet-in <text form>"; an ARP request for the
 * responder's address, or an ICMP echo request to it, is answered with a
 * packet-out of the reply (built with the packet library, lengths and
 * checksums computed) through the port the request came in on, logged as
 * "packet-out <text form>".  Nothing else is forwarded: the responder is a
 * host, not a switch.  See man/ofm-icmp-responder.8.
 *
 * Configuration (YAML):
 *     icmp_responder:
 *       ip: 192.0.2.9
 *       mac: 0a:e4:1c:d1:3e:44 */
#include <ofm/ofm.h>
#include "icmp-reply.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct responder {
    struct ofm_plugin *plugin;
    struct icmp_reply_addr addr;
    /* Every packet-in is logged, as in Ryu, but a flood of them is not:
     * one token per packet-in (and its packet-out line). */
    struct ofm_ratelimit log_rl;
    struct ofm_ratelimit debug_rl;      /* "no reply" lines. */
    struct ofm_ratelimit warn_rl;       /* Malformed messages, send errors. */
};

static void
add_table_miss(struct responder *r, struct ofm_dp *dp)
{
    struct ofm_match match;
    struct ofm_actions acts;
    struct ofm_insts insts;
    struct ofm_flow_mod fm;

    ofm_match_init(&match);
    ofm_actions_init(&acts);
    ofm_act_output(&acts, OFPP_CONTROLLER, OFP13_CML_NO_BUFFER);
    ofm_insts_init(&insts);
    ofm_inst_apply_actions(&insts, &acts);
    ofm_flow_mod_init(&fm, OFPFC_ADD);
    fm.priority = 0;
    fm.match = &match;
    fm.buffer_id = OFP_NO_BUFFER;
    ofm_flow_mod_set_insts(&fm, &insts);
    int error = ofm_dp_send_flow_mod(dp, &fm, NULL);
    if (error) {
        ofm_plog(r->plugin, OFM_LOG_ERROR, "datapath %016" PRIx64 ": cannot send "
                 "the table-miss flow: %s", ofm_dp_id(dp), ofm_err_str(error));
    }
    ofm_insts_uninit(&insts);
    ofm_actions_uninit(&acts);
}

/* EventOFPSwitchFeatures: everything the switch does not match comes to
 * us (unbuffered, so that the whole frame is in the packet-in). */
static void
switch_features(const struct ofm_event *ev, void *aux)
{
    add_table_miss(aux, ev->dp);
}

/* Logs "WHAT <text form of pkt>". */
static void
log_packet(struct responder *r, const char *what, const struct ofm_packet *pkt)
{
    char *text = ofm_packet_to_text(pkt);
    ofm_plog(r->plugin, OFM_LOG_INFO, "%s %s", what, text ? text : "?");
    free(text);
}

static void
send_reply(struct responder *r, struct ofm_dp *dp, uint32_t port,
           const struct ofm_buf *frame, bool log)
{
    if (log) {
        /* The frame as sent, parsed back: its lengths and checksums are
         * the computed ones, as Ryu prints a packet after serialize(). */
        struct ofm_packet sent;
        ofm_packet_parse(&sent, frame->data, frame->size);
        log_packet(r, "packet-out", &sent);
        ofm_packet_uninit(&sent);
    }

    struct ofm_actions acts;
    ofm_actions_init(&acts);
    ofm_act_output(&acts, port, 0);
    struct ofm_packet_out po = {
        .buffer_id = OFP_NO_BUFFER,
        .in_port = OFPP_CONTROLLER,
        .actions = ofm_actions_data(&acts),
        .actions_size = ofm_actions_size(&acts),
        .data = frame->data,
        .data_size = frame->size,
    };
    int error = ofm_dp_send_packet_out(dp, &po, NULL);
    if (error && ofm_ratelimit_allow(&r->warn_rl)) {
        ofm_plog(r->plugin, OFM_LOG_WARNING, "datapath %016" PRIx64 ": cannot send "
                 "packet-out: %s", ofm_dp_id(dp), ofm_err_str(error));
    }
    ofm_actions_uninit(&acts);
}

/* EventOFPPacketIn: log it, answer it if it asks us. */
static void
packet_in(const struct ofm_event *ev, void *aux)
{
    struct responder *r = aux;
    struct ofm_dp *dp = ev->dp;
    struct ofm_packet_in pin;

    int error = ofm_decode_packet_in(ev->msg, &pin);
    if (error) {
        if (ofm_ratelimit_allow(&r->warn_rl)) {
            ofm_plog(r->plugin, OFM_LOG_WARNING, "datapath %016" PRIx64
                     ": malformed packet-in: %s", ofm_dp_id(dp), ofm_err_str(error));
        }
        return;
    }

    struct ofm_packet req, reply;
    ofm_packet_parse(&req, pin.data, pin.data_size);
    bool log = false;
    if (ofm_log_enabled(OFM_LOG_INFO)) {
        unsigned int dropped = r->log_rl.dropped;
        log = ofm_ratelimit_allow(&r->log_rl);
        if (log && dropped) {
            ofm_plog(r->plugin, OFM_LOG_INFO, "(%u packet-in lines not logged: "
                     "more than %u a minute)", dropped, r->log_rl.rate);
            r->log_rl.dropped = 0;
        }
    }
    if (log) {
        log_packet(r, "packet-in", &req);
    }

    const char *why;
    enum icmp_reply_kind kind = icmp_reply_build(&r->addr, pin.data, pin.data_size,
                                                 &req, &reply, &why);
    if (kind != ICMP_REPLY_NONE
        && (!pin.in_port || (pin.in_port > OFPP_MAX && pin.in_port != OFPP_LOCAL))) {
        kind = ICMP_REPLY_NONE;
        why = "no usable in_port";
    }
    if (kind == ICMP_REPLY_NONE) {
        if (ofm_log_enabled(OFM_LOG_DEBUG) && ofm_ratelimit_allow(&r->debug_rl)) {
            ofm_plog(r->plugin, OFM_LOG_DEBUG, "datapath %016" PRIx64 " port %" PRIu32
                     ": no reply: %s", ofm_dp_id(dp), pin.in_port, why);
        }
    } else {
        uint8_t stub[256];
        struct ofm_buf frame;
        ofm_buf_use_stub(&frame, stub, sizeof stub);
        if (!ofm_packet_serialize(&reply, &frame)) {
            send_reply(r, dp, pin.in_port, &frame, log);
        } else if (ofm_ratelimit_allow(&r->warn_rl)) {
            ofm_plog(r->plugin, OFM_LOG_WARNING, "datapath %016" PRIx64
                     ": cannot serialize the reply", ofm_dp_id(dp));
        }
        ofm_buf_uninit(&frame);
    }
    ofm_packet_uninit(&reply);
    ofm_packet_uninit(&req);
}

static int
responder_init(struct ofm_plugin *p, char *err, size_t err_size)
{
    struct responder *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, err_size, "out of memory");
        return ENOMEM;
    }
    r->plugin = p;
    r->log_rl = (struct ofm_ratelimit) OFM_RATELIMIT_INIT(600, 600);
    r->debug_rl = (struct ofm_ratelimit) OFM_RATELIMIT_INIT(60, 60);
    r->warn_rl = (struct ofm_ratelimit) OFM_RATELIMIT_INIT(30, 30);
    icmp_reply_addr_default(&r->addr);
    int error = icmp_reply_config(ofm_plugin_config(p), &r->addr, err, err_size);
    if (error) {
        free(r);
        return error;
    }
    ofm_plugin_set_data(p, r);

    char mac[OFM_MAC_STRLEN], ip[OFM_IPV4_STRLEN];
    ofm_mac_format(r->addr.mac, mac);
    ofm_ipv4_format(r->addr.ip, ip);
    ofm_plog(p, OFM_LOG_DEBUG, "answering ARP and ping for %s at %s", ip, mac);

    ofm_handler_register(p, OFM_EV_SWITCH_FEATURES, OFM_STATE_CONFIG, switch_features, r);
    ofm_handler_register(p, OFM_EV_PACKET_IN, OFM_STATE_MAIN, packet_in, r);
    return 0;
}

static void
responder_fini(struct ofm_plugin *p)
{
    free(ofm_plugin_data(p));
}

OFM_PLUGIN(.name = "icmp_responder",
           .ofp_versions = OFM_VERSIONS_ALL,
           .config_section = "icmp_responder",
           .init = responder_init,
           .fini = responder_fini);
