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
 * one byte.
 */
#include "tidy.h"

#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

typedef struct tidy_state {
    wbuf *out;
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
            } else if (s[1] == 0x81) {      /* U+205F, U+2060 */
                if (s[2] == 0x9F || s[2] == 0xA0) return 0;
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
 * spaces, and a space in the last byte (what follows it decides).
 * Exact per byte: no test carries into the next byte. */
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

/* End of the run of ordinary characters that starts at s[i] (i itself
 * when s[i] is not ordinary).  A space belongs to the run only between
 * two ordinary characters, so runs hold no leading, trailing or double
 * spaces.  Printable ASCII and single spaces are passed 8 bytes at a
 * time; the byte loop takes over at the first byte that needs a look. */
static size_t ordinary_run(const unsigned char *s, size_t len, size_t i)
{
    size_t j = i;
    while (j < len) {
#ifdef TIDY_WORDS
        if (len - j >= 8 && (s[j] | s[j + 1]) < 0x80 && (j > i || s[j] != ' ')) {
            const uint64_t stops = word_stops(s + j);
            if (!stops) {
                j += 8;
                continue;
            }
            /* the bytes before the first stop are ordinary, but for a
             * space just before it, which depends on the stop; the byte
             * loop goes on from there */
            size_t k = (size_t)__builtin_ctzll(stops) >> 3;
            if (k && s[j + k - 1] == ' ') k--;
            j += k;
        }
#endif
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
    }
    return j;
}

/* Decodes the UTF-8 character at s[*i] of s[0..len) and advances *i;
 * a truncated sequence gives U+FFFD and advances one byte. */
static inline int32_t decode(const unsigned char *s, size_t len, size_t *i)
{
    const unsigned char *p = s + *i;
    if (p[0] < 0xC0) { *i += 1; return p[0]; }
    if (p[0] < 0xE0) {
        if (len - *i < 2) { *i += 1; return 0xFFFD; }
        *i += 2;
        return (int32_t)(((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu));
    }
    if (p[0] < 0xF0) {
        if (len - *i < 3) { *i += 1; return 0xFFFD; }
        *i += 3;
        return (int32_t)(((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) |
                         (p[2] & 0x3Fu));
    }
    if (len - *i < 4) { *i += 1; return 0xFFFD; }
    *i += 4;
    return (int32_t)(((p[0] & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) |
                     ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu));
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
    const unsigned char *d = (const unsigned char *)st->out->data;
    size_t k = st->out->len;
    do k--; while (k > 0 && (d[k] & 0xC0) == 0x80);
    return decode(d, st->out->len, &k);
}

/* Writes the pending line breaks or space before content. */
static winnow_error begin_content(tidy_state *st)
{
    winnow_error e = WINNOW_OK;
    if (st->pending_newlines) {
        if (st->out->len) {
            e = wbuf_append(st->out, "\n\n", st->pending_newlines > 1 ? 2 : 1);
        }
    } else if (st->pending_space) {
        e = wbuf_putc(st->out, ' ');
    }
    st->pending_newlines = 0;
    st->pending_space = 0;
    st->line_has_content = 1;
    return e;
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
    const int32_t c = decode(s, len, &next);
    if (cls == TC_ZWNJ) return is_letter_or_mark(prev) && is_letter_or_mark(c);
    const enum tidy_class nc = classify(c);
    if (nc != TC_CONTENT) return 0;
    return joins_with_zwj(prev) || joins_with_zwj(c);
}

winnow_error tidy_run(const char *in, size_t len, wbuf *out)
{
    if (!out || (!in && len)) return WINNOW_ERR_INVALID_ARG;
    wbuf_reset(out);
    /* The output is never longer than the input plus one "\n": reserve
     * it once instead of growing by doubling. */
    winnow_error e = wbuf_reserve(out, len + 1);
    if (e) return e;
    const unsigned char *const s = (const unsigned char *)in;
    tidy_state st = { out, 0, 0, 0 };
    size_t i = 0;
    while (i < len) {
        const size_t j = ordinary_run(s, len, i);
        if (j > i) {
            if ((e = begin_content(&st))) return e;
            if ((e = wbuf_append(out, s + i, j - i))) return e;
            i = j;
            continue;
        }
        const size_t start = i;
        const int32_t c = decode(s, len, &i);
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
            if ((e = begin_content(&st))) return e;
            if ((e = wbuf_append(out, s + start, i - start))) return e;
            break;
        }
    }
    if (out->len) return wbuf_putc(out, '\n');
    return WINNOW_OK;
}
