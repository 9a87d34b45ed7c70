/* fuzz_file.h -- a fuzz input served as a file, as the command reads
 * its inputs: written to a memfd and opened by its /proc path, so that
 * tool_reader's format sniffing (plain, gzip, zstd) runs too.  The
 * harness defines _GNU_SOURCE before any include (memfd_create). */
#ifndef WINNOW_FUZZ_FILE_H
#define WINNOW_FUZZ_FILE_H

#include <sys/mman.h>
#include <unistd.h>

#include "fuzz_util.h"
#include "tool_input.h"

/* Opens data[0..size) as a file; *fd is for fuzz_close_file(). */
static inline tool_reader *fuzz_open_file(const uint8_t *data, size_t size, int *fd)
{
    *fd = memfd_create("fuzz", 0);
    FUZZ_CHECK(*fd >= 0);
    FUZZ_CHECK(size == 0 || write(*fd, data, size) == (ssize_t)size);
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", *fd);
    tool_reader *r = NULL;
    FUZZ_CHECK(tool_reader_open(&r, path) == 0);
    return r;
}

static inline void fuzz_close_file(tool_reader *r, int fd)
{
    tool_reader_close(r);
    close(fd);
}

#endif /* WINNOW_FUZZ_FILE_H */
