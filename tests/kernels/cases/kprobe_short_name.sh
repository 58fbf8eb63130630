desc "k: and kr: are kprobe and kretprobe; probe prints the canonical name"
prog <<'EOF2'
k:ksys_read /comm == "sonde_wl"/ { @[probe] = count(); }
kr:ksys_read /comm == "sonde_wl"/ { @[probe] = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls read 2
expect_contains <<'EOF2'
@[kprobe:ksys_read]: 2
@[kretprobe:ksys_read]: 2
EOF2
