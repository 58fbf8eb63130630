#!/bin/bash
# guest.sh: runs inside the test VM (see run.sh), chrooted into the host's
# root. Reads $OUT/env, runs every case, and leaves each one's stdout,
# stderr, exit status and timing in $OUT/cases/NAME/ for the host to check.
set -u
. "$OUT/env"
. "$ROOT/tests/kernels/lib.sh"
export TMPDIR=$OUT/tmp
mkdir -p "$TMPDIR"
# loopback up: the network cases send over it
ip link set lo up 2>/dev/null

# Waits up to $2 seconds for process $1 to end; 0 if it ended.
wait_gone() {
	local deadline=$((SECONDS + $2))
	while kill -0 "$1" 2>/dev/null; do
		case $(ps -o stat= -p "$1" 2>/dev/null) in Z*) return 0 ;; esac
		[ $SECONDS -ge "$deadline" ] && return 1
		sleep 0.2
	done
	return 0
}

run_case() {
	local dir=$1 pid rc wl=()

	: >"$dir/stdout"
	: >"$dir/stderr"
	if [ -n "$TOOL" ]; then
		"$SONDE" "$TOOL" "${OPTS[@]}" "${ARGS[@]}" >"$dir/stdout" 2>"$dir/stderr" </dev/null &
	elif [ -n "$PROG" ]; then
		"$SONDE" "${OPTS[@]}" -e "$PROG" >"$dir/stdout" 2>"$dir/stderr" </dev/null &
	else
		# no program: the options are the input (-l)
		"$SONDE" "${OPTS[@]}" "${ARGS[@]}" >"$dir/stdout" 2>"$dir/stderr" </dev/null &
	fi
	pid=$!
	if [ "$ONESHOT" = 0 ]; then
		local deadline=$((SECONDS + TIMEOUT))
		# tools print no "Attached": their header line, printed once attached, stands for it
		until grep -qE '^Attached [0-9]+ probes?$' "$dir/stderr" || { [ -n "$TOOL" ] && [ -s "$dir/stdout" ]; }; do
			if ! kill -0 $pid 2>/dev/null || [ $SECONDS -ge $deadline ]; then
				break
			fi
			sleep 0.2
		done
		if [ ${#WL[@]} -gt 0 ]; then
			wl=("${WL[@]}")
			[ -x "$PROGS/${wl[0]}" ] && wl[0]=$PROGS/${wl[0]}
			"${wl[@]}" >"$dir/workload.out" 2>&1
			echo $? >"$dir/workload.rc"
		fi
		[ "$STOP" = sigint ] && kill -INT $pid 2>/dev/null
	fi
	if ! wait_gone $pid "$TIMEOUT"; then
		echo "timed out after ${TIMEOUT}s" >"$dir/killed"
		kill -KILL $pid 2>/dev/null
	fi
	wait $pid
	rc=$?
	echo $rc >"$dir/rc"
}

echo "guest: $(uname -r), $(nproc) CPUs, suite starts at $(cut -d' ' -f1 /proc/uptime)s" >"$OUT/guest.log"
for f in "$CASEDIR"/*.sh; do
	name=$(basename "$f" .sh)
	if [ -n "${CASES:-}" ] && ! printf '%s\n' $CASES | grep -qxF "$name"; then
		continue
	fi
	dir=$OUT/cases/$name
	mkdir -p "$dir"
	t0=$(date +%s%N)
	(
		reset_case
		. "$f"
		run_case "$dir"
	)
	echo "$name $((($(date +%s%N) - t0) / 1000000)) ms, done at $(cut -d' ' -f1 /proc/uptime)s" >>"$OUT/guest.log"
done
echo done >"$OUT/done"
