desc "map keyed by comm"
prog <<'EOF'
tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ { @[comm] = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF
workload syscalls getppid 4
expect '@[sonde_wl]: 4'
