desc "let \$x: TYPE keeps its type: wider values wrap as C stores them (initial value, =, op=); untyped variables still widen (bpftrace's typed let, dwarf/complex type declaration)"
prog <<'EOF2'
BEGIN {
	let $y: uint8 = 300; print($y);
	$y = 301; print($y);
	let $z: int8 = -1; $z = $z - 200; print($z);
	let $c: int32 = 2147483647; $c += 1; print($c);
	let $u: uint16; $u -= 1; print($u);
	let $t: struct task_struct * = curtask; print($t->pid > 0);
	$q = (int8)5; $q = 1000; print($q);
}
EOF2
expect <<'EOF2'
44
45
55
-2147483648
65535
true
1000
EOF2
