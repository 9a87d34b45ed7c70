/* test_mojibake.c -- unit tests for mojibake.c.
 *
 * Each wrong decoder we know (windows-1252 and Latin-1, -1250, -1251,
 * -1257, MacRoman, CP437), two layers, lost bytes (U+FFFD, a space for
 * A0), CESU-8 surrogates, stray C1 controls; and text that is correct and
 * must come back unchanged and uncopied.
 */
#include <string.h>

#include "check.h"
#include "mojibake.h"

static mojibake mb;

static void check_fix(const char *in, const char *want)
{
    const char *out;
    size_t len, fixed = 0;
    CHECK_INT(mojibake_run(&mb, in, strlen(in), &out, &len, &fixed), WINNOW_OK);
    CHECK_STR(out, len, want);
    if (strcmp(in, want) == 0) {
        CHECK(out == in);                   /* unchanged text is not copied */
        CHECK_INT(fixed, 0);
    } else {
        CHECK(fixed > 0);
    }
}

static void test_windows_1252_and_latin1(void)
{
    check_fix("NicolÃ¡s", "Nicolás");
    check_fix("RUF MICH ZURÃœCK", "RUF MICH ZURÜCK");
    check_fix("It costs Â£5 and â‚¬3", "It costs £5 and €3");
    check_fix("Ecuador\xC3\xA2\xC2\x80\xC2\x99s", "Ecuador’s");   /* Latin-1, C1 */
    check_fix("Beta Haber: HÄ±rsÄ±zÄ± BÃ¼yÃ¼ Korkuttu",
              "Beta Haber: Hırsızı Büyü Korkuttu");
    check_fix("×‘×”×•×“×¢×”", "בהודעה");
    check_fix("æ—¥æœ¬èªž", "日本語");
    check_fix("âœ” No problems", "✔ No problems");
}

static void test_other_wrong_decoders(void)
{
    check_fix("La rГ©gion se trouve Г lвЂ™ouest", "La région se trouve à l’ouest");
    check_fix("LiĂ¨ge Avenue de l'HĂ´pital", "Liège Avenue de l'Hôpital");
    check_fix("Å iaip ÄÆdomu, VisÅ³ pirma", "Šiaip įdomu, Visų pirma");  /* 1257 */
    check_fix("Le Vigne di Zam√≤", "Le Vigne di Zamò");                   /* MacRoman */
    check_fix("─îe┼ítina", "Čeština");                                    /* CP437 */
}

static void test_two_layers(void)
{
    check_fix("Iggy Pop (nÃƒÂ© Jim Osterberg)", "Iggy Pop (né Jim Osterberg)");
    check_fix("NicolÃ\xC2\x83Â¡s", "Nicolás");
    check_fix("a bigger-than-expected Г‚ВЈ5.8bn rights issue",
              "a bigger-than-expected £5.8bn rights issue");
}

static void test_lost_bytes(void)
{
    check_fix("â€œlossy decodingâ€\xEF\xBF\xBD", "“lossy decoding\xEF\xBF\xBD");
    check_fix("voilÃ  le travail", "voilà le travail");
    check_fix("Ã perturber la rÃ©flexion jusqu'Ã nos jours",
              "à perturber la réflexion jusqu'à nos jours");
    check_fix("com especial atenÃ§Ã£o Ã s crianÃ§as", "com especial atenção às crianças");
    check_fix("Hi guys í\xC2\xA0½í¸\xC2\x8D", "Hi guys 😍");              /* CESU-8 */
}

static void test_c1_controls(void)
{
    check_fix("\xC2\x84Handwerk\xC2\x93: ja", "„Handwerk“: ja");
    check_fix("three\xC2\x85" "four", "three\xC2\x85" "four");   /* NEL alone stays */
}

static void test_correct_text_is_left_alone(void)
{
    check_fix("plain ASCII text\nwith lines\n", "plain ASCII text\nwith lines\n");
    check_fix("Bremer/Mccoy – DrÃ¥ber", "Bremer/Mccoy – DrÃ¥ber");
    check_fix("4288×…", "4288×…");
    check_fix("HUHLL Õ…", "HUHLL Õ…");
    check_fix("PARCE QUE SUR LEURS PLAQUES IL Y MARQUÉ…", "PARCE QUE SUR LEURS PLAQUES IL Y MARQUÉ…");
    check_fix("Offering 5×£35 pin ups", "Offering 5×£35 pin ups");
    check_fix("C O N C L U S Ã O", "C O N C L U S Ã O");
    check_fix("NICIODATĂ™", "NICIODATĂ™");
    check_fix("ВІКІ is Ukrainian for WIKI", "ВІКІ is Ukrainian for WIKI");
    check_fix("I'm not such a fan of Charlotte Brontë…”", "I'm not such a fan of Charlotte Brontë…”");
    check_fix("├┤a┼┐a┼┐a┼┐a┼┐a", "├┤a┼┐a┼┐a┼┐a┼┐a");
    check_fix("Суркі (Marmota), На Зямлі існуе 15 відаў сур", "Суркі (Marmota), На Зямлі існуе 15 відаў сур");
    check_fix("Съешь же ещё этих мягких французских булок «да» — выпей чаю.",
              "Съешь же ещё этих мягких французских булок «да» — выпей чаю.");
    check_fix("Ελληνικά, 日本語, café, naïve, Zürich", "Ελληνικά, 日本語, café, naïve, Zürich");
}

static void test_only_damaged_lines_change(void)
{
    check_fix("first café\nsecond cafÃ©\nthird\n", "first café\nsecond café\nthird\n");
}

int main(void)
{
    if (mojibake_init(&mb, 0) != WINNOW_OK) return 1;
    RUN_TEST(test_windows_1252_and_latin1);
    RUN_TEST(test_other_wrong_decoders);
    RUN_TEST(test_two_layers);
    RUN_TEST(test_lost_bytes);
    RUN_TEST(test_c1_controls);
    RUN_TEST(test_correct_text_is_left_alone);
    RUN_TEST(test_only_damaged_lines_change);
    mojibake_release(&mb);
    mojibake_release(NULL);
    return check_summary();
}
