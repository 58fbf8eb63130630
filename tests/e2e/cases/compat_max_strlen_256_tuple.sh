desc "config max_strlen = 256 with a tuple holding such a string (264 bytes, over the stack's share), as bpftrace's regression test 'config max_strlen with unaligned strings': the tuple lives in the scratch map"
prog <<'EOF2'
config = { max_strlen = 256 }
tracepoint:syscalls:sys_enter_openat /comm == "sonde_wl"/ { print(("ab", str(args.filename))); @[("ab", str(args.filename))] = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls openat 1 tuple
expect <<'EOF2'
(ab, /nonexistent/sonde-tuple)
@[ab, /nonexistent/sonde-tuple]: 1
EOF2
