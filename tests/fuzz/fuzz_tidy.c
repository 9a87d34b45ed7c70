/* fuzz_tidy.c -- libFuzzer harness: line endings, spaces, invisibles.
 *
 * The input, repaired to valid UTF-8, is tidied.  Invariants (the rules
 * of tidy.h): the output is valid UTF-8 and at most one byte longer than
 * the input; it holds no CR, no C0 control other than "\n", no tab, no
 * two spaces in a row, no space at either end of a line, no two blank
 * lines in a row, no blank line at the start; a non-empty output ends
 * with exactly one "\n"; and tidying it again changes nothing.
 */
#include "fuzz_util.h"
#include "tidy.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static wbuf text, out, out2;
    size_t repl = 0;
    wbuf_reset(&text);
    FUZZ_CHECK(utf8_repair(data, size, &text, &repl) == WINNOW_OK);
    const char *in = text.data ? text.data : "";

    FUZZ_CHECK(tidy_run(in, text.len, &out) == WINNOW_OK);
    const char *o = out.data ? out.data : "";
    const size_t n = out.len;
    FUZZ_CHECK(fuzz_valid_utf8(o, n));
    FUZZ_CHECK(n <= text.len + 1);
    for (size_t i = 0; i < n; i++) {
        const unsigned char c = (unsigned char)o[i];
        FUZZ_CHECK(c == '\n' || (c >= 0x20 && c != 0x7F));
        if (c == ' ') {
            FUZZ_CHECK(i > 0 && o[i - 1] != ' ' && o[i - 1] != '\n');
            FUZZ_CHECK(i + 1 < n && o[i + 1] != '\n');
        }
        if (c == '\n' && i >= 2) FUZZ_CHECK(!(o[i - 1] == '\n' && o[i - 2] == '\n'));
    }
    if (n) {
        FUZZ_CHECK(o[0] != '\n');
        FUZZ_CHECK(o[n - 1] == '\n');
        FUZZ_CHECK(n < 2 || o[n - 2] != '\n');
    }
    FUZZ_CHECK(tidy_run(o, n, &out2) == WINNOW_OK);
    FUZZ_CHECK(out2.len == n && (n == 0 || memcmp(out2.data, o, n) == 0));
    return 0;
}
