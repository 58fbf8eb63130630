desc "BPFTRACE_STR_TRUNC_TRAILER overrides the config block's trailer and BPFTRACE_MAX_STRLEN its length, as bpftrace's environment wins"
prog <<'EOF'
config = { max_strlen = 64; str_trunc_trailer = "<cut>" }
tracepoint:syscalls:sys_enter_openat /comm == "sonde_wl"/ {
	printf("%s\n", str(args.filename));
	@[str(args.filename)] = count();
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF
environ BPFTRACE_STR_TRUNC_TRAILER=... BPFTRACE_MAX_STRLEN=16
workload syscalls openat 1 yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy
expect <<'EOF'
/nonexistent/son...
@[/nonexistent/son...]: 1
EOF
