desc "a tracepoint's struct pointer argument followed through BTF (user memory)"
prog <<'EOF2'
tracepoint:syscalls:sys_enter_nanosleep /comm == "sonde_wl"/ { @ns = sum(args->rqtp->tv_nsec); @s = max(args.rqtp->tv_sec); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls nanosleep 3 1000
expect <<'X'
@ns: 3000
@s: 0
X
