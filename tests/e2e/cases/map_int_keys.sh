desc "map keyed by an integer, printed sorted by value"
prog <<'EOF'
tracepoint:syscalls:sys_enter_write /comm == "sonde_wl"/ { @[args.count] = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF
workload syscalls writeb 3 30 writeb 1 10 writeb 2 20
expect <<'EOF'
@[10]: 1
@[20]: 2
@[30]: 3
EOF
