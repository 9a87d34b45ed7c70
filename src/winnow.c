/* winnow.c -- the context and the pipeline, stage by stage.
 *
 *   bytes --decode--> UTF-8 --entities--> --mojibake--> repaired
 *         --normalize--> NFC/NFKC --indexfold--> --tidy--> tidied text
 *         --segment--> line spans --classify--> verdicts --output--> text
 *
 * A context owns one buffer per stage; each is reset, not freed, between
 * documents, so a warm context cleans document after document without
 * allocating.  Stages that have nothing to change hand their input
 * through without a copy (valid UTF-8, ASCII or already-normalized text).
 */
#include <stdlib.h>
#include <string.h>

#include "winnow.h"
#include "binary.h"
#include "buf.h"
#include "classify.h"
#include "decode.h"
#include "entities.h"
#include "indexfold.h"
#include "mojibake.h"
#include "normalize.h"
#include "output.h"
#include "segment.h"
#include "tidy.h"
#include "line_counts.h"

struct winnow {
    winnow_options opt;
    decoder decoder;
    normalizer normalizer;
    classifier classifier;
    mojibake mojibake;
    indexfold indexfold;
    wbuf decoded;       /* decode's output when it had to copy */
    wbuf unescaped;     /* entities' output when there were any */
    wbuf tidied;        /* tidy's output */
    wbuf lines;         /* winnow_line array */
    wbuf out;           /* clean text */
    wbuf recurrence;    /* uint32 per line: documents it occurs in */
    wbuf explain;       /* explain view */
    wbuf explain_head;  /* explain view under its encoding header */
};

const char *winnow_version(void) { return WINNOW_VERSION; }

const char *winnow_strerror(winnow_error e)
{
    switch (e) {
    case WINNOW_OK: return "success";
    case WINNOW_ERR_NOMEM: return "out of memory";
    case WINNOW_ERR_TOO_LARGE: return "document too large";
    case WINNOW_ERR_ENCODING: return "unknown encoding";
    case WINNOW_ERR_DECODE: return "cannot decode input";
    case WINNOW_ERR_INVALID_ARG: return "invalid argument";
    case WINNOW_ERR_BINARY: return "binary data, not text";
    case WINNOW_ERR_MODEL: return "malformed model";
    case WINNOW_ERR_JSON: return "not a valid JSON object";
    case WINNOW_ERR_JSON_FIELD: return "no such field";
    case WINNOW_ERR_JSON_TYPE: return "field of the wrong type (text must be a string, metadata an object)";
    case WINNOW_ERR_LINE_COUNTS: return "not a valid line-counts file";
    case WINNOW_ERR_INVALID_INPUT: return "invalid input for its encoding";
    }
    return "unknown error";
}

const char *winnow_reason_name(winnow_reason r)
{
    static const char *const names[WINNOW_REASON_COUNT_] = {
        [WINNOW_REASON_CONTENT] = "content",
        [WINNOW_REASON_TITLE] = "title",
        [WINNOW_REASON_HEADING] = "heading",
        [WINNOW_REASON_KEEP_ALL] = "keep-all",
        [WINNOW_REASON_SHORT] = "short",
        [WINNOW_REASON_OUTSIDE] = "outside",
        [WINNOW_REASON_NAVIGATION] = "navigation",
        [WINNOW_REASON_SHARE] = "share",
        [WINNOW_REASON_COMMENT_FORM] = "comment-form",
        [WINNOW_REASON_SUBSCRIBE] = "subscribe",
        [WINNOW_REASON_DONATION] = "donation",
        [WINNOW_REASON_COOKIE] = "cookie",
        [WINNOW_REASON_CREDIT] = "credit",
        [WINNOW_REASON_SYNDICATION] = "syndication",
        [WINNOW_REASON_READ_MORE] = "read-more",
        [WINNOW_REASON_LEGAL] = "legal",
        [WINNOW_REASON_ADVERT] = "advert",
        [WINNOW_REASON_BANNER] = "banner",
        [WINNOW_REASON_METADATA] = "metadata",
        [WINNOW_REASON_SYMBOLS] = "symbols",
        [WINNOW_REASON_REPEATED] = "repeated",
        [WINNOW_REASON_COMMENTS] = "comments",
        [WINNOW_REASON_GALLERY] = "gallery",
    };
    if ((int)r < 0 || r >= WINNOW_REASON_COUNT_ || !names[r]) return "unknown";
    return names[r];
}

void winnow_options_init(winnow_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->from_encoding = NULL;
    opt->normal_form = WINNOW_NFC;
    opt->tidy = 1;
    opt->keep_all = 0;
    opt->keep_comments = 0;
    opt->max_doc_bytes = (size_t)1 << 30;
    opt->fix_mojibake = 1;
    opt->entities = 1;
}

winnow_error winnow_new(winnow **out, const winnow_options *opt)
{
    if (!out) return WINNOW_ERR_INVALID_ARG;
    winnow *w = calloc(1, sizeof *w);
    if (!w) return WINNOW_ERR_NOMEM;
    if (opt) w->opt = *opt;
    else winnow_options_init(&w->opt);
    if (w->opt.normal_form != WINNOW_NFC && w->opt.normal_form != WINNOW_NFKC &&
        w->opt.normal_form != WINNOW_NORMALIZE_NONE) {
        free(w);
        return WINNOW_ERR_INVALID_ARG;
    }
    size_t max = w->opt.max_doc_bytes;
    /* Each stage may grow its text a little (U+FFFD for one byte, NFKC
     * expansions); the caps leave room for that. */
    size_t cap = max ? (max > ((size_t)-1) / 8 ? 0 : max * 4 + 1024) : 0;
    wbuf_init(&w->decoded, cap);
    wbuf_init(&w->tidied, cap);
    wbuf_init(&w->lines, 0);
    wbuf_init(&w->out, cap);
    wbuf_init(&w->explain, 0);
    wbuf_init(&w->recurrence, 0);
    wbuf_init(&w->explain_head, 0);
    normalizer_init(&w->normalizer, w->opt.normal_form, cap);
    wbuf_init(&w->unescaped, cap);
    indexfold_init(&w->indexfold, w->opt.casefold, w->opt.strip_marks,
                   w->opt.ascii_punct, w->opt.normal_form, cap);
    winnow_error e = decoder_init(&w->decoder, w->opt.from_encoding,
                                  w->opt.strict);
    if (!e && w->opt.fix_mojibake) e = mojibake_init(&w->mojibake, cap);
    /* --keep-all never classifies: without a model to check, the
     * classifier (a third of a context's set-up) is not built */
    if (!e && !(w->opt.keep_all && !w->opt.model)) {
        e = classifier_init(&w->classifier, 0, w->opt.model, w->opt.model_len);
        if (e == WINNOW_ERR_INVALID_ARG) e = WINNOW_ERR_MODEL;
        w->classifier.keep_comments = w->opt.keep_comments;
        w->opt.model = NULL;        /* read once; the caller may free it */
        w->opt.model_len = 0;
    }
    if (e) {
        winnow_free(w);
        return e;
    }
    *out = w;
    return WINNOW_OK;
}

void winnow_free(winnow *w)
{
    if (!w) return;
    decoder_release(&w->decoder);
    normalizer_release(&w->normalizer);
    mojibake_release(&w->mojibake);
    indexfold_release(&w->indexfold);
    wbuf_release(&w->unescaped);
    classifier_release(&w->classifier);
    wbuf_release(&w->decoded);
    wbuf_release(&w->tidied);
    wbuf_release(&w->lines);
    wbuf_release(&w->out);
    wbuf_release(&w->explain);
    wbuf_release(&w->recurrence);
    wbuf_release(&w->explain_head);
    free(w);
}

winnow_error winnow_clean(winnow *w, const char *in, size_t len,
                          winnow_result *res)
{
    return winnow_clean_as(w, in, len, NULL, res);
}

winnow_error winnow_encoding(winnow *w, const char *in, size_t len,
                             const char **encoding, int *cut_at_newlines)
{
    if (!w || !encoding || !cut_at_newlines || (!in && len))
        return WINNOW_ERR_INVALID_ARG;
    /* a byte order named, so that UTF-16/32 parts after the first (which
     * have no BOM) are read in the order of the first */
    const char *name = decode_byte_order(decoder_encoding(&w->decoder, in, len), in, len);
    /* binary data is told by its first BINARY_SAMPLE bytes decoded (see
     * binary.c); no encoding takes more than 4 bytes for one of those */
    const size_t probe = len < 4 * BINARY_SAMPLE ? len : 4 * BINARY_SAMPLE;
    decoded dec;
    winnow_error e = decoder_run_as(&w->decoder, name, in, probe, &w->decoded, &dec);
    /* strict, invalid input is for winnow_clean_as() to report */
    if (e && e != WINNOW_ERR_INVALID_INPUT) return e;
    if (!e && binary_detect(dec.text, dec.len)) return WINNOW_ERR_BINARY;
    *encoding = name;
    *cut_at_newlines = decode_cuts_at_newlines(name);
    return WINNOW_OK;
}

winnow_error winnow_clean_as(winnow *w, const char *in, size_t len,
                             const char *encoding, winnow_result *res)
{
    if (!w || !res || (!in && len)) return WINNOW_ERR_INVALID_ARG;
    if (!in) in = "";
    if (w->opt.max_doc_bytes && len > w->opt.max_doc_bytes)
        return WINNOW_ERR_TOO_LARGE;
    winnow_error e;

    decoded dec;
    if ((e = decoder_run_as(&w->decoder, encoding, in, len, &w->decoded, &dec)))
        return e;
    if (binary_detect(dec.text, dec.len)) return WINNOW_ERR_BINARY;

    const char *text = dec.text;
    size_t text_len = dec.len, repaired = 0, n_fixed;
    if (w->opt.entities) {
        if ((e = entities_run(text, text_len, &w->unescaped, &text, &text_len,
                              &n_fixed)))
            return e;
        repaired += n_fixed;
    }
    if (w->opt.fix_mojibake) {
        if ((e = mojibake_run(&w->mojibake, text, text_len, &text, &text_len,
                              &n_fixed)))
            return e;
        repaired += n_fixed;
    }
    if ((e = normalizer_run(&w->normalizer, text, text_len, &text, &text_len)))
        return e;
    if (indexfold_active(&w->indexfold) &&
        (e = indexfold_run(&w->indexfold, text, text_len, &text, &text_len)))
        return e;

    if (w->opt.tidy) {
        if ((e = tidy_run(text, text_len, &w->tidied))) return e;
        text = w->tidied.data ? w->tidied.data : "";
        text_len = w->tidied.len;
    }

    size_t n;
    if ((e = segment_lines(text, text_len, &w->lines, &n))) return e;
    winnow_line *lines = (winnow_line *)(void *)w->lines.data;

    if (w->opt.keep_all) classifier_keep_all(lines, n);
    else {
        line_recurrence rec = {NULL, 0}, *recp = NULL;
        if (w->opt.line_counts) {           /* corpus evidence, line by line */
            wbuf_reset(&w->recurrence);
            if ((e = wbuf_reserve(&w->recurrence, n * sizeof(uint32_t) + 1))) return e;
            uint32_t *counts = (uint32_t *)(void *)w->recurrence.data;
            for (size_t i = 0; i < n; i++)
                counts[i] = line_counts_get(w->opt.line_counts,
                                            line_fingerprint(lines[i].text, lines[i].len));
            rec.counts = counts;
            rec.documents = line_counts_documents(w->opt.line_counts);
            recp = &rec;
        }
        if ((e = classifier_run(&w->classifier, lines, n, recp))) return e;
    }

    winnow_result r;
    memset(&r, 0, sizeof r);
    if (w->opt.keep_all) {
        /* Without tidy: exactly the decoded, normalized text.  With it:
         * the tidied text is already what output_text() would write for
         * every line (its lines trimmed, one blank line between
         * paragraphs, one final "\n"), so it is not copied again. */
        r.text = text;
        r.len = text_len;
    } else {
        if ((e = output_text(lines, n, &w->out))) return e;
        r.text = w->out.data ? w->out.data : "";
        r.len = w->out.len;
    }
    r.lines = lines;
    r.n_lines = n;
    for (size_t i = 0; i < n; i++) {
        if (lines[i].verdict == WINNOW_KEEP) r.lines_kept++;
        else r.lines_dropped++;
    }
    r.encoding = dec.encoding;
    r.encoding_confidence = dec.confidence;
    r.replacements = dec.replacements;
    r.mojibake_fixed = repaired;
    *res = r;
    return WINNOW_OK;
}

size_t winnow_error_offset(const winnow *w)
{
    return w ? w->decoder.error_offset : 0;
}

winnow_error winnow_explain(winnow *w, const winnow_result *res,
                            const char **out, size_t *out_len)
{
    if (!w || !res || !out || !out_len) return WINNOW_ERR_INVALID_ARG;
    winnow_error e = output_explain(res->lines, res->n_lines,
                                    w->opt.keep_all ? NULL : &w->classifier,
                                    &w->explain);
    if (e) return e;
    /* "# encoding: WINDOWS-1251 (confidence 0.93)" above the lines */
    wbuf *h = &w->explain_head;
    wbuf_reset(h);
    e = wbuf_printf(h, "# encoding: %s (confidence %.2f)",
                    res->encoding ? res->encoding : "?",
                    (double)res->encoding_confidence);
    if (!e && res->replacements)
        e = wbuf_printf(h, ", %zu replaced", res->replacements);
    if (!e && res->mojibake_fixed)
        e = wbuf_printf(h, ", %zu repaired", res->mojibake_fixed);
    if (!e) e = wbuf_putc(h, '\n');
    if (!e) e = wbuf_append(h, w->explain.data, w->explain.len);
    if (e) return e;
    *out = h->data;
    *out_len = h->len;
    return WINNOW_OK;
}
