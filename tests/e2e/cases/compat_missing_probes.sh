desc "missing tracepoints as bpftrace's runtime tests probe/*missing*: one among a block's others is skipped with a warning; with config missing_probes = warn a whole block is skipped, saying so; the rest runs"
prog <<'EOF2'
config = { missing_probes = "warn" }
tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ { @a = count(); }
tracepoint:syscalls:nonsense { @never = 1; }
tracepoint:syscalls:sys_enter_close, tracepoint:syscalls:nonsense2 /args.fd == 999999/ { exit(); }
EOF2
workload syscalls getppid 3
expect '@a: 3'
expect_stderr 'warning: Unable to attach probe: tracepoint:syscalls:nonsense. Skipping.'
expect_stderr 'warning: tracepoint not found: syscalls:nonsense2'
