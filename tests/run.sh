#!/bin/bash
# The whole test suite; `make check` runs it with $BUILD set.
#
#   unit     C unit tests, no root            $BUILD/tests/test_*
#   kern     C tests that load BPF programs   $BUILD/kern/test_*   (root)
#   errors   bad input: diagnostics           tests/errors/        (root for tracefs)
#   fmt      --fmt round trip, idempotence    tests/fmt/           (no root)
#   e2e      sonde on real probes             tests/e2e/           (root)
#
# unit and errors run alongside kern (they neither attach probes nor count
# events); e2e runs last and alone, one case at a time, because its cases
# count system-wide events. Each suite has a time limit so the whole run
# stays well under 20 minutes. Prints each suite's report and results, then
# a last line "N passed, N failed" that CI reads; exits non-zero if
# anything failed. A suite that cannot run (not root, not built) counts its
# tests as failed: nothing skipped is ever counted as passed.
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
export BUILD
# The sonde of this build tree (make asan builds its own).
export SONDE=${SONDE:-$BUILD/sonde}

LOGS=$(mktemp -d /tmp/sonde-check.XXXXXX)
trap 'rm -rf "$LOGS"' EXIT
START=$SECONDS

shopt -s nullglob
unit_bins=("$BUILD"/tests/test_*)
kern_bins=("$BUILD"/kern/test_*)
shopt -u nullglob
n_e2e=$(ls tests/e2e/cases/*.sh 2>/dev/null | wc -l)

# run_suite NAME LIMIT CMD...: runs CMD with a time limit, output to a log.
run_suite() {
	local name=$1 limit=$2
	shift 2
	local t0=$SECONDS
	timeout -k 5 "$limit" "$@" >"$LOGS/$name.log" 2>&1 </dev/null
	echo $? >"$LOGS/$name.rc"
	echo $((SECONDS - t0)) >"$LOGS/$name.time"
}

# not_run NAME COUNT WHY: a suite that could not run; its tests count as failed.
not_run() {
	{
		echo "$1: cannot run: $3"
		echo "0 passed, $2 failed"
	} >"$LOGS/$1.log"
	echo 1 >"$LOGS/$1.rc"
	echo 0 >"$LOGS/$1.time"
}

is_root=0
[ "$(id -u)" = 0 ] && is_root=1

echo "sonde test suite: $SONDE, build tree $BUILD"
if [ ! -x "$SONDE" ]; then
	echo "warning: $SONDE is not built; the errors and e2e suites will fail"
fi

# unit and errors in the background, kern in the foreground.
(
	if [ ${#unit_bins[@]} = 0 ]; then
		not_run unit 1 "no unit test binaries in $BUILD/tests (run make)"
	else
		run_suite unit 300 tests/run-unit.sh "${unit_bins[@]}"
	fi
	run_suite errors 300 tests/errors/run.sh
	run_suite fmt 300 tests/fmt/run.sh
	# the flame graph SVG in headless Chromium: click to zoom, search (no root needed)
	run_suite browser 300 tests/browser/run.sh
) &
bg=$!

if [ $is_root = 0 ]; then
	not_run kern "${#kern_bins[@]}" "not root: loading BPF programs needs root (CI runs as root)"
elif [ ${#kern_bins[@]} = 0 ]; then
	not_run kern 1 "no kernel test binaries in $BUILD/kern (run make check)"
else
	run_suite kern 300 tests/run-unit.sh "${kern_bins[@]}"
fi
wait $bg

if [ $is_root = 0 ]; then
	not_run e2e "$n_e2e" "not root: attaching probes needs root (CI runs as root)"
else
	run_suite e2e 900 tests/e2e/run.sh
fi

total_pass=0
total_fail=0
summary=()
for suite in unit kern errors fmt browser e2e; do
	log=$LOGS/$suite.log
	rc=$(cat "$LOGS/$suite.rc")
	echo
	echo "=============== $suite ($(cat "$LOGS/$suite.time")s) ==============="
	cat "$log"
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
	p=${line%% passed*}
	f=${line#*, }
	f=${f%% failed}
	if [ -z "$line" ]; then
		p=0
		f=1
		if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
			echo "$suite: timed out"
		else
			echo "$suite: ended (status $rc) without a summary"
		fi
	elif [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		f=$((f + 1))
		echo "$suite: timed out"
	elif [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		f=1
		echo "$suite: exited with status $rc"
	fi
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
	summary+=("$(printf '%-7s %4d passed, %3d failed' "$suite:" "$p" "$f")")
done

echo
echo "=============== summary ($((SECONDS - START))s) ==============="
printf '%s\n' "${summary[@]}"
echo "$total_pass passed, $total_fail failed"
[ $total_fail = 0 ]
