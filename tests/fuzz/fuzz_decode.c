/* fuzz_decode.c -- libFuzzer harness: bytes to UTF-8, every road.
 *
 * The first input byte picks the decoder: detection (half of the time,
 * so that every branch of detect.c -- BOMs, NUL-byte UTF-16/32 without a
 * BOM, UTF-8 validity, uchardet and our single-byte scoring -- is reached
 * from the data), forced UTF-8 (our validator, lenient or strict), or a
 * forced encoding through iconv (single-byte, UTF-16/32, stateful and
 * multibyte ones).  Invariants: the output is valid UTF-8; valid UTF-8
 * without NUL or ESC bytes comes back unchanged (minus a UTF-8 BOM) with no
 * replacement whether detected or forced; forced UTF-8 that is invalid
 * gets at least one replacement, or fails in strict mode; replacements
 * never outnumber input bytes; the binary test answers for anything.
 */
#include "fuzz_util.h"
#include "binary.h"
#include "decode.h"
#include "utf8.h"

static const char *const encodings[] = {
    "UTF-8", "UTF-16", "UTF-16LE", "UTF-16BE", "UTF-32", "UTF-32LE",
    "UTF-32BE", "latin1", "cp1252", "KOI8-R", "SHIFT_JIS", "EUC-JP",
    "ISO-2022-JP", "GB18030", "BIG5", "UTF-7",
};
#define N_ENC (sizeof encodings / sizeof encodings[0])

static decoder detecting, forced[N_ENC], strict_utf8;
static int ready;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ready) {
        FUZZ_CHECK(decoder_init(&detecting, NULL, 0) == WINNOW_OK);
        FUZZ_CHECK(decoder_init(&strict_utf8, "UTF-8", 1) == WINNOW_OK);
        for (size_t k = 0; k < N_ENC; k++)
            FUZZ_CHECK(decoder_init(&forced[k], encodings[k], 0) == WINNOW_OK);
        ready = 1;
    }
    const unsigned pick = fuzz_take(&data, &size);
    decoder *d = pick < 120 ? &detecting : pick < 128 ? &strict_utf8
                                                      : &forced[pick % N_ENC];
    const char *in = (const char *)data;
    const size_t bom = size >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    const int valid = fuzz_valid_utf8(in + bom, size - bom);
    FUZZ_CHECK((utf8_valid_prefix(data + bom, size - bom) == size - bom) == valid);

    wbuf scratch;
    wbuf_init(&scratch, 0);
    decoded out;
    const winnow_error e = decoder_run(d, in, size, &scratch, &out);
    if (d == &strict_utf8 && !valid) {
        FUZZ_CHECK(e == WINNOW_ERR_INVALID_INPUT);
        wbuf_release(&scratch);
        return 0;
    }
    FUZZ_CHECK(e == WINNOW_OK);
    FUZZ_CHECK(out.encoding != NULL);
    FUZZ_CHECK(fuzz_valid_utf8(out.text, out.len));
    FUZZ_CHECK(out.replacements <= size + 1);
    (void)binary_detect(out.text, out.len);

    const int as_utf8 = d == &forced[0] || d == &strict_utf8;
    /* (Detection may read valid UTF-8 as something else only when it has
     * NULs, UTF-16/32 without a BOM, or ESC, 7-bit ISO-2022.) */
    if (valid && (as_utf8 || (d == &detecting && !memchr(in, 0, size) &&
                              !memchr(in, 0x1B, size)))) {
        FUZZ_CHECK(out.replacements == 0);
        FUZZ_CHECK(out.len == size - bom && memcmp(out.text, in + bom, out.len) == 0);
    }
    if (as_utf8 && !valid) FUZZ_CHECK(out.replacements > 0);
    wbuf_release(&scratch);
    return 0;
}
