/* model_context.c -- the second stage of the line model: a line's score
 * revised by the scores around it (see model.h).
 *
 * The first stage scores each line from its own features and a few of
 * its neighbours'.  What it cannot see is what the model itself thinks of
 * the lines around: a short line between two lines it is sure of, a
 * paragraph whose other lines are content, the place of a line among the
 * lines that look like content.  The second stage is a logistic
 * regression over those scores (stacking), trained by winnow-train on
 * the first stage's scores of the training pages.  Every feature is
 * O(1) per line after one linear pass over the document
 * (model_context_prepare: running sums, paragraph means).
 */
#include "model.h"

#include <math.h>

#define CONTEXT_FEATURES(X) \
    X(ctx_score) X(ctx_prev1) X(ctx_next1) X(ctx_prev2) X(ctx_next2) \
    X(ctx_mean3) X(ctx_mean10) X(ctx_max3) X(ctx_min3) \
    X(ctx_paragraph_mean) X(ctx_paragraph_lines_log) \
    X(ctx_positive_before) X(ctx_positive_after) \
    X(ctx_score_prev_positive) X(ctx_score_next_positive)

enum {
#define AS_ENUM(name) C_##name,
    CONTEXT_FEATURES(AS_ENUM)
#undef AS_ENUM
    C_COUNT
};

const char *const model_context_names[] = {
#define AS_NAME(name) #name,
    CONTEXT_FEATURES(AS_NAME)
#undef AS_NAME
};
const size_t model_context_count = C_COUNT;
_Static_assert(C_COUNT <= MODEL_CONTEXT_MAX, "raise MODEL_CONTEXT_MAX");

#define SCORE_CLIP 8.0     /* a score beyond this says nothing more */
#define NO_LINE (-4.0)     /* the score of a line beyond the document */

size_t model_context_prepare(const double *s, const unsigned char *same, size_t n,
                             context_line *c)
{
    size_t positive = 0;
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        double v = s[i];
        if (!(v > -SCORE_CLIP)) v = -SCORE_CLIP;     /* NaN too */
        if (v > SCORE_CLIP) v = SCORE_CLIP;
        c[i].score = v;
        c[i].cumulative = sum += v;
        c[i].positive_before = (double)positive;
        positive += s[i] > 0;
    }
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && same[j]) j++;
        const double mean = (c[j - 1].cumulative - (i ? c[i - 1].cumulative : 0)) / (double)(j - i);
        const double lines_log = log((double)(j - i));
        for (size_t k = i; k < j; k++) {
            c[k].paragraph_mean = mean;
            c[k].paragraph_lines_log = lines_log;
        }
        i = j;
    }
    return positive;
}

/* The mean clipped score of lines lo..hi. */
static double mean_of(const context_line *c, size_t lo, size_t hi)
{
    return (c[hi].cumulative - (lo ? c[lo - 1].cumulative : 0)) / (double)(hi - lo + 1);
}

void model_context_vector(const context_line *c, size_t n, size_t i, size_t positive,
                          double *x)
{
#define AT(k) ((k) < n ? c[k].score : NO_LINE)   /* k wraps below 0 */
    const double own = c[i].score;
    x[C_ctx_score] = own;
    x[C_ctx_prev1] = AT(i - 1);
    x[C_ctx_next1] = AT(i + 1);
    x[C_ctx_prev2] = AT(i - 2);
    x[C_ctx_next2] = AT(i + 2);
    size_t lo = i >= 3 ? i - 3 : 0, hi = i + 3 < n ? i + 3 : n - 1;
    double most = -SCORE_CLIP, least = SCORE_CLIP;
    for (size_t k = lo; k <= hi; k++) {
        if (k == i) continue;
        if (c[k].score > most) most = c[k].score;
        if (c[k].score < least) least = c[k].score;
    }
    x[C_ctx_mean3] = mean_of(c, lo, hi);
    x[C_ctx_max3] = hi > lo ? most : NO_LINE;
    x[C_ctx_min3] = hi > lo ? least : NO_LINE;
    x[C_ctx_mean10] = mean_of(c, i >= 10 ? i - 10 : 0, i + 10 < n ? i + 10 : n - 1);
    x[C_ctx_paragraph_mean] = c[i].paragraph_mean;
    x[C_ctx_paragraph_lines_log] = c[i].paragraph_lines_log;
    if (positive) {
        const double before = c[i].positive_before;
        x[C_ctx_positive_before] = before / (double)positive;
        x[C_ctx_positive_after] = ((double)positive - before - (own > 0)) / (double)positive;
    } else {
        x[C_ctx_positive_before] = x[C_ctx_positive_after] = 0;
    }
    x[C_ctx_score_prev_positive] = x[C_ctx_prev1] > 0 ? own : 0;
    x[C_ctx_score_next_positive] = x[C_ctx_next1] > 0 ? own : 0;
#undef AT
}

double model_context_score(const model *m, const double *x)
{
    double s = m->context_folded_bias;
    for (size_t j = 0; j < m->n_context; j++) s += m->context_folded[j] * x[j];
    return s;
}
