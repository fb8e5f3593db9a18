/* The learning table of switching hubs. */
#include <config.h>
#include "ofm/mactable.h"

#include <CUnit/Basic.h>
#include <string.h>
#include "test-util.h"

static void
mac_of(uint32_t i, uint8_t mac[6])
{
    mac[0] = 0x02;
    mac[1] = 0;
    mac[2] = i >> 24;
    mac[3] = i >> 16;
    mac[4] = i >> 8;
    mac[5] = i;
}

static void
test_learn_lookup(void)
{
    struct ofm_mactable t;
    uint8_t a[6] = { 0, 0, 0, 0, 0, 1 }, b[6] = { 0, 0, 0, 0, 0, 2 };
    uint32_t port = 0;

    ofm_mactable_init(&t);
    CU_ASSERT_FALSE(ofm_mactable_lookup(&t, 1, a, &port));
    CU_ASSERT_TRUE(ofm_mactable_learn(&t, 1, a, 1));
    CU_ASSERT_FALSE(ofm_mactable_learn(&t, 1, a, 1));   /* Unchanged. */
    CU_ASSERT_TRUE(ofm_mactable_learn(&t, 1, a, 3));    /* Moved. */
    CU_ASSERT_TRUE(ofm_mactable_lookup(&t, 1, a, &port));
    CU_ASSERT_EQUAL(port, 3);
    /* Datapaths do not share what they learn. */
    CU_ASSERT_FALSE(ofm_mactable_lookup(&t, 2, a, &port));
    CU_ASSERT_TRUE(ofm_mactable_learn(&t, 2, a, 7));
    CU_ASSERT_TRUE(ofm_mactable_learn(&t, 2, b, 8));
    CU_ASSERT_EQUAL(ofm_mactable_count(&t), 3);
    CU_ASSERT_TRUE(ofm_mactable_lookup(&t, 2, a, &port));
    CU_ASSERT_EQUAL(port, 7);

    CU_ASSERT_EQUAL(ofm_mactable_flush_dp(&t, 2), 2);
    CU_ASSERT_FALSE(ofm_mactable_lookup(&t, 2, b, &port));
    CU_ASSERT_TRUE(ofm_mactable_lookup(&t, 1, a, &port));
    CU_ASSERT_EQUAL(ofm_mactable_count(&t), 1);
    ofm_mactable_free(&t);
}

static void
test_growth_and_churn(void)
{
    struct ofm_mactable t;
    uint8_t mac[6];
    uint32_t port;

    ofm_mactable_init(&t);
    for (uint32_t i = 0; i < 20000; i++) {
        mac_of(i, mac);
        CU_ASSERT_TRUE(ofm_mactable_learn(&t, i % 3, mac, i));
    }
    CU_ASSERT_EQUAL(ofm_mactable_count(&t), 20000);
    for (uint32_t i = 0; i < 20000; i++) {
        mac_of(i, mac);
        CU_ASSERT_TRUE(ofm_mactable_lookup(&t, i % 3, mac, &port) && port == i);
    }
    /* Flush and relearn many times: deleted markers must not pile up. */
    for (int round = 0; round < 50; round++) {
        ofm_mactable_flush_dp(&t, 0);
        for (uint32_t i = 0; i < 20000; i += 3) {
            mac_of(i, mac);
            ofm_mactable_learn(&t, 0, mac, round);
        }
    }
    CU_ASSERT_EQUAL(ofm_mactable_count(&t), 20000);
    CU_ASSERT_TRUE(t.n_slots <= 65536);
    mac_of(9, mac);
    CU_ASSERT_TRUE(ofm_mactable_lookup(&t, 0, mac, &port) && port == 49);
    ofm_mactable_free(&t);
}

int
main(void)
{
    CU_initialize_registry();
    CU_pSuite s = CU_add_suite("mactable", NULL, NULL);
    CU_add_test(s, "learn and lookup", test_learn_lookup);
    CU_add_test(s, "growth and churn", test_growth_and_churn);
    return tu_run();
}
