desc "fentry args, retval and kprobe arguments in the body of a for loop (a BPF callback that gets the probe's context)"
prog <<'EOF2'
fentry:ksys_read /comm == "sonde_wl"/ { for ($i : 0..2) { @count[$i] = sum(args.count); } }
fexit:ksys_read /comm == "sonde_wl"/ { @m[1] = 1; for ($kv : @m) { @ret = sum(retval); } }
kprobe:ksys_read /comm == "sonde_wl"/ { for ($i : 0..1) { @k = sum(arg2); } }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls read 2
expect <<'EOF2'
@count[0]: 3
@count[1]: 3
@k: 3
@m[1]: 1
@ret: -18
EOF2
