desc "-l 'usdt:*' -p PID lists the USDT probes of every file the process maps"
workload_first
workload usdt 1
oneshot
opts -l 'usdt:*' -p '{{WL_PID}}'
expect_contains <<'EOF2'
usdt:{{PROGS}}/usdt:sonde:guarded
usdt:{{PROGS}}/usdt:sonde:site
EOF2
