desc "raw_syscalls tracepoints: args.id, and a signed field (args.ret = -EBADF)"
prog <<'EOF'
tracepoint:raw_syscalls:sys_enter /comm == "sonde_wl" && args.id == 110/ { @ = count(); }
tracepoint:raw_syscalls:sys_exit /comm == "sonde_wl" && args.id == 1/ { @r = min(args.ret); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF
workload syscalls getppid 6 write 2
expect <<'EOF'
@: 6
@r: -9
EOF
