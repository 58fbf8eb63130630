desc "kprobe fires once per call of the function"
prog <<'EOF2'
kprobe:ksys_read /comm == "sonde_wl"/ { @ = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls read 5
expect '@: 5'
