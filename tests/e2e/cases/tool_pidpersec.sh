desc "bpftrace's pidpersec.bt runs unmodified: fork counts printed each second by an interval probe"
prog "$(cat "$BT_TOOLS/pidpersec.bt")"
workload bt_tools fork 5 sleep 1300
stop sigint
check_case() {
	grep -qE '^[0-9]{2}:[0-9]{2}:[0-9]{2} PIDs/sec: @: [0-9]+$' <"$STDOUT" || { echo "no per-second line"; return 1; }
}
