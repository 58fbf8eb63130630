desc "sonde syncsnoop -n: sync, fsync, fdatasync and syncfs of the workload, in order"
tool syncsnoop
opts -n sonde_wl
workload tools_wl sync
stop sigint
expect_regex <<'EOF2'
TIME\(s\)            PID     COMM             CALL
 +[0-9]+\.[0-9]{9} [0-9]+ +sonde_wl +sync\(\)
 +[0-9]+\.[0-9]{9} [0-9]+ +sonde_wl +fsync\(\)
 +[0-9]+\.[0-9]{9} [0-9]+ +sonde_wl +fdatasync\(\)
 +[0-9]+\.[0-9]{9} [0-9]+ +sonde_wl +syncfs\(\)
EOF2
