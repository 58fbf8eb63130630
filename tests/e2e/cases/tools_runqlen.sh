desc "sonde runqlen: bcc's linear histogram of run queue lengths while threads contend for the CPUs"
tool runqlen
workload tools_wl contend 4 500
stop sigint
check_case() {
	grep -qx '     runqlen       : count     distribution' "$STDOUT" || { echo "no runqlen header"; return 1; }
	grep -Eq '^        0          : [0-9]+ +\|\** *\|$' "$STDOUT" || { echo "no row for length 0"; return 1; }
	grep -Eq '^        [1-9][0-9]* +: [1-9][0-9]* +\|\** *\|$' "$STDOUT" || { echo "no sample with a waiting thread"; return 1; }
}
