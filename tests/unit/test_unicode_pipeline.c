/* test_unicode_pipeline.c -- the Unicode stages through winnow_clean().
 *
 * One letter and a million combining marks through the whole pipeline;
 * --keep-all --no-tidy gives the decoded, repaired, normalized text with
 * nothing else changed; detection, confidence and repairs in the result
 * and the --explain header; strict mode's error and offset; every repair
 * can be turned off.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "winnow.h"

static winnow *make(int keep_all, int tidy, void (*tweak)(winnow_options *))
{
    winnow_options opt;
    winnow_options_init(&opt);
    opt.keep_all = keep_all;
    opt.tidy = tidy;
    if (tweak) tweak(&opt);
    winnow *w = NULL;
    CHECK_INT(winnow_new(&w, &opt), WINNOW_OK);
    return w;
}

static void test_a_million_combining_marks(void)
{
    const size_t marks = 1000000;
    char *in = malloc(1 + 2 * marks + 1);
    if (!in) return;
    in[0] = 'a';
    for (size_t i = 0; i < marks; i++) {       /* U+0301 U+0300 alternating */
        in[1 + 2 * i] = '\xCC';
        in[2 + 2 * i] = (char)(i % 2 ? 0x80 : 0x81);
    }
    in[1 + 2 * marks] = '\n';
    for (int tidy = 0; tidy <= 1; tidy++) {
        winnow *w = make(1, tidy, NULL);
        if (!w) break;
        winnow_result r;
        CHECK_INT(winnow_clean(w, in, 2 + 2 * marks, &r), WINNOW_OK);
        CHECK(r.len > 2 * marks);              /* marks kept, CGJs added */
        CHECK(r.len >= 3 && memcmp(r.text, "\xC3\xA1", 2) == 0);   /* á */
        winnow_free(w);
    }
    winnow *w = make(0, 1, NULL);              /* classification too */
    winnow_result r;
    if (w) CHECK_INT(winnow_clean(w, in, 2 + 2 * marks, &r), WINNOW_OK);
    winnow_free(w);
    free(in);
}

static void test_keep_all_no_tidy_changes_nothing_else(void)
{
    winnow *w = make(1, 0, NULL);
    if (!w) return;
    const char in[] = "  caf\xC3\x83\xC2\xA9\r\n\r\n\xC2\xA0" "Tom &amp; Jerry\t \n"
                      "cafe\xCC\x81 \xE2\x80\x8B end";
    const char want[] = "  caf\xC3\xA9\r\n\r\n\xC2\xA0" "Tom & Jerry\t \n"
                        "caf\xC3\xA9 \xE2\x80\x8B end";
    winnow_result r;
    CHECK_INT(winnow_clean(w, in, sizeof in - 1, &r), WINNOW_OK);
    CHECK_MEM(r.text, r.len, want, sizeof want - 1);
    CHECK_INT(r.mojibake_fixed, 2);
    CHECK(strcmp(r.encoding, "UTF-8") == 0 && r.encoding_confidence == 1.0f);
    winnow_free(w);
}

static void legacy_in(winnow_options *o) { (void)o; }

static void test_detected_encoding_and_explain_header(void)
{
    winnow *w = make(1, 1, legacy_in);
    if (!w) return;
    /* KOI8-U */
    const char in[] = "\xFE\xC5\xD2\xD7\xCF\xCE\xC1 \xCB\xC1\xCC\xC9\xCE\xC1 "
                      "\xD7 \xD0\xCF\xCC\xA6 \xD3\xD4\xCF\xA7\xD4\xD8\n";
    winnow_result r;
    CHECK_INT(winnow_clean(w, in, sizeof in - 1, &r), WINNOW_OK);
    CHECK(r.encoding && strcmp(r.encoding, "KOI8-U") == 0);
    CHECK(r.encoding_confidence > 0.0f && r.encoding_confidence < 1.0f);
    CHECK_STR(r.text, r.len, "Червона калина в полі стоїть\n");
    const char *ex;
    size_t len;
    CHECK_INT(winnow_explain(w, &r, &ex, &len), WINNOW_OK);
    CHECK(len > 20 && memcmp(ex, "# encoding: KOI8-U (confidence 0.", 33) == 0);
    winnow_free(w);
}

static void strict_on(winnow_options *o) { o->strict = 1; }

static void test_strict_fails_with_an_offset(void)
{
    winnow *w = make(1, 1, strict_on);
    if (!w) return;
    winnow_result r;
    const char bad[] = "d\xC3\xA9j\xC3\xA0 vu \xC3\xA9t\xC3\xA9 \xE2\x82 fin";
    CHECK_INT(winnow_clean(w, bad, sizeof bad - 1, &r), WINNOW_ERR_INVALID_INPUT);
    CHECK_INT(winnow_error_offset(w), 16);
    CHECK(strcmp(winnow_strerror(WINNOW_ERR_INVALID_INPUT), "unknown error") != 0);
    CHECK_INT(winnow_clean(w, "fine\n", 5, &r), WINNOW_OK);
    CHECK_INT(winnow_error_offset(w), 0);
    winnow_free(w);
    CHECK_INT(winnow_error_offset(NULL), 0);
}

static void repairs_off(winnow_options *o)
{
    o->fix_mojibake = 0;
    o->entities = 0;
}

static void test_repairs_can_be_turned_off(void)
{
    winnow *w = make(1, 0, repairs_off);
    if (!w) return;
    const char in[] = "caf\xC3\x83\xC2\xA9 &amp; \xC2\x93q\xC2\x94";
    winnow_result r;
    CHECK_INT(winnow_clean(w, in, sizeof in - 1, &r), WINNOW_OK);
    CHECK_MEM(r.text, r.len, in, sizeof in - 1);
    CHECK(r.text == in);                       /* not even copied */
    CHECK_INT(r.mojibake_fixed, 0);
    winnow_free(w);
}

static void folds_on(winnow_options *o)
{
    o->casefold = 1;
    o->strip_marks = 1;
    o->ascii_punct = 1;
}

static void test_index_folds_in_the_pipeline(void)
{
    winnow *w = make(1, 1, folds_on);
    if (!w) return;
    const char in[] = "\xE2\x80\x9CStra\xC3\x9F" "e \xC3\x89T\xC3\x89\xE2\x80\x9D\n";
    winnow_result r;
    CHECK_INT(winnow_clean(w, in, sizeof in - 1, &r), WINNOW_OK);
    CHECK_STR(r.text, r.len, "\"strasse ete\"\n");
    winnow_free(w);
}

int main(void)
{
    RUN_TEST(test_a_million_combining_marks);
    RUN_TEST(test_keep_all_no_tidy_changes_nothing_else);
    RUN_TEST(test_detected_encoding_and_explain_header);
    RUN_TEST(test_strict_fails_with_an_offset);
    RUN_TEST(test_repairs_can_be_turned_off);
    RUN_TEST(test_index_folds_in_the_pipeline);
    return check_summary();
}
