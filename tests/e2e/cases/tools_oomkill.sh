desc "sonde oomkill: a child over its memory cgroup's limit is killed: victim, pages and loadavg"
tool oomkill
workload tools_wl oom 64
stop sigint
expect_stderr "the pages column"
check_case() {
	grep -Eq "^[0-9:]{8} Triggered by PID [0-9]+ \(\"$WL_COMM\"\), OOM kill of PID [0-9]+ \(\"$WL_COMM\"\), [0-9]+ kB total-vm, loadavg: [0-9.]+ [0-9.]+ [0-9.]+ [0-9]+/[0-9]+ [0-9]+$" "$STDOUT" ||
		{ echo "no OOM kill line for the workload"; return 1; }
}
