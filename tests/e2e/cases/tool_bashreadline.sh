desc "bpftrace's bashreadline.bt runs unmodified: a uretprobe on bash's readline() prints the lines an interactive bash reads"
prog "$(cat "$BT_TOOLS/bashreadline.bt")"
workload bt_tools bash readline
stop sigint
check_case() {
	grep -qx 'TIME      PID    COMMAND' <"$STDOUT" || { echo "no header line"; return 1; }
	# the line is rewritten with this run's workload name, so it is this run's bash
	local pid
	pid=$(grep -E "^[0-9]{2}:[0-9]{2}:[0-9]{2}  [0-9]+ +echo $WL_COMM readline\$" <"$STDOUT" | awk '{ print $2 }')
	[ -n "$pid" ] || { echo "no line for 'echo $WL_COMM readline'"; cat "$STDOUT"; return 1; }
	grep -qE "^[0-9:]{8}  $pid +exit\$" <"$STDOUT" || { echo "no 'exit' line from bash $pid"; return 1; }
}
