#!/usr/bin/env bash
# tests/fuzz/run.sh DIR SECONDS -- run every libFuzzer harness in DIR
# (built by `./build.sh fuzz`) for SECONDS each, one after the other.
#
# Each harness DIR/fuzz_<name> starts from our seeds in
# tests/fuzz/corpus/<name>/ and keeps what it learns in DIR/corpus/<name>/
# (so a second run goes on where the first stopped; the repository's
# seeds are never written).  Crashes, leaks, timeouts (> 10 s for one
# input) and out-of-memory (> 2 GB) are saved as DIR/artifacts/<name>-*.
# Prints one line per harness: executions, executions per second,
# coverage (edges) and features reached, corpus size; exits 1 if any
# harness found something.
set -u
dir=${1:?usage: tests/fuzz/run.sh DIR SECONDS}
secs=${2:?usage: tests/fuzz/run.sh DIR SECONDS}
root=$(cd "$(dirname "$0")/../.." && pwd)
status=0
mkdir -p "$dir/artifacts"
printf '%-18s %10s %9s %7s %7s %6s  %s\n' harness execs exec/s cov ft corpus result
for h in "$dir"/fuzz_*; do
    [ -x "$h" ] || continue
    name=$(basename "$h"); name=${name#fuzz_}
    seeds=$root/tests/fuzz/corpus/$name
    work=$dir/corpus/$name
    mkdir -p "$work"
    log=$dir/$name.log
    args=(-max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536
          -print_final_stats=1 -artifact_prefix="$dir/artifacts/$name-"
          -dict="$root/tests/fuzz/winnow.dict" "$work")
    [ -d "$seeds" ] && args+=("$seeds")
    "$h" "${args[@]}" > "$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -n 1)
    cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<< "$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<< "$last")
    corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<< "$last")
    result=ok
    if [ $rc != 0 ]; then
        result="FOUND (exit $rc): see $log"
        status=1
    fi
    printf '%-18s %10s %9s %7s %7s %6s  %s\n' "$name" "${execs:-?}" "${rate:-?}" \
        "${cov:-?}" "${ft:-?}" "${corp:-?}" "$result"
    [ $rc != 0 ] && grep -E 'ERROR|invariant failed|SUMMARY|Test unit written' "$log" | head -5 | sed 's/^/    /'
done
exit $status
