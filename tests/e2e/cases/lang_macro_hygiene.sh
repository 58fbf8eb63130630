desc "a macro's own variables never meet the caller's: same names on both sides"
prog <<'EOF2'
macro square(x) { $y = x; $y * $y }
macro swap($a, $b) { let $t = $a; $a = $b; $b = $t; }
tracepoint:syscalls:sys_enter_write /comm == "sonde_wl"/ {
	$y = args.count;
	$t = 100;
	$s = square($y + 1) + square($y);
	$p = 1;
	$q = 2;
	swap($p, $q);
	printf("%d %d %d %d %d\n", $y, $t, $s, $p, $q);
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls write 3
expect <<'EOF2'
1 100 5 2 1
2 100 13 2 1
3 100 25 2 1
EOF2
