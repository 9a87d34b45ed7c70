/* tool_count.c -- `winnow count`, the first pass over a corpus.
 *
 *   winnow count [--jsonl|--wet] [--field F] [--mem MB] -o COUNTS INPUT...
 *   winnow count --merge -o COUNTS COUNTS...
 *
 * Every document is decoded, normalized, tidied and cut into lines as
 * cleaning would do (winnow_clean with keep_all), and each distinct line
 * is counted once per document (winnow_line_counts).  The counts file is
 * written to a temporary name and renamed when complete.  Counting runs
 * on one thread: it is a fraction of the cost of cleaning.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "tool_count.h"
#include "tool_text.h"
#include "tool_input.h"
#include "tool_inputs.h"
#include "tool_wet.h"

typedef struct counter {
    winnow *w;
    winnow_jsonl *j;
    winnow_line_counts *counts;
    uint64_t errors;
} counter;

static void count_line(counter *k, const char *s, size_t n)
{
    while (n && (s[n - 1] == '\r' || s[n - 1] == ' ')) n--;
    if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) { s += 3; n -= 3; }
    if (!n) return;
    winnow_jsonl_result r;
    if (winnow_jsonl_clean(k->j, s, n, &r) || winnow_line_counts_add(k->counts, &r.doc))
        k->errors++;
}

/* Counts the JSONL lines of `r` (or WET records, through `wet`). */
static int count_stream(counter *k, tool_reader *r, tool_wet *wet, const char *name)
{
    wbuf buf, msgs;
    wbuf_init(&buf, 0);
    wbuf_init(&msgs, 0);
    int status = 0;
    if (wet) {
        int got;
        while ((got = tool_wet_next(wet, &buf, &msgs)) > 0) {
            count_line(k, buf.data, buf.len ? buf.len - 1 : 0);
            wbuf_reset(&buf);
        }
        if (got < 0) status = 1;
    } else {
        size_t start = 0;
        for (;;) {
            if (wbuf_reserve(&buf, 1 << 20)) { status = 1; break; }
            long n = tool_reader_read(r, buf.data + buf.len, 1 << 20);
            if (n < 0) {
                fprintf(stderr, "winnow: %s: %s\n", name, tool_reader_error(r));
                status = 1;
            }
            if (n <= 0) break;
            buf.len += (size_t)n;
            const char *p = buf.data + start, *end = buf.data + buf.len, *nl;
            while ((nl = memchr(p, '\n', (size_t)(end - p)))) {
                count_line(k, p, (size_t)(nl - p));
                p = nl + 1;
            }
            start = (size_t)(p - buf.data);
            if (start > buf.len / 2) {
                memmove(buf.data, buf.data + start, buf.len - start);
                buf.len -= start;
                start = 0;
            }
        }
        if (buf.len > start) count_line(k, buf.data + start, buf.len - start);
    }
    if (msgs.len) fwrite(msgs.data, 1, msgs.len, stderr);
    wbuf_release(&buf);
    wbuf_release(&msgs);
    return status;
}

/* Counts a text input's lines, document by document as a run cleans it
 * (whole, or in parts: tool_text.h).  Returns 0, or 1 when the input
 * failed (printed). */
static int count_text(counter *k, tool_reader *r, const tool_input *in,
                      const winnow_options *opt)
{
    tool_text *t;
    if (tool_text_open(&t, r, in->path, opt, in->size, &k->w)) {
        fprintf(stderr, "winnow: %s: out of memory\n", in->path);
        return 1;
    }
    wbuf doc, messages;
    wbuf_init(&doc, 0);
    wbuf_init(&messages, 0);
    tool_text_doc where;
    int got;
    while ((got = tool_text_next(t, &doc, &where, &messages)) > 0) {
        winnow_result res;
        if (winnow_clean_as(k->w, doc.data, doc.len, where.encoding, &res) ||
            winnow_line_counts_add(k->counts, &res))
            k->errors++;
    }
    if (messages.len) fwrite(messages.data, 1, messages.len, stderr);
    wbuf_release(&doc);
    wbuf_release(&messages);
    tool_text_close(t);
    return got < 0;
}

int tool_count_inputs(const tool_options *c, winnow_line_counts *counts)
{
    winnow_options opt = c->opt;
    opt.keep_all = 1;
    opt.line_counts = NULL;
    counter k = {NULL, NULL, counts, 0};
    tool_options lc = *c;
    lc.output_dir = NULL;
    tool_inputs inputs;
    int status = tool_inputs_collect(&lc, &inputs);
    if (winnow_new(&k.w, &opt) || winnow_jsonl_new(&k.j, k.w, &c->jo)) {
        fprintf(stderr, "winnow: count: cannot make a context\n");
        winnow_free(k.w);
        tool_inputs_release(&inputs);
        return 1;
    }
    for (size_t i = 0; i < inputs.n; i++) {
        const char *path = inputs.v[i].path;
        tool_reader *r;
        int err = tool_reader_open(&r, path);
        if (err) {
            fprintf(stderr, "winnow: %s: %s\n", path, strerror(err));
            status = 1;
            continue;
        }
        if (c->jsonl || c->wet) {
            tool_wet *wet = NULL;
            if (c->wet && tool_wet_open(&wet, r, path, c->opt.max_doc_bytes)) status = 1;
            else if (count_stream(&k, r, wet, path)) status = 1;
            tool_wet_close(wet);
        } else if (count_text(&k, r, &inputs.v[i], &c->opt)) {
            status = 1;
        }
        tool_reader_close(r);
    }
    if (k.errors)
        fprintf(stderr, "winnow: count: %llu documents could not be counted\n",
                (unsigned long long)k.errors);
    winnow_jsonl_free(k.j);
    winnow_free(k.w);
    tool_inputs_release(&inputs);
    return status;
}

int tool_count_load(const char *path, winnow_line_counts **out)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "winnow: %s: %s\n", path, strerror(errno));
        return 1;
    }
    winnow_error e = winnow_line_counts_load(out, f);
    fclose(f);
    if (e) {
        fprintf(stderr, "winnow: %s: %s\n", path, winnow_strerror(e));
        return 1;
    }
    return 0;
}

static int save(const char *path, const winnow_line_counts *counts)
{
    size_t n = strlen(path) + 16;
    char *tmp = malloc(n);
    if (!tmp) return 1;
    snprintf(tmp, n, "%s.XXXXXX", path);
    int fd = mkstemp(tmp);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "wb");
    int ok = f && winnow_line_counts_save(counts, f) == WINNOW_OK;
    if (f && fclose(f) != 0) ok = 0;
    if (ok) (void)chmod(tmp, 0644);
    if (ok && rename(tmp, path) != 0) ok = 0;
    if (!ok) {
        fprintf(stderr, "winnow: %s: %s\n", path, strerror(errno ? errno : EIO));
        if (fd >= 0) unlink(tmp);
    }
    free(tmp);
    return !ok;
}

static const char count_usage[] =
    "Usage: winnow count [--jsonl|--wet] [--field NAME] [--mem MB] -o COUNTS INPUT...\n"
    "       winnow count --merge -o COUNTS COUNTS...\n"
    "Counts in how many documents each line occurs (lines as winnow cleans them,\n"
    "letters in lower case, runs of digits as one), for 'winnow --line-counts'.\n"
    "  --mem MB   cap the counts at MB megabytes: past it they become a\n"
    "             count-min sketch (counts never too low, sometimes too high)\n"
    "  --merge    add up counts files made on several machines\n";

int tool_count_main(int argc, char **argv)
{
    const char *out = NULL;
    int merge = 0;
    size_t mem = 0;
    /* The cleaning options (--jsonl, --wet, --field, --from, ...) are
     * parsed as for cleaning; count's own are taken out first. */
    char **rest = calloc((size_t)argc + 1, sizeof *rest);
    if (!rest) return 1;
    int n = 0;
    rest[n++] = argv[0];
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) out = argv[++i];
        else if (strcmp(argv[i], "--merge") == 0) merge = 1;
        else if (strcmp(argv[i], "--mem") == 0 && i + 1 < argc) {
            char *end;
            unsigned long long mb = strtoull(argv[++i], &end, 10);
            if (*end || mb == 0) tool_die_usage("--mem: not a number of megabytes:", argv[i]);
            mem = (size_t)mb << 20;
        } else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(count_usage, stdout);
            free(rest);
            return 0;
        } else rest[n++] = argv[i];
    }
    if (!out) {
        free(rest);
        tool_die_usage("count: missing", "-o COUNTS");
    }
    tool_options c;
    tool_options_parse(n, rest, &c);
    winnow_line_counts *counts;
    int status = 0;
    if (winnow_line_counts_new(&counts, mem)) { free(rest); return 1; }
    if (merge) {
        for (size_t i = 0; i < c.n_files; i++) {
            winnow_line_counts *part;
            if (tool_count_load(c.files[i], &part)) { status = 1; continue; }
            winnow_error e = winnow_line_counts_merge(counts, part);
            if (e) {
                fprintf(stderr, "winnow: %s: %s\n", c.files[i], winnow_strerror(e));
                status = 1;
            }
            winnow_line_counts_free(part);
        }
    } else {
        status = tool_count_inputs(&c, counts);
    }
    if (save(out, counts)) status = 1;
    winnow_line_counts_free(counts);
    tool_options_release(&c);
    free(rest);
    return status;
}
