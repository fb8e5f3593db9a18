/* The plugin loader and context resolver, with real .so test plugins. */
#include <config.h>
#include "../../manager/manager.h"

#include <CUnit/Basic.h>
#include <stdlib.h>
#include <string.h>
#include "test-util.h"

static char *plugin_dir;
static char *path[1];

static void
reset(struct plugin_set *set)
{
    plugins_fini(set);
}

static struct ofm_plugin *
load(struct plugin_set *set, const char *name, char *err, size_t size)
{
    return plugin_load(set, name, path, 1, err, size);
}

static void
test_load_by_name_and_path(void)
{
    struct plugin_set set = { 0 };
    char err[1024];

    CU_ASSERT_PTR_NOT_NULL(load(&set, "good", err, sizeof err));
    CU_ASSERT_EQUAL(set.n, 1);
    /* The same plugin named again, with suffix or by path, loads once. */
    CU_ASSERT_PTR_EQUAL(load(&set, "good.so", err, sizeof err), set.v[0]);
    char full[1024];
    snprintf(full, sizeof full, "%s/good.so", plugin_dir);
    CU_ASSERT_PTR_EQUAL(load(&set, full, err, sizeof err), set.v[0]);
    CU_ASSERT_EQUAL(set.n, 1);
    CU_ASSERT_STRING_EQUAL(ofm_plugin_name(set.v[0]), "good");
    reset(&set);
}

static void
test_not_found(void)
{
    struct plugin_set set = { 0 };
    char err[1024];

    CU_ASSERT_PTR_NULL(load(&set, "no_such_plugin", err, sizeof err));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "no_such_plugin.so not found in the plugin path"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, plugin_dir));
    CU_ASSERT_PTR_NULL(load(&set, "/nonexistent/x.so", err, sizeof err));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "/nonexistent/x.so"));
    CU_ASSERT_EQUAL(set.n, 0);
}

static void
test_abi_mismatch(void)
{
    struct plugin_set set = { 0 };
    char err[1024], want[128];

    CU_ASSERT_PTR_NULL(load(&set, "abi_major", err, sizeof err));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "abi_major.so is not binary compatible"));
    snprintf(want, sizeof want, "built for SDK ABI %d.0, this ofmanager provides "
             "ABI %d.%d", OFM_ABI_MAJOR + 1, OFM_ABI_MAJOR, OFM_ABI_MINOR);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, want));

    CU_ASSERT_PTR_NULL(load(&set, "abi_minor", err, sizeof err));
    snprintf(want, sizeof want, "built for SDK ABI %d.%d", OFM_ABI_MAJOR,
             OFM_ABI_MINOR + 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, want));
    CU_ASSERT_EQUAL(set.n, 0);
}

static void
test_missing_symbol(void)
{
    struct plugin_set set = { 0 };
    char err[1024];

    CU_ASSERT_PTR_NULL(load(&set, "nosym", err, sizeof err));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "nosym.so: no 'ofm_plugin_desc' symbol"));
    CU_ASSERT_EQUAL(set.n, 0);
}

static void
test_duplicate_name(void)
{
    struct plugin_set set = { 0 };
    char err[1024];

    CU_ASSERT_PTR_NOT_NULL(load(&set, "good", err, sizeof err));
    CU_ASSERT_PTR_NULL(load(&set, "dup_name", err, sizeof err));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "are both named 'good'"));
    CU_ASSERT_EQUAL(set.n, 1);
    reset(&set);
}

static void
test_context_loaded_and_ordered(void)
{
    struct plugin_set set = { 0 };
    char err[1024];

    /* user_a needs ctx_a: the resolver loads ctx_a.so and puts it first. */
    CU_ASSERT_PTR_NOT_NULL(load(&set, "good", err, sizeof err));
    CU_ASSERT_PTR_NOT_NULL(load(&set, "user_a", err, sizeof err));
    CU_ASSERT_EQUAL(deps_resolve(&set, path, 1, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(set.n, 3);
    CU_ASSERT_STRING_EQUAL(ofm_plugin_name(set.v[0]), "good");
    CU_ASSERT_STRING_EQUAL(ofm_plugin_name(set.v[1]), "provider_a");
    CU_ASSERT_STRING_EQUAL(ofm_plugin_name(set.v[2]), "user_a");
    CU_ASSERT_TRUE(set.v[1]->as_context);

    /* user_a's init fails unless it gets the provider's table. */
    CU_ASSERT_EQUAL(plugins_init(&set, err, sizeof err), 0);
    CU_ASSERT_EQUAL(set.n, 3);
    reset(&set);
}

static void
test_missing_provider(void)
{
    struct plugin_set set = { 0 };
    char err[2048];

    CU_ASSERT_PTR_NOT_NULL(load(&set, "needs_missing", err, sizeof err));
    CU_ASSERT_PTR_NOT_NULL(load(&set, "good", err, sizeof err));
    CU_ASSERT_EQUAL(deps_resolve(&set, path, 1, err, sizeof err), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "plugin needs_missing ("));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "requires context 'no_such_context', which "
                                  "no plugin provides"));
    /* The others still run. */
    CU_ASSERT_EQUAL_FATAL(set.n, 1);
    CU_ASSERT_STRING_EQUAL(ofm_plugin_name(set.v[0]), "good");
    reset(&set);
}

static void
test_cycle(void)
{
    struct plugin_set set = { 0 };
    char err[2048];

    /* c1 needs c2 needs c1: refused, naming both, with no endless loop. */
    CU_ASSERT_PTR_NOT_NULL(load(&set, "c1", err, sizeof err));
    CU_ASSERT_PTR_NOT_NULL(load(&set, "good", err, sizeof err));
    CU_ASSERT_EQUAL(deps_resolve(&set, path, 1, err, sizeof err), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "context dependency cycle: cyc1 -> cyc2 -> cyc1"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "plugin cyc1 ("));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "plugin cyc2 ("));
    CU_ASSERT_EQUAL_FATAL(set.n, 1);
    CU_ASSERT_STRING_EQUAL(ofm_plugin_name(set.v[0]), "good");
    reset(&set);
}

static void
test_init_failure(void)
{
    struct plugin_set set = { 0 };
    char err[2048];

    /* good starts, fail_init fails: the start stops there, so the plugins
     * after it (failing_ctx, user_of_failing) are never initialized. */
    CU_ASSERT_PTR_NOT_NULL(load(&set, "good", err, sizeof err));
    CU_ASSERT_PTR_NOT_NULL(load(&set, "fail_init", err, sizeof err));
    CU_ASSERT_PTR_NOT_NULL(load(&set, "user_of_failing", err, sizeof err));
    CU_ASSERT_EQUAL(deps_resolve(&set, path, 1, err, sizeof err), 0);
    CU_ASSERT_EQUAL(set.n, 4);
    CU_ASSERT_EQUAL(plugins_init(&set, err, sizeof err), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "plugin fail_init ("));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "deliberate failure for the test"));
    CU_ASSERT_PTR_NULL(strstr(err, "failing_ctx"));
    CU_ASSERT_EQUAL_FATAL(set.n, 1);
    CU_ASSERT_STRING_EQUAL(ofm_plugin_name(set.v[0]), "good");
    CU_ASSERT_TRUE(set.v[0]->initialized);
    /* What the failed plugin registered went away with it. */
    CU_ASSERT_TRUE(dispatch_has_handlers(OFM_EV_SWITCH_FEATURES));
    reset(&set);
    CU_ASSERT_FALSE(dispatch_has_handlers(OFM_EV_SWITCH_FEATURES));
}

static void
test_failing_provider(void)
{
    struct plugin_set set = { 0 };
    char err[2048];

    /* The provider runs first and fails: its user is never started. */
    CU_ASSERT_PTR_NOT_NULL(load(&set, "user_of_failing", err, sizeof err));
    CU_ASSERT_EQUAL(deps_resolve(&set, path, 1, err, sizeof err), 0);
    CU_ASSERT_EQUAL_FATAL(set.n, 2);
    CU_ASSERT_STRING_EQUAL(ofm_plugin_name(set.v[0]), "failing_ctx");
    CU_ASSERT_EQUAL(plugins_init(&set, err, sizeof err), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "plugin failing_ctx ("));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "deliberate failure for the test"));
    CU_ASSERT_EQUAL(set.n, 0);
    CU_ASSERT_FALSE(dispatch_has_handlers(OFM_EV_SWITCH_FEATURES));
    reset(&set);
}

int
main(void)
{
    const char *dir = getenv("OFM_TEST_PLUGINDIR");
    if (!dir) {
        fprintf(stderr, "OFM_TEST_PLUGINDIR is not set (run through make check)\n");
        return 1;
    }
    plugin_dir = strdup(dir);
    path[0] = plugin_dir;
    ofm_log_set_level(OFM_LOG_CRITICAL);
    dispatch_init();

    CU_initialize_registry();
    CU_pSuite s = CU_add_suite("loader", NULL, NULL);
    CU_add_test(s, "load by name and path, once", test_load_by_name_and_path);
    CU_add_test(s, "not found", test_not_found);
    CU_add_test(s, "ABI mismatch", test_abi_mismatch);
    CU_add_test(s, "missing symbol", test_missing_symbol);
    CU_add_test(s, "duplicate name", test_duplicate_name);
    CU_add_test(s, "context loaded and ordered", test_context_loaded_and_ordered);
    CU_add_test(s, "missing provider", test_missing_provider);
    CU_add_test(s, "cycle", test_cycle);
    CU_add_test(s, "init failure stops the start", test_init_failure);
    CU_add_test(s, "failing provider stops the start", test_failing_provider);
    int status = tu_run();
    dispatch_uninit();
    free(plugin_dir);
    return status;
}
