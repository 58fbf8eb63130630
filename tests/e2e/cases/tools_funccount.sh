desc "sonde funccount BINARY:FUNC: the workload's 10 calls of sonde_add counted, in bcc's FUNC COUNT table, smallest first"
tool funccount
args '{{PROGS}}/uprobes:sonde_*'
workload uprobes 10
stop sigint
expect <<'EOF2'
Tracing functions for "{{PROGS}}/uprobes:sonde_*"... Hit Ctrl-C to end.
FUNC                                    COUNT
sonde_done                                  1
sonde_add                                  10
EOF2
