/* tool_input.c -- reading an input of the winnow command.
 *
 * An input is read whole into one malloc'd buffer.  A regular file's
 * size is known, so it is read with one allocation of exactly its size
 * plus one byte (so that end of file is seen without growing); a pipe is
 * read into a buffer that doubles as it fills.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "tool_input.h"

int tool_read_all(FILE *f, char **out, size_t *out_len)
{
    size_t cap = 1 << 16, len = 0;
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        (unsigned long long)st.st_size < (size_t)-1 / 2)
        cap = (size_t)st.st_size + 1;
    char *buf = malloc(cap);
    if (!buf) return ENOMEM;
    for (;;) {
        if (len == cap) {
            char *p = cap > ((size_t)-1) / 2 ? NULL : realloc(buf, cap * 2);
            if (!p) { free(buf); return ENOMEM; }
            buf = p;
            cap *= 2;
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0) {
            if (ferror(f)) { int err = errno ? errno : EIO; free(buf); return err; }
            break;
        }
    }
    *out = buf;
    *out_len = len;
    return 0;
}
