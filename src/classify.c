/* classify.c -- keep or drop every line (see classify.h).
 *
 * The per-line classes follow the idea of jusText (Pomikálek, 2011):
 * length and the share of function words tell prose from boilerplate in
 * any language that has function words, and context settles the lines
 * that are too short to judge alone.  On top of it: cue phrases for the
 * kinds of boilerplate that length cannot see, banner runs, and the
 * title.  Thresholds are named constants at the top of this file.
 *
 *   class   meaning                          context rule
 *   GOOD    prose                            kept
 *   NEAR    sentence-like, medium            kept when next to GOOD
 *   SHORT   too short to tell                GOOD on both sides -> kept
 *   BAD     cue, link list, symbols          dropped
 */
#include "classify.h"

#include <math.h>
#include <string.h>

enum line_class { BAD = 0, SHORT, NEAR, GOOD };

/* Per-line thresholds. */
#define LENGTH_LOW 70          /* chars: below is SHORT */
#define LENGTH_HIGH 200        /* chars: at or above may be GOOD */
#define DENSITY_LOW 0.22       /* function-word share for NEAR */
#define DENSITY_HIGH 0.26      /* function-word share for GOOD */
#define MIN_KNOWN_DENSITY_PCT 15 /* below: the language is not in our lists */
#define UNKNOWN_LANGUAGE_DENSITY 0.33  /* stand-in density of all-lowercase prose */
#define STRONG_CUE_MAX_WORDS 40    /* longer lines shrug off a strong cue */
#define WEAK_CUE_MAX_WORDS 8       /* longer lines shrug off a weak cue */
/* Recurrence across documents (when the caller counted it). */
#define RECURRING_MIN_DOCUMENTS 20 /* fewer documents: counts mean little */
#define RECURRING_SHORT_MIN 5      /* a short line in this many documents */
#define RECURRING_PROSE_MIN 20     /* a prose line in this many documents */
/* Context. */
#define HEADING_MAX_WORDS 15
#define HEADING_DISTANCE 200   /* bytes between a heading and its content */
#define BANNER_GAP 2           /* non-appeal lines bridged inside a banner */
#define TITLE_LOOKBACK 8       /* lines searched above the first content */

winnow_error classifier_init(classifier *c, size_t max)
{
    wbuf_init(&c->features, max);
    wbuf_init(&c->classes, max);
    wbuf_init(&c->scratch, 0);
    return feature_tables_init(&c->tables);
}

void classifier_release(classifier *c)
{
    if (!c) return;
    feature_tables_release(&c->tables);
    wbuf_release(&c->features);
    wbuf_release(&c->classes);
    wbuf_release(&c->scratch);
}

void classifier_keep_all(winnow_line *lines, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        lines[i].verdict = WINNOW_KEEP;
        lines[i].reason = WINNOW_REASON_KEEP_ALL;
        lines[i].score = 0;
    }
}

/* The share of function words; for text in a language our lists do not
 * cover (unknown_language), a stand-in that needs no word list: prose has
 * few capitalized words, menus and lists have many. */
static double density(const line_features *f, int unknown_language)
{
    if (f->cjk * 2 > f->letters) return DENSITY_HIGH + 0.05; /* no spaces */
    if (!f->words) return 0.0;
    if (unknown_language)
        return UNKNOWN_LANGUAGE_DENSITY * (1.0 - (double)f->capitalized / f->words);
    return (double)f->function_words / f->words;
}

/* Does the document's prose contain almost no function words of the
 * languages we know? */
static int unknown_language(const line_features *fs, size_t n)
{
    unsigned long words = 0, function_words = 0;
    for (size_t i = 0; i < n; i++) {
        if (fs[i].words < 8) continue;
        words += fs[i].words;
        function_words += fs[i].function_words;
    }
    return words >= 20 && function_words * 100 < words * MIN_KNOWN_DENSITY_PCT;
}

/* Effective length in characters; CJK characters carry more text. */
static double text_length(const line_features *f)
{
    return (double)f->chars + f->cjk * 2.0;
}

/* A line that reads like a heading: short, capitalized, no sentence end. */
static int heading_like(const line_features *f)
{
    return f->words >= 1 && f->words <= HEADING_MAX_WORDS && !f->ends_sentence &&
           !f->ends_comma && !f->starts_lower && !f->starts_bullet &&
           f->letters * 2 > f->chars && !(f->cue.strong + f->cue.weak);
}

/* A complete sentence: starts with a capital or a quote, ends with . ! ? */
static int sentence_like(const line_features *f)
{
    return f->words >= 3 && f->ends_sentence && (f->starts_upper || f->in_quotes);
}

/* Is the line a photo credit by shape: "... Name Surname / AGENCY" or a
 * caption closed by a parenthesized source with a slash? */
static int credit_shape(const winnow_line *l, const line_features *f)
{
    if (f->ends_sentence || f->words > 30) return 0;
    const char *s = l->text, *e = l->text + l->len;
    /* "... / Agency" at the end: a slash followed by 1-3 words. */
    const char *slash = NULL;
    for (const char *p = e; p > s; p--)
        if (p[-1] == '/') { slash = p - 1; break; }
    if (!slash) return 0;
    if (slash > s && slash[-1] == ' ' && slash + 1 < e && slash[1] == ' ') {
        int words = 0, in_word = 0;
        for (const char *p = slash + 1; p < e; p++) {
            int letter = *p != ' ';
            if (letter && !in_word) words++;
            in_word = letter;
        }
        return words >= 1 && words <= 3;
    }
    /* "(Source/Released)" closing the line. */
    if (e[-1] == ')') {
        const char *open = NULL;
        for (const char *p = e - 1; p > s; p--)
            if (p[-1] == '(') { open = p - 1; break; }
        return open && open < slash;
    }
    return 0;
}

static winnow_reason bad_reason(const line_features *f)
{
    if (f->cue.strong + f->cue.weak) return f->cue.kind;
    if (f->letters * 2 < f->chars) return WINNOW_REASON_SYMBOLS;
    if (f->words >= 4 && f->capitalized * 10 >= f->words * 6)
        return WINNOW_REASON_NAVIGATION;
    return WINNOW_REASON_SHORT;
}

/* Step 1: one line alone.  Sets the line's score, and its reason when
 * the class is BAD. */
static enum line_class classify_line(winnow_line *l, const line_features *f,
                                     int unknown)
{
    double len = text_length(f), dens = density(f, unknown);
    double s = log((len + 1.0) / LENGTH_LOW) + (dens - DENSITY_LOW) * 10.0 +
               (f->ends_sentence ? 0.5 : 0.0);
    unsigned cues = f->cue.strong + f->cue.weak;
    enum line_class cls;
    l->reason = WINNOW_REASON_CONTENT;
    if (f->cue.strong && f->words <= STRONG_CUE_MAX_WORDS) {
        s -= 4;
        cls = BAD;
    } else if (cues && f->words <= WEAK_CUE_MAX_WORDS) {
        s -= 2;
        cls = BAD;
    } else if (f->letters == 0 || (f->letters * 2 < f->chars && f->cjk == 0)) {
        s -= 3;
        cls = BAD;
    } else if (credit_shape(l, f)) {
        s -= 2;
        cls = BAD;
        l->reason = WINNOW_REASON_CREDIT;
    } else if (len < LENGTH_LOW) {
        cls = sentence_like(f) ? NEAR : SHORT;
    } else if ((dens >= DENSITY_HIGH && len >= LENGTH_HIGH) ||
               (len >= 2 * LENGTH_HIGH && f->ends_sentence && f->sentence_marks &&
                f->capitalized * 3 < f->words)) {
        cls = GOOD;
    } else if (dens >= DENSITY_LOW || (sentence_like(f) && dens >= DENSITY_LOW / 2)) {
        cls = NEAR;
    } else {
        cls = BAD;
    }
    if (cues && cls != BAD) s -= 1;
    if (cls == BAD && l->reason == WINNOW_REASON_CONTENT) l->reason = bad_reason(f);
    l->score = (float)s;
    return cls;
}

/* Is line i an appeal (a reason banners are made of)? */
static int appeal(const line_features *f)
{
    if (!(f->cue.strong + f->cue.weak)) return 0;
    switch (f->cue.kind) {
    case WINNOW_REASON_DONATION: case WINNOW_REASON_SUBSCRIBE:
    case WINNOW_REASON_SHARE: case WINNOW_REASON_COMMENT_FORM:
        return 1;
    default:
        return 0;
    }
}

/* Step 2: runs of appeal lines, bridging up to BANNER_GAP other lines,
 * with at least two appeals, become BAD as a whole. */
static void mark_banners(winnow_line *lines, const line_features *fs,
                         unsigned char *cls, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (!appeal(&fs[i])) { i++; continue; }
        size_t start = i, last = i, appeals = 1;
        for (size_t j = i + 1; j < n && j - last <= BANNER_GAP + 1; j++) {
            if (appeal(&fs[j])) { last = j; appeals++; }
        }
        if (appeals >= 2) {
            for (size_t k = start; k <= last; k++) {
                if (cls[k] != BAD) {
                    cls[k] = BAD;
                    lines[k].reason = appeal(&fs[k]) ? fs[k].cue.kind
                                                      : WINNOW_REASON_BANNER;
                    if (lines[k].score > -1) lines[k].score = -1;
                }
            }
        }
        i = last + 1;
    }
}

/* For every line, the class of the nearest line before it (prev) and
 * after it (next) that is neither SHORT nor, when skip_near, NEAR; BAD
 * beyond the edges.  Linear time, whatever the document. */
static void neighbours(const unsigned char *cls, size_t n, int skip_near,
                       unsigned char *prev, unsigned char *next)
{
    unsigned char seen = BAD;
    for (size_t i = 0; i < n; i++) {
        prev[i] = seen;
        if (cls[i] != SHORT && !(skip_near && cls[i] == NEAR)) seen = cls[i];
    }
    seen = BAD;
    for (size_t i = n; i-- > 0;) {
        next[i] = seen;
        if (cls[i] != SHORT && !(skip_near && cls[i] == NEAR)) seen = cls[i];
    }
}

/* Step 3: context.  `work` has room for 4 * n bytes. */
static void revise(const winnow_line *lines, const line_features *fs,
                   unsigned char *cls, unsigned char *out, unsigned char *work,
                   size_t n)
{
    /* Headings right above content (within HEADING_DISTANCE bytes of the
     * next GOOD line) become NEAR. */
    const char *next_good = NULL;
    for (size_t i = n; i-- > 0;) {
        if (cls[i] == SHORT && heading_like(&fs[i]) && next_good &&
            next_good - (lines[i].text + lines[i].len) <= HEADING_DISTANCE)
            cls[i] = NEAR;
        if (cls[i] == GOOD) next_good = lines[i].text;
    }
    unsigned char *prev = work, *next = work + n;        /* skipping NEAR */
    unsigned char *prev_n = work + 2 * n, *next_n = work + 3 * n;  /* not */
    neighbours(cls, n, 1, prev, next);
    neighbours(cls, n, 0, prev_n, next_n);
    memcpy(out, cls, n);
    for (size_t i = 0; i < n; i++) {
        if (cls[i] == SHORT) {
            if (prev[i] == GOOD && next[i] == GOOD) out[i] = GOOD;
            else if (prev[i] == BAD && next[i] == BAD) out[i] = BAD;
            else if ((prev[i] == BAD && prev_n[i] == NEAR) ||
                     (next[i] == BAD && next_n[i] == NEAR))
                out[i] = GOOD;
            else out[i] = BAD;
        } else if (cls[i] == NEAR) {
            out[i] = (prev[i] == BAD && next[i] == BAD) ? BAD : GOOD;
        }
    }
}

/* The title: the nearest heading-like line above the first line of
 * prose (skipping credits, bylines and other dropped short lines).
 * Returns n when there is none. */
static size_t find_title(const winnow_line *lines, const line_features *fs,
                         const unsigned char *cls, size_t n)
{
    size_t first = 0;
    while (first < n && cls[first] != GOOD) first++;
    if (first == n) return n;
    size_t lo = first > TITLE_LOOKBACK ? first - TITLE_LOOKBACK : 0;
    for (size_t j = first; j-- > lo;) {
        const line_features *f = &fs[j];
        if (f->cue.strong || (f->cue.weak && f->words <= WEAK_CUE_MAX_WORDS)) continue;
        if (heading_like(f) && f->words >= 2 && !f->ends_colon &&
            lines[j].reason == WINNOW_REASON_CONTENT)
            return j;
    }
    return n;
}

/* Lines that recur in many documents of the corpus are boilerplate of
 * their site, unless they are prose that recurs only a little (a quote
 * in two articles). */
static void mark_recurring(winnow_line *lines, unsigned char *cls, size_t n,
                           const line_recurrence *r)
{
    if (!r || !r->counts || r->documents < RECURRING_MIN_DOCUMENTS) return;
    for (size_t i = 0; i < n; i++) {
        uint32_t count = r->counts[i];
        uint32_t limit = cls[i] == GOOD ? RECURRING_PROSE_MIN : RECURRING_SHORT_MIN;
        if (count >= limit && cls[i] != BAD) {
            cls[i] = BAD;
            lines[i].reason = WINNOW_REASON_REPEATED;
            if (lines[i].score > -1) lines[i].score = -1;
        }
    }
}

winnow_error classifier_run(classifier *c, winnow_line *lines, size_t n,
                            const line_recurrence *recurrence)
{
    winnow_error e;
    wbuf_reset(&c->features);
    wbuf_reset(&c->classes);
    if ((e = wbuf_reserve(&c->features, n * sizeof(line_features)))) return e;
    if ((e = wbuf_reserve(&c->classes, 6 * n + 1))) return e;
    line_features *fs = (line_features *)(void *)c->features.data;
    unsigned char *cls = (unsigned char *)c->classes.data;
    unsigned char *out = cls + n, *work = cls + 2 * n;

    for (size_t i = 0; i < n; i++)
        if ((e = features_measure(&c->tables, lines[i].text, lines[i].len,
                                  &c->scratch, &fs[i])))
            return e;
    int unknown = unknown_language(fs, n);
    for (size_t i = 0; i < n; i++)
        cls[i] = (unsigned char)classify_line(&lines[i], &fs[i], unknown);
    mark_banners(lines, fs, cls, n);
    mark_recurring(lines, cls, n, recurrence);
    revise(lines, fs, cls, out, work, n);
    if (!memchr(out, GOOD, n)) {
        /* No prose at all (a short post, a list page): judge again with
         * sentence-like lines as the content. */
        int any = 0;
        for (size_t i = 0; i < n; i++)
            if (cls[i] == NEAR) { cls[i] = GOOD; any = 1; }
        if (any) revise(lines, fs, cls, out, work, n);
    }

    size_t title = find_title(lines, fs, cls, n);
    for (size_t i = 0; i < n; i++) {
        winnow_line *l = &lines[i];
        if (title < n && i < title) {
            l->verdict = WINNOW_DROP;
            if (out[i] == GOOD || l->reason == WINNOW_REASON_CONTENT)
                l->reason = WINNOW_REASON_OUTSIDE;
            continue;
        }
        if (i == title) {
            l->verdict = WINNOW_KEEP;
            l->reason = WINNOW_REASON_TITLE;
            continue;
        }
        if (out[i] == GOOD) {
            l->verdict = WINNOW_KEEP;
            l->reason = cls[i] == GOOD ? WINNOW_REASON_CONTENT
                        : heading_like(&fs[i]) ? WINNOW_REASON_HEADING
                        : WINNOW_REASON_CONTENT;
        } else {
            l->verdict = WINNOW_DROP;
            if (cls[i] != BAD) l->reason = WINNOW_REASON_OUTSIDE;
        }
    }
    return WINNOW_OK;
}
