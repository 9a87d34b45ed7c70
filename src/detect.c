/* detect.c -- which encoding are these bytes in?
 *
 * Today only a byte-order mark decides: EF BB BF is UTF-8, FF FE 00 00
 * UTF-32LE, 00 00 FE FF UTF-32BE, FF FE UTF-16LE, FE FF UTF-16BE, and
 * without one the text is read as UTF-8 (decode repairs what is not).
 * FF FE 00 00 must be tested before FF FE, which is its prefix.
 *
 * This is the seam where legacy-encoding detection plugs in (libuchardet
 * for Latin-1, CP1251, Shift_JIS...; UTF-16 without a BOM, recognised by
 * its NUL bytes): decode asks detect_encoding() and converts from whatever
 * iconv name it answers, so a better guess here needs no change there.
 * Answers are static strings; nothing is allocated.
 */
#include "detect.h"

#include <string.h>

static int starts_with(const unsigned char *in, size_t len,
                       const char *bom, size_t bom_len)
{
    return len >= bom_len && memcmp(in, bom, bom_len) == 0;
}

detect_result detect_encoding(const unsigned char *in, size_t len)
{
    static const struct {
        const char *bytes;
        size_t len;
        const char *encoding;
    } boms[] = {                        /* longest first where one is a
                                           prefix of another */
        { "\xEF\xBB\xBF", 3, "UTF-8" },
        { "\xFF\xFE\x00\x00", 4, "UTF-32LE" },
        { "\x00\x00\xFE\xFF", 4, "UTF-32BE" },
        { "\xFF\xFE", 2, "UTF-16LE" },
        { "\xFE\xFF", 2, "UTF-16BE" },
    };
    detect_result r = { "UTF-8", 0 };
    if (!in) return r;
    for (size_t k = 0; k < sizeof boms / sizeof boms[0]; k++) {
        if (starts_with(in, len, boms[k].bytes, boms[k].len)) {
            r.encoding = boms[k].encoding;
            r.bom_len = boms[k].len;
            break;
        }
    }
    return r;
}
