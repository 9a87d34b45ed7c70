/* tool_main.c -- the winnow command: main(), one input after another.
 *
 * The command is the only code that prints.  It uses the public API of
 * winnow.h (and the library's growable buffer, buf.h): settings come
 * from tool_options.c, the inputs are cleaned by tool_run.c (which reads
 * with tool_input.c, cleans on tool_workers.c and writes with
 * tool_output.c).
 *
 * Exit status: 0 success; 1 an input could not be read, cleaned or
 * written (the others are still processed); 2 bad usage.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "winnow.h"
#include "tool_input.h"
#include "tool_options.h"
#include "tool_count.h"
#include "tool_run.h"

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "count") == 0) return tool_count_main(argc - 1, argv + 1);
    tool_options c;
    tool_options_parse(argc, argv, &c);
    signal(SIGPIPE, SIG_IGN);   /* a closed pipe becomes EPIPE, reported */

    if (c.output_dir) {
        struct stat st;
        if (stat(c.output_dir, &st) != 0) {
            if (mkdir(c.output_dir, 0777) != 0) {
                fprintf(stderr, "winnow: %s: %s\n", c.output_dir, strerror(errno));
                return 1;
            }
        } else if (!S_ISDIR(st.st_mode)) {
            fprintf(stderr, "winnow: %s: not a directory\n", c.output_dir);
            return 1;
        }
    }

    winnow *w;
    char *model_text = NULL;
    if (c.model_path) {
        FILE *mf = fopen(c.model_path, "rb");
        int err = mf ? tool_read_all(mf, &model_text, &c.opt.model_len) : errno;
        if (mf) fclose(mf);
        if (err) {
            fprintf(stderr, "winnow: --model: %s: %s\n", c.model_path, strerror(err));
            tool_options_release(&c);
            return 2;
        }
        c.opt.model = model_text;
    }
    winnow_error e = winnow_new(&w, &c.opt);
    if (e) free(model_text);    /* else kept: every worker's context reads it */
    if (e == WINNOW_ERR_MODEL) {
        fprintf(stderr, "winnow: --model: %s: %s\n", c.model_path, winnow_strerror(e));
        tool_options_release(&c);
        return 2;
    }
    if (e == WINNOW_ERR_ENCODING) {
        fprintf(stderr, "winnow: --from: unknown encoding '%s'\n", c.opt.from_encoding);
        tool_options_release(&c);
        return 2;
    }
    if (e) {
        fprintf(stderr, "winnow: %s\n", winnow_strerror(e));
        tool_options_release(&c);
        return 1;
    }
    int status = tool_run(&c, w);
    winnow_free(w);
    free(model_text);
    tool_options_release(&c);
    return status;
}
