desc "str(p, n) keeps n - 1 characters and the NUL, as bpftrace documents (a constant or a run-time n, a pointer or a string), without the trailer; str(p) keeps max_strlen characters"
prog <<'EOF2'
config = { max_strlen = 8 }
tracepoint:syscalls:sys_enter_openat /comm == "sonde_wl"/ {
	$n = 6;
	printf("[%s] [%s] [%s] [%s] [%s]\n", str(args.filename, 4), str(args.filename, $n), str("abcdefgh", 3), str("abcdefgh", 1), str(args.filename));
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls openat 1 tag
expect <<'EOF2'
[/no] [/none] [ab] [] [/nonexis..]
EOF2
