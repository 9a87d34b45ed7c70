/* cues.h -- find the cue phrases of tables.c in a folded line.
 *
 * All phrases are compiled once, per context, into one Aho-Corasick
 * automaton over bytes, so a line is scanned once whatever the number of
 * phrases.  The automaton reads the folded form of a line (fold.h) and
 * reports the phrases found, honouring each phrase's anchor (anywhere,
 * start of line, whole line).
 */
#ifndef WINNOW_CUES_H
#define WINNOW_CUES_H

#include <stddef.h>
#include "tables.h"

typedef struct cue_matcher cue_matcher;

/* What a line's cues say: the first strong cue found (else the first
 * weak one), and how many of each kind were found. */
typedef struct cue_match {
    winnow_reason kind;      /* meaningful when strong + weak > 0 */
    cue_strength strength;
    unsigned strong;         /* number of strong cue matches */
    unsigned weak;           /* number of weak cue matches */
    int whole;               /* the best cue covers the whole line */
} cue_match;

/* Compiles tables_cues into a new matcher.  Fails with WINNOW_ERR_NOMEM. */
winnow_error cue_matcher_new(cue_matcher **out);

void cue_matcher_free(cue_matcher *m);

/* Sets *out to "no cue found". */
void cue_match_none(cue_match *out);

/* Scans `folded` (the output of fold_line) and fills *out. */
void cue_matcher_scan(const cue_matcher *m, const char *folded, size_t len,
                      cue_match *out);

#endif /* WINNOW_CUES_H */
