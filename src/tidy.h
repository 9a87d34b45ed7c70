/* tidy.h -- line endings, spaces, invisible and control characters.
 *
 * Rules, applied to valid UTF-8 in one pass:
 *   - CRLF, CR, NEL (U+0085), U+2028 and U+2029 become "\n";
 *   - no-break and other Unicode spaces (Zs) and tabs become a plain
 *     space, and runs of them collapse to one space;
 *   - zero-width space, soft hyphen, BOM/ZWNBSP and similar invisible
 *     format characters are removed; ZWJ is kept between emoji (or
 *     between letters of scripts that use it), ZWNJ between letters;
 *   - C0/C1 controls other than \n and \t are removed;
 *   - lines are trimmed; runs of blank lines collapse to one; leading
 *     blank lines are dropped and a non-empty text ends with one "\n".
 */
#ifndef WINNOW_TIDY_H
#define WINNOW_TIDY_H

#include <stddef.h>
#include "buf.h"

/* Resets `out` and writes the tidied in[0..len) (valid UTF-8) into it. */
winnow_error tidy_run(const char *in, size_t len, wbuf *out);

#endif /* WINNOW_TIDY_H */
