desc "rawtracepoint wildcards expand against the kernel's BTF"
prog <<'EOF2'
rawtracepoint:sys_e* /comm == "sonde_wl" && arg1 == 0/ { @[probe] = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls read 2
expect '@[rawtracepoint:sys_enter]: 2'
