/* jsonl.h -- just enough JSON for JSONL corpora: validate a line, find
 * the spans of its members, decode one string, encode another.
 *
 * Nothing is built into a tree: a parsed object is a list of members,
 * each a pair of spans (offsets into the line) for the key token and the
 * value token, so a caller can splice a new value into the line and pass
 * every other byte through unchanged.
 */
#ifndef WINNOW_JSONL_H
#define WINNOW_JSONL_H

#include <stddef.h>
#include "buf.h"

/* Containers nested deeper than this make a line invalid. */
#define JSONL_MAX_DEPTH 512

typedef enum jsonl_type {
    JSONL_STRING, JSONL_NUMBER, JSONL_OBJECT, JSONL_ARRAY,
    JSONL_TRUE, JSONL_FALSE, JSONL_NULL
} jsonl_type;

/* One member of an object: [key, key_end) is the key's string token,
 * quotes included; [value, value_end) is the value's token. */
typedef struct jsonl_member {
    size_t key, key_end;
    size_t value, value_end;
    jsonl_type type;
} jsonl_member;

/* Validates s[0..len) as exactly one JSON object (RFC 8259; whitespace
 * around it allowed; bytes >= 0x80 inside strings are not checked) and
 * resets `members` to the object's top-level members, in order; *n
 * receives their number and *obj, *obj_end the span of the object.
 * Fails with WINNOW_ERR_JSON (not one valid object) or WINNOW_ERR_NOMEM. */
winnow_error jsonl_parse(const char *s, size_t len, wbuf *members, size_t *n,
                         size_t *obj, size_t *obj_end);

/* Resets `members` to the members of the object token s[start..end),
 * which jsonl_parse() has validated as part of a line. */
winnow_error jsonl_members(const char *s, size_t start, size_t end, wbuf *members,
                           size_t *n);

/* 1 when the string token s[tok..tok_end) (quotes included) decodes to
 * exactly name[0..name_len), else 0. */
int jsonl_key_is(const char *s, size_t tok, size_t tok_end, const char *name,
                 size_t name_len);

/* Appends the decoded value of a validated string token (quotes
 * included) to `out` as UTF-8: escapes resolved, \uXXXX surrogate pairs
 * combined, a lone surrogate becomes U+FFFD; other bytes are copied. */
winnow_error jsonl_decode_string(const char *tok, size_t len, wbuf *out);

/* Writes text[0..len) escaped for the inside of a JSON string to dst
 * (which holds 6 * len bytes); returns the bytes written. */
size_t jsonl_escape(char *dst, const char *text, size_t len);

/* Appends text[0..len) to `out` as a JSON string token: quotes, '"' and
 * '\\' escaped, control characters as \n, \t, ... or \u00XX; every other
 * byte copied. */
winnow_error jsonl_encode_string(const char *text, size_t len, wbuf *out);

#endif /* WINNOW_JSONL_H */
