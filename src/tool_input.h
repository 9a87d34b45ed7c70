/* tool_input.h -- reading an input of the winnow command. */
#ifndef WINNOW_TOOL_INPUT_H
#define WINNOW_TOOL_INPUT_H

#include <stddef.h>
#include <stdio.h>

/* Reads all of `f` into a malloc'd buffer (*out, *out_len; the caller
 * frees it).  Returns 0 or an errno value. */
int tool_read_all(FILE *f, char **out, size_t *out_len);

#endif /* WINNOW_TOOL_INPUT_H */
