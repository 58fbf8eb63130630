desc "sonde opensnoop -n: the workload's opens with their fd, errno and path, in bcc's columns"
tool opensnoop
opts -n sonde_wl
workload tools_wl open /etc/passwd 2 openfail 1
stop sigint
expect_regex <<'EOF2'
PID    COMM              FD ERR PATH
[0-9]+ +sonde_wl +[0-9]+   0 /etc/passwd
[0-9]+ +sonde_wl +[0-9]+   0 /etc/passwd
[0-9]+ +sonde_wl +-1   2 /nonexistent/sonde-tools
EOF2
