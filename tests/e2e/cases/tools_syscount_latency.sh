desc "sonde syscount -L -x -p PID: failed calls of one process with count, average and total latency columns"
tool syscount
opts -L -x -p {{WL_PID}}
workload_first
workload syscalls openat 4 nanosleep 2 1000000
stop sigint
check_case() {
	grep -qx 'SYSCALL                   COUNT    AVG(us)         TIME(us)' "$STDOUT" || { echo "no -L header"; return 1; }
	grep -Eq '^openat +4 +[0-9]+ +[0-9]+$' "$STDOUT" || { echo "no openat row with count 4"; return 1; }
	# nanosleep succeeds, so -x leaves it out
	! grep -q nanosleep "$STDOUT" || { echo "nanosleep counted despite -x"; return 1; }
}
