desc "tid differs per thread: a map keyed by tid"
prog <<'EOF'
tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ { @[tid] = count(); @n = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF
workload syscalls -t 3 getppid 2
expect_regex <<'EOF'
@\[[0-9]+\]: 2
@\[[0-9]+\]: 2
@\[[0-9]+\]: 2
@n: 6
EOF
