/* test_decode.c -- unit tests for detect.c and decode.c.
 *
 * BOM detection; the zero-copy UTF-8 road; UTF-16/32 by BOM; forced
 * legacy encodings through iconv with known strings; undecodable and
 * truncated input becoming counted U+FFFD; iconv state reset between
 * documents; and the errors that do propagate.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "decode.h"
#include "detect.h"

#define FFFD "\xEF\xBF\xBD"

/* ---- helpers ---------------------------------------------------------- */

typedef struct run {
    winnow_error err;
    decoded out;
} run;

/* Decodes the literal `in` with a decoder for `from`, using `scratch`. */
static run decode_with(decoder *d, const char *in, size_t len, wbuf *scratch)
{
    run r;
    memset(&r.out, 0, sizeof r.out);
    r.err = decoder_run(d, in, len, scratch, &r.out);
    return r;
}

/* Decodes `in` as `from` and checks the text, count and encoding name. */
#define CHECK_DECODE(from, in, want, n_repl, want_enc) do { \
    decoder d_; \
    wbuf s_; \
    wbuf_init(&s_, 0); \
    CHECK_INT(decoder_init(&d_, from, 0), WINNOW_OK); \
    run r_ = decode_with(&d_, in, sizeof(in) - 1, &s_); \
    CHECK_INT(r_.err, WINNOW_OK); \
    CHECK_MEM(r_.out.text, r_.out.len, want, sizeof(want) - 1); \
    CHECK_INT(r_.out.replacements, n_repl); \
    CHECK(r_.out.encoding && strcmp(r_.out.encoding, want_enc) == 0); \
    decoder_release(&d_); \
    wbuf_release(&s_); \
    } while (0)

/* ---- detect_encoding ------------------------------------------------- */

static void check_detect(const char *in, size_t len, const char *enc,
                         size_t bom_len)
{
    const detect_result r = detect_bom((const unsigned char *)in, len);
    CHECK(strcmp(r.encoding, enc) == 0);
    CHECK_INT(r.bom_len, bom_len);
}

static void test_detect_boms(void)
{
    check_detect("\xEF\xBB\xBFhi", 5, "UTF-8", 3);
    check_detect("\xFF\xFE\x00\x00h\0\0\0", 8, "UTF-32LE", 4);
    check_detect("\x00\x00\xFE\xFF\0\0\0h", 8, "UTF-32BE", 4);
    check_detect("\xFF\xFEh\0", 4, "UTF-16LE", 2);
    check_detect("\xFE\xFF\0h", 4, "UTF-16BE", 2);
}

static void test_detect_without_bom_is_utf8(void)
{
    check_detect("hello", 5, "UTF-8", 0);
    check_detect("", 0, "UTF-8", 0);
    check_detect(NULL, 0, "UTF-8", 0);
    check_detect("\xEF\xBB", 2, "UTF-8", 0);          /* BOMs cut short */
    check_detect("\xFF", 1, "UTF-8", 0);
    check_detect("\x00\x00\xFE", 3, "UTF-8", 0);
    check_detect("\xFF\xFE\x00", 3, "UTF-16LE", 2);   /* not UTF-32 yet */
    check_detect("\xBB\xBF", 2, "UTF-8", 0);
}

/* ---- the UTF-8 road -------------------------------------------------- */

static void test_valid_utf8_is_zero_copy(void)
{
    const char in[] = "caf\xC3\xA9 \xF0\x9F\x98\x80";
    decoder d;
    wbuf s;
    wbuf_init(&s, 0);
    CHECK_INT(decoder_init(&d, NULL, 0), WINNOW_OK);
    const run r = decode_with(&d, in, sizeof in - 1, &s);
    CHECK_INT(r.err, WINNOW_OK);
    CHECK(r.out.text == in);
    CHECK_INT(r.out.len, sizeof in - 1);
    CHECK_INT(r.out.replacements, 0);
    CHECK(strcmp(r.out.encoding, "UTF-8") == 0);
    CHECK_INT(s.len, 0);
    decoder_release(&d);
    wbuf_release(&s);
}

static void test_utf8_bom_is_dropped_without_copy(void)
{
    const char in[] = "\xEF\xBB\xBFhello";
    decoder d;
    wbuf s;
    wbuf_init(&s, 0);
    CHECK_INT(decoder_init(&d, NULL, 0), WINNOW_OK);
    const run r = decode_with(&d, in, sizeof in - 1, &s);
    CHECK_INT(r.err, WINNOW_OK);
    CHECK(r.out.text == in + 3);
    CHECK_STR(r.out.text, r.out.len, "hello");
    CHECK(strcmp(r.out.encoding, "UTF-8") == 0);
    decoder_release(&d);
    wbuf_release(&s);
    CHECK_DECODE(NULL, "\xEF\xBB\xBF", "", 0, "UTF-8");          /* BOM only */
    /* only one BOM goes; a second U+FEFF is text */
    CHECK_DECODE(NULL, "\xEF\xBB\xBF\xEF\xBB\xBFx", "\xEF\xBB\xBFx", 0, "UTF-8");
}

static void test_invalid_utf8_is_repaired_into_scratch(void)
{
    const char in[] = "a\xF1\x80\x80\xE1\x80\xC2" "b\x80" "c\x80\xBF" "d";
    decoder d;
    wbuf s;
    wbuf_init(&s, 0);
    /* forced: without --from, text with no valid multibyte character is
     * read as a legacy encoding (see test_detect.c) */
    CHECK_INT(decoder_init(&d, "UTF-8", 0), WINNOW_OK);
    const run r = decode_with(&d, in, sizeof in - 1, &s);
    CHECK_INT(r.err, WINNOW_OK);
    CHECK(r.out.text == s.data);
    CHECK_STR(r.out.text, r.out.len,
              "a" FFFD FFFD FFFD "b" FFFD "c" FFFD FFFD "d");
    CHECK_INT(r.out.replacements, 6);
    decoder_release(&d);
    wbuf_release(&s);
    CHECK_DECODE(NULL, "\xEF\xBB\xBF\xC0\x80", FFFD FFFD, 2, "UTF-8");
    CHECK_DECODE("UTF-8", "ok\xE2\x82", "ok" FFFD, 1, "UTF-8");
    /* detected: damage among many valid characters is still UTF-8 */
    CHECK_DECODE(NULL, "\xC3\xA9t\xC3\xA9 \xC3\xA0 ok\xE2\x82",
                 "\xC3\xA9t\xC3\xA9 \xC3\xA0 ok" FFFD, 1, "UTF-8");
}

static void test_empty_input(void)
{
    CHECK_DECODE(NULL, "", "", 0, "UTF-8");
    decoder d;
    wbuf s;
    wbuf_init(&s, 0);
    CHECK_INT(decoder_init(&d, NULL, 0), WINNOW_OK);
    const run r = decode_with(&d, NULL, 0, &s);
    CHECK_INT(r.err, WINNOW_OK);
    CHECK(r.out.text != NULL);
    CHECK_INT(r.out.len, 0);
    decoder_release(&d);
    wbuf_release(&s);
    CHECK_DECODE("latin1", "", "", 0, "latin1");
}

static void test_nul_bytes_are_kept(void)
{
    /* (without --from, "a\0b\0" is UTF-16LE "ab": see test_detect.c) */
    CHECK_DECODE("UTF-8", "a\0b\0", "a\0b\0", 0, "UTF-8");
    CHECK_DECODE("UTF-8", "a\0\x80", "a\0" FFFD, 1, "UTF-8");
    CHECK_DECODE("latin1", "\xE9\0\xE9", "\xC3\xA9\0\xC3\xA9", 0, "latin1");
    CHECK_DECODE(NULL, "\xFF\xFE" "a\0\0\0b\0", "a\0b", 0, "UTF-16LE");
}

/* ---- UTF-16 and UTF-32 by BOM ---------------------------------------- */

static void test_utf16_and_utf32_by_bom(void)
{
    /* "Hé😀": U+0048 U+00E9 U+1F600 (surrogates D83D DE00) */
    CHECK_DECODE(NULL, "\xFF\xFE" "H\0\xE9\0\x3D\xD8\x00\xDE",
                 "H\xC3\xA9\xF0\x9F\x98\x80", 0, "UTF-16LE");
    CHECK_DECODE(NULL, "\xFE\xFF" "\0H\0\xE9\xD8\x3D\xDE\x00",
                 "H\xC3\xA9\xF0\x9F\x98\x80", 0, "UTF-16BE");
    CHECK_DECODE(NULL, "\xFF\xFE\0\0" "H\0\0\0\xE9\0\0\0\x00\xF6\x01\x00",
                 "H\xC3\xA9\xF0\x9F\x98\x80", 0, "UTF-32LE");
    CHECK_DECODE(NULL, "\0\0\xFE\xFF" "\0\0\0H\0\0\0\xE9\x00\x01\xF6\x00",
                 "H\xC3\xA9\xF0\x9F\x98\x80", 0, "UTF-32BE");
    CHECK_DECODE(NULL, "\xFF\xFE", "", 0, "UTF-16LE");   /* BOM only */
}

static void test_bad_utf16_by_bom_is_replaced(void)
{
    /* odd length: the last byte is a cut-off code unit */
    CHECK_DECODE(NULL, "\xFF\xFE" "A\0B", "A" FFFD, 1, "UTF-16LE");
    /* lone high surrogate, then lone low surrogate */
    CHECK_DECODE(NULL, "\xFF\xFE" "\x3D\xD8" "A\0" "\x00\xDE" "B\0",
                 FFFD "A" FFFD "B", 2, "UTF-16LE");
    /* high surrogate at the very end */
    CHECK_DECODE(NULL, "\xFE\xFF" "\0A\xD8\x3D", "A" FFFD, 1, "UTF-16BE");
    /* UTF-32 above U+10FFFF and a surrogate, then 'A' */
    CHECK_DECODE(NULL, "\xFF\xFE\0\0" "\x00\x00\x11\x00" "\x00\xD8\x00\x00" "A\0\0\0",
                 FFFD FFFD "A", 2, "UTF-32LE");
}

/* ---- forced encodings through iconv ---------------------------------- */

static void test_forced_legacy_encodings(void)
{
    CHECK_DECODE("latin1", "caf\xE9 cr\xE8me br\xFBl\xE9" "e",
                 "caf\xC3\xA9 cr\xC3\xA8me br\xC3\xBBl\xC3\xA9" "e", 0, "latin1");
    CHECK_DECODE("cp1252", "\x80 \x93quoted\x94 \x85",          /* € “quoted” … */
                 "\xE2\x82\xAC \xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x80\xA6",
                 0, "cp1252");
    CHECK_DECODE("KOI8-R", "\xF0\xD2\xC9\xD7\xC5\xD4",           /* Привет */
                 "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82", 0, "KOI8-R");
    CHECK_DECODE("SHIFT_JIS", "\x93\xFA\x96\x7B" "abc",           /* 日本abc */
                 "\xE6\x97\xA5\xE6\x9C\xAC" "abc", 0, "SHIFT_JIS");
}

static void test_forced_utf16_and_utf32(void)
{
    CHECK_DECODE("UTF-16LE", "H\0i\0", "Hi", 0, "UTF-16LE");
    /* a BOM at the start is dropped, a U+FEFF later is kept */
    CHECK_DECODE("UTF-16LE", "\xFF\xFE" "H\0\xFF\xFE" "i\0",
                 "H\xEF\xBB\xBFi", 0, "UTF-16LE");
    CHECK_DECODE("UTF-32BE", "\0\0\xFE\xFF\0\0\0H", "H", 0, "UTF-32BE");
    /* odd length */
    CHECK_DECODE("UTF-16LE", "A\0B", "A" FFFD, 1, "UTF-16LE");
    /* an undecodable UTF-32 code unit is skipped whole */
    CHECK_DECODE("UTF-32LE", "\x00\x00\x11\x00" "A\0\0\0", FFFD "A", 1, "UTF-32LE");
}

static void test_forced_encoding_bad_bytes_are_counted(void)
{
    CHECK_DECODE("ASCII", "a\xE9" "b\xFF\xFE" "c", "a" FFFD "b" FFFD FFFD "c", 3,
                 "ASCII");
    CHECK_DECODE("SHIFT_JIS", "ab\x93", "ab" FFFD, 1, "SHIFT_JIS");  /* cut off */
    /* a 4-byte GB18030 sequence cut off after 3 bytes is one U+FFFD */
    CHECK_DECODE("GB18030", "a\x81\x30\x81", "a" FFFD, 1, "GB18030");
    CHECK_DECODE("GB18030", "\x81\x30\x81\x30", "\xC2\x80", 0, "GB18030");
}

static void test_unknown_encoding_is_an_error(void)
{
    decoder d;
    CHECK_INT(decoder_init(&d, "NO-SUCH-ENCODING-42", 0), WINNOW_ERR_ENCODING);
    decoder_release(&d);              /* must be safe after a failed init */
    decoder_release(NULL);
    CHECK_INT(decoder_init(NULL, "latin1", 0), WINNOW_ERR_INVALID_ARG);
}

static void test_forced_utf8_uses_our_validator(void)
{
    /* iconv would pass ED A0 80 through or stop; ours makes 3 U+FFFD */
    CHECK_DECODE("utf-8", "x\xED\xA0\x80y", "x" FFFD FFFD FFFD "y", 3, "utf-8");
    CHECK_DECODE("UTF8", "\xC0\x80", FFFD FFFD, 2, "UTF8");
    /* valid input stays zero copy, past a BOM */
    const char in[] = "\xEF\xBB\xBF" "abc";
    decoder d;
    wbuf s;
    wbuf_init(&s, 0);
    CHECK_INT(decoder_init(&d, "Utf-8", 0), WINNOW_OK);
    CHECK(d.from_is_utf8);
    CHECK(d.cd == NULL);
    const run r = decode_with(&d, in, sizeof in - 1, &s);
    CHECK_INT(r.err, WINNOW_OK);
    CHECK(r.out.text == in + 3);
    CHECK_INT(r.out.len, 3);
    CHECK(strcmp(r.out.encoding, "Utf-8") == 0);
    decoder_release(&d);
    wbuf_release(&s);
    /* forced UTF-8 ignores what looks like a UTF-16 BOM */
    CHECK_DECODE("UTF-8", "\xFF\xFE" "a", FFFD FFFD "a", 2, "UTF-8");
}

static void test_iconv_state_is_reset_between_documents(void)
{
    decoder d;
    wbuf s;
    wbuf_init(&s, 0);
    CHECK_INT(decoder_init(&d, "ISO-2022-JP", 0), WINNOW_OK);
    /* ends in JIS X 0208 mode: ESC $ B, then 日 (46 7C), no ESC ( B */
    run r = decode_with(&d, "\x1B$B\x46\x7C", 5, &s);
    CHECK_INT(r.err, WINNOW_OK);
    CHECK_STR(r.out.text, r.out.len, "\xE6\x97\xA5");
    /* the next document starts in ASCII again */
    r = decode_with(&d, "\x46\x7C", 2, &s);
    CHECK_INT(r.err, WINNOW_OK);
    CHECK_STR(r.out.text, r.out.len, "F|");
    CHECK_INT(r.out.replacements, 0);
    decoder_release(&d);
    wbuf_release(&s);
}

static void test_scratch_is_reused_per_document(void)
{
    decoder d;
    wbuf s;
    wbuf_init(&s, 0);
    CHECK_INT(decoder_init(&d, "latin1", 0), WINNOW_OK);
    run r = decode_with(&d, "\xE9\xE9\xE9", 3, &s);
    CHECK_STR(r.out.text, r.out.len, "\xC3\xA9\xC3\xA9\xC3\xA9");
    r = decode_with(&d, "x", 1, &s);
    CHECK_INT(r.err, WINNOW_OK);
    CHECK_STR(r.out.text, r.out.len, "x");
    CHECK_INT(s.len, 1);
    decoder_release(&d);
    wbuf_release(&s);
}

/* Output bigger than iconv's 8 KiB chunk, with a 4-byte character placed
 * across every chunk boundary in turn. */
static void test_long_documents_convert_across_chunks(void)
{
    const size_t n = 100000;
    char *in = malloc(n * 2 + 2);
    CHECK(in != NULL);
    if (!in) return;
    memset(in, '\xE9', n);
    decoder d;
    wbuf s;
    wbuf_init(&s, 0);
    CHECK_INT(decoder_init(&d, "ISO-8859-1", 0), WINNOW_OK);
    run r = decode_with(&d, in, n, &s);
    CHECK_INT(r.err, WINNOW_OK);
    CHECK_INT(r.out.len, 2 * n);
    size_t wrong = 0;
    for (size_t i = 0; i + 1 < r.out.len; i += 2)
        wrong += r.out.text[i] != '\xC3' || r.out.text[i + 1] != '\xA9';
    CHECK_INT(wrong, 0);
    decoder_release(&d);

    /* UTF-16LE: 'a' then U+1F600 repeated; 5 output bytes per 6 input */
    size_t len = 0;
    in[len++] = '\xFF';
    in[len++] = '\xFE';
    while (len + 6 <= n * 2) {
        memcpy(in + len, "a\0\x3D\xD8\x00\xDE", 6);
        len += 6;
    }
    CHECK_INT(decoder_init(&d, NULL, 0), WINNOW_OK);
    r = decode_with(&d, in, len, &s);
    CHECK_INT(r.err, WINNOW_OK);
    CHECK_INT(r.out.len, (len - 2) / 6 * 5);
    CHECK_INT(r.out.replacements, 0);
    wrong = 0;
    for (size_t i = 0; i + 5 <= r.out.len; i += 5)
        wrong += memcmp(r.out.text + i, "a\xF0\x9F\x98\x80", 5) != 0;
    CHECK_INT(wrong, 0);
    decoder_release(&d);
    wbuf_release(&s);
    free(in);
}

/* ---- strict mode ------------------------------------------------------- */

static void check_strict(const char *from, const char *in, size_t len,
                         winnow_error want, size_t offset)
{
    decoder d;
    wbuf s;
    wbuf_init(&s, 0);
    CHECK_INT(decoder_init(&d, from, 1), WINNOW_OK);
    decoded out = { .text = "unchanged", .len = 9 };
    CHECK_INT(decoder_run(&d, in, len, &s, &out), want);
    if (want) {
        CHECK_INT(d.error_offset, offset);
        CHECK_STR(out.text, out.len, "unchanged");
    }
    decoder_release(&d);
    wbuf_release(&s);
}

static void test_strict_reports_the_first_invalid_byte(void)
{
    check_strict("UTF-8", "ok\xC3\xA9 \xFF x\xFF", 9, WINNOW_ERR_INVALID_INPUT, 5);
    check_strict("UTF-8", "ok \xE2\x82", 5, WINNOW_ERR_INVALID_INPUT, 3);
    check_strict("UTF-8", "\xEF\xBB\xBF" "ab\xC0\x80", 7, WINNOW_ERR_INVALID_INPUT, 5);
    /* detected UTF-8 with damage */
    check_strict(NULL, "\xC3\xA9t\xC3\xA9 \xC3\xA0 ok\xE2\x82", 13,
                 WINNOW_ERR_INVALID_INPUT, 11);
    check_strict(NULL, "\xC3\xA9t\xC3\xA9 fine", 10, WINNOW_OK, 0);
    /* through iconv: 0x81 is not windows-1252; UTF-16 cut in half */
    check_strict("CP1252", "abc\x81", 4, WINNOW_ERR_INVALID_INPUT, 3);
    check_strict("UTF-16LE", "a\0b", 3, WINNOW_ERR_INVALID_INPUT, 2);
    check_strict(NULL, "\xFF\xFE" "a\0\0\xD8x\0", 8, WINNOW_ERR_INVALID_INPUT, 4);
    check_strict("latin1", "\xE9t\xE9", 3, WINNOW_OK, 0);
}

static void test_scratch_cap_gives_too_large(void)
{
    decoder d;
    wbuf s;
    wbuf_init(&s, 8);
    CHECK_INT(decoder_init(&d, "latin1", 0), WINNOW_OK);
    decoded out = { .text = "unchanged", .len = 9, .encoding = "none",
                    .replacements = 7 };
    CHECK_INT(decoder_run(&d, "\xE9\xE9\xE9\xE9\xE9", 5, &s, &out),
              WINNOW_ERR_TOO_LARGE);
    CHECK_STR(out.text, out.len, "unchanged");      /* not written on error */
    CHECK_INT(out.replacements, 7);
    /* 8 bytes exactly still fit */
    CHECK_INT(decoder_run(&d, "\xE9\xE9\xE9\xE9", 4, &s, &out), WINNOW_OK);
    CHECK_INT(out.len, 8);
    decoder_release(&d);
    /* repair of invalid UTF-8 hits the cap too; valid UTF-8 never copies */
    CHECK_INT(decoder_init(&d, NULL, 0), WINNOW_OK);
    CHECK_INT(decoder_run(&d, "\x80\x80\x80", 3, &s, &out), WINNOW_ERR_TOO_LARGE);
    CHECK_INT(decoder_run(&d, "0123456789abcdef", 16, &s, &out), WINNOW_OK);
    CHECK_INT(out.len, 16);
    decoder_release(&d);
    wbuf_release(&s);
}

static void test_bad_arguments(void)
{
    decoder d;
    wbuf s;
    decoded out;
    wbuf_init(&s, 0);
    CHECK_INT(decoder_init(&d, NULL, 0), WINNOW_OK);
    CHECK_INT(decoder_run(&d, NULL, 3, &s, &out), WINNOW_ERR_INVALID_ARG);
    CHECK_INT(decoder_run(&d, "x", 1, NULL, &out), WINNOW_ERR_INVALID_ARG);
    CHECK_INT(decoder_run(&d, "x", 1, &s, NULL), WINNOW_ERR_INVALID_ARG);
    CHECK_INT(decoder_run(NULL, "x", 1, &s, &out), WINNOW_ERR_INVALID_ARG);
    decoder_release(&d);
    wbuf_release(&s);
}

int main(void)
{
    RUN_TEST(test_detect_boms);
    RUN_TEST(test_detect_without_bom_is_utf8);
    RUN_TEST(test_valid_utf8_is_zero_copy);
    RUN_TEST(test_utf8_bom_is_dropped_without_copy);
    RUN_TEST(test_invalid_utf8_is_repaired_into_scratch);
    RUN_TEST(test_empty_input);
    RUN_TEST(test_nul_bytes_are_kept);
    RUN_TEST(test_utf16_and_utf32_by_bom);
    RUN_TEST(test_bad_utf16_by_bom_is_replaced);
    RUN_TEST(test_forced_legacy_encodings);
    RUN_TEST(test_forced_utf16_and_utf32);
    RUN_TEST(test_forced_encoding_bad_bytes_are_counted);
    RUN_TEST(test_unknown_encoding_is_an_error);
    RUN_TEST(test_forced_utf8_uses_our_validator);
    RUN_TEST(test_iconv_state_is_reset_between_documents);
    RUN_TEST(test_scratch_is_reused_per_document);
    RUN_TEST(test_long_documents_convert_across_chunks);
    RUN_TEST(test_scratch_cap_gives_too_large);
    RUN_TEST(test_strict_reports_the_first_invalid_byte);
    RUN_TEST(test_bad_arguments);
    return check_summary();
}
