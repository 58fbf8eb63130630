desc "fentry wildcards attach one program per matching function"
prog <<'EOF2'
fentry:ksys_rea* /comm == "sonde_wl"/ { @[probe] = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls read 3
expect '@[fentry:ksys_read]: 3'
