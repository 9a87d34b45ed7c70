/* indexfold.h -- optional, lossy foldings for indexers.
 *
 * Off by default; each is an option: full Unicode case folding
 * (--casefold), removal of combining marks after canonical decomposition
 * (--strip-marks), and curly quotes, dashes and the ellipsis folded to
 * ASCII (--ascii-punct).  Case folding and mark stripping go through
 * utf8proc; the result is recomposed to the context's normal form.
 */
#ifndef WINNOW_INDEXFOLD_H
#define WINNOW_INDEXFOLD_H

#include <stddef.h>

#include "buf.h"

typedef struct indexfold {
    int casefold, strip_marks, ascii_punct;
    int compat;            /* recompose as NFKC (else NFC) */
    int compose;           /* recompose at all (0 under --no-normalize) */
    wbuf out;              /* the folded text */
    wbuf cps;              /* scratch: code points (int32) */
} indexfold;

void indexfold_init(indexfold *f, int casefold, int strip_marks,
                    int ascii_punct, winnow_normal_form form, size_t max);
void indexfold_release(indexfold *f);

/* Whether any folding is on. */
static inline int indexfold_active(const indexfold *f)
{
    return f->casefold || f->strip_marks || f->ascii_punct;
}

/* Folds valid UTF-8 in[0..len); *res points to `in` when nothing
 * changed, else into f->out (valid until the next run). */
winnow_error indexfold_run(indexfold *f, const char *in, size_t len,
                           const char **res, size_t *res_len);

#endif /* WINNOW_INDEXFOLD_H */
