desc "fentry args.NAME are the function's arguments, typed from BTF"
prog <<'EOF2'
fentry:ksys_read /comm == "sonde_wl"/ { @[args.count] = count(); @fd[args.fd] = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls read 3
expect_contains <<'EOF2'
@[1]: 1
@[2]: 1
@[3]: 1
@fd[4294967295]: 3
EOF2
