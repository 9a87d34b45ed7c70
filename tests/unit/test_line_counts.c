/* test_line_counts.c -- cross-document line counts (line_counts.c):
 * documents counted, not occurrences; the exact table turning into a
 * count-min sketch past its memory cap, never counting too low; files
 * saved and loaded, merged, damaged and truncated. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "line_counts.h"
#include "winnow.h"

/* ---- helpers ------------------------------------------------------------ */

/* A document made of the lines lines[0..n) (winnow_line_counts_add() reads
 * only the lines of a result). */
enum { MAX_DOC_LINES = 1024 };

static winnow_error add_doc(winnow_line_counts *c, const char *const *lines, size_t n)
{
    static winnow_line v[MAX_DOC_LINES];
    if (n > MAX_DOC_LINES) return WINNOW_ERR_INVALID_ARG;
    memset(v, 0, sizeof v);
    for (size_t i = 0; i < n; i++) {
        v[i].text = lines[i];
        v[i].len = strlen(lines[i]);
    }
    winnow_result r;
    memset(&r, 0, sizeof r);
    r.lines = v;
    r.n_lines = n;
    return winnow_line_counts_add(c, &r);
}

static uint32_t count_of(const winnow_line_counts *c, const char *line)
{
    return line_counts_get(c, line_fingerprint(line, strlen(line)));
}

/* Saves `c` into a malloc'd buffer (*buf, *len); returns the error. */
static winnow_error save(const winnow_line_counts *c, char **buf, size_t *len)
{
    *buf = NULL;
    *len = 0;
    FILE *f = open_memstream(buf, len);
    if (!f) return WINNOW_ERR_NOMEM;
    winnow_error e = winnow_line_counts_save(c, f);
    if (fclose(f) != 0 && !e) e = WINNOW_ERR_LINE_COUNTS;
    return e;
}

static winnow_error load(const void *buf, size_t len, winnow_line_counts **c)
{
    /* fmemopen() refuses a zero size: an empty file is an empty stream */
    FILE *f = len ? fmemopen((void *)(uintptr_t)buf, len, "rb") : fopen("/dev/null", "rb");
    if (!f) return WINNOW_ERR_NOMEM;
    winnow_error e = winnow_line_counts_load(c, f);
    fclose(f);
    return e;
}

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

/* A small corpus with known true counts: document d holds the lines
 * "line ... k" (k < CORPUS_LINES) for every k that d % 7 + 1 divides,
 * each twice, so line k occurs in as many documents as there are d with
 * (d % 7 + 1) | k.  `salt` makes another set of lines. */
enum { CORPUS_LINES = 400 };

static void line_name(char *buf, size_t size, unsigned k, unsigned salt)
{
    snprintf(buf, size, "line %c%c%c shared by some pages %u", 'a' + k % 26,
             'a' + k / 26 % 26, 'a' + salt % 26, k);
}

static winnow_error add_corpus_doc(winnow_line_counts *c, unsigned d, unsigned salt)
{
    static char text[CORPUS_LINES][64];
    static const char *lines[2 * CORPUS_LINES];
    size_t n = 0;
    for (unsigned k = 0; k < CORPUS_LINES; k += d % 7 + 1) {
        line_name(text[k], sizeof text[k], k, salt);
        lines[n++] = text[k];
        lines[n++] = text[k];                             /* twice */
    }
    return add_doc(c, lines, n);
}

static uint32_t corpus_true_count(unsigned k, unsigned docs)
{
    uint32_t n = 0;
    for (unsigned d = 0; d < docs; d++)
        if (k % (d % 7 + 1) == 0) n++;
    return n;
}

/* ---- documents, not occurrences -------------------------------------- */

static void test_exact_counts_documents_not_occurrences(void)
{
    winnow_line_counts *c = NULL;
    CHECK_INT(winnow_line_counts_new(&c, 0), WINNOW_OK);
    const char *d1[] = {"Share this article", "Share this article", "Body one.",
                        "Share this article"};
    const char *d2[] = {"Share this article", "Body two."};
    const char *d3[] = {"Body one.", "Body one."};
    CHECK_INT(add_doc(c, d1, 4), WINNOW_OK);
    CHECK_INT(add_doc(c, d2, 2), WINNOW_OK);
    CHECK_INT(add_doc(c, d3, 2), WINNOW_OK);
    CHECK_INT(count_of(c, "Share this article"), 2);
    CHECK_INT(count_of(c, "Body one."), 2);
    CHECK_INT(count_of(c, "Body two."), 1);
    CHECK_INT(count_of(c, "Never seen"), 0);
    CHECK_INT(line_counts_documents(c), 3);
    /* an empty document counts as a document */
    CHECK_INT(add_doc(c, NULL, 0), WINNOW_OK);
    CHECK_INT(line_counts_documents(c), 4);
    winnow_line_counts_free(c);
}

static void test_fingerprint_folds_case_and_digit_runs(void)
{
    CHECK(line_fingerprint("\xC2\xA9 2023 Acme", 11) == line_fingerprint("\xC2\xA9 1999 ACME", 11));
    CHECK(line_fingerprint("page 7 of 12", 12) == line_fingerprint("Page 12 of 7", 12));
    CHECK(line_fingerprint("page 7 of 12", 12) != line_fingerprint("page 7 of 12!", 13));
    CHECK(line_fingerprint("a1b", 3) != line_fingerprint("ab", 2));
    CHECK(line_fingerprint("", 0) != 0);              /* 0 means empty slot */
    winnow_line_counts *c = NULL;
    CHECK_INT(winnow_line_counts_new(&c, 0), WINNOW_OK);
    const char *d1[] = {"Copyright 2023 Acme Inc."};
    const char *d2[] = {"copyright 2024 ACME inc."};
    CHECK_INT(add_doc(c, d1, 1), WINNOW_OK);
    CHECK_INT(add_doc(c, d2, 1), WINNOW_OK);
    CHECK_INT(count_of(c, "COPYRIGHT 1 acme INC."), 2);
    winnow_line_counts_free(c);
}

static void test_exact_table_grows_and_stays_exact(void)
{
    /* thousands of distinct lines: the table doubles several times */
    winnow_line_counts *c = NULL;
    CHECK_INT(winnow_line_counts_new(&c, 0), WINNOW_OK);
    const unsigned docs = 40;
    for (unsigned d = 0; d < docs; d++) CHECK_INT(add_corpus_doc(c, d, 0), WINNOW_OK);
    char name[64];
    int wrong = 0;
    for (unsigned k = 0; k < CORPUS_LINES; k++) {
        line_name(name, sizeof name, k, 0);
        if (count_of(c, name) != corpus_true_count(k, docs)) wrong++;
    }
    CHECK_INT(wrong, 0);
    winnow_line_counts_free(c);
}

/* ---- the sketch ------------------------------------------------------- */

/* Is the saved shape of `c` a sketch (the u32 after the magic)? */
static int saved_as_sketch(const winnow_line_counts *c)
{
    char *buf;
    size_t len;
    int sketch = -1;
    if (save(c, &buf, &len) == WINNOW_OK && len >= 32) sketch = buf[8];
    free(buf);
    return sketch;
}

static void test_growth_past_cap_becomes_sketch_never_too_low(void)
{
    /* 16 KiB: the exact table (12 bytes a slot) outgrows it at 2048
     * slots, i.e. past 768 distinct lines; the corpus has 4 x 400 */
    winnow_line_counts *c = NULL, *exact = NULL;
    CHECK_INT(winnow_line_counts_new(&c, 16384), WINNOW_OK);
    CHECK_INT(winnow_line_counts_new(&exact, 0), WINNOW_OK);
    const char *small[] = {"one", "two"};
    CHECK_INT(add_doc(c, small, 2), WINNOW_OK);
    CHECK_INT(saved_as_sketch(c), 0);                  /* exact while small */
    const unsigned docs = 30;
    for (unsigned salt = 0; salt < 4; salt++)
        for (unsigned d = 0; d < docs; d++) {
            CHECK_INT(add_corpus_doc(c, d, salt), WINNOW_OK);
            CHECK_INT(add_corpus_doc(exact, d, salt), WINNOW_OK);
        }
    CHECK_INT(saved_as_sketch(c), 1);
    CHECK_INT(saved_as_sketch(exact), 0);
    char name[64];
    int too_low = 0, exact_wrong = 0, over = 0;
    for (unsigned salt = 0; salt < 4; salt++)
        for (unsigned k = 0; k < CORPUS_LINES; k++) {
            line_name(name, sizeof name, k, salt);
            const uint32_t want = corpus_true_count(k, docs);
            if (count_of(c, name) < want) too_low++;
            if (count_of(c, name) > want) over++;
            if (count_of(exact, name) != want) exact_wrong++;
        }
    CHECK_INT(too_low, 0);
    CHECK_INT(exact_wrong, 0);
    /* 1600 lines in 1024 columns: about 40% of the estimates are too
     * high (all 4 rows collide), the rest exact */
    CHECK(over < 4 * CORPUS_LINES / 2);
    CHECK(count_of(c, "one") >= 1);
    CHECK(count_of(c, "two") >= 1);
    CHECK_INT(line_counts_documents(c), line_counts_documents(exact) + 1);
    winnow_line_counts_free(c);
    winnow_line_counts_free(exact);
}

/* ---- files ------------------------------------------------------------- */

static void test_save_load_round_trip_exact_and_sketch(void)
{
    for (size_t cap = 0; cap <= 16384; cap += 16384) {
        winnow_line_counts *c = NULL, *back = NULL;
        CHECK_INT(winnow_line_counts_new(&c, cap), WINNOW_OK);
        for (unsigned salt = 0; salt < 3; salt++)
            for (unsigned d = 0; d < 20; d++) CHECK_INT(add_corpus_doc(c, d, salt), WINNOW_OK);
        char *buf = NULL, *again = NULL;
        size_t len = 0, again_len = 0;
        CHECK_INT(save(c, &buf, &len), WINNOW_OK);
        CHECK_INT(load(buf, len, &back), WINNOW_OK);
        if (!back) { free(buf); winnow_line_counts_free(c); continue; }
        CHECK_INT(line_counts_documents(back), line_counts_documents(c));
        CHECK_INT(saved_as_sketch(back), cap ? 1 : 0);
        char name[64];
        int differ = 0;
        for (unsigned salt = 0; salt < 4; salt++)           /* salt 3: unseen */
            for (unsigned k = 0; k < CORPUS_LINES; k++) {
                line_name(name, sizeof name, k, salt);
                if (count_of(back, name) != count_of(c, name)) differ++;
            }
        CHECK_INT(differ, 0);
        /* and the loaded counts save to the same bytes */
        CHECK_INT(save(back, &again, &again_len), WINNOW_OK);
        CHECK_MEM(again, again_len, buf, len);
        free(buf);
        free(again);
        winnow_line_counts_free(back);
        winnow_line_counts_free(c);
    }
}

static void test_sketch_file_round_trip(void)
{
    unsigned char buf[32 + 4 * 4 * 3];
    winnow_line_counts *c = NULL;
    CHECK_INT(load(buf, sketch_file(buf, 3, 12), &c), WINNOW_OK);
    winnow_line_counts_free(c);
}

/* Counts documents first..first+n-1 of the corpus with salts
 * 0..salts-1 (400 distinct lines each) into new counts capped at `cap`,
 * and returns them saved. */
static void counted_file(unsigned first, unsigned n, unsigned salts, size_t cap,
                         char **buf, size_t *len)
{
    winnow_line_counts *c = NULL;
    *buf = NULL;
    *len = 0;
    CHECK_INT(winnow_line_counts_new(&c, cap), WINNOW_OK);
    if (!c) return;
    for (unsigned salt = 0; salt < salts; salt++)
        for (unsigned d = first; d < first + n; d++)
            CHECK_INT(add_corpus_doc(c, d, salt), WINNOW_OK);
    CHECK_INT(save(c, buf, len), WINNOW_OK);
    winnow_line_counts_free(c);
}

static void test_merge_of_two_files_equals_counting_both(void)
{
    /* exact: the two halves of a corpus, counted apart, saved, loaded and
     * merged, give the counts of the whole */
    char *a, *b, *whole;
    size_t alen, blen, wlen;
    counted_file(0, 13, 1, 0, &a, &alen);
    counted_file(13, 20, 1, 0, &b, &blen);
    counted_file(0, 33, 1, 0, &whole, &wlen);
    winnow_line_counts *ca = NULL, *cb = NULL, *cw = NULL;
    CHECK_INT(load(a, alen, &ca), WINNOW_OK);
    CHECK_INT(load(b, blen, &cb), WINNOW_OK);
    CHECK_INT(load(whole, wlen, &cw), WINNOW_OK);
    if (ca && cb && cw) {
        CHECK_INT(winnow_line_counts_merge(ca, cb), WINNOW_OK);
        CHECK_INT(line_counts_documents(ca), line_counts_documents(cw));
        char name[64];
        int differ = 0;
        for (unsigned k = 0; k < CORPUS_LINES; k++) {
            line_name(name, sizeof name, k, 0);
            if (count_of(ca, name) != count_of(cw, name) ||
                count_of(ca, name) != corpus_true_count(k, 33))
                differ++;
        }
        CHECK_INT(differ, 0);
    }
    winnow_line_counts_free(ca);
    winnow_line_counts_free(cb);
    winnow_line_counts_free(cw);
    free(a);
    free(b);
    free(whole);

    /* sketches of one size: the merged cells are the cells of the whole,
     * so the merged file is the whole's file byte for byte */
    const size_t cap = 16384;
    counted_file(0, 40, 3, cap, &a, &alen);
    counted_file(40, 40, 3, cap, &b, &blen);
    counted_file(0, 80, 3, cap, &whole, &wlen);
    ca = cb = NULL;
    CHECK_INT(load(a, alen, &ca), WINNOW_OK);
    CHECK_INT(load(b, blen, &cb), WINNOW_OK);
    if (ca && cb) {
        CHECK_INT(saved_as_sketch(ca), 1);
        CHECK_INT(winnow_line_counts_merge(ca, cb), WINNOW_OK);
        char *m;
        size_t mlen;
        CHECK_INT(save(ca, &m, &mlen), WINNOW_OK);
        CHECK_MEM(m, mlen, whole, wlen);
        free(m);
    }
    winnow_line_counts_free(ca);
    winnow_line_counts_free(cb);
    free(a);
    free(b);
    free(whole);
}

static void test_merge_exact_into_sketch_and_mismatched_sketches(void)
{
    /* a sketch merged into exact counts turns them into a sketch that
     * still never counts too low */
    char *s, *e;
    size_t slen, elen;
    counted_file(0, 30, 3, 16384, &s, &slen);
    counted_file(30, 10, 1, 0, &e, &elen);
    winnow_line_counts *cs = NULL, *ce = NULL, *other = NULL;
    CHECK_INT(load(s, slen, &cs), WINNOW_OK);
    CHECK_INT(load(e, elen, &ce), WINNOW_OK);
    if (cs && ce) {
        CHECK_INT(winnow_line_counts_merge(ce, cs), WINNOW_OK);
        CHECK_INT(saved_as_sketch(ce), 1);
        CHECK_INT(line_counts_documents(ce), 3 * 30 + 10);
        char name[64];
        int too_low = 0;
        for (unsigned salt = 0; salt < 3; salt++)
            for (unsigned k = 0; k < CORPUS_LINES; k++) {
                line_name(name, sizeof name, k, salt);
                if (count_of(ce, name) < corpus_true_count(k, salt ? 30 : 40)) too_low++;
            }
        CHECK_INT(too_low, 0);
    }
    /* two sketches of different widths cannot be merged */
    unsigned char buf[32 + 4 * 4 * 3];
    CHECK_INT(load(buf, sketch_file(buf, 3, 12), &other), WINNOW_OK);
    if (cs && other) CHECK_INT(winnow_line_counts_merge(cs, other), WINNOW_ERR_LINE_COUNTS);
    winnow_line_counts_free(cs);
    winnow_line_counts_free(ce);
    winnow_line_counts_free(other);
    free(s);
    free(e);
}

/* Every prefix of a valid file but the whole is refused, and every
 * single-byte change either loads or is refused: never a crash, and the
 * out-parameter is written only on success. */
static void check_damage(const char *buf, size_t len)
{
    winnow_line_counts *const untouched = (winnow_line_counts *)1;
    int truncated_loaded = 0, bad_error = 0;
    for (size_t n = 0; n < len; n++) {
        winnow_line_counts *c = untouched;
        winnow_error e = load(buf, n, &c);
        if (e != WINNOW_ERR_LINE_COUNTS || c != untouched) truncated_loaded++;
        if (!e && c != untouched) winnow_line_counts_free(c);
    }
    CHECK_INT(truncated_loaded, 0);
    char *copy = malloc(len + 1);
    if (!copy) return;
    memcpy(copy, buf, len);
    copy[len] = 'x';                                     /* trailing garbage */
    winnow_line_counts *c = untouched;
    CHECK_INT(load(copy, len + 1, &c), WINNOW_ERR_LINE_COUNTS);
    CHECK(c == untouched);
    for (size_t i = 0; i < len; i++) {
        for (unsigned flip = 1; flip < 256; flip <<= 1) {
            copy[i] = (char)(buf[i] ^ (char)flip);
            c = untouched;
            winnow_error e = load(copy, len, &c);
            if (e == WINNOW_OK) {
                if (c == untouched) bad_error++;
                else winnow_line_counts_free(c);
            } else if (e != WINNOW_ERR_LINE_COUNTS || c != untouched) {
                bad_error++;
            }
            /* a changed magic, shape, rows or size never loads: the
             * size then disagrees with the bytes that follow */
            if ((i < 16 || (i >= 24 && i < 32)) && e == WINNOW_OK)
                bad_error++;
        }
        copy[i] = buf[i];
    }
    CHECK_INT(bad_error, 0);
    free(copy);
}

static void test_damaged_or_truncated_file_is_refused(void)
{
    winnow_line_counts *c = NULL;
    CHECK_INT(winnow_line_counts_new(&c, 0), WINNOW_OK);
    const char *d1[] = {"alpha", "beta", "gamma"};
    const char *d2[] = {"beta", "delta"};
    CHECK_INT(add_doc(c, d1, 3), WINNOW_OK);
    CHECK_INT(add_doc(c, d2, 2), WINNOW_OK);
    char *buf;
    size_t len;
    CHECK_INT(save(c, &buf, &len), WINNOW_OK);
    CHECK_INT(len, 32 + 4 * 12);
    check_damage(buf, len);
    free(buf);
    winnow_line_counts_free(c);

    unsigned char sk[32 + 4 * 4 * 5];
    const size_t sklen = sketch_file(sk, 5, 20);
    sk[32] = 7;
    check_damage((const char *)sk, sklen);

    /* not a line-counts file at all, and a sketch of width 0 */
    winnow_line_counts *out = (winnow_line_counts *)1;
    CHECK_INT(load("hello, world\n", 13, &out), WINNOW_ERR_LINE_COUNTS);
    CHECK_INT(load(sk, sketch_file(sk, 0, 0), &out), WINNOW_ERR_LINE_COUNTS);
    CHECK(out == (winnow_line_counts *)1);
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
    RUN_TEST(test_exact_counts_documents_not_occurrences);
    RUN_TEST(test_fingerprint_folds_case_and_digit_runs);
    RUN_TEST(test_exact_table_grows_and_stays_exact);
    RUN_TEST(test_growth_past_cap_becomes_sketch_never_too_low);
    RUN_TEST(test_save_load_round_trip_exact_and_sketch);
    RUN_TEST(test_sketch_file_round_trip);
    RUN_TEST(test_merge_of_two_files_equals_counting_both);
    RUN_TEST(test_merge_exact_into_sketch_and_mismatched_sketches);
    RUN_TEST(test_damaged_or_truncated_file_is_refused);
    RUN_TEST(test_damaged_width_fails_without_huge_allocation);
    return check_summary();
}
