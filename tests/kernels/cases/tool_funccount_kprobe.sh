desc "sonde funccount p::ksys_read: bcc's kernel function spec through the tools framework; the workload's 4 reads among the counts of bcc's FUNC COUNT table"
tool funccount
args 'p::ksys_read'
workload syscalls read 4
stop sigint
check_case() {
	grep -qx 'Tracing functions for "p::ksys_read"... Hit Ctrl-C to end.' "$STDOUT" || { echo "no banner"; return 1; }
	grep -qx 'FUNC                                    COUNT' "$STDOUT" || { echo "no FUNC COUNT header"; return 1; }
	local n
	n=$(sed -n 's/^ksys_read  *\([0-9]*\)$/\1/p' "$STDOUT")
	[ -n "$n" ] && [ "$n" -ge 4 ] || { echo "ksys_read counted '${n}' times, expected at least 4"; return 1; }
}
