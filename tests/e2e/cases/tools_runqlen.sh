desc "sonde runqlen: a linear histogram of run queue lengths while threads contend for the CPUs"
tool runqlen
workload tools_wl contend 4 500
stop sigint
check_case() {
	grep -qx '@runqlen:' "$STDOUT" || { echo "no @runqlen histogram"; return 1; }
	grep -Eq '^\[[1-9][0-9]*\] +[1-9][0-9]* \|@*' "$STDOUT" || { echo "no sample with a waiting thread"; return 1; }
}
