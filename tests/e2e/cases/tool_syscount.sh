desc "bpftrace's syscount.bt runs unmodified: raw_syscalls counted by id and by process, top 10 of each printed"
prog "$(cat "$BT_TOOLS/syscount.bt")"
workload bt_tools kill 0 0
stop sigint
check_case() {
	grep -qx 'Top 10 syscalls IDs:' <"$STDOUT" && grep -qx 'Top 10 processes:' <"$STDOUT" ||
		{ echo "no top 10 headers"; return 1; }
	grep -qE '^@syscall\[[0-9]+\]: [0-9]+$' <"$STDOUT" || { echo "no @syscall lines"; return 1; }
	grep -qE '^@process\[.+\]: [0-9]+$' <"$STDOUT" || { echo "no @process lines"; return 1; }
}
