/* tool_progress.c -- one line on stderr that says how far a run is.
 *
 *   winnow: 120431 docs  2310.4 MB  301.2 MB/s  0:07  ETA 0:12
 *
 * Bytes are input bytes as read from disk (compressed ones for a
 * compressed input), so the ETA compares like with like.  The line is
 * rewritten in place with "\r" and ended with a newline at the finish.
 */
#include <stdio.h>
#include <time.h>

#include "tool_progress.h"

double tool_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void tool_progress_init(tool_progress *p, int on, uint64_t total)
{
    p->on = on;
    p->total = total;
    p->start = tool_now();
    p->last = 0;
}

static void draw(tool_progress *p, uint64_t documents, uint64_t bytes, double now)
{
    double t = now - p->start;
    double mb = (double)bytes / 1e6;
    double rate = t > 0 ? mb / t : 0;
    fprintf(stderr, "\rwinnow: %llu docs  %.1f MB  %.1f MB/s  %d:%02d",
            (unsigned long long)documents, mb, rate, (int)t / 60, (int)t % 60);
    if (p->total && rate > 0 && bytes <= p->total) {
        double eta = ((double)(p->total - bytes) / 1e6) / rate;
        fprintf(stderr, "  ETA %d:%02d", (int)eta / 60, (int)eta % 60);
    }
    fputs("\033[K", stderr);
    p->last = now;
}

void tool_progress_update(tool_progress *p, uint64_t documents, uint64_t bytes)
{
    if (!p->on) return;
    double now = tool_now();
    if (now - p->last < 0.2) return;
    draw(p, documents, bytes, now);
}

void tool_progress_finish(tool_progress *p, uint64_t documents, uint64_t bytes)
{
    if (!p->on) return;
    draw(p, documents, bytes, tool_now());
    fputc('\n', stderr);
}
