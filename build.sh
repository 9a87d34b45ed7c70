#!/usr/bin/env bash
# build.sh -- the front door: build, test, sanitize, measure.
#
#   ./build.sh            release build: build/winnow, build/libwinnow.{a,so}
#   ./build.sh test       build and run every test; last line "N passed, N failed"
#   ./build.sh debug      -Werror + AddressSanitizer + UBSan build in
#                         build/debug, and the whole test suite under it
#   ./build.sh quality    score winnow on the development sets, if present
#   ./build.sh bench [F]  throughput of build/winnow next to iconv and cat
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
    for extra in "$@"; do
        case "$extra" in
            python3) command -v python3 >/dev/null 2>&1 || missing+=(python3) ;;
            clang)   command -v clang >/dev/null 2>&1 || missing+=(clang) ;;
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

# run_suite BUILD_DIR: every unit-test program, the golden CLI cases and the
# samples; prints one summary line and fails if anything failed.
run_suite() {
    local dir=$1 passed=0 failed=0 out line p f
    for t in "$dir"/tests/test_*; do
        [ -x "$t" ] || continue
        out=$("$t" 2>&1) || true
        line=$(printf '%s\n' "$out" | tail -n 1)
        if [[ $line =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
            p=${BASH_REMATCH[1]}; f=${BASH_REMATCH[2]}
        else
            p=0; f=1; line="crashed"
        fi
        passed=$((passed + p)); failed=$((failed + f))
        if [ "$f" != 0 ]; then printf '%s\n' "$out" | sed 's/^/    /'; fi
        printf '  %-28s %s\n' "$(basename "$t")" "$line"
    done
    out=$(tests/cli.sh "$dir/winnow" 2>&1) || true
    line=$(printf '%s\n' "$out" | tail -n 1)
    if [[ $line =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
        p=${BASH_REMATCH[1]}; f=${BASH_REMATCH[2]}
    else
        p=0; f=1
    fi
    passed=$((passed + p)); failed=$((failed + f))
    if [ "$f" != 0 ]; then printf '%s\n' "$out" | sed 's/^/    /'; fi
    printf '  %-28s %s\n' "golden CLI cases + samples" "$line"
    echo "$passed passed, $failed failed"
    [ "$failed" = 0 ]
}

case "${1:-build}" in
    build|release)
        build_release
        ;;
    test)
        build_release
        run_suite build
        ;;
    debug)
        need_packages
        san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
        make -s -j"$JOBS" BUILD=build/debug OPT="-O1 -g" CFLAGS="-Werror $san" \
             LDFLAGS="$san" all tests
        export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
        export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
        run_suite build/debug
        ;;
    quality)
        need_packages python3
        build_release
        exec tests/quality.sh build/winnow "${@:2}"
        ;;
    bench)
        build_release
        exec tests/bench.sh build/winnow "${@:2}"
        ;;
    clean)
        rm -rf build
        ;;
    *)
        echo "usage: ./build.sh [build|test|debug|quality|bench [FILE]|clean]" >&2
        exit 2
        ;;
esac
