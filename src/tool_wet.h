/* tool_wet.h -- reading WET archives (WARC/1.0 records of extracted text)
 * as JSONL documents. */
#ifndef WINNOW_TOOL_WET_H
#define WINNOW_TOOL_WET_H

#include <stddef.h>
#include "buf.h"
#include "tool_input.h"

typedef struct tool_wet tool_wet;

/* Starts reading records from `r` (borrowed).  `name` is used in
 * messages; records longer than `max_record` bytes (0: no limit) are
 * reported and skipped.  Returns 0, or 1 when out of memory. */
int tool_wet_open(tool_wet **out, tool_reader *r, const char *name, size_t max_record);

/* Appends the next `conversion` record to `jsonl` as one JSONL line
 * {"id":<WARC-Record-ID>,"text":<content>,"metadata":{"url":...,"date":...,
 * "record_id":...}} (other record types are passed over), and anything
 * worth reporting to `messages` ("winnow: NAME: ...\n").  A record whose
 * Content-Length is wrong is reported and cut at the next "WARC/1."
 * header, so the records after it are not lost.  Returns 1 when a line
 * was appended, 0 at the end, -1 on a read error (reported; the end). */
int tool_wet_next(tool_wet *w, wbuf *jsonl, wbuf *messages);

/* Frees the state (not the reader).  NULL is fine. */
void tool_wet_close(tool_wet *w);

#endif /* WINNOW_TOOL_WET_H */
