desc "comm(PID) needs bpf_task_from_pid (Linux 6.2+): on 6.1 kfunc_allowed() says no in every probe, and the branch it rules out is not built"
prog <<'EOF2'
fentry:ksys_read /comm == "sonde_wl"/ {
	if (kfunc_allowed("bpf_task_from_pid")) { @c[comm(pid)] = count(); } else { @no_kfunc[probetype] = count(); }
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ {
	printf("%d %d\n", kfunc_exist("bpf_task_from_pid"), kfunc_allowed("bpf_task_from_pid"));
	exit();
}
EOF2
workload syscalls read 3
expect <<'EOF2'
0 0
@no_kfunc[fentry]: 3
EOF2
