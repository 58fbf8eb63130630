desc "printf on every event, in order"
prog <<'EOF'
tracepoint:syscalls:sys_enter_write /comm == "sonde_wl"/ { printf("write %d\n", args.count); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF
workload syscalls write 3
expect <<'EOF'
write 1
write 2
write 3
EOF
