#!/usr/bin/env bash
# Builds the CORSSim API reference (DocC) with the toolchain's own `docc`, without a package
# dependency: symbol graphs from `swift package dump-symbol-graph`, then `docc convert` with the
# catalog Sources/CORSSim/CORSSim.docc. Output: .build/docs/CORSSim.doccarchive; with an
# argument, a static site for that hosting base path instead (e.g. Tools/docs.sh cors-sim).
set -euo pipefail
cd "$(dirname "$0")/.."
out=.build/docs
rm -rf "$out"
mkdir -p "$out/symbol-graphs"
# dump-symbol-graph also visits the test modules, and fails on a fresh clone where they are not
# built yet; only CORSSim's graph is needed, so its presence is what counts.
rm -f .build/*/symbolgraph/CORSSim.symbols.json
swift package dump-symbol-graph --minimum-access-level public >"$out/dump-symbol-graph.log" 2>&1 || true
if ! ls .build/*/symbolgraph/CORSSim.symbols.json >/dev/null 2>&1; then
    cat "$out/dump-symbol-graph.log" >&2
    echo "error: no symbol graph for CORSSim" >&2
    exit 1
fi
cp .build/*/symbolgraph/CORSSim.symbols.json "$out/symbol-graphs/"
docc=$(command -v docc || echo "$(dirname "$(command -v swift)")/docc")
args=(convert Sources/CORSSim/CORSSim.docc --additional-symbol-graph-dir "$out/symbol-graphs"
      --fallback-display-name CORSSim --fallback-bundle-identifier org.cors-sim.CORSSim
      --output-path "$out/CORSSim.doccarchive")
if [ $# -gt 0 ]; then args+=(--transform-for-static-hosting --hosting-base-path "$1"); fi
"$docc" "${args[@]}"
echo "$out/CORSSim.doccarchive"
