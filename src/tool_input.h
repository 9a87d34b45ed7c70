/* tool_input.h -- reading an input of the winnow command: a file or
 * standard input, plain or compressed (gzip, zstd; told by magic bytes). */
#ifndef WINNOW_TOOL_INPUT_H
#define WINNOW_TOOL_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct tool_reader tool_reader;

/* Opens `path` ("-": standard input) for reading.  Returns 0, or an errno
 * value (EISDIR for a directory). */
int tool_reader_open(tool_reader **out, const char *path);

/* Reads up to `n` decompressed bytes into buf.  Returns the number read,
 * 0 at the end of the input, or -1 on an error (a read error, corrupt or
 * truncated compressed data), which tool_reader_error() describes. */
long tool_reader_read(tool_reader *r, char *buf, size_t n);

/* What went wrong, after a -1; "" otherwise. */
const char *tool_reader_error(const tool_reader *r);

/* "plain", "gzip" or "zstd" (known after the first read). */
const char *tool_reader_format(const tool_reader *r);

/* Bytes consumed from the file itself (compressed bytes) so far. */
uint64_t tool_reader_raw_bytes(const tool_reader *r);

/* Closes the input (not standard input) and frees `r`.  NULL is fine. */
void tool_reader_close(tool_reader *r);

/* Reads all of `f` into a malloc'd buffer (*out, *out_len; the caller
 * frees it), as it is (no decompression).  Returns 0 or an errno value. */
int tool_read_all(FILE *f, char **out, size_t *out_len);

#endif /* WINNOW_TOOL_INPUT_H */
