desc "raw syscalls tracepoints: arguments from pt_regs (sign-extended int, string pointer), ret and __syscall_nr as the record has them"
prog <<'EOF2'
tracepoint:syscalls:sys_enter_openat /comm == "sonde_wl"/ {
	printf("openat %s dfd=%d flags=%d nr=%d\n", str(args.filename), args.dfd, args.flags, args.__syscall_nr);
}
tracepoint:syscalls:sys_enter_read /comm == "sonde_wl"/ { @count = sum(args.count); @fd[args.fd] = count(); }
tracepoint:syscalls:sys_exit_read, tracepoint:syscalls:sys_exit_openat /comm == "sonde_wl"/ {
	@ret[probe, args.ret, args.__syscall_nr] = count();
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls openat 2 read 4
expect <<'EOF2'
openat /nonexistent/sonde-test dfd=-100 flags=0 nr=257
openat /nonexistent/sonde-test dfd=-100 flags=0 nr=257
@count: 10
@fd[4294967295]: 4
@ret[tracepoint:syscalls:sys_exit_openat, -2, 257]: 2
@ret[tracepoint:syscalls:sys_exit_read, -9, 0]: 4
EOF2
