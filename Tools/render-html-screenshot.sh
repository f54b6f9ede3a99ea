#!/bin/sh
# Renders a cors-sim HTML report in headless Chromium and saves a PNG, to look at the page the
# way a reader will. Usage:
#   Tools/render-html-screenshot.sh REPORT.html OUT.png [WIDTHxHEIGHT]
#   Tools/render-html-screenshot.sh --scenario FILE OUT.png [WIDTHxHEIGHT] [run|compare]
# The second form builds cors-sim, writes the report for FILE (compare by default) and renders it.
# Needs chromium (Debian: apt-get install -y chromium). The default window is 1400x2000.
set -eu

if [ "${1:-}" = "--scenario" ]; then
    scenario=$2; out=$3; size=${4:-1400x2000}; command=${5:-compare}
    root=$(cd "$(dirname "$0")/.." && pwd)
    scratch=${CORS_SIM_SCRATCH:-$root/.build}
    swift build --package-path "$root" --scratch-path "$scratch" --product cors-sim >/dev/null
    html=$(mktemp /tmp/cors-sim-report-XXXXXX.html)
    "$scratch/debug/cors-sim" "$command" "$scenario" --format html >"$html" || [ $? -eq 1 ]
else
    html=$1; out=$2; size=${3:-1400x2000}
fi

browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
    echo "error: no chromium found; install it (apt-get install -y chromium)" >&2
    exit 2
fi

case $html in /*) ;; *) html=$(pwd)/$html ;; esac
case $out in /*) ;; *) out=$(pwd)/$out ;; esac
width=${size%x*}; height=${size#*x}
# --no-sandbox: headless in a container as root; the page has no scripts and no network.
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --screenshot="$out" --window-size="$width,$height" "file://$html" 2>/dev/null
echo "$out"
