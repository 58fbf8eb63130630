desc "a uprobe wildcard attaches through one uprobe_multi link; a function whose first instruction uprobes refuse (lock prefix) is found by splitting the link, skipped with a warning, and the others count"
workload_first
workload uprobes 3
opts -p '{{WL_PID}}'
prog 'uprobe:{{PROGS}}/uprobes:locked_* { @ = count(); }'
expect <<'EOF2'
@: 9
EOF2
expect_stderr "warning: skipping uprobe:{{PROGS}}/uprobes:locked_inc: the kernel cannot place a uprobe on that instruction"
expect_stderr "Attached 3 probes"
