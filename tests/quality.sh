#!/usr/bin/env bash
# tests/quality.sh WINNOW [SET...] -- score winnow on the development sets.
#
# The sets and their scorer live outside the repository, in
# ../shared/bench/quality next to the checkout (or wherever
# WINNOW_BENCH_DIR points).  When they are absent this says so and exits 0.
# Outputs go to build/quality/<set>/<id>.txt; the scorer prints the table.
set -euo pipefail
cd "$(dirname "$0")/.."
winnow=$(realpath "${1:-build/winnow}")
shift || true
bench=${WINNOW_BENCH_DIR:-../shared/bench}/quality
if [ ! -f "$bench/run.py" ]; then
    echo "quality: no development sets at $bench; nothing to score"
    exit 0
fi
out=build/quality
mkdir -p "$out"
if [ $# -eq 0 ]; then
    python3 "$bench/run.py" -j "$(nproc)" --cmd "'$winnow' {in} > {out}" "$bench" "$out"
else
    for set in "$@"; do
        python3 "$bench/run.py" -j "$(nproc)" --cmd "'$winnow' {in} > {out}" "$bench/$set" "$out/$set"
    done
fi
