/* fuzz_segment_classify.c -- libFuzzer harness: lines and verdicts.
 *
 * The input, repaired to valid UTF-8, is split by segment_lines() and
 * its spans are checked (inside the text, non-blank, trimmed, no "\n",
 * line numbers rising, paragraphs never falling); then the same text
 * goes through the public API with classification on (tidied or not,
 * per the first byte), which runs line features, cue scanning, the
 * classifier's context rules and the output stage on it.  Invariants:
 * verdicts, reasons and scores are in range, and the clean text is
 * exactly the kept lines (paragraphs one blank line apart).
 */
#include "fuzz_util.h"
#include "segment.h"
#include "utf8.h"
#include "winnow.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_spans(const char *t, size_t len, const winnow_line *l, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        FUZZ_CHECK(l[i].text >= t && l[i].len > 0 && l[i].len <= len &&
                   l[i].text + l[i].len <= t + len);
        FUZZ_CHECK(memchr(l[i].text, '\n', l[i].len) == NULL);
        const char a = l[i].text[0], z = l[i].text[l[i].len - 1];
        FUZZ_CHECK(a != ' ' && a != '\t' && a != '\r');
        FUZZ_CHECK(z != ' ' && z != '\t' && z != '\r');
        if (i) {
            FUZZ_CHECK(l[i].number > l[i - 1].number);
            FUZZ_CHECK(l[i].paragraph >= l[i - 1].paragraph);
            FUZZ_CHECK(l[i].text > l[i - 1].text);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static winnow *ctx[2];
    static wbuf text, lines;
    const unsigned tidy = fuzz_take(&data, &size) & 1;
    size_t repl = 0;
    wbuf_reset(&text);
    FUZZ_CHECK(utf8_repair(data, size, &text, &repl) == WINNOW_OK);
    const char *in = text.data ? text.data : "";
    size_t in_len = text.len;
    if (in_len >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0) {
        in += 3;                 /* decode drops a leading BOM (one) */
        in_len -= 3;
    }

    size_t n = 0;
    FUZZ_CHECK(segment_lines(in, in_len, &lines, &n) == WINNOW_OK);
    check_spans(in, in_len, (const winnow_line *)(void *)lines.data, n);

    if (!ctx[tidy]) {
        winnow_options opt;
        winnow_options_init(&opt);
        opt.normal_form = WINNOW_NORMALIZE_NONE;
        opt.tidy = (int)tidy;
        /* this harness is about segment and classify: read the bytes as
         * UTF-8 (as the spans above were made) and change nothing else */
        opt.from_encoding = "UTF-8";
        opt.fix_mojibake = 0;
        opt.entities = 0;
        FUZZ_CHECK(winnow_new(&ctx[tidy], &opt) == WINNOW_OK);
    }
    winnow_result r;
    const winnow_error e = winnow_clean(ctx[tidy], text.data ? text.data : "", text.len, &r);
    if (e == WINNOW_ERR_BINARY) return 0;
    FUZZ_CHECK(e == WINNOW_OK);
    if (!tidy) FUZZ_CHECK(r.n_lines == n);

    /* The clean text, rebuilt from the verdicts. */
    size_t pos = 0, last_par = 0;
    int any = 0;
    for (size_t i = 0; i < r.n_lines; i++) {
        const winnow_line *l = &r.lines[i];
        FUZZ_CHECK(l->verdict == WINNOW_KEEP || l->verdict == WINNOW_DROP);
        FUZZ_CHECK((int)l->reason >= 0 && l->reason < WINNOW_REASON_COUNT_);
        FUZZ_CHECK(l->score == l->score && l->score > -1e9f && l->score < 1e9f);
        if (l->verdict != WINNOW_KEEP) continue;
        if (any) {
            FUZZ_CHECK(pos < r.len && r.text[pos] == '\n');
            pos++;
            if (l->paragraph != last_par) {
                FUZZ_CHECK(pos < r.len && r.text[pos] == '\n');
                pos++;
            }
        }
        FUZZ_CHECK(pos + l->len <= r.len && memcmp(r.text + pos, l->text, l->len) == 0);
        pos += l->len;
        last_par = l->paragraph;
        any = 1;
    }
    if (any) {
        FUZZ_CHECK(pos < r.len && r.text[pos] == '\n');
        pos++;
    }
    FUZZ_CHECK(pos == r.len);
    return 0;
}
