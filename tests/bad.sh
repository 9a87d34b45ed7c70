#!/usr/bin/env bash
# tests/bad.sh [--small] WINNOW -- the bad-input set.
#
# Every input that could make a text tool crash, hang, eat memory or
# write garbage, each with its written-down expected behaviour (the table
# in tests/bad/README.md): the exact output, or the exact error and exit
# status.  Inputs are made here, at test time, in a temporary folder (the
# big ones would bloat the repository).  Every case must also finish in
# under 10 seconds, with a peak memory under 1 GiB (address space capped
# with ulimit -v, peak resident size measured with /usr/bin/time when it
# exists), and write valid UTF-8 (checked by tests/bad/utf8_valid.c, a
# validator independent of winnow's own).
#
# --small skips the inputs of many megabytes and the time and memory
# limits: for sanitizer and valgrind runs, which are slow and need a
# large address space.  Prints a table (status, seconds, peak MiB) and
# ends with "N passed, N failed".
set -u
small=0
if [ "${1:-}" = "--small" ]; then small=1; shift; fi
winnow=$(realpath "${1:?usage: tests/bad.sh [--small] WINNOW}")
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C
passed=0 failed=0
max_secs=10
max_kib=$((1024 * 1024))
timer=
[ -x /usr/bin/time ] && timer=/usr/bin/time

if ! ${CC:-cc} -O2 -o "$tmp/utf8_valid" "$root/tests/bad/utf8_valid.c"; then
    echo "FAIL: cannot build tests/bad/utf8_valid.c"
    echo "0 passed, 1 failed"
    exit 1
fi

fail() { failed=$((failed + 1)); echo "FAIL $1: $2"; }

# check NAME STATUS WANT_OUT WANT_ERR [MAX_KIB] -- ARGS...
#   runs WINNOW ARGS (standard input: /dev/null) and checks the exit
#   status, that stdout is valid UTF-8, equals the file WANT_OUT (unless
#   "-") and that stderr equals WANT_ERR exactly (unless "-"), and the time
#   and memory limits (MAX_KIB: a tighter memory limit for this case).
check() {
    local name=$1 want_status=$2 want_out=$3 want_err=$4 lim=$max_kib
    shift 4
    if [ "$1" != "--" ]; then lim=$1; shift; fi
    shift
    local status secs=? kib=? start end
    start=$(date +%s.%N)
    if [ $small = 1 ]; then
        (cd "$tmp" && timeout 300 "$winnow" "$@") < /dev/null > "$tmp/out" 2> "$tmp/err"
        status=$?
    elif [ -n "$timer" ]; then
        (ulimit -v $((max_kib + 65536)); cd "$tmp" &&
         exec $timer -f '%e %M' -o "$tmp/time" timeout $max_secs "$winnow" "$@") \
            < /dev/null > "$tmp/out" 2> "$tmp/err"
        status=$?
        read -r secs kib < <(tail -n 1 "$tmp/time") || true
    else
        (ulimit -v $((max_kib + 65536)); cd "$tmp" && exec timeout $max_secs "$winnow" "$@") \
            < /dev/null > "$tmp/out" 2> "$tmp/err"
        status=$?
    fi
    end=$(date +%s.%N)
    [ "$secs" = "?" ] && secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
    local mib=?
    [ "$kib" != "?" ] && mib=$((kib / 1024))
    printf '  %-28s exit %-3s %6ss %6s MiB\n' "$name" "$status" "$secs" "$mib"
    if [ "$status" != "$want_status" ]; then
        fail "$name" "exit status $status, want $want_status"; head -c 300 "$tmp/err" | sed 's/^/    stderr: /'
    elif ! "$tmp/utf8_valid" < "$tmp/out"; then
        fail "$name" "output is not valid UTF-8"
    elif [ "$want_out" != "-" ] && ! cmp -s "$tmp/out" "$want_out"; then
        fail "$name" "stdout differs"; cmp "$tmp/out" "$want_out" | head -3 | sed 's/^/    /'
    elif [ "$want_err" != "-" ] && [ "$(cat "$tmp/err")" != "$want_err" ]; then
        fail "$name" "stderr is '$(head -c 200 "$tmp/err")', want '$want_err'"
    elif [ $small = 0 ] && awk -v s="$secs" -v m="$max_secs" 'BEGIN { exit !(s >= m) }'; then
        fail "$name" "took $secs s (limit $max_secs s)"
    elif [ $small = 0 ] && [ "$kib" != "?" ] && [ "$kib" -ge "$lim" ]; then
        fail "$name" "peak memory $kib KiB (limit $lim KiB)"
    else
        passed=$((passed + 1))
    fi
}

# bytes NAME PRINTF-FORMAT: writes $tmp/NAME.
bytes() { printf "$2" > "$tmp/$1"; }
# expect NAME PRINTF-FORMAT: writes the expected output $tmp/NAME.want.
expect() { printf "$2" > "$tmp/$1.want"; }

R='\357\277\275'     # U+FFFD, what each maximal invalid subpart becomes

# ---- invalid UTF-8: one U+FFFD per maximal invalid subpart ----------------
bytes overlong-2 'a\300\257b\n';            expect overlong-2 "a${R}${R}b\n"
bytes overlong-3 'a\340\200\257b\n';        expect overlong-3 "a${R}${R}${R}b\n"
bytes overlong-4 'a\360\200\200\257b\n';    expect overlong-4 "a${R}${R}${R}${R}b\n"
bytes surrogate 'a\355\240\200b\355\277\277c\n'
expect surrogate "a${R}${R}${R}b${R}${R}${R}c\n"
bytes above-10ffff 'a\364\220\200\200b\367\277\277\277c\n'
expect above-10ffff "a${R}${R}${R}${R}b${R}${R}${R}${R}c\n"
bytes five-byte 'a\370\210\200\200\200b\n'; expect five-byte "a${R}${R}${R}${R}${R}b\n"
bytes six-byte 'a\374\204\200\200\200\200b\n'
expect six-byte "a${R}${R}${R}${R}${R}${R}b\n"
bytes fe-ff 'a\376b\377c\376\377d\n';       expect fe-ff "a${R}b${R}c${R}${R}d\n"
bytes lone-continuation 'a\200b\277\200c\n'; expect lone-continuation "a${R}b${R}${R}c\n"
bytes truncated-middle 'a\342\202b\360\237\230c\337d\n'
expect truncated-middle "a${R}b${R}c${R}d\n"
bytes truncated-end 'text\342\202';        expect truncated-end "text${R}\n"
for c in overlong-2 overlong-3 overlong-4 surrogate above-10ffff five-byte six-byte \
         fe-ff lone-continuation truncated-middle truncated-end; do
    # (forced: without --from, bytes that form no valid UTF-8 at all may
    # be read as a legacy encoding -- see tests/unit/test_detect.c)
    check "invalid-$c" 0 "$tmp/$c.want" "" -- --keep-all --from UTF-8 "$c"
done

# ---- control and invisible characters -----------------------------------
bytes nul-in-text 'The quick\000 brown fox\000 jumps over the lazy dog.\n'
expect nul-in-text 'The quick brown fox jumps over the lazy dog.\n'
check nul-in-text 0 "$tmp/nul-in-text.want" "" -- --keep-all nul-in-text
head -c 4096 /dev/zero > "$tmp/nul-only"
check nul-only 1 /dev/null "winnow: nul-only: binary data, not text" -- nul-only
bytes lone-cr 'one\rtwo\r\rthree'
expect lone-cr 'one\ntwo\n\nthree\n'
check lone-cr 0 "$tmp/lone-cr.want" "" -- --keep-all lone-cr
bytes mixed-endings 'a\r\nb\nc\rd\302\205e\342\200\250f\342\200\251g\r\n'
expect mixed-endings 'a\nb\nc\nd\ne\nf\ng\n'
check mixed-endings 0 "$tmp/mixed-endings.want" "" -- --keep-all mixed-endings
# Bidi controls carry meaning in right-to-left text: kept as they are.
bytes bidi 'abc \342\200\256def\342\200\254 \342\200\217x\342\200\216 \342\201\246z\342\201\251\n'
cp "$tmp/bidi" "$tmp/bidi.want"
check bidi-controls 0 "$tmp/bidi.want" "" -- --keep-all bidi
# Zero-width space and word joiner go; ZWNJ and ZWJ go unless between
# letters of a script that uses them (or inside an emoji sequence).
bytes zero-width 'zero\342\200\213width\342\200\214 word\342\201\240joiner j\342\200\215k \360\237\221\251\342\200\215\360\237\222\273\n'
expect zero-width 'zerowidth wordjoiner jk \360\237\221\251\342\200\215\360\237\222\273\n'
check zero-width 0 "$tmp/zero-width.want" "" -- --keep-all zero-width
bytes bom-middle 'abc\357\273\277def\n'
expect bom-middle 'abcdef\n'
check bom-in-middle 0 "$tmp/bom-middle.want" "" -- --keep-all bom-middle
# Noncharacters are valid scalar values: kept.
bytes nonchars 'n\357\277\276o\357\277\277p\357\267\220q\360\237\277\276r\n'
cp "$tmp/nonchars" "$tmp/nonchars.want"
check noncharacters 0 "$tmp/nonchars.want" "" -- --keep-all nonchars

# ---- nothing to keep -------------------------------------------------------
: > "$tmp/empty"
check empty-file 0 /dev/null "" -- empty
bytes ws-ascii '  \t \n\r\n\v\f  \t\n\n\n   '
check whitespace-ascii 0 /dev/null "" -- ws-ascii
bytes ws-unicode '\302\240\342\200\200\342\200\212\343\200\200\n\342\200\250\342\200\251\302\205\342\200\213\357\273\277\t\n'
check whitespace-unicode 0 /dev/null "" -- ws-unicode

# ---- not UTF-8 at all -------------------------------------------------------
# UTF-16 without a BOM: with --from it is read exactly.  Without --from its
# NUL bytes make it binary unless encoding detection recognises it -- then
# it must come out right; garbage is never an answer.
bytes utf16le 'H\000e\000l\000l\000o\000,\000 \000w\000o\000r\000l\000d\000\n\000'
expect utf16le 'Hello, world\n'
check utf16le-no-bom-from 0 "$tmp/utf16le.want" "" -- --keep-all --from UTF-16LE utf16le
(cd "$tmp" && "$winnow" --keep-all utf16le > out16 2> err16); s=$?
if { [ $s = 0 ] && cmp -s "$tmp/out16" "$tmp/utf16le.want"; } ||
   { [ $s = 1 ] && [ "$(cat "$tmp/err16")" = "winnow: utf16le: binary data, not text" ]; }; then
    passed=$((passed + 1)); printf '  %-28s exit %-3s\n' utf16le-no-bom-detect "$s"
else
    fail utf16le-no-bom-detect "exit $s: $(head -c 200 "$tmp/err16")"
fi
# Odd length: the last, lone byte becomes U+FFFD.
bytes utf16-odd '\377\376H\000i\000!'
expect utf16-odd "Hi${R}\n"
check utf16-odd-length 0 "$tmp/utf16-odd.want" "" -- --keep-all utf16-odd
# A binary executable and compressed data are reported, not cleaned.
exe=$(command -v true); [ "$exe" = true ] && exe=/bin/true
cp "$exe" "$tmp/program" 2>/dev/null || cp "$winnow" "$tmp/program"
check binary-executable 1 /dev/null "winnow: program: binary data, not text" -- program
# (gzip and zstd streams are decompressed; raw deflate data has no magic)
seq 1 20000 | gzip -n -9 | tail -c +11 > "$tmp/numbers.deflate"
check compressed-data 1 /dev/null "winnow: numbers.deflate: binary data, not text" -- numbers.deflate

# ---- size ------------------------------------------------------------------
bytes small-doc 'twelve bytes'
check max-doc-bytes-exceeded 1 /dev/null "winnow: small-doc: document too large" \
    -- --max-doc-bytes 11 small-doc
check max-doc-bytes-exact 0 - "" -- --keep-all --max-doc-bytes 12 small-doc

# ---- many megabytes ----------------------------------------------------------
if [ $small = 0 ]; then
    yes 'The quick brown fox jumps over the lazy dog, and the dog lets it.' |
        head -c 50000000 | tr '\n' ' ' > "$tmp/line-50mb"
    { cat "$tmp/line-50mb"; printf '\n'; } | sed 's/ *$//' > "$tmp/line-50mb.want"
    check line-50mb 0 - "" -- line-50mb
    check line-50mb-keep-all 0 "$tmp/line-50mb.want" "" -- --keep-all line-50mb
    # An oversized document is skipped without being read: little memory.
    check line-50mb-over-max 1 /dev/null "winnow: line-50mb: document too large" \
        $((16 * 1024)) -- --max-doc-bytes 1000000 line-50mb
    # ... and so is one that only grows that large when decompressed.
    gzip -1 -n -c "$tmp/line-50mb" > "$tmp/line-50mb.gz"
    check gzip-50mb-over-max 1 /dev/null "winnow: line-50mb.gz: document too large" \
        $((16 * 1024)) -- --max-doc-bytes 1000000 line-50mb.gz
    head -c 5000000 /dev/zero | tr '\0' '\n' > "$tmp/newlines-5m"
    check newlines-5m 0 /dev/null "" -- newlines-5m
    { printf 'a'; head -c 1000000 /dev/zero | tr '\0' '\001' | sed 's/\x01/\xcc\x81/g'; } \
        > "$tmp/combining-1m"
    check combining-1m 0 - "" -- --keep-all combining-1m
    if [ "$(head -c 4 "$tmp/out" | od -An -tx1 | tr -d ' ')" != c3a1cc81 ]; then
        fail combining-1m-start "does not start with U+00E1 U+0301"
    fi
    check combining-1m-default 0 - "" -- combining-1m
    # A long text is cleaned in parts of about 1 MiB (tests/corpus.sh
    # checks what they make): its memory does not grow with its size.
    awk 'BEGIN { for (i = 0; i < 400000; i++) {
        print "Line " i " of a long text: the quick brown fox jumps over the lazy dog."
        if (i % 7 == 6) print "" } }' > "$tmp/text-30mb"
    check text-30mb-in-parts 0 - "" $((96 * 1024)) -- -j 2 text-30mb
    check text-30mb-keep-all 0 "$tmp/text-30mb" "" $((96 * 1024)) -- -j 2 --keep-all text-30mb
    # Strict: the offset of an invalid byte is counted from the input's
    # start, whichever part it falls in.
    { head -c 6000000 "$tmp/text-30mb"; printf '\377'; } > "$tmp/text-6mb-invalid"
    check text-6mb-strict 1 - "winnow: text-6mb-invalid: invalid input for its encoding at byte 6000000" \
        -- --strict text-6mb-invalid
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
