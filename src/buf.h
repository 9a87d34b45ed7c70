/* buf.h -- the one growable byte buffer of winnow, with a size cap.
 *
 * A wbuf holds `len` bytes in `data` (capacity `cap`), never more than
 * `max` bytes (0: no cap).  Appending past the cap fails with
 * WINNOW_ERR_TOO_LARGE and leaves the buffer as it was; a failed
 * allocation returns WINNOW_ERR_NOMEM and also leaves it unchanged.
 * wbuf_reset() empties the buffer but keeps its memory, so a buffer that
 * is reused document after document stops allocating once it is warm.
 * Arrays of structs are stored in a wbuf too (malloc'd memory is aligned
 * for any type); wbuf_items() views them.
 */
#ifndef WINNOW_BUF_H
#define WINNOW_BUF_H

#include <stddef.h>
#include "winnow.h"

typedef struct wbuf {
    char *data;
    size_t len;
    size_t cap;
    size_t max;
} wbuf;

/* Fills `b` as an empty buffer that may grow to `max` bytes (0: no cap). */
void wbuf_init(wbuf *b, size_t max);

/* Frees the memory `b` holds and leaves it empty; `b` itself is the
 * caller's. */
void wbuf_release(wbuf *b);

/* Empties `b`, keeping its memory. */
static inline void wbuf_reset(wbuf *b) { b->len = 0; }

/* Makes room for `extra` more bytes. */
winnow_error wbuf_reserve(wbuf *b, size_t extra);

/* Appends `n` bytes from `p`. */
winnow_error wbuf_append(wbuf *b, const void *p, size_t n);

/* Appends one byte. */
static inline winnow_error wbuf_putc(wbuf *b, char c)
{
    if (b->len == b->cap) {
        winnow_error e = wbuf_reserve(b, 1);
        if (e) return e;
    }
    b->data[b->len++] = c;
    return WINNOW_OK;
}

/* Appends a code point as UTF-8 (cp must be a valid scalar value). */
winnow_error wbuf_put_utf8(wbuf *b, unsigned long cp);

/* Appends the formatted text (printf-style). */
winnow_error wbuf_printf(wbuf *b, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#endif /* WINNOW_BUF_H */
