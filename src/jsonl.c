/* jsonl.c -- a validating JSON scanner that records spans, plus string
 * decoding and encoding (see jsonl.h).
 *
 * The scanner walks the line once, checking the grammar of RFC 8259
 * (objects, arrays, strings with their escapes, numbers, true, false,
 * null) without building anything; for the outermost object it records
 * where each key and value starts and ends.  Nesting is followed by
 * recursion bounded by JSONL_MAX_DEPTH, so no input can exhaust the
 * stack.  Strings are scanned a run at a time: only '"', '\\' and
 * control characters stop the run, and both the scanner and the encoder
 * pass 16 or 8 bytes at a time when none of them does (next_stop()).
 * Bytes >= 0x80 are not validated
 * here: the field winnow cleans is decoded by the pipeline (invalid
 * sequences become U+FFFD), and every other field passes through as is.
 */
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "jsonl.h"

/* 1 for the bytes that end a run inside a string: '"', '\\', < 0x20. */
static const unsigned char string_stop[256] = {
    1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
    ['"'] = 1, ['\\'] = 1,
};

#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define JSONL_WORDS 1
#define ONES UINT64_C(0x0101010101010101)
#define HIGH UINT64_C(0x8080808080808080)

/* The bytes of the 8 at s that string_stop[] marks ('"', '\\', < 0x20),
 * as bit 7 of each byte; exact per byte (no test carries into the next
 * byte).  The offset of the first is ctz / 8. */
static inline uint64_t string_stops(const char *s)
{
    uint64_t w;
    memcpy(&w, s, 8);
    const uint64_t low = w & ~HIGH;
    const uint64_t ctl = ~(low + 0x60 * ONES) & ~w & HIGH;          /* < 0x20 */
    const uint64_t q = w ^ ('"' * ONES), b = w ^ ('\\' * ONES);
    const uint64_t quote = ~(((q & ~HIGH) + 0x7F * ONES) | q) & HIGH;
    const uint64_t bslash = ~(((b & ~HIGH) + 0x7F * ONES) | b) & HIGH;
    return ctl | quote | bslash;
}

#if defined(__SSE2__)
#define JSONL_SSE2 1
/* The same for the 16 bytes at s, one bit per byte (bit k: s[k]). */
static inline unsigned string_stops16(const char *s)
{
    const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
    const __m128i ctl = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v);
    const __m128i q = _mm_cmpeq_epi8(v, _mm_set1_epi8('"'));
    const __m128i b = _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'));
    return (unsigned)_mm_movemask_epi8(_mm_or_si128(ctl, _mm_or_si128(q, b)));
}
#endif
#endif

/* The offset of the first byte at or after s[i] that string_stop[] marks
 * (len when none does): 16 bytes at a time with SSE2, else 8, then one. */
static inline size_t next_stop(const char *s, size_t len, size_t i)
{
#ifdef JSONL_SSE2
    for (; len - i >= 16; i += 16) {
        const unsigned stops = string_stops16(s + i);
        if (stops) return i + (size_t)__builtin_ctz(stops);
    }
#endif
#ifdef JSONL_WORDS
    for (; len - i >= 8; i += 8) {
        const uint64_t stops = string_stops(s + i);
        if (stops) return i + ((size_t)__builtin_ctzll(stops) >> 3);
    }
#endif
    while (i < len && !string_stop[(unsigned char)s[i]]) i++;
    return i;
}

static size_t skip_ws(const char *s, size_t len, size_t i)
{
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
    return i;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static long hex4(const char *p)
{
    long v = 0;
    for (int k = 0; k < 4; k++) {
        int h = hex_value(p[k]);
        if (h < 0) return -1;
        v = v * 16 + h;
    }
    return v;
}

/* s[i] is '"'; returns the offset after the closing quote, or 0. */
static size_t scan_string(const char *s, size_t len, size_t i)
{
    i++;
    for (;;) {
        i = next_stop(s, len, i);
        if (i >= len) return 0;
        if (s[i] == '"') return i + 1;
        if (s[i] != '\\') return 0;               /* a raw control char */
        if (i + 1 >= len) return 0;
        switch (s[i + 1]) {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
            i += 2;
            break;
        case 'u':
            if (i + 6 > len || hex4(s + i + 2) < 0) return 0;
            i += 6;
            break;
        default:
            return 0;
        }
    }
}

static size_t scan_digits(const char *s, size_t len, size_t i)
{
    while (i < len && s[i] >= '0' && s[i] <= '9') i++;
    return i;
}

/* Returns the offset after the number at s[i], or 0. */
static size_t scan_number(const char *s, size_t len, size_t i)
{
    if (i < len && s[i] == '-') i++;
    if (i >= len) return 0;
    if (s[i] == '0') i++;
    else if (s[i] >= '1' && s[i] <= '9') i = scan_digits(s, len, i);
    else return 0;
    if (i < len && s[i] == '.') {
        size_t j = scan_digits(s, len, i + 1);
        if (j == i + 1) return 0;
        i = j;
    }
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-')) i++;
        size_t j = scan_digits(s, len, i);
        if (j == i) return 0;
        i = j;
    }
    return i;
}

static size_t scan_literal(const char *s, size_t len, size_t i, const char *word)
{
    size_t n = strlen(word);
    return len - i >= n && memcmp(s + i, word, n) == 0 ? i + n : 0;
}

/* Scans the value at s[i] (no leading whitespace); returns the offset
 * after it, or 0 when it is not valid.  *type receives its type.  When
 * `members` is not NULL and the value is an object, its members are
 * appended there. */
static size_t scan_value(const char *s, size_t len, size_t i, int depth,
                         jsonl_type *type, wbuf *members, size_t *n, winnow_error *err)
{
    if (i >= len) return 0;
    switch (s[i]) {
    case '"': *type = JSONL_STRING; return scan_string(s, len, i);
    case 't': *type = JSONL_TRUE; return scan_literal(s, len, i, "true");
    case 'f': *type = JSONL_FALSE; return scan_literal(s, len, i, "false");
    case 'n': *type = JSONL_NULL; return scan_literal(s, len, i, "null");
    case '[': {
        *type = JSONL_ARRAY;
        if (depth >= JSONL_MAX_DEPTH) return 0;
        i = skip_ws(s, len, i + 1);
        if (i < len && s[i] == ']') return i + 1;
        for (;;) {
            jsonl_type t;
            i = scan_value(s, len, i, depth + 1, &t, NULL, NULL, err);
            if (!i) return 0;
            i = skip_ws(s, len, i);
            if (i >= len) return 0;
            if (s[i] == ']') return i + 1;
            if (s[i] != ',') return 0;
            i = skip_ws(s, len, i + 1);
        }
    }
    case '{': {
        *type = JSONL_OBJECT;
        if (depth >= JSONL_MAX_DEPTH) return 0;
        i = skip_ws(s, len, i + 1);
        if (i < len && s[i] == '}') return i + 1;
        for (;;) {
            jsonl_member m;
            if (i >= len || s[i] != '"') return 0;
            m.key = i;
            if (!(i = scan_string(s, len, i))) return 0;
            m.key_end = i;
            i = skip_ws(s, len, i);
            if (i >= len || s[i] != ':') return 0;
            i = skip_ws(s, len, i + 1);
            m.value = i;
            if (!(i = scan_value(s, len, i, depth + 1, &m.type, NULL, NULL, err))) return 0;
            m.value_end = i;
            if (members) {
                winnow_error e = wbuf_append(members, &m, sizeof m);
                if (e) { *err = e; return 0; }
                ++*n;
            }
            i = skip_ws(s, len, i);
            if (i >= len) return 0;
            if (s[i] == '}') return i + 1;
            if (s[i] != ',') return 0;
            i = skip_ws(s, len, i + 1);
        }
    }
    default:
        *type = JSONL_NUMBER;
        return scan_number(s, len, i);
    }
}

winnow_error jsonl_parse(const char *s, size_t len, wbuf *members, size_t *n,
                         size_t *obj, size_t *obj_end)
{
    wbuf_reset(members);
    size_t count = 0;
    winnow_error err = WINNOW_OK;
    size_t start = skip_ws(s, len, 0);
    if (start >= len || s[start] != '{') return WINNOW_ERR_JSON;
    jsonl_type t;
    size_t end = scan_value(s, len, start, 0, &t, members, &count, &err);
    if (err) return err;
    if (!end || skip_ws(s, len, end) != len) return WINNOW_ERR_JSON;
    *n = count;
    *obj = start;
    *obj_end = end;
    return WINNOW_OK;
}

winnow_error jsonl_members(const char *s, size_t start, size_t end, wbuf *members,
                           size_t *n)
{
    wbuf_reset(members);
    size_t count = 0;
    winnow_error err = WINNOW_OK;
    jsonl_type t;
    size_t stop = scan_value(s, end, start, 0, &t, members, &count, &err);
    if (err) return err;
    if (stop != end || t != JSONL_OBJECT) return WINNOW_ERR_JSON;
    *n = count;
    return WINNOW_OK;
}

int jsonl_key_is(const char *s, size_t tok, size_t tok_end, const char *name,
                 size_t name_len)
{
    const char *k = s + tok + 1;
    size_t klen = tok_end - tok - 2;
    if (!memchr(k, '\\', klen))
        return klen == name_len && memcmp(k, name, name_len) == 0;
    char small[256];
    wbuf b;
    wbuf_init(&b, sizeof small);
    b.data = small;
    b.cap = sizeof small;
    /* A decoded key is never longer than its token; one that does not fit
     * in `small` is longer than any name we look for. */
    if (klen + 2 > sizeof small) return 0;
    if (jsonl_decode_string(s + tok, tok_end - tok, &b)) return 0;
    return b.len == name_len && memcmp(b.data, name, name_len) == 0;
}

winnow_error jsonl_decode_string(const char *tok, size_t len, wbuf *out)
{
    winnow_error e;
    const char *p = tok + 1, *end = tok + len - 1;
    while (p < end) {
        const char *q = memchr(p, '\\', (size_t)(end - p));
        if (!q) return wbuf_append(out, p, (size_t)(end - p));
        if ((e = wbuf_append(out, p, (size_t)(q - p)))) return e;
        char c = q[1];
        p = q + 2;
        switch (c) {
        case 'b': c = '\b'; break;
        case 'f': c = '\f'; break;
        case 'n': c = '\n'; break;
        case 'r': c = '\r'; break;
        case 't': c = '\t'; break;
        case 'u': {
            long cp = hex4(p);
            p += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF && end - p >= 6 && p[0] == '\\' &&
                p[1] == 'u') {
                long lo = hex4(p + 2);
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    p += 6;
                }
            }
            if (cp < 0 || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
            if ((e = wbuf_put_utf8(out, (unsigned long)cp))) return e;
            continue;
        }
        default: break;                           /* '"', '\\', '/' */
        }
        if ((e = wbuf_putc(out, c))) return e;
    }
    return WINNOW_OK;
}

/* What each byte becomes inside a JSON string: 0 itself, 'u' \u00XX,
 * otherwise the letter after a backslash. */
static const char escape_as[256] = {
    'u','u','u','u','u','u','u','u','b','t','n','u','f','r','u','u',
    'u','u','u','u','u','u','u','u','u','u','u','u','u','u','u','u',
    ['"'] = '"', ['\\'] = '\\',
};

size_t jsonl_escape(char *dst, const char *text, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    char *d = dst;
    size_t i = 0;
    for (;;) {
        const size_t j = next_stop(text, len, i);        /* plain: copied */
        memcpy(d, text + i, j - i);
        d += j - i;
        if (j == len) break;
        const unsigned char c = (unsigned char)text[j];
        const char x = escape_as[c];
        *d++ = '\\';
        *d++ = x;
        if (x == 'u') {
            *d++ = '0'; *d++ = '0';
            *d++ = hex[c >> 4]; *d++ = hex[c & 15];
        }
        i = j + 1;
    }
    return (size_t)(d - dst);
}

winnow_error jsonl_encode_string(const char *text, size_t len, wbuf *out)
{
    enum { CHUNK = 4096 };
    winnow_error e;
    if ((e = wbuf_putc(out, '"'))) return e;
    for (size_t at = 0; at < len; at += CHUNK) {
        size_t n = len - at < CHUNK ? len - at : CHUNK;
        if ((e = wbuf_reserve(out, 6 * n))) return e;
        out->len += jsonl_escape(out->data + out->len, text + at, n);
    }
    return wbuf_putc(out, '"');
}
