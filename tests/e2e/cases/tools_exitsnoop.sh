desc "sonde exitsnoop -n: the children's exit codes and a SIGKILL, then the process itself"
tool exitsnoop
opts -n sonde_wl
workload tools_wl fork 2 3 kill 9
stop sigint
expect_regex <<'EOF2'
PCOMM            PID     PPID    TID     AGE\(s\)  EXIT_CODE
sonde_wl +([0-9]+) +[0-9]+ +\2 +[0-9]+\.[0-9]{2} code 3
sonde_wl +([0-9]+) +[0-9]+ +\2 +[0-9]+\.[0-9]{2} code 3
sonde_wl +([0-9]+) +[0-9]+ +\2 +[0-9]+\.[0-9]{2} signal 9 \(SIGKILL\)
sonde_wl +([0-9]+) +[0-9]+ +\2 +[0-9]+\.[0-9]{2} code 0
EOF2
