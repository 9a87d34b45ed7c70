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

/* Number of bytes of the UTF-8 sequence that starts with byte b (1 for
 * ASCII and for bytes that cannot start a sequence). */
static inline size_t utf8_seq_len(unsigned char b)
{
    return b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
}

#endif /* WINNOW_UTF8_H */
