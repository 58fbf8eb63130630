desc "a tracepoint this kernel lacks beside others in its probe is skipped with a warning, as bpftrace skips missing probes (opensnoop.bt's sys_enter_open on kernels with only openat)"
prog 'tracepoint:syscalls:sys_enter_sonde_nosuch, tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ { @[probe] = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }'
workload syscalls getppid 2
expect <<'EOF2'
@[tracepoint:syscalls:sys_enter_getppid]: 2
EOF2
expect_stderr 'stdin:1:1: warning: tracepoint not found: syscalls:sys_enter_sonde_nosuch'
expect_stderr 'Attached 2 probes'
