desc "strcap(): the buffer of a string or array (str() holds max_strlen characters and the NUL), default_str_length(): max_strlen"
prog <<'EOF2'
config = { max_strlen = 100 }
tracepoint:syscalls:sys_enter_openat /comm == "sonde_wl"/ {
	printf("%d %d %d %d\n", strcap(str(args.filename)), strcap(comm), strcap(pton("::1")), default_str_length());
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls openat 1 tag
expect '101 16 16 100'
