desc "bpftrace 0.26's signal_name(n), is_err(p), leader_tid, leader_comm (and their task forms), and functions called without parentheses (default_str_length): the workload's kill(child, SIGTERM) named by signal_name"
prog <<'EOF2'
tracepoint:syscalls:sys_enter_kill /comm == "sonde_wl"/ {
	@sig[signal_name(args.sig)] = count();
	printf("%s %d %d %s %s\n", signal_name(args.sig), leader_tid == pid, leader_tid(curtask) == pid, leader_comm, leader_comm(curtask));
	printf("%d %d %d %d %d\n", is_err(0), is_err((uint64)-1), is_err((uint64)-4095), is_err((uint64)-4096), is_err(curtask));
	printf("%d %s %s\n", default_str_length, signal_name(35), signal_name(123));
	exit();
}
EOF2
workload tools_wl kill 15
expect <<'EOF2'
SIGTERM 1 1 sonde_wl sonde_wl
0 1 1 0 0
64 SIGRTMIN+1 123

@sig[SIGTERM]: 1
EOF2
