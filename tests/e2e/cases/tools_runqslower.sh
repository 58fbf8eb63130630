desc "sonde runqslower -P -p PID 1000: the workload's threads waiting 1 ms or more for a CPU, with the task that ran"
tool runqslower
opts -P -p {{WL_PID}}
args 1000
workload_first
workload tools_wl contend 4 400
stop sigint
check_case() {
	sed -n 2p "$STDOUT" | grep -qx 'TIME     COMM             TID           LAT(us) PREV COMM        PREV TID' ||
		{ echo "bad header"; return 1; }
	grep -Eq "^[0-9:]{8} $WL_COMM +[0-9]+ +[0-9]{4,} .+ [0-9]+ *$" "$STDOUT" || { echo "no slow wait of the workload"; return 1; }
	awk '$1 ~ /^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]$/ && $4 < 1000 { bad = 1 } END { exit bad }' "$STDOUT" ||
		{ echo "a wait under 1000 us"; return 1; }
	[ "$(grep -Ec "^[0-9:]{8} " "$STDOUT")" = "$(grep -Ec "^[0-9:]{8} $WL_COMM " "$STDOUT")" ] ||
		{ echo "rows of other processes"; return 1; }
}
