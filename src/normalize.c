/* normalize.c -- NFC / NFKC through utf8proc, touching only what can change.
 *
 * The input is scanned once.  ASCII and "quick-yes" characters (a
 * starter that is not the second element of any composition and that is
 * already in the chosen form, like U+2019, U+00E9 or Cyrillic letters)
 * are left alone.  Any other character starts a chunk: from the
 * character before it (a possible base for a combining mark) up to the
 * next ASCII or quick-yes character, both of which nothing can reach
 * across.  A chunk is decomposed into n->codepoints (int32), put in
 * canonical order, composed by utf8proc_normalize_utf32() and compared
 * with its input; only a chunk that changed causes output to be written:
 *
 *     in:    the cafe\u0301 is \u201Copen\u201D
 *                   '-fe\u0301-' (chunk)      -> "the caf\u00E9 is ..."
 *
 * so text that is already normalized comes back as `in`, uncopied.
 * Stream-Safe Text Format (UAX #15): a character whose leading
 * non-starters would make a run longer than 30 gets U+034F CGJ before it,
 * which keeps reordering linear.  A chunk longer than CHUNK_SPLIT code
 * points is cut before the next character that starts with a starter
 * that is not a composition's second element, which bounds the scratch.
 */
#include "normalize.h"
#include "utf8.h"

#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

#define MAX_NONSTARTERS 30      /* UAX #15 stream-safe limit */
#define CGJ 0x034F              /* COMBINING GRAPHEME JOINER, a starter */
#define CHUNK_SPLIT 1024        /* cut long chunks at a safe starter */
#define DECOMP_ROOM 32          /* enough for any one decomposition (18) */
#define COMB_NONE 0xFFFFu       /* comb_index of a non-composing character */
#define COMB_SECOND 0x8000u     /* comb_index >= this: a second element */

static void fill_quick_yes2(normalizer *n);

void normalizer_init(normalizer *n, winnow_normal_form form, size_t max)
{
    n->form = form;
    fill_quick_yes2(n);
    wbuf_init(&n->out, max);
    /* Bounded by CHUNK_SPLIT in all but adversarial input; capped like
     * the output, times four bytes per code point. */
    wbuf_init(&n->codepoints, max && max < SIZE_MAX / 4 - 4096
                                  ? max * 4 + 4096 : 0);
}

void normalizer_release(normalizer *n)
{
    if (!n) return;
    wbuf_release(&n->out);
    wbuf_release(&n->codepoints);
}

/* ---- small helpers ---------------------------------------------------- */


static inline unsigned char *encode(unsigned char *d, int32_t c)
{
    const uint32_t cp = (uint32_t)c;
    if (cp < 0x80) {
        *d++ = (unsigned char)cp;
    } else if (cp < 0x800) {
        *d++ = (unsigned char)(0xC0 | (cp >> 6));
        *d++ = (unsigned char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *d++ = (unsigned char)(0xE0 | (cp >> 12));
        *d++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        *d++ = (unsigned char)(0x80 | (cp & 0x3F));
    } else {
        *d++ = (unsigned char)(0xF0 | (cp >> 18));
        *d++ = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        *d++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        *d++ = (unsigned char)(0x80 | (cp & 0x3F));
    }
    return d;
}


/* Hangul syllables decompose algorithmically: no decomp_seqindex. */
static inline int is_hangul_syllable(int32_t c)
{
    return c >= 0xAC00 && c <= 0xD7A3;
}

static inline int ccc(int32_t c)
{
    return utf8proc_get_property(c)->combining_class;
}

/* A starter that no composition has as its second element: nothing
 * before it can combine with it or be reordered past it.  Verified
 * against UnicodeData.txt for utf8proc 2.8: every first element of a
 * primary composite has comb_index < 0x8000, every second element
 * comb_index >= 0x8000, none is both; Hangul is algorithmic. */
static inline int is_stable_starter(const utf8proc_property_t *p, int32_t c)
{
    if (p->combining_class != 0) return 0;
    if (p->comb_index != COMB_NONE && p->comb_index >= COMB_SECOND) return 0;
    return !((c >= 0x1161 && c <= 0x1175) || (c >= 0x11A8 && c <= 0x11C2));
}

/* Puts buf[from..to) in canonical order (a stable insertion sort by
 * combining class; starters stay where they are).  Runs of non-starters
 * are short, so this is linear in practice. */
static void canonical_order(int32_t *buf, size_t from, size_t to)
{
    for (size_t k = from; k < to; k++) {
        const int32_t x = buf[k];
        const int cx = ccc(x);
        if (cx == 0) continue;
        size_t j = k;
        while (j > 0 && ccc(buf[j - 1]) > cx) {
            buf[j] = buf[j - 1];
            j--;
        }
        buf[j] = x;
    }
}

/* Remembers, per run, whether a character with a decomposition is its
 * own normal form (U+00E9 is, U+212B is not); direct-mapped. */
#define QC_CACHE 64
typedef struct qc_cache {
    int32_t cp[QC_CACHE];
    unsigned char yes[QC_CACHE];
} qc_cache;

typedef struct run_state {
    const unsigned char *in;
    size_t len;
    size_t pending;        /* input from here on is not yet in n->out */
    int changed;           /* n->out holds the (partial) result */
    int compat;            /* NFKC */
    utf8proc_option_t decompose_opts, compose_opts;
    qc_cache qc;
} run_state;

/* Is c, with a decomposition, unchanged by normalization on its own? */
static int is_own_normal_form(run_state *st, int32_t c)
{
    const unsigned slot = (unsigned)c % QC_CACHE;
    if (st->qc.cp[slot] == c) return st->qc.yes[slot];
    int32_t buf[DECOMP_ROOM];
    int bound = 0;
    utf8proc_ssize_t r = utf8proc_decompose_char(c, buf, DECOMP_ROOM,
                                                 st->decompose_opts, &bound);
    int yes = 0;
    if (r > 0 && r <= DECOMP_ROOM) {
        canonical_order(buf, 0, (size_t)r);
        r = utf8proc_normalize_utf32(buf, r, st->compose_opts);
        yes = r == 1 && buf[0] == c;
    }
    st->qc.cp[slot] = c;
    st->qc.yes[slot] = (unsigned char)yes;
    return yes;
}

/* Quick check: c is a stable starter and already in the normal form, so
 * it is left alone and chunks end before it. */
static inline int is_quick_yes(run_state *st, int32_t c)
{
    const utf8proc_property_t *p = utf8proc_get_property(c);
    if (!is_stable_starter(p, c)) return 0;
    if (p->decomp_seqindex == COMB_NONE) return 1;   /* Hangul too */
    if (p->decomp_type != 0) return !st->compat;     /* compatibility */
    return is_own_normal_form(st, c);
}

/* The quick check of every two-byte character, once per normalizer:
 * most text in Latin, Greek, Cyrillic, Hebrew or Arabic script is made
 * of them, and a bit test is cheaper than utf8proc's property lookup. */
static void fill_quick_yes2(normalizer *n)
{
    run_state st;
    memset(&st, 0, sizeof st);
    st.compat = n->form == WINNOW_NFKC;
    st.decompose_opts = UTF8PROC_STABLE | UTF8PROC_DECOMPOSE |
                        (st.compat ? UTF8PROC_COMPAT : 0);
    st.compose_opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                      (st.compat ? UTF8PROC_COMPAT : 0);
    for (size_t k = 0; k < QC_CACHE; k++) st.qc.cp[k] = -1;
    memset(n->quick_yes2, 0, sizeof n->quick_yes2);
    if (n->form == WINNOW_NORMALIZE_NONE) return;
    for (int32_t c = 0x80; c < 0x800; c++)
        if (is_quick_yes(&st, c))
            n->quick_yes2[c >> 3] |= (uint8_t)(1u << (c & 7));
}

/* A chunk may be cut before a decomposition that starts with `c`. */
static inline int is_safe_start(int32_t c)
{
    return is_stable_starter(utf8proc_get_property(c), c);
}

/* ---- chunks ------------------------------------------------------------ */

static inline int32_t *cps(normalizer *n)
{
    return (int32_t *)(void *)n->codepoints.data;
}

/* Composes the chunk's ncp code points (input in[cs..ce)) and, when they
 * differ from the input, writes the text up to the chunk and the chunk's
 * new form to n->out. */
static winnow_error flush_chunk(normalizer *n, run_state *st, size_t ncp,
                                size_t cs, size_t ce)
{
    int32_t *buf = cps(n);
    utf8proc_ssize_t m = utf8proc_normalize_utf32(buf, (utf8proc_ssize_t)ncp,
                                                  st->compose_opts);
    if (m < 0) return WINNOW_ERR_INVALID_ARG;

    size_t i = cs, k = 0;
    while (i < ce && k < (size_t)m && utf8_decode(st->in, st->len, &i) == buf[k])
        k++;
    if (i == ce && k == (size_t)m) return WINNOW_OK;     /* unchanged */

    if (!st->changed) {
        /* room for all of it at once: normalization rarely grows text,
         * and a buffer grown by doubling copies itself at every step */
        wbuf_reset(&n->out);
        winnow_error e = wbuf_reserve(&n->out, st->len + st->len / 16 + 64);
        if (e) return e;
        st->changed = 1;
    }
    winnow_error e = wbuf_append(&n->out, st->in + st->pending,
                                 cs - st->pending);
    if (e) return e;
    e = wbuf_reserve(&n->out, (size_t)m * 4);
    if (e) return e;
    unsigned char *d = (unsigned char *)n->out.data + n->out.len;
    unsigned char *const d0 = d;
    for (k = 0; k < (size_t)m; k++) d = encode(d, buf[k]);
    n->out.len += (size_t)(d - d0);
    st->pending = ce;
    return WINNOW_OK;
}

/* Writes the decomposition of c at cps(n)[at...] and returns its length
 * in *cnt. */
static winnow_error decompose_at(normalizer *n, const run_state *st,
                                 size_t at, int32_t c, size_t *cnt)
{
    const utf8proc_property_t *p = utf8proc_get_property(c);
    size_t room = DECOMP_ROOM;
    winnow_error e;
    if (p->decomp_seqindex == COMB_NONE && !is_hangul_syllable(c)) {
        e = wbuf_reserve(&n->codepoints, (at + 2) * 4);
        if (e) return e;
        cps(n)[at] = c;
        *cnt = 1;
        return WINNOW_OK;
    }
    for (;;) {
        /* one spare slot in front of the room for a CGJ shift */
        e = wbuf_reserve(&n->codepoints, (at + room + 1) * 4);
        if (e) return e;
        int bound = 0;
        utf8proc_ssize_t r = utf8proc_decompose_char(
            c, cps(n) + at, (utf8proc_ssize_t)room, st->decompose_opts,
            &bound);
        if (r < 0) return WINNOW_ERR_INVALID_ARG;
        if ((size_t)r <= room) { *cnt = (size_t)r; return WINNOW_OK; }
        room = (size_t)r;
    }
}

/* Normalizes the chunk that starts at in[cs] (the base: the character
 * before `first`, or `first` itself) and ends before the next ASCII or
 * quick-yes character after `first`; returns that end in *end. */
static winnow_error run_chunk(normalizer *n, run_state *st, size_t cs,
                              size_t first, size_t *end)
{
    const unsigned char *const s = st->in;
    size_t ncp = 0, i = cs;
    unsigned run = 0;              /* trailing non-starters so far */
    winnow_error e;

    /* n->codepoints.len stays 0; only its capacity is used. */
    wbuf_reset(&n->codepoints);
    while (i < st->len) {
        if (i > first && s[i] < 0x80) break;
        size_t next = i;
        const int32_t c = utf8_decode(s, st->len, &next);
        if (i > first && is_quick_yes(st, c)) break;

        size_t cnt;
        e = decompose_at(n, st, ncp, c, &cnt);
        if (e) return e;
        int32_t *buf = cps(n);

        size_t lead = 0;
        while (lead < cnt && ccc(buf[ncp + lead]) != 0) lead++;
        const int need_cgj = run + lead > MAX_NONSTARTERS;
        if (ncp >= CHUNK_SPLIT && (need_cgj || is_safe_start(buf[ncp]))) {
            e = flush_chunk(n, st, ncp, cs, i);
            if (e) return e;
            memmove(buf, buf + ncp, cnt * sizeof *buf);
            ncp = 0;
            cs = i;
        }
        if (need_cgj) {
            memmove(buf + ncp + 1, buf + ncp, cnt * sizeof *buf);
            buf[ncp++] = CGJ;
            run = 0;
        }
        canonical_order(buf, ncp, ncp + cnt);
        ncp += cnt;
        if (lead == cnt) {
            run += (unsigned)cnt;
        } else {
            size_t trail = 0;
            while (ccc(buf[ncp - 1 - trail]) != 0) trail++;
            run = (unsigned)trail;
        }
        i = next;
    }
    e = flush_chunk(n, st, ncp, cs, i);
    if (e) return e;
    *end = i;
    return WINNOW_OK;
}

winnow_error normalizer_run(normalizer *n, const char *in, size_t len,
                            const char **res, size_t *res_len)
{
    if (!n || !res || !res_len || (!in && len)) return WINNOW_ERR_INVALID_ARG;
    const unsigned char *const s = (const unsigned char *)in;
    size_t i = utf8_skip_ascii(s, len, 0);
    if (n->form == WINNOW_NORMALIZE_NONE || i == len) {
        *res = in;
        *res_len = len;
        return WINNOW_OK;
    }

    run_state st;
    st.in = s;
    st.len = len;
    st.pending = 0;
    st.changed = 0;
    st.compat = n->form == WINNOW_NFKC;
    st.decompose_opts = UTF8PROC_STABLE | UTF8PROC_DECOMPOSE |
                        (st.compat ? UTF8PROC_COMPAT : 0);
    st.compose_opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                      (st.compat ? UTF8PROC_COMPAT : 0);
    for (size_t k = 0; k < QC_CACHE; k++) st.qc.cp[k] = -1;

    /* start of the character before s[i], a possible base; NONE when it
     * belongs to a chunk already done (or i == 0) */
    const size_t NONE = SIZE_MAX;
    size_t prev = i > 0 ? i - 1 : NONE;
    while (i < len) {
        /* s[i] starts a non-ASCII character */
        if (s[i] < 0xE0 && i + 1 < len) {       /* two bytes: the table */
            const unsigned c2 = (s[i] & 0x1Fu) << 6 | (s[i + 1] & 0x3Fu);
            if (n->quick_yes2[c2 >> 3] >> (c2 & 7) & 1) {
                prev = i;
                i += 2;
                if (i < len && s[i] >= 0x80) continue;
                const size_t j = utf8_skip_ascii(s, len, i);
                if (j > i) prev = j - 1;
                i = j;
                continue;
            }
        }
        size_t next = i;
        const int32_t c = utf8_decode(s, len, &next);
        if (is_quick_yes(&st, c)) {
            prev = i;
            i = next;
        } else {
            winnow_error e = run_chunk(n, &st, prev != NONE ? prev : i, i, &i);
            if (e) return e;
            prev = NONE;
        }
        const size_t j = utf8_skip_ascii(s, len, i);
        if (j > i) prev = j - 1;
        i = j;
    }
    if (!st.changed) {
        *res = in;
        *res_len = len;
        return WINNOW_OK;
    }
    winnow_error e = wbuf_append(&n->out, s + st.pending, len - st.pending);
    if (e) return e;
    *res = n->out.data;
    *res_len = n->out.len;
    return WINNOW_OK;
}
