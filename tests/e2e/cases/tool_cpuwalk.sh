desc "bpftrace's cpuwalk.bt runs unmodified: a profile probe at 99 Hz, an lhist of the CPUs that ran a process"
prog "$(cat "$BT_TOOLS/cpuwalk.bt")"
workload syscalls spin 300
stop sigint
check_case() {
	grep -qx 'Sampling CPU at 99hz... Hit Ctrl-C to end.' <"$STDOUT" || { echo "no header line"; return 1; }
	grep -qx '@cpu:' <"$STDOUT" || { echo "no @cpu histogram"; return 1; }
	# the workload spins for 300 ms: about 30 samples on its CPU alone; a step of 1 labels
	# rows [N], as bpftrace does
	local n
	n=$(grep -E '^\[[0-9]+(\]|, [0-9]+\)) +[0-9]+ \|@* *\|$' <"$STDOUT" |
		sed -E 's/^\[[^]) ]*(\]|, [0-9]+\)) +([0-9]+) .*/\2/' | awk '{ s += $1 } END { print s + 0 }')
	[ "$n" -ge 10 ] || { echo "only $n samples in @cpu"; cat "$STDOUT"; return 1; }
}
