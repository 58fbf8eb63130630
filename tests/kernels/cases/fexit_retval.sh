desc "fexit has the arguments and the return value"
prog <<'EOF2'
fexit:ksys_read /comm == "sonde_wl"/ { @[args.count, retval] = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls read 2
expect_contains <<'EOF2'
@[1, -9]: 1
@[2, -9]: 1
EOF2
