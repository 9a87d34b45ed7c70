/* test_jsonl.c -- the JSON scanner (jsonl.c) and JSONL line cleaning
 * (jsonl_record.c): validation, escapes, surrogate pairs, splicing with
 * every other byte unchanged, duplicate and nested keys, --meta. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "jsonl.h"
#include "winnow.h"

static int contains(const char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(hay + i, needle, k) == 0) return 1;
    return 0;
}

static int valid(const char *s)
{
    wbuf m;
    wbuf_init(&m, 0);
    size_t n, a, b;
    winnow_error e = jsonl_parse(s, strlen(s), &m, &n, &a, &b);
    wbuf_release(&m);
    return e == WINNOW_OK;
}

static void test_valid_and_invalid_lines(void)
{
    CHECK(valid("{}"));
    CHECK(valid("  {\"a\" : [1, -2.5e+3, true, false, null, {\"b\":[]}], \"c\":\"\\u00e9\"}\r"));
    CHECK(valid("{\"a\":0.5,\"b\":-0,\"c\":1E9}"));
    CHECK(!valid(""));
    CHECK(!valid("[]"));
    CHECK(!valid("\"text\""));
    CHECK(!valid("{\"a\":1,}"));
    CHECK(!valid("{\"a\" 1}"));
    CHECK(!valid("{\"a\":01}"));
    CHECK(!valid("{\"a\":1.}"));
    CHECK(!valid("{\"a\":-}"));
    CHECK(!valid("{\"a\":tru}"));
    CHECK(!valid("{\"a\":\"x\\q\"}"));
    CHECK(!valid("{\"a\":\"\\u12G4\"}"));
    CHECK(!valid("{\"a\":\"\\u12\"}"));
    CHECK(!valid("{\"a\":\"tab\there\"}"));
    CHECK(!valid("{\"a\":\"unterminated}"));
    CHECK(!valid("{\"a\":1} {}"));
    CHECK(!valid("{\"a\":1}x"));
    CHECK(!valid("{a:1}"));
    CHECK(!valid("{\"a\":[1 2]}"));
}

static void test_nesting_is_bounded(void)
{
    size_t depth = 100000;
    char *s = malloc(2 * depth + 16);
    size_t k = 0;
    s[k++] = '{'; memcpy(s + k, "\"a\":", 4); k += 4;
    for (size_t i = 0; i < depth; i++) s[k++] = '[';
    for (size_t i = 0; i < depth; i++) s[k++] = ']';
    s[k++] = '}'; s[k] = 0;
    CHECK(!valid(s));                             /* too deep, no crash */
    k = 5;
    for (size_t i = 0; i < 100; i++) s[k++] = '[';
    for (size_t i = 0; i < 100; i++) s[k++] = ']';
    s[k++] = '}'; s[k] = 0;
    CHECK(valid(s));
    free(s);
}

static void decodes_to(const char *tok, const char *want, size_t want_len)
{
    wbuf b;
    wbuf_init(&b, 0);
    CHECK_INT(jsonl_decode_string(tok, strlen(tok), &b), WINNOW_OK);
    CHECK_MEM(b.data, b.len, want, want_len);
    wbuf_release(&b);
}

static void test_string_decoding(void)
{
    decodes_to("\"plain\"", "plain", 5);
    decodes_to("\"a\\\"b\\\\c\\/d\\n\\t\\r\\b\\f\"", "a\"b\\c/d\n\t\r\b\f", 12);
    decodes_to("\"\\u00e9\\u20AC\"", "\xc3\xa9\xe2\x82\xac", 5);
    decodes_to("\"\\ud83d\\ude00\"", "\xf0\x9f\x98\x80", 4);       /* pair */
    decodes_to("\"\\ud83dx\"", "\xef\xbf\xbdx", 4);                 /* lone high */
    decodes_to("\"\\ude00\"", "\xef\xbf\xbd", 3);                   /* lone low */
    decodes_to("\"\\ud83d\\u0041\"", "\xef\xbf\xbd" "A", 4);        /* high + non-low */
    decodes_to("\"caf\xc3\xa9\"", "caf\xc3\xa9", 5);                /* raw UTF-8 */
    decodes_to("\"\\u0000\"", "\0", 1);
}

static void test_string_encoding_round_trips(void)
{
    const char text[] = "say \"hi\"\\\n\ttab\x01\x1f\x7f caf\xc3\xa9";
    wbuf b, d;
    wbuf_init(&b, 0);
    wbuf_init(&d, 0);
    CHECK_INT(jsonl_encode_string(text, sizeof text - 1, &b), WINNOW_OK);
    CHECK_STR(b.data, b.len, "\"say \\\"hi\\\"\\\\\\n\\ttab\\u0001\\u001f\x7f caf\xc3\xa9\"");
    CHECK_INT(jsonl_decode_string(b.data, b.len, &d), WINNOW_OK);
    CHECK_MEM(d.data, d.len, text, sizeof text - 1);
    char esc[64];
    CHECK_INT(winnow_json_escape(esc, "a\"b", 3), 4);
    CHECK_MEM(esc, 4, "a\\\"b", 4);
    wbuf_release(&b);
    wbuf_release(&d);
}

static void test_escaped_keys_match(void)
{
    const char *s = "{\"te\\u0078t\":1}";
    CHECK(jsonl_key_is(s, 1, 12, "text", 4));
    CHECK(!jsonl_key_is(s, 1, 12, "tex", 3));
}

/* Cleans `line` with a fresh context; returns the error, copies the line. */
static winnow_error clean_line(const char *line, const winnow_jsonl_options *jo,
                               char *out, size_t out_size)
{
    winnow_options opt;
    winnow_options_init(&opt);
    opt.keep_all = 1;
    winnow *w;
    winnow_jsonl *j;
    CHECK_INT(winnow_new(&w, &opt), WINNOW_OK);
    CHECK_INT(winnow_jsonl_new(&j, w, jo), WINNOW_OK);
    winnow_jsonl_result r;
    winnow_error e = winnow_jsonl_clean(j, line, strlen(line), &r);
    if (!e) {
        CHECK(r.len < out_size);
        memcpy(out, r.line, r.len);
        out[r.len] = 0;
    }
    winnow_jsonl_free(j);
    winnow_free(w);
    return e;
}

static void test_text_replaced_other_bytes_unchanged(void)
{
    char out[1024];
    CHECK_INT(clean_line("{ \"id\" : 7.50 ,\"text\":\"  caf\\u00e9   au\\tlait \\r\\n\\n\\n\\nx \","
                         "\"x\":[1,{\"y\":null}] }", NULL, out, sizeof out), WINNOW_OK);
    CHECK_STR(out, strlen(out),
              "{ \"id\" : 7.50 ,\"text\":\"caf\xc3\xa9 au lait\\n\\nx\\n\",\"x\":[1,{\"y\":null}] }");
}

static void test_field_errors(void)
{
    char out[256];
    winnow_jsonl_options jo;
    winnow_jsonl_options_init(&jo);
    CHECK_INT(clean_line("{\"id\":1}", NULL, out, sizeof out), WINNOW_ERR_JSON_FIELD);
    CHECK_INT(clean_line("{\"text\":5}", NULL, out, sizeof out), WINNOW_ERR_JSON_TYPE);
    CHECK_INT(clean_line("{\"text\":null}", NULL, out, sizeof out), WINNOW_ERR_JSON_TYPE);
    CHECK_INT(clean_line("{\"text\":\"a\"", NULL, out, sizeof out), WINNOW_ERR_JSON);
    CHECK_INT(clean_line("not json", NULL, out, sizeof out), WINNOW_ERR_JSON);
    /* a nested "text" is not the field */
    CHECK_INT(clean_line("{\"meta\":{\"text\":\"x\"}}", NULL, out, sizeof out),
              WINNOW_ERR_JSON_FIELD);
    jo.field = "body";
    CHECK_INT(clean_line("{\"text\":\"x\",\"body\":\"y\"}", &jo, out, sizeof out), WINNOW_OK);
    CHECK_STR(out, strlen(out), "{\"text\":\"x\",\"body\":\"y\\n\"}");
    jo.field = "text";
    jo.meta = 1;
    CHECK_INT(clean_line("{\"text\":\"x\",\"metadata\":[]}", &jo, out, sizeof out),
              WINNOW_ERR_JSON_TYPE);
}

static void test_nested_text_key_left_alone(void)
{
    char out[256];
    CHECK_INT(clean_line("{\"m\":{\"text\":\"  a  \"},\"text\":\"  b  \"}", NULL, out,
                         sizeof out), WINNOW_OK);
    CHECK_STR(out, strlen(out), "{\"m\":{\"text\":\"  a  \"},\"text\":\"b\\n\"}");
}

static void test_duplicate_key_last_one_counts(void)
{
    char out[256];
    CHECK_INT(clean_line("{\"text\":\"  a  \",\"text\":\"  b  \"}", NULL, out, sizeof out),
              WINNOW_OK);
    CHECK_STR(out, strlen(out), "{\"text\":\"  a  \",\"text\":\"b\\n\"}");
}

static void test_meta_added_inserted_or_replaced(void)
{
    char out[1024];
    winnow_jsonl_options jo;
    winnow_jsonl_options_init(&jo);
    jo.meta = 1;
    const char *meta = "{\"encoding\":\"UTF-8\",\"lines_kept\":1,\"lines_dropped\":0,"
                       "\"bytes_in\":3,\"bytes_out\":2}";
    char want[1024];
    CHECK_INT(clean_line("{\"text\":\" a \"}", &jo, out, sizeof out), WINNOW_OK);
    snprintf(want, sizeof want, "{\"text\":\"a\\n\",\"metadata\":{\"winnow\":%s}}", meta);
    CHECK_STR(out, strlen(out), want);
    CHECK_INT(clean_line("{\"metadata\":{},\"text\":\" a \"}", &jo, out, sizeof out), WINNOW_OK);
    snprintf(want, sizeof want, "{\"metadata\":{\"winnow\":%s},\"text\":\"a\\n\"}", meta);
    CHECK_STR(out, strlen(out), want);
    CHECK_INT(clean_line("{\"text\":\" a \",\"metadata\":{\"src\":\"x\"}}", &jo, out, sizeof out),
              WINNOW_OK);
    snprintf(want, sizeof want, "{\"text\":\"a\\n\",\"metadata\":{\"src\":\"x\",\"winnow\":%s}}",
             meta);
    CHECK_STR(out, strlen(out), want);
    CHECK_INT(clean_line("{\"text\":\" a \",\"metadata\":{\"winnow\":{\"old\":1},\"z\":2}}", &jo,
                         out, sizeof out), WINNOW_OK);
    snprintf(want, sizeof want, "{\"text\":\"a\\n\",\"metadata\":{\"winnow\":%s,\"z\":2}}", meta);
    CHECK_STR(out, strlen(out), want);
}

static void test_meta_explain_lists_dropped_lines(void)
{
    winnow *w;
    winnow_jsonl *j;
    CHECK_INT(winnow_new(&w, NULL), WINNOW_OK);
    winnow_jsonl_options jo;
    winnow_jsonl_options_init(&jo);
    jo.meta = 1;
    jo.explain = 1;
    CHECK_INT(winnow_jsonl_new(&j, w, &jo), WINNOW_OK);
    const char *line = "{\"text\":\"Share on Facebook\\n\\nThe committee met on Tuesday to "
                       "discuss the new budget, which had been delayed for months by a "
                       "dispute over school funding.\\n\"}";
    winnow_jsonl_result r;
    CHECK_INT(winnow_jsonl_clean(j, line, strlen(line), &r), WINNOW_OK);
    CHECK(r.doc.lines_dropped >= 1);
    CHECK(contains(r.line, r.len, "\"dropped\":[{\"line\":1,\"reason\":\""));
    CHECK(contains(r.line, r.len, "\"text\":\"Share on Facebook\"}"));
    winnow_jsonl_free(j);
    winnow_free(w);
}

static void test_huge_line(void)
{
    size_t n = 8u << 20;
    char *line = malloc(n + 32);
    memcpy(line, "{\"text\":\"", 9);
    for (size_t i = 9; i < n; i++) line[i] = (i % 97 == 0) ? ' ' : 'a' + (char)(i % 26);
    memcpy(line + n, "\"}", 3);
    winnow_options opt;
    winnow_options_init(&opt);
    opt.keep_all = 1;
    winnow *w;
    winnow_jsonl *j;
    CHECK_INT(winnow_new(&w, &opt), WINNOW_OK);
    CHECK_INT(winnow_jsonl_new(&j, w, NULL), WINNOW_OK);
    winnow_jsonl_result r;
    CHECK_INT(winnow_jsonl_clean(j, line, n + 2, &r), WINNOW_OK);
    CHECK_INT(r.bytes_in, n - 9);
    CHECK_INT(r.len, n + 2 + 2);                  /* + "\\n" */
    winnow_jsonl_free(j);
    winnow_free(w);
    free(line);
}

int main(void)
{
    RUN_TEST(test_valid_and_invalid_lines);
    RUN_TEST(test_nesting_is_bounded);
    RUN_TEST(test_string_decoding);
    RUN_TEST(test_string_encoding_round_trips);
    RUN_TEST(test_escaped_keys_match);
    RUN_TEST(test_text_replaced_other_bytes_unchanged);
    RUN_TEST(test_field_errors);
    RUN_TEST(test_nested_text_key_left_alone);
    RUN_TEST(test_duplicate_key_last_one_counts);
    RUN_TEST(test_meta_added_inserted_or_replaced);
    RUN_TEST(test_meta_explain_lists_dropped_lines);
    RUN_TEST(test_huge_line);
    return check_summary();
}
