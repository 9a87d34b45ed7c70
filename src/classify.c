/* classify.c -- keep or drop every line (see classify.h).
 *
 * Four passes over a document's lines, all linear:
 *   1. measure: line_features for every line (shape, words, cues);
 *   2. first pass, by rules: a class per line after the idea of jusText
 *      (Pomikálek, 2011) -- length and the share of function words tell
 *      prose from boilerplate in any language that has function words --
 *      plus cue phrases, photo-credit shapes, banner runs and recurrence,
 *      then context (short lines take the class of their surroundings);
 *   3. the learned model (model.h) scores every line from its features,
 *      the first-pass classes and its neighbourhood, and a Viterbi pass
 *      chooses all verdicts together, with a cost for every switch
 *      between keep and drop (higher inside a paragraph);
 *   4. guarantees: strong cues, photo credits and banners go, the title
 *      stays and what stands above it goes; a reason for every verdict.
 *
 *   class   meaning                          first-pass context rule
 *   GOOD    prose                            kept
 *   NEAR    sentence-like, medium            kept when next to GOOD
 *   SHORT   too short to tell                GOOD on both sides -> kept
 *   BAD     cue, link list, symbols          dropped
 */
#include "classify.h"

#include <math.h>
#include <string.h>

#include "fold.h"

#define BAD CLASS_BAD
#define SHORT CLASS_SHORT
#define NEAR CLASS_NEAR
#define GOOD CLASS_GOOD

/* Per-line thresholds. */
#define LENGTH_LOW 70          /* chars: below is SHORT */
#define LENGTH_HIGH 200        /* chars: at or above may be GOOD */
#define DENSITY_LOW 0.22       /* function-word share for NEAR */
#define DENSITY_HIGH 0.26      /* function-word share for GOOD */
#define MIN_KNOWN_DENSITY_PCT 15 /* below: the language is not in our lists */
#define UNKNOWN_LANGUAGE_DENSITY 0.33  /* stand-in density of all-lowercase prose */
#define STRONG_CUE_MAX_WORDS 40    /* longer lines shrug off a strong cue */
#define WEAK_CUE_MAX_WORDS 8       /* longer lines shrug off a weak cue */
#define COMMENT_MARK_MAX_WORDS 12  /* a comment's author and time line */
#define COMMENT_THREAD_MARKS 4     /* marks that make a comment thread */
#define COMMENT_MARK_GAP 12        /* lines from a header to the next mark */
#define GALLERY_MIN_ITEMS 3        /* "1/N", "2/N", "3/N": a gallery */
/* Recurrence across documents (when the caller counted it). */
#define RECURRING_MIN_DOCUMENTS 20 /* fewer documents: counts mean little */
#define RECURRING_SHORT_MIN 5      /* a short line in this many documents */
#define RECURRING_PROSE_MIN 20     /* a prose line in this many documents */
/* Context. */
#define HEADING_MAX_WORDS 15
#define HEADING_DISTANCE 200   /* bytes between a heading and its content */
#define BANNER_GAP 2           /* non-appeal lines bridged inside a banner */
#define TITLE_LOOKBACK 8       /* lines searched above the first content */
#define MAIN_BLOCK_PENALTY 20  /* chars a non-prose line costs the block */
#define BLOCK_PENALTY 40       /* and what it costs a line's block, beyond
                                  its own length */
#define TITLE_WORDS 30         /* longest line compared with the first */
#define TITLE_MATCH 0.6f       /* share of words shared with the first line */
#define TITLE_ABOVE_CONTENT 2.0  /* a line above the title the model scores
                                    this high: the "title" is a heading
                                    inside the content, not its start */

winnow_error classifier_init(classifier *c, size_t max, const char *model_text,
                             size_t model_len)
{
    wbuf_init(&c->facts, max);
    wbuf_init(&c->classes, max);
    wbuf_init(&c->scratch, 0);
    wbuf_init(&c->context, 0);
    memset(&c->doc, 0, sizeof c->doc);
    c->window_first = 0;
    c->keep_comments = 0;
    winnow_error e = WINNOW_OK;
    if (!model_text) {
        for (size_t i = 0; i < model_default_line_count && !e; i++)
            e = wbuf_append(&c->scratch, model_default_lines[i], strlen(model_default_lines[i]));
        if (e) return e;
        model_text = c->scratch.data;
        model_len = c->scratch.len;
    }
    e = model_parse(&c->model, model_text, model_len);
    if (e) return e;
    return feature_tables_init(&c->tables);
}

void classifier_release(classifier *c)
{
    if (!c) return;
    feature_tables_release(&c->tables);
    wbuf_release(&c->facts);
    wbuf_release(&c->classes);
    wbuf_release(&c->scratch);
    wbuf_release(&c->context);
}

void classifier_keep_all(winnow_line *lines, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        lines[i].verdict = WINNOW_KEEP;
        lines[i].reason = WINNOW_REASON_KEEP_ALL;
        lines[i].score = 0;
    }
}

/* Does the document's prose contain almost no function words of the
 * languages we know? */
static int unknown_language(const line_facts *lf, size_t n)
{
    unsigned long words = 0, function_words = 0;
    for (size_t i = 0; i < n; i++) {
        if (lf[i].f.words < 8) continue;
        words += lf[i].f.words;
        function_words += lf[i].f.function_words;
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
    if (!memchr(s, '/', l->len)) return 0;   /* most lines: one fast scan */
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

/* First pass, one line alone: its class, and its reason when BAD. */
static enum line_class classify_line(winnow_line *l, const line_features *f,
                                     double dens, int credit)
{
    double len = text_length(f);
    unsigned cues = f->cue.strong + f->cue.weak;
    enum line_class cls;
    l->reason = WINNOW_REASON_CONTENT;
    l->score = 0;
    if ((f->cue.strong && f->words <= STRONG_CUE_MAX_WORDS) ||
        (cues && f->words <= WEAK_CUE_MAX_WORDS) ||
        f->letters == 0 || (f->letters * 2 < f->chars && f->cjk == 0)) {
        cls = BAD;
    } else if (credit) {
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
    if (cls == BAD && l->reason == WINNOW_REASON_CONTENT) l->reason = bad_reason(f);
    return cls;
}

/* The item counter a line starts with, "k/N " with 1 <= k <= N < 1000
 * (a picture gallery's "3/50 Caption"): sets *k and *of, or returns 0. */
static int gallery_counter(const winnow_line *l, unsigned *k, unsigned *of)
{
    const char *s = l->text, *end = l->text + l->len;
    unsigned v[2] = {0, 0};
    for (int part = 0; part < 2; part++) {
        const char *digits = s;
        while (s < end && *s >= '0' && *s <= '9' && s - digits < 3) v[part] = v[part] * 10 + (unsigned)(*s++ - '0');
        if (s == digits || (s < end && *s >= '0' && *s <= '9')) return 0;
        if (part == 0 && (s == end || *s++ != '/')) return 0;
    }
    if (s < end && *s != ' ') return 0;
    if (v[0] < 1 || v[0] > v[1]) return 0;
    *k = v[0];
    *of = v[1];
    return 1;
}

/* Picture galleries: items counted "1/N", "2/N", "3/N" ... in order (at
 * least GALLERY_MIN_ITEMS, the same N), each with its caption and credit
 * lines up to the next counter; the last item takes as many lines as the
 * one before it.  A recipe's "1/2 cup" and a date's "12/22" never count
 * up from 1 with the same N. */
static void mark_galleries(const winnow_line *lines, line_facts *lf, size_t n)
{
    size_t first = 0, prev = 0, last = 0, items = 0;
    unsigned next = 0, of = 0;
    for (size_t i = 0; i <= n; i++) {
        unsigned k = 0, m = 0;
        const int counter = i < n && gallery_counter(&lines[i], &k, &m);
        if (counter && items && k == next && m == of) {
            prev = last;
            last = i;
            items++;
            next++;
            continue;
        }
        if (i < n && !(counter && k == 1)) continue;
        /* a gallery ends where a new one starts, or at the end */
        if (items >= GALLERY_MIN_ITEMS) {
            size_t stop = last + (last - prev);
            if (stop > n) stop = n;
            for (size_t j = first; j < stop; j++) lf[j].gallery = 1;
        }
        items = 0;
        if (counter) {   /* "1/N": a new gallery may start */
            first = prev = last = i;
            items = 1;
            next = 2;
            of = m;
        }
    }
}

/* Is line i an appeal (a reason banners are made of)?  Only appeals for
 * money or sign-ups: share buttons and comment forms stand next to real
 * articles, and must not make the article between them a banner. */
static int appeal(const line_features *f)
{
    if (!(f->cue.strong + f->cue.weak)) return 0;
    return f->cue.kind == WINNOW_REASON_DONATION || f->cue.kind == WINNOW_REASON_SUBSCRIBE;
}

/* Runs of appeal lines, bridging up to BANNER_GAP other lines, with at
 * least two appeals, are banners and become BAD as a whole. */
static void mark_banners(winnow_line *lines, line_facts *lf, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (!appeal(&lf[i].f)) { i++; continue; }
        size_t start = i, last = i, appeals = 1;
        for (size_t j = i + 1; j < n && j - last <= BANNER_GAP + 1; j++) {
            if (appeal(&lf[j].f)) { last = j; appeals++; }
        }
        if (appeals >= 2) {
            for (size_t k = start; k <= last; k++) {
                lf[k].banner = 1;
                if (lf[k].cls != BAD) {
                    lf[k].cls = BAD;
                    lines[k].reason = appeal(&lf[k].f) ? lf[k].f.cue.kind
                                                        : WINNOW_REASON_BANNER;
                }
            }
        }
        i = last + 1;
    }
}

/* Lines that recur in many documents of the corpus are boilerplate of
 * their site, unless they are prose that recurs only a little (a quote
 * in two articles). */
static void mark_recurring(winnow_line *lines, line_facts *lf, size_t n,
                           const line_recurrence *r)
{
    if (!r || !r->counts || r->documents < RECURRING_MIN_DOCUMENTS) return;
    for (size_t i = 0; i < n; i++) {
        uint32_t count = r->counts[i];
        uint32_t limit = lf[i].cls == GOOD ? RECURRING_PROSE_MIN : RECURRING_SHORT_MIN;
        if (count >= limit) {
            lf[i].recurring = 1;
            if (lf[i].cls != BAD) {
                lf[i].cls = BAD;
                lines[i].reason = WINNOW_REASON_REPEATED;
            }
        }
    }
}

/* For every line, the class of the nearest line before it (prev) and
 * after it (next) that is neither SHORT nor, when skip_near, NEAR; BAD
 * beyond the edges.  Linear time, whatever the document. */
static void neighbours(const line_facts *lf, size_t n, int skip_near,
                       unsigned char *prev, unsigned char *next)
{
    unsigned char seen = BAD;
    for (size_t i = 0; i < n; i++) {
        prev[i] = seen;
        if (lf[i].cls != SHORT && !(skip_near && lf[i].cls == NEAR)) seen = lf[i].cls;
    }
    seen = BAD;
    for (size_t i = n; i-- > 0;) {
        next[i] = seen;
        if (lf[i].cls != SHORT && !(skip_near && lf[i].cls == NEAR)) seen = lf[i].cls;
    }
}

/* First-pass context: sets lf[i].ctx from the classes around each line.
 * `work` has room for 4 * n bytes. */
static void revise(const winnow_line *lines, line_facts *lf, unsigned char *work,
                   size_t n)
{
    /* Headings right above content (within HEADING_DISTANCE bytes of the
     * next GOOD line) become NEAR. */
    const char *next_good = NULL;
    for (size_t i = n; i-- > 0;) {
        if (lf[i].cls == SHORT && lf[i].heading && next_good &&
            next_good - (lines[i].text + lines[i].len) <= HEADING_DISTANCE)
            lf[i].cls = NEAR;
        if (lf[i].cls == GOOD) next_good = lines[i].text;
    }
    unsigned char *prev = work, *next = work + n;        /* skipping NEAR */
    unsigned char *prev_n = work + 2 * n, *next_n = work + 3 * n;  /* not */
    neighbours(lf, n, 1, prev, next);
    neighbours(lf, n, 0, prev_n, next_n);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = lf[i].cls, ctx = c;
        if (c == SHORT) {
            if (prev[i] == GOOD && next[i] == GOOD) ctx = GOOD;
            else if (prev[i] == BAD && next[i] == BAD) ctx = BAD;
            else if ((prev[i] == BAD && prev_n[i] == NEAR) ||
                     (next[i] == BAD && next_n[i] == NEAR))
                ctx = GOOD;
            else ctx = BAD;
        } else if (c == NEAR) {
            ctx = (prev[i] == BAD && next[i] == BAD) ? BAD : GOOD;
        }
        lf[i].ctx = ctx;
    }
}

/* The title: the nearest heading-like line above the first line of
 * prose (skipping credits, bylines and other dropped short lines), or
 * one closer to it that repeats the page's first line (its <title>).
 * Returns n when there is none. */
static size_t find_title(const winnow_line *lines, const line_facts *lf, size_t n)
{
    size_t first = 0;   /* the first prose or sentence kept by context */
    while (first < n && !(lf[first].ctx == GOOD && (lf[first].cls == GOOD ||
                                                    lf[first].cls == NEAR)))
        first++;
    if (first == n)     /* no prose kept by context: the first sentence */
        for (first = 0; first < n && lf[first].cls != GOOD && lf[first].cls != NEAR;)
            first++;
    if (first == n) return n;
    size_t lo = first > TITLE_LOOKBACK ? first - TITLE_LOOKBACK : 0;
    size_t nearest = n;
    for (size_t j = first; j-- > lo;) {
        const line_features *f = &lf[j].f;
        if (f->cue.strong || (f->cue.weak && f->words <= WEAK_CUE_MAX_WORDS)) continue;
        if (lf[j].heading && f->words >= 2 && !f->ends_colon &&
            lines[j].reason == WINNOW_REASON_CONTENT) {
            /* the page's <title> usually repeats the title: prefer it */
            if (lf[j].title_match >= TITLE_MATCH) return j;
            if (nearest == n) nearest = j;
        }
    }
    return nearest;
}

/* The document-wide facts the model reads: where prose starts and ends,
 * how far each line is from prose, its paragraph's size. */
static void gather_facts(const winnow_line *lines, line_facts *lf, size_t n,
                         doc_facts *d)
{
    d->n = n;
    model_prepare_doc(d);
    d->first_good = n;
    d->last_good = 0;
    for (size_t i = 0; i < n; i++) {
        if (lf[i].ctx == GOOD) {
            if (d->first_good == n) d->first_good = i;
            d->last_good = i;
        }
        lf[i].same_paragraph = i > 0 && lines[i].paragraph == lines[i - 1].paragraph;
    }
    uint32_t dist = UINT32_MAX;
    for (size_t i = 0; i < n; i++) {
        dist = lf[i].ctx == GOOD ? 0 : dist == UINT32_MAX ? dist : dist + 1;
        lf[i].good_distance = dist;
    }
    dist = UINT32_MAX;
    for (size_t i = n; i-- > 0;) {
        dist = lf[i].ctx == GOOD ? 0 : dist == UINT32_MAX ? dist : dist + 1;
        if (dist < lf[i].good_distance) lf[i].good_distance = dist;
        if (lf[i].good_distance == UINT32_MAX) lf[i].good_distance = (uint32_t)n;
    }
    for (size_t i = 0; i < n;) {
        size_t j = i;
        uint64_t chars = 0;
        while (j < n && lines[j].paragraph == lines[i].paragraph) chars += lf[j++].f.chars;
        for (size_t k = i; k < j; k++) {
            lf[k].paragraph_lines = (uint32_t)(j - i);
            lf[k].paragraph_chars = chars > UINT32_MAX ? UINT32_MAX : (uint32_t)chars;
        }
        i = j;
    }
}

/* title_match: the share of a short line's words that also stand in the
 * first line (where a page rendered to text starts with its <title>). */
static void gather_title_match(line_facts *lf, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        unsigned words = lf[i].f.words;
        if (words >= 2 && words <= TITLE_WORDS && lf[0].f.words <= 3 * TITLE_WORDS)
            lf[i].title_match = (float)lf[i].f.title_hits / (float)words;
    }
}

/* Whether a line marks a comment: a comment-form cue ("12 Comments",
 * "Reply", "Name says:", also a thread's header: *header) or a short line
 * with a time ("Name, March 10, 2017 at 12:41 am"). */
static int comment_mark(const line_features *f, int *header)
{
    *header = f->cue.strong + f->cue.weak && f->cue.kind == WINNOW_REASON_COMMENT_FORM &&
              f->words <= WEAK_CUE_MAX_WORDS;
    return *header || (f->words <= COMMENT_MARK_MAX_WORDS && f->has_time);
}

/* comment_zone: the lines from the first comment header below the
 * content on. */
static void gather_comment_zone(line_facts *lf, size_t n, const doc_facts *d)
{
    int zone = 0, header;
    for (size_t i = 0; i < n; i++) {
        comment_mark(&lf[i].f, &header);
        if (d->first_good < n && i > d->first_good && header) zone = 1;
        lf[i].comment_zone = (unsigned char)zone;
    }
}

/* The thread of readers' comments below the content: from a comment
 * header after the first line of prose to the end, when another mark
 * follows the header within COMMENT_MARK_GAP lines (a "Comments" link in
 * a menu above the article is no thread) and at least
 * COMMENT_THREAD_MARKS lines from the header on mark a comment.
 * Readers' comments are not the document's content.  Sets
 * d->thread_first (n when there is none). */
static void find_comment_thread(const line_facts *lf, size_t n, doc_facts *d)
{
    size_t first = n, marks = 0, last_mark = n;
    d->thread_first = n;
    if (d->first_good >= n) return;     /* no prose: no content to be below */
    for (size_t i = d->first_good + 1; i < n; i++) {
        int header;
        if (!comment_mark(&lf[i].f, &header)) continue;
        if (first < n && marks < 2 && i - last_mark > COMMENT_MARK_GAP) {
            first = n;   /* a lone header: look for the next one */
            marks = 0;
        }
        if (first == n && header) first = i;
        if (first < n) marks++;
        last_mark = i;
    }
    if (marks >= COMMENT_THREAD_MARKS) d->thread_first = first;
}

/* The main block (after the body-text idea of Finn et al., 2001): the
 * run of lines that maximizes the characters of prose kept by context
 * minus a penalty for every other line, found in one pass (Kadane).
 * Also the mean len_log of the document's lines. */
static void find_main_block(const line_facts *lf, size_t n, doc_facts *d)
{
    double best = 0, run = 0, total = 0;
    size_t start = 0;
    d->main_first = n;
    d->main_last = 0;
    for (size_t i = 0; i < n; i++) {
        total += lf[i].len_log;
        double v = lf[i].ctx == GOOD ? (double)lf[i].f.chars
                                     : -(MAIN_BLOCK_PENALTY + lf[i].f.chars / 2.0);
        if (run <= 0) { run = 0; start = i; }
        run += v;
        if (run > best) {
            best = run;
            d->main_first = start;
            d->main_last = i;
        }
    }
    d->mean_len_log = n ? total / (double)n : 0;
}

/* Each line's block: the value of the best run of lines through it (the
 * best run ending there plus the best one starting there, one pass each
 * way), where prose counts its characters and every other line costs
 * more than it does for the main block, so that the value stays local:
 * a second block of prose (a recipe's method below its story) is told
 * from the links around it.  d->block_best is the document's best. */
static double block_value(const line_facts *l)
{
    return l->ctx == GOOD ? (double)l->f.chars
                          : -(BLOCK_PENALTY + (double)l->f.chars);
}

static void find_blocks(line_facts *lf, size_t n, doc_facts *d)
{
    double run = 0, best = 0;
    for (size_t i = 0; i < n; i++) {
        run = (run > 0 ? run : 0) + block_value(&lf[i]);
        lf[i].block_gain = (float)run;
    }
    run = 0;
    for (size_t i = n; i-- > 0;) {
        const double v = block_value(&lf[i]);
        run = (run > 0 ? run : 0) + v;
        lf[i].block_gain += (float)(run - v);
        if (lf[i].block_gain > best) best = lf[i].block_gain;
    }
    d->block_best = best;
}

/* Chooses keep[i] for all lines at once: maximizes the sum of
 * +score/2 for kept and -score/2 for dropped lines, minus the switching
 * cost at every change of verdict.  `back` has room for n bytes. */
static void viterbi(const winnow_line *lines, const line_facts *lf, size_t n,
                    const model *m, unsigned char *keep, unsigned char *back)
{
    double v_drop = 0, v_keep = 0;
    for (size_t i = 0; i < n; i++) {
        double e = lines[i].score / 2.0;
        double cost = i == 0 ? 0 : lf[i].same_paragraph ? m->switch_same : m->switch_new;
        double from_drop_to_keep = v_drop - cost, from_keep_to_drop = v_keep - cost;
        double nk, nd;
        unsigned char b = 0;
        if (v_keep >= from_drop_to_keep) nk = v_keep + e, b |= 2;   /* keep <- keep */
        else nk = from_drop_to_keep + e;                             /* keep <- drop */
        if (v_drop >= from_keep_to_drop) nd = v_drop - e;           /* drop <- drop */
        else nd = from_keep_to_drop - e, b |= 1;                     /* drop <- keep */
        back[i] = b;
        v_keep = nk;
        v_drop = nd;
    }
    int state = v_keep > v_drop;
    for (size_t i = n; i-- > 0;) {
        keep[i] = (unsigned char)state;
        state = state ? (back[i] & 2) != 0 : (back[i] & 1) != 0;
    }
}

/* Why a line the model dropped went: its cue, or its shape. */
static winnow_reason drop_reason(const winnow_line *l, const line_facts *lf)
{
    if (l->reason != WINNOW_REASON_CONTENT) return l->reason;
    const line_features *f = &lf->f;
    if (f->cue.strong + f->cue.weak) return f->cue.kind;
    if (lf->credit) return WINNOW_REASON_CREDIT;
    if (f->letters * 2 < f->chars) return WINNOW_REASON_SYMBOLS;
    if (f->words >= 4 && f->capitalized * 10 >= f->words * 6) return WINNOW_REASON_NAVIGATION;
    if (f->words < 5) return WINNOW_REASON_SHORT;
    return WINNOW_REASON_OUTSIDE;
}

/* Sets the score of every line: the first stage from its vector, then,
 * when the model has one, the second stage from the first-stage scores
 * around it (kept in c->context for classifier_explain_line).  `work`
 * has room for n bytes. */
static winnow_error score_lines(classifier *c, winnow_line *lines, const line_facts *lf,
                                size_t n, unsigned char *work)
{
    const model *m = &c->model;
    const doc_facts *d = &c->doc;
    double x[MODEL_MAX_FEATURES];
    if (!m->n_context) {
        for (size_t i = 0; i < n; i++) {
            model_line_vector(lf, d, i, x);
            lines[i].score = (float)(model_score(m, x) + m->threshold);
        }
        return WINNOW_OK;
    }
    wbuf_reset(&c->context);
    winnow_error e = wbuf_reserve(&c->context, n * (sizeof(context_line) + sizeof(double)) + 1);
    if (e) return e;
    context_line *cl = (context_line *)(void *)c->context.data;
    double *first = (double *)(void *)(cl + n);
    for (size_t i = 0; i < n; i++) {
        model_line_vector(lf, d, i, x);
        first[i] = model_score(m, x);
        work[i] = lf[i].same_paragraph;
    }
    c->context_positive = model_context_prepare(first, work, n, cl);
    for (size_t i = 0; i < n; i++) {
        model_context_vector(cl, n, i, c->context_positive, x);
        lines[i].score = (float)(model_context_score(m, x) + m->threshold);
    }
    return WINNOW_OK;
}

/* Classifies lines[0..n), n <= CLASSIFY_WINDOW_LINES, as one document. */
static winnow_error classify_window(classifier *c, winnow_line *lines, size_t n,
                                    const line_recurrence *recurrence)
{
    winnow_error e;
    wbuf_reset(&c->facts);
    wbuf_reset(&c->classes);
    if ((e = wbuf_reserve(&c->facts, n * sizeof(line_facts)))) return e;
    if ((e = wbuf_reserve(&c->classes, 8 * n + 1))) return e;
    line_facts *lf = (line_facts *)(void *)c->facts.data;
    unsigned char *keep = (unsigned char *)c->classes.data;
    unsigned char *work = keep + n;
    if (n) memset(lf, 0, n * sizeof *lf);   /* lf is NULL when n == 0 */

    /* 1. measure */
    title_words first_line;
    title_words_clear(&first_line);
    for (size_t i = 0; i < n; i++)
        if ((e = features_measure(&c->tables, lines[i].text, lines[i].len,
                                  &c->scratch, &lf[i].f, &first_line, i == 0)))
            return e;
    doc_facts *d = &c->doc;
    d->unknown_language = unknown_language(lf, n);
    d->density_unknown_scale = UNKNOWN_LANGUAGE_DENSITY;
    for (size_t i = 0; i < n; i++) model_prepare_line(&lf[i], d);  /* density */
    gather_title_match(lf, n);

    /* 2. first pass, by rules */
    for (size_t i = 0; i < n; i++) {
        lf[i].heading = (unsigned char)heading_like(&lf[i].f);
        lf[i].credit = (unsigned char)credit_shape(&lines[i], &lf[i].f);
        lf[i].cls = (unsigned char)classify_line(&lines[i], &lf[i].f, lf[i].density, lf[i].credit);
    }
    mark_banners(lines, lf, n);
    mark_galleries(lines, lf, n);
    mark_recurring(lines, lf, n, recurrence);
    revise(lines, lf, work, n);
    size_t title = find_title(lines, lf, n);

    /* 3. the model and the whole-document decision */
    gather_facts(lines, lf, n, d);
    gather_comment_zone(lf, n, d);
    find_main_block(lf, n, d);
    find_blocks(lf, n, d);
    if (c->keep_comments) d->thread_first = n;
    else find_comment_thread(lf, n, d);
    if ((e = score_lines(c, lines, lf, n, work))) return e;
    /* content the model is sure of above the title: no title, then (the
     * loop ends when title becomes n) */
    for (size_t i = 0; i < title && title < n; i++)
        if (lines[i].score >= TITLE_ABOVE_CONTENT) title = n;
    viterbi(lines, lf, n, &c->model, keep, work);

    /* 4. guarantees and reasons */
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        const line_features *f = &lf[i].f;
        if (i >= d->thread_first || lf[i].banner || lf[i].credit || lf[i].gallery ||
            (f->cue.strong && f->words <= STRONG_CUE_MAX_WORDS))
            keep[i] = 0;
        if (title < n) {
            if (i < title) keep[i] = 0;
            else if (i == title) keep[i] = 1;
        }
        kept += keep[i];
    }
    if (kept == 0 || kept == (title < n)) {
        /* The model kept nothing (a short post, a list page): fall back on
         * the first pass, with sentence-like lines counted as content.
         * The facts are put back afterwards: they are the model's
         * features (classifier_vector), which must not depend on the
         * model itself. */
        unsigned char *saved = work + 4 * n;    /* cls, then ctx */
        for (size_t i = 0; i < n; i++) {
            saved[i] = lf[i].cls;
            saved[n + i] = lf[i].ctx;
        }
        int any = 0;
        for (size_t i = 0; i < n; i++)
            if (lf[i].cls == NEAR) { lf[i].cls = GOOD; any = 1; }
        if (any) revise(lines, lf, work, n);
        for (size_t i = 0; i < n; i++) {
            keep[i] = (i < d->thread_first && lf[i].ctx == GOOD) || (title < n && i == title);
            lf[i].cls = saved[i];
            lf[i].ctx = saved[n + i];
        }
    }
    for (size_t i = 0; i < n; i++) {
        winnow_line *l = &lines[i];
        if (i == title && keep[i]) {
            l->verdict = WINNOW_KEEP;
            l->reason = WINNOW_REASON_TITLE;
        } else if (keep[i]) {
            l->verdict = WINNOW_KEEP;
            l->reason = lf[i].cls == GOOD || !lf[i].heading ? WINNOW_REASON_CONTENT
                                                            : WINNOW_REASON_HEADING;
        } else {
            l->verdict = WINNOW_DROP;
            /* "comments" where the thread rule overruled the model */
            const line_features *f = &lf[i].f;
            if (i >= d->thread_first && l->score > 0 && !(f->cue.strong + f->cue.weak))
                l->reason = WINNOW_REASON_COMMENTS;
            else if (lf[i].gallery)
                l->reason = WINNOW_REASON_GALLERY;
            else if (title < n && i < title && l->reason == WINNOW_REASON_CONTENT)
                l->reason = WINNOW_REASON_OUTSIDE;
            else
                l->reason = drop_reason(l, &lf[i]);
        }
    }
    return WINNOW_OK;
}

winnow_error classifier_run(classifier *c, winnow_line *lines, size_t n,
                            const line_recurrence *recurrence)
{
    size_t first = 0;
    do {
        size_t m = n - first < CLASSIFY_WINDOW_LINES ? n - first : CLASSIFY_WINDOW_LINES;
        line_recurrence window;
        if (recurrence) {
            window.counts = recurrence->counts + first;
            window.documents = recurrence->documents;
        }
        c->window_first = first;
        winnow_error e = classify_window(c, lines + first, m, recurrence ? &window : NULL);
        if (e) return e;
        first += m;
    } while (first < n);
    return WINNOW_OK;
}

int classifier_has_vector(const classifier *c, size_t i)
{
    return i >= c->window_first && i - c->window_first < c->doc.n;
}

void classifier_vector(const classifier *c, size_t i, double *x)
{
    const line_facts *lf = (const line_facts *)(const void *)c->facts.data;
    model_line_vector(lf, &c->doc, i - c->window_first, x);
}

winnow_error classifier_explain_line(const classifier *c, size_t i, int sign, wbuf *out)
{
    const model *m = &c->model;
    if (!classifier_has_vector(c, i)) return wbuf_append(out, "- ", 2);
    double x[MODEL_MAX_FEATURES];
    classifier_vector(c, i, x);
    size_t first = m->n, second = m->n;
    double c1 = 0, c2 = 0;
    for (size_t j = 0; j < m->n; j++) {
        double v = m->weight[j] * (x[j] - m->mean[j]) * m->scale[j];
        if (v * sign > c1 * sign) {
            second = first; c2 = c1;
            first = j; c1 = v;
        } else if (v * sign > c2 * sign) {
            second = j; c2 = v;
        }
    }
    winnow_error e = WINNOW_OK;
    if (first < m->n) e = wbuf_printf(out, "%s%+.1f ", model_feature_names[first], c1);
    if (!e && second < m->n) e = wbuf_printf(out, "%s%+.1f ", model_feature_names[second], c2);
    if (!e && m->n_trees) e = wbuf_printf(out, "trees%+.1f ", model_trees(m, x));
    if (!e && m->n_context) {
        const context_line *cl = (const context_line *)(const void *)c->context.data;
        double own = model_score(m, x), xc[MODEL_CONTEXT_MAX];
        model_context_vector(cl, c->doc.n, i - c->window_first, c->context_positive, xc);
        e = wbuf_printf(out, "context%+.1f ", model_context_score(m, xc) - own);
    }
    if (!e && first == m->n && !m->n_trees) e = wbuf_append(out, "- ", 2);
    return e;
}
