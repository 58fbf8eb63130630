desc "-p PID: uprobes on a running process; sonde exits when it exits"
workload_first
workload uprobes 20
opts -p '{{WL_PID}}'
prog <<'EOF2'
uprobe:{{PROGS}}/uprobes:sonde_add { @a = sum(arg0); @pid = max(pid); }
uretprobe:{{PROGS}}/uprobes:sonde_add { @ret = sum(retval); }
EOF2
expect <<'EOF2'
@a: 210
@pid: {{WL_PID}}
@ret: 630
EOF2
