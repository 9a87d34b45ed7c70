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
