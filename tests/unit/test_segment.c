/* test_segment.c -- line and paragraph spans over the normalized text. */
#include "check.h"
#include "segment.h"

static const winnow_line *split(const char *text, wbuf *b, size_t *n)
{
    CHECK_INT(segment_lines(text, strlen(text), b, n), WINNOW_OK);
    return (const winnow_line *)(void *)b->data;
}

static void test_lines_are_spans_into_the_text(void)
{
    wbuf b; wbuf_init(&b, 0);
    size_t n;
    const char *text = "first\nsecond\n";
    const winnow_line *l = split(text, &b, &n);
    CHECK_INT(n, 2);
    CHECK(l[0].text == text);
    CHECK_STR(l[0].text, l[0].len, "first");
    CHECK(l[1].text == text + 6);
    CHECK_STR(l[1].text, l[1].len, "second");
    CHECK_INT(l[0].number, 1);
    CHECK_INT(l[1].number, 2);
    CHECK_INT(l[0].paragraph, l[1].paragraph);
    wbuf_release(&b);
}

static void test_blank_lines_separate_paragraphs(void)
{
    wbuf b; wbuf_init(&b, 0);
    size_t n;
    const winnow_line *l = split("\n\na\nb\n \t \nc\n\n\nd", &b, &n);
    CHECK_INT(n, 4);
    CHECK_INT(l[0].paragraph, 0);
    CHECK_INT(l[1].paragraph, 0);
    CHECK_INT(l[2].paragraph, 1);
    CHECK_INT(l[3].paragraph, 2);
    CHECK_INT(l[0].number, 3);
    CHECK_INT(l[3].number, 9);
    CHECK_STR(l[3].text, l[3].len, "d");
    wbuf_release(&b);
}

static void test_spaces_and_cr_are_trimmed(void)
{
    wbuf b; wbuf_init(&b, 0);
    size_t n;
    const winnow_line *l = split("  padded \t\r\n", &b, &n);
    CHECK_INT(n, 1);
    CHECK_STR(l[0].text, l[0].len, "padded");
    wbuf_release(&b);
}

static void test_empty_text_has_no_lines(void)
{
    wbuf b; wbuf_init(&b, 0);
    size_t n = 99;
    CHECK_INT(segment_lines("", 0, &b, &n), WINNOW_OK);
    CHECK_INT(n, 0);
    wbuf_release(&b);
}

int main(void)
{
    RUN_TEST(test_lines_are_spans_into_the_text);
    RUN_TEST(test_blank_lines_separate_paragraphs);
    RUN_TEST(test_spaces_and_cr_are_trimmed);
    RUN_TEST(test_empty_text_has_no_lines);
    return check_summary();
}
