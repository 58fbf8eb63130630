desc "args->field, the older spelling"
prog <<'EOF'
tracepoint:syscalls:sys_enter_write /comm == "sonde_wl"/ { @s = sum(args->count); }
tracepoint:syscalls:sys_enter_close /args->fd == 999999/ { exit(); }
EOF
workload syscalls write 4
expect '@s: 10'
