/* fold.h -- the matching form of a line: case-folded words between single
 * spaces.
 *
 * "Leave a Reply:" becomes " leave a reply ".  Letters are lower-cased
 * (ASCII directly, other scripts through utf8proc), digits and marks are
 * kept, everything else (punctuation, symbols, spaces) separates words.
 * The result starts and ends with one space, so a phrase " x y " found in
 * it stands on word boundaries.  Cue phrases and function words are
 * folded the same way, so both sides always agree.
 */
#ifndef WINNOW_FOLD_H
#define WINNOW_FOLD_H

#include <stddef.h>
#include "buf.h"

/* Resets `out` and writes the folded form of valid UTF-8 s[0..len). */
winnow_error fold_line(const char *s, size_t len, wbuf *out);

#endif /* WINNOW_FOLD_H */
