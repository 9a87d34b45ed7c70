/* normalize.h -- Unicode normalization (NFC / NFKC) through utf8proc.
 *
 * Fast path: ASCII never changes under NFC or NFKC, and no composition
 * has an ASCII second character, so only the stretches around non-ASCII
 * characters are handed to utf8proc; text that needs no change is not
 * copied at all.  Runs of more than 30 non-starters get U+034F inserted
 * (UAX #15 Stream-Safe Text Format), which bounds utf8proc's otherwise
 * quadratic time on long runs of combining marks.
 */
#ifndef WINNOW_NORMALIZE_H
#define WINNOW_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>
#include "buf.h"

typedef struct normalizer {
    winnow_normal_form form;
    wbuf out;              /* normalized text, when a copy was needed */
    wbuf codepoints;       /* scratch for utf8proc (int32 code points) */
    uint8_t quick_yes2[0x800 / 8];  /* bit c: U+0080..U+07FF (two UTF-8
                              bytes) passes the quick check in `form` */
} normalizer;

void normalizer_init(normalizer *n, winnow_normal_form form, size_t max);
void normalizer_release(normalizer *n);

/* Normalizes valid UTF-8 in[0..len).  *res points either to `in` (no
 * change needed) or into n->out, valid until the next run. */
winnow_error normalizer_run(normalizer *n, const char *in, size_t len,
                            const char **res, size_t *res_len);

#endif /* WINNOW_NORMALIZE_H */
