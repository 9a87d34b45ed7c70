/* tidy.c -- line endings, spaces, invisible and control characters.
 *
 * One pass over valid UTF-8.  The fast path copies a run of "ordinary"
 * characters in one append: printable ASCII, single spaces between them,
 * and every non-ASCII character that no rule touches (recognized from its
 * first two or three bytes).  Everything else goes through the slow path,
 * which decodes one character and classifies it as a line break, a
 * space, a removable character, ZWJ/ZWNJ (kept or removed by context),
 * or content.
 *
 * Spaces and line breaks are never written when seen: a space is pending
 * until content follows on the same line (so trailing spaces vanish and
 * runs collapse), line breaks are counted until content follows (at most
 * two are written, none before the first content), and the text gets its
 * final "\n" at the end.  The output is never longer than the input plus
 * one byte, and what has been written never outruns what has been read
 * (a space or a line break is written only for one read), so the whole
 * output is reserved once and written with plain stores and memcpy.
 * A line feed, the commonest character after the ordinary ones, has its
 * own short path.
 */
#include "tidy.h"
#include "utf8.h"

#include <assert.h>
#include <stdint.h>
#include <string.h>
#include <utf8proc.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

typedef struct tidy_state {
    char *out;                  /* reserved for the whole output */
    size_t len;                 /* bytes written */
    unsigned pending_newlines;  /* line breaks since the last content */
    int pending_space;          /* a space after content on this line */
    int line_has_content;
} tidy_state;

/* What the slow path does with a character. */
enum tidy_class {
    TC_CONTENT,
    TC_SPACE,
    TC_NEWLINE,
    TC_REMOVE,
    TC_ZWJ,
    TC_ZWNJ
};

static inline int is_graph_ascii(unsigned char b)
{
    return b >= 0x21 && b <= 0x7E;
}

/* Length of the non-ASCII character at s[0..avail) when no rule touches
 * it, else 0.  Mirrors classify() for everything above U+007F.  (A
 * sequence cut short by the end of the input, impossible in valid UTF-8,
 * gives 0 so that no read goes past the end.) */
static inline size_t ordinary_nonascii(const unsigned char *s, size_t avail)
{
    const unsigned char b = s[0];
    if (b < 0xC2) return 0;                 /* not a lead byte (or ASCII) */
    if (b < 0xE0) {
        if (avail < 2) return 0;
        if (b == 0xC2 && (s[1] <= 0x9F || s[1] == 0xA0 || s[1] == 0xAD))
            return 0;                       /* C1, NEL, NBSP, soft hyphen */
        return 2;
    }
    if (b < 0xF0) {
        if (avail < 3) return 0;
        if (b == 0xE1) {                    /* U+1680, U+180E */
            if ((s[1] == 0x9A && s[2] == 0x80) ||
                (s[1] == 0xA0 && s[2] == 0x8E))
                return 0;
        } else if (b == 0xE2) {
            if (s[1] == 0x80) {             /* U+2000..U+203F */
                const unsigned char c = s[2];
                if (c <= 0x8D || c == 0xA8 || c == 0xA9 || c == 0xAF)
                    return 0;
            } else if (s[1] == 0x81) {      /* U+205F, U+2060..U+2064 */
                if (s[2] >= 0x9F && s[2] <= 0xA4) return 0;
            }
        } else if (b == 0xE3) {             /* U+3000 */
            if (s[1] == 0x80 && s[2] == 0x80) return 0;
        } else if (b == 0xEF) {             /* U+FEFF */
            if (s[1] == 0xBB && s[2] == 0xBF) return 0;
        }
        return 3;
    }
    return avail < 4 ? 0 : 4;
}

#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define TIDY_WORDS 1
#define ONES UINT64_C(0x0101010101010101)
#define HIGH UINT64_C(0x8080808080808080)

/* Bytes of the 8 at s (bit 7 of each byte) that the word loop cannot
 * pass by itself: controls, DEL and non-ASCII bytes, the first of two
 * spaces, and a space in the last byte (what follows it decides: the
 * caller looks at it).  Exact per byte: no test carries into the next
 * byte. */
static inline uint64_t word_stops(const unsigned char *s)
{
    uint64_t w;
    memcpy(&w, s, 8);
    const uint64_t low = w & ~HIGH;
    const uint64_t ctl = ~(low + 0x60 * ONES) & ~w & HIGH;     /* < 0x20 */
    const uint64_t top = ((low + ONES) | w) & HIGH;            /* >= 0x7F */
    const uint64_t x = w ^ (0x20 * ONES);
    const uint64_t sp = ~(((x & ~HIGH) + 0x7F * ONES) | x) & HIGH;  /* ' ' */
    return ctl | top | (sp & sp >> 8) | (sp & (HIGH << 56));
}
#endif

#ifdef TIDY_WORDS
#if defined(__SSE2__)
#define TIDY_SSE2 1

/* word_stops() for the 16 bytes at s, one bit per byte (bit k: s[k]). */
static inline unsigned word_stops16(const unsigned char *s)
{
    const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
    /* signed: below 0x20 are the controls and every byte >= 0x80 */
    const __m128i odd = _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
                                     _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F)));
    const unsigned sp = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')));
    return (unsigned)_mm_movemask_epi8(odd) | (sp & sp >> 1) | (sp & 0x8000u);
}
#endif

/* Passes whole words of printable ASCII and single spaces from s[j],
 * whose previous byte (if in the run) is not a space; returns where the
 * byte loop must look.  A space in a word's last byte is passed when the
 * byte after the word is printable ASCII (the loops keep one byte more
 * than the word in view).  16 bytes at a time with SSE2, else 8. */
static inline size_t pass_words(const unsigned char *s, size_t len, size_t j)
{
#ifdef TIDY_SSE2
    while (len - j >= 17) {
        unsigned stops = word_stops16(s + j);
        if (stops == 0x8000u && s[j + 15] == ' ' && is_graph_ascii(s[j + 16]))
            stops = 0;
        if (stops) {
            size_t k = (size_t)__builtin_ctz(stops);
            if (k && s[j + k - 1] == ' ') k--;
            return j + k;
        }
        j += 16;
    }
#endif
    while (len - j >= 9) {
        uint64_t stops = word_stops(s + j);
        if (stops == (HIGH << 56) && s[j + 7] == ' ' && is_graph_ascii(s[j + 8]))
            stops = 0;
        if (stops) {
            /* the bytes before the first stop are ordinary, but for a
             * space just before it, which depends on the stop */
            size_t k = (size_t)__builtin_ctzll(stops) >> 3;
            if (k && s[j + k - 1] == ' ') k--;
            return j + k;
        }
        j += 8;
    }
    return j;
}
#endif

/* End of the run of ordinary characters that starts at s[i] (i itself
 * when s[i] is not ordinary).  A space belongs to the run only between
 * two ordinary characters, so runs hold no leading, trailing or double
 * spaces.  Printable ASCII and single spaces are passed 8 bytes at a
 * time (pass_words()); the byte loop takes the bytes that need a look,
 * and hands back to the word loop when ASCII follows. */
static size_t ordinary_run(const unsigned char *s, size_t len, size_t i)
{
    size_t j = i;
#ifdef TIDY_WORDS
    if (len - j >= 9 && s[j] != ' ' && (s[j] | s[j + 1]) < 0x80)
        j = pass_words(s, len, j);
#endif
    while (j < len) {
        const unsigned char b = s[j];
        if (is_graph_ascii(b)) {
            j++;
        } else if (b == ' ') {
            if (j == i || j + 1 >= len) break;
            const unsigned char c = s[j + 1];
            if (is_graph_ascii(c)) {
                j += 2;
            } else if (c >= 0x80) {
                const size_t n = ordinary_nonascii(s + j + 1, len - j - 1);
                if (!n) break;
                j += 1 + n;
            } else {
                break;
            }
        } else if (b >= 0x80) {
            const size_t n = ordinary_nonascii(s + j, len - j);
            if (!n) break;
            j += n;
        } else {
            break;
        }
#ifdef TIDY_WORDS
        /* s[j - 1] is ordinary and not a space here */
        if (len - j >= 9 && (s[j] | s[j + 1]) < 0x80) j = pass_words(s, len, j);
#endif
    }
    return j;
}


static enum tidy_class classify(int32_t c)
{
    switch (c) {
    case '\n': case 0x85: case 0x2028: case 0x2029:
        return TC_NEWLINE;
    case ' ': case '\t': case 0xA0: case 0x1680: case 0x202F: case 0x205F:
    case 0x3000:
        return TC_SPACE;
    case 0xAD: case 0x180E: case 0x200B: case 0x2060: case 0xFEFF:
    /* the invisible operators of mathematics (function application,
     * times, separator, plus): nothing to see either way, and U+2063 is
     * how social-media text holds its blank lines open */
    case 0x2061: case 0x2062: case 0x2063: case 0x2064:
        return TC_REMOVE;
    case 0x200C:
        return TC_ZWNJ;
    case 0x200D:
        return TC_ZWJ;
    default:
        break;
    }
    if (c >= 0x2000 && c <= 0x200A) return TC_SPACE;
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) return TC_REMOVE;
    return TC_CONTENT;
}

/* Scripts and symbols next to which a ZWJ carries meaning: emoji
 * (including skin tones and VS16) and Indic and Arabic letters. */
static int joins_with_zwj(int32_t c)
{
    return (c >= 0x1F000 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF) ||
           c == 0xFE0F || (c >= 0x0900 && c <= 0x0DFF) ||
           (c >= 0x0600 && c <= 0x06FF);
}

static int is_letter_or_mark(int32_t c)
{
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
        return 1;
    default:
        return 0;
    }
}

/* The last character written on the current line, or -1 when the line
 * has none or a space is pending after it. */
static int32_t previous_char(const tidy_state *st)
{
    if (!st->line_has_content || st->pending_space) return -1;
    const unsigned char *d = (const unsigned char *)st->out;
    size_t k = st->len;
    do k--; while (k > 0 && (d[k] & 0xC0) == 0x80);
    return utf8_decode(d, st->len, &k);
}

/* Writes the pending line breaks or space before content. */
static inline void begin_content(tidy_state *st)
{
    if (st->pending_newlines) {
        if (st->len) {
            st->out[st->len++] = '\n';
            if (st->pending_newlines > 1) st->out[st->len++] = '\n';
        }
        st->pending_newlines = 0;
    } else if (st->pending_space) {
        st->out[st->len++] = ' ';
        st->pending_space = 0;
    }
    st->line_has_content = 1;
}

/* Writes content: the n bytes at p. */
static inline void put(tidy_state *st, const unsigned char *p, size_t n)
{
    begin_content(st);
    memcpy(st->out + st->len, p, n);
    st->len += n;
}

/* Decides whether a ZWJ or ZWNJ (class `cls`) whose next character
 * starts at s[next] is kept.  The next character must be content: a
 * joiner before another joiner goes, so a run of joiners keeps at most
 * its last one and tidying tidied text changes nothing. */
static int keep_joiner(const tidy_state *st, enum tidy_class cls,
                       const unsigned char *s, size_t len, size_t next)
{
    const int32_t prev = previous_char(st);
    if (prev < 0 || next >= len) return 0;
    const int32_t c = utf8_decode(s, len, &next);
    if (cls == TC_ZWNJ) return is_letter_or_mark(prev) && is_letter_or_mark(c);
    const enum tidy_class nc = classify(c);
    if (nc != TC_CONTENT) return 0;
    return joins_with_zwj(prev) || joins_with_zwj(c);
}

winnow_error tidy_run(const char *in, size_t len, wbuf *out)
{
    if (!out || (!in && len)) return WINNOW_ERR_INVALID_ARG;
    wbuf_reset(out);
    /* The output is never longer than the input plus one "\n", and never
     * ahead of the input read: reserve it once and write it directly. */
    winnow_error e = wbuf_reserve(out, len + 1);
    if (e) return e;
    const unsigned char *const s = (const unsigned char *)in;
    tidy_state st = { out->data, 0, 0, 0, 0 };
    size_t i = 0;
    while (i < len) {
        const size_t j = ordinary_run(s, len, i);
        if (j > i) {
            put(&st, s + i, j - i);
            i = j;
            continue;
        }
        if (s[i] == '\n') {                    /* the common line break */
            st.pending_newlines++;
            st.pending_space = 0;
            st.line_has_content = 0;
            i++;
            continue;
        }
        const size_t start = i;
        const int32_t c = utf8_decode(s, len, &i);
        enum tidy_class cls = c == '\r' ? TC_NEWLINE : classify(c);
        if (c == '\r' && i < len && s[i] == '\n') cls = TC_REMOVE;
        switch (cls) {
        case TC_NEWLINE:
            st.pending_newlines++;
            st.pending_space = 0;
            st.line_has_content = 0;
            break;
        case TC_SPACE:
            if (st.line_has_content) st.pending_space = 1;
            break;
        case TC_REMOVE:
            break;
        case TC_ZWJ:
        case TC_ZWNJ:
            if (!keep_joiner(&st, cls, s, len, i)) break;
            /* fall through */
        case TC_CONTENT:
            put(&st, s + start, i - start);
            break;
        }
        assert(st.len <= i);
    }
    if (st.len) st.out[st.len++] = '\n';
    assert(st.len <= len + 1);
    out->len = st.len;
    return WINNOW_OK;
}
