/* decode.c -- bytes in any encoding to valid UTF-8.
 *
 * detect.c says which encoding (unless --from forces one); this file
 * converts.  Two roads.  UTF-8 input never goes through iconv: our
 * validator checks it (detection may already have), and when it is valid
 * the result points into the input past any BOM (zero copy); otherwise
 * utf8_repair() writes it into the scratch buffer.  Everything else goes
 * through iconv into an 8 KiB stack buffer, and each chunk of iconv's
 * output passes through utf8_repair() on its way into the scratch buffer,
 * because glibc's iconv can emit sequences we reject.  Bad input never
 * fails a document unless the decoder is strict: an undecodable byte (or
 * UTF-16/32 code unit) becomes one U+FFFD and conversion goes on; a
 * sequence cut off at the end becomes one U+FFFD.  Strict, the first
 * such sequence fails the document and its byte offset is kept.
 * A U+FEFF at the very start of iconv's output is a BOM and is dropped.
 *
 * The decoder holds the iconv descriptor of a forced encoding for its
 * whole life, and the one of the last detected encoding until another is
 * detected; either is reset to its initial shift state per document.
 */
#include "decode.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>

#include "detect.h"
#include "utf8.h"

static const char fffd[3] = { '\xEF', '\xBF', '\xBD' };

/* ASCII-only case-insensitive comparison of s with the upper-case `up`
 * (locale-independent, unlike strcasecmp). */
static int name_is(const char *s, const char *up)
{
    for (; *up; s++, up++) {
        char c = *s;
        if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
        if (c != *up) return 0;
    }
    return *s == '\0';
}

/* Whether iconv name s means UTF-8, which never goes through iconv. */
static int is_utf8_name(const char *s)
{
    return name_is(s, "UTF-8") || name_is(s, "UTF8");
}

static int name_starts(const char *s, const char *up)
{
    for (; *up; s++, up++) {
        char c = *s;
        if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
        if (c != *up) return 0;
    }
    return 1;
}

/* Bytes to skip past an undecodable code unit of `enc`: 2 for UTF-16 and
 * UCS-2, 4 for UTF-32 and UCS-4, else 1 (we cannot tell a multibyte
 * legacy encoding's character length from outside iconv). */
static size_t code_unit(const char *enc)
{
    if (name_starts(enc, "UTF-16") || name_starts(enc, "UTF16") ||
        name_starts(enc, "UCS-2") || name_starts(enc, "UCS2"))
        return 2;
    if (name_starts(enc, "UTF-32") || name_starts(enc, "UTF32") ||
        name_starts(enc, "UCS-4") || name_starts(enc, "UCS4"))
        return 4;
    return 1;
}

static winnow_error open_error(int err)
{
    return err == ENOMEM ? WINNOW_ERR_NOMEM : WINNOW_ERR_ENCODING;
}

/* Where iconv's output goes: validated and repaired into `out`, minus a
 * leading U+FEFF when `drop_bom` is still set. */
typedef struct sink {
    wbuf *out;
    size_t *replacements;
    int drop_bom;
    int strict;            /* a replacement is an error */
} sink;

static winnow_error sink_put(sink *k, const char *p, size_t n)
{
    if (n == 0) return WINNOW_OK;
    if (k->drop_bom) {
        k->drop_bom = 0;
        if (n >= 3 && p[0] == '\xEF' && p[1] == '\xBB' && p[2] == '\xBF') {
            p += 3;
            n -= 3;
        }
    }
    return utf8_repair((const unsigned char *)p, n, k->out, k->replacements);
}

/* Converts in[0..len) with `cd` (to UTF-8), appending to k->out.  `unit`
 * is how many bytes to skip past an undecodable sequence.  Strict, the
 * first one fails with WINNOW_ERR_INVALID_INPUT and *bad_at is its
 * offset in `in`. */
static winnow_error convert(iconv_t cd, const char *in, size_t len,
                            size_t unit, sink *k, size_t *bad_at)
{
    char tmp[8192];
    char *ip = (char *)in;     /* iconv() takes char **, it does not write */
    size_t il = len;
    winnow_error e;

    iconv(cd, NULL, NULL, NULL, NULL);          /* initial shift state */
    while (il > 0) {
        char *op = tmp;
        size_t ol = sizeof tmp;
        const size_t r = iconv(cd, &ip, &il, &op, &ol);
        const int err = r == (size_t)-1 ? errno : 0;
        const size_t before = *k->replacements;
        e = sink_put(k, tmp, (size_t)(op - tmp));
        if (e) return e;
        if (k->strict && *k->replacements != before) {
            *bad_at = (size_t)(ip - in);
            return WINNOW_ERR_INVALID_INPUT;
        }
        if (!err) break;
        if (err == E2BIG) {
            if (op == tmp) return WINNOW_ERR_DECODE;   /* no progress */
        } else if (err == EILSEQ || err == EINVAL) {
            if (k->strict) {
                *bad_at = (size_t)(ip - in);
                return WINNOW_ERR_INVALID_INPUT;
            }
            e = sink_put(k, fffd, sizeof fffd);
            if (e) return e;
            ++*k->replacements;
            if (err == EINVAL) break;            /* cut off at the end */
            const size_t skip = unit < il ? unit : il;
            ip += skip;
            il -= skip;
        } else {
            return WINNOW_ERR_DECODE;
        }
    }
    /* Back to the initial shift state: stateful encodings may owe output. */
    for (;;) {
        char *op = tmp;
        size_t ol = sizeof tmp;
        const size_t r = iconv(cd, NULL, NULL, &op, &ol);
        const int err = r == (size_t)-1 ? errno : 0;
        e = sink_put(k, tmp, (size_t)(op - tmp));
        if (e) return e;
        if (!err) return WINNOW_OK;
        if (err != E2BIG || op == tmp) return WINNOW_ERR_DECODE;
    }
}

/* UTF-8 road: zero copy when valid (`checked`: known to be), else
 * repaired into `scratch`, or in strict mode an error at the first
 * invalid byte. */
static winnow_error decode_utf8(decoder *d, const char *in, size_t len,
                                size_t bom_len, int checked, wbuf *scratch,
                                decoded *res)
{
    const unsigned char *const s = (const unsigned char *)in + bom_len;
    const size_t n = len - bom_len;
    res->replacements = 0;
    const size_t valid = checked ? n : utf8_valid_prefix(s, n);
    if (valid != n && d->strict) {
        d->error_offset = bom_len + valid;
        return WINNOW_ERR_INVALID_INPUT;
    }
    if (valid == n) {
        res->text = n ? (const char *)s : "";
        res->len = n;
        return WINNOW_OK;
    }
    winnow_error e = wbuf_append(scratch, s, valid);   /* known good */
    if (!e) e = utf8_repair(s + valid, n - valid, scratch, &res->replacements);
    if (e) return e;
    res->text = scratch->data;
    res->len = scratch->len;
    return WINNOW_OK;
}

winnow_error decoder_init(decoder *d, const char *from, int strict)
{
    if (!d) return WINNOW_ERR_INVALID_ARG;
    memset(d, 0, sizeof *d);
    d->strict = strict;
    if (!from) return detector_init(&d->det);
    if (is_utf8_name(from)) {
        d->from = from;
        d->from_is_utf8 = 1;
        return WINNOW_OK;
    }
    const iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1) return open_error(errno);
    d->from = from;
    d->cd = (void *)cd;
    return WINNOW_OK;
}

void decoder_release(decoder *d)
{
    if (!d) return;
    if (d->cd) iconv_close((iconv_t)d->cd);
    if (d->auto_cd) iconv_close((iconv_t)d->auto_cd);
    if (d->as_cd) iconv_close((iconv_t)d->as_cd);
    detector_release(&d->det);
    d->as_cd = NULL;
    d->cd = NULL;
    d->auto_cd = NULL;
    d->auto_name = NULL;
    d->from = NULL;
    d->from_is_utf8 = 0;
}

/* Decodes in[0..len) into *out: as `forced` (through `cd`, or our own
 * validator when `forced_utf8`) when it is not NULL, else as detected. */
static winnow_error run(decoder *d, const char *forced, int forced_utf8,
                        iconv_t cd, const char *in, size_t len, wbuf *scratch,
                        decoded *out)
{
    wbuf_reset(scratch);
    d->error_offset = 0;
    if (!in) in = "";

    decoded res = { NULL, 0, NULL, 1.0f, 0 };
    winnow_error e;
    size_t bad_at = 0;
    if (forced_utf8 || !forced) {
        const detect_result det =
            forced ? detect_bom((const unsigned char *)in, len)
                   : detector_run(&d->det, (const unsigned char *)in, len);
        /* A forced UTF-8 document only loses a UTF-8 BOM; anything else
         * that looks like a BOM is bytes to validate. */
        const int utf8 = forced_utf8 || name_is(det.encoding, "UTF-8");
        if (utf8) {
            const size_t bom = name_is(det.encoding, "UTF-8") ? det.bom_len : 0;
            e = decode_utf8(d, in, len, bom, det.utf8_valid && !forced,
                            scratch, &res);
            if (e) return e;
            res.encoding = forced ? forced : det.encoding;
            res.confidence = forced ? 1.0f : det.confidence;
            *out = res;
            return WINNOW_OK;
        }
        /* A UTF-16/32 BOM, or a detected legacy or wide encoding. */
        if (d->auto_name != det.encoding) {
            if (d->auto_cd) iconv_close((iconv_t)d->auto_cd);
            d->auto_cd = NULL;
            d->auto_name = NULL;
            const iconv_t acd = iconv_open("UTF-8", det.encoding);
            if (acd == (iconv_t)-1) return open_error(errno);
            d->auto_cd = (void *)acd;
            d->auto_name = det.encoding;
        }
        sink k = { scratch, &res.replacements, det.bom_len == 0, d->strict };
        e = convert((iconv_t)d->auto_cd, in + det.bom_len, len - det.bom_len,
                    code_unit(det.encoding), &k, &bad_at);
        if (e == WINNOW_ERR_INVALID_INPUT) d->error_offset = det.bom_len + bad_at;
        if (e) return e;
        res.encoding = det.encoding;
        res.confidence = det.confidence;
    } else {
        sink k = { scratch, &res.replacements, 1, d->strict };
        e = convert(cd, in, len, code_unit(forced), &k, &bad_at);
        if (e == WINNOW_ERR_INVALID_INPUT) d->error_offset = bad_at;
        if (e) return e;
        res.encoding = forced;
    }
    res.text = scratch->len ? scratch->data : "";
    res.len = scratch->len;
    *out = res;
    return WINNOW_OK;
}

winnow_error decoder_run(decoder *d, const char *in, size_t len,
                         wbuf *scratch, decoded *out)
{
    if (!d || !scratch || !out || (!in && len)) return WINNOW_ERR_INVALID_ARG;
    if (d->from && !d->from_is_utf8 && !d->cd) return WINNOW_ERR_INVALID_ARG;
    return run(d, d->from, d->from_is_utf8, (iconv_t)d->cd, in, len, scratch, out);
}

winnow_error decoder_run_as(decoder *d, const char *encoding, const char *in,
                            size_t len, wbuf *scratch, decoded *out)
{
    if (!encoding) return decoder_run(d, in, len, scratch, out);
    if (!d || !scratch || !out || (!in && len)) return WINNOW_ERR_INVALID_ARG;
    if (is_utf8_name(encoding))
        return run(d, encoding, 1, (iconv_t)-1, in, len, scratch, out);
    if (d->from && !d->from_is_utf8 && strcmp(encoding, d->from) == 0)
        return decoder_run(d, in, len, scratch, out);
    if (!d->as_cd || strcmp(d->as_name, encoding) != 0) {
        if (strlen(encoding) >= sizeof d->as_name) return WINNOW_ERR_ENCODING;
        if (d->as_cd) iconv_close((iconv_t)d->as_cd);
        d->as_cd = NULL;
        const iconv_t cd = iconv_open("UTF-8", encoding);
        if (cd == (iconv_t)-1) return open_error(errno);
        d->as_cd = (void *)cd;
        strcpy(d->as_name, encoding);
    }
    return run(d, d->as_name, 0, (iconv_t)d->as_cd, in, len, scratch, out);
}

const char *decode_byte_order(const char *encoding, const char *in, size_t len)
{
    const int utf16 = name_is(encoding, "UTF-16") || name_is(encoding, "UTF16");
    const int utf32 = name_is(encoding, "UTF-32") || name_is(encoding, "UTF32");
    if (!utf16 && !utf32) return encoding;
    /* FF FE 00 00 is the UTF-32LE mark, and in UTF-16 the LE one too */
    const char *bom = detect_bom((const unsigned char *)in, len).encoding;
    const int le = name_is(bom, "UTF-32LE") || (utf16 && name_is(bom, "UTF-16LE"));
    if (utf16) return le ? "UTF-16LE" : "UTF-16BE";
    return le ? "UTF-32LE" : "UTF-32BE";
}

const char *decoder_encoding(decoder *d, const char *in, size_t len)
{
    if (d->from) return d->from;
    return detector_run(&d->det, (const unsigned char *)(in ? in : ""), len).encoding;
}

int decode_cuts_at_newlines(const char *encoding)
{
    if (is_utf8_name(encoding)) return WINNOW_CUT_BYTES;
    /* Wide code units with a byte order: a line feed is one code unit. */
    static const struct { const char *name; int cut; } wide[] = {
        {"UTF-16LE", WINNOW_CUT_UTF16LE}, {"UTF16LE", WINNOW_CUT_UTF16LE},
        {"UTF-16BE", WINNOW_CUT_UTF16BE}, {"UTF16BE", WINNOW_CUT_UTF16BE},
        {"UTF-32LE", WINNOW_CUT_UTF32LE}, {"UTF32LE", WINNOW_CUT_UTF32LE},
        {"UTF-32BE", WINNOW_CUT_UTF32BE}, {"UTF32BE", WINNOW_CUT_UTF32BE},
    };
    for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
        if (name_is(encoding, wide[i].name)) return wide[i].cut;
    /* Encodings with a shift state (a cut would lose it) or wide code
     * units (a 0x0A byte is half of a character). */
    static const char *const stateful[] = {
        "ISO-2022", "ISO2022", "CSISO2022", "HZ", "UTF-7", "UTF7", "UTF-16",
        "UTF16", "UTF-32", "UTF32", "UCS", "UNICODE"
    };
    for (size_t i = 0; i < sizeof stateful / sizeof stateful[0]; i++)
        if (name_starts(encoding, stateful[i])) return WINNOW_CUT_NONE;
    /* The rest must write ASCII as ASCII (not EBCDIC, not wide).  In every
     * such encoding iconv knows, a multibyte character's later bytes are
     * 0x21 or above, so a 0x0A byte is always a line feed. */
    const iconv_t cd = iconv_open(encoding, "UTF-8");
    if (cd == (iconv_t)-1) return WINNOW_CUT_NONE;
    char probe[] = "Az\n09 ~", out[32];
    char *ip = probe, *op = out;
    size_t il = sizeof probe - 1, ol = sizeof out;
    const size_t r = iconv(cd, &ip, &il, &op, &ol);
    iconv_close(cd);
    const int ascii = r != (size_t)-1 && il == 0 &&
                      (size_t)(op - out) == sizeof probe - 1 &&
                      memcmp(out, probe, sizeof probe - 1) == 0;
    return ascii ? WINNOW_CUT_BYTES : WINNOW_CUT_NONE;
}
