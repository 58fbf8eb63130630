desc "sonde syscount -P -i 1: counts by process, printed every second"
tool syscount
opts -P -i 1 -p {{WL_PID}}
workload_first
workload syscalls getppid 5 pause 2200
stop sigint
check_case() {
	grep -Eq "^@process\[$WL_PID, $WL_COMM\]: [0-9]+$" "$STDOUT" ||
		{ echo "no row for the workload's process"; return 1; }
	[ "$(grep -c '^\[[0-9:]*\]$' "$STDOUT")" -ge 2 ] || { echo "fewer than 2 summaries (interval + end)"; return 1; }
}
