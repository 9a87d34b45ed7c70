/* tool_output.h -- where the winnow command writes its results. */
#ifndef WINNOW_TOOL_OUTPUT_H
#define WINNOW_TOOL_OUTPUT_H

#include <stddef.h>

/* Writes data to DIR/<basename of input> ("stdin.txt" for "-") through a
 * temporary file and a rename; refuses to replace the input itself.
 * Returns 0, or prints the reason and returns 1. */
int tool_write_output_file(const char *dir, const char *input, const char *data,
                           size_t len);

/* Writes data to standard output.  Returns 0, or prints and returns 1. */
int tool_write_stdout(const char *data, size_t len);

#endif /* WINNOW_TOOL_OUTPUT_H */
