/* fold.c -- case folding and word separation for matching (see fold.h).
 *
 * ASCII goes through a 256-entry table (letter -> lower case, digit ->
 * itself, anything else -> space).  A non-ASCII code point is looked up
 * in utf8proc: letters are lower-cased, numbers and marks kept,
 * punctuation, symbols and separators become a space.  Runs of spaces
 * collapse, so the output never holds two spaces in a row.
 */
#include "fold.h"

#include <utf8proc.h>

#include "utf8.h"

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

winnow_error fold_line(const char *s, size_t len, wbuf *out)
{
    wbuf_reset(out);
    /* Worst case: every byte separated by a space, plus both ends; a
     * lower-cased code point never needs more than 4 bytes. */
    winnow_error e = wbuf_reserve(out, 2 * len + 8);
    if (e) return e;
    char *o = out->data;
    size_t n = 0;
    o[n++] = ' ';
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
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
        utf8proc_int32_t lower = utf8proc_tolower(cp);
        if (lower == cp) {
            for (size_t k = start; k < i; k++) o[n++] = (char)u[k];
        } else {
            utf8proc_uint8_t tmp[4];
            utf8proc_ssize_t m = utf8proc_encode_char(lower, tmp);
            for (utf8proc_ssize_t k = 0; k < m; k++) o[n++] = (char)tmp[k];
        }
    }
    if (o[n - 1] != ' ') o[n++] = ' ';
    out->len = n;
    return WINNOW_OK;
}
