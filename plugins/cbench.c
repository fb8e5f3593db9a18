/* cbench.so: the controller half of the cbench benchmark (Ryu's cbench
 * application, for OpenFlow 1.0 and 1.3).
 *
 * Every packet-in a datapath in MAIN state sends is decoded and answered
 * with one FLOW_MOD: an ADD of priority OFP_DEFAULT_PRIORITY (0x8000) with
 * an empty match (1.0: every field wildcarded), cookie 0, no timeouts, no
 * flags, no buffer and no actions (1.3: no instructions, table 0).  It
 * keeps no state, so it measures the manager itself: reading, framing,
 * decoding, dispatch, encoding and writing.
 *
 * The packet-in is decoded (and a malformed one logged and left
 * unanswered, as the switching hub does) so the plugin does the work a
 * real application's first step does; the FLOW_MOD goes through the
 * version-independent encoder, not a canned byte string. */
#include <ofm/ofm.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static struct ofm_plugin *cbench_plugin;

static void
packet_in(const struct ofm_event *ev, void *aux)
{
    struct ofm_packet_in pin;
    int error = ofm_decode_packet_in(ev->msg, &pin);
    if (error) {
        static struct ofm_ratelimit rl = OFM_RATELIMIT_INIT(30, 30);
        if (ofm_ratelimit_allow(&rl)) {
            ofm_plog(cbench_plugin, OFM_LOG_WARNING, "datapath %016" PRIx64
                     ": malformed packet-in: %s", ofm_dp_id(ev->dp),
                     ofm_err_str(error));
        }
        return;
    }

    /* ofm_flow_mod_init() gives Ryu's OFPFlowMod defaults: priority
     * 0x8000, no buffer, out_port/out_group ANY; a NULL match matches
     * everything and no instructions means no actions. */
    struct ofm_flow_mod fm;
    ofm_flow_mod_init(&fm, OFPFC_ADD);
    error = ofm_dp_send_flow_mod(ev->dp, &fm, NULL);
    if (error) {
        static struct ofm_ratelimit rl = OFM_RATELIMIT_INIT(30, 30);
        if (ofm_ratelimit_allow(&rl)) {
            ofm_plog(cbench_plugin, OFM_LOG_ERROR, "datapath %016" PRIx64
                     ": cannot send flow mod: %s", ofm_dp_id(ev->dp),
                     ofm_err_str(error));
        }
    }
}

static int
cbench_init(struct ofm_plugin *p, char *err, size_t err_size)
{
    cbench_plugin = p;
    int error = ofm_handler_register(p, OFM_EV_PACKET_IN, OFM_STATE_MAIN,
                                     packet_in, NULL);
    if (error) {
        snprintf(err, err_size, "cannot register the packet-in handler: %s",
                 strerror(error));
    }
    return error;
}

OFM_PLUGIN(.name = "cbench",
           .ofp_versions = OFM_VERSIONS_ALL,
           .init = cbench_init);
