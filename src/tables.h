/* tables.h -- the data winnow's classifier reads: function words and cue
 * phrases.  The data itself is in tables.c; this header only says its
 * shape.  Nothing here names a site or a publication: cue phrases describe
 * kinds of boilerplate that many sites share.
 */
#ifndef WINNOW_TABLES_H
#define WINNOW_TABLES_H

#include <stddef.h>
#include "winnow.h"

/* Where in a line a cue phrase must stand to count. */
typedef enum cue_anchor {
    CUE_ANYWHERE = 0,   /* anywhere, on word boundaries */
    CUE_START,          /* at the start of the line */
    CUE_WHOLE,          /* the line is exactly the phrase */
    CUE_END             /* at the end of the line */
} cue_anchor;

/* How much a cue says on its own. */
typedef enum cue_strength {
    CUE_STRONG = 0,     /* drops the line unless it is long prose */
    CUE_WEAK            /* evidence: drops short lines, marks banners */
} cue_strength;

typedef struct cue_phrase {
    const char *text;         /* written naturally; matched case-folded,
                                 punctuation as spaces, on word boundaries */
    winnow_reason kind;       /* the reason a match gives */
    cue_anchor anchor;
    cue_strength strength;
} cue_phrase;

extern const cue_phrase tables_cues[];
extern const size_t tables_cues_count;

/* Function words (articles, pronouns, prepositions, conjunctions,
 * auxiliaries) of many languages, lower case, one table for all. */
extern const char *const tables_function_words[];
extern const size_t tables_function_words_count;

/* Month and weekday names (full and abbreviated) of the same languages:
 * next to a number they make a date. */
extern const char *const tables_date_words[];
extern const size_t tables_date_words_count;

#endif /* WINNOW_TABLES_H */
