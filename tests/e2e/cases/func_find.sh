desc "find(@m, key, \$v): true and the value in \$v when the key is there (integers, strings, tuple keys), false and \$v unchanged when not"
prog <<'EOF2'
tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ {
	@calls++;
	$v = 0;
	if (find(@last, tid, $v)) {
		printf("again %d after %d\n", @calls, $v);
	} else {
		printf("first %d\n", @calls);
	}
	@last[tid] = @calls;
	@name[tid, "wl"] = comm;
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ {
	$s = "none";
	$miss = find(@name, (tid, "other"), $s);
	printf("%d %s\n", $miss, $s);
	printf("%d %s\n", find(@name, (tid, "wl"), $s), $s);
	$n = -1;
	printf("%d %d\n", find(@last, 0, $n), $n);
	delete(@last, tid);
	delete(@name, (tid, "wl"));
	exit();
}
EOF2
workload syscalls getppid 3
expect <<'EOF2'
first 1
again 2 after 1
again 3 after 2
0 none
1 sonde_wl
0 -1
@calls: 3
EOF2
