desc "== and != on tuples as bpftrace's self tests tuple_binop_equals: element by element, strings of different sizes and integers of different widths compared as the type that holds both, maps' tuple values"
prog <<'EOF2'
BEGIN {
	$x = ("hello", -6);
	$y = ("hello", -6);
	$a = (1, true, $x);
	@b = (1, true, $y);
	printf("%d %d %d\n", $a == @b, $a != @b, $a == (1, true, ("ello", -6)));
	printf("%d %d\n", $a == (1, true, ("hello", (int64)-6)), $a != (1, false, ("hello", -6)));
	@m[1, 2] = (3, 4);
	if (@m[1, 2] == (3, 4)) { print("map value equal"); }
	if (@m[1, 2] != ((uint16)3, (int8)5)) { print("map value differs"); }
	clear(@b);
	clear(@m);
	exit();
}
EOF2
expect <<'EOF2'
1 0 0
1 1
map value equal
map value differs
EOF2
