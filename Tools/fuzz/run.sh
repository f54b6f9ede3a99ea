#!/bin/sh
# Builds cors-sim's libFuzzer targets and runs them.
#
#   Tools/fuzz/run.sh [SECONDS] [TARGET]     # from the package root or anywhere
#
# SECONDS (default 60) is how long each target runs; TARGET is parser, headers, run, url, http,
# har or all (the default; http and har are the live response reader and the HAR importer). One binary
# holds every target (CORS_SIM_FUZZ_TARGET picks one); it is built with swiftc from the library's
# sources, the command's files (without the networking module) and the live module's parsers,
# plus Tools/fuzz/*.swift, so the main package's `swift build` and `swift test` never see the
# fuzz code. The committed seed corpora are in
# Tools/fuzz/corpus/TARGET/ and are only read; new inputs, crashes and hangs go to .build-fuzz/
# (ignored by git): .build-fuzz/corpus/TARGET/ and .build-fuzz/findings/TARGET/.
# One fuzzing process at a time: no -jobs or -workers (with -jobs libFuzzer forks children that
# write fuzz-N.log into the current directory). Extra libFuzzer flags: FUZZ_FLAGS. FUZZ_REBUILD=0
# keeps an existing binary even when sources changed. Each target's log is .build-fuzz/logs/TARGET.log;
# the script ends with the executions per target and exits 1 if a target found a crash or a hang.
set -eu

seconds=${1:-60}
target=${2:-all}
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/.build-fuzz"
binary="$out/cors-sim-fuzz"
swiftc=${SWIFTC:-swiftc}

case "$target" in
    parser|headers|run|url|http|har) targets=$target ;;
    all) targets="parser headers run url http har" ;;
    *) echo "usage: $0 [SECONDS] [parser|headers|run|url|http|har|all]" >&2; exit 2 ;;
esac

mkdir -p "$out"
# Rebuild when any source is newer than the binary. The sources are copied first, so that edits
# made while the compiler runs cannot break the build.
if [ ! -x "$binary" ] || { [ "${FUZZ_REBUILD:-1}" != 0 ] && [ -n "$(find "$root/Sources/CORSSim" "$root/Sources/CORSSimCommand" "$root/Sources/CORSSimLive" "$root/Tools/fuzz" -name '*.swift' -newer "$binary")" ]; }; then
    echo "building $binary" >&2
    rm -rf "$out/src"
    mkdir -p "$out/src"
    cp -R "$root/Sources/CORSSim" "$out/src/CORSSim"
    # The command (for the run target) without the networking module and the terminal, in the
    # same module: `import CORSSim` dropped.
    mkdir -p "$out/src/CORSSimCommand"
    for f in CommandLineTool StreamedRun BoundedInput Help CheckReport Stepper SharedExchanges OutputBudget; do
        sed '/^import CORSSim$/d' "$root/Sources/CORSSimCommand/$f.swift" > "$out/src/CORSSimCommand/$f.swift"
    done
    cp "$root"/Tools/fuzz/*.swift "$out/src/"
    # The live module's parsers (no sockets, no TLS), in the same module: `import CORSSim` dropped.
    mkdir -p "$out/src/CORSSimLive"
    for f in ResponseReader LiveEndpoint RequestProblem JSONInput HAR HARRender; do
        sed '/^import CORSSim$/d' "$root/Sources/CORSSimLive/$f.swift" > "$out/src/CORSSimLive/$f.swift"
    done
    sources=$(find "$out/src" -name '*.swift' | sort)
    # The linker's warnings about ASan's local symbols are noise; errors still show.
    # shellcheck disable=SC2086
    "$swiftc" -sanitize=fuzzer,address -parse-as-library -O -module-name CORSSim -swift-version 6 -package-name cors_sim -D CORS_SIM_NO_LIVE \
        -module-cache-path "$out/module-cache" $sources -o "$binary.new" 2>&1 \
        | grep -v "Cannot export local symbol '__asan" >&2 || true
    [ -x "$binary.new" ] || { echo "build failed" >&2; exit 1; }
    mv "$binary.new" "$binary"
fi

# libFuzzer's max_len by target: parser inputs can be whole files; runs are kept small so that
# one input cannot run long.
max_len() {
    case "$1" in
        parser) echo 16384 ;;
        headers) echo 2048 ;;
        run) echo 4096 ;;
        url) echo 4096 ;;
        http) echo 8192 ;;
        har) echo 4096 ;;
    esac
}

found=0
summary=""
for t in $targets; do
    mkdir -p "$out/corpus/$t" "$out/findings/$t" "$out/logs"
    log="$out/logs/$t.log"
    # A target with a dictionary (Tools/fuzz/TARGET.dict) gets it.
    dict=""
    if [ -f "$root/Tools/fuzz/$t.dict" ]; then dict="-dict=$root/Tools/fuzz/$t.dict"; fi
    echo "== fuzzing $t for $seconds s (log: $log)" >&2
    # The first corpus directory receives new inputs; the committed seeds are only read.
    dict=""
    [ -f "$root/Tools/fuzz/$t.dict" ] && dict="-dict=$root/Tools/fuzz/$t.dict"
    # shellcheck disable=SC2086
    CORS_SIM_FUZZ_TARGET=$t "$binary" -max_total_time="$seconds" -max_len="$(max_len "$t")" \
        -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$out/findings/$t/" $dict ${FUZZ_FLAGS:-} \
        "$out/corpus/$t" "$root/Tools/fuzz/corpus/$t" > "$log" 2>&1 || true
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    if grep -q "Test unit written to" "$log"; then
        found=1
        grep -E "^(==[0-9]+==ERROR|Fatal error|.*invariant violated)|Test unit written to" "$log" >&2 || true
    fi
    summary="$summary$t: ${runs:-?} executions
"
done
printf '%s' "$summary"
exit $found
