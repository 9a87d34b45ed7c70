/* utf8_valid.c -- exit 0 when standard input is valid UTF-8, else 1.
 *
 * A strict check for tests/bad.sh, written independently of winnow's own
 * validator (src/utf8.c) so that the two cannot share a mistake: shortest
 * forms only, no surrogates, nothing above U+10FFFF, no sequence cut off
 * at the end.  On failure it prints the byte offset of the first error.
 * Reads in blocks and carries an unfinished sequence across them, so any
 * size of input takes constant memory.
 */
#include <stdio.h>

int main(void)
{
    static unsigned char buf[1 << 16];
    unsigned long long offset = 0;
    unsigned need = 0, cp = 0, min = 0;    /* inside a sequence */
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) {
        for (size_t i = 0; i < n; i++, offset++) {
            const unsigned b = buf[i];
            if (need) {
                if ((b & 0xC0) != 0x80) goto bad;
                cp = cp << 6 | (b & 0x3F);
                if (--need == 0 &&
                    (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)))
                    goto bad;
            } else if (b >= 0x80) {
                if (b >= 0xC2 && b <= 0xDF) { need = 1; cp = b & 0x1F; min = 0x80; }
                else if (b >= 0xE0 && b <= 0xEF) { need = 2; cp = b & 0x0F; min = 0x800; }
                else if (b >= 0xF0 && b <= 0xF4) { need = 3; cp = b & 0x07; min = 0x10000; }
                else goto bad;
            }
        }
    }
    if (ferror(stdin)) { perror("utf8_valid"); return 2; }
    if (need) goto bad;
    return 0;
bad:
    fprintf(stderr, "utf8_valid: invalid UTF-8 at byte %llu\n", offset);
    return 1;
}
