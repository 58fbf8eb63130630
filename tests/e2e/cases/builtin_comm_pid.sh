desc "comm(PID): another task's name through bpf_task_from_pid; a PID with no task gives N/A and bpftrace's warning"
workload_first
workload syscalls getppid 2
prog <<'EOF2'
tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ { printf("%s %s\n", comm(pid), comm({{WL_PID}})); @c[comm(tid)] = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { $p = 2147483647; printf("[%s]\n", comm($p)); exit(); }
EOF2
expect <<'EOF2'
sonde_wl sonde_wl
sonde_wl sonde_wl
[N/A]
@c[sonde_wl]: 2
EOF2
expect_stderr "warning: No such process (pid=2147483647)"
