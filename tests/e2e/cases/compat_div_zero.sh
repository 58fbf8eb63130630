desc "a divisor that is 0 at run time gives 1 and a warning, as bpftrace (regression/zero_divide, zero_modulo, modulo_operator); a non-zero one divides as C"
prog <<'EOF2'
BEGIN {
	@mod1 = 1; @mod0 = 0;
	print((uint64)10 % (uint64)@mod1);
	print((uint64)10 % (uint64)@mod0);
	print((uint64)10 / (uint64)@mod0);
	$t = 3;
	print((-7 / $t, -7 % $t, 4 % 2));
	clear(@mod1); clear(@mod0);
	exit();
}
EOF2
expect <<'EOF2'
0
1
1
(-2, -1, 0)
EOF2
expect_stderr 'warning: Divide or modulo by 0 detected. This can lead to unexpected results. 1 is being used as the result.'
