desc "kprobe:vmlinux:FN names the kernel itself"
prog <<'EOF2'
kprobe:vmlinux:ksys_read /comm == "sonde_wl"/ { @ = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls read 2
expect '@: 2'
