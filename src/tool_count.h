/* tool_count.h -- `winnow count`: how many documents each line occurs
 * in, counted over inputs, saved, merged, and loaded for --line-counts. */
#ifndef WINNOW_TOOL_COUNT_H
#define WINNOW_TOOL_COUNT_H

#include "winnow.h"
#include "tool_options.h"

/* Counts the lines of every document of the inputs `c` names (text,
 * --jsonl or --wet) into `counts`.  Returns 0, or 1 when an input could
 * not be read (reported; the others are counted). */
int tool_count_inputs(const tool_options *c, winnow_line_counts *counts);

/* Reads a counts file.  Returns 0, or prints why and returns 1. */
int tool_count_load(const char *path, winnow_line_counts **out);

/* main() of `winnow count ARGS` (argv[0] is "count"). */
int tool_count_main(int argc, char **argv);

#endif /* WINNOW_TOOL_COUNT_H */
