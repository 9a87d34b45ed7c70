/* tool_output.h -- where the winnow command writes its results: standard
 * output, or a file written under a temporary name and renamed when
 * complete; compressed (gzip, zstd) when the file's name says so. */
#ifndef WINNOW_TOOL_OUTPUT_H
#define WINNOW_TOOL_OUTPUT_H

#include <stddef.h>
#include "buf.h"

typedef enum tool_compression { TOOL_PLAIN, TOOL_GZIP, TOOL_ZSTD } tool_compression;

/* TOOL_GZIP for a name ending in ".gz", TOOL_ZSTD for ".zst", else plain. */
tool_compression tool_compression_for(const char *name);

/* Appends data[0..len) to `out` compressed as one gzip member or zstd
 * frame (concatenated members and frames are one valid stream); plain
 * appends as it is.  Returns 0, or -1 (out of memory). */
int tool_compress(tool_compression c, const char *data, size_t len, wbuf *out);

typedef struct tool_writer tool_writer;

/* Opens an output: `path` NULL is standard output; otherwise the file is
 * written to ".NAME.XXXXXX" beside it and renamed at tool_writer_close().
 * `input` (NULL: none) is the input it is made from: an output that is
 * that very file is refused.  Data given to tool_writer_write() is
 * already compressed (tool_compress); the writer only needs to know how,
 * to write a valid empty stream.  Returns 0, or prints why and returns 1. */
int tool_writer_open(tool_writer **out, const char *path, const char *input,
                     tool_compression c);

/* Writes len bytes.  Returns 0, or prints why and returns 1 (later writes
 * are ignored and close discards the file). */
int tool_writer_write(tool_writer *w, const char *data, size_t len);

/* Finishes the output: with keep, the file gets its name (standard
 * output is flushed); without, the temporary file is removed.  Frees
 * `w` (NULL is fine).  Returns 0, or prints why and returns 1. */
int tool_writer_close(tool_writer *w, int keep);

/* Writes data to DIR/<basename of input> ("stdin.txt" for "-") through a
 * temporary file and a rename; refuses to replace the input itself.
 * Returns 0, or prints the reason and returns 1. */
int tool_write_output_file(const char *dir, const char *input, const char *data,
                           size_t len);

/* Writes data to standard output.  Returns 0, or prints and returns 1. */
int tool_write_stdout(const char *data, size_t len);

#endif /* WINNOW_TOOL_OUTPUT_H */
