desc "sonde syscount -P -i 1: counts by process in a PID COMM COUNT table, printed every second"
tool syscount
opts -P -i 1 -p {{WL_PID}}
workload_first
workload syscalls getppid 5 pause 2200
stop sigint
check_case() {
	grep -qx 'PID    COMM               COUNT' "$STDOUT" || { echo "no PID COMM COUNT header"; return 1; }
	grep -Eq "^$WL_PID +${WL_COMM:0:15} +[0-9]+$" "$STDOUT" || { echo "no row for the workload's process"; return 1; }
	[ "$(grep -c '^\[[0-9:]*\]$' "$STDOUT")" -ge 2 ] || { echo "fewer than 2 summaries (interval + end)"; return 1; }
}
