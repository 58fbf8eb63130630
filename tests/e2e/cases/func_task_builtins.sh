desc "ppid, pcomm, ppid(curtask), username, usermode, probetype, has_cpid, strerror in a tracepoint"
prog <<'EOF2'
tracepoint:syscalls:sys_exit_getppid /comm == "sonde_wl"/ {
	printf("%d %d %s %s\n", ppid == args.ret, ppid(curtask) == args.ret, pcomm, username);
	printf("%d %s %d %s\n", usermode, probetype, has_cpid, strerror(2));
	exit();
}
EOF2
workload syscalls getppid 1
expect <<EOF2
1 1 sonde_wl $(id -un)
0 tracepoint 0 No such file or directory
EOF2
