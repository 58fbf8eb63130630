desc "len(kstack) and len(ustack(N)): stack depths, within the limit"
prog 'tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ { printf("%d %d %d\n", len(kstack) > 2, len(kstack(2)), len(ustack(3)) <= 3); exit(); }'
workload syscalls getppid 1
expect '1 2 1'
