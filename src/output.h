/* output.h -- turning verdicts into text: the clean text and the
 * --explain view.
 *
 * Clean text: the kept lines in order; lines of one input paragraph stay
 * together, one "\n" apart, and paragraphs are separated by one blank
 * line; a non-empty text ends with exactly one "\n".
 */
#ifndef WINNOW_OUTPUT_H
#define WINNOW_OUTPUT_H

#include <stddef.h>
#include "buf.h"
#include "classify.h"

/* Resets `out` and writes the kept lines of lines[0..n). */
winnow_error output_text(const winnow_line *lines, size_t n, wbuf *out);

/* Resets `out` and writes one explain row per line:
 * "<number> <K|D> <score> <reason> <why> | <text>", where <why> names the
 * features that weighed most toward the verdict (from `why`, the
 * classifier that judged the lines, see classifier_explain_line; NULL:
 * none shown). */
winnow_error output_explain(const winnow_line *lines, size_t n,
                            const classifier *why, wbuf *out);

#endif /* WINNOW_OUTPUT_H */
