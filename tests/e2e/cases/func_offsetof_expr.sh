desc "offsetof(EXPR, member): the struct an expression is, with member paths; the offset reads the member"
prog <<'EOF2'
tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ {
	$t = curtask;
	printf("%d %d %d\n", offsetof(*$t, pid) == offsetof(struct task_struct, pid),
	       offsetof(*curtask, se.vruntime) == offsetof(struct task_struct, se.vruntime),
	       *(int32 *)((uint64)$t + offsetof(*$t, tgid)) == pid);
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls getppid 1
expect '1 1 1'
