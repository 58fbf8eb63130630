desc "sonde tcpaccept -p PID: the workload's two accept()s on its loopback listener, with both ends"
tool tcpaccept
opts -p {{WL_PID}}
workload_first
workload tools_wl tcp 2 50
stop sigint
check_case() {
	local port
	port=$(awk '$1 == "port" { print $2 }' "$WORK/wl.out")
	[ -n "$port" ] || { echo "the workload printed no port"; return 1; }
	head -n 1 "$STDOUT" | grep -qx 'PID     COMM         IP RADDR            RPORT LADDR            LPORT' ||
		{ echo "bad header"; return 1; }
	[ "$(grep -Ec "^$WL_PID +${WL_COMM:0:12} +4  127\.0\.0\.1 +[0-9]+ +127\.0\.0\.1 +$port$" "$STDOUT")" = 2 ] ||
		{ echo "not two accept rows on port $port"; return 1; }
}
