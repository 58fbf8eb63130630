desc "sonde trace -p PID: a line per call of sonde_add(k, 2k) with its arguments"
tool trace
opts -p {{WL_PID}}
args '{{PROGS}}/uprobes:sonde_add'
workload_first
workload uprobes 3
stop sigint
expect_regex <<'EOF2'
PID     TID     COMM             FUNC             ARGS
{{WL_PID}} +{{WL_PID}} +sonde_wl +sonde_add +0x1 0x2 0x[0-9a-f]+
{{WL_PID}} +{{WL_PID}} +sonde_wl +sonde_add +0x2 0x4 0x[0-9a-f]+
{{WL_PID}} +{{WL_PID}} +sonde_wl +sonde_add +0x3 0x6 0x[0-9a-f]+
EOF2
