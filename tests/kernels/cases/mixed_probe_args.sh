desc "one block over fentry and a raw tracepoint, args whole in each (bpftrace's builtin 'mixed probe args'): compiled once per kind, each with its own args"
prog <<'EOF3'
fentry:ksys_read, rawtracepoint:sys_enter /comm == "sonde_wl"/ { $a = args; @[probe] = sizeof($a); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF3
workload syscalls read 2
expect <<'EOF3'
@[rawtracepoint:vmlinux:sys_enter]: 16
@[fentry:vmlinux:ksys_read]: 24
EOF3
