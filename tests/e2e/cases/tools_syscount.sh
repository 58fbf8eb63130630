desc "sonde syscount -n: the workload's system calls counted by name"
tool syscount
opts -n sonde_wl
workload syscalls getppid 7 openat 3
stop sigint
expect_contains <<'EOF2'
Tracing syscalls, printing top 10... Ctrl+C to quit.
@syscalls[getppid]: 7
@syscalls[openat]: 3
EOF2
