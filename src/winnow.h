/* winnow.h -- the public interface of libwinnow, and its manual.
 *
 * winnow turns web-scraped text into clean UTF-8: it decodes the bytes,
 * normalizes Unicode, tidies whitespace and control characters, splits the
 * text into lines and paragraphs, decides for every line whether it is
 * content or boilerplate (menus, share buttons, comment forms, donation
 * appeals, photo credits, ...), and writes out the lines it keeps.
 *
 * Usage:
 *
 *     winnow_options opt;
 *     winnow_options_init(&opt);            // defaults: NFC, tidy, classify
 *     winnow *w;
 *     if (winnow_new(&w, &opt) != WINNOW_OK) ...;
 *     winnow_result r;
 *     winnow_error e = winnow_clean(w, bytes, nbytes, &r);
 *     if (e) fprintf(stderr, "%s\n", winnow_strerror(e));
 *     else fwrite(r.text, 1, r.len, stdout);   // valid until the next call
 *     winnow_free(w);
 *
 * Memory: a `winnow` context owns one workspace that is reused from one
 * document to the next; everything a result points to lives there and
 * stays valid until the next winnow_clean() or winnow_free() on the same
 * context.  A context is not thread-safe; use one per thread.
 *
 * Errors: every function that can fail returns a winnow_error; WINNOW_OK
 * is 0 and every error is negative.  Out-parameters are written only on
 * success.  The library never prints, exits or aborts.
 */
#ifndef WINNOW_H
#define WINNOW_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WINNOW_VERSION "0.1.0"

/* ---- errors ---------------------------------------------------------- */

typedef enum winnow_error {
    WINNOW_OK = 0,
    WINNOW_ERR_NOMEM = -1,        /* an allocation failed */
    WINNOW_ERR_TOO_LARGE = -2,    /* the document exceeds max_doc_bytes */
    WINNOW_ERR_ENCODING = -3,     /* the encoding name is not known to iconv */
    WINNOW_ERR_DECODE = -4,       /* the conversion from the encoding failed */
    WINNOW_ERR_INVALID_ARG = -5,  /* a NULL or inconsistent argument */
    WINNOW_ERR_BINARY = -6        /* the document is binary data, not text:
                                     control characters (NUL, ...) make up
                                     a share of its first 8 KiB that text
                                     never has (see src/binary.c) */,
    WINNOW_ERR_MODEL = -7,        /* a model file is malformed or names a
                                     feature this version does not know */
    WINNOW_ERR_JSON = -8,         /* a JSONL line is not one valid JSON object */
    WINNOW_ERR_JSON_FIELD = -9,   /* a JSONL line lacks the text field */
    WINNOW_ERR_JSON_TYPE = -10,   /* the text field is not a string, or
                                     "metadata" is not an object */
    WINNOW_ERR_LINE_COUNTS = -11, /* a line-counts file is not one, is
                                     damaged, or two cannot be merged */
    WINNOW_ERR_INVALID_INPUT = -12 /* strict mode: the input is not valid in
                                     its encoding; winnow_error_offset()
                                     says where */
} winnow_error;

/* A static, human-readable description of `e`; never NULL. */
const char *winnow_strerror(winnow_error e);

/* The library's version string, e.g. "0.1.0". */
const char *winnow_version(void);

/* ---- options --------------------------------------------------------- */

typedef enum winnow_normal_form {
    WINNOW_NFC = 0,               /* canonical composition (default) */
    WINNOW_NFKC,                  /* compatibility composition */
    WINNOW_NORMALIZE_NONE         /* leave code points as decoded */
} winnow_normal_form;

typedef struct winnow_options {
    /* Encoding of the input, any name iconv knows ("latin1", "cp1252",
     * "UTF-16LE", ...).  NULL (the default) means: a byte-order mark
     * decides, otherwise UTF-8. */
    const char *from_encoding;
    winnow_normal_form normal_form;   /* default WINNOW_NFC */
    int strict;        /* 0 (default): invalid sequences become U+FFFD;
                          1: they fail the document (WINNOW_ERR_INVALID_INPUT) */
    int fix_mojibake;  /* 1 (default): undo UTF-8 that was decoded as
                          windows-1252, Latin-1, MacRoman, windows-125x or
                          CP437 (one or two layers), line by line and only
                          where the evidence is strong; stray C1 controls
                          are read as windows-1252 */
    int entities;      /* 1 (default): decode HTML character references
                          (&amp; &#8217; &#x2019; &nbsp; and the common
                          named ones); 0: leave them */
    int ascii_punct;   /* 0 (default); 1: fold curly quotes, dashes, the
                          ellipsis and similar punctuation to ASCII */
    int casefold;      /* 0 (default); 1: Unicode full case folding */
    int strip_marks;   /* 0 (default); 1: remove combining marks after
                          canonical decomposition (é -> e), then recompose */
    int tidy;          /* 1 (default): line ends, spaces, controls, blank
                          lines tidied; 0: text left as decoded/normalized */
    int keep_all;      /* 0 (default): drop boilerplate; 1: keep every line */
    int keep_comments; /* 0 (default): a thread of readers' comments below
                          the content is dropped as a whole (reason
                          "comments"); 1: its lines are judged one by one,
                          as the rest of the document */
    size_t max_doc_bytes;  /* larger inputs fail with WINNOW_ERR_TOO_LARGE;
                              default 1 GiB; 0 means no limit */
    /* The line model, as text written by winnow-train (--model FILE);
     * NULL (the default) means the shipped model.  Read only by
     * winnow_new(), which fails with WINNOW_ERR_MODEL when it is
     * malformed. */
    const char *model;
    size_t model_len;
    /* How often lines recur across the corpus (winnow_line_counts below;
     * NULL, the default: not known).  Each line is looked up by its
     * fingerprint and its count is evidence for the classifier: a line
     * found in many documents is a site's boilerplate.  Borrowed: it
     * must outlive the context; many contexts may share it (reading it
     * is thread-safe). */
    const struct winnow_line_counts *line_counts;
} winnow_options;

/* Fills `opt` with the defaults described above. */
void winnow_options_init(winnow_options *opt);

/* ---- verdicts -------------------------------------------------------- */

typedef enum winnow_verdict {
    WINNOW_DROP = 0,
    WINNOW_KEEP = 1
} winnow_verdict;

/* Why a line was kept or dropped.  winnow_reason_name() gives each a
 * stable lower-case name (used by --explain). */
typedef enum winnow_reason {
    WINNOW_REASON_CONTENT = 0,    /* keep: reads like prose */
    WINNOW_REASON_TITLE,          /* keep: the document's title */
    WINNOW_REASON_HEADING,        /* keep: short line inside the content */
    WINNOW_REASON_KEEP_ALL,       /* keep: classification was turned off */
    WINNOW_REASON_SHORT,          /* drop: too short / not a sentence */
    WINNOW_REASON_OUTSIDE,        /* drop: short line away from content */
    WINNOW_REASON_NAVIGATION,     /* drop: menu, breadcrumb, link list */
    WINNOW_REASON_SHARE,          /* drop: share / follow / join a channel */
    WINNOW_REASON_COMMENT_FORM,   /* drop: "Leave a reply", comment fields */
    WINNOW_REASON_SUBSCRIBE,      /* drop: newsletter / sign-up appeal */
    WINNOW_REASON_DONATION,       /* drop: donation / support appeal */
    WINNOW_REASON_COOKIE,         /* drop: cookie or privacy notice */
    WINNOW_REASON_CREDIT,         /* drop: photo or image credit */
    WINNOW_REASON_SYNDICATION,    /* drop: "originally published by" */
    WINNOW_REASON_READ_MORE,      /* drop: "Read more", "Continue reading" */
    WINNOW_REASON_LEGAL,          /* drop: copyright, terms, all rights */
    WINNOW_REASON_ADVERT,         /* drop: advertisement markers */
    WINNOW_REASON_BANNER,         /* drop: part of a run of appeal lines */
    WINNOW_REASON_METADATA,       /* drop: date, byline, tags, counts */
    WINNOW_REASON_SYMBOLS,        /* drop: mostly digits or symbols */
    WINNOW_REASON_REPEATED,       /* drop: recurs across many documents */
    WINNOW_REASON_COMMENTS,       /* drop: in a thread of readers'
                                     comments below the content, which
                                     the model alone would keep */
    WINNOW_REASON_GALLERY,        /* drop: a picture gallery's numbered
                                     items ("1/50 ...") and captions */
    WINNOW_REASON_COUNT_          /* number of reasons, not a reason */
} winnow_reason;

const char *winnow_reason_name(winnow_reason r);

/* One non-blank line of the normalized, tidied text. */
typedef struct winnow_line {
    const char *text;      /* not NUL-terminated; points into the context */
    size_t len;            /* bytes */
    size_t number;         /* 1-based line number in the tidied text */
    size_t paragraph;      /* 0-based paragraph index (blank lines split) */
    winnow_verdict verdict;
    winnow_reason reason;
    float score;           /* > 0 leans to content, < 0 to boilerplate */
} winnow_line;

/* What winnow_clean() produced for one document. */
typedef struct winnow_result {
    const char *text;      /* the clean UTF-8 text; not NUL-terminated */
    size_t len;
    const winnow_line *lines;  /* every non-blank line, in order */
    size_t n_lines;
    size_t lines_kept;
    size_t lines_dropped;
    const char *encoding;  /* the encoding the input was read as (an iconv
                              name, static; from_encoding when forced) */
    float encoding_confidence; /* how sure detection was, 0..1: 1 for a
                              forced encoding, a byte-order mark or valid
                              UTF-8; a heuristic estimate otherwise */
    size_t replacements;   /* invalid sequences replaced by U+FFFD */
    size_t mojibake_fixed; /* mojibake sequences and character references
                              repaired */
} winnow_result;

/* ---- the cleaner ----------------------------------------------------- */

typedef struct winnow winnow;

/* Creates a context with a copy of `opt` (NULL: defaults).  The string
 * opt->from_encoding must outlive the context.  Fails with
 * WINNOW_ERR_ENCODING when from_encoding is not known to iconv, or
 * WINNOW_ERR_NOMEM.  On success *out owns the context. */
winnow_error winnow_new(winnow **out, const winnow_options *opt);

/* Frees the context and everything its results point to.  NULL is fine. */
void winnow_free(winnow *w);

/* Cleans one document of `len` bytes.  On success fills *res; its
 * pointers stay valid until the next winnow_clean() or winnow_free() on
 * `w`, and may point into `in` itself (text that needed no change is not
 * copied), so keep `in` alive while the result is used.  Fails with WINNOW_ERR_TOO_LARGE, WINNOW_ERR_DECODE,
 * WINNOW_ERR_BINARY (binary data, judged on the decoded text) or
 * WINNOW_ERR_NOMEM; invalid byte sequences are not an error (they become
 * U+FFFD and are counted in res->replacements) unless opt->strict is
 * set: then they fail with WINNOW_ERR_INVALID_INPUT, and
 * winnow_error_offset() gives the byte offset of the first one. */
winnow_error winnow_clean(winnow *w, const char *in, size_t len,
                          winnow_result *res);

/* After winnow_clean() on `w` failed with WINNOW_ERR_INVALID_INPUT: the
 * byte offset in its input of the first invalid sequence.  Otherwise 0. */
size_t winnow_error_offset(const winnow *w);

/* Renders the --explain view of `res` (which must come from the last
 * winnow_clean() on `w`): one line per input line, "K" or "D", the score,
 * the reason and the text.  *out stays valid until the next call on `w`. */
winnow_error winnow_explain(winnow *w, const winnow_result *res,
                            const char **out, size_t *out_len);

/* ---- long texts ------------------------------------------------------ */

/* A text too long to hold whole may be cleaned in parts, each part a
 * document of its own, provided every part is read in the same encoding
 * and every cut falls between two lines (the winnow command cuts text
 * inputs of more than 4 MiB into parts of about 1 MiB, at blank lines).
 *
 * winnow_encoding() says which encoding winnow_clean() on `w` would read
 * in[0..len) as: opt->from_encoding when forced (UTF-16 and UTF-32
 * forced without a byte order: named with the order of their BOM, else
 * big-endian, as iconv reads them), else the detected one (a static
 * string), and sets *cut_at_newlines to how text in that
 * encoding may be cut between lines (a winnow_cut):
 *   WINNOW_CUT_BYTES   after any byte 0x0A: ASCII-compatible, without
 *                      shift state, and no multibyte character holding
 *                      that byte (UTF-8, ISO-8859-x, windows-125x, KOI8,
 *                      Shift_JIS, EUC, GBK, GB18030, Big5...);
 *   WINNOW_CUT_UTF16LE / _UTF16BE / _UTF32LE / _UTF32BE
 *                      after a code unit U+000A of that width and byte
 *                      order, at a multiple of its width from the start
 *                      (a BOM is one code unit; the parts after the first
 *                      have none, and are read as the same encoding);
 *   WINNOW_CUT_NONE    not at all: UTF-7, ISO-2022-x, HZ, EBCDIC.
 * Fails with WINNOW_ERR_BINARY when the bytes are binary data (as
 * winnow_clean() would), WINNOW_ERR_ENCODING or WINNOW_ERR_NOMEM.  It
 * invalidates the last result of `w`. */
typedef enum winnow_cut {
    WINNOW_CUT_NONE = 0,
    WINNOW_CUT_BYTES = 1,
    WINNOW_CUT_UTF16LE = 2,
    WINNOW_CUT_UTF16BE = 3,
    WINNOW_CUT_UTF32LE = 4,
    WINNOW_CUT_UTF32BE = 5
} winnow_cut;

winnow_error winnow_encoding(winnow *w, const char *in, size_t len,
                             const char **encoding, int *cut_at_newlines);

/* winnow_clean(), reading in[0..len) as `encoding` (an iconv name, as
 * winnow_encoding() gives; NULL: as opt->from_encoding says) whatever
 * the context was made for.  Fails as winnow_clean() does, and with
 * WINNOW_ERR_ENCODING when iconv does not know `encoding`. */
winnow_error winnow_clean_as(winnow *w, const char *in, size_t len,
                             const char *encoding, winnow_result *res);

/* ---- JSONL records ------------------------------------------------- */

/* A JSONL corpus holds one JSON object per line, the document's text in
 * one string field (by convention "text") next to free-form fields such
 * as "id" and "metadata".  A winnow_jsonl cleans such lines with a
 * context: the text field's value is decoded (escapes, \uXXXX surrogate
 * pairs), cleaned by winnow_clean() and written back in its place; every
 * other byte of the line is passed through unchanged.  When a key occurs
 * twice, the last occurrence counts (as in most JSON readers) and the
 * others pass through unchanged.  The field's text is read as UTF-8
 * whatever opt->from_encoding says. */

typedef struct winnow_jsonl_options {
    const char *field;     /* the text field's name; NULL: "text" */
    int meta;              /* 1: add (or replace) a "winnow" object in the
                              line's "metadata" object, created when absent:
                              {"encoding","lines_kept","lines_dropped",
                              "bytes_in","bytes_out"} */
    int explain;           /* with meta: also "dropped", the dropped lines
                              as [{"line","reason","score","text"}] */
} winnow_jsonl_options;

/* Fills `jo` with the defaults: field "text", no meta. */
void winnow_jsonl_options_init(winnow_jsonl_options *jo);

typedef struct winnow_jsonl winnow_jsonl;

/* What winnow_jsonl_clean() produced for one line. */
typedef struct winnow_jsonl_result {
    const char *line;      /* the cleaned line, without a newline */
    size_t len;
    winnow_result doc;     /* the text field's result (see winnow_clean) */
    size_t bytes_in;       /* bytes of the decoded field before cleaning */
} winnow_jsonl_result;

/* Creates a JSONL cleaner that cleans with `w` (borrowed: it must
 * outlive the cleaner, and the pair belongs to one thread) and a copy of
 * `jo` (NULL: defaults; its strings must outlive the cleaner).  Fails
 * with WINNOW_ERR_INVALID_ARG or WINNOW_ERR_NOMEM. */
winnow_error winnow_jsonl_new(winnow_jsonl **out, winnow *w,
                              const winnow_jsonl_options *jo);

/* Frees the cleaner (not its context).  NULL is fine. */
void winnow_jsonl_free(winnow_jsonl *j);

/* Cleans one JSONL line of `len` bytes (without its newline; a trailing
 * "\r" is kept as whitespace).  On success fills *res; res->line stays
 * valid until the next call on `j` or on its context.  Fails with
 * WINNOW_ERR_JSON (not one valid JSON object), WINNOW_ERR_JSON_FIELD (no
 * text field), WINNOW_ERR_JSON_TYPE, or any error of winnow_clean(). */
winnow_error winnow_jsonl_clean(winnow_jsonl *j, const char *line, size_t len,
                                winnow_jsonl_result *res);

/* Writes text[0..len) escaped for the inside of a JSON string (no
 * quotes) to dst, which must hold 6 * len bytes; returns the bytes
 * written.  '"', '\\' and control characters are escaped; every other
 * byte is copied. */
size_t winnow_json_escape(char *dst, const char *text, size_t len);

/* ---- lines that recur across documents ------------------------------ */

/* Counts, for each line, the number of documents it occurs in.  Lines
 * are taken as winnow_clean() segments them (decoded, normalized,
 * tidied), ASCII letters folded to lower case and every run of digits
 * read as one; each is known by a 64-bit fingerprint.  The counts are an
 * exact hash table, or, when they would outgrow `max_bytes`, a
 * count-min sketch of that size (counts never too low, sometimes too
 * high).  Files made by winnow_line_counts_save() on several machines
 * can be merged. */
typedef struct winnow_line_counts winnow_line_counts;

/* Creates empty counts; max_bytes 0: no cap (always exact).  Fails with
 * WINNOW_ERR_NOMEM or WINNOW_ERR_INVALID_ARG. */
winnow_error winnow_line_counts_new(winnow_line_counts **out, size_t max_bytes);

/* Frees the counts.  NULL is fine. */
void winnow_line_counts_free(winnow_line_counts *c);

/* Counts the lines of one document: `doc` is a result of winnow_clean()
 * (any options; keep_all makes it cheapest); each distinct line counts
 * once.  Not thread-safe on `c`.  Fails with WINNOW_ERR_NOMEM. */
winnow_error winnow_line_counts_add(winnow_line_counts *c, const winnow_result *doc);

/* Adds the counts of `from` to `into`.  Fails with WINNOW_ERR_NOMEM, or
 * WINNOW_ERR_LINE_COUNTS for two sketches of different sizes. */
winnow_error winnow_line_counts_merge(winnow_line_counts *into,
                                      const winnow_line_counts *from);

/* Writes the counts to `f` in winnow's binary format (little-endian,
 * see src/line_counts.c).  Fails with WINNOW_ERR_LINE_COUNTS when a write
 * fails (errno tells why). */
winnow_error winnow_line_counts_save(const winnow_line_counts *c, FILE *f);

/* Reads counts written by winnow_line_counts_save() from `f` (to its
 * end).  On success *out owns them.  Fails with WINNOW_ERR_LINE_COUNTS
 * (not such a file, or damaged) or WINNOW_ERR_NOMEM. */
winnow_error winnow_line_counts_load(winnow_line_counts **out, FILE *f);

#ifdef __cplusplus
}
#endif

#endif /* WINNOW_H */
