desc "a uprobe wildcard attaches through one uprobe_multi link: a function whose first instruction uprobes refuse is skipped with a warning, found by its lock prefix (locked_inc) or by splitting the link (locked_trap, int3), and the others count"
workload_first
workload uprobes 3
opts -p '{{WL_PID}}'
prog 'uprobe:{{PROGS}}/uprobes:locked_* { @ = count(); }'
expect <<'EOF2'
@: 9
EOF2
expect_stderr "warning: skipping uprobe:{{PROGS}}/uprobes:locked_inc: the kernel cannot place a uprobe on that instruction"
expect_stderr "Attached 3 probes"
expect_stderr "warning: skipping uprobe:{{PROGS}}/uprobes:locked_trap: the kernel cannot place a uprobe on that instruction"
