desc "sonde tcplife -p PID: two loopback sessions, each side with 5000 bytes (4.88 KB) each way"
tool tcplife
opts -p {{WL_PID}}
workload_first
workload tools_wl tcp 2 5000
stop sigint
check_case() {
	local port n
	port=$(awk '$1 == "port" { print $2 }' "$WORK/wl.out")
	[ -n "$port" ] || { echo "the workload printed no port"; return 1; }
	head -n 1 "$STDOUT" | grep -qx 'PID     COMM             LADDR           LPORT RADDR           RPORT TX_KB  RX_KB  MS' ||
		{ echo "bad header"; return 1; }
	n=$(grep -Ec "^$WL_PID +$WL_COMM +127\.0\.0\.1 +[0-9]+ +127\.0\.0\.1 +$port +4\.88 +4\.88 [0-9]+\.[0-9]{2}$" "$STDOUT")
	[ "$n" = 2 ] || { echo "$n client rows, expected 2"; return 1; }
	n=$(grep -Ec "^$WL_PID +$WL_COMM +127\.0\.0\.1 +$port +127\.0\.0\.1 +[0-9]+ +4\.88 +4\.88 [0-9]+\.[0-9]{2}$" "$STDOUT")
	[ "$n" = 2 ] || { echo "$n server rows, expected 2"; return 1; }
	[ "$(grep -c . "$STDOUT")" = 5 ] || { echo "rows of other processes"; return 1; }
}
