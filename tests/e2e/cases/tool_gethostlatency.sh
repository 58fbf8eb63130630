desc "bpftrace's gethostlatency.bt runs unmodified: uprobes and uretprobes on libc's resolver, the host asked for and its latency"
prog "$(cat "$BT_TOOLS/gethostlatency.bt")"
workload bt_tools getaddrinfo localhost
stop sigint
check_case() {
	grep -qx 'TIME      PID    COMM              LATms HOST' <"$STDOUT" || { echo "no header line"; return 1; }
	grep -qE "^[0-9]{2}:[0-9]{2}:[0-9]{2}  [0-9]+ +$WL_COMM +[0-9]+ localhost\$" <"$STDOUT" ||
		{ echo "no getaddrinfo(\"localhost\") line for $WL_COMM"; return 1; }
}
