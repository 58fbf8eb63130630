desc "sonde tcpdrop: a SYN to a loopback port nobody listens on is dropped: NO_SOCKET, with its stack"
tool tcpdrop
workload tools_wl refused
stop sigint
check_case() {
	local port
	port=$(awk '$1 == "port" { print $2 }' "$WORK/wl.out")
	[ -n "$port" ] || { echo "the workload printed no port"; return 1; }
	head -n 1 "$STDOUT" | grep -qx 'TIME     PID     IP SADDR:SPORT          > DADDR:DPORT          STATE (FLAGS) REASON' ||
		{ echo "bad header"; return 1; }
	grep -Eq "^[0-9:]{8} [0-9]+ +4 +127\.0\.0\.1:[0-9]+ +> +127\.0\.0\.1:$port +- \(SYN\) NO_SOCKET$" "$STDOUT" ||
		{ echo "no NO_SOCKET drop of the SYN to port $port"; return 1; }
	grep -Eq '^ +tcp_v4_rcv\+[0-9]+$' "$STDOUT" || { echo "no kernel stack through tcp_v4_rcv"; return 1; }
}
