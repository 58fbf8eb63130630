desc "^C stops a run flooded with events at once (bpftrace's 'sigint under heavy load' runtime test: a system() on every context switch feeds itself); end still runs, no printf is lost (the event the loop stopped at is handled first), and the system() commands still queued are not run, only counted"
opts --unsafe
prog <<'EOF2'
tracepoint:sched:sched_switch { system("true"); }
interval:us:500 { printf("%d\n", @n); @n++; }
END { printf("end\n"); }
EOF2
workload syscalls nanosleep 1 200000000
stop sigint
timeout_s 8
check_case() {
	grep -qx end "$STDOUT" || { echo "no end"; return 1; }
	# interval runs on one CPU: its numbers come in order, and none may be missing
	grep -E '^[0-9]+$' "$STDOUT" | awk 'NR == 1 { want = $1 } $1 != want { print "gap: " want " then " $1; bad = 1; exit } { want++ } END { exit bad }' ||
		{ echo "a numbered printf is missing"; return 1; }
	# the flood outlives any queue: the count is there whenever commands were left
	if grep -q 'queued when sonde was stopped' "$STDERR"; then
		grep -Eq '^WARNING: [0-9]+ system\(\) commands? queued when sonde was stopped not run$' "$STDERR" ||
			{ echo "the skipped commands' warning is malformed"; cat "$STDERR"; return 1; }
	fi
	return 0
}
