/* tool_options.h -- the winnow command's settings and how they are parsed.
 *
 * tool_options_parse() turns argv into one tool_options; on bad usage it
 * prints the reason and exits with status 2, on --help / --version it
 * prints and exits 0.  Everything else in the command reads its settings
 * from this struct.
 */
#ifndef WINNOW_TOOL_OPTIONS_H
#define WINNOW_TOOL_OPTIONS_H

#include <stddef.h>
#include "winnow.h"

/* What to do with a JSONL line that cannot be cleaned. */
typedef enum tool_on_error {
    TOOL_ON_ERROR_KEEP,        /* pass it through untouched (default) */
    TOOL_ON_ERROR_SKIP,        /* leave it out */
    TOOL_ON_ERROR_FAIL         /* stop with exit status 1 */
} tool_on_error;

typedef struct tool_options {
    winnow_options opt;        /* what the library is told */
    const char *output_dir;    /* -o DIR, or NULL: standard output */
    int explain;               /* --explain */
    const char *model_path;    /* --model FILE, or NULL: the shipped model */
    /* corpus formats, folders, workers (issue 5) */
    int jsonl;                 /* --jsonl: inputs are JSONL */
    int wet;                   /* --wet: inputs are WET archives */
    winnow_jsonl_options jo;   /* --field, --meta (--explain: dropped lines) */
    tool_on_error on_error;    /* --on-error=fail|skip|keep */
    int drop_empty;            /* --drop-empty */
    int recursive;             /* -r: directories are walked */
    int skip_existing;         /* --skip-existing */
    unsigned jobs;             /* -j N (0: one per core) */
    int quiet;                 /* --quiet: no progress line */
    const char *stats_path;    /* --stats FILE */
    const char *line_counts_path;  /* --line-counts FILE */
    int count_in_run;          /* --count-lines: count the inputs first */
    const char **files;        /* the inputs ("-": standard input) */
    size_t n_files;
} tool_options;

/* Fills `t` from the command line.  Exits on --help, --version and bad
 * usage.  t->files is malloc'd; tool_options_release() frees it. */
void tool_options_parse(int argc, char **argv, tool_options *t);

void tool_options_release(tool_options *t);

/* Reports bad usage ("winnow: WHAT 'ARG'") and exits with status 2. */
void tool_die_usage(const char *what, const char *arg);

#endif /* WINNOW_TOOL_OPTIONS_H */
