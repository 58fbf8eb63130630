desc "watchpoint:FUNC+argN with -p of a running process (bpftrace's function_arg_addr_process_flag): FUNC is found in the process's program, all 8 stores are caught, and sonde ends with the process"
workload_first
workload watchfn func 4
opts -p '{{WL_PID}}'
prog <<'EOF2'
w:increment+arg1:4:w { @hits[pid == {{WL_PID}}] = count(); @p = probe; }
EOF2
expect <<'EOF2'
@hits[true]: 8
@p: watchpoint:{{PROGS}}/watchfn:increment:4:w
EOF2
