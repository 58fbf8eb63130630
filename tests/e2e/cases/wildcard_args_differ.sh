desc "one wildcard whose matches give different args: the block is checked once per kind of args (args.v is int16 in one, int64 in the other; args whole differs), as bpftrace"
opts -c '{{PROGS}}/uprobe_dwarf 1'
prog <<'EOF2'
uprobe:{{PROGS}}/uprobe_dwarf:sonde_v_* { printf("%s %d\n", func, args.v); @s = sum(args.v); @t[func] = (args.v, args); }
uprobe:{{PROGS}}/uprobe_dwarf:sonde_function* { print(args); }
EOF2
expect_regex <<'EOF2'
\{ \.n = 0x[0-9a-f]+, \.c = 120 \}
\{ \.foo1 = 0x[0-9a-f]+ \}
sonde_v_short -7
sonde_v_long -5000000000
@s: -5000000007
@t\[sonde_v_long\]: \(-5000000000, \{ \.v = -5000000000 \}\)
@t\[sonde_v_short\]: \(-7, \{ \.v = -7 \}\)
EOF2
