/* classify.h -- a verdict for every line: keep or drop, with a reason.
 *
 * A first pass by rules puts each line in one of four classes -- good
 * (prose), near-good (sentence-like), short, bad (a boilerplate cue, a
 * link list, symbols) -- marks runs of appeal lines as banners and lets
 * short lines take the class of their surroundings.  The learned model
 * (model.h) then scores every line from its features, those classes and
 * its neighbourhood, its second stage revises every score from the
 * scores around it, and the verdicts of the whole document are chosen
 * together (Viterbi, with a cost for every switch between keep and
 * drop).  Strong cues and banners always go; the document's title, just
 * above the first content, stays, and what stands above it goes.
 */
#ifndef WINNOW_CLASSIFY_H
#define WINNOW_CLASSIFY_H

#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "line_features.h"
#include "model.h"

typedef struct classifier {
    feature_tables tables;
    model model;
    wbuf facts;            /* line_facts per line */
    wbuf classes;          /* per-line scratch bytes */
    wbuf scratch;          /* folded line */
    wbuf context;          /* first-stage scores (double), then the
                              context_line of every line (model.h) */
    size_t context_positive;  /* lines of the window with a first-stage
                                 score above 0 */
    doc_facts doc;         /* of the last document (or window, below) */
    size_t window_first;   /* the index of the first line of facts */
    int keep_comments;     /* 0 (classifier_init): a comment thread below
                              the content is dropped whole; 1: not */
} classifier;

/* A document of more lines than this is classified in consecutive
 * windows of this many lines, each as if it were a document of its own,
 * so that the per-line facts never take more than about 32 MB however
 * many lines a document has (a 10 MB file of one-letter lines has five
 * million). */
#define CLASSIFY_WINDOW_LINES ((size_t)1 << 18)

/* Prepares `c` with the model in model_text[0..model_len) (NULL: the
 * shipped model).  Fails with WINNOW_ERR_INVALID_ARG on a malformed
 * model or WINNOW_ERR_NOMEM. */
winnow_error classifier_init(classifier *c, size_t max, const char *model_text,
                             size_t model_len);
void classifier_release(classifier *c);

/* How often each line recurs across the documents of a corpus (optional
 * evidence: the same menu or banner line stands on every page of a site).
 * counts[i] is the number of documents that contain line i (normalized
 * and fingerprinted by the caller; 0 when unknown), out of `documents`. */
typedef struct line_recurrence {
    const uint32_t *counts;
    uint64_t documents;
} line_recurrence;

/* Sets verdict, reason and score of lines[0..n).  `recurrence` may be
 * NULL. */
winnow_error classifier_run(classifier *c, winnow_line *lines, size_t n,
                            const line_recurrence *recurrence);

/* After classifier_run: the model's feature vector of line i
 * (model_feature_count values), for training and explaining.  Only the
 * lines of the last window have one (all lines, for a document of at
 * most CLASSIFY_WINDOW_LINES lines): see classifier_has_vector. */
int classifier_has_vector(const classifier *c, size_t i);
void classifier_vector(const classifier *c, size_t i, double *x);

/* After classifier_run: appends to `out` why line i's score leans the
 * way `sign` says (+1 keep, -1 drop): the two features of the linear
 * part that weighed most that way, what the boosted trees added and,
 * with a second stage, what the scores around the line changed, as
 * "name+1.2 name+0.4 trees-0.3 context+0.8". */
winnow_error classifier_explain_line(const classifier *c, size_t i, int sign, wbuf *out);

/* Sets every line to keep (reason keep-all). */
void classifier_keep_all(winnow_line *lines, size_t n);

#endif /* WINNOW_CLASSIFY_H */
