desc "bpftrace's runtime tests dwarf: uprobe args by name from DWARF (a char, through an int pointer, a struct pointer's int, char array and int array members), a cast to a struct only the binary's DWARF defines, a script's struct winning over DWARF's; -lv lists the parameters"
opts -c '{{PROGS}}/uprobe_dwarf 1'
prog <<'EOF2'
struct Bar { int b; }
uprobe:{{PROGS}}/uprobe_dwarf:sonde_function1 { printf("c = %c\n", args->c); printf("n = %d\n", *(args->n)); }
uprobe:{{PROGS}}/uprobe_dwarf:sonde_function2 {
	printf("foo1->a = %d\n", args->foo1->a);
	printf("foo1->b = %s\n", args->foo1->b);
	print(args->foo1->c);
	printf("foo1->a = %d\n", ((struct Foo *)arg0)->a);
	printf("foo1->b = %d\n", ((struct Bar *)arg0)->b);
}
EOF2
expect <<'EOF2'
c = x
n = 13
foo1->a = 123
foo1->b = hello
[1,2,3]
foo1->a = 123
foo1->b = 123
EOF2
check_case() {
	local out p=$PROGS
	out=$("$SONDE" -lv "uprobe:$p/uprobe_dwarf:sonde_function*")
	[ "$out" = "$(printf 'uprobe:%s\n    int* n\n    char c\nuprobe:%s\n    struct Foo* foo1' "$p/uprobe_dwarf:sonde_function1" "$p/uprobe_dwarf:sonde_function2")" ] ||
		{ echo "-lv listed: $out"; return 1; }
	"$SONDE" -lv "uprobe:$p/uprobe_dwarf:main" | grep -qx '    int argc' || { echo "-lv main has no int argc"; return 1; }
	out=$("$SONDE" -e 'struct Foo { int b; } uprobe:'"$p"'/uprobe_dwarf:sonde_function2 { printf("%d\n", ((struct Foo *)arg0)->b); exit(); }' -c "$p/uprobe_dwarf 1" 2>/dev/null)
	[ "$out" = 123 ] || { echo "a script's struct Foo over DWARF's printed: $out"; return 1; }
}
