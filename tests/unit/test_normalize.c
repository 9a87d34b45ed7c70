/* test_normalize.c -- NFC / NFKC, zero copy, stream-safe runs, and
 * Unicode's own NormalizationTest.txt when the system has it. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L   /* popen() */
#endif
#include "check.h"
#include "normalize.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define NORMALIZATION_TEST "/usr/share/unicode/NormalizationTest.txt.bz2"

/* Runs `in` through a fresh normalizer of `form` and compares with `want`. */
static void check_form(winnow_normal_form form, const char *in,
                       const char *want)
{
    normalizer n;
    normalizer_init(&n, form, 0);
    const char *res = NULL;
    size_t res_len = 0;
    CHECK_INT(normalizer_run(&n, in, strlen(in), &res, &res_len), WINNOW_OK);
    if (res) CHECK_STR(res, res_len, want);
    normalizer_release(&n);
}

static void test_ascii_is_zero_copy(void)
{
    normalizer n;
    normalizer_init(&n, WINNOW_NFKC, 0);
    const char in[] = "Plain ASCII text, longer than eight bytes.\n";
    const char *res = NULL;
    size_t len = 0;
    CHECK_INT(normalizer_run(&n, in, strlen(in), &res, &len), WINNOW_OK);
    CHECK(res == in);
    CHECK_INT(len, strlen(in));
    CHECK_INT(normalizer_run(&n, "", 0, &res, &len), WINNOW_OK);
    CHECK_INT(len, 0);
    normalizer_release(&n);
}

static void test_none_is_zero_copy(void)
{
    normalizer n;
    normalizer_init(&n, WINNOW_NORMALIZE_NONE, 0);
    const char in[] = "e\xCC\x81 \xEF\xAC\x81";    /* e + U+0301, U+FB01 */
    const char *res = NULL;
    size_t len = 0;
    CHECK_INT(normalizer_run(&n, in, strlen(in), &res, &len), WINNOW_OK);
    CHECK(res == in);
    CHECK_INT(len, strlen(in));
    normalizer_release(&n);
}

static void test_normalized_text_is_zero_copy(void)
{
    normalizer n;
    normalizer_init(&n, WINNOW_NFC, 0);
    /* curly quotes, an em dash, precomposed é, CJK, Hangul, emoji */
    const char in[] = "\xE2\x80\x9CIt\xE2\x80\x99s caf\xC3\xA9\xE2\x80\x9D"
                      " \xE2\x80\x94 \xE4\xB8\xAD\xE6\x96\x87 "
                      "\xED\x95\x9C\xEA\xB8\x80 \xF0\x9F\x98\x80\n";
    const char *res = NULL;
    size_t len = 0;
    CHECK_INT(normalizer_run(&n, in, strlen(in), &res, &len), WINNOW_OK);
    CHECK(res == in);
    CHECK_INT(len, strlen(in));
    normalizer_release(&n);
}

static void test_combining_acute_composes(void)
{
    check_form(WINNOW_NFC, "e\xCC\x81", "\xC3\xA9");
    check_form(WINNOW_NFKC, "e\xCC\x81", "\xC3\xA9");
    check_form(WINNOW_NFC, "the cafe\xCC\x81 is open",
               "the caf\xC3\xA9 is open");
    /* the output buffer is reused: a second run starts afresh */
    normalizer n;
    normalizer_init(&n, WINNOW_NFC, 0);
    const char *res;
    size_t len;
    CHECK_INT(normalizer_run(&n, "xe\xCC\x81", 4, &res, &len), WINNOW_OK);
    CHECK_STR(res, len, "x\xC3\xA9");
    CHECK_INT(normalizer_run(&n, "ya\xCC\x80z", 5, &res, &len), WINNOW_OK);
    CHECK_STR(res, len, "y\xC3\xA0z");
    normalizer_release(&n);
}

static void test_ligature_kept_by_nfc_split_by_nfkc(void)
{
    check_form(WINNOW_NFC, "\xEF\xAC\x81nd", "\xEF\xAC\x81nd");    /* U+FB01 */
    check_form(WINNOW_NFKC, "\xEF\xAC\x81nd", "find");
    check_form(WINNOW_NFKC, "wait\xE2\x80\xA6", "wait...");     /* U+2026 */
    check_form(WINNOW_NFKC, "a\xC2\xA0" "b", "a b");                /* NBSP */
    check_form(WINNOW_NFC, "a\xC2\xA0" "b", "a\xC2\xA0" "b");
    /* fullwidth A then a combining ring: composes after the mapping */
    check_form(WINNOW_NFKC, "\xEF\xBC\xA1\xCC\x8A", "\xC3\x85");
}

static void test_hangul_jamo_compose(void)
{
    /* U+1112 U+1161 U+11AB -> U+D55C; U+1100 U+1161 -> U+AC00 */
    check_form(WINNOW_NFC, "\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB",
               "\xED\x95\x9C");
    check_form(WINNOW_NFC, "x\xE1\x84\x80\xE1\x85\xA1y", "x\xEA\xB0\x80y");
    /* LV syllable U+AC00 + T U+11A8 -> U+AC01 */
    check_form(WINNOW_NFC, "\xEA\xB0\x80\xE1\x86\xA8", "\xEA\xB0\x81");
}

static void test_singletons_are_replaced(void)
{
    check_form(WINNOW_NFC, "\xE2\x84\xAB", "\xC3\x85");    /* ANGSTROM SIGN */
    check_form(WINNOW_NFC, "\xE2\x84\xA6", "\xCE\xA9");    /* U+2126 OHM */
}

static void test_combining_marks_reordered(void)
{
    /* q + dot above (230) + dot below (220) -> q + below + above */
    check_form(WINNOW_NFC, "q\xCC\x87\xCC\xA3", "q\xCC\xA3\xCC\x87");
    /* D + dot above + dot below -> U+1E0C (D dot below) + dot above */
    check_form(WINNOW_NFC, "D\xCC\x87\xCC\xA3", "\xE1\xB8\x8C\xCC\x87");
    /* the same after a curly quote (an inert character) */
    check_form(WINNOW_NFC, "\xE2\x80\x99" "D\xCC\x87\xCC\xA3!",
               "\xE2\x80\x99\xE1\xB8\x8C\xCC\x87!");
}

static void test_mark_at_the_edges(void)
{
    check_form(WINNOW_NFC, "abc e\xCC\x81", "abc \xC3\xA9");
    check_form(WINNOW_NFC, "abc \xCC\x81", "abc \xCC\x81");
    check_form(WINNOW_NFC, "\xCC\x81" "abc", "\xCC\x81" "abc");
    check_form(WINNOW_NFC, "\xCC\xA3\xCC\x87", "\xCC\xA3\xCC\x87");
    check_form(WINNOW_NFC, "\xCC\x87\xCC\xA3", "\xCC\xA3\xCC\x87");
    /* a precomposed base takes part when a mark follows it */
    check_form(WINNOW_NFC, "x\xC3\xA9\xCC\xA3y", "x\xE1\xBA\xB9\xCC\x81y");
    /* Cyrillic: i + breve -> short i; short i + acute stays */
    check_form(WINNOW_NFC, "\xD0\xBF\xD0\xB8\xCC\x86",
               "\xD0\xBF\xD0\xB9");
    check_form(WINNOW_NFC, "\xD0\xB9\xCC\x81", "\xD0\xB9\xCC\x81");
    /* a mark after a character that never composes stays separate */
    check_form(WINNOW_NFC, "\xE2\x80\x99\xCC\x81", "\xE2\x80\x99\xCC\x81");
}

/* "a" + 1,000,000 U+0301: the first mark composes with "a", and a CGJ
 * (U+034F) follows every 30th mark.  Quadratic time would hang here. */
static void test_long_mark_run_is_stream_safe(void)
{
    const size_t marks = 1000000;
    char *in = malloc(1 + 2 * marks);
    CHECK(in != NULL);
    if (!in) return;
    in[0] = 'a';
    for (size_t k = 0; k < marks; k++) {
        in[1 + 2 * k] = '\xCC';
        in[2 + 2 * k] = '\x81';
    }
    normalizer n;
    normalizer_init(&n, WINNOW_NFC, 0);
    const char *res = NULL;
    size_t len = 0;
    CHECK_INT(normalizer_run(&n, in, 1 + 2 * marks, &res, &len), WINNOW_OK);
    const size_t cgjs = (marks - 1) / 30;          /* 33333 */
    CHECK_INT(len, 2 + 2 * (marks - 1) + 2 * cgjs);
    if (res && len >= 2) {
        CHECK(memcmp(res, "\xC3\xA1", 2) == 0);
        /* after U+00E1: (29 marks, CGJ), then (30 marks, CGJ)... */
        size_t pos = 2, since = 1, bad = 0, seen_cgj = 0;
        while (pos + 1 < len) {
            const unsigned char b0 = (unsigned char)res[pos];
            const unsigned char b1 = (unsigned char)res[pos + 1];
            if (b0 == 0xCD && b1 == 0x8F) {
                if (since != 30) bad++;
                since = 0;
                seen_cgj++;
            } else if (b0 == 0xCC && b1 == 0x81) {
                since++;
            } else {
                bad++;
            }
            pos += 2;
        }
        CHECK_INT(bad, 0);
        CHECK_INT(seen_cgj, cgjs);
    }
    /* NFKC and a second run on the warm buffers */
    normalizer_release(&n);
    normalizer_init(&n, WINNOW_NFKC, 0);
    CHECK_INT(normalizer_run(&n, in, 1 + 2 * marks, &res, &len), WINNOW_OK);
    CHECK_INT(len, 2 + 2 * (marks - 1) + 2 * cgjs);
    normalizer_release(&n);
    free(in);
}

/* A long chunk without ASCII or inert characters (Vietnamese-like text
 * of decomposed letters) is cut into pieces; the result must match. */
static void test_long_chunk_is_split_correctly(void)
{
    const size_t reps = 5000;
    /* "e" U+0302 U+0301 -> U+1EBF, written as U+00EA U+0301 in the input */
    char *in = malloc(4 * reps), *want = malloc(3 * reps);
    CHECK(in && want);
    if (!in || !want) { free(in); free(want); return; }
    for (size_t k = 0; k < reps; k++) {
        memcpy(in + 4 * k, "\xC3\xAA\xCC\x81", 4);
        memcpy(want + 3 * k, "\xE1\xBA\xBF", 3);
    }
    normalizer n;
    normalizer_init(&n, WINNOW_NFC, 0);
    const char *res = NULL;
    size_t len = 0;
    CHECK_INT(normalizer_run(&n, in, 4 * reps, &res, &len), WINNOW_OK);
    CHECK_MEM(res, len, want, 3 * reps);
    normalizer_release(&n);
    free(in);
    free(want);
}

static void test_size_cap_is_reported(void)
{
    normalizer n;
    normalizer_init(&n, WINNOW_NFKC, 8);
    const char *res = NULL;
    size_t len = 0;
    /* U+FDFA expands to 18 code points (33 bytes) under NFKC */
    CHECK_INT(normalizer_run(&n, "\xEF\xB7\xBA", 3, &res, &len),
              WINNOW_ERR_TOO_LARGE);
    CHECK(res == NULL);
    normalizer_release(&n);
}

static int normalizes_to(normalizer *n, const char *in, size_t in_len,
                         const char *want, size_t want_len)
{
    const char *res;
    size_t len;
    if (normalizer_run(n, in, in_len, &res, &len) != WINNOW_OK) return 0;
    return len == want_len && memcmp(res, want, len) == 0;
}

/* Random mixes of bases, marks of several classes, Hangul jamo,
 * precomposed, compatibility and inert characters must come out as
 * utf8proc's own whole-string NFC / NFKC (runs stay under 30 marks). */
static void test_matches_utf8proc_on_random_mixes(void)
{
    static const char *const pieces[] = {
        "a", "e", " ", "<", "\n", "\xCC\x81", "\xCC\xA3", "\xCC\x87",
        "\xCC\x9B", "\xCD\x85", "\xC3\xA9", "\xC3\x85", "\xE2\x84\xAB",
        "\xE1\x84\x80", "\xE1\x85\xA1", "\xE1\x86\xA8", "\xEA\xB0\x80",
        "\xEF\xAC\x81", "\xE2\x80\x99", "\xE2\x80\xA6", "\xC2\xA0",
        "\xD0\xB8", "\xCC\x86", "\xE0\xA5\x8D", "\xE0\xA4\xBC",
        "\xE3\x81\xAF", "\xE3\x82\x99", "\xEF\xBE\x9E", "\xE0\xAD\x87",
        "\xE0\xAC\xBE", "\xCD\x84", "\xE1\xBE\xB6", "\xF0\x9D\x85\x97",
        "\xF0\x9D\x85\xA5", "\xEF\xBC\xA1", "\xE4\xB8\xAD",
    };
    const size_t npieces = sizeof pieces / sizeof pieces[0];
    normalizer nfc, nfkc;
    normalizer_init(&nfc, WINNOW_NFC, 0);
    normalizer_init(&nfkc, WINNOW_NFKC, 0);
    unsigned seed = 2024;
    char buf[128];
    size_t mismatches = 0;
    for (int round = 0; round < 20000; round++) {
        size_t len = 0;
        seed = seed * 1103515245u + 12345u;
        const size_t want_len = 1 + (seed >> 16) % 60;
        while (len < want_len) {
            seed = seed * 1103515245u + 12345u;
            const char *p = pieces[(seed >> 16) % npieces];
            memcpy(buf + len, p, strlen(p));
            len += strlen(p);
        }
        buf[len] = '\0';
        for (int form = 0; form < 2; form++) {
            utf8proc_uint8_t *want = form
                ? utf8proc_NFKC((const utf8proc_uint8_t *)buf)
                : utf8proc_NFC((const utf8proc_uint8_t *)buf);
            CHECK(want != NULL);
            if (!want) continue;
            if (!normalizes_to(form ? &nfkc : &nfc, buf, len, (char *)want,
                               strlen((char *)want)) &&
                mismatches++ < 5)
                fprintf(stderr, "%s mismatch on [%s]\n", form ? "NFKC" : "NFC",
                        buf);
            free(want);
        }
    }
    CHECK_INT(mismatches, 0);
    normalizer_release(&nfc);
    normalizer_release(&nfkc);
}

/* ---- NormalizationTest.txt ------------------------------------------- */

/* Writes cp as UTF-8 to dst; returns the number of bytes. */
static size_t put_utf8(unsigned long cp, char *dst)
{
    unsigned char *d = (unsigned char *)dst;
    if (cp < 0x80) { d[0] = (unsigned char)cp; return 1; }
    if (cp < 0x800) {
        d[0] = (unsigned char)(0xC0 | (cp >> 6));
        d[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        d[0] = (unsigned char)(0xE0 | (cp >> 12));
        d[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        d[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    d[0] = (unsigned char)(0xF0 | (cp >> 18));
    d[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    d[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    d[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Parses one column of space-separated hex code points into UTF-8. */
static size_t column_utf8(const char *p, const char *end, char *dst)
{
    size_t n = 0;
    while (p < end) {
        char *q;
        const unsigned long cp = strtoul(p, &q, 16);
        if (q == p) break;
        p = q;
        while (p < end && *p == ' ') p++;
        n += put_utf8(cp, dst + n);
    }
    return n;
}

static void test_unicode_normalization_test_file(void)
{
    FILE *f = popen("bzip2 -dc " NORMALIZATION_TEST, "r");
    CHECK(f != NULL);
    if (!f) return;
    normalizer nfc, nfkc;
    normalizer_init(&nfc, WINNOW_NFC, 0);
    normalizer_init(&nfkc, WINNOW_NFKC, 0);
    static char listed[0x110000];
    char line[4096], col[5][1024];
    size_t col_len[5], lines = 0, failures = 0;
    int part = -1;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '@') { part = atoi(line + 5); continue; }
        if (line[0] == '#' || line[0] == '\n') continue;
        const char *p = line;
        int c;
        for (c = 0; c < 5; c++) {
            const char *semi = strchr(p, ';');
            if (!semi) break;
            col_len[c] = column_utf8(p, semi, col[c]);
            p = semi + 1;
        }
        CHECK_INT(c, 5);
        if (c != 5) continue;
        if (part == 1) listed[strtoul(line, NULL, 16)] = 1;
        lines++;
        int ok = 1;
        for (c = 0; c < 3; c++)
            ok &= normalizes_to(&nfc, col[c], col_len[c], col[1], col_len[1]);
        for (c = 3; c < 5; c++)
            ok &= normalizes_to(&nfc, col[c], col_len[c], col[3], col_len[3]);
        for (c = 0; c < 5; c++)
            ok &= normalizes_to(&nfkc, col[c], col_len[c], col[3], col_len[3]);
        if (!ok && failures++ < 10) fprintf(stderr, "failed: %s", line);
    }
    CHECK_INT(pclose(f), 0);
    CHECK(lines > 15000);
    CHECK_INT(failures, 0);

    /* Every character not listed in part 1 is its own NFC and NFKC, alone
     * and between two ASCII characters that never compose (checks the
     * inert fast path and the chunk edges). */
    size_t unchanged_failures = 0;
    for (uint32_t cp = 0x80; cp < 0x110000; cp++) {
        if ((cp >= 0xD800 && cp < 0xE000) || listed[cp]) continue;
        char s[6];
        s[0] = ' ';
        const size_t k = put_utf8(cp, s + 1);
        s[k + 1] = 'x';
        int ok = normalizes_to(&nfc, s + 1, k, s + 1, k) &&
                 normalizes_to(&nfkc, s + 1, k, s + 1, k) &&
                 normalizes_to(&nfc, s, k + 2, s, k + 2) &&
                 normalizes_to(&nfkc, s, k + 2, s, k + 2);
        if (!ok && unchanged_failures++ < 10)
            fprintf(stderr, "U+%04X is not stable\n", (unsigned)cp);
    }
    CHECK_INT(unchanged_failures, 0);
    normalizer_release(&nfc);
    normalizer_release(&nfkc);
}

int main(void)
{
    RUN_TEST(test_ascii_is_zero_copy);
    RUN_TEST(test_none_is_zero_copy);
    RUN_TEST(test_normalized_text_is_zero_copy);
    RUN_TEST(test_combining_acute_composes);
    RUN_TEST(test_ligature_kept_by_nfc_split_by_nfkc);
    RUN_TEST(test_hangul_jamo_compose);
    RUN_TEST(test_singletons_are_replaced);
    RUN_TEST(test_combining_marks_reordered);
    RUN_TEST(test_mark_at_the_edges);
    RUN_TEST(test_long_mark_run_is_stream_safe);
    RUN_TEST(test_long_chunk_is_split_correctly);
    RUN_TEST(test_size_cap_is_reported);
    RUN_TEST(test_matches_utf8proc_on_random_mixes);
    FILE *probe = fopen(NORMALIZATION_TEST, "rb");
    if (probe) {
        fclose(probe);
        RUN_TEST(test_unicode_normalization_test_file);
    } else {
        fprintf(stderr, "skipped: NormalizationTest.txt not found (%s)\n",
                NORMALIZATION_TEST);
    }
    return check_summary();
}
