desc "kfunc/kretfunc and f/fr are fentry and fexit"
prog <<'EOF2'
kfunc:ksys_read /comm == "sonde_wl"/ { @[probe] = count(); }
fr:ksys_read /comm == "sonde_wl"/ { @[probe] = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls read 2
expect_contains <<'EOF2'
@[fentry:ksys_read]: 2
@[fexit:ksys_read]: 2
EOF2
