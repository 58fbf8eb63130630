desc "sonde offcputime -p PID -m 100000: a thread blocked 300 ms on a mutex and a 200 ms sleep, by stack"
tool offcputime
opts -p {{WL_PID}} -m 100000
workload_first
workload tools_wl lock 300 sleep 200
stop sigint
check_case() {
	local totals
	# the block totals, in microseconds: each stack's entry ends with ", COMM, PID]: US"
	totals=$(grep -E "^, $WL_COMM, $WL_PID\]: [0-9]+$" "$STDOUT" | sed 's/.*: //' | sort -n | tr '\n' ' ')
	[ -n "$totals" ] || { echo "no off-CPU stacks for the workload"; return 1; }
	grep -Eq '^ +futex_wait\+[0-9]+$' "$STDOUT" || { echo "no stack blocked in futex_wait"; return 1; }
	grep -Eq '^ +do_nanosleep\+[0-9]+$' "$STDOUT" || { echo "no stack blocked in nanosleep"; return 1; }
	echo "$totals" | awk '{ for (i = 1; i <= NF; i++) if ($i >= 250000 && $i < 2000000) n++ } END { exit n < 2 }' ||
		{ echo "totals $totals: expected two blocks of about 300 ms (the sleep holding the lock, the thread waiting on it)"; return 1; }
}
