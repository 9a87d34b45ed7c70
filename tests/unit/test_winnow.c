/* test_winnow.c -- the public API end to end. */
#include "check.h"
#include "winnow.h"

static void test_clean_drops_boilerplate_and_ends_with_newline(void)
{
    winnow *w = NULL;
    CHECK_INT(winnow_new(&w, NULL), WINNOW_OK);
    if (!w) return;
    const char *in =
        "Skip to content\r\n\r\n"
        "The committee met on Tuesday to discuss the new budget, and after a long debate the members agreed that the proposal should be sent back to the finance office for another review.\r\n\r\n"
        "Leave a Reply\r\n";
    winnow_result r;
    CHECK_INT(winnow_clean(w, in, strlen(in), &r), WINNOW_OK);
    CHECK_STR(r.text, r.len,
              "The committee met on Tuesday to discuss the new budget, and after a long debate the members agreed that the proposal should be sent back to the finance office for another review.\n");
    CHECK_INT(r.n_lines, 3);
    CHECK_INT(r.lines_kept, 1);
    CHECK_INT(r.lines_dropped, 2);
    CHECK_INT(r.replacements, 0);
    CHECK(r.encoding && strcmp(r.encoding, "UTF-8") == 0);
    winnow_free(w);
}

static void test_keep_all_without_tidy_is_exact(void)
{
    winnow_options opt;
    winnow_options_init(&opt);
    opt.keep_all = 1;
    opt.tidy = 0;
    winnow *w = NULL;
    CHECK_INT(winnow_new(&w, &opt), WINNOW_OK);
    if (!w) return;
    const char in[] = "a\r\n\n\n  b\xc2\xa0 c\t\x01";
    winnow_result r;
    CHECK_INT(winnow_clean(w, in, sizeof in - 1, &r), WINNOW_OK);
    CHECK_MEM(r.text, r.len, in, sizeof in - 1);
    winnow_free(w);
}

/* --keep-all with tidy hands out the tidied text uncopied: it must be
 * exactly what output.c writes for its lines, every one kept. */
static void test_keep_all_text_is_its_lines_written_out(void)
{
    static const char *const inputs[] = {
        "", " \n\t\n", "one", "  two  spaces \t\r\nnext\r\n\r\n\r\n\nthird\n\n",
        "\n\n\xC2\xA0lead\xE2\x80\x8B nbsp\xC2\xA0\n\x0B\x0C\n\t\tx\ty \xE2\x80\xA8z",
        "a\rb\r\rc\xC2\x85" "d\xE2\x80\xA9\xE2\x80\xA9" "e \xE3\x80\x80 f\x01",
    };
    winnow_options opt;
    winnow_options_init(&opt);
    opt.keep_all = 1;
    winnow *w = NULL;
    CHECK_INT(winnow_new(&w, &opt), WINNOW_OK);
    for (size_t k = 0; k < sizeof inputs / sizeof inputs[0]; k++) {
        winnow_result r;
        CHECK_INT(winnow_clean(w, inputs[k], strlen(inputs[k]), &r), WINNOW_OK);
        char want[256] = {0};
        size_t n = 0, para = 0;
        for (size_t i = 0; i < r.n_lines; i++) {
            if (i && r.lines[i].paragraph != para) want[n++] = '\n';
            memcpy(want + n, r.lines[i].text, r.lines[i].len);
            n += r.lines[i].len;
            want[n++] = '\n';
            para = r.lines[i].paragraph;
        }
        CHECK_MEM(r.text, r.len, want, n);
        CHECK_INT(r.lines_kept, r.n_lines);
    }
    winnow_free(w);
}

static void test_invalid_bytes_are_counted(void)
{
    winnow_options opt;
    winnow_options_init(&opt);
    opt.keep_all = 1;
    opt.from_encoding = "UTF-8";   /* detected, "a\xff" is windows-1252 */
    winnow *w = NULL;
    CHECK_INT(winnow_new(&w, &opt), WINNOW_OK);
    if (!w) return;
    winnow_result r;
    CHECK_INT(winnow_clean(w, "a\xff" "b\n", 4, &r), WINNOW_OK);
    CHECK_STR(r.text, r.len, "a\xef\xbf\xbd" "b\n");
    CHECK_INT(r.replacements, 1);
    winnow_free(w);
}

static void test_errors_are_values(void)
{
    winnow_options opt;
    winnow_options_init(&opt);
    opt.from_encoding = "NO-SUCH-ENCODING";
    winnow *w = (winnow *)1;
    CHECK_INT(winnow_new(&w, &opt), WINNOW_ERR_ENCODING);
    CHECK(w == (winnow *)1);   /* out-parameter untouched on failure */
    winnow_options_init(&opt);
    opt.max_doc_bytes = 3;
    w = NULL;
    CHECK_INT(winnow_new(&w, &opt), WINNOW_OK);
    winnow_result r;
    CHECK_INT(winnow_clean(w, "four", 4, &r), WINNOW_ERR_TOO_LARGE);
    CHECK_INT(winnow_clean(w, "abc", 3, &r), WINNOW_OK);
    CHECK_INT(winnow_clean(w, NULL, 2, &r), WINNOW_ERR_INVALID_ARG);
    CHECK_INT(winnow_clean(w, NULL, 0, &r), WINNOW_OK);
    CHECK_INT(r.len, 0);
    winnow_free(w);
    winnow_free(NULL);
    CHECK_INT(winnow_new(NULL, NULL), WINNOW_ERR_INVALID_ARG);
}

static void test_every_error_and_reason_has_a_name(void)
{
    const winnow_error errors[] = {WINNOW_OK, WINNOW_ERR_NOMEM, WINNOW_ERR_TOO_LARGE,
                                   WINNOW_ERR_ENCODING, WINNOW_ERR_DECODE,
                                   WINNOW_ERR_INVALID_ARG, WINNOW_ERR_BINARY,
                                   WINNOW_ERR_JSON, WINNOW_ERR_JSON_FIELD,
                                   WINNOW_ERR_JSON_TYPE, WINNOW_ERR_LINE_COUNTS};
    for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++)
        CHECK(strcmp(winnow_strerror(errors[i]), "unknown error") != 0);
    for (int r = 0; r < WINNOW_REASON_COUNT_; r++) {
        CHECK(strcmp(winnow_reason_name((winnow_reason)r), "unknown") != 0);
        for (int s = 0; s < r; s++)
            CHECK(strcmp(winnow_reason_name((winnow_reason)r),
                         winnow_reason_name((winnow_reason)s)) != 0);
    }
    CHECK(strcmp(winnow_version(), WINNOW_VERSION) == 0);
}

static void test_explain_lists_every_line(void)
{
    winnow *w = NULL;
    CHECK_INT(winnow_new(&w, NULL), WINNOW_OK);
    if (!w) return;
    winnow_result r;
    const char *in = "Share\n\nHome\n";
    CHECK_INT(winnow_clean(w, in, strlen(in), &r), WINNOW_OK);
    const char *ex;
    size_t len;
    CHECK_INT(winnow_explain(w, &r, &ex, &len), WINNOW_OK);
    size_t rows = 0;
    for (size_t i = 0; i < len; i++) rows += ex[i] == '\n';
    CHECK_INT(rows, 3);                 /* "# encoding: ..." and two lines */
    CHECK(len > 0 && memchr(ex, 'D', len) != NULL);
    winnow_free(w);
}

static void test_context_is_reusable(void)
{
    winnow *w = NULL;
    CHECK_INT(winnow_new(&w, NULL), WINNOW_OK);
    if (!w) return;
    winnow_result r;
    for (int i = 0; i < 3; i++) {
        CHECK_INT(winnow_clean(w, "Share\n", 6, &r), WINNOW_OK);
        CHECK_INT(r.len, 0);
    }
    winnow_free(w);
}

/* The encoding a long text's parts are read in, and whether it may be
 * cut at line feeds. */
static void test_encoding_says_whether_text_may_be_cut(void)
{
    winnow *w = NULL;
    CHECK_INT(winnow_new(&w, NULL), WINNOW_OK);
    if (!w) return;
    const char *enc = NULL;
    int cut = -1;
    const char utf8[] = "Caf\xC3\xA9 au lait, na\xC3\xAFve r\xC3\xA9sum\xC3\xA9.\n";
    CHECK_INT(winnow_encoding(w, utf8, sizeof utf8 - 1, &enc, &cut), WINNOW_OK);
    CHECK(enc && strcmp(enc, "UTF-8") == 0);
    CHECK_INT(cut, WINNOW_CUT_BYTES);
    const char utf16[] = "\xFF\xFEH\0i\0 \0t\0h\0e\0r\0e\0\n\0";
    CHECK_INT(winnow_encoding(w, utf16, sizeof utf16 - 1, &enc, &cut), WINNOW_OK);
    CHECK(enc && strcmp(enc, "UTF-16LE") == 0);
    CHECK_INT(cut, WINNOW_CUT_UTF16LE);
    const char utf32[] = "\0\0\0H\0\0\0i\0\0\0 \0\0\0t\0\0\0h\0\0\0e\0\0\0r\0\0\0e\0\0\0\n";
    CHECK_INT(winnow_encoding(w, utf32, sizeof utf32 - 1, &enc, &cut), WINNOW_OK);
    CHECK(enc && strcmp(enc, "UTF-32BE") == 0);
    CHECK_INT(cut, WINNOW_CUT_UTF32BE);
    char binary[4096] = {0};
    CHECK_INT(winnow_encoding(w, binary, sizeof binary, &enc, &cut), WINNOW_ERR_BINARY);
    CHECK_INT(winnow_encoding(NULL, utf8, 3, &enc, &cut), WINNOW_ERR_INVALID_ARG);
    winnow_free(w);

    /* a forced encoding is the answer, cut or not by its nature; UTF-16
     * and UTF-32 without a byte order take their BOM's, else big-endian */
    static const struct {
        const char *name, *in, *answer;   /* answer NULL: the name */
        size_t len;
        int cut;
    } forced[] = {
        {"latin1", "abc\n", NULL, 4, WINNOW_CUT_BYTES},
        {"WINDOWS-1251", "abc\n", NULL, 4, WINNOW_CUT_BYTES},
        {"SHIFT_JIS", "abc\n", NULL, 4, WINNOW_CUT_BYTES},
        {"GB18030", "abc\n", NULL, 4, WINNOW_CUT_BYTES},
        {"UTF-16LE", "abc\n", NULL, 4, WINNOW_CUT_UTF16LE},
        {"utf-16be", "abc\n", NULL, 4, WINNOW_CUT_UTF16BE},
        {"UTF32LE", "abc\n", NULL, 4, WINNOW_CUT_UTF32LE},
        {"UTF-32BE", "abc\n", NULL, 4, WINNOW_CUT_UTF32BE},
        {"UTF-16", "\xFF\xFE" "a\0\n\0", "UTF-16LE", 6, WINNOW_CUT_UTF16LE},
        {"utf16", "\xFE\xFF\0a\0\n", "UTF-16BE", 6, WINNOW_CUT_UTF16BE},
        {"UTF-16", "\0a\0\n", "UTF-16BE", 4, WINNOW_CUT_UTF16BE},
        {"UTF-32", "\xFF\xFE\0\0" "a\0\0\0", "UTF-32LE", 8, WINNOW_CUT_UTF32LE},
        {"UTF-32", "\0\0\0a", "UTF-32BE", 4, WINNOW_CUT_UTF32BE},
        {"ISO-2022-JP", "abc\n", NULL, 4, WINNOW_CUT_NONE},
        {"UTF-7", "abc\n", NULL, 4, WINNOW_CUT_NONE},
        {"IBM037", "abc\n", NULL, 4, WINNOW_CUT_NONE},
    };
    for (size_t i = 0; i < sizeof forced / sizeof forced[0]; i++) {
        winnow_options opt;
        winnow_options_init(&opt);
        opt.from_encoding = forced[i].name;
        opt.keep_all = 1;
        w = NULL;
        if (winnow_new(&w, &opt) != WINNOW_OK) continue;   /* iconv lacks it */
        CHECK_INT(winnow_encoding(w, forced[i].in, forced[i].len, &enc, &cut), WINNOW_OK);
        if (forced[i].answer) CHECK(enc && strcmp(enc, forced[i].answer) == 0);
        else CHECK(enc == forced[i].name);
        CHECK_INT(cut, forced[i].cut);
        winnow_free(w);
    }
}

/* winnow_clean_as() reads each part as it is told, whatever the context
 * was made for, and NULL means as the context would. */
static void test_clean_as_reads_the_given_encoding(void)
{
    winnow_options opt;
    winnow_options_init(&opt);
    opt.keep_all = 1;
    winnow *w = NULL;
    CHECK_INT(winnow_new(&w, &opt), WINNOW_OK);
    if (!w) return;
    winnow_result r;
    /* "café" in latin1 and in windows-1251 ("cafй"), one after another */
    CHECK_INT(winnow_clean_as(w, "caf\xE9\n", 5, "ISO-8859-1", &r), WINNOW_OK);
    CHECK_STR(r.text, r.len, "caf\xC3\xA9\n");
    CHECK(strcmp(r.encoding, "ISO-8859-1") == 0);
    CHECK_INT(winnow_clean_as(w, "caf\xE9\n", 5, "WINDOWS-1251", &r), WINNOW_OK);
    CHECK_STR(r.text, r.len, "caf\xD0\xB9\n");
    CHECK_INT(winnow_clean_as(w, "caf\xE9\n", 5, "ISO-8859-1", &r), WINNOW_OK);
    CHECK_STR(r.text, r.len, "caf\xC3\xA9\n");
    /* forced UTF-8 loses a BOM and repairs what is invalid */
    CHECK_INT(winnow_clean_as(w, "\xEF\xBB\xBFok\xFF\n", 7, "UTF-8", &r), WINNOW_OK);
    CHECK_STR(r.text, r.len, "ok\xEF\xBF\xBD\n");
    CHECK_INT(r.replacements, 1);
    CHECK_INT(winnow_clean_as(w, "x", 1, "NO-SUCH-ENCODING-AT-ALL", &r), WINNOW_ERR_ENCODING);
    /* NULL: detected, as winnow_clean() would */
    CHECK_INT(winnow_clean_as(w, "plain words\n", 12, NULL, &r), WINNOW_OK);
    CHECK(strcmp(r.encoding, "UTF-8") == 0);
    winnow_free(w);
}

int main(void)
{
    RUN_TEST(test_clean_drops_boilerplate_and_ends_with_newline);
    RUN_TEST(test_keep_all_without_tidy_is_exact);
    RUN_TEST(test_keep_all_text_is_its_lines_written_out);
    RUN_TEST(test_invalid_bytes_are_counted);
    RUN_TEST(test_errors_are_values);
    RUN_TEST(test_every_error_and_reason_has_a_name);
    RUN_TEST(test_explain_lists_every_line);
    RUN_TEST(test_context_is_reusable);
    RUN_TEST(test_encoding_says_whether_text_may_be_cut);
    RUN_TEST(test_clean_as_reads_the_given_encoding);
    return check_summary();
}
