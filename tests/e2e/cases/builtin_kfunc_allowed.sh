desc "kfunc_allowed(): per probe type, a constant; the branch it rules out is never built, so comm(PID) may sit there"
workload syscalls getppid 1
prog <<'EOF2'
BEGIN {
	printf("BEGIN %d %d\n", kfunc_allowed("bpf_task_from_pid"), kfunc_allowed("sonde_no_such_kfunc"));
	if (kfunc_allowed("bpf_task_from_pid")) { printf("%s\n", comm(2)); } else { printf("no kfunc here\n"); }
}
tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ {
	printf("tracepoint %d %d %d\n", kfunc_allowed("bpf_task_from_pid"), kfunc_allowed("bpf_task_release"),
	       kfunc_exist("bpf_task_from_pid"));
	if (kfunc_allowed("bpf_task_from_pid")) { printf("%s\n", comm(pid)); } else { printf("no kfunc here\n"); }
	exit();
}
EOF2
expect <<'EOF2'
BEGIN 0 0
no kfunc here
tracepoint 1 1 1
sonde_wl
EOF2
