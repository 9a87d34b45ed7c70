/* tool_text.h -- a plain-text input of the winnow command, as documents.
 *
 * A text input of up to TOOL_TEXT_WHOLE bytes is one document, cleaned
 * whole.  A longer one (a book, a dump of many pages, a log) would need
 * several times its size in memory and one core for all of it, and its
 * pages would be judged as one page: it is cut into parts of about
 * TOOL_TEXT_PART bytes, each cleaned as a document of its own.  A part
 * ends before a blank line when there is one in its second half, else
 * after its last complete line (ended by a line feed, or by a lone
 * carriage return: old Mac text); a line longer than a part makes a part
 * of its own, and the last part takes up to half a part more.  Every
 * part is read in the encoding detected (or forced) on the input's first
 * TOOL_TEXT_WHOLE bytes.  In UTF-16 and UTF-32 the sizes count code
 * units, not bytes, and a line ends with a code unit U+000A, so a wide
 * text is cut where its UTF-8 twin would be.  Encodings that cannot be
 * cut at line feeds (ISO-2022-x, UTF-7, EBCDIC...: see winnow_encoding())
 * are read whole, as before.
 */
#ifndef WINNOW_TOOL_TEXT_H
#define WINNOW_TOOL_TEXT_H

#include <stdint.h>
#include "buf.h"
#include "tool_input.h"
#include "winnow.h"

#define TOOL_TEXT_WHOLE ((size_t)4 << 20)
#define TOOL_TEXT_PART ((size_t)1 << 20)

typedef struct tool_text tool_text;

/* Where a document of a text input comes from. */
typedef struct tool_text_doc {
    const char *encoding;  /* read it as this (winnow_clean_as()); NULL
                              for a whole input: detect */
    uint64_t offset;       /* its first byte's offset in the input */
    winnow_cut cut;        /* of a part: how the input is cut (its line
                              ends' code unit) */
    int part;              /* one of several parts of the input */
    int at_blank;          /* a part cut next to a blank line (the last
                              line before the cut, or its own first line) */
    int last;              /* the input's last document */
} tool_text_doc;

/* Starts reading `r` (not owned) as text; `shown` (not copied) names it
 * in messages; `opt` are the run's options (the encoding is detected
 * with them); inputs longer than opt->max_doc_bytes (when not 0) fail,
 * at once when `size_hint` (bytes on disk, 0: unknown) of a plain file
 * says so.  `probe` (NULL: none) keeps, from one input of a run to the
 * next, the context that chooses a long input's encoding: used when
 * *probe is set, else made with `opt` (as --keep-all) when needed and
 * left there for the caller to free.  Returns 0 or ENOMEM. */
int tool_text_open(tool_text **out, tool_reader *r, const char *shown,
                   const winnow_options *opt, uint64_t size_hint, winnow **probe);

/* Reads the next document into `doc` (reset first) and says where it
 * comes from in *where.  Returns 1 when there is one, 0 when the input
 * has ended, -1 when it failed (a read error, too large, binary data,
 * out of memory: a message is appended to `messages`, and the input's
 * documents already returned stay valid). */
int tool_text_next(tool_text *t, wbuf *doc, tool_text_doc *where, wbuf *messages);

/* For tests: cuts inputs of more than `whole` bytes into parts of about
 * `part` bytes (1 <= part <= whole) instead of TOOL_TEXT_WHOLE and
 * TOOL_TEXT_PART.  Call before the first tool_text_next(). */
void tool_text_set_sizes(tool_text *t, size_t whole, size_t part);

/* Frees `t` (NULL is fine); the reader stays open. */
void tool_text_close(tool_text *t);

#endif /* WINNOW_TOOL_TEXT_H */
