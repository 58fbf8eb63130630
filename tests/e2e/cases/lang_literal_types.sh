desc "integer literals typed as bpftrace types them (1 is uint8, -1 int8, -1000 int16): sizeof of literals, of variables and of tuples (bpftrace's tuples test complex_tuple_4), variables widened by later values, and 64-bit arithmetic and map values as before"
prog <<'EOF2'
BEGIN {
	printf("%d %d %d %d %d %d\n", sizeof(1), sizeof(-1), sizeof(1000), sizeof(-1000), sizeof(100000), sizeof(5000000000));
	$x = 1;
	$y = -1;
	$z = 1;
	$z = -1000;
	$w = 255;
	$w = 256;
	printf("%d %d %d %d %d %d\n", sizeof($x), sizeof($y), sizeof($z), $z, sizeof($w), $w);
	$a = ((int8)-100, (int8)100, "abcdef", 3, (int32)1, (int64)-10, (int8)10, (int16)-555, "abc");
	print(sizeof($a));
	print((1, -1, 300));
	print(sizeof((1, -1, 300)));
	$i = 0;
	$i++;
	$j = 0;
	$j += 300;
	printf("%d %d %d %d\n", $i, sizeof($i), $j, sizeof($j));
	$u = 1;
	printf("%d %d %d %d\n", 1 - 2, $u - 2, 7 / -2, 200 * 200);
	@m = 1;
	@m = -1;
	@k[1, (2, -3)] = 255;
	exit();
}
EOF2
expect <<'EOF2'
1 1 2 2 4 8
1 1 2 -1000 2 256
32
(1, -1, 300)
4
1 8 300 8
-1 -1 -3 40000
@k[1, (2, -3)]: 255
@m: -1
EOF2
