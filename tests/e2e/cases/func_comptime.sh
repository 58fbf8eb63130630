desc "static_assert() and the type predicates is_str, is_ptr, is_integer, is_unsigned_integer, is_literal, is_array on a tracepoint's fields"
prog <<'EOF2'
tracepoint:syscalls:sys_enter_openat /comm == "sonde_wl"/ {
	static_assert(sizeof(args.filename) == 8, "filename is a pointer");
	static_assert(!is_str(args.filename) && is_ptr(args.filename), "filename is not a string yet");
	printf("%d %d %d %d %d %d %d\n", is_str(str(args.filename)), is_ptr(args.filename), is_integer(args.flags),
	       is_unsigned_integer(args.flags), is_unsigned_integer((uint64)args.flags), is_literal("x"),
	       is_literal(args.flags));
	print(is_array(pton("127.0.0.1")));
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls openat 1 tag
expect <<'EOF2'
1 1 1 0 1 1 0
true
EOF2
