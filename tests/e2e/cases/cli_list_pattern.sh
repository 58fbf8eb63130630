desc "-l with a wildcard pattern"
oneshot
opts -l 'tracepoint:syscalls:sys_enter_getpp*'
expect 'tracepoint:syscalls:sys_enter_getppid'
