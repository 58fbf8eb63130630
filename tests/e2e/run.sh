#!/bin/bash
# End-to-end tests: run sonde on real probes while a workload with exactly
# known behaviour (tests/progs/) runs, and compare what it prints.
#
#   tests/e2e/run.sh [-v] [-l] [PATTERN...]
#
# PATTERN selects cases whose name contains it. -v prints every case's output;
# -l lists the cases. Environment: SONDE (default ./sonde), BUILD (default
# build: the workloads are $BUILD/progs/*). Prints one line per case and
# ends with "N passed, N failed"; exits non-zero if anything failed.
# E2E_BUDGET (seconds, default 780) bounds the whole run: once it is spent,
# the remaining cases fail at once instead of each waiting for its timeouts.
#
# A case is a bash file in tests/e2e/cases/ that describes itself with the
# functions below (see tests/e2e/README.md); the runner sources it in a
# subshell, then runs:
#   1. sonde in the background (stdout and stderr to files);
#   2. waits until stderr says "Attached N probe(s)" (or sonde exits);
#   3. runs the workload in the foreground;
#   4. ends the run the case's way: the script exits by itself (the
#      workload's final marker call triggers exit()), or the runner sends
#      SIGINT;
#   5. compares exit status, stdout and stderr.
# Every wait has a timeout and kills what it waited for: a case never hangs.
# shellcheck disable=SC1090  # cases are sourced by computed path
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
SONDE=${SONDE:-$ROOT/sonde}
case $SONDE in /*) ;; *) SONDE=$ROOT/$SONDE ;; esac
PROGS=$BUILD/progs
# bpftrace's own tool scripts, which the tool_* cases run unmodified (scripts/bpftrace-tools.sh)
export BT_TOOLS=${BT_TOOLS:-$BUILD/bpftrace-tools}
CASEDIR=$ROOT/tests/e2e/cases
SCRIPTDIR=$ROOT/tests/e2e/scripts

VERBOSE=0
LIST=0
while [ $# -gt 0 ]; do
	case $1 in
	-v) VERBOSE=1; shift ;;
	-l) LIST=1; shift ;;
	--) shift; break ;;
	-*) echo "usage: $0 [-v] [-l] [PATTERN...]" >&2; exit 2 ;;
	*) break ;;
	esac
done

# ---- the case description language ----------------------------------------

# Defaults, reset before each case is sourced.
reset_case() {
	DESC=""
	PROG=""
	HAVE_PROG=0
	SCRIPT=""
	TOOL=""
	ARGS=()
	OPTS=()
	WRAP=()
	ENVS=()
	WL=()
	WL_FIRST=0
	STOP="exit"
	ONESHOT=0
	STATUS=0
	TIMEOUT=10
	EXPECT_MODE=""
	EXPECT=""
	EXPECT_STDERR=()
	EXPECT_STDERR_ABSENT=()
	EXPECT_ABSENT=()
	COMPARE_FILE=""
	unset -f check_case
}

# desc TEXT: what the case checks, shown on failure.
desc() { DESC="$*"; }
# prog [TEXT]: the program, passed with -e (TEXT, or stdin: a quoted here-doc).
prog() { if [ $# -gt 0 ]; then PROG="$*"; else PROG=$(cat); fi; HAVE_PROG=1; }
# script FILE: run a script file instead (relative to tests/e2e/scripts or the repo).
script() {
	if [ -f "$SCRIPTDIR/$1" ]; then SCRIPT=$SCRIPTDIR/$1; else SCRIPT=$ROOT/$1; fi
}
# tool NAME: run the shipped tool NAME (`sonde NAME OPTS... ARGS...`) instead
# of a program. Tools run quietly (no "Attached" message): their header line,
# printed by BEGIN once every probe is attached, is the sign to go.
tool() { TOOL=$1; }
# args ARG...: positional parameters after the program.
args() { ARGS=("$@"); }
# opts OPT...: sonde options before the program.
opts() { OPTS=("$@"); }
# wrap CMD...: sonde runs under this command (unshare --pid --fork --mount-proc: in a container).
wrap() { WRAP=("$@"); }

# environ NAME=VALUE...: sonde's environment gets these too (bpftrace's BPFTRACE_* settings).
environ() { ENVS=("$@"); }
# workload PROG ARG...: what to run once sonde is attached (PROG in $BUILD/progs).
workload() { WL=("$@"); }
# workload_first: start the workload first, paused (-w), so its pid ({{WL_PID}})
# can be given to sonde; it is released (SIGUSR1) once sonde is attached.
workload_first() { WL_FIRST=1; }
# stop exit|sigint: the script exits by itself (default), or the runner sends
# SIGINT once the workload is done.
stop() { STOP=$1; }
# oneshot: sonde runs to completion on its own; no waiting for "Attached"
# (listing, --version, -h, -q, compile errors).
oneshot() { ONESHOT=1; }
# status N: the expected exit status (default 0).
status() { STATUS=$1; }
# timeout SECONDS: for sonde to attach and, separately, to exit (default 10).
timeout_s() { TIMEOUT=$1; }

# Expected stdout, read from stdin (a quoted here-doc) or the arguments.
# Both sides are normalized first: trailing white space is dropped and blank
# lines are removed, because bpftrace versions differ in the blank lines
# around map output (the output unit tests pin those down byte for byte).
# {{WL_PID}} {{UID}} {{GID}} {{NCPUS}} are replaced by their values.
_set_expect() { EXPECT_MODE=$1; shift; if [ $# -gt 0 ]; then EXPECT="$*"; else EXPECT=$(cat); fi; }
# expect: stdout is exactly these lines.
expect() { _set_expect exact "$@"; }
# expect_sorted: the same lines, in any order (maps whose values tie).
expect_sorted() { _set_expect sorted "$@"; }
# expect_regex: one extended regex per line, matched against the whole line, in order.
expect_regex() { _set_expect regex "$@"; }
# expect_contains: each of these lines appears somewhere in stdout (whole lines).
expect_contains() { _set_expect contains "$@"; }
# expect_absent LINE: no stdout line contains LINE.
expect_absent() { EXPECT_ABSENT+=("$1"); }
# expect_stderr TEXT: some stderr line contains TEXT.
expect_stderr() { EXPECT_STDERR+=("$1"); }
# expect_stderr_absent TEXT: no stderr line contains TEXT.
expect_stderr_absent() { EXPECT_STDERR_ABSENT+=("$1"); }
# compare_file PATH: compare this file (e.g. {{OUT}} for -o) instead of stdout.
compare_file() { COMPARE_FILE=$1; }
# A case may also define check_case(): it runs last, with $STDOUT, $STDERR
# and $WORK set, and fails the case by returning non-zero (printing why).

# ---- helpers -----------------------------------------------------------------

NCPUS=$(getconf _NPROCESSORS_CONF 2>/dev/null || nproc)
ATTACHED_RE='^Attached [0-9]+ probes?$'

# Cases name the workload "sonde_wl" and its final marker 999999 (see
# tests/progs/syscalls.c). Each run of this script uses its own name and
# marker instead, so that two runs on one machine (two engineers, or a
# developer and CI) neither count each other's calls nor end each other's
# scripts: both spellings are replaced in programs, scripts, arguments and
# expected output, and handed to the workloads through the environment.
WL_COMM=sonde_wl$(($$ % 100000))
MARK=$((900000 + $$ % 100000))
export SONDE_WL_COMM=$WL_COMM SONDE_WL_MARKER=$MARK

# Fills in {{...}} placeholders.
subst() {
	local s=$1
	s=${s//\{\{WL_PID\}\}/${WL_PID:-}}
	s=${s//\{\{UID\}\}/$(id -u)}
	s=${s//\{\{GID\}\}/$(id -g)}
	s=${s//\{\{NCPUS\}\}/$NCPUS}
	s=${s//\{\{OUT\}\}/$WORK/out}
	s=${s//\{\{PROGS\}\}/$PROGS}
	s=${s//\{\{ROOT\}\}/$ROOT}
	s=${s//sonde_wl/$WL_COMM}
	s=${s//999999/$MARK}
	printf '%s' "$s"
}

norm() {
	sed -e 's/[[:space:]]*$//' "$1" | grep -v '^$'
	return 0
}

# Waits up to $2 seconds for process $1 to end; 0 if it ended, 1 if not.
wait_gone() {
	local pid=$1 deadline=$((SECONDS + $2))
	while kill -0 "$pid" 2>/dev/null; do
		# A zombie child still answers kill -0; ps tells the difference.
		case $(ps -o stat= -p "$pid" 2>/dev/null) in Z*) return 0 ;; esac
		[ $SECONDS -ge "$deadline" ] && return 1
		sleep 0.02
	done
	return 0
}

# Whether sonde has attached: its message, or a tool's first line of output.
attached() {
	if [ -n "$TOOL" ]; then
		[ -s "$STDOUT" ]
	else
		# -f json says it on stdout, as bpftrace does
		grep -Eq "$ATTACHED_RE" "$STDERR" || grep -q '^{"type": "attached_probes"' "$STDOUT"
	fi
}

# Kills process $1 (if still there) and reaps it.
kill_reap() {
	kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}

fail() {
	echo "FAIL: $*"
	return 1
}

show_file() {
	local label=$1 file=$2
	echo "--- $label:"
	if [ -s "$file" ]; then head -n 40 "$file" | sed 's/^/    /'; else echo "    (empty)"; fi
}

# ---- running one case ----------------------------------------------------------

# Runs the case described by the sourced file; prints why it failed.
run_case() {
	local cmd=() sonde_pid wl_pid="" rc wl_rc out actual expected line i

	STDOUT=$WORK/stdout
	STDERR=$WORK/stderr
	: >"$STDOUT"
	: >"$STDERR"

	if [ ! -x "$SONDE" ]; then
		fail "sonde is not built ($SONDE does not exist): run make"
		return 1
	fi
	if [ ${#WL[@]} -gt 0 ] && [ ! -x "$PROGS/${WL[0]}" ]; then
		fail "workload $PROGS/${WL[0]} is not built: run make check (it builds tests/progs)"
		return 1
	fi

	# The workload goes first when the case needs its pid.
	if [ $WL_FIRST = 1 ]; then
		"$PROGS/${WL[0]}" -w "${WL[@]:1}" >"$WORK/wl.out" 2>&1 &
		wl_pid=$!
		WL_PID=$wl_pid
	fi

	cmd=("${WRAP[@]}" env "${ENVS[@]}" "$SONDE")
	[ -n "$TOOL" ] && cmd+=("$TOOL")
	for i in "${OPTS[@]}"; do cmd+=("$(subst "$i")"); done
	if [ $HAVE_PROG = 1 ]; then
		cmd+=(-e "$(subst "$PROG")")
	elif [ -n "$SCRIPT" ]; then
		# A copy under the same name, with this run's workload name and marker.
		mkdir -p "$WORK/script"
		subst "$(cat "$SCRIPT")" >"$WORK/script/${SCRIPT##*/}"
		cmd+=("$WORK/script/${SCRIPT##*/}")
	fi
	for i in "${ARGS[@]}"; do cmd+=("$(subst "$i")"); done

	(cd "$WORK" && exec "${cmd[@]}") >"$STDOUT" 2>"$STDERR" </dev/null &
	sonde_pid=$!

	if [ $ONESHOT = 0 ]; then
		# 2. Wait for the attach message (or an early exit: BEGIN-only scripts).
		local deadline=$((SECONDS + TIMEOUT))
		while ! attached; do
			wait_gone "$sonde_pid" 0 && break
			if [ $SECONDS -ge $deadline ]; then
				kill_reap "$sonde_pid"
				[ -n "$wl_pid" ] && kill_reap "$wl_pid"
				fail "sonde did not print 'Attached N probes' within ${TIMEOUT}s"
				show_file stderr "$STDERR"
				return 1
			fi
			sleep 0.02
		done
		if ! attached; then
			wait "$sonde_pid"
			rc=$?
			[ -n "$wl_pid" ] && kill_reap "$wl_pid"
			fail "sonde exited with status $rc before attaching (no 'Attached N probes' on stderr)"
			show_file stderr "$STDERR"
			show_file stdout "$STDOUT"
			return 1
		fi

		# 3. The workload.
		if [ ${#WL[@]} -gt 0 ]; then
			if [ -n "$wl_pid" ]; then
				kill -USR1 "$wl_pid"
				if ! wait_gone "$wl_pid" 20; then
					kill_reap "$wl_pid"
					kill_reap "$sonde_pid"
					fail "workload ${WL[*]} did not finish within 20s"
					return 1
				fi
				wait "$wl_pid"
				wl_rc=$?
			else
				timeout -k 1 20 "$PROGS/${WL[0]}" "${WL[@]:1}" >"$WORK/wl.out" 2>&1
				wl_rc=$?
			fi
			if [ $wl_rc != 0 ]; then
				kill_reap "$sonde_pid"
				fail "workload ${WL[*]} failed (status $wl_rc)"
				show_file "workload output" "$WORK/wl.out"
				return 1
			fi
		fi

		# 4. Ending the run.
		if [ "$STOP" = sigint ]; then
			# Let the last events reach the ring buffer reader first.
			sleep 0.2
			kill -INT "$sonde_pid" 2>/dev/null
		fi
	fi

	if ! wait_gone "$sonde_pid" "$TIMEOUT"; then
		kill_reap "$sonde_pid"
		[ -n "$wl_pid" ] && kill_reap "$wl_pid"
		if [ "$STOP" = exit ] && [ $ONESHOT = 0 ]; then
			fail "sonde did not exit within ${TIMEOUT}s (the script should have called exit())"
		else
			fail "sonde did not exit within ${TIMEOUT}s"
		fi
		show_file stdout "$STDOUT"
		show_file stderr "$STDERR"
		return 1
	fi
	wait "$sonde_pid"
	rc=$?
	[ -n "$wl_pid" ] && kill_reap "$wl_pid"

	# 5. Checks.
	local ok=1
	if [ "$rc" != "$STATUS" ]; then
		fail "exit status $rc, expected $STATUS"
		ok=0
	fi
	out=$STDOUT
	if [ -n "$COMPARE_FILE" ]; then
		out=$(subst "$COMPARE_FILE")
		if [ ! -f "$out" ]; then
			fail "sonde did not create $out"
			out=/dev/null
			ok=0
		fi
	fi
	if [ -n "$EXPECT_MODE" ]; then
		actual=$WORK/actual
		expected=$WORK/expected
		norm "$out" >"$actual"
		subst "$EXPECT" >"$WORK/expected.raw"
		echo >>"$WORK/expected.raw"
		norm "$WORK/expected.raw" >"$expected"
		case $EXPECT_MODE in
		exact)
			if ! diff -u "$expected" "$actual" >"$WORK/diff"; then
				fail "stdout differs (- expected, + actual; blank lines and trailing spaces ignored)"
				sed 's/^/    /' "$WORK/diff" | head -n 60
				ok=0
			fi
			;;
		sorted)
			sort "$expected" >"$expected.s"
			sort "$actual" >"$actual.s"
			if ! diff -u "$expected.s" "$actual.s" >"$WORK/diff"; then
				fail "stdout differs, in any order (- expected, + actual)"
				sed 's/^/    /' "$WORK/diff" | head -n 60
				ok=0
			fi
			;;
		regex)
			local n_exp n_act
			n_exp=$(wc -l <"$expected")
			n_act=$(wc -l <"$actual")
			if [ "$n_exp" != "$n_act" ]; then
				fail "stdout has $n_act lines, expected $n_exp matching:"
				sed 's/^/    re: /' "$expected"
				show_file stdout "$actual"
				ok=0
			else
				i=1
				while IFS= read -r line; do
					local got
					got=$(sed -n "${i}p" "$actual")
					if ! printf '%s\n' "$got" | grep -Eq -- "^($line)\$"; then
						fail "stdout line $i '$got' does not match /^($line)\$/"
						ok=0
					fi
					i=$((i + 1))
				done <"$expected"
				[ $ok = 0 ] && show_file stdout "$actual"
			fi
			;;
		contains)
			while IFS= read -r line; do
				if ! grep -Fxq -- "$line" "$actual"; then
					fail "stdout has no line '$line'"
					ok=0
				fi
			done <"$expected"
			[ $ok = 0 ] && show_file stdout "$actual"
			;;
		esac
	fi
	for line in "${EXPECT_ABSENT[@]}"; do
		if grep -Fq -- "$(subst "$line")" "$out"; then
			fail "stdout has '$line', which it must not"
			ok=0
		fi
	done
	for line in "${EXPECT_STDERR[@]}"; do
		if ! grep -Fq -- "$(subst "$line")" "$STDERR"; then
			fail "stderr has no '$line'"
			ok=0
		fi
	done
	for line in "${EXPECT_STDERR_ABSENT[@]}"; do
		if grep -Fq -- "$(subst "$line")" "$STDERR"; then
			fail "stderr has '$line', which it must not"
			ok=0
		fi
	done
	if [ $ok = 1 ] && declare -F check_case >/dev/null; then
		if ! check_case; then
			fail "check_case failed"
			ok=0
		fi
	fi
	if [ $ok = 0 ]; then
		show_file stderr "$STDERR"
		return 1
	fi
	if [ $VERBOSE = 1 ]; then
		show_file stdout "$out"
		show_file stderr "$STDERR"
	fi
	return 0
}

# ---- main ------------------------------------------------------------------------

cases=()
for f in "$CASEDIR"/*.sh; do
	name=$(basename "$f" .sh)
	if [ $# -gt 0 ]; then
		keep=0
		for p in "$@"; do case $name in *"$p"*) keep=1 ;; esac; done
		[ $keep = 0 ] && continue
	fi
	cases+=("$f")
done
if [ $LIST = 1 ]; then
	for f in "${cases[@]}"; do
		(reset_case; . "$f"; printf '%-28s %s\n' "$(basename "$f" .sh)" "$DESC")
	done
	exit 0
fi

TOP=$(mktemp -d /tmp/sonde-e2e.XXXXXX)
trap 'rm -rf "$TOP"' EXIT
pass=0
failed=0
failures=()
BUDGET=${E2E_BUDGET:-780}

if [ "$(id -u)" != 0 ]; then
	echo "e2e: not root: sonde needs root to load BPF programs, so these ${#cases[@]} cases cannot run"
	echo "e2e: 0 passed, ${#cases[@]} failed"
	echo "0 passed, ${#cases[@]} failed"
	exit 1
fi

for f in "${cases[@]}"; do
	name=$(basename "$f" .sh)
	if [ $SECONDS -ge "$BUDGET" ]; then
		failed=$((failed + 1))
		failures+=("$name")
		printf 'FAIL %-30s not run: the time budget (E2E_BUDGET=%ss) is spent\n' "$name" "$BUDGET"
		continue
	fi
	WORK=$TOP/$name
	mkdir -p "$WORK"
	start=$(date +%s%N)
	log=$WORK/log
	(
		reset_case
		. "$f"
		WL_PID=""
		run_case
	) >"$log" 2>&1
	rc=$?
	ms=$((($(date +%s%N) - start) / 1000000))
	if [ $rc = 0 ]; then
		pass=$((pass + 1))
		printf 'PASS %-30s (%d ms)\n' "$name" "$ms"
		[ $VERBOSE = 1 ] && sed 's/^/  /' "$log"
	else
		failed=$((failed + 1))
		failures+=("$name")
		printf 'FAIL %-30s (%d ms) %s\n' "$name" "$ms" "$(reset_case; . "$f"; echo "$DESC")"
		sed 's/^/  /' "$log"
	fi
done

[ $failed -gt 0 ] && echo "e2e failures: ${failures[*]}"
echo "$pass passed, $failed failed"
[ $failed = 0 ]
