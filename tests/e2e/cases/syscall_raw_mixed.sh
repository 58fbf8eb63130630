desc "a block with syscalls and other tracepoints, enter and exit: one program each on sys_enter, sys_exit and the perf event"
prog <<'EOF2'
tracepoint:syscalls:sys_enter_getppid, tracepoint:syscalls:sys_exit_getppid, tracepoint:sched:sched_process_fork
/comm == "sonde_wl"/
{
	@ = count();
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
opts -v
workload syscalls -t 2 getppid 3
expect <<'EOF2'
@: 14
EOF2
expect_stderr "3 syscalls tracepoints run on the raw sys_enter/sys_exit tracepoints (0 through a dispatcher)"
