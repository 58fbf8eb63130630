desc "&\$x, &@m and &@m[k]: pointers into the program's stack and map values, read with '*'"
prog <<'EOF2'
BEGIN {
	$a = 5;
	$b = &$a;
	printf("%d\n", *$b);
	$a = 7;
	printf("%d %d\n", *$b, $b == &$a);
	$s = "hello";
	$ps = &$s;
	printf("%s %d\n", *$ps, sizeof(*$ps));
	@m[1] = 42;
	$p = &@m[1];
	printf("%d %d\n", *$p, $p != 0);
	@m[1]++;
	printf("%d\n", *$p);
	$q = &@m[2];
	printf("%d %d\n", $q == 0, *$q);
	@x = 3;
	$px = &@x;
	@x += 6;
	printf("%d\n", *$px);
	@ptr = &$a;
	printf("%d\n", *@ptr);
	$i = 1;
	$pi = &$i;
	for ($k : 0..2) {
		$i++;
		printf("%d %d\n", *&$i, *$pi);
	}
	printf("%d\n", *$pi);
	$t = (1, "two");
	$pt = &$t;
	print(*$pt);
	@tp = &$t;
	print(*@tp);
	clear(@ptr);
	clear(@tp);
	exit();
}
EOF2
expect <<'EOF2'
5
7 1
hello 6
42 1
43
1 0
9
7
2 2
3 3
3
(1, two)
(1, two)
@m[1]: 43
@x: 9
EOF2
