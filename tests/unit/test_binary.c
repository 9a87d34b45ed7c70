/* test_binary.c -- binary data is told from text, on the decoded text. */
#include <stdlib.h>

#include "check.h"
#include "binary.h"
#include "buf.h"
#include "utf8.h"
#include "winnow.h"

static void test_empty_and_plain_text_are_not_binary(void)
{
    CHECK_INT(binary_detect("", 0), 0);
    const char *t = "Hello, world.\r\n\tIndented\f\v\x1b[1mbold\x1b[0m\n";
    CHECK_INT(binary_detect(t, strlen(t)), 0);
}

static void test_executable_header_is_binary(void)
{
    char elf[256];
    memset(elf, 0, sizeof elf);
    memcpy(elf, "\x7f" "ELF\x02\x01\x01", 7);
    elf[16] = 3;
    elf[18] = 0x3e;
    memcpy(elf + 100, "/lib64/ld-linux-x86-64.so.2", 27);
    CHECK_INT(binary_detect(elf, sizeof elf), 1);
}

static void test_a_few_stray_nuls_in_text_are_not_binary(void)
{
    char t[400];
    for (size_t i = 0; i < sizeof t; i++) t[i] = "The quick brown fox. "[i % 21];
    t[10] = t[200] = t[390] = '\0';
    CHECK_INT(binary_detect(t, sizeof t), 0);
    /* Too little evidence: seven controls, one of them a NUL. */
    CHECK_INT(binary_detect("a\x01\x02\x03\x04\x05\x06\0", 8), 0);
}

static void test_controls_without_nul_are_not_binary(void)
{
    char t[100];
    for (size_t i = 0; i < sizeof t; i++) t[i] = (char)(i % 2 ? 'x' : 0x01);
    CHECK_INT(binary_detect(t, sizeof t), 0);
}

/* Pseudo-random bytes, as compressed data looks, repaired the way decode
 * repairs them. */
static void test_random_bytes_are_binary_after_repair(void)
{
    unsigned char raw[4096];
    unsigned long x = 12345;
    for (size_t i = 0; i < sizeof raw; i++) {
        x = x * 1103515245UL + 12345UL;
        raw[i] = (unsigned char)(x >> 16);
    }
    wbuf b;
    wbuf_init(&b, 0);
    size_t repl = 0;
    CHECK_INT(utf8_repair(raw, sizeof raw, &b, &repl), WINNOW_OK);
    CHECK(repl > 0);
    CHECK_INT(binary_detect(b.data, b.len), 1);
    wbuf_release(&b);
}

static void test_legacy_text_read_as_utf8_is_not_binary(void)
{
    /* Latin-1 bytes (0xE9 ...) read as UTF-8: U+FFFD galore, no NUL. */
    const unsigned char latin1[] = "caf\xe9 \xe0 la cr\xe8me br\xfbl\xe9""e \xe9t\xe9";
    wbuf b;
    wbuf_init(&b, 0);
    size_t repl = 0;
    CHECK_INT(utf8_repair(latin1, sizeof latin1 - 1, &b, &repl), WINNOW_OK);
    CHECK_INT(binary_detect(b.data, b.len), 0);
    wbuf_release(&b);
}

static void test_only_the_sample_is_examined(void)
{
    const size_t n = BINARY_SAMPLE + 4096;
    char *t = malloc(n);
    if (!t) return;
    memset(t, 'a', BINARY_SAMPLE);
    memset(t + BINARY_SAMPLE, 0, n - BINARY_SAMPLE);
    CHECK_INT(binary_detect(t, n), 0);
    free(t);
}

static void test_clean_reports_binary_and_reads_utf16_with_bom(void)
{
    winnow *w = NULL;
    CHECK_INT(winnow_new(&w, NULL), WINNOW_OK);
    if (!w) return;
    char elf[512];
    memset(elf, 0, sizeof elf);
    memcpy(elf, "\x7f" "ELF", 4);
    winnow_result r;
    r.len = 12345;
    CHECK_INT(winnow_clean(w, elf, sizeof elf, &r), WINNOW_ERR_BINARY);
    CHECK_INT(r.len, 12345);              /* untouched on failure */
    /* UTF-16LE has NULs in its bytes but not in its characters. */
    const char u16[] = "\xff\xfeH\0e\0l\0l\0o\0,\0 \0w\0o\0r\0l\0d\0\n\0";
    CHECK_INT(winnow_clean(w, u16, sizeof u16 - 1, &r), WINNOW_OK);
    winnow_free(w);
}

int main(void)
{
    RUN_TEST(test_empty_and_plain_text_are_not_binary);
    RUN_TEST(test_executable_header_is_binary);
    RUN_TEST(test_a_few_stray_nuls_in_text_are_not_binary);
    RUN_TEST(test_controls_without_nul_are_not_binary);
    RUN_TEST(test_random_bytes_are_binary_after_repair);
    RUN_TEST(test_legacy_text_read_as_utf8_is_not_binary);
    RUN_TEST(test_only_the_sample_is_examined);
    RUN_TEST(test_clean_reports_binary_and_reads_utf16_with_bom);
    return check_summary();
}
