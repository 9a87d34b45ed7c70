/* utf8.c -- strict UTF-8 validation, repair and code point iteration.
 *
 * Well-formed UTF-8 is Unicode's Table 3-7: one lead byte, then 0-3
 * continuation bytes 80..BF, except that the second byte has a narrower
 * range after E0 (A0..BF, no overlongs), ED (80..9F, no surrogates), F0
 * (90..BF, no overlongs) and F4 (80..8F, nothing above U+10FFFF).  C0, C1
 * and F5..FF never appear.
 *
 * All three functions run the same 9-state automaton.  Each state is a
 * shift amount (a multiple of 6) and each byte's table entry packs the
 * 6-bit next state for every current state, so one step is
 * `state = dfa[byte] >> (state & 63)`: no branches, and a dependency chain
 * of one shift per byte.  utf8_valid_prefix() skips ASCII 16 bytes at a
 * time and runs two automata side by side on 32-byte halves of a block
 * (the second half starts on a lead byte), which keeps it around 1 GB/s
 * or more on text in any script; only when it meets an error does it
 * rescan, byte by byte, to find where the valid prefix ends.  The automaton also yields
 * Unicode's "maximal subparts": the bytes it accepts before it fails.
 */
#include "utf8.h"

#include <string.h>

/* States, as shift amounts.  ACCEPT: on a character boundary; ERROR:
 * sticky failure; the rest: inside a sequence, waiting for the bytes
 * named (NEED1..3: that many continuation bytes 80..BF; AFTER_xx: the
 * second byte after lead xx, whose range is narrower, see above). */
enum {
    ACCEPT = 0, ERROR = 6, NEED1 = 12, NEED2 = 18, NEED3 = 24,
    AFTER_E0 = 30, AFTER_ED = 36, AFTER_F0 = 42, AFTER_F4 = 48
};

/* One table entry: the next state from each current state. */
#define ROW(acc, n1, n2, n3, e0, ed, f0, f4)                               \
    ((uint64_t)(acc) << ACCEPT | (uint64_t)ERROR << ERROR |                \
     (uint64_t)(n1) << NEED1 | (uint64_t)(n2) << NEED2 |                   \
     (uint64_t)(n3) << NEED3 | (uint64_t)(e0) << AFTER_E0 |                \
     (uint64_t)(ed) << AFTER_ED | (uint64_t)(f0) << AFTER_F0 |             \
     (uint64_t)(f4) << AFTER_F4)
#define E ERROR
#define ASCII   ROW(ACCEPT, E, E, E, E, E, E, E)
#define CONT_80 ROW(E, ACCEPT, NEED1, NEED2, E, NEED1, E, NEED2)   /* 80..8F */
#define CONT_90 ROW(E, ACCEPT, NEED1, NEED2, E, NEED1, NEED2, E)   /* 90..9F */
#define CONT_A0 ROW(E, ACCEPT, NEED1, NEED2, NEED1, E, NEED2, E)   /* A0..BF */
#define LEAD(s) ROW(s, E, E, E, E, E, E, E)
#define BAD     ROW(E, E, E, E, E, E, E, E)
#define X2(x) x, x
#define X4(x) X2(x), X2(x)
#define X8(x) X4(x), X4(x)
#define X16(x) X8(x), X8(x)
#define X32(x) X16(x), X16(x)

static const uint64_t dfa[] = {
    X32(ASCII), X32(ASCII), X32(ASCII), X32(ASCII),         /* 00..7F */
    X16(CONT_80), X16(CONT_90), X32(CONT_A0),               /* 80..BF */
    X2(BAD),                                                /* C0 C1 */
    X16(LEAD(NEED1)), X8(LEAD(NEED1)), X4(LEAD(NEED1)),     /* C2..DF */
    X2(LEAD(NEED1)),
    LEAD(AFTER_E0),                                         /* E0 */
    X8(LEAD(NEED2)), X4(LEAD(NEED2)),                       /* E1..EC */
    LEAD(AFTER_ED),                                         /* ED */
    X2(LEAD(NEED2)),                                        /* EE EF */
    LEAD(AFTER_F0),                                         /* F0 */
    X2(LEAD(NEED3)), LEAD(NEED3),                           /* F1..F3 */
    LEAD(AFTER_F4),                                         /* F4 */
    X8(BAD), X2(BAD), BAD,                                  /* F5..FF */
};
_Static_assert(sizeof dfa / sizeof dfa[0] == 256, "one row per byte");

#undef ROW
#undef E
#undef ASCII
#undef CONT_80
#undef CONT_90
#undef CONT_A0
#undef LEAD
#undef BAD
#undef X2
#undef X4
#undef X8
#undef X16
#undef X32

#define STEP(st, byte) ((st) = dfa[(byte)] >> ((st) & 63))
#define STATE(st) ((unsigned)((st) & 63))

#define HIGH_BITS 0x8080808080808080ULL

static inline int all_ascii16(const unsigned char *p)
{
    uint64_t a, b;
    memcpy(&a, p, 8);
    memcpy(&b, p + 8, 8);
    return !((a | b) & HIGH_BITS);
}

/* The exact answer, byte by byte, for s[from..len) where `from` is a
 * character boundary with everything before it valid. */
static size_t valid_prefix_from(const unsigned char *s, size_t from,
                                size_t len)
{
    uint64_t st = ACCEPT;
    size_t last = from;
    for (size_t i = from; i < len; i++) {
        STEP(st, s[i]);
        if (STATE(st) == ACCEPT) last = i + 1;
        else if (STATE(st) == ERROR) break;
    }
    return last;
}

/* Block layout of the fast loop, at p = s + i:
 *
 *   p[0 .. 32)   p[32 .. 32+adj)          p[32+adj .. 64+adj)
 *   stream A     still stream A: the      stream B, starting
 *                continuation bytes that  in ACCEPT
 *                end its last character
 *                (adj <= 3)
 *
 * In valid text p[32+adj] starts a character, so A must end in ACCEPT
 * there; B's state carries on into the next block. */
#define BLOCK 64
#define HALF 32

#if defined(__GNUC__) || defined(__clang__)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE inline
#endif

static ALWAYS_INLINE size_t valid_prefix(const unsigned char *s, size_t len)
{
    size_t i = 0;
    size_t safe = 0;          /* a boundary with everything before valid */
    uint64_t st = ACCEPT;
    while (len - i >= BLOCK + 3) {
        if (STATE(st) == ACCEPT) {
            if (all_ascii16(s + i)) {
                i += 16;
                continue;
            }
            safe = i;
        }
        const unsigned char *const p = s + i;
        size_t adj = 0;
        while (adj < 3 && (p[HALF + adj] & 0xC0) == 0x80) adj++;
        const unsigned char *const q = p + HALF + adj;
        uint64_t sb = ACCEPT;
        for (size_t k = 0; k < HALF; k += 4) {
            STEP(st, p[k]);     STEP(sb, q[k]);
            STEP(st, p[k + 1]); STEP(sb, q[k + 1]);
            STEP(st, p[k + 2]); STEP(sb, q[k + 2]);
            STEP(st, p[k + 3]); STEP(sb, q[k + 3]);
        }
        for (size_t k = 0; k < adj; k++) STEP(st, p[HALF + k]);
        if (STATE(st) != ACCEPT || STATE(sb) == ERROR)
            return valid_prefix_from(s, safe, len);
        st = sb;
        i += BLOCK + adj;
    }
    /* The tail, shorter than a block. */
    if (STATE(st) == ACCEPT) {
        safe = i;
        while (len - i >= 16 && all_ascii16(s + i)) i += 16;
    }
    while (i < len) STEP(st, s[i++]);
    if (STATE(st) == ACCEPT) return len;
    return valid_prefix_from(s, safe, len);
}

/* On x86-64 the shift by a variable amount is one fast instruction
 * (shrx) only with BMI2, which the baseline target lacks; compile the
 * loop a second time for BMI2 and pick it at run time (20-35% faster on
 * text that is mostly non-ASCII; ASCII runs do not shift at all). */
#if defined(__x86_64__) && !defined(__BMI2__) && \
    (defined(__GNUC__) || defined(__clang__))
#define BMI2_DISPATCH 1
__attribute__((target("bmi2")))
static size_t valid_prefix_bmi2(const unsigned char *s, size_t len)
{
    return valid_prefix(s, len);
}
#endif

size_t utf8_valid_prefix(const unsigned char *s, size_t len)
{
#ifdef BMI2_DISPATCH
    if (__builtin_cpu_supports("bmi2")) return valid_prefix_bmi2(s, len);
#endif
    return valid_prefix(s, len);
}

/* Bytes in the maximal subpart at s[0..len), which does not start a
 * complete well-formed sequence: the bytes the automaton accepts before
 * it fails or the input ends (the longest prefix of a well-formed
 * sequence), or else the one byte it fails on. */
static size_t maximal_subpart(const unsigned char *s, size_t len)
{
    uint64_t st = ACCEPT;
    size_t k = 0;
    while (k < len) {
        STEP(st, s[k]);
        if (STATE(st) == ERROR) break;
        k++;
        if (STATE(st) == ACCEPT) break;   /* not reached if used as said */
    }
    return k ? k : 1;
}

/* Length of the valid run at s[0..len).  After an error more errors tend
 * to follow soon (Latin-1 read as UTF-8, binary junk), so the first 64
 * bytes are checked byte by byte, and only a run that gets past them is
 * handed to the block-wise validator. */
static size_t valid_run(const unsigned char *s, size_t len)
{
    enum { PROBE = 64 };
    if (len <= PROBE) return valid_prefix_from(s, 0, len);
    const size_t k = valid_prefix_from(s, 0, PROBE);
    /* Without an error the probe ends at most 3 bytes into a character. */
    if (k + 4 <= PROBE) return k;
    return k + utf8_valid_prefix(s + k, len - k);
}

winnow_error utf8_repair(const unsigned char *s, size_t len, wbuf *out,
                         size_t *replacements)
{
    static const char fffd[3] = { '\xEF', '\xBF', '\xBD' };
    const size_t start = out->len;
    size_t i = 0, n_repl = 0;
    winnow_error e = WINNOW_OK;
    while (i < len) {
        const size_t run = valid_run(s + i, len - i);
        const int bad = run < len - i;
        /* one reserve for the run and its U+FFFD, then plain copies */
        e = wbuf_reserve(out, run + (bad ? sizeof fffd : 0));
        if (e) break;
        if (run) memcpy(out->data + out->len, s + i, run);
        out->len += run;
        if (!bad) break;
        memcpy(out->data + out->len, fffd, sizeof fffd);
        out->len += sizeof fffd;
        n_repl++;
        i += run;
        i += maximal_subpart(s + i, len - i);
    }
    if (e) {
        out->len = start;               /* all or nothing */
        return e;
    }
    if (replacements) *replacements += n_repl;
    return WINNOW_OK;
}

int32_t utf8_next(const unsigned char *s, size_t len, size_t *i)
{
    const size_t k = *i;
    if (k >= len) return 0xFFFD;        /* nothing left: do not advance */
    const unsigned char c = s[k];
    if (c < 0x80) {
        *i = k + 1;
        return c;
    }
    /* Run the automaton to the end of the sequence; decode on the way
     * (the payload bits of the lead byte, then 6 bits per continuation
     * byte). */
    uint64_t st = ACCEPT;
    STEP(st, c);
    int32_t cp = c & (c < 0xE0 ? 0x1F : c < 0xF0 ? 0x0F : 0x07);
    size_t j = k + 1;
    while (STATE(st) > ERROR && j < len) {
        STEP(st, s[j]);
        cp = cp << 6 | (s[j] & 0x3F);
        j++;
    }
    if (STATE(st) != ACCEPT) {
        *i = k + 1;
        return 0xFFFD;
    }
    *i = j;
    return cp;
}
