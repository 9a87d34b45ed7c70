/* model.c -- line feature vectors, logistic scoring, model text (see model.h).
 *
 * The feature list is one X-macro, FEATURES below: its order is the order
 * of the vector and its names are the names in model files.  Adding a
 * feature means adding a line there and a line in model_line_vector, then
 * retraining (./build.sh train).  Every feature is cheap and O(1) per
 * line; document-wide facts (first and last prose line, distances,
 * paragraph sizes) are prepared by classify.c in linear passes.
 */
#include "model.h"

#include <math.h>
#include <string.h>

#define FEATURES(X) \
    X(len_log) X(words_log) X(density) X(ends_sentence) X(ends_colon) \
    X(ends_comma) X(starts_upper) X(starts_lower) X(starts_bullet) \
    X(in_quotes) X(upper_share) X(capitalized_share) X(digit_share) \
    X(punct_share) X(cjk_share) X(has_url) X(has_email) X(sentences_log) \
    X(cue_strong) X(cue_weak) X(cue_navigation) X(cue_share) \
    X(cue_comment_form) X(cue_subscribe) X(cue_donation) X(cue_cookie) \
    X(cue_credit) X(cue_syndication) X(cue_read_more) X(cue_legal) \
    X(cue_advert) X(cue_metadata) X(credit_shape) X(heading_like) \
    X(sentence_like) X(len_lt10) X(len_lt20) X(len_lt40) X(len_lt70) \
    X(len_lt120) X(len_lt200) X(len_lt400) X(dens_lt10) X(dens_lt20) \
    X(dens_lt30) X(dens_lt40) X(class_bad) X(class_short) X(class_near) \
    X(ctx_good) X(banner) X(recurring) \
    X(prev_len_log) X(prev_density) X(prev_ends_sentence) X(prev_cue) \
    X(prev_ctx_good) X(prev_same_paragraph) X(next_len_log) \
    X(next_density) X(next_ends_sentence) X(next_cue) X(next_ctx_good) \
    X(next_same_paragraph) X(first_line) X(last_line) X(window_good) \
    X(window_cue) X(window_len_max) X(paragraph_lines_log) \
    X(paragraph_first) X(paragraph_len_log) X(position) \
    X(before_first_good) X(after_last_good) X(good_distance_log) \
    X(doc_lines_log) X(unknown_language) X(has_date) X(has_time) \
    X(title_match) X(comment_zone) X(len_x_density) X(long_sparse) \
    X(prev_has_date) X(next_comment_cue)

enum {
#define AS_ENUM(name) F_##name,
    FEATURES(AS_ENUM)
#undef AS_ENUM
    F_COUNT
};

const char *const model_feature_names[] = {
#define AS_NAME(name) #name,
    FEATURES(AS_NAME)
#undef AS_NAME
};
const size_t model_feature_count = F_COUNT;
_Static_assert(F_COUNT <= MODEL_MAX_FEATURES, "raise MODEL_MAX_FEATURES");

/* Function-word share; a language-free stand-in where our word lists do
 * not cover the document's language (prose has few capitalized words). */
static double density(const line_features *f, const doc_facts *d)
{
    if (f->cjk * 2 > f->letters) return 0.35;   /* no spaces: unknown */
    if (!f->words) return 0.0;
    if (d->unknown_language)
        return d->density_unknown_scale * (1.0 - (double)f->capitalized / f->words);
    return (double)f->function_words / f->words;
}

static double len_log(const line_features *f)
{
    return log1p((double)f->chars + 2.0 * f->cjk);
}

static double share(unsigned part, unsigned whole)
{
    return whole ? (double)part / whole : 0.0;
}

static int has_cue(const line_features *f) { return f->cue.strong + f->cue.weak > 0; }

void model_line_vector(const line_facts *lf, const doc_facts *d, size_t i,
                       double *x)
{
    const line_facts *l = &lf[i];
    const line_features *f = &l->f;
    memset(x, 0, F_COUNT * sizeof *x);
    double len = (double)f->chars + 2.0 * f->cjk, dens = density(f, d);
    x[F_len_log] = len_log(f);
    x[F_words_log] = log1p(f->words);
    x[F_density] = dens;
    x[F_ends_sentence] = f->ends_sentence;
    x[F_ends_colon] = f->ends_colon;
    x[F_ends_comma] = f->ends_comma;
    x[F_starts_upper] = f->starts_upper;
    x[F_starts_lower] = f->starts_lower;
    x[F_starts_bullet] = f->starts_bullet;
    x[F_in_quotes] = f->in_quotes;
    x[F_upper_share] = share(f->upper, f->letters);
    x[F_capitalized_share] = share(f->capitalized, f->words);
    x[F_digit_share] = share(f->digits, f->chars);
    x[F_punct_share] = share(f->punct, f->chars);
    x[F_cjk_share] = share(f->cjk, f->letters);
    x[F_has_url] = f->has_url;
    x[F_has_email] = f->has_email;
    x[F_sentences_log] = log1p(f->sentence_marks);
    x[F_cue_strong] = f->cue.strong > 0;
    x[F_cue_weak] = f->cue.weak > 0;
    if (has_cue(f)) {
        switch (f->cue.kind) {
        case WINNOW_REASON_NAVIGATION: x[F_cue_navigation] = 1; break;
        case WINNOW_REASON_SHARE: x[F_cue_share] = 1; break;
        case WINNOW_REASON_COMMENT_FORM: x[F_cue_comment_form] = 1; break;
        case WINNOW_REASON_SUBSCRIBE: x[F_cue_subscribe] = 1; break;
        case WINNOW_REASON_DONATION: x[F_cue_donation] = 1; break;
        case WINNOW_REASON_COOKIE: x[F_cue_cookie] = 1; break;
        case WINNOW_REASON_CREDIT: x[F_cue_credit] = 1; break;
        case WINNOW_REASON_SYNDICATION: x[F_cue_syndication] = 1; break;
        case WINNOW_REASON_READ_MORE: x[F_cue_read_more] = 1; break;
        case WINNOW_REASON_LEGAL: x[F_cue_legal] = 1; break;
        case WINNOW_REASON_ADVERT: x[F_cue_advert] = 1; break;
        case WINNOW_REASON_METADATA: x[F_cue_metadata] = 1; break;
        default: break;
        }
    }
    x[F_credit_shape] = l->credit;
    x[F_heading_like] = l->heading;
    x[F_sentence_like] = f->words >= 3 && f->ends_sentence && (f->starts_upper || f->in_quotes);
    x[F_len_lt10] = len < 10;
    x[F_len_lt20] = len < 20;
    x[F_len_lt40] = len < 40;
    x[F_len_lt70] = len < 70;
    x[F_len_lt120] = len < 120;
    x[F_len_lt200] = len < 200;
    x[F_len_lt400] = len < 400;
    x[F_dens_lt10] = dens < 0.10;
    x[F_dens_lt20] = dens < 0.20;
    x[F_dens_lt30] = dens < 0.30;
    x[F_dens_lt40] = dens < 0.40;
    x[F_class_bad] = l->cls == CLASS_BAD;
    x[F_class_short] = l->cls == CLASS_SHORT;
    x[F_class_near] = l->cls == CLASS_NEAR;
    x[F_ctx_good] = l->ctx == CLASS_GOOD;
    x[F_banner] = l->banner;
    x[F_recurring] = l->recurring;

    if (i > 0) {
        const line_facts *p = &lf[i - 1];
        x[F_prev_len_log] = len_log(&p->f);
        x[F_prev_density] = density(&p->f, d);
        x[F_prev_ends_sentence] = p->f.ends_sentence;
        x[F_prev_cue] = has_cue(&p->f);
        x[F_prev_ctx_good] = p->ctx == CLASS_GOOD;
        x[F_prev_same_paragraph] = l->same_paragraph;
    } else {
        x[F_first_line] = 1;
    }
    if (i + 1 < d->n) {
        const line_facts *q = &lf[i + 1];
        x[F_next_len_log] = len_log(&q->f);
        x[F_next_density] = density(&q->f, d);
        x[F_next_ends_sentence] = q->f.ends_sentence;
        x[F_next_cue] = has_cue(&q->f);
        x[F_next_ctx_good] = q->ctx == CLASS_GOOD;
        x[F_next_same_paragraph] = q->same_paragraph;
    } else {
        x[F_last_line] = 1;
    }
    size_t lo = i >= 3 ? i - 3 : 0, hi = i + 3 < d->n ? i + 3 : d->n - 1;
    double good = 0, cues = 0, len_max = 0;
    for (size_t j = lo; j <= hi; j++) {
        if (j == i) continue;
        good += lf[j].ctx == CLASS_GOOD;
        cues += has_cue(&lf[j].f);
        double lj = len_log(&lf[j].f);
        if (lj > len_max) len_max = lj;
    }
    x[F_window_good] = good / 6.0;
    x[F_window_cue] = cues / 6.0;
    x[F_window_len_max] = len_max;
    x[F_paragraph_lines_log] = log1p(l->paragraph_lines);
    x[F_paragraph_first] = !l->same_paragraph;
    x[F_paragraph_len_log] = log1p(l->paragraph_chars);
    x[F_position] = d->n > 1 ? (double)i / (double)(d->n - 1) : 0.0;
    x[F_before_first_good] = i < d->first_good;
    x[F_after_last_good] = d->first_good < d->n && i > d->last_good;
    x[F_good_distance_log] = log1p(l->good_distance);
    x[F_doc_lines_log] = log1p((double)d->n);
    x[F_unknown_language] = d->unknown_language;
    x[F_has_date] = f->has_date;
    x[F_has_time] = f->has_time;
    x[F_title_match] = l->title_match;
    x[F_comment_zone] = l->comment_zone;
    x[F_len_x_density] = x[F_len_log] * dens;
    /* long lines without function words: link lists, archives, tags */
    x[F_long_sparse] = dens < 0.1 && len > 70 ? log(len / 70.0) : 0.0;
    x[F_prev_has_date] = i > 0 && lf[i - 1].f.has_date;
    x[F_next_comment_cue] = i + 1 < d->n && has_cue(&lf[i + 1].f) &&
                            lf[i + 1].f.cue.kind == WINNOW_REASON_COMMENT_FORM;
}

double model_score(const model *m, const double *x)
{
    double s = m->bias;
    for (size_t j = 0; j < m->n; j++)
        s += m->weight[j] * (x[j] - m->mean[j]) * m->scale[j];
    return s;
}

size_t model_top_feature(const model *m, const double *x, int sign,
                         double *contribution)
{
    size_t best = 0;
    double best_c = 0;
    for (size_t j = 0; j < m->n; j++) {
        double c = m->weight[j] * (x[j] - m->mean[j]) * m->scale[j];
        if (c * sign > best_c * sign) { best = j; best_c = c; }
    }
    *contribution = best_c;
    return best;
}

/* ---- model text --------------------------------------------------- */

/* A decimal number at *p (C locale, whatever the process's locale is):
 * [-+]digits[.digits][e[-+]digits].  Returns 0 when there is none. */
static int parse_number(const char **p, const char *end, double *out)
{
    const char *s = *p;
    double sign = 1, v = 0, frac = 0.1;
    int digits = 0;
    if (s < end && (*s == '-' || *s == '+')) { if (*s == '-') sign = -1; s++; }
    while (s < end && *s >= '0' && *s <= '9') { v = v * 10 + (*s++ - '0'); digits++; }
    if (s < end && *s == '.') {
        s++;
        while (s < end && *s >= '0' && *s <= '9') { v += (*s++ - '0') * frac; frac /= 10; digits++; }
    }
    if (!digits) return 0;
    if (s < end && (*s == 'e' || *s == 'E')) {
        s++;
        int esign = 1, e = 0, edigits = 0;
        if (s < end && (*s == '-' || *s == '+')) { if (*s == '-') esign = -1; s++; }
        while (s < end && *s >= '0' && *s <= '9') { if (e < 400) e = e * 10 + (*s - '0'); s++; edigits++; }
        if (!edigits) return 0;
        v *= pow(10.0, esign * e);
    }
    if (!isfinite(v)) return 0;
    *out = sign * v;
    *p = s;
    return 1;
}

static void skip_spaces(const char **p, const char *end)
{
    while (*p < end && (**p == ' ' || **p == '\t' || **p == '\r')) (*p)++;
}

/* Reads the word at *p into [*w, *w + *n). */
static void read_word(const char **p, const char *end, const char **w, size_t *n)
{
    skip_spaces(p, end);
    *w = *p;
    while (*p < end && **p != ' ' && **p != '\t' && **p != '\r' && **p != '\n') (*p)++;
    *n = (size_t)(*p - *w);
}

static int word_is(const char *w, size_t n, const char *s)
{
    return strlen(s) == n && memcmp(w, s, n) == 0;
}

winnow_error model_parse(model *out, const char *text, size_t len)
{
    model m;
    memset(&m, 0, sizeof m);
    m.n = F_COUNT;
    for (size_t j = 0; j < F_COUNT; j++) m.scale[j] = 1.0;
    const char *p = text, *end = text + len;
    int saw_header = 0;
    while (p < end) {
        const char *w;
        size_t n;
        read_word(&p, end, &w, &n);
        if (n == 0 || w[0] == '#') {
            while (p < end && *p != '\n') p++;     /* blank line or comment */
        } else if (word_is(w, n, "winnow-model")) {
            double version;
            skip_spaces(&p, end);
            if (!parse_number(&p, end, &version) || version != 1)
                return WINNOW_ERR_INVALID_ARG;
            saw_header = 1;
        } else if (word_is(w, n, "feature")) {
            const char *name;
            size_t name_len;
            read_word(&p, end, &name, &name_len);
            size_t j = 0;
            while (j < F_COUNT && !word_is(name, name_len, model_feature_names[j])) j++;
            if (j == F_COUNT) return WINNOW_ERR_INVALID_ARG;
            double v[3];
            for (int k = 0; k < 3; k++) {
                skip_spaces(&p, end);
                if (!parse_number(&p, end, &v[k])) return WINNOW_ERR_INVALID_ARG;
            }
            m.mean[j] = v[0];
            m.scale[j] = v[1];
            m.weight[j] = v[2];
        } else {
            double *target = word_is(w, n, "bias") ? &m.bias
                           : word_is(w, n, "threshold") ? &m.threshold
                           : word_is(w, n, "switch-same-paragraph") ? &m.switch_same
                           : word_is(w, n, "switch-new-paragraph") ? &m.switch_new
                           : NULL;
            skip_spaces(&p, end);
            if (!target || !parse_number(&p, end, target)) return WINNOW_ERR_INVALID_ARG;
        }
        /* the rest of the line must be empty or a comment */
        skip_spaces(&p, end);
        if (p < end && *p == '#') while (p < end && *p != '\n') p++;
        if (p < end && *p != '\n') return WINNOW_ERR_INVALID_ARG;
        if (p < end) p++;
    }
    if (!saw_header) return WINNOW_ERR_INVALID_ARG;
    *out = m;
    return WINNOW_OK;
}
