desc "without --no-warnings the same program warns: the unused map at compile time, the full map at exit"
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
expect_stderr "warning: unused map: @unused"
expect_stderr "WARNING: map @m is full"
