desc "rawtracepoint: args.NAME and argN from BTF (sys_enter(regs, id)), rt:, wildcards"
prog <<'EOF2'
rawtracepoint:sys_enter /comm == "sonde_wl" && args.id == 0/ { @id = count(); }
rt:sys_enter /comm == "sonde_wl" && arg1 == 0/ { @arg1 = count(); }
rawtracepoint:sys_e* /comm == "sonde_wl"/ { @wild[probe] = 1; }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls read 4
expect <<'EOF2'
@arg1: 4
@id: 4
@wild[rawtracepoint:vmlinux:sys_enter]: 1
@wild[rawtracepoint:vmlinux:sys_exit]: 1
EOF2
