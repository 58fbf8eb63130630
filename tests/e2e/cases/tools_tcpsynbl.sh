desc "sonde tcpsynbl -4: a listener (backlog 77) takes 4 connections before accepting: its queue held 0, 1, 2, 3"
tool tcpsynbl
opts -4
workload tools_wl synbl 4
stop sigint
expect_contains <<'EOF2'
Tracing SYN backlog size. Ctrl-C to end.
@backlog[77]:
[0]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |
[1]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |
[2, 4)                 2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
EOF2
