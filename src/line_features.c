/* line_features.c -- per-line measurements (see line_features.h).
 *
 * Two passes over a line: one over its bytes for the shape (ASCII
 * through a switch, other code points through utf8proc's category), and
 * one over its folded form (fold.h) for words, function words and cue
 * phrases.  Function words live in an open-addressing hash set of 64-bit
 * FNV-1a hashes of their folded forms, built once per context; lookups
 * never allocate.
 */
#include "line_features.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "fold.h"
#include "tables.h"
#include "utf8.h"

static uint64_t hash_word(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h ? h : 1;   /* 0 marks an empty slot */
}

static void set_insert(uint64_t *set, size_t mask, uint64_t h)
{
    size_t i = (size_t)h & mask;
    while (set[i] && set[i] != h) i = (i + 1) & mask;
    set[i] = h;
}

static int set_contains(const uint64_t *set, size_t mask, uint64_t h)
{
    size_t i = (size_t)h & mask;
    while (set[i]) {
        if (set[i] == h) return 1;
        i = (i + 1) & mask;
    }
    return 0;
}

winnow_error feature_tables_init(feature_tables *t)
{
    memset(t, 0, sizeof *t);
    size_t size = 64;
    while (size < 4 * tables_function_words_count) size *= 2;
    t->function_words = calloc(size, sizeof *t->function_words);
    if (!t->function_words) return WINNOW_ERR_NOMEM;
    t->mask = size - 1;
    wbuf folded;
    wbuf_init(&folded, 0);
    winnow_error e = WINNOW_OK;
    for (size_t i = 0; i < tables_function_words_count && !e; i++) {
        const char *w = tables_function_words[i];
        e = fold_line(w, strlen(w), &folded);
        /* folded is " word "; hash the word itself */
        if (!e && folded.len > 2)
            set_insert(t->function_words, t->mask,
                       hash_word(folded.data + 1, folded.len - 2));
    }
    wbuf_release(&folded);
    if (!e) e = cue_matcher_new(&t->cues);
    if (e) feature_tables_release(t);
    return e;
}

void feature_tables_release(feature_tables *t)
{
    if (!t) return;
    free(t->function_words);
    cue_matcher_free(t->cues);
    memset(t, 0, sizeof *t);
}

static int is_cjk(int32_t cp)
{
    return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FFFF);
}

static int is_sentence_end(int32_t cp)
{
    return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 /* … */ ||
           cp == 0x3002 /* 。 */ || cp == 0xFF01 || cp == 0xFF1F ||
           cp == 0x0964 /* । */ || cp == 0x061F /* ؟ */;
}

static int is_closing_quote(int32_t cp)
{
    return cp == '"' || cp == '\'' || cp == ')' || cp == ']' ||
           cp == 0x201D || cp == 0x2019 || cp == 0x00BB || cp == 0x300D;
}

static int is_opening_quote(int32_t cp)
{
    return cp == '"' || cp == 0x201C || cp == 0x201E || cp == 0x00AB ||
           cp == 0x2018 || cp == 0x300C;
}

static int is_bullet(int32_t cp)
{
    return cp == '-' || cp == '*' || cp == '>' || cp == '|' || cp == '+' ||
           cp == 0x2022 || cp == 0x00B7 || cp == 0x25CF || cp == 0x25AA ||
           cp == 0x2013 || cp == 0x2014 || cp == 0x00BB || cp == 0x203A ||
           cp == 0x25BA || cp == 0x2192;
}

/* Does s[0..len) contain the C string `needle`? */
static int contains(const char *s, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    const char *end = s + len;
    while (len >= n) {
        const char *p = memchr(s, needle[0], len - n + 1);
        if (!p) return 0;
        if (memcmp(p, needle, n) == 0) return 1;
        s = p + 1;
        len = (size_t)(end - s);
    }
    return 0;
}

/* The shape pass over the raw line. */
static void measure_shape(const char *line, size_t len, line_features *f)
{
    const unsigned char *s = (const unsigned char *)line;
    size_t i = 0;
    int32_t prev = ' ', last_mark = 0, first = 0;
    int32_t before_last = 0;
    int at_word_start = 1;
    while (i < len) {
        int32_t cp;
        if (s[i] < 0x80) cp = s[i++];
        else cp = utf8_next(s, len, &i);
        if (!first) first = cp;
        f->chars++;
        if (cp < 0x80) {
            if (cp >= 'a' && cp <= 'z') {
                f->letters++;
            } else if (cp >= 'A' && cp <= 'Z') {
                f->letters++;
                f->upper++;
                if (at_word_start) f->capitalized++;
            } else if (cp >= '0' && cp <= '9') {
                f->digits++;
            } else if (cp != ' ' && cp != '\t') {
                f->punct++;
            }
        } else if (is_cjk(cp)) {
            f->cjk++;
            f->letters++;
        } else {
            utf8proc_category_t c = utf8proc_category(cp);
            if (c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT) {
                f->letters++;
                f->upper++;
                if (at_word_start) f->capitalized++;
            } else if (c >= UTF8PROC_CATEGORY_LL && c <= UTF8PROC_CATEGORY_LO) {
                f->letters++;
            } else if (c == UTF8PROC_CATEGORY_ND) {
                f->digits++;
            } else if (c >= UTF8PROC_CATEGORY_PC && c <= UTF8PROC_CATEGORY_SO) {
                f->punct++;
            }
        }
        if (is_sentence_end(prev) && (cp == ' ')) f->sentence_marks++;
        at_word_start = cp == ' ' || cp == '\t' || is_opening_quote(cp) ||
                        cp == '(';
        if (cp != ' ' && cp != '\t') {
            before_last = last_mark;
            last_mark = cp;
        }
        prev = cp;
    }
    int32_t end = last_mark;
    if (is_closing_quote(end) && before_last) end = before_last;
    f->ends_sentence = (unsigned char)is_sentence_end(end);
    f->ends_colon = last_mark == ':' || last_mark == 0xFF1A;
    f->ends_comma = last_mark == ',';
    if (first) {
        if (first < 0x80) {
            f->starts_upper = first >= 'A' && first <= 'Z';
            f->starts_lower = first >= 'a' && first <= 'z';
        } else {
            utf8proc_category_t c = utf8proc_category(first);
            f->starts_upper = c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
            f->starts_lower = c == UTF8PROC_CATEGORY_LL;
        }
        f->starts_bullet = (unsigned char)is_bullet(first);
        f->in_quotes = (unsigned char)is_opening_quote(first);
    }
    f->has_url = contains(line, len, "http://") || contains(line, len, "https://") ||
                 contains(line, len, "www.");
    const char *at = memchr(line, '@', len);
    f->has_email = at && at > line && at + 1 < line + len && at[1] != ' ' &&
                   at[-1] != ' ';
}

winnow_error features_measure(const feature_tables *t, const char *line,
                              size_t len, wbuf *scratch, line_features *f)
{
    memset(f, 0, sizeof *f);
    measure_shape(line, len, f);
    winnow_error e = fold_line(line, len, scratch);
    if (e) return e;
    const char *w = scratch->data, *end = scratch->data + scratch->len;
    while (w < end) {
        while (w < end && *w == ' ') w++;
        const char *we = w;
        while (we < end && *we != ' ') we++;
        if (we > w) {
            f->words++;
            if (set_contains(t->function_words, t->mask, hash_word(w, (size_t)(we - w))))
                f->function_words++;
        }
        w = we;
    }
    cue_matcher_scan(t->cues, scratch->data, scratch->len, &f->cue);
    return WINNOW_OK;
}
