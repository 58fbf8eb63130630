desc "sonde wakeuptime -p PID: a thread blocked 300 ms on a mutex, charged to its waker's futex_wake stack"
tool wakeuptime
opts -p {{WL_PID}}
workload_first
workload tools_wl lock 300
stop sigint
check_case() {
	grep -Eq '^ +futex_wake\+[0-9]+$' "$STDOUT" || { echo "no waker stack through futex_wake"; return 1; }
	grep -E "^, $WL_COMM\]: [0-9]+$" "$STDOUT" | sed 's/.*: //' |
		awk '$1 >= 250000 && $1 < 2000000 { found = 1 } END { exit !found }' ||
		{ echo "no block of about 300 ms woken by the workload; its wakers' totals:"; grep -E "^, " "$STDOUT"; return 1; }
}
