desc "strftime: formats, bpftrace's %f from the timestamp itself, as a map key and value"
prog <<'EOF2'
BEGIN {
	printf("%s\n", strftime("%m/%d/%y", nsecs));
	printf("%s %s\n", strftime("1%f", 1000123000), strftime("1%f", 0));
	@k[strftime("%Y", 0)] = 1;
	@v = strftime("%H:%M", nsecs);
	exit();
}
EOF2
expect_regex <<'EOF2'
[0-9]{2}/[0-9]{2}/[0-9]{2}
1[0-9]{6} 1[0-9]{6}
@k\[[0-9]{4}\]: 1
@v: [0-9]{2}:[0-9]{2}
EOF2
check_case() {
	# 123000 ns apart: the microseconds differ by 123 (modulo a second boundary)
	local a b
	read -r a b < <(sed -n 2p "$STDOUT")
	[ $(( (10#${a:1} - 10#${b:1} + 1000000) % 1000000 )) -eq 123 ] ||
		{ echo "%f of 1000123000 and 0 are $a and $b, not 123 us apart"; return 1; }
}
