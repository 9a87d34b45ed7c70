/* entities.h -- HTML character references left in text.
 *
 * Scraped text often still holds "&amp;", "&#8217;", "&#x2019;" or
 * "&nbsp;".  entities_run() decodes them: numeric references (decimal or
 * hexadecimal; 0, surrogates and values past U+10FFFF become U+FFFD and
 * 0x80..0x9F are read as windows-1252, as HTML does) and named
 * references from a table of about 580 HTML5 names (all of HTML 4 plus
 * common HTML5 ones).  Only references closed by ';' are decoded, so
 * "AT&T" and "&copy" stay as they are; one pass, so "&amp;lt;" becomes
 * "&lt;".
 */
#ifndef WINNOW_ENTITIES_H
#define WINNOW_ENTITIES_H

#include <stddef.h>

#include "buf.h"

/* Decodes the character references of valid UTF-8 in[0..len).  *res
 * points to `in` when there were none (no copy), else into `out` (reset
 * first); *count is the number decoded. */
winnow_error entities_run(const char *in, size_t len, wbuf *out,
                          const char **res, size_t *res_len, size_t *count);

/* The code point of named reference `name` (name[0..n), without '&' and
 * ';'), or -1. */
long entities_lookup(const char *name, size_t n);

#endif /* WINNOW_ENTITIES_H */
