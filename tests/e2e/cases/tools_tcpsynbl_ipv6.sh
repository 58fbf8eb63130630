desc "sonde tcpsynbl -6: IPv4 listeners are left out"
tool tcpsynbl
opts -6
workload tools_wl synbl 4
stop sigint
expect_absent '@backlog[77]'
expect_contains <<'EOF2'
Tracing SYN backlog size. Ctrl-C to end.
EOF2
