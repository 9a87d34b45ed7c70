#!/usr/bin/env bash
# tests/bench.sh WINNOW [FILE] -- throughput of each stage, and of winnow
# end to end next to `cat` and `iconv -f UTF-8 -t UTF-8` on the same
# input in the same run.
#
# Without FILE the inputs are made at run time (in build/bench, never
# committed) from the development inputs (../shared/bench/quality, or
# WINNOW_BENCH_DIR):
#   text   the inputs concatenated until 50 MB: one English web document
#   JSONL  the same inputs, one {"id","text"} object per input, repeated
#          until 50 MB: many documents, as corpora come
#   ru     the Russian references of the encoding suite
#          (../shared/bench/unicode/encoding/cases/*-ru-*.ref.txt)
#          repeated until 20 MB, when present: text in Cyrillic
# With FILE, only FILE (as text).
#
# For each input: the per-stage table of build/bench_stages (median of
# RUNS runs, one thread, pinned to one core), then end to end: each
# command RUNS times (default 5), interleaved so that noise on a shared
# machine hits all of them alike; medians, MB/s and the ratio to iconv.
# `-j 1` runs pinned to one core; `-j N` (N = nproc) runs unpinned.
set -euo pipefail
cd "$(dirname "$0")/.."
winnow=$(realpath "${1:-build/winnow}")
stages=$(dirname "$winnow")/bench_stages
file=${2:-}
runs=${RUNS:-5}
jobs=$(nproc 2>/dev/null || echo 2)
pin=""
command -v taskset >/dev/null 2>&1 && pin="taskset -c 0"

# make_repeated OUT BYTES FILE...: the files concatenated, again and
# again, up to BYTES bytes.
make_repeated() {
    local out=$1 size=$2; shift 2
    [ -s "$out" ] && return 0
    mkdir -p "$(dirname "$out")"
    : > "$out.tmp"
    while [ "$(stat -c %s "$out.tmp")" -lt "$size" ]; do cat "$@" >> "$out.tmp"; done
    head -c "$size" "$out.tmp" > "$out"   # may cut one character; winnow repairs it
    rm -f "$out.tmp"
}

# make_jsonl OUT BYTES FILE...: one JSON object per file, repeated up to
# BYTES bytes (whole lines).
make_jsonl() {
    local out=$1 size=$2; shift 2
    [ -s "$out" ] && return 0
    mkdir -p "$(dirname "$out")"
    python3 - "$out" "$size" "$@" <<'PY'
import json, sys
out, size, paths = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
lines = []
for p in paths:
    with open(p, 'rb') as f:
        text = f.read().decode('utf-8', 'replace')
    lines.append((json.dumps({"id": p.split('/quality/')[-1], "text": text},
                             ensure_ascii=False) + "\n").encode())
with open(out + '.tmp', 'wb') as f:
    n, k = 0, 0
    while n < size:
        f.write(lines[k % len(lines)]); n += len(lines[k % len(lines)]); k += 1
import os
os.rename(out + '.tmp', out)
PY
}

median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
calc() { awk "BEGIN { print $1 }"; }

# end_to_end FILE NAME=COMMAND...: each command reads FILE on standard
# input, RUNS times, interleaved; prints medians.
end_to_end() {
    local f=$1; shift
    local bytes names=() cmds=() i r t0 t1 med iconv_med
    bytes=$(stat -c %s "$f")
    for nc in "$@"; do names+=("${nc%%=*}"); cmds+=("${nc#*=}"); done
    declare -A times=()
    for ((r = 0; r < runs; r++)); do
        for i in "${!cmds[@]}"; do
            t0=$(date +%s.%N)
            ${cmds[$i]} < "$f" > /dev/null
            t1=$(date +%s.%N)
            times[$i]="${times[$i]:-} $(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"
        done
    done
    iconv_med=$(echo "${times[1]}" | median)
    printf 'end to end: %s (%.1f MB), median of %d runs\n' "$f" "$(calc "$bytes / 1000000")" "$runs"
    for i in "${!cmds[@]}"; do
        med=$(echo "${times[$i]}" | median)
        printf '  %-34s %7.3f s  %8.1f MB/s  %5.2fx iconv\n' "${names[$i]}" "$med" \
            "$(calc "$bytes / 1000000 / $med")" "$(calc "$iconv_med / $med")"
    done
}

# bench_input FILE [--jsonl]: the stage table, then end to end.
bench_input() {
    local f=$1 mode=${2:-} w="$winnow"
    [ "$mode" = --jsonl ] && w="$winnow --jsonl"
    echo
    if [ -x "$stages" ]; then
        $pin "$stages" -n "$runs" $mode "$f"
        echo
    fi
    end_to_end "$f" \
        "cat=$pin cat" \
        "iconv -f UTF-8 -t UTF-8=$pin iconv -f UTF-8 -t UTF-8" \
        "winnow --keep-all -j 1=$pin $w --keep-all -j 1" \
        "winnow --keep-all -j $jobs=$w --keep-all -j $jobs" \
        "winnow -j 1=$pin $w -j 1" \
        "winnow -j $jobs=$w -j $jobs"
}

if [ -n "$file" ]; then
    bench_input "$file"
    exit 0
fi
bench=${WINNOW_BENCH_DIR:-../shared/bench}
if ! ls "$bench"/quality/*/*.in.txt >/dev/null 2>&1; then
    echo "bench: no development inputs at $bench/quality; give a FILE"; exit 0
fi
make_repeated build/bench/dev-50mb.txt 52428800 "$bench"/quality/*/*.in.txt
make_jsonl build/bench/dev-50mb.jsonl 52428800 "$bench"/quality/*/*.in.txt
echo "one core = taskset -c 0; $jobs cores in all; machine load: $(cut -d' ' -f1-3 /proc/loadavg)"
bench_input build/bench/dev-50mb.txt
bench_input build/bench/dev-50mb.jsonl --jsonl
if ls "$bench"/unicode/encoding/cases/*-ru-*.ref.txt >/dev/null 2>&1; then
    make_repeated build/bench/ru-20mb.txt 20000000 "$bench"/unicode/encoding/cases/*-ru-*.ref.txt
    bench_input build/bench/ru-20mb.txt
fi
