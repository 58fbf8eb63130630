desc "bpftrace's writeback.bt runs unmodified: the writeback a sync() of dirty pages starts, with device and reason"
prog "$(cat "$BT_TOOLS/writeback.bt")"
workload bt_tools dirty /var/tmp/sonde-bt-writeback 4
stop sigint
check_case() {
	grep -qx 'TIME      DEVICE   PAGES    REASON           ms' <"$STDOUT" || { echo "no header line"; return 1; }
	grep -qE '^[0-9:]+ +[0-9]+:[0-9]+ +[0-9]+ +sync +[0-9]+\.[0-9]{3}$' <"$STDOUT" || { echo "no sync writeback line"; return 1; }
}
