/* tool_input.c -- reading an input of the winnow command.
 *
 * A tool_reader reads a file descriptor through a 256 KiB buffer and
 * hands out plain bytes.  The first bytes decide the format: 1f 8b is
 * gzip (any number of members, one after another, as WET archives and
 * `cat a.gz b.gz` make them), 28 b5 2f fd is zstd (any number of
 * frames), anything else is read as it is.  A compressed stream that
 * ends early, or holds corrupt data, is an error with a message; the
 * bytes decompressed before it have been handed out.
 *
 * tool_read_all() reads a whole stdio stream as it is (model files).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "buf.h"
#include "tool_input.h"

enum { RAW_SIZE = 256 * 1024 };
enum format { UNKNOWN, PLAIN, GZIP, ZSTD };

struct tool_reader {
    int fd;
    enum format format;
    unsigned char *raw;          /* bytes read from fd, raw[pos..len) unused */
    size_t pos, len;
    int eof;                     /* fd is at its end */
    int done;                    /* the stream has ended cleanly */
    uint64_t raw_bytes;
    z_stream z;
    int z_live;                  /* inside a gzip member */
    ZSTD_DStream *zs;
    size_t zs_hint;              /* last ZSTD_decompressStream result */
    char error[160];
};

int tool_reader_open(tool_reader **out, const char *path)
{
    int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY);
    if (fd < 0) return errno;
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        if (fd) close(fd);
        return EISDIR;
    }
    tool_reader *r = calloc(1, sizeof *r);
    unsigned char *raw = malloc(RAW_SIZE);
    if (!r || !raw) {
        free(r);
        free(raw);
        if (fd) close(fd);
        return ENOMEM;
    }
    r->fd = fd;
    r->raw = raw;
    *out = r;
    return 0;
}

void tool_reader_close(tool_reader *r)
{
    if (!r) return;
    if (r->fd) close(r->fd);
    if (r->format == GZIP) inflateEnd(&r->z);
    ZSTD_freeDStream(r->zs);
    free(r->raw);
    free(r);
}

const char *tool_reader_error(const tool_reader *r) { return r->error; }

const char *tool_reader_format(const tool_reader *r)
{
    return r->format == GZIP ? "gzip" : r->format == ZSTD ? "zstd" : "plain";
}

uint64_t tool_reader_raw_bytes(const tool_reader *r) { return r->raw_bytes; }

static int fail(tool_reader *r, const char *what)
{
    snprintf(r->error, sizeof r->error, "%s", what);
    return -1;
}

/* Refills raw[] when it is empty.  Returns 1 when bytes are there, 0 at
 * end of file, -1 on a read error. */
static int fill(tool_reader *r)
{
    if (r->pos < r->len) return 1;
    if (r->eof) return 0;
    ssize_t n;
    do n = read(r->fd, r->raw, RAW_SIZE); while (n < 0 && errno == EINTR);
    if (n < 0) return fail(r, strerror(errno));
    r->pos = 0;
    r->len = (size_t)n;
    r->raw_bytes += (uint64_t)n;
    if (n == 0) { r->eof = 1; return 0; }
    return 1;
}

/* Looks at the first bytes (up to 4, fewer at a short end of file). */
static int sniff(tool_reader *r)
{
    while (r->len - r->pos < 4 && !r->eof) {
        if (r->pos) {
            memmove(r->raw, r->raw + r->pos, r->len - r->pos);
            r->len -= r->pos;
            r->pos = 0;
        }
        ssize_t n;
        do n = read(r->fd, r->raw + r->len, RAW_SIZE - r->len); while (n < 0 && errno == EINTR);
        if (n < 0) return fail(r, strerror(errno));
        if (n == 0) r->eof = 1;
        r->len += (size_t)n;
        r->raw_bytes += (uint64_t)n;
    }
    const unsigned char *p = r->raw + r->pos;
    size_t have = r->len - r->pos;
    r->format = PLAIN;
    if (have >= 2 && p[0] == 0x1f && p[1] == 0x8b) {
        memset(&r->z, 0, sizeof r->z);
        if (inflateInit2(&r->z, 15 + 16) != Z_OK) return fail(r, "cannot start gzip");
        r->format = GZIP;
    } else if (have >= 4 && p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f && p[3] == 0xfd) {
        r->zs = ZSTD_createDStream();
        if (!r->zs || ZSTD_isError(ZSTD_initDStream(r->zs))) return fail(r, "cannot start zstd");
        r->format = ZSTD;
    }
    return 0;
}

static long read_plain(tool_reader *r, char *buf, size_t n)
{
    if (r->pos == r->len && n >= RAW_SIZE && !r->eof) {   /* no extra copy */
        ssize_t k;
        do k = read(r->fd, buf, n); while (k < 0 && errno == EINTR);
        if (k < 0) return fail(r, strerror(errno));
        if (k == 0) r->eof = 1;
        r->raw_bytes += (uint64_t)k;
        return (long)k;
    }
    int f = fill(r);
    if (f <= 0) return f;
    size_t k = r->len - r->pos < n ? r->len - r->pos : n;
    memcpy(buf, r->raw + r->pos, k);
    r->pos += k;
    return (long)k;
}

static long read_gzip(tool_reader *r, char *buf, size_t n)
{
    r->z.next_out = (unsigned char *)buf;
    r->z.avail_out = (uInt)n;
    while (r->z.avail_out == n) {
        int f = fill(r);
        if (f < 0) return -1;
        if (!r->z_live) {
            if (f == 0) return 0;
            if (r->raw[r->pos] != 0x1f) {        /* not a new member */
                /* Zero padding after the last member is tolerated. */
                while (r->pos < r->len && r->raw[r->pos] == 0) r->pos++;
                if (r->pos < r->len) return fail(r, "trailing garbage after gzip data");
                continue;
            }
            if (inflateReset(&r->z) != Z_OK) return fail(r, "gzip reset failed");
            r->z_live = 1;
        }
        r->z.next_in = r->raw + r->pos;
        r->z.avail_in = (uInt)(f ? r->len - r->pos : 0);
        int ret = inflate(&r->z, Z_NO_FLUSH);
        if (f) r->pos = r->len - r->z.avail_in;
        if (ret == Z_STREAM_END) {
            r->z_live = 0;
        } else if (ret == Z_BUF_ERROR || (ret == Z_OK && !f && r->z.avail_out == n)) {
            if (!f) return fail(r, "truncated gzip stream");
        } else if (ret != Z_OK) {
            char msg[120];
            snprintf(msg, sizeof msg, "corrupt gzip data (%s)", r->z.msg ? r->z.msg : "?");
            return fail(r, msg);
        }
    }
    return (long)(n - r->z.avail_out);
}

static long read_zstd(tool_reader *r, char *buf, size_t n)
{
    ZSTD_outBuffer out = {buf, n, 0};
    while (out.pos == 0) {
        int f = fill(r);
        if (f < 0) return -1;
        if (f == 0 && r->zs_hint == 0) return 0;
        ZSTD_inBuffer in = {r->raw + r->pos, f ? r->len - r->pos : 0, 0};
        size_t ret = ZSTD_decompressStream(r->zs, &out, &in);
        r->pos += in.pos;
        if (ZSTD_isError(ret)) {
            char msg[120];
            snprintf(msg, sizeof msg, "corrupt zstd data (%s)", ZSTD_getErrorName(ret));
            return fail(r, msg);
        }
        r->zs_hint = ret;
        if (!f && out.pos == 0) return fail(r, "truncated zstd stream");
    }
    return (long)out.pos;
}

long tool_reader_read(tool_reader *r, char *buf, size_t n)
{
    if (r->error[0]) return -1;
    if (n == 0) return 0;
    if (n > ((size_t)1 << 30)) n = (size_t)1 << 30;
    if (r->format == UNKNOWN && sniff(r) < 0) return -1;
    switch (r->format) {
    case GZIP: return read_gzip(r, buf, n);
    case ZSTD: return read_zstd(r, buf, n);
    default: return read_plain(r, buf, n);
    }
}

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
