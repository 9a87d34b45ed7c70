/* fuzz_model.c -- libFuzzer harness: the model file reader (--model).
 *
 * The input is handed to winnow_new() as the text of a line model, the
 * way `winnow --model FILE` does.  A malformed model must fail with
 * WINNOW_ERR_MODEL (or WINNOW_ERR_NOMEM); a model that loads must clean
 * a document, with scores that are numbers and verdicts in range.
 */
#include "fuzz_util.h"
#include "winnow.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    winnow_options opt;
    winnow_options_init(&opt);
    opt.model = (const char *)data;
    opt.model_len = size;
    winnow *w = NULL;
    const winnow_error e = winnow_new(&w, &opt);
    if (e) {
        FUZZ_CHECK(e == WINNOW_ERR_MODEL || e == WINNOW_ERR_NOMEM);
        return 0;
    }
    static const char doc[] =
        "Home | News | Sport\n\nThe council met on Monday and agreed to the plan "
        "after a long debate about the budget.\nShare this article\n";
    winnow_result r;
    FUZZ_CHECK(winnow_clean(w, doc, sizeof doc - 1, &r) == WINNOW_OK);
    for (size_t i = 0; i < r.n_lines; i++) {
        FUZZ_CHECK(r.lines[i].verdict == WINNOW_KEEP || r.lines[i].verdict == WINNOW_DROP);
        FUZZ_CHECK((int)r.lines[i].reason >= 0 && r.lines[i].reason < WINNOW_REASON_COUNT_);
        FUZZ_CHECK(r.lines[i].score == r.lines[i].score);     /* not NaN */
    }
    FUZZ_CHECK(fuzz_valid_utf8(r.text, r.len));
    winnow_free(w);
    return 0;
}
