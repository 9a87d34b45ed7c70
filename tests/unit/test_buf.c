/* test_buf.c -- the growable buffer: growth keeps the bytes, the cap
 * holds (also for buffers large enough to sit on huge pages), a failed
 * append leaves the buffer as it was. */
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "buf.h"

#define MIB ((size_t)1 << 20)

/* Appends `n` bytes of a pattern that depends on each byte's offset. */
static winnow_error append_pattern(wbuf *b, size_t n)
{
    char chunk[4096];
    while (n) {
        size_t k = n < sizeof chunk ? n : sizeof chunk;
        for (size_t i = 0; i < k; i++) chunk[i] = (char)((b->len + i) * 131 % 251);
        winnow_error e = wbuf_append(b, chunk, k);
        if (e) return e;
        n -= k;
    }
    return WINNOW_OK;
}

static int pattern_intact(const wbuf *b)
{
    for (size_t i = 0; i < b->len; i++)
        if (b->data[i] != (char)(i * 131 % 251)) return 0;
    return 1;
}

static void test_growth_keeps_the_bytes(void)
{
    wbuf b;
    wbuf_init(&b, 0);
    /* small, then past the size where buffers move to huge pages */
    CHECK_INT(append_pattern(&b, 1000), WINNOW_OK);
    CHECK(b.cap >= 1000);
    CHECK_INT(append_pattern(&b, 5 * MIB), WINNOW_OK);
    CHECK_INT(b.len, 5 * MIB + 1000);
    CHECK(b.cap >= b.len);
    CHECK(pattern_intact(&b));
    /* a large buffer sits on a 2 MiB boundary */
    CHECK_INT((uintptr_t)b.data % (2 * MIB), 0);
    wbuf_reset(&b);
    CHECK_INT(b.len, 0);
    CHECK(b.cap >= 5 * MIB);              /* reset keeps the memory */
    wbuf_release(&b);
    CHECK(b.data == NULL);
}

static void test_cap_holds_for_large_buffers(void)
{
    wbuf b;
    const size_t max = 3 * MIB + 12345;   /* not a multiple of 2 MiB */
    wbuf_init(&b, max);
    CHECK_INT(append_pattern(&b, 3 * MIB), WINNOW_OK);
    CHECK(b.cap <= max);
    const size_t len = b.len;
    char *data = b.data;
    /* one byte past the cap, in one append, fails and changes nothing */
    char *more = calloc(max - len + 1, 1);
    CHECK(more != NULL);
    if (!more) return;
    CHECK_INT(wbuf_append(&b, more, max - len + 1), WINNOW_ERR_TOO_LARGE);
    free(more);
    CHECK_INT(b.len, len);
    CHECK(b.data == data);
    CHECK(pattern_intact(&b));
    /* up to the cap exactly succeeds */
    CHECK_INT(append_pattern(&b, max - len), WINNOW_OK);
    CHECK_INT(b.len, max);
    CHECK(pattern_intact(&b));
    CHECK_INT(wbuf_putc(&b, 'x'), WINNOW_ERR_TOO_LARGE);
    CHECK_INT(wbuf_reserve(&b, 1), WINNOW_ERR_TOO_LARGE);
    wbuf_release(&b);
}

static void test_reserve_then_write_in_place(void)
{
    wbuf b;
    wbuf_init(&b, 0);
    CHECK_INT(wbuf_reserve(&b, 3 * MIB), WINNOW_OK);
    CHECK(b.cap >= 3 * MIB);
    memset(b.data, 'a', 3 * MIB);         /* the room is writable */
    b.len = 3 * MIB;
    CHECK_INT(wbuf_append(&b, "bc", 2), WINNOW_OK);
    CHECK_INT(b.data[3 * MIB - 1], 'a');
    CHECK_INT(b.data[3 * MIB + 1], 'c');
    wbuf_release(&b);
}

int main(void)
{
    RUN_TEST(test_growth_keeps_the_bytes);
    RUN_TEST(test_cap_holds_for_large_buffers);
    RUN_TEST(test_reserve_then_write_in_place);
    return check_summary();
}
