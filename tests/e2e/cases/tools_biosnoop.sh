desc "sonde biosnoop -Q -p PID: the workload's four 8 KB O_DIRECT writes and four reads, one line each"
tool biosnoop
opts -Q -p {{WL_PID}}
workload_first
workload tools_wl direct 4 8192
stop sigint
check_case() {
	local n
	head -n 1 "$STDOUT" | grep -qx 'TIME(s)     COMM           PID     DISK      T SECTOR     BYTES   QUE(ms) LAT(ms)' ||
		{ echo "bad header"; return 1; }
	for t in W R; do
		n=$(grep -Ec "^ +[0-9]+\.[0-9]{6} ${WL_COMM:0:14} +$WL_PID +[a-z]+[a-z0-9]* +$t [0-9]+ +8192 +[0-9]+\.[0-9]{3} +[0-9]+\.[0-9]{3}$" "$STDOUT")
		[ "$n" = 4 ] || { echo "$n rows of type $t with 8192 bytes, expected 4"; return 1; }
	done
}
