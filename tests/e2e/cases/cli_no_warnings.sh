desc "--no-warnings: neither the checker's warnings nor run-time ones (a full map) are printed"
opts --no-warnings
prog <<'EOF2'
let @m = hash(1);
let @unused = hash(2);
tracepoint:syscalls:sys_enter_getppid /comm == "sonde_wl"/ { @m[tid, @n] = 1; @n++; }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls getppid 3
expect_regex <<'EOF2'
@m\[[0-9]+, 0\]: 1
@n: 3
EOF2
expect_stderr_absent "warning"
expect_stderr_absent "WARNING"
