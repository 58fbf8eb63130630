desc "ranges that are empty (5..5, 1..0, also through variables the verifier sees as constants) run no iteration next to other loops (bpftrace's runtime tests for/range with zero iterations, same start and end, negative start); the kernel's verifier once refused these programs"
prog <<'EOF2'
begin {
	for ($i : (-3)..3) { print($i); }
	for ($i : 5..5) { print("here"); }
	for ($i : 1..0) { print("here"); }
	$z = 5;
	for ($i : 5..$z) { print("here"); }
	$a = 3;
	for ($i : 1..$a) { print($i * 10); }
	print("end");
}
EOF2
expect <<'EOF2'
-3
-2
-1
0
1
2
10
20
end
EOF2
