desc "a full map warns once on stderr and keeps the keys it has"
prog <<'EOF2'
config = { max_map_keys = 4 }
tracepoint:syscalls:sys_enter_write /comm == "sonde_wl"/ { @[args.count] = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls write 10
expect <<'X'
@[1]: 1
@[2]: 1
@[3]: 1
@[4]: 1
X
expect_stderr 'WARNING: map @ is full (max_map_keys 4): new keys are being dropped'
