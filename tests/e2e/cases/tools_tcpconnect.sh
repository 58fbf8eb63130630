desc "sonde tcpconnect -U -p PID: the workload's two connect()s to its loopback listener"
tool tcpconnect
opts -U -p {{WL_PID}}
workload_first
workload tools_wl tcp 2 50
stop sigint
check_case() {
	local port
	port=$(awk '$1 == "port" { print $2 }' "$WORK/wl.out")
	[ -n "$port" ] || { echo "the workload printed no port"; return 1; }
	head -n 1 "$STDOUT" | grep -qx 'UID   PID    COMM         IP SADDR            DADDR            DPORT' ||
		{ echo "bad header"; return 1; }
	[ "$(grep -Ec "^0 +$WL_PID +${WL_COMM:0:12} +4  127\.0\.0\.1 +127\.0\.0\.1 +$port$" "$STDOUT")" = 2 ] ||
		{ echo "not two connect rows to port $port"; return 1; }
}
