desc "sonde hardirqs: total handler time per interrupt name while the disk works, in bcc's HARDIRQ TOTAL_usecs table"
tool hardirqs
workload tools_wl direct 8 8192
stop sigint
check_case() {
	head -n 1 "$STDOUT" | grep -qx 'Tracing hard irq event time... Hit Ctrl-C to end.' || { echo "bad header"; return 1; }
	grep -qx 'HARDIRQ                    TOTAL_usecs' "$STDOUT" || { echo "no HARDIRQ TOTAL_usecs header"; return 1; }
	grep -Eq '^[^ ].{25} +[0-9]+$' "$STDOUT" || { echo "no NAME TOTAL rows"; return 1; }
	# smallest first, as bcc sorts
	awk 'f && NF { print $NF } /^HARDIRQ/ { f = 1 }' "$STDOUT" | sort -c -n || { echo "totals not in ascending order"; return 1; }
}
