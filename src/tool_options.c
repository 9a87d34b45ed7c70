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
    "                        cp1252, UTF-16LE, ...); default: detected (BOM,\n"
    "                        UTF-16/32 by zero bytes, UTF-8, legacy encodings)\n"
    "      --strict          invalid input is an error (reported with the byte\n"
    "                        offset of the first invalid sequence), not U+FFFD\n"
    "      --no-fix-mojibake leave mojibake (UTF-8 read as cp1252, latin1, ...)\n"
    "      --no-entities     leave HTML character references (&amp; &#8217;)\n"
    "      --ascii-punct     fold curly quotes, dashes and ellipses to ASCII\n"
    "      --casefold        Unicode full case folding\n"
    "      --strip-marks     remove combining marks (accents) after decomposition\n"
    "      --nfkc            normalize to NFKC instead of NFC\n"
    "      --no-normalize    leave code points as decoded\n"
    "      --no-tidy         keep line endings, spaces, invisible and control\n"
    "                        characters and blank lines as they are\n"
    "      --keep-all        keep every line (decode, repair, normalize, tidy\n"
    "                        only); with --no-tidy the output is exactly the\n"
    "                        decoded, repaired, normalized text\n"
    "      --keep-comments   judge readers' comments below the content line by\n"
    "                        line (default: a thread of them is dropped whole)\n"
    "      --explain         print every line with its verdict (K keep, D drop),\n"
    "                        score and reason instead of the clean text\n"
    "      --model FILE      judge lines with the model in FILE, written by\n"
    "                        winnow-train (default: the shipped model)\n"
    "      --max-doc-bytes N skip (and report) inputs larger than N bytes\n"
    "                        (default 1073741824; 0: no limit)\n"
    "                        A text input of more than 4 MiB is cleaned in\n"
    "                        parts of about 1 MiB, cut at blank lines, each\n"
    "                        a document: memory stays small, all cores work.\n"
    "\n";

/* (in two parts: C compilers need only take strings of 4095 bytes) */
static const char usage_corpus[] =
    "Corpora:\n"
    "      --jsonl           inputs are JSONL: one JSON object per line; the text\n"
    "                        field is cleaned in place, every other byte of the\n"
    "                        line passes through unchanged\n"
    "      --field NAME      the text field (default: text)\n"
    "      --meta            add metadata.winnow to each line: encoding, lines\n"
    "                        kept and dropped, bytes in and out (with --explain:\n"
    "                        the dropped lines and their reasons)\n"
    "      --on-error=WHAT   a line that is not valid JSON or has no text field\n"
    "                        is reported with file and line number, and then:\n"
    "                        keep (default) passed through untouched, skip left\n"
    "                        out, fail: stop with exit status 1\n"
    "      --drop-empty      leave out documents whose clean text is empty\n"
    "      --wet             inputs are WET archives (WARC records of text, as\n"
    "                        Common Crawl makes them); output is JSONL with url,\n"
    "                        date and record_id in metadata\n"
    "                        Inputs compressed with gzip or zstd are recognised\n"
    "                        by their first bytes; an output file whose name ends\n"
    "                        in .gz or .zst is written compressed.\n"
    "  -r, --recursive       FILE may be a folder: clean every file below it;\n"
    "                        with -o DIR the tree is mirrored in DIR\n"
    "      --skip-existing   with -o DIR: leave out inputs whose output exists\n"
    "  -j, --jobs N          clean on N threads (default: one per core); the\n"
    "                        output is the same for every N\n"
    "      --quiet           no progress line on a terminal\n"
    "      --stats FILE      write a JSON summary of the run to FILE\n"
    "      --line-counts F   use line counts made by 'winnow count' as evidence:\n"
    "                        a line found on many pages is boilerplate\n"
    "      --count-lines     count the lines of the inputs first (two passes)\n"
    "                        and use those counts the same way\n"
    "\n"
    "Counting lines across documents:\n"
    "  winnow count [--jsonl|--wet] [--mem MB] -o COUNTS INPUT...\n"
    "  winnow count --merge -o COUNTS COUNTS...\n"
    "\n"
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
    winnow_jsonl_options_init(&c->jo);
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
            fputs(usage_corpus, stdout);
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
        } else if (strcmp(a, "--strict") == 0) {
            c->opt.strict = 1;
        } else if (strcmp(a, "--no-fix-mojibake") == 0) {
            c->opt.fix_mojibake = 0;
        } else if (strcmp(a, "--no-entities") == 0) {
            c->opt.entities = 0;
        } else if (strcmp(a, "--ascii-punct") == 0) {
            c->opt.ascii_punct = 1;
        } else if (strcmp(a, "--casefold") == 0) {
            c->opt.casefold = 1;
        } else if (strcmp(a, "--strip-marks") == 0) {
            c->opt.strip_marks = 1;
        } else if (strcmp(a, "--keep-all") == 0) {
            c->opt.keep_all = 1;
        } else if (strcmp(a, "--keep-comments") == 0) {
            c->opt.keep_comments = 1;
        } else if (strcmp(a, "--explain") == 0) {
            c->explain = 1;
        } else if (is_option(a, "--model")) {
            c->model_path = option_value(argc, argv, &i, "--model");
        } else if (strcmp(a, "--jsonl") == 0) {
            c->jsonl = 1;
        } else if (strcmp(a, "--wet") == 0) {
            c->wet = 1;
        } else if (is_option(a, "--field")) {
            c->jo.field = option_value(argc, argv, &i, "--field");
            if (!*c->jo.field) tool_die_usage("empty field name for", a);
        } else if (strcmp(a, "--meta") == 0) {
            c->jo.meta = 1;
        } else if (is_option(a, "--on-error")) {
            const char *v = option_value(argc, argv, &i, "--on-error");
            if (strcmp(v, "keep") == 0) c->on_error = TOOL_ON_ERROR_KEEP;
            else if (strcmp(v, "skip") == 0) c->on_error = TOOL_ON_ERROR_SKIP;
            else if (strcmp(v, "fail") == 0) c->on_error = TOOL_ON_ERROR_FAIL;
            else tool_die_usage("--on-error: not one of fail, skip, keep:", v);
        } else if (strcmp(a, "--drop-empty") == 0) {
            c->drop_empty = 1;
        } else if (strcmp(a, "-r") == 0 || strcmp(a, "--recursive") == 0) {
            c->recursive = 1;
        } else if (strcmp(a, "--skip-existing") == 0) {
            c->skip_existing = 1;
        } else if (strcmp(a, "-j") == 0 || is_option(a, "--jobs") ||
                   (a[1] == 'j' && a[2] >= '0' && a[2] <= '9')) {
            const char *v = a[1] == 'j' && a[2] ? a + 2
                          : strcmp(a, "-j") == 0 ? option_value(argc, argv, &i, "-j")
                                                 : option_value(argc, argv, &i, "--jobs");
            char *end;
            errno = 0;
            unsigned long n = strtoul(v, &end, 10);
            if (errno || end == v || *end || v[0] == '-' || n > 1024)
                tool_die_usage("--jobs: not a number from 0 to 1024:", v);
            c->jobs = (unsigned)n;
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            c->quiet = 1;
        } else if (is_option(a, "--stats")) {
            c->stats_path = option_value(argc, argv, &i, "--stats");
        } else if (is_option(a, "--line-counts")) {
            c->line_counts_path = option_value(argc, argv, &i, "--line-counts");
        } else if (strcmp(a, "--count-lines") == 0) {
            c->count_in_run = 1;
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
    if (c->jsonl && c->wet) tool_die_usage("choose one of", "--jsonl, --wet");
    if (c->explain && (c->jsonl || c->wet)) c->jo.meta = c->jo.explain = 1;
}

void tool_options_release(tool_options *t)
{
    if (!t) return;
    free(t->files);
    t->files = NULL;
    t->n_files = 0;
}
