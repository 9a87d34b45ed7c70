/* fuzz_util.h -- what every libFuzzer harness of winnow shares.
 *
 * FUZZ_CHECK(cond) aborts with the condition's text when an invariant
 * fails, which libFuzzer reports as a crash and saves the input for.
 * fuzz_valid_utf8() is a strict validator written independently of
 * src/utf8.c (shortest forms only, no surrogates, nothing above
 * U+10FFFF), so a bug there cannot hide itself.  fuzz_take() consumes
 * option bytes from the front of the input.
 */
#ifndef WINNOW_FUZZ_UTIL_H
#define WINNOW_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_CHECK(cond) do { \
    if (!(cond)) { \
        fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, \
                #cond); \
        abort(); \
    } } while (0)

static inline int fuzz_valid_utf8(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < len) {
        const unsigned char b = s[i];
        size_t n;
        uint32_t cp, min;
        if (b < 0x80) { i++; continue; }
        if (b >= 0xC2 && b <= 0xDF) { n = 2; cp = b & 0x1Fu; min = 0x80; }
        else if (b >= 0xE0 && b <= 0xEF) { n = 3; cp = b & 0x0Fu; min = 0x800; }
        else if (b >= 0xF0 && b <= 0xF4) { n = 4; cp = b & 0x07u; min = 0x10000; }
        else return 0;
        if (len - i < n) return 0;
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xC0) != 0x80) return 0;
            cp = cp << 6 | (s[i + k] & 0x3Fu);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += n;
    }
    return 1;
}

/* The next option byte (0 once the input is used up). */
static inline unsigned fuzz_take(const uint8_t **data, size_t *size)
{
    if (*size == 0) return 0;
    const unsigned b = **data;
    ++*data;
    --*size;
    return b;
}

#endif /* WINNOW_FUZZ_UTIL_H */
