desc "macros as values: in a predicate (a bare name), in printf's arguments, with a let inside"
prog <<'EOF2'
macro is_wl() { comm == "sonde_wl" }
macro kib(x) { x * 1024 }
macro clamp(x, lo, hi) {
	let $v = x;
	$v < lo ? lo : ($v > hi ? hi : $v)
}
tracepoint:syscalls:sys_enter_write /is_wl/ {
	printf("%d %d\n", clamp(args.count, 3, 7), kib(args.count));
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls write 10
expect <<'EOF2'
3 1024
3 2048
3 3072
4 4096
5 5120
6 6144
7 7168
7 8192
7 9216
7 10240
EOF2
