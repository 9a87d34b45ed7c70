/* tool_output.c -- where the winnow command writes its results.
 *
 * Standard output, or one file per input in an output folder.  A file is
 * written to a temporary name in the same folder (".NAME.XXXXXX") and
 * renamed over NAME only when complete, so an interrupted run never
 * leaves a half-written output; an output that is the input itself (same
 * device and inode) is refused.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tool_output.h"

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

int tool_write_output_file(const char *dir, const char *input, const char *data,
                           size_t len)
{
    const char *name = strcmp(input, "-") == 0 ? "stdin.txt" : base_name(input);
    size_t n = strlen(dir) + strlen(name) + 16;
    char *path = malloc(n), *tmp = malloc(n + 16);
    int status = 1;
    if (!path || !tmp) { fprintf(stderr, "winnow: out of memory\n"); goto out; }
    snprintf(path, n, "%s/%s", dir, name);
    struct stat in_st, out_st;
    if (strcmp(input, "-") != 0 && stat(input, &in_st) == 0 && stat(path, &out_st) == 0 &&
        in_st.st_dev == out_st.st_dev && in_st.st_ino == out_st.st_ino) {
        fprintf(stderr, "winnow: %s: output would overwrite the input; skipped\n", input);
        goto out;
    }
    snprintf(tmp, n + 16, "%s/.%s.XXXXXX", dir, name);
    int fd = mkstemp(tmp);
    if (fd < 0) { fprintf(stderr, "winnow: %s: %s\n", tmp, strerror(errno)); goto out; }
    FILE *f = fdopen(fd, "wb");
    if (!f) { close(fd); unlink(tmp); fprintf(stderr, "winnow: %s: %s\n", tmp, strerror(errno)); goto out; }
    int ok = fwrite(data, 1, len, f) == len;
    int err = errno;
    if (fclose(f) != 0 && ok) { ok = 0; err = errno; }
    if (ok) { (void)chmod(tmp, 0644); }
    if (!ok || rename(tmp, path) != 0) {
        if (ok) err = errno;
        unlink(tmp);
        fprintf(stderr, "winnow: %s: %s\n", path, strerror(err));
        goto out;
    }
    status = 0;
out:
    free(path);
    free(tmp);
    return status;
}

int tool_write_stdout(const char *data, size_t len)
{
    if (len && fwrite(data, 1, len, stdout) != len) {
        fprintf(stderr, "winnow: write error: %s\n", strerror(errno));
        return 1;
    }
    return 0;
}
