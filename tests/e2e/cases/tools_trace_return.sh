desc "sonde trace -r -M 2: the return values of sonde_add (3k), stopping after 2 events"
tool trace
opts -r -M 2
args '{{PROGS}}/uprobes:sonde_add'
workload uprobes 3
expect_regex <<'EOF2'
PID     TID     COMM             FUNC             RETVAL
[0-9]+ +[0-9]+ +sonde_wl +sonde_add +3 \(0x3\)
[0-9]+ +[0-9]+ +sonde_wl +sonde_add +6 \(0x6\)
EOF2
