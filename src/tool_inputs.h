/* tool_inputs.h -- the list of inputs of a run and where each one's
 * output goes (folders walked with -r, names mirrored under -o DIR). */
#ifndef WINNOW_TOOL_INPUTS_H
#define WINNOW_TOOL_INPUTS_H

#include <stddef.h>
#include <stdint.h>
#include "tool_options.h"

typedef struct tool_input {
    char *path;            /* "-" for standard input */
    char *output;          /* the output file, or NULL: standard output */
    uint64_t size;         /* bytes on disk (0 when unknown) */
} tool_input;

typedef struct tool_inputs {
    tool_input *v;
    size_t n, cap;
    uint64_t total_size;   /* sum of sizes; 0 when one is unknown */
} tool_inputs;

/* Lists the inputs the command line names: files as given, folders (with
 * -r) walked in name order, skipping the output folder itself.  With
 * -o DIR each input's output is DIR/<name> (<path below the folder> for
 * a walked folder; "stdin.txt" or "stdin.jsonl" for standard input;
 * WET archives become .jsonl, with the compression suffix kept).
 * Returns 0, or 1 when some input could not be listed (printed; the
 * others are listed). */
int tool_inputs_collect(const tool_options *c, tool_inputs *list);

void tool_inputs_release(tool_inputs *list);

/* Creates the folders above `path` as needed.  Returns 0 or an errno. */
int tool_make_parents(const char *path);

#endif /* WINNOW_TOOL_INPUTS_H */
