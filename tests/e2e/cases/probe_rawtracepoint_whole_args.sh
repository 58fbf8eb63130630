desc "args as a whole value in raw tracepoints: a record of the BTF-typed context slots (sys_enter's regs pointer and id), printed, in a variable and as a map key and value"
prog <<'EOF2'
rawtracepoint:sys_enter /comm == "sonde_wl" && args.id == 110/ {
	print(args);
	$a = args;
	@id[$a.id] = count();
	@k[args] = count();
	@last = args;
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls getppid 2
expect_regex <<'EOF2'
\{ \.regs = 0xffff[0-9a-f]+, \.id = 110 \}
\{ \.regs = 0xffff[0-9a-f]+, \.id = 110 \}
@id\[110\]: 2
@k\[\{ \.regs = 0xffff[0-9a-f]+, \.id = 110 \}\]: 2
@last: \{ \.regs = 0xffff[0-9a-f]+, \.id = 110 \}
EOF2
