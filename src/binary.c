/* binary.c -- tell binary data (executables, images, archives) from text.
 *
 * Text never holds control characters other than TAB, LF, VT, FF, CR and
 * ESC, and practically never NUL; binary files are full of them.  In the
 * first BINARY_SAMPLE bytes of the decoded text we count characters,
 * controls (C0 other than those six, DEL, C1 U+0080..U+009F) and U+FFFD
 * (what decode made of bytes that were not UTF-8).  The text is binary
 * when the sample holds
 *
 *     a NUL, at least BINARY_MIN_CONTROLS controls, and controls and
 *     U+FFFD together make up at least 10% of its characters.
 *
 * An executable (mostly NULs) and compressed data (random bytes: about
 * 11% controls, half U+FFFD, NULs) are binary; text with a few stray
 * NULs or controls, text full of controls but without NUL, and
 * legacy-encoded text read as UTF-8 (many U+FFFD, no NUL) are not, and
 * are cleaned as usual (tidy removes the controls).
 *
 * The scan works on bytes: in valid UTF-8 a control is one byte, a C1
 * control is C2 80..C2 9F and U+FFFD is EF BF BD.  Printable ASCII
 * (the bulk of most texts) is counted 16 bytes at a time with SSE2 (line
 * feeds and tabs too), else 8.
 */
#include "binary.h"

#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define BINARY_MIN_CONTROLS 8  /* fewer is never enough evidence */

int binary_detect(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    const size_t n = len < BINARY_SAMPLE ? len : BINARY_SAMPLE;
    size_t chars = 0, controls = 0, fffd = 0, nul = 0;
    for (size_t i = 0; i < n; i++) {
#if defined(__SSE2__)
        for (; n - i >= 16; i += 16) {   /* 16 chars of 0x20..0x7E, \t, \n */
            const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            /* signed: below 0x20 are the controls and every byte >= 0x80 */
            const __m128i odd = _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
                                             _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F)));
            const __m128i ws = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')),
                                            _mm_cmpeq_epi8(v, _mm_set1_epi8('\t')));
            if (_mm_movemask_epi8(_mm_andnot_si128(ws, odd))) break;
            chars += 16;
        }
#endif
        for (uint64_t w; n - i >= 8; i += 8) {    /* 8 chars of 0x20..0x7E */
            const uint64_t ones = UINT64_C(0x0101010101010101);
            const uint64_t high = UINT64_C(0x8080808080808080);
            memcpy(&w, s + i, 8);
            /* bit 7 of a byte: it is >= 0x80, < 0x20 or 0x7F (exact per
             * byte: no sum carries into the next byte) */
            const uint64_t low = w & ~high;
            if ((w | ~(low + 0x60 * ones) | (low + ones)) & high) break;
            chars += 8;
        }
        if (i >= n) break;
        const unsigned char b = s[i];
        if ((b & 0xC0) == 0x80) continue;          /* continuation byte */
        chars++;
        if (b < 0x20) {
            if (b == 0) nul++;
            if (b != '\t' && b != '\n' && b != '\v' && b != '\f' &&
                b != '\r' && b != 0x1B)
                controls++;
        } else if (b == 0x7F) {
            controls++;
        } else if (b == 0xC2 && i + 1 < n && s[i + 1] <= 0x9F) {
            controls++;                            /* C1 control */
        } else if (b == 0xEF && i + 2 < n && s[i + 1] == 0xBF &&
                   s[i + 2] == 0xBD) {
            fffd++;
        }
    }
    return nul > 0 && controls >= BINARY_MIN_CONTROLS &&
           (controls + fffd) * 10 >= chars;
}
