desc "keyed count and sum"
prog <<'EOF'
tracepoint:syscalls:sys_enter_write /comm == "sonde_wl"/ {
	@c[args.count % 2] = count();
	@s[args.count % 2] = sum(args.count);
}
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF
workload syscalls write 10
expect_sorted <<'EOF'
@c[0]: 5
@c[1]: 5
@s[1]: 25
@s[0]: 30
EOF
check_case() {
	# Sorted by value: the sum of the odd sizes (25) before the even ones (30).
	grep '^@s' "$STDOUT" | tr '\n' ' ' | grep -q '^@s\[1\]: 25 @s\[0\]: 30 $' ||
		{ echo "@s is not sorted by value"; return 1; }
}
