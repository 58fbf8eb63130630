desc "raw syscalls tracepoints skip compat (ia32) syscalls as the perf events do: int \$0x80 getpid (20) is not writev (20)"
prog <<'EOF2'
tracepoint:syscalls:sys_enter_writev /comm == "sonde_wl"/ { @writev = count(); }
tracepoint:syscalls:sys_enter_getpid /comm == "sonde_wl"/ { @getpid = count(); }
tracepoint:syscalls:sys_exit_writev /comm == "sonde_wl"/ { @writev_exit = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls int80 3 getpid 2
expect <<'EOF2'
@getpid: 2
EOF2
