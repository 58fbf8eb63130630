desc "args.field reads a tracepoint field"
prog <<'EOF'
tracepoint:syscalls:sys_enter_write /comm == "sonde_wl"/ { @s = sum(args.count); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF
workload syscalls write 10
expect '@s: 55'
