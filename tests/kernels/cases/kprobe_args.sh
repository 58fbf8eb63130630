desc "kprobe argN are the function's arguments (ksys_read(fd, buf, count))"
prog <<'EOF2'
kprobe:ksys_read /comm == "sonde_wl"/ { @[arg2] = count(); @fd[arg0] = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls read 3
expect_contains <<'EOF2'
@[1]: 1
@[2]: 1
@[3]: 1
@fd[4294967295]: 3
EOF2
