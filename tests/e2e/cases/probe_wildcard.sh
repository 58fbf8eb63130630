desc "tracepoint wildcard matching one event; probe names the concrete one"
prog <<'EOF'
tracepoint:syscalls:sys_enter_getpp* /comm == "sonde_wl"/ { @[probe] = count(); }
t:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF
workload syscalls getppid 4
expect '@[tracepoint:syscalls:sys_enter_getppid]: 4'
