desc "sonde funccount -p PID 't:syscalls:sys_enter_getpp*': a bcc-style tracepoint spec with a wildcard; the workload's 7 getppid calls"
tool funccount
opts -p {{WL_PID}}
args 't:syscalls:sys_enter_getpp*'
workload_first
workload syscalls getppid 7
stop sigint
expect <<'EOF2'
Tracing functions for "t:syscalls:sys_enter_getpp*"... Hit Ctrl-C to end.
FUNC                                    COUNT
tracepoint:syscalls:sys_enter_getppid        7
EOF2
