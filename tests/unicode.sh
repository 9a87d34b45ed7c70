#!/usr/bin/env bash
# tests/unicode.sh [WINNOW] -- score decoding and mojibake repair.
#
# The two Unicode development suites live outside the repository, in
# ../shared/bench/unicode next to the checkout (or $WINNOW_BENCH_DIR/unicode):
#   encoding/  raw bytes in some encoding -> the same text in UTF-8;
#   mojibake/  text decoded with the wrong encoding -> the text repaired,
#              and text that only looks odd -> unchanged.
# Both run `winnow --keep-all --no-tidy` (decode, repair and normalize
# only).  When the suites are absent this says so and exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."
winnow=$(realpath "${1:-build/winnow}")
bench=${WINNOW_BENCH_DIR:-../shared/bench}/unicode
if [ ! -f "$bench/encoding/score.py" ] || [ ! -f "$bench/mojibake/score.py" ]; then
    echo "unicode: no development suites at $bench; nothing to score"
    exit 0
fi
cmd="'$winnow' --keep-all --no-tidy"
echo "== encoding detection and conversion (goal: at least 250/263)"
# (the scorers exit 1 when any case fails; the tallies are the result)
python3 "$bench/encoding/score.py" "$bench/encoding" --cmd "$cmd" | tail -n 1 || true
echo "== mojibake repair (goal: at least 148/157, no negative case altered)"
python3 "$bench/mojibake/score.py" "$bench/mojibake/cases.jsonl" --cmd "$cmd" |
    grep -E 'passed|altered' || true
