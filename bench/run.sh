#!/bin/bash
# Benchmarks sonde against bpftrace (make bench). See bench/README.md.
#
#   bench/run.sh [-r RUNS] [-n EVENTS]
#
# (a) start-up: wall time (median of RUNS runs, hyperfine when installed)
#     and peak RSS of one-liners that attach one tracepoint and exit on its
#     first hit, which a background trigger provides every millisecond;
# (b) generated code: for five scripts, the translated instruction count
#     and run time per event of the tracepoint programs each tool loads,
#     read with bpftool while a workload fires the probes EVENTS times,
#     with kernel.bpf_stats_enabled=1.
# This measures and prints; it asserts nothing. Needs root. Environment:
# SONDE (default ./sonde), BPFTRACE (default bpftrace), BUILD (default build).
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
SONDE=${SONDE:-$ROOT/sonde}
BPFTRACE=${BPFTRACE:-bpftrace}
WL=$BUILD/progs/syscalls
RUNS=10
EVENTS=100000

while getopts "r:n:" o; do
	case $o in
	r) RUNS=$OPTARG ;;
	n) EVENTS=$OPTARG ;;
	*) echo "usage: $0 [-r RUNS] [-n EVENTS]" >&2; exit 2 ;;
	esac
done

die() { echo "bench: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (it loads BPF programs)"
[ -x "$SONDE" ] || die "$SONDE is not built: run make"
[ -x "$WL" ] || make -s -C "$ROOT" "$WL" >/dev/null || die "cannot build $WL"
for tool in bpftool jq /usr/bin/time; do
	command -v "$tool" >/dev/null || die "$tool is missing: run scripts/bootstrap.sh --bench"
done
HAVE_BPFTRACE=1
if ! command -v "$BPFTRACE" >/dev/null; then
	echo "bench: $BPFTRACE is not installed (scripts/bootstrap.sh --bench): sonde's numbers only"
	HAVE_BPFTRACE=0
fi
HAVE_HYPERFINE=1
command -v hyperfine >/dev/null || HAVE_HYPERFINE=0

T=$(mktemp -d /tmp/sonde-bench.XXXXXX)
TRIGGER=""
OLD_STATS=$(cat /proc/sys/kernel/bpf_stats_enabled 2>/dev/null || echo 0)
cleanup() {
	[ -n "$TRIGGER" ] && kill "$TRIGGER" 2>/dev/null
	echo "$OLD_STATS" >/proc/sys/kernel/bpf_stats_enabled 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ratio A B: A / B with two decimals, or n/a.
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || a == "n/a" || b == "n/a" || b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'
}

median() {
	sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# ---- (a) start-up ---------------------------------------------------------------

# Every one-liner here ends on its first event; this makes one a millisecond.
"$WL" -M -r 0 getppid 1 pause 1 &
TRIGGER=$!

ONELINERS=(
	'tracepoint:syscalls:sys_enter_getppid { exit(); }'
	'tracepoint:syscalls:sys_enter_getppid { @[comm] = count(); exit(); }'
	'tracepoint:syscalls:sys_enter_getppid { @h = hist(pid); printf("%d %s\n", pid, comm); exit(); }'
	# no tracepoint: compile, load and run, without the kernel's wait when a tracepoint is detached
	'BEGIN { exit(); }'
)

# wall_ms TOOL SCRIPT: median wall time in milliseconds. Runs are 100 ms
# apart: a tracepoint attached again right after it was detached waits for an
# RCU grace period (tracepoint_add_func's tp_rcu_cond_sync), which a run on
# its own does not pay, and back-to-back runs would measure that wait.
wall_ms() {
	local tool=$1 script=$2
	if [ $HAVE_HYPERFINE = 1 ]; then
		if hyperfine -N -w 2 -r "$RUNS" --prepare 'sleep 0.1' --export-csv "$T/h.csv" -- "$tool -e '$script'" \
			>/dev/null 2>&1; then
			# command,mean,stddev,median,... in seconds
			awk -F, 'NR == 2 { printf "%.1f\n", $4 * 1000 }' "$T/h.csv"
			return
		fi
	fi
	local i t0
	for ((i = 0; i < RUNS; i++)); do
		sleep 0.1
		t0=$(date +%s%N)
		"$tool" -e "$script" >/dev/null 2>&1
		echo $((($(date +%s%N) - t0) / 1000))
	done | median | awk '{ if ($1 == "n/a") print "n/a"; else printf "%.1f\n", $1 / 1000 }'
}

# rss_mib TOOL SCRIPT: median peak resident set size in MiB.
rss_mib() {
	local tool=$1 script=$2 i
	for ((i = 0; i < 3; i++)); do
		/usr/bin/time -f %M -o "$T/rss" "$tool" -e "$script" >/dev/null 2>&1
		tail -n 1 "$T/rss"
	done | median | awk '{ if ($1 == "n/a") print "n/a"; else printf "%.1f\n", $1 / 1024 }'
}

echo "== start-up: attach one tracepoint, exit on its first event (median of $RUNS runs$([ $HAVE_HYPERFINE = 1 ] && echo ", hyperfine"))"
printf '%-4s %10s %12s %7s %10s %12s %7s\n' "#" "sonde ms" "bpftrace ms" "ratio" "sonde MiB" "bpftrace MiB" "ratio"
i=0
for s in "${ONELINERS[@]}"; do
	i=$((i + 1))
	sw=$(wall_ms "$SONDE" "$s")
	sr=$(rss_mib "$SONDE" "$s")
	bw=n/a
	br=n/a
	if [ $HAVE_BPFTRACE = 1 ]; then
		bw=$(wall_ms "$BPFTRACE" "$s")
		br=$(rss_mib "$BPFTRACE" "$s")
	fi
	printf '%-4s %10s %12s %7s %10s %12s %7s\n' "$i" "$sw" "$bw" "$(ratio "$bw" "$sw")" "$sr" "$br" "$(ratio "$br" "$sr")"
done
i=0
for s in "${ONELINERS[@]}"; do
	i=$((i + 1))
	echo "  $i: $s"
done
echo "  ratio = bpftrace / sonde: the target is >= 20 for time; sonde's peak RSS < 8 MiB."
# The kernel's share: detaching a tracepoint's last perf event waits for RCU grace periods.
if [ -n "$SONDE" ]; then
	d=$("$SONDE" -v -e "${ONELINERS[0]}" 2>&1 >/dev/null | sed -n 's/^sonde: detached .* in \([0-9.]*\) ms$/\1/p')
	echo "  of sonde's time in 1, the kernel's wait to detach the tracepoint (sonde -v): ${d:-n/a} ms"
fi
kill "$TRIGGER" 2>/dev/null
wait "$TRIGGER" 2>/dev/null
TRIGGER=""

# ---- (b) generated code -------------------------------------------------------

SCRIPTS=(
	'count by comm|tracepoint:syscalls:sys_enter_getppid { @[comm] = count(); }'
	'hist of an arg|tracepoint:syscalls:sys_enter_write { @ = hist(args->count); }'
	'filtered sum|tracepoint:syscalls:sys_enter_write /comm == "sonde_wl"/ { @ = sum(args->count); }'
	'printf per event|tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ { printf("%d %s\n", pid, comm); }'
	'latency pair|tracepoint:syscalls:sys_enter_getppid { @s[tid] = nsecs; } tracepoint:syscalls:sys_exit_getppid /@s[tid]/ { @lat = hist(nsecs - @s[tid]); delete(@s[tid]); }'
)

# The BPF program ids a process holds, from its file descriptors.
prog_ids() {
	local pid=$1 f
	for f in /proc/"$pid"/fdinfo/*; do
		sed -n 's/^prog_id:[[:space:]]*//p' "$f" 2>/dev/null
	done | sort -un
}

# wall_ns OP: nanoseconds the workload takes for OVERHEAD_CALLS calls of OP
# (getppid: the scripts' probe; getpid: a syscall no script traces), best of 3.
OVERHEAD_CALLS=1000000
wall_ns() {
	local best="" i t0 t1
	for ((i = 0; i < 3; i++)); do
		t0=$(date +%s%N)
		"$WL" -M "$1" "$OVERHEAD_CALLS" >/dev/null 2>&1
		t1=$(date +%s%N)
		if [ -z "$best" ] || [ $((t1 - t0)) -lt "$best" ]; then best=$((t1 - t0)); fi
	done
	echo "$best"
}

# per_call TRACED BASE: the added nanoseconds per call, one decimal.
per_call() {
	awk -v t="$1" -v b="$2" -v n="$OVERHEAD_CALLS" 'BEGIN { printf "%.1f", (t - b) / n }'
}

# measure TOOL SCRIPT: prints "INSNS NS_PER_EVENT NPROGS WALL_TRACED WALL_OTHER"
# for the tool's probe programs: tracepoint programs, and BTF raw tracepoint
# programs, which is what sonde makes of tracepoint:syscalls (begin/end are
# raw_tracepoint programs). WALL_* are the workload's added nanoseconds per
# traced call (getppid) and per untraced call (getpid): everything the kernel
# does for a probe, not only the program (a raw sys_enter program runs for
# every syscall and tests the number; a perf event tests a bitmap first).
measure() {
	local tool=$1 script=$2 pid i ids insns=0 time=0 cnt=0 n=0 id
	"$tool" -e "$script" >"$T/out" 2>"$T/err" &
	pid=$!
	# sonde says Attached on stderr once attached; bpftrace says Attaching
	# (0.17, before attaching) or Attached on stdout.
	for ((i = 0; i < 300; i++)); do
		grep -qs '^Attach' "$T/err" "$T/out" && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	sleep 1
	if ! kill -0 "$pid" 2>/dev/null; then
		echo "n/a n/a 0 n/a n/a"
		return
	fi
	"$WL" -M getppid "$EVENTS" writeb "$EVENTS" 64 >/dev/null 2>&1
	ids=$(prog_ids "$pid")
	for id in $ids; do
		bpftool prog show id "$id" -j >"$T/prog.json" 2>/dev/null || continue
		case $(jq -r .type "$T/prog.json") in tracepoint | tracing) ;; *) continue ;; esac
		insns=$((insns + $(jq -r '.bytes_xlated // 0' "$T/prog.json") / 8))
		time=$((time + $(jq -r '.run_time_ns // 0' "$T/prog.json")))
		cnt=$((cnt + $(jq -r '.run_cnt // 0' "$T/prog.json")))
		n=$((n + 1))
	done
	local traced other
	# bpf_stats reads the clock twice per program run: off while timing, or it
	# would weigh on a program that runs for every syscall more than on a perf event
	echo 0 >/proc/sys/kernel/bpf_stats_enabled
	traced=$(per_call "$(wall_ns getppid)" "$BASE_GETPPID")
	other=$(per_call "$(wall_ns getpid)" "$BASE_GETPID")
	echo 1 >/proc/sys/kernel/bpf_stats_enabled
	kill -INT "$pid" 2>/dev/null
	for ((i = 0; i < 100; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	if [ $n = 0 ]; then
		echo "n/a n/a 0 n/a n/a"
	else
		echo "$insns $(awk -v t="$time" -v c="$cnt" 'BEGIN { if (c == 0) print "n/a"; else printf "%.1f", t / c }') $n $traced $other"
	fi
}

echo
echo "== generated code: tracepoint programs, $EVENTS getppid and $EVENTS write calls (kernel.bpf_stats_enabled=1)"
# the trigger of (a) would add its calls to the timings
[ -n "$TRIGGER" ] && kill "$TRIGGER" 2>/dev/null
TRIGGER=""
BASE_GETPPID=$(wall_ns getppid)
BASE_GETPID=$(wall_ns getpid)
echo 1 >/proc/sys/kernel/bpf_stats_enabled || die "cannot enable kernel.bpf_stats_enabled"
printf '%-18s %8s %8s %6s %10s %10s %6s %9s %9s %9s %9s\n' "script" "sonde" "bpftrace" "ratio" "sonde" "bpftrace" "ratio" \
	"sonde" "bpftrace" "sonde" "bpftrace"
printf '%-18s %8s %8s %6s %10s %10s %6s %9s %9s %9s %9s\n' "" "insns" "insns" "" "ns/run" "ns/run" "" \
	"ns/call" "ns/call" "ns/other" "ns/other"
for entry in "${SCRIPTS[@]}"; do
	label=${entry%%|*}
	script=${entry#*|}
	read -r si st _ sw so < <(measure "$SONDE" "$script")
	bi=n/a bt=n/a bw=n/a bo=n/a
	if [ $HAVE_BPFTRACE = 1 ]; then
		read -r bi bt _ bw bo < <(measure "$BPFTRACE" "$script")
	fi
	printf '%-18s %8s %8s %6s %10s %10s %6s %9s %9s %9s %9s\n' "$label" "$si" "$bi" "$(ratio "$si" "$bi")" \
		"$st" "$bt" "$(ratio "$st" "$bt")" "$sw" "$bw" "$so" "$bo"
done
echo "  ratio = sonde / bpftrace: the target is <= 1.00 for both (no more instructions, no slower)."
echo "  ns/run is run_time_ns / run_cnt of the probe's programs (every run on the machine; sonde's"
echo "  tracepoint:syscalls programs run for every syscall and most runs are the number test)."
echo "  ns/call: the time a traced call (getppid) gains, wall clock, $OVERHEAD_CALLS calls, best of 3;"
echo "  ns/other: the same for an untraced syscall (getpid). The write scripts trace write, not getppid."

