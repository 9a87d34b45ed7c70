/* tool_options.c -- the command line of winnow: the --help text and the
 * parser that turns argv into a tool_options.
 *
 * Options are long (--name VALUE or --name=VALUE) or short (-o DIR);
 * "--" ends the options; "-" is standard input.  Bad usage is reported
 * on stderr with a hint and exit status 2, before any input is read.
 * The --help text below is the command's reference: keep it true.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool_options.h"

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

void tool_die_usage(const char *what, const char *arg)
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
    if (*i + 1 >= argc) tool_die_usage("missing value for option", name);
    return argv[++*i];
}

static int is_option(const char *a, const char *name)
{
    size_t n = strlen(name);
    return strncmp(a, name, n) == 0 && (a[n] == '\0' || a[n] == '=');
}

void tool_options_parse(int argc, char **argv, tool_options *c)
{
    memset(c, 0, sizeof *c);
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
            if (!*c->output_dir) tool_die_usage("empty directory name for", a);
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
                tool_die_usage("--max-doc-bytes: not a number:", v);
            c->opt.max_doc_bytes = (size_t)n;
        } else {
            tool_die_usage("unknown option", a);
        }
    }
    if (c->n_files == 0) c->files[c->n_files++] = "-";
}

void tool_options_release(tool_options *t)
{
    if (!t) return;
    free(t->files);
    t->files = NULL;
    t->n_files = 0;
}
