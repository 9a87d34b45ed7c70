/* tool_workers.h -- cleaning batches of documents on several threads,
 * writing the results in input order. */
#ifndef WINNOW_TOOL_WORKERS_H
#define WINNOW_TOOL_WORKERS_H

#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "tool_stats.h"

typedef enum tool_batch_kind {
    TOOL_BATCH_NONE,       /* nothing to clean (an input that failed) */
    TOOL_BATCH_TEXT,       /* `in` is one document */
    TOOL_BATCH_JSONL       /* `in` is whole JSONL lines */
} tool_batch_kind;

/* A run of documents from one input: what the reader filled in, then
 * what a worker made of it. */
typedef struct tool_batch {
    /* by the reader */
    tool_batch_kind kind;
    wbuf in;
    size_t input;          /* index of the input it comes from */
    uint64_t first_line;   /* JSONL: number of the first line of `in` */
    int first, last;       /* first / last batch of its input */
    /* text: a part of a long input (tool_text.h) */
    int part, at_blank;
    const char *encoding;  /* read it as this; NULL: detect */
    uint64_t offset;       /* of its first byte in the input */
    uint64_t raw_bytes;    /* input bytes (compressed) read up to here */
    /* by the worker */
    wbuf out;              /* the output bytes, compressed if need be */
    const char *view;      /* or, when not NULL, the output bytes left
                              where the worker made them (its context's
                              result): valid only until that worker takes
                              its next batch, so the pipeline copies them
                              into `out` then (tool_batch_settle()) unless
                              the batch was emitted first */
    size_t view_len;
    wbuf plain;            /* scratch: uncompressed output */
    wbuf messages;         /* error messages, in order, for stderr */
    tool_stats stats;
    int failed;            /* an error that makes the exit status 1 */
    int stop;              /* --on-error=fail: stop after this batch */
} tool_batch;

typedef struct tool_pipeline {
    void *ctx;
    /* Fills the next batch (its buffers are reused: reset what you use).
     * Returns 1 when it filled one, 0 when there are no more. */
    int (*fill)(void *ctx, tool_batch *b);
    /* Cleans a batch with one worker's state; runs on any thread.  It
     * may leave the output in the worker's memory (b->view). */
    void (*work)(void *ctx, void *worker, tool_batch *b);
    /* Writes a cleaned batch; called in input order on the calling
     * thread.  Returns 0 to go on, 1 to stop. */
    int (*emit)(void *ctx, tool_batch *b);
    void **workers;        /* one state per worker */
    size_t n_workers;      /* 1: everything on the calling thread */
} tool_pipeline;

/* Moves a batch's view into its `out` (a no-op without a view).  Fails
 * only for want of memory: then the batch is marked failed, with a
 * message. */
void tool_batch_settle(tool_batch *b);

/* Runs fill -> work -> emit over all batches.  At most 2 * n_workers + 2
 * batches are in memory at a time.  Returns 0, or 1 when the threads
 * could not be started (printed). */
int tool_pipeline_run(const tool_pipeline *p);

/* The number of cores online (at least 1). */
unsigned tool_cores(void);

#endif /* WINNOW_TOOL_WORKERS_H */
