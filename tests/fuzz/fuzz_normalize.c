/* fuzz_normalize.c -- libFuzzer harness: NFC and NFKC.
 *
 * The first byte picks the form; the rest, repaired to valid UTF-8 the
 * way decode repairs it, is normalized.  Invariants: the output is valid
 * UTF-8; normalizing it again changes nothing (idempotence, which also
 * covers the Stream-Safe U+034F insertions); text that came back
 * uncopied is the input itself; and, for NFC of text without long runs
 * of combining marks, the result equals utf8proc's own NFC of the whole
 * text (our chunking must not change the answer).
 */
#include <utf8proc.h>

#include "fuzz_util.h"
#include "normalize.h"
#include "utf8.h"

static normalizer forms[2], again[2];
static int ready;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 1 when s[0..len) holds U+11A7, the jamo just below the trailing
 * consonants: Unicode does not compose it with a preceding LV syllable,
 * and neither do we, but utf8proc_map 2.8 absorbs (drops) it, so the
 * reference is wrong there. */
static int has_tbase(const char *s, size_t len)
{
    for (size_t i = 0; i + 2 < len; i++)
        if (s[i] == '\xE1' && s[i + 1] == '\x86' && s[i + 2] == '\xA7') return 1;
    return 0;
}

/* 1 when no character of valid UTF-8 s[0..len) is preceded by 30 or more
 * non-starters in a row (so Stream-Safe insertion cannot apply). */
static int short_runs(const char *s, size_t len)
{
    size_t i = 0, run = 0;
    while (i < len) {
        const int32_t c = utf8_next((const unsigned char *)s, len, &i);
        run = utf8proc_get_property(c)->combining_class ? run + 1 : 0;
        if (run >= 30) return 0;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ready) {
        normalizer_init(&forms[0], WINNOW_NFC, 0);
        normalizer_init(&forms[1], WINNOW_NFKC, 0);
        normalizer_init(&again[0], WINNOW_NFC, 0);
        normalizer_init(&again[1], WINNOW_NFKC, 0);
        ready = 1;
    }
    const unsigned k = fuzz_take(&data, &size) & 1;
    wbuf text;
    wbuf_init(&text, 0);
    size_t repl = 0;
    FUZZ_CHECK(utf8_repair(data, size, &text, &repl) == WINNOW_OK);
    const char *in = text.data ? text.data : "";

    const char *res, *res2;
    size_t res_len, res2_len;
    FUZZ_CHECK(normalizer_run(&forms[k], in, text.len, &res, &res_len) == WINNOW_OK);
    FUZZ_CHECK(fuzz_valid_utf8(res, res_len));
    if (res == in) FUZZ_CHECK(res_len == text.len);
    FUZZ_CHECK(normalizer_run(&again[k], res, res_len, &res2, &res2_len) == WINNOW_OK);
    FUZZ_CHECK(res2_len == res_len && memcmp(res2, res, res_len) == 0);

    if (k == 0 && short_runs(in, text.len) && !has_tbase(in, text.len)) {
        utf8proc_uint8_t *ref = NULL;
        const utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)in,
                                                (utf8proc_ssize_t)text.len, &ref,
                                                UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (n >= 0) {
            FUZZ_CHECK((size_t)n == res_len && memcmp(ref, res, res_len) == 0);
        }
        free(ref);
    }
    wbuf_release(&text);
    return 0;
}
