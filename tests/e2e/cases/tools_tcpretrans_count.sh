desc "sonde tcpretrans -c: retransmits counted per connection, printed at the end"
tool tcpretrans
opts -c
workload tools_wl synq
stop sigint
check_case() {
	local port
	port=$(awk '$1 == "port" { print $2 }' "$WORK/wl.out")
	grep -Eq "^@retransmits\[127\.0\.0\.1, [0-9]+, 127\.0\.0\.1, $port\]: [1-9][0-9]*$" "$STDOUT" ||
		{ echo "no count for the connection to port $port"; return 1; }
}
