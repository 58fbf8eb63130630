desc "a macro's \$x parameter given an expression, as bpftrace's runtime/macro tests pass them: the expression stands wherever \$x appears (evaluated at each), a variable still passes by reference"
prog <<'EOF2'
macro add1($x) { $x + 1 }
macro add2($y) { $y + add1($y) }
macro add3($z) { $z + add2($z) }
macro add_two($x) { $x + 2 }
macro add_one($x) { add_two($x + 1) + 1 }
macro inc($x) { $y = $x + 1; $y }
macro inc_decl($x) { let $y = $x + 1; $y }
macro twice($x) { $y = $x + 1; $z = $x + 2; $y + $z }
macro bump($x) { $x += 1; $x }
BEGIN {
	print(add3(1));
	$a = 1; print(add_one($a + 1));
	@a = 1; print(add1(@a + 1));
	$y = 2; $z = inc(5); print(($y, $z));
	$z = inc_decl(5); print(($y, $z));
	print(add1(add1(1) + 1));
	print(twice({ $y += 1; $y }));
	print($y);
	$b = 1; print((bump($b), $b));
	exit();
}
EOF2
expect <<'EOF2'
4
6
3
(2, 6)
(2, 6)
4
10
4
(2, 2)
@a: 1
EOF2
