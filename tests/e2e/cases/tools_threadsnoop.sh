desc "sonde threadsnoop -p PID: two new threads with their start function, from pthread_create"
tool threadsnoop
opts -p {{WL_PID}}
workload_first
# symbols are read from the live process: it stays a moment after its threads
workload tools_wl threads 2 sleep 300
stop sigint
expect_regex <<'EOF2'
TIME\(ms\)   PID     COMM             FUNC
[0-9]+ +{{WL_PID}} +sonde_wl +nop_thread
[0-9]+ +{{WL_PID}} +sonde_wl +nop_thread
EOF2
