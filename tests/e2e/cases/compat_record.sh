desc "records as bpftrace's runtime tests record: basic record, record printing (strings bare, tuples and records nested), evaluation order (fields run as written; assigned in another order, the variable keeps its first order), complex args (a uprobe's whole `args` from DWARF, and one of its fields, in records in tuples, as a key and a value)"
opts -c '{{PROGS}}/uprobe_dwarf 1'
prog <<'EOF2'
BEGIN {
	$v = 99; $t = (a=0, b=1, c="str", d=(5, 6), e=$v);
	printf("%d %d %s %d %d %d\n", $t.a, $t.b, $t.c, $t.d.0, $t.d.1, $t.e);
	$w = (x=1, y=2); $u = (a=0, b=1, c="str", d=(5, 6), e=$w); print($u);
	$o = (foo={ printf("hello"); 1 }, bar={ printf("world"); 2 }); $o = (bar={ printf("hello"); 1 }, foo={ printf("world\n"); 2 }); print($o);
}
uprobe:{{PROGS}}/uprobe_dwarf:sonde_function1 {
	$args = args;
	$a = (a=1, b="hello", c=(args, (x=100, y=$args.c)));
	@[$a] = ("bye", (m=args, n=10));
	exit();
}
EOF2
expect_regex <<'EOF2'
0 1 str 5 6 99
\{ \.a = 0, \.b = 1, \.c = str, \.d = \(5, 6\), \.e = \{ \.x = 1, \.y = 2 \} \}
helloworldhelloworld
\{ \.foo = 2, \.bar = 1 \}
@\[\{ \.a = 1, \.b = hello, \.c = \(\{ \.n = 0x[0-9a-f]+, \.c = 120 \}, \{ \.x = 100, \.y = 120 \}\) \}\]: \(bye, \{ \.m = \{ \.n = 0x[0-9a-f]+, \.c = 120 \}, \.n = 10 \}\)
EOF2
