/* fuzz_text.c -- libFuzzer harness: a long text input cut into parts.
 *
 * The input is served as a file (fuzz_file.h) and read
 * by tool_text with tiny sizes (the first two bytes pick how long an
 * input is read whole and how long a part is), so that lines of every
 * length, blank lines, CRLF and lone CRs meet the cutting code.
 * Invariants: the documents, in order, are the input's bytes exactly,
 * each at the offset it says; a part that is not the last ends with a
 * line end (a line feed, or a CR that no line feed follows), in code
 * units of the width its encoding has (1, or 2 and 4 for UTF-16/32: the
 * fuzzer finds those by their NULs or a BOM), at a multiple of that
 * width; a part is never empty; a failure is one "winnow: " message and
 * the end.
 */
#define _GNU_SOURCE
#include "fuzz_file.h"
#include "tool_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The width of a code unit of the parts' encoding (`cut`). */
static size_t unit_width(winnow_cut cut)
{
    return cut >= WINNOW_CUT_UTF32LE ? 4 : cut >= WINNOW_CUT_UTF16LE ? 2 : 1;
}

/* The code unit of the parts' encoding at p (unit_width(cut) bytes). */
static uint32_t unit_at(winnow_cut cut, const uint8_t *p)
{
    const int big = cut == WINNOW_CUT_UTF16BE || cut == WINNOW_CUT_UTF32BE;
    const size_t width = unit_width(cut);
    uint32_t u = 0;
    for (size_t b = 0; b < width; b++)
        u = u << 8 | p[big ? b : width - 1 - b];
    return u;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static wbuf doc, msgs;
    const size_t part = 1 + fuzz_take(&data, &size) % 64;
    const size_t whole = part + fuzz_take(&data, &size) % 128;
    int fd;
    tool_reader *r = fuzz_open_file(data, size, &fd);
    winnow_options opt;
    winnow_options_init(&opt);
    tool_text *t = NULL;
    FUZZ_CHECK(tool_text_open(&t, r, "fuzz", &opt, size, NULL) == 0);
    tool_text_set_sizes(t, whole, part);
    size_t done = 0, docs = 0;
    int k, last = 0;
    do {
        wbuf_reset(&msgs);
        tool_text_doc where;
        k = tool_text_next(t, &doc, &where, &msgs);
        if (k <= 0) break;
        FUZZ_CHECK(!last);                        /* nothing after the last */
        FUZZ_CHECK(msgs.len == 0);
        FUZZ_CHECK(doc.len <= size - done);
        FUZZ_CHECK(doc.len == 0 || memcmp(doc.data, data + done, doc.len) == 0);
        if (where.part) {
            FUZZ_CHECK(where.offset == done);
            FUZZ_CHECK(doc.len > 0);
        } else {
            FUZZ_CHECK(docs == 0 && where.last);  /* whole: the one document */
        }
        done += doc.len;
        last = where.last;
        if (where.part && !where.last) {
            const size_t width = unit_width(where.cut);
            FUZZ_CHECK(doc.len >= width && done % width == 0);
            const uint32_t end = unit_at(where.cut, data + done - width);
            FUZZ_CHECK(end == '\n' || end == '\r');
            if (end == '\r')
                FUZZ_CHECK(done + width <= size && unit_at(where.cut, data + done) != '\n');
        }
        docs++;
    } while (docs <= size + 1);
    if (k < 0) {
        FUZZ_CHECK(msgs.len >= 8 && memcmp(msgs.data, "winnow: ", 8) == 0);
    } else {
        FUZZ_CHECK(k == 0);
        FUZZ_CHECK(done == size);                 /* every byte, once */
        FUZZ_CHECK(last);                         /* the last said it was */
    }
    tool_text_close(t);
    fuzz_close_file(r, fd);
    return 0;
}
