desc "tuples laid out as C structs, as bpftrace: sizeof as its runtime tests tuples/tuple struct sizing, struct and array in tuple sizing, mixed-width integers and strings as map keys and values, wider tuples converting narrower ones"
prog <<'EOF2'
struct Foo { int m; int n; }
struct A { int x[4]; }
BEGIN {
	printf("%d %d\n", sizeof(((int32)1, *((struct Foo *)0))), sizeof(((int32)1, ((struct A *)0)->x)));
	$t = ((int8)1, (int64)1, (int8)1, (int64)1);
	$u = ((int8)1, (int16)1, (int32)1);
	$w = ((int32)1, (int16)1, (int8)1);
	$n = ((int8)1, ((int8)-20, (int8)30));
	printf("%d %d %d %d\n", sizeof($t), sizeof($u), sizeof($w), sizeof($n));
	$a = ((int8)-100, (int8)100, "abcdef", (int64)3, (int32)1, (int64)-10, (int8)10, (int16)-555, "abc");
	print(sizeof($a));
	print($a);
	printf("%d %s %d %d %s\n", $a.0, $a.2, $a.5, $a.7, $a.8);
	if ($a.2 == "abcdef" && $a.8 == "abc") { print("equal"); }
	$p = (((int32)1, "abcdefgh"), "x");
	if ($p.0.1 == "abcdefgh" && $p.1 == "x") { print("nested equal"); }
	$b = ((int8)-100, "abcdef", (int16)-555, "abc", (uint32)7);
	@k[$b] = ((uint8)255, "x", (int16)-2);
	@k[(int8)-100, "abcdef", (int16)-555, "abc", (uint32)7] = ((uint8)1, "y", (int16)3);
	@k[(int8)-100, "abcdef", (int16)-555, "abd", (uint32)7] = ((uint8)2, "z", (int16)4);
	$s = ("hi", (int8)1);
	$s = ("hellolongstr", (int16)-300);
	print($s);
	@m[1, ("hi", (int8)5)] = 1;
	@m[2, ("longer", (int32)-7)] = 2;
	@m[1, ("hi", (int8)5)] += 10;
	$v = ((int16)-1, ((int32)-2, (uint8)3));
	@c[$v] = 12;
	@c[(int16)5, ((int32)6, (uint8)7)] = 11;
	exit();
}
EOF2
expect <<'EOF2'
12 20
32 8 8 3
48
(-100, 100, abcdef, 3, 1, -10, 10, -555, abc)
-100 abcdef -10 -555 abc
equal
nested equal
(hellolongstr, -300)
@c[5, (6, 7)]: 11
@c[-1, (-2, 3)]: 12
@k[-100, abcdef, -555, abc, 7]: (1, y, 3)
@k[-100, abcdef, -555, abd, 7]: (2, z, 4)
@m[2, (longer, -7)]: 2
@m[1, (hi, 5)]: 11
EOF2
