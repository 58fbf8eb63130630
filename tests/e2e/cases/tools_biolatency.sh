desc "sonde biolatency -F: O_DIRECT writes and reads show up under bcc's flags = Sync-Write and Sync-Read histograms"
tool biolatency
opts -F
workload tools_wl direct 8 8192
stop sigint
expect_contains <<'EOF2'
Tracing block device I/O... Hit Ctrl-C to end.
flags = Sync-Write
flags = Sync-Read
     usecs               : count     distribution
EOF2
