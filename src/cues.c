/* cues.c -- an Aho-Corasick automaton over the cue phrases (see cues.h).
 *
 * Bytes are first mapped to classes (every byte that occurs in some
 * phrase gets its own class, all others share class 0), which keeps the
 * transition table small: states x classes entries of 16 bits.  The
 * table is a full DFA (failure links resolved at build time), so scanning
 * costs one table lookup per byte; it is built in one breadth-first pass
 * that writes each row once.  Each state has the first phrase that ends
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
    free(m->phrase_at);
    free(m->out_link);
    free(m->same_text);
    free(m->phrase_len);
    free(m);
}

/* The trie while it is built: children as sibling lists (most states
 * have one child), so building costs the phrases' length, not
 * states x classes. */
typedef struct trie_node {
    int32_t first_child, next_sibling;
    int32_t phrase;        /* first phrase ending here, or -1 */
    unsigned char cls;     /* class of the byte leading here */
} trie_node;

static int32_t trie_child(const trie_node *t, int32_t s, unsigned char cls)
{
    for (int32_t c = t[s].first_child; c >= 0; c = t[c].next_sibling)
        if (t[c].cls == cls) return c;
    return -1;
}

/* Completes the automaton breadth first, numbering states in that order
 * (the shallow states, where scanning spends its time, together): the
 * row of a state is the row of its failure state, which is shallower and
 * so already complete, with its own children written over it.  `order`
 * and `fail` have room for m->n_states. */
static void complete_breadth_first(cue_matcher *m, const trie_node *trie,
                                   int32_t *order, int32_t *fail)
{
    const size_t nc = (size_t)m->n_classes;
    uint16_t *row0 = m->next;
    memset(row0, 0, nc * sizeof *row0);
    m->phrase_at[0] = trie[0].phrase;
    m->out_link[0] = -1;
    fail[0] = 0;
    order[0] = 0;                   /* order[new number] = trie node */
    size_t tail = 1;
    for (size_t head = 0; head < tail; head++) {
        const int32_t node = order[head];
        uint16_t *row = m->next + head * nc;
        if (head > 0) memcpy(row, m->next + (size_t)fail[head] * nc, nc * sizeof *row);
        for (int32_t c = trie[node].first_child; c >= 0; c = trie[c].next_sibling) {
            const int32_t t = (int32_t)tail++;
            /* where the failure state goes on this byte (the root's
             * children fail to the root) */
            const int32_t via = head == 0 ? 0 : (int32_t)(row[trie[c].cls] & STATE_MASK);
            order[t] = c;
            fail[t] = via;
            m->phrase_at[t] = trie[c].phrase;
            m->out_link[t] = m->phrase_at[via] >= 0 ? via : m->out_link[via];
            const int reports = m->phrase_at[t] >= 0 || m->out_link[t] >= 0;
            row[trie[c].cls] = (uint16_t)(t | (reports ? REPORTS : 0));
        }
    }
}

/* Folds every phrase, builds the trie and completes it into the DFA. */
winnow_error cue_matcher_new(cue_matcher **out)
{
    winnow_error e = WINNOW_OK;
    cue_matcher *m = calloc(1, sizeof *m);
    wbuf folded, all;
    wbuf_init(&folded, 0);
    wbuf_init(&all, 0);
    size_t *offs = NULL;
    trie_node *trie = NULL;
    int32_t *fail = NULL, *order = NULL;
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

    /* The trie. */
    trie = malloc(max_states * sizeof *trie);
    if (!trie) { e = WINNOW_ERR_NOMEM; goto done; }
    trie[0] = (trie_node){ -1, -1, -1, 0 };
    int32_t states = 1;
    for (size_t i = 0; i < n; i++) {
        int32_t s = 0;
        for (size_t k = offs[i]; k < offs[i + 1]; k++) {
            unsigned char c = m->byte_class[(unsigned char)all.data[k]];
            int32_t t = trie_child(trie, s, c);
            if (t < 0) {
                t = states++;
                trie[t] = (trie_node){ -1, trie[s].first_child, -1, c };
                trie[s].first_child = t;
            }
            s = t;
        }
        if (trie[s].phrase < 0) {
            trie[s].phrase = (int32_t)i;
        } else {
            int32_t p = trie[s].phrase;
            while (m->same_text[p] >= 0) p = m->same_text[p];
            m->same_text[p] = (int32_t)i;
        }
    }
    if ((size_t)states > STATE_MASK + 1) { e = WINNOW_ERR_INVALID_ARG; goto done; }
    m->n_states = states;

    /* The DFA, breadth first. */
    size_t nc = (size_t)m->n_classes;
    m->next = malloc((size_t)states * nc * sizeof *m->next);
    m->phrase_at = malloc((size_t)states * sizeof *m->phrase_at);
    m->out_link = malloc((size_t)states * sizeof *m->out_link);
    fail = malloc((size_t)states * sizeof *fail);
    order = malloc((size_t)states * sizeof *order);
    if (!m->next || !m->phrase_at || !m->out_link || !fail || !order) {
        e = WINNOW_ERR_NOMEM;
        goto done;
    }
    complete_breadth_first(m, trie, order, fail);

done:
    free(offs);
    free(trie);
    free(fail);
    free(order);
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
