desc "if as a value (bpftrace 0.24): nested ifs, else-if chains, strings, inside arithmetic (bpftrace's runtime test regression/nested ternary operators)"
prog <<'EOF2'
begin {
	let $x = 1; let $y = 2; let $z = 3;
	print(if ($x) { if ($y) { if ($z) { $x } else { $y } } else { $z } } else { 0 });
	$s = if (nsecs > 0) { "yes" } else { "no" };
	print($s);
	@m = if ($x == 0) { 10 } else if ($y == 2) { 20 } else { 30 };
	print(1 + if ($z > 5) { 100 } else { 2 } * 3);
}
EOF2
expect <<'EOF2'
1
yes
7
@m: 20
EOF2
