desc "-f json as bpftrace's runtime tests json-output join_delim and helper_error: join()'s record holds the joined words without the newline text output ends them with, and -k's failed read is a helper_error record on stdout with the helper, its return code and the place in the script"
opts -f json -k -c "{{PROGS}}/uprobes 1"
prog <<'EOF2'
tracepoint:syscalls:sys_enter_execve /pid == cpid/ { join(args.argv, ","); }
uprobe:{{PROGS}}/uprobes:sonde_add {
  $x = *(int32 *)arg0;
}
uprobe:{{PROGS}}/uprobes:sonde_done { exit(); }
EOF2
expect <<'EOF2'
{"type": "attached_probes", "count": 3, "data": {"probes": 3}}
{"type": "join", "data": "{{PROGS}}/uprobes,1"}
{"type": "helper_error", "msg": "Bad address", "helper": "probe_read_user", "retcode": -14, "filename": "stdin", "line": 3, "col": 8}
EOF2
