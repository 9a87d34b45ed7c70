/* line_counts.h -- internal side of winnow_line_counts (see winnow.h):
 * the fingerprint of a line and the count lookup winnow.c uses. */
#ifndef WINNOW_LINE_COUNTS_H
#define WINNOW_LINE_COUNTS_H

#include <stddef.h>
#include <stdint.h>
#include "winnow.h"

/* The 64-bit fingerprint of a line: ASCII letters folded to lower case,
 * every run of digits read as one "0", so "© 2023 Acme" and "© 2024
 * Acme" are one line. */
uint64_t line_fingerprint(const char *s, size_t n);

/* In how many documents the line with fingerprint fp was counted (an
 * upper bound when the counts are a sketch). */
uint32_t line_counts_get(const winnow_line_counts *c, uint64_t fp);

/* The number of documents counted. */
uint64_t line_counts_documents(const winnow_line_counts *c);

#endif /* WINNOW_LINE_COUNTS_H */
