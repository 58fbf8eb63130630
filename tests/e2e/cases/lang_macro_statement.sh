desc "macros as statements: a \$var changed by reference, a @map argument, an expression argument evaluated at each use"
prog <<'EOF2'
macro tally($n, @by_size, size) {
	$n += size;
	@by_size[size > 5 ? "big" : "small"] = count();
}
macro thrice(e) { e; e; e; }
tracepoint:syscalls:sys_enter_write /comm == "sonde_wl"/ {
	$total = 100;
	tally($total, @sizes, args.count);
	@sum = sum($total);
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ {
	thrice(printf("hi "));
	printf("\n");
	exit();
}
EOF2
workload syscalls write 10
expect <<'EOF2'
hi hi hi
@sizes[big]: 5
@sizes[small]: 5
@sum: 1055
EOF2
