/* tool_stats.h -- what a run of the winnow command did, counted. */
#ifndef WINNOW_TOOL_STATS_H
#define WINNOW_TOOL_STATS_H

#include <stdint.h>
#include "winnow.h"

enum { TOOL_STATS_ENCODINGS = 16 };

typedef struct tool_stats {
    uint64_t documents;          /* documents cleaned */
    uint64_t text_parts;         /* parts long text inputs were cleaned in
                                    (tool_text.h); such an input is still
                                    one document */
    uint64_t dropped_empty;      /* of which dropped by --drop-empty */
    uint64_t bytes_in, bytes_out;/* document text before and after */
    uint64_t lines_kept, lines_dropped;
    uint64_t dropped_by_reason[WINNOW_REASON_COUNT_];
    uint64_t errors;             /* documents or lines that failed */
    uint64_t inputs, inputs_skipped;
    struct { char name[32]; uint64_t documents; } encodings[TOOL_STATS_ENCODINGS];
    unsigned n_encodings;
} tool_stats;

/* What a cleaned text was: a whole document, or a part of a long text
 * input (tool_text.h). */
typedef enum tool_stats_piece {
    TOOL_STATS_DOCUMENT,
    TOOL_STATS_FIRST_PART,
    TOOL_STATS_LATER_PART
} tool_stats_piece;

/* Counts one cleaned text of `bytes_in` bytes: its lines and bytes, and
 * a document with its encoding unless it is a later part of one. */
void tool_stats_add(tool_stats *s, const winnow_result *r, uint64_t bytes_in,
                    tool_stats_piece piece);

/* Adds everything `from` counted to `into`. */
void tool_stats_merge(tool_stats *into, const tool_stats *from);

/* Writes the summary as JSON to `path`.  Returns 0, or prints why and
 * returns 1. */
int tool_stats_write(const tool_stats *s, const char *path, double seconds);

#endif /* WINNOW_TOOL_STATS_H */
