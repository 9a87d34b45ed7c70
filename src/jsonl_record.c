/* jsonl_record.c -- cleaning one JSONL line: find the text field, clean
 * its value, splice the result back (the winnow_jsonl of winnow.h).
 *
 * A line is validated and its top-level members located by jsonl.c; the
 * text field's string is decoded into `field`, cleaned by the borrowed
 * context, and re-encoded.  The output line is the input line with at
 * most two spans replaced, in line order:
 *
 *   {"id":"7","text":"<clean text>","metadata":{"src":"x","winnow":{...}}}
 *                    ^^^ edit 1                           ^^^ edit 2
 *
 * Edit 2 (with meta) replaces the value of metadata.winnow, or inserts
 * the member before the closing brace of metadata, or inserts a whole
 * "metadata" member before the closing brace of the line's object.
 */
#include <stdlib.h>
#include <string.h>

#include "winnow.h"
#include "buf.h"
#include "jsonl.h"

struct winnow_jsonl {
    winnow *w;
    winnow_jsonl_options jo;
    size_t field_len;
    wbuf members;     /* jsonl_member of the line's object */
    wbuf meta_members;/* jsonl_member of its "metadata" object */
    wbuf field;       /* the decoded text field */
    wbuf meta;        /* the text of edit 2 */
    wbuf line;        /* the output line */
};

typedef struct edit {
    size_t start, end;     /* span of the input line replaced */
    const wbuf *with;      /* NULL: the clean text, encoded in place */
} edit;

void winnow_jsonl_options_init(winnow_jsonl_options *jo)
{
    memset(jo, 0, sizeof *jo);
    jo->field = "text";
}

winnow_error winnow_jsonl_new(winnow_jsonl **out, winnow *w,
                              const winnow_jsonl_options *jo)
{
    if (!out || !w) return WINNOW_ERR_INVALID_ARG;
    winnow_jsonl *j = calloc(1, sizeof *j);
    if (!j) return WINNOW_ERR_NOMEM;
    j->w = w;
    if (jo) j->jo = *jo;
    else winnow_jsonl_options_init(&j->jo);
    if (!j->jo.field) j->jo.field = "text";
    j->field_len = strlen(j->jo.field);
    wbuf_init(&j->members, 0);
    wbuf_init(&j->meta_members, 0);
    wbuf_init(&j->field, 0);
    wbuf_init(&j->meta, 0);
    wbuf_init(&j->line, 0);
    *out = j;
    return WINNOW_OK;
}

void winnow_jsonl_free(winnow_jsonl *j)
{
    if (!j) return;
    wbuf_release(&j->members);
    wbuf_release(&j->meta_members);
    wbuf_release(&j->field);
    wbuf_release(&j->meta);
    wbuf_release(&j->line);
    free(j);
}

size_t winnow_json_escape(char *dst, const char *text, size_t len)
{
    return jsonl_escape(dst, text, len);
}

/* The "winnow" object of --meta. */
static winnow_error render_meta(winnow_jsonl *j, const winnow_jsonl_result *r, wbuf *m)
{
    const winnow_result *d = &r->doc;
    winnow_error e = wbuf_printf(m, "{\"encoding\":\"%s\",\"lines_kept\":%zu,"
                                 "\"lines_dropped\":%zu,\"bytes_in\":%zu,\"bytes_out\":%zu",
                                 d->encoding ? d->encoding : "UTF-8", d->lines_kept,
                                 d->lines_dropped, r->bytes_in, d->len);
    if (e) return e;
    if (j->jo.explain) {
        if ((e = wbuf_append(m, ",\"dropped\":[", 12))) return e;
        int first = 1;
        for (size_t i = 0; i < d->n_lines; i++) {
            const winnow_line *l = &d->lines[i];
            if (l->verdict == WINNOW_KEEP) continue;
            if ((e = wbuf_printf(m, "%s{\"line\":%zu,\"reason\":\"%s\",\"score\":%.2f,\"text\":",
                                 first ? "" : ",", l->number,
                                 winnow_reason_name(l->reason), (double)l->score)))
                return e;
            if ((e = jsonl_encode_string(l->text, l->len, m))) return e;
            if ((e = wbuf_putc(m, '}'))) return e;
            first = 0;
        }
        if ((e = wbuf_putc(m, ']'))) return e;
    }
    return wbuf_putc(m, '}');
}

/* Fills j->meta with edit 2 and returns its span in *ed. */
static winnow_error meta_edit(winnow_jsonl *j, const char *line, const jsonl_member *meta,
                              size_t obj_end, const winnow_jsonl_result *r, edit *ed)
{
    winnow_error e;
    wbuf *m = &j->meta;
    wbuf_reset(m);
    if (!meta) {                                  /* no metadata: add it */
        if ((e = wbuf_append(m, ",\"metadata\":{\"winnow\":", 22))) return e;
        if ((e = render_meta(j, r, m))) return e;
        if ((e = wbuf_putc(m, '}'))) return e;
        ed->start = ed->end = obj_end - 1;
        return WINNOW_OK;
    }
    size_t n;
    if ((e = jsonl_members(line, meta->value, meta->value_end, &j->meta_members, &n)))
        return e;
    const jsonl_member *mm = (const jsonl_member *)(void *)j->meta_members.data;
    for (size_t i = n; i-- > 0;) {
        if (jsonl_key_is(line, mm[i].key, mm[i].key_end, "winnow", 6)) {
            ed->start = mm[i].value;              /* replace the old one */
            ed->end = mm[i].value_end;
            return render_meta(j, r, m);
        }
    }
    if (n && (e = wbuf_putc(m, ','))) return e;
    if ((e = wbuf_append(m, "\"winnow\":", 9))) return e;
    if ((e = render_meta(j, r, m))) return e;
    ed->start = ed->end = meta->value_end - 1;
    return WINNOW_OK;
}

winnow_error winnow_jsonl_clean(winnow_jsonl *j, const char *line, size_t len,
                                winnow_jsonl_result *res)
{
    if (!j || !res || (!line && len)) return WINNOW_ERR_INVALID_ARG;
    if (!line) line = "";
    winnow_error e;
    size_t n, obj, obj_end;
    if ((e = jsonl_parse(line, len, &j->members, &n, &obj, &obj_end))) return e;
    const jsonl_member *m = (const jsonl_member *)(void *)j->members.data;
    const jsonl_member *text = NULL, *meta = NULL;
    for (size_t i = n; i-- > 0 && (!text || (j->jo.meta && !meta));) {
        if (!text && jsonl_key_is(line, m[i].key, m[i].key_end, j->jo.field, j->field_len))
            text = &m[i];
        else if (j->jo.meta && !meta &&
                 jsonl_key_is(line, m[i].key, m[i].key_end, "metadata", 8))
            meta = &m[i];
    }
    if (!text) return WINNOW_ERR_JSON_FIELD;
    if (text->type != JSONL_STRING) return WINNOW_ERR_JSON_TYPE;
    if (meta && meta->type != JSONL_OBJECT) return WINNOW_ERR_JSON_TYPE;

    wbuf_reset(&j->field);
    if ((e = jsonl_decode_string(line + text->value, text->value_end - text->value,
                                 &j->field)))
        return e;
    winnow_jsonl_result r;
    memset(&r, 0, sizeof r);
    r.bytes_in = j->field.len;
    if ((e = winnow_clean(j->w, j->field.data ? j->field.data : "", j->field.len, &r.doc)))
        return e;
    /* The clean text is encoded straight into the output line. */
    edit eds[2] = {{text->value, text->value_end, NULL}, {0, 0, NULL}};
    size_t n_eds = 1;
    if (j->jo.meta) {
        if ((e = meta_edit(j, line, meta, obj_end, &r, &eds[1]))) return e;
        eds[1].with = &j->meta;
        n_eds = 2;
        if (eds[1].start < eds[0].start) {
            edit t = eds[0]; eds[0] = eds[1]; eds[1] = t;
        }
    }
    wbuf_reset(&j->line);
    size_t at = 0;
    for (size_t i = 0; i < n_eds; i++) {
        if ((e = wbuf_append(&j->line, line + at, eds[i].start - at))) return e;
        e = eds[i].with ? wbuf_append(&j->line, eds[i].with->data, eds[i].with->len)
                        : jsonl_encode_string(r.doc.text, r.doc.len, &j->line);
        if (e) return e;
        at = eds[i].end;
    }
    if ((e = wbuf_append(&j->line, line + at, len - at))) return e;
    r.line = j->line.data ? j->line.data : "";
    r.len = j->line.len;
    *res = r;
    return WINNOW_OK;
}
