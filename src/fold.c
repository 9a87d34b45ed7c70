/* fold.c -- case folding and word separation for matching (see fold.h).
 *
 * ASCII goes through a 256-entry table (letter -> lower case, digit ->
 * itself, anything else -> space).  A non-ASCII code point is looked up
 * in utf8proc: letters are lower-cased, numbers and marks kept,
 * punctuation, symbols and separators become a space.  Runs of spaces
 * collapse, so the output never holds two spaces in a row.  With SSE2,
 * 16 ASCII bytes are folded at once and only blocks where two spaces
 * meet are compacted byte by byte.
 */
#include "fold.h"

#include <string.h>
#include <utf8proc.h>

#include "utf8.h"

#if defined(__SSE2__) && !defined(WINNOW_NO_SIMD)
#include <emmintrin.h>
#define FOLD_SSE2 1
#endif

static const unsigned char ascii_fold[128] = {
#define SP ' '
    SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP,
    SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP,
    SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP, SP,
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', SP, SP, SP, SP, SP, SP,
    SP, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', SP, SP, SP, SP, SP,
    SP, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', SP, SP, SP, SP, SP,
#undef SP
};

/* Is code point cp part of a word (letter, mark or number)? */
static int is_word_char(utf8proc_int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return 1;
    default:
        return 0;
    }
}

#ifdef FOLD_SSE2
static __m128i in_range(__m128i v, char lo, char hi)
{
    return _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8((char)(lo - 1))),
                         _mm_cmplt_epi8(v, _mm_set1_epi8((char)(hi + 1))));
}

/* Folds the 16 bytes at u, if all are ASCII, onto o[n..] (o[n - 1] is
 * the last byte written, never absent: the output starts with a space);
 * returns the new length of the output, or 0 when the block holds other
 * code points (nothing is written then). */
static size_t fold_block(const unsigned char *u, char *o, size_t n)
{
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)u);
    if (_mm_movemask_epi8(v)) return 0;
    __m128i upper = in_range(v, 'A', 'Z');
    __m128i word = _mm_or_si128(_mm_or_si128(in_range(v, 'a', 'z'), upper),
                                in_range(v, '0', '9'));
    __m128i lowered = _mm_or_si128(v, _mm_and_si128(upper, _mm_set1_epi8(0x20)));
    __m128i f = _mm_or_si128(_mm_and_si128(word, lowered),
                             _mm_andnot_si128(word, _mm_set1_epi8(' ')));
    _mm_storeu_si128((__m128i *)(void *)(o + n), f);
    unsigned space = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(f, _mm_set1_epi8(' ')));
    unsigned doubled = space & ((space << 1) | (o[n - 1] == ' '));
    if (!doubled) return n + 16;
    /* compact in place from the first space that follows a space: the
     * write position never passes the read position */
    size_t k = (size_t)__builtin_ctz(doubled), read = n + k;
    n += k;
    for (; k < 16; k++, read++) {
        char c = o[read];
        if (c != ' ' || o[n - 1] != ' ') o[n++] = c;
    }
    return n;
}
#endif

winnow_error fold_line(const char *s, size_t len, wbuf *out)
{
    wbuf_reset(out);
    /* Worst case: every byte separated by a space, plus both ends; a
     * lower-cased code point never needs more than 4 bytes. */
    winnow_error e = wbuf_reserve(out, 2 * len + 8 + FOLD_PADDING);
    if (e) return e;
    char *o = out->data;
    size_t n = 0;
    o[n++] = ' ';
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
#ifdef FOLD_SSE2
        if (len - i >= 16) {
            size_t folded = fold_block(u + i, o, n);
            if (folded) {
                n = folded;
                i += 16;
                continue;
            }
        }
#endif
        unsigned char c = u[i];
        if (c < 0x80) {
            unsigned char f = ascii_fold[c];
            if (f != ' ' || o[n - 1] != ' ') o[n++] = (char)f;
            i++;
            continue;
        }
        size_t start = i;
        int32_t cp = utf8_next(u, len, &i);
        if (cp == 0x00A9 /* © */ || !is_word_char(cp)) {
            if (cp == 0x00A9) {
                if (o[n - 1] != ' ') o[n++] = ' ';
                o[n++] = (char)0xC2; o[n++] = (char)0xA9;
                o[n++] = ' ';
            } else if (o[n - 1] != ' ') {
                o[n++] = ' ';
            }
            continue;
        }
        /* dotless i (Turkish, Azeri) folds like i: "YAZI" lower-cases to
         * "yazi" outside a Turkish locale, and must match "yazı" */
        utf8proc_int32_t lower = cp == 0x0131 ? 'i' : utf8proc_tolower(cp);
        if (lower == cp) {
            for (size_t k = start; k < i; k++) o[n++] = (char)u[k];
        } else {
            utf8proc_uint8_t tmp[4];
            utf8proc_ssize_t m = utf8proc_encode_char(lower, tmp);
            for (utf8proc_ssize_t k = 0; k < m; k++) o[n++] = (char)tmp[k];
        }
    }
    if (o[n - 1] != ' ') o[n++] = ' ';
    memset(o + n, ' ', FOLD_PADDING);   /* not counted in len */
    out->len = n;
    return WINNOW_OK;
}
