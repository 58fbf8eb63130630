#!/bin/bash
# Browser tests: flame graphs from `sonde flamegraph` opened in headless
# Chromium (Debian's chromium package), clicked, searched and zoomed over the
# DevTools protocol (flame_browser.py, Python standard library only).
#
#   tests/browser/run.sh
#
# Environment: SONDE (default ./sonde). Ends with "N passed, N failed" and
# exits non-zero if anything failed; without Chromium that is one failure,
# never a skip. flame_svg.py, beside it, is the SVG checker the e2e cases
# (tests/e2e/cases/flame_*.sh) use.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SONDE=${SONDE:-$ROOT/sonde}
case $SONDE in /*) ;; *) SONDE=$ROOT/$SONDE ;; esac
exec timeout -k 5 300 python3 "$ROOT/tests/browser/flame_browser.py" --sonde "$SONDE"
