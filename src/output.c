/* output.c -- the clean text and the --explain view (see output.h).
 *
 * Both are written into a buffer the context owns; nothing here prints.
 */
#include "output.h"

winnow_error output_text(const winnow_line *lines, size_t n, wbuf *out)
{
    wbuf_reset(out);
    size_t prev_paragraph = 0;
    int any = 0;
    winnow_error e;
    for (size_t i = 0; i < n; i++) {
        const winnow_line *l = &lines[i];
        if (l->verdict != WINNOW_KEEP) continue;
        if (any && l->paragraph != prev_paragraph && (e = wbuf_putc(out, '\n')))
            return e;
        if ((e = wbuf_append(out, l->text, l->len))) return e;
        if ((e = wbuf_putc(out, '\n'))) return e;
        prev_paragraph = l->paragraph;
        any = 1;
    }
    return WINNOW_OK;
}

winnow_error output_explain(const winnow_line *lines, size_t n,
                            const classifier *why, wbuf *out)
{
    wbuf_reset(out);
    winnow_error e;
    for (size_t i = 0; i < n; i++) {
        const winnow_line *l = &lines[i];
        e = wbuf_printf(out, "%5zu %c %+6.2f %-12s ", l->number,
                        l->verdict == WINNOW_KEEP ? 'K' : 'D', (double)l->score,
                        winnow_reason_name(l->reason));
        if (e) return e;
        if (why && (e = classifier_explain_line(why, i, l->verdict == WINNOW_KEEP ? 1 : -1, out)))
            return e;
        if ((e = wbuf_append(out, "| ", 2))) return e;
        if ((e = wbuf_append(out, l->text, l->len))) return e;
        if ((e = wbuf_putc(out, '\n'))) return e;
    }
    return WINNOW_OK;
}
