/* fold.h -- the matching form of a line: case-folded words between single
 * spaces.
 *
 * "Leave a Reply:" becomes " leave a reply ".  Letters are lower-cased
 * (ASCII directly, other scripts through utf8proc; the dotless ı becomes
 * i, so that Turkish text in capitals matches), digits and marks are
 * kept, everything else (punctuation, symbols, spaces) separates words.
 * The result starts and ends with one space, so a phrase " x y " found in
 * it stands on word boundaries.  Cue phrases and function words are
 * folded the same way, so both sides always agree.
 */
#ifndef WINNOW_FOLD_H
#define WINNOW_FOLD_H

#include <stddef.h>
#include "buf.h"

/* Spaces written past the end of the folded form (not counted in its
 * length), so that a reader may load 8 bytes at a time without a bound
 * check until it meets a space. */
#define FOLD_PADDING 8

/* Resets `out` and writes the folded form of valid UTF-8 s[0..len),
 * followed by FOLD_PADDING spaces beyond out->len. */
winnow_error fold_line(const char *s, size_t len, wbuf *out);

#endif /* WINNOW_FOLD_H */
