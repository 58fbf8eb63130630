desc "-l with -e lists the program's probes without running it"
oneshot
opts -l
prog 'tracepoint:syscalls:sys_enter_getppid { exit(); } tracepoint:raw_syscalls:sys_e* { exit(); }'
expect_sorted <<'EOF'
tracepoint:syscalls:sys_enter_getppid
tracepoint:raw_syscalls:sys_enter
tracepoint:raw_syscalls:sys_exit
EOF
