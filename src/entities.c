/* entities.c -- decode HTML character references.
 *
 * The text is searched for '&' with memchr, so text without one costs a
 * scan at memory speed and is never copied.  At each '&' a reference is
 * parsed: "&#" digits ";" , "&#x" hex digits ";" or "&" name ";" with
 * the name looked up by binary search in `names` below (data written by
 * hand: every HTML 4 entity, the Latin Extended-A and basic Cyrillic
 * names of HTML5, and common HTML5 punctuation names; sorted by name in
 * byte order, which entities_lookup() relies on).  Anything that does
 * not parse is copied as it is.  The first reference found starts the
 * copy into `out`; text before it is copied once.
 */
#include "entities.h"

#include <string.h>

typedef struct named { const char *name; unsigned cp; } named;

/* 580 entries, sorted by name (byte order) */
static const named names[] = {
    { "AElig", 0x00C6 }, { "AMP", 0x0026 }, { "Aacute", 0x00C1 },
    { "Abreve", 0x0102 }, { "Acirc", 0x00C2 }, { "Acy", 0x0410 },
    { "Agrave", 0x00C0 }, { "Alpha", 0x0391 }, { "Amacr", 0x0100 },
    { "Aogon", 0x0104 }, { "Aring", 0x00C5 }, { "Atilde", 0x00C3 },
    { "Auml", 0x00C4 }, { "Bcy", 0x0411 }, { "Beta", 0x0392 },
    { "CHcy", 0x0427 }, { "COPY", 0x00A9 }, { "Cacute", 0x0106 },
    { "Ccaron", 0x010C }, { "Ccedil", 0x00C7 }, { "Ccirc", 0x0108 },
    { "Cdot", 0x010A }, { "CenterDot", 0x00B7 }, { "Chi", 0x03A7 },
    { "Dagger", 0x2021 }, { "Dcaron", 0x010E }, { "Dcy", 0x0414 },
    { "Delta", 0x0394 }, { "DiacriticalGrave", 0x0060 }, { "Dot", 0x00A8 },
    { "DotDot", 0x20DC }, { "DoubleDot", 0x00A8 }, { "Dstrok", 0x0110 },
    { "ENG", 0x014A }, { "ETH", 0x00D0 }, { "Eacute", 0x00C9 },
    { "Ecaron", 0x011A }, { "Ecirc", 0x00CA }, { "Ecy", 0x042D },
    { "Edot", 0x0116 }, { "Egrave", 0x00C8 }, { "Emacr", 0x0112 },
    { "Eogon", 0x0118 }, { "Epsilon", 0x0395 }, { "Eta", 0x0397 },
    { "Euml", 0x00CB }, { "Fcy", 0x0424 }, { "GT", 0x003E },
    { "Gamma", 0x0393 }, { "Gbreve", 0x011E }, { "Gcedil", 0x0122 },
    { "Gcirc", 0x011C }, { "Gcy", 0x0413 }, { "Gdot", 0x0120 },
    { "HARDcy", 0x042A }, { "Hat", 0x005E }, { "Hcirc", 0x0124 },
    { "Hstrok", 0x0126 }, { "IEcy", 0x0415 }, { "IJlig", 0x0132 },
    { "IOcy", 0x0401 }, { "Iacute", 0x00CD }, { "Icirc", 0x00CE },
    { "Icy", 0x0418 }, { "Idot", 0x0130 }, { "Igrave", 0x00CC },
    { "Imacr", 0x012A }, { "Iogon", 0x012E }, { "Iota", 0x0399 },
    { "Itilde", 0x0128 }, { "Iuml", 0x00CF }, { "Jcirc", 0x0134 },
    { "Jcy", 0x0419 }, { "KHcy", 0x0425 }, { "Kappa", 0x039A },
    { "Kcedil", 0x0136 }, { "Kcy", 0x041A }, { "LT", 0x003C },
    { "Lacute", 0x0139 }, { "Lambda", 0x039B }, { "Lcaron", 0x013D },
    { "Lcedil", 0x013B }, { "Lcy", 0x041B }, { "Lmidot", 0x013F },
    { "Lstrok", 0x0141 }, { "Mcy", 0x041C }, { "MediumSpace", 0x205F },
    { "Mu", 0x039C }, { "Nacute", 0x0143 }, { "Ncaron", 0x0147 },
    { "Ncedil", 0x0145 }, { "Ncy", 0x041D }, { "NewLine", 0x000A },
    { "NoBreak", 0x2060 }, { "NonBreakingSpace", 0x00A0 },
    { "Ntilde", 0x00D1 }, { "Nu", 0x039D }, { "OElig", 0x0152 },
    { "Oacute", 0x00D3 }, { "Ocirc", 0x00D4 }, { "Ocy", 0x041E },
    { "Odblac", 0x0150 }, { "Ograve", 0x00D2 }, { "Omacr", 0x014C },
    { "Omega", 0x03A9 }, { "Omicron", 0x039F }, { "Oslash", 0x00D8 },
    { "Otilde", 0x00D5 }, { "Ouml", 0x00D6 }, { "Pcy", 0x041F },
    { "Phi", 0x03A6 }, { "Pi", 0x03A0 }, { "PlusMinus", 0x00B1 },
    { "Prime", 0x2033 }, { "Psi", 0x03A8 }, { "QUOT", 0x0022 },
    { "REG", 0x00AE }, { "Racute", 0x0154 }, { "Rcaron", 0x0158 },
    { "Rcedil", 0x0156 }, { "Rcy", 0x0420 }, { "Rho", 0x03A1 },
    { "SHCHcy", 0x0429 }, { "SHcy", 0x0428 }, { "SOFTcy", 0x042C },
    { "Sacute", 0x015A }, { "Scaron", 0x0160 }, { "Scedil", 0x015E },
    { "Scirc", 0x015C }, { "Scy", 0x0421 }, { "Sigma", 0x03A3 },
    { "THORN", 0x00DE }, { "TRADE", 0x2122 }, { "TScy", 0x0426 },
    { "Tab", 0x0009 }, { "Tau", 0x03A4 }, { "Tcaron", 0x0164 },
    { "Tcedil", 0x0162 }, { "Tcy", 0x0422 }, { "Theta", 0x0398 },
    { "Tstrok", 0x0166 }, { "Uacute", 0x00DA }, { "Ubreve", 0x016C },
    { "Ucirc", 0x00DB }, { "Ucy", 0x0423 }, { "Udblac", 0x0170 },
    { "Ugrave", 0x00D9 }, { "Umacr", 0x016A }, { "UnderBar", 0x005F },
    { "Uogon", 0x0172 }, { "Upsilon", 0x03A5 }, { "Uring", 0x016E },
    { "Utilde", 0x0168 }, { "Uuml", 0x00DC }, { "Vcy", 0x0412 },
    { "Verbar", 0x2016 }, { "VerticalLine", 0x007C }, { "Wcirc", 0x0174 },
    { "Xi", 0x039E }, { "YAcy", 0x042F }, { "YUcy", 0x042E },
    { "Yacute", 0x00DD }, { "Ycirc", 0x0176 }, { "Ycy", 0x042B },
    { "Yuml", 0x0178 }, { "ZHcy", 0x0416 }, { "Zacute", 0x0179 },
    { "Zcaron", 0x017D }, { "Zcy", 0x0417 }, { "Zdot", 0x017B },
    { "ZeroWidthSpace", 0x200B }, { "Zeta", 0x0396 }, { "aacute", 0x00E1 },
    { "abreve", 0x0103 }, { "acirc", 0x00E2 }, { "acute", 0x00B4 },
    { "acy", 0x0430 }, { "aelig", 0x00E6 }, { "agrave", 0x00E0 },
    { "alefsym", 0x2135 }, { "alpha", 0x03B1 }, { "amacr", 0x0101 },
    { "amp", 0x0026 }, { "and", 0x2227 }, { "ang", 0x2220 },
    { "angst", 0x00C5 }, { "aogon", 0x0105 }, { "ap", 0x2248 },
    { "apos", 0x0027 }, { "aring", 0x00E5 }, { "ast", 0x002A },
    { "asymp", 0x2248 }, { "atilde", 0x00E3 }, { "auml", 0x00E4 },
    { "bcy", 0x0431 }, { "bdquo", 0x201E }, { "because", 0x2235 },
    { "beta", 0x03B2 }, { "bigstar", 0x2605 }, { "blacksquare", 0x25AA },
    { "bprime", 0x2035 }, { "breve", 0x02D8 }, { "brvbar", 0x00A6 },
    { "bsol", 0x005C }, { "bull", 0x2022 }, { "bullet", 0x2022 },
    { "cacute", 0x0107 }, { "cap", 0x2229 }, { "caret", 0x2041 },
    { "caron", 0x02C7 }, { "ccaron", 0x010D }, { "ccedil", 0x00E7 },
    { "ccirc", 0x0109 }, { "cdot", 0x010B }, { "cedil", 0x00B8 },
    { "cent", 0x00A2 }, { "centerdot", 0x00B7 }, { "chcy", 0x0447 },
    { "check", 0x2713 }, { "checkmark", 0x2713 }, { "chi", 0x03C7 },
    { "cir", 0x25CB }, { "circ", 0x02C6 }, { "circledR", 0x00AE },
    { "clubs", 0x2663 }, { "colon", 0x003A }, { "comma", 0x002C },
    { "commat", 0x0040 }, { "cong", 0x2245 }, { "coprod", 0x2210 },
    { "copy", 0x00A9 }, { "copysr", 0x2117 }, { "crarr", 0x21B5 },
    { "cross", 0x2717 }, { "cup", 0x222A }, { "curren", 0x00A4 },
    { "dArr", 0x21D3 }, { "dagger", 0x2020 }, { "darr", 0x2193 },
    { "dash", 0x2010 }, { "dblac", 0x02DD }, { "dcaron", 0x010F },
    { "dcy", 0x0434 }, { "deg", 0x00B0 }, { "delta", 0x03B4 },
    { "diams", 0x2666 }, { "die", 0x00A8 }, { "div", 0x00F7 },
    { "divide", 0x00F7 }, { "divonm", 0x00F7 }, { "dollar", 0x0024 },
    { "dot", 0x02D9 }, { "dstrok", 0x0111 }, { "dtri", 0x25BF },
    { "eacute", 0x00E9 }, { "ecaron", 0x011B }, { "ecirc", 0x00EA },
    { "ecy", 0x044D }, { "edot", 0x0117 }, { "egrave", 0x00E8 },
    { "emacr", 0x0113 }, { "empty", 0x2205 }, { "emsp", 0x2003 },
    { "emsp13", 0x2004 }, { "emsp14", 0x2005 }, { "eng", 0x014B },
    { "ensp", 0x2002 }, { "eogon", 0x0119 }, { "epsilon", 0x03B5 },
    { "epsiv", 0x03F5 }, { "equals", 0x003D }, { "equiv", 0x2261 },
    { "eta", 0x03B7 }, { "eth", 0x00F0 }, { "euml", 0x00EB },
    { "euro", 0x20AC }, { "excl", 0x0021 }, { "exist", 0x2203 },
    { "fcy", 0x0444 }, { "female", 0x2640 }, { "flat", 0x266D },
    { "fnof", 0x0192 }, { "forall", 0x2200 }, { "frac12", 0x00BD },
    { "frac13", 0x2153 }, { "frac14", 0x00BC }, { "frac15", 0x2155 },
    { "frac16", 0x2159 }, { "frac18", 0x215B }, { "frac23", 0x2154 },
    { "frac25", 0x2156 }, { "frac34", 0x00BE }, { "frac35", 0x2157 },
    { "frac38", 0x215C }, { "frac45", 0x2158 }, { "frac56", 0x215A },
    { "frac58", 0x215D }, { "frac78", 0x215E }, { "frasl", 0x2044 },
    { "gamma", 0x03B3 }, { "gbreve", 0x011F }, { "gcirc", 0x011D },
    { "gcy", 0x0433 }, { "gdot", 0x0121 }, { "ge", 0x2265 },
    { "gg", 0x226B }, { "grave", 0x0060 }, { "gt", 0x003E },
    { "hArr", 0x21D4 }, { "hairsp", 0x200A }, { "half", 0x00BD },
    { "hardcy", 0x044A }, { "harr", 0x2194 }, { "hcirc", 0x0125 },
    { "hearts", 0x2665 }, { "hellip", 0x2026 }, { "horbar", 0x2015 },
    { "hstrok", 0x0127 }, { "hyphen", 0x2010 }, { "iacute", 0x00ED },
    { "icirc", 0x00EE }, { "icy", 0x0438 }, { "iecy", 0x0435 },
    { "iexcl", 0x00A1 }, { "igrave", 0x00EC }, { "ijlig", 0x0133 },
    { "imacr", 0x012B }, { "image", 0x2111 }, { "imath", 0x0131 },
    { "incare", 0x2105 }, { "infin", 0x221E }, { "inodot", 0x0131 },
    { "int", 0x222B }, { "iocy", 0x0451 }, { "iogon", 0x012F },
    { "iota", 0x03B9 }, { "iquest", 0x00BF }, { "isin", 0x2208 },
    { "itilde", 0x0129 }, { "iuml", 0x00EF }, { "jcirc", 0x0135 },
    { "jcy", 0x0439 }, { "kappa", 0x03BA }, { "kappav", 0x03F0 },
    { "kcedil", 0x0137 }, { "kcy", 0x043A }, { "kgreen", 0x0138 },
    { "khcy", 0x0445 }, { "lArr", 0x21D0 }, { "lacute", 0x013A },
    { "lambda", 0x03BB }, { "lang", 0x27E8 }, { "laquo", 0x00AB },
    { "larr", 0x2190 }, { "larrb", 0x21E4 }, { "lbrace", 0x007B },
    { "lbrack", 0x005B }, { "lcaron", 0x013E }, { "lcedil", 0x013C },
    { "lceil", 0x2308 }, { "lcub", 0x007B }, { "lcy", 0x043B },
    { "ldquo", 0x201C }, { "ldquor", 0x201E }, { "le", 0x2264 },
    { "lfloor", 0x230A }, { "ll", 0x226A }, { "lmidot", 0x0140 },
    { "lowast", 0x2217 }, { "lowbar", 0x005F }, { "loz", 0x25CA },
    { "lpar", 0x0028 }, { "lrm", 0x200E }, { "lsaquo", 0x2039 },
    { "lsqb", 0x005B }, { "lsquo", 0x2018 }, { "lsquor", 0x201A },
    { "lstrok", 0x0142 }, { "lt", 0x003C }, { "ltri", 0x25C3 },
    { "macr", 0x00AF }, { "male", 0x2642 }, { "malt", 0x2720 },
    { "mcy", 0x043C }, { "mdash", 0x2014 }, { "mho", 0x2127 },
    { "micro", 0x00B5 }, { "mid", 0x2223 }, { "midast", 0x002A },
    { "middot", 0x00B7 }, { "minus", 0x2212 }, { "mldr", 0x2026 },
    { "mnplus", 0x2213 }, { "mu", 0x03BC }, { "nabla", 0x2207 },
    { "nacute", 0x0144 }, { "napos", 0x0149 }, { "natural", 0x266E },
    { "nbsp", 0x00A0 }, { "ncaron", 0x0148 }, { "ncedil", 0x0146 },
    { "ncy", 0x043D }, { "ndash", 0x2013 }, { "ne", 0x2260 },
    { "ni", 0x220B }, { "nldr", 0x2025 }, { "not", 0x00AC },
    { "notin", 0x2209 }, { "nsub", 0x2284 }, { "ntilde", 0x00F1 },
    { "nu", 0x03BD }, { "num", 0x0023 }, { "numero", 0x2116 },
    { "numsp", 0x2007 }, { "oacute", 0x00F3 }, { "ocirc", 0x00F4 },
    { "ocy", 0x043E }, { "odblac", 0x0151 }, { "oelig", 0x0153 },
    { "ogon", 0x02DB }, { "ograve", 0x00F2 }, { "ohm", 0x03A9 },
    { "oline", 0x203E }, { "omacr", 0x014D }, { "omega", 0x03C9 },
    { "omicron", 0x03BF }, { "oplus", 0x2295 }, { "or", 0x2228 },
    { "ordf", 0x00AA }, { "ordm", 0x00BA }, { "oslash", 0x00F8 },
    { "otilde", 0x00F5 }, { "otimes", 0x2297 }, { "ouml", 0x00F6 },
    { "par", 0x2225 }, { "para", 0x00B6 }, { "part", 0x2202 },
    { "pcy", 0x043F }, { "percnt", 0x0025 }, { "period", 0x002E },
    { "permil", 0x2030 }, { "perp", 0x22A5 }, { "pertenk", 0x2031 },
    { "phi", 0x03C6 }, { "phiv", 0x03D5 }, { "phone", 0x260E },
    { "pi", 0x03C0 }, { "piv", 0x03D6 }, { "plus", 0x002B },
    { "plusmn", 0x00B1 }, { "pm", 0x00B1 }, { "pound", 0x00A3 },
    { "prime", 0x2032 }, { "prod", 0x220F }, { "prop", 0x221D },
    { "psi", 0x03C8 }, { "puncsp", 0x2008 }, { "quest", 0x003F },
    { "quot", 0x0022 }, { "rArr", 0x21D2 }, { "racute", 0x0155 },
    { "radic", 0x221A }, { "rang", 0x27E9 }, { "raquo", 0x00BB },
    { "rarr", 0x2192 }, { "rarrb", 0x21E5 }, { "rbrace", 0x007D },
    { "rbrack", 0x005D }, { "rcaron", 0x0159 }, { "rcedil", 0x0157 },
    { "rceil", 0x2309 }, { "rcub", 0x007D }, { "rcy", 0x0440 },
    { "rdquo", 0x201D }, { "rdquor", 0x201D }, { "real", 0x211C },
    { "reg", 0x00AE }, { "rfloor", 0x230B }, { "rho", 0x03C1 },
    { "rhov", 0x03F1 }, { "ring", 0x02DA }, { "rlm", 0x200F },
    { "rpar", 0x0029 }, { "rsaquo", 0x203A }, { "rsqb", 0x005D },
    { "rsquo", 0x2019 }, { "rsquor", 0x2019 }, { "rtri", 0x25B9 },
    { "sacute", 0x015B }, { "sbquo", 0x201A }, { "scaron", 0x0161 },
    { "scedil", 0x015F }, { "scirc", 0x015D }, { "scy", 0x0441 },
    { "sdot", 0x22C5 }, { "sect", 0x00A7 }, { "semi", 0x003B },
    { "sext", 0x2736 }, { "sharp", 0x266F }, { "shchcy", 0x0449 },
    { "shcy", 0x0448 }, { "shy", 0x00AD }, { "sigma", 0x03C3 },
    { "sigmaf", 0x03C2 }, { "sigmav", 0x03C2 }, { "sim", 0x223C },
    { "softcy", 0x044C }, { "sol", 0x002F }, { "spades", 0x2660 },
    { "squ", 0x25A1 }, { "square", 0x25A1 }, { "star", 0x2606 },
    { "starf", 0x2605 }, { "straightepsilon", 0x03F5 }, { "sub", 0x2282 },
    { "sube", 0x2286 }, { "sum", 0x2211 }, { "sup", 0x2283 },
    { "sup1", 0x00B9 }, { "sup2", 0x00B2 }, { "sup3", 0x00B3 },
    { "supe", 0x2287 }, { "szlig", 0x00DF }, { "tau", 0x03C4 },
    { "tcaron", 0x0165 }, { "tcedil", 0x0163 }, { "tcy", 0x0442 },
    { "there4", 0x2234 }, { "theta", 0x03B8 }, { "thetasym", 0x03D1 },
    { "thetav", 0x03D1 }, { "thinsp", 0x2009 }, { "thorn", 0x00FE },
    { "tilde", 0x02DC }, { "times", 0x00D7 }, { "tprime", 0x2034 },
    { "trade", 0x2122 }, { "tscy", 0x0446 }, { "tstrok", 0x0167 },
    { "uArr", 0x21D1 }, { "uacute", 0x00FA }, { "uarr", 0x2191 },
    { "ubreve", 0x016D }, { "ucirc", 0x00FB }, { "ucy", 0x0443 },
    { "udblac", 0x0171 }, { "ugrave", 0x00F9 }, { "umacr", 0x016B },
    { "uml", 0x00A8 }, { "uogon", 0x0173 }, { "upsih", 0x03D2 },
    { "upsilon", 0x03C5 }, { "uring", 0x016F }, { "utilde", 0x0169 },
    { "utri", 0x25B5 }, { "uuml", 0x00FC }, { "varepsilon", 0x03F5 },
    { "varphi", 0x03D5 }, { "varr", 0x2195 }, { "vcy", 0x0432 },
    { "verbar", 0x007C }, { "vert", 0x007C }, { "wcirc", 0x0175 },
    { "weierp", 0x2118 }, { "xi", 0x03BE }, { "yacute", 0x00FD },
    { "yacy", 0x044F }, { "ycirc", 0x0177 }, { "ycy", 0x044B },
    { "yen", 0x00A5 }, { "yucy", 0x044E }, { "yuml", 0x00FF },
    { "zacute", 0x017A }, { "zcaron", 0x017E }, { "zcy", 0x0437 },
    { "zdot", 0x017C }, { "zeta", 0x03B6 }, { "zhcy", 0x0436 },
    { "zwj", 0x200D }, { "zwnj", 0x200C },
};

#define MAX_NAME 32           /* longer names are not references */

long entities_lookup(const char *name, size_t n)
{
    size_t lo = 0, hi = sizeof names / sizeof names[0];
    while (lo < hi) {
        const size_t mid = (lo + hi) / 2;
        const char *m = names[mid].name;
        const size_t ml = strlen(m);
        int c = memcmp(m, name, ml < n ? ml : n);
        if (c == 0) c = ml < n ? -1 : ml > n ? 1 : 0;
        if (c == 0) return (long)names[mid].cp;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return -1;
}

/* windows-1252 for numeric references to 0x80..0x9F (HTML's rule). */
static const unsigned short c1_1252[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
    0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Parses the reference at s[0..len) (s[0] == '&'); returns its length
 * and sets *cp, or returns 0. */
static size_t parse_ref(const unsigned char *s, size_t len, unsigned long *cp)
{
    size_t i = 1;
    if (i < len && s[i] == '#') {
        i++;
        const int hex = i < len && (s[i] == 'x' || s[i] == 'X');
        if (hex) i++;
        const size_t start = i;
        unsigned long v = 0;
        for (; i < len; i++) {
            const int d = hex ? hexval(s[i]) : (s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -1);
            if (d < 0) break;
            if (v <= 0x10FFFF) v = v * (hex ? 16 : 10) + (unsigned long)d;
        }
        if (i == start || i >= len || s[i] != ';') return 0;
        if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) v = 0xFFFD;
        else if (v >= 0x80 && v <= 0x9F) v = c1_1252[v - 0x80];
        *cp = v;
        return i + 1;
    }
    const size_t start = i;
    while (i < len && i - start <= MAX_NAME &&
           ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
            (s[i] >= '0' && s[i] <= '9')))
        i++;
    if (i == start || i >= len || s[i] != ';') return 0;
    const long v = entities_lookup((const char *)s + start, i - start);
    if (v < 0) return 0;
    *cp = (unsigned long)v;
    return i + 1;
}

winnow_error entities_run(const char *in, size_t len, wbuf *out,
                          const char **res, size_t *res_len, size_t *count)
{
    const unsigned char *const s = (const unsigned char *)in;
    size_t pending = 0, n = 0, i = 0;
    int changed = 0;
    winnow_error e;
    for (;;) {
        const unsigned char *amp = i < len ? memchr(s + i, '&', len - i) : NULL;
        if (!amp) break;
        i = (size_t)(amp - s);
        unsigned long cp;
        const size_t rl = parse_ref(s + i, len - i, &cp);
        if (!rl) { i++; continue; }
        if (!changed) {
            /* a reference is never shorter than what it stands for, so
             * the result fits in `len` bytes: one allocation */
            wbuf_reset(out);
            if ((e = wbuf_reserve(out, len))) return e;
            changed = 1;
        }
        if ((e = wbuf_append(out, s + pending, i - pending))) return e;
        if ((e = wbuf_put_utf8(out, cp))) return e;
        n++;
        i += rl;
        pending = i;
    }
    *count = n;
    if (!changed) {
        *res = in;
        *res_len = len;
        return WINNOW_OK;
    }
    if ((e = wbuf_append(out, s + pending, len - pending))) return e;
    *res = out->data;
    *res_len = out->len;
    return WINNOW_OK;
}
