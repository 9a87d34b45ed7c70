/* fuzz_text.c -- libFuzzer harness: a long text input cut into parts.
 *
 * The input is served as a file (fuzz_file.h) and read
 * by tool_text with tiny sizes (the first two bytes pick how long an
 * input is read whole and how long a part is), so that lines of every
 * length, blank lines, CRLF and lone CRs meet the cutting code.
 * Invariants: the documents, in order, are the input's bytes exactly,
 * each at the offset it says; a part that is not the last ends with a
 * line end (a line feed, or a CR that no line feed follows); a part is
 * never empty; a failure is one "winnow: " message and the end.
 */
#define _GNU_SOURCE
#include "fuzz_file.h"
#include "tool_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
    FUZZ_CHECK(tool_text_open(&t, r, "fuzz", &opt, size) == 0);
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
            const char end = doc.data[doc.len - 1];
            FUZZ_CHECK(end == '\n' || end == '\r');
            if (end == '\r') FUZZ_CHECK(done < size && data[done] != '\n');
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
