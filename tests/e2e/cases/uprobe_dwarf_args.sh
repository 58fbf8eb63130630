desc "args.NAME in uprobes typed from DWARF (string, int, char, long, enum, short; a double skipped), typed retval"
opts -c '{{PROGS}}/uprobe_dwarf 3'
prog <<'EOF2'
uprobe:{{PROGS}}/uprobe_dwarf:sonde_typed {
	printf("%s %d %d %ld %d %d\n", str(args.name), args.neg, args.small, args.big, args.color, args.shrt);
	@neg = sum(args.neg);
}
uretprobe:{{PROGS}}/uprobe_dwarf:sonde_typed { @ret = sum(retval); @min = min(retval); }
EOF2
expect <<'EOF2'
sonde -1 1 1000000000000 1 -2
sonde -2 2 2000000000000 2 -4
sonde -3 3 3000000000000 0 -6
@min: -3
@neg: -6
@ret: -6
EOF2
