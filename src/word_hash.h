/* word_hash.h -- the 64-bit hash of a folded word.
 *
 * Features and cue phrases look words up by this hash (never 0, which
 * marks an empty slot), so a line's words are hashed once and every table
 * is probed with the same number.  The word is read eight bytes at a
 * time as a little-endian number, each piece mixed in with a multiply:
 * words are short, so most take one round where a byte-at-a-time hash
 * would take one per byte.  Two different words share a hash with a
 * probability of about 2^-64 per pair, which the tables accept.
 */
#ifndef WINNOW_WORD_HASH_H
#define WINNOW_WORD_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define WORD_HASH_MULTIPLIER 0x9E3779B97F4A7C15ULL

static inline uint64_t word_hash_mix(uint64_t h, uint64_t piece)
{
    h = (h ^ piece) * WORD_HASH_MULTIPLIER;
    return h ^ (h >> 29);
}

static inline uint64_t word_hash_finish(uint64_t h, size_t n)
{
    h = (h ^ n) * WORD_HASH_MULTIPLIER;
    h ^= h >> 32;
    return h ? h : 1;
}

/* The first n (1..8) bytes of s as a little-endian number; reads exactly
 * n bytes. */
static inline uint64_t word_hash_piece(const char *s, size_t n)
{
    uint64_t x = 0;
    for (size_t k = 0; k < n; k++) x |= (uint64_t)(unsigned char)s[k] << (8 * k);
    return x;
}

/* The hash of the word s[0..n). */
static inline uint64_t word_hash(const char *s, size_t n)
{
    uint64_t h = 0;
    size_t k = 0;
    for (; n - k > 8; k += 8) h = word_hash_mix(h, word_hash_piece(s + k, 8));
    if (n) h = word_hash_mix(h, word_hash_piece(s + k, n - k));
    return word_hash_finish(h, n);
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && \
    !defined(WINNOW_NO_SIMD)
/* Hashes the word at w of a folded line (as word_hash) and returns where
 * it ends (the next space).  A folded line has spaces past its end
 * (FOLD_PADDING, fold.h), so whole 8-byte loads are safe; the space is
 * found eight bytes at a time. */
static inline const char *word_hash_next(const char *w, uint64_t *hash)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    uint64_t h = 0;
    size_t n = 0;
    for (;;) {
        uint64_t x;
        memcpy(&x, w + n, 8);
        uint64_t y = x ^ (ones * ' ');            /* 0 where a space is */
        uint64_t zero = (y - ones) & ~y & highs;  /* exact up to the first */
        if (zero) {
            size_t k = (size_t)__builtin_ctzll(zero) / 8;
            if (k) h = word_hash_mix(h, x & (~0ULL >> (64 - 8 * k)));
            n += k;
            break;
        }
        n += 8;
        if (w[n] == ' ') {   /* the piece was the last one: as word_hash */
            h = word_hash_mix(h, x);
            break;
        }
        h = word_hash_mix(h, x);
    }
    *hash = word_hash_finish(h, n);
    return w + n;
}
#else
static inline const char *word_hash_next(const char *w, uint64_t *hash)
{
    const char *e = w;
    while (*e != ' ') e++;
    *hash = word_hash(w, (size_t)(e - w));
    return e;
}
#endif

#endif /* WINNOW_WORD_HASH_H */
