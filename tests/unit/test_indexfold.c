/* test_indexfold.c -- unit tests for indexfold.c.
 *
 * Full case folding (German ß, Greek final sigma, Turkish dotted and
 * dotless i), stripping of combining marks (Vietnamese, French, precomposed
 * and decomposed input), ASCII punctuation, and the pure-ASCII paths.
 */
#include <string.h>

#include "check.h"
#include "indexfold.h"

static void check_fold(int cf, int sm, int ap, winnow_normal_form form,
                       const char *in, const char *want)
{
    indexfold f;
    indexfold_init(&f, cf, sm, ap, form, 0);
    const char *res;
    size_t len;
    CHECK_INT(indexfold_run(&f, in, strlen(in), &res, &len), WINNOW_OK);
    CHECK_STR(res, len, want);
    indexfold_release(&f);
}

static void test_casefold(void)
{
    check_fold(1, 0, 0, WINNOW_NFC, "Straße STRASSE", "strasse strasse");
    /* final sigma folds to sigma: ΟΔΟΣ and οδος match */
    check_fold(1, 0, 0, WINNOW_NFC, "ΟΔΟΣ οδος", "οδοσ οδοσ");
    /* Turkish: dotted capital I is i + combining dot; dotless ı stays */
    check_fold(1, 0, 0, WINNOW_NFC, "İstanbul ISPARTA ılık", "i\xCC\x87stanbul isparta ılık");
    check_fold(1, 0, 0, WINNOW_NFC, "Hello WORLD", "hello world");
    check_fold(1, 0, 0, WINNOW_NFC, "already lower", "already lower");
    check_fold(1, 0, 0, WINNOW_NFC, "ǅemal", "ǆemal");
}

static void test_strip_marks(void)
{
    check_fold(0, 1, 0, WINNOW_NFC, "Tiếng Việt có dấu", "Tieng Viet co dau");
    check_fold(0, 1, 0, WINNOW_NFC, "cafe\xCC\x81 naïve Zürich", "cafe naive Zurich");
    check_fold(0, 1, 0, WINNOW_NFC, "Ελληνικά", "Ελληνικα");
    check_fold(0, 1, 0, WINNOW_NFC, "ascii only", "ascii only");
    /* with case folding: an index key */
    check_fold(1, 1, 0, WINNOW_NFC, "ĐẠI HỌC Quốc Gia", "đai hoc quoc gia");
    check_fold(1, 1, 0, WINNOW_NFC, "İ", "i");
}

static void test_ascii_punct(void)
{
    check_fold(0, 0, 1, WINNOW_NFC, "“It’s—fine…” ‘ok’ – 2−1",
               "\"It's-fine...\" 'ok' - 2-1");
    check_fold(0, 0, 1, WINNOW_NFC, "«guillemets» stay", "«guillemets» stay");
}

int main(void)
{
    RUN_TEST(test_casefold);
    RUN_TEST(test_strip_marks);
    RUN_TEST(test_ascii_punct);
    return check_summary();
}
