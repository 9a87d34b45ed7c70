/* buf.c -- the growable byte buffer (see buf.h).
 *
 * Growth doubles the capacity (at least 64 bytes) and is clamped to the
 * cap, so appending n bytes one by one costs O(n) amortized.  A buffer
 * of 2 MiB or more is allocated on a 2 MiB boundary and, on Linux,
 * offered to the kernel for transparent huge pages (madvise): the
 * buffers of a long document then fill with one page fault per 2 MiB
 * instead of one per 4 KiB, which matters where faults are dear (in
 * virtual machines).  Memory only, no change in behaviour.
 */
#if defined(__linux__) && !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE 1       /* madvise(MADV_HUGEPAGE) */
#endif
#include "buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#define HUGE_PAGE ((size_t)2 << 20)


/* Offers p[0..size) (on a huge-page boundary, whole huge pages) to the
 * kernel for transparent huge pages. */
static void advise_huge(char *p, size_t size)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    (void)madvise(p, size, MADV_HUGEPAGE);
#else
    (void)p;
    (void)size;
#endif
}

void wbuf_init(wbuf *b, size_t max)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max;
}

void wbuf_release(wbuf *b)
{
    if (!b) return;
    free(b->data);
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

winnow_error wbuf_reserve(wbuf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len) return WINNOW_ERR_TOO_LARGE;
    size_t need = b->len + extra;
    if (need <= b->cap) return WINNOW_OK;
    if (b->max && need > b->max) return WINNOW_ERR_TOO_LARGE;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) {
        if (cap > SIZE_MAX / 2) { cap = need; break; }
        cap *= 2;
    }
    if (b->max && cap > b->max) cap = b->max;
    char *p;
    if (cap >= HUGE_PAGE && cap <= SIZE_MAX - HUGE_PAGE) {
        /* whole huge pages, on their boundary: moved, not realloc'd; the
         * rounding is usable room, but never past the cap */
        const size_t size = (cap + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
        p = aligned_alloc(HUGE_PAGE, size);
        if (!p) return WINNOW_ERR_NOMEM;
        advise_huge(p, size);
        if (b->len) memcpy(p, b->data, b->len);
        free(b->data);
        cap = b->max && size > b->max ? b->max : size;
    } else {
        p = realloc(b->data, cap);
        if (!p) return WINNOW_ERR_NOMEM;
    }
    b->data = p;
    b->cap = cap;
    return WINNOW_OK;
}

winnow_error wbuf_append(wbuf *b, const void *p, size_t n)
{
    if (n == 0) return WINNOW_OK;
    winnow_error e = wbuf_reserve(b, n);
    if (e) return e;
    memcpy(b->data + b->len, p, n);
    b->len += n;
    return WINNOW_OK;
}

winnow_error wbuf_put_utf8(wbuf *b, unsigned long cp)
{
    unsigned char s[4];
    size_t n;
    if (cp < 0x80) {
        s[0] = (unsigned char)cp; n = 1;
    } else if (cp < 0x800) {
        s[0] = (unsigned char)(0xC0 | (cp >> 6));
        s[1] = (unsigned char)(0x80 | (cp & 0x3F)); n = 2;
    } else if (cp < 0x10000) {
        s[0] = (unsigned char)(0xE0 | (cp >> 12));
        s[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        s[2] = (unsigned char)(0x80 | (cp & 0x3F)); n = 3;
    } else {
        s[0] = (unsigned char)(0xF0 | (cp >> 18));
        s[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        s[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        s[3] = (unsigned char)(0x80 | (cp & 0x3F)); n = 4;
    }
    return wbuf_append(b, s, n);
}

winnow_error wbuf_printf(wbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return WINNOW_ERR_INVALID_ARG;
    winnow_error e = wbuf_reserve(b, (size_t)n + 1);
    if (e) return e;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return WINNOW_OK;
}
