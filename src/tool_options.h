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

typedef struct tool_options {
    winnow_options opt;        /* what the library is told */
    const char *output_dir;    /* -o DIR, or NULL: standard output */
    int explain;               /* --explain */
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
