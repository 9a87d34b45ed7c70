/* cues.c -- an Aho-Corasick automaton over the words of the cue phrases
 * (see cues.h).
 *
 * Every distinct word of the folded phrases gets an id (a hash table
 * from word hash to id); the phrases, as sequences of ids, make a trie
 * whose states are its nodes.  The start state's transitions are an
 * array indexed by id; the others live in one hash table keyed by
 * (state, id), and failure links are followed at scan time (a line has
 * few cue words, so the chains are short).  Each state has the first
 * phrase that ends there and a link to the next state along its failure
 * chain that also ends a phrase, so all matches are reported, longest
 * first.
 *
 *   phrase " leave a reply "  ->  ids leave=7 a=3 reply=12
 *                             ->  states 0 -7-> 1 -3-> 2 -12-> 3 (ends)
 */
#include "cues.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fold.h"
#include "word_hash.h"

struct cue_matcher {
    /* words: hash -> id (open addressing; 0 marks an empty slot) */
    uint64_t *word_slot;
    uint16_t *word_slot_id;
    size_t word_mask;
    uint64_t *word_hash;     /* of id k at [k - 1] */
    size_t n_words;
    /* states */
    uint32_t n_states;
    uint16_t *root_next;     /* [id]: the start state's transitions (0: none) */
    uint32_t *edge_key;      /* (state << 13 | id), 0 for an empty slot */
    uint16_t *edge_next;
    size_t edge_mask;
    uint16_t *fail;
    int32_t *phrase_at;      /* first phrase ending at a state, or -1 */
    int32_t *out_link;       /* next state on the failure chain with a
                                phrase, or -1 */
    unsigned char *reports;  /* phrase_at >= 0 || out_link >= 0 */
    int32_t *same_text;      /* next phrase with the same folded text, or
                                -1 (one text may stand with several
                                anchors) */
    size_t *phrase_len;      /* folded length of each phrase, in bytes */
};

void cue_matcher_free(cue_matcher *m)
{
    if (!m) return;
    free(m->word_slot);
    free(m->word_slot_id);
    free(m->word_hash);
    free(m->root_next);
    free(m->edge_key);
    free(m->edge_next);
    free(m->fail);
    free(m->phrase_at);
    free(m->out_link);
    free(m->reports);
    free(m->same_text);
    free(m->phrase_len);
    free(m);
}

size_t cue_matcher_words(const cue_matcher *m, const uint64_t **hashes)
{
    *hashes = m->word_hash;
    return m->n_words;
}

unsigned cue_matcher_word_id(const cue_matcher *m, uint64_t h)
{
    size_t i = (size_t)h & m->word_mask;
    while (m->word_slot[i]) {
        if (m->word_slot[i] == h) return m->word_slot_id[i];
        i = (i + 1) & m->word_mask;
    }
    return 0;
}

/* The id of the word with hash h, given a new one if it has none yet. */
static unsigned word_intern(cue_matcher *m, uint64_t h)
{
    size_t i = (size_t)h & m->word_mask;
    while (m->word_slot[i]) {
        if (m->word_slot[i] == h) return m->word_slot_id[i];
        i = (i + 1) & m->word_mask;
    }
    m->word_slot[i] = h;
    m->word_hash[m->n_words] = h;
    m->word_slot_id[i] = (uint16_t)++m->n_words;
    return m->word_slot_id[i];
}

static uint32_t edge_key(uint32_t state, unsigned id)
{
    return state << 13 | id;
}

/* The state reached from `state` (not the start) on word `id`, or -1. */
static int32_t edge_find(const cue_matcher *m, uint32_t state, unsigned id)
{
    const uint32_t key = edge_key(state, id);
    size_t i = (key * 0x9E3779B1u) & m->edge_mask;
    while (m->edge_key[i]) {
        if (m->edge_key[i] == key) return m->edge_next[i];
        i = (i + 1) & m->edge_mask;
    }
    return -1;
}

static void edge_insert(cue_matcher *m, uint32_t state, unsigned id, uint32_t next)
{
    const uint32_t key = edge_key(state, id);
    size_t i = (key * 0x9E3779B1u) & m->edge_mask;
    while (m->edge_key[i]) i = (i + 1) & m->edge_mask;
    m->edge_key[i] = key;
    m->edge_next[i] = (uint16_t)next;
}

/* One step of the automaton: from `state` on word `id` (not 0). */
static uint32_t advance(const cue_matcher *m, uint32_t state, unsigned id)
{
    while (state) {
        int32_t t = edge_find(m, state, id);
        if (t >= 0) return (uint32_t)t;
        state = m->fail[state];
    }
    return m->root_next[id];
}

/* The phrases as id sequences: ids[offs[i]..offs[i + 1]) for phrase i. */
typedef struct phrase_words {
    uint16_t *ids;
    size_t *offs;
} phrase_words;

/* Folds every phrase and numbers its words. */
static winnow_error number_words(cue_matcher *m, phrase_words *pw, size_t *total)
{
    const size_t n = tables_cues_count;
    winnow_error e = WINNOW_OK;
    wbuf folded;
    wbuf_init(&folded, 0);
    size_t words = 0, cap = 0;
    /* count the words (a bound on the distinct ones, and so the slots) */
    for (size_t i = 0; i < n && !e; i++) {
        const char *t = tables_cues[i].text;
        if ((e = fold_line(t, strlen(t), &folded))) break;
        for (size_t k = 0; k < folded.len; k++)
            cap += folded.data[k] != ' ' && (k == 0 || folded.data[k - 1] == ' ');
    }
    size_t size = 64;
    while (size < 2 * cap) size *= 2;
    if (!e) {
        m->word_mask = size - 1;
        m->word_slot = calloc(size, sizeof *m->word_slot);
        m->word_slot_id = calloc(size, sizeof *m->word_slot_id);
        m->word_hash = calloc(cap + 1, sizeof *m->word_hash);
        pw->ids = calloc(cap + 1, sizeof *pw->ids);
        pw->offs = calloc(n + 1, sizeof *pw->offs);
        if (!m->word_slot || !m->word_slot_id || !m->word_hash || !pw->ids || !pw->offs)
            e = WINNOW_ERR_NOMEM;
    }
    for (size_t i = 0; i < n && !e; i++) {
        const char *t = tables_cues[i].text;
        if ((e = fold_line(t, strlen(t), &folded))) break;
        m->phrase_len[i] = folded.len;
        pw->offs[i] = words;
        const char *p = folded.data, *end = folded.data + folded.len;
        while (p < end) {
            while (p < end && *p == ' ') p++;
            if (p == end) break;
            uint64_t h;
            const char *we = word_hash_next(p, &h);
            unsigned id = word_intern(m, h);
            if (id >= CUE_WORDS_MAX) { e = WINNOW_ERR_INVALID_ARG; break; }
            pw->ids[words++] = (uint16_t)id;
            p = we;
        }
    }
    if (!e) pw->offs[n] = words;
    *total = words;
    wbuf_release(&folded);
    return e;
}

/* The trie while it is built: children as sibling lists (most states
 * have one child). */
typedef struct trie_node {
    int32_t first_child, next_sibling;
    uint16_t id;           /* of the word leading here */
} trie_node;

static int32_t trie_child(const trie_node *t, int32_t s, unsigned id)
{
    for (int32_t c = t[s].first_child; c >= 0; c = t[c].next_sibling)
        if (t[c].id == id) return c;
    return -1;
}

/* Builds the trie of the phrases and their transitions. */
static winnow_error build_trie(cue_matcher *m, const phrase_words *pw,
                               size_t total, trie_node **trie_out)
{
    const size_t n = tables_cues_count;
    trie_node *trie = malloc((total + 1) * sizeof *trie);
    m->phrase_at = malloc((total + 1) * sizeof *m->phrase_at);
    m->root_next = calloc(m->n_words + 1, sizeof *m->root_next);
    *trie_out = trie;
    if (!trie || !m->phrase_at || !m->root_next) return WINNOW_ERR_NOMEM;
    trie[0] = (trie_node){ -1, -1, 0 };
    m->phrase_at[0] = -1;
    uint32_t states = 1;
    for (size_t i = 0; i < n; i++) {
        if (pw->offs[i] == pw->offs[i + 1]) continue;   /* no word: never matches */
        int32_t s = 0;
        for (size_t k = pw->offs[i]; k < pw->offs[i + 1]; k++) {
            const unsigned id = pw->ids[k];
            /* the start state has a child for most words: looked up in
             * its array, not along its (long) list of children */
            int32_t t = s == 0 ? (m->root_next[id] ? m->root_next[id] : -1)
                               : trie_child(trie, s, id);
            if (t < 0) {
                t = (int32_t)states++;
                trie[t] = (trie_node){ -1, trie[s].first_child, (uint16_t)id };
                trie[s].first_child = t;
                m->phrase_at[t] = -1;
                if (s == 0) m->root_next[id] = (uint16_t)t;
            }
            s = t;
        }
        if (m->phrase_at[s] < 0) {
            m->phrase_at[s] = (int32_t)i;
        } else {
            int32_t p = m->phrase_at[s];
            while (m->same_text[p] >= 0) p = m->same_text[p];
            m->same_text[p] = (int32_t)i;
        }
    }
    if (states > 0xFFFFu || (uint64_t)states << 13 > UINT32_MAX)
        return WINNOW_ERR_INVALID_ARG;
    m->n_states = states;
    size_t size = 64;
    while (size < 2 * (size_t)states) size *= 2;
    m->edge_mask = size - 1;
    m->edge_key = calloc(size, sizeof *m->edge_key);
    m->edge_next = calloc(size, sizeof *m->edge_next);
    if (!m->edge_key || !m->edge_next) return WINNOW_ERR_NOMEM;
    for (uint32_t s = 0; s < states; s++)
        for (int32_t c = trie[s].first_child; c >= 0; c = trie[c].next_sibling) {
            if (s) edge_insert(m, s, trie[c].id, (uint32_t)c);
        }
    return WINNOW_OK;
}

/* Failure and output links, breadth first (a state's failure state is
 * shallower, so already done). */
static winnow_error link_failures(cue_matcher *m, const trie_node *trie)
{
    const uint32_t states = m->n_states;
    m->fail = calloc(states, sizeof *m->fail);
    m->out_link = malloc(states * sizeof *m->out_link);
    m->reports = calloc(states, 1);
    uint32_t *queue = malloc(states * sizeof *queue);
    if (!m->fail || !m->out_link || !m->reports || !queue) {
        free(queue);
        return WINNOW_ERR_NOMEM;
    }
    m->out_link[0] = -1;
    size_t tail = 0;
    queue[tail++] = 0;
    for (size_t head = 0; head < tail; head++) {
        const uint32_t s = queue[head];
        for (int32_t c = trie[s].first_child; c >= 0; c = trie[c].next_sibling) {
            const uint32_t via = s == 0 ? 0 : advance(m, m->fail[s], trie[c].id);
            m->fail[c] = (uint16_t)via;
            m->out_link[c] = m->phrase_at[via] >= 0 ? (int32_t)via : m->out_link[via];
            m->reports[c] = m->phrase_at[c] >= 0 || m->out_link[c] >= 0;
            queue[tail++] = (uint32_t)c;
        }
    }
    free(queue);
    return WINNOW_OK;
}

winnow_error cue_matcher_new(cue_matcher **out)
{
    cue_matcher *m = calloc(1, sizeof *m);
    if (!m) return WINNOW_ERR_NOMEM;
    const size_t n = tables_cues_count;
    phrase_words pw = { NULL, NULL };
    trie_node *trie = NULL;
    size_t total = 0;
    winnow_error e = WINNOW_OK;
    m->phrase_len = calloc(n + 1, sizeof *m->phrase_len);
    m->same_text = malloc((n + 1) * sizeof *m->same_text);
    if (!m->phrase_len || !m->same_text) e = WINNOW_ERR_NOMEM;
    for (size_t i = 0; !e && i < n; i++) m->same_text[i] = -1;
    if (!e) e = number_words(m, &pw, &total);
    if (!e) e = build_trie(m, &pw, total, &trie);
    if (!e) e = link_failures(m, trie);
    free(trie);
    free(pw.ids);
    free(pw.offs);
    if (e) {
        cue_matcher_free(m);
        return e;
    }
    *out = m;
    return WINNOW_OK;
}

/* Records phrase `p` ending at byte `end` (exclusive: just past the
 * space after its last word) of a line of `len`. */
static void record(const cue_matcher *m, int32_t p, size_t end, size_t len,
                   cue_match *out)
{
    const cue_phrase *cue = &tables_cues[p];
    size_t start = end - m->phrase_len[p];
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

void cue_match_none(cue_match *out)
{
    memset(out, 0, sizeof *out);
    out->kind = WINNOW_REASON_CONTENT;
}

void cue_scan_begin(cue_scan *s, const cue_matcher *m, const char *folded,
                    size_t len, cue_match *out)
{
    cue_match_none(out);
    s->m = m;
    s->root_next = m->root_next;
    s->state = 0;
    s->len = len;
    s->out = out;
    s->head = len;
    s->tail = 0;
    if (len > CUE_SCAN_HEAD + CUE_SCAN_TAIL) {
        /* A long line: its head, where boilerplate announces itself, and
         * its tail (for phrases anchored at the end), from a word
         * boundary. */
        size_t tail = len - CUE_SCAN_TAIL;
        while (tail > CUE_SCAN_HEAD && folded[tail - 1] != ' ') tail--;
        s->head = CUE_SCAN_HEAD;
        s->tail = tail - 1;
    }
}

void cue_scan_step(cue_scan *s, unsigned id, size_t end)
{
    const cue_matcher *m = s->m;
    const uint32_t state = advance(m, s->state, id);
    s->state = state;
    if (!m->reports[state]) return;
    /* end is the space after the word, which is also where the next
     * phrase may begin; report every phrase ending here */
    const size_t stop = end + 1;
    for (int32_t t = m->phrase_at[state] >= 0 ? (int32_t)state : m->out_link[state];
         t >= 0; t = m->out_link[t])
        for (int32_t p = m->phrase_at[t]; p >= 0; p = m->same_text[p])
            if (stop <= s->head || stop - m->phrase_len[p] >= s->tail)
                record(m, p, stop, s->len, s->out);
}

void cue_matcher_scan(const cue_matcher *m, const char *folded, size_t len,
                      cue_match *out)
{
    cue_scan s;
    cue_scan_begin(&s, m, folded, len, out);
    const char *p = folded, *end = folded + len;
    while (p < end) {
        while (p < end && *p == ' ') p++;
        if (p == end) break;
        uint64_t h;
        const char *we = word_hash_next(p, &h);
        cue_scan_word(&s, cue_matcher_word_id(m, h), (size_t)(we - folded));
        p = we;
    }
}
