desc "bpftrace's runqlat.bt runs unmodified: three sched tracepoints, a histogram of run queue latency"
prog "$(cat "$BT_TOOLS/runqlat.bt")"
workload bt_tools sleep 20 sleep 20 fork 3
stop sigint
check_case() {
	grep -qx '@usecs:' <"$STDOUT" || { echo "no @usecs histogram"; return 1; }
	grep -qE '^\[[0-9]+(, [0-9]+[KM]?\))? +[0-9]+ \|@* *\|$' <"$STDOUT" || { echo "no histogram rows"; return 1; }
}
