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

/* A transition: the next state, and a flag when a phrase ends there. */
#define STATE_MASK 0x7FFFu
#define REPORTS 0x8000u

/* Long lines are scanned only at their head and their tail. */
#define CUE_SCAN_HEAD 200
#define CUE_SCAN_TAIL 48

struct cue_matcher {
    unsigned char byte_class[256];
    int n_classes;
    int n_states;
    uint16_t *next;         /* n_states * n_classes transitions, states
                               numbered breadth first (the shallow states,
                               where scanning spends its time, together);
                               REPORTS is set in a transition to a state
                               where some phrase ends */
    int32_t *trie;          /* the same as int32, while building */
    int32_t *phrase_at;     /* phrase ending at state, or -1 */
    int32_t *out_link;      /* next state on the failure chain with a phrase */
    int32_t *same_text;     /* next phrase with the same folded text, or -1
                               (one text may stand with several anchors) */
    size_t *phrase_len;     /* folded length of each phrase */
};

void cue_matcher_free(cue_matcher *m)
{
    if (!m) return;
    free(m->next);
    free(m->trie);
    free(m->phrase_at);
    free(m->out_link);
    free(m->same_text);
    free(m->phrase_len);
    free(m);
}

/* Renumbers the states of the built automaton in breadth-first order
 * (`order`: the states other than the root, as the failure-link search
 * visited them) into the compact table m->next.
 * `scratch` holds n_states int32. */
static winnow_error renumber_breadth_first(cue_matcher *m, const int32_t *order,
                                           size_t n_states, int32_t *scratch)
{
    size_t nc = (size_t)m->n_classes;
    if (n_states > STATE_MASK + 1) return WINNOW_ERR_INVALID_ARG;
    int32_t *new_of = scratch;
    new_of[0] = 0;
    for (size_t k = 0; k + 1 < n_states; k++) new_of[order[k]] = (int32_t)(k + 1);
    m->next = malloc(n_states * nc * sizeof *m->next);
    int32_t *phrase_at = malloc(n_states * sizeof *phrase_at);
    int32_t *out_link = malloc(n_states * sizeof *out_link);
    if (!m->next || !phrase_at || !out_link) {
        free(phrase_at);
        free(out_link);
        return WINNOW_ERR_NOMEM;
    }
    for (size_t old = 0; old < n_states; old++) {
        size_t s = (size_t)new_of[old];
        for (size_t c = 0; c < nc; c++) {
            int32_t to = m->trie[old * nc + c];
            int reports = m->phrase_at[to] >= 0 || m->out_link[to] >= 0;
            m->next[s * nc + c] = (uint16_t)(new_of[to] | (reports ? REPORTS : 0));
        }
        phrase_at[s] = m->phrase_at[old];
        out_link[s] = m->out_link[old] >= 0 ? new_of[m->out_link[old]] : -1;
    }
    free(m->phrase_at);
    free(m->out_link);
    free(m->trie);
    m->trie = NULL;
    m->phrase_at = phrase_at;
    m->out_link = out_link;
    return WINNOW_OK;
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
    m->trie = malloc(max_states * nc * sizeof *m->trie);
    m->phrase_at = malloc(max_states * sizeof *m->phrase_at);
    m->out_link = malloc(max_states * sizeof *m->out_link);
    fail = malloc(max_states * sizeof *fail);
    queue = malloc(max_states * sizeof *queue);
    if (!m->trie || !m->phrase_at || !m->out_link || !fail || !queue) {
        e = WINNOW_ERR_NOMEM;
        goto done;
    }
    for (size_t k = 0; k < max_states * nc; k++) m->trie[k] = -1;

    /* The trie. */
    int states = 1;
    m->phrase_at[0] = -1;
    for (size_t i = 0; i < n; i++) {
        int32_t s = 0;
        for (size_t k = offs[i]; k < offs[i + 1]; k++) {
            int c = m->byte_class[(unsigned char)all.data[k]];
            int32_t *t = &m->trie[(size_t)s * nc + (size_t)c];
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

    /* Failure links by breadth-first search, completing the DFA. */
    size_t head = 0, tail = 0;
    fail[0] = 0;
    m->out_link[0] = -1;
    for (size_t c = 0; c < nc; c++) {
        int32_t t = m->trie[c];
        if (t < 0) {
            m->trie[c] = 0;
        } else {
            fail[t] = 0;
            m->out_link[t] = -1;
            queue[tail++] = t;
        }
    }
    while (head < tail) {
        int32_t s = queue[head++];
        for (size_t c = 0; c < nc; c++) {
            int32_t *t = &m->trie[(size_t)s * nc + c];
            int32_t via_fail = m->trie[(size_t)fail[s] * nc + c];
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

    if ((e = renumber_breadth_first(m, queue, (size_t)states, fail))) goto done;

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
    size_t s = 0;
    for (size_t k = from; k < to; k++) {
        unsigned step = m->next[s * nc + m->byte_class[(unsigned char)folded[k]]];
        s = step & STATE_MASK;
        if (!(step & REPORTS)) continue;
        /* Phrases end with a space, which is also where the next one may
         * begin; report every phrase ending here. */
        for (int32_t t = (int32_t)s; t >= 0; t = m->out_link[t])
            for (int32_t p = m->phrase_at[t]; p >= 0; p = m->same_text[p])
                record(m, p, k + 1, len, out);
    }
}

void cue_match_none(cue_match *out)
{
    memset(out, 0, sizeof *out);
    out->kind = WINNOW_REASON_CONTENT;
}

void cue_matcher_scan(const cue_matcher *m, const char *folded, size_t len,
                      cue_match *out)
{
    cue_match_none(out);
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
