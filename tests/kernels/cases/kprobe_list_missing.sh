desc "kprobe and fentry lists with a function the kernel lacks: it is skipped with a warning (did you mean), the others attach, as bpftrace skips a probe it cannot attach"
prog <<'EOF2'
kprobe:ksys_read,kprobe:no_such_fn_xyz /comm == "sonde_wl"/ { @k = count(); }
fentry:ksys_read,fentry:ksys_raed /comm == "sonde_wl"/ { @f = count(); }
kretprobe:ksys_rea?,kretprobe:vmlinux:no_such_fn_xyz /comm == "sonde_wl"/ { @kr[probe] = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls read 3
expect <<'EOF2'
@f: 3
@k: 3
@kr[kretprobe:ksys_read]: 3
EOF2
expect_stderr "kprobe:no_such_fn_xyz: no kernel function named 'no_such_fn_xyz': skipped"
expect_stderr "fentry:ksys_raed: no function with BTF named 'ksys_raed' (did you mean 'ksys_read'?): skipped"
expect_stderr "kretprobe:vmlinux:no_such_fn_xyz: no kernel function named 'no_such_fn_xyz': skipped"
expect_stderr 'Attached 4 probes'
