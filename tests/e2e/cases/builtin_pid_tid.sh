desc "pid and tid of the traced process"
prog <<'EOF'
tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ { printf("%d %d\n", pid, tid); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF
workload syscalls getppid 2
workload_first
expect <<'EOF'
{{WL_PID}} {{WL_PID}}
{{WL_PID}} {{WL_PID}}
EOF
