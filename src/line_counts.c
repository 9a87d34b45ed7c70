/* line_counts.c -- in how many documents of a corpus each line occurs.
 *
 * A line is known by a 64-bit fingerprint (line_fingerprint()).  Counts
 * live in one of two shapes:
 *
 *   exact   open addressing, linear probing: keys[] (0 = empty; a
 *           fingerprint of 0 is stored as 1) and counts[] side by side,
 *           at most 3/4 full, doubled when fuller;
 *   sketch  a count-min sketch: ROWS rows of `width` uint32 counters;
 *           a line's count is the least of its ROWS counters, never too
 *           low, too high only by collisions.
 *
 * With a memory cap, counting starts exact and turns into a sketch of
 * the cap's size when the table would outgrow it.  Counts saturate at
 * UINT32_MAX.  The file format (little-endian) is
 *
 *   "WNWLC1\0\0"  u32 shape (0 exact, 1 sketch)  u32 rows
 *   u64 documents  u64 n (entries, or width)  then n x (u64 key, u32 count)
 *   or rows x width x u32.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "line_counts.h"

enum { ROWS = 4 };
static const char magic[8] = {'W', 'N', 'W', 'L', 'C', '1', 0, 0};

struct winnow_line_counts {
    size_t max_bytes;        /* 0: no cap */
    uint64_t documents;
    int sketch;
    /* exact */
    uint64_t *keys;
    uint32_t *counts;
    size_t cap, used;        /* cap is a power of two */
    /* sketch */
    uint32_t *cells;
    size_t width;
};

uint64_t line_fingerprint(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325u;
    int in_digits = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= '0' && c <= '9') {
            if (in_digits) continue;
            in_digits = 1;
            c = '0';
        } else {
            in_digits = 0;
            if (c >= 'A' && c <= 'Z') c = (unsigned char)(c + 32);
        }
        h = (h ^ c) * 0x100000001b3u;
    }
    h ^= h >> 33;                                  /* finish: mix high bits */
    h *= 0xff51afd7ed558ccdu;
    h ^= h >> 33;
    return h ? h : 1;
}

static uint64_t mix(uint64_t x, unsigned row)
{
    x += 0x9e3779b97f4a7c15u * (row + 1);
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
    return x ^ (x >> 31);
}

winnow_error winnow_line_counts_new(winnow_line_counts **out, size_t max_bytes)
{
    if (!out) return WINNOW_ERR_INVALID_ARG;
    winnow_line_counts *c = calloc(1, sizeof *c);
    if (!c) return WINNOW_ERR_NOMEM;
    c->max_bytes = max_bytes;
    *out = c;
    return WINNOW_OK;
}

void winnow_line_counts_free(winnow_line_counts *c)
{
    if (!c) return;
    free(c->keys);
    free(c->counts);
    free(c->cells);
    free(c);
}

uint64_t line_counts_documents(const winnow_line_counts *c) { return c->documents; }

static void sat_add(uint32_t *x, uint32_t n)
{
    *x = *x > UINT32_MAX - n ? UINT32_MAX : *x + n;
}

static void sketch_add(winnow_line_counts *c, uint64_t fp, uint32_t n)
{
    for (unsigned r = 0; r < ROWS; r++)
        sat_add(&c->cells[(size_t)r * c->width + mix(fp, r) % c->width], n);
}

/* Turns the exact table into a sketch of `width` columns. */
static winnow_error to_sketch(winnow_line_counts *c, size_t width)
{
    if (width < 1024) width = 1024;
    uint32_t *cells = calloc((size_t)ROWS * width, sizeof *cells);
    if (!cells) return WINNOW_ERR_NOMEM;
    c->cells = cells;
    c->width = width;
    c->sketch = 1;
    for (size_t i = 0; i < c->cap; i++)
        if (c->keys[i]) sketch_add(c, c->keys[i], c->counts[i]);
    free(c->keys);
    free(c->counts);
    c->keys = NULL;
    c->counts = NULL;
    c->cap = c->used = 0;
    return WINNOW_OK;
}

static winnow_error grow(winnow_line_counts *c)
{
    size_t cap = c->cap ? c->cap * 2 : 1024;
    if (c->max_bytes && cap * 12 > c->max_bytes)
        return to_sketch(c, c->max_bytes / (ROWS * sizeof(uint32_t)));
    uint64_t *keys = calloc(cap, sizeof *keys);
    uint32_t *counts = calloc(cap, sizeof *counts);
    if (!keys || !counts) { free(keys); free(counts); return WINNOW_ERR_NOMEM; }
    for (size_t i = 0; i < c->cap; i++) {
        if (!c->keys[i]) continue;
        size_t j = (size_t)mix(c->keys[i], 0) & (cap - 1);
        while (keys[j]) j = (j + 1) & (cap - 1);
        keys[j] = c->keys[i];
        counts[j] = c->counts[i];
    }
    free(c->keys);
    free(c->counts);
    c->keys = keys;
    c->counts = counts;
    c->cap = cap;
    return WINNOW_OK;
}

static winnow_error add(winnow_line_counts *c, uint64_t fp, uint32_t n)
{
    if (!fp) fp = 1;
    if (!c->sketch && (c->used + 1) * 4 > c->cap * 3) {
        winnow_error e = grow(c);
        if (e) return e;
    }
    if (c->sketch) { sketch_add(c, fp, n); return WINNOW_OK; }
    size_t j = (size_t)mix(fp, 0) & (c->cap - 1);
    while (c->keys[j] && c->keys[j] != fp) j = (j + 1) & (c->cap - 1);
    if (!c->keys[j]) { c->keys[j] = fp; c->used++; }
    sat_add(&c->counts[j], n);
    return WINNOW_OK;
}

uint32_t line_counts_get(const winnow_line_counts *c, uint64_t fp)
{
    if (!fp) fp = 1;
    if (c->sketch) {
        uint32_t m = UINT32_MAX;
        for (unsigned r = 0; r < ROWS; r++) {
            uint32_t v = c->cells[(size_t)r * c->width + mix(fp, r) % c->width];
            if (v < m) m = v;
        }
        return m;
    }
    if (!c->cap) return 0;
    size_t j = (size_t)mix(fp, 0) & (c->cap - 1);
    while (c->keys[j]) {
        if (c->keys[j] == fp) return c->counts[j];
        j = (j + 1) & (c->cap - 1);
    }
    return 0;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

winnow_error winnow_line_counts_add(winnow_line_counts *c, const winnow_result *doc)
{
    if (!c || !doc) return WINNOW_ERR_INVALID_ARG;
    uint64_t small[256];
    uint64_t *fps = doc->n_lines <= 256 ? small : malloc(doc->n_lines * sizeof *fps);
    if (!fps) return WINNOW_ERR_NOMEM;
    for (size_t i = 0; i < doc->n_lines; i++)
        fps[i] = line_fingerprint(doc->lines[i].text, doc->lines[i].len);
    qsort(fps, doc->n_lines, sizeof *fps, cmp_u64);
    winnow_error e = WINNOW_OK;
    for (size_t i = 0; i < doc->n_lines && !e; i++)
        if (i == 0 || fps[i] != fps[i - 1]) e = add(c, fps[i], 1);   /* once per document */
    if (fps != small) free(fps);
    if (!e) c->documents++;
    return e;
}

winnow_error winnow_line_counts_merge(winnow_line_counts *into, const winnow_line_counts *from)
{
    if (!into || !from) return WINNOW_ERR_INVALID_ARG;
    winnow_error e;
    if (from->sketch) {
        if (!into->sketch) {
            size_t w = from->width;
            if ((e = to_sketch(into, w))) return e;
        }
        if (into->width != from->width) return WINNOW_ERR_LINE_COUNTS;
        for (size_t i = 0; i < (size_t)ROWS * from->width; i++)
            sat_add(&into->cells[i], from->cells[i]);
    } else {
        for (size_t i = 0; i < from->cap; i++)
            if (from->keys[i] && (e = add(into, from->keys[i], from->counts[i]))) return e;
    }
    into->documents += from->documents;
    return WINNOW_OK;
}

static void put_u32(unsigned char *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i)); }
static void put_u64(unsigned char *p, uint64_t v) { for (int i = 0; i < 8; i++) p[i] = (unsigned char)(v >> (8 * i)); }
static uint32_t get_u32(const unsigned char *p) { uint32_t v = 0; for (int i = 3; i >= 0; i--) v = v << 8 | p[i]; return v; }
static uint64_t get_u64(const unsigned char *p) { uint64_t v = 0; for (int i = 7; i >= 0; i--) v = v << 8 | p[i]; return v; }

winnow_error winnow_line_counts_save(const winnow_line_counts *c, FILE *file)
{
    FILE *f = file;
    unsigned char h[32];
    memcpy(h, magic, 8);
    put_u32(h + 8, (uint32_t)c->sketch);
    put_u32(h + 12, ROWS);
    put_u64(h + 16, c->documents);
    put_u64(h + 24, c->sketch ? c->width : c->used);
    if (fwrite(h, 1, 32, f) != 32) return WINNOW_ERR_LINE_COUNTS;
    if (c->sketch) {
        unsigned char b[4];
        for (size_t i = 0; i < (size_t)ROWS * c->width; i++) {
            put_u32(b, c->cells[i]);
            if (fwrite(b, 1, 4, f) != 4) return WINNOW_ERR_LINE_COUNTS;
        }
        return WINNOW_OK;
    }
    unsigned char b[12];
    for (size_t i = 0; i < c->cap; i++) {
        if (!c->keys[i]) continue;
        put_u64(b, c->keys[i]);
        put_u32(b + 8, c->counts[i]);
        if (fwrite(b, 1, 12, f) != 12) return WINNOW_ERR_LINE_COUNTS;
    }
    return WINNOW_OK;
}

winnow_error winnow_line_counts_load(winnow_line_counts **out, FILE *file)
{
    FILE *f = file;
    unsigned char h[32];
    if (!out || fread(h, 1, 32, f) != 32 || memcmp(h, magic, 8) != 0 ||
        get_u32(h + 8) > 1 || get_u32(h + 12) != ROWS)
        return WINNOW_ERR_LINE_COUNTS;
    winnow_line_counts *c;
    winnow_error e = winnow_line_counts_new(&c, 0);
    if (e) return e;
    c->documents = get_u64(h + 16);
    uint64_t n = get_u64(h + 24);
    if (get_u32(h + 8) == 1) {
        if (n == 0 || n > ((uint64_t)1 << 36)) { winnow_line_counts_free(c); return WINNOW_ERR_LINE_COUNTS; }
        /* The cells grow as they are read: a damaged width must not make
         * us allocate more than twice what the file holds (found by
         * tests/fuzz/fuzz_line_counts.c). */
        const size_t total = (size_t)ROWS * (size_t)n;
        size_t cap = 0;
        unsigned char b[4];
        for (size_t i = 0; i < total; i++) {
            if (fread(b, 1, 4, f) != 4) { winnow_line_counts_free(c); return WINNOW_ERR_LINE_COUNTS; }
            if (i == cap) {
                size_t grown = cap ? (cap > total / 2 ? total : cap * 2)
                                   : (total < 4096 ? total : 4096);
                uint32_t *p = realloc(c->cells, grown * sizeof *p);
                if (!p) { winnow_line_counts_free(c); return WINNOW_ERR_NOMEM; }
                c->cells = p;
                cap = grown;
            }
            c->cells[i] = get_u32(b);
        }
        c->width = (size_t)n;
        c->sketch = 1;
    } else {
        unsigned char b[12];
        for (uint64_t i = 0; i < n; i++) {
            if (fread(b, 1, 12, f) != 12 || (e = add(c, get_u64(b), get_u32(b + 8)))) {
                winnow_line_counts_free(c);
                return e ? e : WINNOW_ERR_LINE_COUNTS;
            }
        }
    }
    if (fgetc(f) != EOF) { winnow_line_counts_free(c); return WINNOW_ERR_LINE_COUNTS; }
    *out = c;
    return WINNOW_OK;
}
