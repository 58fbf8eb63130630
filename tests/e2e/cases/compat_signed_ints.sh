desc "signed values as bpftrace's runtime tests signed_ints: negative stats/avg/sum, a negative map value and its sum, an avg map read back, unsigned comparisons with -1 printing 0 or 1, small signed casts in printf (stats printed as the record current bpftrace prints)"
prog <<'EOF2'
struct x { uint64_t x; };
BEGIN {
	@s = stats(-10); @s = stats(-5); @s = stats(5);
	@a = avg(-30); @a = avg(-10);
	@c = avg(-1); @c = avg(-1); @c = avg(-10);
	if (@c == -4) { printf("done\n"); }
	@n = -11; @m = -11; @m += @m;
	@u = sum(10); @u = sum(-20);
	$a = (*(struct x *)0).x;
	printf("%d %d\n", $a > -1, $a < 1);
	printf("%d %d %d %d\n", (int8) -10, -5555, (int16)-123, 100);
	exit();
}
EOF2
expect <<'EOF2'
done
0 1
-10 -5555 -123 100
@a: -20
@c: -4
@m: -22
@n: -11
@s: { .count = 3, .average = -3, .total = -10 }
@u: -10
EOF2
