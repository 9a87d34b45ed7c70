/* detect.c -- which encoding are these bytes in?
 *
 * Evidence is taken strongest first, and the first step that is sure
 * answers:
 *   1. a byte-order mark (EF BB BF, FF FE 00 00, 00 00 FE FF, FF FE,
 *      FE FF; the UTF-32LE mark before its UTF-16LE prefix);
 *   2. zero bytes: text with NULs is tried as UTF-32 and UTF-16, both
 *      byte orders, and kept when its code units are plausible text
 *      (letters of a few scripts, punctuation, CJK; no stray controls,
 *      private use or lone surrogates); an odd last byte is left to
 *      decode, which replaces it;
 *   3. UTF-8 validity: valid UTF-8 (pure ASCII included) is UTF-8, and
 *      so is text whose valid multibyte characters outnumber its invalid
 *      bytes two to one (UTF-8 with damage, repaired by decode);
 *   4. libuchardet on the first DETECT_SAMPLE bytes, refined: KOI8-R
 *      with Ukrainian letters is KOI8-U; ISO-8859-1 and -9 become
 *      windows-1252 and -1254 (they read the same, and the superset also
 *      reads the 0x80-0x9F bytes); and when the text has few high bytes,
 *      or uchardet has no answer, our own score of DETECT_N_SINGLE
 *      single-byte candidates decides (a prior per letter and symbol,
 *      penalties for case and script changes inside a word, a prior per
 *      encoding and a bonus for uchardet's own guess).
 * Answers are static strings; a run allocates nothing.
 */
#include "detect.h"

#include <iconv.h>
#include <math.h>
#include <string.h>
#include <uchardet.h>
#include <utf8proc.h>

#include "utf8.h"

#define DETECT_SAMPLE (256u * 1024u)  /* bytes uchardet and scoring see */
#define FEW_HIGH_BYTES 8              /* below: our scoring decides */
#define UCHARDET_BONUS 1.0            /* log-score bonus for its guess */
#define MIN_PER_BYTE (-1.0)           /* mean log weight of a plausible
                                         high byte, at least */

/* ---- byte-order marks --------------------------------------------------- */

static int starts_with(const unsigned char *in, size_t len,
                       const char *bom, size_t bom_len)
{
    return len >= bom_len && memcmp(in, bom, bom_len) == 0;
}

detect_result detect_bom(const unsigned char *in, size_t len)
{
    static const struct {
        const char *bytes;
        size_t len;
        const char *encoding;
    } boms[] = {                        /* longest first where one is a
                                           prefix of another */
        { "\xEF\xBB\xBF", 3, "UTF-8" },
        { "\xFF\xFE\x00\x00", 4, "UTF-32LE" },
        { "\x00\x00\xFE\xFF", 4, "UTF-32BE" },
        { "\xFF\xFE", 2, "UTF-16LE" },
        { "\xFE\xFF", 2, "UTF-16BE" },
    };
    detect_result r = { "UTF-8", 0, 1.0f, 0 };
    if (!in) return r;
    for (size_t k = 0; k < sizeof boms / sizeof boms[0]; k++) {
        if (starts_with(in, len, boms[k].bytes, boms[k].len)) {
            r.encoding = boms[k].encoding;
            r.bom_len = boms[k].len;
            break;
        }
    }
    return r;
}

/* ---- UTF-16 / UTF-32 without a BOM ------------------------------------- */

/* How much a code point looks like text: 1 common, 0.3 possible, -2 not. */
static double unit_weight(uint32_t c)
{
    if (c == 0x09 || c == 0x0A || c == 0x0D || (c >= 0x20 && c <= 0x7E))
        return 1;
    if (c < 0xA0) return -2;                       /* C0, DEL, C1 */
    static const uint32_t good[][2] = {
        { 0x00A0, 0x024F }, { 0x0370, 0x06FF }, { 0x0900, 0x0E7F },
        { 0x10A0, 0x11FF }, { 0x1E00, 0x1FFF }, { 0x2000, 0x206F },
        { 0x20A0, 0x20CF }, { 0x2100, 0x27BF }, { 0x3000, 0x30FF },
        { 0x3130, 0x318F }, { 0x4E00, 0x9FFF }, { 0xAC00, 0xD7A3 },
        { 0xFF00, 0xFFEF }, { 0x1F300, 0x1FAFF },
    };
    for (size_t k = 0; k < sizeof good / sizeof good[0]; k++)
        if (c >= good[k][0] && c <= good[k][1]) return 1;
    if ((c >= 0xD800 && c <= 0xDFFF) || (c >= 0xE000 && c <= 0xF8FF) ||
        c == 0xFFFE || c == 0xFFFF || c > 0x10FFFF)
        return -2;
    return 0.3;
}

/* Mean weight of in[0..len) read as UTF-16 (big-endian when `be`), plus
 * half the share of units that are ASCII characters (a zero high byte):
 * read the wrong way round, ASCII letters look like CJK ideographs. */
static double utf16_score(const unsigned char *in, size_t len, int be)
{
    const size_t n = len / 2;
    if (n == 0) return -2;
    double sum = 0;
    size_t ascii = 0;
    for (size_t k = 0; k < n; k++) {
        const unsigned char *p = in + 2 * k;
        uint32_t u = be ? (uint32_t)(p[0] << 8 | p[1]) : (uint32_t)(p[1] << 8 | p[0]);
        ascii += u == 0x0A || (u >= 0x20 && u <= 0x7E);
        if (u >= 0xD800 && u <= 0xDBFF && k + 1 < n) {
            const unsigned char *q = p + 2;
            uint32_t v = be ? (uint32_t)(q[0] << 8 | q[1]) : (uint32_t)(q[1] << 8 | q[0]);
            if (v >= 0xDC00 && v <= 0xDFFF) {
                sum += 2 * unit_weight(0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00));
                k++;
                continue;
            }
        }
        sum += unit_weight(u);
    }
    return (sum + 0.5 * (double)ascii) / (double)n;
}

static double utf32_score(const unsigned char *in, size_t len, int be)
{
    const size_t n = len / 4;
    if (n == 0 || len % 4) return -2;
    double sum = 0;
    for (size_t k = 0; k < n; k++) {
        const unsigned char *p = in + 4 * k;
        const uint32_t u = be ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
                              : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
        sum += unit_weight(u);
    }
    return sum / (double)n;
}

/* Text with zero bytes: UTF-32 or UTF-16 of either order, or nothing
 * (r.encoding stays NULL). */
static detect_result detect_wide(const unsigned char *in, size_t len)
{
    detect_result r = { NULL, 0, 0.0f, 0 };
    if (len > DETECT_SAMPLE) len = DETECT_SAMPLE & ~(size_t)3;
    /* A few stray NULs in text that is valid UTF-8 (ASCII included) do
     * not make it UTF-16: read in pairs, ASCII looks like CJK ideographs.
     * Wide text has zeros in a good share of its bytes, or other control
     * bytes (the high bytes of Cyrillic, Greek, Arabic ... in UTF-16), or
     * is not UTF-8 at all. */
    size_t zeros = 0, controls = 0;
    for (size_t i = 0; i < len; i++) {
        zeros += in[i] == 0;
        controls += in[i] > 0 && in[i] < 0x20 && in[i] != '\t' && in[i] != '\n' &&
                    in[i] != '\r';
    }
    if (zeros * 10 < len && controls * 100 < len && utf8_valid_prefix(in, len) == len)
        return r;
    const double s32le = utf32_score(in, len, 0), s32be = utf32_score(in, len, 1);
    const double s32 = s32le > s32be ? s32le : s32be;
    if (s32 >= 0.9) {
        r.encoding = s32le > s32be ? "UTF-32LE" : "UTF-32BE";
        r.confidence = (float)(s32 > 1 ? 1 : s32);
        return r;
    }
    const double le = utf16_score(in, len, 0), be = utf16_score(in, len, 1);
    const double best = le > be ? le : be, other = le > be ? be : le;
    if (best >= 0.7 && best - other >= 0.1) {
        r.encoding = le > be ? "UTF-16LE" : "UTF-16BE";
        r.confidence = (float)(best > 1 ? 1 : best);
    }
    return r;
}

/* ---- UTF-8 with damage -------------------------------------------------- */

/* Counts valid multibyte characters and invalid subparts of s[0..len),
 * whose first `valid` bytes are known valid. */
static void utf8_census(const unsigned char *s, size_t len, size_t valid,
                        size_t *multi, size_t *bad)
{
    size_t m = 0, b = 0, i = 0;
    for (;;) {
        /* bytes C0..FF, a word at a time (C0 and C1 are not valid) */
        for (; i + 8 <= valid; i += 8) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            w = (w & w << 1 & UINT64_C(0x8080808080808080)) >> 7;
            m += (size_t)((w * UINT64_C(0x0101010101010101)) >> 56);
        }
        for (; i < valid; i++) m += s[i] >= 0xC2;
        if (valid >= len) break;
        b++;
        i = valid + 1;                 /* skip the bad part: its lead and */
        while (i < len && i < valid + 4 && (s[i] & 0xC0) == 0x80) i++;  /* tail */
        if (i >= len) break;
        valid = i + utf8_valid_prefix(s + i, len - i);
    }
    *multi = m;
    *bad = b;
}

/* ---- single-byte candidates --------------------------------------------- */

static const struct {
    const char *name;
    double prior;        /* log prior of meeting this encoding */
} single[DETECT_N_SINGLE] = {
    { "WINDOWS-1252", 0.0 },  { "WINDOWS-1250", -0.7 },
    { "WINDOWS-1251", -0.5 }, { "WINDOWS-1253", -1.0 },
    { "WINDOWS-1254", -0.8 }, { "WINDOWS-1255", -1.0 },
    { "WINDOWS-1256", -1.0 }, { "WINDOWS-1257", -1.5 },
    { "ISO-8859-15", -1.2 },  { "ISO-8859-2", -1.2 },
    { "KOI8-U", -1.0 },       { "IBM866", -1.5 },
    { "MACINTOSH", -2.5 },    { "MAC-CENTRALEUROPE", -2.5 },
    { "IBM852", -2.5 },       { "ISO-8859-5", -2.0 },
    { "ISO-8859-7", -1.5 },   { "ISO-8859-13", -2.0 },
};
enum { CAND_1252 = 0, CAND_1254 = 4, CAND_KOI8U = 10 };

/* ASCII-only case-insensitive equality. */
static int name_eq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a, y = *b;
        if (x >= 'a' && x <= 'z') x = (char)(x - 'a' + 'A');
        if (y >= 'a' && y <= 'z') y = (char)(y - 'a' + 'A');
        if (x != y) return 0;
    }
    return *a == *b;
}

/* Relative frequency of lower-case letters beyond ASCII in text on the
 * web (rough, by hand: the accented letters of the major European
 * languages).  Sorted by code point. */
static const struct { uint16_t cp; uint8_t w10; } latin_letters[] = {
    { 0x00DF, 40 }, { 0x00E0, 60 }, { 0x00E1, 70 }, { 0x00E2, 30 },
    { 0x00E3, 40 }, { 0x00E4, 70 }, { 0x00E5, 40 }, { 0x00E6, 30 },
    { 0x00E7, 50 }, { 0x00E8, 50 }, { 0x00E9, 100 }, { 0x00EA, 30 },
    { 0x00EB, 20 }, { 0x00EC, 20 }, { 0x00ED, 60 }, { 0x00EE, 20 },
    { 0x00EF, 15 }, { 0x00F0, 5 },  { 0x00F1, 50 }, { 0x00F2, 30 },
    { 0x00F3, 60 }, { 0x00F4, 30 }, { 0x00F5, 20 }, { 0x00F6, 60 },
    { 0x00F8, 40 }, { 0x00F9, 20 }, { 0x00FA, 40 }, { 0x00FB, 20 },
    { 0x00FC, 70 }, { 0x00FD, 20 }, { 0x00FE, 3 },  { 0x00FF, 1 },
    { 0x0101, 20 }, { 0x0103, 30 }, { 0x0105, 30 }, { 0x0107, 20 },
    { 0x010D, 40 }, { 0x010F, 10 }, { 0x0113, 20 }, { 0x0117, 10 },
    { 0x0119, 30 }, { 0x011B, 30 }, { 0x011F, 30 }, { 0x0123, 5 },
    { 0x012B, 20 }, { 0x012F, 10 }, { 0x0131, 40 }, { 0x0137, 5 },
    { 0x013A, 3 },  { 0x013C, 5 },  { 0x013E, 5 },  { 0x0142, 40 },
    { 0x0144, 20 }, { 0x0146, 5 },  { 0x0148, 10 }, { 0x0151, 20 },
    { 0x0153, 10 }, { 0x0155, 2 },  { 0x0159, 30 }, { 0x015B, 20 },
    { 0x015F, 30 }, { 0x0161, 50 }, { 0x0163, 10 }, { 0x0165, 10 },
    { 0x016B, 20 }, { 0x016F, 20 }, { 0x0171, 10 }, { 0x0173, 10 },
    { 0x017A, 10 }, { 0x017C, 30 }, { 0x017E, 40 }, { 0x0219, 20 },
    { 0x021B, 20 },
};

static double latin_weight(int32_t lower)
{
    size_t lo = 0, hi = sizeof latin_letters / sizeof latin_letters[0];
    while (lo < hi) {
        const size_t mid = (lo + hi) / 2;
        if (latin_letters[mid].cp < lower) lo = mid + 1;
        else hi = mid;
    }
    if (lo < sizeof latin_letters / sizeof latin_letters[0] &&
        latin_letters[lo].cp == lower)
        return latin_letters[lo].w10 / 10.0;
    return 0;
}

/* Prior weight of one decoded non-ASCII character, before context. */
static double char_weight(int32_t c)
{
    if (c == 0) return 0.0001;                       /* undefined byte */
    if (c < 0xA0) return 0.001;                      /* C1 control */
    switch (c) {
    case 0x2019: case 0x2018: case 0x201C: case 0x201D: case 0x2013:
    case 0x2014: case 0x2026: case 0x00AB: case 0x00BB: case 0x201E:
        return 2.5;
    case 0x00A0: case 0x20AC: case 0x2022:
        return 1;
    case 0x00A9: case 0x00AE: case 0x00B0: case 0x00B1: case 0x00A7:
    case 0x00B7: case 0x00BF: case 0x00A1: case 0x00BD: case 0x00B2:
    case 0x00B3: case 0x00B5: case 0x00D7: case 0x00A3: case 0x2122:
    case 0x2116:
        return 0.5;
    case 0x0130: return 2;                           /* Turkish I-dot */
    default: break;
    }
    const utf8proc_property_t *p = utf8proc_get_property(c);
    const int cat = p->category;
    if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LL) {
        const int upper = cat == UTF8PROC_CATEGORY_LU;
        const int32_t lower = upper ? utf8proc_tolower(c) : c;
        double w;
        if (lower >= 0x0430 && lower <= 0x044F) w = 3.5;     /* Cyrillic */
        else if (lower >= 0x0450 && lower <= 0x045F) w = 2;
        else if (lower == 0x0491) w = 1.5;
        else if (lower >= 0x03AC && lower <= 0x03CE) w = 3.5; /* Greek */
        else if (lower < 0x0250) {
            w = latin_weight(lower);
            if (w == 0) w = 0.2;
        } else w = 0.2;
        return upper ? w * 0.3 : w;
    }
    if (cat == UTF8PROC_CATEGORY_LO) {
        if ((c >= 0x05D0 && c <= 0x05EA) || (c >= 0x0621 && c <= 0x064A))
            return 3;                               /* Hebrew, Arabic */
        return 0.5;
    }
    if (cat == UTF8PROC_CATEGORY_MN) return 0.3;
    return 0.05;                                     /* other symbols */
}

typedef enum { K_OTHER, K_LOWER, K_UPPER, K_LETTER, K_SYMBOL } kind;

static kind kind_of(int32_t c)
{
    if (c < 0x80) {
        if (c >= 'a' && c <= 'z') return K_LOWER;
        if (c >= 'A' && c <= 'Z') return K_UPPER;
        return K_OTHER;
    }
    const int cat = utf8proc_get_property(c)->category;
    if (cat == UTF8PROC_CATEGORY_LL) return K_LOWER;
    if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT) return K_UPPER;
    if (cat >= UTF8PROC_CATEGORY_LM && cat <= UTF8PROC_CATEGORY_LO) return K_LETTER;
    return K_SYMBOL;
}

static int is_letter(kind k) { return k == K_LOWER || k == K_UPPER || k == K_LETTER; }

/* A letter of the Latin script (ASCII or beyond)? */
static int is_latin(int32_t c)
{
    return c < 0x250;
}

/* Log-score of in[0..len) read as single-byte candidate `k`, and the
 * number of high bytes seen. */
static double score_single(const detector *d, int k, const unsigned char *in,
                           size_t len)
{
    const uint16_t *t = d->table[k];
    double s = single[k].prior;
    int32_t prev = ' ';
    for (size_t i = 0; i < len; i++) {
        if (in[i] < 0x80) { prev = in[i]; continue; }
        const int32_t c = t[in[i] - 0x80];
        const int32_t next = i + 1 < len ? (in[i + 1] < 0x80 ? in[i + 1] : t[in[i + 1] - 0x80]) : ' ';
        double w = char_weight(c);
        const kind kc = kind_of(c), kp = kind_of(prev), kn = kind_of(next);
        if (is_letter(kc)) {
            if (kc == K_UPPER && (kp == K_LOWER)) w *= 0.1;   /* caMel */
            if (!is_latin(c) && ((prev < 0x80 && is_letter(kp)) ||
                                 (next < 0x80 && is_letter(kn))))
                w *= 0.05;                  /* script change in a word */
        } else if (kc == K_SYMBOL && is_letter(kp) && is_letter(kn) &&
                   c != 0x2019 && c != 0x00B7 && c != 0x2013) {
            w *= 0.1;                       /* symbol inside a word */
        }
        s += log(w);
        prev = c;
    }
    return s;
}

winnow_error detector_init(detector *d)
{
    if (!d) return WINNOW_ERR_INVALID_ARG;
    memset(d, 0, sizeof *d);
    for (int k = 0; k < DETECT_N_SINGLE; k++) {
        const iconv_t cd = iconv_open("UTF-32LE", single[k].name);
        if (cd == (iconv_t)-1) continue;      /* unknown here: never wins */
        d->have[k] = 1;
        for (int b = 0x80; b < 0x100; b++) {
            char in[1] = { (char)b };
            unsigned char out[8];
            char *ip = in, *op = (char *)out;
            size_t il = 1, ol = sizeof out;
            iconv(cd, NULL, NULL, NULL, NULL);
            if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1 && ol == 4) {
                const uint32_t c = (uint32_t)out[0] | (uint32_t)out[1] << 8 |
                                   (uint32_t)out[2] << 16 | (uint32_t)out[3] << 24;
                d->table[k][b - 0x80] = c < 0x10000 ? (uint16_t)c : 0;
            }
        }
        iconv_close(cd);
    }
    d->ud = uchardet_new();
    return d->ud ? WINNOW_OK : WINNOW_ERR_NOMEM;
}

void detector_release(detector *d)
{
    if (!d) return;
    if (d->ud) uchardet_delete((uchardet_t)d->ud);
    d->ud = NULL;
}

/* Static iconv name for a uchardet answer (uchardet's own strings live
 * only as long as its handle state). */
static const char *static_name(const char *u)
{
    if (!u) return NULL;
    static const char *const known[] = {
        "BIG5", "EUC-JP", "EUC-KR", "EUC-TW", "GB18030", "SHIFT_JIS",
        "ISO-2022-JP", "ISO-2022-KR", "ISO-2022-CN", "UHC", "JOHAB",
        "ISO-8859-3", "ISO-8859-4", "ISO-8859-6", "ISO-8859-8",
        "ISO-8859-10", "ISO-8859-11", "ISO-8859-16", "TIS-620", "VISCII",
        "WINDOWS-1258", "MAC-CYRILLIC", "IBM855", "IBM862", "IBM865",
        "KOI8-R", "CP737", "GEORGIAN-ACADEMY", "GEORGIAN-PS", "UTF-16",
        "UTF-32", "HZ-GB-2312", "ISO-8859-1", "ISO-8859-9",
    };
    for (size_t k = 0; k < sizeof known / sizeof known[0]; k++)
        if (name_eq(u, known[k])) return known[k];
    return NULL;
}

/* Does the text use bytes 0x80..0x9F, C1 controls in ISO-8859-x? */
static int c1_bytes(const unsigned char *in, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (in[i] >= 0x80 && in[i] < 0xA0) return 1;
    return 0;
}

/* The windows-125x code page that uses 0x80..0x9F for ISO-8859 part
 * `iso` (which leaves them to C1 controls), or NULL. */
static const char *windows_for(const char *iso)
{
    static const char *const pairs[][2] = {
        { "ISO-8859-1", "WINDOWS-1252" },  { "ISO-8859-15", "WINDOWS-1252" },
        { "ISO-8859-2", "WINDOWS-1250" },  { "ISO-8859-5", "WINDOWS-1251" },
        { "ISO-8859-7", "WINDOWS-1253" },  { "ISO-8859-9", "WINDOWS-1254" },
        { "ISO-8859-8", "WINDOWS-1255" },  { "ISO-8859-6", "WINDOWS-1256" },
        { "ISO-8859-13", "WINDOWS-1257" },
    };
    for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++)
        if (name_eq(iso, pairs[k][0])) return pairs[k][1];
    return NULL;
}

/* Does KOI8 text use the Ukrainian letters (box drawing in KOI8-R) next
 * to other letters? */
static int koi8_ukrainian(const unsigned char *in, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        const unsigned char b = in[i];
        if (b != 0xA4 && b != 0xA6 && b != 0xA7 && b != 0xAD && b != 0xB4 &&
            b != 0xB6 && b != 0xB7 && b != 0xBD)
            continue;
        if ((i > 0 && in[i - 1] >= 0xC0) || (i + 1 < len && in[i + 1] >= 0xC0))
            return 1;
    }
    return 0;
}

detect_result detector_run(detector *d, const unsigned char *in, size_t len)
{
    detect_result r = detect_bom(in, len);
    if (!in || r.bom_len) return r;

    if (memchr(in, 0, len)) {
        const detect_result w = detect_wide(in, len);
        if (w.encoding) return w;
    }

    const size_t valid = utf8_valid_prefix(in, len);
    if (valid == len) {
        r.utf8_valid = 1;
        /* 7-bit ISO-2022 (JP, KR, CN) is valid ASCII: its escapes tell */
        if (!memchr(in, 0x1B, len < DETECT_SAMPLE ? len : DETECT_SAMPLE) ||
            !d || !d->ud)
            return r;
        uchardet_t ud = (uchardet_t)d->ud;
        uchardet_reset(ud);
        const char *iso = NULL;
        if (uchardet_handle_data(ud, (const char *)in,
                                 len < DETECT_SAMPLE ? len : DETECT_SAMPLE) == 0) {
            uchardet_data_end(ud);
            iso = static_name(uchardet_get_charset(ud));
        }
        uchardet_reset(ud);
        if (iso && iso[0] == 'I' && iso[4] == '2') {       /* ISO-2022-* */
            r.encoding = iso;
            r.utf8_valid = 0;
            r.confidence = 0.9f;
        }
        return r;
    }
    size_t multi, bad;
    utf8_census(in, len, valid, &multi, &bad);
    if (multi >= 2 * bad) {
        r.confidence = (float)multi / (float)(multi + bad);
        return r;
    }

    /* Legacy encodings. */
    const size_t n = len < DETECT_SAMPLE ? len : DETECT_SAMPLE;
    size_t high = 0;
    for (size_t i = 0; i < n; i++) high += in[i] >= 0x80;
    const char *u = NULL;
    int u_cand = -1;
    if (d && d->ud) {
        uchardet_t ud = (uchardet_t)d->ud;
        uchardet_reset(ud);
        if (uchardet_handle_data(ud, (const char *)in, n) == 0) {
            uchardet_data_end(ud);
            const char *name = uchardet_get_charset(ud);
            if (name && *name && !name_eq(name, "ASCII")) {
                for (int k = 0; k < DETECT_N_SINGLE; k++)
                    if (name_eq(name, single[k].name)) u_cand = k;
                if (name_eq(name, "ISO-8859-1")) u_cand = CAND_1252;
                if (name_eq(name, "ISO-8859-9")) u_cand = CAND_1254;
                if (name_eq(name, "KOI8-R") && koi8_ukrainian(in, n))
                    u_cand = CAND_KOI8U;
                const char *w = c1_bytes(in, n) ? windows_for(name) : NULL;
                if (w)
                    for (int k = 0; k < DETECT_N_SINGLE; k++)
                        if (name_eq(w, single[k].name)) u_cand = k;
                u = u_cand >= 0 ? single[u_cand].name : static_name(name);
            }
        }
        uchardet_reset(ud);
    }
    if (u && (high >= FEW_HIGH_BYTES || u_cand < 0)) {
        if (name_eq(u, "UTF-16") || name_eq(u, "UTF-32")) {
            const detect_result w = detect_wide(in, len);
            if (w.encoding) return w;
        } else {
            r.encoding = u;
            r.confidence = (float)(0.5 + 0.49 * (double)high / (double)(high + 32));
            return r;
        }
    }

    /* Few high bytes, or no answer: score the single-byte candidates. */
    double score[DETECT_N_SINGLE];
    int best = -1;
    for (int k = 0; k < DETECT_N_SINGLE; k++) {
        if (!d || !d->have[k]) { score[k] = -INFINITY; continue; }
        score[k] = score_single(d, k, in, n) + (k == u_cand ? UCHARDET_BONUS : 0);
        if (best < 0 || score[k] > score[best]) best = k;
    }
    if (best < 0) {                       /* nothing to score with */
        r.encoding = u ? u : "WINDOWS-1252";
        r.confidence = 0.1f;
        return r;
    }
    /* No candidate reads the high bytes as plausible text (stray bytes
     * in ASCII, damaged UTF-8): UTF-8, repaired by decode. */
    const double per_byte = (score[best] - single[best].prior -
                             (best == u_cand ? UCHARDET_BONUS : 0)) / (double)(high ? high : 1);
    if (per_byte < MIN_PER_BYTE) {
        r.confidence = 0.1f;
        return r;
    }
    double sum = 0;
    for (int k = 0; k < DETECT_N_SINGLE; k++)
        if (score[k] > -INFINITY) sum += exp(score[k] - score[best]);
    r.encoding = single[best].name;
    r.confidence = (float)(0.99 / sum);
    return r;
}
