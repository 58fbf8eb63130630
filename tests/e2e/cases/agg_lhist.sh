desc "lhist(v, 0, 10, 2) of write sizes 1..12: the last row is [10, ...)"
prog <<'EOF'
tracepoint:syscalls:sys_enter_write /comm == "sonde_wl"/ { @l = lhist(args.count, 0, 10, 2); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF
workload syscalls write 12
expect <<'EOF'
@l:
[0, 2)                 1 |@@@@@@@@@@@@@@@@@                                   |
[2, 4)                 2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@                  |
[4, 6)                 2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@                  |
[6, 8)                 2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@                  |
[8, 10)                2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@                  |
[10, ...)              3 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
EOF
