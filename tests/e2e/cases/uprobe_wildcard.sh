desc "uprobe:BINARY:GLOB attaches to every matching function"
opts -c '{{PROGS}}/uprobes 4'
prog 'uprobe:{{PROGS}}/uprobes:sonde_* { @[probe] = count(); }'
expect_sorted <<'EOF2'
@[uprobe:{{PROGS}}/uprobes:sonde_add]: 4
@[uprobe:{{PROGS}}/uprobes:sonde_done]: 1
EOF2
