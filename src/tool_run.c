/* tool_run.c -- a run of the winnow command over all its inputs.
 *
 * Inputs (tool_inputs.c) are read one after another and cut into
 * batches (tool_workers.c cleans them on the workers and hands them back
 * in order):
 *
 *   text   one document per batch: the whole input, or a part of a long
 *          one (tool_text.c)
 *   JSONL  about 256 KiB of whole lines per batch; a line is a document
 *   WET    records become JSONL lines (tool_wet.c), then as JSONL
 *
 * The calling thread reads (decompressing: tool_input.c), and writes each
 * batch to standard output or to the input's output file (tool_output.c),
 * printing the batch's messages first, so messages and output come in
 * input order whatever the number of workers.  No input is read whole
 * but a text input of up to 4 MiB (or one in an encoding that cannot be
 * cut at line feeds, such as ISO-2022-JP).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tool_count.h"
#include "tool_inputs.h"
#include "tool_input.h"
#include "tool_output.h"
#include "tool_progress.h"
#include "tool_run.h"
#include "tool_stats.h"
#include "tool_text.h"
#include "tool_wet.h"
#include "tool_workers.h"

enum { BATCH_BYTES = 1 << 18, MAX_MESSAGES = 20 };

typedef struct run {
    const tool_options *c;
    tool_inputs inputs;
    size_t next_input;
    /* the input being read */
    size_t cur;
    tool_reader *r;
    tool_wet *wet;
    tool_text *text;
    winnow *probe;           /* chooses long text inputs' encodings (see
                                tool_text_open) */
    wbuf carry;              /* the start of a line not yet complete */
    uint64_t line_no;
    int first, discarding;
    size_t max_line;
    uint64_t raw_done;       /* input bytes of the inputs finished */
    /* the writing side */
    tool_writer *out;        /* standard output */
    tool_writer *file;       /* the current input's output file */
    int file_failed;
    int part_failed;         /* a part of the current input failed */
    int part_written;        /* a part of the current input wrote text */
    wbuf separator;          /* a blank line, compressed as the output is */
    uint64_t explain_lines;  /* --explain: lines numbered in the current
                                input's parts so far */
    wbuf numbered, packed;   /* --explain: a part renumbered, compressed */
    size_t shown, hidden;    /* messages of the current input */
    tool_stats stats;
    tool_progress progress;
    int status;
} run;

typedef struct worker {
    const run *run;
    const winnow_options *opt;   /* for a context made on first use */
    winnow *w;
    winnow_jsonl *j;
} worker;

static tool_compression compression_of(const run *rn, size_t input)
{
    const char *o = rn->inputs.v[input].output;
    return o ? tool_compression_for(o) : TOOL_PLAIN;
}

static void close_input(run *rn)
{
    if (rn->r) rn->raw_done += tool_reader_raw_bytes(rn->r);
    tool_wet_close(rn->wet);
    tool_text_close(rn->text);
    tool_reader_close(rn->r);
    rn->wet = NULL;
    rn->text = NULL;
    rn->r = NULL;
}

/* Reads whole JSONL lines (about BATCH_BYTES) into b->in.  Returns 1
 * when the input has ended (or failed), 0 when there is more. */
static int fill_jsonl(run *rn, tool_batch *b)
{
    const char *name = rn->inputs.v[rn->cur].path;
    wbuf *in = &b->in;
    int end = 0, have_nl = 0;
    size_t scanned = 0;
    if (wbuf_append(in, rn->carry.data, rn->carry.len)) goto nomem;
    wbuf_reset(&rn->carry);
    for (;;) {
        if (!rn->discarding) {
            if (!have_nl && in->len > scanned) {
                have_nl = memchr(in->data + scanned, '\n', in->len - scanned) != NULL;
                scanned = in->len;
            }
            if (have_nl && in->len >= BATCH_BYTES) break;
            if (!have_nl && in->len > rn->max_line) {
                wbuf_printf(&b->messages, "winnow: %s:%llu: line longer than %zu bytes; "
                            "skipped\n", name, (unsigned long long)rn->line_no, rn->max_line);
                b->stats.errors++;
                rn->discarding = 1;
            }
        }
        if (rn->discarding) {
            const char *nl = in->len ? memchr(in->data, '\n', in->len) : NULL;
            if (nl) {                             /* the too long line ends */
                size_t rest = in->len - (size_t)(nl + 1 - in->data);
                memmove(in->data, nl + 1, rest);
                in->len = rest;
                scanned = 0;
                rn->discarding = 0;
                rn->line_no++;
                continue;
            }
            in->len = 0;
        }
        if (wbuf_reserve(in, BATCH_BYTES)) goto nomem;
        long k = tool_reader_read(rn->r, in->data + in->len, BATCH_BYTES);
        if (k < 0) {
            wbuf_printf(&b->messages, "winnow: %s: %s\n", name, tool_reader_error(rn->r));
            b->failed = 1;
            b->stats.errors++;
            end = 1;
            break;
        }
        if (k == 0) { end = 1; break; }
        in->len += (size_t)k;
    }
    b->raw_bytes = rn->raw_done + tool_reader_raw_bytes(rn->r);
    if (rn->discarding) in->len = 0;
    if (!end) {                        /* keep whole lines; the rest waits */
        size_t i = in->len;
        while (i > 0 && in->data[i - 1] != '\n') i--;
        if (wbuf_append(&rn->carry, in->data + i, in->len - i)) goto nomem;
        in->len = i;
    }
    b->first_line = rn->line_no;
    for (const char *p = in->data, *e = in->data + in->len; p && p < e;) {
        p = memchr(p, '\n', (size_t)(e - p));
        if (p) { p++; rn->line_no++; }
    }
    return end;
nomem:
    wbuf_printf(&b->messages, "winnow: %s: out of memory\n", name);
    b->failed = 1;
    return 1;
}

static int fill(void *ctx, tool_batch *b)
{
    run *rn = ctx;
    const tool_options *c = rn->c;
    wbuf_reset(&b->in);
    wbuf_reset(&b->messages);
    memset(&b->stats, 0, sizeof b->stats);
    b->kind = TOOL_BATCH_NONE;
    b->first = b->last = 0;
    b->failed = b->stop = 0;
    b->first_line = 0;
    b->part = b->at_blank = 0;
    b->encoding = NULL;
    b->offset = 0;
    if (!rn->r) {
        if (rn->next_input == rn->inputs.n) return 0;
        rn->cur = rn->next_input++;
        const tool_input *in = &rn->inputs.v[rn->cur];
        b->input = rn->cur;
        b->first = b->last = 1;
        b->raw_bytes = rn->raw_done;
        struct stat st;
        if (c->skip_existing && in->output && stat(in->output, &st) == 0) {
            b->stats.inputs_skipped = 1;
            rn->raw_done += in->size;
            return 1;
        }
        b->stats.inputs = 1;
        const char *shown = strcmp(in->path, "-") == 0 ? "(standard input)" : in->path;
        int err = tool_reader_open(&rn->r, in->path);
        if (!err && c->wet && tool_wet_open(&rn->wet, rn->r, shown, c->opt.max_doc_bytes))
            err = ENOMEM;
        if (err) {
            close_input(rn);
            wbuf_printf(&b->messages, "winnow: %s: %s\n", shown,
                        err == EISDIR ? "is a directory" : strerror(err));
            b->failed = 1;
            return 1;
        }
        rn->first = 1;
        rn->line_no = 1;
        rn->discarding = 0;
        wbuf_reset(&rn->carry);
        b->last = 0;
    }
    b->input = rn->cur;
    b->first = rn->first;
    rn->first = 0;
    const char *shown = strcmp(rn->inputs.v[rn->cur].path, "-") == 0
                        ? "(standard input)" : rn->inputs.v[rn->cur].path;
    if (c->wet) {
        b->kind = TOOL_BATCH_JSONL;
        b->first_line = rn->line_no;
        int more = 1;
        while (b->in.len < BATCH_BYTES) {
            int k = tool_wet_next(rn->wet, &b->in, &b->messages);
            if (k < 0) { b->failed = 1; b->stats.errors++; }
            if (k <= 0) { more = 0; break; }
            rn->line_no++;
        }
        b->raw_bytes = rn->raw_done + tool_reader_raw_bytes(rn->r);
        if (!more) { b->last = 1; close_input(rn); }
        return 1;
    }
    if (c->jsonl) {
        b->kind = TOOL_BATCH_JSONL;
        if (fill_jsonl(rn, b)) {
            b->last = 1;
            close_input(rn);
        }
        return 1;
    }
    b->kind = TOOL_BATCH_TEXT;
    if (!rn->text && tool_text_open(&rn->text, rn->r, shown, &c->opt,
                                    rn->inputs.v[rn->cur].size, &rn->probe)) {
        wbuf_printf(&b->messages, "winnow: %s: out of memory\n", shown);
        b->failed = 1;
        b->kind = TOOL_BATCH_NONE;
        b->last = 1;
        close_input(rn);
        return 1;
    }
    tool_text_doc where;
    const int got = tool_text_next(rn->text, &b->in, &where, &b->messages);
    b->raw_bytes = rn->raw_done + tool_reader_raw_bytes(rn->r);
    if (got <= 0) {                        /* failed, or ended after a part */
        b->failed = got < 0;
        b->kind = TOOL_BATCH_NONE;
        b->last = 1;
        b->part = 1;
        close_input(rn);
        return 1;
    }
    b->part = where.part;
    b->at_blank = where.at_blank;
    b->encoding = where.encoding;
    b->offset = where.offset;
    if (where.last) {
        b->last = 1;
        close_input(rn);
    }
    return 1;
}

/* The message for a JSONL line that could not be cleaned. */
static void line_error(const run *rn, tool_batch *b, uint64_t line, winnow_error e)
{
    const tool_options *c = rn->c;
    const char *path = rn->inputs.v[b->input].path;
    const char *shown = strcmp(path, "-") == 0 ? "(standard input)" : path;
    const char *then = c->on_error == TOOL_ON_ERROR_KEEP ? "kept as it is"
                     : c->on_error == TOOL_ON_ERROR_SKIP ? "skipped" : "stopping";
    const char *unit = c->wet ? "document " : "";
    if (e == WINNOW_ERR_JSON_FIELD)
        wbuf_printf(&b->messages, "winnow: %s:%s%llu: no field '%s'; %s\n", shown, unit,
                    (unsigned long long)line, c->jo.field, then);
    else
        wbuf_printf(&b->messages, "winnow: %s:%s%llu: %s; %s\n", shown, unit,
                    (unsigned long long)line, winnow_strerror(e), then);
}

static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r') return 0;
    return 1;
}

static void work_jsonl(const run *rn, worker *wk, tool_batch *b, wbuf *out)
{
    const tool_options *c = rn->c;
    const char *p = b->in.data, *end = b->in.data + b->in.len;
    uint64_t line = b->first_line;
    for (; p < end; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        const char *s = p;
        size_t n = (size_t)(le - p);
        p = le + 1;
        if (b->first && line == 1 && n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
            s += 3;
            n -= 3;
        }
        if (blank(s, n)) continue;
        winnow_jsonl_result r;
        winnow_error e = winnow_jsonl_clean(wk->j, s, n, &r);
        if (!e) {
            tool_stats_add(&b->stats, &r.doc, r.bytes_in, TOOL_STATS_DOCUMENT);
            if (c->drop_empty && r.doc.len == 0) {
                b->stats.dropped_empty++;
                continue;
            }
            if (wbuf_append(out, r.line, r.len) || wbuf_putc(out, '\n')) e = WINNOW_ERR_NOMEM;
            else continue;
        }
        b->stats.errors++;
        line_error(rn, b, line, e);
        if (c->on_error == TOOL_ON_ERROR_KEEP) {
            if (wbuf_append(out, s, n) || wbuf_putc(out, '\n')) b->failed = 1;
        } else if (c->on_error == TOOL_ON_ERROR_FAIL) {
            b->failed = 1;
            b->stop = 1;
            return;
        }
    }
}

static void work_text(const run *rn, worker *wk, tool_batch *b, wbuf *out)
{
    const char *path = rn->inputs.v[b->input].path;
    const char *shown = strcmp(path, "-") == 0 ? "(standard input)" : path;
    winnow_result r;
    winnow_error e = winnow_clean_as(wk->w, b->in.data, b->in.len, b->encoding, &r);
    const char *text = NULL;
    size_t len = 0;
    if (!e) {
        text = r.text;
        len = r.len;
        if (rn->c->explain) e = winnow_explain(wk->w, &r, &text, &len);
        /* the parts of one input are read in one encoding: its header
         * line ("# encoding: ...") stands above the first part only */
        if (!e && rn->c->explain && b->part && !b->first) {
            const char *nl = memchr(text, '\n', len);
            const size_t head = nl ? (size_t)(nl + 1 - text) : len;
            text += head;
            len -= head;
        }
    }
    if (!e) {
        tool_stats_add(&b->stats, &r, b->in.len,
                       !b->part ? TOOL_STATS_DOCUMENT
                       : b->first ? TOOL_STATS_FIRST_PART : TOOL_STATS_LATER_PART);
        /* Plain output is written from the context's memory, not copied
         * (tool_workers.c copies it when the worker moves on first). */
        if (out == &b->out) {
            b->view = text;
            b->view_len = len;
        } else if (wbuf_append(out, text, len)) {
            e = WINNOW_ERR_NOMEM;
        }
    }
    if (e) {
        if (e == WINNOW_ERR_INVALID_INPUT)
            wbuf_printf(&b->messages, "winnow: %s: %s at byte %llu\n", shown,
                        winnow_strerror(e),
                        (unsigned long long)(b->offset + winnow_error_offset(wk->w)));
        else
            wbuf_printf(&b->messages, "winnow: %s: %s\n", shown, winnow_strerror(e));
        b->stats.errors++;
        b->failed = 1;
        b->kind = TOOL_BATCH_NONE;            /* no output file */
    }
}

static void work(void *ctx, void *state, tool_batch *b)
{
    const run *rn = ctx;
    worker *wk = state;
    wbuf_reset(&b->out);
    wbuf_reset(&b->plain);
    b->view = NULL;
    b->view_len = 0;
    if (b->kind == TOOL_BATCH_NONE) return;
    /* A worker's context is made when it gets its first batch: a short
     * input does not pay for contexts that would have nothing to do. */
    winnow_error e = WINNOW_OK;
    if (!wk->w) e = winnow_new(&wk->w, wk->opt);
    if (!e && !wk->j && (rn->c->jsonl || rn->c->wet))
        e = winnow_jsonl_new(&wk->j, wk->w, &rn->c->jo);
    if (e) {
        wbuf_printf(&b->messages, "winnow: %s\n", winnow_strerror(e));
        b->stats.errors++;
        b->failed = 1;
        b->kind = TOOL_BATCH_NONE;
        return;
    }
    tool_compression comp = compression_of(rn, b->input);
    /* an explained part is numbered on from the parts before it, which
     * only emit() knows: it is compressed there */
    if (rn->c->explain && b->part) comp = TOOL_PLAIN;
    wbuf *out = comp == TOOL_PLAIN ? &b->out : &b->plain;
    if (b->kind == TOOL_BATCH_TEXT) work_text(rn, wk, b, out);
    else work_jsonl(rn, wk, b, out);
    if (comp != TOOL_PLAIN && b->plain.len && tool_compress(comp, b->plain.data, b->plain.len, &b->out)) {
        wbuf_printf(&b->messages, "winnow: %s: out of memory\n", rn->inputs.v[b->input].path);
        b->failed = 1;
    }
}

/* Copies --explain output text[0..len) of one part of a long input to
 * `out` with each line's number (winnow_explain() starts its lines with
 * it, "%5zu ") raised by `offset`, the lines of the parts before, so
 * that the numbers run on through the input as the tidied text's lines
 * do.  Returns the part's highest number (before raising), or -1 when
 * out of memory. */
static long long renumber_explain(const char *text, size_t len, uint64_t offset,
                                  wbuf *out)
{
    unsigned long long last = 0;
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl + 1 : end;
        const char *q = p;
        while (q < le && *q == ' ') q++;
        unsigned long long number = 0;
        const char *digits = q;
        while (q < le && *q >= '0' && *q <= '9' && number < (1ULL << 60))
            number = number * 10 + (unsigned long long)(*q++ - '0');
        winnow_error e;
        if (q > digits && q < le && *q == ' ') {
            last = number;
            e = wbuf_printf(out, "%5llu", number + offset);
            if (!e) e = wbuf_append(out, q, (size_t)(le - q));
        } else {
            e = wbuf_append(out, p, (size_t)(le - p));   /* not a numbered line */
        }
        if (e) return -1;
        p = le;
    }
    return (long long)last;
}

/* Prints a batch's messages, at most MAX_MESSAGES per input. */
static void print_messages(run *rn, const tool_batch *b)
{
    const char *p = b->messages.data, *end = p + b->messages.len;
    while (p && p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl + 1 : end;
        if (rn->shown < MAX_MESSAGES) {
            fwrite(p, 1, (size_t)(le - p), stderr);
            rn->shown++;
        } else {
            rn->hidden++;
        }
        p = le;
    }
}

static int emit(void *ctx, tool_batch *b)
{
    run *rn = ctx;
    const tool_input *in = &rn->inputs.v[b->input];
    if (b->first) {
        rn->shown = rn->hidden = 0;
        rn->file_failed = 0;
        rn->part_failed = rn->part_written = 0;
        if (in->output && b->kind != TOOL_BATCH_NONE) {
            int err = tool_make_parents(in->output);
            if (err) {
                fprintf(stderr, "winnow: %s: %s\n", in->output, strerror(err));
                rn->file_failed = 1;
            } else if (tool_writer_open(&rn->file, in->output, in->path,
                                        tool_compression_for(in->output))) {
                rn->file_failed = 1;
            }
            if (rn->file_failed) rn->status = 1;
        }
    }
    if (rn->progress.on && b->messages.len) fputs("\r\033[K", stderr);
    print_messages(rn, b);
    const char *data = b->view ? b->view : b->out.data;
    size_t len = b->view ? b->view_len : b->out.len;
    if (rn->c->explain && b->part && b->first) rn->explain_lines = 0;
    if (rn->c->explain && b->part && len) {
        /* numbered on from the parts before (the blank line between two
         * parts cut next to one counts, as in the clean text) */
        if (!b->first && b->at_blank) rn->explain_lines++;
        wbuf_reset(&rn->numbered);
        wbuf_reset(&rn->packed);
        const long long last = renumber_explain(data, len, rn->explain_lines, &rn->numbered);
        const tool_compression comp = compression_of(rn, b->input);
        if (last < 0 || (comp != TOOL_PLAIN &&
                         tool_compress(comp, rn->numbered.data, rn->numbered.len, &rn->packed))) {
            fprintf(stderr, "winnow: %s: out of memory\n", in->path);
            rn->status = 1;
            len = 0;
        } else {
            rn->explain_lines += (uint64_t)last;
            const wbuf *ready = comp == TOOL_PLAIN ? &rn->numbered : &rn->packed;
            data = ready->data;
            len = ready->len;
        }
    }
    if (b->part && b->failed) rn->part_failed = 1;   /* the rest is not written */
    if (len && !rn->part_failed) {
        tool_writer *w = in->output ? rn->file : rn->out;
        /* Parts cut next to a blank line: the blank line that tidy drops
         * at a document's edge goes back between their texts. */
        if (w && b->part && b->at_blank && rn->part_written && rn->c->opt.tidy &&
            !rn->c->explain) {
            wbuf_reset(&rn->separator);
            if (tool_compress(compression_of(rn, b->input), "\n", 1, &rn->separator) ||
                tool_writer_write(w, rn->separator.data, rn->separator.len))
                rn->status = 1;
        }
        if (w && tool_writer_write(w, data, len)) rn->status = 1;
        rn->part_written = 1;
    }
    tool_stats_merge(&rn->stats, &b->stats);
    if (b->failed) rn->status = 1;
    if (b->last || b->stop) {
        if (rn->hidden)
            fprintf(stderr, "winnow: %s: %zu more messages not shown\n",
                    strcmp(in->path, "-") == 0 ? "(standard input)" : in->path, rn->hidden);
        if (rn->file && tool_writer_close(rn->file, !b->stop && !rn->part_failed))
            rn->status = 1;
        rn->file = NULL;
    }
    tool_progress_update(&rn->progress, rn->stats.documents, b->raw_bytes);
    return b->stop;
}

int tool_run(const tool_options *c, winnow *w)
{
    run rn;
    memset(&rn, 0, sizeof rn);
    rn.c = c;
    size_t max = c->opt.max_doc_bytes;
    rn.max_line = max && max < ((size_t)-1) / 4 ? 2 * max + BATCH_BYTES : (size_t)-1 / 2;
    wbuf_init(&rn.carry, 0);
    wbuf_init(&rn.separator, 0);
    wbuf_init(&rn.numbered, 0);
    wbuf_init(&rn.packed, 0);
    int status = tool_inputs_collect(c, &rn.inputs);
    /* Line counts: loaded, or counted over the inputs first. */
    winnow_line_counts *counts = NULL;
    winnow_options opt = c->opt;
    if (c->line_counts_path) {
        if (tool_count_load(c->line_counts_path, &counts)) {
            tool_inputs_release(&rn.inputs);
            wbuf_release(&rn.carry);
            return 2;
        }
    } else if (c->count_in_run) {
        if (winnow_line_counts_new(&counts, 0) || tool_count_inputs(c, counts)) status = 1;
    }
    opt.line_counts = counts;
    unsigned n = c->jobs ? c->jobs : tool_cores();
    /* No more workers than there will be batches: a plain input is one
     * (or one per TOOL_TEXT_PART when longer than TOOL_TEXT_WHOLE), and a
     * JSONL or WET input smaller than BATCH_BYTES / 16 (even compressed)
     * is one. */
    if (!c->jsonl && !c->wet && rn.inputs.n) {
        uint64_t batches = 0;          /* a text input of unknown size: many */
        for (size_t i = 0; i < rn.inputs.n && batches < n; i++) {
            uint64_t size = rn.inputs.v[i].size;
            batches += !size ? n : size > TOOL_TEXT_WHOLE ? size / TOOL_TEXT_PART + 1 : 1;
        }
        if (batches < n) n = (unsigned)batches;
    }
    if ((c->jsonl || c->wet) && rn.inputs.total_size &&
        rn.inputs.total_size < BATCH_BYTES / 16) n = 1;
    worker *workers = calloc(n, sizeof *workers);
    void **states = calloc(n, sizeof *states);
    if (!workers || !states) {
        fprintf(stderr, "winnow: out of memory\n");
        status = 1;
        n = 0;
    }
    for (unsigned i = 0; i < n; i++) {
        workers[i].run = &rn;
        workers[i].opt = &opt;
        /* The caller's context serves as the first, unless counts are
         * used; the others are made on first use (see work()). */
        if (i == 0 && !counts) workers[i].w = w;
        states[i] = &workers[i];
    }
    if (n && tool_writer_open(&rn.out, NULL, NULL, TOOL_PLAIN) == 0) {
        tool_progress_init(&rn.progress, !c->quiet && isatty(2), rn.inputs.total_size);
        tool_pipeline p = {&rn, fill, work, emit, states, n};
        if (tool_pipeline_run(&p)) status = 1;
        close_input(&rn);
        if (rn.file) tool_writer_close(rn.file, 0);
        if (tool_writer_close(rn.out, 1)) status = 1;
        tool_progress_finish(&rn.progress, rn.stats.documents,
                             rn.raw_done);
        if (c->stats_path &&
            tool_stats_write(&rn.stats, c->stats_path, tool_now() - rn.progress.start))
            status = 1;
    } else {
        status = 1;
    }
    for (unsigned i = 0; i < n; i++) {
        winnow_jsonl_free(workers[i].j);
        if (workers[i].w != w) winnow_free(workers[i].w);
    }
    free(workers);
    free(states);
    winnow_line_counts_free(counts);
    winnow_free(rn.probe);
    wbuf_release(&rn.carry);
    wbuf_release(&rn.separator);
    wbuf_release(&rn.numbered);
    wbuf_release(&rn.packed);
    tool_inputs_release(&rn.inputs);
    return status || rn.status;
}
