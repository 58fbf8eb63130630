desc "SONDE_SYSCALL_TP=perf keeps the syscalls tracepoints on perf events, with the same counts"
prog <<'EOF2'
tracepoint:syscalls:sys_enter_getppid, tracepoint:syscalls:sys_enter_getpid /comm == "sonde_wl"/ { @[probe] = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
opts -v
environ SONDE_SYSCALL_TP=perf
workload syscalls getppid 3 getpid 5
expect_sorted <<'EOF2'
@[tracepoint:syscalls:sys_enter_getppid]: 3
@[tracepoint:syscalls:sys_enter_getpid]: 5
EOF2
expect_stderr_absent "raw sys_enter"
