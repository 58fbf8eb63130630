desc "sonde exitsnoop -x -t -p PID: only failed exits of the process (its children are other processes)"
tool exitsnoop
opts -x -t -p {{WL_PID}}
workload_first
workload tools_wl threads 2 fork 1 3
stop sigint
# the threads and the process exit with 0, the child has its own pid: nothing
expect_regex <<'EOF2'
TIME     PCOMM            PID     PPID    TID     AGE\(s\)  EXIT_CODE
EOF2
