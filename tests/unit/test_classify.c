/* test_classify.c -- verdicts for lines, alone and in context. */
#include "check.h"
#include "classify.h"
#include "model.h"
#include "segment.h"

#define P1 "The committee met on Tuesday to discuss the new budget, and after a long debate the members agreed that the proposal should be sent back to the finance office for another review."
#define P2 "According to the chairman, the revised plan will be presented to the public in the spring, when residents will have a chance to comment on the changes before the final vote."

typedef struct doc {
    classifier c;
    wbuf lines;
    winnow_line *l;
    size_t n;
} doc;

static void classify_bytes(doc *d, const char *text, size_t len)
{
    CHECK_INT(classifier_init(&d->c, 0, NULL, 0), WINNOW_OK);
    wbuf_init(&d->lines, 0);
    CHECK_INT(segment_lines(text, len, &d->lines, &d->n), WINNOW_OK);
    d->l = (winnow_line *)(void *)d->lines.data;
    CHECK_INT(classifier_run(&d->c, d->l, d->n, NULL), WINNOW_OK);
}

static void classify(doc *d, const char *text)
{
    classify_bytes(d, text, strlen(text));
}

static void release(doc *d)
{
    classifier_release(&d->c);
    wbuf_release(&d->lines);
}

static void test_prose_is_kept_and_cues_dropped(void)
{
    doc d;
    classify(&d, P1 "\n\n" P2 "\n\nLeave a Reply\n\nShare on Facebook\n\nAll rights reserved.\n");
    CHECK_INT(d.n, 5);
    CHECK_INT(d.l[0].verdict, WINNOW_KEEP);
    CHECK_INT(d.l[1].verdict, WINNOW_KEEP);
    CHECK_INT(d.l[2].verdict, WINNOW_DROP);
    CHECK_INT(d.l[2].reason, WINNOW_REASON_COMMENT_FORM);
    CHECK_INT(d.l[3].reason, WINNOW_REASON_SHARE);
    CHECK_INT(d.l[4].reason, WINNOW_REASON_LEGAL);
    CHECK(d.l[0].score > 0);
    /* the model leans against the cue lines; a strong cue drops its line
     * whatever the model's score (the guarantee of classify.c) */
    CHECK(d.l[2].score < d.l[0].score && d.l[2].score < d.l[1].score);
    CHECK(d.l[3].score < 0);
    CHECK(d.l[4].score < 0);
    release(&d);
}

static void test_heading_between_paragraphs_stays(void)
{
    doc d;
    classify(&d, P1 "\n\nWhat happens next\n\n" P2 "\n");
    CHECK_INT(d.n, 3);
    CHECK_INT(d.l[1].verdict, WINNOW_KEEP);
    CHECK_INT(d.l[1].reason, WINNOW_REASON_HEADING);
    release(&d);
}

static void test_title_kept_and_what_is_above_it_dropped(void)
{
    doc d;
    classify(&d, "Local News\n\nCity council sends budget back\n\n" P1 "\n\n" P2 "\n");
    CHECK_INT(d.n, 4);
    CHECK_INT(d.l[0].verdict, WINNOW_DROP);
    CHECK_INT(d.l[1].verdict, WINNOW_KEEP);
    CHECK_INT(d.l[1].reason, WINNOW_REASON_TITLE);
    release(&d);
}

/* A page of several posts: the first post's sentences are short of the
 * first pass's prose (under 200 characters, between a comment count and
 * a byline), so the title is looked for above the second post.  What the
 * model calls confident content above that "title" is kept all the same:
 * the title is a heading inside the content, not its start. */
#define LONG_P "The committee met on Tuesday to discuss the new budget, and after a long debate that went on well into the evening the members agreed that the proposal should be sent back to the finance office for another careful review."
static void test_content_above_a_late_title_is_kept(void)
{
    doc d;
    classify(&d, "Harvest Festival Returns [ 3 Comments ]\n\n"
                 "The harvest festival returns to the old market square this weekend, with more stalls than ever before.\n\n"
                 "Families are invited to bring a picnic, and the brass band will play in the afternoon if it stays dry.\n\n"
                 "-- editor @ 4:10PM Tue 18 Jul 2006\n\nBridge Repairs Finished Early\n\n"
                 "By Jane Doe, City Reporter, Northern Edition\n\n"
                 "Filed under City Hall, Budget and Council Business\n\n"
                 "Updated Tuesday 18 July 2006 at 16:10 local time\n\n"
                 "Reading time about four minutes and thirty seconds\n\n" LONG_P "\n\n" LONG_P "\n");
    CHECK_INT(d.n, 11);
    CHECK(d.l[1].score >= 3);
    CHECK_INT(d.l[1].verdict, WINNOW_KEEP);
    CHECK_INT(d.l[2].verdict, WINNOW_KEEP);
    CHECK_INT(d.l[9].verdict, WINNOW_KEEP);
    release(&d);
}

static void test_appeal_run_is_a_banner_even_with_prose(void)
{
    doc d;
    classify(&d, P1 "\n\n" P2 "\n\nSupport us\n\n"
                 "We have worked for years to bring the people of this city the stories that matter to them, and we intend to go on doing so for many years.\n\n"
                 "Your support, however small, makes a real difference to our work.\n\nDonate\n");
    CHECK_INT(d.n, 6);
    CHECK_INT(d.l[0].verdict, WINNOW_KEEP);
    CHECK_INT(d.l[2].verdict, WINNOW_DROP);
    CHECK_INT(d.l[3].verdict, WINNOW_DROP);
    CHECK_INT(d.l[3].reason, WINNOW_REASON_BANNER);
    CHECK_INT(d.l[4].verdict, WINNOW_DROP);
    CHECK_INT(d.l[5].verdict, WINNOW_DROP);
    release(&d);
}

/* A readers' comment thread below the article (a comment header, then
 * comments marked by an author and time line and a "Reply") is dropped
 * as a whole, however well its comments read; a header with a single
 * comment under it is no thread. */
#define ARTICLE P1 " " P2 "\n\n" P2 " " P1 "\n\n"
#define COMMENT(name, time) name " on March 3, 2021 at " time "\n\n" \
    "I have followed this story from the start, and I think the council was right to send the proposal back for another review before the vote, because the residents of this city deserve to know where their money goes.\n\nReply\n\n"

/* Checks that lines [from, d->n) are all dropped by a rule that drops a
 * run of lines as a whole, with `reason` on every one of them (`every`),
 * or else only on those the model alone would have kept (score > 0).
 * Returns how many the rule overruled: with `reason`, a score above 0. */
static size_t check_run_dropped(const doc *d, size_t from, winnow_reason reason, int every)
{
    size_t overruled = 0;
    for (size_t i = from; i < d->n; i++) {
        CHECK_INT(d->l[i].verdict, WINNOW_DROP);
        if (every) CHECK_INT(d->l[i].reason, reason);
        else if (d->l[i].reason == reason) CHECK(d->l[i].score > 0);
        overruled += d->l[i].reason == reason && d->l[i].score > 0;
    }
    return overruled;
}

static void test_comment_thread_dropped(void)
{
    static const char thread[] = ARTICLE "3 Comments\n\n" COMMENT("Maria Lopez", "4:05 pm")
        COMMENT("John Smith", "5:17 pm") COMMENT("Ann Lee", "9:30 pm");
    doc d;
    classify(&d, thread);
    CHECK_INT(d.n, 12);
    CHECK_INT(d.l[0].verdict, WINNOW_KEEP);
    CHECK_INT(d.l[1].verdict, WINNOW_KEEP);
    /* every line of the thread goes; "comments" says where the model
     * alone would have kept one, and there is such a line */
    CHECK(check_run_dropped(&d, 2, WINNOW_REASON_COMMENTS, 0) > 0);
    CHECK_INT(d.l[5].reason, WINNOW_REASON_COMMENT_FORM);   /* "Reply" */
    release(&d);

    /* keep_comments: the model judges the thread, as any other lines */
    CHECK_INT(classifier_init(&d.c, 0, NULL, 0), WINNOW_OK);
    d.c.keep_comments = 1;
    wbuf_init(&d.lines, 0);
    CHECK_INT(segment_lines(thread, strlen(thread), &d.lines, &d.n), WINNOW_OK);
    d.l = (winnow_line *)(void *)d.lines.data;
    CHECK_INT(classifier_run(&d.c, d.l, d.n, NULL), WINNOW_OK);
    size_t kept = 0;
    for (size_t i = 2; i < d.n; i++) {
        CHECK(d.l[i].reason != WINNOW_REASON_COMMENTS);
        kept += d.l[i].verdict == WINNOW_KEEP;
    }
    CHECK(kept > 0);
    release(&d);

    /* a "Comments" link above the article, far from any other mark, does
     * not start the thread: the article below it stays */
    char page[8192] = P1 " " P2 "\n\nComments\n\n";
    for (int k = 0; k < 7; k++) strcat(page, ARTICLE);
    strcat(page, "3 Comments\n\n" COMMENT("Maria Lopez", "4:05 pm"));
    strcat(page, COMMENT("John Smith", "5:17 pm"));
    strcat(page, COMMENT("Ann Lee", "9:30 pm"));
    classify(&d, page);
    CHECK_INT(d.n, 26);
    for (size_t i = 2; i < 16; i++) CHECK_INT(d.l[i].verdict, WINNOW_KEEP);
    for (size_t i = 16; i < d.n; i++) CHECK_INT(d.l[i].verdict, WINNOW_DROP);
    release(&d);

    /* a header with a single comment under it is no thread */
    classify(&d, ARTICLE "3 Comments\n\n" COMMENT("Maria Lopez", "4:05 pm"));
    CHECK_INT(d.n, 6);
    CHECK_INT(d.l[0].verdict, WINNOW_KEEP);
    for (size_t i = 0; i < d.n; i++) CHECK(d.l[i].reason != WINNOW_REASON_COMMENTS);
    release(&d);
}

/* A picture gallery ("1/3 Caption", "2/3 ...", "3/3 ...", each with its
 * caption and credit) goes as a whole, however well its captions read;
 * a recipe's fractions and a list of dates do not count up from 1. */
#define CAPTION " The council members gathered in the old town hall on Tuesday evening to hear the finance office explain why the budget proposal had been sent back for another review.\n\n"

static void test_gallery_dropped(void)
{
    doc d;
    classify(&d, ARTICLE "1/3 The town hall\n\n" CAPTION "Jane Doe / Reuters\n\n"
                 "2/3 The finance office\n\n" CAPTION "3/3 The vote\n\n" CAPTION);
    CHECK_INT(d.n, 9);
    CHECK_INT(d.l[0].verdict, WINNOW_KEEP);
    CHECK_INT(d.l[1].verdict, WINNOW_KEEP);
    /* the model alone would keep a caption */
    CHECK(check_run_dropped(&d, 2, WINNOW_REASON_GALLERY, 1) > 0);
    release(&d);

    classify(&d, ARTICLE "1/2 cup sugar\n\n1/4 cup milk\n\n3/4 teaspoon salt\n\n"
                 "12/22 Year in review\n\n12/23 The vote\n\n12/24 Holidays\n");
    for (size_t i = 0; i < d.n; i++) CHECK(d.l[i].reason != WINNOW_REASON_GALLERY);
    release(&d);
}

static void test_photo_credit_by_shape(void)
{
    doc d;
    classify(&d, "Budget sent back\n\nCouncil members at the meeting. Jane Doe / Reuters\n\n" P1 "\n\n" P2 "\n");
    CHECK_INT(d.l[1].verdict, WINNOW_DROP);
    CHECK_INT(d.l[1].reason, WINNOW_REASON_CREDIT);
    release(&d);
}

static void test_link_list_dropped(void)
{
    doc d;
    classify(&d, "Home\nNews\nSport\nWeather\nContact Us\n\n" P1 "\n\n" P2 "\n\nAbout\nCareers\nPrivacy Policy\n");
    for (size_t i = 0; i < d.n; i++) {
        int prose = d.l[i].len > 100;
        CHECK_INT(d.l[i].verdict, prose ? WINNOW_KEEP : WINNOW_DROP);
    }
    release(&d);
}

static void test_language_without_word_list_still_works(void)
{
    doc d;
    /* Latin: none of our function-word lists covers it. */
    classify(&d, "Menu\n\nLorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.\n\n"
                 "Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur, excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum.\n");
    CHECK_INT(d.n, 3);
    CHECK_INT(d.l[0].verdict, WINNOW_DROP);
    CHECK_INT(d.l[1].verdict, WINNOW_KEEP);
    CHECK_INT(d.l[2].verdict, WINNOW_KEEP);
    release(&d);
}

static void test_cjk_prose_is_kept(void)
{
    doc d;
    classify(&d, "首页\n\n"
                 "委员会星期二开会讨论新的预算，经过长时间的辩论，成员们同意将该提案退回财政办公室再次审查。主席表示，修订后的计划将在春季向公众公布，届时居民将有机会在最终投票前对这些变化发表意见。\n\n"
                 "根据主席的说法，修订后的计划将在春天提交给公众，居民们将有机会在最后投票之前对这些变化发表评论，然后委员会将作出最终决定。\n");
    CHECK_INT(d.n, 3);
    CHECK_INT(d.l[1].verdict, WINNOW_KEEP);
    CHECK_INT(d.l[2].verdict, WINNOW_KEEP);
    release(&d);
}

static void test_keep_all_keeps_everything(void)
{
    wbuf b; wbuf_init(&b, 0);
    size_t n;
    CHECK_INT(segment_lines("Share\nLeave a Reply\n", 19, &b, &n), WINNOW_OK);
    winnow_line *l = (winnow_line *)(void *)b.data;
    classifier_keep_all(l, n);
    CHECK_INT(n, 2);
    for (size_t i = 0; i < n; i++) {
        CHECK_INT(l[i].verdict, WINNOW_KEEP);
        CHECK_INT(l[i].reason, WINNOW_REASON_KEEP_ALL);
    }
    wbuf_release(&b);
}

/* A document longer than one window: every window is classified as a
 * document (a cue line is dropped in the first and in the last window,
 * prose kept in both); the feature vectors kept are the last window's. */
static void test_long_document_is_classified_in_windows(void)
{
    size_t n = CLASSIFY_WINDOW_LINES + CLASSIFY_WINDOW_LINES / 2;
    wbuf text;
    wbuf_init(&text, 0);
    for (size_t i = 0; i < n; i++) {
        const char *line = i % 50 == 7 ? "Share on Facebook" : i % 2 ? P1 : P2;
        CHECK_INT(wbuf_append(&text, line, strlen(line)), WINNOW_OK);
        CHECK_INT(wbuf_append(&text, "\n\n", 2), WINNOW_OK);
    }
    doc d;
    classify_bytes(&d, text.data, text.len);
    CHECK_INT(d.n, n);
    size_t kept = 0, shared_kept = 0, shares = 0;
    for (size_t i = 0; i < d.n; i++) {
        int share = i % 50 == 7;
        shares += share;
        if (d.l[i].verdict == WINNOW_KEEP) { kept++; shared_kept += share; }
    }
    CHECK_INT(shared_kept, 0);
    CHECK_INT(kept, n - shares);
    CHECK(!classifier_has_vector(&d.c, 0));
    CHECK(classifier_has_vector(&d.c, CLASSIFY_WINDOW_LINES));
    CHECK(classifier_has_vector(&d.c, n - 1));
    release(&d);
    wbuf_release(&text);
}

static double feature(const doc *d, size_t line, const char *name)
{
    double x[MODEL_MAX_FEATURES];
    size_t j = 0;
    while (j < model_feature_count && strcmp(model_feature_names[j], name) != 0) j++;
    CHECK(j < model_feature_count);
    CHECK(classifier_has_vector(&d->c, line));
    if (j == model_feature_count || !classifier_has_vector(&d->c, line)) return 0;
    classifier_vector(&d->c, line, x);
    return x[j];
}

/* The block features: a line of the main block is worth all of it; a
 * second, smaller block of prose far below is worth a part; boilerplate
 * far from both, less than nothing. */
static void test_blocks_of_prose_are_valued(void)
{
    wbuf t;
    wbuf_init(&t, 0);
    for (int i = 0; i < 30; i++) wbuf_printf(&t, "Share on Facebook %d\n", i);
    /* paragraphs of two sentences: long enough to be prose alone */
    wbuf_printf(&t, "\n%s %s\n\n%s %s\n\n%s %s\n\n", P1, P2, P2, P1, P1, P2); /* 30-32 */
    for (int i = 0; i < 30; i++) wbuf_printf(&t, "Follow us on Twitter %d\n", i);
    wbuf_printf(&t, "\n%s %s\n\n", P2, P1);                    /* line 63 */
    for (int i = 0; i < 30; i++) wbuf_printf(&t, "Privacy Policy %d\n", i);
    doc d;
    classify_bytes(&d, t.data, t.len);
    CHECK_INT(d.n, 94);
    CHECK(feature(&d, 31, "block_share") > 0.999);
    const double second = feature(&d, 63, "block_share");
    CHECK(second > 0.1 && second < 0.9);
    CHECK(feature(&d, 63, "block_gain_log") > 0);
    CHECK(feature(&d, 0, "block_share") < 0);
    CHECK(feature(&d, 0, "block_gain_log") < 0);
    CHECK(feature(&d, 53, "block_gain_log") < 0);
    CHECK(feature(&d, 93, "block_gain_log") < 0);
    release(&d);
    wbuf_release(&t);
}

int main(void)
{
    RUN_TEST(test_prose_is_kept_and_cues_dropped);
    RUN_TEST(test_heading_between_paragraphs_stays);
    RUN_TEST(test_title_kept_and_what_is_above_it_dropped);
    RUN_TEST(test_content_above_a_late_title_is_kept);
    RUN_TEST(test_appeal_run_is_a_banner_even_with_prose);
    RUN_TEST(test_comment_thread_dropped);
    RUN_TEST(test_gallery_dropped);
    RUN_TEST(test_photo_credit_by_shape);
    RUN_TEST(test_link_list_dropped);
    RUN_TEST(test_language_without_word_list_still_works);
    RUN_TEST(test_cjk_prose_is_kept);
    RUN_TEST(test_keep_all_keeps_everything);
    RUN_TEST(test_long_document_is_classified_in_windows);
    RUN_TEST(test_blocks_of_prose_are_valued);
    return check_summary();
}
