desc "sonde funccount --bpftrace: the counts as bpftrace's map (largest last) instead of bcc's FUNC COUNT table"
tool funccount
opts --bpftrace
args '{{PROGS}}/uprobes:sonde_*'
workload uprobes 10
stop sigint
expect <<'EOF2'
Tracing functions for "{{PROGS}}/uprobes:sonde_*"... Hit Ctrl-C to end.
@counts[sonde_done]: 1
@counts[sonde_add]: 10
EOF2
