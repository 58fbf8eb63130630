desc "bpftrace's execsnoop.bt runs unmodified: the workload's two execs with their arguments joined"
prog "$(cat "$BT_TOOLS/execsnoop.bt")"
workload spawn /bin/echo sonde-bt-exec one two
stop sigint
check_case() {
	grep -qx 'TIME(ms)   PID   ARGS' <"$STDOUT" || { echo "no header line"; return 1; }
	# The script's printf and join() are two events, as in bpftrace: an exec on
	# the other CPU (the runner's own sleeps) can come between them, so the
	# joined arguments may start a line of their own.
	grep -qE '^([0-9]+ +[0-9]+ +)?/bin/echo sonde-bt-exec one two$' <"$STDOUT" || { echo "no exec of /bin/echo"; return 1; }
	grep -qE '^([0-9]+ +[0-9]+ +)?/.*/spawn /bin/echo sonde-bt-exec one two$' <"$STDOUT" || { echo "no exec of spawn"; return 1; }
}
