desc "probe is the canonical name, also for t: spellings"
prog <<'EOF'
tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ { printf("%s\n", probe); }
t:syscalls:sys_enter_getpid /comm == "sonde_wl"/ { printf("%s\n", probe); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF
workload syscalls getppid 1 getpid 1
expect <<'EOF'
tracepoint:syscalls:sys_enter_getppid
tracepoint:syscalls:sys_enter_getpid
EOF
