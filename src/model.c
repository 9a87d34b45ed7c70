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

#define DOC_LINES_CAP 4096     /* doc_lines_log stops growing here */

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
    X(prev_has_date) X(next_comment_cue) X(in_main_block) \
    X(main_distance_log) X(len_relative) X(starts_number) X(window_number) \
    X(block_gain_log) X(block_share)

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

/* log1p(k) for k < 256, the common case of the counts fed to log1p
 * (generated with Python's math.log1p; identical to libm's results). */
static const double log1p_small[256] = {
    0, 0.69314718055994529, 1.0986122886681096, 1.3862943611198906,
    1.6094379124341003, 1.791759469228055, 1.9459101490553132, 2.0794415416798357,
    2.1972245773362196, 2.3025850929940459, 2.3978952727983707, 2.4849066497880004,
    2.5649493574615367, 2.6390573296152589, 2.7080502011022101, 2.7725887222397811,
    2.8332133440562162, 2.8903717578961645, 2.9444389791664403, 2.9957322735539909,
    3.044522437723423, 3.0910424533583161, 3.1354942159291497, 3.1780538303479458,
    3.2188758248682006, 3.2580965380214821, 3.2958368660043291, 3.3322045101752038,
    3.3672958299864741, 3.4011973816621555, 3.4339872044851463, 3.4657359027997265,
    3.4965075614664802, 3.5263605246161616, 3.5553480614894135, 3.5835189384561099,
    3.6109179126442243, 3.6375861597263857, 3.6635616461296463, 3.6888794541139363,
    3.713572066704308, 3.7376696182833684, 3.7612001156935624, 3.784189633918261,
    3.8066624897703196, 3.8286413964890951, 3.8501476017100584, 3.8712010109078907,
    3.8918202981106265, 3.912023005428146, 3.9318256327243257, 3.9512437185814275,
    3.970291913552122, 3.9889840465642745, 4.0073331852324712, 4.0253516907351496,
    4.0430512678345503, 4.0604430105464191, 4.0775374439057197, 4.0943445622221004,
    4.1108738641733114, 4.1271343850450917, 4.1431347263915326, 4.1588830833596715,
    4.1743872698956368, 4.1896547420264252, 4.2046926193909657, 4.219507705176107,
    4.2341065045972597, 4.2484952420493594, 4.2626798770413155, 4.2766661190160553,
    4.290459441148391, 4.3040650932041693, 4.3174881135363101, 4.3307333402863311,
    4.3438054218536841, 4.3567088266895917, 4.3694478524670215, 4.3820266346738812,
    4.3944491546724391, 4.4067192472642533, 4.4188406077965983, 4.4308167988433134,
    4.4426512564903167, 4.4543472962535073, 4.4659081186545837, 4.4773368144782069,
    4.4886363697321396, 4.499809670330265, 4.5108595065168497, 4.5217885770490405,
    4.5325994931532563, 4.5432947822700038, 4.5538768916005408, 4.5643481914678361,
    4.5747109785033828, 4.5849674786705723, 4.5951198501345898, 4.6051701859880918,
    4.6151205168412597, 4.6249728132842707, 4.6347289882296359, 4.6443908991413725,
    4.6539603501575231, 4.6634390941120669, 4.6728288344619058, 4.6821312271242199,
    4.6913478822291435, 4.7004803657924166, 4.7095302013123339, 4.7184988712950942,
    4.7273878187123408, 4.7361984483944957, 4.7449321283632502, 4.7535901911063645,
    4.7621739347977563, 4.7706846244656651, 4.7791234931115296, 4.7874917427820458,
    4.7957905455967413, 4.8040210447332568, 4.8121843553724171, 4.8202815656050371,
    4.8283137373023015, 4.836281906951478, 4.8441870864585912, 4.8520302639196169,
    4.8598124043616719, 4.8675344504555822, 4.8751973232011512, 4.8828019225863706,
    4.8903491282217537, 4.8978397999509111, 4.9052747784384296, 4.9126548857360524,
    4.9199809258281251, 4.9272536851572051, 4.9344739331306915, 4.9416424226093039,
    4.9487598903781684, 4.9558270576012609, 4.962844630259907, 4.9698132995760007,
    4.9767337424205742, 4.9836066217083363, 4.990432586778736, 4.9972122737641147,
    5.0039463059454592, 5.0106352940962555, 5.0172798368149243, 5.0238805208462765,
    5.0304379213924353, 5.0369526024136295, 5.0434251169192468, 5.0498560072495371,
    5.0562458053483077, 5.0625950330269669, 5.0689042022202315, 5.0751738152338266,
    5.0814043649844631, 5.0875963352323836, 5.0937502008067623, 5.0998664278241987,
    5.1059454739005803, 5.1119877883565437, 5.1179938124167554, 5.1239639794032588,
    5.1298987149230735, 5.1357984370502621, 5.1416635565026603, 5.1474944768134527,
    5.1532915944977793, 5.1590552992145291, 5.1647859739235145, 5.1704839950381514,
    5.1761497325738288, 5.181783550292085, 5.1873858058407549, 5.1929568508902104,
    5.1984970312658261, 5.2040066870767951, 5.2094861528414214, 5.2149357576089859,
    5.2203558250783253, 5.2257466737132017, 5.2311086168545868, 5.2364419628299492,
    5.2417470150596426, 5.2470240721604862, 5.2522734280466299, 5.2574953720277815,
    5.2626901889048856, 5.2678581590633282, 5.2729995585637468, 5.2781146592305177,
    5.2832037287379885, 5.2882670306945352, 5.2933048247244923, 5.2983173665480363,
    5.3033049080590757, 5.3082676974012051, 5.3132059790417872, 5.3181199938442161,
    5.3230099791384085, 5.3278761687895813, 5.3327187932653688, 5.3375380797013179,
    5.3423342519648109, 5.3471075307174685, 5.3518581334760666, 5.3565862746720123,
    5.3612921657094255, 5.3659760150218512, 5.3706380281276624, 5.3752784076841653,
    5.3798973535404597, 5.3844950627890888, 5.389071729816501, 5.3936275463523611,
    5.3981627015177525, 5.4026773818722793, 5.4071717714601188, 5.4116460518550396,
    5.4161004022044201, 5.4205349992722862, 5.4249500174814029, 5.4293456289544411,
    5.43372200355424, 5.4380793089231956, 5.4424177105217932, 5.4467373716663099,
    5.4510384535657002, 5.4553211153577017, 5.4595855141441589, 5.4638318050256105,
    5.4680601411351315, 5.472270673671475, 5.476463551931511, 5.4806389233419912,
    5.4847969334906548, 5.4889377261566867, 5.4930614433405482, 5.4971682252932021,
    5.5012582105447274, 5.5053315359323625, 5.5093883366279774, 5.5134287461649825,
    5.5174528964647074, 5.521460917862246, 5.5254529391317835, 5.5294290875114234,
    5.5333894887275203, 5.5373342670185366, 5.5412635451584258, 5.5451774444795623,
};

static double log1p_count(double k)
{
    return k >= 0 && k < 256 && k == (double)(unsigned)k ? log1p_small[(unsigned)k] : log1p(k);
}

void model_prepare_line(line_facts *l, const doc_facts *d)
{
    const line_features *f = &l->f;
    l->len_log = log1p_count((double)f->chars + 2.0 * f->cjk);
    l->density = density(f, d);
}

void model_prepare_doc(doc_facts *d)
{
    /* beyond the sizes a model learns from, size says nothing more: a
     * linear weight must not run away on a book-length text */
    d->lines_log = log1p_count((double)(d->n < DOC_LINES_CAP ? d->n : DOC_LINES_CAP));
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
    /* every feature is written below, zeros included: no memset of the
     * whole vector per line */
    double len = (double)f->chars + 2.0 * f->cjk, dens = l->density;
    x[F_len_log] = l->len_log;
    x[F_words_log] = log1p_count(f->words);
    x[F_density] = dens;
    x[F_ends_sentence] = f->ends_sentence;
    x[F_ends_colon] = f->ends_colon;
    x[F_ends_comma] = f->ends_comma;
    x[F_starts_upper] = f->starts_upper;
    x[F_starts_lower] = f->starts_lower;
    x[F_starts_bullet] = f->starts_bullet;
    x[F_starts_number] = f->starts_number;
    x[F_in_quotes] = f->in_quotes;
    x[F_upper_share] = share(f->upper, f->letters);
    x[F_capitalized_share] = share(f->capitalized, f->words);
    x[F_digit_share] = share(f->digits, f->chars);
    x[F_punct_share] = share(f->punct, f->chars);
    x[F_cjk_share] = share(f->cjk, f->letters);
    x[F_has_url] = f->has_url;
    x[F_has_email] = f->has_email;
    x[F_sentences_log] = log1p_count(f->sentence_marks);
    x[F_cue_strong] = f->cue.strong > 0;
    x[F_cue_weak] = f->cue.weak > 0;
    for (size_t j = F_cue_navigation; j <= F_cue_metadata; j++) x[j] = 0;
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
        x[F_prev_len_log] = p->len_log;
        x[F_prev_density] = p->density;
        x[F_prev_ends_sentence] = p->f.ends_sentence;
        x[F_prev_cue] = has_cue(&p->f);
        x[F_prev_ctx_good] = p->ctx == CLASS_GOOD;
        x[F_prev_same_paragraph] = l->same_paragraph;
        x[F_first_line] = 0;
    } else {
        x[F_prev_len_log] = x[F_prev_density] = x[F_prev_ends_sentence] = 0;
        x[F_prev_cue] = x[F_prev_ctx_good] = x[F_prev_same_paragraph] = 0;
        x[F_first_line] = 1;
    }
    if (i + 1 < d->n) {
        const line_facts *q = &lf[i + 1];
        x[F_next_len_log] = q->len_log;
        x[F_next_density] = q->density;
        x[F_next_ends_sentence] = q->f.ends_sentence;
        x[F_next_cue] = has_cue(&q->f);
        x[F_next_ctx_good] = q->ctx == CLASS_GOOD;
        x[F_next_same_paragraph] = q->same_paragraph;
        x[F_last_line] = 0;
    } else {
        x[F_next_len_log] = x[F_next_density] = x[F_next_ends_sentence] = 0;
        x[F_next_cue] = x[F_next_ctx_good] = x[F_next_same_paragraph] = 0;
        x[F_last_line] = 1;
    }
    size_t lo = i >= 3 ? i - 3 : 0, hi = i + 3 < d->n ? i + 3 : d->n - 1;
    double good = 0, cues = 0, len_max = 0, numbers = 0;
    for (size_t j = lo; j <= hi; j++) {
        if (j == i) continue;
        good += lf[j].ctx == CLASS_GOOD;
        numbers += lf[j].f.starts_number;
        cues += has_cue(&lf[j].f);
        double lj = lf[j].len_log;
        if (lj > len_max) len_max = lj;
    }
    x[F_window_good] = good / 6.0;
    x[F_window_cue] = cues / 6.0;
    x[F_window_len_max] = len_max;
    x[F_window_number] = numbers / 6.0;
    x[F_paragraph_lines_log] = log1p_count(l->paragraph_lines);
    x[F_paragraph_first] = !l->same_paragraph;
    x[F_paragraph_len_log] = log1p_count(l->paragraph_chars);
    x[F_position] = d->n > 1 ? (double)i / (double)(d->n - 1) : 0.0;
    x[F_before_first_good] = i < d->first_good;
    x[F_after_last_good] = d->first_good < d->n && i > d->last_good;
    x[F_good_distance_log] = log1p_count(l->good_distance);
    x[F_doc_lines_log] = d->lines_log;
    x[F_unknown_language] = d->unknown_language;
    x[F_has_date] = f->has_date;
    x[F_has_time] = f->has_time;
    x[F_title_match] = l->title_match;
    x[F_comment_zone] = l->comment_zone;
    x[F_len_x_density] = x[F_len_log] * dens;
    /* long lines without function words: link lists, archives, tags */
    x[F_long_sparse] = dens < 0.1 && len > 70 ? log(len / 70.0) : 0.0;
    x[F_prev_has_date] = i > 0 && lf[i - 1].f.has_date;
    x[F_in_main_block] = i >= d->main_first && i <= d->main_last;
    x[F_main_distance_log] = log1p_count(i < d->main_first ? (double)(d->main_first - i)
                                         : i > d->main_last ? (double)(i - d->main_last) : 0.0);
    x[F_len_relative] = l->len_log - d->mean_len_log;
    /* the block around the line: its own worth, and next to the best */
    const double gain = l->block_gain;
    /* in steps of 50 characters: a table lookup, not a logarithm */
    const double steps = floor(fabs(gain) / 50.0 + 0.5);
    x[F_block_gain_log] = gain >= 0 ? log1p_count(steps) : -log1p_count(steps);
    x[F_block_share] = d->block_best > 0 ? fmax(-1.0, fmin(1.0, gain / d->block_best)) : 0.0;
    x[F_next_comment_cue] = i + 1 < d->n && has_cue(&lf[i + 1].f) &&
                            lf[i + 1].f.cue.kind == WINNOW_REASON_COMMENT_FORM;
}

/* Writes node `i` of a tree into heap slot `slot` of a complete tree of
 * depth 3; returns 0 when the tree is deeper. */
static int complete_node(model *m, size_t t, size_t i, int slot)
{
    const model_node *nd = &m->nodes[i];
    if (slot >= 7) {                   /* depth 3: must be a leaf */
        if (nd->feature >= 0) return 0;
        m->complete_tree[t].leaf[slot - 7] = nd->value;
        return 1;
    }
    if (nd->feature < 0) {             /* a shallow leaf: any test, same leaf */
        m->complete_tree[t].feature[slot] = 0;
        m->complete_tree[t].value[slot] = 0;
        return complete_node(m, t, i, 2 * slot + 1) && complete_node(m, t, i, 2 * slot + 2);
    }
    if (nd->feature > 255) return 0;
    m->complete_tree[t].feature[slot] = (uint8_t)nd->feature;
    m->complete_tree[t].value[slot] = nd->value;
    return complete_node(m, t, (size_t)nd->left, 2 * slot + 1) &&
           complete_node(m, t, (size_t)nd->right, 2 * slot + 2);
}

void model_fold(model *m)
{
    m->folded_bias = m->bias;
    for (size_t j = 0; j < m->n; j++) {
        m->folded[j] = m->weight[j] * m->scale[j];
        m->folded_bias -= m->folded[j] * m->mean[j];
    }
    m->context_folded_bias = m->context_bias;
    for (size_t j = 0; j < m->n_context; j++) {
        m->context_folded[j] = m->context_weight[j] * m->context_scale[j];
        m->context_folded_bias -= m->context_folded[j] * m->context_mean[j];
    }
    m->complete = 1;
    for (size_t t = 0; t < m->n_trees && m->complete; t++)
        m->complete = complete_node(m, t, m->tree_root[t], 0);
}

double model_trees(const model *m, const double *x)
{
    double s = 0;
    if (m->complete) {
        const struct complete_tree *c = m->complete_tree, *end = c + m->n_trees;
        for (; c < end; c++) {
            unsigned i = 1 + (x[c->feature[0]] > c->value[0]);
            i = 2 * i + 1 + (x[c->feature[i]] > c->value[i]);
            i = 2 * i + 1 + (x[c->feature[i]] > c->value[i]);
            s += c->leaf[i - 7];
        }
        return s;
    }
    for (size_t t = 0; t < m->n_trees; t++) {
        const model_node *nd = &m->nodes[m->tree_root[t]];
        while (nd->feature >= 0)
            nd = &m->nodes[x[nd->feature] <= nd->value ? nd->left : nd->right];
        s += nd->value;
    }
    return s;
}

double model_score(const model *m, const double *x)
{
    /* four partial sums: independent chains the processor overlaps */
    double s0 = m->folded_bias, s1 = 0, s2 = 0, s3 = 0;
    size_t j = 0;
    for (; j + 4 <= m->n; j += 4) {
        s0 += m->folded[j] * x[j];
        s1 += m->folded[j + 1] * x[j + 1];
        s2 += m->folded[j + 2] * x[j + 2];
        s3 += m->folded[j + 3] * x[j + 3];
    }
    for (; j < m->n; j++) s0 += m->folded[j] * x[j];
    return (s0 + s1) + (s2 + s3) + model_trees(m, x);
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

/* "NAME mean scale weight" at *p: the index of NAME among names[0..count)
 * in *j and the three numbers in v.  Returns 0 when malformed. */
static int read_weight(const char **p, const char *end, const char *const *names,
                       size_t count, size_t *j, double v[3])
{
    const char *name;
    size_t name_len;
    read_word(p, end, &name, &name_len);
    for (*j = 0; *j < count && !word_is(name, name_len, names[*j]); (*j)++) {}
    if (*j == count) return 0;
    for (int k = 0; k < 3; k++) {
        skip_spaces(p, end);
        if (!parse_number(p, end, &v[k])) return 0;
    }
    return 1;
}

winnow_error model_parse(model *out, const char *text, size_t len)
{
    model m;
    memset(&m, 0, sizeof m);
    m.n = F_COUNT;
    for (size_t j = 0; j < F_COUNT; j++) m.scale[j] = 1.0;
    for (size_t j = 0; j < MODEL_CONTEXT_MAX; j++) m.context_scale[j] = 1.0;
    const char *p = text, *end = text + len;
    int saw_header = 0;
    size_t tree_left = 0, tree_base = 0;   /* nodes still due in the tree */
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
        } else if (word_is(w, n, "tree")) {
            double count;
            skip_spaces(&p, end);
            if (!parse_number(&p, end, &count) || count < 1 ||
                m.n_trees >= MODEL_MAX_TREES || count > MODEL_MAX_NODES - m.n_nodes)
                return WINNOW_ERR_INVALID_ARG;
            m.tree_root[m.n_trees++] = (uint32_t)m.n_nodes;
            tree_left = (size_t)count;
            tree_base = m.n_nodes;
        } else if (word_is(w, n, "node") || word_is(w, n, "leaf")) {
            if (!tree_left) return WINNOW_ERR_INVALID_ARG;
            model_node *nd = &m.nodes[m.n_nodes++];
            size_t size = m.n_nodes - 1 - tree_base + tree_left;  /* of this tree */
            tree_left--;
            if (word_is(w, n, "leaf")) {
                nd->feature = -1;
                nd->left = nd->right = 0;
                skip_spaces(&p, end);
                if (!parse_number(&p, end, &nd->value)) return WINNOW_ERR_INVALID_ARG;
            } else {
                const char *name;
                size_t name_len;
                read_word(&p, end, &name, &name_len);
                size_t j = 0;
                while (j < F_COUNT && !word_is(name, name_len, model_feature_names[j])) j++;
                double v[3];
                for (int k = 0; k < 3; k++) {
                    skip_spaces(&p, end);
                    if (j == F_COUNT || !parse_number(&p, end, &v[k]))
                        return WINNOW_ERR_INVALID_ARG;
                }
                /* children come later in the same tree: no cycles */
                size_t here = m.n_nodes - 1 - tree_base;
                for (int k = 1; k < 3; k++)
                    if (v[k] != (double)(size_t)v[k] || v[k] <= here || v[k] >= size)
                        return WINNOW_ERR_INVALID_ARG;
                nd->feature = (int32_t)j;
                nd->value = v[0];
                nd->left = (int32_t)(tree_base + (size_t)v[1]);
                nd->right = (int32_t)(tree_base + (size_t)v[2]);
            }
        } else if (word_is(w, n, "feature")) {
            size_t j;
            double v[3];
            if (!read_weight(&p, end, model_feature_names, F_COUNT, &j, v))
                return WINNOW_ERR_INVALID_ARG;
            m.mean[j] = v[0];
            m.scale[j] = v[1];
            m.weight[j] = v[2];
        } else if (word_is(w, n, "context")) {
            size_t j;
            double v[3];
            if (!read_weight(&p, end, model_context_names, model_context_count, &j, v))
                return WINNOW_ERR_INVALID_ARG;
            m.n_context = model_context_count;
            m.context_mean[j] = v[0];
            m.context_scale[j] = v[1];
            m.context_weight[j] = v[2];
        } else if (word_is(w, n, "context-bias")) {
            skip_spaces(&p, end);
            if (!parse_number(&p, end, &m.context_bias)) return WINNOW_ERR_INVALID_ARG;
            m.n_context = model_context_count;
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
    if (!saw_header || tree_left) return WINNOW_ERR_INVALID_ARG;
    model_fold(&m);
    *out = m;
    return WINNOW_OK;
}
