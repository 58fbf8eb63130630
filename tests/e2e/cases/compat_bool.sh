desc "bools: true/false, comparisons and ! print as true/false, casts to and from bool, bool keys and values"
prog <<'EOF2'
BEGIN {
	print((true, false));
	print((1 < 2, 2 == 3, !0, !10, "a" == "a"));
	print(((bool)5, (bool)0, (bool)"x", (bool)"", (int64)true));
	$p = (int64 *)1;
	print(((bool)$p, curtask ? 1 : 2, (curtask && 0) ? 1 : 2));
	@a[false, 1, true] = 1;
	@v = 3 > 2;
	printf("%d %d\n", 1 < 2, true + 1);
	exit();
}
EOF2
expect <<'EOF2'
(true, false)
(true, false, true, false, true)
(true, false, true, false, 1)
(true, 1, 2)
1 2
@a[false, 1, true]: 1
@v: true
EOF2
