desc "write_user(dst, src, len) on 6.1, whose kernel is not locked down: a uprobe writes 3 bytes into the workload's buffer, which it prints changed"
opts --unsafe -c "${PROGS:-}/uprobe_dwarf 1"
prog "uprobe:${PROGS:-}/uprobe_dwarf:sonde_fill { \$r = write_user(arg0, \"hi!\", 3); @r = \$r; }"
expect_regex <<'EOF2'
sonde_fill: hi!----
@r: 0
EOF2
