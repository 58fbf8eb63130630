desc "sonde funclatency -u -p PID: a histogram and the count, average and total of sonde_add's 10 calls"
tool funclatency
opts -u -p {{WL_PID}}
args '{{PROGS}}/uprobes:sonde_add'
workload_first
workload uprobes 10
stop sigint
check_case() {
	grep -qx '@usecs:' "$STDOUT" || { echo "no @usecs histogram"; return 1; }
	grep -Eq '^@stats: \{ \.count = 10, \.average = [0-9]+, \.total = [0-9]+ \}$' "$STDOUT" ||
		{ echo "no stats for 10 calls"; return 1; }
}
