/* test_detect.c -- unit tests for detect.c: every family of encodings.
 *
 * BOMs; UTF-16/32 without a BOM (Latin, Cyrillic, CJK, odd length);
 * valid and damaged UTF-8; 7-bit ISO-2022-JP; legacy single-byte text
 * (windows-1252, -1250, -1251, KOI8-R and KOI8-U, IBM866) and the short
 * texts where our own scoring decides; multibyte CJK legacy encodings;
 * confidences.  Legacy samples are made with iconv from UTF-8 literals.
 */
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "detect.h"

static detector det;

/* `utf8` converted to `enc` by iconv, into buf; returns the length. */
static size_t encode(const char *utf8, const char *enc, char *buf, size_t cap)
{
    iconv_t cd = iconv_open(enc, "UTF-8");
    if (cd == (iconv_t)-1) return 0;
    char *ip = (char *)utf8, *op = buf;
    size_t il = strlen(utf8), ol = cap;
    size_t r = iconv(cd, &ip, &il, &op, &ol);
    iconv_close(cd);
    return r == (size_t)-1 ? 0 : cap - ol;
}

static const char *detect_as(const char *utf8, const char *enc)
{
    static char buf[8192];
    const size_t n = encode(utf8, enc, buf, sizeof buf);
    CHECK(n > 0);
    return detector_run(&det, (const unsigned char *)buf, n).encoding;
}

#define CHECK_ENC(got, want) do { \
    const char *g__ = (got); \
    if (!g__ || strcmp(g__, want) != 0) { \
        fprintf(stderr, "%s:%d: %s: detected %s, want %s\n", __FILE__, \
                __LINE__, check_test_name, g__ ? g__ : "(null)", want); \
        check_test_failed = 1; \
    } } while (0)

static const char ru[] =
    "Съешь же ещё этих мягких французских булок, да выпей чаю. "
    "Широкая электрификация южных губерний даст мощный толчок подъёму "
    "сельского хозяйства.";
static const char uk[] =
    "Чуєш їх, доцю, га? Кумедна ж ти, прощайся без ґольфів! "
    "Жебракують філософи при ґанку церкви в гадючому вертепі.";

static void test_boms_have_full_confidence(void)
{
    const detect_result r = detector_run(&det, (const unsigned char *)"\xFE\xFF\0a", 4);
    CHECK_ENC(r.encoding, "UTF-16BE");
    CHECK_INT(r.bom_len, 2);
    CHECK(r.confidence == 1.0f);
    CHECK_ENC(detector_run(&det, (const unsigned char *)"\xEF\xBB\xBFx", 4).encoding, "UTF-8");
}

static void test_utf8_and_ascii(void)
{
    detect_result r = detector_run(&det, (const unsigned char *)"plain", 5);
    CHECK_ENC(r.encoding, "UTF-8");
    CHECK(r.utf8_valid && r.confidence == 1.0f);
    r = detector_run(&det, (const unsigned char *)"caf\xC3\xA9", 5);
    CHECK_ENC(r.encoding, "UTF-8");
    CHECK(r.utf8_valid);
    /* two valid characters, one broken one: UTF-8 with damage */
    r = detector_run(&det, (const unsigned char *)"\xC3\xA9t\xC3\xA9 \xFF", 7);
    CHECK_ENC(r.encoding, "UTF-8");
    CHECK(!r.utf8_valid && r.confidence < 1.0f);
    r = detector_run(&det, (const unsigned char *)"", 0);
    CHECK_ENC(r.encoding, "UTF-8");
}

static void test_utf16_and_utf32_without_bom(void)
{
    CHECK_ENC(detect_as("Hello, world: an English line.", "UTF-16LE"), "UTF-16LE");
    CHECK_ENC(detect_as("Hello, world: an English line.", "UTF-16BE"), "UTF-16BE");
    CHECK_ENC(detect_as("недопустимый символ", "UTF-16BE"), "UTF-16BE");
    CHECK_ENC(detect_as("недопустимый символ", "UTF-16LE"), "UTF-16LE");
    CHECK_ENC(detect_as("使用代理伺服器前需要認證 ─ 重新嘗試", "UTF-16LE"), "UTF-16LE");
    CHECK_ENC(detect_as("日本語のテキスト、そして English.", "UTF-16BE"), "UTF-16BE");
    CHECK_ENC(detect_as("Grüße aus Köln", "UTF-32LE"), "UTF-32LE");
    CHECK_ENC(detect_as("Grüße aus Köln", "UTF-32BE"), "UTF-32BE");
    /* odd length: the last byte is left to decode to replace */
    char buf[64];
    size_t n = encode("odd length text", "UTF-16LE", buf, sizeof buf);
    buf[n] = 'x';
    CHECK_ENC(detector_run(&det, (const unsigned char *)buf, n + 1).encoding, "UTF-16LE");
    /* NULs in what is not UTF-16 at all: not read as UTF-16 or -32 */
    const char *e = detector_run(&det, (const unsigned char *)"\0\0\0\x01\x02\x03\xFF\xFE\x00", 9).encoding;
    CHECK(strncmp(e, "UTF-16", 6) != 0 && strncmp(e, "UTF-32", 6) != 0);
}

static void test_iso2022_is_seen_in_ascii(void)
{
    CHECK_ENC(detect_as("日本語の文章です。これはテストです。", "ISO-2022-JP"), "ISO-2022-JP");
}

static void test_cyrillic_single_byte(void)
{
    CHECK_ENC(detect_as(ru, "WINDOWS-1251"), "WINDOWS-1251");
    CHECK_ENC(detect_as(ru, "KOI8-R"), "KOI8-R");
    CHECK_ENC(detect_as(ru, "IBM866"), "IBM866");
    /* KOI8-U: uchardet says KOI8-R; the Ukrainian letters decide */
    CHECK_ENC(detect_as(uk, "KOI8-U"), "KOI8-U");
    CHECK_ENC(detect_as("очікувалось ім'я типу", "KOI8-U"), "KOI8-U");
}

static void test_latin_single_byte_prefers_the_superset(void)
{
    CHECK_ENC(detect_as("Le serveur DHCP envoie un message de renouvellement "
                        "forcé à l'hôte, déjà connu.", "ISO-8859-1"), "WINDOWS-1252");
    CHECK_ENC(detect_as("Zeigt die maximale Länge von Bezeichnern.", "ISO-8859-15"),
              "WINDOWS-1252");
    CHECK_ENC(detect_as("forcé", "ISO-8859-1"), "WINDOWS-1252");
    CHECK_ENC(detect_as("Příliš žluťoučký kůň úpěl ďábelské ódy. Zadané heslo "
                        "obsahuje neplatné znaky, přístup zahájen.", "WINDOWS-1250"),
              "WINDOWS-1250");
}

static void test_cjk_multibyte(void)
{
    CHECK_ENC(detect_as("这是一个用于测试的简体中文句子，包含足够多的汉字。", "GB18030"), "GB18030");
    CHECK_ENC(detect_as("これは日本語の文章です。文字コードを判定します。", "SHIFT_JIS"), "SHIFT_JIS");
    CHECK_ENC(detect_as("これは日本語の文章です。文字コードを判定します。", "EUC-JP"), "EUC-JP");
}

static void test_confidence_is_a_fraction(void)
{
    char buf[4096];
    const size_t n = encode(ru, "WINDOWS-1251", buf, sizeof buf);
    const detect_result r = detector_run(&det, (const unsigned char *)buf, n);
    CHECK(r.confidence > 0.5f && r.confidence < 1.0f);
}

int main(void)
{
    if (detector_init(&det) != WINNOW_OK) {
        fprintf(stderr, "detector_init failed\n");
        return 1;
    }
    RUN_TEST(test_boms_have_full_confidence);
    RUN_TEST(test_utf8_and_ascii);
    RUN_TEST(test_utf16_and_utf32_without_bom);
    RUN_TEST(test_iso2022_is_seen_in_ascii);
    RUN_TEST(test_cyrillic_single_byte);
    RUN_TEST(test_latin_single_byte_prefers_the_superset);
    RUN_TEST(test_cjk_multibyte);
    RUN_TEST(test_confidence_is_a_fraction);
    detector_release(&det);
    detector_release(NULL);
    return check_summary();
}
