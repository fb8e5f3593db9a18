/* Test plugins for the loader: one source, built with a -DTP_* flag per
 * descriptor (see tests/automake.mk). */
#include <ofm/ofm.h>

#include <stdio.h>
#include <string.h>

/* The API a provider hands out: tests check the user got this table. */
struct tp_api {
    const char *who;
};

static struct tp_api api = { "provider" };

static void
on_features(const struct ofm_event *ev, void *aux)
{
}

static int
tp_init(struct ofm_plugin *p, char *err, size_t err_size)
{
#if defined(TP_FAIL_INIT) || defined(TP_FAILING_PROVIDER)
    ofm_handler_register(p, OFM_EV_SWITCH_FEATURES, OFM_STATE_CONFIG, on_features, NULL);
    snprintf(err, err_size, "deliberate failure for the test");
    return -1;
#else
    ofm_handler_register(p, OFM_EV_SWITCH_FEATURES, OFM_STATE_CONFIG, on_features, NULL);
#if defined(TP_GOOD)
    /* What ofm_option() gives, for tests/cli.sh. */
    const char *host = ofm_option("wsapi-host"), *port = ofm_option("wsapi-port");
    ofm_plog(p, OFM_LOG_INFO, "options: wsapi-host=%s wsapi-port=%s unknown=%s",
             host ? host : "(none)", port ? port : "(none)",
             ofm_option("no-such-option") ? "set" : "(none)");
#endif
    if (ofm_plugin_name(p)[0] == 'p') {
        ofm_context_provide(p, &api);
    }
#if defined(TP_USER_A)
    const struct tp_api *a = ofm_context_get(p, "ctx_a");
    /* Each .so has its own 'api': compare what the provider put in it. */
    if (!a || strcmp(a->who, "provider")) {
        snprintf(err, err_size, "context ctx_a not handed over");
        return -1;
    }
#endif
    return 0;
#endif
}

static const char *const req_a[] = { "ctx_a", NULL };
static const char *const req_c1[] = { "c1", NULL };
static const char *const req_c2[] = { "c2", NULL };
static const char *const req_missing[] = { "no_such_context", NULL };
static const char *const req_failing[] = { "failing_ctx", NULL };

#if defined(TP_GOOD)
OFM_PLUGIN(.name = "good", .init = tp_init);
#elif defined(TP_PROVIDER_A)
OFM_PLUGIN(.name = "provider_a", .provides = "ctx_a", .init = tp_init);
#elif defined(TP_USER_A)
OFM_PLUGIN(.name = "user_a", .contexts = req_a, .init = tp_init);
#elif defined(TP_CYC1)
OFM_PLUGIN(.name = "cyc1", .provides = "c1", .contexts = req_c2, .init = tp_init);
#elif defined(TP_CYC2)
OFM_PLUGIN(.name = "cyc2", .provides = "c2", .contexts = req_c1, .init = tp_init);
#elif defined(TP_NEEDS_MISSING)
OFM_PLUGIN(.name = "needs_missing", .contexts = req_missing, .init = tp_init);
#elif defined(TP_FAIL_INIT)
OFM_PLUGIN(.name = "fail_init", .init = tp_init);
#elif defined(TP_ABI_MAJOR)
const struct ofm_plugin_desc ofm_plugin_desc = {
    .abi_major = OFM_ABI_MAJOR + 1, .abi_minor = 0,
    .size = sizeof(struct ofm_plugin_desc), .name = "abi_major", .init = tp_init,
};
#elif defined(TP_ABI_MINOR)
const struct ofm_plugin_desc ofm_plugin_desc = {
    .abi_major = OFM_ABI_MAJOR, .abi_minor = OFM_ABI_MINOR + 1,
    .size = sizeof(struct ofm_plugin_desc), .name = "abi_minor", .init = tp_init,
};
#elif defined(TP_NOSYM)
/* Exports something, but not a descriptor. */
int tp_not_a_descriptor(void);
int tp_not_a_descriptor(void) { return tp_init(NULL, NULL, 0); }
#elif defined(TP_DUP_NAME)
OFM_PLUGIN(.name = "good", .init = tp_init);
#elif defined(TP_USER_OF_FAILING)
OFM_PLUGIN(.name = "user_of_failing", .contexts = req_failing, .init = tp_init);
#elif defined(TP_ONLY13)
/* Speaks OpenFlow 1.3 alone, as a Ryu app with OFP_VERSIONS = [1.3]. */
OFM_PLUGIN(.name = "only13", .ofp_versions = OFM_VERSION_BIT(OFP13_VERSION),
           .init = tp_init);
#elif defined(TP_FAILING_PROVIDER)
/* Named after its context so the loader finds it as "failing_ctx". */
OFM_PLUGIN(.name = "failing_ctx", .provides = "failing_ctx", .init = tp_init);
#endif

/* Silence unused warnings in variants that do not use everything. */
const void *tp_unused[] = { req_a, req_c1, req_c2, req_missing, req_failing, &api };
