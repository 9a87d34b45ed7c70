/* cues.h -- find the cue phrases of tables.c in a folded line.
 *
 * All phrases are compiled once, per context, into one Aho-Corasick
 * automaton over words: every word that occurs in some phrase gets a
 * number (its cue word id), every other word is 0 and sends the automaton
 * back to its start.  A line is scanned once, word by word, whatever the
 * number of phrases, and most lines hold no cue word at all.  The
 * automaton reads the words of the folded form of a line (fold.h), by
 * their hashes (word_hash.h), and reports the phrases found, honouring
 * each phrase's anchor (anywhere, start of line, end, whole line).
 */
#ifndef WINNOW_CUES_H
#define WINNOW_CUES_H

#include <stddef.h>
#include <stdint.h>
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

/* Compiles tables_cues into a new matcher.  Fails with WINNOW_ERR_NOMEM,
 * or WINNOW_ERR_INVALID_ARG when the phrases have more distinct words or
 * states than the matcher numbers (CUE_WORDS_MAX). */
winnow_error cue_matcher_new(cue_matcher **out);

void cue_matcher_free(cue_matcher *m);

/* Cue word ids are 1..cue_matcher_words(m), below this bound. */
#define CUE_WORDS_MAX 0x2000u

/* The number of distinct words in the phrases; the hash of word id k is
 * hashes[k - 1]. */
size_t cue_matcher_words(const cue_matcher *m, const uint64_t **hashes);

/* The cue word id of the word with hash h (word_hash.h), 0 if no phrase
 * has that word. */
unsigned cue_matcher_word_id(const cue_matcher *m, uint64_t h);

/* A folded line longer than CUE_SCAN_HEAD + CUE_SCAN_TAIL bytes is
 * searched at its head and its tail only: a match counts when it ends
 * within the first CUE_SCAN_HEAD bytes, or when it starts at or after the
 * word boundary found by moving back from CUE_SCAN_TAIL bytes before the
 * end (boilerplate announces itself at the start of a line; phrases
 * anchored at the end are found at the end). */
#define CUE_SCAN_HEAD 200
#define CUE_SCAN_TAIL 48

/* Sets *out to "no cue found". */
void cue_match_none(cue_match *out);

/* A scan in progress over one folded line: begin it, then give it every
 * word of the line in order (cue_scan_word), each by its cue word id and
 * the offset of the space that ends it. */
typedef struct cue_scan {
    const cue_matcher *m;
    const uint16_t *root_next;   /* the start state's transitions by word id
                                    (0: none), for the common step below */
    uint32_t state;
    size_t len;              /* of the folded line */
    size_t head, tail;       /* a match counts when it ends by `head` or
                                starts at `tail` or later (a long line is
                                searched at its head and its tail only) */
    cue_match *out;
} cue_scan;

/* Starts a scan of folded[0..len) that fills *out. */
void cue_scan_begin(cue_scan *s, const cue_matcher *m, const char *folded,
                    size_t len, cue_match *out);

void cue_scan_step(cue_scan *s, unsigned id, size_t end);

/* The next word of the line: its cue word id and the offset of the space
 * after it.  A word in no phrase costs one test; a word that starts no
 * phrase, met at the start state, two. */
static inline void cue_scan_word(cue_scan *s, unsigned id, size_t end)
{
    if (!id) s->state = 0;
    else if (s->state || s->root_next[id]) cue_scan_step(s, id, end);
}

/* Scans `folded` (the output of fold_line, with its padding) and fills
 * *out: the words hashed and looked up, then cue_scan_word for each. */
void cue_matcher_scan(const cue_matcher *m, const char *folded, size_t len,
                      cue_match *out);

#endif /* WINNOW_CUES_H */
