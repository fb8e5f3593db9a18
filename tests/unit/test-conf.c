/* The YAML configuration tree: good files, bad files, typed getters. */
#include <config.h>
#include "ofm/conf.h"

#include <CUnit/Basic.h>
#include <string.h>
#include "test-util.h"

static struct ofm_conf *
parse(const char *text, char *err, size_t size)
{
    return ofm_conf_parse("test.yaml", text, strlen(text), err, size);
}

static void
test_good(void)
{
    char err[512];
    struct ofm_conf *c = parse("apps: [switch, monitor]\n"
                               "ofp-tcp-listen-port: 6653\n"
                               "lacp:\n"
                               "  bonds:\n"
                               "    - dpid: \"0000000000000001\"\n"
                               "      ports: [1, 2]\n"
                               "      mode: active\n"
                               "flag: yes\n"
                               "rate: 2.5\n", err, sizeof err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(ofm_conf_kind(c), OFM_CONF_MAP);
    CU_ASSERT_EQUAL(ofm_conf_count(c), 5);

    const struct ofm_conf *apps = ofm_conf_get(c, "apps");
    CU_ASSERT_EQUAL(ofm_conf_kind(apps), OFM_CONF_SEQ);
    CU_ASSERT_EQUAL(ofm_conf_count(apps), 2);
    CU_ASSERT_STRING_EQUAL(ofm_conf_scalar(ofm_conf_at(apps, 1, NULL)), "monitor");

    long long port = 0;
    CU_ASSERT_EQUAL(ofm_conf_get_int(c, "ofp-tcp-listen-port", 1, 65535, &port, err,
                                     sizeof err), 0);
    CU_ASSERT_EQUAL(port, 6653);
    /* Absent keys leave the default. */
    long long dflt = 42;
    CU_ASSERT_EQUAL(ofm_conf_get_int(c, "missing", 0, 100, &dflt, err, sizeof err), 0);
    CU_ASSERT_EQUAL(dflt, 42);

    const struct ofm_conf *bond = ofm_conf_at(ofm_conf_get(ofm_conf_get(c, "lacp"),
                                                           "bonds"), 0, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(bond);
    uint64_t dpid = 0;
    CU_ASSERT_EQUAL(ofm_conf_to_dpid(ofm_conf_get(bond, "dpid"), &dpid, err, sizeof err), 0);
    CU_ASSERT_EQUAL(dpid, 1);
    CU_ASSERT_STRING_EQUAL(ofm_conf_where(bond), "test.yaml:5:7");

    bool flag = false;
    CU_ASSERT_EQUAL(ofm_conf_get_bool(c, "flag", &flag, err, sizeof err), 0);
    CU_ASSERT_TRUE(flag);
    double rate = 0;
    CU_ASSERT_EQUAL(ofm_conf_get_double(c, "rate", 0, 10, &rate, err, sizeof err), 0);
    CU_ASSERT_DOUBLE_EQUAL(rate, 2.5, 1e-9);

    static const char *const known[] = { "dpid", "ports", "mode", NULL };
    CU_ASSERT_EQUAL(ofm_conf_check_keys(bond, known, err, sizeof err), 0);
    static const char *const fewer[] = { "dpid", "ports", NULL };
    CU_ASSERT_EQUAL(ofm_conf_check_keys(bond, fewer, err, sizeof err), EINVAL);
    CU_ASSERT_STRING_EQUAL(err, "test.yaml:7:7: unknown key 'mode'");
    ofm_conf_free(c);
}

struct bad_case {
    const char *text;
    const char *error;          /* Expected message. */
};

static void
test_bad_files(void)
{
    static const struct bad_case cases[] = {
        { "apps: [switch\n", "test.yaml:2:1: did not find expected ',' or ']'" },
        { "a: 1\na: 2\n", "test.yaml:2:1: duplicate key 'a'" },
        { "- just\n- a list\n", "test.yaml:1:1: the file must be a map of settings" },
        { "key: [unclosed\n  x: y\n", "test.yaml:2:4:" },
        { "a:\n\tb: 1\n", "test.yaml:2:1: found character that cannot start any token" },
        { "? [a, b]\n: c\n", "test.yaml:1:3: a key must be a plain name" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char err[512] = "";
        struct ofm_conf *c = parse(cases[i].text, err, sizeof err);
        CU_ASSERT_PTR_NULL(c);
        if (strncmp(err, cases[i].error, strlen(cases[i].error))) {
            fprintf(stderr, "\ncase %zu: got '%s', want '%s'\n", i, err, cases[i].error);
            CU_FAIL("error message");
        }
        ofm_conf_free(c);
    }
}

static void
test_typed_errors(void)
{
    char err[512];
    struct ofm_conf *c = parse("port: seventy\nbig: 70000\nlist: [1]\nok: maybe\n"
                               "dp: \"00000000000000zz\"\n", err, sizeof err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    long long v;
    CU_ASSERT_EQUAL(ofm_conf_get_int(c, "port", 1, 65535, &v, err, sizeof err), EINVAL);
    CU_ASSERT_STRING_EQUAL(err, "test.yaml:1:7: 'seventy' is not an integer");
    CU_ASSERT_EQUAL(ofm_conf_get_int(c, "big", 1, 65535, &v, err, sizeof err), EINVAL);
    CU_ASSERT_STRING_EQUAL(err, "test.yaml:2:6: 70000 is out of range [1, 65535]");
    CU_ASSERT_EQUAL(ofm_conf_get_int(c, "list", 1, 65535, &v, err, sizeof err), EINVAL);
    CU_ASSERT_STRING_EQUAL(err, "test.yaml:3:7: expected an integer, found a list");
    bool b;
    CU_ASSERT_EQUAL(ofm_conf_get_bool(c, "ok", &b, err, sizeof err), EINVAL);
    CU_ASSERT_STRING_EQUAL(err, "test.yaml:4:5: 'maybe' is not true or false");
    uint64_t dpid;
    CU_ASSERT_EQUAL(ofm_conf_to_dpid(ofm_conf_get(c, "dp"), &dpid, err, sizeof err), EINVAL);
    ofm_conf_free(c);
}

/* A section made of one list: absent, good, and each way it can be wrong. */
static void
test_section_list(void)
{
    char err[512];
    const struct ofm_conf *list = (const void *) 1;
    CU_ASSERT_EQUAL(ofm_conf_section_list(NULL, "stp", "bridges", &list, err, sizeof err), 0);
    CU_ASSERT_PTR_NULL(list);

    struct ofm_conf *c = parse("a: {bridges: [{dpid: 1}, {dpid: 2}]}\nb: {}\n"
                               "c: [1]\nd: {bridge: []}\ne: {bridges: 3}\n",
                               err, sizeof err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(ofm_conf_section_list(ofm_conf_get(c, "a"), "stp", "bridges", &list,
                                          err, sizeof err), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(list);
    CU_ASSERT_EQUAL(ofm_conf_count(list), 2);
    CU_ASSERT_EQUAL(ofm_conf_section_list(ofm_conf_get(c, "b"), "stp", "bridges", &list,
                                          err, sizeof err), 0);
    CU_ASSERT_PTR_NULL(list);
    CU_ASSERT_EQUAL(ofm_conf_section_list(ofm_conf_get(c, "c"), "stp", "bridges", &list,
                                          err, sizeof err), EINVAL);
    CU_ASSERT_STRING_EQUAL(err, "test.yaml:3:4: stp: expected a map (bridges)");
    CU_ASSERT_EQUAL(ofm_conf_section_list(ofm_conf_get(c, "d"), "stp", "bridges", &list,
                                          err, sizeof err), EINVAL);
    CU_ASSERT_STRING_EQUAL(err, "test.yaml:4:5: unknown key 'bridge'");
    CU_ASSERT_EQUAL(ofm_conf_section_list(ofm_conf_get(c, "e"), "stp", "bridges", &list,
                                          err, sizeof err), EINVAL);
    CU_ASSERT_STRING_EQUAL(err, "test.yaml:5:14: stp: bridges: expected a list of bridges");
    ofm_conf_free(c);
}

static void
test_empty_and_missing_file(void)
{
    char err[512];
    struct ofm_conf *c = parse("", err, sizeof err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL(ofm_conf_count(c), 0);
    ofm_conf_free(c);
    CU_ASSERT_PTR_NULL(ofm_conf_load("/nonexistent/x.yaml", err, sizeof err));
    CU_ASSERT_STRING_EQUAL(err, "/nonexistent/x.yaml: No such file or directory");
}

int
main(void)
{
    CU_initialize_registry();
    CU_pSuite s = CU_add_suite("conf", NULL, NULL);
    CU_add_test(s, "good file", test_good);
    CU_add_test(s, "bad files", test_bad_files);
    CU_add_test(s, "typed errors", test_typed_errors);
    CU_add_test(s, "a section of one list", test_section_list);
    CU_add_test(s, "empty and missing file", test_empty_and_missing_file);
    return tu_run();
}
