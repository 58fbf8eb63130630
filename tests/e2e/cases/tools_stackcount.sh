desc "sonde stackcount -P -i 1 -p PID: the workload's 4 clock_nanosleep calls come from one stack through main"
tool stackcount
opts -P -i 1 -p {{WL_PID}}
args 'libc:clock_nanosleep'
workload_first
# user stacks are symbolized when printed: the last sleep keeps the process alive past an interval
workload tools_wl sleep 10 sleep 10 sleep 10 sleep 1500
stop sigint
check_case() {
	grep -Eq "^, $WL_COMM, $WL_PID\]: 4$" "$STDOUT" || { echo "no stack counted 4 times"; return 1; }
	grep -Eq '^ +main\+[0-9]+$' "$STDOUT" || { echo "the stack does not go through main"; return 1; }
}
