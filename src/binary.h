/* binary.h -- is this document binary data rather than text?
 *
 * Asked after decode, on the decoded UTF-8, so that UTF-16 and UTF-32
 * (whose bytes legitimately hold NULs) are judged by their characters,
 * whatever detect.c recognised them by.  Only the first BINARY_SAMPLE
 * bytes are looked at, so the answer costs the same for any size.
 */
#ifndef WINNOW_BINARY_H
#define WINNOW_BINARY_H

#include <stddef.h>

#define BINARY_SAMPLE 8192     /* bytes of decoded text that are examined */

/* 1 when the start of the valid UTF-8 text[0..len) looks like binary
 * data (see binary.c for the rule), else 0.  Empty text is not binary. */
int binary_detect(const char *text, size_t len);

#endif /* WINNOW_BINARY_H */
