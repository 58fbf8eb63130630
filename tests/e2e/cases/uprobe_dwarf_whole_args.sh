desc "args as a whole value in uprobes: a record of the DWARF-typed parameters read from their registers (a double skipped), printed, in a variable, a map value and a map key, inside a tuple, its fields read back"
opts -c '{{PROGS}}/uprobe_dwarf 3'
prog <<'EOF2'
uprobe:{{PROGS}}/uprobe_dwarf:sonde_typed {
	print(args);
	$a = args;
	printf("%d %d %s\n", $a.neg, $a.shrt, str($a.name));
	@last = $a;
	@k[args] = sum(args.neg);
	@t = (args.small, args);
}
uprobe:{{PROGS}}/uprobe_dwarf:sonde_function1 { print(args); }
EOF2
expect_regex <<'EOF2'
\{ \.name = 0x[0-9a-f]+, \.neg = -1, \.small = 1, \.big = 1000000000000, \.color = 1, \.shrt = -2 \}
-1 -2 sonde
\{ \.name = 0x[0-9a-f]+, \.neg = -2, \.small = 2, \.big = 2000000000000, \.color = 2, \.shrt = -4 \}
-2 -4 sonde
\{ \.name = 0x[0-9a-f]+, \.neg = -3, \.small = 3, \.big = 3000000000000, \.color = 0, \.shrt = -6 \}
-3 -6 sonde
\{ \.n = 0x[0-9a-f]+, \.c = 120 \}
@k\[\{ \.name = 0x[0-9a-f]+, \.neg = -3, \.small = 3, \.big = 3000000000000, \.color = 0, \.shrt = -6 \}\]: -3
@k\[\{ \.name = 0x[0-9a-f]+, \.neg = -2, \.small = 2, \.big = 2000000000000, \.color = 2, \.shrt = -4 \}\]: -2
@k\[\{ \.name = 0x[0-9a-f]+, \.neg = -1, \.small = 1, \.big = 1000000000000, \.color = 1, \.shrt = -2 \}\]: -1
@last: \{ \.name = 0x[0-9a-f]+, \.neg = -3, \.small = 3, \.big = 3000000000000, \.color = 0, \.shrt = -6 \}
@t: \(3, \{ \.name = 0x[0-9a-f]+, \.neg = -3, \.small = 3, \.big = 3000000000000, \.color = 0, \.shrt = -6 \}\)
EOF2
