desc "sonde biolatency -F: O_DIRECT writes and reads show up as Sync Write and Sync Read histograms"
tool biolatency
opts -F
workload tools_wl direct 8 8192
stop sigint
expect_contains <<'EOF2'
Tracing block device I/O... Hit Ctrl-C to end.
@flags_usecs[Sync, Write]:
@flags_usecs[Sync, Read]:
EOF2
