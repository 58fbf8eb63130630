desc "tracepoint wildcard matching enter and exit"
prog <<'EOF'
t:syscalls:sys_*_getppid /comm == "sonde_wl"/ { @[probe] = count(); }
t:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF
workload syscalls getppid 3
expect_sorted <<'EOF'
@[tracepoint:syscalls:sys_enter_getppid]: 3
@[tracepoint:syscalls:sys_exit_getppid]: 3
EOF
