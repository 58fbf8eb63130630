desc "macros that use macros, and a macro that loops over the map it is given"
prog <<'EOF2'
macro add1(x) { x + 1 }
macro add2(x) { add1(add1(x)) }
macro total(@m) {
	let $t = 0;
	for ($kv : @m) { $t += $kv.1; }
	$t
}
macro report(@m) { printf("total %d over %d keys\n", total(@m), len(@m)); }
tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ { @calls[add2(40)] = count(); }
tracepoint:syscalls:sys_enter_getpid /comm == "sonde_wl"/ { @calls[add1(0)] = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { report(@calls); exit(); }
EOF2
workload syscalls getppid 7 getpid 3
expect <<'EOF2'
total 10 over 2 keys
@calls[1]: 3
@calls[42]: 7
EOF2
