desc "assert_str() (bpftrace's stdlib): a compile-time check that a value is string-like (a string, a char array or pointer); no code"
prog <<'EOF2'
tracepoint:syscalls:sys_enter_openat /comm == "sonde_wl"/ {
	assert_str(comm);
	assert_str(args.filename);
	$s = "x";
	assert_str($s);
	@n = count();
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls openat 2 sonde_tag
expect <<'EOF2'
@n: 2
EOF2
