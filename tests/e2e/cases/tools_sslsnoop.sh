desc "sonde sslsnoop -p PID: a TLS session's two writes and two reads a side, each with its plain text"
tool sslsnoop
opts -p {{WL_PID}}
workload_first
workload tools_wl tls 2 'GET /sonde HTTP/1.0'
stop sigint
check_case() {
	local n
	head -n 1 "$STDOUT" | grep -qx 'FUNC         TIME(s)            COMM             PID     LEN' || { echo "bad header"; return 1; }
	for f in READ/RECV WRITE/SEND; do
		n=$(grep -Ec "^$f +[0-9]+\.[0-9]{9} ${WL_COMM:0:15} +$WL_PID +19$" "$STDOUT")
		[ "$n" = 4 ] || { echo "$n $f lines of 19 bytes, expected 4"; return 1; }
	done
	[ "$(grep -c '^GET /sonde HTTP/1.0$' "$STDOUT")" = 8 ] || { echo "the data is not there 8 times"; return 1; }
	[ "$(grep -c '^----- DATA -----$' "$STDOUT")" = 8 ] && [ "$(grep -c '^----- END DATA -----$' "$STDOUT")" = 8 ] ||
		{ echo "no DATA / END DATA around each"; return 1; }
}
