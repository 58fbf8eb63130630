desc "scratch variables carry values within a probe"
prog <<'EOF'
tracepoint:syscalls:sys_enter_write /comm == "sonde_wl"/ {
	$x = args.count * 2;
	$y = $x + 1;
	@s = sum($y);
	@last = $y;
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF
workload syscalls write 4
expect <<'EOF'
@last: 9
@s: 24
EOF
