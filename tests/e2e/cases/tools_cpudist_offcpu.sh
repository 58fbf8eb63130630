desc "sonde cpudist -O -m -L -p PID: the workload's 100 ms sleeps land in the [64, 128) ms bucket"
tool cpudist
opts -O -m -L -p {{WL_PID}}
workload_first
workload tools_wl sleep 100 sleep 100 sleep 100
stop sigint
check_case() {
	head -n 1 "$STDOUT" | grep -qx 'Tracing off-CPU time... Hit Ctrl-C to end.' || { echo "bad header"; return 1; }
	grep -qx "@tid_msecs\[$WL_PID\]:" "$STDOUT" || { echo "no histogram for the workload's thread"; return 1; }
	grep -Eq '^\[64, 128\) +[3-9] \|@+ *\|$' "$STDOUT" || { echo "no three 100 ms sleeps in [64, 128)"; return 1; }
}
