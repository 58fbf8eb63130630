desc "-l of a whole tracepoint category"
oneshot
opts -l 'tracepoint:raw_syscalls:*'
expect_sorted <<'EOF'
tracepoint:raw_syscalls:sys_enter
tracepoint:raw_syscalls:sys_exit
EOF
