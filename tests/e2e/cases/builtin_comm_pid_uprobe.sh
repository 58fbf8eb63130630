desc "comm(PID) in a uprobe: this kernel does not let kprobe programs call bpf_task_from_pid; the error is at the call and names the probe types that may"
oneshot
status 1
prog 'uprobe:{{PROGS}}/uprobes:sonde_add { printf("%s\n", comm(pid)); }'
expect <<'EOF2'
EOF2
expect_stderr "stdin:1:"
expect_stderr "error: comm(PID) calls the kernel function bpf_task_from_pid, which this kernel does not allow in uprobe probes (kprobe programs); it does in: tracepoint, rawtracepoint, interval, profile, software"
expect_stderr_absent "Attached"
