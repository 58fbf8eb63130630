desc "typeof(EXPR) as a let's type (bpftrace's runtime/macro test 'it renames internal variables'): the expression's type, never run"
prog <<'EOF2'
macro add(x) { let $y: typeof(x); if (true) { $y = 1 } x + $y }
BEGIN {
	print(add(1));
	$w = (int16)-300; let $n: typeof($w) = -2; print(($n, sizeof($n)));
	let $s: typeof(comm) = "abc"; print(($s, sizeof($s)));
	@calls = 0; let $c: typeof(@calls++) = 7; print(($c, @calls));
	exit();
}
EOF2
expect <<'EOF2'
2
(-2, 2)
(abc, 16)
(7, 0)
@calls: 0
EOF2
