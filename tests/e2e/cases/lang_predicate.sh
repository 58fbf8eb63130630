desc "predicates with && on a string and a tracepoint field"
prog <<'EOF'
tracepoint:syscalls:sys_enter_write /comm == "sonde_wl" && args.count > 5/ { @big = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF
workload syscalls write 10
expect '@big: 5'
