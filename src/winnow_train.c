/* winnow_train.c -- winnow-train: learn the line model from labelled pages.
 *
 *   winnow-train [-o MODEL] [--c-source FILE] [--exclude SET]... DIR...
 *
 * Each DIR is a set (a folder of <id>.in.txt files) or a folder of sets.
 * A page's labels come from, in this order of preference:
 *   <id>.marked.txt    the page's lines, each prefixed "+ " (content) or
 *                      "- " (boilerplate); other lines are unlabelled;
 *   <id>.gold.txt      the clean text: each input line is aligned with it
 *                      (a line of 4+ words is content when most of its
 *                      word 4-grams occur in the gold text; a shorter
 *                      line when the gold has it as a whole line);
 *   <id>.snippets.json {"with": [...], "without": [...]}: lines holding
 *                      most of a "with" passage are content, lines
 *                      holding a "without" passage boilerplate, the rest
 *                      unlabelled.
 * A page with gold text is also read a second time with its gold text
 * as the input, every line of it content: text that is already clean
 * must come out whole (these copies weigh CLEAN_COPY_WEIGHT of a page
 * and take no part in choosing the threshold and switching costs).
 * Every page runs through the same pipeline and first pass as winnow
 * itself; each labelled line gives one example (its model.h feature
 * vector), weighted by its number of words, normalized so that every
 * page and every set weighs the same.  The model is an L2-regularized
 * logistic regression fitted by Newton's method; boosted regression
 * trees (depth 3) are then fitted to what it gets wrong, to catch
 * interactions it cannot express; then the second stage
 * (model_context.c), a logistic regression over the first stage's scores
 * of each training line and of the lines around it, is fitted on those
 * scores; last, the Viterbi switching costs and the threshold are chosen
 * by grid search for the best mean per-page F1 of the final scores.
 * Everything is deterministic: the same data gives the same model file.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "winnow.h"
#include "buf.h"
#include "classify.h"
#include "fold.h"
#include "model.h"

#define LAMBDA 1.0            /* L2 penalty on standardized weights */
#define NEWTON_ITERATIONS 30
#define CLEAN_COPY_WEIGHT 0.25 /* a gold text as input, all content */
#define GOLD_SHARE 0.5        /* share of a line's 4-grams found in gold */
#define TREE_COUNT 40         /* boosted trees added to the linear model */
#define TREE_DEPTH 3
#define TREE_BINS 32          /* quantile bins per feature */
#define TREE_RATE 0.15        /* shrinkage of every leaf */
#define TREE_LAMBDA 1.0       /* L2 penalty on leaf values */
#define TREE_MIN_HESSIAN 30.0 /* least weight on either side of a split */

/* ---- small utilities ------------------------------------------------ */

static void die(const char *what, const char *detail)
{
    fprintf(stderr, "winnow-train: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    exit(1);
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) die("out of memory", NULL);
    return p;
}

/* Reads a whole file; NULL when it does not exist. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = xrealloc(NULL, cap);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) buf = xrealloc(buf, cap *= 2);
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

static uint64_t hash_bytes(const char *s, size_t n, uint64_t h)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* A growable array of 64-bit values, and a sorted-set view of it. */
typedef struct u64s { uint64_t *v; size_t n, cap; } u64s;

static void u64s_push(u64s *a, uint64_t x)
{
    if (a->n == a->cap) a->v = xrealloc(a->v, (a->cap = a->cap ? a->cap * 2 : 256) * sizeof *a->v);
    a->v[a->n++] = x;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void u64s_sort(u64s *a) { qsort(a->v, a->n, sizeof *a->v, cmp_u64); }

static int u64s_has(const u64s *a, uint64_t x)
{
    return bsearch(&x, a->v, a->n, sizeof *a->v, cmp_u64) != NULL;
}

/* The word hashes of a text (folded: lower case, punctuation dropped). */
static void words_of(const char *s, size_t len, wbuf *scratch, u64s *out)
{
    out->n = 0;
    if (fold_line(s, len, scratch)) die("out of memory", NULL);
    const char *p = scratch->data, *end = p + scratch->len;
    while (p < end) {
        while (p < end && *p == ' ') p++;
        const char *q = p;
        while (q < end && *q != ' ') q++;
        if (q > p) u64s_push(out, hash_bytes(p, (size_t)(q - p), 1469598103934665603ULL));
        p = q;
    }
}

/* The hash of words[i..i+k). */
static uint64_t gram(const uint64_t *words, size_t k)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ k;
    for (size_t j = 0; j < k; j++) h = (h ^ words[j]) * 0x100000001B3ULL + (h >> 29);
    return h;
}

/* ---- the examples ------------------------------------------------------ */

typedef struct example_set {
    double *x;            /* n * d features */
    unsigned char *y;     /* label: 1 content, 0 boilerplate, 2 unlabelled */
    double *w;            /* weight (0 for unlabelled) */
    double *tokens;       /* words of the line (for F1) */
    unsigned char *same;  /* same paragraph as the line before */
    size_t n, cap, d;
    size_t *doc_start;    /* lines of page k: doc_start[k] .. doc_start[k+1] */
    double *doc_weight;   /* weight of page k in the mean F1 */
    size_t docs, docs_cap;
} example_set;

static void examples_reserve(example_set *e, size_t more)
{
    if (e->n + more <= e->cap) return;
    while (e->n + more > e->cap) e->cap = e->cap ? e->cap * 2 : 4096;
    e->x = xrealloc(e->x, e->cap * e->d * sizeof *e->x);
    e->y = xrealloc(e->y, e->cap);
    e->w = xrealloc(e->w, e->cap * sizeof *e->w);
    e->tokens = xrealloc(e->tokens, e->cap * sizeof *e->tokens);
    e->same = xrealloc(e->same, e->cap);
}

/* ---- labels -------------------------------------------------------------- */

typedef struct labeller {
    wbuf scratch;
    u64s words, grams4, line_hashes, grams2, grams3;
} labeller;

/* Prepares the gold text's 4-gram set and whole-line set. */
static void gold_prepare(labeller *lb, const char *gold, size_t len)
{
    lb->grams4.n = lb->line_hashes.n = lb->grams2.n = lb->grams3.n = 0;
    u64s all = {0};
    const char *p = gold, *end = gold + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        words_of(p, (size_t)(e - p), &lb->scratch, &lb->words);
        if (lb->words.n) u64s_push(&lb->line_hashes, gram(lb->words.v, lb->words.n));
        for (size_t i = 0; i < lb->words.n; i++) u64s_push(&all, lb->words.v[i]);
        p = nl ? nl + 1 : end;
    }
    for (size_t i = 0; i + 4 <= all.n; i++) u64s_push(&lb->grams4, gram(all.v + i, 4));
    for (size_t i = 0; i + 3 <= all.n; i++) u64s_push(&lb->grams3, gram(all.v + i, 3));
    for (size_t i = 0; i + 2 <= all.n; i++) u64s_push(&lb->grams2, gram(all.v + i, 2));
    u64s_sort(&lb->grams4);
    u64s_sort(&lb->grams3);
    u64s_sort(&lb->grams2);
    u64s_sort(&lb->line_hashes);
    free(all.v);
}

/* Label of one line against the prepared gold: 1 content, 0 not. */
static int gold_label(labeller *lb, const char *line, size_t len, size_t *words)
{
    words_of(line, len, &lb->scratch, &lb->words);
    size_t k = lb->words.n;
    *words = k;
    if (k == 0) return 0;
    if (k >= 4) {
        size_t hit = 0;
        for (size_t i = 0; i + 4 <= k; i++) hit += u64s_has(&lb->grams4, gram(lb->words.v + i, 4));
        return hit >= GOLD_SHARE * (double)(k - 3);
    }
    if (u64s_has(&lb->line_hashes, gram(lb->words.v, k))) return 1;
    if (k == 3) return u64s_has(&lb->grams3, gram(lb->words.v, 3));
    return 0;
}

/* A JSON string starting at *p (just after the opening quote), decoded
 * into `out` (UTF-8; \uXXXX escapes with surrogate pairs). */
static const char *json_string(const char *p, const char *end, wbuf *out)
{
    wbuf_reset(out);
    while (p < end && *p != '"') {
        if (*p == '\\' && p + 1 < end) {
            p++;
            char c = *p++;
            unsigned long cp = 0;
            switch (c) {
            case 'n': wbuf_putc(out, '\n'); break;
            case 't': wbuf_putc(out, '\t'); break;
            case 'r': case 'b': case 'f': wbuf_putc(out, ' '); break;
            case 'u':
                for (int k = 0; k < 4 && p < end; k++, p++) {
                    char h = *p;
                    cp = cp * 16 + (unsigned long)(h >= '0' && h <= '9' ? h - '0'
                                                  : (h | 32) >= 'a' && (h | 32) <= 'f' ? (h | 32) - 'a' + 10 : 0);
                }
                if (cp >= 0xD800 && cp < 0xDC00 && p + 6 <= end && p[0] == '\\' && p[1] == 'u') {
                    unsigned long lo = strtoul((char[5]){p[2], p[3], p[4], p[5], 0}, NULL, 16);
                    if (lo >= 0xDC00 && lo < 0xE000) {
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                        p += 6;
                    }
                }
                if ((cp >= 0xD800 && cp < 0xE000) || cp > 0x10FFFF) cp = 0xFFFD;
                wbuf_put_utf8(out, cp);
                break;
            default: wbuf_putc(out, c); break;
            }
        } else {
            wbuf_putc(out, *p++);
        }
    }
    return p < end ? p + 1 : p;
}

/* The strings of the array under key `key` of a snippets file. */
static void snippet_list(const char *json, size_t len, const char *key, wbuf *scratch,
                         labeller *lb, u64s *grams, u64s *lengths)
{
    char quoted[32];
    snprintf(quoted, sizeof quoted, "\"%s\"", key);
    const char *end = json + len;
    const char *p = strstr(json, quoted);
    if (!p) return;
    p = strchr(p + strlen(quoted), '[');
    if (!p) return;
    p++;
    while (p < end && *p != ']') {
        if (*p == '"') {
            p = json_string(p + 1, end, scratch);
            wbuf copy;
            wbuf_init(&copy, 0);
            wbuf_append(&copy, scratch->data, scratch->len);
            words_of(copy.data ? copy.data : "", copy.len, &lb->scratch, &lb->words);
            wbuf_release(&copy);
            /* one entry per snippet: its 3-grams follow as a block */
            u64s_push(lengths, lb->words.n);
            size_t k = lb->words.n;
            if (k < 3) u64s_push(grams, gram(lb->words.v, k));
            else for (size_t i = 0; i + 3 <= k; i++) u64s_push(grams, gram(lb->words.v + i, 3));
        } else {
            p++;
        }
    }
}

/* Does the line (its words in lb->words) hold most of some snippet? */
static int holds_snippet(const labeller *lb, const u64s *grams, const u64s *lengths)
{
    u64s line3 = {0};
    size_t k = lb->words.n;
    for (size_t i = 0; i + 3 <= k; i++) u64s_push(&line3, gram(lb->words.v + i, 3));
    u64s_sort(&line3);
    size_t at = 0;
    int found = 0;
    for (size_t s = 0; s < lengths->n && !found; s++) {
        size_t sk = lengths->v[s], ng = sk < 3 ? 1 : sk - 2, hit = 0;
        for (size_t g = 0; g < ng; g++) {
            uint64_t h = grams->v[at + g];
            if (sk < 3) hit += k == sk && gram(lb->words.v, k) == h;
            else hit += u64s_has(&line3, h);
        }
        if (sk > 0 && hit * 2 > ng) found = 1;
        at += ng;
    }
    free(line3.v);
    return found;
}

/* ---- reading the pages ---------------------------------------------- */

typedef struct trainer {
    winnow *pipeline;      /* decode, normalize, tidy, segment */
    classifier cls;        /* first pass and feature vectors */
    labeller lb;
    example_set ex;
    wbuf scratch;
    size_t pages, lines, labelled;
} trainer;

/* Frees the examples and the labeller's buffers. */
static void trainer_release(trainer *t)
{
    example_set *ex = &t->ex;
    free(ex->x); free(ex->y); free(ex->w); free(ex->tokens); free(ex->same);
    free(ex->doc_start); free(ex->doc_weight);
    labeller *lb = &t->lb;
    free(lb->words.v); free(lb->grams4.v); free(lb->line_hashes.v);
    free(lb->grams2.v); free(lb->grams3.v);
    wbuf_release(&lb->scratch);
    wbuf_release(&t->scratch);
}

static char *path_join(const char *dir, const char *name, const char *suffix)
{
    size_t n = strlen(dir) + strlen(name) + strlen(suffix) + 2;
    char *p = xrealloc(NULL, n);
    snprintf(p, n, "%s/%s%s", dir, name, suffix);
    return p;
}

/* Adds one page; `set_pages` is the number of pages of its set. */
static void add_page(trainer *t, const char *dir, const char *id, size_t set_pages,
                     int clean_copy)
{
    char *in_path = path_join(dir, id, ".in.txt");
    char *marked_path = path_join(dir, id, ".marked.txt");
    char *gold_path = path_join(dir, id, ".gold.txt");
    char *snip_path = path_join(dir, id, ".snippets.json");
    size_t in_len = 0, gold_len = 0, snip_len = 0, marked_len = 0;
    char *marked = clean_copy ? NULL : read_file(marked_path, &marked_len);
    char *in = marked ? NULL : read_file(clean_copy ? gold_path : in_path, &in_len);
    char *gold = marked || clean_copy ? NULL : read_file(gold_path, &gold_len);
    char *snip = marked || gold || clean_copy ? NULL : read_file(snip_path, &snip_len);
    u64s with_grams = {0}, with_len = {0}, without_grams = {0}, without_len = {0};
    wbuf stripped;
    wbuf_init(&stripped, 0);
    u64s marks = {0};
    if (marked) {
        /* "+ line" / "- line": strip the marks, remember them by line */
        const char *p = marked, *end = marked + marked_len;
        while (p < end) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            const char *e = nl ? nl : end;
            int mark = 2;
            if (e - p >= 2 && (p[0] == '+' || p[0] == '-') && p[1] == ' ') {
                mark = p[0] == '+';
                p += 2;
            }
            if (e > p) u64s_push(&marks, (uint64_t)mark);
            wbuf_append(&stripped, p, (size_t)(e - p));
            wbuf_putc(&stripped, '\n');
            p = nl ? nl + 1 : end;
        }
        in = stripped.data;
        in_len = stripped.len;
    }
    if (!in || (!marked && !gold && !snip && !clean_copy)) goto done;
    if (gold) gold_prepare(&t->lb, gold, gold_len);
    if (snip) {
        snippet_list(snip, snip_len, "with", &t->scratch, &t->lb, &with_grams, &with_len);
        snippet_list(snip, snip_len, "without", &t->scratch, &t->lb, &without_grams, &without_len);
    }

    winnow_result r;
    if (winnow_clean(t->pipeline, in, in_len, &r)) goto done;
    size_t n = r.n_lines;
    winnow_line *lines = xrealloc(NULL, (n ? n : 1) * sizeof *lines);
    memcpy(lines, r.lines, n * sizeof *lines);
    if (classifier_run(&t->cls, lines, n, NULL)) die("classification failed", id);

    example_set *ex = &t->ex;
    examples_reserve(ex, n);
    size_t first = ex->n, mark_at = 0;
    double total_words = 0;
    for (size_t i = 0; i < n; i++) {
        size_t words = 0;
        int y = 2;
        if (gold) {
            y = gold_label(&t->lb, lines[i].text, lines[i].len, &words);
        } else {
            words_of(lines[i].text, lines[i].len, &t->lb.scratch, &t->lb.words);
            words = t->lb.words.n;
            if (clean_copy) y = 1;      /* the gold text as input: all content */
            else if (marked)            /* marks were recorded for non-empty
                                           lines; tidy keeps them */
                y = mark_at < marks.n ? (int)marks.v[mark_at++] : 2;
            else if (holds_snippet(&t->lb, &with_grams, &with_len)) y = 1;
            else if (holds_snippet(&t->lb, &without_grams, &without_len)) y = 0;
        }
        size_t k = ex->n++;
        classifier_vector(&t->cls, i, ex->x + k * ex->d);
        ex->y[k] = (unsigned char)y;
        ex->tokens[k] = (double)words;
        /* gold: a line weighs its words (the scorer counts word 4-grams);
         * snippets: every labelled line the same (it counts passages) */
        ex->w[k] = y == 2 ? 0.0 : snip ? 1.0 : (double)(words ? words : 1);
        ex->same[k] = i > 0 && lines[i].paragraph == lines[i - 1].paragraph;
        if (y != 2) total_words += ex->w[k];
        t->labelled += y != 2;
    }
    /* every page weighs the same within its set, every set the same */
    for (size_t k = first; k < ex->n; k++)
        if (total_words > 0) ex->w[k] *= (clean_copy ? CLEAN_COPY_WEIGHT : 1.0) * 1000.0 /
                                         (total_words * (double)set_pages);
    if (ex->docs + 2 > ex->docs_cap) {
        ex->docs_cap = ex->docs_cap ? ex->docs_cap * 2 : 256;
        ex->doc_start = xrealloc(ex->doc_start, ex->docs_cap * sizeof *ex->doc_start);
        ex->doc_weight = xrealloc(ex->doc_weight, ex->docs_cap * sizeof *ex->doc_weight);
    }
    ex->doc_start[ex->docs] = first;
    ex->doc_weight[ex->docs] = clean_copy ? 0.0 : 1.0 / (double)set_pages;
    ex->docs++;
    ex->doc_start[ex->docs] = ex->n;
    t->pages++;
    t->lines += n;
    free(lines);
done:
    free(in_path); free(marked_path); free(gold_path); free(snip_path);
    if (!marked) free(in);
    free(marked); free(gold); free(snip);
    free(with_grams.v); free(with_len.v); free(without_grams.v); free(without_len.v);
    free(marks.v);
    wbuf_release(&stripped);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The ids (<id>.in.txt or <id>.marked.txt) of a folder, sorted. */
static char **page_ids(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    if (!d) die("cannot open folder", dir);
    char **ids = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        size_t cut = 0;
        if (len > 7 && strcmp(e->d_name + len - 7, ".in.txt") == 0) cut = 7;
        else if (len > 11 && strcmp(e->d_name + len - 11, ".marked.txt") == 0) cut = 11;
        if (!cut) continue;
        if (n == cap) ids = xrealloc(ids, (cap = cap ? cap * 2 : 64) * sizeof *ids);
        ids[n] = xrealloc(NULL, len - cut + 1);
        memcpy(ids[n], e->d_name, len - cut);
        ids[n][len - cut] = '\0';
        n++;
    }
    closedir(d);
    if (n) qsort(ids, n, sizeof *ids, cmp_str);   /* ids is NULL when n == 0 */
    /* a page with both files is listed once */
    size_t out = 0;
    for (size_t i = 0; i < n; i++) {
        if (out && strcmp(ids[out - 1], ids[i]) == 0) { free(ids[i]); continue; }
        ids[out++] = ids[i];
    }
    *count = out;
    return ids;
}

static int is_excluded(const char *name, char **excluded, size_t n_excluded)
{
    for (size_t i = 0; i < n_excluded; i++)
        if (strcmp(name, excluded[i]) == 0) return 1;
    return 0;
}

/* A set, or a folder of sets. */
static void add_dir(trainer *t, const char *dir, char **excluded, size_t n_excluded)
{
    size_t n;
    char **ids = page_ids(dir, &n);
    if (n > 0) {
        fprintf(stderr, "winnow-train: %s: %zu pages\n", dir, n);
        for (size_t i = 0; i < n; i++) add_page(t, dir, ids[i], n, 0);
        for (size_t i = 0; i < n; i++) add_page(t, dir, ids[i], n, 1);
    } else {
        DIR *d = opendir(dir);
        char **subs = NULL;
        size_t ns = 0, cap = 0;
        struct dirent *e;
        while (d && (e = readdir(d))) {
            if (e->d_name[0] == '.') continue;
            char *sub = path_join(dir, e->d_name, "");
            struct stat st;
            if (stat(sub, &st) == 0 && S_ISDIR(st.st_mode) &&
                !is_excluded(e->d_name, excluded, n_excluded)) {
                if (ns == cap) subs = xrealloc(subs, (cap = cap ? cap * 2 : 16) * sizeof *subs);
                subs[ns++] = sub;
            } else {
                free(sub);
            }
        }
        if (d) closedir(d);
        qsort(subs, ns, sizeof *subs, cmp_str);
        for (size_t i = 0; i < ns; i++) {
            add_dir(t, subs[i], excluded, n_excluded);
            free(subs[i]);
        }
        free(subs);
    }
    for (size_t i = 0; i < n; i++) free(ids[i]);
    free(ids);
}

/* ---- fitting ----------------------------------------------------------- */

/* Solves A z = b for symmetric positive definite A (d x d), in place. */
static int cholesky_solve(double *a, double *b, size_t d)
{
    for (size_t j = 0; j < d; j++) {
        double s = a[j * d + j];
        for (size_t k = 0; k < j; k++) s -= a[j * d + k] * a[j * d + k];
        if (s <= 0) return -1;
        a[j * d + j] = sqrt(s);
        for (size_t i = j + 1; i < d; i++) {
            double v = a[i * d + j];
            for (size_t k = 0; k < j; k++) v -= a[i * d + k] * a[j * d + k];
            a[i * d + j] = v / a[j * d + j];
        }
    }
    for (size_t i = 0; i < d; i++) {
        double v = b[i];
        for (size_t k = 0; k < i; k++) v -= a[i * d + k] * b[k];
        b[i] = v / a[i * d + i];
    }
    for (size_t i = d; i-- > 0;) {
        double v = b[i];
        for (size_t k = i + 1; k < d; k++) v -= a[k * d + i] * b[k];
        b[i] = v / a[i * d + i];
    }
    return 0;
}

/* Fits mean, scale, weight and bias of `m` on the labelled examples. */
static void fit(const example_set *ex, model *m)
{
    size_t d = ex->d, D = d + 1;   /* + bias */
    double wsum = 0;
    for (size_t j = 0; j < d; j++) { m->mean[j] = 0; m->scale[j] = 1; m->weight[j] = 0; }
    for (size_t k = 0; k < ex->n; k++) {
        if (ex->w[k] == 0) continue;
        wsum += ex->w[k];
        for (size_t j = 0; j < d; j++) m->mean[j] += ex->w[k] * ex->x[k * d + j];
    }
    if (wsum == 0) die("no labelled lines", NULL);
    for (size_t j = 0; j < d; j++) m->mean[j] /= wsum;
    for (size_t j = 0; j < d; j++) {
        double v = 0;
        for (size_t k = 0; k < ex->n; k++) {
            if (ex->w[k] == 0) continue;
            double dx = ex->x[k * d + j] - m->mean[j];
            v += ex->w[k] * dx * dx;
        }
        v /= wsum;
        m->scale[j] = v > 1e-12 ? 1.0 / sqrt(v) : 0.0;
    }
    double *beta = calloc(D, sizeof *beta), *grad = malloc(D * sizeof *grad),
           *hess = malloc(D * D * sizeof *hess), *z = malloc(D * sizeof *z);
    if (!beta || !grad || !hess || !z) die("out of memory", NULL);
    double norm = ex->n / wsum;    /* weights average 1 per line */
    for (int it = 0; it < NEWTON_ITERATIONS; it++) {
        memset(grad, 0, D * sizeof *grad);
        memset(hess, 0, D * D * sizeof *hess);
        for (size_t j = 0; j < d; j++) {
            grad[j] = LAMBDA * beta[j];
            hess[j * D + j] = LAMBDA;
        }
        hess[d * D + d] = 1e-6;
        for (size_t k = 0; k < ex->n; k++) {
            double w = ex->w[k] * norm;
            if (w == 0) continue;
            for (size_t j = 0; j < d; j++) z[j] = (ex->x[k * d + j] - m->mean[j]) * m->scale[j];
            z[d] = 1.0;
            double s = 0;
            for (size_t j = 0; j < D; j++) s += beta[j] * z[j];
            double p = 1.0 / (1.0 + exp(-s)), r = w * (p - ex->y[k]), h = w * p * (1 - p);
            for (size_t i = 0; i < D; i++) {
                grad[i] += r * z[i];
                double hz = h * z[i];
                for (size_t j = 0; j <= i; j++) hess[i * D + j] += hz * z[j];
            }
        }
        for (size_t i = 0; i < D; i++)
            for (size_t j = 0; j < i; j++) hess[j * D + i] = hess[i * D + j];
        double gnorm = 0;
        for (size_t i = 0; i < D; i++) gnorm += grad[i] * grad[i];
        if (cholesky_solve(hess, grad, D)) die("singular Hessian", NULL);
        for (size_t i = 0; i < D; i++) beta[i] -= grad[i];
        fprintf(stderr, "winnow-train: Newton step %d, |gradient| %.3g\n", it + 1, sqrt(gnorm));
        if (sqrt(gnorm) < 1e-6 * (double)ex->n) break;
    }
    for (size_t j = 0; j < d; j++) m->weight[j] = m->scale[j] == 0 ? 0 : beta[j];
    m->bias = beta[d];
    model_fold(m);
    free(beta); free(grad); free(hess); free(z);
}

/* ---- boosted trees ---------------------------------------------------- */

/* Bins of one feature: edges[b] is the largest value of bin b (the
 * midpoint to the next distinct value); values above the last edge fall
 * in the last bin. */
typedef struct bins {
    double edges[TREE_BINS];
    size_t n;
} bins;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void make_bins(const example_set *ex, size_t j, double *scratch, bins *b)
{
    size_t n = 0;
    for (size_t k = 0; k < ex->n; k++)
        if (ex->w[k] > 0) scratch[n++] = ex->x[k * ex->d + j];
    qsort(scratch, n, sizeof *scratch, cmp_double);
    b->n = 0;
    for (size_t q = 1; q <= TREE_BINS && n; q++) {
        size_t at = q * n / (TREE_BINS + 1);
        if (at + 1 >= n) break;
        /* the edge sits between two distinct values */
        size_t hi = at + 1;
        while (hi < n && scratch[hi] == scratch[at]) hi++;
        if (hi >= n) break;
        double edge = (scratch[at] + scratch[hi]) / 2;
        if (b->n == 0 || edge > b->edges[b->n - 1]) b->edges[b->n++] = edge;
    }
}

static unsigned char bin_of(const bins *b, double v)
{
    size_t lo = 0, hi = b->n;     /* first edge >= v */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (b->edges[mid] < v) lo = mid + 1; else hi = mid;
    }
    return (unsigned char)lo;
}

/* Adds TREE_COUNT regression trees of depth TREE_DEPTH to m, fitted to the
 * gradient of the logistic loss at m's current scores (second-order
 * boosting with histograms over quantile bins). */
static void boost(const example_set *ex, model *m)
{
    size_t n = ex->n, d = ex->d;
    bins *b = xrealloc(NULL, d * sizeof *b);
    double *scratch = xrealloc(NULL, (n ? n : 1) * sizeof *scratch);
    unsigned char *bin = xrealloc(NULL, n * d + 1);
    for (size_t j = 0; j < d; j++) {
        make_bins(ex, j, scratch, &b[j]);
        for (size_t k = 0; k < n; k++) bin[k * d + j] = bin_of(&b[j], ex->x[k * d + j]);
    }
    double *s = scratch, *g = xrealloc(NULL, n * sizeof *g), *h = xrealloc(NULL, n * sizeof *h);
    double wsum = 0;
    for (size_t k = 0; k < n; k++) wsum += ex->w[k];
    double norm = (double)n / wsum;
    for (size_t k = 0; k < n; k++) s[k] = model_score(m, ex->x + k * d);
    int *node_of = xrealloc(NULL, n * sizeof *node_of);
    enum { NODES = (1 << (TREE_DEPTH + 1)) - 1, LEAVES = 1 << TREE_DEPTH };
    size_t hist_size = (size_t)LEAVES * d * (TREE_BINS + 1);
    double *hg = xrealloc(NULL, hist_size * sizeof *hg), *hh = xrealloc(NULL, hist_size * sizeof *hh);
    for (int t = 0; t < TREE_COUNT && m->n_trees < MODEL_MAX_TREES &&
                    m->n_nodes + NODES <= MODEL_MAX_NODES; t++) {
        for (size_t k = 0; k < n; k++) {
            double w = ex->w[k] * norm, p = 1 / (1 + exp(-s[k]));
            g[k] = w * (p - ex->y[k]);
            h[k] = w * p * (1 - p);
            node_of[k] = 0;
        }
        /* a complete tree in heap order: node i has children 2i+1, 2i+2 */
        int split_feature[NODES];
        double split_value[NODES], leaf[NODES];
        int is_leaf[NODES];
        for (int i = 0; i < NODES; i++) { split_feature[i] = -1; is_leaf[i] = 0; leaf[i] = 0; }
        for (int depth = 0; depth < TREE_DEPTH; depth++) {
            int first = (1 << depth) - 1, count = 1 << depth;
            memset(hg, 0, (size_t)count * d * (TREE_BINS + 1) * sizeof *hg);
            memset(hh, 0, (size_t)count * d * (TREE_BINS + 1) * sizeof *hh);
            for (size_t k = 0; k < n; k++) {
                if (ex->w[k] == 0 || node_of[k] < first) continue;
                size_t base = (size_t)(node_of[k] - first) * d * (TREE_BINS + 1);
                const unsigned char *bk = bin + k * d;
                for (size_t j = 0; j < d; j++) {
                    hg[base + j * (TREE_BINS + 1) + bk[j]] += g[k];
                    hh[base + j * (TREE_BINS + 1) + bk[j]] += h[k];
                }
            }
            for (int c = 0; c < count; c++) {
                int node = first + c;
                size_t base = (size_t)c * d * (TREE_BINS + 1);
                double G = 0, H = 0;
                for (size_t q = 0; q <= TREE_BINS; q++) { G += hg[base + q]; H += hh[base + q]; }
                double best = 0;
                for (size_t j = 0; j < d; j++) {
                    double gl = 0, hl = 0;
                    for (size_t q = 0; q < b[j].n; q++) {
                        gl += hg[base + j * (TREE_BINS + 1) + q];
                        hl += hh[base + j * (TREE_BINS + 1) + q];
                        double gr = G - gl, hr = H - hl;
                        if (hl < TREE_MIN_HESSIAN || hr < TREE_MIN_HESSIAN) continue;
                        double gain = gl * gl / (hl + TREE_LAMBDA) + gr * gr / (hr + TREE_LAMBDA) -
                                      G * G / (H + TREE_LAMBDA);
                        if (gain > best + 1e-9) {
                            best = gain;
                            split_feature[node] = (int)j;
                            split_value[node] = b[j].edges[q];
                        }
                    }
                }
                if (split_feature[node] < 0) {
                    is_leaf[node] = 1;
                    leaf[node] = -TREE_RATE * G / (H + TREE_LAMBDA);
                }
            }
            for (size_t k = 0; k < n; k++) {
                int node = node_of[k];
                if (node < first || is_leaf[node]) continue;
                int j = split_feature[node];
                node_of[k] = 2 * node + 1 + (ex->x[k * d + (size_t)j] > split_value[node]);
            }
        }
        /* leaves at full depth */
        {
            int first = (1 << TREE_DEPTH) - 1;
            double G[LEAVES], H[LEAVES];
            memset(G, 0, sizeof G);
            memset(H, 0, sizeof H);
            for (size_t k = 0; k < n; k++)
                if (node_of[k] >= first) { G[node_of[k] - first] += g[k]; H[node_of[k] - first] += h[k]; }
            for (int c = 0; c < LEAVES; c++) {
                is_leaf[first + c] = 1;
                leaf[first + c] = -TREE_RATE * G[c] / (H[c] + TREE_LAMBDA);
            }
        }
        /* write the reachable nodes, renumbered in order */
        int number[NODES], used = 1;
        number[0] = 0;
        for (int i = 1; i < NODES; i++) {
            int parent = (i - 1) / 2;
            number[i] = number[parent] >= 0 && !is_leaf[parent] ? used++ : -1;
        }
        m->tree_root[m->n_trees++] = (uint32_t)m->n_nodes;
        size_t base = m->n_nodes;
        for (int i = 0; i < NODES; i++) {
            if (number[i] < 0) continue;
            model_node *nd = &m->nodes[base + (size_t)number[i]];
            if (is_leaf[i]) {
                nd->feature = -1;
                nd->left = nd->right = 0;
                nd->value = leaf[i];
            } else {
                nd->feature = split_feature[i];
                nd->value = split_value[i];
                nd->left = (int32_t)(base + (size_t)number[2 * i + 1]);
                nd->right = (int32_t)(base + (size_t)number[2 * i + 2]);
            }
        }
        m->n_nodes += (size_t)used;
        for (size_t k = 0; k < n; k++) {
            int node = node_of[k];
            s[k] += leaf[node];
        }
    }
    fprintf(stderr, "winnow-train: %zu trees, %zu nodes\n", m->n_trees, m->n_nodes);
    free(b); free(scratch); free(bin); free(g); free(h); free(node_of); free(hg); free(hh);
}

/* Mean per-page F1 (words of labelled lines) of Viterbi decoding with
 * the given costs and threshold, over scores s. */
static double decoded_f1(const example_set *ex, const double *s, double same,
                         double fresh, double threshold, unsigned char *keep,
                         unsigned char *back)
{
    double total = 0, weights = 0;
    for (size_t doc = 0; doc < ex->docs; doc++) {
        size_t a = ex->doc_start[doc], b = ex->doc_start[doc + 1];
        double vk = 0, vd = 0;
        for (size_t i = a; i < b; i++) {
            double e = (s[i] + threshold) / 2, cost = i == a ? 0 : ex->same[i] ? same : fresh;
            unsigned char bk = 0;
            double nk, nd;
            if (vk >= vd - cost) { nk = vk + e; bk |= 2; } else nk = vd - cost + e;
            if (vd >= vk - cost) nd = vd - e; else { nd = vk - cost - e; bk |= 1; }
            back[i] = bk;
            vk = nk;
            vd = nd;
        }
        int state = vk > vd;
        for (size_t i = b; i-- > a;) {
            keep[i] = (unsigned char)state;
            state = state ? (back[i] & 2) != 0 : (back[i] & 1) != 0;
        }
        double tp = 0, fp = 0, fn = 0;
        for (size_t i = a; i < b; i++) {
            if (ex->y[i] == 2) continue;
            double t = ex->tokens[i] ? ex->tokens[i] : 0.5;
            if (keep[i] && ex->y[i]) tp += t;
            else if (keep[i]) fp += t;
            else if (ex->y[i]) fn += t;
        }
        if (tp + fp + fn == 0) continue;
        total += ex->doc_weight[doc] * (2 * tp / (2 * tp + fp + fn));
        weights += ex->doc_weight[doc];
    }
    return weights ? total / weights : 0;
}

/* x[k * model_context_count ...]: the second stage's vector of example k,
 * from the first stage's scores of its page. */
static void context_vectors(const example_set *ex, const model *m, double *x)
{
    const size_t d = model_context_count;
    double *s = xrealloc(NULL, (ex->n ? ex->n : 1) * sizeof *s);
    context_line *cl = xrealloc(NULL, (ex->n ? ex->n : 1) * sizeof *cl);
    for (size_t k = 0; k < ex->n; k++) s[k] = model_score(m, ex->x + k * ex->d);
    for (size_t doc = 0; doc < ex->docs; doc++) {
        size_t a = ex->doc_start[doc], n = ex->doc_start[doc + 1] - a;
        size_t positive = model_context_prepare(s + a, ex->same + a, n, cl + a);
        for (size_t i = 0; i < n; i++)
            model_context_vector(cl + a, n, i, positive, x + (a + i) * d);
    }
    free(s);
    free(cl);
}

/* The second stage: a logistic regression over the first stage's scores
 * around each line (model_context_vector), fitted on the scores the
 * first stage gives the training lines. */
static void fit_context(const example_set *ex, model *m)
{
    const size_t d = model_context_count;
    example_set cx = *ex;          /* labels, weights, pages: shared */
    cx.d = d;
    cx.x = xrealloc(NULL, (ex->n ? ex->n : 1) * d * sizeof *cx.x);
    context_vectors(ex, m, cx.x);
    model c;
    memset(&c, 0, sizeof c);
    c.n = d;
    fit(&cx, &c);
    m->n_context = d;
    m->context_bias = c.bias;
    for (size_t j = 0; j < d; j++) {
        m->context_mean[j] = c.mean[j];
        m->context_scale[j] = c.scale[j];
        m->context_weight[j] = c.weight[j];
    }
    model_fold(m);
    free(cx.x);
}

/* s[k]: the model's log-odds for example k (both stages), before the
 * threshold. */
static void score_examples(const example_set *ex, const model *m, double *s)
{
    if (!m->n_context) {
        for (size_t k = 0; k < ex->n; k++) s[k] = model_score(m, ex->x + k * ex->d);
        return;
    }
    const size_t d = model_context_count;
    double *x = xrealloc(NULL, (ex->n ? ex->n : 1) * d * sizeof *x);
    context_vectors(ex, m, x);
    for (size_t k = 0; k < ex->n; k++) s[k] = model_context_score(m, x + k * d);
    free(x);
}

static void tune(const example_set *ex, model *m)
{
    double *s = xrealloc(NULL, (ex->n ? ex->n : 1) * sizeof *s);
    unsigned char *keep = xrealloc(NULL, ex->n), *back = xrealloc(NULL, ex->n);
    score_examples(ex, m, s);
    static const double sames[] = {0, 0.5, 1, 1.5, 2, 3, 4, 6};
    static const double freshes[] = {0, 0.25, 0.5, 1, 1.5, 2, 3};
    static const double thresholds[] = {-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5};
    double best = -1;
    for (size_t a = 0; a < sizeof sames / sizeof *sames; a++)
        for (size_t b = 0; b < sizeof freshes / sizeof *freshes; b++)
            for (size_t c = 0; c < sizeof thresholds / sizeof *thresholds; c++) {
                double f = decoded_f1(ex, s, sames[a], freshes[b], thresholds[c], keep, back);
                if (f > best + 1e-12) {
                    best = f;
                    m->switch_same = sames[a];
                    m->switch_new = freshes[b];
                    m->threshold = thresholds[c];
                }
            }
    fprintf(stderr, "winnow-train: switch costs %g (same paragraph), %g (new), threshold %g: "
                    "mean page F1 %.4f on the training lines\n",
            m->switch_same, m->switch_new, m->threshold, best);
    free(s); free(keep); free(back);
}

/* ---- writing --------------------------------------------------------- */

static void write_model(FILE *f, const model *m, const char *prefix, const char *suffix,
                        const trainer *t)
{
    fprintf(f, "%s# winnow line model, written by winnow-train from %zu pages,%s\n",
            prefix, t->pages, suffix);
    fprintf(f, "%s# %zu lines (%zu labelled).  feature: name mean scale weight%s\n",
            prefix, t->lines, t->labelled, suffix);
    fprintf(f, "%swinnow-model 1%s\n", prefix, suffix);
    fprintf(f, "%sbias %.6g%s\n", prefix, m->bias, suffix);
    fprintf(f, "%sthreshold %.6g%s\n", prefix, m->threshold, suffix);
    fprintf(f, "%sswitch-same-paragraph %.6g%s\n", prefix, m->switch_same, suffix);
    fprintf(f, "%sswitch-new-paragraph %.6g%s\n", prefix, m->switch_new, suffix);
    for (size_t j = 0; j < model_feature_count; j++)
        fprintf(f, "%sfeature %s %.6g %.6g %.6g%s\n", prefix, model_feature_names[j],
                m->mean[j], m->scale[j], m->weight[j], suffix);
    if (m->n_context) fprintf(f, "%scontext-bias %.6g%s\n", prefix, m->context_bias, suffix);
    for (size_t j = 0; j < m->n_context; j++)
        fprintf(f, "%scontext %s %.6g %.6g %.6g%s\n", prefix, model_context_names[j],
                m->context_mean[j], m->context_scale[j], m->context_weight[j], suffix);
    for (size_t k = 0; k < m->n_trees; k++) {
        size_t first = m->tree_root[k];
        size_t last = k + 1 < m->n_trees ? m->tree_root[k + 1] : m->n_nodes;
        fprintf(f, "%stree %zu%s\n", prefix, last - first, suffix);
        for (size_t i = first; i < last; i++) {
            const model_node *nd = &m->nodes[i];
            if (nd->feature < 0)
                fprintf(f, "%sleaf %.6g%s\n", prefix, nd->value, suffix);
            else
                fprintf(f, "%snode %s %.9g %zu %zu%s\n", prefix,
                        model_feature_names[nd->feature], nd->value,
                        (size_t)nd->left - first, (size_t)nd->right - first, suffix);
        }
    }
}

static const char usage[] =
    "Usage: winnow-train [-o MODEL] [--c-source FILE] [--exclude SET]... DIR...\n"
    "Learn winnow's line model from labelled pages.\n"
    "\n"
    "Each DIR is a folder of pages (<id>.in.txt with <id>.gold.txt or\n"
    "<id>.snippets.json, or <id>.marked.txt whose lines start with '+ ' for\n"
    "content and '- ' for boilerplate), or a folder of such folders.\n"
    "\n"
    "  -o MODEL          write the model text to MODEL (default: standard output);\n"
    "                    use it with 'winnow --model MODEL'\n"
    "  --c-source FILE   also write FILE, a C source holding the model as the\n"
    "                    shipped default (src/model_default.c)\n"
    "  --exclude SET     leave out sub-folders named SET (leave-one-set-out)\n"
    "  --linear          the linear model only, without boosted trees\n"
    "  --no-context      without the second stage (scores revised from the\n"
    "                    scores of the lines around)\n"
    "  -h, --help        show this help\n";

int main(int argc, char **argv)
{
    const char *out_path = NULL, *c_path = NULL;
    int trees = 1, context = 1;
    char **dirs = xrealloc(NULL, (size_t)argc * sizeof *dirs), **excluded = xrealloc(NULL, (size_t)argc * sizeof *excluded);
    size_t n_dirs = 0, n_excluded = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(usage, stdout);
            free(dirs);
            free(excluded);
            return 0;
        } else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
            out_path = argv[++i];
        } else if (strcmp(argv[i], "--c-source") == 0 && i + 1 < argc) {
            c_path = argv[++i];
        } else if (strcmp(argv[i], "--linear") == 0) {
            trees = 0;
        } else if (strcmp(argv[i], "--no-context") == 0) {
            context = 0;
        } else if (strcmp(argv[i], "--exclude") == 0 && i + 1 < argc) {
            excluded[n_excluded++] = argv[++i];
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "winnow-train: unknown option '%s'\n%s", argv[i], usage);
            free(dirs);
            free(excluded);
            return 2;
        } else {
            dirs[n_dirs++] = argv[i];
        }
    }
    if (!n_dirs) {
        fputs(usage, stderr);
        free(dirs);
        free(excluded);
        return 2;
    }

    trainer t;
    memset(&t, 0, sizeof t);
    winnow_options opt;
    winnow_options_init(&opt);
    opt.keep_all = 1;
    if (winnow_new(&t.pipeline, &opt) || classifier_init(&t.cls, 0, NULL, 0))
        die("cannot set up the pipeline", NULL);
    wbuf_init(&t.scratch, 0);
    wbuf_init(&t.lb.scratch, 0);
    t.ex.d = model_feature_count;
    for (size_t i = 0; i < n_dirs; i++) add_dir(&t, dirs[i], excluded, n_excluded);
    fprintf(stderr, "winnow-train: %zu pages, %zu lines, %zu labelled\n", t.pages, t.lines,
            t.labelled);

    model m;
    memset(&m, 0, sizeof m);
    m.n = model_feature_count;
    fit(&t.ex, &m);
    if (trees) boost(&t.ex, &m);
    model_fold(&m);      /* derive the trees' evaluation form */
    if (context) fit_context(&t.ex, &m);
    tune(&t.ex, &m);

    FILE *f = out_path ? fopen(out_path, "w") : stdout;
    if (!f) die("cannot write", out_path);
    write_model(f, &m, "", "", &t);
    if (out_path && fclose(f) != 0) die("cannot write", out_path);
    if (c_path) {
        FILE *c = fopen(c_path, "w");
        if (!c) die("cannot write", c_path);
        fprintf(c, "/* model_default.c -- GENERATED by winnow-train; do not edit.\n"
                   " * The shipped line model (see model.h).  Regenerate with\n"
                   " * ./build.sh train, which trains on the development sets. */\n"
                   "#include \"model.h\"\n\nconst char *const model_default_lines[] = {\n");
        write_model(c, &m, "    \"", "\\n\",", &t);
        fprintf(c, "};\nconst size_t model_default_line_count =\n"
                   "    sizeof model_default_lines / sizeof model_default_lines[0];\n");
        if (fclose(c) != 0) die("cannot write", c_path);
    }
    winnow_free(t.pipeline);
    classifier_release(&t.cls);
    trainer_release(&t);
    free(dirs);
    free(excluded);
    return 0;
}
