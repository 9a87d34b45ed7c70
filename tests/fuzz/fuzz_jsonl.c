/* fuzz_jsonl.c -- libFuzzer harness: the JSONL reader and cleaner.
 *
 * The first byte picks the options (the text field "text" or "body",
 * --meta, --meta with explain, keep-all); the rest is split at "\n" and
 * every line goes through winnow_jsonl_clean().  Invariants: a failure
 * is one of the documented errors; a cleaned line is one valid JSON
 * object (jsonl_parse() accepts it) without a raw newline; and a JSON
 * string made by jsonl_encode_string() from any bytes parses and
 * decodes back to those bytes when they are valid UTF-8.
 */
#include "fuzz_util.h"
#include "jsonl.h"
#include "utf8.h"
#include "winnow.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static winnow *ctx[2];
static winnow_jsonl *cleaners[2][2][3];

static void check_round_trip(const char *s, size_t n)
{
    static wbuf tok, members, dec;
    if (!fuzz_valid_utf8(s, n)) return;
    wbuf_reset(&tok);
    FUZZ_CHECK(wbuf_append(&tok, "{\"k\":", 5) == WINNOW_OK);
    FUZZ_CHECK(jsonl_encode_string(s, n, &tok) == WINNOW_OK);
    FUZZ_CHECK(wbuf_putc(&tok, '}') == WINNOW_OK);
    size_t m = 0, o, oe;
    FUZZ_CHECK(jsonl_parse(tok.data, tok.len, &members, &m, &o, &oe) == WINNOW_OK);
    FUZZ_CHECK(m == 1);
    const jsonl_member *mb = (const jsonl_member *)(void *)members.data;
    FUZZ_CHECK(mb->type == JSONL_STRING);
    wbuf_reset(&dec);
    FUZZ_CHECK(jsonl_decode_string(tok.data + mb->value, mb->value_end - mb->value,
                                   &dec) == WINNOW_OK);
    FUZZ_CHECK(dec.len == n && (n == 0 || memcmp(dec.data, s, n) == 0));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static wbuf members;
    const unsigned opt = fuzz_take(&data, &size);
    const unsigned keep_all = opt & 1, body = (opt >> 1) & 1, meta = ((opt >> 2) & 3) % 3;
    if (!ctx[keep_all]) {
        winnow_options o;
        winnow_options_init(&o);
        o.keep_all = (int)keep_all;
        FUZZ_CHECK(winnow_new(&ctx[keep_all], &o) == WINNOW_OK);
    }
    winnow_jsonl **j = &cleaners[keep_all][body][meta];
    if (!*j) {
        winnow_jsonl_options jo;
        winnow_jsonl_options_init(&jo);
        jo.field = body ? "body" : NULL;
        jo.meta = meta > 0;
        jo.explain = meta == 2;
        FUZZ_CHECK(winnow_jsonl_new(j, ctx[keep_all], &jo) == WINNOW_OK);
    }
    const char *s = (const char *)data, *end = s + size;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const size_t len = (size_t)((nl ? nl : end) - s);
        winnow_jsonl_result r;
        const winnow_error e = winnow_jsonl_clean(*j, s, len, &r);
        if (e) {
            FUZZ_CHECK(e == WINNOW_ERR_JSON || e == WINNOW_ERR_JSON_FIELD ||
                       e == WINNOW_ERR_JSON_TYPE || e == WINNOW_ERR_BINARY ||
                       e == WINNOW_ERR_TOO_LARGE || e == WINNOW_ERR_DECODE);
        } else {
            size_t m, o, oe;
            FUZZ_CHECK(memchr(r.line, '\n', r.len) == NULL);
            FUZZ_CHECK(jsonl_parse(r.line, r.len, &members, &m, &o, &oe) == WINNOW_OK);
            FUZZ_CHECK(fuzz_valid_utf8(r.doc.text, r.doc.len));
        }
        s = nl ? nl + 1 : end;
    }
    check_round_trip((const char *)data, size);
    return 0;
}
