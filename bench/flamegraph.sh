#!/bin/bash
# Benchmarks `sonde flamegraph` on generated folded stacks. See bench/README.md.
#
#   bench/flamegraph.sh [-r RUNS] [-k] [-R]
#
# Generates a large (200,000 distinct stacks, about 56 MB) and a medium
# (20,000 stacks, about 5.6 MB) folded file with genfolded.py into a temp
# directory, renders each RUNS times (default 5), and prints the median wall
# time, the median CPU time (user + sys: steadier on a busy machine), peak
# RSS (/usr/bin/time -f %M), throughput, and the ratios to the targets:
#   - 56 MB well under a second;
#   - at least 50x faster than flamegraph.pl (26.7 s for the large file here);
#   - faster than inferno's published 38 MiB/s;
#   - peak memory a small multiple of the input.
# flamegraph.pl or inferno-flamegraph, when installed (or named by
# FLAMEGRAPH_PL / INFERNO), are timed once on the same files as well.
# Measures and prints; never fails on a number. -k keeps the files. -R runs
# sonde at real-time priority (chrt -f 10; root): on a machine busy with
# other jobs, wall time then measures sonde rather than the queue for CPUs.
# Environment: SONDE (default ./sonde), GENFOLDED (default
# /work/shared/bench/genfolded.py).
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SONDE=${SONDE:-$ROOT/sonde}
case $SONDE in /*) ;; *) SONDE=$ROOT/$SONDE ;; esac
GENFOLDED=${GENFOLDED:-/work/shared/bench/genfolded.py}
FLAMEGRAPH_PL=${FLAMEGRAPH_PL:-$(command -v flamegraph.pl || true)}
INFERNO=${INFERNO:-$(command -v inferno-flamegraph || true)}
RUNS=5
KEEP=0
PRIO=()
PL_SECONDS=26.7 # flamegraph.pl on the large file, measured on this machine class
INFERNO_MIBS=38 # inferno's published throughput

while getopts "r:kR" o; do
	case $o in
	r) RUNS=$OPTARG ;;
	k) KEEP=1 ;;
	R) PRIO=(chrt -f 10) ;;
	*) echo "usage: $0 [-r RUNS] [-k] [-R]" >&2; exit 2 ;;
	esac
done

die() { echo "bench: $*" >&2; exit 1; }
[ -x "$SONDE" ] || die "$SONDE is not built: run make"
[ -f "$GENFOLDED" ] || die "no generator at $GENFOLDED (set GENFOLDED)"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (apt-get install time)"
if [ ${#PRIO[@]} -gt 0 ] && ! chrt -f 10 true 2>/dev/null; then
	die "-R needs root (chrt -f)"
fi

T=$(mktemp -d /tmp/sonde-bench-flame.XXXXXX)
if [ $KEEP = 1 ]; then
	echo "bench: files kept in $T"
else
	trap 'rm -rf "$T"' EXIT
fi
trap 'exit 130' INT TERM

echo "generating inputs (genfolded.py; deterministic, about 10 s)..."
python3 "$GENFOLDED" 200000 1 >"$T/large.folded" || die "genfolded.py failed"
python3 "$GENFOLDED" 20000 1 >"$T/medium.folded" || die "genfolded.py failed"

# median: of numbers on stdin.
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# run_sonde FILE: RUNS renders; sets WALL CPU RSS (medians), FRAMES.
run_sonde() {
	local file=$1 i
	: >"$T/times"
	for ((i = 0; i < RUNS; i++)); do
		"${PRIO[@]}" /usr/bin/time -o "$T/time1" -f "%e %U %S %M" "$SONDE" flamegraph -o "$T/out.svg" "$file" \
			2>"$T/err" ||
			die "sonde flamegraph failed: $(cat "$T/err")"
		tail -n 1 "$T/time1" >>"$T/times"
	done
	WALL=$(awk '{ print $1 }' "$T/times" | median)
	CPU=$(awk '{ print $2 + $3 }' "$T/times" | median)
	RSS=$(awk '{ print $4 }' "$T/times" | median)
	FRAMES=$(sed -n 's/.* frames (\([0-9]*\) drawn).*/\1/p' "$T/err")
}

# time_other NAME CMD...: one run of another renderer, wall seconds in OTHER.
time_other() {
	local name=$1
	shift
	OTHER=""
	if /usr/bin/time -o "$T/time2" -f "%e %M" "$@" >"$T/other.svg" 2>/dev/null; then
		OTHER=$(tail -n 1 "$T/time2" | awk '{ print $1 }')
		printf '  %-26s %8.3f s  %7.0f MiB/s  %7.0f MiB peak\n' "$name" "$OTHER" \
			"$(echo "$MIB $OTHER" | awk '{ print $1 / ($2 > 0 ? $2 : 0.001) }')" \
			"$(tail -n 1 "$T/time2" | awk '{ print $2 / 1024 }')"
	else
		echo "  $name failed"
	fi
}

printf '\nsonde flamegraph: median of %d runs (%s%s); load average %s\n' "$RUNS" "$SONDE" \
	"${PRIO[*]:+, ${PRIO[*]}}" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '  %-8s %9s %9s %9s %9s %10s %9s %8s\n' input MB wall cpu MiB/s "peak RSS" "x input" drawn
for size in large medium; do
	f=$T/$size.folded
	BYTES=$(stat -c %s "$f")
	MIB=$(echo "$BYTES" | awk '{ print $1 / 1048576 }')
	run_sonde "$f"
	printf '  %-8s %9.1f %8.3fs %8.3fs %9.0f %7.0f MiB %8.1fx %8s\n' "$size" \
		"$(echo "$BYTES" | awk '{ print $1 / 1e6 }')" "$WALL" "$CPU" \
		"$(echo "$MIB $WALL" | awk '{ print $1 / ($2 > 0 ? $2 : 0.001) }')" \
		"$(echo "$RSS" | awk '{ print $1 / 1024 }')" \
		"$(echo "$RSS $BYTES" | awk '{ print $1 * 1024 / $2 }')" "${FRAMES:-?}"
	eval "WALL_$size=$WALL MIB_$size=$MIB RSS_$size=$RSS BYTES_$size=$BYTES"
done

echo
echo "targets (large file):"
awk -v w="$WALL_large" -v mib="$MIB_large" -v rss="$RSS_large" -v bytes="$BYTES_large" \
	-v pl="$PL_SECONDS" -v inf="$INFERNO_MIBS" 'BEGIN {
	if (w <= 0) w = 0.001
	printf "  well under a second:       %6.3f s          %s\n", w, (w < 1) ? "yes" : "NO"
	printf "  vs flamegraph.pl (%.1f s): %6.1fx faster    (target >= 50x) %s\n", pl, pl / w, (pl / w >= 50) ? "yes" : "NO"
	printf "  vs inferno (%d MiB/s):     %6.1fx its speed (target > 1x)   %s\n", inf, mib / w / inf, (mib / w > inf) ? "yes" : "NO"
	printf "  peak memory:               %6.1fx the input (target: a small multiple)\n", rss * 1024 / bytes
}'

if [ -n "$FLAMEGRAPH_PL" ] || [ -n "$INFERNO" ]; then
	echo
	echo "other renderers, one run each on the large file:"
	MIB=$MIB_large
	[ -n "$FLAMEGRAPH_PL" ] && time_other flamegraph.pl perl "$FLAMEGRAPH_PL" "$T/large.folded"
	[ -n "$INFERNO" ] && time_other inferno-flamegraph "$INFERNO" "$T/large.folded"
fi
