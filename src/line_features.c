/* line_features.c -- per-line measurements (see line_features.h).
 *
 * Two passes over a line: one over its bytes for the shape (16 ASCII
 * bytes at a time, other code points through utf8proc's category), and
 * one over its folded form (fold.h) for words: each word is hashed once
 * (word_hash.h) and looked up once in the lexicon, which says whether it
 * is a function word, a date or URL word, and which cue phrase word it
 * is (the cue automaton, cues.h, is stepped on those).  Built once per
 * context; lookups never allocate.
 */
#include "line_features.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#if defined(__SSE2__) && !defined(WINNOW_NO_SIMD)
#include <emmintrin.h>
#endif

#include "fold.h"
#include "tables.h"
#include "utf8.h"
#include "word_hash.h"

/* Lines longer than this are measured on a prefix of this many bytes. */
#define MEASURE_BYTES 320
/* Lines longer than this are not compared with the title. */
#define TITLE_MATCH_BYTES 400

/* The WORD_ bits of the word with hash h (0: a word the lexicon does
 * not know). */
static unsigned lexicon_find(const feature_tables *t, uint64_t h)
{
    size_t i = (size_t)h & t->word_mask;
    while (t->word_hash[i]) {
        if (t->word_hash[i] == h) return t->word_info[i];
        i = (i + 1) & t->word_mask;
    }
    return 0;
}

/* Adds `bits` to the word with hash h. */
static void lexicon_add(feature_tables *t, uint64_t h, unsigned bits)
{
    size_t i = (size_t)h & t->word_mask;
    while (t->word_hash[i] && t->word_hash[i] != h) i = (i + 1) & t->word_mask;
    t->word_hash[i] = h;
    t->word_info[i] |= (uint16_t)bits;
}

/* Adds `bits` to the folded forms of words[0..n). */
static winnow_error lexicon_add_words(feature_tables *t, const char *const *words,
                                      size_t n, unsigned bits, wbuf *folded)
{
    for (size_t i = 0; i < n; i++) {
        winnow_error e = fold_line(words[i], strlen(words[i]), folded);
        if (e) return e;
        /* folded is " word "; hash the word itself */
        if (folded->len > 2)
            lexicon_add(t, word_hash(folded->data + 1, folded->len - 2), bits);
    }
    return WINNOW_OK;
}

winnow_error feature_tables_init(feature_tables *t)
{
    memset(t, 0, sizeof *t);
    winnow_error e = cue_matcher_new(&t->cues);
    if (e) return e;
    const uint64_t *cue_words;
    size_t n_cue_words = cue_matcher_words(t->cues, &cue_words);
    static const char *const url_words[3] = {"http", "https", "www"};
    const size_t words = tables_function_words_count + tables_date_words_count +
                         n_cue_words + 3;
    size_t size = 64;
    while (size < 4 * words) size *= 2;   /* mostly empty: short probes */
    t->word_mask = size - 1;
    t->word_hash = calloc(size, sizeof *t->word_hash);
    t->word_info = calloc(size, sizeof *t->word_info);
    if (!t->word_hash || !t->word_info) e = WINNOW_ERR_NOMEM;
    wbuf folded;
    wbuf_init(&folded, 0);
    if (!e) e = lexicon_add_words(t, tables_function_words, tables_function_words_count,
                                  WORD_FUNCTION, &folded);
    if (!e) e = lexicon_add_words(t, tables_date_words, tables_date_words_count,
                                  WORD_DATE, &folded);
    if (!e) e = lexicon_add_words(t, url_words, 3, WORD_URL, &folded);
    wbuf_release(&folded);
    for (size_t k = 0; !e && k < n_cue_words; k++)   /* ids below CUE_WORDS_MAX */
        lexicon_add(t, cue_words[k], (unsigned)(k + 1) & WORD_CUE_ID);
    if (e) feature_tables_release(t);
    return e;
}

void feature_tables_release(feature_tables *t)
{
    if (!t) return;
    free(t->word_hash);
    free(t->word_info);
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

/* Classes of ASCII bytes for the shape pass. */
enum {
    C_LOWER = 1, C_UPPER = 2, C_DIGIT = 4, C_SPACE = 8, C_PUNCT = 16,
    C_END = 32,     /* . ! ? */
    C_OPEN = 64     /* a word may start after it: space, quote, bracket */
};

/* ascii_class[c]: the class bits of ASCII byte c (letters, digits,
 * space and tab, punctuation; . ! ? end sentences; space, tab, " ( [
 * may precede the start of a word). */
static const unsigned char ascii_class[128] = {
     0,  0,  0,  0,  0,  0,  0,  0,  0, 72,  0,  0,  0,  0,  0,  0,
     0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    72, 48, 80, 16, 16, 16, 16, 16, 80, 16, 16, 16, 16, 16, 48, 16,
     4,  4,  4,  4,  4,  4,  4,  4,  4,  4, 16, 16, 16, 16, 16, 48,
    16,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2,
     2,  2,  2,  2,  2,  2,  2,  2,  2,  2,  2, 80, 16, 16, 16, 16,
    16,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,
     1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1, 16, 16, 16, 16,  0,
};

/* Generated from the class bits above (see measure_shape). */
static const uint64_t shape_lanes[128] = {
    0x0000000000000000ULL, 0x0000000000000001ULL, 0x0000000000010000ULL, 0x0000000000010001ULL,
    0x0000000100000000ULL, 0x0000000100000001ULL, 0x0000000100010000ULL, 0x0000000100010001ULL,
    0x0000000000000000ULL, 0x0000000000000001ULL, 0x0000000000010000ULL, 0x0000000000010001ULL,
    0x0000000100000000ULL, 0x0000000100000001ULL, 0x0000000100010000ULL, 0x0000000100010001ULL,
    0x0001000000000000ULL, 0x0001000000000001ULL, 0x0001000000010000ULL, 0x0001000000010001ULL,
    0x0001000100000000ULL, 0x0001000100000001ULL, 0x0001000100010000ULL, 0x0001000100010001ULL,
    0x0001000000000000ULL, 0x0001000000000001ULL, 0x0001000000010000ULL, 0x0001000000010001ULL,
    0x0001000100000000ULL, 0x0001000100000001ULL, 0x0001000100010000ULL, 0x0001000100010001ULL,
    0x0000000000000000ULL, 0x0000000000000001ULL, 0x0000000000010000ULL, 0x0000000000010001ULL,
    0x0000000100000000ULL, 0x0000000100000001ULL, 0x0000000100010000ULL, 0x0000000100010001ULL,
    0x0000000000000000ULL, 0x0000000000000001ULL, 0x0000000000010000ULL, 0x0000000000010001ULL,
    0x0000000100000000ULL, 0x0000000100000001ULL, 0x0000000100010000ULL, 0x0000000100010001ULL,
    0x0001000000000000ULL, 0x0001000000000001ULL, 0x0001000000010000ULL, 0x0001000000010001ULL,
    0x0001000100000000ULL, 0x0001000100000001ULL, 0x0001000100010000ULL, 0x0001000100010001ULL,
    0x0001000000000000ULL, 0x0001000000000001ULL, 0x0001000000010000ULL, 0x0001000000010001ULL,
    0x0001000100000000ULL, 0x0001000100000001ULL, 0x0001000100010000ULL, 0x0001000100010001ULL,
    0x0000000000000000ULL, 0x0000000000000001ULL, 0x0000000000010000ULL, 0x0000000000010001ULL,
    0x0000000100000000ULL, 0x0000000100000001ULL, 0x0000000100010000ULL, 0x0000000100010001ULL,
    0x0000000000000000ULL, 0x0000000000000001ULL, 0x0000000000010000ULL, 0x0000000000010001ULL,
    0x0000000100000000ULL, 0x0000000100000001ULL, 0x0000000100010000ULL, 0x0000000100010001ULL,
    0x0001000000000000ULL, 0x0001000000000001ULL, 0x0001000000010000ULL, 0x0001000000010001ULL,
    0x0001000100000000ULL, 0x0001000100000001ULL, 0x0001000100010000ULL, 0x0001000100010001ULL,
    0x0001000000000000ULL, 0x0001000000000001ULL, 0x0001000000010000ULL, 0x0001000000010001ULL,
    0x0001000100000000ULL, 0x0001000100000001ULL, 0x0001000100010000ULL, 0x0001000100010001ULL,
    0x0000000000000000ULL, 0x0000000000000001ULL, 0x0000000000010000ULL, 0x0000000000010001ULL,
    0x0000000100000000ULL, 0x0000000100000001ULL, 0x0000000100010000ULL, 0x0000000100010001ULL,
    0x0000000000000000ULL, 0x0000000000000001ULL, 0x0000000000010000ULL, 0x0000000000010001ULL,
    0x0000000100000000ULL, 0x0000000100000001ULL, 0x0000000100010000ULL, 0x0000000100010001ULL,
    0x0001000000000000ULL, 0x0001000000000001ULL, 0x0001000000010000ULL, 0x0001000000010001ULL,
    0x0001000100000000ULL, 0x0001000100000001ULL, 0x0001000100010000ULL, 0x0001000100010001ULL,
    0x0001000000000000ULL, 0x0001000000000001ULL, 0x0001000000010000ULL, 0x0001000000010001ULL,
    0x0001000100000000ULL, 0x0001000100000001ULL, 0x0001000100010000ULL, 0x0001000100010001ULL,
};
static const uint64_t shape_pairs[128] = {
    0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
    0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
    0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
    0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
    0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
    0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
    0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
    0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
    0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
    0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
    0x0000000000010000ULL, 0x0000000000010000ULL, 0x0000000000010000ULL, 0x0000000000010000ULL,
    0x0000000000010000ULL, 0x0000000000010000ULL, 0x0000000000010000ULL, 0x0000000000010000ULL,
    0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
    0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL,
    0x0000000000010000ULL, 0x0000000000010000ULL, 0x0000000000010000ULL, 0x0000000000010000ULL,
    0x0000000000010000ULL, 0x0000000000010000ULL, 0x0000000000010000ULL, 0x0000000000010000ULL,
    0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000001ULL, 0x0000000000000001ULL,
    0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000001ULL, 0x0000000000000001ULL,
    0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000001ULL, 0x0000000000000001ULL,
    0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000001ULL, 0x0000000000000001ULL,
    0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000001ULL, 0x0000000000000001ULL,
    0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000001ULL, 0x0000000000000001ULL,
    0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000001ULL, 0x0000000000000001ULL,
    0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000001ULL, 0x0000000000000001ULL,
    0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000001ULL, 0x0000000000000001ULL,
    0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000001ULL, 0x0000000000000001ULL,
    0x0000000000010000ULL, 0x0000000000010000ULL, 0x0000000000010001ULL, 0x0000000000010001ULL,
    0x0000000000010000ULL, 0x0000000000010000ULL, 0x0000000000010001ULL, 0x0000000000010001ULL,
    0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000001ULL, 0x0000000000000001ULL,
    0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000001ULL, 0x0000000000000001ULL,
    0x0000000000010000ULL, 0x0000000000010000ULL, 0x0000000000010001ULL, 0x0000000000010001ULL,
    0x0000000000010000ULL, 0x0000000000010000ULL, 0x0000000000010001ULL, 0x0000000000010001ULL,
};

/* The class bits of a non-ASCII code point. */
static unsigned unicode_class(int32_t cp, line_features *f)
{
    if (is_cjk(cp)) {
        f->cjk++;
        return C_LOWER;
    }
    unsigned cls;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LT: cls = C_UPPER; break;
    case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: cls = C_LOWER; break;
    case UTF8PROC_CATEGORY_ND: cls = C_DIGIT; break;
    case UTF8PROC_CATEGORY_ZS: cls = C_SPACE | C_OPEN; break;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME: cls = 0; break;
    default: cls = C_PUNCT; break;
    }
    if (is_sentence_end(cp)) cls |= C_END;
    if (is_opening_quote(cp)) cls |= C_OPEN;
    return cls;
}

/* The last code point of s[0..*end), moving *end back over it. */
static int32_t prev_code_point(const unsigned char *s, size_t *end)
{
    size_t i = *end;
    if (i == 0) return 0;
    size_t start = i - 1;
    while (start > 0 && i - start < 4 && (s[start] & 0xC0) == 0x80) start--;
    size_t k = start;
    int32_t cp = utf8_next(s, i, &k);
    *end = start;
    return cp;
}

/* One character of the shape pass: its class counted in *counts, its
 * pairing with the character before in *context (see measure_shape). */
static inline void shape_step(const unsigned char *s, size_t len, size_t *i,
                              line_features *f, uint64_t *counts,
                              uint64_t *context, unsigned *prev)
{
    unsigned cls;
    if (s[*i] < 0x80) cls = ascii_class[s[(*i)++]];
    else cls = unicode_class(utf8_next(s, len, i), f);
    *counts += shape_lanes[cls];
    *context += shape_pairs[(*prev & (C_OPEN | C_END)) | (cls & (C_UPPER | C_SPACE))];
    *prev = cls;
}

#if defined(__SSE2__) && !defined(WINNOW_NO_SIMD)
/* Byte counters of the SSE2 shape pass: each lane of each vector counts
 * one byte position of the 16-byte blocks, so a lane overflows after 255
 * blocks; a measured prefix has at most MEASURE_BYTES / 16 + 1. */
typedef struct shape_vectors {
    __m128i lower, upper, digit, punct, capitalized, sentence;
} shape_vectors;

static unsigned long long vector_sum(__m128i v)
{
    __m128i s = _mm_sad_epu8(v, _mm_setzero_si128());
    return (unsigned long long)_mm_cvtsi128_si32(s) +
           (unsigned long long)_mm_cvtsi128_si32(_mm_srli_si128(s, 8));
}

static __m128i in_range(__m128i v, char lo, char hi)
{
    return _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8((char)(lo - 1))),
                         _mm_cmplt_epi8(v, _mm_set1_epi8((char)(hi + 1))));
}

/* Counts the classes of 16 ASCII bytes, as ascii_class and the two
 * tables below would one by one; *prev is the class of the character
 * before the block, then of the block's last byte (`last`). */
static void shape_block(__m128i v, shape_vectors *acc, unsigned *prev,
                        unsigned char last)
{
    __m128i lower = in_range(v, 'a', 'z'), upper = in_range(v, 'A', 'Z');
    __m128i digit = in_range(v, '0', '9');
    __m128i space = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')),
                                 _mm_cmpeq_epi8(v, _mm_set1_epi8('\t')));
    __m128i printable = in_range(v, '!', '~');
    __m128i alnum = _mm_or_si128(_mm_or_si128(lower, upper), digit);
    __m128i punct = _mm_andnot_si128(alnum, printable);
    __m128i end = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')),
                                            _mm_cmpeq_epi8(v, _mm_set1_epi8('!'))),
                               _mm_cmpeq_epi8(v, _mm_set1_epi8('?')));
    __m128i open = _mm_or_si128(
        _mm_or_si128(space, _mm_cmpeq_epi8(v, _mm_set1_epi8('"'))),
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('(')),
                     _mm_cmpeq_epi8(v, _mm_set1_epi8('['))));
    /* the classes of the previous characters: shifted one byte, with the
     * character before the block in byte 0 */
    __m128i open_before = _mm_or_si128(_mm_slli_si128(open, 1),
        _mm_cvtsi32_si128((*prev & C_OPEN) ? 0xFF : 0));
    __m128i end_before = _mm_or_si128(_mm_slli_si128(end, 1),
        _mm_cvtsi32_si128((*prev & C_END) ? 0xFF : 0));
    /* a comparison gives -1 per true byte: subtracting counts it */
    acc->lower = _mm_sub_epi8(acc->lower, lower);
    acc->upper = _mm_sub_epi8(acc->upper, upper);
    acc->digit = _mm_sub_epi8(acc->digit, digit);
    acc->punct = _mm_sub_epi8(acc->punct, punct);
    acc->capitalized = _mm_sub_epi8(acc->capitalized, _mm_and_si128(upper, open_before));
    acc->sentence = _mm_sub_epi8(acc->sentence, _mm_and_si128(space, end_before));
    *prev = ascii_class[last];
}
#endif

/* The shape pass over the raw line: 16 ASCII bytes at a time with SSE2,
 * else one table lookup per ASCII byte. */
static void measure_shape(const char *line, size_t len, line_features *f)
{
    /* Counts live in 16-bit lanes of one 64-bit accumulator (a prefix is
     * at most MEASURE_BYTES long, so no lane overflows): one table load
     * and one add per character instead of a branch per category.
     * shape_lanes[class]: lower | upper << 16 | digit << 32 | punct << 48;
     * shape_pairs[(previous class & (OPEN|END)) | (class & (UPPER|SPACE))]:
     * a capitalized word start | a sentence end followed by space << 16. */
    const unsigned char *s = (const unsigned char *)line;
    uint64_t counts = 0, context = 0;
    unsigned prev = C_SPACE | C_OPEN, chars = 0;
    int32_t first = 0;
    size_t i = 0;
    if (len) {
        size_t k = 0;
        first = s[0] < 0x80 ? s[0] : utf8_next(s, len, &k);
    }
#if defined(__SSE2__) && !defined(WINNOW_NO_SIMD)
    shape_vectors acc;
    acc.lower = acc.upper = acc.digit = acc.punct = acc.capitalized =
        acc.sentence = _mm_setzero_si128();
    while (i < len) {
        __m128i v;
        size_t n = len - i;
        if (n >= 16) {
            v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            n = 16;
        } else {
            /* the last bytes, padded with NULs (class 0: counted nowhere) */
            unsigned char tail[16] = {0};
            memcpy(tail, s + i, n);
            v = _mm_loadu_si128((const __m128i *)(const void *)tail);
        }
        if (_mm_movemask_epi8(v) == 0) {
            shape_block(v, &acc, &prev, s[i + n - 1]);
            chars += (unsigned)n;
            i += n;
            continue;
        }
        /* a block with other code points: one by one, to its end */
        size_t stop = i + n;
        while (i < stop) {
            shape_step(s, len, &i, f, &counts, &context, &prev);
            chars++;
        }
    }
    counts += vector_sum(acc.lower) + (vector_sum(acc.upper) << 16) +
              (vector_sum(acc.digit) << 32) + (vector_sum(acc.punct) << 48);
    context += vector_sum(acc.capitalized) + (vector_sum(acc.sentence) << 16);
#else
    while (i < len) {
        shape_step(s, len, &i, f, &counts, &context, &prev);
        chars++;
    }
#endif
    f->chars = chars;
    f->upper = (unsigned)(counts >> 16 & 0xFFFF);
    f->letters = (unsigned)(counts & 0xFFFF) + f->upper;
    f->digits = (unsigned)(counts >> 32 & 0xFFFF);
    f->punct = (unsigned)(counts >> 48);
    f->capitalized = (unsigned)(context & 0xFFFF);
    f->sentence_marks = (unsigned)(context >> 16 & 0xFFFF);
    if (first) {
        if (first < 0x80) {
            f->starts_upper = first >= 'A' && first <= 'Z';
            f->starts_lower = first >= 'a' && first <= 'z';
            f->starts_number = first >= '0' && first <= '9';
        } else {
            utf8proc_category_t c = utf8proc_category(first);
            f->starts_upper = c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
            f->starts_lower = c == UTF8PROC_CATEGORY_LL;
            f->starts_number = c == UTF8PROC_CATEGORY_ND || c == UTF8PROC_CATEGORY_NO ||
                               (first >= 0x2150 && first <= 0x215F);   /* ½ ⅓ ... */
        }
        f->starts_bullet = (unsigned char)is_bullet(first);
        f->in_quotes = (unsigned char)is_opening_quote(first);
    }
    const char *at = memchr(line, '@', len);
    f->has_email = at && at > line && at + 1 < line + len && at[1] != ' ' &&
                   at[-1] != ' ';
}

/* How the line ends: the last mark, looking through closing quotes. */
static void measure_end(const char *line, size_t len, line_features *f)
{
    const unsigned char *s = (const unsigned char *)line;
    size_t end = len;
    int32_t last = prev_code_point(s, &end), mark = last;
    if (is_closing_quote(mark) && end > 0) mark = prev_code_point(s, &end);
    f->ends_sentence = (unsigned char)is_sentence_end(mark);
    f->ends_colon = last == ':' || last == 0xFF1A;
    f->ends_comma = last == ',';
}

static int digit(char c) { return c >= '0' && c <= '9'; }

/* Dates and times written with digits: 12:30, 2012-10-05, 05/10/2012,
 * 5.10.2012 (a month name next to a number is found by the word pass). */
static void measure_numbers(const char *s, size_t len, line_features *f)
{
    for (size_t i = 1; i + 2 < len; i++) {
        char c = s[i];
        /* most bytes are none of - . / : (0x2D-0x2F, 0x3A): two tests */
        if ((unsigned char)(c - '-') > 2 && c != ':') continue;
        if (c == ':' && digit(s[i - 1]) && digit(s[i + 1]) && digit(s[i + 2])) {
            f->has_time = 1;
        } else if ((c == '/' || c == '-' || c == '.') && digit(s[i - 1]) && digit(s[i + 1])) {
            /* digits, separator, digits, the same separator, digits */
            size_t j = i + 1;
            while (j < len && digit(s[j])) j++;
            if (j + 1 < len && s[j] == c && digit(s[j + 1])) f->has_date = 1;
        }
    }
}

/* Code points in valid UTF-8 s[0..len): the bytes that are not
 * continuation bytes. */
static unsigned count_chars(const char *s, size_t len)
{
    const uint64_t high = 0x8080808080808080ULL;
    size_t continuation = 0, i = 0;
    /* eight bytes at a time: a continuation byte has bit 7 set, bit 6 clear */
    for (; i + 8 <= len; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        uint64_t m = (x & high & ~(x << 1)) >> 7;   /* 1 in each such byte */
        continuation += (size_t)((m * 0x0101010101010101ULL) >> 56);
    }
    for (; i < len; i++) continuation += ((unsigned char)s[i] & 0xC0) == 0x80;
    return (unsigned)(len - continuation);
}

/* Multiplies the counts measured on a prefix by `scale`. */
static void scale_counts(line_features *f, double scale)
{
    unsigned *counts[] = {&f->words, &f->function_words, &f->letters, &f->upper,
                          &f->digits, &f->punct, &f->cjk, &f->sentence_marks,
                          &f->capitalized};
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
        *counts[i] = (unsigned)(*counts[i] * scale + 0.5);
}

void title_words_clear(title_words *t)
{
    memset(t, 0, sizeof *t);
}

/* The slot of hash h in the title's set: where it is, or the empty slot
 * where it would go. */
static size_t title_slot(const title_words *t, uint64_t h)
{
    size_t i = (size_t)h & (TITLE_SLOTS - 1);
    while (t->slot[i] && t->slot[i] != h) i = (i + 1) & (TITLE_SLOTS - 1);
    return i;
}

winnow_error features_measure(const feature_tables *t, const char *line,
                              size_t len, wbuf *scratch, line_features *f,
                              title_words *title, int collect)
{
    memset(f, 0, sizeof *f);
    /* A long line is measured on its first MEASURE_BYTES (cut on a
     * character boundary) and the counts scaled up: shares and densities
     * are as good, and the cost per line is bounded. */
    size_t m = len;
    if (m > MEASURE_BYTES) {
        m = MEASURE_BYTES;
        while (m > 0 && ((unsigned char)line[m] & 0xC0) == 0x80) m--;
    }
    measure_shape(line, m, f);
    measure_end(line, len, f);
    if (f->digits) measure_numbers(line, m, f);
    winnow_error e = fold_line(line, m, scratch);
    if (e) return e;
    int match_title = !collect && title && title->n && len <= TITLE_MATCH_BYTES;
    const char *w = scratch->data, *end = scratch->data + scratch->len;
    cue_scan cues;
    cue_scan_begin(&cues, t->cues, scratch->data, scratch->len, &f->cue);
    /* counted in locals: a store through f could alias the folded bytes,
     * which would make the compiler store and reload on every word */
    unsigned words = 0, function_words = 0, title_hits = 0;
    int url = 0, date = 0;
    const int digits = f->digits != 0;
    while (w < end) {
        while (w < end && *w == ' ') w++;
        if (w == end) break;
        uint64_t h;
        const char *we = word_hash_next(w, &h);
        const unsigned info = lexicon_find(t, h);
        words++;
        if (info & WORD_FUNCTION) function_words++;
        else if (info & WORD_URL) url = 1;
        else if (digits && (info & WORD_DATE)) date = 1;
        cue_scan_word(&cues, info & WORD_CUE_ID, (size_t)(we - scratch->data));
        if (collect && title && title->n < TITLE_WORDS_MAX) {
            title->n++;
            title->slot[title_slot(title, h)] = h;
        } else if (match_title) {
            title_hits += title->slot[title_slot(title, h)] == h;
        }
        w = we;
    }
    f->words = words;
    f->function_words = function_words;
    f->title_hits = (unsigned short)title_hits;
    f->has_url |= (unsigned char)url;
    f->has_date |= (unsigned char)date;
    if (m < len) {
        scale_counts(f, (double)len / (double)m);
        f->chars = count_chars(line, len);
    }
    return WINNOW_OK;
}
