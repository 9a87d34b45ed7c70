/* segment.h -- lines and paragraphs as spans over the normalized text.
 *
 * The text is split at "\n"; a line that holds only spaces or tabs is
 * blank.  Blank lines separate paragraphs.  Every non-blank line becomes
 * one winnow_line (text pointer and length into the same buffer, no
 * copy), with its 1-based line number and 0-based paragraph index.  A
 * trailing "\r" (left when tidy is off) and trailing spaces are not part
 * of the span.  Verdict, reason and score are left for classify to fill.
 */
#ifndef WINNOW_SEGMENT_H
#define WINNOW_SEGMENT_H

#include <stddef.h>
#include "buf.h"

/* Resets `lines` and appends one winnow_line per non-blank line of
 * text[0..len).  *n_lines receives the count. */
winnow_error segment_lines(const char *text, size_t len, wbuf *lines,
                           size_t *n_lines);

#endif /* WINNOW_SEGMENT_H */
