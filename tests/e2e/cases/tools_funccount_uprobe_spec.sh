desc "sonde funccount u:BINARY:FUNC: bcc's u: prefix names a user function"
tool funccount
args 'u:{{PROGS}}/uprobes:sonde_add'
workload uprobes 5
stop sigint
expect <<'EOF2'
Tracing functions for "u:{{PROGS}}/uprobes:sonde_add"... Hit Ctrl-C to end.
FUNC                                    COUNT
sonde_add                                   5
EOF2
