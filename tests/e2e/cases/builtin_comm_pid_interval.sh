desc "comm(PID) in an interval probe (a perf event program, allowed kfuncs from Linux 6.12): the comm of a process that is not running"
workload_first
workload syscalls pause 500 getppid 1
prog 'interval:ms:50 { printf("%s\n", comm({{WL_PID}})); exit(); }'
expect 'sonde_wl'
