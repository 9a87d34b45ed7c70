/* tool_inputs.c -- what a run reads and where it writes.
 *
 * Inputs are the files of the command line; with -r a folder stands for
 * every regular file below it, walked in byte order of names (so runs
 * are repeatable), not following links to folders, and never entering
 * the output folder (a tree cleaned into a folder inside itself does not
 * feed on its own output).  With -o DIR the output of INDIR/a/b.txt is
 * DIR/a/b.txt; a WET archive x.warc.wet.gz becomes x.jsonl.gz.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tool_inputs.h"

typedef struct walk {
    const tool_options *c;
    tool_inputs *list;
    int have_out;
    dev_t out_dev;
    ino_t out_ino;
    int status;
} walk;

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *s = malloc(n);
    if (s) snprintf(s, n, "%s%s%s", a, (*a && a[strlen(a) - 1] != '/') ? "/" : "", b);
    return s;
}

static int ends_with(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* The output name for input name `rel` (a relative path). */
static char *output_name(const tool_options *c, const char *rel)
{
    size_t n = strlen(rel);
    const char *z = ends_with(rel, n, ".gz") ? ".gz" : ends_with(rel, n, ".zst") ? ".zst" : "";
    if (!c->wet) return join(c->output_dir, rel);
    size_t stem = n - strlen(z);
    if (ends_with(rel, stem, ".warc.wet")) stem -= 9;
    else if (ends_with(rel, stem, ".wet")) stem -= 4;
    size_t len = stem + 6 + strlen(z) + 1;
    char *name = malloc(len);
    if (!name) return NULL;
    snprintf(name, len, "%.*s.jsonl%s", (int)stem, rel, z);
    char *out = join(c->output_dir, name);
    free(name);
    return out;
}

static int add(walk *w, const char *path, const char *rel, uint64_t size, int size_known)
{
    tool_inputs *l = w->list;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        tool_input *v = realloc(l->v, cap * sizeof *v);
        if (!v) return 1;
        l->v = v;
        l->cap = cap;
    }
    tool_input *in = &l->v[l->n];
    in->path = strdup(path);
    in->output = w->c->output_dir ? output_name(w->c, rel) : NULL;
    in->size = size;
    if (!in->path || (w->c->output_dir && !in->output)) {
        free(in->path);
        free(in->output);
        return 1;
    }
    if (size_known) l->total_size += size;
    else l->total_size = 0;
    l->n++;
    return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static void walk_dir(walk *w, const char *dir, const char *rel)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, by_name);
    if (n < 0) {
        fprintf(stderr, "winnow: %s: %s\n", dir, strerror(errno));
        w->status = 1;
        return;
    }
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        if (strcmp(name, ".") && strcmp(name, "..")) {
            char *path = join(dir, name), *sub = join(rel, name);
            struct stat st;
            if (!path || !sub) {
                fprintf(stderr, "winnow: out of memory\n");
                w->status = 1;
            } else if (lstat(path, &st) != 0) {
                fprintf(stderr, "winnow: %s: %s\n", path, strerror(errno));
                w->status = 1;
            } else if (S_ISDIR(st.st_mode)) {
                if (!(w->have_out && st.st_dev == w->out_dev && st.st_ino == w->out_ino))
                    walk_dir(w, path, sub);
            } else if ((S_ISREG(st.st_mode) || (S_ISLNK(st.st_mode) && stat(path, &st) == 0 &&
                                                 S_ISREG(st.st_mode))) &&
                       !(name[0] == '.' && strlen(name) > 7 &&
                         strrchr(name, '.') == name + strlen(name) - 7)) {
                /* (".NAME.XXXXXX" is an unfinished output of ours) */
                if (add(w, path, sub, (uint64_t)st.st_size, 1)) {
                    fprintf(stderr, "winnow: out of memory\n");
                    w->status = 1;
                }
            }
            free(path);
            free(sub);
        }
        free(names[i]);
    }
    free(names);
}

static const char *base_name(const char *path)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/') n--;
    const char *s = path + n;
    while (s > path && s[-1] != '/') s--;
    return s;
}

int tool_inputs_collect(const tool_options *c, tool_inputs *list)
{
    memset(list, 0, sizeof *list);
    walk w = {c, list, 0, 0, 0, 0};
    struct stat st;
    if (c->output_dir && stat(c->output_dir, &st) == 0) {
        w.have_out = 1;
        w.out_dev = st.st_dev;
        w.out_ino = st.st_ino;
    }
    int all_sizes = 1;
    for (size_t i = 0; i < c->n_files; i++) {
        const char *f = c->files[i];
        if (strcmp(f, "-") == 0) {
            add(&w, "-", c->jsonl || c->wet ? "stdin.jsonl" : "stdin.txt", 0, 0);
            all_sizes = 0;
            continue;
        }
        if (c->recursive && stat(f, &st) == 0 && S_ISDIR(st.st_mode)) {
            walk_dir(&w, f, "");
            continue;
        }
        int known = stat(f, &st) == 0 && S_ISREG(st.st_mode);
        if (!known) all_sizes = 0;
        if (add(&w, f, base_name(f), known ? (uint64_t)st.st_size : 0, known)) {
            fprintf(stderr, "winnow: out of memory\n");
            w.status = 1;
        }
    }
    if (!all_sizes) list->total_size = 0;
    return w.status;
}

void tool_inputs_release(tool_inputs *list)
{
    if (!list) return;
    for (size_t i = 0; i < list->n; i++) {
        free(list->v[i].path);
        free(list->v[i].output);
    }
    free(list->v);
    memset(list, 0, sizeof *list);
}

int tool_make_parents(const char *path)
{
    char *p = strdup(path);
    if (!p) return ENOMEM;
    for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
        *s = 0;
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            int err = errno;
            free(p);
            return err;
        }
        *s = '/';
    }
    free(p);
    return 0;
}
