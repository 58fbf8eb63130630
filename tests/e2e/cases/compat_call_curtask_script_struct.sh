desc "a struct task_struct of the script's own types curtask, as in bpftrace (builtin/curtask_field): its fields read the task at the script's offsets; BTF's stays for scripts without one"
prog <<'EOF3'
struct task_struct { int x; int y; }
tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ {
	printf("%d %d %d\n", sizeof(*curtask), curtask.x == *(int32 *)(uint64)curtask,
	       curtask->y == *(int32 *)((uint64)curtask + 4));
	exit();
}
EOF3
workload syscalls getppid 1
expect <<'EOF3'
8 1 1
EOF3
