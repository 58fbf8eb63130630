desc "sonde gethostlatency -p PID: the workload's getaddrinfo(\"localhost\") with its latency"
tool gethostlatency
opts -p {{WL_PID}}
workload_first
workload tools_wl gethost localhost
stop sigint
expect_regex <<'EOF2'
TIME      PID     COMM                  LATms HOST
[0-9:]{8}  {{WL_PID}} +sonde_wl +[0-9]+\.[0-9]{2} localhost
EOF2
