desc "SIGINT ends the run: maps printed, status 0"
prog 'tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ { @c = count(); }'
workload syscalls getppid 3
stop sigint
expect '@c: 3'
