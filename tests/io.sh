#!/usr/bin/env bash
# tests/io.sh WINNOW -- nothing is lost when writing fails.
#
# A full disk, a closed pipe or a closed standard output must end the run
# with a clear message and a non-zero status, never a truncated output
# reported as success; files written with -o appear whole or not at all
# (temporary name, then rename), an old output survives a failed
# rewrite, and no temporary file is left behind.  Every input is
# accounted for: outputs written plus inputs reported as failed equal
# the inputs given.  A full location is simulated with a file-size limit
# (ulimit -f, with SIGXFSZ ignored, so writes fail with EFBIG), a full
# disk with /dev/full.  Ends with "N passed, N failed".
set -u
winnow=$(realpath "${1:?usage: tests/io.sh WINNOW}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
cd "$tmp" || exit 1

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $1: $2"; sed 's/^/    stderr: /' err 2>/dev/null | head -5; }

printf 'A short document with a sentence in it, long enough to be kept.\n' > small.txt
yes 'The quick brown fox jumps over the lazy dog, and the dog lets it.' | head -n 40000 > big.txt

# Standard output on a full disk.
"$winnow" --keep-all small.txt > /dev/full 2> err; s=$?
if [ $s = 1 ] && grep -q 'No space left on device' err; then pass
else fail stdout-full "exit $s"; fi

"$winnow" --keep-all big.txt small.txt small.txt > /dev/full 2> err; s=$?
if [ $s = 1 ] && grep -q 'No space left on device' err; then pass
else fail stdout-full-several-inputs "exit $s"; fi

# A closed pipe: EPIPE is reported (SIGPIPE is ignored), exit status 1.
{ "$winnow" --keep-all big.txt 2> err; echo $? > status; } | head -c 1 > /dev/null
s=$(cat status)
if [ "$s" = 1 ] && grep -q 'Broken pipe' err; then pass
else fail closed-pipe "exit $s"; fi

# A closed standard output.
"$winnow" --keep-all small.txt >&- 2> err; s=$?
if [ $s = 1 ] && [ -s err ]; then pass
else fail closed-stdout "exit $s"; fi

# -o into a location that fills up: no output, no temporary file left.
mkdir out
(ulimit -f 8; trap '' XFSZ; exec "$winnow" --keep-all -o out big.txt) 2> err; s=$?
if [ $s = 1 ] && grep -q 'out/big.txt' err && [ -z "$(ls -A out)" ]; then pass
else fail output-dir-full "exit $s, left: $(ls -A out | tr '\n' ' ')"; fi

# A failed rewrite leaves the old output as it was.
printf 'old output\n' > out/big.txt
(ulimit -f 8; trap '' XFSZ; exec "$winnow" --keep-all -o out big.txt) 2> err; s=$?
if [ $s = 1 ] && [ "$(cat out/big.txt)" = "old output" ] &&
   [ "$(ls -A out)" = big.txt ]; then pass
else fail output-dir-full-keeps-old "exit $s, left: $(ls -A out | tr '\n' ' ')"; fi

# A successful rewrite replaces it whole.
"$winnow" --keep-all -o out big.txt 2> err; s=$?
if [ $s = 0 ] && cmp -s out/big.txt big.txt && [ "$(ls -A out)" = big.txt ]; then pass
else fail output-dir-rewrite "exit $s"; fi

# Every input accounted for: 2 written + 3 reported = 5 given.
rm -rf out2
head -c 4096 /dev/zero > binary.bin
printf '%0300d\n' 0 > large.txt
cp small.txt second.txt
"$winnow" --keep-all --max-doc-bytes 200 -o out2 small.txt missing.txt binary.bin \
    large.txt second.txt 2> err; s=$?
written=$(ls -A out2 | wc -l)
reported=$(grep -c '^winnow: ' err)
if [ $s = 1 ] && [ "$written" = 2 ] && [ "$reported" = 3 ]; then pass
else fail every-input-accounted "exit $s, $written written, $reported reported"; fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
