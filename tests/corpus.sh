#!/usr/bin/env bash
# tests/corpus.sh WINNOW -- corpus modes that golden cases cannot show:
# folders (-r -o), compressed output, resuming, -j N equal to -j 1, and
# line counts.  Every input is made here, at test time.
set -u
winnow=$(realpath "${1:?usage: tests/corpus.sh WINNOW}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $1: $2"; }
check() { local name=$1; shift; if "$@"; then ok; else fail "$name" "$*"; fi; }

P='The committee met on Tuesday to discuss the new budget, which had been delayed for months by a dispute over school funding.'
mkdir -p "$tmp/in/a/b" "$tmp/in/c"
for i in 1 2 3; do printf 'Home | News\n\n%s %s\n\nShare this article\n' "$P" "$i" > "$tmp/in/a/doc$i.txt"; done
printf '%s deep\n' "$P" > "$tmp/in/a/b/deep.txt"
for i in $(seq 1 300); do printf '{"id":%d,"text":"Menu\\n\\n%s %d\\n\\nShare this article"}\n' "$i" "$P" "$i"; done > "$tmp/in/c/docs.jsonl"
gzip -kn "$tmp/in/c/docs.jsonl"

# -r -o mirrors the tree, output equal to cleaning each file alone.
"$winnow" -q -r -o "$tmp/out" "$tmp/in/a" 2> "$tmp/err"
check folder-mirrored test -f "$tmp/out/doc1.txt" -a -f "$tmp/out/b/deep.txt"
check folder-same-as-single cmp -s "$tmp/out/b/deep.txt" <("$winnow" "$tmp/in/a/b/deep.txt")
check folder-no-temp-files test -z "$(find "$tmp/out" -name '.*')"

# --skip-existing leaves finished outputs alone; without it they are redone.
echo stale > "$tmp/out/doc2.txt"
"$winnow" -q -r --skip-existing -o "$tmp/out" "$tmp/in/a" 2> "$tmp/err"
check skip-existing-kept grep -qx stale "$tmp/out/doc2.txt"
"$winnow" -q -r -o "$tmp/out" "$tmp/in/a" 2> "$tmp/err"
check rerun-rewrites cmp -s "$tmp/out/doc2.txt" <("$winnow" "$tmp/in/a/doc2.txt")

# An output folder inside the input tree is not read as input, and an
# input is never overwritten.
"$winnow" -q -r -o "$tmp/in/a/clean" "$tmp/in/a" 2> "$tmp/err"
check out-inside-in-not-walked test ! -e "$tmp/in/a/clean/clean"
cp "$tmp/in/a/doc1.txt" "$tmp/self.txt"
"$winnow" -q -o "$tmp" "$tmp/self.txt" 2> "$tmp/err"
check never-over-input grep -q "overwrite the input" "$tmp/err"

# Compressed output follows the name: .gz in, .gz out (and readable).
"$winnow" -q --jsonl -o "$tmp/z" "$tmp/in/c/docs.jsonl.gz" 2> "$tmp/err"
check gzip-output-valid gzip -t "$tmp/z/docs.jsonl.gz"
check gzip-output-same cmp -s <(gzip -dc "$tmp/z/docs.jsonl.gz") <("$winnow" -q --jsonl "$tmp/in/c/docs.jsonl")
cp "$tmp/in/c/docs.jsonl.gz" "$tmp/in/c/docs2.jsonl.zst"   # a .zst name, gzip inside
"$winnow" -q --jsonl -o "$tmp/z" "$tmp/in/c/docs2.jsonl.zst" 2> "$tmp/err"
check zstd-output-magic test "$(head -c 4 "$tmp/z/docs2.jsonl.zst" | od -An -tx1 | tr -d ' ')" = 28b52ffd
check zstd-output-same cmp -s <("$winnow" -q --jsonl --keep-all --no-tidy "$tmp/z/docs2.jsonl.zst") \
    <("$winnow" -q --jsonl "$tmp/in/c/docs.jsonl")
# An empty input gives a valid empty compressed output.
: | gzip -n > "$tmp/in/empty.jsonl.gz"
"$winnow" -q --jsonl -o "$tmp/z" "$tmp/in/empty.jsonl.gz" 2> "$tmp/err"
check gzip-empty-output-valid test "$(gzip -dc "$tmp/z/empty.jsonl.gz" | wc -c)" = 0

# -j N gives the same bytes as -j 1, text and JSONL; large batches too.
for i in $(seq 1 4000); do printf '{"id":%d,"text":"Menu\\n\\n%s %d\\n\\nShare this article"}\n' "$i" "$P" "$i"; done > "$tmp/big.jsonl"
"$winnow" -q --jsonl -j 1 --stats "$tmp/s1.json" "$tmp/big.jsonl" "$tmp/big.jsonl" > "$tmp/j1"
"$winnow" -q --jsonl -j 4 --stats "$tmp/s4.json" "$tmp/big.jsonl" "$tmp/big.jsonl" > "$tmp/j4"
check jobs-jsonl-identical cmp -s "$tmp/j1" "$tmp/j4"
check jobs-stats-identical cmp -s <(grep -v seconds "$tmp/s1.json") <(grep -v seconds "$tmp/s4.json")
check stats-documents grep -q '"documents": 8000' "$tmp/s1.json"
check jobs-text-identical cmp -s <("$winnow" -q -j 1 -r "$tmp/in/a") <("$winnow" -q -j 3 -r "$tmp/in/a")

# A text input of more than 4 MiB is cleaned in parts of about 1 MiB:
# the same bytes on any number of threads, from a file, a pipe or a
# compressed file, and with every line kept, the input itself, whether
# the parts are cut before blank lines or (none near) after any line.
awk -v p="$P" 'BEGIN { for (i = 0; i < 60000; i++) {
    print (i % 9 == 0 ? "Share this article" : p " " i); if (i % 5 == 4 && i < 59999) print "" } }' > "$tmp/long.txt"
"$winnow" -q -j 1 --stats "$tmp/ls.json" "$tmp/long.txt" > "$tmp/l1"
check parts-one-document grep -q '"documents": 1,' "$tmp/ls.json"
check parts-several-parts grep -q '"text_parts": [5-9],' "$tmp/ls.json"
check parts-explain-one-header test "$("$winnow" -q --explain "$tmp/long.txt" | grep -c '^# encoding')" = 1
# --explain numbers run on through the parts, as the lines of the text
# cleaned with every line kept: rising, the last one its line count.
"$winnow" -q -j 2 --explain "$tmp/long.txt" | awk 'NR > 1 { if ($1 + 0 <= last) bad = 1; last = $1 + 0 }
    END { print (bad ? "falls" : last) }' > "$tmp/lx"
check parts-explain-numbers-run-on test "$(cat "$tmp/lx")" = "$("$winnow" -q --keep-all "$tmp/long.txt" | wc -l)"
check parts-boilerplate-dropped test "$(grep -c 'Share this' "$tmp/l1")" = 0
check parts-jobs-identical cmp -s "$tmp/l1" <("$winnow" -q -j 3 "$tmp/long.txt")
check parts-stdin-identical cmp -s "$tmp/l1" <("$winnow" -q -j 2 < "$tmp/long.txt")
gzip -kn "$tmp/long.txt"
"$winnow" -q -o "$tmp/lz" "$tmp/long.txt.gz" 2> "$tmp/err"
check parts-gzip-identical cmp -s "$tmp/l1" <(gzip -dc "$tmp/lz/long.txt.gz")
check parts-keep-all-exact cmp -s "$tmp/long.txt" <("$winnow" -q --keep-all "$tmp/long.txt")
# Old Mac text (lone CRs) is cut into parts at its CRs as well: the
# same clean text as its line-feed twin, in parts, the input kept exact.
tr '\n' '\r' < "$tmp/long.txt" > "$tmp/long-cr.txt"
"$winnow" -q -j 2 --stats "$tmp/lcr.json" "$tmp/long-cr.txt" > "$tmp/lcr"
check parts-cr-as-line-feeds cmp -s "$tmp/l1" "$tmp/lcr"
check parts-cr-several-parts grep -q '"text_parts": [5-9],' "$tmp/lcr.json"
check parts-cr-keep-all-exact cmp -s "$tmp/long-cr.txt" \
    <("$winnow" -q -j 2 --keep-all --no-tidy "$tmp/long-cr.txt")
# UTF-16 and UTF-32 are cut into parts too, at their wide line feeds
# and at the same lines as the UTF-8 text (sizes count code units): the
# same clean text, with a BOM (UTF-16LE) or without (UTF-32BE, found by
# its NULs), on any number of threads, the text kept exact.
iconv -f UTF-8 -t UTF-16LE "$tmp/long.txt" | { printf '\377\376'; cat; } > "$tmp/long-16.txt"
iconv -f UTF-8 -t UTF-32BE "$tmp/long.txt" > "$tmp/long-32.txt"
"$winnow" -q -j 2 --stats "$tmp/l16.json" "$tmp/long-16.txt" > "$tmp/l16"
check parts-utf16-as-utf8 cmp -s "$tmp/l1" "$tmp/l16"
check parts-utf16-several-parts grep -q '"text_parts": [5-9],' "$tmp/l16.json"
check parts-utf16-encoding grep -q '"UTF-16LE": 1' "$tmp/l16.json"
"$winnow" -q -j 2 --from UTF-16 --stats "$tmp/l16f.json" "$tmp/long-16.txt" > "$tmp/l16f"
check parts-utf16-forced-as-utf8 cmp -s "$tmp/l1" "$tmp/l16f"
check parts-utf16-forced-several-parts grep -q '"text_parts": [5-9],' "$tmp/l16f.json"
check parts-utf32-as-utf8 cmp -s "$tmp/l1" <("$winnow" -q -j 3 "$tmp/long-32.txt")
check parts-utf32-keep-all-exact cmp -s "$tmp/long.txt" \
    <("$winnow" -q -j 2 --keep-all --no-tidy "$tmp/long-32.txt")
grep -v '^$' "$tmp/long.txt" > "$tmp/long-lines.txt"
check parts-no-blank-keep-all-exact cmp -s "$tmp/long-lines.txt" \
    <("$winnow" -q -j 2 --keep-all "$tmp/long-lines.txt")
# Lines longer than a part, each after a blank line: the blank line
# survives the cut whichever side of it the cut falls.
awk 'BEGIN { for (k = 1; k <= 6; k++) {
    for (i = 0; i < 2500; i++) { print "Line " i " of block " k ", the quick brown fox jumps over the lazy dog again."; if (i % 5 == 4) print "" }
    s = ""; n = 1100000 + k * 37000; while (length(s) < n) s = s "word word word word word word word word "; print s "end."; print "" }
    print "The end." }' > "$tmp/long-lines.txt"
check parts-long-lines-keep-all-exact cmp -s "$tmp/long-lines.txt" <("$winnow" -q -j 2 --keep-all "$tmp/long-lines.txt")
# A part that fails (strict, an invalid byte past the first 4 MiB, which
# decide the encoding) fails the input: its output file is not left.
{ head -c 5000000 "$tmp/long.txt"; printf '\377\n'; cat "$tmp/long.txt"; } > "$tmp/long-bad.txt"
"$winnow" -q --strict -o "$tmp/lb" "$tmp/long-bad.txt" 2> "$tmp/err"
check parts-strict-fails test $? = 1
check parts-strict-no-output test ! -e "$tmp/lb/long-bad.txt"
check parts-strict-says-where grep -q 'at byte 5000000' "$tmp/err"

# Line counts: counted, merged, capped (a sketch), used; a damaged file is
# refused with status 2.
mkdir -p "$tmp/site"
for i in $(seq 1 30); do
    printf 'Subscribe to the Weekly Digest\n\n%s %s\n' "$P" "$i" > "$tmp/site/p$i.txt"
done
"$winnow" count -o "$tmp/a.bin" "$tmp"/site/*.txt 2> "$tmp/err"
check count-written test -s "$tmp/a.bin"
"$winnow" count --merge -o "$tmp/ab.bin" "$tmp/a.bin" "$tmp/a.bin" 2> "$tmp/err"
check count-merged test -s "$tmp/ab.bin"
"$winnow" count --mem 1 -o "$tmp/s.bin" "$tmp"/site/*.txt 2> "$tmp/err"
check count-sketch-merges "$winnow" count --merge -o "$tmp/ss.bin" "$tmp/s.bin" "$tmp/s.bin"
"$winnow" count --jsonl -o "$tmp/j.bin" "$tmp/big.jsonl" 2> "$tmp/err"
check count-jsonl test -s "$tmp/j.bin"
# (what the classifier makes of the counts is its own business: here only
# that they load and that counting in the run gives the same evidence)
"$winnow" -q --line-counts "$tmp/a.bin" "$tmp/site/p1.txt" > "$tmp/lc.out"
check line-counts-used test $? = 0
check count-lines-in-run cmp -s "$tmp/lc.out" <("$winnow" -q --count-lines "$tmp"/site/*.txt 2>/dev/null | head -n "$(wc -l < "$tmp/lc.out")")
head -c 20 "$tmp/a.bin" > "$tmp/bad.bin"
"$winnow" -q --line-counts "$tmp/bad.bin" "$tmp/site/p1.txt" > /dev/null 2> "$tmp/err"
check line-counts-damaged-refused test $? = 2

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
