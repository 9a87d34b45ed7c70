/* decode.h -- bytes in any encoding to valid UTF-8.
 *
 * A decoder is set up once per context (it holds the iconv descriptor for
 * a forced --from encoding) and then run on each document.  Valid UTF-8
 * input passes through without a copy (the result points into the input,
 * past a leading BOM); anything else is written into a scratch buffer.
 */
#ifndef WINNOW_DECODE_H
#define WINNOW_DECODE_H

#include <stddef.h>
#include "buf.h"
#include "detect.h"

typedef struct decoder {
    const char *from;      /* forced encoding, or NULL to detect */
    void *cd;              /* iconv_t for `from`, or NULL */
    int from_is_utf8;      /* `from` names UTF-8: use our own validator */
    int strict;            /* invalid input is an error, not U+FFFD */
    size_t error_offset;   /* after WINNOW_ERR_INVALID_INPUT: byte offset
                              of the first invalid sequence in the input */
    detector det;          /* used when `from` is NULL */
    const char *auto_name; /* detected encoding `auto_cd` converts from */
    void *auto_cd;         /* iconv_t kept for the next document */
    char as_name[64];      /* the encoding of the last decoder_run_as() */
    void *as_cd;           /* its iconv_t, kept for the next part */
} decoder;

typedef struct decoded {
    const char *text;      /* valid UTF-8, into the input or the scratch */
    size_t len;
    const char *encoding;  /* the encoding the input was read as */
    float confidence;      /* of the detection; 1 when forced */
    size_t replacements;   /* invalid sequences turned into U+FFFD */
} decoded;

/* Prepares `d` for the forced encoding `from` (NULL: detect); with
 * `strict`, decoder_run() fails on the first invalid sequence.  Fails
 * with WINNOW_ERR_ENCODING when iconv does not know `from`, or
 * WINNOW_ERR_NOMEM. */
winnow_error decoder_init(decoder *d, const char *from, int strict);

/* Frees what `d` holds.  NULL is fine. */
void decoder_release(decoder *d);

/* Decodes in[0..len).  `scratch` is reset and used when a copy is
 * needed.  Invalid or truncated input is replaced by U+FFFD (one per
 * maximal invalid subpart) and counted; in strict mode it fails with
 * WINNOW_ERR_INVALID_INPUT instead and d->error_offset says where. */
winnow_error decoder_run(decoder *d, const char *in, size_t len,
                         wbuf *scratch, decoded *out);

/* decoder_run(), but reading in[0..len) as `encoding` (an iconv name;
 * NULL: as decoder_run() would) whatever the decoder was set up for.
 * Fails as decoder_run() does, and with WINNOW_ERR_ENCODING when iconv
 * does not know `encoding`. */
winnow_error decoder_run_as(decoder *d, const char *encoding, const char *in,
                            size_t len, wbuf *scratch, decoded *out);

/* The encoding decoder_run() would read in[0..len) as: the forced one,
 * else the detected one (a static string). */
const char *decoder_encoding(decoder *d, const char *in, size_t len);

/* `encoding`, or for UTF-16 and UTF-32 named without a byte order, the
 * name with the order in[0..len) is read in: its BOM's, else big-endian
 * (as iconv reads such text: the BOM is consumed, a U+FEFF at the start
 * of the same text read in the named order is dropped by the decoder
 * too).  A static string, or `encoding` itself. */
const char *decode_byte_order(const char *encoding, const char *in, size_t len);

/* How text in `encoding` may be cut between lines and the parts decoded
 * apart (a winnow_cut, see winnow_encoding()): WINNOW_CUT_BYTES after
 * any 0x0A byte when ASCII-compatible, without shift state, no multibyte
 * character containing that byte (UTF-8, ISO-8859-x, windows-125x, KOI8,
 * Shift_JIS, EUC-x, GBK, GB18030, Big5, ...); after a wide line feed for
 * UTF-16LE/BE and UTF-32LE/BE; WINNOW_CUT_NONE for UTF-16/32 without a
 * byte order (see decode_byte_order()), UTF-7, ISO-2022-x, HZ, EBCDIC
 * and names iconv does not know. */
int decode_cuts_at_newlines(const char *encoding);

#endif /* WINNOW_DECODE_H */
