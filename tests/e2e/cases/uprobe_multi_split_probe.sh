desc "a uprobe wildcard using probe: one program and one uprobe_multi link per function; the refused one is skipped with a warning"
workload_first
workload uprobes 2
opts -p '{{WL_PID}}'
prog 'uprobe:{{PROGS}}/uprobes:locked_* { @[probe] = count(); }'
expect <<'EOF2'
@[uprobe:{{PROGS}}/uprobes:locked_a]: 2
@[uprobe:{{PROGS}}/uprobes:locked_b]: 2
@[uprobe:{{PROGS}}/uprobes:locked_c]: 2
EOF2
expect_stderr "warning: skipping uprobe:{{PROGS}}/uprobes:locked_inc: the kernel cannot place a uprobe on that instruction"
