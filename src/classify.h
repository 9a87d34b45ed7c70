/* classify.h -- a verdict for every line: keep or drop, with a reason.
 *
 * Three steps.  (1) Each line alone: its features (line_features.h) put it in
 * one of four classes -- good (prose), near-good (sentence-like), short,
 * bad (a boilerplate cue, a link list, symbols) -- with a score.
 * (2) Runs: a run of appeal lines (donation, subscription, share cues)
 * is a banner and goes as a whole, even where one of its lines reads
 * like prose.  (3) Context: short and near-good lines take the class of
 * their surroundings (a short line between two content paragraphs is a
 * heading and stays), the document's title is found just above the first
 * content and kept, and what stands above the title goes.
 */
#ifndef WINNOW_CLASSIFY_H
#define WINNOW_CLASSIFY_H

#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "line_features.h"

typedef struct classifier {
    feature_tables tables;
    wbuf features;         /* line_features per line */
    wbuf classes;          /* one class byte per line */
    wbuf scratch;          /* folded line */
} classifier;

winnow_error classifier_init(classifier *c, size_t max);
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

/* Sets every line to keep (reason keep-all). */
void classifier_keep_all(winnow_line *lines, size_t n);

#endif /* WINNOW_CLASSIFY_H */
