desc "arrays inside a record copy and through pointers: printed and compared without the bytes around them"
prog <<'EOF2'
struct R { char pad; uint8 a[3]; uint8 b[3]; };
tracepoint:syscalls:sys_enter_openat /comm == "sonde_wl"/ {
	$r = *(struct R *)args.filename;
	$q = (struct R *)(args.filename + 3);
	printf("%d %d %d %d\n", $r.a == $r.b, $r.a == ((struct R *)args.filename)->a, $r.b == $q->a, $q->b != $r.a);
	print($r.a);
	print($q->b);
	@m[$r.b] = 1;
	exit();
}
EOF2
workload syscalls openat 1
expect <<'EOF2'
0 1 1 1
[110,111,110]
[115,116,101]
@m[[101,120,105]]: 1
EOF2
