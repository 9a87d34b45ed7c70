/* test_model.c -- model text, scoring and the shipped model. */
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "model.h"

static winnow_error parse(model *m, const char *text)
{
    return model_parse(m, text, strlen(text));
}

/* The index of `name` among names[0..count), or count. */
static size_t name_index(const char *const *names, size_t count, const char *name)
{
    for (size_t j = 0; j < count; j++)
        if (strcmp(names[j], name) == 0) return j;
    return count;
}

static size_t feature_index(const char *name)
{
    return name_index(model_feature_names, model_feature_count, name);
}

static size_t context_index(const char *name)
{
    return name_index(model_context_names, model_context_count, name);
}

static void test_linear_model_scores_standardized_features(void)
{
    model *m = calloc(1, sizeof *m);
    if (!m) return;
    CHECK_INT(parse(m, "# a comment\n"
                       "winnow-model 1\n"
                       "bias 0.5\n"
                       "threshold -1\n"
                       "switch-same-paragraph 2\n"
                       "switch-new-paragraph 1   # trailing comment\n"
                       "feature len_log 3 0.5 2\n"), WINNOW_OK);
    CHECK(m->threshold == -1 && m->switch_same == 2 && m->switch_new == 1);
    double x[MODEL_MAX_FEATURES] = {0};
    size_t j = feature_index("len_log");
    CHECK(j < model_feature_count);
    x[j] = 5;   /* (5 - 3) * 0.5 * 2 = 2, plus the bias */
    CHECK(fabs(model_score(m, x) - 2.5) < 1e-12);
    double c;
    CHECK_INT(model_top_feature(m, x, 1, &c), j);
    CHECK(fabs(c - 2) < 1e-12);
    free(m);
}

static void test_malformed_models_are_refused(void)
{
    model *m = calloc(1, sizeof *m);
    if (!m) return;
    m->bias = 42;
    CHECK_INT(parse(m, ""), WINNOW_ERR_INVALID_ARG);                 /* no header */
    CHECK_INT(parse(m, "winnow-model 2\n"), WINNOW_ERR_INVALID_ARG); /* version */
    CHECK_INT(parse(m, "winnow-model 1\nfeature no_such_feature 0 1 1\n"),
              WINNOW_ERR_INVALID_ARG);
    CHECK_INT(parse(m, "winnow-model 1\nbias\n"), WINNOW_ERR_INVALID_ARG);
    CHECK_INT(parse(m, "winnow-model 1\nbias 1 2\n"), WINNOW_ERR_INVALID_ARG);
    CHECK_INT(parse(m, "winnow-model 1\nsomething 1\n"), WINNOW_ERR_INVALID_ARG);
    /* trees: a child must come later in its own tree; no missing nodes */
    CHECK_INT(parse(m, "winnow-model 1\ntree 3\nnode len_log 1 0 2\nleaf 1\nleaf 2\n"),
              WINNOW_ERR_INVALID_ARG);
    CHECK_INT(parse(m, "winnow-model 1\ntree 3\nnode len_log 1 1 5\nleaf 1\nleaf 2\n"),
              WINNOW_ERR_INVALID_ARG);
    CHECK_INT(parse(m, "winnow-model 1\ntree 3\nnode len_log 1 1 2\nleaf 1\n"),
              WINNOW_ERR_INVALID_ARG);
    CHECK_INT(parse(m, "winnow-model 1\nleaf 1\n"), WINNOW_ERR_INVALID_ARG);
    CHECK(m->bias == 42);   /* untouched on failure */
    free(m);
}

static void test_trees_add_to_the_score(void)
{
    model *m = calloc(1, sizeof *m);
    if (!m) return;
    /* one shallow tree (a leaf at depth 1) and one four levels deep, which
     * cannot take the complete-tree path */
    CHECK_INT(parse(m, "winnow-model 1\n"
                       "tree 5\n"
                       "node len_log 4 1 2\n"
                       "leaf -1\n"
                       "node density 0.3 3 4\n"
                       "leaf 0.5\n"
                       "leaf 2\n"), WINNOW_OK);
    CHECK(m->complete);
    size_t len = feature_index("len_log"), dens = feature_index("density");
    double x[MODEL_MAX_FEATURES] = {0};
    x[len] = 3;
    CHECK(fabs(model_score(m, x) - -1) < 1e-12);
    x[len] = 5; x[dens] = 0.2;
    CHECK(fabs(model_score(m, x) - 0.5) < 1e-12);
    x[dens] = 0.4;
    CHECK(fabs(model_score(m, x) - 2) < 1e-12);
    CHECK_INT(parse(m, "winnow-model 1\n"
                       "tree 9\n"
                       "node len_log 1 1 2\nleaf 0\n"
                       "node len_log 2 3 4\nleaf 0\n"
                       "node len_log 3 5 6\nleaf 0\n"
                       "node len_log 4 7 8\nleaf 1\nleaf 3\n"), WINNOW_OK);
    CHECK(!m->complete);
    x[len] = 4.5;
    CHECK(fabs(model_score(m, x) - 3) < 1e-12);
    x[len] = 3.5;
    CHECK(fabs(model_score(m, x) - 1) < 1e-12);
    free(m);
}

static void test_shipped_model_parses_and_names_known_features(void)
{
    model *m = calloc(1, sizeof *m);
    if (!m) return;
    size_t len = 0;
    for (size_t i = 0; i < model_default_line_count; i++) len += strlen(model_default_lines[i]);
    char *text = malloc(len + 1), *p = text;
    if (!text) { free(m); return; }
    for (size_t i = 0; i < model_default_line_count; i++) {
        size_t n = strlen(model_default_lines[i]);
        memcpy(p, model_default_lines[i], n);
        p += n;
    }
    CHECK_INT(model_parse(m, text, len), WINNOW_OK);
    /* a trained model: some weight is not zero, switching costs are sane */
    int any = 0;
    for (size_t j = 0; j < m->n; j++) any |= m->weight[j] != 0;
    CHECK(any);
    CHECK(m->switch_same >= 0 && m->switch_new >= 0);
    CHECK_INT(m->n_context, model_context_count);   /* with its second stage */
    free(text);
    free(m);
}

/* model_line_vector writes every feature of the vector, whatever was in
 * it before (the classifier reuses one vector for all lines): filled with
 * NaN or with zeros beforehand, it must come out the same, for the first,
 * a middle and the last line. */
static void test_line_vector_writes_every_feature(void)
{
    line_facts lf[3];
    memset(lf, 0, sizeof lf);
    for (size_t i = 0; i < 3; i++) {
        lf[i].f.chars = 40 + 10 * (unsigned)i;
        lf[i].f.words = 8;
        lf[i].f.letters = 30;
        lf[i].len_log = 3.5;
        lf[i].density = 0.3;
        lf[i].paragraph_lines = 2;
    }
    lf[1].f.cue.weak = 1;
    lf[1].f.cue.kind = WINNOW_REASON_SHARE;
    doc_facts d;
    memset(&d, 0, sizeof d);
    d.n = 3;
    d.last_good = 2;
    d.main_last = 2;
    double a[MODEL_MAX_FEATURES], b[MODEL_MAX_FEATURES];
    for (size_t i = 0; i < 3; i++) {
        for (size_t j = 0; j < MODEL_MAX_FEATURES; j++) { a[j] = NAN; b[j] = 0; }
        model_line_vector(lf, &d, i, a);
        model_line_vector(lf, &d, i, b);
        size_t differ = 0;
        for (size_t j = 0; j < model_feature_count; j++)
            differ += memcmp(&a[j], &b[j], sizeof a[j]) != 0;
        CHECK_INT(differ, 0);
    }
}

/* A document's size stops counting past the sizes a model learns from:
 * a book-length text reads as long, not as ever longer (a linear weight
 * on it would otherwise outweigh every other feature). */
static void test_document_size_is_capped(void)
{
    line_facts lf[4];    /* line 0 and the neighbours its vector reads */
    memset(lf, 0, sizeof lf);
    doc_facts d;
    memset(&d, 0, sizeof d);
    double x[MODEL_MAX_FEATURES];
    size_t j = feature_index("doc_lines_log");
    d.n = 100;
    model_prepare_doc(&d);
    model_line_vector(lf, &d, 0, x);
    double small = x[j];
    d.n = 5000;
    model_prepare_doc(&d);
    model_line_vector(lf, &d, 0, x);
    double big = x[j];
    d.n = 1000000;
    model_prepare_doc(&d);
    model_line_vector(lf, &d, 0, x);
    CHECK(big > small);
    CHECK(x[j] == big);
}

/* The second stage parses, folds and scores like the first; a model
 * without it (every model written before it) has none; an unknown
 * context feature is refused. */
static void test_context_stage_parses_and_scores(void)
{
    model *m = calloc(1, sizeof *m);
    if (!m) return;
    CHECK_INT(parse(m, "winnow-model 1\nfeature len_log 3 0.5 2\n"), WINNOW_OK);
    CHECK_INT(m->n_context, 0);
    CHECK_INT(parse(m, "winnow-model 1\n"
                       "context-bias -1\n"
                       "context ctx_score 1 0.5 4\n"
                       "context ctx_paragraph_mean 0 1 -1\n"), WINNOW_OK);
    CHECK_INT(m->n_context, model_context_count);
    double x[MODEL_CONTEXT_MAX] = {0};
    size_t own = context_index("ctx_score"), par = context_index("ctx_paragraph_mean");
    CHECK(own < model_context_count && par < model_context_count);
    x[own] = 3;     /* (3 - 1) * 0.5 * 4 = 4 */
    x[par] = 1.5;   /* -1.5, and the bias -1 */
    CHECK(fabs(model_context_score(m, x) - 1.5) < 1e-12);
    m->bias = 42;
    CHECK_INT(parse(m, "winnow-model 1\ncontext ctx_nothing 0 1 1\n"), WINNOW_ERR_INVALID_ARG);
    CHECK_INT(parse(m, "winnow-model 1\ncontext ctx_score 0 1\n"), WINNOW_ERR_INVALID_ARG);
    CHECK_INT(parse(m, "winnow-model 1\ncontext-bias x\n"), WINNOW_ERR_INVALID_ARG);
    CHECK(m->bias == 42);
    free(m);
}

/* The context of a line, worked out by hand: two paragraphs (lines 0-2,
 * 3-4), scores clipped to [-8, 8], lines beyond the document at -4. */
static void test_context_vector_reads_the_lines_around(void)
{
    const double s[5] = {2, -1, 20, -3, 1};
    const unsigned char same[5] = {0, 1, 1, 0, 1};
    context_line c[5];
    CHECK_INT(model_context_prepare(s, same, 5, c), 3);   /* 2, 20 and 1 are > 0 */
    CHECK(c[2].score == 8);
    CHECK(fabs(c[0].paragraph_mean - 3) < 1e-12);         /* (2 - 1 + 8) / 3 */
    CHECK(fabs(c[4].paragraph_mean - -1) < 1e-12);        /* (-3 + 1) / 2 */
    CHECK(fabs(c[4].paragraph_lines_log - log(2)) < 1e-12 && fabs(c[1].paragraph_lines_log - log(3)) < 1e-12);
    double x[MODEL_CONTEXT_MAX];
    model_context_vector(c, 5, 0, 3, x);
    CHECK(x[context_index("ctx_prev1")] == -4 && x[context_index("ctx_prev2")] == -4);
    CHECK(x[context_index("ctx_next1")] == -1 && x[context_index("ctx_next2")] == 8);
    CHECK(x[context_index("ctx_max3")] == 8 && x[context_index("ctx_min3")] == -3);
    CHECK(fabs(x[context_index("ctx_mean3")] - 1.5) < 1e-12);   /* (2-1+8-3)/4 */
    CHECK(x[context_index("ctx_positive_before")] == 0);
    CHECK(fabs(x[context_index("ctx_positive_after")] - 2.0 / 3) < 1e-12);
    CHECK(x[context_index("ctx_score_next_positive")] == 0);    /* next is -1 */
    model_context_vector(c, 5, 3, 3, x);
    CHECK(fabs(x[context_index("ctx_positive_before")] - 2.0 / 3) < 1e-12);
    CHECK(fabs(x[context_index("ctx_positive_after")] - 1.0 / 3) < 1e-12);
    CHECK(x[context_index("ctx_score_prev_positive")] == -3);   /* prev is 8 */
    CHECK(fabs(x[context_index("ctx_paragraph_lines_log")] - log(2)) < 1e-12);
    CHECK(fabs(x[context_index("ctx_mean10")] - 1.4) < 1e-12);  /* all five */
}

int main(void)
{
    RUN_TEST(test_linear_model_scores_standardized_features);
    RUN_TEST(test_malformed_models_are_refused);
    RUN_TEST(test_trees_add_to_the_score);
    RUN_TEST(test_shipped_model_parses_and_names_known_features);
    RUN_TEST(test_line_vector_writes_every_feature);
    RUN_TEST(test_document_size_is_capped);
    RUN_TEST(test_context_stage_parses_and_scores);
    RUN_TEST(test_context_vector_reads_the_lines_around);
    return check_summary();
}
