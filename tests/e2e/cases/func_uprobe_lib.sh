desc "in uprobes: macaddr (printf, key, value), sarg0/sarg1, uaddr in a PIE (uprobe and uretprobe), usermode"
prog <<'EOF2'
uprobe:{{PROGS}}/stdlib:sonde_mac /comm == "sonde_wl"/ {
	printf("%s %d\n", macaddr(arg0 + 8), usermode);
	@k[macaddr(arg0 + 8)] = 1;
	@v = macaddr(arg0 + 8);
}
uprobe:{{PROGS}}/stdlib:sonde_many /comm == "sonde_wl"/ {
	printf("%d %d %d\n", arg5, sarg0, sarg1);
	printf("0x%lx -- 0x%lx\n", *uaddr("sonde_global_a"), *uaddr("sonde_global_c"));
}
uretprobe:{{PROGS}}/stdlib:sonde_many /comm == "sonde_wl"/ { printf("ret 0x%lx\n", *uaddr("sonde_global_c")); }
uprobe:{{PROGS}}/stdlib:sonde_done /comm == "sonde_wl"/ { exit(); }
EOF2
workload stdlib
expect <<'EOF2'
05:04:03:02:01:02 1
6 7 8
0x55555555 -- 0x33333333
ret 0x33333333
@k[05:04:03:02:01:02]: 1
@v: 05:04:03:02:01:02
EOF2
