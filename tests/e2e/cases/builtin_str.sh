desc "str() of a user string as a map key and in printf"
prog <<'EOF'
tracepoint:syscalls:sys_enter_openat /comm == "sonde_wl"/ {
	@[str(args.filename)] = count();
	printf("%s\n", str(args.filename));
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF
workload syscalls openat 2 abc openat 1
expect <<'EOF'
/nonexistent/sonde-abc
/nonexistent/sonde-abc
/nonexistent/sonde-test
@[/nonexistent/sonde-test]: 1
@[/nonexistent/sonde-abc]: 2
EOF
