/* detect.h -- which encoding are these bytes in?
 *
 * Today: a byte-order mark decides (UTF-8, UTF-16LE/BE, UTF-32LE/BE),
 * otherwise the text is read as UTF-8 (invalid sequences are repaired by
 * decode).  This is the seam where detection of legacy encodings
 * (UTF-16 without BOM, libuchardet) plugs in: decode asks detect_encoding()
 * and converts from whatever it answers.
 */
#ifndef WINNOW_DETECT_H
#define WINNOW_DETECT_H

#include <stddef.h>

typedef struct detect_result {
    const char *encoding;  /* iconv name, static string: "UTF-8", "UTF-16LE" */
    size_t bom_len;        /* bytes of byte-order mark to skip (0 if none) */
} detect_result;

/* The encoding of in[0..len), by BOM, defaulting to UTF-8. */
detect_result detect_encoding(const unsigned char *in, size_t len);

#endif /* WINNOW_DETECT_H */
