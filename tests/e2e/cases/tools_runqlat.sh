desc "sonde runqlat -P -p PID: a run queue latency histogram for the workload's spinning threads only, under bcc's pid = PID"
tool runqlat
opts -P -p {{WL_PID}}
workload_first
workload tools_wl contend 4 300
stop sigint
check_case() {
	grep -qx "pid = $WL_PID" "$STDOUT" || { echo "no histogram for the workload"; return 1; }
	[ "$(grep -c '^pid = ' "$STDOUT")" = 1 ] || { echo "histograms of other processes"; return 1; }
	grep -Eq '^ +[0-9]+ -> [0-9]+ +: [0-9]+ +\|\** *\|$' "$STDOUT" || { echo "no histogram rows"; return 1; }
}
