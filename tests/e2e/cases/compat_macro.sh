desc "bpftrace's runtime tests for macros (runtime/macro), with plain x parameters where the tests pass expressions (compat_macro_expr_args passes them to \$x)"
prog <<'EOF2'
macro inc($x) { $x += 1; }
macro inc_value($x) { $x += 1; $x }
macro set_key(@x) { @x[1] = 2; }
macro set_scalar(@x) { @x = 2; }
macro get(@x) { 1 + @x[1] }
macro print_me($x) { print(("me", $x)); }
macro add1(x) { x + 1 }
macro add2(y) { y + add1(y) }
macro add3(z) { z + add2(z) }
macro st1($x) { $x += 1; }
macro st2($y) { st1($y); $y += 1; }
macro st3($z) { st2($z); $z += 1; }
macro loop_map(@a) { let $x = 1; for ($kv : @a) { $x += $kv.1; } $x }
macro rename(x) { $y = x + 1; $y }
macro one() { $x = 1; $x }
macro twice_used(x) { $y = x + 1; $z = x + 2; $y + $z }
BEGIN {
	$a = 1; inc($a); print($a);
	$a = 1; $b = inc_value($a); print(($a, $b));
	@k[1] = 1; set_key(@k);
	@s = 1; set_scalar(@s);
	@g[1] = 1; print(get(@g));
	$a = 1; print_me($a);
	print(add3(1));
	$a = 1; st3($a); print($a);
	$a = 1; inc($a); inc($a); inc($a); print($a);
	@x[1] = 5; @x[2] = 10; print(loop_map(@x));
	$a = 1; if ($a == 1) { print(add2($a)); } else { print(add1($a)); }
	$y = 2; $z = rename(5); print(($y, $z));
	print(add1(add1(1) + 1));
	$o = one; print($o);
	$y = 2; print(twice_used({ $y += 1; $y }));
	clear(@g); clear(@x);
	exit();
}
EOF2
expect <<'EOF2'
2
(2, 2)
2
(me, 1)
4
4
4
16
3
(2, 6)
4
1
10
@k[1]: 2
@s: 2
EOF2
