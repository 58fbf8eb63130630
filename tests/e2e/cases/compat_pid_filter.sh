desc "-p PID: kernel probes (tracepoints, software events) fire only in that process, as bpftrace 0.23's 'pid filter' runtime tests; interval probes still fire"
workload_first
workload syscalls nanosleep 3 1000000 spin 50
opts -p '{{WL_PID}}'
prog <<'EOF2'
tracepoint:sched:sched_switch { @switch[pid == {{WL_PID}}] = 1; }
software:cpu-clock:1000000 { @sw[pid == {{WL_PID}}] = 1; }
interval:ms:1 { @i = 1; }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
expect <<'EOF2'
@i: 1
@sw[true]: 1
@switch[true]: 1
EOF2
