#!/usr/bin/env bash
# tests/cli.sh [--update] WINNOW -- golden CLI cases and the samples.
#
# A case is a folder tests/cli/<name>/ holding
#   args     the arguments, one line, split on spaces ("-" or no file:
#            the case's `input` is given on standard input)
#   input    the input bytes (optional)
#   stdout   the exact expected standard output
#   status   the expected exit status (absent: 0)
#   stderr   the exact expected standard error (optional)
# The command runs inside the case's folder, so `input` names its input.
# Every samples/<name>.txt with a samples/<name>.expected.txt is a case too:
# `winnow samples/<name>.txt` must print the expected text byte for byte.
#
# --update rewrites stdout, status (and stderr where present) from what
# WINNOW does now: review the diff before committing it.
set -u
update=0
if [ "${1:-}" = "--update" ]; then update=1; shift; fi
winnow=$(realpath "${1:?usage: tests/cli.sh [--update] WINNOW}")
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

fail() { failed=$((failed + 1)); echo "FAIL $1: $2"; }

for dir in "$root"/tests/cli/*/; do
    name=$(basename "$dir")
    [ -f "$dir/args" ] || continue
    read -r -a args < "$dir/args" || true
    want_status=0
    [ -f "$dir/status" ] && want_status=$(cat "$dir/status")
    stdin=/dev/null
    [ -f "$dir/input" ] && stdin="$dir/input"
    (cd "$dir" && timeout 30 "$winnow" "${args[@]}" < "$stdin" > "$tmp/out" 2> "$tmp/err")
    status=$?
    if [ $update = 1 ]; then
        cp "$tmp/out" "$dir/stdout"
        if [ "$status" = 0 ]; then rm -f "$dir/status"; else echo "$status" > "$dir/status"; fi
        [ -f "$dir/stderr" ] && cp "$tmp/err" "$dir/stderr"
        passed=$((passed + 1))
        continue
    fi
    if [ "$status" != "$want_status" ]; then
        fail "$name" "exit status $status, want $want_status"; sed 's/^/    stderr: /' "$tmp/err"
    elif ! cmp -s "$tmp/out" "$dir/stdout"; then
        fail "$name" "stdout differs"; diff "$dir/stdout" "$tmp/out" | head -20 | sed 's/^/    /'
    elif [ -f "$dir/stderr" ] && ! cmp -s "$tmp/err" "$dir/stderr"; then
        fail "$name" "stderr differs"; diff "$dir/stderr" "$tmp/err" | head -20 | sed 's/^/    /'
    else
        passed=$((passed + 1))
    fi
done

for expected in "$root"/samples/*.expected.txt; do
    [ -f "$expected" ] || continue
    input=${expected%.expected.txt}.txt
    name=sample:$(basename "$input")
    if ! timeout 30 "$winnow" "$input" > "$tmp/out" 2> "$tmp/err"; then
        fail "$name" "exit status $?"; sed 's/^/    stderr: /' "$tmp/err"
    elif ! cmp -s "$tmp/out" "$expected"; then
        fail "$name" "output differs"; diff "$expected" "$tmp/out" | head -20 | sed 's/^/    /'
    else
        passed=$((passed + 1))
    fi
done

# winnow-train: learns from marked pages, deterministically, and winnow
# uses what it wrote with --model.
train=$(dirname "$winnow")/winnow-train
if [ $update = 0 ] && [ -x "$train" ]; then
    pages="$tmp/pages"
    mkdir -p "$pages"
    for k in 1 2 3 4 5 6; do
        {
            echo "- Home"
            echo "- Share on Facebook"
            echo
            echo "+ Page $k: the committee met on Tuesday to discuss the new budget, and after a long debate the members agreed that the proposal number $k should be sent back for review."
            echo
            echo "+ According to the chairman, the revised plan will be presented to the public in the spring, when residents will have a chance to comment on the changes."
            echo
            echo "- Leave a Reply"
            echo "- Copyright 2024. All rights reserved."
        } > "$pages/page$k.marked.txt"
    done
    if "$train" -o "$tmp/a.model" "$pages" 2> "$tmp/err" &&
       "$train" -o "$tmp/b.model" "$pages" 2>> "$tmp/err" &&
       cmp -s "$tmp/a.model" "$tmp/b.model"; then
        passed=$((passed + 1))
    else
        fail "train-deterministic" "winnow-train failed or gave two different models"
        sed 's/^/    /' "$tmp/err" | tail -5
    fi
    sed 's/^[-+] //' "$pages/page1.marked.txt" > "$tmp/page1.txt"
    if "$winnow" --model "$tmp/a.model" "$tmp/page1.txt" > "$tmp/out" 2> "$tmp/err" &&
       grep -q "committee met" "$tmp/out" && ! grep -q "Leave a Reply" "$tmp/out"; then
        passed=$((passed + 1))
    else
        fail "train-model-used" "winnow --model with a trained model did not clean the page"
    fi
    printf 'winnow-model 1\nfeature no_such_feature 0 1 1\n' > "$tmp/bad.model"
    "$winnow" --model "$tmp/bad.model" "$tmp/page1.txt" > /dev/null 2> "$tmp/err"
    status=$?
    if [ "$status" = 2 ] && grep -q "malformed model" "$tmp/err"; then
        passed=$((passed + 1))
    else
        fail "model-malformed" "exit status $status, want 2 and a message"
    fi
fi

# -o DIR: one file per input, named after it; never over the input itself.
if [ $update = 0 ]; then
    sample=$(ls "$root"/samples/*.expected.txt 2>/dev/null | head -n 1)
    if [ -n "$sample" ]; then
        input=${sample%.expected.txt}.txt
        if "$winnow" -o "$tmp/outdir" "$input" 2> "$tmp/err" &&
           cmp -s "$tmp/outdir/$(basename "$input")" "$sample" &&
           [ -z "$(ls -A "$tmp/outdir" | grep -v "^$(basename "$input")\$")" ]; then
            passed=$((passed + 1))
        else
            fail "output-dir" "-o DIR did not write DIR/$(basename "$input") as expected"
        fi
        cp "$input" "$tmp/self.txt"
        if "$winnow" -o "$tmp" "$tmp/self.txt" 2> "$tmp/err"; then
            fail "output-dir-never-over-input" "exit status 0"
        elif ! cmp -s "$tmp/self.txt" "$input" || ! grep -q "overwrite the input" "$tmp/err"; then
            fail "output-dir-never-over-input" "input changed or no message"
        else
            passed=$((passed + 1))
        fi
    fi
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
