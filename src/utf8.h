/* utf8.h -- UTF-8 validation, repair and code point iteration.
 *
 * winnow validates UTF-8 itself (glibc's iconv accepts some invalid
 * forms).  "Valid" is the Unicode definition: shortest form only, no
 * surrogates, nothing above U+10FFFF.  Repair replaces each maximal
 * subpart of an ill-formed sequence with one U+FFFD, as Unicode (chapter
 * 3, "U+FFFD Substitution of Maximal Subparts") recommends and as the
 * WHATWG decoder does.
 */
#ifndef WINNOW_UTF8_H
#define WINNOW_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "buf.h"

/* Length of the longest prefix of s[0..len) that is valid UTF-8 and ends
 * on a character boundary; equals len when all of it is valid.  ASCII
 * runs are checked a word at a time. */
size_t utf8_valid_prefix(const unsigned char *s, size_t len);

/* Appends s[0..len) to `out`, replacing every maximal invalid subpart by
 * U+FFFD (EF BF BD) and adding the number of replacements to
 * *replacements. */
winnow_error utf8_repair(const unsigned char *s, size_t len, wbuf *out,
                         size_t *replacements);

/* Decodes the code point at s[*i] of VALID UTF-8 s[0..len) and advances
 * *i past it.  Behaviour on invalid input is safe but unspecified
 * (returns U+FFFD and advances by one byte). */
int32_t utf8_next(const unsigned char *s, size_t len, size_t *i);

/* Decodes the character at s[*i] of s[0..len) and advances *i: the inline
 * fast path of the stages' inner loops, for text that is valid UTF-8.
 * Should it not be, no read goes past the end (a truncated sequence gives
 * U+FFFD and advances one byte) and the result never exceeds U+10FFFF. */
static inline int32_t utf8_decode(const unsigned char *s, size_t len, size_t *i)
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
        return (int32_t)(((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu));
    }
    if (len - *i < 4) { *i += 1; return 0xFFFD; }
    *i += 4;
    const int32_t c = (int32_t)(((p[0] & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) |
                                ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu));
    return c <= 0x10FFFF ? c : 0xFFFD;
}

/* The first position at or after i of s[0..len) that is not ASCII, or
 * len; eight bytes at a time. */
static inline size_t utf8_skip_ascii(const unsigned char *s, size_t len, size_t i)
{
    while (i + 8 <= len) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & UINT64_C(0x8080808080808080)) break;
        i += 8;
    }
    while (i < len && s[i] < 0x80) i++;
    return i;
}

/* Number of bytes of the UTF-8 sequence that starts with byte b (1 for
 * ASCII and for bytes that cannot start a sequence). */
static inline size_t utf8_seq_len(unsigned char b)
{
    return b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
}

#endif /* WINNOW_UTF8_H */
