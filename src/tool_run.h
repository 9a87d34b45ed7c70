/* tool_run.h -- cleaning every input of a run: read, clean on the
 * workers, write in order, count, show progress. */
#ifndef WINNOW_TOOL_RUN_H
#define WINNOW_TOOL_RUN_H

#include "winnow.h"
#include "tool_options.h"

/* Cleans every input that `c` names with contexts made from c->opt
 * (`w`, already made from it, is used as the first one).  Returns the
 * exit status: 0, or 1 when an input could not be read, cleaned or
 * written (each reported on stderr). */
int tool_run(const tool_options *c, winnow *w);

#endif /* WINNOW_TOOL_RUN_H */
