desc "bpftrace's runtime tests dwarf 'complex type declaration': let takes a type only the binary's DWARF defines, arrays of pointers included (let \$x: struct Foo *[2] = args.bar->foos); the pointers of an array copied out of user memory stay user pointers, in a variable, through a map value, and when a script defines the struct itself"
opts -c '{{PROGS}}/uprobe_dwarf 1'
prog <<'EOF2'
uprobe:{{PROGS}}/uprobe_dwarf:sonde_bar {
	let $x: struct Foo *[2] = args.bar->foos;
	printf("bar.foos[0].a = %d, bar.foos[1].b = %s\n", $x[0]->a, $x[1]->b);
	let $f: struct Foo * = args.bar->foos[1];
	$y = args.bar->foos;
	@m = $y;
	$z = @m;
	printf("%d %d %d\n", $f->c[2], $y[1]->a, $z[0]->c[0]);
}
uprobe:{{PROGS}}/uprobe_dwarf:sonde_dwarf_done { exit(); }
EOF2
expect_regex <<'EOF2'
bar.foos\[0\]\.a = 123, bar\.foos\[1\]\.b = world
6 456 1
@m: \[0x[0-9a-f]+,0x[0-9a-f]+\]
EOF2
check_case() {
	local out
	out=$("$SONDE" -q -c "$PROGS/uprobe_dwarf 1" -e 'struct F { int a; } struct B { struct F *foos[2]; }
		uprobe:'"$PROGS"'/uprobe_dwarf:sonde_bar { let $x: struct F *[2] = ((struct B *)arg0)->foos; printf("%d\n", $x[1]->a); exit(); }' 2>&1)
	[ "$out" = 456 ] || { echo "a script's struct: $out"; return 1; }
}
