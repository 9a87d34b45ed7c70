/* detect.h -- which encoding are these bytes in?
 *
 * In order: a byte-order mark; UTF-16/32 without a BOM, from where the
 * zero bytes fall and how plausible the code units are; strict UTF-8
 * validity (valid UTF-8 is UTF-8, and so is UTF-8 with a few invalid
 * bytes among many valid multibyte characters); then libuchardet for
 * legacy encodings, refined by our own scoring of single-byte candidates
 * where uchardet is weak (short texts, KOI8-U, ISO-8859-x where the
 * windows-125x superset reads the same).  decode asks and converts from
 * whatever iconv name the answer gives.
 */
#ifndef WINNOW_DETECT_H
#define WINNOW_DETECT_H

#include <stddef.h>
#include <stdint.h>

#include "winnow.h"

typedef struct detect_result {
    const char *encoding;  /* iconv name, static string: "UTF-8", "UTF-16LE" */
    size_t bom_len;        /* bytes of byte-order mark to skip (0 if none) */
    float confidence;      /* 0..1, how sure the answer is (1: BOM, valid
                              UTF-8; a heuristic for the rest) */
    int utf8_valid;        /* encoding is UTF-8 and in[bom_len..len) was
                              checked to be valid */
} detect_result;

#define DETECT_N_SINGLE 18 /* single-byte candidates we score ourselves */

/* A detector holds the uchardet handle and the byte-to-code-point tables
 * of the single-byte candidates (built once, through iconv). */
typedef struct detector {
    void *ud;                                  /* uchardet_t */
    uint16_t table[DETECT_N_SINGLE][128];      /* bytes 0x80..0xFF */
    unsigned char have[DETECT_N_SINGLE];       /* iconv knows candidate k */
} detector;

/* The encoding of in[0..len) by its BOM alone, defaulting to UTF-8. */
detect_result detect_bom(const unsigned char *in, size_t len);

/* Prepares `d`.  Fails with WINNOW_ERR_NOMEM. */
winnow_error detector_init(detector *d);

/* Frees what `d` holds.  NULL is fine. */
void detector_release(detector *d);

/* The encoding of in[0..len), by every means above.  Never fails; input
 * nothing fits is read as UTF-8 (and repaired). */
detect_result detector_run(detector *d, const unsigned char *in, size_t len);

#endif /* WINNOW_DETECT_H */
