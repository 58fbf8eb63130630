desc "count, sum, min, max and avg read as values in expressions, combined over every CPU"
prog <<'EOF2'
BEGIN { @c = count(); @c = count(); @s = sum(10); @s = sum(-3); @mn = min(4); @mn = min(-2); @mx = max(7); @a = avg(1); @a = avg(1); @a = avg(10); }
BEGIN {
	if (@c == 2 && @a == 4) { printf("ok\n"); }
	$t = @s + @c;
	printf("%d %d %d %d %d %d\n", @c, @s, @mn, @mx, @a, $t);
	@k[@c, @mn] = 1;
	print((@a, @c, @s, @mn, @mx));
	clear(@c); clear(@s); clear(@mn); clear(@mx); clear(@a);
	exit();
}
EOF2
expect <<'EOF2'
ok
2 7 -2 7 4 9
(4, 2, 7, -2, 7)
@k[2, -2]: 1
EOF2
