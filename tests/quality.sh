#!/usr/bin/env bash
# tests/quality.sh [WINNOW] [--no-loso] [--cross-doc] -- score winnow on the
# development sets.
#
# The sets and their scorer live outside the repository, in
# ../shared/bench/quality next to the checkout (or $WINNOW_BENCH_DIR/quality).
# When they are absent this says so and exits 0.
#
# Two scores per set:
#   shipped  the shipped model (src/model_default.c, trained on all sets);
#   LOSO     leave-one-set-out: a model trained by winnow-train on the other
#            sets only -- the figure that predicts sites winnow never saw.
# Then, for the sets with gold text: the gold text itself as the input
# (text that is already clean, as in a corpus of extracted articles):
# the share of it the shipped model keeps (recall; 1.000 would be every
# shingle), and the leave-one-set-out model of each set (the shipped
# model learned from these very texts; see winnow_train.c).
# With --cross-doc, a third: the shipped model with line counts across
# documents (`winnow count` over each set's own inputs, then
# `--line-counts`), next to the shipped score without them.
# Outputs go to build/quality/{shipped,loso}/<set>/<id>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
winnow=build/winnow
loso=1
cross=0
for arg in "$@"; do
    case "$arg" in
        --no-loso) loso=0 ;;
        --cross-doc) cross=1 ;;
        *) winnow=$arg ;;
    esac
done
winnow=$(realpath "$winnow")
train=$(dirname "$winnow")/winnow-train
bench=${WINNOW_BENCH_DIR:-../shared/bench}/quality
if [ ! -f "$bench/run.py" ]; then
    echo "quality: no development sets at $bench; nothing to score"
    exit 0
fi
out=build/quality
rm -rf "$out/shipped" "$out/loso" "$out/cross" "$out/clean"
mkdir -p "$out/shipped" "$out/loso" "$out/cross" "$out/clean"
jobs=$(nproc)

echo "== shipped model"
python3 "$bench/run.py" -j "$jobs" --json "$out/shipped.json" \
    --cmd "'$winnow' {in} > {out}" "$bench" "$out/shipped" | tail -n 12

sets=$(cd "$bench" && for d in */; do [ -n "$(ls "$d" | grep -m1 '\.in\.txt$')" ] && echo "${d%/}"; done)
if [ $loso = 1 ] && [ -x "$train" ]; then
    for set in $sets; do
        echo "== leave-one-set-out: $set (model trained on the other sets)"
        "$train" --exclude "$set" -o "$out/loso/$set.model" "$bench" 2> "$out/loso/$set.train.log"
        python3 "$bench/run.py" -j "$jobs" --json "$out/loso/$set.json" \
            --cmd "'$winnow' --model '$out/loso/$set.model' {in} > {out}" \
            "$bench/$set" "$out/loso/$set" > /dev/null
    done
fi

echo "== clean text: the gold texts as input"
for set in $sets; do
    ls "$bench/$set"/*.gold.txt >/dev/null 2>&1 || continue
    mkdir -p "$out/clean/in/$set"
    for g in "$bench/$set"/*.gold.txt; do
        id=$(basename "$g" .gold.txt)
        cp "$g" "$out/clean/in/$set/$id.in.txt"
        cp "$g" "$out/clean/in/$set/$id.gold.txt"
    done
done
python3 "$bench/run.py" -j "$jobs" --json "$out/clean.json" \
    --cmd "'$winnow' {in} > {out}" "$out/clean/in" "$out/clean/out" > /dev/null
for set in $sets; do   # and with the model that never saw the set
    [ -d "$out/clean/in/$set" ] && [ -f "$out/loso/$set.model" ] || continue
    python3 "$bench/run.py" -j "$jobs" --json "$out/clean/loso-$set.json" \
        --cmd "'$winnow' --model '$out/loso/$set.model' {in} > {out}" \
        "$out/clean/in/$set" "$out/clean/loso-out/$set" > /dev/null
done

if [ $cross = 1 ]; then
    for set in $sets; do
        echo "== cross-document counts: $set (lines counted over its own inputs)"
        "$winnow" count -o "$out/cross/$set.counts" "$bench/$set"/*.in.txt
        python3 "$bench/run.py" -j "$jobs" --json "$out/cross/$set.json" \
            --cmd "'$winnow' --line-counts '$out/cross/$set.counts' {in} > {out}" \
            "$bench/$set" "$out/cross/$set" > /dev/null
    done
fi

python3 - "$out" $sets <<'PY'
import json, os, sys
out, sets = sys.argv[1], sys.argv[2:]
def by_set(path):
    if not os.path.exists(path):
        return {}
    return {s["set"]: s for s in json.load(open(path))["sets"]}
shipped = by_set(os.path.join(out, "shipped.json"))
print()
cross = any(os.path.exists(os.path.join(out, "cross", n + ".json")) for n in sets)
print("%-18s | %-20s | %-20s" % ("set", "shipped P / R / F1", "leave-one-set-out") +
      (" | %-20s" % "with line counts" if cross else ""))
for name in sets:
    row = "%-18s |" % name
    runs = [shipped.get(name), by_set(os.path.join(out, "loso", name + ".json")).get(name)]
    if cross:
        runs.append(by_set(os.path.join(out, "cross", name + ".json")).get(name))
    for s in runs:
        row += " %.3f %.3f %.3f |" % (s["precision"], s["recall"], s["f1"]) if s else " %-20s |" % "-"
    print(row)
clean = by_set(os.path.join(out, "clean.json"))
if clean:
    print()
    print("clean text (the gold as input): share kept (shingle recall)")
    print("%-18s | %-8s | %s" % ("set", "shipped", "leave-one-set-out"))
    for name in sets:
        if name in clean:
            l = by_set(os.path.join(out, "clean", "loso-" + name + ".json")).get(name)
            print("%-18s | %.3f    | %s" % (name, clean[name]["recall"],
                                           "%.3f" % l["recall"] if l else "-"))
PY
