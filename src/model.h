/* model.h -- the learned line model: features in, log-odds of "content" out.
 *
 * For every line the classifier builds one vector of numeric features
 * (model_line_vector): the line's own shape and cues, the verdicts of the
 * rule-based first pass, the same measures of its neighbours, its
 * paragraph and its place in the document.  A logistic-regression model
 * and boosted trees turn the vector into log-odds (the first stage); a
 * second stage (model_context.c) revises every line's log-odds from the
 * first-stage log-odds of the lines around it; the classifier then
 * decodes the whole document at once (Viterbi over keep/drop with the
 * model's switching costs).
 *
 * A model is text (see model_parse), written by the training program
 * winnow-train; the shipped one is compiled in from model_default.c,
 * which winnow-train generates.  Feature names are the contract between
 * the two: a model may omit features (weight 0) but never name unknown
 * ones.
 */
#ifndef WINNOW_MODEL_H
#define WINNOW_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include "line_features.h"

#define MODEL_MAX_FEATURES 128
#define MODEL_CONTEXT_MAX 32
#define MODEL_MAX_TREES 256
#define MODEL_MAX_NODES 4096

/* A node of a regression tree: an internal node sends x to `left` when
 * x[feature] <= value, else to `right` (indices into model.nodes); a
 * leaf (feature < 0) adds `value` to the log-odds. */
typedef struct model_node {
    int32_t feature;
    int32_t left, right;
    double value;
} model_node;

/* The first-pass classes of a line (set by classify.c). */
enum line_class { CLASS_BAD = 0, CLASS_SHORT, CLASS_NEAR, CLASS_GOOD };

/* What the classifier knows of a line before the model speaks. */
typedef struct line_facts {
    line_features f;
    unsigned char cls;         /* first-pass class, alone */
    unsigned char ctx;         /* first-pass class after context */
    unsigned char banner;      /* part of a run of appeal lines */
    unsigned char recurring;   /* recurs across many documents */
    unsigned char heading;     /* reads like a heading */
    unsigned char credit;      /* reads like a photo credit */
    unsigned char gallery;     /* a picture gallery's counter or caption */
    unsigned char same_paragraph;  /* in the paragraph of the line before */
    uint32_t paragraph_lines;  /* lines in its paragraph */
    uint32_t paragraph_chars;  /* characters in its paragraph */
    uint32_t good_distance;    /* lines to the nearest ctx == GOOD line */
    double len_log;            /* log(1 + length), CJK characters counted 3 */
    double density;            /* function-word share (or its stand-in) */
    float title_match;         /* share of its words found in the first
                                  line (pages start with their <title>) */
    unsigned char comment_zone;  /* below the start of a comment section */
    float block_gain;          /* value of the best run of lines through it
                                  (prose characters net of the other lines:
                                  see find_blocks in classify.c) */
} line_facts;

/* Document-wide facts. */
typedef struct doc_facts {
    size_t n;                  /* lines */
    size_t first_good;         /* first line with ctx == GOOD (n if none) */
    size_t last_good;
    int unknown_language;
    double density_unknown_scale;
    size_t main_first, main_last;  /* the main block: the run of lines with
                                      the most prose net of boilerplate */
    double mean_len_log;           /* mean len_log of the document's lines */
    double block_best;             /* the highest block_gain */
    double lines_log;              /* the doc_lines_log feature (see
                                      model_prepare_doc) */
    size_t thread_first;           /* first line of the readers' comment
                                      thread below the content, n if none */
} doc_facts;

typedef struct model {
    size_t n;                          /* = model_feature_count */
    double bias;
    double threshold;                  /* added to every line's log-odds */
    double switch_same;                /* cost of a verdict change inside
                                          a paragraph */
    double switch_new;                 /* ... between paragraphs */
    double mean[MODEL_MAX_FEATURES];   /* feature j enters as */
    double scale[MODEL_MAX_FEATURES];  /* (x_j - mean_j) * scale_j */
    double weight[MODEL_MAX_FEATURES];
    /* derived by model_parse: score = folded_bias + sum folded[j] * x_j */
    double folded_bias;
    double folded[MODEL_MAX_FEATURES];
    /* boosted regression trees on the raw features, added to the linear
     * score (optional: a model may have none) */
    size_t n_trees, n_nodes;
    uint32_t tree_root[MODEL_MAX_TREES];
    model_node nodes[MODEL_MAX_NODES];
    /* derived by model_fold when every tree is at most 3 deep: the trees
     * as complete binary trees in heap order (a shallow leaf repeated),
     * which evaluate in three branch-free steps */
    int complete;
    struct complete_tree {              /* one tree's nodes together */
        uint8_t feature[8];             /* of the 7 tests (one unused) */
        double value[7];
        double leaf[8];
    } complete_tree[MODEL_MAX_TREES];
    /* the second stage (optional: n_context 0 when the model has none):
     * a logistic regression over the first-stage scores of the line and
     * of the lines around it (model_context_vector), whose log-odds
     * replace the first stage's */
    size_t n_context;                  /* = model_context_count, or 0 */
    double context_bias;
    double context_mean[MODEL_CONTEXT_MAX];
    double context_scale[MODEL_CONTEXT_MAX];
    double context_weight[MODEL_CONTEXT_MAX];
    double context_folded_bias;        /* derived by model_fold */
    double context_folded[MODEL_CONTEXT_MAX];
} model;

extern const char *const model_feature_names[];
extern const size_t model_feature_count;

extern const char *const model_context_names[];
extern const size_t model_context_count;

/* The shipped model's text, line by line (model_default.c, generated by
 * winnow-train; one string per line keeps every literal short). */
extern const char *const model_default_lines[];
extern const size_t model_default_line_count;

/* Parses a model from text:
 *
 *     winnow-model 1
 *     bias -0.42
 *     threshold 0
 *     switch-same-paragraph 2.5
 *     switch-new-paragraph 1
 *     feature len_log 3.1 0.8 1.25       name, mean, scale, weight
 *     ...
 *     tree 3                             a tree of 3 nodes, root first:
 *     node len_log 4.25 1 2              x <= 4.25 ? node 1 : node 2
 *     leaf -0.31                         (node numbers count from the
 *     leaf 0.12                           tree's first node)
 *     context-bias -0.2                  the second stage (optional):
 *     context ctx_score 0.4 0.3 2.9      name, mean, scale, weight
 *
 * Lines starting with '#' are comments.  Fails with
 * WINNOW_ERR_INVALID_ARG on a malformed line or an unknown feature name;
 * *m is written only on success. */
winnow_error model_parse(model *m, const char *text, size_t len);

/* Sets the per-line values the vectors of line l and its neighbours
 * share (len_log, density); call for every line before the vectors. */
void model_prepare_line(line_facts *l, const doc_facts *d);

/* Sets the values every line's vector shares (lines_log) from d->n;
 * call before the vectors. */
void model_prepare_doc(doc_facts *d);

/* Fills x[0..model_feature_count) for line i. */
void model_line_vector(const line_facts *lf, const doc_facts *d, size_t i,
                       double *x);

/* Derives folded_bias and folded[] from bias, mean, scale and weight;
 * call after changing those (model_parse does). */
void model_fold(model *m);

/* The log-odds that line i is content, given its vector x. */
double model_score(const model *m, const double *x);

/* What the boosted trees add to the score of x. */
double model_trees(const model *m, const double *x);

/* The second stage.  A line's context is read from the first-stage
 * scores of its document: per line, the score itself, clipped to
 * [-8, 8], the running sum of those, the mean score of its paragraph
 * and the paragraph's size, and how many lines before it scored above 0.  Prepare once per
 * document, then take the vector of any line. */
typedef struct context_line {
    double score;            /* first-stage log-odds, clipped */
    double cumulative;       /* sum of the clipped scores of lines 0..i */
    double paragraph_mean;
    double paragraph_lines_log;
    double positive_before;  /* lines above with score > 0 */
} context_line;

/* Fills c[0..n) from first-stage scores s[0..n); same[i] says line i is
 * in the paragraph of line i - 1 (same[0] is ignored).  Returns the
 * number of lines with a score above 0. */
size_t model_context_prepare(const double *s, const unsigned char *same, size_t n,
                             context_line *c);

/* Fills x[0..model_context_count) for line i of the n lines of c;
 * `positive` is what model_context_prepare returned. */
void model_context_vector(const context_line *c, size_t n, size_t i, size_t positive,
                          double *x);

/* The second stage's log-odds for context vector x. */
double model_context_score(const model *m, const double *x);

/* The index of the feature that pushed the score of x hardest in the
 * direction of `sign` (+1 keep, -1 drop), and its contribution (in the
 * linear part; index 0 and contribution 0 when none did). */
size_t model_top_feature(const model *m, const double *x, int sign,
                         double *contribution);

#endif /* WINNOW_MODEL_H */
