/* test_line_counts.c -- line-counts files: round trip and damaged files. */
#define _GNU_SOURCE
#include <stdlib.h>

#include "check.h"
#include "winnow.h"

/* A sketch header (format 1, 4 rows) claiming `width` cells per row,
 * followed by `cells` zero cells. */
static size_t sketch_file(unsigned char *buf, unsigned long long width, size_t cells)
{
    static const unsigned char head[16] = {'W', 'N', 'W', 'L', 'C', '1', 0, 0,
                                           1, 0, 0, 0, 4, 0, 0, 0};
    memcpy(buf, head, 16);
    memset(buf + 16, 0, 8);                               /* documents */
    for (int i = 0; i < 8; i++) buf[24 + i] = (unsigned char)(width >> (8 * i));
    memset(buf + 32, 0, cells * 4);
    return 32 + cells * 4;
}

static winnow_error load(const unsigned char *buf, size_t len, winnow_line_counts **c)
{
    FILE *f = fmemopen((void *)buf, len, "rb");
    if (!f) return WINNOW_ERR_NOMEM;
    winnow_error e = winnow_line_counts_load(c, f);
    fclose(f);
    return e;
}

static void test_sketch_file_round_trip(void)
{
    unsigned char buf[32 + 4 * 4 * 3];
    winnow_line_counts *c = NULL;
    CHECK_INT(load(buf, sketch_file(buf, 3, 12), &c), WINNOW_OK);
    winnow_line_counts_free(c);
}

/* Found by fuzz_line_counts: a damaged width (2^35 cells a row) made the
 * reader allocate 512 GiB before reading a cell. */
static void test_damaged_width_fails_without_huge_allocation(void)
{
    unsigned char buf[32 + 4 * 100];
    winnow_line_counts *c = (winnow_line_counts *)1;
    CHECK_INT(load(buf, sketch_file(buf, 1ULL << 35, 100), &c), WINNOW_ERR_LINE_COUNTS);
    CHECK(c == (winnow_line_counts *)1);
    CHECK_INT(load(buf, sketch_file(buf, 26, 100), &c), WINNOW_ERR_LINE_COUNTS);
    CHECK_INT(load(buf, 20, &c), WINNOW_ERR_LINE_COUNTS);
}

int main(void)
{
    RUN_TEST(test_sketch_file_round_trip);
    RUN_TEST(test_damaged_width_fails_without_huge_allocation);
    return check_summary();
}
