desc "-l 'uprobe:BINARY:GLOB' lists a binary's functions"
oneshot
opts -l 'uprobe:{{PROGS}}/uprobes:sonde_*'
expect <<'EOF2'
uprobe:{{PROGS}}/uprobes:sonde_add
uprobe:{{PROGS}}/uprobes:sonde_done
EOF2
