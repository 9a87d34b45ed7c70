/* fuzz_line_counts.c -- libFuzzer harness: the line-counts file reader.
 *
 * The input is read by winnow_line_counts_load() as a file.  When it
 * loads, the counts must survive a save and a load unchanged (the second
 * save gives the same bytes as the first), merge into an empty table,
 * and take a document's lines.  A failure must be WINNOW_ERR_LINE_COUNTS
 * or WINNOW_ERR_NOMEM, and a damaged file must never make the reader
 * allocate more than a small multiple of its size (libFuzzer's memory
 * limit catches that).
 */
#define _GNU_SOURCE
#include "fuzz_util.h"
#include "winnow.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int save(const winnow_line_counts *c, char **buf, size_t *len)
{
    FILE *f = open_memstream(buf, len);
    FUZZ_CHECK(f != NULL);
    const winnow_error e = winnow_line_counts_save(c, f);
    FUZZ_CHECK(fclose(f) == 0);
    return e == WINNOW_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    FILE *f = fmemopen((void *)(uintptr_t)data, size, "rb");
    FUZZ_CHECK(f != NULL);
    winnow_line_counts *c = NULL;
    const winnow_error e = winnow_line_counts_load(&c, f);
    fclose(f);
    if (e) {
        FUZZ_CHECK(e == WINNOW_ERR_LINE_COUNTS || e == WINNOW_ERR_NOMEM);
        return 0;
    }
    char *a = NULL, *b = NULL;
    size_t alen = 0, blen = 0;
    FUZZ_CHECK(save(c, &a, &alen));
    f = fmemopen(a, alen, "rb");
    FUZZ_CHECK(f != NULL);
    winnow_line_counts *c2 = NULL;
    FUZZ_CHECK(winnow_line_counts_load(&c2, f) == WINNOW_OK);
    fclose(f);
    FUZZ_CHECK(save(c2, &b, &blen));
    FUZZ_CHECK(alen == blen && memcmp(a, b, alen) == 0);

    winnow_line_counts *empty = NULL;
    FUZZ_CHECK(winnow_line_counts_new(&empty, 0) == WINNOW_OK);
    const winnow_error me = winnow_line_counts_merge(empty, c);
    FUZZ_CHECK(me == WINNOW_OK || me == WINNOW_ERR_LINE_COUNTS || me == WINNOW_ERR_NOMEM);

    winnow *w = NULL;
    winnow_options opt;
    winnow_options_init(&opt);
    opt.keep_all = 1;
    FUZZ_CHECK(winnow_new(&w, &opt) == WINNOW_OK);
    winnow_result r;
    FUZZ_CHECK(winnow_clean(w, "one line\ntwo lines\n", 19, &r) == WINNOW_OK);
    FUZZ_CHECK(winnow_line_counts_add(c, &r) == WINNOW_OK);
    winnow_free(w);
    winnow_line_counts_free(empty);
    winnow_line_counts_free(c2);
    winnow_line_counts_free(c);
    free(a);
    free(b);
    return 0;
}
