/* test_utf8.c -- unit tests for utf8.c: validation, repair, iteration.
 *
 * Exact expected bytes for every class of ill-formed sequence (Unicode
 * chapter 3, "U+FFFD Substitution of Maximal Subparts"), plus cross-checks
 * against two independent, deliberately naive reference implementations:
 * a validator written straight from Table 3-7 and the WHATWG UTF-8
 * decoder algorithm.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "utf8.h"

#define FFFD "\xEF\xBF\xBD"

/* ---- helpers ---------------------------------------------------------- */

static size_t vp(const char *s, size_t n)
{
    return utf8_valid_prefix((const unsigned char *)s, n);
}

/* Repairs s[0..n) into a fresh buffer; the caller releases it. */
static wbuf repair(const char *s, size_t n, size_t *repl)
{
    wbuf b;
    wbuf_init(&b, 0);
    *repl = 0;
    CHECK_INT(utf8_repair((const unsigned char *)s, n, &b, repl), WINNOW_OK);
    return b;
}

/* Checks that repairing `in` gives exactly `want` with `n_repl`
 * replacements. */
#define CHECK_REPAIR(in, want, n_repl) do { \
    size_t r_; \
    wbuf b_ = repair(in, sizeof(in) - 1, &r_); \
    CHECK_MEM(b_.data, b_.len, want, sizeof(want) - 1); \
    CHECK_INT(r_, n_repl); \
    wbuf_release(&b_); \
    } while (0)

/* Reference validator, straight from Unicode Table 3-7. */
static size_t ref_seq(const unsigned char *s, size_t n)
{
    const unsigned char c = s[0];
    unsigned char lo = 0x80, hi = 0xBF;
    size_t need;
    if (c <= 0x7F) return 1;
    if (c >= 0xC2 && c <= 0xDF) need = 2;
    else if (c >= 0xE0 && c <= 0xEF) need = 3;
    else if (c >= 0xF0 && c <= 0xF4) need = 4;
    else return 0;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
    if (n < need) return 0;
    if (s[1] < lo || s[1] > hi) return 0;
    for (size_t k = 2; k < need; k++)
        if (s[k] < 0x80 || s[k] > 0xBF) return 0;
    return need;
}

static size_t ref_valid_prefix(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        const size_t k = ref_seq(s + i, n - i);
        if (!k) return i;
        i += k;
    }
    return n;
}

/* Reference repair: the WHATWG Encoding Standard's UTF-8 decoder
 * (https://encoding.spec.whatwg.org/#utf-8-decoder), which emits one
 * U+FFFD per maximal subpart. */
static void ref_repair(const unsigned char *s, size_t n, wbuf *out,
                       size_t *repl)
{
    unsigned long cp = 0;
    int seen = 0, needed = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    size_t i = 0;
    while (i < n) {
        const unsigned char b = s[i];
        if (needed == 0) {
            i++;
            if (b <= 0x7F) { wbuf_put_utf8(out, b); continue; }
            if (b >= 0xC2 && b <= 0xDF) { needed = 1; cp = b & 0x1F; }
            else if (b >= 0xE0 && b <= 0xEF) {
                if (b == 0xE0) lo = 0xA0;
                if (b == 0xED) hi = 0x9F;
                needed = 2; cp = b & 0xF;
            } else if (b >= 0xF0 && b <= 0xF4) {
                if (b == 0xF0) lo = 0x90;
                if (b == 0xF4) hi = 0x8F;
                needed = 3; cp = b & 0x7;
            } else { wbuf_append(out, FFFD, 3); ++*repl; }
            continue;
        }
        if (b < lo || b > hi) {
            cp = 0; needed = seen = 0; lo = 0x80; hi = 0xBF;
            wbuf_append(out, FFFD, 3); ++*repl;
            continue;                       /* reprocess b */
        }
        i++;
        lo = 0x80; hi = 0xBF;
        cp = cp << 6 | (b & 0x3F);
        if (++seen == needed) {
            wbuf_put_utf8(out, cp);
            cp = 0; needed = seen = 0;
        }
    }
    if (needed) { wbuf_append(out, FFFD, 3); ++*repl; }
}

static uint32_t rng_state = 12345u;

static uint32_t rng(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return rng_state >> 8;
}

/* A random byte, biased towards the interesting ones. */
static unsigned char interesting_byte(void)
{
    static const unsigned char pick[] = {
        0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1,
        0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3,
        0xF4, 0xF5, 0xF8, 0xFC, 0xFE, 0xFF,
    };
    const uint32_t r = rng();
    return r % 3 ? pick[r / 3 % sizeof pick] : (unsigned char)(r >> 4);
}

/* ~1 MB of valid text mixing 1- to 4-byte characters. */
static wbuf mixed_text(size_t target)
{
    static const char *const words[] = {
        "the ", "caf\xC3\xA9 ", "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82 ",
        "\xE4\xB8\xAD\xE6\x96\x87", "\xF0\x9F\x98\x80", "\n", "\xCE\xB1\xCE\xB2 ",
        "quick brown fox jumps over the lazy dog ",
        "\xF4\x8F\xBF\xBF", "\xEF\xBF\xBF", "\xED\x9F\xBF", "\xEE\x80\x80",
    };
    wbuf b;
    wbuf_init(&b, 0);
    while (b.len < target) {
        const char *w = words[rng() % (sizeof words / sizeof words[0])];
        wbuf_append(&b, w, strlen(w));
    }
    return b;
}

/* ---- utf8_valid_prefix ----------------------------------------------- */

static void test_valid_prefix_empty(void)
{
    CHECK_INT(vp("", 0), 0);
    CHECK_INT(utf8_valid_prefix(NULL, 0), 0);
}

static void test_valid_prefix_accepts_1_to_4_byte_characters(void)
{
    static const char *const ok[] = {
        "a", "\x7F", "\xC2\x80", "\xC3\xA9", "\xDF\xBF",       /* U+0080..07FF */
        "\xE0\xA0\x80", "\xE2\x82\xAC", "\xED\x9F\xBF",         /* U+0800, €, U+D7FF */
        "\xEE\x80\x80", "\xEF\xBF\xBD", "\xEF\xBF\xBF",         /* U+E000, FFFD, FFFF */
        "\xF0\x90\x80\x80", "\xF0\x9F\x98\x80", "\xF3\xBF\xBF\xBF",
        "\xF4\x8F\xBF\xBF",                                     /* U+10FFFF */
    };
    for (size_t k = 0; k < sizeof ok / sizeof ok[0]; k++)
        CHECK_INT(vp(ok[k], strlen(ok[k])), strlen(ok[k]));
    const char all[] = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z";
    CHECK_INT(vp(all, sizeof all - 1), sizeof all - 1);
}

static void test_valid_prefix_keeps_nul_bytes(void)
{
    const char s[] = "a\0b\0\0c";
    CHECK_INT(vp(s, sizeof s - 1), 6);
}

static void test_valid_prefix_stops_before_first_bad_sequence(void)
{
    CHECK_INT(vp("ab\xC3\xA9\x80z", 6), 4);            /* lone continuation */
    CHECK_INT(vp("ab\xE2\x82", 4), 2);                 /* truncated at end */
    CHECK_INT(vp("ab\xE2\x82z", 5), 2);                /* truncated inside */
    CHECK_INT(vp("\xC0\x80", 2), 0);                   /* overlong NUL */
    CHECK_INT(vp("x\xED\xA0\x80", 4), 1);              /* surrogate */
    CHECK_INT(vp("xy\xF4\x90\x80\x80", 6), 2);         /* > U+10FFFF */
    CHECK_INT(vp("\xF5\x80\x80\x80", 4), 0);
    CHECK_INT(vp("\xFF", 1), 0);
}

static void test_valid_prefix_rejects_overlongs_surrogates_and_too_large(void)
{
    static const char *const bad[] = {
        "\xC0\x80", "\xC1\xBF",                            /* 2-byte overlong */
        "\xE0\x80\x80", "\xE0\x9F\xBF",                    /* 3-byte overlong */
        "\xF0\x80\x80\x80", "\xF0\x8F\xBF\xBF",            /* 4-byte overlong */
        "\xED\xA0\x80", "\xED\xAF\xBF", "\xED\xB0\x80", "\xED\xBF\xBF",
        "\xF4\x90\x80\x80", "\xF7\xBF\xBF\xBF",            /* > U+10FFFF */
        "\xF8\x88\x80\x80\x80", "\xFC\x84\x80\x80\x80\x80", /* 5, 6 bytes */
        "\x80", "\xBF", "\xFE", "\xFF",
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
        CHECK_INT(vp(bad[k], strlen(bad[k])), 0);
}

/* Every 1- and 2-byte string, every 3-byte string with a lead byte at or
 * above C0, and 4-byte strings over all lead/second/third bytes with a
 * boundary value as fourth byte, against the reference validator. */
static void test_valid_prefix_matches_reference_exhaustively(void)
{
    static const unsigned char last[] = { 0x00, 0x7F, 0x80, 0xBF, 0xC0, 0xF0 };
    unsigned char s[4];
    size_t mismatches = 0;
    for (unsigned a = 0; a < 256; a++) {
        s[0] = (unsigned char)a;
        mismatches += vp((const char *)s, 1) != ref_valid_prefix(s, 1);
        for (unsigned b = 0; b < 256; b++) {
            s[1] = (unsigned char)b;
            mismatches += vp((const char *)s, 2) != ref_valid_prefix(s, 2);
            if (a < 0xC0) continue;
            for (unsigned c = 0; c < 256; c++) {
                s[2] = (unsigned char)c;
                mismatches += vp((const char *)s, 3) != ref_valid_prefix(s, 3);
                if (a < 0xF0 || a > 0xF8) continue;
                for (size_t d = 0; d < sizeof last; d++) {
                    s[3] = last[d];
                    mismatches += vp((const char *)s, 4) != ref_valid_prefix(s, 4);
                }
            }
        }
    }
    CHECK_INT(mismatches, 0);
}

static void test_valid_prefix_of_long_ascii_and_mixed_text(void)
{
    /* 1 MB of ASCII. */
    const size_t n = 1u << 20;
    char *a = malloc(n);
    CHECK(a != NULL);
    if (!a) return;
    for (size_t i = 0; i < n; i++) a[i] = (char)(' ' + i % 95);
    CHECK_INT(vp(a, n), n);
    /* One bad byte anywhere is found exactly, including at and around
     * every position the block loop treats specially. */
    static const size_t at[] = { 0, 1, 15, 16, 17, 31, 32, 33, 34, 35, 63, 64,
                                 65, 66, 67, 68, 100, 4095, 4096, 65535,
                                 (1u << 19) + 3, (1u << 20) - 67,
                                 (1u << 20) - 2, (1u << 20) - 1 };
    for (size_t k = 0; k < sizeof at / sizeof at[0]; k++) {
        const char saved = a[at[k]];
        a[at[k]] = '\x80';
        CHECK_INT(vp(a, n), at[k]);
        a[at[k]] = saved;
    }
    free(a);

    /* 1 MB of mixed 1- to 4-byte text. */
    wbuf m = mixed_text(n);
    CHECK_INT(vp(m.data, m.len), m.len);
    CHECK_INT(ref_valid_prefix((const unsigned char *)m.data, m.len), m.len);
    /* Corrupt one byte at a few far-apart places, then at many places in
     * the first 64 KiB (cut there, to keep the reference cheap); compare
     * with the reference each time. */
    size_t mismatches = 0;
    for (size_t k = 0; k < 2000; k++) {
        const size_t len = k < 20 ? m.len : (size_t)1 << 16;
        const size_t pos = k < 20 ? rng() % m.len : k < 400 ? k - 20 : rng() % len;
        const char saved = m.data[pos];
        m.data[pos] = (char)interesting_byte();
        mismatches += vp(m.data, len) !=
                      ref_valid_prefix((const unsigned char *)m.data, len);
        /* the same text cut short soon after */
        const size_t extra = rng() % 200;
        const size_t cut = pos + extra < len ? pos + extra : len;
        mismatches += vp(m.data, cut) !=
                      ref_valid_prefix((const unsigned char *)m.data, cut);
        m.data[pos] = saved;
    }
    CHECK_INT(mismatches, 0);
    wbuf_release(&m);
}

/* ---- utf8_repair ----------------------------------------------------- */

static void test_repair_unicode_table_3_8_example(void)
{
    CHECK_REPAIR("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64",
                 "a" FFFD FFFD FFFD "b" FFFD "c" FFFD FFFD "d", 6);
}

static void test_repair_maximal_subparts(void)
{
    CHECK_REPAIR("\xC0\x80", FFFD FFFD, 2);
    CHECK_REPAIR("\xED\xA0\x80", FFFD FFFD FFFD, 3);
    CHECK_REPAIR("\xF4\x90\x80\x80", FFFD FFFD FFFD FFFD, 4);
    CHECK_REPAIR("\xE0\x80", FFFD FFFD, 2);
    CHECK_REPAIR("\xE2\x82", FFFD, 1);                 /* truncated at end */
}

static void test_repair_overlong_forms(void)
{
    CHECK_REPAIR("\xC1\xBF", FFFD FFFD, 2);            /* 2-byte U+007F */
    CHECK_REPAIR("\xC0\xAF", FFFD FFFD, 2);            /* 2-byte '/' */
    CHECK_REPAIR("\xE0\x80\xAF", FFFD FFFD FFFD, 3);   /* 3-byte '/' */
    CHECK_REPAIR("\xE0\x9F\xBF", FFFD FFFD FFFD, 3);   /* 3-byte U+07FF */
    CHECK_REPAIR("\xF0\x80\x80\xAF", FFFD FFFD FFFD FFFD, 4);
    CHECK_REPAIR("\xF0\x8F\xBF\xBF", FFFD FFFD FFFD FFFD, 4);   /* U+FFFF */
}

static void test_repair_encoded_surrogates(void)
{
    CHECK_REPAIR("\xED\xBF\xBF", FFFD FFFD FFFD, 3);
    /* a CESU-8 surrogate pair is six subparts */
    CHECK_REPAIR("\xED\xA0\xBD\xED\xB8\x80", FFFD FFFD FFFD FFFD FFFD FFFD, 6);
    CHECK_REPAIR("a\xED\xB0\x80z", "a" FFFD FFFD FFFD "z", 3);
}

static void test_repair_above_10ffff(void)
{
    CHECK_REPAIR("\xF4\x90\x80\x80", FFFD FFFD FFFD FFFD, 4);
    CHECK_REPAIR("\xF5\x80\x80\x80", FFFD FFFD FFFD FFFD, 4);
    CHECK_REPAIR("\xF7\xBF\xBF\xBF", FFFD FFFD FFFD FFFD, 4);
    CHECK_REPAIR("a\xFE" "b\xFF" "c", "a" FFFD "b" FFFD "c", 2);
}

static void test_repair_5_and_6_byte_forms(void)
{
    CHECK_REPAIR("\xF8\x88\x80\x80\x80", FFFD FFFD FFFD FFFD FFFD, 5);
    CHECK_REPAIR("\xFC\x84\x80\x80\x80\x80",
                 FFFD FFFD FFFD FFFD FFFD FFFD, 6);
}

static void test_repair_lone_continuation_bytes(void)
{
    CHECK_REPAIR("\x80", FFFD, 1);
    CHECK_REPAIR("a\x80" "b", "a" FFFD "b", 1);
    CHECK_REPAIR("\xBF\x80\xA0", FFFD FFFD FFFD, 3);
    CHECK_REPAIR("\xC3\xA9\xA9", "\xC3\xA9" FFFD, 1);  /* one too many */
}

static void test_repair_truncated_sequences(void)
{
    CHECK_REPAIR("\xC3", FFFD, 1);                     /* at the end */
    CHECK_REPAIR("ok\xF0\x9F\x98", "ok" FFFD, 1);
    CHECK_REPAIR("\xE2\x82" "a", FFFD "a", 1);         /* in the middle */
    CHECK_REPAIR("\xF0\x9F\x98" "a", FFFD "a", 1);
    CHECK_REPAIR("\xC3 ", FFFD " ", 1);
    /* a cut-off sequence followed directly by a valid one */
    CHECK_REPAIR("\xF0\x9F\xE2\x82\xAC", FFFD "\xE2\x82\xAC", 1);
    CHECK_REPAIR("\xE1\x80\xE1\x80\xE1\x80", FFFD FFFD FFFD, 3);
}

static void test_repair_copies_valid_input_unchanged(void)
{
    CHECK_REPAIR("plain", "plain", 0);
    CHECK_REPAIR("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80",
                 "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", 0);
    CHECK_REPAIR("", "", 0);
}

static void test_repair_keeps_nul_bytes(void)
{
    CHECK_REPAIR("a\0\x80\0", "a\0" FFFD "\0", 1);
}

static void test_repair_appends_and_adds_to_count(void)
{
    wbuf b;
    wbuf_init(&b, 0);
    wbuf_append(&b, "x", 1);
    size_t repl = 5;
    CHECK_INT(utf8_repair((const unsigned char *)"\x80y", 2, &b, &repl),
              WINNOW_OK);
    CHECK_STR(b.data, b.len, "x" FFFD "y");
    CHECK_INT(repl, 6);
    wbuf_release(&b);
}

static void test_repair_respects_buffer_cap(void)
{
    wbuf b;
    wbuf_init(&b, 4);
    size_t repl = 0;
    CHECK_INT(utf8_repair((const unsigned char *)"ab\x80\x80", 4, &b, &repl),
              WINNOW_ERR_TOO_LARGE);
    CHECK_INT(b.len, 0);                    /* nothing half-written */
    CHECK_INT(repl, 0);
    CHECK_INT(utf8_repair((const unsigned char *)"a\x80", 2, &b, &repl),
              WINNOW_OK);                   /* 4 bytes: fits exactly */
    CHECK_STR(b.data, b.len, "a" FFFD);
    CHECK_INT(repl, 1);
    wbuf_release(&b);
}

/* Random byte soup: the result is valid, and identical to the WHATWG
 * decoder's, replacement count included. */
static void test_repair_matches_whatwg_decoder(void)
{
    const size_t n = 1u << 18;
    unsigned char *s = malloc(n);
    CHECK(s != NULL);
    if (!s) return;
    for (size_t round = 0; round < 4; round++) {
        for (size_t i = 0; i < n; i++)
            s[i] = round == 0 ? interesting_byte()
                 : round == 1 ? (unsigned char)rng()
                 : rng() % 8 ? (unsigned char)('a' + rng() % 26)
                             : interesting_byte();
        const size_t len = round == 3 ? n - 1 : n;
        wbuf got, want;
        wbuf_init(&got, 0);
        wbuf_init(&want, 0);
        size_t got_repl = 0, want_repl = 0;
        CHECK_INT(utf8_repair(s, len, &got, &got_repl), WINNOW_OK);
        ref_repair(s, len, &want, &want_repl);
        CHECK(got.len == want.len && memcmp(got.data, want.data, got.len) == 0);
        CHECK_INT(got_repl, want_repl);
        CHECK(got_repl > 0);
        CHECK_INT(utf8_valid_prefix((const unsigned char *)got.data, got.len),
                  got.len);
        wbuf_release(&got);
        wbuf_release(&want);
    }
    free(s);
}

/* ---- utf8_next ------------------------------------------------------- */

static void test_next_decodes_1_to_4_byte_characters(void)
{
    const char s[] = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\0z";
    const unsigned char *u = (const unsigned char *)s;
    const size_t n = sizeof s - 1;
    size_t i = 0;
    CHECK_INT(utf8_next(u, n, &i), 'a');
    CHECK_INT(i, 1);
    CHECK_INT(utf8_next(u, n, &i), 0xE9);
    CHECK_INT(i, 3);
    CHECK_INT(utf8_next(u, n, &i), 0x20AC);
    CHECK_INT(i, 6);
    CHECK_INT(utf8_next(u, n, &i), 0x1F600);
    CHECK_INT(i, 10);
    CHECK_INT(utf8_next(u, n, &i), 0);
    CHECK_INT(i, 11);
    CHECK_INT(utf8_next(u, n, &i), 'z');
    CHECK_INT(i, n);
}

static void test_next_round_trips_every_scalar_value(void)
{
    wbuf b;
    wbuf_init(&b, 0);
    for (unsigned long cp = 0; cp <= 0x10FFFF; cp++) {
        if (cp == 0xD800) cp = 0xE000;
        wbuf_put_utf8(&b, cp);
    }
    const unsigned char *u = (const unsigned char *)b.data;
    CHECK_INT(utf8_valid_prefix(u, b.len), b.len);
    size_t i = 0, wrong = 0;
    for (unsigned long cp = 0; cp <= 0x10FFFF; cp++) {
        if (cp == 0xD800) cp = 0xE000;
        wrong += (unsigned long)utf8_next(u, b.len, &i) != cp;
    }
    CHECK_INT(wrong, 0);
    CHECK_INT(i, b.len);
    wbuf_release(&b);
}

static void test_next_on_invalid_input_gives_fffd_and_one_byte(void)
{
    static const char *const bad[] = {
        "\x80", "\xC0\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xFF",
        "\xE2\x82", "\xE2\x82z", "\xF8\x88\x80\x80\x80",
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        size_t i = 0;
        CHECK_INT(utf8_next((const unsigned char *)bad[k], strlen(bad[k]), &i),
                  0xFFFD);
        CHECK_INT(i, 1);
    }
    /* past the end: no read, no advance */
    size_t i = 1;
    CHECK_INT(utf8_next((const unsigned char *)"a", 1, &i), 0xFFFD);
    CHECK_INT(i, 1);
}

int main(void)
{
    RUN_TEST(test_valid_prefix_empty);
    RUN_TEST(test_valid_prefix_accepts_1_to_4_byte_characters);
    RUN_TEST(test_valid_prefix_keeps_nul_bytes);
    RUN_TEST(test_valid_prefix_stops_before_first_bad_sequence);
    RUN_TEST(test_valid_prefix_rejects_overlongs_surrogates_and_too_large);
    RUN_TEST(test_valid_prefix_matches_reference_exhaustively);
    RUN_TEST(test_valid_prefix_of_long_ascii_and_mixed_text);
    RUN_TEST(test_repair_unicode_table_3_8_example);
    RUN_TEST(test_repair_maximal_subparts);
    RUN_TEST(test_repair_overlong_forms);
    RUN_TEST(test_repair_encoded_surrogates);
    RUN_TEST(test_repair_above_10ffff);
    RUN_TEST(test_repair_5_and_6_byte_forms);
    RUN_TEST(test_repair_lone_continuation_bytes);
    RUN_TEST(test_repair_truncated_sequences);
    RUN_TEST(test_repair_copies_valid_input_unchanged);
    RUN_TEST(test_repair_keeps_nul_bytes);
    RUN_TEST(test_repair_appends_and_adds_to_count);
    RUN_TEST(test_repair_respects_buffer_cap);
    RUN_TEST(test_repair_matches_whatwg_decoder);
    RUN_TEST(test_next_decodes_1_to_4_byte_characters);
    RUN_TEST(test_next_round_trips_every_scalar_value);
    RUN_TEST(test_next_on_invalid_input_gives_fffd_and_one_byte);
    return check_summary();
}
