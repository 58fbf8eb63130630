desc "t: is tracepoint:"
prog <<'EOF'
t:syscalls:sys_enter_getppid /comm == "sonde_wl"/ { @c = count(); }
t:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF
workload syscalls getppid 3
expect '@c: 3'
