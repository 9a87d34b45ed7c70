/* test_tidy.c -- every tidy rule, with the exact bytes it must produce. */
#include "check.h"
#include "tidy.h"

#include <stdlib.h>
#include <string.h>

/* Tidies `len` bytes of `in` and compares with `want`. */
static void check_tidy_n(const char *in, size_t len, const char *want)
{
    wbuf out;
    wbuf_init(&out, 0);
    CHECK_INT(tidy_run(in, len, &out), WINNOW_OK);
    CHECK_STR(out.data, out.len, want);
    wbuf_release(&out);
}

static void check_tidy(const char *in, const char *want)
{
    check_tidy_n(in, strlen(in), want);
}

static void test_empty_and_blank_input(void)
{
    check_tidy("", "");
    check_tidy(" ", "");
    check_tidy("\n\n\n", "");
    check_tidy(" \t\r\n \xC2\xA0\n\xE3\x80\x80\r", "");
    check_tidy("\xE2\x80\x8B\n\xEF\xBB\xBF", "");      /* ZWSP, BOM only */
}

static void test_plain_text_gets_one_final_newline(void)
{
    check_tidy("hello", "hello\n");
    check_tidy("hello\n", "hello\n");
    check_tidy("hello\n\n\n", "hello\n");
    check_tidy("One line. Another, with punctuation!\n",
               "One line. Another, with punctuation!\n");
}

static void test_line_endings(void)
{
    check_tidy("a\r\nb\rc\n", "a\nb\nc\n");
    check_tidy("a\r", "a\n");
    check_tidy("a\r\r\nb", "a\n\nb\n");
    check_tidy("a\xC2\x85" "b", "a\nb\n");                     /* NEL */
    check_tidy("a\xE2\x80\xA8" "b\xE2\x80\xA9" "c", "a\nb\nc\n"); /* LS, PS */
}

static void test_spaces_collapse(void)
{
    check_tidy("a \t  b", "a b\n");
    check_tidy("a\tb", "a b\n");
    check_tidy("a\xC2\xA0" "b", "a b\n");                      /* NBSP */
    check_tidy("a\xC2\xA0 \xC2\xA0" "b", "a b\n");
    check_tidy("a\xE1\x9A\x80" "b", "a b\n");                  /* U+1680 */
    /* U+2000, U+200A */
    check_tidy("a\xE2\x80\x80" "b\xE2\x80\x8A" "c", "a b c\n");
    /* U+202F, U+205F, U+3000 */
    check_tidy("a\xE2\x80\xAF" "b\xE2\x81\x9F" "c\xE3\x80\x80" "d",
               "a b c d\n");
    check_tidy("a \xE2\x80\x8B b", "a b\n");       /* ZWSP between spaces */
    check_tidy("caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D  text",
               "caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D text\n");
}

static void test_lines_trimmed(void)
{
    check_tidy("  a b  \n\t c \t", "a b\nc\n");
    check_tidy("\xC2\xA0" "a\xC2\xA0", "a\n");
    check_tidy("a \r\n b", "a\nb\n");
}

static void test_blank_lines(void)
{
    check_tidy("\n\n  \na", "a\n");                  /* leading dropped */
    check_tidy("a\n\nb", "a\n\nb\n");
    check_tidy("a\n\n\n\nb", "a\n\nb\n");            /* run collapses */
    check_tidy("a\n \t\n\xC2\xA0\n\xE2\x80\x8B\nb", "a\n\nb\n");
    check_tidy("a\r\n\r\n\r\nb\r\n\r\n", "a\n\nb\n"); /* trailing dropped */
}

static void test_invisible_characters_removed(void)
{
    check_tidy("zero\xE2\x80\x8Bwidth", "zerowidth\n");        /* ZWSP */
    check_tidy("soft\xC2\xAD" "hyphen", "softhyphen\n");       /* U+00AD */
    check_tidy("\xEF\xBB\xBF" "bom", "bom\n");               /* leading BOM */
    check_tidy("mid\xEF\xBB\xBF" "dle", "middle\n");           /* BOM inside */
    check_tidy("word\xE2\x81\xA0joiner", "wordjoiner\n");      /* U+2060 */
    /* invisible separator (U+2063) ending lines, alone on a line; the
     * other invisible operators (U+2061, U+2062, U+2064) */
    check_tidy("Some sugar\xE2\x81\xA3\n\xE2\x81\xA3\nStir.\xE2\x81\xA3\n",
               "Some sugar\n\nStir.\n");
    check_tidy("f\xE2\x81\xA1(x) 2\xE2\x81\xA2y 1\xE2\x81\xA4\xC2\xBD", "f(x) 2y 1\xC2\xBD\n");
    check_tidy("mongolian\xE1\xA0\x8Evs", "mongolianvs\n");    /* U+180E */
}

static void test_bidi_marks_kept(void)
{
    /* LRM, RLM; RLE ... PDF */
    check_tidy("a\xE2\x80\x8E" "b\xE2\x80\x8F" "c",
               "a\xE2\x80\x8E" "b\xE2\x80\x8F" "c\n");
    check_tidy("\xE2\x80\xAB" "x\xE2\x80\xAC",
               "\xE2\x80\xAB" "x\xE2\x80\xAC\n");
}

static void test_controls_removed(void)
{
    check_tidy_n("a\0b", 3, "ab\n");                            /* NUL */
    check_tidy("esc\x1B[0mape", "esc[0mape\n");                 /* ESC */
    check_tidy("bell\x07\x7F!", "bell!\n");                     /* BEL, DEL */
    check_tidy("c1\xC2\x80\xC2\x9B\xC2\x9F!", "c1!\n");         /* C1 */
    check_tidy("\x01\x02 a", "a\n");
    check_tidy("a\x0B\x0C" "b", "ab\n");                        /* VT, FF */
}

static void test_zwj_kept_in_emoji_sequences(void)
{
    /* man ZWJ woman ZWJ girl */
    const char family[] = "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9"
                          "\xE2\x80\x8D\xF0\x9F\x91\xA7";
    check_tidy(family, "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9"
                       "\xE2\x80\x8D\xF0\x9F\x91\xA7\n");
    check_tidy("my family: \xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9!",
               "my family: \xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9!\n");
    /* heart VS16 ZWJ fire */
    check_tidy("\xE2\x9D\xA4\xEF\xB8\x8F\xE2\x80\x8D\xF0\x9F\x94\xA5",
               "\xE2\x9D\xA4\xEF\xB8\x8F\xE2\x80\x8D\xF0\x9F\x94\xA5\n");
    /* woman, medium skin tone, ZWJ, laptop */
    check_tidy("\xF0\x9F\x91\xA9\xF0\x9F\x8F\xBD\xE2\x80\x8D\xF0\x9F\x92\xBB",
               "\xF0\x9F\x91\xA9\xF0\x9F\x8F\xBD\xE2\x80\x8D"
               "\xF0\x9F\x92\xBB\n");
}

static void test_zwj_kept_in_indic_and_arabic(void)
{
    /* Devanagari KA VIRAMA ZWJ SSA */
    check_tidy("\xE0\xA4\x95\xE0\xA5\x8D\xE2\x80\x8D\xE0\xA4\xB7",
               "\xE0\xA4\x95\xE0\xA5\x8D\xE2\x80\x8D\xE0\xA4\xB7\n");
    /* Arabic HEH ZWJ BEH kept; before a space the ZWJ goes */
    check_tidy("\xD9\x87\xE2\x80\x8D\xD8\xA8",
               "\xD9\x87\xE2\x80\x8D\xD8\xA8\n");
    check_tidy("\xD9\x87\xE2\x80\x8D x", "\xD9\x87 x\n");
}

static void test_zwj_removed_elsewhere(void)
{
    check_tidy("ab\xE2\x80\x8D" "cd", "abcd\n");            /* Latin letters */
    check_tidy("\xE2\x80\x8D" "a", "a\n");                  /* line start */
    check_tidy("\xF0\x9F\x98\x80\xE2\x80\x8D", "\xF0\x9F\x98\x80\n"); /* end */
    check_tidy("\xF0\x9F\x98\x80 \xE2\x80\x8D\xF0\x9F\x98\x80",
               "\xF0\x9F\x98\x80 \xF0\x9F\x98\x80\n");     /* after space */
    check_tidy("\xF0\x9F\x98\x80\xE2\x80\x8D\n\xF0\x9F\x98\x80",
               "\xF0\x9F\x98\x80\n\xF0\x9F\x98\x80\n");    /* before newline */
}

/* Found by fuzz_tidy: KA VIRAMA ZWJ ZWJ LINE-SEPARATOR kept the first
 * ZWJ (its next character was a joiner), which a second tidy removed. */
static void test_joiner_runs_keep_one_and_tidy_is_idempotent(void)
{
    check_tidy("\xE0\xA4\x95\xE0\xA5\x8D\xE2\x80\x8D\xE2\x80\x8D\xE2\x80\xA8x",
               "\xE0\xA4\x95\xE0\xA5\x8D\nx\n");
    check_tidy("\xE0\xA4\x95\xE0\xA5\x8D\xE2\x80\x8D\xE2\x80\x8D\xE0\xA4\xB7",
               "\xE0\xA4\x95\xE0\xA5\x8D\xE2\x80\x8D\xE0\xA4\xB7\n");
    check_tidy("\xD9\x87\xE2\x80\x8D\xE2\x80\x8C\xD8\xA8",
               "\xD9\x87\xE2\x80\x8C\xD8\xA8\n");
}

static void test_zwnj_between_letters(void)
{
    /* Persian mi-khaham: YEH (U+06CC) ZWNJ KHAH (U+062E) */
    const char persian[] = "\xD9\x85\xDB\x8C\xE2\x80\x8C\xD8\xAE\xD9\x88"
                           "\xD8\xA7\xD9\x87\xD9\x85";
    check_tidy(persian, "\xD9\x85\xDB\x8C\xE2\x80\x8C\xD8\xAE\xD9\x88"
                        "\xD8\xA7\xD9\x87\xD9\x85\n");
    check_tidy("ab\xE2\x80\x8C" "cd", "ab\xE2\x80\x8C" "cd\n"); /* letters */
    check_tidy("ab\xE2\x80\x8C cd", "ab cd\n");                 /* + space */
    check_tidy("ab \xE2\x80\x8C" "cd", "ab cd\n");
    check_tidy("1\xE2\x80\x8C" "2", "12\n");                    /* digits */
    check_tidy("\xE2\x80\x8C" "ab", "ab\n");
    check_tidy("ab\xE2\x80\x8C", "ab\n");
    /* Devanagari KA VIRAMA (Mn) ZWNJ SSA */
    check_tidy("\xE0\xA4\x95\xE0\xA5\x8D\xE2\x80\x8C\xE0\xA4\xB7",
               "\xE0\xA4\x95\xE0\xA5\x8D\xE2\x80\x8C\xE0\xA4\xB7\n");
}

static void test_non_ascii_text_passes_through(void)
{
    const char text[] = "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82 "
                        "\xE4\xB8\xAD\xE6\x96\x87 \xF0\x9F\x98\x80 "
                        "\xE2\x80\x94 \xE2\x80\xA6\n";
    check_tidy(text, text);
}

static void test_output_buffer_is_reset_and_capped(void)
{
    wbuf out;
    wbuf_init(&out, 0);
    CHECK_INT(tidy_run("first", 5, &out), WINNOW_OK);
    CHECK_INT(tidy_run("second", 6, &out), WINNOW_OK);
    CHECK_STR(out.data, out.len, "second\n");
    CHECK_INT(tidy_run("", 0, &out), WINNOW_OK);
    CHECK_INT(out.len, 0);
    wbuf_release(&out);

    wbuf_init(&out, 4);
    CHECK_INT(tidy_run("abcd", 4, &out), WINNOW_ERR_TOO_LARGE);
    wbuf_release(&out);
}

/* A long document with every kind of character, cut at arbitrary places:
 * the result must still be valid and never grow beyond len + 1. */
static void test_output_never_longer_than_input_plus_one(void)
{
    static const char *const pieces[] = {
        "word ", "  ", "\t", "\r\n", "\r", "\n\n\n", "\xC2\xA0",
        "\xE2\x80\x8B", "\xE2\x80\x8D", "\xE2\x80\x8C", "\xF0\x9F\x91\xA8",
        "\xD9\x85", "\xC2\x85", "\x1B", "x", "\xEF\xBB\xBF", "\xE3\x80\x80",
    };
    const size_t npieces = sizeof pieces / sizeof pieces[0];
    char buf[256];
    unsigned seed = 12345;
    wbuf out;
    wbuf_init(&out, 0);
    for (int round = 0; round < 2000; round++) {
        size_t len = 0;
        while (len < 200) {
            seed = seed * 1103515245u + 12345u;
            const char *p = pieces[(seed >> 16) % npieces];
            memcpy(buf + len, p, strlen(p));
            len += strlen(p);
        }
        CHECK_INT(tidy_run(buf, len, &out), WINNOW_OK);
        CHECK(out.len <= len + 1);
        if (out.len) {
            CHECK(out.data[out.len - 1] == '\n');
            CHECK(out.data[0] != ' ' && out.data[0] != '\n');
        }
        CHECK(out.len < 2 || memcmp(out.data + out.len - 2, "\n\n", 2) != 0);
        for (size_t k = 0; k + 1 < out.len; k++) {
            CHECK(!(out.data[k] == ' ' && out.data[k + 1] == ' '));
            CHECK(!(out.data[k] == ' ' && out.data[k + 1] == '\n'));
            CHECK(!(out.data[k] == '\n' && out.data[k + 1] == ' '));
        }
        for (size_t k = 0; k + 2 < out.len; k++)
            CHECK(memcmp(out.data + k, "\n\n\n", 3) != 0);
    }
    wbuf_release(&out);
}

/* The rules, simply, for text of 'a', ' ', '\t' and '\n': each line's
 * blanks collapsed and trimmed, blank lines collapsed, none first. */
static size_t tidy_by_rules(const char *in, size_t len, char *out)
{
    size_t n = 0, blank = 0;
    int content = 0, line_has = 0, space = 0;
    for (size_t i = 0; i <= len; i++) {
        const char c = i < len ? in[i] : '\n';
        if (c == '\n') {
            if (line_has) { out[n++] = '\n'; content = 1; blank = 0; }
            else if (content) blank++;
            line_has = 0;
            space = 0;
        } else if (c == ' ' || c == '\t') {
            space = line_has;
        } else {
            if (!line_has && blank) out[n++] = '\n';
            blank = 0;
            if (space) out[n++] = ' ';
            out[n++] = c;
            line_has = 1;
            space = 0;
        }
    }
    return n;
}

/* The word-at-a-time loop against the rules, on strings that put
 * spaces and line breaks at every offset of an 8-byte word. */
static void test_word_loop_follows_the_rules(void)
{
    static const char alphabet[] = "aaaa  \t\n";
    unsigned seed = 12345;
    char in[64], want[80];
    wbuf out;
    wbuf_init(&out, 0);
    for (int round = 0; round < 20000; round++) {
        const size_t len = (size_t)(round % 40);
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            in[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
        }
        const size_t wn = tidy_by_rules(in, len, want);
        CHECK_INT(tidy_run(in, len, &out), WINNOW_OK);
        CHECK_MEM(out.data, out.len, want, wn);
        if (check_test_failed) break;
    }
    wbuf_release(&out);
}

/* The same against the rules with characters of every class, ASCII and
 * not, so that words of 8 bytes meet multi-byte characters, CRLF, no-break
 * and other Unicode spaces and removed characters at every offset. */
static void test_word_loop_follows_the_rules_beyond_ascii(void)
{
    enum { CONTENT, SPACE, NEWLINE, REMOVE };
    static const struct { const char *bytes; int cls; } tokens[] = {
        {"a", CONTENT}, {"b", CONTENT}, {"xyz", CONTENT}, {".", CONTENT},
        {"\xC3\xA9", CONTENT},                   /* e acute */
        {"\xE2\x80\x94", CONTENT},               /* em dash */
        {"\xF0\x9F\x98\x80", CONTENT},           /* emoji */
        {" ", SPACE}, {" ", SPACE}, {"\t", SPACE},
        {"\xC2\xA0", SPACE},                     /* no-break space */
        {"\xE2\x80\x83", SPACE},                 /* em space */
        {"\n", NEWLINE}, {"\r\n", NEWLINE}, {"\r", NEWLINE},
        {"\xE2\x80\xA8", NEWLINE},               /* line separator */
        {"\xE2\x80\x8B", REMOVE},                /* zero-width space */
        {"\x01", REMOVE},
    };
    const size_t ntokens = sizeof tokens / sizeof tokens[0];
    unsigned seed = 4242;
    char in[512], want[512];
    wbuf out;
    wbuf_init(&out, 0);
    for (int round = 0; round < 20000; round++) {
        const size_t count = (size_t)(round % 70);
        size_t len = 0, n = 0, blank = 0;
        int content = 0, line_has = 0, space = 0, after_cr = 0;
        for (size_t t = 0; t <= count; t++) {
            seed = seed * 1103515245u + 12345u;
            /* content three times out of four, to make long words */
            size_t k = (seed >> 16) % 4 ? (seed >> 8) % 7 : (seed >> 16) % ntokens;
            const char *b = t < count ? tokens[k].bytes : "";
            int cls = t < count ? tokens[k].cls : NEWLINE;
            /* "\r" then "\n" is one line break: leave out such an "\n" */
            if (after_cr && b[0] == '\n') continue;
            after_cr = b[0] == '\r' && b[1] == 0;
            memcpy(in + len, b, strlen(b));
            len += strlen(b);
            if (cls == NEWLINE) {
                if (line_has) { want[n++] = '\n'; content = 1; blank = 0; }
                else if (content) blank++;
                line_has = 0;
                space = 0;
            } else if (cls == SPACE) {
                space = line_has;
            } else if (cls == CONTENT) {
                if (!line_has && blank) want[n++] = '\n';
                blank = 0;
                if (space) want[n++] = ' ';
                memcpy(want + n, b, strlen(b));
                n += strlen(b);
                line_has = 1;
                space = 0;
            }
        }
        CHECK_INT(tidy_run(in, len, &out), WINNOW_OK);
        CHECK_MEM(out.data, out.len, want, n);
        if (check_test_failed) break;
    }
    wbuf_release(&out);
}

int main(void)
{
    RUN_TEST(test_empty_and_blank_input);
    RUN_TEST(test_plain_text_gets_one_final_newline);
    RUN_TEST(test_line_endings);
    RUN_TEST(test_spaces_collapse);
    RUN_TEST(test_lines_trimmed);
    RUN_TEST(test_blank_lines);
    RUN_TEST(test_invisible_characters_removed);
    RUN_TEST(test_bidi_marks_kept);
    RUN_TEST(test_controls_removed);
    RUN_TEST(test_zwj_kept_in_emoji_sequences);
    RUN_TEST(test_zwj_kept_in_indic_and_arabic);
    RUN_TEST(test_zwj_removed_elsewhere);
    RUN_TEST(test_joiner_runs_keep_one_and_tidy_is_idempotent);
    RUN_TEST(test_zwnj_between_letters);
    RUN_TEST(test_non_ascii_text_passes_through);
    RUN_TEST(test_output_buffer_is_reset_and_capped);
    RUN_TEST(test_output_never_longer_than_input_plus_one);
    RUN_TEST(test_word_loop_follows_the_rules);
    RUN_TEST(test_word_loop_follows_the_rules_beyond_ascii);
    return check_summary();
}
