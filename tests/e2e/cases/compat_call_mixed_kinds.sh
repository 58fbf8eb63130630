desc "a block may list probes of kinds one program cannot serve (begin with a tracepoint), as in bpftrace: the block runs for each, its code compiled once per kind"
prog <<'EOF3'
BEGIN, tracepoint:syscalls:sys_enter_getppid { if (probe == "begin" || comm == "sonde_wl") { printf("%s\n", probe); } }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF3
workload syscalls getppid 2
expect <<'EOF3'
begin
tracepoint:syscalls:sys_enter_getppid
tracepoint:syscalls:sys_enter_getppid
EOF3
