/* fuzz_wet.c -- libFuzzer harness: the WET (WARC) reader of the command.
 *
 * The input is served as a file (fuzz_file.h: a memfd, opened as
 * the command opens its inputs), so the reader's format sniffing (plain,
 * gzip, zstd) runs too; the first byte picks a record size limit.
 * Records are read to the end.  Invariants: every record comes out as
 * one line of valid JSON (jsonl_parse() accepts it) ending in "\n", and
 * every message is a "winnow: " line.
 */
#define _GNU_SOURCE
#include "fuzz_file.h"
#include "jsonl.h"
#include "tool_wet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static wbuf jsonl, msgs, members;
    const unsigned pick = fuzz_take(&data, &size);
    const size_t max_record = pick & 1 ? 256 : 0;
    int fd;
    tool_reader *r = fuzz_open_file(data, size, &fd);
    tool_wet *w = NULL;
    FUZZ_CHECK(tool_wet_open(&w, r, "fuzz", max_record) == 0);
    int k;
    size_t records = 0;
    do {
        wbuf_reset(&jsonl);
        wbuf_reset(&msgs);
        k = tool_wet_next(w, &jsonl, &msgs);
        if (k > 0) {
            records++;
            FUZZ_CHECK(jsonl.len > 0 && jsonl.data[jsonl.len - 1] == '\n');
            size_t m, o, oe;
            FUZZ_CHECK(memchr(jsonl.data, '\n', jsonl.len - 1) == NULL);
            FUZZ_CHECK(jsonl_parse(jsonl.data, jsonl.len - 1, &members, &m, &o, &oe)
                       == WINNOW_OK);
        }
        if (msgs.len) FUZZ_CHECK(msgs.len >= 8 && memcmp(msgs.data, "winnow: ", 8) == 0);
    } while (k > 0 && records <= size);
    FUZZ_CHECK(records <= size);
    tool_wet_close(w);
    fuzz_close_file(r, fd);
    return 0;
}
