desc "a raw tracepoint the kernel lacks beside others of its probe is skipped with a warning naming the nearest; the others attach (bpftrace: Unable to attach probe ... Skipping)"
prog <<'EOF2'
rawtracepoint:sys_enter,rawtracepoint:vmlinux:sys_entr /comm == "sonde_wl" && args.id == 110/ { @[probe] = count(); }
tracepoint:syscalls:sys_enter_close /args.fd == 999999/ { exit(); }
EOF2
workload syscalls getppid 2
expect '@[rawtracepoint:vmlinux:sys_enter]: 2'
expect_stderr "stdin:1:25: warning: rawtracepoint:vmlinux:sys_entr: no raw tracepoint named 'sys_entr' (did you mean 'sys_enter'?): skipped"
expect_stderr 'Attached 2 probes'
