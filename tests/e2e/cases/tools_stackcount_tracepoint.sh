desc "sonde stackcount -p PID tracepoint:syscalls:sys_enter_getppid: the kernel stack of the workload's 4 calls, counted"
tool stackcount
opts -p {{WL_PID}}
args tracepoint:syscalls:sys_enter_getppid
workload_first
workload syscalls getppid 4
stop sigint
check_case() {
	grep -qx '@\[tracepoint:syscalls:sys_enter_getppid, *' "$STDOUT" || { echo "no stack key for the tracepoint"; return 1; }
	grep -Eq '^ +do_syscall_64\+[0-9]+$' "$STDOUT" || { echo "the kernel stack does not go through do_syscall_64"; return 1; }
	grep -qx ']: 4' "$STDOUT" || { echo "not counted 4 times"; return 1; }
}
