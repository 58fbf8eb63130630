desc "sonde opensnoop -p PID -x -T -U -e: only the process's failed opens, with time, uid and flags"
tool opensnoop
opts -p {{WL_PID}} -x -T -U -e
workload_first
workload tools_wl open /etc/passwd 2 openfail 1
stop sigint
expect_regex <<'EOF2'
TIME     UID     PID    COMM              FD ERR FLAGS    PATH
[0-9]{2}:[0-9]{2}:[0-9]{2} {{UID}} +{{WL_PID}} +sonde_wl +-1   2 00000000 /nonexistent/sonde-tools
EOF2
