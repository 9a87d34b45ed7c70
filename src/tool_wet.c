/* tool_wet.c -- WET archives as documents.
 *
 * A WET file (Common Crawl's extracted text) is a series of WARC/1.0
 * records, each a header block, a blank line, Content-Length bytes of
 * content and two CRLFs:
 *
 *   WARC/1.0\r\n  WARC-Type: conversion\r\n  WARC-Target-URI: ...\r\n
 *   WARC-Date: ...\r\n  WARC-Record-ID: <urn:uuid:...>\r\n
 *   Content-Length: 1234\r\n  \r\n  <1234 bytes of text>\r\n\r\n
 *
 * Records are read from a window over the (decompressed) stream that
 * holds one record at a time.  After a record's content the next bytes
 * must be the CRLFs and then "WARC/" or the end; when they are not, the
 * Content-Length was wrong: the record is cut at the first line that
 * starts with "WARC/1." after its header, reported, and reading goes on
 * from there.  Garbage between records is skipped the same way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "winnow.h"
#include "tool_wet.h"

enum { READ_CHUNK = 1 << 20 };

struct tool_wet {
    tool_reader *r;
    const char *name;
    size_t max_record;
    wbuf buf;                 /* window: buf.data[pos..buf.len) unread */
    size_t pos;
    unsigned long long offset;/* stream offset of buf.data[0] */
    int eof, error;
};

int tool_wet_open(tool_wet **out, tool_reader *r, const char *name, size_t max_record)
{
    tool_wet *w = calloc(1, sizeof *w);
    if (!w) return 1;
    w->r = r;
    w->name = name;
    w->max_record = max_record;
    wbuf_init(&w->buf, 0);
    *out = w;
    return 0;
}

void tool_wet_close(tool_wet *w)
{
    if (!w) return;
    wbuf_release(&w->buf);
    free(w);
}

/* Makes at least `n` unread bytes available unless the stream ends
 * first.  Returns the number available. */
static size_t ensure(tool_wet *w, size_t n, wbuf *messages)
{
    while (w->buf.len - w->pos < n && !w->eof) {
        if (w->pos > 0 && w->pos >= w->buf.len / 2) {      /* compact */
            memmove(w->buf.data, w->buf.data + w->pos, w->buf.len - w->pos);
            w->buf.len -= w->pos;
            w->offset += w->pos;
            w->pos = 0;
        }
        size_t want = n - (w->buf.len - w->pos);
        if (want < READ_CHUNK) want = READ_CHUNK;
        if (wbuf_reserve(&w->buf, want)) {
            wbuf_printf(messages, "winnow: %s: out of memory\n", w->name);
            w->eof = w->error = 1;
            break;
        }
        long k = tool_reader_read(w->r, w->buf.data + w->buf.len, want);
        if (k < 0) {
            wbuf_printf(messages, "winnow: %s: %s\n", w->name, tool_reader_error(w->r));
            w->eof = w->error = 1;
            break;
        }
        if (k == 0) w->eof = 1;
        w->buf.len += (size_t)k;
    }
    return w->buf.len - w->pos;
}

/* Offset (from pos) of the first "WARC/1." at the start of a line at or
 * after `from`, reading more as needed; SIZE_MAX when there is none. */
static size_t find_header(tool_wet *w, size_t from, wbuf *messages)
{
    size_t have = ensure(w, from + 8, messages);
    for (;;) {
        const char *base = w->buf.data + w->pos;
        for (size_t i = from; i + 7 <= have; i++) {
            const char *p = memchr(base + i, 'W', have - i);
            if (!p) break;
            i = (size_t)(p - base);
            if (i + 7 <= have && memcmp(p, "WARC/1.", 7) == 0 &&
                (i == 0 || base[i - 1] == '\n'))
                return i;
        }
        if (w->eof) return (size_t)-1;
        if (have > 7) from = have - 7;
        if (w->max_record && have > w->max_record + 65536) return (size_t)-1;
        have = ensure(w, have + READ_CHUNK, messages);
        base = w->buf.data + w->pos;
    }
}

/* The value of header `name` in the header block h[0..n), trimmed. */
static int header(const char *h, size_t n, const char *name, const char **v, size_t *vlen)
{
    size_t k = strlen(name);
    const char *p = h, *end = h + n;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        if ((size_t)(le - p) > k && p[k] == ':' && strncasecmp(p, name, k) == 0) {
            const char *a = p + k + 1, *b = le;
            while (a < b && (*a == ' ' || *a == '\t')) a++;
            while (b > a && (b[-1] == '\r' || b[-1] == ' ' || b[-1] == '\t')) b--;
            *v = a;
            *vlen = (size_t)(b - a);
            return 1;
        }
        p = le + 1;
    }
    return 0;
}

static int append_string(wbuf *out, const char *s, size_t n)
{
    if (wbuf_reserve(out, 6 * n + 2)) return 1;
    out->data[out->len++] = '"';
    out->len += winnow_json_escape(out->data + out->len, s, n);
    out->data[out->len++] = '"';
    return 0;
}

int tool_wet_next(tool_wet *w, wbuf *jsonl, wbuf *messages)
{
    for (;;) {
        /* Skip the blank lines between records, then expect a header. */
        size_t have = ensure(w, 8, messages);
        while (have && (w->buf.data[w->pos] == '\r' || w->buf.data[w->pos] == '\n')) {
            w->pos++;
            have = ensure(w, 8, messages);
        }
        if (have == 0) return w->error ? -1 : 0;
        if (have < 7 || memcmp(w->buf.data + w->pos, "WARC/1.", 7) != 0) {
            size_t at = find_header(w, 1, messages);
            wbuf_printf(messages, "winnow: %s: offset %llu: not a WARC record; %s\n",
                        w->name, w->offset + w->pos,
                        at == (size_t)-1 ? "ignored to the end" : "skipped to the next one");
            if (at == (size_t)-1) { w->pos = w->buf.len; return w->error ? -1 : 0; }
            w->pos += at;
            continue;
        }
        /* The header block ends at the first blank line. */
        size_t hdr_end = 0, body = 0;
        for (size_t scan = 0;;) {
            have = ensure(w, scan + 4096, messages);
            const char *b = w->buf.data + w->pos;
            for (size_t i = scan; i + 1 < have; i++) {
                if (b[i] != '\n') continue;
                if (b[i + 1] == '\n') { hdr_end = i + 1; body = i + 2; break; }
                if (b[i + 1] == '\r' && i + 2 < have && b[i + 2] == '\n') {
                    hdr_end = i + 1; body = i + 3; break;
                }
            }
            if (body || w->eof || have > 1 << 20) break;
            scan = have > 2 ? have - 2 : 0;
        }
        if (!body) {
            wbuf_printf(messages, "winnow: %s: offset %llu: WARC header without an end; "
                        "ignored to the end\n", w->name, w->offset + w->pos);
            w->pos = w->buf.len;
            return w->error ? -1 : 0;
        }
        unsigned long long rec_offset = w->offset + w->pos;
        const char *v;
        size_t vlen;
        unsigned long long clen = 0;
        int has_len = header(w->buf.data + w->pos, hdr_end, "Content-Length", &v, &vlen);
        if (has_len) {
            char num[32];
            snprintf(num, sizeof num, "%.*s", (int)(vlen < 31 ? vlen : 31), v);
            char *e;
            clen = strtoull(num, &e, 10);
            if (e == num || *e) has_len = 0;
        }
        /* Where the content ends: Content-Length, checked against what
         * follows; or the next header. */
        size_t end = 0, next = 0;
        int wrong = !has_len;
        if (has_len && clen <= (unsigned long long)((size_t)-1 / 2) &&
            (!w->max_record || clen <= w->max_record)) {
            size_t want = body + (size_t)clen;
            have = ensure(w, want + 4 + 7, messages);
            const char *b = w->buf.data + w->pos;
            size_t t = want;
            if (have >= want) {
                while (t < have && t < want + 4 && (b[t] == '\r' || b[t] == '\n')) t++;
                /* The record ends with CRLF CRLF (or the input ends). */
                if ((t == have && w->eof) ||
                    (t - want >= 2 && (memcmp(b + want, "\r\n\r\n", 4) == 0 ||
                                       memcmp(b + want, "\n\n", 2) == 0))) {
                    end = want;
                    next = t;
                } else {
                    wrong = 1;
                }
            } else {
                wrong = 1;
            }
        } else {
            wrong = 1;
        }
        if (wrong) {
            size_t at = find_header(w, body, messages);
            if (at == (size_t)-1) at = w->buf.len - w->pos;
            end = at;
            next = at;
            const char *b = w->buf.data + w->pos;
            while (end > body && (b[end - 1] == '\n' || b[end - 1] == '\r')) end--;
            if (w->eof && next == w->buf.len - w->pos && (!has_len || clen > end - body))
                wbuf_printf(messages, "winnow: %s: offset %llu: record cut short by the end "
                            "of the input\n", w->name, rec_offset);
            else
                wbuf_printf(messages, "winnow: %s: offset %llu: record with a %s "
                            "Content-Length; cut at the next record\n", w->name, rec_offset,
                            has_len ? "wrong" : "missing");
        }
        const char *h = w->buf.data + w->pos;
        size_t hlen = hdr_end;
        int produced = 0;
        if (header(h, hlen, "WARC-Type", &v, &vlen) && vlen == 10 &&
            strncasecmp(v, "conversion", 10) == 0) {
            const char *id = "", *url = "", *date = "", *lang = NULL;
            size_t idn = 0, urln = 0, daten = 0, langn = 0;
            header(h, hlen, "WARC-Record-ID", &id, &idn);
            header(h, hlen, "WARC-Target-URI", &url, &urln);
            header(h, hlen, "WARC-Date", &date, &daten);
            header(h, hlen, "WARC-Identified-Content-Language", &lang, &langn);
            int e = wbuf_append(jsonl, "{\"id\":", 6) || append_string(jsonl, id, idn) ||
                    wbuf_append(jsonl, ",\"text\":", 8) ||
                    append_string(jsonl, h + body, end - body);
            h = w->buf.data + w->pos;             /* (no reads above; same) */
            e = e || wbuf_append(jsonl, ",\"metadata\":{\"url\":", 19) ||
                append_string(jsonl, url, urln) || wbuf_append(jsonl, ",\"date\":", 8) ||
                append_string(jsonl, date, daten) ||
                wbuf_append(jsonl, ",\"record_id\":", 13) || append_string(jsonl, id, idn);
            if (lang)
                e = e || wbuf_append(jsonl, ",\"language\":", 12) ||
                    append_string(jsonl, lang, langn);
            e = e || wbuf_append(jsonl, "}}\n", 3);
            if (e) {
                wbuf_printf(messages, "winnow: %s: out of memory\n", w->name);
                w->error = 1;
                return -1;
            }
            produced = 1;
        }
        w->pos += next;
        if (produced) return 1;
    }
}
