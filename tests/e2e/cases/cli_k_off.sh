desc "without -k a failed probe read is silent (it reads as zero/empty), as in bpftrace"
prog <<'EOF2'
tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ { printf("[%s]\n", str(uptr(8))); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls getppid 1
expect '[]'
expect_stderr_absent 'Failed to'
