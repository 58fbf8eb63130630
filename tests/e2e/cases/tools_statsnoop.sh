desc "sonde statsnoop -n: the workload's stat and statx calls, found and not found"
tool statsnoop
opts -n sonde_wl
workload tools_wl stat /etc/passwd 1 stat /nonexistent/sonde 1
stop sigint
expect_regex <<'EOF2'
PID     COMM                 RET  ERR  PATH
[0-9]+ +sonde_wl +0    0    /etc/passwd
[0-9]+ +sonde_wl +0    0    /etc/passwd
[0-9]+ +sonde_wl +-1   2    /nonexistent/sonde
[0-9]+ +sonde_wl +-1   2    /nonexistent/sonde
EOF2
