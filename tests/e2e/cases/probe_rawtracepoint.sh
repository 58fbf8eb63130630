desc "rawtracepoint:sys_enter: arg1 is the system call number"
prog <<'EOF'
rawtracepoint:sys_enter /comm == "sonde_wl" && arg1 == 110/ { @ = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF
workload syscalls getppid 5
expect '@: 5'
