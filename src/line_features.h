/* line_features.h -- per-line measurements the classifier decides on.
 *
 * Shape (characters, words, capitals, digits, punctuation, how the line
 * starts and ends, URLs, e-mail addresses), language (the share of
 * function words, from the multilingual list of tables.c; CJK characters
 * counted apart since those scripts do not separate words) and cues (the
 * boilerplate phrases of tables.c found in the line).
 */
#ifndef WINNOW_LINE_FEATURES_H
#define WINNOW_LINE_FEATURES_H

#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "cues.h"

typedef struct line_features {
    unsigned chars;           /* code points */
    unsigned words;           /* words of the folded line */
    unsigned function_words;  /* of which in the function-word list */
    unsigned letters;
    unsigned upper;           /* upper-case letters */
    unsigned digits;
    unsigned punct;           /* punctuation and symbols */
    unsigned cjk;             /* Han, kana and Hangul characters */
    unsigned sentence_marks;  /* . ! ? inside the line, followed by space */
    unsigned capitalized;     /* words starting with an upper-case letter */
    unsigned char ends_sentence;  /* last mark is . ! ? … (maybe quoted) */
    unsigned char ends_colon;
    unsigned char ends_comma;
    unsigned char starts_upper;
    unsigned char starts_lower;
    unsigned char starts_bullet;  /* • · - * > | and the like */
    unsigned char starts_number;  /* a digit or a fraction: a quantity, a
                                     step, an item of a numbered list */
    unsigned char has_url;
    unsigned char has_email;
    unsigned char in_quotes;      /* starts with an opening quote */
    unsigned char has_date;       /* 2012-10-05, 5/10/12, "October 5, 2012" */
    unsigned char has_time;       /* 12:30 */
    unsigned short title_hits;    /* words also in the title (see below) */
    cue_match cue;
} line_features;

/* The words and phrases features look up, built once per context: one
 * open-addressing table (the lexicon) from a word's hash (word_hash.h)
 * to what the word is -- a function word, a month or weekday name, a URL
 * word ("http", "https", "www"), and its cue word id when some cue phrase
 * has it -- so each word of a line costs one lookup. */
#define WORD_FUNCTION 0x8000u
#define WORD_DATE 0x4000u
#define WORD_URL 0x2000u
#define WORD_CUE_ID 0x1FFFu     /* the cue word id (cues.h), 0 if none */

typedef struct feature_tables {
    uint64_t *word_hash;          /* lexicon slots: a word's hash, 0 if empty */
    uint16_t *word_info;          /* the WORD_ bits of the word in the slot */
    size_t word_mask;             /* slots - 1 (a power of two) */
    cue_matcher *cues;
} feature_tables;

winnow_error feature_tables_init(feature_tables *t);
void feature_tables_release(feature_tables *t);

/* The word hashes of a document's first line (where a page rendered to
 * text starts with its <title>), to find the title again below. */
#define TITLE_WORDS_MAX 32
#define TITLE_SLOTS 64       /* a power of two, at least 2 * TITLE_WORDS_MAX */
typedef struct title_words {
    uint64_t slot[TITLE_SLOTS];  /* the set of their hashes, open addressing
                                    (word hashes are never 0: 0 is empty) */
    size_t n;                    /* words recorded, TITLE_WORDS_MAX at most */
} title_words;

/* Empties *t. */
void title_words_clear(title_words *t);

/* Measures valid UTF-8 line[0..len) into *f, using `scratch` for the
 * folded form.  With `collect`, the line's words are recorded in *title;
 * otherwise, when title is not NULL, f->title_hits counts the line's
 * words found there (short lines only). */
winnow_error features_measure(const feature_tables *t, const char *line,
                              size_t len, wbuf *scratch, line_features *f,
                              title_words *title, int collect);

#endif /* WINNOW_LINE_FEATURES_H */
