desc "as in bpftrace, '.' follows pointers to records and '->' reads record values; nested anonymous structs"
workload structs
prog <<'EOF2'
struct Foo { int m; int n; }
struct Nest { int m; struct { int x; int y; } inner; }
uprobe:{{PROGS}}/structs:sonde_simple {
	$foo = (struct Foo *)arg0;
	$v = *$foo;
	$n = (struct Nest *)arg0;
	printf("%d %d %d %d %d %d\n", $foo.m, $foo.m && 0, 0 || $foo.m, $v->n, $n->inner.x, $n.inner.x);
}
uprobe:{{PROGS}}/structs:sonde_done { exit(); }
EOF2
expect '2 0 1 3 3 3'
