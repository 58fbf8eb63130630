desc "args as a whole value needs the tracepoint's record: that block stays on the perf event"
prog <<'EOF2'
tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ { print(args); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
opts -v
workload syscalls getppid 1
expect_regex <<'EOF2'
\{ \.__syscall_nr = 110 \}
EOF2
expect_stderr "1 syscalls tracepoints run on the raw"
