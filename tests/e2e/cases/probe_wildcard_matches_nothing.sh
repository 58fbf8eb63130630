desc "a wildcard that matches nothing beside other attach points is skipped with a warning (bpftrace); alone it is an error"
prog 'tracepoint:syscalls:sys_enter_sonde_nosuch*, tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ { @ = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }'
workload syscalls getppid 3
expect <<'EOF2'
@: 3
EOF2
expect_stderr 'stdin:1:1: warning: tracepoint:syscalls:sys_enter_sonde_nosuch* matches nothing on this kernel: skipped'
expect_stderr 'Attached 2 probes'
