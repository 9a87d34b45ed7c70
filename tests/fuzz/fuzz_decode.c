/* fuzz_decode.c -- libFuzzer harness: bytes to UTF-8, every road.
 *
 * The first input byte picks the decoder: detection (half of the time,
 * so that the BOM branches -- UTF-8, UTF-16LE/BE, UTF-32LE/BE -- and the
 * plain UTF-8 road are all reached from the data), forced UTF-8 (our
 * validator), or a forced encoding through iconv (single-byte, UTF-16/32,
 * stateful and multibyte ones).  Invariants: the output is valid UTF-8;
 * valid UTF-8 read as UTF-8 comes back unchanged (minus a UTF-8 BOM)
 * with no replacement; invalid UTF-8 gets at least one; replacements
 * never outnumber input bytes; the binary test and detect_encoding() give
 * an answer for anything.
 */
#include "fuzz_util.h"
#include "binary.h"
#include "decode.h"
#include "detect.h"
#include "utf8.h"

static const char *const encodings[] = {
    "UTF-8", "UTF-16", "UTF-16LE", "UTF-16BE", "UTF-32", "UTF-32LE",
    "UTF-32BE", "latin1", "cp1252", "KOI8-R", "SHIFT_JIS", "EUC-JP",
    "ISO-2022-JP", "GB18030", "BIG5", "UTF-7",
};
#define N_ENC (sizeof encodings / sizeof encodings[0])

static decoder detecting, forced[N_ENC];
static int ready;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ready) {
        FUZZ_CHECK(decoder_init(&detecting, NULL) == WINNOW_OK);
        for (size_t k = 0; k < N_ENC; k++)
            FUZZ_CHECK(decoder_init(&forced[k], encodings[k]) == WINNOW_OK);
        ready = 1;
    }
    const unsigned pick = fuzz_take(&data, &size);
    decoder *d = pick < 128 ? &detecting : &forced[pick % N_ENC];
    const char *in = (const char *)data;

    const detect_result det = detect_encoding(data, size);
    FUZZ_CHECK(det.encoding != NULL && det.bom_len <= size);

    wbuf scratch;
    wbuf_init(&scratch, 0);
    decoded out;
    const winnow_error e = decoder_run(d, in, size, &scratch, &out);
    FUZZ_CHECK(e == WINNOW_OK);
    FUZZ_CHECK(out.encoding != NULL);
    FUZZ_CHECK(fuzz_valid_utf8(out.text, out.len));
    FUZZ_CHECK(out.replacements <= size + 1);
    (void)binary_detect(out.text, out.len);

    const int as_utf8 = d == &forced[0] ||
                        (d == &detecting && strcmp(det.encoding, "UTF-8") == 0);
    if (as_utf8) {
        const size_t skip = strcmp(det.encoding, "UTF-8") == 0 ? det.bom_len : 0;
        if (fuzz_valid_utf8(in + skip, size - skip)) {
            FUZZ_CHECK(out.replacements == 0);
            FUZZ_CHECK(out.len == size - skip &&
                       memcmp(out.text, in + skip, out.len) == 0);
        } else {
            FUZZ_CHECK(out.replacements > 0);
        }
        FUZZ_CHECK((utf8_valid_prefix(data + skip, size - skip) == size - skip) ==
                   fuzz_valid_utf8(in + skip, size - skip));
    }
    wbuf_release(&scratch);
    return 0;
}
