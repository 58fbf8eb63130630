desc "sonde softirqs -C: soft interrupts counted by kind, timers among them"
tool softirqs
opts -C
workload tools_wl sleep 300
stop sigint
check_case() {
	grep -Eq '^@count\[timer\]: [0-9]+$' "$STDOUT" || { echo "no timer softirqs counted"; return 1; }
	! grep -q 'unknown' "$STDOUT" || { echo "a kind without a name"; return 1; }
}
