desc "watchpoint:FUNC+argN with -c (bpftrace's function_arg_addr): increment's arg1 is watched from its first call; the process is stopped until the breakpoint is set, so all 10 stores are caught; probe is watchpoint:BINARY:FUNC:LEN:MODE"
opts -c '{{PROGS}}/watchfn func 5'
prog <<'EOF2'
watchpoint:increment+arg1:4:w { @hits[comm] = count(); @p = probe; }
EOF2
expect <<'EOF2'
@hits[sonde_wl]: 10
@p: watchpoint:{{PROGS}}/watchfn:increment:4:w
EOF2
