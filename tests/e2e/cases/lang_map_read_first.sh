desc "maps read before their first assignment: in the same probe (a counter through a variable) and across probes; int64 until a write says otherwise"
prog <<'EOF2'
tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ {
	$n = @calls[pid];
	@calls[pid] = $n + 1;
	@last = @seen * 10;
}
tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ { @seen = @calls[pid]; }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ {
	$s = @name;
	printf("%d %d %d [%s]\n", @calls[pid], @seen, @last, $s);
	@name = "named";
	clear(@calls);
	exit();
}
EOF2
workload syscalls getppid 5
expect <<'EOF2'
5 5 40 []
@last: 40
@name: named
@seen: 5
EOF2
