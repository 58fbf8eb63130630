desc "= += -= *= /= %= &= |= ^= <<= >>= on variables and maps"
prog <<'EOF'
BEGIN {
	$a = 10; $a += 5; $a -= 3; $a *= 4; $a /= 6; $a %= 5;
	$b = 0xF0; $b &= 0x3C; $b |= 0x01; $b ^= 0xFF; $b <<= 4; $b >>= 2;
	printf("%d %d\n", $a, $b);
	@m = 7; @m += 3; @m *= 2; @m -= 4; @m /= 2; @m %= 5;
	@m <<= 3; @m >>= 1; @m |= 1; @m &= 13; @m ^= 6;
	exit();
}
EOF
expect <<'EOF'
3 824
@m: 11
EOF
