/* tool_main.c -- the winnow command: main(), one input after another.
 *
 * The command is the only code that prints.  It uses nothing but the
 * public API of winnow.h: each input is read (tool_input.c), cleaned,
 * and written to standard output or, with -o DIR, to DIR/<basename of
 * the input> (tool_output.c).  Settings come from tool_options.c.
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
#include "tool_output.h"

/* Cleans one input; returns 0 or 1 (the message has been printed). */
static int process(winnow *w, const tool_options *c, const char *file)
{
    FILE *f = strcmp(file, "-") == 0 ? stdin : fopen(file, "rb");
    const char *shown = strcmp(file, "-") == 0 ? "(standard input)" : file;
    if (!f) {
        fprintf(stderr, "winnow: %s: %s\n", shown, strerror(errno));
        return 1;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fprintf(stderr, "winnow: %s: is a directory\n", shown);
        if (f != stdin) fclose(f);
        return 1;
    }
    char *data = NULL;
    size_t len = 0;
    int err = tool_read_all(f, &data, &len);
    if (f != stdin) fclose(f);
    if (err) {
        fprintf(stderr, "winnow: %s: %s\n", shown, strerror(err));
        return 1;
    }
    winnow_result r;
    winnow_error e = winnow_clean(w, data, len, &r);
    const char *text = NULL;
    size_t text_len = 0;
    if (!e) {
        text = r.text;
        text_len = r.len;
        if (c->explain) e = winnow_explain(w, &r, &text, &text_len);
    }
    int status;
    if (e) {
        fprintf(stderr, "winnow: %s: %s\n", shown, winnow_strerror(e));
        status = 1;
    } else if (c->output_dir) {
        status = tool_write_output_file(c->output_dir, file, text, text_len);
    } else {
        status = tool_write_stdout(text, text_len);
    }
    free(data);
    return status;
}

int main(int argc, char **argv)
{
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
    winnow_error e = winnow_new(&w, &c.opt);
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
    int status = 0;
    for (size_t i = 0; i < c.n_files; i++)
        if (process(w, &c, c.files[i])) status = 1;
    if (fflush(stdout) != 0) {
        fprintf(stderr, "winnow: write error: %s\n", strerror(errno));
        status = 1;
    }
    winnow_free(w);
    tool_options_release(&c);
    return status;
}
