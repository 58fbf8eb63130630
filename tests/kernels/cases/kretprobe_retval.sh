desc "kretprobe retval is the return value (read(-1) fails with EBADF)"
prog <<'EOF2'
kretprobe:ksys_read /comm == "sonde_wl"/ { @[(int64)retval] = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls read 4
expect '@[-9]: 4'
