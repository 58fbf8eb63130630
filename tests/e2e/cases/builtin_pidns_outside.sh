desc "sonde in a PID namespace: a task outside it has no pid there (0), pid(init) still gives its id"
wrap unshare --pid --fork --mount-proc
prog 'tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ { printf("pid %d tid %d init %d\n", pid, tid, pid(init) > 1); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }'
workload syscalls getppid 1
expect 'pid 0 tid 0 init 1'
