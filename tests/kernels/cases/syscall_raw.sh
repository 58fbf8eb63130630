desc "tracepoint:syscalls on 6.1's raw sys_enter/sys_exit: fields, ret, compat syscalls skipped, a dispatcher for sys_enter_*"
prog <<'EOF2'
tracepoint:syscalls:sys_enter_openat /comm == "sonde_wl"/ {
	printf("openat %s dfd=%d nr=%d\n", str(args.filename), args.dfd, args.__syscall_nr);
}
tracepoint:syscalls:sys_exit_read /comm == "sonde_wl"/ { @ret[args.ret] = count(); }
tracepoint:syscalls:sys_enter_writev /comm == "sonde_wl"/ { @writev = count(); }
tracepoint:syscalls:sys_enter_g* /comm == "sonde_wl"/ { @[probe] = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
opts -v
workload syscalls openat 1 read 3 int80 2 getpid 4 getppid 5
expect <<'EOF2'
openat /nonexistent/sonde-test dfd=-100 nr=257
@[tracepoint:syscalls:sys_enter_getpid]: 4
@[tracepoint:syscalls:sys_enter_getppid]: 5
@ret[-9]: 3
EOF2
expect_stderr "syscalls tracepoints run on the raw sys_enter/sys_exit tracepoints"
