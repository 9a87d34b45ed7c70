/* tool_text.c -- a plain-text input as one document, or as parts of one
 * (see tool_text.h).
 *
 * The input is read into one buffer; a document is taken from its front
 * and the rest moved down, so at most TOOL_TEXT_WHOLE (then about
 * TOOL_TEXT_PART) bytes are held, plus one line when a line is longer.
 */
#include "tool_text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How the parts' encoding writes a line: code units of `width` bytes
 * (1, 2 or 4) in a byte order; offsets into the buffer are multiples of
 * the width, as the buffer starts at one (every cut falls after a unit). */
typedef struct line_code {
    size_t width;
    int big_endian;
} line_code;

struct tool_text {
    tool_reader *r;
    const char *shown;
    winnow_options opt;
    uint64_t size_hint;    /* bytes on disk, 0 when unknown */
    winnow **probe;        /* the caller's context for choose_parts() */
    wbuf buf;              /* bytes read and not yet returned */
    uint64_t offset;       /* offset in the input of buf.data[0] */
    const char *encoding;  /* of the parts */
    winnow_cut cut;        /* how it is cut (NONE: read whole) */
    line_code code;        /* how it writes a line */
    size_t whole, part;    /* TOOL_TEXT_WHOLE, TOOL_TEXT_PART (or, in
                              tests, tool_text_set_sizes()) */
    int started, eof, done;
    int next_at_blank;     /* the next part is cut next to a blank line */
    char why[200];         /* why the input failed, not yet reported */
};

int tool_text_open(tool_text **out, tool_reader *r, const char *shown,
                   const winnow_options *opt, uint64_t size_hint, winnow **probe)
{
    tool_text *t = calloc(1, sizeof *t);
    if (!t) return ENOMEM;
    t->r = r;
    t->shown = shown;
    t->opt = *opt;
    t->size_hint = size_hint;
    t->probe = probe;
    t->whole = TOOL_TEXT_WHOLE;
    t->part = TOOL_TEXT_PART;
    t->code.width = 1;
    wbuf_init(&t->buf, 0);
    *out = t;
    return 0;
}

void tool_text_set_sizes(tool_text *t, size_t whole, size_t part)
{
    t->whole = whole;
    t->part = part;
}

void tool_text_close(tool_text *t)
{
    if (!t) return;
    wbuf_release(&t->buf);
    free(t);
}

/* Notes why the input failed, for tool_text_next() to report. */
static int fail(tool_text *t, const char *why)
{
    snprintf(t->why, sizeof t->why, "%s", why);
    return -1;
}

/* Reads until `want` bytes are buffered or the input ends.  Returns 0,
 * or -1 (see fail()): a read error, out of memory, or more than
 * max_doc_bytes in all. */
static int fill(tool_text *t, size_t want)
{
    const size_t max = t->opt.max_doc_bytes;
    if (max && want > max + 1) want = max + 1;     /* enough to tell */
    /* a file on disk is known to be too large after its first bytes */
    const int known = t->size_hint && strcmp(tool_reader_format(t->r), "plain") == 0;
    while (!t->eof && t->buf.len < want) {
        /* room for the rest of the file (as far as wanted) when its size
         * is known: reserved and read at once, not grown by doubling,
         * which copies and touches fresh memory at every step; else (a
         * pipe, a compressed stream past its size on disk) growing by
         * doubling, so that a small input costs no more than its size */
        size_t room = t->buf.len < (1 << 16) ? (1 << 16) : t->buf.len;
        const uint64_t seen = t->offset + t->buf.len;
        if (t->size_hint && seen <= t->size_hint && t->size_hint + 1 - seen > room)
            room = (size_t)(t->size_hint + 1 - seen);
        if (room > want - t->buf.len) room = want - t->buf.len;
        if (wbuf_reserve(&t->buf, room)) return fail(t, "out of memory");
        long n = tool_reader_read(t->r, t->buf.data + t->buf.len, room);
        if (n < 0) return fail(t, tool_reader_error(t->r));
        if (n == 0) t->eof = 1;
        t->buf.len += (size_t)n;
        if (max && (t->offset + t->buf.len > max || (known && t->size_hint > max)))
            return fail(t, winnow_strerror(WINNOW_ERR_TOO_LARGE));
    }
    return 0;
}

/* The code unit at s[k] (k + width <= the bytes read). */
static uint32_t unit_at(const line_code *c, const char *s, size_t k)
{
    const unsigned char *p = (const unsigned char *)s + k;
    uint32_t u = 0;
    for (size_t b = 0; b < c->width; b++)
        u |= (uint32_t)p[c->big_endian ? b : c->width - 1 - b] << (8 * (c->width - 1 - b));
    return u;
}

/* Whether s[0..n) holds nothing but spaces, tabs and CRs. */
static int blank(const line_code *c, const char *s, size_t n)
{
    for (size_t i = 0; i + c->width <= n; i += c->width) {
        const uint32_t u = unit_at(c, s, i);
        if (u != ' ' && u != '\t' && u != '\r') return 0;
    }
    return 1;
}

/* Whether the unit at s[k] ends a line, in the `avail` bytes of s read so
 * far: a line feed, or a carriage return not followed by one (old Mac
 * text, which tidy reads as line breaks too; a CR that ends what was
 * read may be the first half of a CRLF, and is not). */
static int ends_line(const line_code *c, const char *s, size_t k, size_t avail)
{
    const uint32_t u = unit_at(c, s, k);
    return u == '\n' || (u == '\r' && k + 2 * c->width <= avail &&
                         unit_at(c, s, k + c->width) != '\n');
}

/* The start of the line that holds the unit before s[i] (0 when it is
 * the first). */
static size_t line_start(const line_code *c, const char *s, size_t i, size_t avail)
{
    while (i >= c->width && !ends_line(c, s, i - c->width, avail)) i -= c->width;
    return i;
}

/* The offset of the first line end in s[from..avail), or avail. */
static size_t next_line_end(const line_code *c, const char *s, size_t from,
                            size_t avail)
{
    if (c->width > 1) {
        for (size_t k = from; k + c->width <= avail; k += c->width)
            if (ends_line(c, s, k, avail)) return k;
        return avail;
    }
    for (;;) {
        const char *lf = memchr(s + from, '\n', avail - from);
        const size_t stop = lf ? (size_t)(lf - s) : avail;
        const char *cr = memchr(s + from, '\r', stop - from);
        if (!cr) return stop;
        const size_t k = (size_t)(cr - s);
        if (ends_line(c, s, k, avail)) return k;
        from = k + 1;   /* a CRLF's CR, or a CR at the end: look on */
    }
}

/* Where to end a part of s[0..len) (of `avail` bytes read; len a
 * multiple of the width): before the last blank line that starts in the
 * second half of s[0..len), else after the last line end; 0 when there
 * is none. */
static size_t find_cut(const line_code *c, const char *s, size_t len, size_t avail)
{
    size_t end = line_start(c, s, len, avail);   /* the last whole line ends here */
    const size_t last_line_end = end;
    while (end > len / 2) {
        /* the line s[start..end - width) and its line end */
        const size_t start = line_start(c, s, end - c->width, avail);
        if (start > 0 && blank(c, s + start, end - c->width - start)) return start;
        end = start;
    }
    return last_line_end;
}

/* Whether a cut at s[cut] (just after a line end) falls next to a blank
 * line: the line it ends or the line it starts (as far as s[0..len) has
 * it) is blank.  Tidy drops blank lines at a document's edges, so the
 * blank line between two parts is written back between their texts. */
static int blank_at(const line_code *c, const char *s, size_t len, size_t cut)
{
    if (cut % c->width) return 0;   /* the end of a text with half a unit */
    if (cut > 0) {
        const size_t start = line_start(c, s, cut - c->width, len);
        if (blank(c, s + start, cut - c->width - start)) return 1;
    }
    const size_t end = next_line_end(c, s, cut, len);
    return end < len && blank(c, s + cut, end - cut);
}

/* Hands everything buffered over to `doc` (swapping buffers, no copy). */
static void take_all(tool_text *t, wbuf *doc)
{
    const wbuf spare = *doc;
    *doc = t->buf;
    t->buf = spare;
    wbuf_reset(&t->buf);
}

/* Hands the whole buffer over as the input's one document. */
static int whole(tool_text *t, wbuf *doc, tool_text_doc *where)
{
    take_all(t, doc);
    memset(where, 0, sizeof *where);
    where->last = 1;
    t->done = 1;
    return 1;
}

/* Decides, on the first TOOL_TEXT_WHOLE bytes and more, how a long input
 * is read: in parts in the encoding found, or whole.  Returns 0 or -1. */
static int choose_parts(tool_text *t)
{
    winnow *w = t->probe ? *t->probe : NULL;
    winnow_error e = WINNOW_OK;
    if (!w) {
        winnow_options o = t->opt;
        o.keep_all = 1;                /* no classifier to build */
        o.model = NULL;
        o.model_len = 0;
        o.line_counts = NULL;
        e = winnow_new(&w, &o);
        if (e) w = NULL;
        else if (t->probe) *t->probe = w;   /* the caller's from now on */
    }
    const char *encoding = NULL;
    int cut = 0;
    if (!e) e = winnow_encoding(w, t->buf.data, t->buf.len, &encoding, &cut);
    if (!t->probe) winnow_free(w);
    if (e) return fail(t, winnow_strerror(e));
    static const line_code codes[] = {
        [WINNOW_CUT_BYTES] = {1, 0},
        [WINNOW_CUT_UTF16LE] = {2, 0}, [WINNOW_CUT_UTF16BE] = {2, 1},
        [WINNOW_CUT_UTF32LE] = {4, 0}, [WINNOW_CUT_UTF32BE] = {4, 1},
    };
    if (cut > WINNOW_CUT_NONE && cut <= WINNOW_CUT_UTF32BE) {
        t->cut = (winnow_cut)cut;
        t->code = codes[cut];
    }
    t->encoding = encoding;            /* static, or the options' string */
    return 0;
}

/* The input failed: says why, once. */
static int report(tool_text *t, wbuf *messages)
{
    wbuf_printf(messages, "winnow: %s: %s\n", t->shown, t->why);
    t->done = 1;
    return -1;
}

int tool_text_next(tool_text *t, wbuf *doc, tool_text_doc *where, wbuf *messages)
{
    if (t->done) return 0;
    if (t->why[0]) return report(t, messages);
    wbuf_reset(doc);
    if (!t->started) {
        t->started = 1;
        if (fill(t, t->whole + 1)) return report(t, messages);
        if (t->eof) return whole(t, doc, where);
        if (choose_parts(t)) return report(t, messages);
        if (t->cut == WINNOW_CUT_NONE) {
            if (fill(t, (size_t)-1)) return report(t, messages);
            return whole(t, doc, where);
        }
        /* sizes count code units: a wide text is cut where its UTF-8
         * twin would be */
        if (t->code.width > 1) {
            if (fill(t, t->whole * t->code.width + 1)) return report(t, messages);
            if (t->eof) return whole(t, doc, where);
        }
    }
    const line_code *c = &t->code;
    const size_t part = t->part * c->width;
    if (fill(t, part + part / 2 + 1)) return report(t, messages);
    size_t cut = t->buf.len;
    /* the rest is one part when it ends within half a part more */
    if (!(t->eof && t->buf.len <= part + part / 2)) {
        cut = find_cut(c, t->buf.data, part, t->buf.len);
        /* a line longer than a part: the part ends with it */
        size_t from = part;            /* find_cut looked before this */
        while (!cut) {
            const size_t end = next_line_end(c, t->buf.data, from, t->buf.len);
            if (end < t->buf.len) cut = end + c->width;
            else if (t->eof) cut = t->buf.len;
            else {
                /* the last whole unit again: a CR there waits for the
                 * next */
                from = t->buf.len / c->width * c->width;
                from = from >= c->width ? from - c->width : 0;
                if (fill(t, t->buf.len + part)) return report(t, messages);
            }
        }
    }
    const int cut_at_blank = blank_at(c, t->buf.data, t->buf.len, cut);
    if (cut == t->buf.len) {
        take_all(t, doc);
    } else {
        if (wbuf_append(doc, t->buf.data, cut)) {
            fail(t, "out of memory");
            return report(t, messages);
        }
        memmove(t->buf.data, t->buf.data + cut, t->buf.len - cut);
        t->buf.len -= cut;
    }
    where->encoding = t->encoding;
    where->cut = t->cut;
    where->offset = t->offset;
    where->part = 1;
    where->at_blank = t->next_at_blank;
    t->offset += cut;
    t->next_at_blank = cut_at_blank;
    /* is this the last part?  (a failure is reported by the next call) */
    if (!t->buf.len && !t->eof) (void)fill(t, 1);
    where->last = t->eof && !t->buf.len && !t->why[0];
    if (where->last) t->done = 1;
    return 1;
}
