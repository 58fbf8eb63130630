desc "sonde sockstat -p PID 10: the workload's sockets, bind, listen, connects and accepts counted by call"
tool sockstat
opts -p {{WL_PID}}
args 10
workload_first
workload tools_wl tcp 2 100
stop sigint
expect_contains <<'EOF2'
Tracing sock statistics. Output every 10 seconds.
@[tracepoint:syscalls:sys_enter_bind]: 1
@[tracepoint:syscalls:sys_enter_listen]: 1
@[tracepoint:syscalls:sys_enter_accept]: 2
@[tracepoint:syscalls:sys_enter_connect]: 2
@[tracepoint:syscalls:sys_enter_socket]: 3
EOF2
