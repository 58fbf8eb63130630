desc "sonde tcprtt -B -e: loopback connections' round-trip times in a bcc histogram per remote address"
tool tcprtt
opts -B -e
workload tools_wl tcp 3 10000
stop sigint
check_case() {
	grep -qx 'Remote Address = 127.0.0.1' "$STDOUT" || { echo "no histogram for 127.0.0.1"; return 1; }
	grep -qx '     usecs               : count     distribution' "$STDOUT" || { echo "no usecs header"; return 1; }
	grep -Eq '^@raddr_stats\[127\.0\.0\.1\]: \{ \.count = [0-9]+, \.average = [0-9]+, \.total = [0-9]+ \}$' "$STDOUT" ||
		{ echo "no stats for 127.0.0.1"; return 1; }
}
