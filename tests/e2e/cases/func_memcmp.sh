desc "memcmp(): 0 for equal leading bytes, else the difference of the first unequal pair (strings, byte arrays)"
prog <<'EOF2'
tracepoint:syscalls:sys_enter_openat /comm == "sonde_wl"/ {
	$f = str(args.filename);
	printf("%d %d %d\n", memcmp($f, "/nonexistent/sonde-", 19), memcmp($f, "/nonexistent/sonde-tah", 22),
	       memcmp("/nonexistent/sonde-tah", $f, 22));
	printf("%d\n", memcmp(pton("10.0.0.1"), pton("10.0.0.3"), 4));
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls openat 1 tag
expect <<'EOF2'
0 -1 1
-2
EOF2
