/* hello.so: a small complete plugin, built out of tree against the
 * installed SDK by tests/sdk/oot.sh exactly as the README tells a plugin
 * author to (the source before the libraries, so that the link works under
 * -Wl,--as-needed):
 *
 *     cc -shared -fPIC $(pkg-config --cflags ofmanager) hello.c \
 *        -o hello.so $(pkg-config --libs ofmanager)
 *
 * It reports each datapath that reaches MAIN, decodes every packet-in (the
 * OpenFlow message, then the Ethernet frame in it with the packet library)
 * and, at exit, says how many it saw and what they carried. */
#include <ofm/ofm.h>

#include <inttypes.h>

struct hello {
    struct ofm_plugin *plugin;  /* For ofm_plog(): lines carry its name. */
    unsigned long n_packet_in, n_arp, n_ipv4, n_other, n_bad;
};

static void
state_change(const struct ofm_event *ev, void *aux)
{
    struct hello *h = aux;
    const struct ofm_switch_features *features = ofm_dp_features(ev->dp);

    /* In HANDSHAKE a datapath has no id yet (the FEATURES_REPLY brings it);
     * in MAIN it has one and its ports. */
    ofm_plog(h->plugin, OFM_LOG_INFO, "datapath %016" PRIx64 " is ready: "
             "OpenFlow version 0x%02x, %u tables", ofm_dp_id(ev->dp),
             ofm_dp_version(ev->dp), features ? features->n_tables : 0);
}

static void
packet_in(const struct ofm_event *ev, void *aux)
{
    struct hello *h = aux;
    struct ofm_packet_in pin;
    struct ofm_packet pkt;

    h->n_packet_in++;
    /* The message: in_port, reason, the frame (pointers into the message,
     * valid while the handler runs). */
    if (ofm_decode_packet_in(ev->msg, &pin)) {
        h->n_bad++;
        return;
    }
    /* The frame: every header the packet library knows. */
    if (ofm_packet_parse(&pkt, pin.data, pin.data_size)) {
        h->n_bad++;
        return;
    }
    if (ofm_packet_find(&pkt, OFM_PROTO_ARP)) {
        h->n_arp++;
    } else if (ofm_packet_find(&pkt, OFM_PROTO_IPV4)) {
        h->n_ipv4++;
    } else {
        h->n_other++;
    }
    ofm_packet_uninit(&pkt);
}

static int
hello_init(struct ofm_plugin *p, char *err, size_t err_size)
{
    static struct hello h;

    h.plugin = p;
    ofm_plugin_set_data(p, &h);
    /* 'aux' hands each handler its plugin's state. */
    ofm_handler_register(p, OFM_EV_STATE_CHANGE, OFM_STATE_MAIN, state_change, &h);
    ofm_handler_register(p, OFM_EV_PACKET_IN, OFM_STATE_MAIN, packet_in, &h);
    return 0;
}

static void
hello_fini(struct ofm_plugin *p)
{
    const struct hello *h = ofm_plugin_data(p);

    ofm_plog(p, OFM_LOG_INFO, "saw %lu packet-ins: %lu ARP, %lu IPv4, "
             "%lu other, %lu malformed", h->n_packet_in, h->n_arp, h->n_ipv4,
             h->n_other, h->n_bad);
}

OFM_PLUGIN(.name = "hello", .init = hello_init, .fini = hello_fini);
