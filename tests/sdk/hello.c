/* hello.so: the smallest useful plugin, built out of tree against the
 * installed SDK by tests/sdk/oot.sh, exactly as the README tells a plugin
 * author to:
 *
 *     cc -shared -fPIC $(pkg-config --cflags --libs ofmanager) \
 *        hello.c -o hello.so
 *
 * It reports each datapath that reaches MAIN with its port count, and
 * counts the packet-ins it sees. */
#include <ofm/ofm.h>

#include <inttypes.h>

static unsigned long n_packet_in;

static void
state_change(const struct ofm_event *ev, void *aux)
{
    const struct ofm_switch_features *features = ofm_dp_features(ev->dp);
    ofm_log("hello", OFM_LOG_INFO, "datapath %016" PRIx64 " is ready: "
            "OpenFlow version 0x%02x, %u tables", ofm_dp_id(ev->dp),
            ofm_dp_version(ev->dp), features ? features->n_tables : 0);
}

static void
packet_in(const struct ofm_event *ev, void *aux)
{
    n_packet_in++;
}

static int
hello_init(struct ofm_plugin *p, char *err, size_t err_size)
{
    ofm_handler_register(p, OFM_EV_STATE_CHANGE, OFM_STATE_MAIN,
                         state_change, NULL);
    ofm_handler_register(p, OFM_EV_PACKET_IN, OFM_STATE_MAIN, packet_in, NULL);
    return 0;
}

static void
hello_fini(struct ofm_plugin *p)
{
    ofm_log("hello", OFM_LOG_INFO, "saw %lu packet-ins", n_packet_in);
}

OFM_PLUGIN(.name = "hello", .init = hello_init, .fini = hello_fini);
