desc "rawtracepoint:vmlinux:EVENT (bpftrace 0.24's spelling), a module wildcard and the old rawtracepoint:EVENT: probe names each rawtracepoint:vmlinux:EVENT"
prog <<'EOF2'
rawtracepoint:vmlinux:sys_enter /comm == "sonde_wl" && args.id == 39/ { @[probe] = count(); }
rawtracepoint:*:sys_exit /comm == "sonde_wl" && args.regs->orig_ax == 110/ { @[probe] = count(); }
rt:sys_enter /comm == "sonde_wl" && arg1 == 110/ { @old[probe] = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls getpid 3 getppid 2
expect <<'EOF2'
@[rawtracepoint:vmlinux:sys_exit]: 2
@[rawtracepoint:vmlinux:sys_enter]: 3
@old[rawtracepoint:vmlinux:sys_enter]: 2
EOF2
