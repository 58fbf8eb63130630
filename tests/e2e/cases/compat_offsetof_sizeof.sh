desc "sizeof and offsetof as bpftrace's runtime tests builtin/sizeof*, offsetof*: nested member paths, integer type names, BTF types"
prog <<'EOF2'
struct Foo { int x; char c; struct Bar { int a; int b; } bar; }
BEGIN {
	printf("%d %d %d %d\n", sizeof(struct Bar), sizeof((*(struct Foo*)0).x), sizeof((*(struct Foo*)0).c), sizeof(1 == 1));
	printf("%d %d %d %d %d %d %d %d\n", sizeof(uint8), sizeof(int8), sizeof(uint16), sizeof(int16), sizeof(uint32), sizeof(int32), sizeof(uint64), sizeof(int64));
	printf("%ld %ld %ld %ld\n", offsetof(struct Foo, x), offsetof(struct Foo, c), offsetof(struct Foo, bar.a), offsetof(struct Foo, bar.b));
	print(sizeof(uint64_t));
	print(offsetof(struct task_struct, pid) > 0);
	exit();
}
EOF2
expect <<'EOF2'
8 4 1 1
1 1 2 2 4 4 8 8
0 4 8 12
8
true
EOF2
