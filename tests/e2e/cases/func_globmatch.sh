desc "globmatch(): whole-string glob matches with *, ?, classes, ranges and negation, on a path and on comm"
prog <<'EOF2'
tracepoint:syscalls:sys_enter_openat /comm == "sonde_wl"/ {
	$f = str(args.filename);
	printf("a %d %d %d %d\n", globmatch($f, "/nonexistent/sonde-*"), globmatch($f, "*sonde-t?g"),
	       globmatch($f, "*/sonde-[a-s]*"), globmatch($f, "*/sonde-[!t]*"));
}
tracepoint:syscalls:sys_enter_openat /globmatch(comm, "sonde_wl*")/ {
	$f = str(args.filename);
	printf("b %d %d %d %d\n", globmatch($f, "sonde-tag"), globmatch($f, "/*/*-[r-u]a[f-h]"), globmatch($f, "*tag*x"),
	       globmatch(comm, "?onde_w[!a-k]*"));
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls openat 1 tag
expect_sorted <<'EOF2'
a 1 1 0 0
b 0 1 0 1
EOF2
