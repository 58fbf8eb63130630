desc "sonde trace -p PID t:syscalls:sys_enter_getppid: a line per hit, the tracepoint in FUNC"
tool trace
opts -p {{WL_PID}}
args t:syscalls:sys_enter_getppid
workload_first
workload syscalls getppid 3
stop sigint
expect_regex <<'EOF2'
PID     TID     COMM             FUNC             ARGS
{{WL_PID}} +{{WL_PID}} +sonde_wl +tracepoint:syscalls:sys_enter_getppid
{{WL_PID}} +{{WL_PID}} +sonde_wl +tracepoint:syscalls:sys_enter_getppid
{{WL_PID}} +{{WL_PID}} +sonde_wl +tracepoint:syscalls:sys_enter_getppid
EOF2
