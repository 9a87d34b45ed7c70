/* fuzz_clean.c -- libFuzzer harness: the whole winnow_clean() path.
 *
 * The first two input bytes choose the options (normal form, tidy,
 * keep-all, explain, a forced encoding or detection, a small
 * max_doc_bytes); the rest is the document.  One context per option
 * combination is created on first use and reused, as the CLI reuses
 * its context, so state carried from one document to the next is
 * exercised too.  Invariants: every success is valid UTF-8; the line
 * counts add up; every line span lies inside the text it was cut from;
 * cleaning the same bytes twice gives the same text; a failure is one
 * of the documented errors.
 */
#include "fuzz_util.h"
#include "winnow.h"

static const char *const encodings[] = {
    NULL, NULL, NULL, NULL, "UTF-8", "latin1", "cp1252", "UTF-16LE",
    "UTF-16BE", "UTF-32LE", "SHIFT_JIS", "ISO-2022-JP", "GB18030", "UTF-7",
    "EUC-KR", "BIG5",
};
#define N_ENC (sizeof encodings / sizeof encodings[0])

static winnow *contexts[3][2][2][2][N_ENC];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const unsigned a = fuzz_take(&data, &size), b = fuzz_take(&data, &size);
    const unsigned form = (a & 3) % 3, tidy = (a >> 2) & 1,
                   keep_all = (a >> 3) & 1, explain = (a >> 4) & 1,
                   small = (a >> 5) & 1, enc = b % N_ENC;
    winnow **slot = &contexts[form][tidy][keep_all][small][enc];
    if (!*slot) {
        winnow_options opt;
        winnow_options_init(&opt);
        opt.normal_form = (winnow_normal_form)form;
        opt.tidy = (int)tidy;
        opt.keep_all = (int)keep_all;
        opt.from_encoding = encodings[enc];
        if (small) opt.max_doc_bytes = 64;
        FUZZ_CHECK(winnow_new(slot, &opt) == WINNOW_OK);
    }
    winnow *w = *slot;

    winnow_result r;
    const winnow_error e = winnow_clean(w, (const char *)data, size, &r);
    if (e) {
        FUZZ_CHECK(e == WINNOW_ERR_TOO_LARGE || e == WINNOW_ERR_BINARY ||
                   e == WINNOW_ERR_DECODE);
        FUZZ_CHECK(e != WINNOW_ERR_TOO_LARGE || (small && size > 64));
        return 0;
    }
    FUZZ_CHECK(fuzz_valid_utf8(r.text, r.len));
    FUZZ_CHECK(r.lines_kept + r.lines_dropped == r.n_lines);
    FUZZ_CHECK(r.encoding != NULL);
    if (tidy || !keep_all) FUZZ_CHECK(r.len == 0 || r.text[r.len - 1] == '\n');
    size_t kept = 0;
    for (size_t i = 0; i < r.n_lines; i++) {
        const winnow_line *l = &r.lines[i];
        FUZZ_CHECK(l->len > 0 && fuzz_valid_utf8(l->text, l->len));
        FUZZ_CHECK(l->verdict == WINNOW_KEEP || l->verdict == WINNOW_DROP);
        FUZZ_CHECK((int)l->reason >= 0 && l->reason < WINNOW_REASON_COUNT_);
        FUZZ_CHECK(l->score == l->score);               /* not NaN */
        if (i) {
            FUZZ_CHECK(l->number > r.lines[i - 1].number);
            FUZZ_CHECK(l->paragraph >= r.lines[i - 1].paragraph);
        }
        kept += l->verdict == WINNOW_KEEP;
        if (keep_all) FUZZ_CHECK(l->verdict == WINNOW_KEEP);
    }
    FUZZ_CHECK(kept == r.lines_kept);

    /* The same bytes again, on the warm context: the same text. */
    char *first = malloc(r.len ? r.len : 1);
    FUZZ_CHECK(first != NULL);
    memcpy(first, r.text, r.len);
    const size_t first_len = r.len;
    FUZZ_CHECK(winnow_clean(w, (const char *)data, size, &r) == WINNOW_OK);
    FUZZ_CHECK(r.len == first_len && memcmp(r.text, first, first_len) == 0);
    free(first);

    if (explain) {
        const char *ex;
        size_t ex_len;
        FUZZ_CHECK(winnow_explain(w, &r, &ex, &ex_len) == WINNOW_OK);
        FUZZ_CHECK(fuzz_valid_utf8(ex, ex_len));
        size_t rows = 0;
        for (size_t i = 0; i < ex_len; i++) rows += ex[i] == '\n';
        FUZZ_CHECK(rows >= r.n_lines);
    }
    return 0;
}
