desc "tracepoint:syscalls:sys_enter_* runs on raw sys_enter through a dispatcher: the same counts as the perf events"
prog <<'EOF2'
tracepoint:syscalls:sys_enter_* /comm == "sonde_wl"/ { @[probe] = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
opts -v
workload syscalls getppid 3 write 2 read 4 openat 2 getpid 5
expect_contains <<'EOF2'
@[tracepoint:syscalls:sys_enter_getppid]: 3
@[tracepoint:syscalls:sys_enter_write]: 2
@[tracepoint:syscalls:sys_enter_read]: 4
@[tracepoint:syscalls:sys_enter_openat]: 2
@[tracepoint:syscalls:sys_enter_getpid]: 5
EOF2
expect_stderr "syscalls tracepoints run on the raw sys_enter/sys_exit tracepoints"

