desc "a glob of files: uprobes in every match that has the function, USDT probes listed across files"
opts -c '{{PROGS}}/uprobes 4'
prog <<'EOF2'
uprobe:{{PROGS}}/upr*:sonde_add { @[probe] = count(); }
usdt:{{PROGS}}/u*:sonde:tick { @tick = count(); }
EOF2
expect <<'EOF2'
@[uprobe:{{PROGS}}/uprobes:sonde_add]: 4
@tick: 4
EOF2
