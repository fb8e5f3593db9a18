/* test-buf.c: unit tests for ofm/buf.h (writer and bounded reader). */
#include <CUnit/Basic.h>
#include <stdlib.h>
#include <string.h>

#include "ofm/buf.h"
#include "test-util.h"

static void
test_stub_to_heap(void)
{
    uint8_t stub[16];
    struct ofm_buf b;
    ofm_buf_use_stub(&b, stub, sizeof stub);
    CU_ASSERT_PTR_EQUAL(b.data, stub);
    CU_ASSERT_EQUAL(b.size, 0);
    CU_ASSERT_FALSE(b.heap);

    /* 16 bytes fit in the stub. */
    for (int i = 0; i < 16; i++) {
        ofm_buf_put_u8(&b, (uint8_t) i);
    }
    CU_ASSERT_PTR_EQUAL(b.data, stub);
    CU_ASSERT_FALSE(b.heap);
    CU_ASSERT_EQUAL(b.size, 16);

    /* The 17th moves to the heap, keeping the content. */
    ofm_buf_put_u8(&b, 16);
    CU_ASSERT_PTR_NOT_EQUAL(b.data, stub);
    CU_ASSERT_TRUE(b.heap);
    CU_ASSERT_EQUAL(b.size, 17);
    CU_ASSERT_TRUE(b.allocated >= 17);
    for (int i = 0; i < 17; i++) {
        CU_ASSERT_EQUAL(b.data[i], i);
    }

    /* Many more: content survives every reallocation. */
    for (int i = 17; i < 5000; i++) {
        ofm_buf_put_u8(&b, (uint8_t) i);
    }
    CU_ASSERT_EQUAL(b.size, 5000);
    int bad = 0;
    for (int i = 0; i < 5000; i++) {
        bad += b.data[i] != (uint8_t) i;
    }
    CU_ASSERT_EQUAL(bad, 0);

    ofm_buf_uninit(&b);
    CU_ASSERT_PTR_NULL(b.data);
    CU_ASSERT_EQUAL(b.size, 0);
    ofm_buf_uninit(NULL);
}

static void
test_init_heap(void)
{
    struct ofm_buf b;
    ofm_buf_init(&b);
    CU_ASSERT_PTR_NULL(b.data);
    CU_ASSERT_PTR_NULL(ofm_buf_put_uninit(&b, 0));
    CU_ASSERT_EQUAL(b.size, 0);
    ofm_buf_put(&b, "abc", 3);
    CU_ASSERT_TRUE(b.heap);
    CU_ASSERT_EQUAL(b.size, 3);
    CU_ASSERT_EQUAL(memcmp(b.data, "abc", 3), 0);
    ofm_buf_reserve(&b, 1000);
    CU_ASSERT_TRUE(b.allocated - b.size >= 1000);
    CU_ASSERT_EQUAL(b.size, 3);
    ofm_buf_clear(&b);
    CU_ASSERT_EQUAL(b.size, 0);
    ofm_buf_uninit(&b);
}

static void
test_put_integers(void)
{
    static const uint8_t expect[] = {
        0xab,
        0x12, 0x34,
        0xde, 0xad, 0xbe, 0xef,
        0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
        0, 0, 0,
    };
    uint8_t stub[64];
    struct ofm_buf b;
    ofm_buf_use_stub(&b, stub, sizeof stub);
    ofm_buf_put_u8(&b, 0xab);
    ofm_buf_put_be16(&b, 0x1234);
    ofm_buf_put_be32(&b, 0xdeadbeef);
    ofm_buf_put_be64(&b, 0x0102030405060708ull);
    uint8_t *z = ofm_buf_put_zeros(&b, 3);
    CU_ASSERT_PTR_EQUAL(z, stub + 15);
    CU_ASSERT_EQUAL(b.size, sizeof expect);
    CU_ASSERT_EQUAL(memcmp(b.data, expect, sizeof expect), 0);

    CU_ASSERT_EQUAL(ofm_get16(b.data + 1), 0x1234);
    CU_ASSERT_EQUAL(ofm_get32(b.data + 3), 0xdeadbeef);
    CU_ASSERT_EQUAL(ofm_get64(b.data + 7), 0x0102030405060708ull);
    ofm_buf_uninit(&b);
}

static void
test_pad_at_consume(void)
{
    /* Table: (content size, start, align) -> size after padding. */
    static const struct { size_t size, start, align, expect; } cases[] = {
        { 0, 0, 8, 0 }, { 1, 0, 8, 8 }, { 8, 0, 8, 8 }, { 9, 0, 8, 16 },
        { 13, 3, 8, 19 }, { 13, 5, 8, 13 }, { 5, 0, 1, 5 }, { 5, 0, 4, 8 },
        { 5, 9, 8, 5 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct ofm_buf b;
        ofm_buf_init(&b);
        if (cases[i].size) {
            memset(ofm_buf_put_uninit(&b, cases[i].size), 0xee, cases[i].size);
        }
        ofm_buf_pad(&b, cases[i].start, cases[i].align);
        CU_ASSERT_EQUAL(b.size, cases[i].expect);
        for (size_t j = cases[i].size; j < b.size; j++) {
            CU_ASSERT_EQUAL(b.data[j], 0);
        }
        ofm_buf_uninit(&b);
    }

    struct ofm_buf b;
    ofm_buf_init(&b);
    ofm_buf_put(&b, "0123456789", 10);
    CU_ASSERT_PTR_EQUAL(ofm_buf_at(&b, 0, 10), b.data);
    CU_ASSERT_PTR_EQUAL(ofm_buf_at(&b, 4, 6), b.data + 4);
    CU_ASSERT_PTR_NULL(ofm_buf_at(&b, 4, 7));
    CU_ASSERT_PTR_NULL(ofm_buf_at(&b, 11, 0));
    CU_ASSERT_PTR_NULL(ofm_buf_at(&b, SIZE_MAX, 2));
    ofm_buf_consume(&b, 3);
    CU_ASSERT_EQUAL(b.size, 7);
    CU_ASSERT_EQUAL(memcmp(b.data, "3456789", 7), 0);
    ofm_buf_consume(&b, 7);
    CU_ASSERT_EQUAL(b.size, 0);
    ofm_buf_uninit(&b);
}

static void
test_rd(void)
{
    static const uint8_t bytes[] = {
        0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,
        0x0c, 0x0d, 0x0e, 0x0f,
    };
    struct ofm_rd rd = ofm_rd_init(bytes, sizeof bytes);
    CU_ASSERT_EQUAL(ofm_rd_u8(&rd), 0x01);
    CU_ASSERT_EQUAL(ofm_rd_be16(&rd), 0x0203);
    CU_ASSERT_EQUAL(ofm_rd_be32(&rd), 0x04050607);
    CU_ASSERT_EQUAL(rd.left, 8);
    CU_ASSERT_FALSE(rd.error);

    /* Sub-reader over 4 bytes: reading 5 fails only the sub-reader. */
    struct ofm_rd sub = ofm_rd_sub(&rd, 4);
    CU_ASSERT_FALSE(sub.error);
    CU_ASSERT_EQUAL(ofm_rd_be32(&sub), 0x08090a0b);
    CU_ASSERT_EQUAL(ofm_rd_u8(&sub), 0);
    CU_ASSERT_TRUE(sub.error);
    CU_ASSERT_FALSE(rd.error);
    CU_ASSERT_EQUAL(rd.left, 4);

    /* Reading past the end returns zeros and sets a sticky error: a later
     * read that would fit still fails. */
    CU_ASSERT_EQUAL(ofm_rd_be64(&rd), 0);
    CU_ASSERT_TRUE(rd.error);
    CU_ASSERT_EQUAL(rd.left, 4);
    CU_ASSERT_EQUAL(ofm_rd_u8(&rd), 0);
    CU_ASSERT_PTR_NULL(ofm_rd_pull(&rd, 0));
    CU_ASSERT_FALSE(ofm_rd_skip(&rd, 1));
    uint8_t dst[3] = { 9, 9, 9 };
    ofm_rd_copy(&rd, dst, 3);
    CU_ASSERT_EQUAL(dst[0] | dst[1] | dst[2], 0);
    struct ofm_rd sub2 = ofm_rd_sub(&rd, 1);
    CU_ASSERT_TRUE(sub2.error);
    CU_ASSERT_EQUAL(sub2.left, 0);

    /* Exactly to the end is fine. */
    struct ofm_rd rd2 = ofm_rd_init(bytes, sizeof bytes);
    ofm_rd_copy(&rd2, dst, 3);
    CU_ASSERT_EQUAL(dst[2], 0x03);
    CU_ASSERT_TRUE(ofm_rd_skip(&rd2, 12));
    CU_ASSERT_EQUAL(rd2.left, 0);
    CU_ASSERT_FALSE(rd2.error);
    CU_ASSERT_EQUAL(ofm_rd_u8(&rd2), 0);
    CU_ASSERT_TRUE(rd2.error);
}

int
main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        return 1;
    }
    CU_pSuite s = CU_add_suite("buf", NULL, NULL);
    CU_add_test(s, "stub to heap", test_stub_to_heap);
    CU_add_test(s, "init on heap", test_init_heap);
    CU_add_test(s, "put integers", test_put_integers);
    CU_add_test(s, "pad, at, consume", test_pad_at_consume);
    CU_add_test(s, "bounded reader", test_rd);
    return tu_run();
}
