desc "-c CMD: uprobes fire only in the command, not in another process running the same binary"
# The command waits a second, so the workload (7 calls) runs while it waits.
opts -c "sh -c 'sleep 1; exec {{PROGS}}/uprobes 5'"
workload uprobes 7
prog 'uprobe:{{PROGS}}/uprobes:sonde_add { @a = sum(arg0); @n = count(); }'
expect <<'EOF2'
@a: 15
@n: 5
EOF2
