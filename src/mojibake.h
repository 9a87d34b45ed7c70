/* mojibake.h -- undo UTF-8 that was decoded with the wrong encoding.
 *
 * "cafÃ©" is "café" whose UTF-8 bytes (C3 A9) were read as windows-1252;
 * encoding the text back to those bytes and reading them as UTF-8 gives
 * the text back.  A repairer holds the byte tables of the wrong decoders
 * it knows (windows-1252 and Latin-1, windows-1250, -1251, -1253, -1254,
 * -1257, MacRoman, CP437) and works line by line, only where the
 * evidence is strong; text that is correct is never changed.
 */
#ifndef WINNOW_MOJIBAKE_H
#define WINNOW_MOJIBAKE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define MOJIBAKE_NENC 8

typedef struct mojibake {
    uint8_t *rev;          /* [MOJIBAKE_NENC][MOJIBAKE_DIRECT]: byte of a
                              code point in each encoding, 0 if none */
    uint16_t *mask;        /* per code point: bit e = a UTF-8 lead byte in
                              encoding e; bit 8+e = a continuation byte */
    uint32_t *role;        /* per code point, for the pre-check: bit e,
                              8+e, 16+e = the lead byte of a sequence of
                              2, 3, 4 bytes in encoding e; bit 24+e = a
                              continuation byte (the same for the far
                              code points: far_role below) */
    int32_t fwd[MOJIBAKE_NENC][128];   /* byte 0x80+i -> code point */
    struct mojibake_far {               /* code points past the direct */
        int32_t cp;                     /* table (CP437's integral    */
        uint8_t enc, byte;              /* halves, MacRoman's ligatures) */
    } far[32];
    size_t n_far;
    wbuf out;              /* the repaired text, when a copy was needed */
    wbuf cps;              /* one line's code points (int32) */
    wbuf fix;              /* the line repaired with one encoding */
    wbuf best;             /* the best repair so far */
    wbuf seqs;             /* sequences found in the line */
} mojibake;

/* Prepares `m` (tables built through iconv once).  Fails with
 * WINNOW_ERR_NOMEM.  `max` caps the output buffer (0: none). */
winnow_error mojibake_init(mojibake *m, size_t max);

/* Frees what `m` holds.  NULL is fine. */
void mojibake_release(mojibake *m);

/* Repairs valid UTF-8 in[0..len).  *res points to `in` when nothing
 * changed, else into m->out (valid until the next run); *fixed counts
 * the sequences repaired. */
winnow_error mojibake_run(mojibake *m, const char *in, size_t len,
                          const char **res, size_t *res_len, size_t *fixed);

#endif /* WINNOW_MOJIBAKE_H */
