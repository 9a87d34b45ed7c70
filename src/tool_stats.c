/* tool_stats.c -- counting what a run did, and --stats FILE.
 *
 * Each batch of documents counts into its own tool_stats (in a worker);
 * the writer merges them in input order, so the totals do not depend on
 * the number of workers.  Encodings are counted by name in a small
 * table (the first TOOL_STATS_ENCODINGS names seen; the rest as
 * "other").
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "tool_stats.h"

static void count_encoding(tool_stats *s, const char *name, uint64_t n)
{
    if (!name) name = "unknown";
    unsigned i;
    for (i = 0; i < s->n_encodings; i++)
        if (strcmp(s->encodings[i].name, name) == 0) break;
    if (i == s->n_encodings) {
        if (s->n_encodings == TOOL_STATS_ENCODINGS) {
            i = TOOL_STATS_ENCODINGS - 1;
            snprintf(s->encodings[i].name, sizeof s->encodings[i].name, "other");
        } else {
            snprintf(s->encodings[i].name, sizeof s->encodings[i].name, "%s", name);
            s->n_encodings++;
        }
    }
    s->encodings[i].documents += n;
}

void tool_stats_add(tool_stats *s, const winnow_result *r, uint64_t bytes_in,
                    tool_stats_piece piece)
{
    const int new_document = piece != TOOL_STATS_LATER_PART;
    s->text_parts += piece != TOOL_STATS_DOCUMENT;
    s->documents += new_document;
    s->bytes_in += bytes_in;
    s->bytes_out += r->len;
    s->lines_kept += r->lines_kept;
    s->lines_dropped += r->lines_dropped;
    for (size_t i = 0; i < r->n_lines; i++)
        if (r->lines[i].verdict != WINNOW_KEEP &&
            (unsigned)r->lines[i].reason < WINNOW_REASON_COUNT_)
            s->dropped_by_reason[r->lines[i].reason]++;
    if (new_document) count_encoding(s, r->encoding, 1);
}

void tool_stats_merge(tool_stats *into, const tool_stats *from)
{
    into->documents += from->documents;
    into->text_parts += from->text_parts;
    into->dropped_empty += from->dropped_empty;
    into->bytes_in += from->bytes_in;
    into->bytes_out += from->bytes_out;
    into->lines_kept += from->lines_kept;
    into->lines_dropped += from->lines_dropped;
    for (int i = 0; i < WINNOW_REASON_COUNT_; i++)
        into->dropped_by_reason[i] += from->dropped_by_reason[i];
    into->errors += from->errors;
    into->inputs += from->inputs;
    into->inputs_skipped += from->inputs_skipped;
    for (unsigned i = 0; i < from->n_encodings; i++)
        count_encoding(into, from->encodings[i].name, from->encodings[i].documents);
}

int tool_stats_write(const tool_stats *s, const char *path, double seconds)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "winnow: --stats: %s: %s\n", path, strerror(errno));
        return 1;
    }
    fprintf(f, "{\n  \"inputs\": %llu,\n  \"inputs_skipped\": %llu,\n"
            "  \"documents\": %llu,\n  \"documents_dropped_empty\": %llu,\n"
            "  \"text_parts\": %llu,\n"
            "  \"errors\": %llu,\n  \"bytes_in\": %llu,\n  \"bytes_out\": %llu,\n"
            "  \"lines_kept\": %llu,\n  \"lines_dropped\": %llu,\n"
            "  \"seconds\": %.3f,\n  \"lines_dropped_by_reason\": {",
            (unsigned long long)s->inputs, (unsigned long long)s->inputs_skipped,
            (unsigned long long)s->documents, (unsigned long long)s->dropped_empty,
            (unsigned long long)s->text_parts, (unsigned long long)s->errors,
            (unsigned long long)s->bytes_in, (unsigned long long)s->bytes_out, (unsigned long long)s->lines_kept,
            (unsigned long long)s->lines_dropped, seconds);
    int first = 1;
    for (int i = 0; i < WINNOW_REASON_COUNT_; i++) {
        if (!s->dropped_by_reason[i]) continue;
        fprintf(f, "%s\n    \"%s\": %llu", first ? "" : ",",
                winnow_reason_name((winnow_reason)i),
                (unsigned long long)s->dropped_by_reason[i]);
        first = 0;
    }
    fprintf(f, "%s},\n  \"encodings\": {", first ? "" : "\n  ");
    for (unsigned i = 0; i < s->n_encodings; i++) {
        char esc[6 * sizeof s->encodings[i].name];
        size_t n = winnow_json_escape(esc, s->encodings[i].name, strlen(s->encodings[i].name));
        fprintf(f, "%s\n    \"%.*s\": %llu", i ? "," : "", (int)n, esc,
                (unsigned long long)s->encodings[i].documents);
    }
    fprintf(f, "%s}\n}\n", s->n_encodings ? "\n  " : "");
    if (fclose(f) != 0) {
        fprintf(stderr, "winnow: --stats: %s: %s\n", path, strerror(errno));
        return 1;
    }
    return 0;
}
