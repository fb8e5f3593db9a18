/* The wsgi context's path templates and route matching. */
#include <config.h>
#include "plugins/wsgi/route.h"

#include <CUnit/Basic.h>
#include <errno.h>
#include <string.h>
#include "test-util.h"

static void
test_parse(void)
{
    struct route_tmpl t;
    char err[256];

    CU_ASSERT_EQUAL(route_tmpl_parse(&t, "/stats/port/{dpid}/{port:int}", err,
                                     sizeof err), 0);
    CU_ASSERT_EQUAL(t.n_segs, 4);
    CU_ASSERT_EQUAL(t.segs[0].kind, SEG_LIT);
    CU_ASSERT_EQUAL(t.segs[2].kind, SEG_DPID);
    CU_ASSERT_EQUAL(t.segs[3].kind, SEG_INT);
    CU_ASSERT_STRING_EQUAL(t.segs[3].text, "port");
    route_tmpl_destroy(&t);

    static const char *const bad[] = {
        "", "stats", "/a//b", "/a/", "/{x:float}", "/{}", "/a{b}", "/{x}/{x}",
        "/{1x}", "/{x", NULL
    };
    for (int i = 0; bad[i]; i++) {
        err[0] = '\0';
        CU_ASSERT_EQUAL(route_tmpl_parse(&t, bad[i], err, sizeof err), EINVAL);
        CU_ASSERT(err[0] != '\0');
    }
}

static void
test_numbers(void)
{
    uint64_t v;

    CU_ASSERT_TRUE(route_parse_dpid("0000000000000010", &v) && v == 16);
    CU_ASSERT_TRUE(route_parse_dpid("16", &v) && v == 16);
    CU_ASSERT_TRUE(route_parse_dpid("0x10", &v) && v == 16);
    CU_ASSERT_TRUE(route_parse_dpid("ffffffffffffffff", &v) && v == UINT64_MAX);
    CU_ASSERT_TRUE(route_parse_dpid("18446744073709551615", &v) && v == UINT64_MAX);
    CU_ASSERT_FALSE(route_parse_dpid("18446744073709551616", &v));
    CU_ASSERT_FALSE(route_parse_dpid("000000000000001g", &v));
    CU_ASSERT_FALSE(route_parse_dpid("-1", &v));
    CU_ASSERT_FALSE(route_parse_dpid("", &v));
    CU_ASSERT_FALSE(route_parse_dpid("0x", &v));
    CU_ASSERT_FALSE(route_parse_int("0x10000000000000000", &v));
    CU_ASSERT_TRUE(route_parse_int("4294967295", &v) && v == 4294967295u);
    CU_ASSERT_FALSE(route_parse_int("1.5", &v));
}

static void
test_match_and_bind(void)
{
    struct route_tmpl a, b;
    struct route_path p;
    struct route_var vars[ROUTE_MAX_VARS];
    const char *bad = NULL;
    char err[256];

    CU_ASSERT_EQUAL(route_tmpl_parse(&a, "/stats/flowentry/{cmd}", err, sizeof err), 0);
    CU_ASSERT_EQUAL(route_tmpl_parse(&b, "/stats/flowentry/clear/{dpid}", err,
                                     sizeof err), 0);
    CU_ASSERT_FALSE(route_tmpl_same_shape(&a, &b));

    CU_ASSERT_EQUAL(route_path_split(&p, "/stats/flowentry/clear/0000000000000001"), 0);
    CU_ASSERT_FALSE(route_tmpl_matches(&a, &p));
    CU_ASSERT_TRUE(route_tmpl_matches(&b, &p));
    CU_ASSERT_EQUAL(route_bind(&b, &p, vars, &bad, err, sizeof err), 1);
    CU_ASSERT_STRING_EQUAL(vars[0].name, "dpid");
    CU_ASSERT_EQUAL(vars[0].value, 1);
    route_path_destroy(&p);

    CU_ASSERT_EQUAL(route_path_split(&p, "/stats/flowentry/add"), 0);
    CU_ASSERT_TRUE(route_tmpl_matches(&a, &p));
    CU_ASSERT_EQUAL(route_bind(&a, &p, vars, &bad, err, sizeof err), 1);
    CU_ASSERT_STRING_EQUAL(vars[0].text, "add");
    route_path_destroy(&p);

    /* Empty segments never match a variable. */
    CU_ASSERT_EQUAL(route_path_split(&p, "/stats/flowentry/"), 0);
    CU_ASSERT_FALSE(route_tmpl_matches(&a, &p));
    route_path_destroy(&p);
    route_tmpl_destroy(&b);

    /* A bad typed variable names itself. */
    CU_ASSERT_EQUAL(route_tmpl_parse(&b, "/m/{dpid}", err, sizeof err), 0);
    CU_ASSERT_EQUAL(route_path_split(&p, "/m/zz"), 0);
    CU_ASSERT_TRUE(route_tmpl_matches(&b, &p));
    CU_ASSERT_EQUAL(route_bind(&b, &p, vars, &bad, err, sizeof err), -1);
    CU_ASSERT_STRING_EQUAL(bad, "dpid");
    route_path_destroy(&p);
    route_tmpl_destroy(&b);
    route_tmpl_destroy(&a);
}

static void
test_specificity(void)
{
    struct route_tmpl lit, var, other;
    char err[256];

    CU_ASSERT_EQUAL(route_tmpl_parse(&lit, "/a/b/{x}", err, sizeof err), 0);
    CU_ASSERT_EQUAL(route_tmpl_parse(&var, "/a/{y}/{x:int}", err, sizeof err), 0);
    CU_ASSERT_EQUAL(route_tmpl_parse(&other, "/a/{z:dpid}/{w}", err, sizeof err), 0);
    CU_ASSERT_TRUE(route_tmpl_cmp(&lit, &var) > 0);
    CU_ASSERT_TRUE(route_tmpl_cmp(&var, &lit) < 0);
    /* Types do not make a shape: these two conflict. */
    CU_ASSERT_TRUE(route_tmpl_same_shape(&var, &other));
    CU_ASSERT_FALSE(route_tmpl_same_shape(&lit, &var));
    route_tmpl_destroy(&lit);
    route_tmpl_destroy(&var);
    route_tmpl_destroy(&other);

    struct route_path p;
    CU_ASSERT_EQUAL(route_path_split(&p, "a"), EINVAL);
    char deep[200] = "";
    for (int i = 0; i < 40; i++) {
        strcat(deep, "/x");
    }
    CU_ASSERT_EQUAL(route_path_split(&p, deep), EINVAL);
    CU_ASSERT_EQUAL(route_path_split(&p, "/"), 0);
    CU_ASSERT_EQUAL(p.n_segs, 0);
    route_path_destroy(&p);
}

int
main(void)
{
    CU_initialize_registry();
    CU_pSuite s = CU_add_suite("wsgi-route", NULL, NULL);
    CU_add_test(s, "template parsing", test_parse);
    CU_add_test(s, "dpid and int variables", test_numbers);
    CU_add_test(s, "matching and binding", test_match_and_bind);
    CU_add_test(s, "specificity and conflicts", test_specificity);
    return tu_run();
}
