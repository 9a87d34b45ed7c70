/* cues.c -- an Aho-Corasick automaton over the cue phrases (see cues.h).
 *
 * Bytes are first mapped to classes (every byte that occurs in some
 * phrase gets its own class, all others share class 0), which keeps the
 * transition table small: states x classes entries of int32.  The table
 * is a full DFA (failure links resolved at build time), so scanning costs
 * one table lookup per byte.  Each state has the first phrase that ends
 * there and a link to the next state (along failure links) that also
 * ends a phrase, so all matches are reported.
 *
 *   phrase " leave a reply "   ->  states 0 -' '-> 1 -l-> 2 -e-> ...
 */
#include "cues.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fold.h"

/* Long lines are scanned only at their head and their tail. */
#define CUE_SCAN_HEAD 200
#define CUE_SCAN_TAIL 48

struct cue_matcher {
    unsigned char byte_class[256];
    int n_classes;
    int n_states;
    int32_t *next;          /* n_states * n_classes transitions */
    int32_t *phrase_at;     /* phrase ending at state, or -1 */
    int32_t *out_link;      /* next state on the failure chain with a phrase */
    unsigned char *reports; /* 1 where some phrase ends at the state */
    int32_t *same_text;     /* next phrase with the same folded text, or -1
                               (one text may stand with several anchors) */
    size_t *phrase_len;     /* folded length of each phrase */
};

void cue_matcher_free(cue_matcher *m)
{
    if (!m) return;
    free(m->next);
    free(m->phrase_at);
    free(m->out_link);
    free(m->reports);
    free(m->same_text);
    free(m->phrase_len);
    free(m);
}

/* Builds the trie; returns the folded phrases in `all` (concatenated,
 * offsets in `offs`). */
winnow_error cue_matcher_new(cue_matcher **out)
{
    winnow_error e = WINNOW_OK;
    cue_matcher *m = calloc(1, sizeof *m);
    wbuf folded, all;
    wbuf_init(&folded, 0);
    wbuf_init(&all, 0);
    size_t *offs = NULL;
    int32_t *fail = NULL, *queue = NULL;
    if (!m) return WINNOW_ERR_NOMEM;
    size_t n = tables_cues_count;
    offs = calloc(n + 1, sizeof *offs);
    m->phrase_len = calloc(n, sizeof *m->phrase_len);
    m->same_text = malloc((n ? n : 1) * sizeof *m->same_text);
    if (!offs || !m->phrase_len || !m->same_text) { e = WINNOW_ERR_NOMEM; goto done; }
    for (size_t i = 0; i < n; i++) m->same_text[i] = -1;

    /* Fold every phrase; collect the byte classes and the state bound. */
    size_t max_states = 1;
    for (size_t i = 0; i < n; i++) {
        const char *t = tables_cues[i].text;
        if ((e = fold_line(t, strlen(t), &folded))) goto done;
        offs[i] = all.len;
        if ((e = wbuf_append(&all, folded.data, folded.len))) goto done;
        m->phrase_len[i] = folded.len;
        max_states += folded.len;
    }
    offs[n] = all.len;
    memset(m->byte_class, 0, sizeof m->byte_class);
    m->n_classes = 1;
    for (size_t k = 0; k < all.len; k++) {
        unsigned char b = (unsigned char)all.data[k];
        if (!m->byte_class[b]) m->byte_class[b] = (unsigned char)m->n_classes++;
    }
    size_t nc = (size_t)m->n_classes;
    m->next = malloc(max_states * nc * sizeof *m->next);
    m->phrase_at = malloc(max_states * sizeof *m->phrase_at);
    m->out_link = malloc(max_states * sizeof *m->out_link);
    fail = malloc(max_states * sizeof *fail);
    queue = malloc(max_states * sizeof *queue);
    if (!m->next || !m->phrase_at || !m->out_link || !fail || !queue) {
        e = WINNOW_ERR_NOMEM;
        goto done;
    }
    for (size_t k = 0; k < max_states * nc; k++) m->next[k] = -1;

    /* The trie. */
    int states = 1;
    m->phrase_at[0] = -1;
    for (size_t i = 0; i < n; i++) {
        int32_t s = 0;
        for (size_t k = offs[i]; k < offs[i + 1]; k++) {
            int c = m->byte_class[(unsigned char)all.data[k]];
            int32_t *t = &m->next[(size_t)s * nc + (size_t)c];
            if (*t < 0) {
                *t = states;
                m->phrase_at[states] = -1;
                states++;
            }
            s = *t;
        }
        if (m->phrase_at[s] < 0) {
            m->phrase_at[s] = (int32_t)i;
        } else {
            int32_t p = m->phrase_at[s];
            while (m->same_text[p] >= 0) p = m->same_text[p];
            m->same_text[p] = (int32_t)i;
        }
    }
    m->n_states = states;
    m->reports = malloc((size_t)states);
    if (!m->reports) { e = WINNOW_ERR_NOMEM; goto done; }

    /* Failure links by breadth-first search, completing the DFA. */
    size_t head = 0, tail = 0;
    fail[0] = 0;
    m->out_link[0] = -1;
    for (size_t c = 0; c < nc; c++) {
        int32_t t = m->next[c];
        if (t < 0) {
            m->next[c] = 0;
        } else {
            fail[t] = 0;
            m->out_link[t] = -1;
            queue[tail++] = t;
        }
    }
    while (head < tail) {
        int32_t s = queue[head++];
        for (size_t c = 0; c < nc; c++) {
            int32_t *t = &m->next[(size_t)s * nc + c];
            int32_t via_fail = m->next[(size_t)fail[s] * nc + c];
            if (*t < 0) {
                *t = via_fail;
            } else {
                fail[*t] = via_fail;
                m->out_link[*t] = m->phrase_at[via_fail] >= 0
                                      ? via_fail : m->out_link[via_fail];
                queue[tail++] = *t;
            }
        }
    }

    for (int32_t s = 0; s < states; s++)
        m->reports[s] = m->phrase_at[s] >= 0 || m->out_link[s] >= 0;

done:
    free(offs);
    free(fail);
    free(queue);
    wbuf_release(&folded);
    wbuf_release(&all);
    if (e) {
        cue_matcher_free(m);
        return e;
    }
    *out = m;
    return WINNOW_OK;
}

/* Records phrase `p` ending at byte `end` (exclusive) of a line of `len`. */
static void record(const cue_matcher *m, int32_t p, size_t end, size_t len,
                   cue_match *out)
{
    const cue_phrase *cue = &tables_cues[p];
    size_t plen = m->phrase_len[p];
    size_t start = end - plen;
    if (cue->anchor == CUE_START && start != 0) return;
    if (cue->anchor == CUE_WHOLE && (start != 0 || end != len)) return;
    if (cue->anchor == CUE_END && end != len) return;
    int first = out->strong + out->weak == 0;
    if (cue->strength == CUE_STRONG) {
        if (out->strong == 0 || first) {
            out->kind = cue->kind;
            out->strength = CUE_STRONG;
            out->whole = start == 0 && end == len;
        }
        out->strong++;
    } else {
        if (first) {
            out->kind = cue->kind;
            out->strength = CUE_WEAK;
            out->whole = start == 0 && end == len;
        }
        out->weak++;
    }
}

/* Runs the automaton over folded[from..to) of a line of `len` bytes. */
static void scan_range(const cue_matcher *m, const char *folded, size_t from,
                       size_t to, size_t len, cue_match *out)
{
    const size_t nc = (size_t)m->n_classes;
    int32_t s = 0;
    for (size_t k = from; k < to; k++) {
        s = m->next[(size_t)s * nc + m->byte_class[(unsigned char)folded[k]]];
        if (!m->reports[s]) continue;
        /* Phrases end with a space, which is also where the next one may
         * begin; report every phrase ending here. */
        for (int32_t t = s; t >= 0; t = m->out_link[t])
            for (int32_t p = m->phrase_at[t]; p >= 0; p = m->same_text[p])
                record(m, p, k + 1, len, out);
    }
}

void cue_matcher_scan(const cue_matcher *m, const char *folded, size_t len,
                      cue_match *out)
{
    memset(out, 0, sizeof *out);
    out->kind = WINNOW_REASON_CONTENT;
    if (len <= CUE_SCAN_HEAD + CUE_SCAN_TAIL) {
        scan_range(m, folded, 0, len, len, out);
        return;
    }
    /* A long line: its head, where boilerplate announces itself, and its
     * tail (for phrases anchored at the end), from a word boundary. */
    scan_range(m, folded, 0, CUE_SCAN_HEAD, len, out);
    size_t tail = len - CUE_SCAN_TAIL;
    while (tail > CUE_SCAN_HEAD && folded[tail - 1] != ' ') tail--;
    scan_range(m, folded, tail - 1, len, len, out);
}
