desc "sonde statsnoop -x -t -p PID: only the process's failed stats, with a time column"
tool statsnoop
opts -x -t -p {{WL_PID}}
workload_first
workload tools_wl stat /etc/passwd 1 stat /nonexistent/sonde 1
stop sigint
expect_regex <<'EOF2'
TIME\(s\)        PID     COMM                 RET  ERR  PATH
 +[0-9]+\.[0-9]{3} {{WL_PID}} +sonde_wl +-1   2    /nonexistent/sonde
 +[0-9]+\.[0-9]{3} {{WL_PID}} +sonde_wl +-1   2    /nonexistent/sonde
EOF2
