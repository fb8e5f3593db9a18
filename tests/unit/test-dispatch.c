/* The dispatcher: state filtering, order, user events, nesting. */
#include <config.h>
#include "../../manager/manager.h"

#include <CUnit/Basic.h>
#include <string.h>
#include "test-util.h"

static const struct ofm_plugin_desc desc_a = { .name = "a" };
static const struct ofm_plugin_desc desc_b = { .name = "b" };
static struct ofm_plugin pa = { .desc = &desc_a };
static struct ofm_plugin pb = { .desc = &desc_b };

static char trace[256];

static void
note(const char *what)
{
    strncat(trace, what, sizeof trace - strlen(trace) - 1);
}

static void h_a1(const struct ofm_event *ev, void *aux) { note("a1 "); }
static void h_a2(const struct ofm_event *ev, void *aux) { note("a2 "); }
static void h_b_main(const struct ofm_event *ev, void *aux) { note("bmain "); }
static void h_b_config(const struct ofm_event *ev, void *aux) { note("bconfig "); }

static int ev_user = -1;
static int ev_loop_a = -1, ev_loop_b = -1;

static void
h_user(const struct ofm_event *ev, void *aux)
{
    note(ev->data);
    note(" ");
}

/* a emits to b, b emits back to a: a loop the depth bound must stop. */
static int n_ping;
static void
h_ping(const struct ofm_event *ev, void *aux)
{
    struct ofm_plugin *p = aux;
    struct ofm_event next = { .type = p == &pa ? ev_loop_b : ev_loop_a };
    n_ping++;
    ofm_event_emit(p, &next);
}

static void
register_as(struct ofm_plugin *p, int type, unsigned int states, ofm_handler_fn *fn,
            void *aux)
{
    dispatch_current = p;
    dispatch_in_init = true;
    CU_ASSERT_EQUAL(ofm_handler_register(p, type, states, fn, aux), 0);
    dispatch_in_init = false;
    dispatch_current = NULL;
}

static void
test_state_filter_and_order(void)
{
    struct ofm_dp dp = { .id = 1, .state = OFM_STATE_MAIN, .version = OFP13_VERSION };
    struct ofm_event ev = { .type = OFM_EV_PACKET_IN, .dp = &dp };

    register_as(&pa, OFM_EV_PACKET_IN, OFM_STATE_ANY, h_a1, NULL);
    register_as(&pb, OFM_EV_PACKET_IN, OFM_STATE_MAIN, h_b_main, NULL);
    register_as(&pb, OFM_EV_PACKET_IN, OFM_STATE_CONFIG, h_b_config, NULL);
    register_as(&pa, OFM_EV_PACKET_IN, OFM_STATE_MAIN | OFM_STATE_CONFIG, h_a2, NULL);

    trace[0] = '\0';
    dispatch_event("ofp_event", &ev);
    CU_ASSERT_STRING_EQUAL(trace, "a1 bmain a2 ");

    dp.state = OFM_STATE_CONFIG;
    trace[0] = '\0';
    dispatch_event("ofp_event", &ev);
    CU_ASSERT_STRING_EQUAL(trace, "a1 bconfig a2 ");

    dp.state = OFM_STATE_HANDSHAKE;
    trace[0] = '\0';
    dispatch_event("ofp_event", &ev);
    CU_ASSERT_STRING_EQUAL(trace, "a1 ");
}

static void
test_state_change_filters_on_new_state(void)
{
    struct ofm_dp dp = { .id = 1, .state = OFM_STATE_MAIN };
    struct ofm_event ev = { .type = OFM_EV_STATE_CHANGE, .dp = &dp, .state = OFM_STATE_DEAD };

    register_as(&pa, OFM_EV_STATE_CHANGE, OFM_STATE_MAIN, h_a1, NULL);
    register_as(&pb, OFM_EV_STATE_CHANGE, OFM_STATE_DEAD, h_b_main, NULL);
    trace[0] = '\0';
    dispatch_event("ofp_event", &ev);
    CU_ASSERT_STRING_EQUAL(trace, "bmain ");
}

static void
test_user_event(void)
{
    dispatch_current = &pa;
    dispatch_in_init = true;
    ev_user = ofm_event_declare(&pa, "EventThing");
    dispatch_in_init = false;
    dispatch_current = NULL;
    CU_ASSERT_TRUE(ev_user >= OFM_EV_USER_BASE);
    CU_ASSERT_EQUAL(ofm_event_find("EventThing"), ev_user);
    CU_ASSERT_STRING_EQUAL(ofm_event_name(ev_user), "EventThing");
    CU_ASSERT_EQUAL(ofm_event_find("EventOFPPacketIn"), OFM_EV_PACKET_IN);
    /* A second plugin gets its own event of the same name; nobody may
     * declare a built-in name; declaring again returns the same id. */
    dispatch_current = &pb;
    dispatch_in_init = true;
    int ev_other = ofm_event_declare(&pb, "EventThing");
    CU_ASSERT_TRUE(ev_other >= OFM_EV_USER_BASE);
    CU_ASSERT_NOT_EQUAL(ev_other, ev_user);
    CU_ASSERT_EQUAL(ofm_event_declare(&pb, "EventThing"), ev_other);
    CU_ASSERT_EQUAL(ofm_event_declare(&pb, "EventOFPPacketIn"), -1);
    dispatch_in_init = false;
    dispatch_current = NULL;
    CU_ASSERT_EQUAL(ofm_event_find("EventThing"), ev_user);
    CU_ASSERT_STRING_EQUAL(ofm_event_name(ev_other), "EventThing");

    register_as(&pb, ev_user, OFM_STATE_MAIN, h_user, NULL);
    /* User events are not filtered by the datapath's state. */
    struct ofm_dp dp = { .id = 1, .state = OFM_STATE_CONFIG };
    struct ofm_event ev = { .type = ev_user, .dp = &dp, .data = "payload" };
    trace[0] = '\0';
    ofm_event_emit(&pa, &ev);
    CU_ASSERT_STRING_EQUAL(trace, "payload ");
}

static void
test_registration_only_in_init(void)
{
    dispatch_current = &pa;
    CU_ASSERT_EQUAL(ofm_handler_register(&pa, OFM_EV_PACKET_IN, 0, h_a1, NULL), EPERM);
    CU_ASSERT_EQUAL(ofm_event_declare(&pa, "EventLate"), -1);
    dispatch_current = NULL;
    dispatch_in_init = true;
    dispatch_current = &pa;
    CU_ASSERT_EQUAL(ofm_handler_register(&pa, 12345, 0, h_a1, NULL), EINVAL);
    dispatch_in_init = false;
    dispatch_current = NULL;
}

static void
test_nesting_bounded(void)
{
    dispatch_current = &pa;
    dispatch_in_init = true;
    ev_loop_a = ofm_event_declare(&pa, "EventPingA");
    dispatch_current = &pb;
    ev_loop_b = ofm_event_declare(&pb, "EventPingB");
    dispatch_in_init = false;
    dispatch_current = NULL;
    register_as(&pa, ev_loop_b, 0, h_ping, &pa);
    register_as(&pb, ev_loop_a, 0, h_ping, &pb);

    struct ofm_event ev = { .type = ev_loop_a };
    n_ping = 0;
    ofm_event_emit(&pa, &ev);
    CU_ASSERT_EQUAL(n_ping, OFM_EVENT_MAX_DEPTH);
}

static void
test_forget_plugin(void)
{
    struct ofm_dp dp = { .id = 1, .state = OFM_STATE_MAIN };
    struct ofm_event ev = { .type = OFM_EV_PACKET_IN, .dp = &dp };
    dispatch_forget_plugin(&pb);
    trace[0] = '\0';
    dispatch_event("ofp_event", &ev);
    CU_ASSERT_STRING_EQUAL(trace, "a1 a2 ");
    dispatch_forget_plugin(&pa);
    CU_ASSERT_FALSE(dispatch_has_handlers(OFM_EV_PACKET_IN));
}

static void
test_msg_event_mapping(void)
{
    struct ofm_msg m = { .version = OFP13_VERSION, .type = OFPT13_PACKET_IN };
    CU_ASSERT_EQUAL(dispatch_msg_event(&m, NULL), OFM_EV_PACKET_IN);
    m.type = OFPT13_BARRIER_REPLY;
    CU_ASSERT_EQUAL(dispatch_msg_event(&m, NULL), OFM_EV_BARRIER_REPLY);
    m.version = OFP10_VERSION;
    m.type = OFPT10_BARRIER_REPLY;
    CU_ASSERT_EQUAL(dispatch_msg_event(&m, NULL), OFM_EV_BARRIER_REPLY);
    struct ofm_multipart mp = { .type = OFPMP_PORT_STATS };
    m.type = OFPT10_STATS_REPLY;
    CU_ASSERT_EQUAL(dispatch_msg_event(&m, &mp), OFM_EV_PORT_STATS_REPLY);
    m.version = OFP13_VERSION;
    m.type = OFPT13_MULTIPART_REPLY;
    mp.type = OFPMP_PORT_DESC;
    CU_ASSERT_EQUAL(dispatch_msg_event(&m, &mp), OFM_EV_PORT_DESC_STATS_REPLY);
    /* The types 1.4 and 1.5 add; 1.5's flow stats keep the flow event. */
    m.version = OFP14_VERSION;
    mp.type = OFPMP14_QUEUE_DESC;
    CU_ASSERT_EQUAL(dispatch_msg_event(&m, &mp), OFM_EV_QUEUE_DESC_STATS_REPLY);
    mp.type = OFPMP14_TABLE_DESC;
    CU_ASSERT_EQUAL(dispatch_msg_event(&m, &mp), OFM_EV_TABLE_DESC_STATS_REPLY);
    m.version = OFP15_VERSION;
    mp.type = OFPMP15_FLOW_STATS;
    CU_ASSERT_EQUAL(dispatch_msg_event(&m, &mp), OFM_EV_FLOW_STATS_REPLY);
    mp.type = OFPMP_FLOW;
    CU_ASSERT_EQUAL(dispatch_msg_event(&m, &mp), OFM_EV_FLOW_STATS_REPLY);
    mp.type = OFPMP_METER_CONFIG;
    CU_ASSERT_EQUAL(dispatch_msg_event(&m, &mp), OFM_EV_METER_CONFIG_STATS_REPLY);
    mp.type = OFPMP15_BUNDLE_FEATURES;
    CU_ASSERT_EQUAL(dispatch_msg_event(&m, &mp), OFM_EV_BUNDLE_FEATURES_STATS_REPLY);
    CU_ASSERT_STRING_EQUAL(ofm_event_name(OFM_EV_QUEUE_DESC_STATS_REPLY),
                           "EventOFPQueueDescStatsReply");
    m.version = OFP13_VERSION;
    m.type = OFPT13_FLOW_MOD;   /* Switches do not send these. */
    CU_ASSERT_EQUAL(dispatch_msg_event(&m, NULL), -1);
    CU_ASSERT_STRING_EQUAL(ofm_event_name(OFM_EV_SWITCH_FEATURES), "EventOFPSwitchFeatures");
    CU_ASSERT_STRING_EQUAL(ofm_event_name(OFM_EV_STATE_CHANGE), "EventOFPStateChange");
}

int
main(void)
{
    ofm_log_set_level(OFM_LOG_CRITICAL);
    dispatch_init();
    CU_initialize_registry();
    CU_pSuite s = CU_add_suite("dispatch", NULL, NULL);
    CU_add_test(s, "state filter and order", test_state_filter_and_order);
    CU_add_test(s, "state change filters on the new state",
                test_state_change_filters_on_new_state);
    CU_add_test(s, "user event", test_user_event);
    CU_add_test(s, "registration only in init", test_registration_only_in_init);
    CU_add_test(s, "nesting bounded", test_nesting_bounded);
    CU_add_test(s, "forget plugin", test_forget_plugin);
    CU_add_test(s, "message to event", test_msg_event_mapping);
    int status = tu_run();
    dispatch_uninit();
    return status;
}
