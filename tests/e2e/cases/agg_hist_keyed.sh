desc "hist() keyed by comm"
prog <<'EOF'
tracepoint:syscalls:sys_enter_write /comm == "sonde_wl"/ { @h[comm] = hist(args.count); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF
workload syscalls write 10
expect <<'EOF'
@h[sonde_wl]:
[1]                    1 |@@@@@@@@@@@@@                                       |
[2, 4)                 2 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |
[4, 8)                 4 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
[8, 16)                3 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@             |
EOF
