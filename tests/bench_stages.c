/* bench_stages.c -- throughput of each pipeline stage on one file.
 *
 *   build/bench_stages [-n RUNS] [--jsonl] FILE
 *
 * The file is run through the pipeline once, stage by stage, exactly as
 * winnow_clean() chains them (default options: NFC, tidy, entities and
 * mojibake repair on); each stage's input is kept.  Then each stage is
 * timed alone, RUNS times (default 5) on its own input, on this one
 * thread, and the median is printed as MB/s of the stage's input and as
 * MB/s of the file (the figure that adds up: 1 / sum(1 / x) is the
 * pipeline's speed).  "output" writes the lines the classifier kept,
 * "output (keep-all)" every line.  The last rows are the sum of the
 * stages for --keep-all (no classification, every line written) and for
 * the default, and the library end to end, winnow_clean(), in both
 * modes.
 *
 * With --jsonl each line is a JSON object whose "text" field is one
 * document (as `winnow --jsonl` sees it); the stages then run document
 * by document and the JSON scanning is its own row.
 *
 * It links the library's internal modules (decode.h, mojibake.h, ...),
 * so it is built by the Makefile next to the unit tests, not installed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "winnow.h"
#include "binary.h"
#include "buf.h"
#include "classify.h"
#include "decode.h"
#include "entities.h"
#include "jsonl.h"
#include "mojibake.h"
#include "normalize.h"
#include "output.h"
#include "segment.h"
#include "tidy.h"

enum { DECODE, ENTITIES, MOJIBAKE, NORMALIZE, TIDY, SEGMENT, CLASSIFY,
       OUTPUT, OUTPUT_ALL, NSTAGES };
static const char *const stage_names[NSTAGES] = {
    "decode (+detect)", "entities", "mojibake", "normalize", "tidy",
    "segment", "classify", "output", "output (keep-all)"
};

/* One document's trip through the pipeline: every stage's input. */
typedef struct doc {
    const char *raw;  size_t raw_len;
    char *decoded;    size_t decoded_len;
    char *unescaped;  size_t unescaped_len;
    char *repaired;   size_t repaired_len;
    char *normalized; size_t normalized_len;
    char *tidied;     size_t tidied_len;
    winnow_line *lines; size_t n_lines;     /* classified */
    winnow_line *kept;                      /* the same, all kept */
} doc;

/* The stages' state, as a winnow context holds it. */
typedef struct stages {
    decoder dec;
    mojibake moj;
    normalizer norm;
    classifier cls;
    wbuf scratch, unescaped, tidied, lines, out;
} stages;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void die(const char *what, winnow_error e)
{
    fprintf(stderr, "bench_stages: %s: %s\n", what, winnow_strerror(e));
    exit(1);
}

static char *dup_mem(const char *p, size_t n)
{
    char *d = malloc(n + 1);
    if (!d) die("copy", WINNOW_ERR_NOMEM);
    if (n) memcpy(d, p, n);
    return d;
}

/* Runs one document through every stage, keeping each stage's input. */
static void prepare(stages *st, doc *d)
{
    winnow_error e;
    decoded dec;
    if ((e = decoder_run(&st->dec, d->raw, d->raw_len, &st->scratch, &dec)))
        die("decode", e);
    d->decoded = dup_mem(dec.text, dec.len);
    d->decoded_len = dec.len;
    const char *t;
    size_t n, fixed;
    if ((e = entities_run(d->decoded, d->decoded_len, &st->unescaped, &t, &n, &fixed)))
        die("entities", e);
    d->unescaped = dup_mem(t, n);
    d->unescaped_len = n;
    if ((e = mojibake_run(&st->moj, d->unescaped, d->unescaped_len, &t, &n, &fixed)))
        die("mojibake", e);
    d->repaired = dup_mem(t, n);
    d->repaired_len = n;
    if ((e = normalizer_run(&st->norm, d->repaired, d->repaired_len, &t, &n)))
        die("normalize", e);
    d->normalized = dup_mem(t, n);
    d->normalized_len = n;
    if ((e = tidy_run(d->normalized, d->normalized_len, &st->tidied))) die("tidy", e);
    d->tidied = dup_mem(st->tidied.data ? st->tidied.data : "", st->tidied.len);
    d->tidied_len = st->tidied.len;
    if ((e = segment_lines(d->tidied, d->tidied_len, &st->lines, &d->n_lines)))
        die("segment", e);
    d->lines = (winnow_line *)(void *)dup_mem(st->lines.data ? st->lines.data : "",
                                              d->n_lines * sizeof(winnow_line));
    d->kept = (winnow_line *)(void *)dup_mem((const char *)d->lines,
                                             d->n_lines * sizeof(winnow_line));
    classifier_keep_all(d->kept, d->n_lines);
    if ((e = classifier_run(&st->cls, d->lines, d->n_lines, NULL))) die("classify", e);
}

/* Runs stage `s` once on document d. */
static void run_stage(stages *st, int s, const doc *d)
{
    winnow_error e = WINNOW_OK;
    const char *t;
    size_t n, fixed;
    decoded dec;
    switch (s) {
    case DECODE:
        e = decoder_run(&st->dec, d->raw, d->raw_len, &st->scratch, &dec);
        if (!e && binary_detect(dec.text, dec.len)) e = WINNOW_ERR_BINARY;
        break;
    case ENTITIES:
        e = entities_run(d->decoded, d->decoded_len, &st->unescaped, &t, &n, &fixed);
        break;
    case MOJIBAKE:
        e = mojibake_run(&st->moj, d->unescaped, d->unescaped_len, &t, &n, &fixed);
        break;
    case NORMALIZE:
        e = normalizer_run(&st->norm, d->repaired, d->repaired_len, &t, &n);
        break;
    case TIDY:
        e = tidy_run(d->normalized, d->normalized_len, &st->tidied);
        break;
    case SEGMENT:
        e = segment_lines(d->tidied, d->tidied_len, &st->lines, &n);
        break;
    case CLASSIFY:      /* verdicts are rewritten in place, same each time */
        e = classifier_run(&st->cls, d->lines, d->n_lines, NULL);
        break;
    case OUTPUT:
        e = output_text(d->lines, d->n_lines, &st->out);
        break;
    case OUTPUT_ALL:
        e = output_text(d->kept, d->n_lines, &st->out);
        break;
    }
    if (e) die(stage_names[s], e);
}

static size_t stage_input_bytes(int s, const doc *d)
{
    switch (s) {
    case DECODE: return d->raw_len;
    case ENTITIES: return d->decoded_len;
    case MOJIBAKE: return d->unescaped_len;
    case NORMALIZE: return d->repaired_len;
    case TIDY: return d->normalized_len;
    default: return d->tidied_len;
    }
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(1); }
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (!buf) die("read", WINNOW_ERR_NOMEM);
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap) break;
        cap *= 2;
        buf = realloc(buf, cap);
    }
    if (ferror(f)) { perror(path); exit(1); }
    fclose(f);
    *len = n;
    return buf;
}

/* Scans JSONL: each line parsed and its "text" field unescaped into one
 * reused buffer, as the command does it.  With `docs`, each text is also
 * copied out as a document (*docs, *cap grow); returns the number of
 * documents. */
static size_t scan_jsonl(const char *buf, size_t len, doc **docs, size_t *cap)
{
    size_t n = 0;
    wbuf members, text;
    wbuf_init(&members, 0);
    wbuf_init(&text, 0);
    for (size_t at = 0; at < len;) {
        const char *nl = memchr(buf + at, '\n', len - at);
        const size_t end = nl ? (size_t)(nl - buf) : len;
        const char *line = buf + at;
        size_t nm, obj, obj_end;
        if (jsonl_parse(line, end - at, &members, &nm, &obj, &obj_end) == WINNOW_OK) {
            const jsonl_member *m = (const jsonl_member *)(void *)members.data;
            for (size_t k = 0; k < nm; k++) {
                if (m[k].type != JSONL_STRING ||
                    !jsonl_key_is(line, m[k].key, m[k].key_end, "text", 4))
                    continue;
                wbuf_reset(&text);
                if (jsonl_decode_string(line + m[k].value, m[k].value_end - m[k].value,
                                        &text))
                    die("jsonl", WINNOW_ERR_NOMEM);
                if (docs) {
                    if (n == *cap) *docs = realloc(*docs, (*cap *= 2) * sizeof **docs);
                    if (!*docs) die("jsonl", WINNOW_ERR_NOMEM);
                    doc *d = &(*docs)[n];
                    memset(d, 0, sizeof *d);
                    d->raw = dup_mem(text.data ? text.data : "", text.len);
                    d->raw_len = text.len;
                }
                n++;
                break;
            }
        }
        at = end + 1;
    }
    wbuf_release(&members);
    wbuf_release(&text);
    return n;
}

/* Splits JSONL into documents; *scan_seconds: the median of `runs`
 * scans alone (parsing and unescaping, not the copies this program
 * keeps). */
static doc *split_jsonl(const char *buf, size_t len, size_t *n_docs, int runs,
                        double *scan_seconds)
{
    size_t cap = 1024;
    doc *docs = calloc(cap, sizeof *docs);
    if (!docs) die("jsonl", WINNOW_ERR_NOMEM);
    *n_docs = scan_jsonl(buf, len, &docs, &cap);
    double *t = calloc((size_t)runs, sizeof *t);
    if (!t) die("jsonl", WINNOW_ERR_NOMEM);
    for (int r = 0; r < runs; r++) {
        const double t0 = now();
        scan_jsonl(buf, len, NULL, NULL);
        t[r] = now() - t0;
    }
    *scan_seconds = median(t, runs);
    free(t);
    return docs;
}

int main(int argc, char **argv)
{
    int runs = 5, jsonl = 0;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-n") && i + 1 < argc) runs = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--jsonl")) jsonl = 1;
        else path = argv[i];
    }
    if (!path || runs < 1) {
        fprintf(stderr, "usage: bench_stages [-n RUNS] [--jsonl] FILE\n");
        return 2;
    }
    size_t file_len;
    char *file = read_file(path, &file_len);
    size_t n_docs = 1;
    double scan = 0;
    doc *docs;
    if (jsonl) {
        docs = split_jsonl(file, file_len, &n_docs, runs, &scan);
    } else {
        docs = calloc(1, sizeof *docs);
        docs[0].raw = file;
        docs[0].raw_len = file_len;
    }

    stages st;
    winnow_error e;
    if ((e = decoder_init(&st.dec, NULL, 0))) die("decoder", e);
    if ((e = mojibake_init(&st.moj, 0))) die("mojibake", e);
    normalizer_init(&st.norm, WINNOW_NFC, 0);
    if ((e = classifier_init(&st.cls, 0, NULL, 0))) die("classifier", e);
    wbuf_init(&st.scratch, 0);
    wbuf_init(&st.unescaped, 0);
    wbuf_init(&st.tidied, 0);
    wbuf_init(&st.lines, 0);
    wbuf_init(&st.out, 0);
    for (size_t k = 0; k < n_docs; k++) prepare(&st, &docs[k]);

    double *t = malloc((size_t)runs * sizeof *t);
    double med[NSTAGES];
    size_t in_bytes[NSTAGES] = {0};
    for (int s = 0; s < NSTAGES; s++) {
        for (size_t k = 0; k < n_docs; k++) in_bytes[s] += stage_input_bytes(s, &docs[k]);
        for (int r = 0; r < runs; r++) {
            const double t0 = now();
            for (size_t k = 0; k < n_docs; k++) run_stage(&st, s, &docs[k]);
            t[r] = now() - t0;
        }
        med[s] = median(t, runs);
    }

    /* The library end to end, both modes. */
    double e2e[2];
    for (int mode = 0; mode < 2; mode++) {
        winnow_options opt;
        winnow_options_init(&opt);
        opt.keep_all = mode;
        opt.max_doc_bytes = 0;
        winnow *w;
        if ((e = winnow_new(&w, &opt))) die("winnow_new", e);
        for (int r = 0; r < runs; r++) {
            const double t0 = now();
            for (size_t k = 0; k < n_docs; k++) {
                winnow_result res;
                if ((e = winnow_clean(w, docs[k].raw, docs[k].raw_len, &res)))
                    die("winnow_clean", e);
            }
            t[r] = now() - t0;
        }
        e2e[mode] = median(t, runs);
        winnow_free(w);
    }

    const double mb = (double)file_len / 1e6;
    printf("stages: %s (%.1f MB%s), median of %d runs, one thread\n", path, mb,
           jsonl ? ", JSONL" : "", runs);
    printf("  %-22s %9s %11s %11s\n", "stage", "ms", "MB/s in", "MB/s file");
    if (jsonl)
        printf("  %-22s %9.1f %11.1f %11.1f\n", "jsonl scan", scan * 1e3,
               mb / scan, mb / scan);
    double sum = 0, sum_nc = 0;
    for (int s = 0; s < NSTAGES; s++) {
        printf("  %-22s %9.1f %11.1f %11.1f\n", stage_names[s], med[s] * 1e3,
               (double)in_bytes[s] / 1e6 / med[s], mb / med[s]);
        if (s != OUTPUT_ALL) sum += med[s];
        if (s != CLASSIFY && s != OUTPUT) sum_nc += med[s];
    }
    printf("  %-22s %9.1f %11s %11.1f\n", "stages, keep-all", sum_nc * 1e3, "", mb / sum_nc);
    printf("  %-22s %9.1f %11s %11.1f\n", "stages, default", sum * 1e3, "", mb / sum);
    printf("  %-22s %9.1f %11s %11.1f\n", "winnow_clean keep-all", e2e[1] * 1e3, "", mb / e2e[1]);
    printf("  %-22s %9.1f %11s %11.1f\n", "winnow_clean", e2e[0] * 1e3, "", mb / e2e[0]);

    for (size_t k = 0; k < n_docs; k++) {
        if (jsonl) free((char *)docs[k].raw);
        free(docs[k].decoded);
        free(docs[k].unescaped);
        free(docs[k].repaired);
        free(docs[k].normalized);
        free(docs[k].tidied);
        free(docs[k].lines);
        free(docs[k].kept);
    }
    free(docs);
    free(t);
    free(file);
    decoder_release(&st.dec);
    mojibake_release(&st.moj);
    normalizer_release(&st.norm);
    classifier_release(&st.cls);
    wbuf_release(&st.scratch);
    wbuf_release(&st.unescaped);
    wbuf_release(&st.tidied);
    wbuf_release(&st.lines);
    wbuf_release(&st.out);
    return 0;
}
