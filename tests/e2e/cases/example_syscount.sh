desc "examples/syscount.bt counts the workload's calls until SIGINT"
script examples/syscount.bt
workload syscalls getppid 50
stop sigint
check_case() {
	grep -Eq "^@by_process\\[$WL_COMM\\]: [0-9]+$" "$STDOUT" || { echo "no count for sonde_wl"; return 1; }
	# getppid is system call 110 on x86_64: at least the workload's 50.
	local n
	n=$(sed -n 's/^@by_number\[110\]: //p' "$STDOUT")
	[ "${n:-0}" -ge 50 ] || { echo "@by_number[110] is ${n:-missing}, expected >= 50"; return 1; }
}
