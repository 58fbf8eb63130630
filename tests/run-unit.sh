#!/bin/bash
# Runs C test binaries built on tests/unit/unit.h and adds up their results.
#
#   tests/run-unit.sh [-q] BINARY...
#
# Each binary prints "NAME: N passed, N failed" last. A binary that exits
# non-zero without failing a test, prints no summary, or runs longer than
# $UNIT_TIMEOUT seconds (default 120) counts as one more failure. -q prints
# only failing binaries. Ends with "N passed, N failed"; exits non-zero if
# anything failed.
set -u

QUIET=0
if [ "${1:-}" = -q ]; then
	QUIET=1
	shift
fi
TIMEOUT=${UNIT_TIMEOUT:-120}
TMP=$(mktemp -d /tmp/sonde-unit.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

pass=0
failed=0
for bin in "$@"; do
	name=$(basename "$bin")
	log=$TMP/$name.log
	if [ ! -x "$bin" ]; then
		echo "FAIL $name: $bin is not built"
		failed=$((failed + 1))
		continue
	fi
	timeout -k 2 "$TIMEOUT" "$bin" >"$log" 2>&1 </dev/null
	rc=$?
	summary=$(grep -E '[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
	p=$(printf '%s\n' "$summary" | sed -nE 's/^(.*[^0-9])?([0-9]+) passed, ([0-9]+) failed$/\2/p')
	f=$(printf '%s\n' "$summary" | sed -nE 's/^(.*[^0-9])?([0-9]+) passed, ([0-9]+) failed$/\3/p')
	why=""
	if [ -z "$summary" ]; then
		p=0
		f=1
		if [ $rc = 124 ] || [ $rc = 137 ]; then
			why="timed out after ${TIMEOUT}s"
		elif [ $rc -ge 128 ]; then
			why="crashed (signal $((rc - 128)))"
		else
			why="exited with status $rc and no summary"
		fi
	elif [ $rc != 0 ] && [ "$f" = 0 ]; then
		f=1
		why="exited with status $rc"
	fi
	pass=$((pass + p))
	failed=$((failed + f))
	if [ "$f" != 0 ]; then
		echo "FAIL $name: $p passed, $f failed${why:+ ($why)}"
		sed 's/^/  /' "$log" | tail -n 60
	elif [ $QUIET = 0 ]; then
		echo "PASS $name: $p passed"
	fi
done
echo "$pass passed, $failed failed"
[ $failed = 0 ]
