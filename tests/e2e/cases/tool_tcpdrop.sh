desc "bpftrace's tcpdrop.bt runs unmodified: the ICMP errors two closed UDP sockets leave unread are dropped with a reason, socket, addresses and stack"
prog "$(cat "$BT_TOOLS/tcpdrop.bt")"
workload bt_tools udperr 9 2
stop sigint
check_case() {
	grep -qE '^TIME     PID      COMM             SADDR:SPORT           DADDR:DPORT           STATE +$' <"$STDOUT" ||
		{ echo "no header line"; return 1; }
	# a closed socket's skbs are freed after an RCU grace period, in whatever task runs then; its
	# local port is unhashed by then (0), the connected destination stays
	local rows
	rows=$(grep -cE '^[0-9]{2}:[0-9]{2}:[0-9]{2} [0-9]+ +.* +127\.0\.0\.1:0 +127\.0\.0\.1:9 +ESTABLISHED$' <"$STDOUT")
	[ "$rows" -ge 2 ] || { echo "expected 2 drops to 127.0.0.1:9, got $rows"; return 1; }
	grep -qE '^        inet_sock_destruct\+[0-9]+$' <"$STDOUT" || { echo "no kstack through inet_sock_destruct"; return 1; }
}
