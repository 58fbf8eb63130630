desc "sonde softirqs -C: soft interrupts counted by kind in a SOFTIRQ TOTAL_count table, timers among them"
tool softirqs
opts -C
workload tools_wl sleep 300
stop sigint
check_case() {
	grep -qx 'SOFTIRQ          TOTAL_count' "$STDOUT" || { echo "no SOFTIRQ TOTAL_count header"; return 1; }
	grep -Eq '^timer {12}[ 0-9]{11}$' "$STDOUT" || { echo "no timer softirqs counted"; return 1; }
	! grep -q 'unknown' "$STDOUT" || { echo "a kind without a name"; return 1; }
	awk 'f && NF { print $NF } /^SOFTIRQ/ { f = 1 }' "$STDOUT" | sort -c -n || { echo "counts not in ascending order"; return 1; }
}
