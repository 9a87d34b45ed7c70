/* segment.c -- split the normalized text into line spans (see segment.h).
 *
 * One pass with memchr over the buffer; each line is trimmed of spaces,
 * tabs and a final CR, and blank lines only advance the paragraph index.
 * The spans point into `text`, which must outlive them.
 */
#include "segment.h"

#include <string.h>

static int is_hspace(char c) { return c == ' ' || c == '\t' || c == '\r'; }

winnow_error segment_lines(const char *text, size_t len, wbuf *lines,
                           size_t *n_lines)
{
    wbuf_reset(lines);
    /* Room for every span at once (memchr is cheap next to a buffer that
     * grows by doubling, copying itself): a non-blank line starts the
     * text or follows a '\n' that no '\n' follows.  The reservation is
     * capped at twice the text; past that the buffer grows as needed. */
    size_t upper = 1;
    for (const char *q = text, *end = text + len;
         q < end && (q = memchr(q, '\n', (size_t)(end - q))); q++)
        upper += q + 1 < end && q[1] != '\n';
    size_t room = upper < (2 * len + 4096) / sizeof(winnow_line)
                  ? upper : (2 * len + 4096) / sizeof(winnow_line);
    winnow_error err0 = wbuf_reserve(lines, room * sizeof(winnow_line));
    if (err0) return err0;
    size_t count = 0, number = 0, paragraph = 0;
    int in_paragraph = 0;
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *line_end = nl ? nl : end;
        const char *s = p, *e = line_end;
        number++;
        while (s < e && is_hspace(*s)) s++;
        while (e > s && is_hspace(e[-1])) e--;
        if (s == e) {
            if (in_paragraph) paragraph++;
            in_paragraph = 0;
        } else {
            winnow_line line;
            memset(&line, 0, sizeof line);
            line.text = s;
            line.len = (size_t)(e - s);
            line.number = number;
            line.paragraph = paragraph;
            line.verdict = WINNOW_KEEP;
            line.reason = WINNOW_REASON_CONTENT;
            winnow_error err = wbuf_append(lines, &line, sizeof line);
            if (err) return err;
            count++;
            in_paragraph = 1;
        }
        p = nl ? nl + 1 : end;
    }
    *n_lines = count;
    return WINNOW_OK;
}
