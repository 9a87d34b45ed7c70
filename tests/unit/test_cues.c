/* test_cues.c -- folding lines and finding cue phrases in them. */
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "cues.h"
#include "fold.h"

static void test_fold_lowercases_and_separates_words(void)
{
    wbuf b; wbuf_init(&b, 0);
    CHECK_INT(fold_line("Leave a Reply:", 14, &b), WINNOW_OK);
    CHECK_STR(b.data, b.len, " leave a reply ");
    const char *ru = "Читать ДАЛЕЕ…";
    CHECK_INT(fold_line(ru, strlen(ru), &b), WINNOW_OK);
    CHECK_STR(b.data, b.len, " читать далее ");
    CHECK_INT(fold_line("don't -- stop!!", 15, &b), WINNOW_OK);
    CHECK_STR(b.data, b.len, " don t stop ");
    CHECK_INT(fold_line("", 0, &b), WINNOW_OK);
    CHECK_STR(b.data, b.len, " ");
    /* Turkish in capitals: I lower-cases to i, so the dotless ı folds to
     * i too, and both spellings meet */
    const char *caps = "YORUM YAZIN", *small = "yorum yazın";
    CHECK_INT(fold_line(caps, strlen(caps), &b), WINNOW_OK);
    CHECK_STR(b.data, b.len, " yorum yazin ");
    CHECK_INT(fold_line(small, strlen(small), &b), WINNOW_OK);
    CHECK_STR(b.data, b.len, " yorum yazin ");
    wbuf_release(&b);
}

/* The ASCII rule of fold.h, one byte at a time: the reference the
 * 16-bytes-at-once path must match. */
static size_t fold_ascii_reference(const char *s, size_t len, char *out)
{
    size_t n = 0;
    out[n++] = ' ';
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        char f = c >= 'A' && c <= 'Z' ? (char)(c + 32)
               : (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? (char)c : ' ';
        if (f != ' ' || out[n - 1] != ' ') out[n++] = f;
    }
    if (out[n - 1] != ' ') out[n++] = ' ';
    return n;
}

/* Long ASCII lines of letters, digits, spaces and punctuation in every
 * arrangement a pseudo-random walk gives (runs of separators across the
 * 16-byte blocks included) fold as the reference does, followed by the
 * promised padding of spaces. */
static void test_fold_fast_path_matches_reference(void)
{
    static const char alphabet[] = "aZ9 ,.-!\t(x";
    char line[200], want[420];
    uint32_t seed = 12345;
    wbuf b; wbuf_init(&b, 0);
    size_t mismatches = 0;
    for (int round = 0; round < 2000; round++) {
        size_t len = (size_t)(round % 199) + 1;
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            line[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
        }
        size_t n = fold_ascii_reference(line, len, want);
        CHECK_INT(fold_line(line, len, &b), WINNOW_OK);
        mismatches += b.len != n || memcmp(b.data, want, n) != 0;
        for (size_t k = 0; k < FOLD_PADDING; k++) mismatches += b.data[b.len + k] != ' ';
    }
    CHECK_INT(mismatches, 0);
    wbuf_release(&b);
}

/* Folds `line` and scans it. */
static cue_match scan(const cue_matcher *m, const char *line)
{
    wbuf b; wbuf_init(&b, 0);
    cue_match r;
    memset(&r, 0, sizeof r);
    CHECK_INT(fold_line(line, strlen(line), &b), WINNOW_OK);
    cue_matcher_scan(m, b.data, b.len, &r);
    wbuf_release(&b);
    return r;
}

static void test_cues_are_found_with_their_kind(void)
{
    cue_matcher *m = NULL;
    CHECK_INT(cue_matcher_new(&m), WINNOW_OK);
    if (!m) return;
    cue_match r = scan(m, "Leave a Reply");
    CHECK_INT(r.strong, 1);
    CHECK_INT(r.kind, WINNOW_REASON_COMMENT_FORM);
    r = scan(m, "Your email address will not be published.");
    CHECK(r.strong >= 1);
    CHECK_INT(r.kind, WINNOW_REASON_COMMENT_FORM);
    r = scan(m, "This site uses cookies to improve your experience");
    CHECK_INT(r.kind, WINNOW_REASON_COOKIE);
    r = scan(m, "ALL RIGHTS RESERVED");
    CHECK_INT(r.kind, WINNOW_REASON_LEGAL);
    cue_matcher_free(m);
}

static void test_anchors_are_honoured(void)
{
    cue_matcher *m = NULL;
    CHECK_INT(cue_matcher_new(&m), WINNOW_OK);
    if (!m) return;
    /* "share" counts only as a whole line */
    CHECK_INT(scan(m, "Share").strong, 1);
    cue_match r = scan(m, "They share a flat in the city");
    CHECK_INT(r.strong + r.weak, 0);
    /* "read more" only at the start */
    CHECK(scan(m, "Read more about the budget").strong >= 1);
    r = scan(m, "Students should read more books");
    CHECK_INT(r.strong + r.weak, 0);
    /* word boundaries: "homework" is not "home" */
    r = scan(m, "Homework");
    CHECK_INT(r.strong + r.weak, 0);
    cue_matcher_free(m);
}

static void test_weak_cues_are_counted_apart(void)
{
    cue_matcher *m = NULL;
    CHECK_INT(cue_matcher_new(&m), WINNOW_OK);
    if (!m) return;
    cue_match r = scan(m, "Thanks to your support we can keep going");
    CHECK_INT(r.strong, 0);
    CHECK_INT(r.weak, 1);
    CHECK_INT(r.kind, WINNOW_REASON_DONATION);
    CHECK_INT(r.strength, CUE_WEAK);
    cue_matcher_free(m);
}

/* Folds every phrase of tables_cues once, end to end into `phrases`:
 * phrase i is phrases->data[offs[i] .. offs[i + 1]), each a folded line
 * (a space on either side).  Returns offs
 * (tables_cues_count + 1 entries, to free), NULL when out of memory. */
static size_t *fold_phrases(wbuf *phrases)
{
    size_t *offs = calloc(tables_cues_count + 1, sizeof *offs);
    if (!offs) return NULL;
    wbuf folded;
    wbuf_init(&folded, 0);
    for (size_t i = 0; i < tables_cues_count; i++) {
        const char *t = tables_cues[i].text;
        CHECK_INT(fold_line(t, strlen(t), &folded), WINNOW_OK);
        offs[i] = phrases->len;
        CHECK_INT(wbuf_append(phrases, folded.data, folded.len), WINNOW_OK);
    }
    offs[tables_cues_count] = phrases->len;
    /* spaces past the end, as fold_line leaves them (FOLD_PADDING): a
     * phrase may be scanned where it stands */
    for (int k = 0; k < FOLD_PADDING; k++) CHECK_INT(wbuf_putc(phrases, ' '), WINNOW_OK);
    phrases->len -= FOLD_PADDING;
    wbuf_release(&folded);
    return offs;
}

/* Counts the matches of every phrase in folded line `f` the slow way: at
 * every position, honouring anchors, as the automaton must. */
static void count_naive(const wbuf *phrases, const size_t *offs, const char *f,
                        size_t len, unsigned *strong, unsigned *weak)
{
    /* a long line counts matches in its head and its tail only (cues.h) */
    size_t head = len, tail = 0;
    if (len > CUE_SCAN_HEAD + CUE_SCAN_TAIL) {
        tail = len - CUE_SCAN_TAIL;
        while (tail > CUE_SCAN_HEAD && f[tail - 1] != ' ') tail--;
        tail--;
        head = CUE_SCAN_HEAD;
    }
    *strong = *weak = 0;
    for (size_t i = 0; i < tables_cues_count; i++) {
        const char *p = phrases->data + offs[i];
        size_t n = offs[i + 1] - offs[i];
        for (size_t start = 0; start + n <= len; start++) {
            if (memcmp(f + start, p, n) != 0) continue;
            size_t end = start + n;
            if (end > head && start < tail) continue;
            cue_anchor a = tables_cues[i].anchor;
            if (a == CUE_START && start != 0) continue;
            if (a == CUE_WHOLE && (start != 0 || end != len)) continue;
            if (a == CUE_END && end != len) continue;
            if (tables_cues[i].strength == CUE_STRONG) (*strong)++;
            else (*weak)++;
        }
    }
}

/* Lines made of the phrases' own words, overlapping and cut anywhere:
 * the automaton (its failure links above all) finds exactly the matches
 * a search for every phrase at every position finds; and every phrase,
 * alone on a line, is found. */
static void test_automaton_matches_naive_search(void)
{
    cue_matcher *m = NULL;
    CHECK_INT(cue_matcher_new(&m), WINNOW_OK);
    if (!m) return;
    wbuf phrases, folded, line;
    wbuf_init(&phrases, 0);
    wbuf_init(&folded, 0);
    wbuf_init(&line, 0);
    size_t *offs = fold_phrases(&phrases);
    CHECK(offs != NULL);
    if (!offs) return;
    size_t missed = 0;
    for (size_t i = 0; i < tables_cues_count; i++) {
        cue_match r;
        cue_matcher_scan(m, phrases.data + offs[i], offs[i + 1] - offs[i], &r);
        missed += r.strong + r.weak == 0;
    }
    CHECK_INT(missed, 0);

    uint32_t seed = 2024;
    size_t mismatches = 0, long_lines = 0;
    for (int round = 0; round < 3000; round++) {
        /* two to four pieces of phrases, each cut at a random word; one
         * round in four, 12 to 19 pieces: a long line, searched at its
         * head and its tail only */
        line.len = 0;
        int pieces = round % 4 == 3 ? 12 + round % 8 : 2 + round % 3;
        for (int k = 0; k < pieces; k++) {
            seed = seed * 1103515245u + 12345u;
            size_t i = (seed >> 8) % tables_cues_count;
            const char *p = phrases.data + offs[i];
            size_t n = offs[i + 1] - offs[i];
            seed = seed * 1103515245u + 12345u;
            size_t from = (seed >> 8) % n;
            while (from > 0 && p[from - 1] != ' ') from--;
            CHECK_INT(wbuf_append(&line, p + from, n - from), WINNOW_OK);
        }
        CHECK_INT(fold_line(line.data, line.len, &folded), WINNOW_OK);
        long_lines += folded.len > CUE_SCAN_HEAD + CUE_SCAN_TAIL;
        cue_match r;
        cue_matcher_scan(m, folded.data, folded.len, &r);
        unsigned strong, weak;
        count_naive(&phrases, offs, folded.data, folded.len, &strong, &weak);
        if (r.strong != strong || r.weak != weak) mismatches++;
    }
    CHECK_INT(mismatches, 0);
    CHECK(long_lines >= 200);   /* the long rounds did make long lines */
    free(offs);
    wbuf_release(&phrases);
    wbuf_release(&folded);
    wbuf_release(&line);
    cue_matcher_free(m);
}

/* All language files feed one table: a phrase (folded) with the same
 * anchor must be written once, or its matches would count twice. */
static void test_no_phrase_written_twice(void)
{
    wbuf phrases;
    wbuf_init(&phrases, 0);
    size_t *offs = fold_phrases(&phrases);
    CHECK(offs != NULL);
    if (!offs) return;
    size_t twice = 0;
    for (size_t i = 0; i < tables_cues_count; i++) {
        const char *a = phrases.data + offs[i];
        size_t n = offs[i + 1] - offs[i];
        for (size_t j = i + 1; j < tables_cues_count; j++)
            if (tables_cues[j].anchor == tables_cues[i].anchor &&
                offs[j + 1] - offs[j] == n && memcmp(phrases.data + offs[j], a, n) == 0) {
                fprintf(stderr, "  written twice: \"%s\"\n", tables_cues[i].text);
                twice++;
            }
    }
    CHECK_INT(twice, 0);
    free(offs);
    wbuf_release(&phrases);
}

int main(void)
{
    RUN_TEST(test_fold_lowercases_and_separates_words);
    RUN_TEST(test_fold_fast_path_matches_reference);
    RUN_TEST(test_no_phrase_written_twice);
    RUN_TEST(test_cues_are_found_with_their_kind);
    RUN_TEST(test_anchors_are_honoured);
    RUN_TEST(test_weak_cues_are_counted_apart);
    RUN_TEST(test_automaton_matches_naive_search);
    return check_summary();
}
