desc "sonde cpudist -P -p PID: an on-CPU time histogram for the spinning workload only, under bcc's pid = PID"
tool cpudist
opts -P -p {{WL_PID}}
workload_first
workload tools_wl contend 3 300
stop sigint
check_case() {
	head -n 1 "$STDOUT" | grep -qx 'Tracing on-CPU time... Hit Ctrl-C to end.' || { echo "bad header"; return 1; }
	grep -qx "pid = $WL_PID" "$STDOUT" || { echo "no histogram for the workload"; return 1; }
	[ "$(grep -c '^pid = ' "$STDOUT")" = 1 ] || { echo "histograms of other processes"; return 1; }
	grep -Eq '^ +[0-9]+ -> [0-9]+ +: [0-9]+ +\|\** *\|$' "$STDOUT" || { echo "no histogram rows"; return 1; }
}
