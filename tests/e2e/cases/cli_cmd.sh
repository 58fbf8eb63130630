desc "-c CMD: runs the command once attached, ends when it exits"
opts -c '{{PROGS}}/syscalls -M getppid 4'
prog 'tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ { @c = count(); }'
expect '@c: 4'
