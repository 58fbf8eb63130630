desc "u: and ur: aliases, probe names spelled out, and cpid"
opts -c '{{PROGS}}/uprobes 3'
prog <<'EOF2'
u:{{PROGS}}/uprobes:sonde_add /pid == cpid/ { @[probe] = count(); }
ur:{{PROGS}}/uprobes:sonde_add /pid == cpid/ { @[probe] = count(); }
EOF2
expect_sorted <<'EOF2'
@[uprobe:{{PROGS}}/uprobes:sonde_add]: 3
@[uretprobe:{{PROGS}}/uprobes:sonde_add]: 3
EOF2
