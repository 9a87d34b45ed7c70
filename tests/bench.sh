#!/usr/bin/env bash
# tests/bench.sh WINNOW [FILE] -- single-core throughput of winnow next to
# `cat` and `iconv -f UTF-8 -t UTF-8` on the same file, in the same run.
#
# Without FILE, a 50 MB file is made by concatenating the development
# inputs (../shared/bench/quality, or WINNOW_BENCH_DIR) until it reaches
# 50 MB.  Each command runs RUNS times (default 5), interleaved so that
# noise on a shared machine hits all of them alike; the medians, MB/s and
# the ratio to iconv are printed.
set -euo pipefail
cd "$(dirname "$0")/.."
winnow=$(realpath "${1:-build/winnow}")
file=${2:-}
runs=${RUNS:-5}
if [ -z "$file" ]; then
    bench=${WINNOW_BENCH_DIR:-../shared/bench}/quality
    file=build/bench/dev-50mb.txt
    if [ ! -s "$file" ]; then
        if ! ls "$bench"/*/*.in.txt >/dev/null 2>&1; then
            echo "bench: no development inputs at $bench; give a FILE"; exit 0
        fi
        mkdir -p build/bench
        : > "$file.tmp"
        while [ "$(stat -c %s "$file.tmp")" -lt 52428800 ]; do
            cat "$bench"/*/*.in.txt >> "$file.tmp"
        done
        head -c 52428800 "$file.tmp" > "$file"   # may cut one character; winnow repairs it
        rm -f "$file.tmp"
    fi
fi
bytes=$(stat -c %s "$file")
names=("cat" "iconv -f UTF-8 -t UTF-8" "winnow" "winnow --keep-all")
cmds=("cat" "iconv -f UTF-8 -t UTF-8" "$winnow" "$winnow --keep-all")
declare -A times
pin=""
command -v taskset >/dev/null 2>&1 && pin="taskset -c 0"
for ((r = 0; r < runs; r++)); do
    for i in "${!cmds[@]}"; do
        t0=$(date +%s.%N)
        $pin ${cmds[$i]} < "$file" > /dev/null
        t1=$(date +%s.%N)
        times[$i]="${times[$i]:-} $(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"
    done
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
calc() { awk "BEGIN { print $1 }"; }
printf 'file: %s (%.1f MB), %d runs each, one core\n' "$file" "$(calc "$bytes / 1000000")" "$runs"
iconv_med=$(echo "${times[1]}" | median)
for i in "${!cmds[@]}"; do
    med=$(echo "${times[$i]}" | median)
    printf '  %-26s median %7.3f s  %8.1f MB/s  %5.2fx iconv\n' "${names[$i]}" "$med" \
        "$(calc "$bytes / 1000000 / $med")" "$(calc "$iconv_med / $med")"
done
