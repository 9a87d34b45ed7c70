/* cli.c -- the winnow command: options, inputs, outputs, exit codes.
 *
 * The only code that prints.  It uses nothing but the public API of
 * winnow.h: read each input whole, clean it, write the result to standard
 * output or, with -o DIR, to DIR/<basename of the input> (written to a
 * temporary name and renamed when complete, never over an input).
 *
 * Exit status: 0 success; 1 an input could not be read, cleaned or
 * written (the others are still processed); 2 bad usage.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "winnow.h"

static const char usage[] =
    "Usage: winnow [OPTIONS] [FILE...]\n"
    "Clean web-scraped text: drop boilerplate, normalize Unicode, write UTF-8.\n"
    "Reads standard input when no FILE (or '-') is given; writes standard output.\n"
    "\n"
    "Options:\n"
    "  -o, --output-dir DIR  write one file per input, DIR/<basename of input>\n"
    "                        (standard input is written to DIR/stdin.txt)\n"
    "      --from ENC        read input as ENC (any name iconv knows: latin1,\n"
    "                        cp1252, UTF-16LE, ...); default: UTF-8, or what a\n"
    "                        byte-order mark says\n"
    "      --nfkc            normalize to NFKC instead of NFC\n"
    "      --no-normalize    leave code points as decoded\n"
    "      --no-tidy         keep line endings, spaces, invisible and control\n"
    "                        characters and blank lines as they are\n"
    "      --keep-all        keep every line (decode, normalize, tidy only);\n"
    "                        with --no-tidy the output is exactly the decoded,\n"
    "                        normalized text\n"
    "      --explain         print every line with its verdict (K keep, D drop),\n"
    "                        score and reason instead of the clean text\n"
    "      --max-doc-bytes N skip (and report) inputs larger than N bytes\n"
    "                        (default 1073741824; 0: no limit)\n"
    "  -h, --help            show this help and exit\n"
    "  -V, --version         show the version and exit\n"
    "\n"
    "Exit status: 0 success, 1 an input could not be read, decoded or written,\n"
    "2 bad usage.\n";

typedef struct cli {
    winnow_options opt;
    const char *output_dir;
    int explain;
    const char **files;
    size_t n_files;
} cli;

/* Reports bad usage ("winnow: WHAT 'ARG'") and exits with status 2. */
static void die_usage(const char *what, const char *arg)
{
    fprintf(stderr, "winnow: %s '%s'\nTry 'winnow --help' for more information.\n",
            what, arg);
    exit(2);
}

/* The value of option `name`: "--name=value" or the next argument. */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (a[n] == '=') return a + n + 1;
    if (*i + 1 >= argc) die_usage("missing value for option", name);
    return argv[++*i];
}

static int is_option(const char *a, const char *name)
{
    size_t n = strlen(name);
    return strncmp(a, name, n) == 0 && (a[n] == '\0' || a[n] == '=');
}

static void parse_args(int argc, char **argv, cli *c)
{
    winnow_options_init(&c->opt);
    c->files = calloc((size_t)argc + 1, sizeof *c->files);
    if (!c->files) { fprintf(stderr, "winnow: out of memory\n"); exit(1); }
    int only_files = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_files || a[0] != '-' || strcmp(a, "-") == 0) {
            c->files[c->n_files++] = a;
        } else if (strcmp(a, "--") == 0) {
            only_files = 1;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage, stdout);
            exit(0);
        } else if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
            printf("winnow %s\n", winnow_version());
            exit(0);
        } else if (strcmp(a, "-o") == 0 || is_option(a, "--output-dir")) {
            c->output_dir = strcmp(a, "-o") == 0 ? option_value(argc, argv, &i, "-o")
                                                 : option_value(argc, argv, &i, "--output-dir");
            if (!*c->output_dir) die_usage("empty directory name for", a);
        } else if (is_option(a, "--from")) {
            c->opt.from_encoding = option_value(argc, argv, &i, "--from");
        } else if (strcmp(a, "--nfkc") == 0) {
            c->opt.normal_form = WINNOW_NFKC;
        } else if (strcmp(a, "--no-normalize") == 0) {
            c->opt.normal_form = WINNOW_NORMALIZE_NONE;
        } else if (strcmp(a, "--no-tidy") == 0) {
            c->opt.tidy = 0;
        } else if (strcmp(a, "--keep-all") == 0) {
            c->opt.keep_all = 1;
        } else if (strcmp(a, "--explain") == 0) {
            c->explain = 1;
        } else if (is_option(a, "--max-doc-bytes")) {
            const char *v = option_value(argc, argv, &i, "--max-doc-bytes");
            char *end;
            errno = 0;
            unsigned long long n = strtoull(v, &end, 10);
            if (errno || end == v || *end || v[0] == '-')
                die_usage("--max-doc-bytes: not a number:", v);
            c->opt.max_doc_bytes = (size_t)n;
        } else {
            die_usage("unknown option", a);
        }
    }
    if (c->n_files == 0) c->files[c->n_files++] = "-";
}

/* Reads all of `f` into a malloc'd buffer.  Returns 0 or an errno. */
static int read_all(FILE *f, char **out, size_t *out_len)
{
    size_t cap = 1 << 16, len = 0;
    struct stat st;
    /* A regular file's size is known: read it in one allocation (one
     * byte more, so that end of file is seen without growing). */
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

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* Writes data to DIR/<name> through a temporary file and a rename; refuses
 * to replace the input itself.  Returns 0 or prints and returns 1. */
static int write_output_file(const char *dir, const char *input, const char *data,
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

static int write_stdout(const char *data, size_t len)
{
    if (len && fwrite(data, 1, len, stdout) != len) {
        fprintf(stderr, "winnow: write error: %s\n", strerror(errno));
        return 1;
    }
    return 0;
}

/* Cleans one input; returns 0 or 1 (the message has been printed). */
static int process(winnow *w, const cli *c, const char *file)
{
    FILE *f = strcmp(file, "-") == 0 ? stdin : fopen(file, "rb");
    const char *shown = strcmp(file, "-") == 0 ? "(standard input)" : file;
    if (!f) {
        fprintf(stderr, "winnow: %s: %s\n", shown, strerror(errno));
        return 1;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fprintf(stderr, "winnow: %s: is a directory\n", shown);
        if (f != stdin) fclose(f);
        return 1;
    }
    char *data = NULL;
    size_t len = 0;
    int err = read_all(f, &data, &len);
    if (f != stdin) fclose(f);
    if (err) {
        fprintf(stderr, "winnow: %s: %s\n", shown, strerror(err));
        return 1;
    }
    winnow_result r;
    winnow_error e = winnow_clean(w, data, len, &r);
    const char *text = NULL;
    size_t text_len = 0;
    if (!e) {
        text = r.text;
        text_len = r.len;
        if (c->explain) e = winnow_explain(w, &r, &text, &text_len);
    }
    int status;
    if (e) {
        fprintf(stderr, "winnow: %s: %s\n", shown, winnow_strerror(e));
        status = 1;
    } else if (c->output_dir) {
        status = write_output_file(c->output_dir, file, text, text_len);
    } else {
        status = write_stdout(text, text_len);
    }
    free(data);
    return status;
}

int main(int argc, char **argv)
{
    cli c;
    memset(&c, 0, sizeof c);
    parse_args(argc, argv, &c);
    signal(SIGPIPE, SIG_IGN);   /* a closed pipe becomes EPIPE, reported */

    if (c.output_dir) {
        struct stat st;
        if (stat(c.output_dir, &st) != 0) {
            if (mkdir(c.output_dir, 0777) != 0) {
                fprintf(stderr, "winnow: %s: %s\n", c.output_dir, strerror(errno));
                return 1;
            }
        } else if (!S_ISDIR(st.st_mode)) {
            fprintf(stderr, "winnow: %s: not a directory\n", c.output_dir);
            return 1;
        }
    }

    winnow *w;
    winnow_error e = winnow_new(&w, &c.opt);
    if (e == WINNOW_ERR_ENCODING) {
        fprintf(stderr, "winnow: --from: unknown encoding '%s'\n", c.opt.from_encoding);
        free(c.files);
        return 2;
    }
    if (e) {
        fprintf(stderr, "winnow: %s\n", winnow_strerror(e));
        free(c.files);
        return 1;
    }
    int status = 0;
    for (size_t i = 0; i < c.n_files; i++)
        if (process(w, &c, c.files[i])) status = 1;
    if (fflush(stdout) != 0) {
        fprintf(stderr, "winnow: write error: %s\n", strerror(errno));
        status = 1;
    }
    winnow_free(w);
    free(c.files);
    return status;
}
