/* tool_progress.h -- the progress line on stderr (a terminal only). */
#ifndef WINNOW_TOOL_PROGRESS_H
#define WINNOW_TOOL_PROGRESS_H

#include <stdint.h>

typedef struct tool_progress {
    int on;                /* stderr is a terminal and not --quiet */
    uint64_t total;        /* input bytes in all, 0 when unknown */
    double start, last;    /* seconds */
} tool_progress;

/* Starts the clock; the line is shown only when `on`. */
void tool_progress_init(tool_progress *p, int on, uint64_t total);

/* Redraws the line (at most 5 times a second): documents, MB of input
 * read, MB/s, elapsed time and, when the total is known, the ETA. */
void tool_progress_update(tool_progress *p, uint64_t documents, uint64_t bytes);

/* Draws the final line and ends it. */
void tool_progress_finish(tool_progress *p, uint64_t documents, uint64_t bytes);

/* Seconds since an arbitrary start (monotonic). */
double tool_now(void);

#endif /* WINNOW_TOOL_PROGRESS_H */
