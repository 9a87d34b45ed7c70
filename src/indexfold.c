/* indexfold.c -- case folding, mark stripping and ASCII punctuation.
 *
 * A text that is pure ASCII needs only case folding (A-Z to a-z, done
 * in place of utf8proc) or nothing at all.  Otherwise utf8proc decomposes
 * the whole text into f->cps (two passes: size, then fill), applying
 * UTF8PROC_CASEFOLD and UTF8PROC_STRIPMARK as asked, and recomposes it
 * (NFC, or NFKC when that is the context's form); the ASCII punctuation
 * fold maps code points on the way back to UTF-8:
 *
 *     ' for U+2018 U+2019 U+201A U+201B U+2032    - for U+2010..U+2015
 *     " for U+201C U+201D U+201E U+201F U+2033      and U+2212
 *     ... for U+2026
 *
 * Runs of combining marks are bounded by the normalize stage before this
 * one (Stream-Safe Text Format), which keeps utf8proc linear.
 */
#include "indexfold.h"

#include <string.h>
#include <utf8proc.h>

void indexfold_init(indexfold *f, int casefold, int strip_marks,
                    int ascii_punct, winnow_normal_form form, size_t max)
{
    f->casefold = casefold;
    f->strip_marks = strip_marks;
    f->ascii_punct = ascii_punct;
    f->compat = form == WINNOW_NFKC;
    f->compose = form != WINNOW_NORMALIZE_NONE || strip_marks;
    wbuf_init(&f->out, max);
    wbuf_init(&f->cps, max && max < ((size_t)-1) / 8 ? max * 8 + 64 : 0);
}

void indexfold_release(indexfold *f)
{
    if (!f) return;
    wbuf_release(&f->out);
    wbuf_release(&f->cps);
}

/* The ASCII stand-in for punctuation c, or NULL. */
static const char *ascii_for(int32_t c)
{
    switch (c) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
        return "'";
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
        return "\"";
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
    case 0x2015: case 0x2212:
        return "-";
    case 0x2026:
        return "...";
    default:
        return NULL;
    }
}

winnow_error indexfold_run(indexfold *f, const char *in, size_t len,
                           const char **res, size_t *res_len)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t i = 0;
    while (i < len && s[i] < 0x80) i++;
    winnow_error e;
    wbuf_reset(&f->out);
    if (i == len) {                               /* pure ASCII */
        size_t k = 0;
        if (f->casefold)
            while (k < len && !(s[k] >= 'A' && s[k] <= 'Z')) k++;
        if (!f->casefold || k == len) {
            *res = in;
            *res_len = len;
            return WINNOW_OK;
        }
        if ((e = wbuf_append(&f->out, in, len))) return e;
        for (; k < len; k++)
            if (s[k] >= 'A' && s[k] <= 'Z') f->out.data[k] = (char)(s[k] + 32);
        *res = f->out.data;
        *res_len = len;
        return WINNOW_OK;
    }

    utf8proc_option_t opt = UTF8PROC_STABLE;
    if (f->casefold) opt |= UTF8PROC_CASEFOLD;
    if (f->strip_marks) opt |= UTF8PROC_STRIPMARK;
    if (f->compose || f->strip_marks) opt |= UTF8PROC_DECOMPOSE;
    if (f->compat) opt |= UTF8PROC_COMPAT;
    int32_t *buf = (int32_t *)(void *)f->cps.data;
    const size_t have = f->cps.cap / sizeof(int32_t);
    utf8proc_ssize_t n = utf8proc_decompose((const utf8proc_uint8_t *)in,
                                            (utf8proc_ssize_t)len, buf,
                                            (utf8proc_ssize_t)have, opt);
    if (n < 0) return n == UTF8PROC_ERROR_NOMEM ? WINNOW_ERR_NOMEM : WINNOW_ERR_INVALID_ARG;
    if ((size_t)n > have) {
        wbuf_reset(&f->cps);
        if ((e = wbuf_reserve(&f->cps, (size_t)n * sizeof(int32_t)))) return e;
        buf = (int32_t *)(void *)f->cps.data;
        n = utf8proc_decompose((const utf8proc_uint8_t *)in, (utf8proc_ssize_t)len,
                               buf, n, opt);
        if (n < 0) return WINNOW_ERR_INVALID_ARG;
    }
    if (f->compose || f->strip_marks) {
        utf8proc_option_t copt = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
        if (f->compat) copt |= UTF8PROC_COMPAT;
        n = utf8proc_normalize_utf32(buf, n, copt);
        if (n < 0) return WINNOW_ERR_INVALID_ARG;
    }
    if ((e = wbuf_reserve(&f->out, (size_t)n * 4))) return e;
    for (utf8proc_ssize_t k = 0; k < n; k++) {
        const char *a = f->ascii_punct ? ascii_for(buf[k]) : NULL;
        if (a) e = wbuf_append(&f->out, a, strlen(a));
        else e = wbuf_put_utf8(&f->out, (unsigned long)buf[k]);
        if (e) return e;
    }
    *res = f->out.data ? f->out.data : "";
    *res_len = f->out.len;
    return WINNOW_OK;
}
