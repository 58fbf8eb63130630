desc "a map only code ruled out at compile time writes (if (0), a tool option left off) is not created: it prints as empty, print, clear and zero of it work, -v says so"
opts -v
prog <<'EOF2'
tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ {
	@calls = count();
	if (0) { @never[tid] = hist(1); }
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ {
	print(@never);
	clear(@never);
	zero(@never);
	exit();
}
EOF2
workload syscalls getppid 3
expect <<'EOF2'
@calls: 3
EOF2
expect_stderr "sonde: map @never is not created: no program's code uses it"
