desc "sonde killsnoop -n: the workload's kill(child, SIGTERM) with the target pid and result 0"
tool killsnoop
opts -n sonde_wl
workload tools_wl kill 15
stop sigint
expect_regex <<'EOF2'
TIME     PID     COMM             SIG  TPID    RESULT
[0-9:]{8} [0-9]+ +sonde_wl +15   [0-9]+ +0
EOF2
