desc "sonde vfsstat -p PID 1: per-second counts; the workload's 50 opens and 3 creates show up"
tool vfsstat
opts -p {{WL_PID}}
args 1
workload_first
workload tools_wl open /etc/passwd 50 create 3 0 sleep 1100
stop sigint
check_case() {
	head -n 1 "$STDOUT" | grep -qx 'TIME       READ/s WRITE/s FSYNC/s  OPEN/s CREATE/s' || { echo "bad header"; return 1; }
	# the opens may straddle two seconds: add the columns up
	awk -F': +' 'NR > 1 && NF == 2 { split($2, v, " +"); o += v[4]; c += v[5]; w += v[2] }
		END { exit !(o >= 53 && c == 3 && w >= 3) }' "$STDOUT" || { echo "opens, creates or writes missing"; return 1; }
}
