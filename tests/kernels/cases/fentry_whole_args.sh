desc "fentry and fexit: args as a whole value, a record of the BTF-typed argument slots, printed, as a map key and in a variable"
prog <<'EOF2'
fentry:ksys_read /comm == "sonde_wl"/ { print(args); $a = args; @k[$a.count, args] = count(); }
fexit:ksys_read /comm == "sonde_wl"/ { @ret[args, retval] = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls read 2
expect_regex <<'EOF2'
\{ \.fd = 4294967295, \.buf = 0x[0-9a-f]+, \.count = 1 \}
\{ \.fd = 4294967295, \.buf = 0x[0-9a-f]+, \.count = 2 \}
@k\[1, \{ \.fd = 4294967295, \.buf = 0x[0-9a-f]+, \.count = 1 \}\]: 1
@k\[2, \{ \.fd = 4294967295, \.buf = 0x[0-9a-f]+, \.count = 2 \}\]: 1
@ret\[\{ \.fd = 4294967295, \.buf = 0x[0-9a-f]+, \.count = 1 \}, -9\]: 1
@ret\[\{ \.fd = 4294967295, \.buf = 0x[0-9a-f]+, \.count = 2 \}, -9\]: 1
EOF2
