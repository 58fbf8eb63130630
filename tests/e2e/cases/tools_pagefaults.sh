desc "sonde pagefaults -p PID: the workload's 200 first touches of fresh pages counted for its process"
tool pagefaults
opts -p {{WL_PID}}
workload_first
workload syscalls faults 200
stop sigint
check_case() {
	grep -E "^@faults\[$WL_COMM, $WL_PID\]: [0-9]+$" "$STDOUT" | sed 's/.*: //' | awk '$1 >= 200 { ok = 1 } END { exit !ok }' ||
		{ echo "fewer than 200 faults counted for the workload"; return 1; }
	[ "$(grep -c '^@faults' "$STDOUT")" = 1 ] || { echo "faults of other processes"; return 1; }
}
