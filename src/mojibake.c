/* mojibake.c -- undo UTF-8 that was decoded with the wrong encoding.
 *
 * Work is per line.  A line with only ASCII is skipped at memory speed.
 * Otherwise its code points are tried against each wrong decoder e we
 * know: a character whose byte in e is a UTF-8 lead byte (C2..F4),
 * followed by characters whose bytes are continuation bytes (80..BF),
 * is a candidate sequence, and the UTF-8 character those bytes spell is
 * its repair:
 *
 *     "caf" 'Ã' '©'   --windows-1252-->   C3 A9   --UTF-8-->   'é'
 *
 * (a space may stand for a lost A0 byte, U+FFFD or '?' for a lost last
 * byte, and CESU-8 surrogate pairs are joined).  Each sequence is judged
 * twice: how odd the original characters are where they stand (a symbol
 * glued to an accented capital, a capital after a small letter, a C1
 * control) and how plausible the repair is where it lands (a letter of
 * a common script whose case and script fit its neighbours; rare
 * letters, IPA, archaic Cyrillic, a Hangul syllable inside a Latin word
 * are implausible).  A line is repaired with the decoder whose sequences
 * score highest, only when the score clears a bar that rises with every
 * non-ASCII character the repair would not explain, and when implausible
 * sequences are few; implausible sequences stay as they were.  Repairs
 * repeat for a second and third layer.  Left-over C1 controls are read
 * as windows-1252 (NEL only next to other evidence).
 */
#include "mojibake.h"

#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "utf8.h"

#define MOJIBAKE_DIRECT 0x2600   /* code points with a direct table entry */
#define MAX_LAYERS 4
#define BASE_NEED 4              /* evidence a line needs at least */
#define PER_LEGIT 3              /* more per unexplained character */

static const struct {
    const char *name;
    int a0_is_nbsp;             /* byte A0 is U+00A0 (a space may stand
                                   for it) */
    int bonus;                  /* added to a line's score: how often
                                   this mix-up happens */
} encodings[MOJIBAKE_NENC] = {
    { "WINDOWS-1252", 1, 1 }, { "WINDOWS-1251", 1, 0 },
    { "WINDOWS-1250", 1, 0 }, { "WINDOWS-1253", 1, 0 },
    { "WINDOWS-1254", 1, 0 }, { "WINDOWS-1257", 1, 0 },
    { "MACINTOSH", 0, -1 },   { "CP437", 0, -1 },
};

#define MAX_FAR (sizeof ((mojibake *)0)->far / sizeof ((mojibake *)0)->far[0])

typedef struct seq {
    size_t at, n;          /* code points consumed: c[at..at+n) */
    int32_t d;             /* the repair */
    int lossy;             /* ends in a lost byte: repair is U+FFFD */
    int bad;               /* implausible: left alone */
} seq;

/* ---- tables -------------------------------------------------------------- */

/* The role of byte b as seen by the pre-check, for encoding 0 (shift it
 * left by e for encoding e): see mojibake.role. */
static uint32_t byte_role(int b)
{
    if (b >= 0xC2 && b <= 0xDF) return 1u;
    if (b >= 0xE0 && b <= 0xEF) return 1u << 8;
    if (b >= 0xF0 && b <= 0xF4) return 1u << 16;
    if (b >= 0x80 && b <= 0xBF) return 1u << 24;
    return 0;
}

winnow_error mojibake_init(mojibake *m, size_t max)
{
    memset(m, 0, sizeof *m);
    wbuf_init(&m->out, max);
    wbuf_init(&m->cps, 0);
    wbuf_init(&m->fix, 0);
    wbuf_init(&m->best, 0);
    wbuf_init(&m->seqs, 0);
    m->rev = calloc((size_t)MOJIBAKE_NENC * MOJIBAKE_DIRECT, 1);
    m->mask = calloc(MOJIBAKE_DIRECT, sizeof *m->mask);
    m->role = calloc(MOJIBAKE_DIRECT, sizeof *m->role);
    if (!m->rev || !m->mask || !m->role) {
        mojibake_release(m);
        return WINNOW_ERR_NOMEM;
    }
    size_t nf = 0;
    for (int e = 0; e < MOJIBAKE_NENC; e++) {
        const iconv_t cd = iconv_open("UTF-32LE", encodings[e].name);
        for (int b = 0x80; b < 0x100; b++) {
            int32_t c = b;                  /* undefined: the C1 / Latin-1 view */
            if (cd != (iconv_t)-1) {
                char in[1] = { (char)b };
                unsigned char out[8];
                char *ip = in, *op = (char *)out;
                size_t il = 1, ol = sizeof out;
                iconv(cd, NULL, NULL, NULL, NULL);
                if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1 && ol == 4)
                    c = (int32_t)((uint32_t)out[0] | (uint32_t)out[1] << 8 |
                                  (uint32_t)out[2] << 16 | (uint32_t)out[3] << 24);
            }
            m->fwd[e][b - 0x80] = c;
            if (c < MOJIBAKE_DIRECT) {
                m->rev[(size_t)e * MOJIBAKE_DIRECT + (size_t)c] = (uint8_t)b;
            } else if (nf < MAX_FAR) {
                m->far[nf].cp = c;
                m->far[nf].enc = (uint8_t)e;
                m->far[nf].byte = (uint8_t)b;
                nf++;
            }
        }
        /* windows-1252's reader is sloppy: C1 controls are Latin-1's */
        if (e == 0)
            for (int b = 0x80; b < 0xA0; b++)
                m->rev[(size_t)b] = (uint8_t)b;
        if (cd != (iconv_t)-1) iconv_close(cd);
    }
    m->n_far = nf;
    for (int32_t c = 0x80; c < MOJIBAKE_DIRECT; c++) {
        uint16_t k = 0;
        for (int e = 0; e < MOJIBAKE_NENC; e++) {
            const uint8_t b = m->rev[(size_t)e * MOJIBAKE_DIRECT + (size_t)c];
            if (b >= 0xC2 && b <= 0xF4) k |= (uint16_t)(1u << e);
            if (b >= 0x80 && b <= 0xBF) k |= (uint16_t)(1u << (8 + e));
        }
        m->mask[c] = k;
        uint32_t r = 0;
        for (int e = 0; e < MOJIBAKE_NENC; e++)
            r |= byte_role(m->rev[(size_t)e * MOJIBAKE_DIRECT + (size_t)c]) << e;
        m->role[c] = r;
    }
    return WINNOW_OK;
}

void mojibake_release(mojibake *m)
{
    if (!m) return;
    free(m->rev);
    free(m->mask);
    free(m->role);
    m->rev = NULL;
    m->mask = NULL;
    m->role = NULL;
    wbuf_release(&m->out);
    wbuf_release(&m->cps);
    wbuf_release(&m->fix);
    wbuf_release(&m->best);
    wbuf_release(&m->seqs);
}

static inline int rev_byte(const mojibake *m, int e, int32_t c)
{
    if (c < 0x80) return 0;
    if (c < MOJIBAKE_DIRECT) return m->rev[(size_t)e * MOJIBAKE_DIRECT + (size_t)c];
    for (size_t k = 0; k < m->n_far; k++)
        if (m->far[k].cp == c && m->far[k].enc == e) return m->far[k].byte;
    return 0;
}

static inline uint16_t mask_of(const mojibake *m, int32_t c)
{
    if (c < 0x80) return 0;
    if (c < MOJIBAKE_DIRECT) return m->mask[c];
    uint16_t k = 0;
    for (size_t i = 0; i < m->n_far; i++) {
        if (m->far[i].cp != c) continue;
        const uint8_t b = m->far[i].byte;
        if (b >= 0xC2 && b <= 0xF4) k |= (uint16_t)(1u << m->far[i].enc);
        if (b >= 0x80 && b <= 0xBF) k |= (uint16_t)(1u << (8 + m->far[i].enc));
    }
    return k;
}

/* ---- character classes ---------------------------------------------------- */

static int is_lower(int32_t c)
{
    if (c < 0x80) return c >= 'a' && c <= 'z';
    return utf8proc_get_property(c)->category == UTF8PROC_CATEGORY_LL;
}

static int is_upper(int32_t c)
{
    if (c < 0x80) return c >= 'A' && c <= 'Z';
    const int cat = utf8proc_get_property(c)->category;
    return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
}

static int is_letter(int32_t c)
{
    if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    const int cat = utf8proc_get_property(c)->category;
    return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
}

static int is_ascii_letter(int32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

typedef enum {
    T_BAD, T_SYMBOL, T_NEUTRAL, T_LATIN, T_GREEK, T_CYRILLIC, T_ARMENIAN,
    T_HEBREW, T_HEBREW_MARK, T_ARABIC, T_ARABIC_MARK, T_OTHER_SCRIPT, T_CJK
} rtype;

/* What kind of character a repair is. */
static rtype type_of(int32_t d)
{
    if (d == 0xFFFD || (d >= 0x80 && d <= 0x9F) || (d >= 0x300 && d <= 0x36F) ||
        (d >= 0xFE00 && d <= 0xFE0F))
        return T_NEUTRAL;
    if (d < 0xC0 || d == 0xD7 || d == 0xF7) return T_SYMBOL;
    if (d < 0x180) {
        /* letters too rare to be a likely repair: Esperanto, Greenlandic,
         * Sami, Welsh, Dutch ij, Catalan l-dot, kra, long s */
        switch (d) {
        case 0x108: case 0x109: case 0x11C: case 0x11D: case 0x124:
        case 0x125: case 0x128: case 0x129: case 0x132: case 0x133:
        case 0x134: case 0x135: case 0x138: case 0x13F: case 0x140:
        case 0x14A: case 0x14B: case 0x15C: case 0x15D: case 0x166:
        case 0x167: case 0x168: case 0x169: case 0x16C: case 0x16D:
        case 0x174: case 0x175: case 0x176: case 0x177: case 0x17F:
            return T_BAD;
        default:
            return T_LATIN;
        }
    }
    if (d == 0x192) return T_SYMBOL;                /* florin */
    if (d < 0x250)
        return (d == 0x1A0 || d == 0x1A1 || d == 0x1AF || d == 0x1B0 ||
                (d >= 0x1CD && d <= 0x1DC) || (d >= 0x218 && d <= 0x21B))
                   ? T_LATIN : T_BAD;
    if (d >= 0x2C6 && d <= 0x2DD) return T_SYMBOL;
    if (d < 0x370) return T_BAD;
    if (d < 0x400) return (d >= 0x386 && d <= 0x3CE && d != 0x387) ? T_GREEK : T_BAD;
    if (d < 0x500) return (d >= 0x460 && d < 0x490) ? T_BAD : T_CYRILLIC;
    if (d >= 0x531 && d <= 0x587) return T_ARMENIAN;
    if (d >= 0x591 && d <= 0x5C7) return T_HEBREW_MARK;
    if ((d >= 0x5D0 && d <= 0x5EA) || (d >= 0x5F0 && d <= 0x5F4)) return T_HEBREW;
    if (d >= 0x600 && d <= 0x6FF) {
        const int cat = utf8proc_get_property(d)->category;
        return cat == UTF8PROC_CATEGORY_MN ? T_ARABIC_MARK : T_ARABIC;
    }
    if ((d >= 0x900 && d <= 0xE7F) || (d >= 0x10A0 && d <= 0x11FF))
        return T_OTHER_SCRIPT;
    if (d >= 0x1E00 && d <= 0x1EFF) return T_LATIN;
    if (d >= 0x2000 && d <= 0x2BFF) return T_SYMBOL;
    if ((d >= 0x3000 && d <= 0x30FF) || (d >= 0x3400 && d <= 0x4DBF) ||
        (d >= 0x4E00 && d <= 0x9FFF) || (d >= 0xAC00 && d <= 0xD7A3) ||
        (d >= 0xF900 && d <= 0xFAFF) || (d >= 0xFF00 && d <= 0xFFEF))
        return T_CJK;
    if (d >= 0x1F000 && d <= 0x1FAFF) return T_SYMBOL;
    return T_BAD;
}

/* How plausible repair d is after prev2 prev and before next (0: none):
 * -1 not, 0 no evidence either way, 1 possible, 2 a letter among
 * letters. */
static int plausible(int32_t d, int32_t prev2, int32_t prev, int32_t next)
{
    const rtype t = type_of(d);
    switch (t) {
    case T_BAD: return -1;
    case T_NEUTRAL:
        if (d >= 0x300 && d <= 0x36F && !is_letter(prev)) return 0;
        return 1;
    case T_SYMBOL:
        if (is_letter(prev) && is_letter(next) && !(d >= 0x2000 && d <= 0x206F))
            return -1;
        return 1;
    case T_HEBREW_MARK: return (prev >= 0x5D0 && prev <= 0x5EA) ? 1 : -1;
    case T_ARABIC_MARK: return type_of(prev) == T_ARABIC ? 1 : -1;
    default: break;
    }
    /* a letter of another script right beside it (ASCII aside) */
    if ((prev >= 0x80 && is_letter(prev) && type_of(prev) != t) ||
        (next >= 0x80 && is_letter(next) && type_of(next) != t))
        return -1;
    const int latin_word = is_ascii_letter(prev) || is_ascii_letter(next);
    if (latin_word && (t == T_CJK || t == T_OTHER_SCRIPT || t == T_HEBREW ||
                       t == T_ARABIC || t == T_ARMENIAN))
        return -1;
    if (t == T_ARMENIAN && type_of(prev) != T_ARMENIAN && type_of(next) != T_ARMENIAN)
        return -1;
    if (is_lower(d) && (is_upper(next) ||
                        (is_upper(prev) && is_upper(prev2) && !is_letter(next))))
        return -1;                                  /* "MÄ£ÄM", "DATĂ\xa0" */
    if (is_upper(d) && is_lower(prev)) return -1;
    if (latin_word && t != T_LATIN) return 1;      /* a Greek letter as a symbol */
    return (is_letter(prev) || is_letter(next)) ? 2 : 1;
}

/* Letters that are words on their own (French, Portuguese, Italian,
 * Spanish, Catalan...): à è é ò ó ù. */
static int one_letter_word(int32_t d)
{
    return d == 0xE0 || d == 0xE8 || d == 0xE9 || d == 0xF2 || d == 0xF3 ||
           d == 0xF9;
}

/* How odd the original characters of s are where they stand (read
 * through encoding e). */
static int weirdness(const mojibake *m, int e, const int32_t *c, size_t n,
                     const seq *s)
{
    const int32_t lead = c[s->at];
    const int32_t prev = s->at ? c[s->at - 1] : 0;
    const int32_t next = s->at + s->n < n ? c[s->at + s->n] : 0;
    int w = 0;
    for (size_t k = 1; k < s->n; k++) {
        const int32_t x = c[s->at + k];
        if (x == ' ') continue;                     /* a lost A0 */
        if (x >= 0x80 && x <= 0x9F) w += 3;
        else if (is_letter(x)) w += rev_byte(m, e, x) < 0xA0 ? 2 : 1;
        else w += 2 + (k == 1 && is_letter(lead));
    }
    const int camel = is_upper(lead) && is_lower(prev);
    w += camel;
    if (!is_letter(lead) && is_letter(prev)) w += 1;
    if (s->n == 2) {
        const int32_t x = c[s->at + 1];
        if ((x == 0xA0 || x == ' ') && next == ' ') w += 1;
        if ((x == 0x2122 || x == 0xAE || x == 0xA9 || x == 0xB0 || x == 0xB9 ||
             x == 0xB2 || x == 0xB3) && !is_letter(next))
            w = (w < 1 ? w : 1) + camel;            /* "Word™" is common */
    }
    return w;
}

/* The raw UTF-8 sequence at c[i] read through encoding e (surrogates
 * included), or 0. */
static int raw_match(const mojibake *m, int e, const int32_t *c, size_t n,
                     size_t i, seq *s)
{
    const int b0 = rev_byte(m, e, c[i]);
    if (b0 < 0xC2 || b0 > 0xF4) return 0;
    const int need = b0 < 0xE0 ? 1 : b0 < 0xF0 ? 2 : 3;
    int by[4] = { b0, 0, 0, 0 };
    for (int k = 1; k <= need; k++) {
        if (i + (size_t)k >= n) return 0;
        const int32_t x = c[i + (size_t)k];
        const int b = rev_byte(m, e, x);
        if (b >= 0x80 && b <= 0xBF) { by[k] = b; continue; }
        if (x == ' ' && encodings[e].a0_is_nbsp) { by[k] = 0xA0; continue; }
        if (x == 0xFFFD || (x == '?' && k == need && need >= 2)) {
            s->at = i;
            s->n = (size_t)k + 1;
            s->d = 0xFFFD;
            s->lossy = 1;
            s->bad = 0;
            return 1;
        }
        return 0;
    }
    if ((b0 == 0xE0 && by[1] < 0xA0) || (b0 == 0xF0 && by[1] < 0x90) ||
        (b0 == 0xF4 && by[1] > 0x8F))
        return 0;
    int32_t d;
    if (need == 1) d = ((b0 & 0x1F) << 6) | (by[1] & 0x3F);
    else if (need == 2) d = ((b0 & 0x0F) << 12) | ((by[1] & 0x3F) << 6) | (by[2] & 0x3F);
    else d = ((b0 & 0x07) << 18) | ((by[1] & 0x3F) << 12) | ((by[2] & 0x3F) << 6) | (by[3] & 0x3F);
    s->at = i;
    s->n = (size_t)need + 1;
    s->d = d;
    s->lossy = 0;
    s->bad = 0;
    return 1;
}

/* A repairable sequence at c[i]: raw_match, with CESU-8 surrogate pairs
 * joined and lone surrogates refused. */
static int match(const mojibake *m, int e, const int32_t *c, size_t n,
                 size_t i, seq *s)
{
    if (!raw_match(m, e, c, n, i, s)) return 0;
    if (s->lossy || s->d < 0xD800 || s->d > 0xDFFF) return 1;
    seq lo;
    if (s->d > 0xDBFF || !raw_match(m, e, c, n, i + s->n, &lo) || lo.lossy ||
        lo.d < 0xDC00 || lo.d > 0xDFFF)
        return 0;
    s->d = 0x10000 + ((s->d - 0xD800) << 10) + (lo.d - 0xDC00);
    s->n += lo.n;
    return 1;
}

/* ---- one line ------------------------------------------------------------ */

static inline int32_t *as_cps(wbuf *b) { return (int32_t *)(void *)b->data; }

/* Tries encoding e on line c[0..n); on success writes the repair to
 * m->fix (*fix_n code points), its score to *score and the sequences
 * repaired to *count, and returns 1. */
static winnow_error try_encoding(mojibake *m, int e, const int32_t *c, size_t n,
                                 int *ok, long *score, size_t *fix_n, size_t *count)
{
    *ok = 0;
    wbuf_reset(&m->seqs);
    size_t legit = 0;
    for (size_t i = 0; i < n;) {
        seq s;
        if (c[i] >= 0x80 && match(m, e, c, n, i, &s)) {
            winnow_error err = wbuf_append(&m->seqs, &s, sizeof s);
            if (err) return err;
            i += s.n;
        } else {
            legit += c[i] >= 0xA0;           /* C1 controls are never right */
            i++;
        }
    }
    seq *const sq = (seq *)(void *)m->seqs.data;
    const size_t ns = m->seqs.len / sizeof(seq);
    if (ns == 0) return WINNOW_OK;

    /* Whole-line mode: every non-ASCII character of the line is part of a
     * clean sequence (no lost bytes, no stand-in spaces) and there are
     * several: the line is one more layer of mojibake as a whole, and a
     * repair that still looks odd (a layer below) is no reason to stop. */
    int whole = legit == 0 && ns >= 2;
    for (size_t k = 0; k < ns && whole; k++) {
        if (sq[k].lossy) whole = 0;
        for (size_t j = 1; j < sq[k].n && whole; j++)
            if (c[sq[k].at + j] == ' ') whole = 0;
    }
    long total = 0;
    size_t good = 0, bad = 0;
    for (size_t k = 0; k < ns; k++) {
        seq *s = &sq[k];
        if (s->lossy) continue;
        int32_t prev = s->at ? c[s->at - 1] : 0;
        if (k > 0 && sq[k - 1].at + sq[k - 1].n == s->at && !sq[k - 1].bad)
            prev = sq[k - 1].d;
        const size_t end = s->at + s->n;
        int32_t next = end < n ? c[end] : 0;
        if (k + 1 < ns && sq[k + 1].at == end) next = sq[k + 1].d;
        /* a C1 control in the original is evidence enough of a layer
         * below: the repair may itself still be mojibake */
        int c1 = 0;
        for (size_t j = 1; j < s->n; j++)
            c1 |= c[s->at + j] >= 0x80 && c[s->at + j] <= 0x9F;
        int32_t prev2 = s->at >= 2 ? c[s->at - 2] : 0;
        if (k > 0 && sq[k - 1].at + sq[k - 1].n == s->at && !sq[k - 1].bad)
            prev2 = s->at >= sq[k - 1].n + 1 ? c[s->at - sq[k - 1].n - 1] : 0;
        int p = plausible(s->d, prev2, prev, next);
        if (p < 0 && (c1 || whole) && type_of(s->d) != T_BAD) p = 1;
        if (p < 0) { s->bad = 1; bad++; continue; }
        total += p + weirdness(m, e, c, n, s);
        good++;
    }
    const size_t unexplained = legit < 3 ? legit : 3;
    if (good == 0 || bad * 2 > good ||
        total < BASE_NEED + PER_LEGIT * (long)unexplained)
        return WINNOW_OK;

    winnow_error err = wbuf_reserve(&m->fix, n * sizeof(int32_t));
    if (err) return err;
    int32_t *f = as_cps(&m->fix);
    size_t o = 0, i = 0, fixed = 0;
    for (size_t k = 0; k < ns; k++) {
        if (sq[k].bad) continue;
        while (i < sq[k].at) f[o++] = c[i++];
        f[o++] = sq[k].d;
        i += sq[k].n;
        /* "Ã perturber": the space stood for the A0 of "à" and for the
         * space after it, lost together -- when the repair is a word of
         * its own (a one-letter word) before a word of two letters or
         * more ("Ã s" is "às") */
        if (sq[k].n == 2 && c[i - 1] == ' ' && one_letter_word(sq[k].d) &&
            !(sq[k].at > 0 && is_letter(c[sq[k].at - 1])) &&
            i + 1 < n && is_letter(c[i]) && is_letter(c[i + 1]))
            f[o++] = ' ';
        fixed++;
    }
    while (i < n) f[o++] = c[i++];
    *fix_n = o;
    *score = total + encodings[e].bonus;
    *count = fixed;
    *ok = 1;
    return WINNOW_OK;
}

/* Stray C1 controls read as windows-1252 (NEL only beside evidence). */
static size_t fix_c1(const mojibake *m, int32_t *c, size_t n, int evidence)
{
    size_t fixed = 0;
    for (size_t i = 0; i < n; i++) {
        if (c[i] < 0x80 || c[i] > 0x9F) continue;
        const int32_t w = m->fwd[0][c[i] - 0x80];
        if (w < 0xA0) continue;                     /* undefined in 1252 */
        if (c[i] == 0x85 && !evidence &&
            !(i > 0 && c[i - 1] >= 0x80 && c[i - 1] <= 0x9F) &&
            !(i + 1 < n && c[i + 1] >= 0x80 && c[i + 1] <= 0x9F))
            continue;
        c[i] = w;
        fixed++;
    }
    return fixed;
}

/* Repairs line c[0..n) in place (it never grows); returns the new length
 * and adds to *fixed. */
static winnow_error fix_line(mojibake *m, size_t n, size_t *new_n, size_t *fixed)
{
    size_t total_fixed = 0;
    for (int layer = 0; layer < MAX_LAYERS; layer++) {
        int32_t *c = as_cps(&m->cps);
        /* which encodings have a lead followed by a continuation here */
        unsigned cand = 0;
        int c1 = 0;
        for (size_t i = 0; i + 1 < n; i++) {
            if (c[i] < 0x80) continue;
            const uint16_t a = mask_of(m, c[i]);
            if (!(a & 0xFF)) { c1 |= c[i] <= 0x9F; continue; }
            const uint16_t b = mask_of(m, c[i + 1]);
            cand |= (unsigned)(a & (b >> 8));
            if (c[i + 1] == ' ') cand |= (unsigned)(a & 0x3F);
        }
        if (n && c[n - 1] >= 0x80 && c[n - 1] <= 0x9F) c1 = 1;
        int best = -1;
        long best_score = 0;
        size_t best_n = 0, best_count = 0;
        for (int e = 0; e < MOJIBAKE_NENC; e++) {
            if (!(cand & (1u << e))) continue;
            int ok;
            long score;
            size_t fn, cnt;
            winnow_error err = try_encoding(m, e, c, n, &ok, &score, &fn, &cnt);
            if (err) return err;
            if (!ok || (best >= 0 && score <= best_score)) continue;
            best = e;
            best_score = score;
            best_n = fn;
            best_count = cnt;
            wbuf_reset(&m->best);
            err = wbuf_append(&m->best, m->fix.data, fn * sizeof(int32_t));
            if (err) return err;
        }
        if (best < 0) {
            total_fixed += fix_c1(m, c, n, total_fixed > 0);
            (void)c1;
            break;
        }
        memcpy(c, m->best.data, best_n * sizeof(int32_t));
        n = best_n;
        total_fixed += best_count;
    }
    *new_n = n;
    *fixed += total_fixed;
    return WINNOW_OK;
}


/* ---- the pre-check --------------------------------------------------------- */

static inline uint32_t role_of(const mojibake *m, int32_t c)
{
    if (c < MOJIBAKE_DIRECT) return m->role[c];
    uint32_t r = 0;
    for (size_t k = 0; k < m->n_far; k++)
        if (m->far[k].cp == c) r |= byte_role(m->far[k].byte) << m->far[k].enc;
    return r;
}

/* 0 when fix_line() would leave line s[0..n) (valid UTF-8, not ASCII
 * only) as it is, without decoding the line to code points; 1 when it
 * might not.  It is exact in that direction: fix_line() tries encoding
 * e only when some character that is a lead byte in e is followed by a
 * continuation byte or a space (`pair`), and try_encoding() finds a
 * sequence only where a lead byte is followed by all the continuation
 * bytes it needs, spaces for A0 included, or ends early in U+FFFD or
 * '?' (`found`: checked here for the four encodings at once, without
 * the narrower ranges after E0, F0 and F4, so a superset).  Without
 * such an encoding, only C1 controls could change, and any C1 control
 * sends the line to fix_line().  In Russian text "В " or "и «" are
 * sequences in windows-1251; in English text a curly quote or a dash is
 * a continuation byte but never follows a lead, so those lines are
 * passed at the speed of this scan. */
static int line_may_change(const mojibake *m, const unsigned char *s, size_t n)
{
    /* encodings in which the characters so far are a lead byte followed
     * by continuation bytes, waiting for 1, 2 or 3 more */
    uint32_t s1 = 0, s2 = 0, s3 = 0;
    uint32_t lead = 0;          /* the last character is a lead byte */
    uint32_t pair = 0, found = 0;
    size_t i = 0;
    while (i < n) {
        const unsigned char b = s[i];
        int32_t c;
        uint32_t r;
        if (b < 0x80) {
            if (!(s1 | s2 | s3 | lead)) {           /* ASCII changes nothing */
                i = utf8_skip_ascii(s, n, i + 1);
                continue;
            }
            i++;
            c = b;
            r = b == ' ' ? UINT32_C(0x3F) << 24 : 0;  /* a lost A0 */
        } else if (b < 0xE0 && i + 1 < n) {        /* valid: C2..DF 80..BF */
            c = (int32_t)((b & 0x1Fu) << 6 | (s[i + 1] & 0x3Fu));
            i += 2;
            if (c <= 0x9F) return 1;                /* a C1 control */
            r = m->role[c];
        } else {
            c = utf8_next(s, n, &i);
            r = role_of(m, c);
        }
        const uint32_t cont = r >> 24;
        pair |= lead & cont;
        if (c == 0xFFFD || c == '?') found |= s1 | s2 | s3;
        found |= s1 & cont;
        s1 = (s2 & cont) | (r & 0xFF);
        s2 = (s3 & cont) | ((r >> 8) & 0xFF);
        s3 = (r >> 16) & 0xFF;
        lead = (r | r >> 8 | r >> 16) & 0xFF;
    }
    return (pair & found) != 0;
}

/* ---- the text ------------------------------------------------------------ */

winnow_error mojibake_run(mojibake *m, const char *in, size_t len,
                          const char **res, size_t *res_len, size_t *fixed)
{
    const unsigned char *const s = (const unsigned char *)in;
    size_t pending = 0, count = 0;
    int changed = 0;
    size_t i = utf8_skip_ascii(s, len, 0);
    while (i < len) {
        /* the line holding s[i] */
        size_t ls = i;
        while (ls > 0 && s[ls - 1] != '\n') ls--;
        const unsigned char *nl = memchr(s + i, '\n', len - i);
        const size_t le = nl ? (size_t)(nl - s) : len;
        if (!line_may_change(m, s + ls, le - ls)) {
            i = le < len ? utf8_skip_ascii(s, len, le + 1) : len;
            continue;
        }

        winnow_error e = wbuf_reserve(&m->cps, (le - ls) * sizeof(int32_t));
        if (e) return e;
        int32_t *c = as_cps(&m->cps);
        size_t n = 0;
        for (size_t k = ls; k < le;) c[n++] = utf8_next(s, le, &k);
        size_t new_n, before = count;
        if ((e = fix_line(m, n, &new_n, &count))) return e;
        if (count != before) {
            if (!changed) {
                /* repairs shrink text (but for C1 controls, 2 bytes to
                 * up to 3): room for all of it at once */
                wbuf_reset(&m->out);
                if ((e = wbuf_reserve(&m->out, len + len / 16 + 64))) return e;
                changed = 1;
            }
            if ((e = wbuf_append(&m->out, s + pending, ls - pending))) return e;
            c = as_cps(&m->cps);
            for (size_t k = 0; k < new_n; k++)
                if ((e = wbuf_put_utf8(&m->out, (unsigned long)c[k]))) return e;
            pending = le;
        }
        i = le < len ? utf8_skip_ascii(s, len, le + 1) : len;
    }
    *fixed = count;
    if (!changed) {
        *res = in;
        *res_len = len;
        return WINNOW_OK;
    }
    winnow_error e = wbuf_append(&m->out, s + pending, len - pending);
    if (e) return e;
    *res = m->out.data;
    *res_len = m->out.len;
    return WINNOW_OK;
}
