desc "64-bit arithmetic: overflow wraps, negatives, C division"
prog <<'EOF'
BEGIN {
	$max = 0x7fffffffffffffff;
	printf("%d\n", $max + 1);
	printf("%d\n", 5000000000 * 3);
	printf("%d\n", 1 << 40);
	printf("%d\n", 0xffffffff + 1);
	$n = -7;
	printf("%d %d %d\n", $n / 2, $n % 2, $n * 3);
	printf("%d %d\n", -5 + 3, 10 - 20);
	printf("%lu\n", 0 - 1);
	printf("%d\n", 1000000 * 1000000);
	exit();
}
EOF
expect <<'EOF'
-9223372036854775808
15000000000
1099511627776
4294967296
-3 -1 -21
-2 -10
18446744073709551615
1000000000000
EOF
