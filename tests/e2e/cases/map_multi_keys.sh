desc "map keyed by (string, int): printed without the tuple's parentheses"
prog <<'EOF'
tracepoint:syscalls:sys_enter_write /comm == "sonde_wl"/ { @[comm, args.count] = sum(args.count); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF
workload syscalls writeb 1 10 writeb 2 20 writeb 3 30
expect <<'EOF'
@[sonde_wl, 10]: 10
@[sonde_wl, 20]: 40
@[sonde_wl, 30]: 90
EOF
