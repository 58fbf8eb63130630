desc "macro overloads: one name, several parameter lists; a use gets the first definition that takes its arguments (count, then \$var/@map/expression)"
workload syscalls getppid 1
prog <<'EOF2'
macro describe($v) { printf("variable %d\n", $v); }
macro describe(@m) { printf("map %d\n", @m); }
macro describe(x) { printf("expression %d\n", x); }
macro describe(x, y) { printf("two: %d %d\n", x, y); }
macro twice() { 7 }
macro twice(x) { x * 2 }
tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ {
	$a = 1; @b = 2;
	describe($a); describe(@b); describe($a + 2); describe(4, 5);
	printf("%d %d %d\n", twice, twice(), twice(21));
	exit();
}
EOF2
expect <<'EOF2'
variable 1
map 2
expression 3
two: 4 5
7 7 42
@b: 2
EOF2
