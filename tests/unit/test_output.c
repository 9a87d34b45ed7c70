/* test_output.c -- the clean text and the explain view. */
#include "check.h"
#include "output.h"
#include "segment.h"

static winnow_line *lines_of(const char *text, wbuf *b, size_t *n)
{
    CHECK_INT(segment_lines(text, strlen(text), b, n), WINNOW_OK);
    winnow_line *l = (winnow_line *)(void *)b->data;
    for (size_t i = 0; i < *n; i++) l[i].verdict = WINNOW_KEEP;
    return l;
}

static void test_paragraphs_separated_by_one_blank_line(void)
{
    wbuf b, out; wbuf_init(&b, 0); wbuf_init(&out, 0);
    size_t n;
    winnow_line *l = lines_of("a\nb\n\n\nc\n\nd\n", &b, &n);
    l[3].verdict = WINNOW_DROP;
    CHECK_INT(output_text(l, n, &out), WINNOW_OK);
    CHECK_STR(out.data, out.len, "a\nb\n\nc\n");
    wbuf_release(&b); wbuf_release(&out);
}

static void test_dropped_line_inside_paragraph_keeps_it_together(void)
{
    wbuf b, out; wbuf_init(&b, 0); wbuf_init(&out, 0);
    size_t n;
    winnow_line *l = lines_of("a\nx\nb\n\nc", &b, &n);
    l[1].verdict = WINNOW_DROP;
    CHECK_INT(output_text(l, n, &out), WINNOW_OK);
    CHECK_STR(out.data, out.len, "a\nb\n\nc\n");
    wbuf_release(&b); wbuf_release(&out);
}

static void test_nothing_kept_gives_empty_text(void)
{
    wbuf b, out; wbuf_init(&b, 0); wbuf_init(&out, 0);
    size_t n;
    winnow_line *l = lines_of("a\n\nb\n", &b, &n);
    for (size_t i = 0; i < n; i++) l[i].verdict = WINNOW_DROP;
    CHECK_INT(output_text(l, n, &out), WINNOW_OK);
    CHECK_INT(out.len, 0);
    wbuf_release(&b); wbuf_release(&out);
}

static void test_explain_row_format(void)
{
    wbuf b, out; wbuf_init(&b, 0); wbuf_init(&out, 0);
    size_t n;
    winnow_line *l = lines_of("\nShare\n", &b, &n);
    l[0].verdict = WINNOW_DROP;
    l[0].reason = WINNOW_REASON_SHARE;
    l[0].score = -4.5f;
    CHECK_INT(output_explain(l, n, NULL, &out), WINNOW_OK);
    CHECK_STR(out.data, out.len, "    2 D  -4.50 share        | Share\n");
    wbuf_release(&b); wbuf_release(&out);
}

int main(void)
{
    RUN_TEST(test_paragraphs_separated_by_one_blank_line);
    RUN_TEST(test_dropped_line_inside_paragraph_keeps_it_together);
    RUN_TEST(test_nothing_kept_gives_empty_text);
    RUN_TEST(test_explain_row_format);
    return check_summary();
}
