desc "one program for many syscalls (no probe, no args): the dispatcher puts it in every slot; with sys_exit_get* too"
prog <<'EOF2'
tracepoint:syscalls:sys_enter_get*, tracepoint:syscalls:sys_exit_get* /comm == "sonde_wl"/ { @ = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
opts -v
workload syscalls getpid 4 getppid 5
expect <<'EOF2'
@: 18
EOF2
expect_stderr "through a dispatcher)"
