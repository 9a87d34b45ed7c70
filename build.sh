#!/usr/bin/env bash
# build.sh -- the front door: build, test, sanitize, measure.
#
#   ./build.sh            release build: build/winnow, build/libwinnow.{a,so}
#   ./build.sh test       build and run every test; last line "N passed, N failed"
#   ./build.sh debug      -Werror + AddressSanitizer + UBSan build in
#                         build/debug, and the whole test suite under it
#   ./build.sh quality    score winnow on the development sets, if present
#   ./build.sh train      regenerate the shipped model from the development sets
#   ./build.sh bench [F]  MB/s of each stage (build/bench_stages) and of
#                         build/winnow end to end (-j 1, -j nproc) next to
#                         iconv and cat, on text, JSONL and Russian text
#   ./build.sh fuzz [S]   libFuzzer harnesses (clang, ASan, UBSan) in
#                         build/libfuzzer, each run for S seconds (default 60)
#   ./build.sh leaks      the test suite under valgrind: no leak, no error
#   ./build.sh lint       cppcheck (warning, performance, portability)
#
# Missing Debian packages are installed with apt-get when running as root;
# otherwise the script stops and prints the apt-get command to run.
set -euo pipefail
cd "$(dirname "$0")"
JOBS=$(nproc 2>/dev/null || echo 2)

need_packages() {
    local missing=()
    command -v cc >/dev/null 2>&1 || missing+=(gcc)
    command -v make >/dev/null 2>&1 || missing+=(make)
    command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
    if ! { pkg-config --exists libutf8proc 2>/dev/null || [ -f /usr/include/utf8proc.h ]; }; then
        missing+=(libutf8proc-dev)
    fi
    if ! { pkg-config --exists uchardet 2>/dev/null || [ -f /usr/include/uchardet/uchardet.h ]; }; then
        missing+=(libuchardet-dev)
    fi
    [ -f /usr/include/zlib.h ] || missing+=(zlib1g-dev)
    [ -f /usr/include/zstd.h ] || missing+=(libzstd-dev)
    command -v gzip >/dev/null 2>&1 || missing+=(gzip)
    for extra in "$@"; do
        case "$extra" in
            python3) command -v python3 >/dev/null 2>&1 || missing+=(python3) ;;
            clang)   command -v clang >/dev/null 2>&1 || missing+=(clang) ;;
            libfuzzer)
                command -v clang >/dev/null 2>&1 || missing+=(clang)
                command -v clang >/dev/null 2>&1 &&
                    printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n);\nint LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' |
                    clang -x c -fsanitize=fuzzer -o /dev/null - >/dev/null 2>&1 ||
                    missing+=(libclang-rt-dev) ;;
            valgrind) command -v valgrind >/dev/null 2>&1 || missing+=(valgrind) ;;
            cppcheck) command -v cppcheck >/dev/null 2>&1 || missing+=(cppcheck) ;;
            time)    [ -x /usr/bin/time ] || missing+=(time) ;;
            unicode-data)   # Unicode's NormalizationTest.txt, for test_normalize
                [ -f /usr/share/unicode/NormalizationTest.txt.bz2 ] || missing+=(unicode-data)
                command -v bzip2 >/dev/null 2>&1 || missing+=(bzip2) ;;
        esac
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "build.sh: installing ${missing[*]}" >&2
        apt-get update -qq >/dev/null || true
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "build.sh: missing packages; run: sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
}

build_release() {
    need_packages
    make -s -j"$JOBS" BUILD=build all tests
}

# run_suite BUILD_DIR [--small]: every unit-test program, the golden CLI
# cases and the samples, the bad-input set (tests/bad.sh; --small: without
# its inputs of many megabytes and its time and memory limits) and the
# output-failure tests (tests/io.sh); prints one summary line and fails if
# anything failed.  $SUITE_WRAP (a command prefix) runs each unit-test
# program; $SUITE_WINNOW replaces BUILD_DIR/winnow for the scripts.
# tally LABEL OUTPUT: adds the "N passed, N failed" last line of OUTPUT to
# the run's totals (no such line: one failure, "crashed"), shows OUTPUT
# when anything failed, and prints one line for LABEL.
tally() {
    local line p f
    line=$(printf '%s\n' "$2" | tail -n 1)
    if [[ $line =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
        p=${BASH_REMATCH[1]}; f=${BASH_REMATCH[2]}
    else
        p=0; f=1; line="crashed"
    fi
    passed=$((passed + p)); failed=$((failed + f))
    if [ "$f" != 0 ]; then printf '%s\n' "$2" | sed 's/^/    /'; fi
    printf '  %-28s %s\n' "$1" "$line"
}

run_suite() {
    local dir=$1 small=${2:-} out label
    local winnow=${SUITE_WINNOW:-$dir/winnow}
    passed=0 failed=0
    for t in "$dir"/tests/test_*; do
        [ -x "$t" ] || continue
        out=$(${SUITE_WRAP:-} "$t" 2>&1) || true
        tally "$(basename "$t")" "$out"
    done
    for script in cli bad io corpus; do
        case $script in
            cli) label="golden CLI cases + samples"; out=$(tests/cli.sh "$winnow" 2>&1) || true ;;
            bad) label="bad inputs"; out=$(tests/bad.sh $small "$winnow" 2>&1) || true ;;
            io)  label="output failures"; out=$(tests/io.sh "$winnow" 2>&1) || true ;;
            corpus) label="corpus modes"; out=$(tests/corpus.sh "$winnow" 2>&1) || true ;;
        esac
        tally "$label" "$out"
    done
    echo "$passed passed, $failed failed"
    [ "$failed" = 0 ]
}

case "${1:-build}" in
    build|release)
        build_release
        ;;
    test)
        need_packages time unicode-data
        build_release
        run_suite build
        ;;
    debug)
        need_packages unicode-data
        san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
        make -s -j"$JOBS" BUILD=build/debug OPT="-O1 -g" CFLAGS="-Werror $san" \
             LDFLAGS="$san" all tests
        export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
        export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
        run_suite build/debug --small
        ;;
    train)
        # Regenerates the shipped model (src/model_default.c) from the
        # development sets; the same data always gives the same file.
        build_release
        sets=${WINNOW_BENCH_DIR:-../shared/bench}/quality
        if [ ! -d "$sets" ]; then
            echo "train: no development sets at $sets" >&2
            exit 1
        fi
        build/winnow-train -o build/model.txt --c-source src/model_default.c "$sets"
        make -s -j"$JOBS" BUILD=build all
        echo "train: wrote src/model_default.c (and build/model.txt)"
        ;;
    quality)
        need_packages python3
        build_release
        tests/quality.sh build/winnow "${@:2}"
        exec tests/unicode.sh build/winnow
        ;;
    bench)
        need_packages python3
        build_release
        make -s -j"$JOBS" BUILD=build bench
        exec tests/bench.sh build/winnow "${@:2}"
        ;;
    fuzz)
        # libFuzzer harnesses (tests/fuzz/), one after another, each for
        # $2 seconds; prints executions per second and coverage of each.
        need_packages libfuzzer
        secs=${2:-60}
        san="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
        make -s -j"$JOBS" BUILD=build/libfuzzer CC=clang OPT="-O1 -g" CFLAGS="$san" \
             LDFLAGS="-fsanitize=address,undefined" fuzzers
        export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
        exec tests/fuzz/run.sh build/libfuzzer/fuzz "$secs"
        ;;
    leaks)
        # The whole suite (bad inputs --small) under valgrind: every
        # process writes a log, and any leak or memory error in one fails.
        need_packages valgrind
        make -s -j"$JOBS" BUILD=build/leaks OPT="-O1 -g" all tests
        logs=$PWD/build/leaks/valgrind
        rm -rf "$logs" && mkdir -p "$logs"
        vg="valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible"
        vg="$vg --errors-for-leak-kinds=definite,indirect,possible"
        vg="$vg --suppressions=$PWD/tests/valgrind.supp"
        # The command logs through descriptor 9, so that a test that
        # closes its standard output does not hand descriptor 1 to the log.
        printf '#!/bin/sh\nexec 9> "%s/$$.log"\nexec %s --log-fd=9 "%s" "$@"\n' \
            "$logs" "$vg" "$PWD/build/leaks/winnow" > build/leaks/winnow-valgrind
        chmod +x build/leaks/winnow-valgrind
        status=0
        SUITE_WRAP="$vg --log-file=$logs/%p.log" SUITE_WINNOW=$PWD/build/leaks/winnow-valgrind \
            run_suite build/leaks --small || status=1
        reports=$(find "$logs" -name '*.log' -size +0 | wc -l)
        find "$logs" -name '*.log' -size +0 -exec cat {} + | head -60
        echo "valgrind: $reports process(es) with leaks or memory errors"
        [ "$reports" = 0 ] && exit $status
        exit 1
        ;;
    lint)
        # cppcheck at the levels warning, performance and portability
        # (style is left out: it is taste, not bugs); any finding fails.
        need_packages cppcheck
        cppcheck --std=c11 --enable=warning,performance,portability --inline-suppr \
                 --error-exitcode=1 --quiet -D_POSIX_C_SOURCE=200809L -Isrc -Itests \
                 src tests/unit tests/fuzz tests/bad
        echo "lint: cppcheck found nothing"
        ;;
    clean)
        rm -rf build
        ;;
    *)
        echo "usage: ./build.sh [build|test|debug|quality|train|bench [FILE]|fuzz [SECONDS]|leaks|lint|clean]" >&2
        exit 2
        ;;
esac
