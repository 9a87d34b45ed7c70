/* tool_workers.c -- an ordered pipeline of batches over worker threads.
 *
 *   calling thread:  fill b0 b1 b2 ... (up to W ahead)   emit b0, b1, ...
 *   workers:                 work(b0)  work(b1) ...       (any order)
 *
 * W = 2 * workers + 2 slots, each holding one batch whose buffers are
 * reused, so memory is bounded by W batches whatever the input size.
 * The calling thread reads and writes (input and output stay sequential
 * streams); workers take filled slots in order and mark them done; the
 * calling thread emits slot k only when it is done, so the output is in
 * input order and the same for any number of workers.  A worker may
 * leave a batch's output in its own memory (tool_batch.view): with one
 * worker the batch is emitted before the worker takes another, so the
 * output is written from there without a copy; with several, the worker
 * copies it into the batch before it moves on.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tool_workers.h"

enum { FREE, QUEUED, DONE };

typedef struct slot {
    tool_batch b;
    int state;
} slot;

typedef struct shared {
    const tool_pipeline *p;
    slot *slots;
    size_t n_slots;
    size_t next_work, n_filled;   /* sequence numbers */
    int quit;
    pthread_mutex_t lock;
    pthread_cond_t work_ready, work_done;
} shared;

typedef struct worker_arg {
    shared *s;
    void *state;
} worker_arg;

unsigned tool_cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}

static void batch_init(tool_batch *b)
{
    memset(b, 0, sizeof *b);
    wbuf_init(&b->in, 0);
    wbuf_init(&b->out, 0);
    wbuf_init(&b->plain, 0);
    wbuf_init(&b->messages, 0);
}

static void batch_release(tool_batch *b)
{
    wbuf_release(&b->in);
    wbuf_release(&b->out);
    wbuf_release(&b->plain);
    wbuf_release(&b->messages);
}

void tool_batch_settle(tool_batch *b)
{
    if (!b->view) return;
    if (wbuf_append(&b->out, b->view, b->view_len)) {
        wbuf_printf(&b->messages, "winnow: out of memory\n");
        b->failed = 1;
    }
    b->view = NULL;
    b->view_len = 0;
}

static void *worker_main(void *arg)
{
    worker_arg *a = arg;
    shared *s = a->s;
    pthread_mutex_lock(&s->lock);
    for (;;) {
        while (!s->quit && s->next_work == s->n_filled)
            pthread_cond_wait(&s->work_ready, &s->lock);
        if (s->next_work == s->n_filled) break;      /* quit, nothing left */
        slot *sl = &s->slots[s->next_work++ % s->n_slots];
        pthread_mutex_unlock(&s->lock);
        s->p->work(s->p->ctx, a->state, &sl->b);
        tool_batch_settle(&sl->b);            /* before the next batch */
        pthread_mutex_lock(&s->lock);
        sl->state = DONE;
        pthread_cond_broadcast(&s->work_done);
    }
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

static int run_inline(const tool_pipeline *p)
{
    tool_batch b;
    batch_init(&b);
    while (p->fill(p->ctx, &b)) {
        p->work(p->ctx, p->workers[0], &b);
        if (p->emit(p->ctx, &b)) break;
    }
    batch_release(&b);
    return 0;
}

int tool_pipeline_run(const tool_pipeline *p)
{
    if (p->n_workers <= 1) return run_inline(p);
    shared s;
    memset(&s, 0, sizeof s);
    s.p = p;
    s.n_slots = 2 * p->n_workers + 2;
    s.slots = calloc(s.n_slots, sizeof *s.slots);
    pthread_t *threads = calloc(p->n_workers, sizeof *threads);
    worker_arg *args = calloc(p->n_workers, sizeof *args);
    if (!s.slots || !threads || !args) {
        free(s.slots); free(threads); free(args);
        fprintf(stderr, "winnow: out of memory\n");
        return 1;
    }
    for (size_t i = 0; i < s.n_slots; i++) batch_init(&s.slots[i].b);
    pthread_mutex_init(&s.lock, NULL);
    pthread_cond_init(&s.work_ready, NULL);
    pthread_cond_init(&s.work_done, NULL);
    size_t started = 0;
    for (; started < p->n_workers; started++) {
        args[started].s = &s;
        args[started].state = p->workers[started];
        if (pthread_create(&threads[started], NULL, worker_main, &args[started])) break;
    }
    int status = 0;
    if (started == 0) {
        fprintf(stderr, "winnow: cannot start worker threads\n");
        status = 1;
    }
    size_t next_emit = 0, n_filled = 0;
    int eof = started == 0, stop = 0;
    for (;;) {
        while (!eof && !stop && n_filled - next_emit < s.n_slots) {
            slot *sl = &s.slots[n_filled % s.n_slots];
            if (!p->fill(p->ctx, &sl->b)) { eof = 1; break; }
            pthread_mutex_lock(&s.lock);
            sl->state = QUEUED;
            s.n_filled = ++n_filled;
            pthread_cond_signal(&s.work_ready);
            pthread_mutex_unlock(&s.lock);
        }
        if (next_emit == n_filled) break;
        slot *sl = &s.slots[next_emit % s.n_slots];
        pthread_mutex_lock(&s.lock);
        while (sl->state != DONE) pthread_cond_wait(&s.work_done, &s.lock);
        pthread_mutex_unlock(&s.lock);
        if (!stop && p->emit(p->ctx, &sl->b)) stop = 1;
        sl->state = FREE;
        next_emit++;
    }
    pthread_mutex_lock(&s.lock);
    s.quit = 1;
    pthread_cond_broadcast(&s.work_ready);
    pthread_mutex_unlock(&s.lock);
    for (size_t i = 0; i < started; i++) pthread_join(threads[i], NULL);
    pthread_mutex_destroy(&s.lock);
    pthread_cond_destroy(&s.work_ready);
    pthread_cond_destroy(&s.work_done);
    for (size_t i = 0; i < s.n_slots; i++) batch_release(&s.slots[i].b);
    free(s.slots);
    free(threads);
    free(args);
    return status;
}
