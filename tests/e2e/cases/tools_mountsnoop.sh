desc "sonde mountsnoop -p PID: the workload mounts a tmpfs and unmounts it, with its mount namespace"
tool mountsnoop
opts -p {{WL_PID}}
workload_first
workload tools_wl mount
stop sigint
expect_regex <<'EOF2'
COMM             PID     TID     MNT_NS      CALL
sonde_wl +{{WL_PID}} +{{WL_PID}} +[0-9]+ +mount\("sonde", "/tmp/sonde-wl-[A-Za-z0-9]{6}", "tmpfs", 0x6, "size=1m"\) = 0
sonde_wl +{{WL_PID}} +{{WL_PID}} +[0-9]+ +umount\("/tmp/sonde-wl-[A-Za-z0-9]{6}", 0x0\) = 0
EOF2
