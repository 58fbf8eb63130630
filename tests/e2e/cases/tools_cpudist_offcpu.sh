desc "sonde cpudist -O -m -L -p PID: the workload's 100 ms sleeps land in bcc's 64 -> 127 msecs row"
tool cpudist
opts -O -m -L -p {{WL_PID}}
workload_first
workload tools_wl sleep 100 sleep 100 sleep 100
stop sigint
check_case() {
	head -n 1 "$STDOUT" | grep -qx 'Tracing off-CPU time... Hit Ctrl-C to end.' || { echo "bad header"; return 1; }
	grep -qx "tid = $WL_PID" "$STDOUT" || { echo "no histogram for the workload's thread"; return 1; }
	grep -qx '     msecs               : count     distribution' "$STDOUT" || { echo "no msecs header"; return 1; }
	grep -Eq '^ +64 -> 127 +: [3-9] +\|\*+ *\|$' "$STDOUT" || { echo "no three 100 ms sleeps in 64 -> 127"; return 1; }
}
