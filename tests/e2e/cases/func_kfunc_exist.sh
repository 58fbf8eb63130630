desc "kfunc_exist(): whether the kernel's BTF has the function, a constant in a tracepoint's block"
prog <<'EOF2'
tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ {
	printf("%d %d\n", kfunc_exist("bpf_task_from_pid"), kfunc_exist("sonde_no_such_kfunc"));
	if (kfunc_exist("bpf_rcu_read_lock")) { @[comm] = count(); }
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls getppid 2
expect <<'EOF2'
1 0
1 0
@[sonde_wl]: 2
EOF2
