desc "hist() of write sizes 1..10"
prog <<'EOF'
tracepoint:syscalls:sys_enter_write /comm == "sonde_wl"/ { @h = hist(args.count); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF
workload syscalls write 10
expect <<'EOF'
@h:
[1]                    1 |@@@@@@@@@@@@@                                       |
[2, 4)                 2 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |
[4, 8)                 4 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
[8, 16)                3 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@             |
EOF
