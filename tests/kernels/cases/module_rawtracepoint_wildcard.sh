desc "a raw tracepoint pattern reaches a module's events through its BTF, as bpftrace expands it: rawtracepoint:*:EVENT and rawtracepoint:MOD*:EVENT*, named rawtracepoint:MODULE:EVENT"
prog <<'EOF2'
rawtracepoint:*:9p_client_req /comm == "cat"/ { @star[probe] = 1; }
rawtracepoint:9pn*:9p_client_re? /comm == "cat"/ { @mod[probe] = 1; }
rawtracepoint:vmlinux:sys_enter,rawtracepoint:9pnet:9p_no_such_tp /comm == "cat"/ { @vml[probe] = 1; }
interval:ms:1500 { exit(); }
EOF2
workload cat /etc/os-release
expect <<'EOF2'
@mod[rawtracepoint:9pnet:9p_client_req]: 1
@mod[rawtracepoint:9pnet:9p_client_res]: 1
@star[rawtracepoint:9pnet:9p_client_req]: 1
@vml[rawtracepoint:vmlinux:sys_enter]: 1
EOF2
expect_stderr "rawtracepoint:9pnet:9p_no_such_tp: no raw tracepoint named '9p_no_such_tp'"
