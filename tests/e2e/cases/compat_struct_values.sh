desc "records and arrays copied out of memory: printed, kept in variables, maps (values and keys) and tuples, indexed with constants and variables"
workload structs
prog <<'EOF2'
struct Foo { int m; int n; }
struct A { int x[4]; }
struct B { int y[2][2]; }
uprobe:{{PROGS}}/structs:sonde_simple { $f = *((struct Foo *)arg0); print($f); printf("%d\n", $f.n); @t = (1, *((struct Foo *)arg0)); }
uprobe:{{PROGS}}/structs:sonde_arrays {
	$a = ((struct A *)arg0)->x;
	print($a);
	print(((struct B *)arg1)->y);
	@a[0] = ((struct A *)arg0)->x;
	@k[((struct A *)arg0)->x, 42] = 1;
	$b = ((struct B *)arg1)->y;
	$s = 0;
	for ($i : 0..4) { $s += $a[$i]; }
	printf("%d %d %d %d\n", $a[3], @a[0][1], $b[1][0], $s);
}
uprobe:{{PROGS}}/structs:sonde_done { exit(); }
EOF2
expect <<'EOF2'
{ .m = 2, .n = 3 }
3
[1,2,3,4]
[[5,6],[7,8]]
4 2 7 10
@a[0]: [1,2,3,4]
@k[[1,2,3,4], 42]: 1
@t: (1, { .m = 2, .n = 3 })
EOF2
