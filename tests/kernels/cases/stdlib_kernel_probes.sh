desc "reg() in a kprobe (di is arg0, dx arg2) and socket_cookie() in an fentry probe (udp_sendmsg's sk)"
prog <<'EOF2'
kprobe:ksys_read /comm == "sonde_wl"/ { @regs[reg("di") == arg0, reg("dx")] = count(); }
fentry:udp_sendmsg /comm == "sonde_wl"/ { @cookie[socket_cookie(args.sk) != 0] = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls read 2 udp 2
expect_contains <<'EOF2'
@cookie[true]: 2
@regs[true, 1]: 1
@regs[true, 2]: 1
EOF2
