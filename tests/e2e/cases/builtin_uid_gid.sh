desc "uid and gid"
prog <<'EOF'
tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ { printf("%d %d\n", uid, gid); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF
workload syscalls getppid 1
expect '{{UID}} {{GID}}'
