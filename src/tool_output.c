/* tool_output.c -- where the winnow command writes its results.
 *
 * Standard output, or one file per input in an output folder.  A file is
 * written to a temporary name in the same folder (".NAME.XXXXXX") and
 * renamed over NAME only when complete, so an interrupted run never
 * leaves a half-written output; an output that is the input itself (same
 * device and inode) is refused.
 *
 * Compression is done by the workers, batch by batch: each batch becomes
 * one gzip member (level 6, as gzip) or one zstd frame (level 3), and a
 * compressed output is their concatenation, which every reader takes as
 * one stream.  The writer only writes bytes in order.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

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

tool_compression tool_compression_for(const char *name)
{
    size_t n = strlen(name);
    if (n > 3 && strcmp(name + n - 3, ".gz") == 0) return TOOL_GZIP;
    if (n > 4 && strcmp(name + n - 4, ".zst") == 0) return TOOL_ZSTD;
    return TOOL_PLAIN;
}

int tool_compress(tool_compression c, const char *data, size_t len, wbuf *out)
{
    if (c == TOOL_PLAIN) return wbuf_append(out, data, len) ? -1 : 0;
    if (c == TOOL_ZSTD) {
        size_t bound = ZSTD_compressBound(len);
        if (wbuf_reserve(out, bound)) return -1;
        size_t n = ZSTD_compress(out->data + out->len, bound, data, len, 3);
        if (ZSTD_isError(n)) return -1;
        out->len += n;
        return 0;
    }
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return -1;
    int status = 0;
    size_t at = 0;
    int ret;
    do {
        size_t chunk = len - at > (1u << 30) ? (1u << 30) : len - at;
        size_t bound = deflateBound(&z, (uLong)chunk) + 64;
        if (wbuf_reserve(out, bound)) { status = -1; break; }
        z.next_in = (unsigned char *)(uintptr_t)(data + at);
        z.avail_in = (uInt)chunk;
        z.next_out = (unsigned char *)out->data + out->len;
        z.avail_out = (uInt)bound;
        at += chunk;
        ret = deflate(&z, at == len ? Z_FINISH : Z_NO_FLUSH);
        out->len = (size_t)((char *)z.next_out - out->data);
        if (ret == Z_STREAM_ERROR) { status = -1; break; }
    } while (at < len || ret != Z_STREAM_END);
    deflateEnd(&z);
    return status;
}

struct tool_writer {
    FILE *f;
    char *path, *tmp;            /* NULL for standard output */
    tool_compression c;
    int failed, wrote;
};

int tool_writer_open(tool_writer **out, const char *path, const char *input,
                     tool_compression c)
{
    tool_writer *w = calloc(1, sizeof *w);
    if (!w) { fprintf(stderr, "winnow: out of memory\n"); return 1; }
    w->c = c;
    if (!path) {
        w->f = stdout;
        *out = w;
        return 0;
    }
    struct stat in_st, out_st;
    if (input && strcmp(input, "-") != 0 && stat(input, &in_st) == 0 &&
        stat(path, &out_st) == 0 && in_st.st_dev == out_st.st_dev &&
        in_st.st_ino == out_st.st_ino) {
        fprintf(stderr, "winnow: %s: output would overwrite the input; skipped\n", input);
        free(w);
        return 1;
    }
    size_t n = strlen(path) + 16;
    w->path = strdup(path);
    w->tmp = malloc(n);
    if (!w->path || !w->tmp) {
        fprintf(stderr, "winnow: out of memory\n");
        free(w->path); free(w->tmp); free(w);
        return 1;
    }
    const char *slash = strrchr(path, '/');
    int dir_len = slash ? (int)(slash - path + 1) : 0;
    snprintf(w->tmp, n, "%.*s.%s.XXXXXX", dir_len, path, path + dir_len);
    int fd = mkstemp(w->tmp);
    if (fd < 0 || !(w->f = fdopen(fd, "wb"))) {
        fprintf(stderr, "winnow: %s: %s\n", w->tmp, strerror(errno));
        if (fd >= 0) { close(fd); unlink(w->tmp); }
        free(w->path); free(w->tmp); free(w);
        return 1;
    }
    *out = w;
    return 0;
}

int tool_writer_write(tool_writer *w, const char *data, size_t len)
{
    if (w->failed) return 1;
    if (len && fwrite(data, 1, len, w->f) != len) {
        fprintf(stderr, "winnow: %s: %s\n", w->path ? w->path : "write error", strerror(errno));
        w->failed = 1;
        return 1;
    }
    if (len) w->wrote = 1;
    return 0;
}

int tool_writer_close(tool_writer *w, int keep)
{
    if (!w) return 0;
    int status = 0;
    if (keep && !w->wrote && !w->failed && w->c != TOOL_PLAIN) {
        wbuf b;                                   /* a valid empty stream */
        wbuf_init(&b, 0);
        if (tool_compress(w->c, "", 0, &b) == 0) tool_writer_write(w, b.data, b.len);
        wbuf_release(&b);
    }
    if (!w->path) {
        if (fflush(stdout) != 0 && !w->failed) {
            fprintf(stderr, "winnow: write error: %s\n", strerror(errno));
            status = 1;
        }
        status = status || w->failed;
        free(w);
        return status;
    }
    int err = 0;
    if (fclose(w->f) != 0) err = errno;
    if (keep && !w->failed && !err) {
        (void)chmod(w->tmp, 0644);
        if (rename(w->tmp, w->path) != 0) err = errno;
    }
    if (err || w->failed || !keep) {
        unlink(w->tmp);
        if (err && !w->failed) fprintf(stderr, "winnow: %s: %s\n", w->path, strerror(err));
        status = keep ? 1 : 0;
    }
    free(w->path);
    free(w->tmp);
    free(w);
    return status;
}
