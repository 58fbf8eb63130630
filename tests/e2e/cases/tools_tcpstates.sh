desc "sonde tcpstates: a loopback connection's client and server sides go through their states"
tool tcpstates
workload tools_wl tcp 1 100
stop sigint
check_case() {
	local port row
	port=$(awk '$1 == "port" { print $2 }' "$WORK/wl.out")
	[ -n "$port" ] || { echo "the workload printed no port"; return 1; }
	row() { grep -E "^[0-9a-f]+ +[0-9]+ +$WL_COMM +4  127\.0\.0\.1 +$1 +127\.0\.0\.1 +$2 +$3 +-> $4 +[0-9]+\.[0-9]{3}$" "$STDOUT" >/dev/null ||
		{ echo "no row $3 -> $4 for local port $1, remote port $2"; return 1; }; }
	row '[0-9]+' "$port" SYN_SENT ESTABLISHED &&
	row '[0-9]+' "$port" ESTABLISHED FIN_WAIT1 &&
	row "$port" '[0-9]+' LISTEN SYN_RECV &&
	row "$port" '[0-9]+' ESTABLISHED CLOSE_WAIT &&
	row "$port" '[0-9]+' LAST_ACK CLOSE
}
