desc "a script's enums: enumerators as constants, values of the enum printed by name (keys, values, tuples, variables, casts, %s) until arithmetic"
prog <<'EOF2'
enum color { RED, GREEN = 5, BLUE };
enum { ONE = 1, TWO = 2 };
BEGIN {
	@[ONE] = 11;
	@m[ONE, TWO] = -1;
	@v = (RED, BLUE);
	$c = GREEN;
	print($c);
	print((enum color)6);
	print((enum color)7);
	printf("%d %s %d\n", BLUE, BLUE, BLUE + 1);
	@n[ONE + 1] = TWO - 1;
	exit();
}
EOF2
expect <<'EOF2'
GREEN
BLUE
7
6 BLUE 7
@[ONE]: 11
@m[ONE, TWO]: -1
@n[2]: 1
@v: (RED, BLUE)
EOF2
