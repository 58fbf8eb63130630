desc "sonde profile -U -F 99 -p PID: user stacks of the spinning workload, through its spin loop"
tool profile
opts -U -F 99 -p {{WL_PID}}
workload_first
workload tools_wl spin 700
stop sigint
check_case() {
	head -n 1 "$STDOUT" | grep -qx 'Sampling at 99 Hertz of one process by user stack... Hit Ctrl-C to end.' ||
		{ echo "bad header"; return 1; }
	grep -Eq "^, $WL_COMM, $WL_PID\]: [0-9]+$" "$STDOUT" || { echo "no stack counted for the workload"; return 1; }
	grep -Eq '^ +(spin|run_ops|main)\+[0-9]+$' "$STDOUT" || { echo "no frame of the workload's code"; return 1; }
	! grep -q '^@\[' "$STDOUT" || { echo "kernel stacks despite -U"; return 1; }
}
