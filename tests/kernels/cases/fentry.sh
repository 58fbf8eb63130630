desc "fentry and fexit: args.NAME typed from BTF, retval, kfunc/kretfunc/f/fr, wildcards"
prog <<'EOF2'
fentry:ksys_read /comm == "sonde_wl"/ { @count[args.count] = count(); @fd[args.fd] = count(); }
fexit:ksys_read /comm == "sonde_wl"/ { @ret[args.count, retval] = count(); }
kfunc:ksys_read /comm == "sonde_wl"/ { @name[probe] = count(); }
kretfunc:ksys_read /comm == "sonde_wl"/ { @name[probe] = count(); }
f:ksys_read, fr:ksys_read /comm == "sonde_wl"/ { @short = count(); }
fentry:ksys_rea* /comm == "sonde_wl"/ { @wild[probe] = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls read 2
expect_contains <<'EOF2'
@count[1]: 1
@count[2]: 1
@fd[4294967295]: 2
@name[fentry:vmlinux:ksys_read]: 2
@name[fexit:vmlinux:ksys_read]: 2
@ret[1, -9]: 1
@ret[2, -9]: 1
@short: 4
@wild[fentry:vmlinux:ksys_read]: 2
EOF2
