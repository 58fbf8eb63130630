desc "sonde tcpretrans: a SYN dropped by a full accept queue is retransmitted in SYN_SENT"
tool tcpretrans
workload tools_wl synq
stop sigint
check_case() {
	local port
	port=$(awk '$1 == "port" { print $2 }' "$WORK/wl.out")
	[ -n "$port" ] || { echo "the workload printed no port"; return 1; }
	grep -Eq "^[0-9:]{8} [0-9]+ +4 +127\.0\.0\.1:[0-9]+ +R> +127\.0\.0\.1:$port +SYN_SENT$" "$STDOUT" ||
		{ echo "no SYN retransmit to port $port"; return 1; }
}
